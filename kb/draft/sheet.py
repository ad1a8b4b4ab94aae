"""Spreadsheets: a draft as a workbook (a 任务分工表 sheet to filter and fill in, and a 编制依据 sheet), and a plain
table as a one-sheet workbook (the site's search export). Text is always stored as text, never as a formula."""
from __future__ import annotations

import unicodedata
from typing import BinaryIO

from ..tasks import SHEET_ROLE_LABELS
from .model import AreaGroup, Draft, Task
from .text import CANDIDATES_HEADER, SHEET_HEADERS, UNIT_SEPARATOR, xml_text

SHEET_TASKS, SHEET_BASIS = "任务分工表", "编制依据"
# The widest each column may grow, in Excel's width units (a Latin character; a Chinese one takes two).
SHEET_COLUMN_WIDTHS = {"领域": 18, "序号": 6, "重点任务": 60, "条文编号": 24, "具体措施": 30, "牵头单位": 24,
                       "配合单位": 28, CANDIDATES_HEADER: 30, "完成时限": 14, "相关指标": 36, "角色": 20, "主题": 20}
LINE_HEIGHT_PT = 15  # one wrapped line of 11 pt text
WRAPPED_COLUMNS = {"重点任务", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "相关指标"}
TITLE_ROW, HEADER_ROW = 1, 2


def display_width(text: str) -> int:
    """How many Latin character widths ``text`` takes in a cell: East Asian wide and full-width characters
    (Unicode East_Asian_Width W or F) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def put_cell(sheet, row: int, column: int, value):
    """Write ``value`` into the cell at ``row``, ``column`` (1-based) and return the cell. Text is stored as text,
    always: openpyxl would store a string that starts with ``=`` as a formula (``=HYPERLINK(…)`` in a clause would
    become a live link in Excel) and ``#N/A`` as an error value. Numbers stay numbers."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = xml_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def write_table(stream: BinaryIO, title: str, headers: list[str], rows: list[list], widths: list[float],
                wrapped: set[int]) -> None:
    """Write a one-sheet workbook to ``stream``: the sheet named ``title``, ``headers`` in bold in its first row
    (frozen), then ``rows``, text stored as text (``put_cell``); column widths ``widths`` in Excel's units, and the
    columns numbered in ``wrapped`` (1-based) wrapped and top-aligned."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for column, header in enumerate(headers, start=1):
        put_cell(sheet, 1, column, header).font = Font(bold=True)
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = put_cell(sheet, number, column, value)
            if column in wrapped:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    workbook.save(stream)


def write_xlsx(draft: Draft, stream: BinaryIO) -> None:
    """Write the draft to ``stream`` (a binary file or io.BytesIO) as a workbook: a 任务分工表 sheet (its title
    over the columns of SHEET_HEADERS, one row per task, filtered, printed A4 landscape one page wide) and a
    编制依据 sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TASKS
    _title_and_headers(sheet, draft.title)
    tasks = [(group, task) for group in draft.groups for task in group.tasks]
    rows = [_sheet_row(group, task) for group, task in tasks]
    widths = _column_widths(sheet, rows)
    last_row = _task_rows(sheet, [task for _, task in tasks], rows, widths)
    _print_setup(sheet, last_row)
    _basis_sheet(workbook.create_sheet(SHEET_BASIS), draft)
    workbook.save(stream)


def _sheet_row(group: AreaGroup, task: Task) -> list:
    return [group.area_name, task.number, task.heading_and_text, task.clause_id, task.measures,
            UNIT_SEPARATOR.join(task.lead_units), UNIT_SEPARATOR.join(task.cooperating_units),
            UNIT_SEPARATOR.join(task.candidate_units), task.deadline, "\n".join(task.indicators),
            SHEET_ROLE_LABELS.get(task.role, task.role), "、".join(task.themes)]


def _title_and_headers(sheet, title: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    put_cell(sheet, TITLE_ROW, 1, title).font = Font(bold=True, size=14)
    sheet.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A{TITLE_ROW}:{get_column_letter(len(SHEET_HEADERS))}{TITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 36
    for column, header in enumerate(SHEET_HEADERS, start=1):
        cell = put_cell(sheet, HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")


def _column_widths(sheet, rows: list[list]) -> dict[str, int]:
    """Each column as wide as its widest line (Chinese counted double), up to its limit; wrapped text fits."""
    from openpyxl.utils import get_column_letter

    widths = {}
    for column, header in enumerate(SHEET_HEADERS):
        longest = max([display_width(header)] + [display_width(line) for row in rows
                                                  for line in str(row[column] or "").split("\n")])
        widths[header] = min(SHEET_COLUMN_WIDTHS[header], longest + 2)
        sheet.column_dimensions[get_column_letter(column + 1)].width = widths[header]
    return widths


def _task_rows(sheet, tasks: list[Task], rows: list[list], widths: dict[str, int]) -> int:
    """The tasks' rows under the header row, each tall enough for its wrapped lines; returns the last row's
    number."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment

    row_number = HEADER_ROW
    for task, values in zip(tasks, rows):
        row_number += 1
        lines = 1
        for column, (header, value) in enumerate(zip(SHEET_HEADERS, values), start=1):
            cell = put_cell(sheet, row_number, column, value)
            cell.alignment = Alignment(vertical="top", wrap_text=header in WRAPPED_COLUMNS)
            if header in WRAPPED_COLUMNS and value:
                lines = max(lines, sum(-(-max(display_width(part), 1) // max(widths[header] - 1, 1))
                                       for part in str(value).split("\n")))
        sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT_PT  # the row shows all its wrapped lines
        if task.reason:  # why the unit got this clause, where a reviewer looks when the role seems wrong
            sheet.cell(row_number, SHEET_HEADERS.index("角色") + 1).comment = Comment(xml_text(task.reason), "kb")
    return row_number


def _print_setup(sheet, last_row: int) -> None:
    """Frozen and filtered under the header row; printed A4 landscape, one page wide, as many long as it takes,
    the header row on every page."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(SHEET_HEADERS))}{last_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _basis_sheet(basis, draft: Draft) -> None:
    from openpyxl.styles import Font

    put_cell(basis, 1, 1, SHEET_BASIS).font = Font(bold=True)
    for row, line in enumerate(draft.basis, start=2):
        put_cell(basis, row, 1, line)
    put_cell(basis, len(draft.basis) + 3, 1, draft.generated_from)  # after an empty row
    basis.column_dimensions["A"].width = 110
