"""Issue 25, the public on a phone and with several documents: a real `kb serve` of the bundled corpus plus the
synthetic documents of tests/fixtures/targets, crawled from home in Playwright driving /usr/bin/chromium at 390 px
and 1280 px. No page scrolls sideways and no table cell is laid out one character a line. Screenshots go to
screenshots/phone/ (git-ignored). Also: /areas grouped, searches with no term or few results, the /targets chart
drawn once per KB, and shared indicators that mean the same indicator."""
from __future__ import annotations

import asyncio
import shutil
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlparse

import pytest

from conftest import CORPUS, METADATA, PLAN_ID, ROOT, RULES
from test_browser import launched_chromium, served

SCREENSHOTS = ROOT / "screenshots" / "phone"
# …and Datasette's pages, reached through the navigation's 数据表: the database, its tables, rows and queries.
KB_PAGES = ("/", "/doc/", "/clause/", "/targets", "/target/", "/units", "/unit/", "/areas", "/search", "/kb", "/kb/")
PAGES_A_KIND = 3  # pages of each kind visited (the crawl stays bounded)


@pytest.fixture(scope="module")
def several_kb(tmp_path_factory):
    """The bundled corpus and the synthetic documents of tests/fixtures/targets (a city's measures, a province's
    plan, a national plan, a city's news summary), built into one KB."""
    from kb.build import build_kb

    corpus = tmp_path_factory.mktemp("several") / "corpus"
    shutil.copytree(CORPUS, corpus)
    for path in (ROOT / "tests" / "fixtures" / "targets").iterdir():
        shutil.copy(path, corpus)
    out = corpus.parent / "kb.db"
    assert build_kb(corpus, RULES, out).ok
    return out


@pytest.fixture(scope="module")
def several_server(several_kb):
    with served(several_kb) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with launched_chromium() as browser:
        yield browser


# A cell of three characters or more laid out one character a line: on several lines, narrower than two characters
# or with as many lines as characters.
ONE_CHARACTER_A_LINE = """() => {
  const bad = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const text = cell.innerText.trim();
    if ([...text].length < 3 || cell.offsetParent === null) continue;
    const style = getComputedStyle(cell);
    const em = parseFloat(style.fontSize);
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
    const width = range.getBoundingClientRect().width;
    if (lines > 1 && (width < 2 * em || lines >= [...text.replace(/\\s/g, '')].length)) bad.push(text.slice(0, 30));
  }
  return bad;
}"""


def _kind(path: str) -> str | None:
    """The kb page kind of a path (KB_PAGES), None for any other page."""
    bare = path.split("?")[0]
    return next((p for p in KB_PAGES if bare == p or (p != "/" and p.endswith("/") and bare.startswith(p))), None)


def _kb_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urljoin(base + "/", href)
        parsed = urlparse(url)
        if url.startswith(base) and _kind(parsed.path) and not parsed.path.endswith((".docx", ".xlsx", ".md")):
            found.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return found


def _crawl(page, base: str) -> list[str]:
    """Every kind of kb page reachable from home, PAGES_A_KIND of each kind, found by following links."""
    seen, queue, kinds = [], ["/", "/search?q=专利", "/search?q=质押融资"], {}
    while queue and len(seen) < 50:
        path = queue.pop(0)
        if path in seen:
            continue
        kind = _kind(path)
        if kinds.get(kind, 0) >= PAGES_A_KIND:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        seen.append(path)
        page.goto(base + path)
        queue.extend(link for link in _kb_links(page, base) if link not in seen)
    return seen


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_scrolls_sideways_and_no_cell_is_one_character_a_line(chromium, several_server, width):
    context = chromium.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        paths = _crawl(page, several_server)
        kinds = {_kind(path) for path in paths}
        assert kinds == set(KB_PAGES), kinds
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for number, path in enumerate(paths):
            page.goto(several_server + path)
            page.screenshot(path=str(SCREENSHOTS / f"{width}-{number:02d}.png"), full_page=True)
            sideways = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, f"{path} at {width}px scrolls sideways by {sideways}px"
            assert page.evaluate(ONE_CHARACTER_A_LINE) == [], f"{path} at {width}px"
    finally:
        context.close()


def test_the_targets_chart_reads_on_a_phone(chromium, several_server):
    """At 390 px the chart's data is a list whose labels are at least 11 px, inside the screen."""
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(several_server + "/targets")
        labels = page.locator(".kb-bars .kb-bar-label")
        assert labels.count() > 5 and labels.first.is_visible()
        sizes = page.eval_on_selector_all(".kb-bars li", "items => items.map(i => parseFloat(getComputedStyle(i)"
                                                          ".fontSize))")
        assert min(sizes) >= 11
        box = page.locator(".kb-bars").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.screenshot(path=str(SCREENSHOTS / "targets-chart-390.png"), full_page=True)
    finally:
        page.close()


def test_the_home_page_names_each_targets_document_and_dates_the_plan(chromium, several_server):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(several_server + "/")
        places = page.locator("td.kb-place").all_inner_texts()
        assert places and all("›" in p and p.split("›")[0].strip() for p in places)
        assert any(p.startswith("广西深入实施知识产权战略行动计划") for p in places)
        plan = page.locator(f"tr:has(td[data-label='标题'] a[href='/doc/{PLAN_ID}'])").inner_text()
        assert "2015-07-31" in plan and "随通知转发" in plan
    finally:
        page.close()


def _get(several_kb, *paths):
    """GET each path from a Datasette app of the KB (in this process), the chart drawings it makes counted."""
    from kb.datasette_plugin import charts
    from kb.publish import make_datasette

    async def run():
        datasette = make_datasette(several_kb, METADATA)
        await datasette.invoke_startup()
        await charts.drawn()
        before = charts.renders
        responses = [await datasette.client.get(path) for path in paths]
        return before, charts.renders, responses

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def test_the_targets_chart_is_drawn_once_per_kb_never_in_a_request(several_kb, tmp_path):
    from kb.datasette_plugin import charts

    # A KB whose chart no drawing has made yet in this process: its own copy with one target's wording changed.
    import sqlite3
    copy = tmp_path / "kb.db"
    shutil.copy(several_kb, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("update targets set wording = wording || '(副本)' where rowid = (select min(rowid) "
                     "from targets)")
    start = charts.renders
    before, after, responses = _get(copy, "/targets", "/targets", "/targets/chart.svg", "/targets")
    assert before == start + 1  # drawn at start-up, before any request
    assert after == before  # no request drew it again
    assert all(r.status_code == 200 for r in responses) and "<svg" in responses[0].text


def test_areas_are_listed_under_their_groups(several_kb):
    _, _, (response,) = _get(several_kb, "/areas")
    html = response.text
    ip_type, function = html.index(">知识产权类型</h2>"), html.index(">功能</h2>")
    for area in ("专利", "商标", "版权"):
        assert ip_type < html.index(f">{area}</a>") < function, area
    assert function < html.index(">创造</a>")


def test_a_query_with_no_term_lists_nothing_and_says_so(several_kb):
    from kb.search import search_with_count

    _, _, (page,) = _get(several_kb, "/search?q=,,,")
    assert page.status_code == 200 and 'id="kb-no-terms"' in page.text and 'class="kb-hit"' not in page.text
    conn = __import__("sqlite3").connect(several_kb)
    assert search_with_count(conn, ",,, 、") == (0, [])
    assert search_with_count(conn, "专利")[0] > 0
    _, _, (everything,) = _get(several_kb, "/search?q=&area=patent")  # no query: the filters' clauses
    assert 'class="kb-hit"' in everything.text


def test_a_unit_no_clause_is_tagged_with_is_not_said_to_be_mentioned(kb_path):
    """No clause of the bundled plan is tagged with 国家版权局 (the units' lexicon knows it): the page says what is
    true of the tags, not of the text (a clause may name it without the reader tagging it)."""
    _, _, (page,) = _get(kb_path, "/unit/国家版权局")
    assert page.status_code == 200
    assert "本库没有条文被标注给该单位" in page.text and "只提及这个单位" not in page.text
    assert "未提及" not in page.text


def test_a_query_finding_few_clauses_suggests_related_terms_of_the_kb(tmp_path):
    """A synthetic KB where 质押融资 is written once, 质押贷款 and 融资服务 elsewhere: the search page links them."""
    from kb.build import build_kb

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "related_terms", corpus)
    out = tmp_path / "kb.db"
    assert build_kb(corpus, RULES, out).ok
    _, _, (page, many) = _get(out, "/search?q=质押融资", "/search?q=知识产权")
    related = page.text[page.text.index('id="kb-related"'):]
    related = related[:related.index("</p>")]
    assert "质押贷款" in related and "融资服务" in related
    assert 'href="/search?q=%E8%B4%A8%E6%8A%BC%E8%B4%B7%E6%AC%BE"' in related
    assert 'id="kb-related"' not in many.text  # enough results: no suggestion


def test_shared_indicators_mean_the_same_indicator(several_kb):
    """A city's 质押融资金额 is not lined up against the province's yearly 质押融资年度金额; two provinces' 中国驰名商标
    are."""
    _, _, (page, target) = _get(several_kb, "/targets", f"/target/{PLAN_ID}.1.2.3.5.t2")
    compared = page.text[page.text.index("多份文件设定的同一指标"):]
    for heading in compared.split("<h3>")[1:]:
        levels = set(__import__("re").findall(r'data-label="层级"[^>]*>([^<]*)<', heading))
        assert len({"省" if level in ("省", "自治区") else level for level in levels}) <= 1, heading[:80]
    trademarks = compared[compared.index("中国驰名商标"):]
    trademarks = trademarks[:trademarks.index("</table>")]
    assert "广西深入实施知识产权战略行动计划" in trademarks and "某某省知识产权事业发展规划" in trademarks
    assert "某某市知识产权服务业发展促进办法" not in target.text.split("同一指标在各文件中的目标")[-1] \
        if "同一指标在各文件中的目标" in target.text else True
