"""What every writer of a draft shares: its columns, the unit separator, a task's cells and notes (in a column of
their own), a mention's cells, and text made fit for an Office file."""
from __future__ import annotations

import re

from ..vocabulary import PENDING
from .model import Mention, Task

CANDIDATES_HEADER = f"可能相关单位（{PENDING}）"
NOTES_HEADER = "备注"
# The columns of the Word and Markdown tables, one table per part of the plan, and of the printed sheet (which has
# no 备注: its notes are on the detail sheet). The notes (its clause, themes and 待确认) stand in their own column,
# never in the task's text.
TASK_HEADERS = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "完成时限", "相关指标"]
TABLE_HEADERS = TASK_HEADERS + [NOTES_HEADER]
# Markdown gives each note a field of its own.
MARKDOWN_HEADERS = TASK_HEADERS + ["条文编号", "主题", NOTES_HEADER]
# The columns of the spreadsheet's detail sheet, one sheet for all the tasks, to filter and fill in.
SHEET_HEADERS = ["领域", "序号", "重点任务", "条文编号", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "完成时限",
                 "相关指标", "角色", "主题", NOTES_HEADER]
# The columns of the items that only name the unit, listed apart from the tasks.
MENTION_HEADERS = ["序号", "条文", "条文编号", "所在部分", "列入理由"]
MENTIONS_HEADING = "仅提及本单位的条文（不列入任务分工）"
UNIT_SEPARATOR = "、"
# Characters XML 1.0 (so Word and Excel files) cannot hold: C0 controls other than tab, newline and return. A text
# may carry a few (kb.corpus lets a stray one through); a writer drops them rather than fail on them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an Office file cannot hold."""
    return _NOT_XML.sub("", text)


def task_notes(task: Task) -> list[str]:
    """A task's notes, each a line of its own column (备注), never part of its text: the item it is, its themes and,
    for a guess, 待确认 and why: [条文 gx-ipap-2015.2.4.2.1, 主题：版权、保护, 待确认：…]."""
    return [f"条文 {task.clause_id}"] + ([f"主题：{'、'.join(task.themes)}"] if task.themes else []) \
        + ([task.pending_note] if task.pending else [])


def task_cells(task: Task) -> list[str]:
    """A task's cells under TASK_HEADERS, as text: units joined by UNIT_SEPARATOR, indicators one a line."""
    return [str(task.number), task.heading_and_text, task.measures, UNIT_SEPARATOR.join(task.lead_units),
            UNIT_SEPARATOR.join(task.cooperating_units), UNIT_SEPARATOR.join(task.candidate_units), task.deadline,
            "\n".join(task.indicators)]


def mention_cells(mention: Mention) -> list[str]:
    """A mention's cells under MENTION_HEADERS, as text."""
    return [str(mention.number), mention.text, mention.clause_id, mention.area_name, mention.reason]
