"""Issue 26, point 5: the coverage check of a department's own plan (kb.align.coverage, `kb check-coverage`, the
/coverage page) on the synthetic corpus of tests/fixtures/align-units, whose coverage gold (gold.yml) was written by
hand before kb ran on it. Real builds, the real CLI, files read back, the real Datasette app."""
from __future__ import annotations

import asyncio
import re
import shutil
import sqlite3
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from click.testing import CliRunner

from kb.align.coverage import COVERAGE_STATUS_LABELS, coverage
from kb.build import build_kb
from kb.cli import cli
from kb.publish import make_datasette
from kb.yamlfile import load_yaml

from conftest import METADATA, RULES
from test_draft_print import assert_prints_as_an_office_table

FIXTURE = Path(__file__).parent / "fixtures" / "align-units"
DEPT, PROV, NATL = "synthetic-b26-dept", "synthetic-b26-prov", "synthetic-b26-natl"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("coverage")
    corpus = folder / "corpus"
    corpus.mkdir()
    for path in FIXTURE.glob("synthetic-*"):
        shutil.copy(path, corpus / path.name)
    report = build_kb(corpus, RULES, folder / "kb.db", jobs=1)
    assert not report.problems, report.problems
    return folder / "kb.db"


@pytest.fixture()
def conn(built):
    connection = sqlite3.connect(built)
    yield connection
    connection.close()


def _statuses(report) -> dict[str, str]:
    return {task.text: task.status for task in report.tasks}


def test_the_coverage_statuses_are_the_hand_written_gold(conn):
    gold = load_yaml(FIXTURE / "gold.yml")["coverage"]
    report = coverage(conn, DEPT, gold["unit"])
    assert report.unit == "东岚省知识产权局" and [p for p, _ in report.parents] == [PROV]
    found = _statuses(report)
    assert len(found) == len(gold["tasks"])
    for task in gold["tasks"]:
        [(text, status)] = [(t, s) for t, s in found.items() if task["parent"] in t]
        assert status == task["status"], text
        [listed] = [t for t in report.tasks if t.text == text]
        assert listed.role == task["role"]
    late = next(t for t in report.tasks if t.status == "late")
    assert (str(late.deadline), str(late.child_deadline)) == ("2020年", "2021年")
    assert [a.clause_id for a in late.answers] == [f"{DEPT}.1.2.1.1"]
    looser = next(t for t in report.tasks if t.status == "looser")
    assert looser.targets == [("培训专利行政执法人员", "looser")]
    assert next(t for t in report.tasks if t.status == "uncovered").answers == []
    # Tasks of other units (岚州海关's, 省工商局's) are not the department's.
    assert not [t for t in found if "海关" in t or "商标品牌" in t]


def test_a_unit_is_matched_by_its_id_by_an_alias_and_by_counterpart_at_a_national_parents_level(conn):
    by_alias = coverage(conn, DEPT, "省知识产权局")
    by_id = coverage(conn, DEPT, "东岚省知识产权局")
    assert _statuses(by_alias) == _statuses(by_id)
    # The provincial plan against the national one: 东岚省知识产权局 answers for 国家知识产权局's tasks.
    national = coverage(conn, PROV, "东岚省知识产权局")
    assert {t.named_as for t in national.tasks} == {"国家知识产权局"}
    assert [t.status for t in national.tasks] == ["covered", "covered"]
    assert [len(t.answers) for t in national.tasks] == [1, 1]


def test_an_unknown_plan_or_unit_and_a_plan_with_no_parent_are_one_line_errors(conn):
    for plan, unit, words in ((("nope"), "省知识产权局", "no document 'nope'"),
                              (DEPT, "不存在的局", "no unit '不存在的局'"),
                              (NATL, "国家知识产权局", "implements no document")):
        with pytest.raises(LookupError, match=words):
            coverage(conn, plan, unit)


def _run(built, *args):
    return CliRunner().invoke(cli, ["check-coverage", "--db", str(built), *args])


def test_the_cli_prints_text_and_writes_markdown_and_a_workbook_printed_as_the_drafts(built, tmp_path):
    text = _run(built, "--plan", DEPT, "--unit", "省知识产权局")
    assert text.exit_code == 0, text.output
    assert "上级文件指派本单位的任务 4 项:未覆盖 1,时限晚于上级 1,目标低于上级 1,已覆盖 1" in text.output
    assert "[未覆盖] 7.开展专利代理行业专项整治" in text.output
    md = tmp_path / "report.md"
    result = _run(built, "--plan", DEPT, "--unit", "省知识产权局", "--format", "md", "--out", str(md))
    assert result.exit_code == 0 and str(md) in result.output
    rows = [line for line in md.read_text(encoding="utf-8").splitlines() if re.match(r"\| \d+ \|", line)]
    assert [row.rstrip(" |").rsplit("| ", 1)[1] for row in rows] == \
        ["已覆盖", "时限晚于上级", "未覆盖", "目标低于上级"]
    assert md.read_text(encoding="utf-8").startswith("# 东岚省知识产权局落实上级任务覆盖检查")
    result = _run(built, "--plan", DEPT, "--unit", "省知识产权局", "--format", "xlsx", "--out",
                  str(tmp_path / "report.xlsx"))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx").active
    assert_prints_as_an_office_table(sheet, 8)
    assert [sheet.cell(row, 8).value for row in range(3, 7)] == ["已覆盖", "时限晚于上级", "未覆盖", "目标低于上级"]
    assert sheet.cell(2, 2).value == "上级文件任务" and sheet.cell(4, 4).value == "2020年"


def test_the_cli_says_in_one_line_what_is_unknown(built):
    for args, words in (([DEPT, "不存在的局"], "no unit"), (["nope", "省知识产权局"], "no document"),
                        ([NATL, "国家知识产权局"], "implements no document")):
        result = _run(built, "--plan", args[0], "--unit", args[1])
        assert result.exit_code == 1
        [line] = [text for text in result.output.splitlines() if text.strip()]
        assert line.startswith("error: ") and words in line


def _get(built, path: str, **params):
    datasette = make_datasette(built, METADATA)
    return asyncio.run(datasette.client.get(path, params=params or None))


def test_the_page_lists_the_tasks_and_offers_the_downloads(built):
    page = _get(built, f"/coverage/{DEPT}", unit="省知识产权局")
    assert page.status_code == 200
    for status in COVERAGE_STATUS_LABELS.values():
        assert f"<strong>{status}</strong>" in page.text
    assert 'id="kb-coverage-summary"' in page.text and "专利代理行业专项整治" in page.text
    assert f"/coverage/{DEPT}.xlsx?unit={quote('省知识产权局')}" in page.text
    workbook = _get(built, f"/coverage/{DEPT}.xlsx", unit="省知识产权局")
    assert workbook.status_code == 200 and "spreadsheetml" in workbook.headers["content-type"]
    assert openpyxl.load_workbook(BytesIO(workbook.content)).active.cell(5, 8).value == "未覆盖"
    markdown = _get(built, f"/coverage/{DEPT}.md", unit="省知识产权局")
    assert markdown.status_code == 200 and "| 4 |" in markdown.text
    form = _get(built, f"/coverage/{DEPT}")
    assert form.status_code == 200 and 'name="unit"' in form.text


def test_the_page_answers_unknown_ids_and_hostile_input_in_chinese_and_never_500(built):
    hostile = '<script>alert("x")</script>&"' * 50
    cases = [("/coverage/nope", {"unit": "省知识产权局"}, 404, "没有这份文件"),
             (f"/coverage/{DEPT}", {"unit": "不存在的局"}, 404, "没有这个单位"),
             (f"/coverage/{DEPT}", {"unit": hostile}, 404, "没有这个单位"),
             (f"/coverage/{NATL}", {"unit": "国家知识产权局"}, 404, "没有已收入本库的上级文件"),
             (f"/coverage/{quote('<b>')}", {"unit": "x"}, 400, "文件编号"),
             (f"/coverage/{DEPT}.xlsx", {"unit": hostile}, 404, "没有这个单位"),
             (f"/coverage/{DEPT}.md", {}, 400, "unit")]
    for path, params, status, words in cases:
        response = _get(built, path, **params)
        assert response.status_code == status, (path, response.status_code)
        assert words in response.text and "<script>alert" not in response.text and "<b>" not in response.text


def test_the_page_in_a_browser_at_390_and_1280_px(built):
    """Chromium (tests/test_browser.py's setup) against `datasette serve` of the synthetic KB: the table reads as
    cards on a phone, with no sideways scrolling at either width, and the Excel download is a real workbook."""
    from test_browser import _look, launched_chromium, served

    with served(built) as url, launched_chromium() as browser:
        for width in (390, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True,
                                          locale="zh-CN")
            page = context.new_page()
            page.goto(f"{url}/coverage/{DEPT}")
            page.fill("input[name=unit]", "省知识产权局")
            page.press("input[name=unit]", "Enter")
            page.wait_for_selector("#kb-coverage")
            _look(page, f"coverage-{width}")
            assert page.locator("#kb-coverage tbody tr").count() == 4
            assert "未覆盖" in page.locator("tr.kb-status-uncovered").inner_text()
            with page.expect_download() as download:
                page.click("#kb-coverage-xlsx")
            assert download.value.suggested_filename.endswith("覆盖检查.xlsx")
            sheet = openpyxl.load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
            assert sheet.cell(2, 8).value == "落实情况"
            context.close()



def test_a_deadline_later_by_months_in_the_same_year_is_late(tmp_path):
    """tests/devset/align/dept-table (synthetic; gold by hand): the national 2020 要点 says 各地于6月底前 (no year:
    the 要点's own) and 年底前; the province's table rows say 2020年9月底前 and 2021年6月底前."""
    report = _dev_pair_coverage(tmp_path, "dept-table", "align-dept-ipo-public-service-2020", "各省级知识产权局")
    late = {t.text[:12]: (str(t.deadline), str(t.child_deadline)) for t in report.tasks if t.status == "late"}
    assert late == {"（六）实行公共服务事项清": ("2020年6月", "2020年9月"),
                    "（十）推进区域知识产权数": ("2020年", "2021年6月")}, late
    on_time = next(t for t in report.tasks if "一窗通办" in t.text)
    assert on_time.status != "late" and str(on_time.child_deadline) == "2020年12月"


def test_a_task_split_over_phases_keeps_its_deadline_where_its_first_part_does(tmp_path):
    """tests/devset/align/notice-county (synthetic; gold by hand): the city's 6月底前 排查建档 is done by the
    county's first-phase row (2024年6月30日前); the 整治 of the second phase is a later step, not the same one late.
    The task is looser (覆盖率 80% → 70%), not late."""
    report = _dev_pair_coverage(tmp_path, "notice-county", "align-county-ip-campaign-2024", "县市场监管局")
    task = next(t for t in report.tasks if "整治商品交易市场侵权假冒" in t.text)
    assert len(task.answers) == 2 and str(task.deadline) == "2024年6月" and str(task.child_deadline) == "2024年6月"
    assert task.status == "looser"


def _dev_pair_coverage(tmp_path: Path, folder: str, child: str, unit: str):
    """The coverage of ``unit`` by ``child``, in a KB built from the dev pair tests/devset/align/``folder``."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (Path(__file__).parent / "devset" / "align" / folder).glob("align-*"):
        shutil.copy(path, corpus / path.name)
    assert build_kb(corpus, RULES, tmp_path / "kb.db", jobs=1).ok
    connection = sqlite3.connect(tmp_path / "kb.db")
    try:
        return coverage(connection, child, unit)
    finally:
        connection.close()
