"""Citations resolved in SQL against every document of the KB: a citation points at the document it names, by
文号 first, then by title (kb.links.CitationReader decides; this module reads and writes the rows).

A build resolves every citation once all documents are in; an update resolves only those a change could move.
"""
from __future__ import annotations

import json
import sqlite3

from .corpus import DocumentRecord
from .links import CitationReader, normalise_title

_CITATIONS = ("select citations.id, cited_title, cited_number, clauses.document_id from citations "
              "join clauses on clauses.id = citations.clause_id")
# An update's citations: those whose 文号 or title key is one of a changed document's, pointing at a changed
# document, or made in one.
_CHANGED = (" where citations.number_key in (select key from kb_changed_keys)"
            " or citations.title_key in (select key from kb_changed_keys)"
            " or citations.document_id in (select id from kb_changed_documents)"
            " or clauses.document_id in (select id from kb_changed_documents)")


def json_list(value: str | None) -> list:
    """A JSON list column's value as a list ([] for NULL)."""
    return json.loads(value) if value else []


def document_keys(reader: CitationReader, documents) -> set[str]:
    """The 文号 and title keys citations are matched on, of some documents: (id, title, doc_number, aliases)."""
    keys = set()
    for _, title, number, aliases in documents:
        if number and reader.number_key(number):
            keys.add(reader.number_key(number))
        keys.update(normalise_title(t) for t in [title] + json_list(aliases) if t)
    return keys


def _mark_changed(conn: sqlite3.Connection, changed_keys: set[str], changed_documents: set[str]) -> None:
    """The temp tables _CHANGED reads, holding just these keys and document ids."""
    conn.execute("create temp table if not exists kb_changed_keys (key text primary key)")
    conn.execute("create temp table if not exists kb_changed_documents (id text primary key)")
    conn.execute("delete from kb_changed_keys")
    conn.execute("delete from kb_changed_documents")
    conn.executemany("insert or ignore into kb_changed_keys values (?)", [(k,) for k in sorted(changed_keys)])
    conn.executemany("insert or ignore into kb_changed_documents values (?)", [(i,) for i in sorted(changed_documents)])


def resolve_citations(conn: sqlite3.Connection, rules, changed_keys: set[str] | None = None,
                      changed_documents: set[str] | None = None) -> int:
    """Point citations at the document each names (by 文号 first, then by title), against every document in the
    KB; a document naming itself (its own title line or 文号) makes no citation. All citations, or (incremental) only
    those that could have changed: matching ``changed_keys``, pointing at or made in ``changed_documents``. Returns
    how many were looked at. ``rules``: the loaded rules (kb.rules), whose citation rules read the names."""
    documents = [DocumentRecord(id=i, title=t, doc_number=n, aliases=json_list(a))
                 for i, t, n, a in conn.execute("select id, title, doc_number, aliases from documents")]
    reader = CitationReader(rules.citations, documents)
    select = _CITATIONS
    if changed_keys is not None:
        _mark_changed(conn, changed_keys, changed_documents or set())
        select += _CHANGED
    updates, own = [], []
    for citation_id, title, number, citing in conn.execute(select).fetchall():
        document_id, how = reader.resolve(title, number)
        if document_id == citing:
            own.append((citation_id,))  # its own title line or 文号: a fact of the document, no citation
            continue
        updates.append((document_id, how, citation_id))
    conn.executemany("update citations set document_id = ?, resolved_by = ? where id = ?", updates)
    conn.executemany("delete from citations where id = ?", own)
    return len(updates) + len(own)
