"""Issue 25, the officer's drafts and the public's search export as they are printed and handed on.

Every workbook is read back with openpyxl and every Word file with python-docx: the print setup (A4 landscape, one
page wide, title and header rows repeated, 第 &P 页 共 &N 页), thin borders on every cell of the table, CJK fonts, and
a printed size of at least 9 pt, computed here from the file's own column widths, margins and fonts the way Excel
fits a sheet to the page width. The drafting rules (no preamble row, mentions apart, notes in their own columns,
a 相关指标 only where the task names it, a draft per document on the site) are checked on two synthetic plans
(tests/fixtures/drafts) and on the bundled plan.
"""
from __future__ import annotations

import datetime
import math
import sqlite3
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from openpyxl.utils import get_column_letter

from conftest import METADATA, PLAN_ID, ROOT, RULES
from kb.draft.files import draft_bytes
from kb.draft.indicators import PlanTarget, task_targets
from kb.draft.reader import draft_documents, draft_for_unit

FIXTURES = ROOT / "tests" / "fixtures" / "drafts"
UNIT = "榆岭市科技局"
PLAN_A_TITLE = "榆岭市科技创新促进行动方案(2021—2025年)"
PLAN_B_TITLE = "榆岭市创新平台建设三年行动计划(2023—2025年)"
TURNOVER = "技术合同成交额 达到 120亿元(2025年)"  # the text's words, not the metric's 技术交易合同成交总额
A4_LANDSCAPE_WIDTH_IN = 29.7 / 2.54
PAPERSIZE_A4 = 9
FOOTER = "第 &P 页 共 &N 页"


# --- the synthetic KB and its site --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def yuling_kb(tmp_path_factory) -> Path:
    """The two synthetic plans of tests/fixtures/drafts, filed as ``kb add`` files them and built."""
    from kb.add.plan import plan_additions
    from kb.add.write import write_additions
    from kb.build import build_kb
    from kb.rules import load_rules

    root = tmp_path_factory.mktemp("yuling")
    (root / "corpus").mkdir()
    write_additions(plan_additions(sorted(FIXTURES.glob("*.txt")), root / "corpus", load_rules(RULES)))
    report = build_kb(root / "corpus", RULES, root / "kb.db")
    assert report.ok, report.problems
    return root / "kb.db"


@pytest.fixture()
def yuling(yuling_kb):
    conn = sqlite3.connect(f"file:{yuling_kb}?mode=ro", uri=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def yuling_get(yuling_kb, event_loop_runner):
    """GET a path from the real Datasette app serving the synthetic KB."""
    from kb.publish import make_datasette

    app = make_datasette(yuling_kb, METADATA)
    return lambda path, **params: event_loop_runner(app.client.get(path, params=params or None))


def document_id(conn, title: str) -> str:
    return conn.execute("select id from documents where title = ?", [title]).fetchone()[0]


@pytest.fixture()
def bundled(kb_path):
    conn = sqlite3.connect(f"file:{kb_path}?mode=ro", uri=True)
    yield conn
    conn.close()


# --- what a row is --------------------------------------------------------------------------------------------------

def test_the_preamble_is_no_task_even_where_it_names_a_lead(yuling):
    plan = document_id(yuling, PLAN_A_TITLE)
    guiding = yuling.execute(
        "select c.id from clauses c join clause_units cu on cu.clause_id = c.id join sections s on s.id = c.section_id "
        "where s.heading = '指导思想' and cu.unit_id = ? and cu.role = 'lead' and cu.basis = 'explicit'",
        [UNIT]).fetchall()
    assert guiding  # the KB has the unit as lead in 指导思想: the case is real
    draft = draft_for_unit(yuling, UNIT, document_id=plan)
    assert [g.area_name for g in draft.groups] == ["完善政策引导", "壮大技术市场"]
    assert all(t.clause_text.startswith(("落实科技成果使用", "建设技术交易服务平台")) for t in draft.tasks)
    assert not draft.mentions and len(draft.tasks) == 2


def test_a_top_level_goals_part_is_no_task(yuling):
    """Plan B opens with 一、工作目标 (…由市科技局统筹推进): a preamble part of rules/drafts.yml, no row."""
    plan = document_id(yuling, PLAN_B_TITLE)
    goal = yuling.execute("select count(*) from clause_units cu join clauses c on c.id = cu.clause_id join sections s "
                          "on s.id = c.section_id where s.heading = '工作目标' and cu.unit_id = ?", [UNIT]).fetchone()[0]
    assert goal  # the KB tags the unit there
    draft = draft_for_unit(yuling, UNIT, document_id=plan)
    assert [t.clause_text[:9] for t in draft.tasks] == ["新建市级重点实验室", "推动高新技术企业培"]
    assert not draft.mentions and [g.area_name for g in draft.groups] == ["建设创新平台"]


def test_a_task_is_linked_to_an_indicator_only_where_it_names_it(yuling):
    """政策引导 in words that may deliver 技术合同成交额 (科技成果使用, 科技成果转化: the build's 0.5 links) is not
    linked to it; the task that names 技术合同成交额 is, and takes its year as its deadline."""
    plan = document_id(yuling, PLAN_A_TITLE)
    weak = yuling.execute("select count(*) from target_links where score < 1 and clause_id like ?",
                          [f"{plan}.2.1.%"]).fetchone()[0]
    assert weak  # the build has the weak link: the draft must not follow it
    policy, market = draft_for_unit(yuling, UNIT, document_id=plan).tasks
    assert policy.indicators == [] and policy.deadline == ""
    assert market.indicators == [TURNOVER] and market.deadline == "2025年底前"


def test_task_targets_take_the_indicators_own_words_or_its_metric():
    rows = [{"clause_id": "g.1", "kind": "target", "id": "t1"}, {"clause_id": "g.1", "kind": "target", "id": "t2"},
            {"clause_id": "x.1", "kind": "target", "id": "t3"}, {"clause_id": "g.1", "kind": "actual", "id": "t4"}]
    targets = [PlanTarget(rows[0], ("技术交易合同成交总额", "技术合同成交额")), PlanTarget(rows[1], ("质押融资",)),
               PlanTarget(rows[2], ("研发投入强度",)), PlanTarget(rows[3], ("技术合同成交额",))]
    assert task_targets(["a.1"], "完善政策引导，加强科技成果使用和转移转化。", targets) == []
    assert task_targets(["a.1"], "推动技术合同成交额稳步提高。", targets) == [rows[0]]  # not the actual
    assert task_targets(["x.1"], "完善政策引导。", targets) == [rows[2]]  # a target the task sets is its own
    assert task_targets(["a.1"], "扩大知识产权质押融资规模", targets) == [rows[1]]


def test_the_bundled_plans_policy_task_no_longer_claims_technology_turnover(bundled):
    """The issue's case: 完善政策引导 (…科技成果使用…) was linked to 技术交易合同成交总额."""
    for unit in ("自治区知识产权局", "自治区版权局"):
        policy = [t for t in draft_for_unit(bundled, unit).tasks if t.clause_id == f"{PLAN_ID}.4.2.1.1"]
        assert policy and not any("技术交易合同成交总额" in i for i in policy[0].indicators), unit


# --- the spreadsheet as printed -------------------------------------------------------------------------------------

def _printed_pt(sheet) -> float:
    """The smallest font of the table as it prints when the sheet is fitted to the page width: the columns' pixels
    (Excel's width unit is 7 px of Calibri 11, plus 5 px padding) against the page's width less its margins."""
    widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, sheet.max_column + 1)]
    printable_px = (A4_LANDSCAPE_WIDTH_IN - sheet.page_margins.left - sheet.page_margins.right) * 96
    scale = min(1.0, math.floor(100 * printable_px / sum(w * 7 + 5 for w in widths)) / 100)
    smallest = min(cell.font.sz for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None)
    return smallest * scale


def _shows_all_its_text(sheet, row: int, column: int) -> bool:
    """Whether a wrapped cell's row is tall enough for every line of its text (a Chinese character an em wide, a
    Latin one half), in its column or the columns it is merged across."""
    cell = sheet.cell(row, column)
    merged = next((r for r in sheet.merged_cells.ranges if cell.coordinate in r), None)
    columns = range(merged.min_col, merged.max_col + 1) if merged else [column]  # a band spans the table
    width_px = sum(sheet.column_dimensions[get_column_letter(c)].width * 7 + 5 for c in columns) - 10
    em = cell.font.sz * 4 / 3
    lines = sum(max(1, math.ceil(sum(em if ord(ch) > 0x2e7f else em / 2 for ch in part) / width_px))
                for part in str(cell.value).split("\n"))
    return sheet.row_dimensions[row].height >= lines * cell.font.sz


def assert_prints_as_an_office_table(sheet, columns: int) -> None:
    """A4 landscape, one page wide however long, title and header rows on every page, page numbers in the footer,
    宋体 in the body and 黑体 in the header, every cell of the table bordered and wrapped, ≥ 9 pt printed."""
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", PAPERSIZE_A4), sheet.title
    assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
    assert sheet.print_title_rows.replace("$", "") == "1:2", sheet.title
    assert sheet.oddFooter.center.text == FOOTER and "宋体" in sheet.oddFooter.center.font
    assert sheet.max_column == columns and sheet.max_row > 2
    assert _printed_pt(sheet) >= 9, (sheet.title, _printed_pt(sheet))
    for row in sheet.iter_rows(min_row=2, max_col=columns):
        for cell in row:
            # a band merged across the table is bordered along its outline, as Excel draws a merged cell
            merged = next((r for r in sheet.merged_cells.ranges if cell.coordinate in r), None)
            sides = [cell.border.top, cell.border.bottom]
            sides += [cell.border.left] if merged is None or cell.column == merged.min_col else []
            sides += [cell.border.right] if merged is None or cell.column == merged.max_col else []
            assert all(side is not None and side.style == "thin" for side in sides), (sheet.title, cell.coordinate)
            if cell.value is not None:
                assert cell.alignment.wrap_text, (sheet.title, cell.coordinate)
                assert cell.font.name == ("黑体" if cell.row == 2 else "宋体"), (sheet.title, cell.coordinate)
                assert _shows_all_its_text(sheet, cell.row, cell.column), (sheet.title, cell.coordinate)
    assert sheet["A1"].font.name == "黑体" and sheet["A1"].value
    # The workbook's default font, which column widths are measured in, is the body's, not Calibri: a reader
    # without Calibri would otherwise measure the widths in another font and print the sheet smaller.
    assert sheet.parent._named_styles["Normal"].font.name == "宋体"
    assert (sheet.parent._fonts[0].name, sheet.parent._fonts[0].sz) == ("宋体", 10.5)


@pytest.mark.parametrize("unit", ["自治区版权局", "自治区知识产权局", "自治区财政厅"])
def test_every_sheet_of_a_draft_prints_as_an_office_table(bundled, unit):
    workbook = openpyxl.load_workbook(BytesIO(draft_bytes(draft_for_unit(bundled, unit), "xlsx")))
    for name, columns in (("任务分工表", 8), ("任务明细", 13), ("仅提及", 5), ("编制依据", 2)):
        assert_prints_as_an_office_table(workbook[name], columns)
    printed = workbook["任务分工表"]
    assert _printed_pt(printed) >= 10.5  # the sheet an officer hands on prints at full size
    # the columns an officer needs, the widest 重点任务; 领域 is a band over its tasks, never cut off
    widths = [printed.column_dimensions[get_column_letter(c)].width for c in range(1, 9)]
    assert widths.index(max(widths)) == 1
    detail = workbook["任务明细"]
    areas = [detail.cell(row, 1) for row in range(3, detail.max_row + 1)]
    assert areas and all(cell.alignment.wrap_text and _shows_all_its_text(detail, cell.row, 1) for cell in areas)
    assert "知识产权支撑产业转型升级行动" in {cell.value for cell in areas} or unit == "自治区财政厅"


def test_the_printed_size_is_computed_from_the_widths():
    from kb.draft.sheet import DETAIL_WIDTHS, PRINT_WIDTHS
    from kb.draft.sheet_print import MIN_PRINTED_PT, print_setup, printed_pt

    assert printed_pt(list(PRINT_WIDTHS.values()), 10.5) == 10.5
    assert MIN_PRINTED_PT <= printed_pt(list(DETAIL_WIDTHS.values()), 10.5) < 10.5
    assert printed_pt([250], 10.5) < 9  # a sheet twice the page's width would print at 5 pt …
    with pytest.raises(ValueError, match="under 9 pt"):  # … and is refused
        print_setup(openpyxl.Workbook().active, [250], (1, 2), 3)


# --- Word ------------------------------------------------------------------------------------------------------------

def test_the_word_draft_keeps_its_gongwen_table_qualities(bundled):
    draft = draft_for_unit(bundled, "自治区知识产权局")
    document = docx.Document(BytesIO(draft_bytes(draft, "docx")))
    first, tables = document.sections[0], document.sections[-1]
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(tables.page_width.cm, 1), round(tables.page_height.cm, 1)) == (29.7, 21.0)
    assert first.footer.paragraphs[0]._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the header on every page
        assert table.style.name == "Table Grid"
    texts = [p.text for p in document.paragraphs]
    assert not any(t in ("（一）指导思想", "（二）发展目标") for t in texts)  # issue 25: no preamble part
    rows = [[c.text for c in row.cells] for table in document.tables[:-1] for row in table.rows[1:]]
    assert len(rows) == len(draft.tasks) and not any(row[1].startswith("全面贯彻党的十八大") for row in rows)
    assert all(row[8].startswith("条文 ") and "（条文" not in row[1] for row in rows)
    assert "三、仅提及本单位的条文（不列入任务分工）" in texts
    assert [c.text for c in document.tables[-1].rows[0].cells][-1] == "列入理由"


# --- the site: a draft per document ---------------------------------------------------------------------------------

def test_the_unit_page_offers_a_draft_per_document_and_each_is_that_documents(yuling, yuling_get):
    page = yuling_get(f"/unit/{UNIT}")
    assert page.status_code == 200
    offered = draft_documents(yuling, UNIT)
    assert [d["title"] for d in offered] == [PLAN_B_TITLE, PLAN_A_TITLE]  # 2 tasks each: by id
    for d in offered:
        for fmt in ("docx", "xlsx", "md"):
            assert f'href="/unit/{UNIT}/draft.{fmt}?document={d["id"]}"' in page.text
    for title in (PLAN_A_TITLE, PLAN_B_TITLE):
        response = yuling_get(f"/unit/{quote(UNIT)}/draft.docx", document=document_id(yuling, title))
        assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
        assert document_id(yuling, title) in response.headers["content-disposition"]  # one file name a draft
        made = docx.Document(BytesIO(response.content))
        assert made.paragraphs[0].text.startswith(f"{UNIT}贯彻落实《") and title[:8] in made.paragraphs[0].text
        sheet = openpyxl.load_workbook(BytesIO(yuling_get(f"/unit/{quote(UNIT)}/draft.xlsx",
                                                          document=document_id(yuling, title)).content)).active
        assert title[:8] in sheet["A1"].value
    plan_a = yuling_get(f"/unit/{quote(UNIT)}/draft.md", document=document_id(yuling, PLAN_A_TITLE)).text
    assert "建设技术交易服务平台" in plan_a and "新建市级重点实验室" not in plan_a


def test_a_document_that_is_none_or_asks_nothing_is_a_clear_chinese_answer(yuling, yuling_get):
    unknown = yuling_get(f"/unit/{quote(UNIT)}/draft.docx", document="no-such-plan")
    assert unknown.status_code == 404 and "本库没有这份有正文的文件" in unknown.text
    assert document_id(yuling, PLAN_A_TITLE) in unknown.text  # it lists the drafts there are
    # 市发展改革委 has a task in plan B only
    other = yuling_get(f"/unit/{quote('榆岭市发展改革委')}/draft.xlsx", document=document_id(yuling, PLAN_A_TITLE))
    assert other.status_code == 404 and "没有交给榆岭市发展改革委的任务" in other.text
    for bad in ("<script>alert(1)</script>", "../x", "a b", "x" * 300, ""):
        response = yuling_get(f"/unit/{quote(UNIT)}/draft.docx", document=bad)
        assert response.status_code == 400 and "document 须为文件编号" in response.text, bad
        assert "<script>alert" not in response.text
    assert yuling_get(f"/unit/{quote('没有这个单位')}/draft.md", document="x").status_code == 404
    # without ?document= the draft is the first the page offers
    plain = docx.Document(BytesIO(yuling_get(f"/unit/{quote(UNIT)}/draft.docx").content))
    assert PLAN_B_TITLE[:8] in plain.paragraphs[0].text


def test_a_unit_of_one_document_gets_no_list(get):
    page = get("/unit/自治区版权局")
    assert page.status_code == 200 and 'id="kb-draft-documents"' not in page.text and "draft.docx" in page.text


# --- /search.xlsx ------------------------------------------------------------------------------------------------

def test_the_search_export_records_its_query_and_prints_as_the_drafts_do(get, kb_conn):
    response = get("/search.xlsx", q="质押")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    sheet = workbook.active
    found = kb_conn.execute("select count(*) from clauses where text like '%质押%'").fetchone()[0]
    today = datetime.date.today().isoformat()
    assert sheet["A1"].value == f"检索:“质押” · {today} · 共 {found} 条"
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}
    assert workbook.properties.title == "检索结果:质押" and workbook.properties.keywords == "质押"
    assert workbook.properties.subject == sheet["A1"].value
    assert [c.value for c in sheet[2]] == ["条文编号", "文件", "所在章节", "类型", "情态", "条文"]
    assert sheet.max_row == 2 + found and sheet.freeze_panes == "A3"
    assert_prints_as_an_office_table(sheet, 6)
    filtered = openpyxl.load_workbook(BytesIO(get("/search.xlsx", q="质押", modality="要求").content)).active
    assert filtered["A1"].value.startswith("检索:“质押”(筛选:情态:要求) · ")


def test_kb_draft_names_the_document_it_drafted_from_and_the_others(yuling_kb):
    """A unit with tasks in two plans: kb draft drafts from the one with most and says which, and how to get the
    other (the reviewer's finding: it picked one silently)."""
    from click.testing import CliRunner

    from kb.cli import cli

    result = CliRunner().invoke(cli, ["draft", "--unit", UNIT, "--db", str(yuling_kb), "--format", "md",
                                      "--out", "-"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(f"file:{yuling_kb}?mode=ro", uri=True)
    from kb.draft.reader import draft_documents

    first, second = draft_documents(conn, UNIT)[:2]
    assert (f"drafted from {first['id']}, the document with most of its tasks; also: {second['id']} "
            f"({second['tasks']} tasks) (choose with --document)") in result.stderr
    chosen = CliRunner().invoke(cli, ["draft", "--unit", UNIT, "--db", str(yuling_kb), "--format", "md", "--out",
                                      "-", "--document", second["id"]])
    assert chosen.exit_code == 0 and "drafted from" not in chosen.stderr
