"""The text a clause's targets are read on: its parsing view without the pinyin glosses some pages print (达(dá)到),
with cited 《titles》 and (notes) blanked out (numbers there are no targets) and a flattened table row's serial
number blanked, cut into pieces (at commas and semicolons, 和 and 及 before a number, a table row's cells), by
rules/targets.yml."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from ..normalize import gloss_kept, parsing_view
from ..numerals import arabic_years
from ..rule_models.targets import TargetsFile
from ..structure.model import Clause
from ..tagging import ClauseAnalysis


@lru_cache(maxsize=8)
def _masks(cited_title: re.Pattern) -> re.Pattern:
    """A cited 《title》 (rules/citations.yml) or a note in (…), whichever opens first."""
    return re.compile(f"{cited_title.pattern}|\\([^()]*\\)")


def masked(view: str, grammar: TargetsFile) -> str:
    """The view with cited 《…》 titles and (…) notes blanked out: numbers in titles and notes are not targets,
    but a figure aimed at that a text quotes in 《》 (``quoted_aim``: 《城镇新增就业2000人以上》) keeps its own.
    ``grammar`` is rules/targets.yml (its ``cited_title``); the result is as long as ``view``."""
    def blank(m: re.Match) -> str:
        text = m.group()
        if text.startswith("《") and grammar.quoted_aim.fullmatch(text, 1, len(text) - 1):
            return ";" + text[1:-1] + ";"  # (each quote a piece of its own)
        return " " * len(text)
    return _masks(grammar.cited_title).sub(blank, view)


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


class Hits:
    """The metric hits (rules/metrics.yml, ``start``/``end`` offsets) within one stretch of a clause's view, in the
    order found (``hits``), and the last of them that ends by a position, found by bisection: a clause may name
    thousands."""

    def __init__(self, hits: list):
        self.hits = hits
        # The least end of the hits from each one on: it never falls, so the last hit ending by a position is the
        # last place where it is still at most that position.
        self._least_end = list(accumulate(reversed([m.end for m in hits]), min))[::-1]

    def last_ending_by(self, position: int):
        """The last hit (in the order found) that ends at or before ``position``, or None."""
        at = bisect_right(self._least_end, position) - 1
        return self.hits[at] if at >= 0 else None


_NO_HITS = Hits([])


@dataclass
class ClauseView:
    """One clause as its targets are read. ``text`` is the clause's text and ``full`` its parsing view, both
    without glosses (``kept``: the offsets in the clause of the characters kept, None where none was dropped);
    ``view`` is ``full`` with titles and notes blanked. ``row`` tells a flattened table's row (its serial number
    blanked in ``full`` and ``view``); ``metrics`` are the rules/metrics.yml hits outside titles and notes, and
    ``pieces`` the (start, end) of the view's pieces, in order. Offsets are in the view unless said otherwise."""
    clause: Clause
    text: str
    full: str
    view: str
    kept: list[int] | None
    row: bool
    metrics: list
    pieces: list[tuple[int, int]]
    _in: dict[tuple[int, int], Hits] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._starts = [start for start, _ in self.pieces]
        if not self.metrics:  # most clauses name none
            return
        by_piece: dict[int, list] = {}
        for hit in self.metrics:  # a hit lies in the last piece that starts by it, or in none
            at = bisect_right(self._starts, hit.start) - 1
            if at >= 0 and hit.end <= self.pieces[at][1]:
                by_piece.setdefault(at, []).append(hit)
        self._in.update({piece: Hits(by_piece.get(at, [])) for at, piece in enumerate(self.pieces)})

    def piece_at(self, position: int) -> tuple[int, int] | None:
        """The (start, end) of the piece ``position`` stands in, or None (on a separator)."""
        at = bisect_right(self._starts, position) - 1
        return self.pieces[at] if at >= 0 and position < self.pieces[at][1] else None

    def piece_before(self, start: int) -> tuple[int, int] | None:
        """The (start, end) of the piece before the one that starts at ``start``, or None for the first."""
        at = bisect_right(self._starts, start) - 2
        return self.pieces[at] if at >= 0 else None

    def metrics_in(self, start: int, end: int) -> Hits:
        """The metric hits that lie within ``start``..``end`` (a piece, or the whole view)."""
        if not self.metrics:
            return _NO_HITS
        if (start, end) not in self._in:
            self._in[(start, end)] = Hits([m for m in self.metrics if start <= m.start and m.end <= end])
        return self._in[(start, end)]

    def original(self, at: int, end: bool = False) -> int:
        """The offset in the clause's text of the view's offset ``at`` (``end``: of an end, exclusive)."""
        kept = self.kept
        if kept is None:
            return at
        return (kept[at - 1] + 1 if at else 0) if end else (kept[at] if at < len(kept) else len(self.clause.text))


def clause_view(analysis: ClauseAnalysis, grammar: TargetsFile) -> ClauseView:
    """The view of ``analysis``'s clause that its targets are read on, by rules/targets.yml (``grammar``)."""
    clause = analysis.clause
    text, full, metrics = clause.text, parsing_view(clause.text), analysis.phrases["metrics"]
    # Pinyin glosses some pages print after characters (达(dá)到) are no part of the text: read without them,
    # positions mapped back to the clause's.
    kept = gloss_kept(full)
    if kept is not None:
        text, full = "".join(text[i] for i in kept), "".join(full[i] for i in kept)
        metrics = [m._replace(start=bisect_left(kept, m.start), end=bisect_left(kept, m.end)) for m in metrics]
    full = arabic_years(full)  # (二○三○年: a year as the readers of years read it)
    view = masked(full, grammar)
    # A flattened table's row (1 居民消费价格涨幅3%左右 发展改革委): its serial number is no figure, and its
    # cells are pieces of their own.
    row = bool(grammar.indicator.table_row.search(view))
    if row:
        full = grammar.indicator.row_number.sub(_blank, full, 1)
        view = grammar.indicator.row_number.sub(_blank, view, 1)
    # A metric named inside a 《title》 or a (note) is no indicator of a number outside it.
    metrics = [m for m in metrics if view[m.start:m.end].strip()]
    return ClauseView(clause, text, full, view, kept, row, metrics, _pieces(view, row, grammar))


def _pieces(view: str, row: bool, grammar: TargetsFile) -> list[tuple[int, int]]:
    """(start, end) of the pieces of a clause's view, split at rules/targets.yml ``piece_separators`` (and, in a
    table's row, ``indicator.cell_separators``)."""
    pieces, position = [], 0
    separators = [grammar.piece_separators] + ([grammar.indicator.cell_separators] if row else [])
    for separator in sorted((m for r in separators for m in r.finditer(view)), key=lambda m: m.start()):
        if separator.start() < position:
            continue
        if row and "|" in separator.group() and grammar.indicator.figure_cell.match(view, separator.end()):
            continue  # 地区生产总值 | 增长5.5%: the figure's cell goes on from its indicator's
        pieces.append((position, separator.start()))
        position = separator.end()
    pieces.append((position, len(view)))
    return pieces
