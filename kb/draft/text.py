"""What every writer of a draft shares: its columns, the unit separator, the note under a task's text, and text made
fit for an Office file."""
from __future__ import annotations

import re

from ..vocabulary import PENDING
from .model import Task

CANDIDATES_HEADER = f"可能相关单位（{PENDING}）"
# The columns of the Word and Markdown tables, one table per part of the plan.
TABLE_HEADERS = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "完成时限", "相关指标"]
# The columns of the spreadsheet, one sheet for all the tasks, to filter and fill in.
SHEET_HEADERS = ["领域", "序号", "重点任务", "条文编号", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "完成时限",
                 "相关指标", "角色", "主题"]
UNIT_SEPARATOR = "、"
# Characters XML 1.0 (so Word and Excel files) cannot hold: C0 controls other than tab, newline and return. A text
# may carry a few (kb.corpus lets a stray one through); a writer drops them rather than fail on them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an Office file cannot hold."""
    return _NOT_XML.sub("", text)


def task_cell_note(task: Task) -> str:
    """The note under a task's text in the Word and Markdown tables: its item's id, 待确认 for a guess, and its
    themes: （条文 gx-ipap-2015.2.4.2.1；待确认：…）（主题：版权、保护）."""
    pending = f"；{PENDING}：条文未点名单位，按职责推断为可能相关" if task.pending else ""
    themes = f"（主题：{'、'.join(task.themes)}）" if task.themes else ""
    return f"（条文 {task.clause_id}{pending}）{themes}"
