"""rules/units.yml: responsible units (a lexicon that puts names in canonical form), departments named with their
level, unit patterns, role rules, enumerations, and the slot grammar of kb.units."""
from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import field_validator, model_validator

from .base import NEVER, Part, Pattern, PatternRule, Rule, Words, composed, never, pattern_with, rule_error
from .structure import BracketPair


class Unit(Part):
    """A unit of the lexicon: its canonical ``name``, ``level`` and ``kind``; ``aliases`` the ways a clause names it
    (its name when the file gives none), ``short`` the bare forms of enumerations (知识产权、工商…等执法部门),
    ``competences`` the topics in its charge; a unit with a ``jurisdiction`` is looked for only in documents of
    it; ``successor`` the unit that took its tasks over after a reorganisation, ``successor_since`` when (a year
    or a date, as text)."""
    name: str
    level: str
    kind: str
    aliases: Words = []
    short: Words = []
    competences: Words = []
    jurisdiction: str | None = None
    successor: str | None = None
    successor_since: str | None = None

    @field_validator("successor_since", mode="before")
    @classmethod
    def _as_text(cls, value):
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _named_by_its_name(self) -> "Unit":
        if not self.aliases:
            self.aliases = [self.name]
        return self


class Departments(Rule):
    """Department names by kind (部门, 执法机关 …): after a level prefix they name a unit (市知识产权局)."""
    names: dict[str, Words]


class RoleRule(Rule):
    """How a unit's role is read from the words around it: the rule fits where ``followed_by`` matches the text
    after the name and ``preceded_by`` the text before it (each where given)."""
    role: Literal["lead", "cooperate", "addressee", "mentioned"]
    followed_by: Pattern | None = None
    preceded_by: Pattern | None = None


class UnitPattern(PatternRule):
    """Units named by a pattern (人民银行某某中心支行): the unit is the text as printed, of ``kind``."""
    kind: str


class UnitGrammarRules(Rule):
    """The slot grammar (kb.units.grammar.UnitGrammar): where documents name who is responsible, and what a name looks
    like. ``separators`` are characters (a slot's list splits on them outside brackets); ``not_in_body``,
    ``not_in_running_text`` and ``collective`` are also parts of the name patterns kb.units.names composes."""
    separators: str
    list_endings: Words
    list_ending: Pattern
    suffixes: Words
    place_suffixes: Words
    short_place_name: Pattern = NEVER
    not_in_body: Pattern
    not_in_running_text: Pattern
    collective: Pattern
    lead_marker: str
    lead_marks_before: tuple[str, ...] = ()
    lead_marks_after: tuple[str, ...] = ()
    carry_forward: Words
    other_columns: Words = []
    person_columns: Words = []
    row_number_headers: Words
    note_brackets: list[BracketPair]
    not_a_prefix: Words
    shares_prefix: Pattern
    not_a_member: Pattern
    surnames: str
    place_characters: str
    slot_collectives: Pattern
    shared_suffixes: Words
    bare_levels: Words
    level_bodies: Words = ()
    bare_bodies: Words = ()
    other_labels: Words = ()
    item_number: Pattern = NEVER
    modal: Pattern = NEVER
    party_committees: Words = ()
    party_governments: Words = ()
    town_name: Pattern = NEVER
    posts: Pattern = NEVER
    post_titles: Pattern = NEVER
    first_leads: Pattern
    covers_above: Pattern
    covers_own: Pattern = NEVER
    about_below: pattern_with("units") = never("units")
    alias_after: Pattern = NEVER
    convene: Words
    # Verbs by which one body tells another to act (要求, 责成): the list before 会同 starts after them.
    requests: Pattern = NEVER
    by: str
    # Adverbs that may stand before 由 (主要由X、Y牵头, 分别由X负责): no part of the first name.
    by_adverbs: Words = ()
    labels: dict[Literal["lead", "responsible", "cooperate", "note"], Words]
    glued_labels: dict[str, Literal["lead", "cooperate"]] = {}
    verbs: dict[Literal["lead", "shared", "cooperate"], Words]
    followed_by: Words


class UnitsFile(Part):
    """The whole of rules/units.yml."""
    units: list[Unit]
    level_prefixes: dict[str, str]
    departments: Departments
    unit_patterns: list[UnitPattern]
    roles: list[RoleRule]
    enumeration: PatternRule
    grammar: UnitGrammarRules

    @model_validator(mode="after")
    def _composes(self) -> "UnitsFile":
        return composed(self, "department_pattern")

    @field_validator("units")
    @classmethod
    def _successors_are_units(cls, units: list[Unit]) -> list[Unit]:
        names = {unit.name for unit in units}
        for unit in units:
            if unit.successor is not None and unit.successor not in names:
                raise rule_error(f"unit {unit.name}: successor {unit.successor!r} is not a unit of this file")
        return units

    @cached_property
    def department_kinds(self) -> dict[str, str]:
        """Department name → its kind (a name listed under two kinds has the later)."""
        return {name: kind for kind, names in self.departments.names.items() for name in names}

    @cached_property
    def department_pattern(self) -> re.Pattern:
        """A level prefix then a department name: groups ``prefix`` and ``name``, longest alternatives first."""
        prefixes = "|".join(map(re.escape, sorted(self.level_prefixes, key=len, reverse=True)))
        bases = "|".join(map(re.escape, sorted(self.department_kinds, key=len, reverse=True)))
        return re.compile(f"(?P<prefix>{prefixes})(?P<name>{bases})")
