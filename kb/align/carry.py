"""The parent's division of labour carried down (issue 26, point 4): a child task aligned with a parent task whose
clause or item names its responsible units (lead or cooperate, explicit or inherited), and whose own clause and
item name none, gets each of those units' counterparts at the child's level (kb.align.counterparts) as a guess:
role ``candidate``, basis ``parent`` (承接上级文件分工, 待确认: kb.tasks ranks it above a guess from competence
words and never makes it a lead). The parent's role is kept in the tag's reason, the counterpart rule in its rule_id.

The ``unit_counterparts`` rows (each responsible parent unit beside its counterpart) are written for every pair, for
the coverage check (kb.align.coverage). Runs at the commit of a build or an update after the alignment
(``carry_down``); a child's tags are made again whenever one of its pairs is lined up again.
"""
from __future__ import annotations

import json
import sqlite3

from ..tasks import preamble_sections
from ..draft.rules import draft_rules_of
from ..store.derived import recount_units
from ..store.schema import insert_rows
from ..tasks import PARENT
from ..vocabulary import ROLE_LABELS
from .counterparts import Counterpart, Counterparts, side_of

_RESPONSIBLE = "role in ('lead', 'cooperate') and basis in ('explicit', 'inherited')"
# The clauses of a document and of the documents it issues (:d).
_MEMBERS = "(select id from clauses where document_id = :d or document_id in " \
           "(select id from documents where parent_id = :d))"


def carry_down(conn: sqlite3.Connection, rules, redone: list[tuple[str, str]], changed: set[str] | None) -> None:
    """Make the parent-basis tags and the unit_counterparts rows again for the children that need it: every child
    of a lined-up pair (``changed`` None: a build), else the children of the ``redone`` pairs, those whose parent
    tags lost their alignment, and, when a document left the KB, every child carrying tags down. ``rules``: the
    RuleSet (its align rules and unit grammar). Then counts the touched units again (unit_counts)."""
    pairs = sorted(set(conn.execute("select distinct child_document_id, parent_document_id from task_alignments")))
    if changed is None:
        children = {child for child, _ in pairs}
        conn.execute("delete from unit_counterparts")
    else:
        children = {child for child, _ in redone} | _stale_children(conn, changed)
    naming = Counterparts(conn, rules.align, rules.unit_grammar.is_unit_name)
    touched: set[str] = set()
    for child in sorted(children):
        touched |= _clear(conn, child)
    for child, parent in pairs:
        if child in children:
            touched |= _carry_pair(conn, naming, child, parent)
    recount_units(conn, touched)


def _stale_children(conn: sqlite3.Connection, changed: set[str]) -> set[str]:
    """Children whose parent tags may no longer hold: a tagged clause with no aligned row left, and (a document
    left the KB: its pairs are gone with it) every document with parent tags or counterpart rows."""
    # Only the clauses of children (and the documents their notices issue) can hold parent tags: looked up through
    # the clauses index, not by a scan of every tag.
    rows = conn.execute(
        "select distinct clauses.document_id, documents.parent_id from clauses join documents on documents.id = "
        "clauses.document_id join clause_units on clause_units.clause_id = clauses.id where clauses.document_id in "
        "(select child_id from implements union select id from documents where parent_id in (select child_id from "
        "implements)) and clause_units.basis = ? and clause_units.clause_id not in (select child_clause_id from "
        "task_alignments where status = 'aligned' and child_clause_id is not null)", [PARENT]).fetchall()
    stale = {document for document, _ in rows} | {notice for _, notice in rows if notice}
    marks = ",".join("?" * len(changed))
    present = {row[0] for row in conn.execute(f"select id from documents where id in ({marks})", sorted(changed))} \
        if changed else set()
    if set(changed) - present:
        stale |= {row[0] for row in conn.execute("select distinct child_document_id from unit_counterparts")}
        stale |= {row[0] for row in conn.execute(
            "select distinct clauses.document_id from clause_units join clauses on clauses.id = clause_units.clause_id "
            "where clause_units.basis = ?", [PARENT])}
    return stale


def _clear(conn: sqlite3.Connection, child: str) -> set[str]:
    """Delete the parent tags on ``child``'s clauses (and its issued documents') and its unit_counterparts rows;
    returns the units they tagged."""
    units = {row[0] for row in conn.execute(f"select distinct unit_id from clause_units where basis = :p and "
                                            f"clause_id in {_MEMBERS}", {"p": PARENT, "d": child})}
    conn.execute(f"delete from clause_units where basis = :p and clause_id in {_MEMBERS}", {"p": PARENT, "d": child})
    conn.execute("delete from unit_counterparts where child_document_id = ?", [child])
    return units


def _parent_units(conn: sqlite3.Connection, parent: str) -> dict[str, list[tuple[str, str, str]]]:
    """{parent item id: [(unit_id, name as printed, role)]} of the responsible tags on the parent's task items, lead
    before cooperate, each (unit, name) once. A lexicon unit that the item prints under several of its names
    (银监会、保监会: one regulator today) is listed under each."""
    items: dict[str, list[tuple[str, str, str]]] = {}
    rows = conn.execute(
        f"select clauses.item_id, clause_units.unit_id, clause_units.matched, clause_units.role, units.aliases, "
        f"(select group_concat(text, '') from clauses as item where item.item_id = clauses.item_id) "
        f"from clause_units join clauses on clauses.id = clause_units.clause_id join units on units.id = "
        f"clause_units.unit_id where clauses.id in {_MEMBERS} and clause_units.{_RESPONSIBLE} and "
        f"clauses.item_id is not null order by clauses.item_id, clause_units.role != 'lead', clauses.ordinal, "
        f"clause_units.span_start", {"d": parent}).fetchall()
    for item_id, unit_id, matched, role, aliases, text in rows:
        names = [matched or unit_id] + _other_names(aliases, matched, text or "")
        listed = items.setdefault(item_id, [])
        for name in names:
            if all((unit_id, name) != (u, n) for u, n, _ in listed):
                listed.append((unit_id, name, role))
    return items


def _other_names(aliases: str | None, matched: str | None, text: str) -> list[str]:
    """The unit's other names printed in the item's text, none inside a longer one (知识产权局 in 国家知识产权局)."""
    names = sorted(json.loads(aliases) if aliases else [], key=len, reverse=True)
    found, masked = [], text
    for name in names:
        if name and name in masked:
            masked = masked.replace(name, "\0" * len(name))
            if name != matched and not (matched and name in matched):
                found.append(name)
    return found


def _carry_pair(conn: sqlite3.Connection, naming: Counterparts, child: str, parent: str) -> set[str]:
    """The unit_counterparts rows and the parent tags of one (child, parent) pair; returns the units tagged."""
    child_side, parent_side = side_of(conn, child), side_of(conn, parent)
    items = _parent_units(conn, parent)
    if not items or child_side is None or parent_side is None:
        return set()
    named: dict[tuple[str, str], Counterpart | None] = {}
    for listed in items.values():
        for unit_id, name, _role in listed:
            if (unit_id, name) not in named:
                named[(unit_id, name)] = naming.of(name, unit_id, parent_side, child_side)
    insert_rows(conn, "unit_counterparts", [(child, parent, unit_id, name, found.unit, found.rule_id)
                                            for (unit_id, name), found in sorted(named.items()) if found],
                ["child_document_id", "parent_document_id", "parent_unit_id", "name", "unit", "rule_id"],
                verb="insert or ignore")
    tags = _tags(conn, child, parent, items, named)
    new_units = [(found.unit, child_side.level, None, child_side.jurisdiction, f'["{found.printed}"]', None,
                  "counterpart") for found in named.values() if found and not found.known]
    insert_rows(conn, "units", new_units, ["id", "level", "kind", "jurisdiction", "aliases", "competences",
                                           "found_by"], verb="insert or ignore")
    insert_rows(conn, "clause_units", tags, ["clause_id", "unit_id", "role", "basis", "rule_id", "reason"],
                verb="insert or ignore")
    return {tag[1] for tag in tags}


def _not_to_carry(conn: sqlite3.Connection, child: str) -> set[str]:
    """The child's clauses that take no unit from the parent: those whose clause or item names a responsible unit
    itself, and those of its preamble parts (rules/drafts.yml ``preamble``: 工作目标, 基本原则 …), which say to what
    end, not who does what."""
    own = {row[0] for row in conn.execute(
        f"select clauses.id from clauses where clauses.id in {_MEMBERS} and exists (select 1 from clause_units "
        f"join clauses as mate on mate.id = clause_units.clause_id where clause_units.{_RESPONSIBLE} and "
        f"(mate.id = clauses.id or mate.item_id = clauses.item_id))", {"d": child})}
    preamble = draft_rules_of(conn).preamble
    for (document_id,) in conn.execute("select id from documents where id = ? or parent_id = ?", [child, child]):
        sections = preamble_sections(conn, document_id, preamble)
        if sections:
            marks = ",".join("?" * len(sections))
            own |= {row[0] for row in conn.execute(f"select id from clauses where section_id in ({marks})",
                                                   sorted(sections))}
    return own


def _tags(conn: sqlite3.Connection, child: str, parent: str, items, named) -> list[tuple]:
    """(clause_id, unit, 'candidate', 'parent', rule_id, reason) for each aligned child task clause whose clause and
    item name no responsible unit, one per counterpart of the aligned parent tasks' units."""
    links = conn.execute(
        "select task_alignments.parent_clause_id, parent.item_id, task_alignments.child_clause_id from "
        "task_alignments join clauses as parent on parent.id = task_alignments.parent_clause_id where "
        "task_alignments.status = 'aligned' and task_alignments.child_document_id = :c and "
        "task_alignments.parent_document_id = :p order by task_alignments.id", {"c": child, "p": parent}).fetchall()
    own = _not_to_carry(conn, child)
    tags, seen = [], set()
    for parent_clause, item_id, child_clause in links:
        if child_clause in own:
            continue
        for unit_id, name, role in items.get(item_id, []):
            found = named.get((unit_id, name))
            if found is None or (child_clause, found.unit) in seen:
                continue
            seen.add((child_clause, found.unit))
            reason = (f"承接上级文件分工:上级文件条文 {parent_clause} 由“{name}”{ROLE_LABELS[role]},"
                      f"本级对应单位为{found.unit}(按 {found.rule_id} 推出,待确认)")
            tags.append((child_clause, found.unit, "candidate", PARENT, found.rule_id, reason))
    return tags
