"""Tags on clauses: modality, action areas (structural and thematic) and responsible units with role and basis.

Every tag records the rule that made it and the span it matched (offsets into the document's text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .corpus import DocumentRecord
from .nlp import PhraseHit, modality_of
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
    for clause, doc in zip(clauses, nlp.pipe(parsing_view(c.text) for c in clauses)):
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


def _explicit_units(analysis: ClauseAnalysis, rules: RuleSet, short_forms: dict[str, str]) -> list[UnitTag]:
    clause = analysis.clause
    view = parsing_view(clause.text)
    found: list[tuple[str, int, int, str, str]] = []  # unit, start, end, matched, rule
    # A unit inside a cited title (《国务院办公厅关于…》) is part of the title, not an actor of this clause.
    titles = [m.span() for m in re.finditer(r"《[^《》]*》", view)]
    for hit in analysis.phrases["units"]:
        if not any(s <= hit.start < e for s, e in titles):
            found.append((hit.label, hit.start, hit.end, hit.text, hit.rule_id))
    for match in rules.enumeration.finditer(view):
        position = match.start("list")
        for item in match.group("list").split("、"):
            unit = short_forms.get(item)
            if unit and not any(s <= position < e for _, s, e, _, _ in found):
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


def unit_tags(analyses: list[ClauseAnalysis], document: DocumentRecord, rules: RuleSet) -> list[UnitTag]:
    aliases = {alias: u.name for u in rules.units for alias in u.aliases}
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
        explicit = _explicit_units(analysis, rules, short_forms)
        tags.extend(explicit)
        if explicit:
            continue
        # No unit named: a topic in a department's charge makes it the inferred lead, never shown as explicit.
        seen = set()
        for hit in analysis.phrases["competences"]:
            if hit.label in seen:
                continue
            seen.add(hit.label)
            tags.append(UnitTag(clause.id, hit.label, "lead", "inferred", hit.rule_id,
                                clause.char_start + hit.start, clause.char_start + hit.end, hit.text,
                                f"no unit named; {hit.text} is in the charge of {hit.label}"))
    return tags
