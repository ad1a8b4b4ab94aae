"""The SQLite knowledge base: schema (explicit types, keys, indexes) and an atomic write.

The tables are the product's public API (design.md). The build writes a new file beside the old one and
renames it over the old one only when everything is in, so a failed or killed build leaves the previous KB.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import sqlite_utils

from .atomic import is_stale_temp, temp_path_for
from .vocabulary import NOT_TASK_KINDS, vocabulary_rows
from .corpus import DocumentRecord
from .rules import RuleRecord
from .normalize import content_key
from . import ranked
from .search import FTS_COLUMNS, bigram_column, index_terms, term_of_token, unigram_column

SCHEMA = {
    "sources": ({"file": str, "sha256": str, "encoding": str, "bytes": int, "published_at": str,
                 "page_stamp": str, "furniture": str, "script": str, "extracted_from_file": str, "extracted_from_format": str,
                 "extracted_from_sha256": str, "content_sha256": str, "body_sha256": str}, "file", {}),
    "rules": ({"id": str, "file": str, "kind": str, "pattern": str, "description": str}, "id", {}),
    "documents": ({"id": str, "title": str, "doc_number": str, "issuer": str, "issued_date": str,
                   "published_at": str, "kind": str, "level": str, "jurisdiction": str, "parent_id": str, "source_url": str,
                   "source_file": str, "text_available": int, "sha256": str, "char_count": int,
                   "addressees": str, "aliases": str, "attachments": str, "script": str, "text": str,
                   "original_text": str, "content_sha256": str}, "id",
                  {"parent_id": "documents", "source_file": "sources"}),
    "sections": ({"id": str, "document_id": str, "parent_id": str, "level": int, "number": str, "heading": str,
                  "kind": str, "ordinal": int, "rule_id": str, "path_label": str, "char_start": int,
                  "char_end": int}, "id",
                 {"document_id": "documents", "parent_id": "sections", "rule_id": "rules"}),
    "clauses": ({"id": str, "document_id": str, "section_id": str, "paragraph": int, "sentence": int,
                 "ordinal": int, "kind": str, "modality": str, "modality_rule_id": str, "text": str,
                 "char_start": int, "char_end": int, "line": int, "original_text": str, "item_id": str},
                "id", {"document_id": "documents", "section_id": "sections", "modality_rule_id": "rules",
                       "item_id": "clauses"}),
    "areas": ({"id": str, "name": str, "kind": str, "parent_id": str, "section_id": str, "rule_id": str}, "id",
              {"parent_id": "areas", "section_id": "sections", "rule_id": "rules"}),
    "clause_areas": ({"clause_id": str, "area_id": str, "rule_id": str, "span_start": int, "span_end": int,
                      "matched": str}, ("clause_id", "area_id", "rule_id"),
                     {"clause_id": "clauses", "area_id": "areas", "rule_id": "rules"}),
    "units": ({"id": str, "level": str, "kind": str, "jurisdiction": str, "aliases": str, "competences": str,
               "found_by": str, "successor": str, "successor_since": str},
              "id", {}),
    "clause_units": ({"clause_id": str, "unit_id": str, "role": str, "basis": str, "rule_id": str,
                      "span_start": int, "span_end": int, "matched": str, "reason": str},
                     ("clause_id", "unit_id", "role", "basis"),
                     {"clause_id": "clauses", "unit_id": "units", "rule_id": "rules"}),
    # How many clauses tag each unit in each role and basis: the units index and a unit's page read these few
    # rows instead of counting a million clause_units rows. Made by the build, kept by each update.
    "unit_counts": ({"unit_id": str, "role": str, "basis": str, "clauses": int}, ("unit_id", "role", "basis"),
                    {"unit_id": "units"}),
    "metrics": ({"id": str, "description": str, "names": str, "unit": str}, "id", {}),
    "targets": ({"id": str, "document_id": str, "clause_id": str, "metric": str, "wording": str, "value": float, "value_max": float,
                 "unit": str, "comparator": str, "year": int, "period": str, "baseline": str, "growth": str,
                 "rule_id": str, "span_start": int, "span_end": int, "kind": str}, "id",
                {"document_id": "documents", "clause_id": "clauses", "metric": "metrics", "rule_id": "rules"}),
    "target_links": ({"target_id": str, "clause_id": str, "rule_id": str, "score": float, "matched": str,
                      "span_start": int, "span_end": int}, ("target_id", "clause_id"),
                     {"target_id": "targets", "clause_id": "clauses", "rule_id": "rules"}),
    "citations": ({"id": str, "clause_id": str, "cited_title": str, "cited_number": str, "document_id": str,
                   "resolved_by": str, "rule_id": str, "span_start": int, "span_end": int, "number_key": str,
                   "title_key": str}, "id",
                  {"clause_id": "clauses", "document_id": "documents", "rule_id": "rules"}),
    "term_clause_counts": ({"term": str, "clauses": int}, "term", {}),
    # The vocabulary (kb.vocabulary), so that SQL filters on it instead of spelling lists of its own.
    "clause_kinds": ({"kind": str, "label": str, "ordinal": int, "frame": int, "asks": int}, "kind", {}),
    "roles": ({"role": str, "label": str, "ordinal": int, "responsible": int}, "role", {}),
    "bases": ({"basis": str, "label": str, "ordinal": int}, "basis", {}),
}
NOT_NULL = {
    "documents": {"title", "text_available"},
    "sections": {"document_id", "level", "kind", "ordinal"},
    "clauses": {"document_id", "ordinal", "kind", "text", "char_start", "char_end"},
    "rules": {"file", "kind"},
    "term_clause_counts": {"clauses"},
}
FOREIGN_KEY_COLUMN = {"sources": "file", "rules": "id", "documents": "id", "sections": "id", "clauses": "id",
                      "areas": "id", "units": "id", "metrics": "id", "targets": "id"}


# Small tables that are their primary key: stored as the key's b-tree alone (WITHOUT ROWID), not as a rowid table
# plus an index holding the same columns again. Not the tag tables: their other indexes would each carry the whole
# key instead of a rowid, and at 1.1 million clauses they came out 23 MB larger, not smaller.
WITHOUT_ROWID = {"unit_counts", "term_clause_counts", "clause_kinds", "roles", "bases"}
# Foreign keys whose lookups an index led by the same column already serves.
COVERED_FOREIGN_KEYS = {("clauses", "document_id")}  # by (document_id, ordinal)

# A unit's tasks: its tags on clauses that ask something (not titles, headings, 落款 …), leaving out a unit guessed
# from its competence words in the preamble before the first numbered part, which says why the plan exists and asks
# nothing. The one definition behind unit_counts (the units index, a unit's page), the task_tags view (the
# unit_tasks query) and the drafts.
TASK_TAG_CONDITION = (f"clauses.kind not in ({', '.join(repr(k) for k in NOT_TASK_KINDS)}) "
                      f"and (clauses.section_id is not null or clause_units.basis != 'inferred')")
TASK_TAGS_VIEW = "task_tags"


def units_answering_for(conn, unit: str) -> list[str]:
    """``unit`` and the units it took over after a reorganisation (units.successor: 自治区市场监督管理局 answers for
    自治区工商局 and 自治区质监局), whose tasks are found under its name too."""
    return [unit] + [row[0] for row in conn.execute("select id from units where successor = ? and id != ? order by id",
                                                    [unit, unit])]

SCHEMA_VERSION = "15"  # 8: kb_meta records the corpus; 9: the index holds the folded text; 10: unit_counts;
# 11: task_tags, unit_counts and term_clause_counts WITHOUT ROWID, no index of clauses.document_id alone;
# 12: the short tier (clauses_fts_short) and kb_meta average_clause_chars; 13: no short tier, kb_meta
# ranked_index names the ranked index beside the file (kb.ranked); 14: units.successor and successor_since, grammar
# units named by their jurisdiction (甲市市场监督管理局), clause_units.role candidate; 15: the vocabulary tables clause_kinds, roles, bases
FTS_PENDING_BYTES = 64 * 1024 * 1024
META_TABLE = "kb_meta"


def create_schema(db: sqlite_utils.Database, indexes: bool = True) -> None:
    for table, (columns, pk, foreign) in SCHEMA.items():
        sql = db.create_table_sql(
            table, columns, pk=pk, not_null=NOT_NULL.get(table, set()),
            foreign_keys=[(column, other, FOREIGN_KEY_COLUMN[other]) for column, other in foreign.items()])
        db.execute(sql.rstrip().rstrip(";") + (" WITHOUT ROWID" if table in WITHOUT_ROWID else ""))
    # The index text is a spelling of the clause text (kb.search); contentless, so the text is stored once.
    db.execute(f"create virtual table clauses_fts using fts5({', '.join(FTS_COLUMNS)}, content='', "
               f"tokenize='unicode61')")
    # FTS5 writes its pending terms out as a new segment each time they pass 'hashsize' (1 MB by default) and
    # merges segments as they pile up; at a million clauses most of the index work was that merging. With
    # 64 MB, 400,000 clauses were indexed in 2.6 s instead of 5.5 s, for about that much more memory.
    db.execute(f"insert into clauses_fts(clauses_fts, rank) values ('hashsize', {FTS_PENDING_BYTES})")
    db[META_TABLE].create({"key": str, "value": str}, pk="key")
    for table, rows in vocabulary_rows().items():
        db[table].insert_all(rows)
    db.execute(f"create view {TASK_TAGS_VIEW} as select clause_units.*, clauses.document_id, clauses.item_id, "
               f"clauses.ordinal from clause_units join clauses on clauses.id = clause_units.clause_id "
               f"where {TASK_TAG_CONDITION}")
    if indexes:
        create_indexes(db)


FILED_DOCUMENT_COLUMNS = ["source_file", "id", "title", "doc_number", "aliases", "content_sha256"]


def create_indexes(db: sqlite_utils.Database) -> None:
    # Made after a bulk load, which is faster than keeping them up to date row by row.
    for table, (columns, pk, foreign) in SCHEMA.items():
        for column in foreign:
            if column != (pk[0] if isinstance(pk, tuple) else pk) and (table, column) not in COVERED_FOREIGN_KEYS:
                # a primary key is indexed already
                db[table].create_index([column], if_not_exists=True)
    db["clauses"].create_index(["document_id", "ordinal"], unique=True, if_not_exists=True)
    # What kb add's duplicate checks read of every filed document (kb.add), without reading past the documents'
    # text: content_sha256 comes after text and original_text, so the table itself is read overflow page by
    # overflow page, 2 s for 20,000 documents when the file is not in the page cache.
    db["documents"].create_index(FILED_DOCUMENT_COLUMNS, index_name="documents_filed", if_not_exists=True)
    db["citations"].create_index(["number_key"], if_not_exists=True)
    db["citations"].create_index(["title_key"], if_not_exists=True)


def columns_of(table: str) -> list[str]:
    return list(SCHEMA[table][0])


def rows_of(table: str, objects, **extra: list) -> list[tuple]:
    """Rows for ``table`` from dataclass objects (attributes named like the columns) and extra column values,
    one list per column, aligned with ``objects``; missing columns are NULL."""
    columns = columns_of(table)
    rows = []
    for n, obj in enumerate(objects):
        values = vars(obj)
        rows.append(tuple(extra[c][n] if c in extra else values.get(c) for c in columns))
    return rows


def _json(values) -> str | None:
    return json.dumps(values, ensure_ascii=False) if values else None


def document_row(document: DocumentRecord) -> tuple:
    values = dict(vars(document), text_available=int(document.text_available), sha256=document.sha256,
                  content_sha256=content_key(document.text) if document.text is not None else None,
                  char_count=len(document.text) if document.text is not None else None,
                  addressees=_json(document.addressees), aliases=_json(document.aliases),
                  attachments=_json(document.attachments))
    return tuple(values.get(c) for c in columns_of("documents"))


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
        self._thread.join()
        self.path.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        import fcntl

        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()


def corpus_of(db: Path) -> str | None:
    """The corpus a KB was built from (kb_meta ``corpus``: the folder's resolved path), or None when the file is no
    KB or predates the record."""
    import sqlite3

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


def rules_fingerprint(rules_dir: Path) -> str:
    """What the KB's tags were made with: every rules file, byte for byte, and the schema version."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in sorted(Path(rules_dir).glob("*.yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _register_index_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("kb_term_of_token", 1, term_of_token, deterministic=True)
    conn.create_function("kb_index_unigrams", 1, unigram_column, deterministic=True)
    conn.create_function("kb_index_bigrams", 1, bigram_column, deterministic=True)


def remove_stale_temps(out: Path) -> list[Path]:
    """Temp files of builds that were killed: their process is gone."""
    removed = []
    for candidate in out.parent.glob(f".{out.name}.tmp-*"):
        if is_stale_temp(candidate):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


CLAUSE_TEXT = columns_of("clauses").index("text")
CLAUSE_DOCUMENT = columns_of("clauses").index("document_id")

# Tables in the order rows must go in, so every foreign key points at a row already there.
WRITE_ORDER = ("sources", "documents", "sections", "clauses", "areas", "clause_areas", "clause_units", "targets",
               "target_links", "citations")


class KBWriter:
    """Writes a KB in batches. A new KB goes into a temp file beside ``out`` that replaces ``out`` only on
    ``commit``; an existing KB (``open_existing``) is changed inside one transaction. Leaving the ``with``
    block without ``commit`` (an error, a kill) leaves the previous KB as it was."""

    def __init__(self, out: Path, rules: list[RuleRecord] = (), areas: list = (), units: list = (),
                 metrics: list = (), fingerprint: str = "", *, _existing: sqlite3.Connection | None = None):
        self.out = Path(out)
        self.committed = False
        self.copy: KBCopy | None = None  # an update's copy of the KB, renamed over it on commit
        self.touched_units: set[str] = set()  # an update's units whose counts change
        # A new KB counts its index terms from the finished index; an update keeps the counts by what it changes.
        self.term_changes: Counter | None = Counter() if _existing is not None else None
        # The ranked index beside the KB (kb.ranked), written alongside; an update records what it changes, which
        # names the new index.
        self.ranked: ranked.RankedIndexWriter | None = None
        self.ranked_base: str | None = None
        self.ranked_deleted: list[str] = []
        self.ranked_added: dict[str, list[int]] = {}
        if _existing is not None:
            self.temp, self.conn = None, _existing
            self.next_rowid = (self.conn.execute("select max(rowid) from clauses").fetchone()[0] or 0) + 1
            self.conn.execute("begin")
            return
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.out)
        self.temp = temp_path_for(self.out)
        self.temp.unlink(missing_ok=True)
        self.conn = sqlite3.connect(self.temp, isolation_level=None)
        # The temp file is thrown away unless the build completes, so it needs no journal while it is written.
        self.conn.execute("pragma journal_mode = off")
        self.conn.execute("pragma synchronous = off")
        self.conn.execute("pragma cache_size = -65536")
        _register_index_functions(self.conn)
        db = sqlite_utils.Database(self.conn)
        create_schema(db, indexes=False)
        self.next_rowid = 1
        self.ranked = ranked.RankedIndexWriter(self.out)
        self.conn.execute("begin")
        self._insert("rules", [tuple(asdict(r).values()) for r in rules])
        self._insert("areas", [(a.id, a.name, a.kind, a.parent_id, None, a.rule_id) for a in areas])
        self._insert("units", [(u.name, u.level, u.kind, u.jurisdiction, _json(u.aliases), _json(u.competences),
                                "lexicon", u.successor, u.successor_since) for u in units])
        self._insert("metrics", [(m.id, m.description, _json(m.names), m.unit) for m in metrics])
        self._insert(META_TABLE, [("schema_version", SCHEMA_VERSION), ("rules_fingerprint", fingerprint)])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(f"insert or replace into {META_TABLE} (key, value) values (?, ?)", [key, value])

    @classmethod
    def open_existing(cls, db: Path, fingerprint: str, copy: KBCopy | None = None) -> "KBWriter | None":
        """A writer that updates ``db`` copy-on-write, or None when ``db`` was built with other rules or schema.

        The KB is copied beside itself and the copy is changed; ``commit`` renames the copy over ``db``. The file
        a reader (``kb serve``, immutable) has open is never written: it keeps its old snapshot, and a failure
        leaves ``db`` as it was. ``copy``: a copy already under way (KBCopy), else one is made here."""
        db = Path(db)
        if not db.exists():
            if copy is not None:
                copy.discard()
            return None
        try:
            check = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                meta = dict(check.execute(f"select key, value from {META_TABLE}").fetchall())
            finally:
                check.close()
        except sqlite3.DatabaseError:
            meta = {}
        if meta.get("schema_version") != SCHEMA_VERSION or meta.get("rules_fingerprint") != fingerprint:
            if copy is not None:
                copy.discard()
            return None
        copy = copy or KBCopy(db)
        try:
            conn = sqlite3.connect(copy.ready(), isolation_level=None)
            # The copy is thrown away unless the update completes: no journal while it is written.
            conn.execute("pragma journal_mode = off")
            conn.execute("pragma synchronous = off")
        except BaseException:
            copy.discard()
            raise
        _register_index_functions(conn)
        writer = cls(db, _existing=conn)
        writer.copy = copy
        writer.ranked_base = ranked.key_of(conn)
        if writer.ranked_base and (ranked.folder_of(db) / writer.ranked_base / "meta.json").is_file():
            try:
                writer.ranked = ranked.RankedIndexWriter(db, writer.ranked_base, heap=ranked.UPDATE_HEAP_BYTES)
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

    def _insert(self, table: str, rows: list[tuple], columns: list[str] | None = None, verb: str = "insert"):
        if not rows:
            return
        columns = columns or ([c for c in SCHEMA[table][0]] if table in SCHEMA else ["key", "value"])
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({marks})",
                              rows)

    def add(self, tables: dict[str, list[tuple]], fts: list[tuple[str, str]]):
        """Rows of some documents (kb.build.FileRows.tables), and the index text of their clauses."""
        for table in WRITE_ORDER:
            rows = tables.get(table)
            if not rows:
                continue
            if table == "clauses":
                if self.term_changes is not None:
                    for row in rows:
                        self.term_changes.update(index_terms(row[CLAUSE_TEXT]))
                first = self.next_rowid
                self.next_rowid += len(rows)
                self._insert("clauses", [(first + n,) + row for n, row in enumerate(rows)],
                             ["rowid"] + columns_of("clauses"))
                self._insert("clauses_fts", [(first + n, u, b) for n, (u, b) in enumerate(fts)],
                             ["rowid", *FTS_COLUMNS])
                for n, (row, (u, b)) in enumerate(zip(rows, fts)):
                    if self.ranked is not None:
                        self.ranked.add(first + n, row[CLAUSE_DOCUMENT], u, b)
                    if self.term_changes is not None:  # an update: its key names the rowids it adds
                        span = self.ranked_added.setdefault(row[CLAUSE_DOCUMENT], [first + n, 0])
                        span[1] += 1
            else:
                if table == "clause_units" and self.term_changes is not None:
                    self.touched_units.update(row[1] for row in rows)
                self._insert(table, rows)

    def add_named_units(self, units) -> None:
        """Units found by the form of their name, not listed in rules/: (name, level, kind, jurisdiction, alias)."""
        self._insert("units", [(name, level, kind, jurisdiction, _json([alias]), None, "grammar")
                               for name, level, kind, jurisdiction, alias in units],
                     ["id", "level", "kind", "jurisdiction", "aliases", "competences", "found_by"],
                     verb="insert or ignore")

    def delete_document(self, document_id: str) -> None:
        """A document and everything made from it, its index entries included."""
        clauses = "select id from clauses where document_id = :d"
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
            f"select distinct unit_id from clause_units where clause_id in ({clauses})", {"d": document_id}))
        for table in ("citations", "target_links", "clause_units", "clause_areas"):
            self.conn.execute(f"delete from {table} where clause_id in ({clauses})", {"d": document_id})
        self.conn.execute("delete from target_links where target_id in "
                          "(select id from targets where document_id = :d)", {"d": document_id})
        self.conn.execute("delete from targets where document_id = :d", {"d": document_id})
        self.conn.execute("delete from areas where section_id in (select id from sections where document_id = :d)",
                          {"d": document_id})
        self.conn.execute("delete from clauses where document_id = :d", {"d": document_id})
        self.conn.execute("delete from sections where document_id = :d", {"d": document_id})
        self.conn.execute("delete from documents where id = :d", {"d": document_id})

    def delete_file(self, name: str) -> None:
        for (document_id,) in self.conn.execute("select id from documents where source_file = ?", [name]).fetchall():
            self.delete_document(document_id)
        self.conn.execute("delete from sources where file = ?", [name])

    check_foreign_keys = True

    def _stamp_content(self) -> None:
        # What the KB holds, in one digest (documents by id and text digest): replicas behind a load balancer
        # show which KB each serves (/kb/kb_meta.json), and the same corpus still gives the same file.
        digest = hashlib.sha256()
        for document_id, sha256 in self.conn.execute("select id, coalesce(sha256, '') from documents order by id"):
            digest.update(f"{document_id}\t{sha256}\n".encode("utf-8"))
        self.set_meta("content_sha256", digest.hexdigest())

    def _count_units(self) -> None:
        count = (f"select unit_id, role, basis, count(*) from clause_units join clauses on clauses.id = "
                 f"clause_units.clause_id where {TASK_TAG_CONDITION}")
        if self.term_changes is None:  # a new KB: every unit
            self.conn.execute(f"insert into unit_counts (unit_id, role, basis, clauses) {count} group by 1, 2, 3")
            return
        touched = sorted(self.touched_units)
        for start in range(0, len(touched), 500):
            part = touched[start:start + 500]
            marks = ",".join("?" * len(part))
            self.conn.execute(f"delete from unit_counts where unit_id in ({marks})", part)
            self.conn.execute(f"insert into unit_counts (unit_id, role, basis, clauses) {count} "
                              f"and unit_id in ({marks}) group by 1, 2, 3", part)
            # A unit known only by the form of its name lives as long as a clause names it, as in a full build.
            self.conn.execute(f"delete from units where found_by = 'grammar' and id in ({marks}) and not exists "
                              f"(select 1 from clause_units where unit_id = units.id)", part)

    def commit(self) -> None:
        self._count_units()
        self._stamp_content()
        violations = self.conn.execute("pragma foreign_key_check").fetchall() if self.check_foreign_keys else []
        if violations:
            raise RuntimeError(f"foreign key violations: {violations[:5]}")
        if self.temp is None:
            self._apply_term_changes()
            key = self._finish_ranked()
            self.conn.execute("commit")
            self.conn.execute("pragma journal_mode = delete")
            self.conn.close()
            if self.copy is not None:
                with open(self.copy.path, "rb+") as handle:
                    os.fsync(handle.fileno())
                os.replace(self.copy.path, self.out)
                self.copy.release()
            self.committed = True
            ranked.prune(self.out, key)
            return
        self._count_terms_from_index()
        key = self._finish_ranked()
        create_indexes(sqlite_utils.Database(self.conn))
        self.conn.execute("commit")
        self.conn.execute("pragma journal_mode = delete")
        self.conn.close()
        with open(self.temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.temp, self.out)
        self.committed = True
        ranked.prune(self.out, key)

    def _finish_ranked(self) -> str:
        # The ranked index is finished (renamed to its key) before the KB that names it: a reader of the new KB
        # finds it, and a failure after this leaves only a folder no KB names, removed by the next prune.
        meta = dict(self.conn.execute(f"select key, value from {META_TABLE} "
                                      f"where key in ('rules_fingerprint', 'content_sha256')"))
        if self.temp is not None:
            key = ranked.build_key(meta.get("rules_fingerprint", ""), meta.get("content_sha256", ""))
        else:
            key = ranked.update_key(self.ranked_base or "", self.ranked_deleted,
                                    [(d, first, count) for d, (first, count) in self.ranked_added.items()])
        self.set_meta(ranked.META_KEY, key)
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

    def rollback(self) -> None:
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
        if self.ranked is not None:
            self.ranked.discard()
            self.ranked = None
