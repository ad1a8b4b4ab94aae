"""The SQLite knowledge base: schema (explicit types, keys, indexes) and an atomic write.

The tables are the product's public API (design.md). The build writes a new file beside the old one and
renames it over the old one only when everything is in, so a failed or killed build leaves the previous KB.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict
from pathlib import Path

import sqlite_utils

from .corpus import DocumentRecord, SourceRecord
from .rules import RuleRecord
from .search import FTS_COLUMNS, bigram_column, unigram_column
from .structure import Clause, Section

SCHEMA = {
    "sources": ({"file": str, "sha256": str, "encoding": str, "bytes": int, "published_at": str,
                 "page_stamp": str, "script": str, "extracted_from_file": str, "extracted_from_format": str,
                 "extracted_from_sha256": str}, "file", {}),
    "rules": ({"id": str, "file": str, "kind": str, "pattern": str, "description": str}, "id", {}),
    "documents": ({"id": str, "title": str, "doc_number": str, "issuer": str, "issued_date": str,
                   "published_at": str, "kind": str, "level": str, "jurisdiction": str, "parent_id": str, "source_url": str,
                   "source_file": str, "text_available": int, "sha256": str, "char_count": int,
                   "addressees": str, "aliases": str, "attachments": str, "script": str, "text": str,
                   "original_text": str}, "id",
                  {"parent_id": "documents", "source_file": "sources"}),
    "sections": ({"id": str, "document_id": str, "parent_id": str, "level": int, "number": str, "heading": str,
                  "kind": str, "ordinal": int, "rule_id": str, "path_label": str, "char_start": int,
                  "char_end": int}, "id",
                 {"document_id": "documents", "parent_id": "sections", "rule_id": "rules"}),
    "clauses": ({"id": str, "document_id": str, "section_id": str, "paragraph": int, "sentence": int,
                 "ordinal": int, "kind": str, "modality": str, "modality_rule_id": str, "text": str,
                 "char_start": int, "char_end": int, "line": int, "original_text": str},
                "id", {"document_id": "documents", "section_id": "sections", "modality_rule_id": "rules"}),
    "areas": ({"id": str, "name": str, "kind": str, "parent_id": str, "section_id": str, "rule_id": str}, "id",
              {"parent_id": "areas", "section_id": "sections", "rule_id": "rules"}),
    "clause_areas": ({"clause_id": str, "area_id": str, "rule_id": str, "span_start": int, "span_end": int,
                      "matched": str}, ("clause_id", "area_id", "rule_id"),
                     {"clause_id": "clauses", "area_id": "areas", "rule_id": "rules"}),
    "units": ({"id": str, "level": str, "kind": str, "jurisdiction": str, "aliases": str, "competences": str},
              "id", {}),
    "clause_units": ({"clause_id": str, "unit_id": str, "role": str, "basis": str, "rule_id": str,
                      "span_start": int, "span_end": int, "matched": str, "reason": str},
                     ("clause_id", "unit_id", "role", "basis"),
                     {"clause_id": "clauses", "unit_id": "units", "rule_id": "rules"}),
    "metrics": ({"id": str, "description": str, "names": str, "unit": str}, "id", {}),
    "targets": ({"id": str, "document_id": str, "clause_id": str, "metric": str, "wording": str, "value": float,
                 "unit": str, "comparator": str, "year": int, "period": str, "baseline": str, "growth": str,
                 "rule_id": str, "span_start": int, "span_end": int}, "id",
                {"document_id": "documents", "clause_id": "clauses", "metric": "metrics", "rule_id": "rules"}),
    "target_links": ({"target_id": str, "clause_id": str, "rule_id": str, "score": float, "matched": str,
                      "span_start": int, "span_end": int}, ("target_id", "clause_id"),
                     {"target_id": "targets", "clause_id": "clauses", "rule_id": "rules"}),
    "citations": ({"id": str, "clause_id": str, "cited_title": str, "cited_number": str, "document_id": str,
                   "resolved_by": str, "rule_id": str, "span_start": int, "span_end": int}, "id",
                  {"clause_id": "clauses", "document_id": "documents", "rule_id": "rules"}),
}
NOT_NULL = {
    "documents": {"title", "text_available"},
    "sections": {"document_id", "level", "kind", "ordinal"},
    "clauses": {"document_id", "ordinal", "kind", "text", "char_start", "char_end"},
    "rules": {"file", "kind"},
}
FOREIGN_KEY_COLUMN = {"sources": "file", "rules": "id", "documents": "id", "sections": "id", "clauses": "id",
                      "areas": "id", "units": "id", "metrics": "id", "targets": "id"}


def create_schema(db: sqlite_utils.Database) -> None:
    for table, (columns, pk, foreign) in SCHEMA.items():
        db[table].create(
            columns, pk=pk, not_null=NOT_NULL.get(table, set()),
            foreign_keys=[(column, other, FOREIGN_KEY_COLUMN[other]) for column, other in foreign.items()])
        for column in foreign:
            if column != (pk[0] if isinstance(pk, tuple) else pk):  # a primary key is indexed already
                db[table].create_index([column])
    db["clauses"].create_index(["document_id", "ordinal"], unique=True)
    # The index text is a spelling of the clause text (kb.search); contentless, so the text is stored once.
    db.execute(f"create virtual table clauses_fts using fts5({', '.join(FTS_COLUMNS)}, content='', "
               f"tokenize='unicode61')")


def _document_row(document: DocumentRecord) -> dict:
    row = {key: value for key, value in asdict(document).items() if key in SCHEMA["documents"][0]}
    row.update(text_available=int(document.text_available), sha256=document.sha256,
               char_count=len(document.text) if document.text is not None else None,
               addressees=_json(document.addressees),
               aliases=_json(document.aliases), attachments=_json(document.attachments))
    return row


def _parents_first(documents: list[DocumentRecord]) -> list[DocumentRecord]:
    # A foreign key to documents.id must point at a row already written.
    by_id = {d.id: d for d in documents}
    ordered, placed = [], set()

    def place(document):
        if document.id in placed:
            return
        placed.add(document.id)
        if document.parent_id in by_id:
            place(by_id[document.parent_id])
        ordered.append(document)

    for document in documents:
        place(document)
    return ordered


def _json(values) -> str | None:
    return json.dumps(values, ensure_ascii=False) if values else None


def write_kb(db: sqlite_utils.Database, sources: list[SourceRecord], rules: list[RuleRecord],
             documents: list[DocumentRecord], sections: list[Section], clauses: list[Clause],
             modalities: dict[str, tuple[str, str | None]] | None = None, areas: list = (), area_tags: list = (),
             units: list = (), unit_tags: list = (), metrics: list = (), targets: list = (),
             target_links: list = (), citations: list = ()) -> None:
    """Write everything into an empty database, in a deterministic order."""
    create_schema(db)
    modalities = modalities or {}
    originals = {d.id: d.original_text for d in documents if d.original_text is not None}

    def original(clause: Clause) -> str | None:
        text = originals.get(clause.document_id)
        return text[clause.char_start:clause.char_end] if text is not None else None

    with db.conn:
        db["sources"].insert_all((asdict(s) for s in sources))
        db["rules"].insert_all((asdict(r) for r in rules))
        db["documents"].insert_all((_document_row(d) for d in _parents_first(documents)))
        db["sections"].insert_all((asdict(s) for s in sections))
        db["clauses"].insert_all(
            (dict(asdict(c), modality=modalities.get(c.id, (None, None))[0],
                  modality_rule_id=modalities.get(c.id, (None, None))[1], original_text=original(c))
             for c in clauses))
        db["areas"].insert_all(areas)
        db["clause_areas"].insert_all((asdict(t) for t in area_tags))
        db["units"].insert_all(({"id": u.name, "level": u.level, "kind": u.kind, "jurisdiction": u.jurisdiction,
                                 "aliases": _json(u.aliases),
                                 "competences": _json(u.competences)} for u in units))
        db["clause_units"].insert_all(
            (dict(clause_id=t.clause_id, unit_id=t.unit, role=t.role, basis=t.basis, rule_id=t.rule_id,
                  span_start=t.span_start, span_end=t.span_end, matched=t.matched, reason=t.reason)
             for t in unit_tags))
        db["metrics"].insert_all(({"id": m.id, "description": m.description, "names": _json(m.names),
                                   "unit": m.unit} for m in metrics))
        db["targets"].insert_all((asdict(t) for t in targets))
        db["target_links"].insert_all((asdict(link) for link in target_links))
        db["citations"].insert_all((asdict(c) for c in citations))
        db.execute(f"insert into clauses_fts(rowid, {', '.join(FTS_COLUMNS)}) "
                   f"select rowid, kb_index_unigrams(text), kb_index_bigrams(text) from clauses")


def _register_index_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("kb_index_unigrams", 1, unigram_column, deterministic=True)
    conn.create_function("kb_index_bigrams", 1, bigram_column, deterministic=True)


def temp_path_for(out: Path) -> Path:
    return out.with_name(f".{out.name}.tmp-{os.getpid()}")


def remove_stale_temps(out: Path) -> list[Path]:
    """Temp files of builds that were killed: their process is gone."""
    removed = []
    for candidate in out.parent.glob(f".{out.name}.tmp-*"):
        pid = candidate.name.rsplit("-", 1)[-1]
        alive = False
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), 0)
                alive = True
            except ProcessLookupError:
                alive = False
            except PermissionError:
                alive = True
        if not alive:
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def write_atomically(out: Path, **tables) -> None:
    """Build the KB in a temp file beside ``out`` and rename it over ``out`` only when complete."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out)
    temp = temp_path_for(out)
    temp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(temp)
        try:
            conn.execute("pragma foreign_keys = on")
            _register_index_functions(conn)
            db = sqlite_utils.Database(conn)
            write_kb(db, **tables)
            violations = conn.execute("pragma foreign_key_check").fetchall()
            if violations:
                raise RuntimeError(f"foreign key violations: {violations[:5]}")
            conn.execute("vacuum")
        finally:
            conn.close()
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
