"""``kb serve`` follows the KB file: when ``kb build`` or ``kb add`` renames a new KB over it, the next request is
served from the new file, with no restart and no failed request.

Datasette serves the KB immutable (no locks, cached counts), which is only safe because a KB file is never written
in place: every build and update writes a new file and renames it over the old one (kb.store). So the server
looks, at most every ``CHECK_SECONDS`` and only when a request comes, at the file's identity (inode, size, mtime).
When it has changed, a new Datasette ``Database`` object for the new file takes the old one's place in
``datasette.databases``, as ``add_database`` places one: one assignment, so a request sees the old KB or the new,
never neither. Requests already running finish on the old object, whose connections still read the old file (its
inode lives while they have it open); they are closed a minute later.

Datasette keeps a thread's read connection under the database's name; the KB keeps its name (``kb``), so each
generation of the KB keys its connections by name and generation (``FollowingDatabase.execute_fn``)."""
from __future__ import annotations

import asyncio
import itertools
import os
import sqlite3
import threading
import time

from datasette.database import Database

CHECK_SECONDS = 0.25
CLOSE_OLD_AFTER_SECONDS = 60.0
_generations = itertools.count(1)
_connections = threading.local()


class FollowingDatabase(Database):
    """A Datasette database for one generation of the KB file: as Datasette's own in threaded mode, except that
    a thread's connection is kept under the name and the generation, so a new generation never reuses the old
    file's connections."""

    def __init__(self, ds, path: str):
        super().__init__(ds, path=path, is_mutable=False)
        self.generation = next(_generations)

    async def execute_fn(self, fn):
        """``fn(conn)`` on this generation's connection of the worker thread, in Datasette's executor (as
        Datasette's own ``execute_fn``, whose connections are kept by name alone)."""
        if self.ds.executor is None:
            return await super().execute_fn(fn)
        key = f"{self.name}@{self.generation}"

        def in_thread():
            conn = getattr(_connections, key, None)
            if not conn:
                conn = self.connect()
                self.ds._prepare_connection(conn, self.name)
                setattr(_connections, key, conn)
            return fn(conn)

        return await asyncio.get_event_loop().run_in_executor(self.ds.executor, in_thread)


def _identity(path: str):
    status = os.stat(path)
    return status.st_ino, status.st_size, status.st_mtime_ns


def _is_a_kb(path: str) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            return conn.execute("select value from kb_meta where key = 'schema_version'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


class KBFollower:
    """Swaps the served KB database for a new one when its file has been replaced (see the module docstring)."""

    def __init__(self, datasette, name: str):
        self.datasette = datasette
        self.name = name
        self.checked_at = 0.0
        self.seen = None  # (database object, file identity) last served
        self.swaps = 0

    def check(self) -> None:
        """At most once every CHECK_SECONDS: when the KB's file has been replaced by a complete KB, serve the new
        file from now on (a new FollowingDatabase) and close the old one's connections a little later, when the
        requests they serve have finished. Does nothing while the file is missing or not a KB."""
        now = time.monotonic()
        if now - self.checked_at < CHECK_SECONDS:
            return
        self.checked_at = now
        current = self.datasette.databases.get(self.name)
        if current is None or current.is_mutable or current.is_memory or not current.path:
            return
        try:
            identity = _identity(current.path)
        except OSError:
            return  # gone for the moment (being replaced): keep serving what is open
        if self.seen is None or self.seen[0] is not current:
            self.seen = (current, identity)
            return
        if identity == self.seen[1] or not _is_a_kb(current.path):
            return
        fresh = FollowingDatabase(self.datasette, current.path)
        fresh.name, fresh.route = current.name, current.route
        self.datasette.databases = {name: (fresh if name == self.name else db)
                                    for name, db in self.datasette.databases.items()}
        self.seen = (fresh, identity)
        self.swaps += 1
        try:
            asyncio.get_running_loop().call_later(CLOSE_OLD_AFTER_SECONDS, current.close)
        except RuntimeError:
            pass
