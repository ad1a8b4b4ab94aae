"""Targets of a table of indicators that gives a column to each year (指标名称 | 单位 | 2022年 | 2025年 | 2027年 |
牵头单位): one figure per row and year column, named by the row's indicator cell, in the unit of its 单位 cell. A
column of a year before the document's is what was (the baseline): its figures are actuals.

The table reaches kb as clauses (kb.structure): a header of ``table_header`` clauses (one cell a line) or one
``table_header`` clause whose cells are joined by pipes or CELL_SEPARATOR, then its rows, each a task item whose
clauses are its cells (one cell a line) or one clause holding them all. The words are in rules/targets.yml,
``table_columns``."""
from __future__ import annotations

import re
from itertools import chain

from .extract.common import CELL_SEPARATOR
from .normalize import compact, parsing_view
from .rule_models.targets import TableColumns, TargetsFile
from .tagging import ClauseAnalysis

_SPLIT = re.compile(r"\s*(?:\||%s)\s*" % CELL_SEPARATOR)


def _cells(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the cells of one clause: split at pipes and CELL_SEPARATOR, the empty tail dropped (and
    an empty head, where the clause begins at a bar)."""
    if text.strip() == "|":
        return [(0, "")]  # a cell printed empty, on a line of its own (one cell a line)
    cells, position = [], 0
    for match in _SPLIT.finditer(text):
        cells.append((position, text[position:match.start()]))
        position = match.end()
    cells.append((position, text[position:]))
    while cells and not cells[-1][1].strip():
        cells.pop()
    if len(cells) > 1 and not cells[0][1].strip():
        cells.pop(0)  # | 县教体局 | …: a row's clause after its first sentence begins at a bar
    return cells


class _Header:
    """The columns of a table of indicators: which cell holds the indicator, the unit, and each year."""

    def __init__(self, cells: list[str], grammar: TableColumns, own_year: int | None = None, note: str = ""):
        names = [compact(c) for c in cells]
        self.width = len(names)
        self.years: dict[int, int | None] = {
            i: int(m["year"]) for i, n in enumerate(names) if (m := grammar.pattern.fullmatch(n))}
        # 年度目标 with no year printed: the document's own year.
        self.years.update({i: own_year for i, n in enumerate(names)
                           if i not in self.years and grammar.aim_header.fullmatch(n)})
        self.indicator = next((i for i, n in enumerate(names) if grammar.indicator_header.search(n)), None)
        self.measure = next((i for i, n in enumerate(names) if grammar.unit_header.fullmatch(n)), None)
        # 乡镇 | 新种任务(亩), or 乡镇 | 2023年小麦任务面积 under a line 单位:万亩: a column of the year's aims whose
        # header (or the table's note) gives its measure, the rows' first cells naming whose share each is. A column
        # that prints neither its year nor its measure (可种植面积) is no such column.
        table_measure = grammar.table_measure.fullmatch(compact(note))
        self.measured: dict[int, tuple[str, str]] = {}
        for i, n in enumerate(names):
            m = grammar.measured_aim.fullmatch(n)
            if i in self.years or m is None or not (m["measure"] or m["year"] and table_measure):
                continue
            self.measured[i] = (m["name"], m["measure"] or table_measure["measure"])
            self.years[i] = int(m["year"]) if m["year"] else own_year
        if self.indicator is None and self.measured and 0 not in self.years:
            self.indicator = 0

    @property
    def usable(self) -> bool:
        return bool(self.years) and self.indicator is not None

    def aligned(self, cells: list, grammar: TableColumns, targets_grammar: TargetsFile) -> dict[str, int] | None:
        """Where a row's cells stand for the header's columns ({'indicator': i, 'measure': i, column: i}): one to one
        when the row has a cell for each column; else, where the header has a 单位 column before its figures, from
        the row's 单位 cell (a known unit followed by a figure): the figures after it, the indicator right before
        it. None when neither way fits."""
        # (A row of pipe-joined cells does not print its empty cells after its last figure: 板榄镇 | 600 | under
        # 乡镇 | 任务(亩) | 备注; one cell a line, a row short of cells may lack any.)
        if len(cells) == self.width or (len(cells) < self.width and len({id(c[0]) for c in cells}) == 1 and max(
                [self.indicator, self.measure or 0, *self.years]) < len(cells)):
            return {"indicator": self.indicator, "measure": self.measure, **{c: c for c in self.years}}
        if self.measure is None or not all(c > self.measure for c in self.years) or self.indicator > self.measure:
            return None
        first = min(self.years)
        for k in range(1, len(cells) - (max(self.years) - self.measure)):
            measure_cell = compact(cells[k][2])
            if targets_grammar.quantity.fullmatch("1" + measure_cell) and \
                    grammar.value.fullmatch(cells[k + first - self.measure][2].strip()):
                return {"indicator": k - 1, "measure": k, **{c: k + c - self.measure for c in self.years}}
        return None


def table_rows(analyses: list[ClauseAnalysis]):
    """Yield (header cells, row cells, note) of every flattened table in a document, row by row: the header as a list
    of cell texts (parsing view), the row as a list of (clause, offset in the clause, cell text) for its cells,
    whether each cell is a clause of its own (one cell a line) or the row is one clause of pipe-joined cells; the
    note the line above the header (单位:万元), or ""."""
    header: list[str] | None = None
    pending: list[str] = []  # header cells of one cell a line, gathered until the first row
    note = ""  # the line above the header (单位:万元)
    index = 0
    while index < len(analyses):
        clause = analyses[index].clause
        if clause.kind == "table_header":
            if not pending and index:
                note = parsing_view(analyses[index - 1].clause.text)
            pending.extend(text for _, text in _cells(parsing_view(clause.text)))
            header = None
            index += 1
            continue
        if pending:
            header, pending = pending, []
        if header is None or clause.kind != "item":
            header = header if clause.kind == "item" else None
            index += 1
            continue
        row = [analyses[index].clause]
        while index + 1 < len(analyses) and analyses[index + 1].clause.item_id == clause.item_id:
            index += 1
            row.append(analyses[index].clause)
        index += 1
        yield header, [(c, offset, text) for c in row for offset, text in _cells(parsing_view(c.text))], note


def pipe_rows(analyses: list[ClauseAnalysis]):
    """Yield (header cells, row cells, note) as table_rows does, for the tables of pipe-joined cells kb.structure
    left as plain sentences (no unit column, no 序号: 乡镇 | 新种任务(亩) | 备注 |): a run of such lines, the first
    its header, the note the line of one cell above it (面积:万亩 |). A bar alone on its line (a row's cell run on
    past its line) neither ends the table nor makes a row."""
    header: list[str] | None = None
    note = ""  # the line above the header (单位:万元 |, alone or with empty cells)
    for analysis in analyses:
        clause = analysis.clause
        view = parsing_view(clause.text)
        if clause.kind != "sentence" or "|" not in view:
            header, note = None, view
            continue
        cells = _cells(view)
        if view.strip() == "|" or len(cells) < 2:
            note = cells[0][1] if cells and header is None else note
            continue
        if header is None:
            header = [text for _, text in cells]
            continue
        yield header, [(clause, offset, text) for offset, text in cells], note


def _by_column(row: list) -> list[list]:
    """A row's cells (clause, offset, text) grouped by the column they stand in: the sentences of one cell (a
    progress cell of several sentences) are one cell, where no bar parts them."""
    columns: list[list] = []
    for cell in row:
        last = columns[-1][-1] if columns else None
        if last is not None and last[0] is not cell[0] and last[0].line == cell[0].line and cell[1] == 0 \
                and last[1] + len(last[2]) >= len(last[0].text.rstrip()):
            columns[-1].append(cell)
        else:
            columns.append([cell])
    return columns


# The longest header cell a row's number stands under (序号, 编号).
_NUMBER_HEADER = 3
# The most empty cells a row leaves out after its last (more, and the header's words are split over lines: 责任 |
# 领导 is one column).
_LEFT_OUT = 2


def progress_table_cells(analyses: list[ClauseAnalysis], progress_column: re.Pattern, number_header: re.Pattern
                         ) -> tuple[dict[str, list[tuple[int, int]]], dict[str, list[tuple[int, int]]]]:
    """(plan, progress): clause id → the spans (offsets in the clause) of its cells outside a column of progress
    (plan) and inside one (progress), in the tables whose header has one (序号 | 项目内容 | 当前进度 | 牵头单位): in
    a report on progress the first state the plan, the second what was done. A row whose cells cannot be matched
    to the header one to one (past the group cells merged before its 序号, or the empty cells it leaves out after
    its last under a header that opens with ``number_header``) gives none."""
    plan: dict[str, list[tuple[int, int]]] = {}
    progress: dict[str, list[tuple[int, int]]] = {}
    for header, row, _ in table_rows(analyses):
        columns = {i for i, name in enumerate(header) if progress_column.search(compact(name))}
        cells = _by_column(row)
        # (A row that opens with its number under a header whose 序号 is not first lacks the group cells merged
        # at its left: 大类 | 序号 | ….)
        shift = len(header) - len(cells)
        opens_numbered = compact(cells[0][0][2]).isdigit()
        if 0 < shift <= _LEFT_OUT and opens_numbered and number_header.fullmatch(compact(header[0])):
            shift = 0  # 序号 | … | 是否达到序时进度 and a row that leaves its last cells out: they are the empty ones
        if shift > 0 and not (opens_numbered and len(compact(header[shift])) <= _NUMBER_HEADER):
            shift = -1  # a row short of cells otherwise: no telling which are missing
        if columns and shift >= 0:
            for i, parts in enumerate(cells):
                for clause, offset, text in parts:
                    (progress if i + shift in columns else plan).setdefault(clause.id, []).append(
                        (offset, offset + len(text)))
    return plan, progress


def table_targets(analyses: list[ClauseAnalysis], targets_grammar: TargetsFile, reference_year: int | None, make_target,
                  own_year: int | None = None) -> tuple[list, set[str]]:
    """(targets, ids of the clauses read) of every table of indicators with year columns in a document.
    ``targets_grammar`` is rules/targets.yml (its ``table_columns`` reads the header and the cells); ``reference_year`` the document's year (a column before it holds actuals);
    ``make_target(clause, wording, value, unit, comparator, year, span, kind)`` builds one Target (value in base
    units); ``own_year`` the year a column of aims with none printed (年度目标) is for. A row whose cells cannot be
    matched to the header is left to the clause reader."""
    grammar = targets_grammar.table_columns
    found, read = [], set()
    for header_cells, cells, note in chain(table_rows(analyses), pipe_rows(analyses)):
        header = _Header(header_cells, grammar, own_year, note)
        at = header.aligned(cells, grammar, targets_grammar) if header.usable else None
        if at is None:
            continue
        indicator = compact(cells[at["indicator"]][2])
        measure_cell = compact(cells[at["measure"]][2]) if at["measure"] is not None else ""
        for column, year in header.years.items():
            cell_clause, offset, text = cells[at[column]]
            name, measure_cell = header.measured.get(column, ("", measure_cell))
            wording = indicator + compact(name) if indicator else ""
            figure = _cell_figure(text, measure_cell, targets_grammar) if wording else None
            if figure is None:
                continue
            number, value, measure, comparator = figure
            start = offset + text.find(number)
            kind = "actual" if None not in (reference_year, year) and year < reference_year else "target"
            found.append(make_target(cell_clause, wording, value, measure, comparator, year,
                                     (start, start + len(number)), kind))
            read.add(cell_clause.id)
    return found, read


def _cell_figure(text: str, measure_cell: str, targets_grammar: TargetsFile) -> tuple[str, float, str, str] | None:
    """(number as printed, value in base units, base measure, comparator) of a table's value cell: a number
    (perhaps with ≥ and % of its own) in the row's 单位 cell's measure, or a quantity printed whole with the words
    around it (各80个, 3000万吨左右); None for a cell that holds neither."""
    grammar = targets_grammar.table_columns
    value = grammar.value.fullmatch(text.strip())
    if value:
        measure, factor = _measure(value["unit"] or measure_cell, targets_grammar)
        comparator = grammar.comparators.get(value["comparator"] or "", "=")
        return (value["number"], float(value["number"]) * factor, measure, comparator) if measure else None
    cell = grammar.quantity_cell.fullmatch(text.strip())
    quantity = targets_grammar.quantity.fullmatch(cell["quantity"]) if cell else None
    if quantity is None or quantity["high"] or not quantity["number"][0].isdigit():
        return None
    measure, factor = base_measure(quantity["multiplier"], quantity["unit"], targets_grammar)
    comparator = targets_grammar.comparators.after.get(cell["after"] or "", targets_grammar.comparators.default)
    return quantity["number"], float(quantity["number"]) * factor, measure, comparator


def base_measure(multiplier: str | None, measure: str, grammar: TargetsFile) -> tuple[str, float]:
    """The base measure (unit of measurement: 件, 元, 人; "unit" in kb means an organisation) and factor of a
    measure as printed, with its 万/亿 (万 + 人 → 人, 1e4; 亿元 → 元, 1e8), by
    rules/targets.yml ``multipliers`` and ``compound_units``; ``grammar`` is that file."""
    factor = grammar.multipliers[multiplier] if multiplier else 1
    if measure in grammar.compound_units:
        measure, measure_factor = grammar.compound_units[measure]
        factor *= measure_factor
    return measure, factor


def _measure(cell: str, grammar: TargetsFile) -> tuple[str | None, float]:
    """The base measure and factor of a 单位 cell (亿元 → 元, 1e8; 万人 → 人, 1e4; % → %), or (None, 1) for none; a
    unit the quantity pattern does not know is kept as printed."""
    if not cell:
        return None, 1
    known = grammar.quantity.fullmatch("1" + cell)
    return base_measure(known["multiplier"], known["unit"], grammar) if known else (cell, 1)
