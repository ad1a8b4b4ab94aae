"""The tasks of a document as kb.align lines them up: its clauses that ask something (kb.vocabulary TASK_KINDS,
the clause_kinds table's ``asks``) inside its numbered parts but outside its preamble parts (kb.tasks
preamble_sections: 总体要求, 主要目标 … say why and to what end; their figures are targets, compared apart), with
their section heading, the units that lead or cooperate on them and the indicators of their targets. A notice's
tasks are its own and those of the documents it issues or forwards (documents.parent_id)."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from ..rule_models.align import AlignmentRule
from ..tasks import preamble_sections
from ..vocabulary import RESPONSIBLE_ROLES

# A responsible-unit note (X负责) says who does the item above it; it is no task of its own.
NOT_ALIGNED_KINDS = ("note",)
# Between the cells of a table row: pipes as pages print them, and kb.extract's CELL_SEPARATOR.
_CELLS = re.compile(r"\s*[|｜\u3000]\s*")


def task_words(text: str, header: list[str] | None = None, not_task_columns: tuple[str, ...] = ()) -> str:
    """The words of a task clause that say what is to be done. A table row (three cells or more): the cells under
    the columns of its ``header`` (the table's header row, when it has as many cells) whose name holds none of
    ``not_task_columns`` (序号, 责任处室, 完成时限 …: they would make every row of one unit or one month look alike),
    joined; without such a header, its longest cell. Else the whole ``text``."""
    cells = _cells_of(text)
    if sum(bool(c) for c in cells) < 3:
        return text
    if header is not None and len(header) == len(cells):
        kept = [cell for name, cell in zip(header, cells) if cell and not any(w in name for w in not_task_columns)]
        if kept:
            return "，".join(kept)
    return max(cells, key=len)


def table_headers(conn: sqlite3.Connection, documents: list[str]) -> dict[str, list[tuple[int, list[str]]]]:
    """{document: [(ordinal, header cells)]} of the table header rows (序号 | 重点任务 | 责任处室 …) of
    ``documents``, in order."""
    marks = ",".join("?" * len(documents))
    headers: dict[str, list[tuple[int, list[str]]]] = {}
    for document, ordinal, text in conn.execute(
            f"select document_id, ordinal, text from clauses where kind = 'table_header' and document_id in "
            f"({marks}) order by document_id, ordinal", documents):
        headers.setdefault(document, []).append((ordinal, _cells_of(text)))
    return headers


def _cells_of(text: str) -> list[str]:
    """The cells of a table row as printed, empty ones kept (a merged cell left blank), without the empty ends of a
    row between pipes (| 1 | 任务 | … |)."""
    cells = _CELLS.split(text.strip())
    cells = cells[1:] if cells and not cells[0] else cells
    return cells[:-1] if cells and not cells[-1] else cells


def _header_of(headers: dict[str, list[tuple[int, list[str]]]], document: str, ordinal: int) -> list[str] | None:
    """The cells of the last table header before clause ``ordinal`` of ``document``, or None."""
    before = [cells for at, cells in headers.get(document, []) if at < ordinal]
    return before[-1] if before else None


@dataclass
class Task:
    """One task clause: ``id``, ``document_id``, ``text`` (a table row's task cells: ``task_words``), the
    ``heading`` of its section (may be empty), the responsible ``units`` tagged on it, the ``indicators`` of its
    targets ({metric id, else the wording: the wording}), the ``lead_in``, its item's opening phrase ("" for
    none), and the titles of the documents it ``cited`` (the citations table)."""
    id: str
    document_id: str
    text: str
    heading: str
    units: set[str] = field(default_factory=set)
    indicators: dict[str, str] = field(default_factory=dict)
    lead_in: str = ""
    cited: set[str] = field(default_factory=set)


def documents_of(conn: sqlite3.Connection, document_id: str) -> list[str]:
    """``document_id`` and the documents it issues or forwards (their parent_id is it), in id order."""
    issued = [row[0] for row in conn.execute("select id from documents where parent_id = ? order by id",
                                             [document_id])]
    return [document_id] + issued


def tasks_of(conn: sqlite3.Connection, document_id: str, rule: AlignmentRule,
             preamble: re.Pattern | None = None) -> list[Task]:
    """The tasks of ``document_id`` and of the documents it issues, in reading order (each document's clauses by
    ordinal). Left out: clauses with fewer than ``rule.min_chars`` letters, those ``rule.not_tasks`` finds (本办法自…
    起施行, 为了…制定本办法: a regulation's own frame), and those of each document's preamble parts, the top-level
    parts whose heading ``preamble`` fullmatches (kb.draft.rules DraftRules). A table row is compared by its task
    cells (``task_words``, ``rule.not_task_columns``)."""
    documents = documents_of(conn, document_id)
    headers = table_headers(conn, documents)
    outside = set().union(*(preamble_sections(conn, document, preamble) for document in documents)) \
        if preamble is not None else set()
    marks = ",".join("?" * len(documents))
    rows = conn.execute(
        f"select clauses.id, clauses.document_id, clauses.text, coalesce(sections.heading, ''), clauses.section_id, "
        f"clauses.ordinal from clauses "
        f"left join sections on sections.id = clauses.section_id where clauses.document_id in ({marks}) "
        f"and clauses.section_id is not null and clauses.kind in (select kind from clause_kinds where asks = 1) "
        f"and clauses.kind not in ({','.join('?' * len(NOT_ALIGNED_KINDS))}) "
        f"order by clauses.document_id != ?, clauses.document_id, clauses.ordinal",
        [*documents, *NOT_ALIGNED_KINDS, document_id]).fetchall()
    tasks = [Task(clause_id, document, task_words(text, _header_of(headers, document, ordinal),
                                                  tuple(rule.not_task_columns)), heading)
             for clause_id, document, text, heading, section, ordinal in rows
             if section not in outside and sum(ch.isalnum() for ch in text) >= rule.min_chars
             and not any(pattern.search(text) for pattern in rule.not_tasks)]
    by_id = {task.id: task for task in tasks}
    # An item's opening phrase (4.推进版权登记和软件正版化。) names the task its sentences carry out, and is often all
    # a child restates of it: each task clause of the item is compared with it in front.
    for clause_id, lead_in in conn.execute(
            f"select clauses.id, heads.text from clauses join clauses heads on heads.item_id = clauses.item_id "
            f"and heads.kind = 'heading' and heads.id != clauses.id where clauses.document_id in ({marks})",
            documents):
        if clause_id in by_id:
            by_id[clause_id].lead_in = lead_in
    for clause_id, title in conn.execute(
            f"select citations.clause_id, citations.cited_title from citations join clauses on clauses.id = "
            f"citations.clause_id where clauses.document_id in ({marks}) and citations.cited_title is not null",
            documents):
        if clause_id in by_id:
            by_id[clause_id].cited.add(title)
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
