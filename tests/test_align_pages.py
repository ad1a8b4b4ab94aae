"""Issue 26's pages: /align/<child>/<parent> (the parent's tasks in its order beside the child's clauses carrying
them, 未落实 and 新增 marked, the targets compared), a document page's parents and children with their counts, and
a unit page's line saying where a task comes from in the parent. Through the real Datasette app on one real build
of the bundled corpus, the synthetic stand-in for the plan's national parent (tests/fixtures/align/
plan-parent-standin, linked by an `implements` key in a copied sidecar) and a synthetic province → city pair
(tests/fixtures/align-pages); then in a real browser (Playwright driving /usr/bin/chromium against `kb serve`) at
390 px and 1280 px, screenshots in screenshots/align/ (git-ignored)."""
from __future__ import annotations

import asyncio
import re
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from html import unescape

import pytest

from conftest import CORPUS, METADATA, PLAN_ID, ROOT, RULES
from test_browser import launched_chromium, served
from test_site_phone import ONE_CHARACTER_A_LINE

PAIR = ROOT / "tests" / "fixtures" / "align-pages"
STANDIN = ROOT / "tests" / "fixtures" / "align" / "plan-parent-standin"
STANDIN_ID = "synthetic-national-ip-plan-standin"
PARENT, CHILD = "align-pages-province", "align-pages-city"
ALIGN = f"/align/{CHILD}/{PARENT}"
PLAN_ALIGN = f"/align/{PLAN_ID}/{STANDIN_ID}"
SCREENSHOTS = ROOT / "screenshots" / "align"
# The parent's tasks in its order (items 1-6: its goal sentence is a target, no task) and the child clause carrying
# each.
CARRIED = [("2.1.1.1.1", "2.1.1.1.1"), ("2.1.2.1.1", "2.1.2.1.1"),
           ("2.2.3.1.1", "2.2.3.1.1"), ("2.2.4.1.1", "2.2.4.1.1"), ("2.3.5.1.1", "2.3.5.1.1"), ("2.3.6.1.1", None)]


@pytest.fixture(scope="module")
def align_kb(tmp_path_factory):
    """One real build: the bundled corpus, the stand-in parent of the plan (the plan's sidecar copied with
    ``implements: [the stand-in]``, as a user links it by hand) and the synthetic province → city pair."""
    from kb.build import build_kb

    corpus = tmp_path_factory.mktemp("align-pages") / "corpus"
    shutil.copytree(CORPUS, corpus)
    for suffix in (".txt", ".yml"):
        shutil.copy(STANDIN / f"{STANDIN_ID}{suffix}", corpus)
    for path in PAIR.iterdir():
        shutil.copy(path, corpus)
    sidecar = corpus / "guangxi-ip-action-plan-2015-2020.yml"
    text = sidecar.read_text(encoding="utf-8")
    assert "    parent: gx-ipap-2015-notice\n" in text
    sidecar.write_text(text.replace("    parent: gx-ipap-2015-notice\n", "    parent: gx-ipap-2015-notice\n"
                                    f"    implements: [{STANDIN_ID}]\n"), encoding="utf-8")
    out = corpus.parent / "kb.db"
    report = build_kb(corpus, RULES, out)
    assert report.ok, report.problems
    return out


def _get(db, *paths, patch: dict | None = None):
    """GET each path from a Datasette app of ``db`` in this process (``patch``: align_pages constants set for
    the requests), in a thread of its own (Playwright's sync API may keep an event loop running in this one)."""
    from kb.datasette_plugin import align_pages
    from kb.publish import make_datasette

    async def run():
        datasette = make_datasette(db, METADATA)
        return [await datasette.client.get(path, follow_redirects=True) for path in paths]

    saved = {name: getattr(align_pages, name) for name in (patch or {})}
    try:
        for name, value in (patch or {}).items():
            setattr(align_pages, name, value)
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, run()).result()
    finally:
        for name, value in saved.items():
            setattr(align_pages, name, value)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _table(html: str, table_id: str) -> list[tuple[str, str, list[str]]]:
    """The rows of the table ``table_id``: (the row's id and class, its text, its cells' inner HTML)."""
    body = html[html.index(f'id="{table_id}"'):]
    body = body[body.index("<tbody>"):body.index("</table>")]
    rows = []
    for row in re.findall(r"<tr\b(.*?)</tr>", body, flags=re.S):
        head, _, rest = row.partition(">")
        rows.append((head, _text(rest), re.findall(r"<td\b[^>]*>(.*?)</td>", rest, flags=re.S)))
    return rows


def _shown(html: str) -> str:
    """The page's visible words outside <details>, <code>, scripts and styles."""
    body = html[html.find("<body"):]
    return _text(re.sub(r"<(details|code|script|style)\b.*?</\1>", " ", body, flags=re.S))


def test_the_align_page_puts_each_parent_task_beside_the_child_clauses_carrying_it(align_kb):
    (page,) = _get(align_kb, ALIGN)
    assert page.status_code == 200
    html = page.text
    rows = _table(html, "kb-align-tasks")
    assert [re.search(r'id="([^"]+)"', head).group(1) for head, _, _ in rows] == \
        [f"{PARENT}.{parent}" for parent, _ in CARRIED]
    for (head, text, (parent_cell, child_cell)), (parent, child) in zip(rows, CARRIED):
        assert f'href="/clause/{PARENT}.{parent}"' in parent_cell
        if child is None:
            assert 'class="kb-unimplemented"' in head and "未落实" in _text(child_cell)
            assert "/clause/" not in child_cell and "海外专利纠纷应对指导" in text
        else:
            assert 'class="kb-aligned"' in head and "未落实" not in text
            assert re.findall(r'href="/clause/([^"]+)"', child_cell) == [f"{CHILD}.{child}"]
            assert re.search(r"相关度:(高|较高|中等)", child_cell) and "共有词语" in child_cell
    # the section path beside each task, the child's localised wording beside the parent's
    assert "二、主要任务 › (一)提升专利创造质量 › 1." in _text(rows[0][2][0]).replace("（", "(").replace("）", ")")
    assert "建立市级高价值专利培育中心" in _text(rows[0][2][1])
    new = _table(html, "kb-align-new")
    assert len(new) == 1 and f'id="{CHILD}.2.3.6.1.1"' in new[0][0]
    assert "专利侵权纠纷人民调解委员会" in new[0][1] and new[0][1].endswith("新增")
    counts = _text(html[html.index('<p id="kb-align-counts"'):])
    assert counts.startswith("上级任务 6 项: 已落实 5 未落实 1 ;下级文件 新增 1 项任务。")
    assert _text(html[html.index('<dd id="kb-align-how"'):]).startswith(
        "引用依据: 为贯彻落实《东岚省专利运用促进行动方案》，结合我市实际，制定本方案。")


def test_the_align_page_compares_the_targets_and_keeps_rule_ids_in_details(align_kb):
    (page,) = _get(align_kb, ALIGN)
    targets = [text for _, text, _ in _table(page.text, "kb-align-targets-table")]
    assert targets == ["每万人口高价值发明专利拥有量 达到 12件(2025年) 达到 15件(2025年) 更严",
                       "知识产权质押融资年度金额 达到 50亿元(2025年) 达到 8亿元(2025年) 不可比"]
    shown = _shown(page.text)
    assert "align." not in shown and "lexical" not in shown and "citation" not in shown
    assert re.search(r"<details[^>]*><summary>规则编号</summary>[^<]*<code>align\.lexical</code>", page.text)
    assert "依据:任务对照:" in shown  # the method said in Chinese
    words = shown.replace("由 Datasette 发布", "")  # the footer's
    assert not re.search(r"[A-Za-z]{4,}", words), re.findall(r"[A-Za-z]{4,}", words)


def test_the_document_pages_link_parent_and_child_with_their_counts(align_kb):
    child, parent = _get(align_kb, f"/doc/{CHILD}", f"/doc/{PARENT}")
    parents = child.text[child.text.index('<div class="kb-implements" id="kb-parents"'):]
    parents = parents[:parents.index("</div>")]
    assert _text(parents) == "本文件落实的上级文件: 东岚省专利运用促进行动方案 (引用依据) · 任务对照 : 已落实 5 / 未落实 1 / 新增 1"
    assert f'href="/doc/{PARENT}"' in parents and f'href="{ALIGN}"' in parents
    assert 'id="kb-children"' not in child.text
    children = parent.text[parent.text.index('<div class="kb-implements" id="kb-children"'):]
    children = children[:children.index("</div>")]
    assert _text(children) == "落实本文件的下级文件: 青漳市专利运用促进实施方案 (引用依据) · 任务对照 : 已落实 5 / 未落实 1 / 新增 1"
    assert f'href="/doc/{CHILD}"' in children and f'href="{ALIGN}"' in children


def test_the_unit_page_says_where_each_task_comes_from_in_the_parent(align_kb):
    unit, justice = _get(align_kb, "/unit/青漳市市场监督管理局", "/unit/青漳市司法局")
    origins = re.findall(r'<span class="kb-origin">(.*?)</span>', unit.text, flags=re.S)
    assert len(origins) == 5  # items 1-5 are the bureau's, each carrying the parent's item of the same number
    first = origins[0]
    assert _text(first) == ("源自上级文件《东岚省专利运用促进行动方案》: "
                            "1.建立高价值专利培育中心，围绕新材料、生物医药产业开展专利布局。（省知识产权局负责）")
    link = re.search(r'href="([^"]+)"', first).group(1)
    assert unescape(link) == f"{ALIGN}?task={PARENT}.2.1.1.1.1#{PARENT}.2.1.1.1.1"
    assert 'class="kb-origin"' not in justice.text  # its one task is the child's own (新增)
    (followed,) = _get(align_kb, unescape(link).split("#")[0])
    assert followed.status_code == 200 and f'<tr id="{PARENT}.2.1.1.1.1"' in followed.text


def test_the_parent_tasks_are_paged_and_a_task_opens_its_page(align_kb):
    first, second, beyond, task = _get(align_kb, ALIGN, ALIGN + "?page=2", ALIGN + "?page=99",
                                       ALIGN + f"?task={PARENT}.2.3.6.1.1", patch={"PAGE_TASKS": 4})
    assert len(_table(first.text, "kb-align-tasks")) == 4 and 'id="kb-align-new"' not in first.text
    assert "第 1 / 2 页(每页 4 项)" in _text(first.text) and f'href="{ALIGN}?page=2"' in first.text
    # page 2: the parent's last two tasks, then the child's new task
    assert len(_table(second.text, "kb-align-tasks")) == 2 and len(_table(second.text, "kb-align-new")) == 1
    assert _table(beyond.text, "kb-align-tasks") == _table(second.text, "kb-align-tasks")  # past the end: the last
    assert f'<tr id="{PARENT}.2.3.6.1.1"' in task.text and "第 2 / 2 页" in _text(task.text)


def test_a_task_carried_by_many_clauses_shows_a_few_and_counts_the_rest(align_kb):
    """The stand-in's 农业 task is carried by several sentences of the plan: with one shown, the rest are counted
    and linked in the task_alignments table, and the task is still 已落实."""
    conn = sqlite3.connect(align_kb)
    try:
        task, carried = conn.execute(
            "select parent_clause_id, count(*) from task_alignments where child_document_id = ? and "
            "parent_document_id = ? and status = 'aligned' group by parent_clause_id order by count(*) desc, "
            "parent_clause_id limit 1", [PLAN_ID, STANDIN_ID]).fetchone()
    finally:
        conn.close()
    assert carried >= 3
    (page,) = _get(align_kb, PLAN_ALIGN + f"?task={task}", patch={"CHILD_CLAUSES_SHOWN": 1})
    head, text, (_, child_cell) = next(row for row in _table(page.text, "kb-align-tasks") if f'id="{task}"' in row[0])
    assert 'class="kb-aligned"' in head and "未落实" not in text
    assert len(re.findall(r'href="/clause/', child_cell)) == 1
    assert f"另有 {carried - 1} 条" in _text(child_cell)
    assert f'href="/kb/task_alignments?parent_clause_id={task}&amp;child_document_id={PLAN_ID}"' in child_cell


def test_unknown_documents_and_unlinked_pairs_are_a_chinese_404(align_kb):
    unknown_child, unknown_parent, reversed_pair, unlinked = _get(
        align_kb, f"/align/no-such-doc/{PARENT}", f"/align/{CHILD}/no-such-doc", f"/align/{PARENT}/{CHILD}",
        f"/align/{CHILD}/{PLAN_ID}")
    assert unknown_child.status_code == unknown_parent.status_code == 404
    assert "没有这个文件:no-such-doc" in _text(unknown_child.text)
    assert "没有这个文件:no-such-doc" in _text(unknown_parent.text)
    assert reversed_pair.status_code == unlinked.status_code == 404
    assert "本库没有记录《东岚省专利运用促进行动方案》落实《青漳市专利运用促进实施方案》" in _text(reversed_pair.text)


def test_hostile_parameters_are_answered_never_a_500_and_always_escaped(align_kb):
    script, tag = "<script>alert(1)</script>", '"><img src=x onerror=alert(2)>'
    responses = _get(align_kb, ALIGN + "?page=abc", ALIGN + "?page=0", ALIGN + "?page=-1", ALIGN + "?page=" + "9" * 40,
                     ALIGN + "?task=" + script, ALIGN + "?task=" + "x" * 5000, ALIGN + "?task=%00%ff",
                     f"/align/{script}/{PARENT}", f"/align/{tag}/{PARENT}", "/align/" + "a" * 5000 + f"/{PARENT}",
                     f"/align/{CHILD}/{PARENT}'%20or%201=1--", f"/align/%2e%2e/{PARENT}", "/align/" + CHILD,
                     f"/align/{CHILD}/{PARENT}/extra", ALIGN + "?page=1&page=2")
    statuses = [r.status_code for r in responses]
    assert statuses == [400, 400, 400, 400, 200, 200, 200, 404, 404, 404, 404, 404, 404, 404, 200], statuses
    assert "页码须为 1 至 100000 的整数,而不是:abc" in _text(responses[0].text)
    for response in responses:
        assert "alert(1)" not in response.text and "<img src=x" not in response.text
    assert "没有这个文件:" + tag in _text(responses[8].text)  # named back to the reader, escaped
    assert "&lt;img src=x onerror=alert(2)&gt;" in responses[8].text


def test_the_plan_lines_up_with_its_filed_parent_and_the_pages_show_it(align_kb):
    """The bundled plan with the synthetic stand-in filed as its parent: the page's rows are the alignment's."""
    conn = sqlite3.connect(align_kb)
    try:
        parent_tasks = conn.execute("select count(distinct parent_clause_id) from task_alignments where "
                                    "child_document_id = ? and parent_document_id = ?",
                                    [PLAN_ID, STANDIN_ID]).fetchone()[0]
        statuses = dict(conn.execute("select status, count(*) from task_alignments where child_document_id = ? "
                                     "and parent_document_id = ? group by status", [PLAN_ID, STANDIN_ID]))
    finally:
        conn.close()
    # the stand-in's 26 numbered items, some of two task sentences
    assert parent_tasks >= 26 and statuses["aligned"] >= 30 and statuses["unimplemented"] >= 2
    page, plan = _get(align_kb, PLAN_ALIGN, f"/doc/{PLAN_ID}")
    assert page.status_code == 200
    rows = _table(page.text, "kb-align-tasks")
    assert len(rows) == parent_tasks
    assert sum('class="kb-unimplemented"' in head for head, _, _ in rows) == statuses["unimplemented"]
    by_text = {text: cells for _, text, cells in rows}
    missing = next(cells for text, cells in by_text.items() if "缩短发明专利审查周期" in text)
    assert "未落实" in _text(missing[1])
    fund = next(cells for text, cells in by_text.items() if "发挥国家科技成果转化引导基金作用" in text
                or "对科技成果转化贷款给予风险补偿" in text)
    assert "国家科技成果转化引导基金" in _text(fund[1]) and "/clause/gx-ipap-2015." in fund[1]
    assert len(_table(page.text, "kb-align-new")) == statuses["new"]
    targets = [text for _, text, _ in _table(page.text, "kb-align-targets-table")]
    assert "每万人口发明专利拥有量 达到 14件(2020年) 达到 6件(2020年) 更宽" in targets
    parents = plan.text[plan.text.index('<div class="kb-implements" id="kb-parents"'):]
    parents = _text(parents[:parents.index("</div>")])
    assert (f"合成测试：深入实施知识产权战略行动计划（替身） (人工登记) · 任务对照 : 已落实 "
            f"{parent_tasks - statuses['unimplemented']} / 未落实 {statuses['unimplemented']} / "
            f"新增 {statuses['new']}") in parents
    assert "本库未收录上级文件全文,暂不能逐项对照任务" in parents  # 国办发〔2014〕64号: registered, no text
    (registered,) = _get(align_kb, f"/align/{PLAN_ID}/cn-gov-2014-64")
    assert registered.status_code == 200 and 'id="kb-align-no-text"' in registered.text
    assert 'id="kb-align-counts"' not in registered.text and 'id="kb-align-tasks"' not in registered.text
    assert "根据《国务院办公厅关于转发知识产权局等单位深入实施国家知识产权战略行动计划" in _text(registered.text)


NOTICE_FACTS = """# Synthetic notice issuing the synthetic city plan, for tests/test_align_pages.py: not a real document.
documents:
  - id: align-pages-notice
    title: 青漳市人民政府办公室关于印发青漳市专利运用促进实施方案的通知
    issuer: 青漳市人民政府办公室
    issued_date: "2023-06-20"
    kind: notice
    level: 市
    jurisdiction: 青漳市
  - id: align-pages-issued
    starts_at: 青漳市专利运用促进实施方案
    title: 青漳市专利运用促进实施方案
    kind: plan
    level: 市
    jurisdiction: 青漳市
    parent: align-pages-notice
"""


def test_a_plan_issued_by_a_notice_links_to_the_notice_comparison(tmp_path):
    """The notice cites the parent and issues the plan: the tasks are lined up once, as (notice, parent); the
    plan's page links that comparison with its counts, and the plan's own /align page points to it."""
    from kb.build import build_kb

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yml"):
        shutil.copy(PAIR / f"{PARENT}{suffix}", corpus)
    plan = (PAIR / f"{CHILD}.txt").read_text(encoding="utf-8").splitlines()
    notice = ["（合成测试文本：为对照页面测试编写，非真实文件）", "青漳市人民政府办公室关于印发青漳市专利运用促进实施方案的通知",
              "各县（区）人民政府，市直各单位：",
              "为贯彻落实《东岚省专利运用促进行动方案》，现将《青漳市专利运用促进实施方案》印发给你们，请认真贯彻执行。",
              "青漳市人民政府办公室", "2023年6月20日"]
    (corpus / "align-pages-notice.txt").write_text("\n".join(notice + [plan[1]] + plan[3:]) + "\n", encoding="utf-8")
    (corpus / "align-pages-notice.yml").write_text(NOTICE_FACTS, encoding="utf-8")
    assert build_kb(corpus, RULES, tmp_path / "kb.db").ok
    document, own, through = _get(tmp_path / "kb.db", "/doc/align-pages-issued", f"/align/align-pages-issued/{PARENT}",
                                  f"/align/align-pages-notice/{PARENT}")
    parents = document.text[document.text.index('<div class="kb-implements" id="kb-parents"'):]
    parents = parents[:parents.index("</div>")]
    assert _text(parents) == "本文件落实的上级文件: 东岚省专利运用促进行动方案 (上级文件) · 任务对照 : 已落实 5 / 未落实 1 / 新增 1"
    assert f'href="/align/align-pages-notice/{PARENT}"' in parents
    assert own.status_code == 200 and 'id="kb-align-elsewhere"' in own.text
    assert f'href="/align/align-pages-notice/{PARENT}"' in own.text and 'id="kb-align-tasks"' not in own.text
    assert through.status_code == 200 and len(_table(through.text, "kb-align-tasks")) == 6
    # 为贯彻落实《A》,现将《B》印发给你们: the notice issues the plan, it does not carry it down (no link to itself).
    conn = sqlite3.connect(tmp_path / "kb.db")
    assert conn.execute("select count(*) from implements where parent_id = 'align-pages-issued'").fetchone()[0] == 0
    conn.close()


@pytest.fixture(scope="module")
def align_server(align_kb):
    with served(align_kb) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with launched_chromium() as browser:
        yield browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_align_pages_read_at_390_and_1280_px(chromium, align_server, width):
    """No sideways scroll, no cell one character a line; at 390 px each parent task is a card, its child clauses
    under it; at 1280 px they stand side by side."""
    context = chromium.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in (("pair", ALIGN), ("plan", PLAN_ALIGN), ("doc", f"/doc/{CHILD}"),
                           ("unit", "/unit/青漳市市场监督管理局")):
            page.goto(align_server + path)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
            sideways = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, f"{path} at {width}px scrolls sideways by {sideways}px"
            assert page.evaluate(ONE_CHARACTER_A_LINE) == [], f"{path} at {width}px"
        page.goto(align_server + ALIGN)
        parent_cell = page.locator(f"tr[id='{PARENT}.2.1.1.1.1'] td").nth(0).bounding_box()
        child_cell = page.locator(f"tr[id='{PARENT}.2.1.1.1.1'] td").nth(1).bounding_box()
        if width == 390:
            assert child_cell["y"] >= parent_cell["y"] + parent_cell["height"] - 1  # stacked
            assert child_cell["width"] > 300
        else:
            assert abs(child_cell["y"] - parent_cell["y"]) < 2 and child_cell["x"] > parent_cell["x"] + 300
        assert page.locator(".kb-mark-unimplemented").last.is_visible()
    finally:
        context.close()


def test_datasette_shows_the_align_tables_codes_in_chinese(align_kb):
    """Datasette's own pages of implements, task_alignments and target_comparisons show how, status and comparison
    by their kb.vocabulary labels (the code stays in the cell's title, and in the JSON)."""
    how, statuses, comparisons, as_json = _get(align_kb, "/kb/implements", "/kb/task_alignments?_size=200",
                                               "/kb/target_comparisons", "/kb/task_alignments.json?_shape=array")
    assert '<span title="citation">引用依据</span>' in how.text
    assert '<span title="unimplemented">未落实</span>' in statuses.text and '<span title="new">新增</span>' in statuses.text
    assert '<span title="stricter">更严</span>' in comparisons.text and '<span title="looser">更宽</span>' in comparisons.text
    assert {row["status"] for row in as_json.json()} >= {"aligned", "unimplemented", "new"}
