"""A parent document's unit named at the child's level (rules/align.yml ``counterparts``): 国家知识产权局 in a
national plan is 东岚省知识产权局 for a provincial plan of 东岚省 and 自治区知识产权局 for Guangxi's, 工商总局 is
省工商局, 省科技厅 is 青漳市科技局 for a city of the province.

A rule rewrites the name as the parent prints it (工商总局, not the successor the lexicon files it under) into the
name the child's own text would print (省工商局); the unit is then the one of the child's jurisdiction the KB knows
by that name (its id or an alias), else that name with the jurisdiction for its level word (青漳市工商局, as kb.units
names the units a text names itself) when it has the form of a name, else none. A parent of the child's own tier
and jurisdiction gives its units as they are.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from ..rule_models.align import AlignFile, CounterpartRule
from ..vocabulary import LEVEL_TIERS, UNKNOWN_TIER

# The word a text of a level prints before its own bodies (a municipality's is 市).
LEVEL_WORDS = {"直辖市": "市", "州": "州", "盟": "盟", "地区": "地区"}


@dataclass(frozen=True)
class Side:
    """A document as counterparts see it: its id, level (documents.level, may be empty) and jurisdiction."""
    id: str
    level: str
    jurisdiction: str

    @property
    def tier(self) -> int:
        """Its tier (kb.vocabulary.LEVEL_TIERS; UNKNOWN_TIER when its level is not one of them)."""
        return LEVEL_TIERS.get(self.level, UNKNOWN_TIER)

    @property
    def level_word(self) -> str:
        """The word its text prints before its own bodies: 省, 自治区, 市, 县."""
        return LEVEL_WORDS.get(self.level, self.level)


@dataclass(frozen=True)
class Counterpart:
    """A parent's unit at the child's level: ``unit`` (a units.id when the KB holds it, else the name made for it),
    ``printed`` (the name as the child's text would print it), ``known`` (the KB holds the unit) and ``rule_id``."""
    unit: str
    printed: str
    known: bool
    rule_id: str


def side_of(conn: sqlite3.Connection, document_id: str) -> Side | None:
    """The Side of ``document_id``, or None when the KB holds no such document."""
    row = conn.execute("select id, coalesce(level, ''), coalesce(jurisdiction, '') from documents where id = ?",
                       [document_id]).fetchone()
    return Side(*row) if row else None


class Counterparts:
    """Names parent units at a child's level by rules/align.yml ``counterparts``. ``is_name``: whether a made name
    has the form of an organisation name (kb.units.names.NameForms.is_unit_name), else any name is taken."""

    def __init__(self, conn: sqlite3.Connection, rules: AlignFile, is_name=None):
        self.conn, self.rules = conn, rules.counterparts
        self.is_name = is_name or (lambda name: True)
        self._ending = re.compile("(?:%s)$" % "|".join(map(re.escape, rules.alignment.jurisdiction_endings)))
        self._units: dict[str, dict[str, str]] = {}  # jurisdiction → {id or alias: id}

    def short_form(self, jurisdiction: str) -> str:
        """A jurisdiction's short form (东岚省 → 东岚, 广西壮族自治区 → 广西); the name when it has none."""
        short = self._ending.sub("", jurisdiction)
        return short if len(short) >= 2 else jurisdiction

    def units_of(self, jurisdiction: str) -> dict[str, str]:
        """{id or alias: id} of the units of ``jurisdiction`` the KB holds (read once per jurisdiction)."""
        if jurisdiction not in self._units:
            names: dict[str, str] = {}
            for unit_id, aliases in self.conn.execute("select id, aliases from units where jurisdiction = ? "
                                                      "order by found_by != 'lexicon', id", [jurisdiction]):
                names.setdefault(unit_id, unit_id)
                for alias in json.loads(aliases) if aliases else []:
                    names.setdefault(alias, unit_id)
            self._units[jurisdiction] = names
        return self._units[jurisdiction]

    def of(self, name: str, unit_id: str, parent: Side, child: Side) -> Counterpart | None:
        """The counterpart for ``child`` of the unit ``unit_id`` that ``parent`` prints as ``name``; None when no
        rule names one (a child of a higher tier than its parent, a name no rule rewrites into a name)."""
        if parent.tier == child.tier and parent.jurisdiction == child.jurisdiction:
            return Counterpart(unit_id, name, True, self.rules.same.id)
        if child.tier < parent.tier or not child.jurisdiction:
            return None
        if child.jurisdiction and name.startswith(child.jurisdiction):
            # The parent names the child's own body (青漳市人民政府 in the province's plan): it is that body.
            known = self.units_of(child.jurisdiction).get(name)
            return Counterpart(known or name, name, known is not None, self.rules.same.id)
        for rule in self.rules.rules:
            if not self._applies(rule, parent, child):
                continue
            match = rule.pattern.fullmatch(name)
            if match is None:
                continue
            # The first rule whose pattern fits decides: 海关总署 is a local customs district or none, never
            # 省海关总署.
            return self._found(rule, match, child)
        return None

    @staticmethod
    def _applies(rule: CounterpartRule, parent: Side, child: Side) -> bool:
        return (not rule.parent or parent.level in rule.parent) and (not rule.child or child.level in rule.child)

    def _found(self, rule: CounterpartRule, match: re.Match, child: Side) -> Counterpart | None:
        units = self.units_of(child.jurisdiction)
        if rule.find is not None:
            hit = next((unit for unit in sorted(set(units.values())) if rule.find.fullmatch(unit)), None)
            return Counterpart(hit, hit, True, rule.id) if hit else None
        groups = {key: value or "" for key, value in match.groupdict().items()}
        # `to` may name alternatives (市{body}局|市{body}委): the first the KB knows, else the first that is a name.
        names = [to.format(level=child.level_word, short=self.short_form(child.jurisdiction), **groups)
                 for to in rule.to.split("|")]
        if not names[0]:
            return None  # a rule saying the unit has no counterpart to guess
        for printed in names:
            for candidate in (printed, self.qualified(printed, child)):
                if candidate in units:
                    return Counterpart(units[candidate], printed, True, rule.id)
        printed = names[0]
        if not self.is_name(printed):
            return None
        return Counterpart(self.qualified(printed, child), printed, False, rule.id)

    @staticmethod
    def qualified(printed: str, child: Side) -> str:
        """The name of the unit a child's text means by ``printed``: its jurisdiction for its level word
        (省知识产权局 in 东岚省's text → 东岚省知识产权局), before a collective form (各市、县人民政府 → 东岚省各市、县人民政府),
        or the name as it is when it opens with a place (东岚银监局)."""
        word = child.level_word
        if word and printed.startswith(word) and not printed.startswith(child.jurisdiction):
            return child.jurisdiction + printed[len(word):]
        if printed.startswith("各"):
            return child.jurisdiction + printed
        return printed
