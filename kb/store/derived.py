"""What the KB derives from its rows and keeps with them: the FTS5 index and the ranked index (kb.ranked) of the
clauses, unit_counts, term_clause_counts and kb_meta's content digest.

The search indexes are written with the clauses; the counts and the digest are steps run at commit. A new KB
counts from its finished tables and index; an update keeps each derived table by what it changed (the units it
touched, the index terms of the clauses it added and deleted), so its cost follows the change, not the KB.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from pathlib import Path

from .. import ranked
from ..index_text import FTS_COLUMNS, bigram_column, index_terms, term_of_token, unigram_column
from .schema import CLAUSE_DOCUMENT, CLAUSE_TEXT, META_TABLE, TASK_TAG_CONDITION, insert_rows, set_meta

# Units counted again per statement in an update: SQLite's limit of bound parameters is far above it.
UNIT_BATCH = 500


def register_index_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the derived tables are made with: a clause's index text (to delete it from the
    contentless FTS5 index) and the characters an index token spells."""
    conn.create_function("kb_term_of_token", 1, term_of_token, deterministic=True)
    conn.create_function("kb_index_unigrams", 1, unigram_column, deterministic=True)
    conn.create_function("kb_index_bigrams", 1, bigram_column, deterministic=True)


# A unit's task clauses by role and basis (unit_counts' rows).
_UNIT_COUNT = (f"select unit_id, role, basis, count(*) from clause_units join clauses on clauses.id = "
               f"clause_units.clause_id where {TASK_TAG_CONDITION}")
# The kinds of unit that live as long as a clause names them: known only by the form of their name (grammar), or
# named as a parent's counterpart (kb.align.carry).
NAMED_WHILE_TAGGED = ("grammar", "counterpart")


def recount_units(conn: sqlite3.Connection, units) -> None:
    """Count the unit_counts rows of ``units`` (ids) again from their tags, and drop those of them known only while
    a clause names them (NAMED_WHILE_TAGGED) that no clause names now, as a full build would."""
    touched = sorted(units)
    kinds = ", ".join(f"'{kind}'" for kind in NAMED_WHILE_TAGGED)
    for start in range(0, len(touched), UNIT_BATCH):
        part = touched[start:start + UNIT_BATCH]
        marks = ",".join("?" * len(part))
        conn.execute(f"delete from unit_counts where unit_id in ({marks})", part)
        conn.execute(f"insert into unit_counts (unit_id, role, basis, clauses) {_UNIT_COUNT} "
                     f"and unit_id in ({marks}) group by 1, 2, 3", part)
        conn.execute(f"delete from units where found_by in ({kinds}) and id in ({marks}) and not exists "
                     f"(select 1 from clause_units where unit_id = units.id) and not exists "
                     f"(select 1 from unit_counterparts where parent_unit_id = units.id)", part)


class DerivedTables:
    """The derived tables of one KB being written on ``conn`` (the KB file ``out``): kept up to date as clauses
    come and go (``add_clauses``, ``remove_document``), finished at commit (``count``, ``finish_indexes``).
    ``update``: the KB existed (an update) rather than being new."""

    def __init__(self, conn: sqlite3.Connection, out: Path, update: bool):
        self.conn, self.out, self.update = conn, Path(out), update
        self.touched_units: set[str] = set()  # an update's units whose counts change
        # A new KB counts its index terms from the finished index; an update keeps the counts by what it changes.
        self.term_changes: Counter | None = Counter() if update else None
        # The ranked index beside the KB (kb.ranked), written alongside; an update records what it changes, which
        # names the new index.
        self.ranked: ranked.RankedIndexWriter | None = None
        self.ranked_base: str | None = None
        self.ranked_deleted: list[str] = []
        self.ranked_added: dict[str, list[int]] = {}
        if not update:
            self.ranked = ranked.RankedIndexWriter(self.out)

    def open_ranked(self) -> None:
        """An update: the ranked index the KB names, to change alongside it (when it is missing, ``finish_indexes``
        writes it whole)."""
        self.ranked_base = ranked.key_of(self.conn)
        if self.ranked_base and (ranked.folder_of(self.out) / self.ranked_base / "meta.json").is_file():
            self.ranked = ranked.RankedIndexWriter(self.out, self.ranked_base, heap=ranked.UPDATE_HEAP_BYTES)

    def add_clauses(self, first: int, rows: list[tuple], fts: list[tuple[str, str]]) -> None:
        """Index clause ``rows`` (the clauses table's columns, without rowid) just written with rowids ``first``,
        ``first + 1``, …; ``fts``: the (unigrams, bigrams) index text of each."""
        if self.term_changes is not None:
            for row in rows:
                self.term_changes.update(index_terms(row[CLAUSE_TEXT]))
        insert_rows(self.conn, "clauses_fts", [(first + n, u, b) for n, (u, b) in enumerate(fts)],
                    ["rowid", *FTS_COLUMNS])
        for n, (row, (u, b)) in enumerate(zip(rows, fts)):
            if self.ranked is not None:
                self.ranked.add(first + n, row[CLAUSE_DOCUMENT], u, b)
            if self.term_changes is not None:  # an update: its key names the rowids it adds
                span = self.ranked_added.setdefault(row[CLAUSE_DOCUMENT], [first + n, 0])
                span[1] += 1

    def units_tagged(self, rows: list[tuple]) -> None:
        """clause_units ``rows`` written: an update counts their units again at commit."""
        if self.term_changes is not None:
            self.touched_units.update(row[1] for row in rows)

    def remove_document(self, document_id: str) -> None:
        """Take a document's clauses out of the indexes and the counts, before its rows are deleted."""
        if self.term_changes is not None:
            for (text,) in self.conn.execute("select text from clauses where document_id = ?", [document_id]):
                self.term_changes.subtract(index_terms(text))
        self.conn.execute("insert into clauses_fts(clauses_fts, rowid, unigrams, bigrams) select 'delete', rowid, "
                          "kb_index_unigrams(text), kb_index_bigrams(text) from clauses where document_id = :d",
                          {"d": document_id})
        if self.ranked is not None:
            self.ranked.delete_document(document_id)
        self.ranked_deleted.append(document_id)
        self.touched_units.update(unit for (unit,) in self.conn.execute(
            "select distinct unit_id from clause_units where clause_id in "
            "(select id from clauses where document_id = :d)", {"d": document_id}))

    def count(self) -> None:
        """At commit, first: unit_counts and kb_meta's content digest."""
        self._count_units()
        self._stamp_content()

    def finish_indexes(self) -> str:
        """At commit, after ``count``: term_clause_counts, and the ranked index finished under its key, which is
        returned (kb_meta ``ranked_index`` names it)."""
        if self.update:
            self._apply_term_changes()
        else:
            self._count_terms_from_index()
        return self._finish_ranked()

    def discard(self) -> None:
        """Throw away the ranked index being written (the KB is rolled back)."""
        if self.ranked is not None:
            self.ranked.discard()
            self.ranked = None

    def _stamp_content(self) -> None:
        # What the KB holds, in one digest (documents by id and text digest): replicas behind a load balancer
        # show which KB each serves (/kb/kb_meta.json), and the same corpus still gives the same file.
        digest = hashlib.sha256()
        for document_id, sha256 in self.conn.execute("select id, coalesce(sha256, '') from documents order by id"):
            digest.update(f"{document_id}\t{sha256}\n".encode("utf-8"))
        set_meta(self.conn, "content_sha256", digest.hexdigest())

    def _count_units(self) -> None:
        if self.term_changes is None:  # a new KB: every unit
            self.conn.execute(f"insert into unit_counts (unit_id, role, basis, clauses) {_UNIT_COUNT} group by 1, 2, 3")
            return
        recount_units(self.conn, self.touched_units)

    def _finish_ranked(self) -> str:
        # The ranked index is finished (renamed to its key) before the KB that names it: a reader of the new KB
        # finds it, and a failure after this leaves only a folder no KB names, removed by the next prune.
        meta = dict(self.conn.execute(f"select key, value from {META_TABLE} "
                                      f"where key in ('rules_fingerprint', 'content_sha256')"))
        if not self.update:
            key = ranked.build_key(meta.get("rules_fingerprint", ""), meta.get("content_sha256", ""))
        else:
            key = ranked.update_key(self.ranked_base or "", self.ranked_deleted,
                                    [(d, first, count) for d, (first, count) in self.ranked_added.items()])
        set_meta(self.conn, ranked.META_KEY, key)
        if self.ranked is not None:
            self.ranked.finish(key)
            self.ranked = None
        else:  # an update of a KB whose ranked index is missing: write it whole
            ranked.build_from(self.conn, self.out, key)
        return key

    def _count_terms_from_index(self) -> None:
        # fts5vocab reads each term's posting list once: about 2 s for a million clauses.
        self.conn.execute("create virtual table temp.index_vocabulary using fts5vocab(main, clauses_fts, 'row')")
        self.conn.execute("insert into term_clause_counts (term, clauses) "
                          "select kb_term_of_token(term), doc from temp.index_vocabulary")
        self.conn.execute("drop table temp.index_vocabulary")

    def _apply_term_changes(self) -> None:
        changed = [(term, change) for term, change in self.term_changes.items() if change]
        self.conn.executemany("insert into term_clause_counts (term, clauses) values (?, ?) on conflict (term) "
                              "do update set clauses = clauses + excluded.clauses", changed)
        self.conn.execute("delete from term_clause_counts where clauses = 0")
        self.term_changes.clear()
