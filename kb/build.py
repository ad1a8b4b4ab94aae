"""``kb build`` and the incremental update behind ``kb add``: corpus → structure → tags → store.

Each text file is analysed on its own (``FileAnalyser``: segment, tag, read targets and citations) into plain
rows, in worker processes when there are several files and cores; the main process writes the rows as they come,
in file order, so memory stays flat whatever the corpus size and the same corpus gives the same KB. What needs
the whole corpus is done last, on the written tables: citations are resolved against every document, named
units are added, and foreign keys are checked. The previous KB is replaced only by a complete build.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import REFERENCES_FILE, DocumentRecord, references_of, text_paths
from .corpus_reader import claim_ids, encoding_notice, missing_parent, orphan_sidecars, read_text_file
from .errors import InputError
from .links import CitationReader, link_targets, normalise_title, read_citations
from .rules import load_rules
from .search import bigram_column, unigram_column
from .store import KBCopy, KBWriter, META_TABLE, columns_of, corpus_of, document_row, rows_of, rules_fingerprint
from .structure import segment


@dataclass
class FileRows:
    """Everything one text file adds to the KB, as rows in the order of kb.store.SCHEMA's columns."""
    file: str
    documents: list[DocumentRecord] = field(default_factory=list)
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    fts: list[tuple[str, str]] = field(default_factory=list)  # (unigrams, bigrams) of each clause, in order
    named_units: dict[str, tuple] = field(default_factory=dict)
    notice: str | None = None
    problem: InputError | None = None

    @property
    def clauses(self) -> int:
        return len(self.tables.get("clauses", ()))


class FileAnalyser:
    """One process's rules and pipeline, applied to one text file at a time."""

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
        from .tagging import analyse, area_tags, unit_tags
        from .targets import read_targets

        result = FileRows(file=text_path.name)
        try:
            documents, source = read_text_file(text_path, text_path.with_suffix(".yml"))
        except InputError as error:
            result.problem = error
            return result
        result.notice = encoding_notice(text_path, source)
        rules = self.rules
        tables = {name: [] for name in ("sources", "documents", "sections", "clauses", "areas", "clause_areas",
                                        "clause_units", "targets", "target_links", "citations")}
        tables["sources"].append(rows_of("sources", [source])[0])
        dates = dict(self.parent_dates, **{d.id: d.issued_date for d in documents if d.issued_date})
        named = {}
        for document in documents:
            structure = segment(document.id, document.text, rules.structure, title=document.title,
                                issuer=document.issuer, addressees=document.addressees)
            analyses = analyse(self.nlp, rules, structure.clauses)
            document_area_tags, structural = area_tags(analyses, structure.sections, rules, document.title or "")
            document_targets = read_targets(analyses, rules.targets,
                                            {s.id: s.parent_id for s in structure.sections},
                                            document.issued_date or dates.get(document.parent_id), document.title,
                                            self.metric_names, document.published_at)
            originals, offsets = document.original_text, document.original_offsets
            tables["sections"].extend(rows_of("sections", structure.sections))
            tables["clauses"].extend(
                rows_of("clauses", structure.clauses, modality=[a.modality for a in analyses],
                        modality_rule_id=[a.modality_rule for a in analyses],
                        original_text=[originals[offsets[c.char_start]:offsets[c.char_end]]
                                       if originals is not None else None for c in structure.clauses]))
            result.fts.extend((unigram_column(c.text), bigram_column(c.text)) for c in structure.clauses)
            tables["areas"].extend((area_id, name, "structural", None, section_id, rules.structural_area_rule)
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
        tables["documents"] = [document_row(d) for d in documents]
        result.documents = [DocumentRecord(id=d.id, title=d.title, doc_number=d.doc_number, aliases=d.aliases,
                                           parent_id=d.parent_id, source_file=d.source_file, text="")
                            for d in documents]
        result.tables = tables
        result.named_units = {n.name: (n.name, n.level, n.kind, n.jurisdiction, n.alias or n.name)
                              for n in named.values()}
        return result


# -- worker processes -------------------------------------------------------------------------------------------
_ANALYSER: FileAnalyser | None = None


def _start_worker(rules_dir: Path, parent_dates: dict[str, str]):
    global _ANALYSER
    _ANALYSER = FileAnalyser(rules_dir, parent_dates)


def _analyse_in_worker(text_path: Path) -> FileRows:
    return _ANALYSER.analyse_file(text_path)


def _analyse_with_dates(text_path: Path, parent_dates: dict[str, str]) -> FileRows:
    _ANALYSER.parent_dates = parent_dates
    return _ANALYSER.analyse_file(text_path)


class AnalyserProcess:
    """A worker process that loads the rules and builds the pipeline (about a second: jieba's dictionary) as soon
    as it is started, while the starting process does other work; ``kb add`` starts one before it reads its
    files, and the update analyses the new files there."""

    def __init__(self, rules_dir: Path):
        import multiprocessing

        self.rules_dir = Path(rules_dir)
        # A fresh interpreter (spawn), not a fork: the starting process may have threads running (KBCopy), and it
        # has not imported spaCy, which the worker imports while the starting process reads its files.
        self._pool = multiprocessing.get_context("spawn").Pool(
            1, initializer=_start_worker, initargs=(self.rules_dir, {}))

    def analyse(self, paths: list[Path], parent_dates: dict[str, str]) -> list[FileRows]:
        """FileRows of each path, in order. Raises what the analysis raised."""
        return self._pool.starmap(_analyse_with_dates, [(path, parent_dates) for path in paths])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _analysed(paths: list[Path], rules_dir: Path, parent_dates: dict[str, str], jobs: int):
    """FileRows of each path, in order; in ``jobs`` worker processes when that helps."""
    if jobs <= 1 or len(paths) < 8:
        analyser = FileAnalyser(rules_dir, parent_dates)
        for path in paths:
            yield analyser.analyse_file(path)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs, initializer=_start_worker, initargs=(rules_dir, parent_dates)) as pool:
        yield from pool.imap(_analyse_in_worker, paths, chunksize=4)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


# -- reports and progress ---------------------------------------------------------------------------------------
@dataclass
class BuildReport:
    out: Path
    documents: int = 0
    documents_with_text: int = 0
    sections: int = 0
    clauses: int = 0
    bytes: int = 0
    seconds: float = 0.0
    problems: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    incremental: bool = False
    changes: int = 0  # an update: how many files and references.yml entries it took in, again or out

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Progress:
    """What a build has done so far, for a progress display."""
    files_done: int
    files_total: int
    clauses: int
    bytes: int
    seconds: float

    @property
    def clauses_per_second(self) -> float:
        return self.clauses / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        if not self.files_done or self.files_done >= self.files_total:
            return None
        return self.seconds / self.files_done * (self.files_total - self.files_done)


class _Assembler:
    """Puts FileRows into a KBWriter in order, checking what only the whole corpus can tell (ids used twice)."""

    def __init__(self, writer: KBWriter, report: BuildReport, strict: bool, seen_ids: dict[str, str] | None = None):
        self.writer, self.report, self.strict = writer, report, strict
        self.seen = dict(seen_ids or {})  # document id → file
        self.named_units: dict[str, tuple] = {}
        self.documents: list[DocumentRecord] = []
        self.tolerating = False

    def problem(self, error: InputError):
        if self.tolerating:  # a file the KB already leaves out, unchanged: left out again, as a rebuild does
            self.report.notices.append(f"{error} (left out of the KB, as at its last build)")
            return
        if self.strict:
            raise error
        self.report.problems.append(error)

    def add(self, rows: FileRows, corpus_dir: Path, tolerated: bool = False):
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


def _references(corpus_dir: Path, assembler: _Assembler) -> list[DocumentRecord]:
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
    report.notices += _finish_interrupted_additions(corpus_dir)
    paths = text_paths(corpus_dir)
    # What each file was when it was read (taken before the analysis reads it): the next update compares the
    # corpus with this record, so a file changed since (or never taken in: a killed `kb add`) is brought in.
    record = {path.name: _file_state(path) for path in paths}
    with KBWriter(out, rules.records, rules.areas, rules.units, rules.metrics,
                  rules_fingerprint(rules_dir)) as writer:
        writer.set_meta("corpus", str(Path(corpus_dir).resolve()))
        assembler = _Assembler(writer, report, strict)
        for problem in orphan_sidecars(corpus_dir, paths):
            assembler.problem(problem)
        for done, rows in enumerate(_analysed(paths, rules_dir, _parent_dates(corpus_dir),
                                              jobs or default_jobs()), start=1):
            assembler.add(rows, corpus_dir)
            if progress:
                progress(Progress(done, len(paths), report.clauses, report.bytes, time.perf_counter() - started))
        references = _references(corpus_dir, assembler)
        writer.add({"documents": [document_row(r) for r in references]}, [])
        _finish(writer, assembler, references, rules, corpus_dir)
        writer.set_meta(FILES_META, json.dumps({name: record[name] for name in sorted(record)},
                                               separators=(",", ":")))
        writer.commit()
    report.documents = report.documents_with_text + len(references)
    report.seconds = time.perf_counter() - started
    return report


def _finish(writer: KBWriter, assembler: _Assembler, references: list[DocumentRecord], rules, corpus_dir: Path,
            changed: tuple[set[str], set[str]] | None = None):
    """What needs the whole corpus: parents that exist, citations resolved, named units."""
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


def document_keys(reader: CitationReader, documents) -> set[str]:
    """The 文号 and title keys citations are matched on, of some documents: (id, title, doc_number, aliases)."""
    keys = set()
    for _, title, number, aliases in documents:
        if number and reader.number_key(number):
            keys.add(reader.number_key(number))
        keys.update(normalise_title(t) for t in [title] + _json_list(aliases) if t)
    return keys


def resolve_citations(conn: sqlite3.Connection, rules, changed_keys: set[str] | None = None,
                      changed_documents: set[str] | None = None) -> int:
    """Point citations at the document each names (by 文号 first, then by title), against every document in the
    KB; a document naming itself (its own title line or 文号) makes no citation. All citations, or (incremental) only those
    that could have changed: matching ``changed_keys``, pointing at or made in ``changed_documents``. Returns how
    many were looked at."""
    documents = [DocumentRecord(id=i, title=t, doc_number=n, aliases=_json_list(a))
                 for i, t, n, a in conn.execute("select id, title, doc_number, aliases from documents")]
    reader = CitationReader(rules.citations, documents)
    select = ("select citations.id, cited_title, cited_number, clauses.document_id from citations "
              "join clauses on clauses.id = citations.clause_id")
    params: list = []
    if changed_keys is not None:
        keys, ids = sorted(changed_keys), sorted(changed_documents or ())
        conn.execute("create temp table if not exists kb_changed_keys (key text primary key)")
        conn.execute("create temp table if not exists kb_changed_documents (id text primary key)")
        conn.execute("delete from kb_changed_keys")
        conn.execute("delete from kb_changed_documents")
        conn.executemany("insert or ignore into kb_changed_keys values (?)", [(k,) for k in keys])
        conn.executemany("insert or ignore into kb_changed_documents values (?)", [(i,) for i in ids])
        select += (" where citations.number_key in (select key from kb_changed_keys)"
                   " or citations.title_key in (select key from kb_changed_keys)"
                   " or citations.document_id in (select id from kb_changed_documents)"
                   " or clauses.document_id in (select id from kb_changed_documents)")
    updates, own = [], []
    for citation_id, title, number, citing in conn.execute(select, params).fetchall():
        document_id, how = reader.resolve(title, number)
        if document_id == citing:
            own.append((citation_id,))  # its own title line or 文号: a fact of the document, no citation
            continue
        updates.append((document_id, how, citation_id))
    conn.executemany("update citations set document_id = ?, resolved_by = ? where id = ?", updates)
    conn.executemany("delete from citations where id = ?", own)
    return len(updates) + len(own)


def _json_list(value):
    import json

    return json.loads(value) if value else []


# -- what the KB holds of its corpus ---------------------------------------------------------------------------
# kb_meta key of the record of the corpus files a KB holds: file name → [text bytes, text mtime_ns, text sha256,
# sidecar bytes, sidecar mtime_ns, sidecar sha256], as they were when the build or update read them.
FILES_META = "corpus_files"


def _stat_of(path: Path) -> list:
    try:
        status = path.stat()
    except OSError:
        return [None, None]
    return [status.st_size, status.st_mtime_ns]


def _sha256_of(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _file_state(text_path: Path) -> list:
    """A text file and its sidecar as they are now: sizes and times (taken first), then the hashes of their bytes.
    A change made while they are read shows as a changed time at the next comparison, so it is never missed."""
    sidecar = text_path.with_suffix(".yml")
    text_stat, sidecar_stat = _stat_of(text_path), _stat_of(sidecar)
    return text_stat + [_sha256_of(text_path)] + sidecar_stat + [_sha256_of(sidecar)]


def _finish_interrupted_additions(corpus_dir: Path) -> list[str]:
    from .add.write import finish_interrupted_additions  # kb.add's journal of the files it renames into place

    return [f"{path}: the renaming of a `kb add` that was stopped half way was finished"
            for path in finish_interrupted_additions(corpus_dir)]


def kb_holds_files(db: Path, files: dict[str, tuple[str, str]]) -> bool:
    """Whether the KB ``db`` holds each text file named, as it is now: {name: (sha256 of the text file, sha256 of
    its sidecar)}, compared with the KB's sources and its record of the files."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute(f"select value from {META_TABLE} where key = ?", [FILES_META]).fetchone()
        recorded = json.loads(row[0]) if row else {}
        in_kb = dict(conn.execute("select file, sha256 from sources"))
    finally:
        conn.close()
    return all(in_kb.get(name) == text and (recorded.get(name) or [None] * 6)[2:6:3] == [text, sidecar]
               for name, (text, sidecar) in files.items())


@dataclass
class CorpusChanges:
    """How the corpus differs from what a KB holds of it: the files to read (again), with whether each is one the
    KB left out with a problem and that has not changed since; the files gone; the references.yml entries whose
    rows must go (gone or changed); and the new record of the files."""
    analyse: list[tuple[str, bool]]
    gone: list[str]
    leaving_references: list[str]
    coming_references: list[str]
    record: dict[str, list]

    def __len__(self) -> int:
        return len(self.analyse) + len(self.gone) + len(self.leaving_references) + len(self.coming_references)


def corpus_changes(db: Path, corpus_dir: Path, named: list[str], references: list[DocumentRecord]) \
        -> CorpusChanges | None:
    """Compare the corpus with what the KB ``db`` records of it (its sources, their hashes and kb_meta's record of
    the files): every text file that is new, changed (text or sidecar) or was left out is read again, every file
    gone leaves, and references.yml's entries are compared row by row. A file whose size and time are those
    recorded is taken as unchanged without reading it; any other is hashed. ``named``: files read in any case.
    None when the KB has no record of its files (a KB of an older kb): then only a full build is right."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute(f"select value from {META_TABLE} where key = ?", [FILES_META]).fetchone()
        if row is None:
            return None
        recorded = json.loads(row[0])
        in_kb = dict(conn.execute("select file, sha256 from sources"))
        columns = columns_of("documents")
        kb_references = {r[0]: r for r in conn.execute(f"select {', '.join(columns)} from documents "
                                                       f"where source_file is null")}
        registered: dict[str, tuple] = {}
        for reference in references:
            registered.setdefault(reference.id, document_row(reference))
        leaving = sorted(i for i, r in kb_references.items() if registered.get(i) != r)
        held_ids = {i for (i,) in conn.execute("select id from documents")}
        coming = sorted(i for i in registered if i not in held_ids)
        # A plan is dated by the registered notice that forwards it: a changed date is a changed analysis.
        date = columns.index("issued_date")
        old_dates = {i: r[date] for i, r in kb_references.items()}
        new_dates = {i: r[date] for i, r in registered.items()}
        redated = sorted(i for i in set(old_dates) | set(new_dates) if old_dates.get(i) != new_dates.get(i))
        marks = ",".join("?" * len(redated))
        dependent = {f for (f,) in conn.execute(f"select distinct source_file from documents where source_file is "
                                                f"not null and parent_id in ({marks})", redated)} if redated else set()
    finally:
        conn.close()
    named = set(named) | dependent
    analyse, record = [], {}
    for path in text_paths(corpus_dir):
        name = path.name
        old = recorded.get(name)
        held = name in in_kb
        if name not in named and held and old is not None and \
                _stat_of(path) + _stat_of(path.with_suffix(".yml")) == old[0:2] + old[3:5]:
            record[name] = old
            continue
        state = _file_state(path)
        record[name] = state
        unchanged = old is not None and state[2] == old[2] and state[5] == old[5]
        if name in named or not unchanged or not held or in_kb[name] != state[2]:
            analyse.append((name, unchanged and not held and name not in named))
    present = set(record)
    gone = sorted(f for f in in_kb if f not in present)
    return CorpusChanges(analyse, gone, leaving, coming, record)


# -- incremental ------------------------------------------------------------------------------------------------
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
    built_from = corpus_of(db)
    if built_from is not None and built_from != str(corpus_dir.resolve()):
        if copy is not None:
            copy.discard()
        raise InputError(db, f"this KB was built from the corpus {built_from}, not from {corpus_dir.resolve()}; "
                             f"a KB holds one corpus")
    if copy is None and built_from is not None and db.exists():
        copy = KBCopy(db)  # under way while the rules load and the new files are analysed; it holds the KB's lock
    try:
        report = BuildReport(out=db, incremental=True)
        # Compared under the KB's writer lock (KBCopy), so no other update changes the KB meanwhile.
        report.notices += _finish_interrupted_additions(corpus_dir)
        rules = load_rules(rules_dir)
        references = references_of(corpus_dir)
        changes = corpus_changes(db, corpus_dir, files, references) if built_from is not None else None
        if changes is None:
            if copy is not None:
                copy.discard()
            return None
        report.changes = len(changes)
        if not changes:  # the KB holds the corpus as it is: nothing to write
            if copy is not None:
                copy.discard()
            report.seconds = time.perf_counter() - started
            return report
        parent_dates = {r.id: r.issued_date for r in references if r.issued_date}
        paths = [corpus_dir / name for name, _ in changes.analyse]
        if not paths:
            analyses = []
        elif analyser is not None:
            analyses = analyser.analyse(paths, parent_dates)
        else:
            in_process = FileAnalyser(rules_dir, parent_dates)
            analyses = [in_process.analyse_file(p) for p in paths]
    except BaseException:
        if copy is not None:
            copy.discard()
        raise
    writer = KBWriter.open_existing(db, rules_fingerprint(rules_dir), copy)
    if writer is None:
        return None
    with writer:
        conn = writer.conn
        leaving = [(i,) for i in changes.leaving_references]
        # The files read again and the files gone leave first; a KB holds its corpus, never more.
        files = sorted({name for name, _ in changes.analyse} | set(changes.gone))
        leaving += conn.execute(f"select id from documents where source_file in ({','.join('?' * len(files))})",
                                files).fetchall()
        # What citations could point at before and after: the keys of every document that leaves or comes.
        gone = conn.execute(f"select id, title, doc_number, aliases from documents where id in "
                            f"({','.join('?' * len(leaving))})", [i for (i,) in leaving]).fetchall()
        for name in files:
            writer.delete_file(name)
        for (document_id,) in leaving:
            writer.delete_document(document_id)
        seen = {i: f or REFERENCES_FILE for i, f in conn.execute("select id, source_file from documents")}
        assembler = _Assembler(writer, report, strict=False, seen_ids=seen)
        for analysis, (_, tolerated) in zip(analyses, changes.analyse):
            assembler.add(analysis, corpus_dir, tolerated=tolerated)
        new_references = []
        for r in references:  # those not in the KB (new, or changed and taken out above); an id used twice once
            if r.id not in assembler.seen:
                assembler.seen[r.id] = REFERENCES_FILE
                new_references.append(r)
        writer.add({"documents": [document_row(r) for r in new_references]}, [])
        came = [(d.id, d.title, d.doc_number, None) for d in assembler.documents + new_references]
        keys_reader = CitationReader(rules.citations, [])
        changed_keys = document_keys(keys_reader, gone) | document_keys(keys_reader, came) | \
            {normalise_title(a) for d in assembler.documents + new_references for a in d.aliases}
        _finish(writer, assembler, [], rules, corpus_dir,
                changed=(changed_keys, {row[0] for row in gone} | {row[0] for row in came}))
        writer.set_meta(FILES_META, json.dumps({name: changes.record[name] for name in sorted(changes.record)},
                                               separators=(",", ":")))
        writer.check_foreign_keys = False  # the new rows are made as a full build makes them; a full check reads all
        if report.problems:
            writer.rollback()
            report.seconds = time.perf_counter() - started
            return report
        writer.commit()
    report.documents = report.documents_with_text
    report.seconds = time.perf_counter() - started
    return report
