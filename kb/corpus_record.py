"""What a KB holds of its corpus, and how the corpus differs from it now.

A build and an update record in kb_meta (``FILES_META``) each text file as it was when it was read; the next update
compares the corpus with that record and the KB's rows (``corpus_changes``), so it reads only what changed: a file
added, edited or deleted by hand, a file a killed ``kb add`` wrote, a changed references.yml entry.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .corpus import DocumentRecord, text_paths
from .store.schema import META_TABLE, columns_of, document_row

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


def file_state(text_path: Path) -> list:
    """A text file and its sidecar as they are now: sizes and times (taken first), then the hashes of their bytes.
    A change made while they are read shows as a changed time at the next comparison, so it is never missed."""
    sidecar = text_path.with_suffix(".yml")
    text_stat, sidecar_stat = _stat_of(text_path), _stat_of(sidecar)
    return text_stat + [_sha256_of(text_path)] + sidecar_stat + [_sha256_of(sidecar)]


def files_record(record: dict[str, list]) -> str:
    """The kb_meta FILES_META value of a record of the files ({name: file_state}), sorted by name."""
    return json.dumps({name: record[name] for name in sorted(record)}, separators=(",", ":"))


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


@dataclass
class _Held:
    """What the KB holds of its corpus: its record of the files, its sources' hashes, the references.yml entries
    leaving and coming, and the files whose documents a changed reference dates."""
    recorded: dict[str, list]
    in_kb: dict[str, str]
    leaving: list[str]
    coming: list[str]
    dependent: set[str]


def _held(conn: sqlite3.Connection, recorded: dict, references: list[DocumentRecord]) -> _Held:
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
    return _Held(recorded, in_kb, leaving, coming, dependent)


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
        held = _held(conn, json.loads(row[0]), references)
    finally:
        conn.close()
    named = set(named) | held.dependent
    analyse, record = [], {}
    for path in text_paths(corpus_dir):
        name = path.name
        old = held.recorded.get(name)
        in_kb = name in held.in_kb
        if name not in named and in_kb and old is not None and \
                _stat_of(path) + _stat_of(path.with_suffix(".yml")) == old[0:2] + old[3:5]:
            record[name] = old
            continue
        state = file_state(path)
        record[name] = state
        unchanged = old is not None and state[2] == old[2] and state[5] == old[5]
        if name in named or not unchanged or not in_kb or held.in_kb[name] != state[2]:
            analyse.append((name, unchanged and not in_kb and name not in named))
    gone = sorted(f for f in held.in_kb if f not in record)
    return CorpusChanges(analyse, gone, held.leaving, held.coming, record)
