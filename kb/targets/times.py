"""When a figure of a clause is for, and how it is said: the year or period last named before it (到2025年, 十四五末,
明年) and the last tense marker (近年来, 力争, 已建成), by rules/targets.yml (``year``, ``deadline_year``, ``period``,
``indicator.relative_year``, ``indicator.tense``).

Each is the last match of a pattern in the clause up to the figure, as ``pattern.finditer(view, 0, figure)`` finds
it. A clause may hold thousands of figures, so the matches are found once for the whole clause and only a short
window before each figure is matched again (``Lookback``): reading a clause takes time linear in its length, not
quadratic."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Callable

from ..rule_models.targets import TargetsFile
from ..structure.lines import INLINE_ITEM


class Lookback:
    """The last match that ``pattern.finditer(text, since, upto)`` yields (kept by ``keep``, a match → bool), for
    many ``upto``, in time linear in the text rather than in ``upto`` at each call.

    The whole text is matched once. Cutting it at ``upto`` (finditer's ``endpos``: a lookahead sees no further)
    changes only the match attempts that read on to ``upto``, so the last ``WINDOW`` characters before it are
    matched again with the text cut there, from a place where the whole text's scan makes an attempt (not inside
    one of its matches), and the whole text's matches stand before that place. The answer is finditer's unless an
    attempt over ``WINDOW`` characters before ``upto`` reads on past it: the rules' patterns read a few characters
    ahead, and further only along a run of spaces or of words with no figure (the 的…倍 of rules/targets.yml
    ``year``) longer than ``WINDOW``."""

    WINDOW = 200  # characters matched again before each position: far more than the rules' patterns read ahead

    def __init__(self, pattern: re.Pattern, text: str, keep: Callable[[re.Match], bool] | None = None):
        self.pattern, self.text = pattern, text
        self.keep = keep  # None: every match is kept
        self.matches: list[re.Match] | None = None  # the whole text's, matched when first needed (_index)

    def _index(self) -> None:
        # Most clauses are shorter than WINDOW and never need it: only a figure past WINDOW does.
        self.matches = list(self.pattern.finditer(self.text))
        self.starts = [m.start() for m in self.matches]
        self.kept = [m for m in self.matches if self.keep is None or self.keep(m)]
        self.kept_starts = [m.start() for m in self.kept]

    def last(self, upto: int, since: int = 0) -> re.Match | None:
        """The last match kept of ``pattern.finditer(text, since, upto)``, or None (offsets in ``text``)."""
        cut = max(since, upto - self.WINDOW)
        if cut == since:  # the whole stretch is matched again: no match of the whole text's is needed
            return self._last_in(since, upto)
        if self.matches is None:
            self._index()
        if self._inside(since) is not None:
            cut = since  # a scan from inside a match of the whole text's is its own: match it all (rare: no tense
            # marker holds the item number 3. that such a scan starts after)
        elif (covering := self._inside(cut)) is not None:
            cut = covering.start()  # resume where the whole text's scan resumes
        local = self._last_in(cut, upto)
        if local is not None:
            return local
        at = bisect_left(self.kept_starts, cut) - 1
        return self.kept[at] if at >= 0 and self.kept_starts[at] >= since else None

    def _last_in(self, start: int, end: int) -> re.Match | None:
        """The last match kept of ``pattern.finditer(text, start, end)``, or None."""
        last, keep = None, self.keep
        for match in self.pattern.finditer(self.text, start, end):
            if keep is None or keep(match):
                last = match
        return last

    def _inside(self, position: int) -> re.Match | None:
        """The match of the whole text that ``position`` stands strictly inside, if any."""
        at = bisect_right(self.starts, position) - 1
        if at >= 0 and self.starts[at] < position < self.matches[at].end():
            return self.matches[at]
        return None


class ClauseTimes:
    """The year and the tense marker at each position of one clause's view (the parsing view with cited titles
    and notes blanked, kb.targets.view), by rules/targets.yml (``grammar``). ``report_year`` is the year the text
    was issued or reported in (明年 in a report of 2018 is 2019); with none, relative years are not read.
    ``own_year`` is the one year the document is for, which 全年 names where no year is in view."""

    def __init__(self, grammar: TargetsFile, view: str, report_year: int | None, own_year: int | None = None):
        self.g = grammar
        self.report_year = report_year
        self.own_year = own_year  # the one year the document is for (2023年…工作要点), if it is for one
        self._years = [Lookback(grammar.year, view), Lookback(grammar.deadline_year, view),
                       # 比十二五 is a baseline, not the period a figure is for.
                       Lookback(grammar.period, view, keep=lambda m: not (m.start() and view[m.start() - 1] == "比"))]
        if report_year is not None:
            self._years.append(Lookback(grammar.indicator.relative_year, view))
            # 今年 itself, beside the words (全年) that take their year from the context.
            self._explicit = Lookback(grammar.indicator.relative_year, view,
                                      keep=lambda m: m.group("relative") not in grammar.indicator.in_context)
        self._items = Lookback(INLINE_ITEM, view)
        self._tense = Lookback(grammar.indicator.tense.any, view)
        self._seen: dict[re.Pattern, Lookback] = {}
        self.view = view

    def year(self, upto: int, carried: tuple[int | None, str | None]) -> tuple[int | None, str | None]:
        """(year, period) of the last time named before ``upto``: a year (到2025年) or a deadline at a year's end
        (到2025年底), a period (十四五, with its last year), or a year relative to the report's (明年); where two
        start together, in that order. ``carried`` (the paragraph's so far) where none is named."""
        found = [(match.start(), -rank, rank, match) for rank, lookback in enumerate(self._years)
                 if (match := lookback.last(upto)) is not None]
        if not found:
            return carried
        _, _, rank, match = max(found)
        if rank == 3 and match.group("relative") in self.g.indicator.in_context:
            # 2020年,…全年实现…: a year of the past named before it (a review's), else the report's own (到2025年
            # before it is an aim's, 十四五 a period: neither is the year 全年 names).
            named = [f for f in found if f[2] == 0 and int(f[3].group("year")) <= self.report_year]
            explicit = self._explicit.last(upto)
            if explicit is not None and (not named or explicit.start() > max(named)[0]):
                # 该镇2009年实现…。今年,…全年实现…: the year named last (今年) is the one 全年 names.
                return self.report_year + self.g.indicator.relative_years.get(explicit.group("relative"), 0), None
            if named:
                return int(max(named)[3].group("year")), None
            if not any(f[2] != 3 for f in found) and carried[0] is not None and carried[1] is None \
                    and carried[0] <= self.report_year:
                return carried  # 2017年,经济稳中向好。预计全年…: the paragraph's year
            if self.own_year is not None:
                return self.own_year, None  # 全年 in a 2024年工作要点 dated 2023年12月: the year it is for
        if rank == 2:
            return self.g.periods[match.group("period")], match.group("period")
        if rank == 3:
            return self.report_year + self.g.indicator.relative_years.get(match.group("relative"), 0), None
        return int(match.group("year")), None

    def tense(self, upto: int) -> str | None:
        """past / future / done: the last tense marker before ``upto``, from the last item number run into the
        clause (… 实际完成 1 2 3 3.新投放…: it opens an item of its own); None where there is none."""
        item = self._items.last(upto)
        marker = self._tense.last(upto, since=item.end() if item is not None else 0)
        return marker.lastgroup if marker is not None else None

    def seen(self, pattern: re.Pattern, upto: int) -> bool:
        """Whether ``pattern`` matches before ``upto`` (as ``pattern.search(view, 0, upto)`` does)."""
        if pattern not in self._seen:
            self._seen[pattern] = Lookback(pattern, self.view)
        return self._seen[pattern].last(upto) is not None
