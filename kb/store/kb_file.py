"""The KB file: written only through a temp file or a copy beside it, renamed over it when complete.

A new KB is written into a temp file (``new_kb_file``); an update changes a copy of the KB (``KBCopy``, copy-on-
write) while holding the KB's writer lock. Either is flushed to disk and renamed over the KB (``replace_kb``), so
the file a reader (``kb serve``) has open is never written, and a failed or killed writer leaves the previous KB.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from ..atomic import is_stale_temp, temp_path_for
from ..errors import InputError
from .schema import META_TABLE

# sqlite's page cache of a new KB while it is written, in KiB (a negative cache_size is KiB, not pages).
NEW_KB_CACHE_KIB = 65536


class KBCopy:
    """A copy of the KB beside it, made (and flushed to disk) in a background thread, for an update to change
    (copy-on-write). Started early (``kb add`` starts it before it reads its files), it costs the update little:
    copying and flushing a 1.6 GB KB takes about 3 s, while reading and analysing the new documents runs.

    It holds the KB's writer lock (``.<name>.lock``, flock) from start to ``release``, so two writers never copy
    the same KB and lose one another's update."""

    def __init__(self, db: Path):
        import fcntl
        import threading

        self.db = Path(db)
        refuse_to_replace_other_files(self.db)
        self.path = temp_path_for(self.db)
        self._lock = open(self.db.with_name(f".{self.db.name}.lock"), "a")
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.error: BaseException | None = None
        remove_stale_temps(self.db)

        def copy():
            try:
                shutil.copyfile(self.db, self.path)
                with open(self.path, "rb+") as handle:
                    os.fsync(handle.fileno())  # flushed now, so the commit's fsync writes only what changed
            except BaseException as error:  # reported by ready()
                self.error = error

        self._thread = threading.Thread(target=copy, name="kb-copy", daemon=True)
        self._thread.start()

    def ready(self) -> Path:
        """The copy's path once it is complete; raises what the copy raised."""
        self._thread.join()
        if self.error is not None:
            self.discard()
            raise self.error
        return self.path

    def discard(self) -> None:
        """Wait for the copy, delete it and release the KB's writer lock (the KB stays as it was)."""
        self._thread.join()
        self.path.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        """Release the KB's writer lock (once the copy is renamed over the KB, or discarded); idempotent."""
        import fcntl

        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()


def read_meta(db: Path) -> dict[str, str]:
    """The kb_meta rows of the KB file ``db`` (read only), {} when the file is no KB."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return dict(conn.execute(f"select key, value from {META_TABLE}").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {}


def corpus_of(db: Path) -> str | None:
    """The corpus a KB was built from (kb_meta ``corpus``: the folder's resolved path), or None when the file is no
    KB or predates the record."""
    db = Path(db)
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = conn.execute(f"select value from {META_TABLE} where key = 'corpus'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def same_corpus(db: Path, corpus_dir: Path) -> bool:
    """Whether the KB ``db`` was built from ``corpus_dir`` (a KB with no record of its corpus is not)."""
    return corpus_of(db) == str(Path(corpus_dir).resolve())


def remove_stale_temps(out: Path) -> list[Path]:
    """Temp files of builds that were killed: their process is gone."""
    removed = []
    for candidate in out.parent.glob(f".{out.name}.tmp-*"):
        if is_stale_temp(candidate):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def refuse_to_replace_other_files(out: Path) -> None:
    """Raise InputError when ``out`` is a file that holds something other than a KB (a KB has a kb_meta table): a
    mistyped ``--db``/``--out`` must never replace the user's file. A missing or empty file may be written."""
    out = Path(out)
    if out.is_dir():
        raise InputError(out, "is a folder, not a KB file")
    if out.is_file() and out.stat().st_size > 0 and not read_meta(out):
        raise InputError(out, "is not a KB (it has no kb_meta table); kb will not write over it: give another "
                              "path, or remove the file yourself")


def new_kb_file(out: Path) -> tuple[Path, sqlite3.Connection]:
    """(temp path, autocommit connection) of an empty file beside ``out`` for a new KB; its folder is made, and the
    temp files of killed builds removed. Raises InputError when ``out`` holds a file that is no KB."""
    refuse_to_replace_other_files(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out)
    temp = temp_path_for(out)
    temp.unlink(missing_ok=True)
    conn = sqlite3.connect(temp, isolation_level=None)
    # The temp file is thrown away unless the build completes, so it needs no journal while it is written.
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
    conn.execute(f"pragma cache_size = -{NEW_KB_CACHE_KIB}")
    return temp, conn


def open_copy(copy: KBCopy) -> sqlite3.Connection:
    """An autocommit connection to ``copy`` once it is complete; the copy is discarded when that fails."""
    try:
        conn = sqlite3.connect(copy.ready(), isolation_level=None)
        # The copy is thrown away unless the update completes: no journal while it is written.
        conn.execute("pragma journal_mode = off")
        conn.execute("pragma synchronous = off")
    except BaseException:
        copy.discard()
        raise
    return conn


def replace_kb(conn: sqlite3.Connection, written: Path, out: Path) -> None:
    """Commit ``conn``'s transaction, close it, flush the file it wrote (``written``: a temp file or a copy) to
    disk and rename it over the KB ``out``."""
    conn.execute("commit")
    conn.execute("pragma journal_mode = delete")
    conn.close()
    with open(written, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(written, out)
