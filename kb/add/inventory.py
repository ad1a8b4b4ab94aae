"""What a corpus already holds, for ``kb add`` to plan against: its ids, the content of its files, the originals
they were extracted from, its references; read from an up-to-date KB when there is one, else from the files."""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..corpus import REFERENCES_FILE, DocumentRecord, references_of, text_paths
from ..corpus_reader import read_text_files
from ..errors import InputError
from ..links import CitationReader
from ..normalize import content_key
from ..store.kb_file import corpus_of, same_corpus


def reserved_ids(corpus_dir: Path) -> set[str]:
    """Ids no document may take, because its files (<id>.txt, <id>.yml) would be the corpus's own files:
    references.yml, and the sidecar of a text file of another suffix (notes.md's notes.yml)."""
    reserved = {Path(REFERENCES_FILE).stem}
    if Path(corpus_dir).is_dir():
        reserved.update(path.stem for path in text_paths(corpus_dir) if path.suffix != ".txt")
    return reserved


class Inventory:
    """What the corpus already holds: ids, content keys, source hashes, references. Read from the KB when it is
    newer than every corpus file (seconds for a large corpus), else from the files themselves."""

    def __init__(self, corpus_dir: Path, kb: Path | None = None):
        self.dir = corpus_dir
        self.ids: dict[str, str] = {}  # document id → file that holds it
        self.keys: dict[str, tuple[str, list[str]]] = {}  # content key → (file, document ids)
        self.source_hashes: dict[str, str] = {}  # sha256 of an original file → text file
        self.references = []
        self.filed = []  # documents with text, for matching by 文号 and title
        self.problems: list[InputError] = []  # corpus files that do not read (kb build reports them)
        self.read_from = "files"
        if not corpus_dir.is_dir():
            return
        if not (kb is not None and self._from_kb(Path(kb))):
            self._from_files()
        self.references = references_of(corpus_dir)
        for reference in self.references:
            self.ids.setdefault(reference.id, REFERENCES_FILE)

    def _from_files(self):
        corpus = read_text_files(self.dir)
        self.problems = corpus.problems
        self.filed = corpus.documents
        held: dict[str, list] = {}  # file → its documents
        for document in corpus.documents:
            held.setdefault(document.source_file, []).append(document)
        for source in corpus.sources:
            for document in held[source.file]:
                self.ids[document.id] = source.file
                self.keys.setdefault(content_key(document.text), (source.file, [document.id]))
            for key in (source.content_sha256, source.body_sha256):
                self.keys.setdefault(key, (source.file, [d.id for d in held[source.file]]))
            if source.extracted_from_sha256:
                self.source_hashes[source.extracted_from_sha256] = source.file

    def _from_kb(self, kb: Path) -> bool:
        import sqlite3

        if not kb.exists() or not same_corpus(kb, self.dir):
            return False  # a KB of another corpus says nothing of this one
        built = kb.stat().st_mtime
        with os.scandir(self.dir) as entries:
            if any(entry.stat().st_mtime >= built for entry in entries if entry.name != REFERENCES_FILE):
                return False  # a corpus file changed since the KB was built: read the files
        present = {p.name for p in text_paths(self.dir)}
        try:
            conn = sqlite3.connect(f"file:{kb}?mode=ro", uri=True)
            documents = conn.execute("select id, title, doc_number, aliases, source_file, content_sha256 "
                                     "from documents indexed by documents_filed "
                                     "where source_file is not null order by rowid").fetchall()
            sources = conn.execute("select file, content_sha256, body_sha256, extracted_from_sha256 "
                                   "from sources").fetchall()
            conn.close()
        except sqlite3.Error:
            return False  # an older KB without these columns
        if {row[0] for row in sources} != present:
            return False  # a file was taken out of the corpus (or put in with an old date) since the KB was built
        by_file: dict[str, list[str]] = {}
        for document_id, title, number, aliases, file, key in documents:
            self.ids[document_id] = file
            by_file.setdefault(file, []).append(document_id)
            self.keys.setdefault(key, (file, [document_id]))
            self.filed.append(DocumentRecord(id=document_id, title=title, doc_number=number,
                                             aliases=json.loads(aliases) if aliases else []))
        for file, whole, body, original in sources:
            for key in (whole, body):
                self.keys.setdefault(key, (file, by_file.get(file, [])))
            if original:
                self.source_hashes[original] = file
        self.read_from = "kb"
        return True


class SameDocument:
    """Which of some documents a title and 文号 name: citation resolution (kb.links), over those documents."""

    def __init__(self, grammar: dict, documents: list[DocumentRecord]):
        self.reader = CitationReader(grammar, documents)
        self.by_id = {d.id: d for d in documents}

    def find(self, title: str | None, number: str | None) -> DocumentRecord | None:
        """The document a title and 文号 (either may be None) name, by 文号 first, then by title; or None."""
        document_id, _ = self.reader.resolve(title, number)
        return self.by_id.get(document_id)


def own_files(corpus_dir: Path, document_id: str) -> str:
    """The corpus's own files a document ``document_id`` would overwrite, named for a refusal ("notes.md and
    notes.yml", or references.yml)."""
    if f"{document_id}.yml" == REFERENCES_FILE:
        return REFERENCES_FILE
    return ", ".join(p.name for p in text_paths(corpus_dir) if p.stem == document_id) + f" and {document_id}.yml"


def kb_of_another_corpus(kb: Path, corpus_dir: Path) -> InputError | None:
    """The refusal to update ``kb`` with the documents of ``corpus_dir`` when kb_meta says it was built from another
    corpus (a KB holds one corpus, never a mix), naming both; None when it may be updated."""
    built_from = corpus_of(kb)
    if built_from is None or built_from == str(Path(corpus_dir).resolve()):
        return None
    return InputError(kb, f"this KB was built from the corpus {built_from}, not from {Path(corpus_dir).resolve()}; "
                          f"nothing written: give --db a KB of {corpus_dir} (a new file is built from it), or "
                          f"--no-build")


