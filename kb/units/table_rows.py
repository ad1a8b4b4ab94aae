"""The units a document's tables name in their unit columns (牵头单位 / 责任单位 / 配合单位), by clause: tables kept
as rows of cells (a .docx or web-page 分工表) and tables flattened into text (kb.tables)."""
from __future__ import annotations

import bisect
import dataclasses

from ..corpus import DocumentRecord
from ..extract.common import CELL_SEPARATOR
from ..normalize import parsing_view
from ..structure.tables import table_cells
from ..tagging import ClauseAnalysis
from .grammar import SlotUnit
from .reader import UnitReader


def table_units(items: list[list[ClauseAnalysis]], document: DocumentRecord, reader: UnitReader
                ) -> dict[str, list[SlotUnit]]:
    """Clause id → the units its table row names in the columns its table's header row (clause kind
    table_header) calls 牵头单位 / 责任单位 / 配合单位; offsets relative to the clause."""
    grammar = reader.grammar
    found: dict[str, list[SlotUnit]] = {}
    _flat_table_units(items, document, reader, found)
    columns: dict[int, str] = {}
    for item in items:
        clauses = [a.clause for a in item]
        first = clauses[0]
        start, end = first.char_start, clauses[-1].char_end
        cells = table_cells(document.text, start, end)
        if first.kind == "table_header" or (cells and cells[0] in grammar.row_number_headers):
            # A header row: its unit columns, or none (a table of figures) until the next header.
            columns = grammar.column_kinds(cells or [])
            continue
        if cells is None or not columns:
            continue  # not a row, or a row of a table with no unit columns; a section row (一、…) keeps the table
        row = document.text[start:end]
        view = parsing_view(row)
        raw = row.split(CELL_SEPARATOR)
        offsets = [0]
        for cell in raw[:-1]:
            offsets.append(offsets[-1] + len(cell) + len(CELL_SEPARATOR))
        wanted = [(kind, view[offsets[i]:offsets[i] + len(raw[i])], offsets[i])
                  for i, kind in columns.items() if i < len(raw)]
        for unit in grammar.read_columns(wanted, reader.known):
            at = start + unit.start
            clause = next((c for c in clauses if c.char_start <= at < c.char_end), None)
            if clause is not None:
                found.setdefault(clause.id, []).append(dataclasses.replace(
                    unit, start=at - clause.char_start, end=at - clause.char_start + unit.end - unit.start))
    return found


def _flat_table_units(items: list[list[ClauseAnalysis]], document: DocumentRecord, reader: UnitReader,
                      found: dict[str, list[SlotUnit]]) -> None:
    """The units of the rows of tables flattened into text (kb.tables), added to ``found`` by clause id: each
    row's unit cells read as the columns its header names."""
    grammar = reader.grammar
    view = parsing_view(document.text)
    tables = grammar.tables.tables(view, document.text)
    if not tables:
        return
    clauses = sorted((a.clause for item in items for a in item), key=lambda c: c.char_start)
    starts = [c.char_start for c in clauses]
    for table in tables:
        for row in table.rows:
            cells = [(kind, view[s:e], s) for kind, s, e in table.unit_cells(view, row, grammar.is_unit_cell)]
            for unit in grammar.read_columns(cells, reader.known):
                i = bisect.bisect_right(starts, unit.start) - 1
                if i < 0 or not clauses[i].char_start <= unit.start < clauses[i].char_end:
                    continue
                clause = clauses[i]
                found.setdefault(clause.id, []).append(dataclasses.replace(
                    unit, start=unit.start - clause.char_start, end=unit.end - clause.char_start))

