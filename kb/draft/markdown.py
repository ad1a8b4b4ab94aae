"""A draft as Markdown: title, 编制依据, per part of the plan a pipe table with the Word table's columns (each note a
field of its own), and the items that only name the unit apart, with their reason; its text always reads as itself,
never as HTML or a link."""
from __future__ import annotations

import re
from typing import BinaryIO

from ..numerals import chinese_numeral
from .model import Draft
from .text import (MARKDOWN_HEADERS, MENTION_HEADERS, MENTIONS_HEADING, mention_cells, task_cells,
                   xml_text)

# A Markdown reader passes HTML through: a clause holding <script> or <img onerror=…> would run in whoever views
# the draft, and [text](javascript:…) would be a link. Text is written so that it reads as itself: a backslash is
# doubled, a < that could open a tag, a comment or an autolink (a letter, / ! ? after it) and an & that would
# spell an entity become &lt; and &amp;, and [ is escaped, so no link, image or link definition can be made.
# "R&D", "<5%" and 《》 stay as they are.
_MD_SPECIAL = re.compile(r"\\|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)|\[")
_MD_ESCAPED = {"\\": "\\\\", "<": "&lt;", "&": "&amp;", "[": "\\["}


def markdown_text(text: str) -> str:
    """``text`` as Markdown inline text that renders as exactly ``text``, never as HTML or a link; line breaks
    become spaces."""
    text = _MD_SPECIAL.sub(lambda m: _MD_ESCAPED[m.group()], xml_text(text))
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def _md_cell(text: str) -> str:
    # In a table cell a line break is <br> and a | is escaped: the row stays one row.
    text = _MD_SPECIAL.sub(lambda m: _MD_ESCAPED[m.group()], xml_text(text))
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(_md_cell(cell) for cell in cells) + " |"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    return [_md_row(headers), "| " + " | ".join("---" for _ in headers) + " |"] + [_md_row(row) for row in rows]


def render_markdown(draft: Draft) -> str:
    """The draft as Markdown: title, 编制依据, per area a pipe table (MARKDOWN_HEADERS: the task's cells, then its
    clause, themes and 待确认 each in a field of its own), then the items that only name the unit (MENTION_HEADERS)."""
    lines = [f"# {markdown_text(draft.title)}", "", "## 一、编制依据", ""]
    lines += [f"{number}. {markdown_text(line)}" for number, line in enumerate(draft.basis, start=1)]
    lines += ["", "## 二、任务分工", ""]
    if not draft.groups:
        lines += ["知识库中没有指派给本单位的条文。", ""]
    for index, group in enumerate(draft.groups, start=1):
        lines += [f"### （{chinese_numeral(index)}）{markdown_text(group.area_name)}", ""]
        rows = [task_cells(task) + [task.clause_id, "、".join(task.themes), task.pending_note] for task in group.tasks]
        lines += _table(MARKDOWN_HEADERS, rows) + [""]
    if draft.mentions:
        lines += [f"## 三、{MENTIONS_HEADING}", ""]
        lines += _table(MENTION_HEADERS, [mention_cells(mention) for mention in draft.mentions]) + [""]
    lines += [f"> {markdown_text(draft.generated_from)}", ""]
    return "\n".join(lines)


def write_markdown(draft: Draft, stream: BinaryIO) -> None:
    """Write the draft to ``stream`` (a binary file or io.BytesIO) as Markdown (``render_markdown``), in UTF-8."""
    stream.write(render_markdown(draft).encode("utf-8"))
