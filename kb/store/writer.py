"""``KBWriter``: rows into a KB, documents out of it, and the commit that renames the finished file over the KB.

A new KB is written into a temp file (kb.store.kb_file); ``open_existing`` changes a copy of an existing KB
inside one transaction. The derived tables (kb.store.derived) are kept alongside and finished at commit.
"""
from __future__ import annotations

import sqlite3
from dataclasses import asdict
from pathlib import Path

import sqlite_utils

from .. import ranked
from ..rules import RuleRecord
from .derived import DerivedTables, register_index_functions
from .kb_file import KBCopy, new_kb_file, open_copy, read_meta, replace_kb
from .schema import (META_TABLE, SCHEMA_VERSION, WRITE_ORDER, columns_of, create_indexes, create_schema,
                     insert_rows, json_value, set_meta)

# What a document's rows are, table by table (the condition on its id, :d), in the order they are deleted: every
# row is deleted before the rows it points at.
_CLAUSES_OF = "select id from clauses where document_id = :d"
_TARGETS_OF = "select id from targets where document_id = :d"
# The rows of kb.align first, one condition a statement so that each is an index's lookup, not a scan.
DOCUMENT_ROWS = [("task_alignments", condition) for condition in (
    "child_document_id = :d", "parent_document_id = :d", f"parent_clause_id in ({_CLAUSES_OF})",
    f"child_clause_id in ({_CLAUSES_OF})")] + [("target_comparisons", condition) for condition in (
        "child_document_id = :d", "parent_document_id = :d", f"parent_target_id in ({_TARGETS_OF})",
        f"child_target_id in ({_TARGETS_OF})")] + [("implements", condition) for condition in (
            "child_id = :d", "parent_id = :d", f"clause_id in ({_CLAUSES_OF})")] + [
    ("unit_counterparts", condition) for condition in ("child_document_id = :d", "parent_document_id = :d")] + [
    (table, f"clause_id in ({_CLAUSES_OF})")
                 for table in ("citations", "target_links", "clause_units", "clause_areas")] + [
    ("target_links", "target_id in (select id from targets where document_id = :d)"),
    ("targets", "document_id = :d"),
    ("areas", "section_id in (select id from sections where document_id = :d)"),
    ("clauses", "document_id = :d"),
    ("sections", "document_id = :d"),
    ("documents", "id = :d"),
]


class KBWriter:
    """Writes a KB in batches. A new KB goes into a temp file beside ``out`` that replaces ``out`` only on
    ``commit``; an existing KB (``open_existing``) is changed inside one transaction. Leaving the ``with``
    block without ``commit`` (an error, a kill) leaves the previous KB as it was.

    A new KB starts with the rules' rows: ``rules`` (RuleRecord), ``areas``, ``units`` and ``metrics`` (the
    rules' models) and ``fingerprint`` (kb.store.schema.rules_fingerprint)."""

    check_foreign_keys = True  # whether commit checks every foreign key (a full read of the KB)

    def __init__(self, out: Path, rules: list[RuleRecord] = (), areas: list = (), units: list = (),
                 metrics: list = (), fingerprint: str = "", *, _existing: sqlite3.Connection | None = None):
        self.out = Path(out)
        self.committed = False
        # Steps run at commit once the derived tables are done, each called with the connection (kb.align).
        self.finishing: list = []
        self.copy: KBCopy | None = None  # an update's copy of the KB, renamed over it on commit
        if _existing is not None:
            self.temp, self.conn = None, _existing
            self.derived = DerivedTables(self.conn, self.out, update=True)
            self.next_rowid = (self.conn.execute("select max(rowid) from clauses").fetchone()[0] or 0) + 1
            self.conn.execute("begin")
            return
        self.temp, self.conn = new_kb_file(self.out)
        register_index_functions(self.conn)
        create_schema(sqlite_utils.Database(self.conn), indexes=False)
        self.next_rowid = 1
        self.derived = DerivedTables(self.conn, self.out, update=False)
        self.conn.execute("begin")
        self._insert_rules(rules, areas, units, metrics, fingerprint)

    def _insert_rules(self, rules, areas, units, metrics, fingerprint: str) -> None:
        insert_rows(self.conn, "rules", [tuple(asdict(r).values()) for r in rules])
        insert_rows(self.conn, "areas", [(a.id, a.name, a.kind, a.parent_id, None, a.rule_id) for a in areas])
        insert_rows(self.conn, "units", [(u.name, u.level, u.kind, u.jurisdiction, json_value(u.aliases),
                                          json_value(u.competences), "lexicon", u.successor, u.successor_since)
                                         for u in units])
        insert_rows(self.conn, "metrics", [(m.id, m.description, json_value(m.names), m.unit) for m in metrics])
        insert_rows(self.conn, META_TABLE, [("schema_version", SCHEMA_VERSION), ("rules_fingerprint", fingerprint)])

    def set_meta(self, key: str, value: str) -> None:
        """Set one kb_meta row, in the writer's transaction."""
        set_meta(self.conn, key, value)

    @classmethod
    def open_existing(cls, db: Path, fingerprint: str, copy: KBCopy | None = None) -> "KBWriter | None":
        """A writer that updates ``db`` copy-on-write, or None when ``db`` was built with other rules or schema.

        The KB is copied beside itself and the copy is changed; ``commit`` renames the copy over ``db``. The file
        a reader (``kb serve``, immutable) has open is never written: it keeps its old snapshot, and a failure
        leaves ``db`` as it was. ``copy``: a copy already under way (KBCopy), else one is made here."""
        db = Path(db)
        meta = read_meta(db) if db.exists() else {}
        if meta.get("schema_version") != SCHEMA_VERSION or meta.get("rules_fingerprint") != fingerprint:
            if copy is not None:
                copy.discard()
            return None
        copy = copy or KBCopy(db)
        conn = open_copy(copy)
        register_index_functions(conn)
        writer = cls(db, _existing=conn)
        writer.copy = copy
        try:
            writer.derived.open_ranked()
        except BaseException:
            writer.rollback()
            raise
        return writer

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if not self.committed:
            self.rollback()
        return False

    def add(self, tables: dict[str, list[tuple]], fts: list[tuple[str, str]]):
        """Rows of some documents (kb.file_analysis.FileRows.tables), and the index text of their clauses."""
        for table in WRITE_ORDER:
            rows = tables.get(table)
            if not rows:
                continue
            if table == "clauses":
                first = self.next_rowid
                self.next_rowid += len(rows)
                insert_rows(self.conn, "clauses", [(first + n,) + row for n, row in enumerate(rows)],
                            ["rowid"] + columns_of("clauses"))
                self.derived.add_clauses(first, rows, fts)
                continue
            if table == "clause_units":
                self.derived.units_tagged(rows)
            insert_rows(self.conn, table, rows)

    def add_named_units(self, units) -> None:
        """Units found by the form of their name, not listed in rules/: (name, level, kind, jurisdiction, alias)."""
        insert_rows(self.conn, "units", [(name, level, kind, jurisdiction, json_value([alias]), None, "grammar")
                                         for name, level, kind, jurisdiction, alias in units],
                    ["id", "level", "kind", "jurisdiction", "aliases", "competences", "found_by"],
                    verb="insert or ignore")

    def delete_document(self, document_id: str) -> None:
        """A document and everything made from it, its index entries included."""
        self.derived.remove_document(document_id)
        for table, condition in DOCUMENT_ROWS:
            self.conn.execute(f"delete from {table} where {condition}", {"d": document_id})

    def delete_file(self, name: str) -> None:
        """Every document of the corpus file ``name`` (its file name), and its sources row."""
        for (document_id,) in self.conn.execute("select id from documents where source_file = ?", [name]).fetchall():
            self.delete_document(document_id)
        self.conn.execute("delete from sources where file = ?", [name])

    def commit(self) -> None:
        """Finish the derived tables, check the foreign keys (``check_foreign_keys``; RuntimeError naming the first
        violations) and rename the written file over the KB; then remove ranked indexes no KB names."""
        self.derived.count()
        violations = self.conn.execute("pragma foreign_key_check").fetchall() if self.check_foreign_keys else []
        if violations:
            raise RuntimeError(f"foreign key violations: {violations[:5]}")
        key = self.derived.finish_indexes()
        if self.temp is not None:
            create_indexes(sqlite_utils.Database(self.conn))
        for step in self.finishing:  # after the indexes: they read the KB document by document
            step(self.conn)
        replace_kb(self.conn, self.temp if self.temp is not None else self.copy.path, self.out)
        if self.copy is not None:
            self.copy.release()
        self.committed = True
        ranked.prune(self.out, key)

    def rollback(self) -> None:
        """Leave the KB as it was: roll back, delete the temp file or the copy (releasing the KB's lock) and the
        ranked index being written."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("rollback")
            self.conn.close()
        except sqlite3.Error:
            pass
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
        if self.copy is not None:
            self.copy.discard()
        self.derived.discard()
