"""``kb build``: corpus → structure → store, as one library call the CLI mirrors."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .corpus import read_corpus
from .errors import InputError
from .rules import load_rules
from .store import write_atomically
from .structure import segment


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
    sections, clauses = [], []
    for document in corpus.documents:
        if document.text is None:
            continue
        structure = segment(document.id, document.text, rules.structure, title=document.title,
                            issuer=document.issuer)
        sections.extend(structure.sections)
        clauses.extend(structure.clauses)
    write_atomically(Path(out), sources=corpus.sources, rules=rules.records, documents=corpus.documents,
                     sections=sections, clauses=clauses)
    return BuildReport(out=Path(out), documents=len(corpus.documents),
                       documents_with_text=sum(d.text is not None for d in corpus.documents),
                       sections=len(sections), clauses=len(clauses), problems=corpus.problems,
                       notices=corpus.notices)
