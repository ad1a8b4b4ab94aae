"""Issue 23, points 5, 6, 9 and 10 (in part): exports that cannot attack their reader, links that cannot run script,
unit links that carry any name, a draft's file name that is a file name, a GB18030 error at the right byte, and
exports built off the event loop, a few at a time.

Everything runs on a synthetic KB (its first line says so) built the way ``kb add`` files a text, holding a clause
that is an Excel formula, HTML that would run script, a unit whose name holds ? # and /, and documents whose
addresses are javascript: and data: (a KB built before the corpus refused them)."""
from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from html import unescape
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, unquote

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from conftest import METADATA, RULES

HOSTILE_TEXT = """(合成测试文本:为测试编写,非真实文件)
青岚市知识产权工作实施方案
为贯彻《青岚市专利促进条例》(青政发〔2020〕1号)和《青岚市版权工作办法》(青政发〔2021〕2号),制定本方案。
一、重点任务
1.推进专利质押融资。=HYPERLINK("http://example.invalid/a","点击领取补贴")。(市知识产权局负责)
2.=HYPERLINK("http://example.invalid/b","点击")加强商标保护<script>alert(1)</script>。(市知识产权局负责)
3.完善版权登记<img src=x onerror=alert(2)>,开展[宣传](javascript:alert(3))活动。(市知识产权局牵头,市版权局配合)
"""
HOSTILE_REFERENCES = """documents:
  - id: ql-ref-2020
    title: 青岚市专利促进条例
    doc_number: 青政发〔2020〕1号
    issuer: 青岚市人民政府
    issued_date: "2020-03-01"
    source_url: https://example.invalid/ref-2020.htm
  - id: ql-ref-2021
    title: 青岚市版权工作办法
    doc_number: 青政发〔2021〕2号
    issuer: 青岚市人民政府
    issued_date: "2021-05-01"
    source_url: https://example.invalid/ref-2021.htm
"""
PLAN_TITLE = "青岚市知识产权工作实施方案"
FILED_UNIT = "青岚市知识产权局"
# A unit whose name holds ? # and /: each would cut a link that is not encoded.
UNIT = "青岚市知识产权局?第2版#附件/甲"
SCRIPT_ADDRESSES = {"plan": "javascript:alert(document.cookie)",
                    "ql-ref-2020": "data:text/html,<script>alert(1)</script>"}


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory) -> Path:
    """The synthetic text filed as ``kb add`` files it and built; then, as a KB built before the corpus refused them
    would hold, two documents' addresses made script, and the unit it names renamed to UNIT."""
    from kb.add.plan import plan_additions
    from kb.add.write import write_additions
    from kb.build import build_kb
    from kb.rules import load_rules

    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "references.yml").write_text(HOSTILE_REFERENCES, encoding="utf-8")
    source = root / "case.txt"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    plan = plan_additions([source], corpus, load_rules(RULES))
    assert plan.ok, plan.problems
    write_additions(plan)
    db = root / "kb.db"
    report = build_kb(corpus, RULES, db)
    assert report.ok, report.problems
    conn = sqlite3.connect(db)
    with conn:
        plan_id = conn.execute("select id from documents where title = ?", [PLAN_TITLE]).fetchone()[0]
        for document_id, address in SCRIPT_ADDRESSES.items():
            conn.execute("update documents set source_url = ? where id = ?",
                         [address, plan_id if document_id == "plan" else document_id])
        assert conn.execute("select count(*) from units where id = ?", [FILED_UNIT]).fetchone()[0] == 1
        conn.execute("update units set id = :new, aliases = json_array(:new) where id = :old",
                     {"new": UNIT, "old": FILED_UNIT})
        for table in ("clause_units", "unit_counts"):
            conn.execute(f"update {table} set unit_id = ? where unit_id = ?", [UNIT, FILED_UNIT])
    conn.close()
    return db


@pytest.fixture(scope="module")
def plan_id(hostile_kb) -> str:
    conn = sqlite3.connect(hostile_kb)
    try:
        return conn.execute("select id from documents where title = ?", [PLAN_TITLE]).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def hostile_get(hostile_kb, event_loop_runner):
    """GET a path from the real Datasette app serving the hostile KB, as ``kb serve`` runs it."""
    from kb.publish import make_datasette

    datasette = make_datasette(hostile_kb, METADATA)

    def fetch(path, **params):
        return event_loop_runner(datasette.client.get(path, params=params or None))

    return fetch


def _hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href\s*=\s*"([^"]*)"', html, flags=re.I)]


def _text_cells(workbook) -> list:
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def _assert_formula_text_is_text(workbook, expected: int) -> None:
    """The cells holding the text's =HYPERLINK(…) are text cells (data_type 's'), and no cell is a formula."""
    cells = _text_cells(workbook)
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK(")]
    assert len(formula_like) >= expected, [c.value for c in cells]
    assert all(c.data_type == "s" for c in formula_like), [(c.coordinate, c.data_type) for c in formula_like]
    assert not [c.coordinate for c in cells if c.data_type == "f"]


# -- point 5: exports that attack their reader ---------------------------------------------------------------------

def test_search_xlsx_stores_a_clause_that_looks_like_a_formula_as_text(hostile_get):
    response = hostile_get("/search.xlsx", q="点击")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    # the clause =HYPERLINK("…","点击领取补贴")。(…) stands alone; the other is 2.=HYPERLINK(…)
    _assert_formula_text_is_text(workbook, expected=1)
    texts = [c.value for c in _text_cells(workbook)]
    assert any(str(t).startswith('=HYPERLINK("http://example.invalid/a"') for t in texts)


def test_draft_xlsx_of_the_site_and_of_kb_draft_store_formula_like_text_as_text(hostile_get, hostile_kb, tmp_path):
    from kb.cli import cli

    response = hostile_get(f"/unit/{quote(UNIT, safe='')}/draft.xlsx")
    assert response.status_code == 200, response.text[:300]
    site = openpyxl.load_workbook(BytesIO(response.content))
    # 重点任务 of item 2 is "=HYPERLINK(…)加强商标保护…" once its number 2. is taken off
    _assert_formula_text_is_text(site, expected=1)

    out = tmp_path / "draft.xlsx"
    result = CliRunner().invoke(cli, ["draft", "--unit", UNIT, "--format", "xlsx", "--out", str(out),
                                      "--db", str(hostile_kb)])
    assert result.exit_code == 0, result.output
    _assert_formula_text_is_text(openpyxl.load_workbook(out), expected=1)


def test_a_markdown_draft_shows_html_as_text_and_stays_a_markdown_table(hostile_get, hostile_kb):
    from markdown_it import MarkdownIt

    from kb.draft.markdown import render_markdown
    from kb.draft.reader import draft_for_unit

    conn = sqlite3.connect(hostile_kb)
    try:
        rendered_by_kb = render_markdown(draft_for_unit(conn, UNIT))
    finally:
        conn.close()
    response = hostile_get(f"/unit/{quote(UNIT, safe='')}/draft.md")
    assert response.status_code == 200
    assert response.text == rendered_by_kb
    # CommonMark passes raw HTML through (so do GitHub's renderer before sanitising, and most editors' previews)
    html = MarkdownIt("commonmark").enable("table").render(response.text)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert not [h for h in _hrefs(html) if not h.startswith(("http://", "https://"))], _hrefs(html)
    # … and the reader sees the text as the clause holds it, in the table's cells
    shown = unescape(re.sub(r"<[^>]+>", "", html))
    assert "加强商标保护<script>alert(1)</script>" in shown
    assert "完善版权登记<img src=x onerror=alert(2)>,开展[宣传](javascript:alert(3))活动" in shown
    cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", html, flags=re.S)]
    assert any(c.startswith('=HYPERLINK("http://example.invalid/b","点击")加强商标保护<script>') for c in cells)
    assert html.count("<table>") >= 1 and UNIT in shown


# -- point 6: links that run script --------------------------------------------------------------------------------

def test_no_page_links_an_address_that_is_not_http(hostile_get, plan_id):
    citing = f"{plan_id}.0.3.1"
    pages = {f"/doc/{plan_id}": None, "/doc/ql-ref-2020": None, "/doc/ql-ref-2021": None,
             f"/clause/{citing}": None, "/": None, "/search": {"q": "青岚市专利促进条例"}}
    seen = []
    for path, params in pages.items():
        response = hostile_get(path, **(params or {}))
        assert response.status_code == 200, path
        for href in _hrefs(response.text):
            assert href.startswith(("/", "#", "http://", "https://")), (path, href)
            seen.append(href)
    # the addresses are not lost as links where they are web addresses
    assert "https://example.invalid/ref-2021.htm" in seen  # the clause page's citation, and its document's page
    clause_page = hostile_get(f"/clause/{citing}").text
    assert 'href="https://example.invalid/ref-2021.htm"' in clause_page
    assert "javascript:" not in " ".join(seen).lower() and "data:" not in " ".join(seen).lower()


def _write_text_and_sidecar(corpus: Path, sidecar: dict) -> None:
    corpus.mkdir(exist_ok=True)
    (corpus / "doc.txt").write_text("(合成测试文本:为测试编写,非真实文件)\n青岚市某项工作方案\n一、任务\n1.做好工作。\n",
                                    encoding="utf-8")
    (corpus / "doc.yml").write_text(yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")


SCRIPT_VALUES = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\nscript:alert(1)",
                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
                 "//evil.example/x", "http:/no-host"]


def _write_in(corpus: Path, where: str, sidecar: dict, document: dict, address: str) -> None:
    """A corpus of one text and, when ``where`` is references.yml, one reference; ``address`` the source_url of
    the document entry, of the sidecar, or of the reference."""
    if where == "document entry":
        document["source_url"] = address
    elif where == "sidecar":
        sidecar["source_url"] = address
    _write_text_and_sidecar(corpus, sidecar if where != "references.yml" else {"source_file": "doc.txt",
                                                                              "documents": [document]})
    if where == "references.yml":
        (corpus / "references.yml").write_text(yaml.safe_dump(
            {"documents": [{"id": "ql-ref", "title": "青岚市某项条例", "source_url": address}]}, allow_unicode=True),
            encoding="utf-8")


@pytest.mark.parametrize("where", ["document entry", "sidecar", "references.yml"])
@pytest.mark.parametrize("value", SCRIPT_VALUES)
def test_an_address_that_is_not_http_is_refused_naming_its_file(tmp_path, where, value):
    from kb.corpus_reader import read_corpus
    from kb.errors import InputError

    corpus = tmp_path / "corpus"
    document = {"id": "ql-doc", "title": "青岚市某项工作方案"}
    sidecar = {"source_file": "doc.txt", "documents": [document]}
    # an http(s) address, in the same place, is kept
    address = "https://www.example.gov.cn/zhengce/content/2014-12/10/content_9999.htm?a=1"
    _write_in(corpus, where, sidecar, document, address)
    kept = {d.id: d.source_url for d in read_corpus(corpus, strict=True).documents}
    assert kept["ql-ref" if where == "references.yml" else "ql-doc"] == address
    _write_in(corpus, where, sidecar, document, value)
    with pytest.raises(InputError) as caught:
        read_corpus(corpus, strict=True)
    message = str(caught.value)
    assert "\n" not in message and "source_url" in message and "http" in message
    assert Path(caught.value.path).name == ("references.yml" if where == "references.yml" else "doc.yml")
    # not strict: the file is left out with its problem, and the rest is read
    corpus_read = read_corpus(corpus)
    assert len(corpus_read.problems) == 1


# -- point 9: unit links, the draft's file name, GB18030 offsets ---------------------------------------------------

def test_every_unit_link_leads_to_the_unit_whose_name_holds_question_mark_hash_and_slash(hostile_get, plan_id):
    pages = {"/units": {}, f"/doc/{plan_id}": {}, f"/unit/{quote(UNIT, safe='')}": {}, "/search": {"q": UNIT}}
    followed = []
    for path, params in pages.items():
        response = hostile_get(path, **params)
        assert response.status_code == 200, path
        links = [h for h in _hrefs(response.text) if h.startswith("/unit/") and "青岚市知识产权局" in unquote(h)]
        assert links, path
        for link in links:
            page = hostile_get(link)  # a browser sends what stands before a ? as the path, and never a #…
            assert page.status_code == 200, (path, link)
            assert "?" not in link and "#" not in link, link
            if link.endswith(("/draft.docx", "/draft.xlsx", "/draft.md")):
                assert "attachment" in page.headers["content-disposition"] and page.content, link
            else:
                assert f"本库文件要求{UNIT}做什么" in unescape(page.text), link
            followed.append(link)
    assert sum(link.endswith("/draft.xlsx") for link in followed) == 1  # the unit page offers its drafts


def test_a_drafts_file_name_is_one_file_whatever_the_units_name(tmp_path, hostile_kb):
    from kb.draft.files import default_draft_name, write_draft
    from kb.draft.reader import draft_for_unit

    for unit in (UNIT, "../../青岚市/局", "-rf 青岚市局", "青岚\\市:局*?\"<>|", "\x00\x07", ".."):
        name = default_draft_name(unit, "md")
        assert Path(name).name == name and "/" not in name and "\\" not in name, name
        assert not name.startswith((".", "-")) and name.endswith("-实施方案草稿.md") and name.isprintable()
    assert default_draft_name(UNIT, "xlsx") == "青岚市知识产权局？第2版#附件／甲-实施方案草稿.xlsx"
    conn = sqlite3.connect(hostile_kb)
    try:
        written = write_draft(draft_for_unit(conn, UNIT), tmp_path / default_draft_name(UNIT, "xlsx"), "xlsx")
    finally:
        conn.close()
    assert written.parent == tmp_path and [p.name for p in tmp_path.iterdir()] == [written.name]


def test_kb_draft_writes_its_default_file_into_the_current_folder(tmp_path, hostile_kb, monkeypatch):
    from kb.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["draft", "--unit", UNIT, "--format", "md", "--db", str(hostile_kb)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["青岚市知识产权局？第2版#附件／甲-实施方案草稿.md"]


def test_a_gb18030_error_names_the_byte_where_the_gbk_text_breaks(tmp_path):
    from kb.corpus_reader import read_corpus
    from kb.extract.decode import decode_text
    from kb.errors import InputError

    good = "青岚市知识产权工作实施方案\n".encode("gb18030")
    data = good * 10 + "一、任务".encode("gb18030") + b"\xff\xfe" + "做好工作\n".encode("gb18030")
    broken_at = len(good) * 10 + len("一、任务".encode("gb18030"))
    with pytest.raises(InputError) as caught:
        decode_text(Path("gbk.txt"), data)
    assert f"byte {broken_at} (0xff)" in caught.value.cause and "GB18030" in caught.value.cause
    assert caught.value.line == 11
    # a UTF-8 file broken in its second line: the UTF-8 reading gets furthest, and names its byte
    utf8 = "第一行\n第二行".encode()
    with pytest.raises(InputError) as caught:
        decode_text(Path("utf8.txt"), utf8 + b"\x80\x20\xff")
    assert f"byte {len(utf8)} (0x80)" in caught.value.cause and caught.value.line == 2
    # through the corpus, naming the file
    corpus = tmp_path / "corpus"
    _write_text_and_sidecar(corpus, {"source_file": "doc.txt", "documents": [{"id": "ql-doc", "title": "青岚"}]})
    (corpus / "doc.txt").write_bytes(data)
    with pytest.raises(InputError, match=rf"doc\.txt:11: .*byte {broken_at} \(0xff\)"):
        read_corpus(corpus, strict=True)


# -- point 10: exports off the event loop, a few at a time ---------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float = 120) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_concurrent_exports_leave_the_server_answering_and_the_excess_is_told_to_come_back(tmp_path, no_proxy):
    """40 exports of thousands of clauses at once: the old server built each on its event loop, one after another,
    and answered nothing else for as long (10 s and more here). Now a page still answers within seconds while they run,
    two are built at a time, a few wait, and the rest get a 503 in Chinese at once."""
    from kb.build import build_kb
    from kb.publish import wait_until_serving
    from kb.synth import write_synthetic_corpus

    corpus = tmp_path / "synthetic"
    write_synthetic_corpus(corpus, 100, seed=3)
    db = tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db).ok
    conn = sqlite3.connect(db)
    matches = conn.execute("select count(*) from clauses where instr(text, '知识产权') > 0").fetchone()[0]
    unit = conn.execute("select unit_id from clause_units where role = 'lead' group by unit_id "
                        "order by count(*) desc limit 1").fetchone()[0]
    conn.close()
    assert matches > 3_000  # each export a workbook of thousands of rows

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--db", str(db), "--metadata", str(METADATA),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    exports = [f"{base}/search.xlsx?q={quote('知识产权')}"] * 36 + \
              [f"{base}/unit/{quote(unit, safe='')}/draft.{fmt}" for fmt in ("xlsx", "docx", "md", "xlsx")]
    results: list[tuple[int, dict, bytes]] = []
    try:
        wait_until_serving(f"{base}/-/versions.json", server, seconds=60)
        _fetch(f"{base}/search?q={quote('专利')}")  # warm: the first search loads the dictionaries

        def export(url):
            results.append(_fetch(url))

        threads = [threading.Thread(target=export, args=(url,), daemon=True) for url in exports]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        probes = []
        while any(t.is_alive() for t in threads) or not probes:
            exporting, started = any(t.is_alive() for t in threads), time.monotonic()
            status, _, body = _fetch(f"{base}/search?q={quote('质押')}", timeout=60)
            probes.append((status, time.monotonic() - started, exporting))
            time.sleep(0.1)
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert len(results) == len(exports)
    during = [p for p in probes if p[2]]
    assert during, "no page was asked for while the exports ran"  # (the exports went too fast to test)
    assert all(status == 200 for status, _, _ in probes)
    assert max(seconds for _, seconds, _ in during) < 3.0, probes
    done = [body for status, _, body in results if status == 200]
    busy = [(headers, body) for status, headers, body in results if status == 503]
    assert len(done) + len(busy) == len(exports), sorted({status for status, _, _ in results})
    assert len(done) >= 2 and busy, (len(done), len(busy))
    for headers, body in busy:
        message = body.decode("utf-8")
        assert "\n" not in message.strip() and "请稍后再试" in message and int(headers["Retry-After"]) > 0
    for body in done:
        assert body[:2] == b"PK" or body.lstrip().startswith(b"#")  # a workbook or document (zip), or Markdown
    workbooks = [openpyxl.load_workbook(BytesIO(body)) for body in done if body[:2] == b"PK"]
    assert any(wb.active.title == "检索结果" and wb.active.max_row > 3_000 for wb in workbooks)
