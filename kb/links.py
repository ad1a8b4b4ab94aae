"""Cross-references: target ↔ delivering clauses, and clause → cited document (《title》 and 文号)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from dataclasses import dataclass

from .corpus import DocumentRecord
from .doc_numbers import number_reader
from .ids import citation_id
from .normalize import parsing_view
from .rule_models.citations import CitationsFile
from .rule_models.metrics import LinksRule
from .structure.model import Section
from .vocabulary import FRAME_KINDS

if TYPE_CHECKING:  # annotations only: reading 文号 and titles (kb add) must not wait for spaCy's import
    from .tagging import ClauseAnalysis
    from .targets.model import Target



@dataclass
class TargetLink:
    """A clause that delivers a target (the ``target_links`` table): the words it was found by (``matched``, at
    ``span_start``..``span_end`` in the document's text), the rule, and ``score`` 1 for the indicator's own name,
    0.5 for a word that delivers it."""
    target_id: str
    clause_id: str
    rule_id: str
    score: float
    matched: str
    span_start: int
    span_end: int


@dataclass
class Citation:
    """A clause citing another document (the ``citations`` table): its ``id`` (the clause's id and ``c<n>``,
    kb.ids.citation_id), the title cited in 《》 and the 文号, as printed (either may be None), the document it
    resolves to (None where the KB has none) and by which, the rule, and its span in the document's text."""
    id: str
    clause_id: str
    cited_title: str | None
    cited_number: str | None
    document_id: str | None
    resolved_by: str | None  # number / title / None
    rule_id: str
    span_start: int
    span_end: int


def link_targets(targets: list[Target], analyses: list[ClauseAnalysis], sections: list[Section],
                 rules: LinksRule) -> list[TargetLink]:
    """For each target, the clauses of its document that name its indicator (score 1) or a word that delivers
    it (score 0.5). Goal statements do not deliver (rules/metrics.yml `links`): clauses in goal sections, and
    clauses that set a target themselves."""
    kinds = {s.id: s.kind for s in sections}
    stating = {t.clause_id for t in targets} if rules.not_in_target_clauses else set()
    excluded_kinds = set(rules.not_in_section_kinds)
    links = []
    for target in targets:
        if target.metric is None or target.kind != "target":
            continue  # an indicator read by grammar has no delivery words in rules/; an actual is delivered already
        for analysis in analyses:
            clause = analysis.clause
            if clause.document_id != target.document_id or clause.kind in FRAME_KINDS:
                continue
            if clause.id in stating or clause.id == target.clause_id or kinds.get(clause.section_id) in excluded_kinds:
                continue
            named = [h for h in analysis.phrases["metrics"] if h.label == target.metric]
            delivery = [h for h in analysis.phrases["delivery"] if h.label == target.metric]
            hit, score = (named[0], 1.0) if named else ((delivery[0], 0.5) if delivery else (None, 0))
            if hit is None:
                continue
            links.append(TargetLink(target.id, clause.id, f"link.{target.metric}", score, hit.text,
                                    clause.char_start + hit.start, clause.char_start + hit.end))
    return links


_DASHES = re.compile(r"[—–－‐-]+")


@lru_cache(maxsize=1 << 17)  # an update matches against every title of the KB, more than once
def normalise_title(title: str) -> str:
    """A title in one spelling for matching: parsing view, no whitespace, one kind of dash, no 《》 around it."""
    view = parsing_view(title)
    return _DASHES.sub("-", "".join(view.split())).strip("《》")


class CitationReader:
    """Reads the citations of a clause (《title》 and 文号, by rules/citations.yml ``grammar``) and resolves each to
    one of ``documents``, by its 文号 first and its title second."""

    def __init__(self, grammar: CitationsFile, documents: list[DocumentRecord]):
        self.g = grammar
        self.numbers = number_reader(grammar.number)
        self.by_number = {}
        self.by_title = {}
        for document in documents:
            key = self.number_key(document.doc_number) if document.doc_number else None
            if key:
                self.by_number[key] = document.id
            for title in [document.title] + document.aliases:
                self.by_title.setdefault(normalise_title(title), document.id)

    def number_key(self, number: str) -> str | None:
        """A 文号 in one spelling (国办发〔2014〕64号), whatever its brackets, for matching."""
        return self.numbers.key(number)

    def resolve(self, title: str | None, number: str | None) -> tuple[str | None, str | None]:
        """(document id, "number" / "title") of the document a 文号 or a title names, by the 文号 first; (None, None)
        where neither names one of the reader's documents."""
        key = self.number_key(number) if number else None
        if key in self.by_number:
            return self.by_number[key], "number"
        if title:
            key = normalise_title(title)
            if key in self.by_title:
                return self.by_title[key], "title"
        return None, None

    def read(self, analysis: ClauseAnalysis) -> list[Citation]:
        """The citations of one clause, in order: each 《title》 (with the (文号) right after it, if any) and each
        文号 standing alone, resolved where they can be."""
        clause = analysis.clause
        view = parsing_view(clause.text)
        numbers = [(n.start, n.end, clause.text[n.start:n.end]) for n in self.numbers.find(clause.text)]
        found = []
        used_numbers = set()
        for match in self.g.title.pattern.finditer(view):
            title = clause.text[match.start("title"):match.end("title")]
            start, end, number, rule = match.start(), match.end(), None, self.g.title.id
            follow = re.match(r"\s*[(（]\s*", view[end:])
            if follow:
                for n, (n_start, n_end, text) in enumerate(numbers):
                    if n_start == end + follow.end() and view[n_end:n_end + 1] in ")）":
                        number, end, rule = text, n_end + 1, self.g.title_with_number.id
                        used_numbers.add(n)
            found.append((start, end, title, number, rule))
        for n, (start, end, text) in enumerate(numbers):
            if n not in used_numbers:
                found.append((start, end, None, text, self.g.number.id))
        citations = []
        for k, (start, end, title, number, rule) in enumerate(sorted(found)):
            document_id, resolved_by = self.resolve(title, number)
            citations.append(Citation(citation_id(clause.id, k + 1), clause.id, title, number, document_id, resolved_by,
                                      rule, clause.char_start + start, clause.char_start + end))
        return citations


def read_citations(analyses: list[ClauseAnalysis], reader: CitationReader) -> list[Citation]:
    """The citations of a document's clauses, without those of the document itself (its own title line or 文号)."""
    citations = []
    for analysis in analyses:
        for citation in reader.read(analysis):
            if citation.document_id == analysis.clause.document_id:
                continue  # its own title line or 文号, or a news lead naming it: the document's facts, no citation
            citations.append(citation)
    return citations
