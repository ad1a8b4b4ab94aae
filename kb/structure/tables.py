"""The rows and headers of a document's flattened tables (kb.tables finds them), kept apart from the lines around
them: a row's lines are one task item, its header a ``table_header`` clause, and neither is ever joined to the line
after it as a hard-wrapped sentence would be."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..extract.common import CELL_SEPARATOR
from ..flat_table import CELL_NUMBER
from .model import StructureRules


def table_cells(text: str, start: int, end: int) -> list[str] | None:
    """The cells of a table row (kb.extract writes one row a line, cells joined by CELL_SEPARATOR), or None for a
    line with fewer than three cells (一个 ideographic space after 第二条 is no table)."""
    cells = text[start:end].split(CELL_SEPARATOR)
    return [c.strip() for c in cells] if len(cells) >= 3 else None


# A row that heads a part of the table (一、经济发展, (一)…): it ends the rows that go on from a numbered row.
_SECTION_ROW = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def _numbered(view: str, row) -> bool:
    """Whether a table row prints its number: a 序号 cell, or a number opening its first cell."""
    return row.number is not None or bool(row.cells and CELL_NUMBER.match(view, row.cells[0][0], row.cells[0][1]))


@dataclass
class TableLines:
    """Where a document's flattened tables stand: ``row_of`` maps the start of each of a row's lines to (the start
    of the row's first line, the row's end), ``header_lines`` holds the starts of the header lines (offsets into the
    parsing view, which has the document text's offsets). In a table whose rows print their numbers, a row with
    none goes on from the numbered row above it (its merged cells printed once): its start is that row's."""
    row_of: dict[int, tuple[int, int]] = field(default_factory=dict)
    header_lines: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, view: str, text: str, rules: StructureRules) -> TableLines:
        """The table lines of a document (``view`` its parsing view, ``text`` its text), by rules.flat_tables; none
        where the rules find no tables."""
        found = cls()
        for table in rules.flat_tables(view, text) if rules.flat_tables is not None else []:
            found.header_lines.update(s for s, _ in table.header)
            numbered = [_numbered(view, row) for row in table.rows]
            owner = None  # the first line of the numbered row that rows with no number go on from
            for row, is_numbered in zip(table.rows, numbered):
                first = row.cells[0][0] if row.cells else row.start
                if is_numbered or sum(numbered) < 2 or _SECTION_ROW.match(view, first):
                    owner = row.lines[0][0] if is_numbered else None
                start = owner if owner is not None else row.lines[0][0]
                found.row_of.update((s, (start, row.end)) for s, _ in row.lines)
        return found

    def starts(self) -> frozenset[int]:
        """The start of every line of a table, header or row."""
        return frozenset(self.row_of) | frozenset(self.header_lines)

    def apart(self, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Logical lines (start, end) with the tables' lines apart again: a line that runs into a table line is cut
        before it, at the newline."""
        if not self.row_of and not self.header_lines:
            return lines
        table_starts = sorted(self.starts())
        out = []
        for s, e in lines:
            i = bisect.bisect_right(table_starts, s)
            cuts = [t for t in table_starts[i:i + 64] if t < e]
            if not cuts:
                out.append((s, e))
                continue
            edges = [s] + cuts + [e]
            for a, b in zip(edges, edges[1:]):
                b = b - 1 if b != e else b  # the newline before a table line ends the piece before it
                if a < b:
                    out.append((a, b))
        return out
