"""From parent plan to implementing plan: which document carries which down (``implements``), the parent's tasks
lined up with the child's clauses (``task_alignments``) and their targets side by side (``target_comparisons``).

``refresh`` runs at the commit of a build or an update (kb.store.writer ``finishing``), once the search index's
counts are done (term_clause_counts weighs the bigrams): a build lines up every pair, an update the pairs that a
changed document belongs to (as child or parent, or as a document a parent issues) and the pairs newly found.

- ``implements``: the links and how they were found;
- ``lexical``: clause vectors, localising, rarity;
- ``tasks``: a document's tasks;
- ``aligner``: one pair's alignment;
- ``targets``: target comparison.
"""
from __future__ import annotations

import json
import sqlite3

from ..rule_models.align import AlignFile
from ..store.schema import insert_rows
from .aligner import align_tasks
from .implements import aligned_pairs, find_links
from .lexical import Localiser, Rarity
from .targets import compare_targets, targets_of
from .tasks import documents_of, tasks_of

ALIGNMENT_COLUMNS = ["child_document_id", "parent_document_id", "parent_clause_id", "child_clause_id", "status",
                     "score", "rule_id", "reasons"]


def refresh(conn: sqlite3.Connection, rules: AlignFile, changed: set[str] | None = None) -> list[tuple[str, str]]:
    """Make the implements rows again and line up the pairs that need it: all (``changed`` None: a build), or
    those new since the last run or touching a ``changed`` document id (an update). Returns the pairs lined up."""
    old = set(conn.execute("select child_id, parent_id from implements"))
    links = find_links(conn, rules)
    conn.execute("delete from implements")
    insert_rows(conn, "implements", [(child, parent, how, clause_id, rule_id)
                                     for (child, parent), (how, clause_id, rule_id) in sorted(links.items())])
    pairs = aligned_pairs(conn, links)
    if changed is None:
        redo = pairs
    else:
        parents = {row[0] for row in conn.execute(
            f"select parent_id from documents where parent_id is not null and id in "
            f"({','.join('?' * len(changed))})", sorted(changed))} if changed else set()
        touched = set(changed) | parents
        redo = [pair for pair in pairs if pair not in old or pair[0] in touched or pair[1] in touched]
    keep = set(pairs) - set(redo)
    for table in ("task_alignments", "target_comparisons"):
        held = set(conn.execute(f"select distinct child_document_id, parent_document_id from {table}"))
        for child, parent in held - keep:
            conn.execute(f"delete from {table} where child_document_id = ? and parent_document_id = ?",
                         [child, parent])
    rarity = Rarity(conn, rules.alignment)
    for child, parent in redo:
        align_pair(conn, rules, rarity, child, parent)
    return redo


def align_pair(conn: sqlite3.Connection, rules: AlignFile, rarity: Rarity, child: str, parent: str) -> None:
    """Write the task_alignments and target_comparisons rows of one (child, parent) pair. A parent without task
    clauses (a registered reference whose text is not filed) gives none."""
    rule = rules.alignment
    parent_tasks = tasks_of(conn, parent, rule.min_chars)
    if not parent_tasks:
        return
    child_tasks = tasks_of(conn, child, rule.min_chars)
    places = [row[0] for row in conn.execute("select jurisdiction from documents where id in (?, ?) and "
                                             "jurisdiction is not null", [child, parent])]
    links = align_tasks(rule, parent_tasks, child_tasks, Localiser(rule, places), rarity)
    insert_rows(conn, "task_alignments",
                [(child, parent, link.parent_clause_id, link.child_clause_id, link.status, link.score, rule.id,
                  json.dumps(link.reasons, ensure_ascii=False) if link.reasons else None) for link in links],
                ALIGNMENT_COLUMNS)
    aligned: dict[str, set[str]] = {}
    for link in links:
        if link.status == "aligned":
            aligned.setdefault(link.parent_clause_id, set()).add(link.child_clause_id)
    compared = compare_targets(targets_of(conn, documents_of(conn, parent)), targets_of(conn, documents_of(conn, child)),
                               aligned, rules.targets)
    insert_rows(conn, "target_comparisons",
                [(p.id, c.id if c else None, parent, child, comparison, rules.targets.id)
                 for p, c, comparison in compared], verb="insert or ignore")
