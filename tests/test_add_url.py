"""`kb add URL` and `kb add --references` (issue 15) against a local server of synthetic pages
(tests/http_fixture.py, started by each test on 127.0.0.1); nothing leaves this machine."""
from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from http_fixture import Route, html, request_count, serve, synthetic_routes
from kb.cli import cli

from conftest import RULES


pytestmark = pytest.mark.usefixtures("no_proxy")  # tests/conftest.py: nothing leaves 127.0.0.1


@pytest.fixture()
def site():
    with serve(synthetic_routes()) as base:
        yield base


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def _add(*args, corpus: Path, db: Path | None = None):
    extra = ["--db", str(db)] if db else ["--no-build"]
    return CliRunner().invoke(cli, ["add", *map(str, args), "--corpus", str(corpus), "--rules", str(RULES), *extra])


def _snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def _sidecar(corpus: Path) -> tuple[Path, dict]:
    [sidecar] = [p for p in corpus.glob("*.yml") if p.name != "references.yml"]
    return sidecar, yaml.safe_load(sidecar.read_text(encoding="utf-8"))


def test_a_gbk_page_with_its_charset_only_in_meta_is_filed_with_its_facts_and_address(site, corpus, tmp_path):
    url = f"{site}/gbk.html"
    db = tmp_path / "kb.db"
    result = _add(url, corpus=corpus, db=db)
    assert result.exit_code == 0, result.output
    assert url in result.output  # the plan names the address, not a scratch file
    sidecar, data = _sidecar(corpus)
    [document] = data["documents"][:1]
    assert document["title"] == "青岚市人民政府办公室关于印发《青岚市专利转化专项行动方案》的通知"
    assert document["doc_number"] == "青政办发〔2024〕12号"
    assert document["issuer"] == "青岚市人民政府办公室"
    assert document["issued_date"] == "2024-03-08"
    assert document["source_url"] == url
    origin = data["extracted_from"]
    assert origin["url"] == url and origin["format"] == "html"
    assert time.time() - time.mktime(time.strptime(origin["retrieved_at"], "%Y-%m-%dT%H:%M:%SZ")) < 86400 * 2
    assert origin["sha256"] == hashlib.sha256(
        synthetic_routes()["/gbk.html"].body).hexdigest()  # the bytes as served
    text = sidecar.with_suffix(".txt").read_text(encoding="utf-8")
    assert "堃园路科技园" in text and "\ufffd" not in text  # GBK beyond GB2312, read as GB18030
    conn = sqlite3.connect(db)
    leads = {u for (u,) in conn.execute(
        "select unit_id from clause_units where role = 'lead' and basis = 'explicit'")}
    assert {"青岚市知识产权局", "青岚市科技局"} <= leads  # named with the page's jurisdiction (issue 22)
    assert conn.execute("select source_url from documents where doc_number = '青政办发〔2024〕12号'").fetchone() == (url,)


def test_a_portal_page_with_a_facts_table_and_a_redirect(site, corpus):
    result = _add(f"{site}/moved", corpus=corpus)
    assert result.exit_code == 0, result.output
    _, data = _sidecar(corpus)
    document = data["documents"][0]
    assert document["doc_number"] == "某办知〔2023〕5号"
    assert document["issuer"] == "国家青岚发展局办公厅"
    assert document["issued_date"] == "2023-06-12"
    assert document["title"] == "国家青岚发展局办公厅关于开展知识产权服务提质行动的通知"
    assert document["source_url"] == f"{site}/gov.html"  # where the document lives, after the redirect
    assert data["extracted_from"]["url"] == f"{site}/moved"  # the address as given
    assert "分享到微信" not in _sidecar(corpus)[0].with_suffix(".txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("path, cause", [
    ("/missing", "HTTP 404"),
    ("/loop-a", "redirect loop"),
    ("/login-redirect", "login page"),
    ("/data.zip", "unsupported content type application/zip"),
    ("/empty.html", "no article text on this page"),
])
def test_bad_addresses_get_one_line_naming_the_address_and_nothing_is_written(site, corpus, tmp_path, path, cause):
    (corpus / "references.yml").write_text("documents: []\n", encoding="utf-8")
    before = _snapshot(corpus)
    url = f"{site}{path}"
    result = _add(url, corpus=corpus, db=tmp_path / "kb.db")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and url in errors[0] and cause in errors[0], result.output
    assert "Traceback" not in result.output
    assert _snapshot(corpus) == before and not (tmp_path / "kb.db").exists()
    if path == "/missing":
        assert request_count(site, "/missing") == 1  # a 404 is not tried again


def test_a_page_that_never_answers_times_out_and_nothing_is_written(site, corpus):
    started = time.monotonic()
    result = _add(f"{site}/slow", "--timeout", "0.5", corpus=corpus)
    assert result.exit_code == 1 and f"{site}/slow: no answer within 0.5 s" in result.output
    assert time.monotonic() - started < 10
    assert list(corpus.iterdir()) == []


def test_no_network_is_one_line_naming_the_address(corpus):
    import socket

    with socket.socket() as sock:  # a port on this machine that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/plan.html"
    result = _add(url, "--timeout", "0.5", corpus=corpus)
    assert result.exit_code == 1 and f"error: {url}: could not connect" in result.output
    assert list(corpus.iterdir()) == []


def test_attachments_are_offered_and_filed_with_follow(site, corpus):
    url = f"{site}/with-attachments.html"
    offered = _add(url, "--dry-run", corpus=corpus)
    assert offered.exit_code == 0, offered.output
    assert f"<{site}/files/a1.docx> (give --follow to file it too)" in offered.output
    assert f"<{site}/files/A3.WPS> (kb does not read .wps files: save it as .docx" in offered.output
    assert list(corpus.iterdir()) == []
    routes = synthetic_routes()
    routes["/files/a2.pdf"] = Route(status=404, body=b"gone")  # an attachment that fails stops the whole add
    with serve(routes) as other:
        failed = _add(f"{other}/with-attachments.html", "--follow", corpus=corpus)
        assert failed.exit_code == 1 and f"{other}/files/a2.pdf: HTTP 404" in failed.output
        assert list(corpus.iterdir()) == []
    routes = synthetic_routes()
    del routes["/files/a2.pdf"]
    routes["/with-attachments.html"] = html(routes["/with-attachments.html"].body.decode("utf-8").replace(
        '<p><a href="/files/a2.pdf">附件2：申报指南.pdf</a></p>', ""))
    with serve(routes) as other:
        result = _add(f"{other}/with-attachments.html", "--follow", corpus=corpus)
    assert result.exit_code == 0, result.output
    sidecars = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in corpus.glob("*.yml")}
    [page] = [s for s in sidecars.values() if s["extracted_from"]["format"] == "html"]
    [attachment] = [s for s in sidecars.values() if s["extracted_from"]["format"] == "docx"]
    assert attachment["extracted_from"]["url"] == f"{other}/files/a1.docx"
    assert attachment["documents"][0]["parent"] == page["documents"][0]["id"]
    assert attachment["documents"][0]["title"] == "专利转化项目申报书"


def test_references_are_fetched_filed_skipped_or_failed_each_on_its_line(site, corpus, tmp_path):
    (corpus / "references.yml").write_text(f"""documents:
  - id: ql-2024-12
    title: 青岚市人民政府办公室关于印发《青岚市专利转化专项行动方案》的通知
    doc_number: 青政办发〔2024〕12号
    source_url: {site}/gbk.html
  - id: gjql-2023-5
    title: 国家青岚发展局办公厅关于开展知识产权服务提质行动的通知
    source_url: {site}/gov.html
  - id: ql-no-url
    title: 青岚市知识产权保护办法
  - id: ql-gone
    title: 青岚市专利资助办法
    source_url: {site}/missing
""", encoding="utf-8")
    db = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["add", "--references", "--corpus", str(corpus), "--rules", str(RULES),
                                      "--db", str(db)])
    lines = result.output.splitlines()
    assert result.exit_code == 1  # one entry failed
    assert any(line.startswith("ql-2024-12: filed from") for line in lines), result.output
    assert any(line.startswith("gjql-2023-5: filed from") for line in lines), result.output
    assert any(line.startswith("ql-no-url: skipped (no source_url") for line in lines), result.output
    assert any(line.startswith("ql-gone: failed (") and "HTTP 404" in line for line in lines), result.output
    # filed under the entries' ids, which leave references.yml; the others stay
    assert (corpus / "ql-2024-12.txt").exists() and (corpus / "gjql-2023-5.txt").exists()
    remaining = [e["id"] for e in yaml.safe_load((corpus / "references.yml").read_text(encoding="utf-8"))["documents"]]
    assert remaining == ["ql-no-url", "ql-gone"]
    conn = sqlite3.connect(db)
    with_text = dict(conn.execute("select id, text_available from documents"))
    assert with_text["ql-2024-12"] == 1 and with_text["gjql-2023-5"] == 1 and with_text["ql-no-url"] == 0
    # naming entries fetches only those; an unknown id is one line
    again = CliRunner().invoke(cli, ["add", "--references", "ql-no-url", "--corpus", str(corpus), "--rules",
                                     str(RULES), "--no-build"])
    assert again.exit_code == 0 and "ql-no-url: skipped" in again.output and "ql-gone" not in again.output
    unknown = CliRunner().invoke(cli, ["add", "--references", "nope", "--corpus", str(corpus), "--rules",
                                       str(RULES), "--no-build"])
    assert unknown.exit_code == 1 and "no entry nope" in unknown.output


def test_what_a_first_user_ran_into(site, corpus, tmp_path):
    """Found by trying kb add URL as a new user would: the same address twice, a long Chinese file name, a pasted
    address with spaces, a user name and password in the address, and an address typed without http://."""
    from urllib.parse import quote

    long_name = quote("/" + "关于进一步加强知识产权保护工作的实施意见" * 5 + ".html")  # 100 characters, 300 bytes
    routes = synthetic_routes()
    routes[long_name] = routes["/gov.html"]
    with serve(routes) as base:
        address = base + long_name
        result = _add(f"  {address}  ", address, corpus=corpus)
        assert result.exit_code == 0, result.output
        assert len([p for p in corpus.glob("*.txt")]) == 1  # fetched and filed once
        secret = base.replace("http://", "http://clerk:s3cret@") + "/gbk.html#part2"
        assert _add(secret, corpus=corpus).exit_code == 0
    sidecars = "".join(p.read_text(encoding="utf-8") for p in corpus.glob("*.yml"))
    assert "s3cret" not in sidecars and "clerk" not in sidecars and "#part2" not in sidecars
    assert f"source_url: {base}/gbk.html" in sidecars
    typed = _add(base.replace("http://", "") + "/gov.html", corpus=corpus)
    assert typed.exit_code == 1 and "a web address needs http:// or https:// in front" in typed.output


def test_filing_the_last_reference_leaves_an_empty_list_that_builds(site, corpus, tmp_path):
    (corpus / "references.yml").write_text(f"""# synthetic registry
documents:
  - id: ql-2024-12
    title: 青岚市人民政府办公室关于印发《青岚市专利转化专项行动方案》的通知
    doc_number: 青政办发〔2024〕12号
    source_url: {site}/gbk.html
""", encoding="utf-8")
    db = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["add", "--references", "--corpus", str(corpus), "--rules", str(RULES),
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((corpus / "references.yml").read_text(encoding="utf-8")) == {"documents": []}
    from kb.build import build_kb
    assert build_kb(corpus, RULES, tmp_path / "again.db").ok


def test_a_reference_whose_page_is_another_document_is_refused(site, corpus):
    (corpus / "references.yml").write_text(f"""documents:
  - id: ql-2024-13
    title: 青岚市专利转化专项行动方案
    doc_number: 青政办发〔2024〕13号
    source_url: {site}/gbk.html
""", encoding="utf-8")
    before = _snapshot(corpus)
    result = CliRunner().invoke(cli, ["add", "--references", "--corpus", str(corpus), "--rules", str(RULES),
                                      "--no-build"])
    assert result.exit_code == 1
    assert "ql-2024-13: failed (" in result.output and "青政办发〔2024〕12号, not the entry's 青政办发〔2024〕13号" \
        in result.output
    assert _snapshot(corpus) == before
    refused = CliRunner().invoke(cli, ["add", "--references", "--title", "x", "--corpus", str(corpus), "--rules",
                                       str(RULES), "--no-build"])
    assert refused.exit_code == 2 and "--title describe one document" in refused.output
    missing = CliRunner().invoke(cli, ["add", "--references", "--corpus", str(corpus / "nope"), "--rules",
                                       str(RULES), "--no-build"])
    assert missing.exit_code == 1 and "corpus directory not found" in missing.output
