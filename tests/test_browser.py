"""The public pages in a real browser: Playwright driving Debian's chromium (/usr/bin/chromium, installed by
scripts/test), against `datasette serve` in its own process on a free port. Screenshots of each page go to
screenshots/ (git-ignored) for a person to look at."""
from __future__ import annotations

import os
import re
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import METADATA, PLAN_ID, ROOT

CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "screenshots"
# As root in a container, and with no network: no sandbox, no background connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(db: Path, stderr=subprocess.DEVNULL):
    """A real `kb serve` process (kb.publish.serve_command) of the KB ``db`` on a free port, for the tests that
    drive one: yields its base URL once it answers, and stops it afterwards. (A test that must look at the process
    itself starts it with serve_command.)"""
    from kb.publish import serve_command, wait_until_serving

    port = _free_port()
    process = subprocess.Popen(serve_command(db, METADATA, "127.0.0.1", port), stdout=subprocess.DEVNULL,
                               stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/-/versions.json", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def launched_chromium():
    """Debian's chromium (CHROMIUM) launched headless through Playwright with CHROMIUM_ARGS: yields the browser."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: scripts/test installs Debian's chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server(kb_path):
    with served(kb_path, stderr=subprocess.PIPE) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as launched:
        yield launched


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def _look(page, name: str):
    """Screenshot the page, and check what a person would notice first: no sideways scrolling, Chinese glyphs."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '知识产权')"), \
        f"{name}: no CJK font (install fonts-noto-cjk)"


def test_search_from_the_home_page_and_reach_a_clause(page, server):
    page.goto(server + "/")
    _look(page, "home")
    page.fill("#kb-home-q", "质押 融资")
    page.press("#kb-home-q", "Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("mark").first.inner_text() in ("质押", "融资")
    _look(page, "search")
    first = page.locator("a.kb-hit-link").first
    clause_id, path = first.get_attribute("title"), first.inner_text()  # labelled by its heading path
    first.click()
    page.wait_for_url(f"**/clause/{clause_id}")
    assert page.locator("h1").inner_text() == path.split(" › ")[-1]  # titled by its heading, not its id
    assert clause_id in page.locator(".kb-permalink").inner_text()
    assert "质押" in page.locator(".kb-clause-text").inner_text()
    _look(page, "clause")


def test_open_the_document_and_follow_a_target_link(page, server):
    page.goto(f"{server}/doc/{PLAN_ID}")
    _look(page, "document")
    target = page.locator("a.kb-target").first
    assert target.inner_text() == "6件"
    target.click()
    page.wait_for_url(f"**/target/{PLAN_ID}.1.2.2.3.t1")
    assert "每万人口发明专利拥有量" in page.locator("h1").inner_text()
    assert page.locator("text=落实它的条文").count() == 1
    _look(page, "target")
    page.goto(f"{server}/targets")
    assert page.locator(".kb-chart svg").count() == 1
    _look(page, "targets")


def test_download_a_units_docx_draft(page, server, tmp_path):
    import docx

    page.goto(f"{server}/unit/自治区版权局")
    _look(page, "unit")
    with page.expect_download() as info:
        page.click("#kb-draft-docx")
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / "draft.docx"
    download.save_as(path)
    document = docx.Document(str(path))
    assert "自治区版权局" in document.paragraphs[0].text
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header[:3] == ["序号", "重点任务", "具体措施"]


def test_the_document_page_reads_as_a_document(page, server):
    """Issue 14: paragraphs are paragraphs (no heading longer than 60 characters), a table of contents leads to
    the parts, ¶ shows on hover only, and the tags show only when 显示标注 is switched on."""
    page.goto(f"{server}/doc/{PLAN_ID}")
    headings = page.eval_on_selector_all(".kb-doc h1, .kb-doc h2, .kb-doc h3, .kb-doc h4, .kb-doc h5, .kb-doc h6",
                                         "els => els.map(e => e.innerText.trim())")
    assert headings and max(map(len, headings)) <= 60, max(headings, key=len)
    assert page.locator("p.kb-runin").count() >= 10  # (一)…行动。实施… paragraphs
    toc = page.locator(".kb-toc a")
    assert toc.count() >= 10
    target = toc.nth(3).get_attribute("href")
    assert page.locator(f'[id="{target[1:]}"]').count() == 1  # each entry leads to its part
    chips = page.locator(".kb-doc .kb-chip")
    assert chips.count() > 20 and not chips.first.is_visible()
    anchor = page.locator(".kb-doc .kb-anchor").first
    assert not anchor.is_visible()
    page.locator(".kb-doc .kb-clause").nth(5).hover()
    assert page.locator(".kb-doc .kb-clause").nth(5).locator(".kb-anchor").is_visible()
    page.check("#kb-show-tags")
    assert chips.first.is_visible()
    _look(page, "document-tags")
    page.reload()
    assert page.locator("#kb-show-tags").is_checked()  # remembered
    page.uncheck("#kb-show-tags")
    assert "已到期" in page.locator(".kb-facts").first.inner_text()


def test_a_phone_sees_no_sideways_scrolling_and_collapsed_facets(browser, server):
    """Issue 14: at 390 px wide, the home page and the search page fit, and the facets are collapsed below the
    results."""
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        for path in ("/", "/search?q=专利", f"/doc/{PLAN_ID}", "/units"):
            phone.goto(server + path)
            _look(phone, "phone-" + (path.strip("/").split("?")[0].replace("/", "-") or "home"))
        phone.goto(server + "/search?q=专利")
        facets = phone.locator("details.kb-facet")
        assert facets.count() >= 3 and all(not facets.nth(i).get_attribute("open") is not None
                                           for i in range(facets.count()))
        results, aside = phone.locator(".kb-results").bounding_box(), phone.locator(".kb-facets").bounding_box()
        assert aside["y"] >= results["y"] + results["height"] - 1  # below the results, not beside them
    finally:
        phone.close()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_download_buttons_can_be_read(page, server):
    """Issue 14: the unit page's download buttons, contrast of their rendered colours ≥ 4.5 (WCAG AA)."""
    page.goto(f"{server}/unit/自治区版权局")
    buttons = page.locator("a.kb-button")
    assert buttons.count() >= 3
    for i in range(buttons.count()):
        colour, background = buttons.nth(i).evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        light, dark = sorted([_luminance(colour), _luminance(background)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (colour, background)
