"""Tags on clauses: modality and action areas (structural and thematic), and the clauses' analyses and task items
that kb.units reads responsible units from.

Every tag records the rule that made it and the span it matched (offsets into the document's text).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ids import ancestors
from .nlp import PhraseHit, modality_of, process
from .normalize import parsing_view
from .rules import RuleSet
from spacy.attrs import IDX

from .structure.model import Clause, Section
from .vocabulary import NOT_TASK_KINDS

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Clauses that title or frame the text ask nothing themselves: their modality is the default.


@dataclass
class ClauseAnalysis:
    """What the pipeline found in one clause: its modality and lexicon hits (clause-relative spans)."""

    clause: Clause
    modality: str
    modality_rule: str | None
    phrases: dict[str, list[PhraseHit]]
    doc: Doc | None = None  # the pipeline's Doc: its words, read only when a name is found by its form

    @property
    def token_starts(self) -> frozenset:
        """Where jieba's words begin: a name found by its form starts on one."""
        return frozenset(self.doc.to_array(IDX).tolist()) if self.doc is not None else frozenset()


@dataclass
class AreaTag:
    """A clause's action area (the ``clause_areas`` table): the rule that tagged it and the keyword ``matched`` at
    ``span_start``..``span_end`` in the document's text (all three None for a structural area)."""
    clause_id: str
    area_id: str
    rule_id: str
    span_start: int | None
    span_end: int | None
    matched: str | None



def analyse(nlp, rules: RuleSet, clauses: list[Clause]) -> list[ClauseAnalysis]:
    """Each clause through the pipeline (kb.nlp): its modality (the default for clauses that ask nothing: titles,
    headings, dates …) and its lexicon hits."""
    labels = {m.id: m.label for m in rules.modalities}
    analyses = []
    for clause, doc in zip(clauses, process(nlp, (parsing_view(c.text) for c in clauses))):
        if clause.kind in NOT_TASK_KINDS:
            modality, rule_id = rules.default_modality, None
        else:
            modality, rule_id, _, _ = modality_of(doc, labels, rules.default_modality)
        analyses.append(ClauseAnalysis(clause, modality, rule_id, doc._.phrases, doc))
    return analyses


def structural_areas(sections: list[Section], rules: RuleSet) -> dict[str, tuple[str, str]]:
    """section id → (area id, area name): the document's own top-level parts (一、总体要求), or, for a part divided
    into numbered headed subsections (二、主要行动 › (一)…行动), those subsections."""
    divided = {s.parent_id for s in sections if s.kind == "numbered" and s.level == 2 and s.heading}
    areas = {}
    for section in sections:
        if section.kind != "numbered" or not (section.heading or section.number):
            continue
        if (section.level == 1 and section.id not in divided) or (section.level == 2 and section.parent_id in divided):
            areas[section.id] = (f"structural.{section.id}", section.heading or section.number or section.id)
    return areas


def area_tags(analyses: list[ClauseAnalysis], sections: list[Section], rules: RuleSet, title: str = ""
              ) -> tuple[list[AreaTag], dict[str, tuple[str, str]]]:
    """Structural and thematic area tags. A thematic keyword counts unless it stands inside one of its area's
    ``not_in`` phrases; a weak one only where the item or the document title holds a context word (areas.yml ``context``)."""
    structural = structural_areas(sections, rules)
    parents = {s.id: s.parent_id for s in sections}
    areas = {a.id: a for a in rules.areas}
    in_context = {}  # clause id → whether its item's text or the title holds a context word
    not_counting = {phrase for area in rules.areas for phrase in area.not_in}  # 版权声明 is no IP word either
    for item in task_items(analyses):
        text = title + "".join(a.clause.text for a in item)
        for phrase in not_counting:
            text = text.replace(phrase, "")
        found = any(word in text for word in rules.area_rules.context.words)
        in_context.update((a.clause.id, found) for a in item)
    tags = []
    for analysis in analyses:
        clause = analysis.clause
        section_id = next((s for s in ancestors(clause.section_id, parents) if s in structural), None)
        if section_id is not None:
            tags.append(AreaTag(clause.id, structural[section_id][0], rules.area_rules.structural.id, None, None, None))
        seen = set()
        view = parsing_view(clause.text)
        for hit in analysis.phrases["areas"]:
            area = areas[hit.label]
            if hit.label in seen or (hit.text in area.weak and not in_context[clause.id]) or any(
                    _covers(view, phrase, hit.start, hit.end) for phrase in area.not_in):
                continue
            seen.add(hit.label)
            tags.append(AreaTag(clause.id, hit.label, hit.rule_id, clause.char_start + hit.start,
                                clause.char_start + hit.end, hit.text))
    return tags, structural


def _covers(view: str, phrase: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``phrase`` in ``view`` covers view[start:end]."""
    at = view.find(phrase, max(0, end - len(phrase)))
    return at != -1 and at <= start and at + len(phrase) >= end


def task_items(analyses: list[ClauseAnalysis]) -> list[list[ClauseAnalysis]]:
    """The clauses of each task item (kb.structure's item_id: a numbered item's whole section with the label
    lines after it, else one paragraph), in order."""
    groups: dict[str, list[ClauseAnalysis]] = {}
    for analysis in analyses:
        groups.setdefault(analysis.clause.item_id or analysis.clause.id, []).append(analysis)
    return list(groups.values())
