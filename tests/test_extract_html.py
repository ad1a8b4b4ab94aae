"""kb.extract.html on its own (issue 24): a synthetic government page gives its article, paragraph by paragraph,
with its table, and none of the page's frame; its information table and <meta> tags are facts; a page of menus is
refused; a hostile page costs time and memory in proportion to its size. Every page here is written for the test
(合成测试文本)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from kb.errors import InputError
from kb.extract.common import CELL_SEPARATOR
from kb.extract.html import extract

ARTICLE = ["（合成测试文本，非真实文件）", "各区人民政府，市政府各部门：",
           "为加强专利转化运用，现就有关事项通知如下。",
           "一、到2026年，全市专利转化率明显提升，建成专利转化服务站15个。",
           "二、各区要结合实际，制定具体措施，认真组织实施。"]
TABLE = [["序号", "工作任务", "牵头单位"], ["1", "建设专利转化服务站", "市知识产权局"], ["2", "开展专利质押融资", "市金融办"]]
FRAME = ["首页", "政务公开", "当前位置", "分享到", "打印本页", "版权所有", "ICP备", "网站标识码", "索引号", "您的浏览器",
         "相关链接"]


def _page(body: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}<title>青岚市人民政府_通知</title>"
            f"<script>var tracker = '首页 政务公开';</script><style>.x {{}}</style></head><body>{body}</body>"
            f"</html>").encode("utf-8")


GOV_PAGE = _page(
    """<header class="top"><nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav></header>
    <div class="position">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
    <table class="info">
      <tr><td>索引号：000014349/2024-00012</td><td>发文字号：青政办发〔2024〕12号</td></tr>
      <tr><td>成文日期：2024年03月08日</td><td>发布日期：2024年03月10日</td></tr>
    </table>
    <h1>青岚市人民政府办公室关于推进专利转化的通知</h1>
    <div id="UCAP-CONTENT">"""
    + "".join(f"<p>{line}</p>" for line in ARTICLE)
    + "<table>" + "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in TABLE)
    + """</table></div>
    <div class="bdshare">分享到：<a>微信</a> <a>微博</a></div><div class="tools"><a>打印本页</a></div>
    <aside><h3>相关链接</h3><ul><li><a>青岚市知识产权局</a></li></ul></aside>
    <footer>版权所有：青岚市人民政府 ICP备00000000号 网站标识码0000000000
    <noscript>您的浏览器不支持脚本</noscript></footer>""",
    head='<meta name="ArticleTitle" content="青岚市人民政府办公室关于推进专利转化的通知">'
         '<meta name="PubDate" content="2024-03-10 09:30">')


def test_a_government_page_gives_its_article_and_its_table_without_the_frame():
    extracted = extract(Path("page.html"), GOV_PAGE)
    title = "青岚市人民政府办公室关于推进专利转化的通知"
    rows = [CELL_SEPARATOR.join(row) for row in TABLE]
    assert extracted.text.split("\n")[:-1] == [title, *ARTICLE, *rows]
    for frame in FRAME:
        assert frame not in extracted.text, frame
    assert extracted.format == "html" and extracted.encoding == "utf-8"
    assert extracted.facts["title"] == title and extracted.facts["published_at"] == "2024-03-10 09:30"
    # The information table is read as labelled lines for kb.metadata, not as text.
    assert "发文字号：青政办发〔2024〕12号" in extracted.facts["label_lines"]
    assert "成文日期：2024年03月08日" in extracted.facts["label_lines"]


def test_a_page_without_a_known_marker_gives_the_block_that_holds_the_paragraphs():
    page = _page('<div class="menu"><ul>' + "".join(f"<li><a>栏目{n}</a></li>" for n in range(30)) + "</ul></div>"
                 '<div class="wrap"><div class="left"><p>热点新闻</p></div><div class="main"><h2>关于推进专利转化的通知</h2>'
                 + "".join(f"<p>{line}</p>" for line in ARTICLE) + "</div></div>"
                 '<div class="foot">主办：青岚市人民政府办公室</div>')
    text = extract(Path("page.html"), page).text
    assert text.split("\n")[:-1] == ["关于推进专利转化的通知", *ARTICLE]
    assert "栏目" not in text and "热点新闻" not in text and "主办" not in text


def test_a_page_of_menus_and_links_is_refused():
    page = _page("<nav>" + "".join(f"<a>栏目{n}</a>" for n in range(50)) + "</nav><h1>青岚市人民政府</h1>"
                 + "<ul>" + "".join(f"<li><a>通知{n}</a></li>" for n in range(50)) + "</ul>")
    with pytest.raises(InputError, match="no article text on this page"):
        extract(Path("portal.html"), page)


@pytest.mark.parametrize("opening, closing, depth", [
    ('<div class="content">', "</div>", 20_000),  # a thousand article markers inside one another
    ("<div>", "</div>", 20_000),
    ("<table><tr><td>", "</td></tr></table>", 30),  # each level's cells were read again at every level above
])
def test_a_hostile_page_costs_in_proportion_to_its_size(opening, closing, depth):
    paragraph = "<p>" + "加强知识产权保护工作。" * 3 + "</p>"
    page = _page('<div class="content">' + opening * depth + paragraph + closing * depth + "</div>")
    started = time.monotonic()
    extracted = extract(Path("hostile.html"), page)
    assert extracted.text == "青岚市人民政府\n" + "加强知识产权保护工作。" * 3 + "\n"  # the <title>, then the text
    assert time.monotonic() - started < 60  # linear: seconds; quadratic or exponential: hours


def test_tables_nested_hundreds_deep_are_refused_in_one_line():
    page = _page('<div class="content">' + "<table><tr><td>" * 2000 + "<p>加强知识产权保护工作。</p>"
                 + "</td></tr></table>" * 2000 + "</div>")
    with pytest.raises(InputError, match="nested inside table cells hundreds deep"):
        extract(Path("hostile.html"), page)
