"""Tables flattened into text: a 分工表 or 量化指标表 copied from a web page into plain lines.

A table kb.extract reads from a .docx or an HTML page is written one row a line, its cells joined by
CELL_SEPARATOR. A table that reaches kb as text has lost that form; real pages show three layouts:

- one row a line, cells between pipes: ``燃气 | 3月份 | 市场所 派出所 |`` (the header row names the columns);
- one row a line, opening with its 序号, cells between runs of spaces: ``3 城镇新增就业2万人以上 市人社局``, under a
  header line such as ``序号 工 作 任 务 牵头负责部门``;
- one cell a line (with or without a closing pipe), a row opening with a line that holds only its 序号, under a header
  of one cell a line (a long header cell may wrap onto two lines: 责任 / 单位).

This module finds such tables and their rows: kb.structure keeps each row together as one task item (never page
furniture, never a heading), and kb.units reads the row's unit columns as a slot. All offsets are into the text
given (the parsing view of a document, which has the same length as the document).
"""
from __future__ import annotations

import re
from .extract.common import CELL_SEPARATOR
from .flat_table import CELL_NUMBER, FlatRow, FlatTable, sub_rows

_ROW_NUMBER = re.compile(r"\s*\|?\s*(\d{1,3})\s*\|?\s*$")  # a line holding only a row's 序号
_SPACED_ROW = re.compile(r"\s*(\d{1,3})[ \t]+(?=\S)")  # 3 城镇新增就业… (a row opening with its 序号)
_PIPE = "|"
# The header cell of such a table's task column, first in its header (主要工作任务 / 牵头单位 / 责任单位).
_TASK_HEADER = re.compile(r"(?:主要|重点)?(?:工作)?任务(?:内容|名称|事项)?|工作内容|重点工作")
_REMARK = re.compile(r"\([^()]*\)?")  # a header cell's remark in brackets, perhaps cut at the cell's end
# A line that ends a table of one cell a line: the document's next part (二、 (三) 第五条) or its attachments.
_AFTER_TABLE = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十百]+[章条节]|附件)")


def _lines(view: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, ch in enumerate(view):
        if ch == "\n":
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(view)))
    return spans


def _cells(view: str, s: int, e: int, splitter: re.Pattern) -> list[tuple[int, int]]:
    """Cells of a line between separators, each stripped of spaces; a trailing separator closes the last cell."""
    cells, start = [], s
    for m in list(splitter.finditer(view, s, e)) + [None]:
        end = m.start() if m else e
        a, b = start, end
        while a < b and view[a].isspace():
            a += 1
        while b > a and view[b - 1].isspace():
            b -= 1
        if m is not None or a < b:
            cells.append((a, b))
        if m is not None:
            start = m.end()
    return cells


_PIPES = re.compile(r"\|")


def _line_cells(view: str, s: int, e: int) -> list[tuple[int, int]]:
    """The cells of a line of a table of one cell a line, between pipes; a line that opens with a bar too (| 1 |)
    has no empty cell before its first."""
    cells = _cells(view, s, e, _PIPES)
    return cells[1:] if view[s:e].lstrip().startswith(_PIPE) and cells[0][0] == cells[0][1] else cells


_SPACES = re.compile(r"[ \t]{1,}")


def _bar_groups(view: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the cells of a table whose cells stand between bars alone on their lines, each cell the
    lines between two bars (a cell may wrap: 浦江镇、浦锦街道、 / 马桥镇)."""
    groups: list[tuple[int, int]] = []
    current = None
    for a, b in lines:
        if view[a:b].strip() and not view[a:b].strip().strip(_PIPE):  # (||| : empty cells between bars)
            if current is not None:
                groups.append(current)
            current = None
        elif view[a:b].strip():
            current = (current[0], b) if current else (a, b)
    return groups + ([current] if current is not None else [])


def _compact(text: str) -> str:
    return "".join(text.split()).replace(_PIPE, "")


def _pipe_row(view: str, a: int, b: int, number_column: int = 0) -> FlatRow | None:
    """A row of cells between pipes (燃气 | 3月份 | 市场所 |), or None for a line that is none; its number is in
    the first cell, or in cell ``number_column`` (the header's 序号) of a row that prints the group cells before it
    (一、提高保障水平 | 1 | …)."""
    if view.count(_PIPE, a, b) < 2:
        return None
    cells = _cells(view, a, b, _PIPES)
    number = _compact(view[cells[0][0]:cells[0][1]]) if cells else ""
    if not number.isdigit() and 0 < number_column < len(cells):
        number = _compact(view[cells[number_column][0]:cells[number_column][1]])
    return FlatRow(a, b, number if number.isdigit() else None, cells, [(a, b)])


def _spaced_row(view: str, a: int, b: int) -> FlatRow | None:
    """A row opening with its 序号, cells between spaces (3 城镇新增就业2万人以上 市人社局), or None."""
    m = _SPACED_ROW.match(view, a, b)
    if m is None:
        return None
    return FlatRow(a, b, m.group(1), [(m.start(1), m.end(1))] + _cells(view, m.end(), b, _SPACES), [(a, b)])


def _line_rows(view: str, lines, j: int, table: FlatTable, read_row) -> int:
    """Add to ``table`` the rows of one row a line from line ``j`` on (blank lines skipped) until a line
    ``read_row`` reads as none and that heads no part of the rows (``_heads_part``); the index of that line."""
    wrapped = False  # whether the line before was a row's cell wrapped onto a line of its own
    while j < len(lines):
        a, b = lines[j]
        if view[a:b].strip():
            row = read_row(view, a, b)
            if row is None:
                if _wraps_row(view, lines, j, table, read_row):
                    # 2 …收入增长5% 区财政局 / 区税务局 / 区政府有关部门,…: a cell's units one a line, then the next
                    # cell; a wrapped line with another after it goes on with the cell before it.
                    last = table.rows[-1]
                    if wrapped and len(last.cells) >= 2:
                        last.cells[-2:] = [(last.cells[-2][0], last.cells[-1][1])]
                    last.lines.append((a, b))
                    last.cells.extend(_cells(view, a, b, _SPACES))
                    last.end = b
                    wrapped = True
                elif not _heads_part(view, lines, j, table, read_row):
                    break
                else:
                    wrapped = False
            else:
                table.rows.append(row)
                wrapped = False
        j += 1
    return j


# The most lines a row's cells wrap onto before the row numbered next (a cell of two units one a line, then the
# cooperating units' cell).
_WRAPPED_LINES = 4


def _wraps_row(view: str, lines, j: int, table: FlatTable, read_row) -> bool:
    """Whether line ``j``, which reads as no row, holds cells of the row above wrapped onto lines of their own: the
    row numbered next follows within ``_WRAPPED_LINES`` lines, and no line between heads a part of the table."""
    last = table.rows[-1].number if table.rows else None
    if last is None or not last.isdigit():
        return False
    for c, d in lines[j:j + _WRAPPED_LINES + 1]:
        if not view[c:d].strip():
            continue
        if _AFTER_TABLE.match(view, c, d):
            return False
        row = read_row(view, c, d)
        if row is not None:
            return row.number is not None and row.number.isdigit() and int(row.number) == int(last) + 1
    return False


# The longest line that heads a part of a table's rows (第一阶段:动员排查(2024年4月15日—6月30日)).
_PART_LINE = 60


def _heads_part(view: str, lines, j: int, table: FlatTable, read_row) -> bool:
    """Whether line ``j`` heads a part of the table's rows (第一阶段:…, 一、城乡建设): a short line followed by the row
    numbered next (1 under the header). Such a line stays in the table: it is no row, and it ends none."""
    a, b = lines[j]
    if len(view[a:b].strip()) > _PART_LINE:
        return False
    last = table.rows[-1].number if table.rows else "0"
    if last is None or not last.isdigit():
        return False
    for c, d in lines[j + 1:j + 3]:
        if view[c:d].strip():
            row = read_row(view, c, d)
            return row is not None and row.number is not None and int(row.number) == int(last) + 1
    return False


class TableReader:
    """Finds flattened tables by the words of a header: its row-number headers (序号 …) and its unit column labels
    (the slot grammar's labels: 牵头单位, 责任单位, 配合单位 …; ``label_kinds`` maps each to lead / responsible /
    cooperate)."""

    def __init__(self, row_number_headers, label_kinds: dict[str, str], other_columns=(), person_columns=()):
        self.row_number_headers = tuple(sorted(row_number_headers, key=len, reverse=True))
        self.label_kinds = {k: v for k, v in label_kinds.items() if v in ("lead", "responsible", "cooperate")}
        self._labels = re.compile("|".join(re.escape(w) for w in sorted(self.label_kinds, key=len, reverse=True)))
        # Columns of units that carry no task (评分部门), counted where they follow the last unit column.
        self._others = re.compile("|".join(re.escape(w) for w in other_columns) or "(?!)")
        # Columns of persons (牵头领导, 责任人), whatever role word they carry.
        self._persons = re.compile("|".join(re.escape(w) for w in person_columns) or "(?!)")

    def _others_after(self, header: str) -> int:
        """How many columns of units that carry no task (评分部门) a header names after its last unit column."""
        compact = _compact(header)
        last = max((m.end() for m in self._labels.finditer(compact)), default=0)
        return len(self._others.findall(compact, last))

    @staticmethod
    def _rows_resume(view: str, lines, j: int, expected: int | None, row_number=_ROW_NUMBER.fullmatch) -> bool:
        """Whether the part heading at line ``j`` (二、…) stands inside a table of one cell a line: more part
        headings or blank lines, then a line holding a later row number."""
        for a, b in lines[j + 1:j + 12]:
            text = view[a:b]
            if not text.strip() or (_AFTER_TABLE.match(text) and "。" not in text) or text.strip() == _PIPE:
                continue
            if len(_compact(text)) <= 6 and not row_number(text) and not re.search(r"[。,;，；]", text):
                continue  # the part's own cell, wrapped a few characters a line (全面 / 推进 / 农民集中居住)
            number = row_number(text)
            return bool(number) and expected is not None and int(number.group(1)) >= expected
        return False

    def _table_after_run_on(self, view: str, lines, i: int) -> tuple[FlatTable | None, int]:
        """A header at the end of line ``i`` that runs a whole notice together (…任务分解表 序号 名称 牵头责任单位):
        the header is the line from its 序号 on, and its rows are one a line below it; (None, i) for none."""
        s, e = lines[i]
        at = self._header_at_end(view[s:e])
        if at is None:
            return None, i
        table = FlatTable([(s + at, e)], [(None, k) for k in self._kinds_in(view[s + at:e])], None)
        return table, _line_rows(view, lines, i + 1, table, _spaced_row)

    def _header_at_end(self, line: str) -> int | None:
        """Where a header of spaced cells starts that ends a longer line (… 序号 名称 工作任务 牵头责任单位), or None:
        a row-number header after a space, then only short cells, one of them a unit column's label."""
        found = None
        for header in self.row_number_headers:
            at = line.rfind(" " + header + " ")
            if at > 0 and (found is None or at > found):
                found = at + 1
        if found is None:
            return None
        cells = line[found:].split()
        if len(cells) > 8 or any(len(cell) > 8 for cell in cells) or not self._kinds_in(line[found:]):
            return None
        return found

    def column_kind(self, cell: str) -> str | None:
        """The kind of a header cell that names a unit column, or None: 责任主体与协同单位 is one column, whose
        weakest label gives its kind (cooperate)."""
        compact = _compact(cell)
        # (牵头领导 is a column of persons; 牵头单位及主要负责人 one of units beside their heads.)
        found = [self.label_kinds[m.group()] for m in self._labels.finditer(compact)
                 if not self._persons.match(compact, m.end())]
        if not found:
            return None
        return "cooperate" if "cooperate" in found else "lead" if "lead" in found else "responsible"

    def _kinds_in(self, text: str, lines: list[str] | None = None) -> list[str]:
        """The unit columns named in a header whose cells cannot be told apart (spaces inside cells; or ``lines``,
        one cell a line, a long one wrapped: 责任 / 单位): each label, in order; two joined by 与/和/及 are one
        column."""
        compact = _compact(text if lines is None else "".join(lines))
        # (Where a line ends, the next cell begins: 牵头单位 / 分管领导 are two columns, not one of persons.)
        ends = {sum(len(_compact(line)) for line in lines[:k + 1]) for k in range(len(lines))} if lines else set()
        kinds, last_end = [], -1
        for m in self._labels.finditer(compact):
            if m.end() not in ends and self._persons.match(compact, m.end()):
                continue  # 牵头领导: a column of persons
            kind = self.label_kinds[m.group()]
            if kinds and compact[last_end:m.start()] in ("与", "和", "及"):
                kinds[-1] = "cooperate" if "cooperate" in (kinds[-1], kind) else kinds[-1]
            else:
                kinds.append(kind)
            last_end = m.end()
        return kinds

    def tables(self, view: str, text: str | None = None) -> list[FlatTable]:
        """Every flattened table of a text (its parsing view; ``text`` the text itself, whose rows written by
        kb.extract, cells joined by CELL_SEPARATOR, are read by their cells elsewhere), in order."""
        if _PIPE not in view and not any(word in view for word in self.row_number_headers) and "任务" not in view \
                and "工作" not in view:
            return []  # most documents: nothing to look at
        lines = _lines(view)
        found: list[FlatTable] = []
        i = 0
        while i < len(lines):
            table, i_next = self._table_at(view, text, lines, i)
            if table is not None and table.rows:
                found.append(table)
                i = i_next
            else:
                i += 1
        return found

    def _header_columns(self, view: str, header: list[tuple[int, int]], piped: bool, barred: bool) -> list:
        """The unit columns [(None, kind)] of a header of one cell a line ([(index, kind)] where each cell is closed by
        its bar: 责任单位 |)."""
        if piped:  # (each cell closed by its bar: where a row has a cell for each, they stand under the header's)
            return [(n, kind) for n, (a, b) in enumerate(header) if (kind := self.column_kind(view[a:b]))]
        if barred:
            # Cells of several lines between bars alone on theirs: a cell's remark in brackets
            # (责任部门 / (加*号为牵头部门,其余为参与部门)) names no column.
            return [(None, kind) for a, b in _bar_groups(view, header)
                    if (kind := self.column_kind(_REMARK.sub("", view[a:b])))]
        # A long header cell wraps onto the next line (责任 / 单位): read the labels of the whole header.
        return [(None, k) for k in self._kinds_in("", [view[a:b] for a, b in header])]

    def _pipe_table(self, view: str, lines, i: int) -> tuple[FlatTable | None, int]:
        """The table of one row a line, cells between pipes, whose header is line ``i`` (it names a unit column),
        and the index of the line after its rows; (None, i) for none."""
        s, e = lines[i]
        cells = _cells(view, s, e, _PIPES)
        columns = [(n, kind) for n, (a, b) in enumerate(cells) if (kind := self.column_kind(view[a:b]))]
        if not columns:
            return None, i
        number_column = next((n for n, (a, b) in enumerate(cells) if _compact(view[a:b]) in self.row_number_headers),
                             0)
        table = FlatTable([(s, e)], columns, len(cells), number_column=number_column)
        return table, _line_rows(view, lines, i + 1, table, lambda v, c, d: _pipe_row(v, c, d, number_column))

    def _table_at(self, view: str, text: str | None, lines, i: int) -> tuple[FlatTable | None, int]:
        s, e = lines[i]
        line = view[s:e]
        compact = _compact(line)
        if not compact:
            return None, i
        # One row a line, cells between pipes.
        if line.count(_PIPE) >= 2 and not _ROW_NUMBER.fullmatch(line):
            piped = self._pipe_table(view, lines, i)
            if piped[0] is not None:
                return piped
        opens = compact.startswith(self.row_number_headers)
        # A header of one cell a line that opens with the task column: its rows open with the task's number.
        tasked = not opens and bool(_TASK_HEADER.fullmatch(compact))
        if not opens and not tasked:
            return self._table_after_run_on(view, lines, i)

        def row_number(line: str) -> re.Match | None:
            # (Under a task column first, a row opens with the task's number, or a number alone in an unnamed cell.)
            return (CELL_NUMBER.match(line) or _ROW_NUMBER.fullmatch(line)) if tasked else _ROW_NUMBER.fullmatch(line)
        # One row a line, opening with its 序号, cells between spaces.
        kinds = self._kinds_in(line)
        extracted = text is not None and text.count(CELL_SEPARATOR, s, e) >= 2
        if kinds and compact not in self.row_number_headers and not extracted:
            table = FlatTable([(s, e)], [(None, k) for k in kinds], None)
            return table, _line_rows(view, lines, i + 1, table, _spaced_row)
        # One cell a line: the header's cells up to the first line holding only a row number.
        header = [(s, e)]
        j = i + 1
        while j < len(lines) and len(header) < 40:
            a, b = lines[j]
            if row_number(view[a:b]):
                break
            if view[a:b].strip() and not (len(header) >= 3 and _AFTER_TABLE.match(view[a:b])):
                header.append((a, b))  # (一、2025年…预期目标 under the header is the first part's row, no cell)
            j += 1
        if j >= len(lines) or len(header) < 3:
            return None, i
        piped = all(view[a:b].rstrip().endswith(_PIPE) for a, b in header)
        barred = not piped and any(view[a:b].strip() == _PIPE for a, b in header)
        columns = self._header_columns(view, header, piped, barred)
        if not columns:
            return None, i
        # Rows of one cell a line skip and merge cells (a cell left empty, one spanning two columns), so a row's
        # unit cells are found by what they hold, not by counting.
        table = FlatTable(header, columns, None, piped=piped, barred=barred,
                          others_after=self._others_after("".join(view[a:b] for a, b in header)))
        expected = None
        row: FlatRow | None = None
        opened = 0  # the row's lines before its last numbered item's (a row may hold items 1. 2. … with their cells)
        while j < len(lines):
            a, b = lines[j]
            text = view[a:b]
            number = row_number(text)
            if _AFTER_TABLE.match(text) and row is not None and self._rows_resume(view, lines, j, expected, row_number):
                j += 1  # 二、全力以赴扩投资: a row of the table's own parts, with its rows under it
                continue
            if row is not None and CELL_NUMBER.match(text):
                opened = len(row.lines)  # 2.一般公共预算收入…: an item of the row, with cells of its own after it
            if _AFTER_TABLE.match(text) or (row is not None and len(row.lines) - opened > 3 * len(header)) or \
                    sum(bool(cell.strip()) for cell in text.split(_PIPE)) >= 2:
                break  # (a line of several cells between pipes is a table of another layout; || is empty cells)
            # A row's 序号 is the next one, or, once the row before has a line for each column, a later one (a page
            # that prints some rows of a longer table: 3, 68, 69).
            if number and (expected is None or int(number.group(1)) == expected or (
                    row is not None and expected < int(number.group(1)) <= expected + 200
                    and len(row.lines) >= len(header))):
                row, opened = FlatRow(a, b, number.group(1), [], []), 0
                table.rows.append(row)
                expected = int(number.group(1)) + 1
            elif row is None:
                break
            if text.strip():
                row.lines.append((a, b))
                row.end = b
                row.cells.extend(_line_cells(view, a, b))
            j += 1
        if barred:  # (a row may hold items 1. 2. … each with cells of its own: a row for each)
            table.rows = [sub for row in table.rows for sub in sub_rows(view, row, _bar_groups(view, row.lines))]
        return table, j
