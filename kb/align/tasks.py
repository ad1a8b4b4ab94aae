"""The tasks of a document as kb.align lines them up: its clauses that ask something (kb.vocabulary TASK_KINDS,
the clause_kinds table's ``asks``) inside its numbered parts, with their section heading, the units that lead or
cooperate on them and the indicators of their targets. A notice's tasks are its own and those of the documents it
issues or forwards (documents.parent_id)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..vocabulary import RESPONSIBLE_ROLES

# A responsible-unit note (X负责) says who does the item above it; it is no task of its own.
NOT_ALIGNED_KINDS = ("note",)


@dataclass
class Task:
    """One task clause: ``id``, ``document_id``, ``text``, the ``heading`` of its section (may be empty), the
    responsible ``units`` tagged on it and the ``indicators`` of its targets ({metric id, else the wording: the
    wording})."""
    id: str
    document_id: str
    text: str
    heading: str
    units: set[str] = field(default_factory=set)
    indicators: dict[str, str] = field(default_factory=dict)


def documents_of(conn: sqlite3.Connection, document_id: str) -> list[str]:
    """``document_id`` and the documents it issues or forwards (their parent_id is it), in id order."""
    issued = [row[0] for row in conn.execute("select id from documents where parent_id = ? order by id",
                                             [document_id])]
    return [document_id] + issued


def tasks_of(conn: sqlite3.Connection, document_id: str, min_chars: int) -> list[Task]:
    """The tasks of ``document_id`` and of the documents it issues, in reading order (each document's clauses by
    ordinal); clauses with fewer than ``min_chars`` letters are left out."""
    documents = documents_of(conn, document_id)
    marks = ",".join("?" * len(documents))
    rows = conn.execute(
        f"select clauses.id, clauses.document_id, clauses.text, coalesce(sections.heading, '') from clauses "
        f"left join sections on sections.id = clauses.section_id where clauses.document_id in ({marks}) "
        f"and clauses.section_id is not null and clauses.kind in (select kind from clause_kinds where asks = 1) "
        f"and clauses.kind not in ({','.join('?' * len(NOT_ALIGNED_KINDS))}) "
        f"order by clauses.document_id != ?, clauses.document_id, clauses.ordinal",
        [*documents, *NOT_ALIGNED_KINDS, document_id]).fetchall()
    tasks = [Task(*row) for row in rows if sum(ch.isalnum() for ch in row[2]) >= min_chars]
    by_id = {task.id: task for task in tasks}
    roles = ",".join(f"'{role}'" for role in RESPONSIBLE_ROLES)
    for clause_id, unit_id in conn.execute(
            f"select clause_units.clause_id, clause_units.unit_id from clause_units join clauses on clauses.id = "
            f"clause_units.clause_id where clauses.document_id in ({marks}) and clause_units.role in ({roles})",
            documents):
        if clause_id in by_id:
            by_id[clause_id].units.add(unit_id)
    for clause_id, metric, wording in conn.execute(
            f"select clause_id, metric, wording from targets where document_id in ({marks}) and "
            f"coalesce(kind, 'target') = 'target'", documents):
        if clause_id in by_id and (metric or wording):
            by_id[clause_id].indicators.setdefault(metric or wording, wording or metric)
    return tasks
