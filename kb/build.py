"""``kb build``: corpus → structure → tags → store, and what a build and an update (kb.update) share.

Each text file is analysed on its own (kb.file_analysis: segment, tag, read targets and citations) into plain
rows, in worker processes when there are several files and cores (kb.analyser_pool); the main process writes the
rows as they come, in file order, so memory stays flat whatever the corpus size and the same corpus gives the same
KB. What needs the whole corpus is done last, on the written tables: citations are resolved against every document
(kb.citation_sql), named units are added, and foreign keys are checked. The previous KB is replaced only by a
complete build.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .align import refresh as refresh_alignments
from .align.carry import carry_down
from .analyser_pool import analysed, default_jobs
from .citation_sql import resolve_citations
from .corpus import REFERENCES_FILE, DocumentRecord, references_of, text_paths
from .corpus_reader import claim_ids, missing_parent, orphan_sidecars
from .corpus_record import FILES_META, file_state, files_record
from .errors import InputError
from .file_analysis import FileRows
from .rules import load_rules
from .store.schema import document_row, rules_fingerprint
from .store.writer import KBWriter


@dataclass
class BuildReport:
    """What a build or an update (``incremental``) did: the KB file ``out``; the documents (all, and those with
    text), sections and clauses it holds (an update: those it wrote), the bytes of text read, the time taken in
    seconds (``align_seconds`` of it: kb.align at commit); the problems of documents left out (InputError) and the
    notices."""
    out: Path
    documents: int = 0
    documents_with_text: int = 0
    sections: int = 0
    clauses: int = 0
    bytes: int = 0
    seconds: float = 0.0
    align_seconds: float = 0.0
    problems: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    incremental: bool = False
    changes: int = 0  # an update: how many files and references.yml entries it took in, again or out

    @property
    def ok(self) -> bool:
        """Whether no document was left out with a problem."""
        return not self.problems


@dataclass
class Progress:
    """What a build has done so far, for a progress display."""
    files_done: int
    files_total: int
    clauses: int
    bytes: int
    seconds: float
    read: int = 0  # bytes of the corpus files done, of read_total: the measure of work done
    read_total: int = 0
    first: tuple[float, int] | None = None  # (seconds, read) when the first file was done

    @property
    def clauses_per_second(self) -> float:
        """Clauses written a second so far (0 before the clock has moved)."""
        return self.clauses / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """The seconds the remaining characters will take at the pace since the first file (kb.progress.seconds_left);
        None until a second file is done, and after the last."""
        from .progress import seconds_left

        return seconds_left(self.seconds, self.read, self.read_total, self.first)


class Assembler:
    """Puts FileRows into a KBWriter in order, checking what only the whole corpus can tell (ids used twice).
    Problems go to ``report`` (``strict``: the first raises); ``seen_ids``: the ids the KB holds already (an
    update), document id → file."""

    def __init__(self, writer: KBWriter, report: BuildReport, strict: bool, seen_ids: dict[str, str] | None = None):
        self.writer, self.report, self.strict = writer, report, strict
        self.seen = dict(seen_ids or {})  # document id → file
        self.named_units: dict[str, tuple] = {}
        self.documents: list[DocumentRecord] = []
        self.tolerating = False

    def problem(self, error: InputError):
        """Report a document left out: a notice when the file is one the KB left out before, unchanged; else a
        problem, or (strict) raise ``error``."""
        if self.tolerating:  # a file the KB already leaves out, unchanged: left out again, as a rebuild does
            self.report.notices.append(f"{error} (left out of the KB, as at its last build)")
            return
        if self.strict:
            raise error
        self.report.problems.append(error)

    def add(self, rows: FileRows, corpus_dir: Path, tolerated: bool = False):
        """Write one file's rows, unless it has a problem or a document id already seen. ``tolerated``: the file
        is one the KB left out with a problem and that has not changed since, whose problem is a notice."""
        self.tolerating = tolerated
        try:
            self._add(rows, corpus_dir)
        finally:
            self.tolerating = False

    def _add(self, rows: FileRows, corpus_dir: Path):
        if rows.problem is not None:
            self.problem(rows.problem)
            return
        used_twice = claim_ids(self.seen, [d.id for d in rows.documents], rows.file, corpus_dir)
        if used_twice is not None:
            self.problem(used_twice)
            return
        if rows.notice:
            self.report.notices.append(rows.notice)
        self.writer.add(rows.tables, rows.fts)
        self.named_units.update(rows.named_units)
        self.documents.extend(rows.documents)
        self.report.documents_with_text += len(rows.documents)
        self.report.sections += len(rows.tables["sections"])
        self.report.clauses += rows.clauses
        self.report.bytes += rows.tables["sources"][0][3]


def registered_references(corpus_dir: Path, assembler: Assembler) -> list[DocumentRecord]:
    """The documents references.yml registers whose id is not used already (``assembler``'s ids; each taken
    becomes used); a bad file or a second use of an id is the assembler's problem."""
    try:
        references = references_of(corpus_dir)
    except InputError as error:
        assembler.problem(error)
        return []
    kept = []
    for reference in references:
        used_twice = claim_ids(assembler.seen, [reference.id], REFERENCES_FILE, corpus_dir)
        if used_twice is not None:
            assembler.problem(used_twice)
            continue
        kept.append(reference)
    return kept


def _parent_dates(corpus_dir: Path) -> dict[str, str]:
    # A forwarded plan is dated by the notice that forwards it; notices in the same file are read with it, and
    # registered references are known to every worker.
    try:
        return {r.id: r.issued_date for r in references_of(corpus_dir) if r.issued_date}
    except InputError:
        return {}


def build_kb(corpus_dir: Path, rules_dir: Path, out: Path, strict: bool = False, jobs: int | None = None,
             progress=None) -> BuildReport:
    """Build the KB file ``out`` from a corpus and rules. Bad documents are reported and left out (``strict``:
    the first one raises). The previous ``out`` is replaced only by a complete build. ``progress`` is called
    with a Progress after each file."""
    started = time.perf_counter()
    corpus_dir, rules_dir, out = Path(corpus_dir), Path(rules_dir), Path(out)
    if not corpus_dir.is_dir():
        raise InputError(corpus_dir, "corpus directory not found")
    rules = load_rules(rules_dir)
    report = BuildReport(out=out)
    report.notices += interrupted_additions(corpus_dir)
    paths = text_paths(corpus_dir)
    # What each file was when it was read (taken before the analysis reads it): the next update compares the
    # corpus with this record, so a file changed since (or never taken in: a killed `kb add`) is brought in.
    record = {path.name: file_state(path) for path in paths}
    with KBWriter(out, rules.records, rules.areas, rules.units, rules.metrics,
                  rules_fingerprint(rules_dir)) as writer:
        writer.set_meta("corpus", str(Path(corpus_dir).resolve()))
        assembler = Assembler(writer, report, strict)
        for problem in orphan_sidecars(corpus_dir, paths):
            assembler.problem(problem)
        sizes = [path.stat().st_size for path in paths] if progress else []
        read, total, first = 0, sum(sizes), None
        for done, rows in enumerate(analysed(paths, rules_dir, _parent_dates(corpus_dir),
                                              jobs or default_jobs()), start=1):
            assembler.add(rows, corpus_dir)
            if progress:
                read += sizes[done - 1]  # files come back in order (kb.analyser_pool.analysed)
                seconds = time.perf_counter() - started
                first = first or (seconds, read)
                progress(Progress(done, len(paths), report.clauses, report.bytes, seconds, read, total, first))
        references = registered_references(corpus_dir, assembler)
        writer.add({"documents": [document_row(r) for r in references]}, [])
        finish_corpus(writer, assembler, rules, corpus_dir)
        writer.set_meta(FILES_META, files_record(record))
        writer.commit()
    report.documents = report.documents_with_text + len(references)
    report.seconds = time.perf_counter() - started
    return report


def finish_corpus(writer: KBWriter, assembler: Assembler, rules, corpus_dir: Path,
                  changed: tuple[set[str], set[str]] | None = None) -> None:
    """What needs the whole corpus, once every document is written: parents that exist (a missing one is the
    assembler's problem, and the link is dropped), citations resolved (all, or an update's ``changed``: (keys,
    document ids), see kb.citation_sql.resolve_citations), named units; and, at commit, what carries what down
(kb.align)."""
    conn = writer.conn
    known = {row[0] for row in conn.execute("select id from documents")}
    for document_id, parent_id, source_file in conn.execute(
            "select id, parent_id, source_file from documents where parent_id is not null").fetchall():
        if parent_id not in known:
            assembler.problem(missing_parent(corpus_dir, document_id, parent_id, source_file))
            conn.execute("update documents set parent_id = null where id = ?", [document_id])
    if changed is None:
        resolve_citations(conn, rules)
    else:
        resolve_citations(conn, rules, changed_keys=changed[0], changed_documents=changed[1])
    writer.add_named_units(assembler.named_units.values())
    # Lined up at commit, once the index's counts (which weigh the words) are done.
    changed_documents = None if changed is None else set(changed[1])
    # …and the parent's division of labour carried down along the pairs lined up again (kb.align.carry).

    def align(conn):
        started = time.perf_counter()
        carry_down(conn, rules, refresh_alignments(conn, rules.align, changed_documents, rules.places),
                   changed_documents)
        # Timed apart: scripts/bench reports the share of the build that alignment takes (issue 26).
        assembler.report.align_seconds = time.perf_counter() - started

    writer.finishing.append(align)


def interrupted_additions(corpus_dir: Path) -> list[str]:
    """Finish the renaming of a `kb add` that was stopped half way (kb.add's journal); a notice for each file."""
    from .add.write import finish_interrupted_additions

    return [f"{path}: the renaming of a `kb add` that was stopped half way was finished"
            for path in finish_interrupted_additions(corpus_dir)]
