"""``kb build``: corpus → structure → store, as one library call the CLI mirrors."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .corpus import read_corpus
from .errors import InputError
from .links import CitationReader, link_targets, read_citations
from .nlp import build_pipeline
from .rules import Unit, load_rules
from .store import write_atomically
from .structure import segment
from .tagging import analyse, area_tags, unit_tags
from .targets import read_targets


def _parent_issued(document, documents) -> str | None:
    # A forwarded plan is dated by the notice that forwards it.
    parents = {d.id: d for d in documents}
    parent = parents.get(document.parent_id)
    return parent.issued_date if parent else None


@dataclass
class BuildReport:
    out: Path
    documents: int = 0
    documents_with_text: int = 0
    sections: int = 0
    clauses: int = 0
    problems: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def build_kb(corpus_dir: Path, rules_dir: Path, out: Path, strict: bool = False) -> BuildReport:
    """Build the KB file ``out`` from a corpus and rules. Bad documents are reported and left out (``strict``:
    the first one raises). The previous ``out`` is replaced only by a complete build."""
    rules = load_rules(rules_dir)
    corpus = read_corpus(corpus_dir, strict=strict)
    nlp = build_pipeline(rules.modalities, rules.default_modality, rules.lexicons())
    sections, clauses, areas, tags_area, tags_unit, targets, links, citations = [], [], [], [], [], [], [], []
    modalities = {}
    named_units = {}
    citation_reader = CitationReader(rules.citations, corpus.documents)
    areas = [{"id": a.id, "name": a.name, "kind": a.kind, "parent_id": a.parent_id, "section_id": None,
              "rule_id": a.rule_id} for a in rules.areas]
    for document in corpus.documents:
        if document.text is None:
            continue
        structure = segment(document.id, document.text, rules.structure, title=document.title,
                            issuer=document.issuer)
        sections.extend(structure.sections)
        clauses.extend(structure.clauses)
        analyses = analyse(nlp, rules, structure.clauses)
        modalities.update({a.clause.id: (a.modality, a.modality_rule) for a in analyses})
        document_area_tags, structural = area_tags(analyses, structure.sections, rules)
        areas.extend({"id": area_id, "name": name, "kind": "structural", "parent_id": None, "section_id": section_id,
                      "rule_id": rules.structural_area_rule} for section_id, (area_id, name) in structural.items())
        tags_area.extend(document_area_tags)
        tags_unit.extend(unit_tags(analyses, document, rules, named_units))
        document_targets = read_targets(analyses, rules.targets,
                                        {s.id: s.parent_id for s in structure.sections},
                                        document.issued_date or _parent_issued(document, corpus.documents))
        targets.extend(document_targets)
        links.extend(link_targets(document_targets, analyses, structure.sections, rules.links))
        citations.extend(read_citations(analyses, citation_reader))
    write_atomically(Path(out), sources=corpus.sources, rules=rules.records, documents=corpus.documents,
                     sections=sections, clauses=clauses, modalities=modalities, areas=areas, area_tags=tags_area,
                     units=rules.units + [Unit(n.name, n.level, n.kind, [n.name], [], [])
                                          for n in sorted(named_units.values(), key=lambda n: n.name)],
                     unit_tags=tags_unit, metrics=rules.metrics, targets=targets,
                     target_links=links, citations=citations)
    return BuildReport(out=Path(out), documents=len(corpus.documents),
                       documents_with_text=sum(d.text is not None for d in corpus.documents),
                       sections=len(sections), clauses=len(clauses), problems=corpus.problems,
                       notices=corpus.notices)
