"""Tags on clauses: modality, action areas (structural and thematic) and responsible units with role and basis.

Every tag records the rule that made it and the span it matched (offsets into the document's text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .corpus import DocumentRecord
from .nlp import PhraseHit, modality_of, process
from .normalize import parsing_view
from .rules import RuleSet
from .structure import Clause, Section

UNIT_TITLE_KINDS = {"byline", "signature", "date"}


@dataclass
class ClauseAnalysis:
    """What the pipeline found in one clause: its modality and lexicon hits (clause-relative spans)."""

    clause: Clause
    modality: str
    modality_rule: str | None
    phrases: dict[str, list[PhraseHit]]


@dataclass
class AreaTag:
    clause_id: str
    area_id: str
    rule_id: str
    span_start: int | None
    span_end: int | None
    matched: str | None


@dataclass
class UnitTag:
    clause_id: str
    unit: str
    role: str  # lead / cooperate / addressee / mentioned
    basis: str  # explicit / inherited / inferred
    rule_id: str
    span_start: int | None
    span_end: int | None
    matched: str | None
    reason: str


def analyse(nlp, rules: RuleSet, clauses: list[Clause]) -> list[ClauseAnalysis]:
    labels = {m["id"]: m["label"] for m in rules.modalities}
    analyses = []
    for clause, doc in zip(clauses, process(nlp, (parsing_view(c.text) for c in clauses))):
        modality, rule_id, _, _ = modality_of(doc, labels, rules.default_modality)
        analyses.append(ClauseAnalysis(clause, modality, rule_id, doc.user_data["phrases"]))
    return analyses


def structural_areas(sections: list[Section], rules: RuleSet) -> dict[str, tuple[str, str]]:
    """section id → (area id, area name) for the numbered subsections of the parts rules name."""
    by_id = {s.id: s for s in sections}
    areas = {}
    for section in sections:
        parent = by_id.get(section.parent_id) if section.parent_id else None
        if section.kind == "numbered" and parent is not None and parent.level == 1 and \
                parent.heading in rules.structural_area_parts:
            areas[section.id] = (f"structural.{section.id}", section.heading or section.number or section.id)
    return areas


def area_tags(analyses: list[ClauseAnalysis], sections: list[Section], rules: RuleSet
              ) -> tuple[list[AreaTag], dict[str, tuple[str, str]]]:
    structural = structural_areas(sections, rules)
    parents = {s.id: s.parent_id for s in sections}
    tags = []
    for analysis in analyses:
        clause = analysis.clause
        section_id = clause.section_id
        while section_id is not None and section_id not in structural:
            section_id = parents.get(section_id)
        if section_id is not None:
            tags.append(AreaTag(clause.id, structural[section_id][0], rules.structural_area_rule, None, None, None))
        seen = set()
        for hit in analysis.phrases["areas"]:
            if hit.label in seen:
                continue
            seen.add(hit.label)
            tags.append(AreaTag(clause.id, hit.label, hit.rule_id, clause.char_start + hit.start,
                                clause.char_start + hit.end, hit.text))
    return tags, structural


def _role(view: str, start: int, end: int, rules: RuleSet) -> tuple[str, str]:
    before, after = view[:start], view[end:]
    for rule in rules.role_rules:
        if rule.followed_by is not None and not rule.followed_by.search(after):
            continue
        if rule.preceded_by is not None and not rule.preceded_by.search(before):
            continue
        return rule.role, rule.id
    return "mentioned", "unit.role.mentioned"


@dataclass(frozen=True)
class NamedUnit:
    """A unit found by its level and department name or by a pattern, not listed in rules/units.yml."""

    name: str
    level: str
    kind: str


def _unit_candidates(view: str, analysis: ClauseAnalysis, rules: RuleSet, in_scope: set[str]):
    """(unit, start, end, matched, rule, named unit or None): listed units of the document's jurisdiction,
    departments by level prefix, and pattern units; where they overlap the longest wins."""
    candidates = [(hit.label, hit.start, hit.end, hit.text, hit.rule_id, None)
                  for hit in analysis.phrases["units"] if hit.label in in_scope]
    for match in rules.departments.finditer(view):
        name = match.group()
        level = rules.level_prefixes[match.group("prefix")]
        candidates.append((name, match.start(), match.end(), name, rules.department_rule,
                           NamedUnit(name, level, rules.department_kinds[match.group("name")])))
    for rule_id, kind, pattern in rules.unit_patterns:
        for match in pattern.finditer(view):
            candidates.append((match.group(), match.start(), match.end(), match.group(), rule_id,
                               NamedUnit(match.group(), "", kind)))
    taken = [False] * len(view)
    chosen = []
    for candidate in sorted(candidates, key=lambda c: (-(c[2] - c[1]), c[1])):
        if not any(taken[candidate[1]:candidate[2]]):
            taken[candidate[1]:candidate[2]] = [True] * (candidate[2] - candidate[1])
            chosen.append(candidate)
    return chosen


def _explicit_units(analysis: ClauseAnalysis, rules: RuleSet, short_forms: dict[str, str], in_scope: set[str],
                    named: dict[str, NamedUnit]) -> list[UnitTag]:
    clause = analysis.clause
    view = parsing_view(clause.text)
    found: list[tuple[str, int, int, str, str]] = []  # unit, start, end, matched, rule
    # A unit inside a cited title (《国务院办公厅关于…》) is part of the title, not an actor of this clause.
    titles = [m.span() for m in re.finditer(r"《[^《》]*》", view)]
    for unit, start, end, matched, rule_id, named_unit in _unit_candidates(view, analysis, rules, in_scope):
        if not any(s <= start < e for s, e in titles):
            found.append((unit, start, end, clause.text[start:end], rule_id))
            if named_unit is not None and unit not in in_scope:
                named.setdefault(unit, named_unit)
    for match in rules.enumeration.finditer(view):
        position = match.start("list")
        for item in match.group("list").split("、"):
            unit = short_forms.get(item)
            if unit in in_scope and not any(s <= position < e for _, s, e, _, _ in found):
                found.append((unit, position, position + len(item), item, rules.enumeration_rule))
            position += len(item) + 1
    tags, seen = [], set()
    for unit, start, end, matched, match_rule in sorted(found, key=lambda f: f[1]):
        role, role_rule = _role(view, start, end, rules)
        if (unit, role) in seen:
            continue
        seen.add((unit, role))
        tags.append(UnitTag(clause.id, unit, role, "explicit", match_rule, clause.char_start + start,
                            clause.char_start + end, matched, f"named in the clause ({role_rule})"))
    return tags


def unit_tags(analyses: list[ClauseAnalysis], document: DocumentRecord, rules: RuleSet,
              named: dict[str, NamedUnit]) -> list[UnitTag]:
    """Unit tags of a document's clauses; units found by level and name but not listed are added to ``named``."""
    in_scope = {u.name for u in rules.units if u.jurisdiction in (None, document.jurisdiction)}
    aliases = {alias: u.name for u in rules.units for alias in u.aliases if u.name in in_scope}
    short_forms = rules.unit_short_forms()
    tags: list[UnitTag] = []
    for analysis in analyses:
        clause = analysis.clause
        if clause.kind in UNIT_TITLE_KINDS:
            continue
        if clause.kind == "addressee":
            # The cover notice's 主送: the units it is sent to, as its metadata lists them.
            for addressee in document.addressees:
                unit = aliases.get(addressee)
                position = clause.text.find(addressee)
                if unit:
                    tags.append(UnitTag(clause.id, unit, "addressee", "explicit", f"unit.alias.{unit}",
                                        clause.char_start + position if position >= 0 else None,
                                        clause.char_start + position + len(addressee) if position >= 0 else None,
                                        addressee, "主送机关 of the document"))
            continue
        explicit = _explicit_units(analysis, rules, short_forms, in_scope, named)
        tags.extend(explicit)
        if explicit:
            continue
        # No unit named: a topic in a department's charge makes it the inferred lead, never shown as explicit.
        seen = set()
        for hit in analysis.phrases["competences"]:
            if hit.label in seen or hit.label not in in_scope:
                continue
            seen.add(hit.label)
            tags.append(UnitTag(clause.id, hit.label, "lead", "inferred", hit.rule_id,
                                clause.char_start + hit.start, clause.char_start + hit.end, hit.text,
                                f"no unit named; {hit.text} is in the charge of {hit.label}"))
    return tags
