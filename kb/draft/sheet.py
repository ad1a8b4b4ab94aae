"""Spreadsheets: a draft as a workbook, and a plain table as a one-sheet workbook (the site's search export). Every
sheet is printed as offices print tables (kb.draft.sheet_print); text is always stored as text, never a formula.

A draft's workbook: 任务分工表, the sheet an officer prints and hands on (the Word table's columns, one part of the
plan a band, numbered tasks); 任务明细, every column the KB has (its clause, role, themes, notes), filtered, to sort
and check; 仅提及, the items that only name the unit, with the reason each is listed; and 编制依据."""
from __future__ import annotations

from typing import BinaryIO

from ..numerals import chinese_numeral
from ..tasks import SHEET_ROLE_LABELS
from .model import AreaGroup, Draft, Task
from .sheet_print import BODY_PT, lines_in, new_workbook, print_setup, put_cell, row_height_pt, table_cell, title_row
from .text import (CANDIDATES_HEADER, MENTION_HEADERS, MENTIONS_HEADING, NOTES_HEADER, SHEET_HEADERS, TASK_HEADERS,
                   mention_cells, task_cells, task_notes, xml_text)

SHEET_TASKS, SHEET_DETAIL, SHEET_MENTIONS, SHEET_BASIS = "任务分工表", "任务明细", "仅提及", "编制依据"
TITLE_ROW, HEADER_ROW = 1, 2
# Widths in Excel's units (kb.draft.sheet_print: a Chinese character of the 10.5 pt body takes two): the printed
# sheet fits A4 landscape at full size, the detail sheet at no less than 9 pt.
PRINT_WIDTHS = {"序号": 5, "重点任务": 42, "具体措施": 14, "牵头单位": 13, "配合单位": 14, CANDIDATES_HEADER: 16,
                "完成时限": 9, "相关指标": 22}
DETAIL_WIDTHS = {"领域": 12, "序号": 5, "重点任务": 34, "条文编号": 12, "具体措施": 8, "牵头单位": 10, "配合单位": 10,
                 CANDIDATES_HEADER: 14, "完成时限": 7, "相关指标": 14, "角色": 8, "主题": 10, NOTES_HEADER: 12}
MENTION_WIDTHS = [5, 66, 14, 18, 40]
BASIS_WIDTHS = [6, 110]
CENTRED = {"序号", "完成时限"}
NO_TASKS = "知识库中没有指派给本单位的条文。"
NO_MENTIONS = "本文件中没有只提及本单位的条文。"


def write_xlsx(draft: Draft, stream: BinaryIO) -> None:
    """Write the draft to ``stream`` (a binary file or io.BytesIO) as a workbook of four sheets, each printed A4
    landscape one page wide with its title and header rows on every page: 任务分工表 (TASK_HEADERS, a band per part
    of the plan), 任务明细 (SHEET_HEADERS, one row per task, filtered), 仅提及 (MENTION_HEADERS) and 编制依据."""
    workbook = new_workbook()
    _print_sheet(workbook.active, draft)
    _detail_sheet(workbook.create_sheet(SHEET_DETAIL), draft)
    _mentions_sheet(workbook.create_sheet(SHEET_MENTIONS), draft)
    _basis_sheet(workbook.create_sheet(SHEET_BASIS), draft)
    workbook.properties.title = xml_text(draft.title)
    workbook.properties.creator = xml_text(draft.unit)
    workbook.properties.description = xml_text(draft.generated_from)
    workbook.save(stream)


def write_table(stream: BinaryIO, sheet_name: str, heading: str, headers: list[str], rows: list[list],
                widths: list[float], properties: dict[str, str] | None = None) -> None:
    """Write a one-sheet workbook to ``stream``: the sheet named ``sheet_name``, ``heading`` over the table (what
    it holds: a search's query, date and count), ``headers`` under it, then ``rows``, text stored as text, every
    cell wrapped and bordered; columns ``widths`` wide (Excel's units), printed as kb.draft.sheet_print prints.
    ``properties``: document properties (title, subject, keywords, description …) set on the workbook. Raises
    ValueError when the widths would print below 9 pt."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    last = _table(sheet, heading, headers, rows, widths)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(sheet, widths, (TITLE_ROW, HEADER_ROW), last)
    for name, value in (properties or {}).items():
        setattr(workbook.properties, name, xml_text(value))
    workbook.save(stream)


def _table(sheet, heading: str, headers: list[str], rows: list[list], widths: list[float],
           centred: set[str] = frozenset()) -> int:
    """``heading`` merged over the columns, the header row, then ``rows``, each as tall as its wrapped text; returns
    the last row's number."""
    title_row(sheet, TITLE_ROW, heading, len(headers), lines=max(1, -(-len(heading) // 60)))
    labels = [_header_label(header, width) for header, width in zip(headers, widths)]
    for column, label in enumerate(labels, start=1):
        table_cell(put_cell(sheet, HEADER_ROW, column, label), header=True)
    sheet.row_dimensions[HEADER_ROW].height = row_height_pt(labels, widths)
    number = HEADER_ROW
    for number, values in enumerate(rows, start=HEADER_ROW + 1):
        for column, (header, value) in enumerate(zip(headers, values), start=1):
            table_cell(put_cell(sheet, number, column, value), centred=header in centred)
        sheet.row_dimensions[number].height = row_height_pt(values, widths)
    return number


def _header_label(header: str, width: float) -> str:
    """A header as its cell shows it: one too wide for its column breaks before its bracket (可能相关单位 / （待确认）),
    never inside it."""
    return header.replace("（", "\n（", 1) if "（" in header and lines_in(header, width, BODY_PT) > 1 else header


def _band(sheet, row: int, text: str, columns: int, widths: list[float]) -> None:
    """A row across the table naming the part of the plan the rows under it stand in: merged, bold, bordered."""
    from openpyxl.utils import get_column_letter

    for column in range(1, columns + 1):
        table_cell(put_cell(sheet, row, column, text if column == 1 else None), bold=True)
    sheet.merge_cells(f"A{row}:{get_column_letter(columns)}{row}")
    sheet.row_dimensions[row].height = row_height_pt([text], [sum(widths)])


def _print_sheet(sheet, draft: Draft) -> None:
    """任务分工表: the title, TASK_HEADERS, and per part of the plan a band (（一）…) over its tasks."""
    widths = [PRINT_WIDTHS[header] for header in TASK_HEADERS]
    sheet.title = SHEET_TASKS
    last = _table(sheet, draft.title, TASK_HEADERS, [], widths)
    for index, group in enumerate(draft.groups, start=1):
        last += 1
        _band(sheet, last, f"（{chinese_numeral(index)}）{group.area_name}", len(TASK_HEADERS), widths)
        for task in group.tasks:
            last += 1
            values = [task.number] + task_cells(task)[1:]
            for column, (header, value) in enumerate(zip(TASK_HEADERS, values), start=1):
                table_cell(put_cell(sheet, last, column, value), centred=header in CENTRED)
            sheet.row_dimensions[last].height = row_height_pt(values, widths)
    if not draft.groups:
        last += 1
        _band(sheet, last, NO_TASKS, len(TASK_HEADERS), widths)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(sheet, widths, (TITLE_ROW, HEADER_ROW), last)


def _detail_row(group: AreaGroup, task: Task) -> list:
    cells = dict(zip(TASK_HEADERS, task_cells(task)))
    notes = task_notes(task)[1:]  # the clause has a column of its own here
    return [group.area_name, task.number, cells["重点任务"], task.clause_id, task.measures, cells["牵头单位"],
            cells["配合单位"], cells[CANDIDATES_HEADER], task.deadline, cells["相关指标"],
            SHEET_ROLE_LABELS.get(task.role, task.role), "、".join(task.themes),
            "\n".join(note for note in notes if not note.startswith("主题"))]


def _detail_sheet(sheet, draft: Draft) -> None:
    """任务明细: every task with every column (SHEET_HEADERS), filtered; the reason a unit is tagged as a comment on
    its 角色 cell, where a reviewer looks when the role seems wrong."""
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    widths = [DETAIL_WIDTHS[header] for header in SHEET_HEADERS]
    tasks = [(group, task) for group in draft.groups for task in group.tasks]
    last = _table(sheet, f"{draft.title}·{SHEET_DETAIL}", SHEET_HEADERS,
                  [_detail_row(group, task) for group, task in tasks], widths, CENTRED)
    for row, (_, task) in enumerate(tasks, start=HEADER_ROW + 1):
        if task.reason:
            sheet.cell(row, SHEET_HEADERS.index("角色") + 1).comment = Comment(xml_text(task.reason), "kb")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(SHEET_HEADERS))}{max(last, HEADER_ROW)}"
    print_setup(sheet, widths, (TITLE_ROW, HEADER_ROW), last)


def _mentions_sheet(sheet, draft: Draft) -> None:
    """仅提及: the items that only name the unit, each with the reason it is listed."""
    rows = [mention_cells(mention) for mention in draft.mentions] or [["", NO_MENTIONS, "", "", ""]]
    last = _table(sheet, f"{draft.unit}：{MENTIONS_HEADING}", MENTION_HEADERS, rows, MENTION_WIDTHS, {"序号"})
    print_setup(sheet, MENTION_WIDTHS, (TITLE_ROW, HEADER_ROW), last)


def _basis_sheet(sheet, draft: Draft) -> None:
    """编制依据: the documents the draft is made under, numbered, and the note on how it was made."""
    rows = [[number, line] for number, line in enumerate(draft.basis, start=1)] + [["", draft.generated_from]]
    last = _table(sheet, SHEET_BASIS, ["序号", "文件"], rows, BASIS_WIDTHS, {"序号"})
    print_setup(sheet, BASIS_WIDTHS, (TITLE_ROW, HEADER_ROW), last)
