"""One text file of the corpus analysed into the rows it adds to the KB: segmented, tagged, its targets and
citations read (``FileAnalyser``). Plain rows, so that worker processes (kb.analyser_pool) can make them and the
build (kb.build) or the update (kb.update) write them in file order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .corpus import DocumentRecord
from .corpus_reader import encoding_notice, read_text_file
from .errors import InputError
from .links import CitationReader, link_targets, normalise_title, read_citations
from .rules import load_rules
from .script import Reading
from .index_text import bigram_column, unigram_column
from .store.schema import WRITE_ORDER, document_row, rows_of
from .structure.segment import segment


@dataclass
class FileRows:
    """Everything one text file adds to the KB, as rows in the order of kb.store.schema.SCHEMA's columns."""
    file: str
    documents: list[DocumentRecord] = field(default_factory=list)
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    fts: list[tuple[str, str]] = field(default_factory=list)  # (unigrams, bigrams) of each clause, in order
    named_units: dict[str, tuple] = field(default_factory=dict)
    notice: str | None = None
    problem: InputError | None = None

    @property
    def clauses(self) -> int:
        """How many clauses the file adds."""
        return len(self.tables.get("clauses", ()))


def _original_texts(document: DocumentRecord, clauses) -> list[str | None]:
    """Each clause's text as the document has it: a traditional document's clauses keep their original beside the
    simplified reading they are read in (kb.script); None for a document read as it is."""
    if document.original_text is None:
        return [None] * len(clauses)
    reading = Reading(document.text, document.original_offsets)
    return [document.original_text[slice(*reading.original_span(c.char_start, c.char_end))] for c in clauses]


class FileAnalyser:
    """One process's rules and pipeline, applied to one text file at a time. ``parent_dates``: the issue date of
    each registered document by id, which dates a plan its notice forwards."""

    def __init__(self, rules_dir: Path, parent_dates: dict[str, str] | None = None):
        # spaCy (0.7 s to import) only where a pipeline is made: `kb add` updates a KB with the pipeline in a
        # worker process (AnalyserProcess) and never imports it itself.
        from .nlp import build_pipeline

        self.rules = load_rules(rules_dir)
        self.nlp = build_pipeline(self.rules.modalities, self.rules.default_modality, self.rules.lexicons())
        self.citations = CitationReader(self.rules.citations, [])  # resolved later, against the whole corpus
        self.metric_names = {name: metric.id for metric in self.rules.metrics for name in metric.names}
        self.parent_dates = parent_dates or {}

    def analyse_file(self, text_path: Path) -> FileRows:
        """The rows ``text_path`` (with its sidecar ``.yml``) adds to the KB. A file that cannot be read comes back
        with its ``problem`` (InputError) and no rows; one not in UTF-8 with a ``notice``."""
        result = FileRows(file=text_path.name)
        try:
            documents, source = read_text_file(text_path, text_path.with_suffix(".yml"))
        except InputError as error:
            result.problem = error
            return result
        result.notice = encoding_notice(text_path, source)
        result.tables = {name: [] for name in WRITE_ORDER}
        result.tables["sources"].append(rows_of("sources", [source])[0])
        dates = dict(self.parent_dates, **{d.id: d.issued_date for d in documents if d.issued_date})
        named = {}
        for document in documents:
            self._add_document(document, result, dates.get(document.parent_id), named)
        result.tables["documents"] = [document_row(d) for d in documents]
        result.documents = [DocumentRecord(id=d.id, title=d.title, doc_number=d.doc_number, aliases=d.aliases,
                                           parent_id=d.parent_id, source_file=d.source_file, text="")
                            for d in documents]
        result.named_units = {n.name: (n.name, n.level, n.kind, n.jurisdiction, n.alias or n.name)
                              for n in named.values()}
        return result

    def _add_document(self, document: DocumentRecord, result: FileRows, parent_date: str | None,
                      named: dict) -> None:
        """One document's rows into ``result``: segmented, tagged, targets and citations read; the units named by
        the form of their name collect in ``named``."""
        from .tagging import analyse, area_tags
        from .targets.document import read_targets
        from .units.tags import unit_tags

        rules, tables = self.rules, result.tables
        structure = segment(document.id, document.text, rules.structure, title=document.title,
                            issuer=document.issuer, addressees=document.addressees)
        analyses = analyse(self.nlp, rules, structure.clauses)
        document_area_tags, structural = area_tags(analyses, structure.sections, rules, document.title or "")
        document_targets = read_targets(analyses, rules.targets, {s.id: s.parent_id for s in structure.sections},
                                        document.issued_date or parent_date, document.title,
                                        self.metric_names, document.published_at)
        tables["sections"].extend(rows_of("sections", structure.sections))
        tables["clauses"].extend(
            rows_of("clauses", structure.clauses, modality=[a.modality for a in analyses],
                    modality_rule_id=[a.modality_rule for a in analyses],
                    original_text=_original_texts(document, structure.clauses)))
        result.fts.extend((unigram_column(c.text), bigram_column(c.text)) for c in structure.clauses)
        tables["areas"].extend((area_id, name, "structural", None, section_id, rules.area_rules.structural.id)
                               for section_id, (area_id, name) in structural.items())
        tables["clause_areas"].extend(rows_of("clause_areas", document_area_tags))
        tables["clause_units"].extend(
            (t.clause_id, t.unit, t.role, t.basis, t.rule_id, t.span_start, t.span_end, t.matched, t.reason)
            for t in unit_tags(analyses, document, rules, named, structure.sections))
        tables["targets"].extend(rows_of("targets", document_targets))
        tables["target_links"].extend(rows_of("target_links", link_targets(
            document_targets, analyses, structure.sections, rules.links)))
        citations = read_citations(analyses, self.citations)
        tables["citations"].extend(rows_of(
            "citations", citations,
            number_key=[self.citations.number_key(c.cited_number) if c.cited_number else None for c in citations],
            title_key=[normalise_title(c.cited_title) if c.cited_title else None for c in citations]))
