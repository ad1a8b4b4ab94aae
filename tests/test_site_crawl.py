"""Issue 25: every page a visitor can reach from the home page, Datasette's included, is the site's: Chinese
(none of Datasette's English words), no raw rule id outside a detail, the site's navigation, a <main>, a skip
link first, a label on every search box, text at a contrast of at least 4.5:1 computed from the rendered colours
(WCAG 2.1 AA), and the document page's tab order short.

A real `kb serve` of a KB built from the bundled corpus plus one synthetic document (tests/fixtures/real_kinds)
and a synthetic parent/child pair (tests/fixtures/align-pages, for the /align pages),
crawled breadth-first over same-origin links (downloads skipped, at most a few pages of each shape, 150 pages at
most), with plain HTTP for the words and a real browser (Playwright driving /usr/bin/chromium) for colours and
focus."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections import deque
from html import unescape
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest

from conftest import CORPUS, METADATA, PLAN_ID, ROOT, RULES
from test_browser import _free_port, launched_chromium

SYNTHETIC = ROOT / "tests" / "fixtures" / "real_kinds" / "s05-yuancheng-city-2024-quantified-table.txt"
ALIGN_PAIR = ROOT / "tests" / "fixtures" / "align-pages"
MAX_PAGES = 150
PER_SHAPE = 3  # pages of one shape (same path pattern, same parameter names) crawled
DOWNLOADS = (".xlsx", ".docx", ".csv", ".json", ".md", ".svg", ".db", ".txt", ".png")

# Datasette 0.65's English words, as its templates and table.js print them.
ENGLISH = ("Custom SQL query", "Queries", "Tables", "Search:", "Apply", "This data as", " rows", " row ",
           "Next page", "Powered by", "Advanced export", "Query took", "Queries took", "Run SQL", "Format SQL",
           "View and edit SQL", "Suggested facets", "JSON shape", "CSV options", "Export CSV", "download file",
           "expand labels", "remove filter", "- column -", "Sort by", "descending", "Links from other tables",
           "0 results", "0 records", "Data license", "Data source", "Error 4", "Error 5", "hidden table", "Views",
           "Table actions", "Edit SQL", "Query parameters", "returning", "Record not found", "Table not found",
           "Database not found", "starts with", "ends with", "contains", "is not blank", "home")
# Where an identifier may stand: code, preformatted SQL, an expandable detail, Datasette's data tables and facets.
ID_PLACES = re.compile(r"<(script|style|code|pre|textarea|details)\b.*?</\1>|<table class=\"rows-and-columns\">.*?</table>",
                       re.S)
FACETS = re.compile(r'<div class="facet-results">.*?(?=<div class="table-wrapper">|<p class="zero-results">)', re.S)
WORD_PLACES = re.compile(r"<(script|style|code|pre|textarea)\b.*?</\1>", re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A real `kb serve` of a KB of the bundled corpus and one synthetic city document: (base URL, rule ids)."""
    import sqlite3

    from kb.build import build_kb
    from kb.publish import wait_until_serving

    root = tmp_path_factory.mktemp("crawl")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    shutil.copy(SYNTHETIC, corpus / SYNTHETIC.name)
    (corpus / SYNTHETIC.with_suffix(".yml").name).write_text(
        f"source_file: {SYNTHETIC.name}\ndocuments:\n  - id: synthetic-yuancheng-2024\n"
        "    title: 沅澄市人民政府办公室关于印发2024年市《政府工作报告》量化指标任务分工的通知\n", encoding="utf-8")
    for path in ALIGN_PAIR.iterdir():  # a synthetic province plan and a city plan implementing it: /align pages
        shutil.copy(path, corpus / path.name)
    report = build_kb(corpus, RULES, root / "kb.db")
    assert report.ok, report.problems
    with sqlite3.connect(root / "kb.db") as conn:
        rule_ids = {r for (r,) in conn.execute("select id from rules")}
        assert conn.execute("select count(*) from documents where text_available = 1").fetchone()[0] >= 3
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--db", str(root / "kb.db"), "--metadata",
                                str(METADATA), "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/-/versions.json", process, seconds=60)
        yield url, rule_ids
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url: str) -> tuple[int, str, str]:
    """(status, content type, text) of a GET, with no proxy from the environment."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(quote(url, safe=":/?&=%#~+,;@!$'()*[]"), timeout=60) as response:
            return response.status, response.headers.get("content-type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read().decode("utf-8", "replace")


def _shape(url: str) -> tuple:
    """A page's shape: its path with the ids generalised, and its parameters' names."""
    parts = urlsplit(url)
    path = parts.path
    path = re.sub(r"^/(doc|clause|target|unit|units/draft|align)/.+$", r"/\1/*", path)
    path = re.sub(r"^/kb/([^/]+)/.+$", r"/kb/\1/*", path)
    return path, tuple(sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}))


def _links(base: str, page_url: str, html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        url = urljoin(page_url, unescape(href)).split("#")[0]
        parts = urlsplit(url)
        if url.startswith(base) and not parts.path.startswith("/-/") and not parts.path.endswith(DOWNLOADS):
            found.append(url)
    return found


def _crawl(base: str) -> dict[str, tuple[int, str]]:
    """Every page reachable from home (and the error pages a visitor meets), breadth first: url → (status, html)."""
    seeds = ["/", f"/doc/{PLAN_ID}", "/kb", "/kb/clauses", "/kb/search?q=专利", "/kb?sql=select+1", "/doc/nosuch",
             "/kb/nosuch", "/kb/clauses?_sort=0", "/search?q=质押融资", "/doc/align-pages-city"]
    queue, seen, shapes, pages = deque(base + s for s in seeds), set(), {}, {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        shape = _shape(url)
        if url in seen or shapes.get(shape, 0) >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        status, kind, html = _get(url)
        if "text/html" not in kind:
            continue
        pages[url] = (status, html)
        queue.extend(link for link in _links(base, url, html) if link not in seen)
    return pages


@pytest.fixture(scope="module")
def crawled(site):
    base, _ = site
    pages = _crawl(base)
    assert len(pages) >= 60, len(pages)  # the crawl reached Datasette's pages and the site's
    return pages


def _visible_text(html: str, places: re.Pattern) -> str:
    body = html[html.find("<body"):]
    body = places.sub(" ", body)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def test_no_page_shows_datasette_english_or_a_raw_rule_id(site, crawled):
    _, rule_ids = site
    prefixes = sorted({r.split(".", 1)[0] for r in rule_ids if "." in r})
    rule_like = re.compile(r"\b(?:%s)(?:\.[\w\u4e00-\u9fff-]+)+" % "|".join(map(re.escape, prefixes)))
    problems = []
    for url, (status, html) in crawled.items():
        words = _visible_text(html, WORD_PLACES)
        problems += [(url, word) for word in ENGLISH if word in words]
        shown = _visible_text(FACETS.sub(" ", html), ID_PLACES)
        problems += [(url, rule) for rule in rule_like.findall(shown) if rule in rule_ids]
        # SQL only inside a closed 查看 SQL: none outside a <details>, none in a detail opened by default
        outside = re.sub(r"<details\b(?![^>]*\bopen\b).*?</details>", " ", html[html.find("<body"):], flags=re.S)
        outside = re.sub(r"<(script|style)\b.*?</\1>", " ", outside, flags=re.S)
        words = unescape(re.sub(r"<[^>]+>", " ", outside))
        if re.search(r"<pre\b|<textarea\b", outside) or re.search(r"\bselect\b.*?\bfrom\b", words, flags=re.I | re.S):
            problems.append((url, "SQL outside a closed 查看 SQL"))
    assert not problems, problems[:20]
    assert any("/kb/" in url for url in crawled) and any("sql=" in url for url in crawled)
    assert any(status == 404 for status, _ in crawled.values())
    assert any("/align/" in url for url in crawled)


def test_datasette_shows_kinds_roles_and_bases_in_chinese(crawled):
    """A clause's kind and a unit's role and basis, in Datasette's tables, query results and facets, are shown by
    their Chinese labels (kb.vocabulary); the codes stay in the URLs and the JSON."""
    from kb.vocabulary import BASIS_LABELS, CLAUSE_KIND_LABELS, ROLE_LABELS

    codes = set(BASIS_LABELS) | set(ROLE_LABELS) | {"sentence", "heading", "goal", "item"}
    cells = re.compile(r'<td class="col-(?:kind|role|basis) [^"]*">(.*?)</td>', re.S)
    problems, checked = [], 0
    for url, (_, html) in crawled.items():
        if "/kb/clauses" not in url and "/kb/clause_units" not in url and "/kb/search" not in url:
            continue
        for cell in cells.findall(html):
            checked += 1
            shown = unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            if shown in codes:
                problems.append((url, shown))
        facets = FACETS.search(html)
        if facets:
            problems += [(url, code) for code in re.findall(r">\s*([a-z]+)\s*</a>", facets.group(0)) if code in codes]
    assert checked > 20 and not problems, (checked, problems[:20])
    assert "句子" in CLAUSE_KIND_LABELS.values()


def test_every_page_has_the_navigation_main_a_skip_link_first_and_labelled_search_boxes(crawled):
    problems = []
    for url, (_, html) in crawled.items():
        if 'class="kb-nav"' not in html or 'href="/targets"' not in html:
            problems.append((url, "no site navigation"))
        if not re.search(r'<main id="kb-main"', html):
            problems.append((url, "no <main>"))
        body = html[html.find("<body"):]
        first = re.search(r"<(a|input|button|select|textarea|summary)\b[^>]*>", body)
        if not first or 'class="kb-skip"' not in first.group(0) or 'href="#kb-main"' not in first.group(0):
            problems.append((url, "the skip link is not the first focusable element"))
        for box in re.findall(r'<input\b[^>]*type="search"[^>]*>', html):
            box_id = re.search(r'id="([^"]+)"', box)
            named = re.search(r'aria-label="[^"]+"', box) or (box_id and f'for="{box_id.group(1)}"' in html)
            if not named:
                problems.append((url, f"a search box without a label: {box}"))
    assert not problems, problems[:20]


CONTRAST_JS = """
() => {
  function rgba(text) {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const v = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  }
  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }
  function background(el) {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  }
  function luminance(c) {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const failures = [];
  const elements = Array.from(document.body.querySelectorAll("*")).filter(el =>
    !el.closest("svg") && el.checkVisibility && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) &&
    (Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()) ||
     (el.matches("input[type=submit], input[type=button]") && el.value)));
  for (const el of elements) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) failures.push([el.tagName + "." + el.className, (el.value || el.textContent).trim().slice(0, 30),
                                    Math.round(ratio * 100) / 100, getComputedStyle(el).fontSize]);
  }
  return failures;
}
"""

FOCUSABLE_JS = """
() => Array.from(document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"))
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility && el.checkVisibility({checkVisibilityCSS: true}))
  .length
"""

UNLABELLED_JS = """
() => Array.from(document.querySelectorAll("input[type=search], input[type=text], select, textarea"))
  .filter(el => el.checkVisibility && el.checkVisibility() && !el.closest(".CodeMirror"))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
  .map(el => el.outerHTML.slice(0, 80))
"""


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def browser_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_every_page_keeps_contrast_and_labels_in_a_browser(crawled, browser_page):
    """Contrast ≥ 4.5:1 for every visible text (and button) from its rendered colour over its effective
    background, and a label (or aria-label) on every visible field, on every crawled page."""
    problems = []
    for url in crawled:
        browser_page.goto(url)
        problems += [(url, "contrast", failure) for failure in browser_page.evaluate(CONTRAST_JS)]
        problems += [(url, "no label", field) for field in browser_page.evaluate(UNLABELLED_JS)]
    assert not problems, problems[:20]


def test_the_keyboard_meets_the_skip_link_first_and_few_stops_on_the_document_page(site, browser_page):
    base, _ = site
    browser_page.goto(f"{base}/doc/{PLAN_ID}")
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("location.hash") == "#kb-main"
    stops = browser_page.evaluate(FOCUSABLE_JS)
    assert 10 < stops < 80, stops
    # every sentence still has its link for the mouse, out of the tab order
    anchors = browser_page.locator("a.kb-anchor")
    assert anchors.count() > 100 and browser_page.evaluate(
        "Array.from(document.querySelectorAll('a.kb-anchor')).every(a => a.tabIndex === -1)")


def test_on_a_phone_the_sentence_links_take_no_space(site, browser):
    base, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{base}/doc/{PLAN_ID}")
        widths = page.evaluate("Array.from(document.querySelectorAll('a.kb-anchor')).map(a => a.getBoundingClientRect().width)")
        assert widths and max(widths) == 0
    finally:
        context.close()


def test_the_targets_chart_has_a_text_alternative(site, browser_page):
    base, _ = site
    browser_page.goto(f"{base}/targets")
    # The drawing is hidden from screen readers; its data, one item a target, is the text they read (and what
    # a phone shows instead of the drawing).
    assert browser_page.locator(".kb-chart .kb-chart-svg[aria-hidden=true] svg").count() == 1
    bars = browser_page.locator(".kb-chart ol.kb-bars > li")
    rows = browser_page.locator("table.kb-table").first.locator("tbody tr")
    assert bars.count() == rows.count() > 0
    assert all(re.search(r"\d+ 条$", text.strip()) for text in bars.all_inner_texts())


def test_the_document_tags_when_shown_keep_contrast_and_a_readable_size(site, browser_page):
    """The unit and area chips (guessed units greyed) shown by 显示标注: contrast ≥ 4.5:1 and at least 12 px."""
    base, _ = site
    browser_page.goto(f"{base}/doc/{PLAN_ID}")
    browser_page.check("#kb-show-tags")
    chips = browser_page.locator(".kb-chip.kb-inferred")
    assert chips.count() > 0 and chips.first.is_visible()
    sizes = browser_page.evaluate(
        "Array.from(document.querySelectorAll('.kb-chip')).map(c => parseFloat(getComputedStyle(c).fontSize))")
    assert min(sizes) >= 12, min(sizes)
    assert browser_page.evaluate(CONTRAST_JS) == []


def test_every_rule_has_a_chinese_reason_and_scores_are_words(kb_conn):
    """Every rule of the KB gives a reader its reason in Chinese (no Latin letter, so no id and no English
    description), and a link's score is said in words."""
    from kb.datasette_plugin.clause_tags import readable, rule_reason, score_words

    reasons = {row["id"]: rule_reason(row["id"], row["kind"], row["description"])
               for row in kb_conn.execute("select id, kind, description from rules")}
    assert len(reasons) > 100
    assert not {rule: reason for rule, reason in reasons.items() if re.search(r"[A-Za-z]", reason)}
    assert reasons["modality.encourage"] == "情态词:鼓励"
    assert reasons["unit.competence.自治区版权局"] == "按单位职责推断:自治区版权局"
    assert rule_reason("x.y", "no-such-kind", None) == "标注规则"
    assert [score_words(s) for s in (0.9, 0.5, 0.31, 0.1, None)] == ["相关度:高", "相关度:较高", "相关度:中等",
                                                                     "相关度:较低", None]
    assert readable("条文中点名(unit.role.subject)") == "条文中点名" and readable("主送机关 of the document") is None
