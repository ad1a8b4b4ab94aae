"""The units one document's clauses name: its slots first (kb.units.grammar), then the names in its running text
(the lexicon, the department and unit patterns, and names found by their form), each in canonical form.

A unit belongs to a jurisdiction: a name as the text writes it (市发改委) becomes the unit of the document's place
(厦门市发改委); names not in rules/units.yml collect as NamedUnits.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cached_property

from ..corpus import DocumentRecord
from ..normalize import gloss_kept, parsing_view, without_glosses
from ..rules import RuleSet
from ..structure.model import Clause
from ..tagging import ClauseAnalysis
from .grammar import SCOPE_BELOW, SCOPE_CLAUSE, SlotUnit
from .glued import GluedLabels


@dataclass
class UnitTag:
    """A unit (an organisation, ``unit`` its id: clause_units.unit_id) a clause names or is given (the
    ``clause_units`` table): its ``role`` and ``basis`` (kb.vocabulary), the rule, the words ``matched`` at
    ``span_start``..``span_end`` in the document's text (None where the unit is inherited or inferred), and the
    ``reason`` shown to a reader."""
    clause_id: str
    unit: str
    role: str  # lead / cooperate / addressee / mentioned
    basis: str  # explicit / inherited / inferred
    rule_id: str
    span_start: int | None
    span_end: int | None
    matched: str | None
    reason: str
    shared: bool = False  # named by 责任单位 / 按职责分工负责: cooperates where a 牵头 is named for the item


@dataclass(frozen=True)
class NamedUnit:
    """A unit not listed in rules/units.yml, found by the form of its name (in a slot, or by level and
    department name): its level comes from its prefix, its jurisdiction from the document."""

    name: str
    level: str
    kind: str
    jurisdiction: str | None = None
    alias: str | None = None  # the name as the text writes it (市市场监督管理局), where ``name`` adds the place


_ROLE_WINDOW = 600  # characters read on each side of a name for its role: a list of some 40 units


# A space between two characters of a name: where a PDF's line ended (省文化 和旅游厅).
_INNER_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _role(view: str, start: int, end: int, rules: RuleSet) -> tuple[str, str]:
    """(role, rule id) of a name at view[start:end] in running text, by the first role rule of rules/units.yml
    whose context matches; mentioned where none does."""
    # (Read in a window around the name: a role word stands within a list's length of it, and a hostile clause of
    # thousands of names would otherwise be read whole for each.)
    before, after = view[max(0, start - _ROLE_WINDOW):start], view[end:end + _ROLE_WINDOW]
    for rule in rules.unit_rules.roles:
        if rule.followed_by is not None and not rule.followed_by.search(after):
            continue
        if rule.preceded_by is not None and not rule.preceded_by.search(before):
            continue
        return rule.role, rule.id
    return "mentioned", "unit.role.mentioned"


class UnitReader:
    """The units a document's clauses name, by slot grammar first and the lexicon second."""

    def __init__(self, rules: RuleSet, document: DocumentRecord, named: dict[str, NamedUnit]):
        self.rules = rules
        self.grammar = rules.unit_grammar
        self.glued = GluedLabels(self.grammar)
        self.document = document
        self.named = named
        self.in_scope = {u.name for u in rules.units if u.jurisdiction in (None, document.jurisdiction)}
        self.aliases = {alias: u.name for u in rules.units for alias in u.aliases if u.name in self.in_scope}
        self.short_forms = rules.unit_short_forms()

    @cached_property
    def issuer_unit(self) -> str | None:
        """The issuer as a unit (its lexicon name, or its own name when it has the form of one), or None."""
        issuer = parsing_view(self.document.issuer or "")
        for name in (issuer, issuer.removeprefix(self.document.jurisdiction or "\0")):
            if name in self.aliases:
                return self.aliases[name]
        # Its own name, not registered as a unit: the issuer is a unit of the KB only where a clause names it.
        return issuer if self.grammar.is_unit_name(issuer) else None

    def known(self, name: str) -> bool:
        """Whether the lexicon knows ``name`` (a unit of this document's jurisdiction or of none) by one of its
        names."""
        return name in self.aliases

    @cached_property
    def own_government(self) -> frozenset:
        """The names by which a document's text calls its own government: its level word and 人民政府 / 政府
        (县人民政府, 县政府)."""
        level = self.document.level or ""
        return frozenset(f"{level}{body}" for body in ("人民政府", "政府")) if level else frozenset()

    def is_issuer(self, unit: str) -> bool:
        """Whether a unit is the document's issuer, as named or by a level word for its place (姚安县人民政府 is
        县人民政府 in its own text)."""
        if unit in self.own_government:
            return True  # 县人民政府 in a county's text is its own government, whoever signs the document
        issuer = self.issuer_unit
        if issuer is None:
            return False
        if unit == issuer:
            return True
        place = self.document.jurisdiction or ""
        return bool(place) and len(unit) > 1 and unit[0] == place[-1] and issuer == place + unit[1:]

    def canonical(self, name: str) -> str:
        """The lexicon's name for ``name``, or the unit found by grammar that ``name`` names in this document: a
        unit belongs to a jurisdiction, so 市市场监督管理局 in a text of 甲市 is 甲市市场监督管理局 (see
        ``qualified``), and 乙市's is another unit. A pinyin gloss printed in the name is no part of it, nor a space
        a PDF's line break left inside it (省文化 和旅游厅)."""
        name = _INNER_SPACE.sub("", without_glosses(name))
        unit = self.aliases.get(name)
        if unit is not None:
            return unit
        qualified, jurisdiction = self.qualified(name)
        if qualified not in self.named:
            department = self.rules.unit_rules.department_pattern.fullmatch(name)
            kind = (self.rules.unit_rules.department_kinds[department.group("name")] if department
                    else "集体" if self.grammar.is_collective(name) or "各" in name else "")
            # A name with no level word is a body of the document's own level (发展改革委 in a national document).
            level = self.grammar.level_of(name) or self.document.level or ""
            self.named[qualified] = NamedUnit(qualified, level, kind, jurisdiction, name)
        return qualified

    def qualified(self, name: str) -> tuple[str, str | None]:
        """(the unit's name with its place, its jurisdiction) for a name as a text writes it. The document's
        jurisdiction stands for the level word it shares (市发改委 in 厦门市's text is 厦门市发改委), and before a name
        with no place (城管局 in 崇川区's text is 崇川区城管局); a higher level word is the division above it (省发改委
        in 厦门市's text is 福建省发改委). A name that opens with a place, a national body's name, and every name of
        a national text are kept as they are."""
        place = self.document.jurisdiction
        if not place or place == "全国" or name.startswith(("国家", "国务院", "中共", "中央", "全国", "中国")):
            return name, place
        places = self.rules.places
        if places is not None and places.leading(name):
            return name, place
        own = "自治区" if place.endswith("自治区") else place[-1]
        stem = place[:-len(own)] if own and len(place) > len(own) else place
        if name.startswith(stem) and len(stem) >= 2:
            return name, place  # 监利经济开发区 in 监利市's text
        prefix = self.grammar.level_prefix(name)
        if not prefix:
            return place + name, place
        if place.endswith(prefix):
            return place + name[len(prefix):], place
        official = places.place_of(place) if places is not None else None
        for above in (places.ancestors(official) if official is not None else []):
            if above.endswith(prefix):
                return above + name[len(prefix):], above
        return name, place

    def candidates(self, view: str, analysis: ClauseAnalysis, kept: list[int] | None = None):
        """(unit, start, end, rule, found by grammar) of names in running text; where they overlap the longest
        wins. ``view`` is the clause's parsing view, or that view without its glosses when ``kept`` (from
        normalize.gloss_kept) maps its positions to the clause's: the analysis' positions are the clause's."""
        rules = self.rules
        to_view = {position: i for i, position in enumerate(kept)} if kept is not None else None

        def local(position: int) -> int | None:
            return position if to_view is None else to_view.get(position)

        candidates = [(hit.label, local(hit.start), local(hit.end - 1) + 1, hit.rule_id, False)
                      for hit in analysis.phrases["units"] if hit.label in self.in_scope
                      and local(hit.start) is not None and local(hit.end - 1) is not None]
        for match in rules.unit_rules.department_pattern.finditer(view):
            candidates.append((match.group(), match.start(), match.end(), rules.unit_rules.departments.id, True))
        for unit_pattern in rules.unit_rules.unit_patterns:
            for match in unit_pattern.pattern.finditer(view):
                candidates.append((match.group(), match.start(), match.end(), unit_pattern.id, True))
        convened = self.grammar.convened_names(view)
        if convened:
            # …会同有关部门制定: a name ends where a jieba word begins (有关部 is no name).
            starts = {local(p) for p in analysis.token_starts} | {len(view)}
            candidates.extend((name, start, end, f"{self.grammar.id}.convene", True)
                              for name, start, end in convened if end in starts)
        names = self.grammar.names_in_text(view)
        if names:
            # 及时报告自治区人民政府: a place name that begins inside the word 及时 is no place (a level word such
            # as 县 needs no such check: jieba may glue it to 由 or 同 before it).
            starts = {local(p) for p in analysis.token_starts}
            candidates.extend((name, start, end, f"{self.grammar.id}.subject", True)
                              for name, start, end in names if start in starts or self.grammar.level_of(name))
        taken = bytearray(len(view))
        chosen = []
        for candidate in sorted(candidates, key=lambda c: (-(c[2] - c[1]), c[1], c[4])):
            if taken.find(1, candidate[1], candidate[2]) == -1:
                taken[candidate[1]:candidate[2]] = b"\x01" * (candidate[2] - candidate[1])
                chosen.append(candidate)
        return chosen

    def clause_units(self, analysis: ClauseAnalysis, cells: list[SlotUnit] = ()) -> list[tuple[UnitTag, str]]:
        """(tag, scope) of every unit the clause names: notes and table cells (``cells``, read by
        ``table_units``; scope item) and running text (scope clause)."""
        clause = analysis.clause
        view = parsing_view(clause.text)
        # A unit inside a cited title (《国务院办公厅关于…》) is part of the title, not an actor of this clause.
        titles = [m.span() for m in self.rules.citations.title.pattern.finditer(view)]

        def in_title(position: int) -> bool:
            return any(s <= position < e for s, e in titles)

        found: list[tuple[UnitTag, str]] = []
        covered = bytearray(len(view))

        def tag(unit, role, rule_id, start, end, matched, reason, scope, shared=False):
            found.append((UnitTag(clause.id, unit, role, "explicit", rule_id, clause.char_start + start,
                                  clause.char_start + end, matched, reason, shared), scope))
            covered[start:end] = b"\x01" * (end - start)

        # Notes are read without the pinyin glosses a page prints, whose brackets would close them early
        # ((责任单位:市发(fā)改委…)); their positions are mapped back to the clause's.
        kept = gloss_kept(view)
        plain = "".join(view[i] for i in kept) if kept is not None else view
        slots = self.grammar.notes(plain, self.known)
        if not slots and self.grammar.covers_above.match(plain.strip()):
            slots = self.grammar.sentence_note(plain, self.known)  # 该目标责任单位为X: a note on what is above
        if not slots and clause.kind == "note" and self.grammar.is_unit_list(plain):
            slots = self.grammar.note_list(plain, self.known)
        if not slots:
            slots = self.grammar.sentence_note(plain, self.known) or self.grammar.duty_line(plain, self.known) or \
                self.grammar.leading_note(plain, self.known)
        if not self.grammar.label_re.match(plain):
            slots = [*slots, *self.glued.units(plain, self.known, slots)]
        if kept is not None:
            slots = [dataclasses.replace(s, start=kept[s.start], end=kept[s.end - 1] + 1) for s in slots]
        for slot in [*cells, *slots]:
            if in_title(slot.start):
                continue
            unit = self.canonical(slot.name)
            tag(unit, slot.role, slot.rule_id, slot.start, slot.end, clause.text[slot.start:slot.end],
                f"见于条文的责任单位注({slot.rule_id})", slot.scope, slot.shared)
        # Running text too is read without its glosses (应《繁:應》急管理部门负责…), mapped back the same way.
        for unit, plain_start, plain_end, rule_id, by_form in self.candidates(plain, analysis, kept):
            start, end = (kept[plain_start], kept[plain_end - 1] + 1) if kept is not None else (plain_start, plain_end)
            if in_title(start) or covered.find(1, start, end) != -1 or \
                    self.grammar.in_post(plain, plain_start, plain_end):
                continue
            role, role_rule = _role(plain, plain_start, plain_end, self.rules)
            if by_form and role == "mentioned" and unit not in self.in_scope:
                continue  # a name by form alone is a unit only where the sentence gives it a role
            if by_form:
                unit = self.canonical(unit)
            tag(unit, role, rule_id, start, end, clause.text[start:end], f"条文中点名({role_rule})",
                SCOPE_CLAUSE)
        for match in self.rules.unit_rules.enumeration.pattern.finditer(view):
            position = match.start("list")
            for item in match.group("list").split("、"):
                unit = self.short_forms.get(item)
                if unit in self.in_scope and covered.find(1, position, position + len(item)) == -1:
                    role, role_rule = _role(view, position, position + len(item), self.rules)
                    tag(unit, role, self.rules.unit_rules.enumeration.id, position, position + len(item), item,
                        f"条文中点名({role_rule})", SCOPE_CLAUSE)
                position += len(item) + 1
        unique, seen = [], set()
        for entry in sorted(found, key=lambda f: f[0].span_start):
            # (A note's units for the items below it are kept apart from the same units named for this one.)
            key = (entry[0].unit, entry[0].role, entry[1] == SCOPE_BELOW)
            if key not in seen:
                seen.add(key)
                unique.append(entry)
        return unique

    def addressees(self, clause: Clause) -> list[UnitTag]:
        """The cover notice's 主送: every unit its metadata lists, known or found by the form of its name."""
        tags = []
        names = []
        for group in self.document.addressees:
            # 各镇人民政府、街道办事处 is two units; 各县、区人民政府 is one (各县 alone is not a name).
            members = self.grammar.pieces(parsing_view(group), 0)
            if len(members) > 1 and all(m in self.aliases or self.grammar.is_unit_name(m) for m, _, _ in members):
                names.extend(group[s:e] for _, s, e in members)
            else:
                names.append(group)
        for addressee in names:
            name = parsing_view(addressee)
            if name in self.aliases:
                unit = self.aliases[name]
            elif self.grammar.is_unit_name(name):
                unit = self.canonical(name)
            else:
                continue
            position = clause.text.find(addressee)
            tags.append(UnitTag(clause.id, unit, "addressee", "explicit", f"{self.grammar.id}.label",
                                clause.char_start + position if position >= 0 else None,
                                clause.char_start + position + len(addressee) if position >= 0 else None,
                                addressee, "主送机关 of the document"))
        return tags
