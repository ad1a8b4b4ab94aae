"""The shapes of a table flattened into text (kb.tables finds them): its rows, the header's unit columns with the
rule that finds a row's unit cells, and the rows a row holding numbered items stands for."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# A row's number printed at the start of its first cell (1.主动对接国家战略…, in a table with no 序号 column), not
# a figure (2021.8, 10.5).
CELL_NUMBER = re.compile(r"\s*(\d{1,3})\s*[.、．](?!\d)")


@dataclass
class FlatRow:
    """One row: ``start``/``end`` its offsets (a row of one cell a line spans several lines), ``number`` its printed
    序号 or None, ``cells`` the (start, end) of each cell, ``lines`` the (start, end) of its lines."""

    start: int
    end: int
    number: str | None
    cells: list[tuple[int, int]]
    lines: list[tuple[int, int]]


@dataclass
class FlatTable:
    """A table found in text: its header lines, the kinds of its unit columns in order (lead / responsible /
    cooperate), the header's cell count when its cells can be counted (else None), and its rows."""

    header: list[tuple[int, int]]
    unit_columns: list[tuple[int | None, str]]  # (header cell index or None, kind), in order
    header_cells: int | None
    rows: list[FlatRow] = field(default_factory=list)
    piped: bool = True  # whether its cells end with pipes (else a line may be a part of a cell)
    barred: bool = False  # whether its cells stand between bars alone on their lines (each cell whole)
    # The header cell of its 序号 when a column before it groups the rows (大类 | 序号 | …): a row printing its number
    # first lacks those merged cells.
    number_column: int = 0
    others_after: int = 0  # columns of units that carry no task (评分部门) after its last unit column

    def unit_cells(self, view: str, row: FlatRow, is_unit_cell) -> list[tuple[str, int, int]]:
        """(kind, start, end) of a row's unit cells: by position when the row has as many cells as the header,
        else the last cells whose every member is a unit (``is_unit_cell(text)``), one for each unit column."""
        # (Empty cells a row prints last, 3.… | 各科室 | |, are none: its first cell was merged into the rows above.)
        filled = list(row.cells)
        while filled and filled[-1][0] == filled[-1][1]:
            filled.pop()
        # (A row that lacks the merged group cells before its 序号 holds the header's columns from the 序号 on.)
        shift = self.number_column if row.number is not None and row.cells and \
            view[row.cells[0][0]:row.cells[0][1]].strip() == row.number else 0
        if self.header_cells is not None and len(filled) + shift == self.header_cells and all(
                i is not None and i >= shift for i, _ in self.unit_columns):
            return [(kind, *row.cells[i - shift]) for i, kind in self.unit_columns]
        cells = filled[1:] if row.number is not None else filled
        if self.others_after and len(cells) > self.others_after:
            cells = cells[:-self.others_after]  # 评分部门 last: its units score the task, they do not carry it
        units: list[list[tuple[int, int]]] = []  # runs of neighbouring unit cells
        previous_unit = False
        for s, e in cells:
            unit = is_unit_cell(view[s:e])
            if unit and previous_unit:
                units[-1].append((s, e))
            elif unit:
                units.append([(s, e)])
            previous_unit = unit
        spans = []
        for run in units:
            if not self.piped and not self.barred and len(run) > len(self.unit_columns):
                # One cell a line with no pipes: more unit lines than unit columns means a cell lists one unit a
                # line (县水务局 / 县住建局). A 配合 or 责任 column last takes the extra lines (one lead, many helpers);
                # otherwise the first cell does.
                extra = len(run) - len(self.unit_columns)
                if len(self.unit_columns) > 1 and self.unit_columns[-1][1] in ("cooperate", "responsible"):
                    run = run[:-extra - 1] + [(run[-extra - 1][0], run[-1][1])]
                else:
                    run = [(run[0][0], run[extra][1])] + run[extra + 1:]
            spans.extend(run)
        chosen = spans[-len(self.unit_columns):] if spans else []
        if self.piped and len(filled) == len(self.header) and all(i is not None for i, _ in self.unit_columns):
            # (One cell a line, each closed by its bar, a cell for each column: the unit columns' own cells, not the
            # last cells that hold units (a 实施部门 column after them).)
            placed = [row.cells[i] for i, _ in self.unit_columns]
            chosen = placed if all(is_unit_cell(view[s:e]) for s, e in placed) else chosen
        # A row that fills fewer unit columns than the header names leaves the last ones empty (配合单位 blank).
        kinds = [kind for _, kind in self.unit_columns][:len(chosen)]
        return [(kind, s, e) for kind, (s, e) in zip(kinds, chosen)]


def sub_rows(view: str, row: FlatRow, cells: list[tuple[int, int]]) -> list[FlatRow]:
    """``row`` with its ``cells``, or a row for each numbered item it holds, where its task cells are numbered items
    each followed by cells of its own (1 | 主要预期目标 | 1.地区生产总值增长5%以上。| 某某 | ★区发改委、统计局 |
    2.一般公共预算收入… | ★区财政局、税务局 |): each from the cell its number opens (the first from the row's
    start); the row itself where fewer than two cells open so."""
    row.cells = cells
    opening = [i for i, (a, b) in enumerate(cells) if i and CELL_NUMBER.match(view, a, b)]
    if len(opening) < 2:
        return [row]
    subs = []
    for k, i in enumerate(opening):
        first = 0 if k == 0 else i
        last = (opening[k + 1] if k + 1 < len(opening) else len(cells)) - 1
        start = row.start if k == 0 else cells[first][0]
        end = cells[last][1] if k + 1 < len(opening) else row.end
        number = row.number if k == 0 else CELL_NUMBER.match(view, *cells[i]).group(1)
        lines = [(a, b) for a, b in row.lines if a < end and b > start]
        subs.append(FlatRow(start, end, number, cells[first:last + 1], lines))
    return subs
