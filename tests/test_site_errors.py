"""Issue 25 (review): error pages, Datasette's own pages and the search's query, as a visitor meets them on the
real Datasette app serving the bundled corpus (tests/conftest.py): Chinese throughout, SQLite's own message only
inside a collapsed detail, headings by status, Datasette's pages about itself not served, and a query bounded."""
from __future__ import annotations

import html
import io
import re

import pytest

from conftest import PLAN_ID

DEBUG_PAGES = ("/-/patterns", "/-/allow-debug", "/-/messages", "/-/permissions", "/-/metadata", "/-/threads",
               "/-/databases", "/-/versions", "/-/plugins", "/-/settings", "/-/config", "/-/actor",
               "/-/metadata.json", "/-/threads.json", "/-/settings.json", "/-/config.json", "/-/actor.json")


def _main(page: str) -> str:
    """The visible text of a page's main part, without its <details> (what is read without opening them)."""
    body = page[page.index("<main"):page.index("</main>")] if "<main" in page else page
    body = re.sub(r"<details\b.*?</details>", " ", body, flags=re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _heading(page: str) -> str:
    return html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).strip()


@pytest.mark.parametrize("path, words, sqlite", [
    ("/kb?sql=select+nope+from+clauses", "查询用到了本库没有的列", "no such column: nope"),
    ("/kb?sql=select+*+from+nothere", "查询用到了本库没有的表", "no such table: nothere"),
    ("/kb/clauses?_where=nope%3D1", "查询用到了本库没有的列", "no such column: nope"),
    ("/kb/-/x", "查询用到了本库没有的表", "no such table: -"),
])
def test_a_query_error_is_said_in_chinese_with_sqlites_message_in_a_detail(get, path, words, sqlite):
    page = get(path)
    assert page.status_code == 400
    main = _main(page.text)
    assert words in main and sqlite not in main and "Invalid SQL" not in page.text
    assert re.search(r"<details[^>]*><summary>SQLite 的原始信息</summary><code>" + re.escape(html.escape(sqlite)),
                     page.text)
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"(政策文本知识库|SQL|SQLite|Datasette)", "", main)), main


def test_error_headings_follow_the_status(get):
    assert _heading(get("/kb/clauses?_sort=nope").text) == "请求有误"  # Datasette's 400
    assert _heading(get("/targets?_next=abc").text) == "请求有误"  # the site's own 400
    missing = get("/nonexistent")
    assert missing.status_code == 404 and _heading(missing.text) == "未找到"
    assert "没有这个页面" in _main(missing.text) and "没有这个数据库" not in missing.text
    assert _heading(get(f"/target/{PLAN_ID}.nothing").text) == "未找到"


@pytest.mark.parametrize("path", DEBUG_PAGES)
def test_datasettes_pages_about_itself_are_not_served(get, path):
    page = get(path)
    assert page.status_code == 404 and _heading(page.text) == "未找到" and "没有这个页面" in page.text
    assert "Forbidden" not in page.text and "Permission denied" not in page.text


def test_what_the_site_and_its_tools_read_under_dash_is_still_served(get):
    for path in ("/-/versions.json", "/-/plugins.json", "/-/databases.json"):
        assert get(path).status_code == 200, path
    assert get("/-/static/app.css").status_code == 200


def test_a_refused_request_is_the_sites_chinese_page(datasette, event_loop_runner):
    from datasette.utils.asgi import Request

    from kb.datasette_plugin.errors import forbidden

    request = Request.fake("/kb/clauses")
    request.scope["csrftoken"] = lambda: ""
    response = event_loop_runner(forbidden(datasette, request, "view-instance")())
    assert response.status == 403 and _heading(response.body) == "无权访问"
    assert "Forbidden" not in response.body and "Permission denied" not in response.body


@pytest.mark.parametrize("table", ["clause_units", "clause_areas", "target_links", "unit_counts"])
def test_the_link_column_of_a_compound_key_table_is_chinese(get, table):
    page = get(f"/kb/{table}").text
    header = page[page.index("<thead>"):page.index("</thead>")]
    assert re.search(r'data-column="Link"[^>]*>\s*链接\s*</th>', header)
    assert not re.search(r">\s*Link\s*<", header)


def test_a_query_too_long_is_a_chinese_400_saying_the_limit(get):
    from kb.datasette_plugin.search_pages import QUERY_LIMIT

    long = "质押" * 2000  # 4000 characters, 12 KB in UTF-8
    for path in ("/search", "/search.xlsx"):
        page = get(path, q=long)
        assert page.status_code == 400 and _heading(page.text) == "请求有误", path
        assert f"最多 {QUERY_LIMIT} 个字" in page.text and len(page.content) < 50_000
    assert get("/search", q="质押" * (QUERY_LIMIT // 2)).status_code == 200  # at the limit: searched


@pytest.mark.parametrize("blank", [" ", "\u3000", "\n\r", " \u3000\t"])
def test_a_query_of_only_whitespace_is_no_query(get, blank):
    import openpyxl

    none, page = get("/search", area="patent"), get("/search", q=blank, area="patent")
    assert page.status_code == 200 and "的搜索结果" not in page.text and 'id="kb-no-terms"' not in page.text
    hits = re.findall(r'class="kb-hit"', page.text)
    assert hits and len(hits) == len(re.findall(r'class="kb-hit"', none.text))
    assert _heading(page.text) == _heading(none.text) == "搜索结果"
    sheet = openpyxl.load_workbook(io.BytesIO(get("/search.xlsx", q=blank).content)).active
    every = openpyxl.load_workbook(io.BytesIO(get("/search.xlsx").content)).active
    assert sheet.max_row == every.max_row > 2
    assert sheet["A1"].value == every["A1"].value  # the same heading: no “ ” query recorded
