"""The text a clause's targets are read on: its parsing view without the pinyin glosses some pages print (达(dá)到),
with cited 《titles》 and (notes) blanked out (numbers there are no targets) and a flattened table row's serial
number blanked, cut into pieces (at commas and semicolons, 和 and 及 before a number, a table row's cells), by
rules/targets.yml."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import gloss_kept, parsing_view
from ..rule_models.targets import TargetsFile
from ..structure import Clause
from ..tagging import ClauseAnalysis


@lru_cache(maxsize=8)
def _masks(cited_title: re.Pattern) -> re.Pattern:
    """A cited 《title》 (rules/citations.yml) or a note in (…), whichever opens first."""
    return re.compile(f"{cited_title.pattern}|\\([^()]*\\)")


def masked(view: str, grammar: TargetsFile) -> str:
    """The view with cited 《…》 titles and (…) notes blanked out: numbers in titles and notes are not targets.
    ``grammar`` is rules/targets.yml (its ``cited_title``); the result is as long as ``view``."""
    return _masks(grammar.cited_title).sub(lambda m: " " * len(m.group()), view)


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


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
        pieces.append((position, separator.start()))
        position = separator.end()
    pieces.append((position, len(view)))
    return pieces
