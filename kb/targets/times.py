"""When a figure of a clause is for, and how it is said: the year or period last named before it (到2025年, 十四五末,
明年) and the last tense marker (近年来, 力争, 已建成), by rules/targets.yml (``year``, ``deadline_year``, ``period``,
``indicator.relative_year``, ``indicator.tense``).

Each is the last match of a pattern in the clause up to the figure, as ``pattern.finditer(view, 0, figure)`` finds
it."""
from __future__ import annotations

import re

from ..rule_models.targets import TargetsFile
from ..structure import INLINE_ITEM


class ClauseTimes:
    """The year and the tense marker at each position of one clause's view (the parsing view with cited titles
    and notes blanked, kb.targets.view), by rules/targets.yml (``grammar``). ``report_year`` is the year the text
    was issued or reported in (明年 in a report of 2018 is 2019); with none, relative years are not read."""

    def __init__(self, grammar: TargetsFile, view: str, report_year: int | None):
        self.g = grammar
        self.report_year = report_year
        self.view = view

    def year(self, upto: int, carried: tuple[int | None, str | None]) -> tuple[int | None, str | None]:
        """(year, period) of the last time named before ``upto``: a year (到2025年) or a deadline at a year's end
        (到2025年底), a period (十四五, with its last year), or a year relative to the report's (明年); where two
        start together, in that order. ``carried`` (the paragraph's so far) where none is named."""
        text = self.view
        year, period = carried
        best = -1
        for pattern in (self.g.year, self.g.deadline_year):
            for match in pattern.finditer(text, 0, upto):
                if match.start() > best:
                    year, period, best = int(match.group("year")), None, match.start()
        for match in self.g.period.finditer(text, 0, upto):
            if match.start() > best and not text[:match.start()].endswith("比"):
                period = match.group("period")
                year, best = self.g.periods[period], match.start()
        if self.report_year is not None:  # 明年 in a report of 2018 is 2019
            for match in self.g.indicator.relative_year.finditer(text, 0, upto):
                if match.start() > best:
                    year, period, best = self.report_year + self.g.indicator.relative_years.get(
                        match.group("relative"), 0), None, match.start()
        return year, period

    def tense(self, upto: int) -> str | None:
        """past / future / done: the last tense marker before ``upto``, from the last item number run into the
        clause (… 实际完成 1 2 3 3.新投放…: it opens an item of its own); None where there is none."""
        text = self.view
        last = None
        begin = max((m.end() for m in INLINE_ITEM.finditer(text, 0, upto)), default=0)
        for match in self.g.indicator.tense.any.finditer(text, begin, upto):
            last = match.lastgroup
        return last

    def seen(self, pattern: re.Pattern, upto: int) -> bool:
        """Whether ``pattern`` matches before ``upto`` (as ``pattern.search(view, 0, upto)`` does)."""
        return bool(pattern.search(self.view, 0, upto))
