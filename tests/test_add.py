"""`kb add`: documents as people get them (.docx, web page, PDF, GB18030 / BOM / traditional text) filed into the
corpus, with the facts read from the text. Every input is synthetic and built here (tests/ingest_inputs.py)."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest_inputs import (blocks_to_text, to_traditional, write_docx, write_gb18030, write_html, write_pdf,
                           write_scanned_pdf, write_utf8_bom)
from ingest_inputs_document import SYNTHETIC_MEASURES_BLOCKS, SYNTHETIC_MEASURES_FACTS
from kb.add.plan import plan_additions
from kb.build import build_kb
from kb.cli import cli
from kb.doc_numbers import DocNumberReader
from kb.errors import InputError
from kb.extract import extract_file
from kb.metadata.reader import MetadataReader
from kb.rules import load_rules

from conftest import CORPUS, RULES, SEED_NAME

FACTS = SYNTHETIC_MEASURES_FACTS
NOTICE = "lzbf-2018-27"  # pinyin initials of the issuer code 岚政办发, then year and number
PLAN = "lzbf-2018-27-plan"
TEXT_BLOCKS = [b for b in SYNTHETIC_MEASURES_BLOCKS if isinstance(b, str)]  # PDF tables are not compared


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES)


def _references_only(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    shutil.copy(CORPUS / "references.yml", corpus / "references.yml")
    return corpus


def _add(args, corpus: Path, db: Path | None = None):
    extra = ["--db", str(db)] if db else ["--no-build"]
    return CliRunner().invoke(cli, ["add", *map(str, args), "--corpus", str(corpus), "--rules", str(RULES), *extra])


def _snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def _built(tmp_path: Path, name: str, blocks, writer) -> sqlite3.Connection:
    corpus = _references_only(tmp_path / name)
    source = writer(blocks, tmp_path / "in" / name)
    db = tmp_path / f"{name}.db"
    result = _add([source], corpus, db)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


def _clauses(conn, document_id):
    return [(r["id"], r["text"]) for r in conn.execute(
        "select id, text from clauses where document_id = ? order by ordinal", [document_id])]


WRITERS = {
    "docx": (SYNTHETIC_MEASURES_BLOCKS, lambda b, p: write_docx(b, p.with_suffix(".docx"))),
    "html": (SYNTHETIC_MEASURES_BLOCKS, lambda b, p: write_html(
        b, p.with_suffix(".html"), title=FACTS["title"], doc_number=FACTS["doc_number"], issued="2018-06-15",
        published="2018-06-20", issuer=FACTS["issuer"])),
    "pdf": (TEXT_BLOCKS, lambda b, p: write_pdf(b, p.with_suffix(".pdf"), running_header="东岚省人民政府办公厅（合成）")),
    "gb18030": (SYNTHETIC_MEASURES_BLOCKS, lambda b, p: write_gb18030(blocks_to_text(b), p.with_suffix(".txt"))),
    "utf8-bom": (SYNTHETIC_MEASURES_BLOCKS, lambda b, p: write_utf8_bom(blocks_to_text(b), p.with_suffix(".txt"))),
    "traditional": (SYNTHETIC_MEASURES_BLOCKS, lambda b, p: _write_utf8(to_traditional(blocks_to_text(b)),
                                                                       p.with_suffix(".txt"))),
}


def _write_utf8(text: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plain_versions(tmp_path_factory):
    """The plain UTF-8 text of the same content, added and built the same way: what every format must match."""
    tmp_path = tmp_path_factory.mktemp("plain")
    built = {}
    for name, blocks in (("with-table", SYNTHETIC_MEASURES_BLOCKS), ("text-only", TEXT_BLOCKS)):
        conn = _built(tmp_path, name, blocks, lambda b, p: _write_utf8(blocks_to_text(b), p.with_suffix(".txt")))
        built[name] = {doc: _clauses(conn, doc) for doc in (NOTICE, PLAN)}
    return built


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_gives_the_facts_and_the_clauses_of_the_plain_text(fmt, tmp_path, plain_versions):
    blocks, writer = WRITERS[fmt]
    conn = _built(tmp_path, fmt, blocks, writer)
    notice = conn.execute("select * from documents where id = ?", [NOTICE]).fetchone()
    assert notice is not None, "the notice is filed under the id made from its 文号"
    assert (notice["title"], notice["doc_number"], notice["issuer"], notice["issued_date"]) == (
        FACTS["title"], FACTS["doc_number"], FACTS["issuer"], FACTS["issued_date"])
    assert (notice["level"], notice["jurisdiction"], notice["kind"], notice["text_available"]) == ("省", "东岚省", "notice", 1)
    import json
    assert json.loads(notice["addressees"]) == FACTS["addressees"]
    assert json.loads(notice["attachments"]) == FACTS["attachments"]
    plan = conn.execute("select * from documents where id = ?", [PLAN]).fetchone()
    assert (plan["title"], plan["parent_id"], plan["kind"]) == (FACTS["plan_title"], NOTICE, "plan")
    expected = plain_versions["text-only" if fmt == "pdf" else "with-table"]
    for document_id in (NOTICE, PLAN):
        assert _clauses(conn, document_id) == expected[document_id], f"{fmt}: clauses of {document_id} differ"
    assert len(expected[PLAN]) > 50
    source = conn.execute("select * from sources").fetchone()
    assert source["extracted_from_format"] == {"gb18030": "plain", "utf8-bom": "plain",
                                               "traditional": "plain"}.get(fmt, fmt)


def test_traditional_text_keeps_its_original_beside_the_simplified_reading(tmp_path):
    blocks, writer = WRITERS["traditional"]
    conn = _built(tmp_path, "traditional", blocks, writer)
    row = conn.execute("select text, original_text from clauses where document_id = ? and text like ?",
                       [PLAN, "%专利质押融资金额%"]).fetchone()
    assert "专利质押融资金额达到30亿元" in row["text"]
    assert "專利質押融資金額達到30億元" in row["original_text"]
    # The original of each clause is cut through the reading's offset map (kb.script.Reading).
    assert row["original_text"].startswith(row["original_text"].lstrip()) and row["original_text"].strip()
    assert conn.execute("select script from documents where id = ?", [PLAN]).fetchone()[0] == "traditional"
    # Search runs on the simplified reading.
    from kb.search import register_functions, search
    register_functions(conn)
    assert any(h.document_id == PLAN for h in search(conn, "质押融资"))


def test_the_web_page_chrome_is_left_out_and_its_information_table_read(tmp_path):
    page = WRITERS["html"][1](SYNTHETIC_MEASURES_BLOCKS, tmp_path / "page")
    extracted = extract_file(page)
    for chrome in ("分享到", "ICP", "网站标识码", "当前位置", "政务公开", "打印本页", "索引号", "您的浏览器"):
        assert chrome not in extracted.text, chrome
    assert extracted.text == blocks_to_text(SYNTHETIC_MEASURES_BLOCKS)
    # The table's label lines are handed on, and read with rules/metadata.yml `labels` like a text's own.
    assert any(line.startswith("发文字号") for line in extracted.facts["label_lines"])
    rules = load_rules(RULES)
    facts = MetadataReader(rules.metadata, DocNumberReader(rules.citations.number)).read(extracted.text,
                                                                                           extracted.facts)
    assert facts.doc_number == FACTS["doc_number"]
    assert facts.published_at == "2018-06-20"


def test_pdf_running_header_and_page_numbers_are_dropped_and_broken_lines_joined(tmp_path):
    pdf = write_pdf(TEXT_BLOCKS, tmp_path / "m.pdf", running_header="东岚省人民政府办公厅（合成）")
    from pypdf import PdfReader
    assert len(PdfReader(str(pdf)).pages) >= 2
    text = extract_file(pdf).text
    assert "东岚省人民政府办公厅（合成）" not in text and "- 1 -" not in text and "- 2 -" not in text
    assert text == blocks_to_text(TEXT_BLOCKS)


def test_a_scanned_pdf_is_refused_saying_it_has_no_text_layer(tmp_path):
    corpus = _references_only(tmp_path)
    before = _snapshot(corpus)
    result = _add([write_scanned_pdf(tmp_path / "scan.pdf")], corpus)
    assert result.exit_code == 1
    assert "scan.pdf: scanned PDF" in result.output and "no text layer" in result.output and "OCR" in result.output
    assert _snapshot(corpus) == before


def test_facts_of_the_seed_notice_match_its_hand_written_sidecar(rules):
    reader = MetadataReader(rules.metadata, DocNumberReader(rules.citations.number))
    facts = reader.read(extract_file(CORPUS / SEED_NAME).text)
    # corpus/guangxi-ip-action-plan-2015-2020.yml, written by hand from the document
    assert facts.title == ("广西壮族自治区人民政府办公厅转发自治区知识产权局关于广西深入实施知识产权战略行动计划"
                           "(2015—2020年)的通知")
    assert (facts.issuer, facts.issued_date, facts.level, facts.jurisdiction, facts.kind) == (
        "广西壮族自治区人民政府办公厅", "2015-07-31", "自治区", "广西壮族自治区", "notice")
    assert facts.addressees == ["各市、县人民政府", "自治区人民政府各组成部门", "自治区人民政府各直属机构"]
    assert facts.attached.title == "广西深入实施知识产权战略行动计划(2015—2020年)"
    assert facts.attached.starts_at == "广西深入实施知识产权战略行动计划"
    assert facts.attached.issuer == "自治区知识产权局"


# A synthetic stand-in for a registered reference (国办发〔2013〕88号): its title and 文号 are the reference's, its
# body is invented for this test and says so.
SYNTHETIC_88 = [
    "（合成测试文本：为 kb add 替换引用条目的测试编写，非真实文件）",
    "国办发〔2013〕88号",
    "国务院办公厅关于印发政府机关使用正版软件管理办法的通知",
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "《政府机关使用正版软件管理办法》已经国务院同意，现印发给你们，请认真贯彻执行。（合成正文）",
    "国务院办公厅",
    "2013年8月1日",
    "政府机关使用正版软件管理办法",
    "第一条 为测试而写的合成条文，各级政府机关应当使用正版软件。",
]


def test_a_registered_reference_gives_way_to_its_text_and_its_citations_land_on_it(corpus_copy, tmp_path):
    source = _write_utf8("\n".join(SYNTHETIC_88) + "\n", tmp_path / "in" / "88.txt")
    db = tmp_path / "kb.db"
    result = _add([source], corpus_copy, db)
    assert result.exit_code == 0, result.output
    assert "takes the place of references.yml entry cn-gov-2013-88" in result.output
    references = (corpus_copy / "references.yml").read_text(encoding="utf-8")
    assert "cn-gov-2013-88" not in references and "cn-software-licensing-measures-2013" not in references
    assert "id: cn-gov-2014-64" in references and references.startswith("# Documents that the corpus cites")
    assert (corpus_copy / "cn-gov-2013-88.txt").exists()
    conn = sqlite3.connect(db)
    rows = dict(conn.execute("select id, text_available from documents where id in "
                             "('cn-gov-2013-88', 'cn-software-licensing-measures-2013')").fetchall())
    assert rows == {"cn-gov-2013-88": 1, "cn-software-licensing-measures-2013": 1}
    parent = conn.execute("select parent_id from documents where id = 'cn-software-licensing-measures-2013'")
    assert parent.fetchone()[0] == "cn-gov-2013-88"
    citations = conn.execute("select c.document_id, count(k.id) from citations c join clauses k "
                             "on k.document_id = c.document_id where c.cited_number like '国办发%2013%88号' "
                             "group by c.id").fetchall()
    assert citations and all(doc == "cn-gov-2013-88" and clauses > 0 for doc, clauses in citations)


def test_the_same_content_twice_is_refused_naming_the_existing_document(tmp_path):
    corpus = _references_only(tmp_path)
    first = _write_utf8(blocks_to_text(SYNTHETIC_MEASURES_BLOCKS), tmp_path / "in" / "m.txt")
    assert _add([first], corpus).exit_code == 0
    before = _snapshot(corpus)
    again = write_docx(SYNTHETIC_MEASURES_BLOCKS, tmp_path / "in" / "same-as-word.docx")
    result = _add([again], corpus)
    assert result.exit_code == 1
    assert f"same content as {NOTICE}, {PLAN} in {corpus / (NOTICE + '.txt')}" in result.output
    assert _snapshot(corpus) == before
    both = _add([first, again], _references_only(tmp_path / "fresh"))
    assert both.exit_code == 1 and "same content as" in both.output


def test_nothing_is_overwritten_without_replace(tmp_path):
    corpus = _references_only(tmp_path)
    first = _write_utf8(blocks_to_text(SYNTHETIC_MEASURES_BLOCKS), tmp_path / "in" / "m.txt")
    assert _add([first], corpus).exit_code == 0
    before = _snapshot(corpus)
    edited = _write_utf8(blocks_to_text(SYNTHETIC_MEASURES_BLOCKS).replace("30亿元", "35亿元"),
                         tmp_path / "in" / "m2.txt")
    refused = _add([edited], corpus)
    assert refused.exit_code == 1 and "already exists" in refused.output and "--replace" in refused.output
    assert _snapshot(corpus) == before
    replaced = _add([edited, "--replace"], corpus)
    assert replaced.exit_code == 0, replaced.output
    assert "35亿元" in (corpus / f"{NOTICE}.txt").read_text(encoding="utf-8")


def test_dry_run_shows_the_facts_and_the_sidecar_and_writes_nothing(tmp_path):
    corpus = _references_only(tmp_path)
    before = _snapshot(corpus)
    source = write_docx(SYNTHETIC_MEASURES_BLOCKS, tmp_path / "in" / "m.docx")
    result = _add([source, "--dry-run"], corpus)
    assert result.exit_code == 0, result.output
    for shown in (FACTS["doc_number"], FACTS["issuer"], "2018-06-15", f"would write {corpus / NOTICE}.txt",
                  "source_file: lzbf-2018-27.txt", "starts_at: 东岚省专利质押融资工作实施方案", "dry run: nothing written"):
        assert shown in result.output, shown
    assert _snapshot(corpus) == before


def test_flags_override_the_facts_read_from_the_text(tmp_path):
    corpus = _references_only(tmp_path)
    source = _write_utf8(blocks_to_text(SYNTHETIC_MEASURES_BLOCKS), tmp_path / "in" / "m.txt")
    result = _add([source, "--id", "dl-pledge-2018", "--title", "东岚省专利质押融资通知(测试标题)", "--number",
                   "岚政办发[2018]28号", "--issuer", "东岚省知识产权局", "--date", "2018年7月1日", "--parent",
                   "cn-gov-2014-64"], corpus)
    assert result.exit_code == 0, result.output
    from kb.corpus_reader import read_corpus
    documents = {d.id: d for d in read_corpus(corpus).documents}
    filed = documents["dl-pledge-2018"]
    assert (filed.title, filed.doc_number, filed.issuer, filed.issued_date, filed.parent_id) == (
        "东岚省专利质押融资通知(测试标题)", "岚政办发[2018]28号", "东岚省知识产权局", "2018-07-01", "cn-gov-2014-64")
    assert documents["dl-pledge-2018-plan"].parent_id == "dl-pledge-2018"


def test_every_fact_of_the_table_has_its_flag_its_dry_run_line_and_its_sidecar_key(tmp_path):
    """Issue 24, point 3: the options of `kb add`, its dry run and the sidecar it writes come from kb.facts. Every
    overridable fact is an option; given, it is shown with its label and its flag, and written under its key."""
    import yaml

    from kb.facts import FACTS as TABLE
    from kb.facts import OVERRIDABLE

    options = {param.opts[0]: param.name for param in cli.commands["add"].params}
    assert {fact.option: fact.key for fact in OVERRIDABLE}.items() <= options.items()
    given = {"id": "dl-flags", "title": "东岚省测试标题", "doc_number": "岚政办发[2018]28号", "issuer": "东岚省知识产权局",
             "issued_date": "2018-07-01", "kind": "notice", "level": "省", "jurisdiction": "东岚省",
             "parent": "cn-gov-2014-64", "source_url": "https://example.org/a.htm"}
    assert set(given) == {fact.key for fact in OVERRIDABLE}
    corpus = _references_only(tmp_path)
    source = _write_utf8(blocks_to_text(SYNTHETIC_MEASURES_BLOCKS), tmp_path / "in" / "m.txt")
    flags = [part for fact in OVERRIDABLE for part in (fact.option, given[fact.key])]
    result = _add([source, "--dry-run", *flags], corpus)
    assert result.exit_code == 0, result.output
    for fact in OVERRIDABLE:
        if fact.label:
            how = f"   [{fact.option}]" if fact.read else ""
            assert f"    {fact.label:20} {given[fact.key]}{how}\n" in result.output, fact
    sidecar = result.output.split(f"--- {corpus / 'dl-flags.yml'}\n")[1].split("  --- ")[0]
    [entry, plan] = yaml.safe_load("\n".join(line[2:] for line in sidecar.split("\n")))["documents"]
    assert entry == {**given, "addressees": FACTS["addressees"], "attachments": FACTS["attachments"]}
    assert list(entry) == [fact.key for fact in TABLE if fact.key in entry]
    assert list(plan)[:2] == ["id", "starts_at"] and plan["parent"] == "dl-flags"
    several = _add([source, source, "--number", "岚政办发[2018]28号", "--date", "2018-07-01", "--kind", "plan"], corpus)
    assert several.exit_code == 2 and "--number, --date describe one document" in several.output
    for impossible in ("2024-02-30", "2015年13月1日"):  # a day that does not exist is refused, not filed
        refused = _add([source, "--dry-run", "--date", impossible], corpus)
        assert refused.exit_code != 0 and "--date must be a date" in refused.output, refused.output


@pytest.mark.parametrize("name, content, cause", [
    ("old.doc", b"\xd0\xcf\x11\xe0 word 97", "save a .doc or .wps file as .docx"),
    ("broken.docx", b"this is not a zip archive", "not a .docx file"),
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF file"),
    ("empty.html", b"   \n", "empty file"),
    ("binary.txt", b"\x00\x01\x02binary" * 20, "binary file"),
])
def test_bad_files_get_a_clear_error_naming_the_file(name, content, cause, tmp_path):
    corpus = _references_only(tmp_path)
    before = _snapshot(corpus)
    path = tmp_path / name
    path.write_bytes(content)
    result = _add([path], corpus)
    assert result.exit_code == 1
    assert f"{path}" in result.output and cause in result.output
    assert _snapshot(corpus) == before


def test_library_and_cli_agree(tmp_path, rules):
    """`kb add` is a mirror of kb.add.file_and_update: the same files written, the same KB."""
    from kb.add import file_and_update

    source = write_docx(SYNTHETIC_MEASURES_BLOCKS, tmp_path / "in" / "m.docx")
    corpus = _references_only(tmp_path / "library")
    report = file_and_update([str(source)], corpus, RULES, tmp_path / "library.db", rules=rules)
    assert report.ok and report.document_ids == [NOTICE, PLAN]
    assert sorted(p.name for p in report.written) == [f"{NOTICE}.txt", f"{NOTICE}.yml"]
    assert report.build.ok and report.build.documents_with_text == 2, report.build.problems
    assert not list(corpus.glob(".*tmp*"))
    by_cli = _references_only(tmp_path / "cli")
    assert _add([source], by_cli, tmp_path / "cli.db").exit_code == 0
    assert _snapshot(by_cli) == _snapshot(corpus)
    assert _table_rows(tmp_path / "cli.db") == _table_rows(tmp_path / "library.db")
    refused = file_and_update([str(source)], corpus, RULES, tmp_path / "library.db", rules=rules)
    assert not refused.ok and "already in the corpus" in str(refused.plan.problems[0]) and not refused.written


def test_an_update_that_fails_puts_the_corpus_back(corpus_copy, tmp_path, monkeypatch):
    """kb.add.file_and_update owns the rollback: the KB update fails (a full disk), the files written into the
    corpus are taken back out, the watcher is told, and the error is raised."""
    import kb.update
    from kb.add import file_and_update
    from kb.add.session import Watcher

    db = tmp_path / "kb.db"
    assert build_kb(corpus_copy, RULES, db).ok
    before, kb_before = _snapshot(corpus_copy), db.read_bytes()

    def full_disk(*arguments, **options):
        raise OSError(28, "No space left on device")

    class Told(Watcher):
        def __init__(self):
            self.steps = []

        def written(self, paths, corpus_dir):
            self.steps.append(("written", len(paths)))

        def stopped(self, kb_holds_them):
            self.steps.append(("stopped", kb_holds_them))

    monkeypatch.setattr(kb.update, "update_kb", full_disk)
    told = Told()
    source = _write_utf8("\n".join(SYNTHETIC_88) + "\n", tmp_path / "in" / "88.txt")
    with pytest.raises(OSError, match="No space left"):
        file_and_update([str(source)], corpus_copy, RULES, db, watcher=told)
    assert told.steps == [("written", 3), ("stopped", False)]  # text, sidecar and references.yml
    assert _snapshot(corpus_copy) == before and db.read_bytes() == kb_before


def test_a_gbk_web_page_and_a_markdown_file_read_like_the_plain_text(tmp_path):
    page = WRITERS["html"][1](SYNTHETIC_MEASURES_BLOCKS, tmp_path / "page")
    html = page.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    gbk_page = tmp_path / "gbk.htm"
    gbk_page.write_bytes(html.encode("gb18030"))
    assert extract_file(gbk_page).text == blocks_to_text(SYNTHETIC_MEASURES_BLOCKS)
    lines = blocks_to_text(TEXT_BLOCKS).splitlines()
    markdown = [f"# {lines[2]}", "", *[f"**{line}**" if line.startswith("一、") else line for line in lines[3:]]]
    md = _write_utf8("\n".join(markdown), tmp_path / "m.md")
    assert extract_file(md).text == "".join(f"{line}\n" for line in lines[2:])


PUBLIC_TABLES = ("sources", "documents", "sections", "clauses", "areas", "clause_areas", "units", "clause_units",
                 "metrics", "targets", "target_links", "citations", "rules", "term_clause_counts", "unit_counts")


def _table_rows(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    rows = {t: sorted(map(repr, conn.execute(f"select * from {t}"))) for t in PUBLIC_TABLES}
    conn.close()
    return rows


def test_adding_to_a_built_kb_updates_it_and_gives_what_a_rebuild_gives(corpus_copy, tmp_path):
    db = tmp_path / "kb.db"
    assert build_kb(corpus_copy, RULES, db).ok
    source = _write_utf8("\n".join(SYNTHETIC_88) + "\n", tmp_path / "in" / "88.txt")
    result = _add([source], corpus_copy, db)
    assert result.exit_code == 0, result.output
    assert f"updated {db}" in result.output  # not rebuilt
    rebuilt = tmp_path / "rebuilt.db"
    assert build_kb(corpus_copy, RULES, rebuilt).ok
    assert _table_rows(db) == _table_rows(rebuilt)
    from kb.search import search
    for query in ("正版软件", "知识产权 质押", "合成"):
        assert [h.id for h in search(sqlite3.connect(db), query, 500)] == \
               [h.id for h in search(sqlite3.connect(rebuilt), query, 500)]
    # the same content again is refused, found through the KB (no corpus file is read)
    again = _write_utf8("\n".join(SYNTHETIC_88) + "\n", tmp_path / "in" / "88-again.txt")
    assert plan_additions([again], corpus_copy, load_rules(RULES), kb=db).corpus_read_from == "kb"
    refused = _add([again], corpus_copy, db)
    assert refused.exit_code == 1 and "same content as cn-gov-2013-88" in refused.output
    # replacing it again goes the same way, and the old clauses leave the index
    edited = _write_utf8("\n".join(SYNTHETIC_88).replace("正版软件。", "正版软件和正版数据库。") + "\n",
                         tmp_path / "in" / "88b.txt")
    assert _add([edited, "--replace"], corpus_copy, db).exit_code == 0
    assert build_kb(corpus_copy, RULES, rebuilt).ok
    assert _table_rows(db) == _table_rows(rebuilt)
    assert [h.id for h in search(sqlite3.connect(db), "正版数据库", 50)] == \
           [h.id for h in search(sqlite3.connect(rebuilt), "正版数据库", 50)] != []
    # the ranked index (issue 16) is kept by the update: the same counts, the same matches, the same order as a
    # rebuild's, and the update's index is the only one left beside the KB
    from kb import ranked
    from kb.search import register_functions

    def ranked_scores(path, query):
        conn = sqlite3.connect(path)
        register_functions(conn, path)
        index = ranked.open_ranked(path, ranked.key_of(conn))
        assert index is not None
        total, hits = index.search(query, 10_000)
        ids = dict(conn.execute(f"select rowid, id from clauses where rowid in ({','.join(str(r) for r, _ in hits)})"))
        return total, {ids[rowid]: round(score, 4) for rowid, score in hits}

    for query in ("软件", "知识产权", "的", "正版数据库", "知识产权 质押"):
        total, scores = ranked_scores(db, query)
        # rowids differ between an update and a rebuild, so ties may list in another order; the scores may not
        assert (total, scores) == ranked_scores(rebuilt, query) and total == len(scores) > 0, query
    assert [p.name for p in ranked.folder_of(db).iterdir()] == [ranked.key_of(sqlite3.connect(db))]


def test_a_file_taken_out_of_the_corpus_is_no_duplicate_and_leaves_the_kb(corpus_copy, tmp_path):
    """Issue 13, point 3: duplicate checks read the corpus they file into. A KB still holding a document whose file
    was deleted from the corpus neither refuses that content as a duplicate of the missing file, nor keeps the
    deleted document after the next update."""
    db = tmp_path / "kb.db"
    source = _write_utf8("\n".join(SYNTHETIC_88) + "\n", tmp_path / "in" / "88.txt")
    assert _add([source], corpus_copy, db).exit_code == 0
    filed = [p for p in corpus_copy.iterdir() if p.stem.startswith("cn-gov-2013-88")]
    assert filed
    for path in filed:
        path.unlink()
    again = _write_utf8("\n".join(SYNTHETIC_88) + "\n", tmp_path / "in" / "88-again.txt")
    assert plan_additions([again], corpus_copy, load_rules(RULES), kb=db).corpus_read_from == "files"
    result = _add([again], corpus_copy, db)
    assert result.exit_code == 0, result.output
    assert "same content as" not in result.output
    rebuilt = tmp_path / "rebuilt.db"
    assert build_kb(corpus_copy, RULES, rebuilt).ok
    assert _table_rows(db) == _table_rows(rebuilt)
    # and a file deleted with no file added in its place leaves the KB at the next update too
    for path in [p for p in corpus_copy.iterdir() if p.stem.startswith("cn-gov-2013-88")]:
        path.unlink()
    other = _write_utf8("(合成测试文本)\n青岚市专利资助办法\n第一条 为鼓励发明创造,制定本办法。\n", tmp_path / "in" / "o.txt")
    assert _add([other], corpus_copy, db).exit_code == 0
    assert build_kb(corpus_copy, RULES, rebuilt).ok
    assert _table_rows(db) == _table_rows(rebuilt)


def test_a_kb_built_with_other_rules_is_rebuilt_not_updated(corpus_copy, tmp_path):
    db = tmp_path / "kb.db"
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    assert build_kb(corpus_copy, rules, db).ok
    (rules / "modality.yml").write_text((rules / "modality.yml").read_text(encoding="utf-8") + "\n# edited\n",
                                        encoding="utf-8")
    source = _write_utf8("\n".join(SYNTHETIC_88) + "\n", tmp_path / "in" / "88.txt")
    result = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus_copy), "--rules", str(rules),
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"built {db}" in result.output


def test_a_kb_is_not_updated_with_another_corpus(tmp_path):
    """Issue 13, point 3: `kb add --corpus B --db A.db`, A.db built from corpus A, is refused naming both, and
    A.db stays byte for byte as it was; nothing is written into B either."""
    corpus_a = tmp_path / "a"
    shutil.copytree(CORPUS, corpus_a)
    kb_a = tmp_path / "a.db"
    assert build_kb(corpus_a, RULES, kb_a).ok
    before = kb_a.read_bytes()
    corpus_b = tmp_path / "b"
    corpus_b.mkdir()
    source = tmp_path / "new.txt"
    source.write_text("(合成测试文本)\n青岚市专利资助办法\n第一条 为鼓励发明创造,制定本办法。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus_b), "--db", str(kb_a),
                                      "--rules", str(RULES)])
    assert result.exit_code == 1
    assert str(corpus_a.resolve()) in result.output and str(corpus_b.resolve()) in result.output
    assert "Traceback" not in result.output
    assert kb_a.read_bytes() == before
    assert list(corpus_b.iterdir()) == []
    # Its own corpus is still welcome, and the record is there to say which that is.
    from kb.store.kb_file import corpus_of
    assert corpus_of(kb_a) == str(corpus_a.resolve())
    result = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus_a), "--db", str(kb_a),
                                      "--rules", str(RULES)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("arguments", [
    ["build", "--corpus", "{tmp}/nope"],
    ["build", "--rules", "{tmp}/nope"],
    ["build", "--corpus", "{corpus}", "--out", "{file}/kb.db"],  # a file where a folder should be
    ["add", "{tmp}/nope.txt", "--corpus", "{tmp}"],
    ["add", "{file}", "--corpus", "{tmp}", "--rules", "{tmp}/nope"],
    ["search", "专利", "--db", "{tmp}/nope.db"],
    ["search", "专利", "--db", "{file}"],
    ["draft", "--unit", "x", "--format", "md", "--db", "{file}"],
    ["eval", "--db", "{file}"],
    ["serve", "--db", "{tmp}/nope.db"],
    ["synth", "--docs", "2", "--out", "{tmp}/s", "--corpus", "{tmp}/nope"],
])
def test_every_command_answers_bad_input_in_one_line(tmp_path, arguments):
    """Issue 13, point 7: a missing or bad input gives exit 1 and one line naming it, never a traceback."""
    bad = tmp_path / "bad.txt"
    bad.write_text("not a database", encoding="utf-8")
    values = {"tmp": tmp_path, "file": bad, "corpus": CORPUS}
    result = CliRunner().invoke(cli, [a.format(**values) for a in arguments])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.strip().split("\n") if line.lower().startswith(("error", "usage"))]
    assert lines and "Traceback" not in result.output


def test_a_pdf_of_unmapped_glyphs_is_refused(tmp_path):
    """Issue 13, point 7: (cid:4097)(cid:4098)… is no text: refused, naming the file and the cause."""
    from ingest_inputs import write_unmapped_pdf

    pdf = write_unmapped_pdf(tmp_path / "oa-export.pdf")
    with pytest.raises(InputError) as raised:
        extract_file(pdf)
    assert "oa-export.pdf" in str(raised.value) and "no usable text layer" in str(raised.value)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = CliRunner().invoke(cli, ["add", str(pdf), "--corpus", str(corpus), "--rules", str(RULES), "--no-build"])
    assert result.exit_code == 1 and "(cid:" in result.output and list(corpus.iterdir()) == []


def test_word_cell_paragraphs_never_run_into_one_another():
    from kb.extract.common import cell_text

    assert cell_text(["市财政局", "市地方金融监管局"]) == "市财政局、市地方金融监管局"  # a list of names
    assert cell_text(["完成燃煤锅炉淘汰。", "开展排查"]) == "完成燃煤锅炉淘汰。开展排查"
    long = "建立覆盖全市重点产业和重点园区的专利导航服务体系并定期向社会发布导航成果报告"
    assert cell_text([long, "开展企业知识产权合规管理体系贯标工作并组织评价"]) == \
        long + " 开展企业知识产权合规管理体系贯标工作并组织评价"


def test_a_db_path_that_holds_another_file_is_never_written_over(tmp_path):
    """A mistyped --db (or kb build --out) naming the user's own file: refused with a one-line error, the file and
    the corpus as they were."""
    corpus = _references_only(tmp_path)
    before = _snapshot(corpus)
    precious = tmp_path / "notes.db"
    precious.write_text("我的笔记,不是知识库\n", encoding="utf-8")
    source = _write_utf8(blocks_to_text(SYNTHETIC_MEASURES_BLOCKS), tmp_path / "in" / "m.txt")
    result = _add([source], corpus, precious)
    assert result.exit_code != 0
    assert f"{precious}: is not a KB" in result.output and "Traceback" not in result.output
    assert precious.read_text(encoding="utf-8") == "我的笔记,不是知识库\n"
    assert _snapshot(corpus) == before
    built = CliRunner().invoke(cli, ["build", "--corpus", str(CORPUS), "--rules", str(RULES), "--out", str(precious)])
    assert built.exit_code != 0 and f"{precious}: is not a KB" in built.output
    assert precious.read_text(encoding="utf-8") == "我的笔记,不是知识库\n"
    assert not list(tmp_path.glob(".notes.db.tmp-*"))
