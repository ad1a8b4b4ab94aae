"""rules/structure.yml: how kb.structure reads the layout of a Chinese official document (numbering, headings,
run-in titles, goal items, clause boundaries, brackets, front-matter lines)."""
from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator

from .base import Part, Pattern, PatternRule, Rule, Words, pattern_with


class NumberingStyle(Rule):
    """A marker that opens a numbered line (一、 (一) 1. ①). ``pattern`` runs at the start of a line of the
    parsing view; its group ``n`` is the number, read in the ``numerals`` system (kb.numerals.read_numeral)."""
    pattern: pattern_with("n")
    # How the number is read: 一二三 (Chinese, also Arabic digits), 1 2 3, ① ②, or A B C / a b c.
    numerals: Literal["chinese", "arabic", "circled", "latin"]
    heading_on_line: bool = True


class RunInTitle(Rule):
    """A paragraph opened by a short title sentence (培育知识产权密集型产业。…): at most ``max_chars`` characters
    and none of ``not_containing``."""
    max_chars: int
    not_containing: Words = []


def _bracket_pair(pair: tuple[str, str]) -> tuple[str, str]:
    if not all(len(side) == 1 for side in pair):
        raise ValueError("a pair [opening, closing] of one character each")
    return pair


BracketPair = Annotated[tuple[str, str], AfterValidator(_bracket_pair)]


class StructureFile(Part):
    """The whole of rules/structure.yml."""
    numbering: list[NumberingStyle]
    heading_max_chars: int
    run_in_title: RunInTitle
    goal_item: PatternRule
    sentence_enders: frozenset[str]
    brackets: list[BracketPair]
    note_bracket: BracketPair = ("(", ")")
    item_note_line: Pattern | None = None

    @cached_property
    def openers(self) -> dict[str, str]:
        """Opening bracket → its closer."""
        return {a: b for a, b in self.brackets}

    @cached_property
    def closers(self) -> dict[str, str]:
        """Closing bracket → its opener."""
        return {b: a for a, b in self.brackets}
