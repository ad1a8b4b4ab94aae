"""The KB's schema: its tables with explicit types, primary and foreign keys and indexes, the task condition
(``TASK_TAG_CONDITION``, the ``task_tags`` view), the rows of each table, and the kb_meta table.

The tables are the product's public API (design.md): their names and columns stay; ``SCHEMA_VERSION`` changes
with them, and a KB of another version is rebuilt, never updated.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import sqlite_utils

from ..corpus import DocumentRecord
from ..normalize import content_key
from ..index_text import FTS_COLUMNS
from ..vocabulary import NOT_TASK_KINDS, vocabulary_rows

SCHEMA = {
    "sources": ({"file": str, "sha256": str, "encoding": str, "bytes": int, "published_at": str,
                 "page_stamp": str, "furniture": str, "script": str, "extracted_from_file": str, "extracted_from_format": str,
                 "extracted_from_sha256": str, "content_sha256": str, "body_sha256": str}, "file", {}),
    "rules": ({"id": str, "file": str, "kind": str, "pattern": str, "description": str}, "id", {}),
    "documents": ({"id": str, "title": str, "doc_number": str, "issuer": str, "issued_date": str,
                   "published_at": str, "kind": str, "level": str, "jurisdiction": str, "parent_id": str, "source_url": str,
                   "source_file": str, "text_available": int, "sha256": str, "char_count": int,
                   "addressees": str, "aliases": str, "attachments": str, "implements": str, "script": str, "text": str,
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
    # A document carrying another down (kb.align): how the link was found (kb.vocabulary IMPLEMENTS_HOW_LABELS) and
    # the clause that says so (null for a parent_id or a sidecar's implements key).
    "implements": ({"child_id": str, "parent_id": str, "how": str, "clause_id": str, "rule_id": str},
                   ("child_id", "parent_id"),
                   {"child_id": "documents", "parent_id": "documents", "clause_id": "clauses", "rule_id": "rules"}),
    # A parent task and a child clause carrying it (aligned), a parent task no child clause carries
    # (unimplemented: child_clause_id null), a child task with no parent task (new: parent_clause_id null).
    "task_alignments": ({"id": int, "child_document_id": str, "parent_document_id": str, "parent_clause_id": str,
                         "child_clause_id": str, "status": str, "score": float, "rule_id": str, "reasons": str},
                        "id", {"child_document_id": "documents", "parent_document_id": "documents",
                               "parent_clause_id": "clauses", "child_clause_id": "clauses", "rule_id": "rules"}),
    # A parent's target beside the child's target of the same indicator (child_target_id null: the child sets none).
    "target_comparisons": ({"parent_target_id": str, "child_target_id": str, "parent_document_id": str,
                            "child_document_id": str, "comparison": str, "rule_id": str},
                           ("parent_target_id", "child_document_id"),
                           {"parent_target_id": "targets", "child_target_id": "targets",
                            "parent_document_id": "documents", "child_document_id": "documents", "rule_id": "rules"}),
    # A unit a parent task names (lead or cooperate) and its counterpart at the child's level (kb.align.counterparts:
    # 国家知识产权局 → 东岚省知识产权局), as printed in the parent (name); unit is a units.id when the KB holds it.
    "unit_counterparts": ({"child_document_id": str, "parent_document_id": str, "parent_unit_id": str, "name": str,
                           "unit": str, "rule_id": str},
                          ("child_document_id", "parent_document_id", "parent_unit_id", "name"),
                          {"child_document_id": "documents", "parent_document_id": "documents",
                           "parent_unit_id": "units", "rule_id": "rules"}),
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
    "implements": {"how"},
    "task_alignments": {"child_document_id", "parent_document_id", "status"},
    "target_comparisons": {"parent_document_id", "comparison"},
    "unit_counterparts": {"unit", "rule_id"},
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


SCHEMA_VERSION = "17"  # 8: kb_meta records the corpus; 9: the index holds the folded text; 10: unit_counts;
# 11: task_tags, unit_counts and term_clause_counts WITHOUT ROWID, no index of clauses.document_id alone;
# 12: the short tier (clauses_fts_short) and kb_meta average_clause_chars; 13: no short tier, kb_meta
# ranked_index names the ranked index beside the file (kb.ranked); 14: units.successor and successor_since, grammar
# units named by their jurisdiction (甲市市场监督管理局), clause_units.role candidate; 15: the vocabulary tables clause_kinds, roles, bases;
# 16: implements, task_alignments, target_comparisons (kb.align); 17: unit_counterparts, the basis parent
FTS_PENDING_BYTES = 64 * 1024 * 1024
META_TABLE = "kb_meta"


def create_schema(db: sqlite_utils.Database, indexes: bool = True) -> None:
    """Create every table of SCHEMA (WITHOUT ROWID where listed), the contentless FTS5 index, kb_meta, the
    vocabulary's rows and the task_tags view in the empty database ``db``; ``indexes``: also the indexes (a bulk
    load makes them after the rows, with ``create_indexes``)."""
    for table, (columns, pk, foreign) in SCHEMA.items():
        sql = db.create_table_sql(
            table, columns, pk=pk, not_null=NOT_NULL.get(table, set()),
            foreign_keys=[(column, other, FOREIGN_KEY_COLUMN[other]) for column, other in foreign.items()])
        db.execute(sql.rstrip().rstrip(";") + (" WITHOUT ROWID" if table in WITHOUT_ROWID else ""))
    # The index text is a spelling of the clause text (kb.index_text); contentless, so the text is stored once.
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
    """Create the indexes of ``db``'s tables (foreign keys not already covered, and the lookups named below); a
    no-op for those that exist."""
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
    """The columns of ``table`` in SCHEMA's order (KeyError for a table not in SCHEMA)."""
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


def json_value(values) -> str | None:
    """A list or dict as a JSON column value (Chinese as written), None when empty."""
    return json.dumps(values, ensure_ascii=False) if values else None


def document_row(document: DocumentRecord) -> tuple:
    """The documents row of ``document``, in SCHEMA's column order: lists as JSON, char_count and
    content_sha256 of its text (None when only its facts are registered)."""
    values = dict(vars(document), text_available=int(document.text_available), sha256=document.sha256,
                  content_sha256=content_key(document.text) if document.text is not None else None,
                  char_count=len(document.text) if document.text is not None else None,
                  addressees=json_value(document.addressees), aliases=json_value(document.aliases),
                  attachments=json_value(document.attachments), implements=json_value(document.implements))
    return tuple(values.get(c) for c in columns_of("documents"))


def rules_fingerprint(rules_dir: Path) -> str:
    """What the KB's tags were made with: every rules file, byte for byte, and the schema version."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in sorted(Path(rules_dir).glob("*.yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


CLAUSE_TEXT = columns_of("clauses").index("text")
CLAUSE_DOCUMENT = columns_of("clauses").index("document_id")

# Tables in the order rows must go in, so every foreign key points at a row already there.
WRITE_ORDER = ("sources", "documents", "sections", "clauses", "areas", "clause_areas", "clause_units", "targets",
               "target_links", "citations")


def set_meta(conn, key: str, value: str) -> None:
    """Set one kb_meta row (``key`` → ``value``), in the connection's transaction."""
    conn.execute(f"insert or replace into {META_TABLE} (key, value) values (?, ?)", [key, value])


def insert_rows(conn, table: str, rows: list[tuple], columns: list[str] | None = None, verb: str = "insert") -> None:
    """Insert ``rows`` (tuples in the order of ``columns``, by default the table's SCHEMA columns; kb_meta's are
    key and value) into ``table``; ``verb``: "insert", "insert or ignore", …"""
    if not rows:
        return
    columns = columns or ([c for c in SCHEMA[table][0]] if table in SCHEMA else ["key", "value"])
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({marks})", rows)
