"""From parent plan to implementing plan: which document carries which down (``implements``), the parent's tasks
lined up with the child's clauses (``task_alignments``) and their targets side by side (``target_comparisons``).

``refresh`` runs at the commit of a build or an update (kb.store.writer ``finishing``), once the search index's
counts are done (term_clause_counts weighs the bigrams): a build lines up every pair, an update the pairs that a
changed document belongs to (as child or parent, or as a document a parent issues) and the pairs newly found.

- ``implements``: the links and how they were found;
- ``lexical``: localising, rarity, a heading's vector, shared phrases;
- ``vectors``: a document's tasks as one weighted bigram matrix, and the cosines of two;
- ``tasks``: a document's tasks;
- ``aligner``: one pair's alignment;
- ``targets``: target comparison.
"""
from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict

from ..draft.rules import draft_rules_of
from ..places import Places
from ..rule_models.align import AlignFile
from ..store.schema import insert_rows
from .aligner import Side, align_tasks
from .implements import aligned_pairs, find_links
from .lexical import Localiser, Rarity
from .targets import compare_targets, targets_of
from .tasks import documents_of, tasks_of

ALIGNMENT_COLUMNS = ["child_document_id", "parent_document_id", "parent_clause_id", "child_clause_id", "status",
                     "score", "rule_id", "reasons"]


def refresh(conn: sqlite3.Connection, rules: AlignFile, changed: set[str] | None = None,
            places: Places | None = None) -> list[tuple[str, str]]:
    """Make the implements rows again and line up the pairs that need it: all (``changed`` None: a build), or
    those new since the last run or touching a ``changed`` document id (an update). ``places``: the divisions
    (kb.places), so that a document's jurisdiction and those above it are localised. Returns the pairs lined
    up."""
    old = set(conn.execute("select child_id, parent_id from implements"))
    links = find_links(conn, rules)
    conn.execute("delete from implements")
    insert_rows(conn, "implements", [(child, parent, how, clause_id, rule_id)
                                     for (child, parent), (how, clause_id, rule_id) in sorted(links.items())])
    pairs = aligned_pairs(conn, links)
    if changed is None:
        redo = pairs
        for table in ("task_alignments", "target_comparisons"):
            conn.execute(f"delete from {table}")
    else:
        redo = _update_pairs(conn, changed, old, pairs)
    return _align_all(conn, rules, places, redo)


def _update_pairs(conn: sqlite3.Connection, changed: set[str], old: set, pairs: list) -> list[tuple[str, str]]:
    """An update: the pairs to line up again (new, or touching a changed document or the notice that issues
    one), after deleting their rows and those of pairs no longer lined up; the KB's other rows stay as they are,
    so the cost follows the change."""
    marks = ",".join("?" * len(changed))
    parents = {row[0] for row in conn.execute(f"select parent_id from documents where parent_id is not null and "
                                              f"id in ({marks})", sorted(changed))} if changed else set()
    touched = set(changed) | parents
    redo = [pair for pair in pairs if pair not in old or pair[0] in touched or pair[1] in touched]
    before = set(aligned_pairs(conn, dict.fromkeys(old)))
    stale = set(redo) | (before - set(pairs)) | {pair for pair in before if pair[0] in touched or pair[1] in touched}
    for child, parent in sorted(stale):
        for table in ("task_alignments", "target_comparisons"):
            conn.execute(f"delete from {table} where child_document_id = ? and parent_document_id = ?",
                         [child, parent])
    return redo


def _align_all(conn: sqlite3.Connection, rules: AlignFile, places: Places | None, redo: list) \
        -> list[tuple[str, str]]:
    sides = _Sides(conn, rules, places)
    for child, parent in sorted(redo, key=lambda pair: (pair[1], pair[0])):  # a parent's pairs one after another
        align_pair(conn, rules, sides, child, parent)
    return redo


class _Sides:
    """Each document's tasks, localised and weighted once per run (kb.align.aligner.Side), the last few kept. A
    document is localised with its own jurisdiction and the divisions above it (东岚省 in a 青漳市 plan), a
    fact of the document alone: its Side is the same in every pair, and an update that adds a pair leaves the
    document's other pairs as a build makes them."""

    KEEP = 64  # Sides kept: a parent's pairs come one after another, so its Side is made once

    def __init__(self, conn: sqlite3.Connection, rules: AlignFile, places: Places | None):
        self.conn, self.rule, self.places = conn, rules.alignment, places
        self.rarity = Rarity(conn, rules.alignment)
        self.preamble = draft_rules_of(conn).preamble
        self.kept: OrderedDict[str, Side | None] = OrderedDict()
        self.above: dict[str, list[str]] = {}  # a jurisdiction's divisions above it, read once

    def names(self, document_id: str) -> list[str]:
        """The jurisdiction of ``document_id`` and the divisions above it."""
        row = self.conn.execute("select jurisdiction from documents where id = ?", [document_id]).fetchone()
        if not row or not row[0]:
            return []
        if row[0] not in self.above:
            place = self.places.place_of(row[0]) if self.places is not None else None
            self.above[row[0]] = self.places.ancestors(place) if place is not None else []
        return [row[0]] + self.above[row[0]]

    def side(self, document_id: str) -> Side | None:
        """The Side of ``document_id`` (None: it has no tasks)."""
        if document_id in self.kept:
            self.kept.move_to_end(document_id)
            return self.kept[document_id]
        tasks = tasks_of(self.conn, document_id, self.rule, self.preamble)
        side = Side(tasks, Localiser(self.rule, self.names(document_id)), self.rarity) if tasks else None
        self.kept[document_id] = side
        if len(self.kept) > self.KEEP:
            self.kept.popitem(last=False)
        return side


def align_pair(conn: sqlite3.Connection, rules: AlignFile, sides: _Sides, child: str, parent: str) -> None:
    """Write the task_alignments and target_comparisons rows of one (child, parent) pair. A parent without task
    clauses (a registered reference whose text is not filed) gives none."""
    parent_side = sides.side(parent)
    if parent_side is None:
        return
    child_side = sides.side(child) or Side([], Localiser(rules.alignment, []), sides.rarity)
    links = align_tasks(rules.alignment, parent_side, child_side)
    insert_rows(conn, "task_alignments",
                [(child, parent, link.parent_clause_id, link.child_clause_id, link.status, link.score,
                  rules.alignment.id, json.dumps(link.reasons, ensure_ascii=False) if link.reasons else None)
                 for link in links], ALIGNMENT_COLUMNS)
    aligned: dict[str, set[str]] = {}
    for link in links:
        if link.status == "aligned":
            aligned.setdefault(link.parent_clause_id, set()).add(link.child_clause_id)
    places = [sides.names(document)[:1] for document in (parent, child)]
    compared = compare_targets(targets_of(conn, documents_of(conn, parent)), targets_of(conn, documents_of(conn, child)),
                               aligned, rules.targets, same_place=places[0] == places[1])
    insert_rows(conn, "target_comparisons",
                [(p.id, c.id if c else None, parent, child, comparison, rules.targets.id)
                 for p, c, comparison in compared], verb="insert or ignore")
