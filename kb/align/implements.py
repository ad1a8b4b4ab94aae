"""Which document carries which down (the ``implements`` table): a citation after an implementing cue (根据《…》,
贯彻落实…), a notice that forwards or issues the cited document, a notice's parent link and a sidecar's
``implements`` key (rules/align.yml).

A citation of a document whose text the KB does not hold still links: that parent's tasks are simply none until
its text is filed.
"""
from __future__ import annotations

import json
import sqlite3

from ..rule_models.align import AlignFile


def citation_links(conn: sqlite3.Connection, rules: AlignFile) -> dict[tuple[str, str], tuple[str, str | None, str]]:
    """{(child, parent): (how, clause_id, rule_id)} of the citations whose clause text before the citation ends with
    a cue of ``rules.citation_cues`` (one not ``anywhere`` only in the preamble: a clause of no numbered part); a
    document citing itself, or a document it issues (为贯彻落实《A》,现将《B》印发给你们: the notice issues B, it does not
    carry B down), is not a link. The first clause (by document order) that says so is kept."""
    links: dict[tuple[str, str], tuple[str, str | None, str]] = {}
    rows = conn.execute(
        "select clauses.document_id, citations.document_id, clauses.id, clauses.text, citations.span_start - "
        "clauses.char_start, clauses.section_id is null from citations join clauses on clauses.id = citations.clause_id "
        "where citations.document_id is not null and citations.document_id != clauses.document_id "
        "and coalesce((select parent_id from documents where documents.id = citations.document_id), '') "
        "!= clauses.document_id order by clauses.document_id, clauses.ordinal, citations.span_start")
    for child, parent, clause_id, text, offset, preamble in rows:
        if (child, parent) in links:
            continue
        before = text[:max(0, min(offset or 0, len(text)))]
        for cue in rules.citation_cues:
            if (cue.anywhere or preamble) and cue.before.search(before):
                links[(child, parent)] = ("citation", clause_id, cue.id)
                break
    return links


def sidecar_links(conn: sqlite3.Connection, rules: AlignFile) -> dict[tuple[str, str], tuple[str, None, str]]:
    """{(child, parent): ("sidecar", None, rule_id)} of the documents' ``implements`` lists (a parent id the KB
    does not hold is left out)."""
    known = {row[0] for row in conn.execute("select id from documents")}
    links = {}
    for child, listed in conn.execute("select id, implements from documents where implements is not null"):
        for parent in json.loads(listed):
            if parent in known and parent != child:
                links[(child, parent)] = ("sidecar", None, rules.sidecar.id)
    return links


def find_links(conn: sqlite3.Connection, rules: AlignFile) -> dict[tuple[str, str], tuple[str, str | None, str]]:
    """Every implements row of the KB: {(child, parent): (how, clause_id, rule_id)}. A sidecar's word wins over a
    citation (a person said so), a citation over what follows from a notice: a document citing a notice that issues
    others carries those down too (forwards, the citing clause kept), and the documents a notice issues carry down
    what the notice does (parent_id)."""
    links = citation_links(conn, rules)
    links.update(sidecar_links(conn, rules))
    issued: dict[str, list[str]] = {}
    for document_id, parent_id in conn.execute("select id, parent_id from documents where parent_id is not null "
                                               "order by id"):
        issued.setdefault(parent_id, []).append(document_id)
    derived = {}
    for (child, parent), (_how, clause_id, _rule) in sorted(links.items()):
        for document_id in issued.get(parent, []):
            if document_id != child:
                derived[(child, document_id)] = ("forwards", clause_id, rules.forwards.id)
        for document_id in issued.get(child, []):
            if document_id != parent:
                derived[(document_id, parent)] = ("parent_id", None, rules.parent_id.id)
    for key, value in derived.items():
        links.setdefault(key, value)
    return links


def aligned_pairs(conn: sqlite3.Connection, links) -> list[tuple[str, str]]:
    """The (child, parent) links whose tasks are lined up: those not already covered by a link of the notices that
    issue them (a notice's tasks are its own and its issued documents', so (plan, issued plan) is lined up once, as
    (plan, notice))."""
    parent_of = dict(conn.execute("select id, parent_id from documents where parent_id is not null"))
    pairs = []
    for child, parent in sorted(links):
        notice_child, notice_parent = parent_of.get(child), parent_of.get(parent)
        if (notice_child, parent) in links or (child, notice_parent) in links or \
                (notice_child, notice_parent) in links:
            continue
        pairs.append((child, parent))
    return pairs
