"""The incremental update behind ``kb add``: bring a KB to exactly what its corpus holds, rewriting only what
changed (kb.corpus_record tells what), copy-on-write (kb.store.kb_file.KBCopy).

A file read again or gone, and a references.yml entry changed or gone, leave the KB first; the files read again
and the new entries come in as a build writes them (kb.build.Assembler); then the citations a change could move
are resolved again and the derived tables follow the change (kb.store.derived).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .analyser_pool import AnalyserProcess
from .build import Assembler, BuildReport, finish_corpus, interrupted_additions
from .citation_sql import document_keys
from .corpus import REFERENCES_FILE, DocumentRecord, references_of
from .corpus_record import FILES_META, CorpusChanges, corpus_changes, files_record
from .errors import InputError
from .file_analysis import FileAnalyser, FileRows
from .links import CitationReader, normalise_title
from .rules import load_rules
from .store.kb_file import KBCopy, corpus_of
from .store.schema import document_row, rules_fingerprint
from .store.writer import KBWriter


@dataclass
class _Update:
    """What an update takes in: the rules, references.yml's entries, the corpus's changes (None: the KB has no
    record of its files) and the rows of the files read again, in the order of ``changes.analyse``."""
    rules: object
    references: list[DocumentRecord]
    changes: CorpusChanges | None
    analyses: list[FileRows] = field(default_factory=list)


def update_kb(db: Path, corpus_dir: Path, rules_dir: Path, files: list[str],
              copy: KBCopy | None = None, analyser: AnalyserProcess | None = None) -> BuildReport | None:
    """Bring the KB ``db`` to exactly what the corpus holds, without rebuilding what has not changed:
    the text files ``files`` (just added or replaced), and every other difference between the corpus and the
    KB's record of it (corpus_changes: a file a killed `kb add` wrote, a file edited or deleted by hand, a changed
    references.yml entry). Copy-on-write: a copy of the KB is changed and renamed over it (``copy``: one already
    under way, see KBCopy; ``analyser``: a worker with the pipeline ready, see AnalyserProcess). None when the KB
    was built with other rules, an older schema or without a record of its files: then only a full build is
    right. Raises InputError for a KB of another corpus."""
    started = time.perf_counter()
    db, corpus_dir, rules_dir = Path(db), Path(corpus_dir), Path(rules_dir)
    built_from = _built_from(db, corpus_dir, copy)
    if copy is None and built_from is not None and db.exists():
        copy = KBCopy(db)  # under way while the rules load and the new files are analysed; it holds the KB's lock
    try:
        report = BuildReport(out=db, incremental=True)
        # Compared under the KB's writer lock (KBCopy), so no other update changes the KB meanwhile.
        report.notices += interrupted_additions(corpus_dir)
        update = _read_changes(db, corpus_dir, rules_dir, files, built_from is not None)
        if update.changes is not None:
            report.changes = len(update.changes)
        if update.changes is None or not update.changes:  # no record (rebuild), or nothing to write
            if copy is not None:
                copy.discard()
            report.seconds = time.perf_counter() - started
            return None if update.changes is None else report
        update.analyses = _analyse(update, corpus_dir, rules_dir, analyser)
    except BaseException:
        if copy is not None:
            copy.discard()
        raise
    writer = KBWriter.open_existing(db, rules_fingerprint(rules_dir), copy)
    if writer is None:
        return None
    with writer:
        _write(writer, update, report, corpus_dir)
        if report.problems:
            writer.rollback()
            report.seconds = time.perf_counter() - started
            return report
        writer.commit()
    report.documents = report.documents_with_text
    report.seconds = time.perf_counter() - started
    return report


def _built_from(db: Path, corpus_dir: Path, copy: KBCopy | None) -> str | None:
    """The corpus the KB records (None: no record); InputError (the copy discarded) when it is another."""
    built_from = corpus_of(db)
    if built_from is not None and built_from != str(corpus_dir.resolve()):
        if copy is not None:
            copy.discard()
        raise InputError(db, f"this KB was built from the corpus {built_from}, not from {corpus_dir.resolve()}; "
                             f"a KB holds one corpus")
    return built_from


def _read_changes(db: Path, corpus_dir: Path, rules_dir: Path, files: list[str], recorded: bool) -> _Update:
    """The rules, the references and how the corpus differs from the KB (``recorded``: the KB records its
    corpus, else there is nothing to compare with)."""
    rules = load_rules(rules_dir)
    references = references_of(corpus_dir)
    changes = corpus_changes(db, corpus_dir, files, references) if recorded else None
    return _Update(rules, references, changes)


def _analyse(update: _Update, corpus_dir: Path, rules_dir: Path, analyser: AnalyserProcess | None) -> list[FileRows]:
    """The rows of each file to read again, in ``analyser`` when one is given, else in this process."""
    parent_dates = {r.id: r.issued_date for r in update.references if r.issued_date}
    paths = [corpus_dir / name for name, _ in update.changes.analyse]
    if not paths:
        return []
    if analyser is not None:
        return analyser.analyse(paths, parent_dates)
    in_process = FileAnalyser(rules_dir, parent_dates)
    return [in_process.analyse_file(p) for p in paths]


def _write(writer: KBWriter, update: _Update, report: BuildReport, corpus_dir: Path) -> None:
    """The change, in the writer's transaction: what leaves, what comes, the citations and units that follow, and
    the new record of the corpus files."""
    gone = _remove_leaving(writer, update.changes)
    assembler, new_references = _take_in(writer, update, report, corpus_dir)
    came = [(d.id, d.title, d.doc_number, None) for d in assembler.documents + new_references]
    keys_reader = CitationReader(update.rules.citations, [])
    changed_keys = document_keys(keys_reader, gone) | document_keys(keys_reader, came) | \
        {normalise_title(a) for d in assembler.documents + new_references for a in d.aliases}
    finish_corpus(writer, assembler, update.rules, corpus_dir,
                  changed=(changed_keys, {row[0] for row in gone} | {row[0] for row in came}))
    writer.set_meta(FILES_META, files_record(update.changes.record))
    writer.check_foreign_keys = False  # the new rows are made as a full build makes them; a full check reads all


def _remove_leaving(writer: KBWriter, changes: CorpusChanges) -> list[tuple]:
    """Delete the documents of the files read again or gone, and the references.yml entries leaving; returns
    (id, title, doc_number, aliases) of each document that left, whose keys citations could have pointed at."""
    conn = writer.conn
    leaving = [(i,) for i in changes.leaving_references]
    # The files read again and the files gone leave first; a KB holds its corpus, never more.
    files = sorted({name for name, _ in changes.analyse} | set(changes.gone))
    leaving += conn.execute(f"select id from documents where source_file in ({','.join('?' * len(files))})",
                            files).fetchall()
    gone = conn.execute(f"select id, title, doc_number, aliases from documents where id in "
                        f"({','.join('?' * len(leaving))})", [i for (i,) in leaving]).fetchall()
    for name in files:
        writer.delete_file(name)
    for (document_id,) in leaving:
        writer.delete_document(document_id)
    return gone


def _take_in(writer: KBWriter, update: _Update, report: BuildReport, corpus_dir: Path) \
        -> tuple[Assembler, list[DocumentRecord]]:
    """Write the rows of the files read again, and the references.yml entries the KB does not hold (new, or
    changed and taken out); returns the assembler (what came) and those entries."""
    seen = {i: f or REFERENCES_FILE for i, f in writer.conn.execute("select id, source_file from documents")}
    assembler = Assembler(writer, report, strict=False, seen_ids=seen)
    for analysis, (_, tolerated) in zip(update.analyses, update.changes.analyse):
        assembler.add(analysis, corpus_dir, tolerated=tolerated)
    new_references = []
    for r in update.references:  # an id used twice is taken once
        if r.id not in assembler.seen:
            assembler.seen[r.id] = REFERENCES_FILE
            new_references.append(r)
    writer.add({"documents": [document_row(r) for r in new_references]}, [])
    return assembler, new_references
