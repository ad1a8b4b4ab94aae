"""The tasks of a document as kb.align lines them up: its clauses that ask something (kb.vocabulary TASK_KINDS,
the clause_kinds table's ``asks``) inside its numbered parts but outside its preamble parts (kb.tasks
preamble_sections: 总体要求, 主要目标 … say why and to what end; their figures are targets, compared apart), with their section heading, the units that lead or
cooperate on them and the indicators of their targets. A notice's tasks are its own and those of the documents it
issues or forwards (documents.parent_id)."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from ..tasks import preamble_sections

from ..vocabulary import RESPONSIBLE_ROLES

# A responsible-unit note (X负责) says who does the item above it; it is no task of its own.
NOT_ALIGNED_KINDS = ("note",)
# Between the cells of a table row: pipes as pages print them, and kb.extract's CELL_SEPARATOR.
_CELLS = re.compile(r"\s*[|｜\u3000]\s*")


def task_words(text: str) -> str:
    """The words of a task clause that say what is to be done: a table row's longest cell (the others are its
    序号, units, deadline and remarks, which would make every row of one unit or one month look alike), else the
    whole ``text``."""
    cells = [cell for cell in _CELLS.split(text.strip()) if cell]
    return max(cells, key=len) if len(cells) >= 3 else text


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
    lead_in: str = ""


def documents_of(conn: sqlite3.Connection, document_id: str) -> list[str]:
    """``document_id`` and the documents it issues or forwards (their parent_id is it), in id order."""
    issued = [row[0] for row in conn.execute("select id from documents where parent_id = ? order by id",
                                             [document_id])]
    return [document_id] + issued


def tasks_of(conn: sqlite3.Connection, document_id: str, min_chars: int,
             preamble: re.Pattern | None = None) -> list[Task]:
    """The tasks of ``document_id`` and of the documents it issues, in reading order (each document's clauses by
    ordinal); clauses with fewer than ``min_chars`` letters are left out, and so are those of each document's
    preamble parts, the top-level parts whose heading ``preamble`` fullmatches (kb.draft.rules DraftRules)."""
    documents = documents_of(conn, document_id)
    outside = set().union(*(preamble_sections(conn, document, preamble) for document in documents)) \
        if preamble is not None else set()
    marks = ",".join("?" * len(documents))
    rows = conn.execute(
        f"select clauses.id, clauses.document_id, clauses.text, coalesce(sections.heading, ''), clauses.section_id "
        f"from clauses "
        f"left join sections on sections.id = clauses.section_id where clauses.document_id in ({marks}) "
        f"and clauses.section_id is not null and clauses.kind in (select kind from clause_kinds where asks = 1) "
        f"and clauses.kind not in ({','.join('?' * len(NOT_ALIGNED_KINDS))}) "
        f"order by clauses.document_id != ?, clauses.document_id, clauses.ordinal",
        [*documents, *NOT_ALIGNED_KINDS, document_id]).fetchall()
    tasks = [Task(clause_id, document, task_words(text), heading)
             for clause_id, document, text, heading, section in rows
             if section not in outside and sum(ch.isalnum() for ch in text) >= min_chars]
    by_id = {task.id: task for task in tasks}
    # An item's opening phrase (4.推进版权登记和软件正版化。) names the task its sentences carry out, and is often all
    # a child restates of it: each task clause of the item is compared with it in front.
    for clause_id, lead_in in conn.execute(
            f"select clauses.id, heads.text from clauses join clauses heads on heads.item_id = clauses.item_id "
            f"and heads.kind = 'heading' and heads.id != clauses.id where clauses.document_id in ({marks})",
            documents):
        if clause_id in by_id:
            by_id[clause_id].lead_in = lead_in
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
