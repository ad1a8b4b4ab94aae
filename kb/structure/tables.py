"""The rows and headers of a document's flattened tables (kb.tables finds them), kept apart from the lines around
them: a row's lines are one task item, its header a ``table_header`` clause, and neither is ever joined to the line
after it as a hard-wrapped sentence would be."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..extract.common import CELL_SEPARATOR
from .model import StructureRules


def table_cells(text: str, start: int, end: int) -> list[str] | None:
    """The cells of a table row (kb.extract writes one row a line, cells joined by CELL_SEPARATOR), or None for a
    line with fewer than three cells (一个 ideographic space after 第二条 is no table)."""
    cells = text[start:end].split(CELL_SEPARATOR)
    return [c.strip() for c in cells] if len(cells) >= 3 else None


@dataclass
class TableLines:
    """Where a document's flattened tables stand: ``row_of`` maps the start of each of a row's lines to (the start
    of the row's first line, the row's end), ``header_lines`` holds the starts of the header lines (offsets into the
    parsing view, which has the document text's offsets)."""
    row_of: dict[int, tuple[int, int]] = field(default_factory=dict)
    header_lines: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, view: str, text: str, rules: StructureRules) -> TableLines:
        """The table lines of a document (``view`` its parsing view, ``text`` its text), by rules.flat_tables; none
        where the rules find no tables."""
        found = cls()
        for table in rules.flat_tables(view, text) if rules.flat_tables is not None else []:
            found.header_lines.update(s for s, _ in table.header)
            for row in table.rows:
                found.row_of.update((s, (row.lines[0][0], row.end)) for s, _ in row.lines)
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
