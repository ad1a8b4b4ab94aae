"""A draft as Markdown: title, 编制依据, and per part of the plan a pipe table with the Word table's columns; its
text always reads as itself, never as HTML or a link."""
from __future__ import annotations

import re
from typing import BinaryIO

from ..numerals import chinese_numeral
from .model import Draft
from .text import TABLE_HEADERS, UNIT_SEPARATOR, task_cell_note, xml_text

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


def render_markdown(draft: Draft) -> str:
    """The draft as Markdown: title, 编制依据, and per area a pipe table with the Word table's columns."""
    lines = [f"# {markdown_text(draft.title)}", "", "## 一、编制依据", ""]
    lines += [f"{number}. {markdown_text(line)}" for number, line in enumerate(draft.basis, start=1)]
    lines += ["", "## 二、任务分工", ""]
    if not draft.groups:
        lines += ["知识库中没有指派给本单位的条文。", ""]
    for index, group in enumerate(draft.groups, start=1):
        lines += [f"### （{chinese_numeral(index)}）{markdown_text(group.area_name)}", "", _md_row(TABLE_HEADERS),
                  "| " + " | ".join("---" for _ in TABLE_HEADERS) + " |"]
        for task in group.tasks:
            lines.append(_md_row([str(task.number), f"{task.heading_and_text}{task_cell_note(task)}", task.measures,
                                  UNIT_SEPARATOR.join(task.lead_units), UNIT_SEPARATOR.join(task.cooperating_units),
                                  UNIT_SEPARATOR.join(task.candidate_units), task.deadline, "；".join(task.indicators)]))
        lines.append("")
    lines += [f"> {markdown_text(draft.generated_from)}", ""]
    return "\n".join(lines)


def write_markdown(draft: Draft, stream: BinaryIO) -> None:
    """Write the draft to ``stream`` (a binary file or io.BytesIO) as Markdown (``render_markdown``), in UTF-8."""
    stream.write(render_markdown(draft).encode("utf-8"))
