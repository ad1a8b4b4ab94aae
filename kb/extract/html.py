"""Saved government web pages: the article body, without navigation, scripts, share bars and footers.

The article is the element the page marks as its content where it uses a known marker (gov.cn's
``#UCAP-CONTENT`` / ``.pages_content``, TRS's ``.TRS_Editor``, ``#zoom``, <article>), otherwise the element
that holds the most Chinese text in paragraphs. gov.cn's information table (索引号 / 发文字号 / 成文日期 …) and
the <meta> tags are read as facts, not as text."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .common import Extracted, cell_text, lines_to_text, row_line

ARTICLE_SELECTORS = ["#UCAP-CONTENT", ".pages_content", ".TRS_Editor", "#zoom", ".article-content",
                     ".article_content", "#content", ".content", "article"]
DROPPED_TAGS = ["script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
                "input", "select", "textarea", "link", "meta", "object", "embed", "svg", "canvas", "template"]
# A class or id naming page furniture (a whole word of it: "share", "foot-nav", "breadcrumb").
_FURNITURE = re.compile(r"(?:^|[-_\s])(nav|navbar|menu|header|footer|foot|share|bdshare|breadcrumbs?|crumbs?|"
                        r"position|location|sidebar|side|related|print|toolbar|tools|login|search|copyright|"
                        r"bottom|topbar|pagination|pager|qrcode|ewm)(?:$|[-_\s\d])", re.I)
# A cell or line that opens with a label (发文字号: …, 发布时间: … 来源: …): the labels are read, and mapped to facts,
# by kb.metadata with rules/metadata.yml `labels`; here they are only found.
_LABEL_CELL = re.compile(r"^\s*((?:[\u4e00-\u9fff][\s\u3000]*){2,6})[:：]")  # 文　　号：
META_FACTS = {"articletitle": "title", "pubdate": "published_at", "firstpublishedtime": "published_at"}
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "section", "article",
              "blockquote", "pre", "center", "dd", "dt", "dl", "tbody", "thead"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _read_info_table(soup, facts: dict):
    """The label lines of an information table or info bar (索引号 / 发文字号 / 成文日期 …, 发布时间: … 来源: …), in
    ``facts["label_lines"]``; a table of three or more labelled cells is then taken out of the page."""
    lines, counts, tables = [], {}, {}
    # The elements holding a block (each marked once, walking up from every block): a cell is one that holds none.
    # (Asking each element for a block inside it walks to its last descendant: 20,000 nested <div>, quadratic.)
    holders: set[int] = set()
    for block in soup.find_all(["td", "th", "div", "table", "p", "li"]):
        parent = block.parent
        while parent is not None and id(parent) not in holders:
            holders.add(id(parent))
            parent = parent.parent
    for cell in soup.find_all(["td", "th", "span", "li", "b", "strong", "label", "div", "p"]):
        if id(cell) in holders:
            continue
        text = cell.get_text(" ", strip=True)
        labelled = _LABEL_CELL.match(text)
        if not labelled:
            continue
        if not text[labelled.end():].strip():
            following = cell.find_next_sibling()
            text += following.get_text(" ", strip=True) if following is not None else ""
        lines.append(re.sub(r"[\s\u3000]+", "", labelled[1]) + text[labelled.end() - 1:])
        container = cell.find_parent("table")
        if container is not None:
            counts[id(container)] = counts.get(id(container), 0) + 1
            tables[id(container)] = container
    facts["label_lines"] = lines
    for key, table in tables.items():
        if counts[key] >= 3:
            table.decompose()


def _is_furniture(element) -> bool:
    attrs = getattr(element, "attrs", None) or {}
    names = " ".join(attrs.get("class") or []) + " " + (attrs.get("id") or "")
    return bool(_FURNITURE.search(names))


def _outermost(elements: list) -> list:
    """The elements (in document order) that are inside none of the others."""
    inside: set[int] = set()
    kept = []
    for element in elements:
        if id(element) in inside:
            continue
        kept.append(element)
        inside.update(id(d) for d in element.descendants)
    return kept


def _article(soup):
    for selector in ARTICLE_SELECTORS:
        # An element holds all the text of an element inside it: the outermost of those that match is the
        # largest (and the first, on a tie), and measuring only those keeps a page of a thousand nested matches
        # linear.
        counted = [(len(_CJK.findall(e.get_text())), e) for e in _outermost(soup.select(selector))]
        found = [(count, e) for count, e in counted if count]
        if found:
            return max(found, key=lambda pair: pair[0])[1]
    scores = {}
    for paragraph in soup.find_all(["p", "br"]):
        parent = paragraph.parent
        weight = len(_CJK.findall(paragraph.get_text())) if paragraph.name == "p" else 5
        for share, holder in ((1.0, parent), (0.5, parent.parent if parent else None)):
            if holder is not None:
                scores[id(holder)] = (scores.get(id(holder), (0, holder))[0] + share * weight, holder)
    if not scores:
        return soup.body or soup
    return max(scores.values(), key=lambda pair: pair[0])[1]


_NOT_TEXT = ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData")


def _lines(element) -> list[str]:
    """The element's text as lines: a line ends at <br> and at each block; a table row is one line of its cells
    (kb.extract.common.row_line). Walked with a stack of its own, not by recursion: a page nests its blocks as
    deep as it likes."""
    from bs4 import NavigableString, Tag

    lines, current = [], []

    def flush():
        if current:
            lines.append("".join(current))
            current.clear()

    stack = [(iter(element.children), False)]  # each open element's children, and whether it is a block
    while stack:
        child = next(stack[-1][0], None)
        if child is None:
            if stack.pop()[1]:
                flush()
        elif isinstance(child, NavigableString):
            if child.__class__.__name__ not in _NOT_TEXT:
                # Line breaks in the page source are not in the text; runs of other spaces are one space.
                current.append(re.sub(r"[ \t\u00a0]+", " ", re.sub(r"\s*\n\s*", "", str(child))))
        elif isinstance(child, Tag):
            if child.name == "br":
                flush()
            elif child.name == "tr":
                flush()
                # A cell's own lines (split at <br> and blocks, not at inline tags) make its text; a table inside
                # a cell is in those lines, and its cells are no cells of this row (read again at every level,
                # tables nested thirty deep would make gigabytes of text from a kilobyte page).
                lines.append(row_line(cell_text(_lines(cell)) for cell in child.find_all(["td", "th"],
                                                                                         recursive=False)))
            else:
                if child.name in BLOCK_TAGS:
                    flush()
                stack.append((iter(child.children), child.name in BLOCK_TAGS))
    flush()
    return lines


ARTICLE_LINE_CJK = 10  # a page's text has at least one line of this many Chinese characters besides its title


def extract(path: Path, data: bytes, encoding: str | None = None) -> Extracted:
    """The article of a saved web page (``data``, the bytes of ``path``; ``encoding``: the page's encoding when
    known from outside it, as a fetched page's HTTP header), one paragraph or table row a line, with the title
    above it when the page shows it outside the body; its <meta> facts and information table's labelled lines in
    ``facts``. Raises InputError for a page with no article text (menus and links only) or nested past reason."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml", from_encoding=encoding)
    facts = {}
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or "").lower()
        if name in META_FACTS and meta.get("content", "").strip():
            facts.setdefault(META_FACTS[name], meta["content"].strip())
    for tag in soup.find_all(["script", "style", "noscript", "template"]):
        tag.decompose()
    _read_info_table(soup, facts)  # first: it often sits in a block whose class says "header"
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for element in soup.find_all(True):
        if element.parent is not None and element.name not in ("html", "body") and _is_furniture(element):
            element.decompose()
    if "title" not in facts:
        heading = soup.find(["h1", "h2"])
        if heading is not None and heading.get_text(strip=True):
            facts["title"] = heading.get_text("", strip=True)
        elif soup.title is not None and soup.title.get_text(strip=True):
            facts["title"] = re.split(r"[_|－-]", soup.title.get_text(strip=True))[0]
    article = _article(soup)
    try:
        text = lines_to_text(_lines(article))
    except RecursionError:  # tables inside table cells, hundreds deep: no document's page
        raise InputError(path, "tables nested inside table cells hundreds deep: this is no document's page") \
            from None
    title = facts.get("title")
    if not any(len(_CJK.findall(line)) >= ARTICLE_LINE_CJK for line in text.split("\n")
               if not title or re.sub(r"\s", "", line) != re.sub(r"\s", "", title)):
        # Menus, link lists and a title: a portal's front page, a list page, or an article the site draws with
        # scripts. Filing it would make a document of navigation words.
        raise InputError(path, "no article text on this page (only a title, menus or links); save the page that "
                               "shows the document's text, or its attachment")
    head = "".join(text.split("\n")[:6])
    if title and re.sub(r"\s", "", title) not in re.sub(r"\s", "", head):
        # The page shows its title above the article, outside the body: the document begins with it.
        text = lines_to_text([title]) + text
    return Extracted(path=path, format="html", text=text, encoding=soup.original_encoding, facts=facts)
