"""The coverage check of a department's own plan (issue 26, point 5): for every task a parent of the plan assigns
to the unit (lead or cooperate, named or inherited), the plan's clauses that answer it (task_alignments), and its
status: covered, uncovered (未覆盖: none answers), late (the plan's 完成时限 is later than the parent's, by month
where both print one) or
looser (a target of the task is looser in the plan: target_comparisons).

The unit is matched in the parent by its name, its aliases and the units it took over, and by counterpart: 东岚省知识产权局
answers for 国家知识产权局's tasks when the parent is national, for its own name when the parent is provincial
(unit_counterparts, made at the build by kb.align.carry).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..dates import Deadline, deadline_of, title_year
from ..draft.rules import draft_rules_of
from ..rows import dict_rows
from ..store.schema import units_answering_for
from ..tasks import resolve_unit

# The statuses, worst first: what the report counts and the order a task's status is decided in.
COVERAGE_STATUS_LABELS = {"uncovered": "未覆盖", "late": "时限晚于上级", "looser": "目标低于上级", "covered": "已覆盖"}


@dataclass
class Answer:
    """A clause of the plan that answers a parent task: its id, text (its item's, note included), the deadline
    its item names (kb.dates Deadline; None when none) and the alignment score."""
    clause_id: str
    text: str
    deadline: Deadline | None
    score: float | None


@dataclass
class CoverageTask:
    """A task a parent assigns to the unit: the parent document, its item (first clause id) and text, the unit's
    role there (lead / cooperate) and the name the parent gives it, the parent's deadline (Deadline), the answering
    clauses, the targets compared ([(wording, comparison)]) and the status (COVERAGE_STATUS_LABELS)."""
    parent_id: str
    item_id: str
    text: str
    role: str
    named_as: str
    deadline: Deadline | None
    answers: list[Answer] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)
    status: str = "uncovered"

    @property
    def child_deadline(self) -> Deadline | None:
        """The earliest deadline among the answering items: a parent task split over several items keeps the
        parent's deadline where one of them does (排查建档 6月底前 in the first phase; the 整治 of the phase after
        it is a later step, not the same step late)."""
        deadlines = [a.deadline for a in self.answers if a.deadline is not None]
        return min(deadlines) if deadlines else None


@dataclass
class Coverage:
    """The coverage of ``unit`` by the plan ``child_id`` (title ``child_title``), against its ``parents``
    ([(id, title)]): its ``tasks`` in the parents' order."""
    child_id: str
    child_title: str
    unit: str
    parents: list[tuple[str, str]]
    tasks: list[CoverageTask]

    def counts(self) -> dict[str, int]:
        """{status: tasks} for every status of COVERAGE_STATUS_LABELS, in its order."""
        return {status: sum(t.status == status for t in self.tasks) for status in COVERAGE_STATUS_LABELS}


def _members(conn: sqlite3.Connection, document_id: str) -> list[str]:
    """A document and its notice (the documents.parent_id that issues it): a pair may be lined up at either."""
    row = conn.execute("select parent_id from documents where id = ?", [document_id]).fetchone()
    return [document_id] + ([row[0]] if row and row[0] else [])


def coverage(conn: sqlite3.Connection, child_id: str, unit: str) -> Coverage:
    """The Coverage of ``unit`` (an id, or a name a text prints for it) by the plan ``child_id``. Raises LookupError
    (one line) for a document or unit the KB does not hold, and for a plan that implements no document (no parent
    filed)."""
    found = dict_rows(conn, "select id, title from documents where id = ?", (child_id,))
    if not found:
        raise LookupError(f"no document {child_id!r} in the KB")
    unit = resolve_unit(conn, unit)
    members = _members(conn, child_id)
    marks = ",".join("?" * len(members))
    parents = [(row["parent_id"], row["title"] or row["parent_id"]) for row in dict_rows(
        conn, f"select distinct implements.parent_id, documents.title from implements join documents on "
              f"documents.id = implements.parent_id where implements.child_id in ({marks}) "
              f"order by implements.parent_id", members)]
    if not parents:
        raise LookupError(f"{child_id!r} implements no document the KB holds: file its parent (kb add) or name it "
                          f"in the sidecar's implements key")
    answering = units_answering_for(conn, unit)
    cited_title = draft_rules_of(conn).cited_title
    tasks = []
    for parent_id, _title in parents:
        tasks += _parent_tasks(conn, members, parent_id, answering, cited_title)
    return Coverage(child_id, found[0]["title"] or child_id, unit, parents, tasks)


def year_of(conn: sqlite3.Connection, document_id: str) -> int | None:
    """The year a document's own dates without a year are in (6月底前 in a 2020 工作要点): the one year its title
    names, else the year it was issued; None when it has neither."""
    row = conn.execute("select title, issued_date from documents where id = ?", [document_id]).fetchone()
    if not row:
        return None
    issued = int(row[1][:4]) if row[1] and row[1][:4].isdigit() else None
    return title_year(row[0]) or issued


def _item_text(conn: sqlite3.Connection, clause_id: str) -> str:
    row = conn.execute("select group_concat(text, '') from (select text from clauses where item_id = (select "
                       "coalesce(item_id, id) from clauses where id = ?) order by ordinal)", [clause_id]).fetchone()
    if row and row[0]:
        return row[0]
    single = conn.execute("select text from clauses where id = ?", [clause_id]).fetchone()
    return single[0] if single else ""


def _parent_units(conn: sqlite3.Connection, members: list[str], parent_id: str, answering: list[str]) -> dict:
    """{parent unit id: the name the parent prints it by} of the parent's units the unit answers for: itself and
    those it took over, and those whose counterpart at the plan's level it is."""
    marks, units = ",".join("?" * len(members)), ",".join("?" * len(answering))
    rows = conn.execute(f"select parent_unit_id, name from unit_counterparts where parent_document_id = ? and "
                        f"child_document_id in ({marks}) and unit in ({units}) order by name",
                        [parent_id, *members, *answering]).fetchall()
    named = {unit_id: name for unit_id, name in rows}
    for unit_id in answering:
        named.setdefault(unit_id, unit_id)
    return named


def _parent_tasks(conn: sqlite3.Connection, members: list[str], parent_id: str, answering: list[str],
                  cited_title) -> list[CoverageTask]:
    """The CoverageTasks of one parent: its task items where a unit answered for leads or cooperates."""
    named = _parent_units(conn, members, parent_id, answering)
    units = ",".join("?" * len(named))
    rows = dict_rows(conn, f"""select clauses.item_id, clause_units.unit_id, clause_units.role from clause_units
        join clauses on clauses.id = clause_units.clause_id
        where clauses.document_id in (select id from documents where id = ? or parent_id = ?)
          and clause_units.unit_id in ({units}) and clause_units.role in ('lead', 'cooperate')
          and clause_units.basis in ('explicit', 'inherited') and clauses.item_id is not null
        order by clauses.rowid""", [parent_id, parent_id, *named])
    items: dict[str, CoverageTask] = {}
    parent_year = year_of(conn, parent_id)
    years = {member: year_of(conn, member) for member in members}  # the plan's, and its notice's
    for row in rows:
        task = items.get(row["item_id"])
        if task is None:
            text = _item_text(conn, row["item_id"])
            task = items[row["item_id"]] = CoverageTask(parent_id, row["item_id"], text, row["role"],
                                                        named[row["unit_id"]],
                                                        deadline_of(text, cited_title, parent_year))
        elif row["role"] == "lead":
            task.role = "lead"
    for task in items.values():
        _answer(conn, members, years, task, cited_title)
    return [task for task in items.values() if _asks(conn, task.item_id)]


def _asks(conn: sqlite3.Connection, item_id: str) -> bool:
    """Whether a parent item holds a task clause kb lines up (task_alignments names one of its clauses)."""
    return conn.execute("select 1 from task_alignments where parent_clause_id in (select id from clauses where "
                        "item_id = ?) limit 1", [item_id]).fetchone() is not None


def _answer(conn: sqlite3.Connection, members: list[str], years: dict[str, int | None], task: CoverageTask,
            cited_title) -> None:
    """Fill a task's answers, targets and status; ``years``: each member's own year (``year_of``), for its dates
    printed without one."""
    marks = ",".join("?" * len(members))
    seen = set()
    for clause_id, document_id, score in conn.execute(
            f"select child_clause_id, child_document_id, max(score) from task_alignments where status = 'aligned' and "
            f"child_document_id in ({marks}) and parent_clause_id in (select id from clauses where item_id = ?) "
            f"group by child_clause_id order by (select rowid from clauses where id = child_clause_id)",
            [*members, task.item_id]).fetchall():
        if clause_id not in seen:
            seen.add(clause_id)
            text = _item_text(conn, clause_id)
            task.answers.append(Answer(clause_id, text, deadline_of(text, cited_title, years.get(document_id)),
                                       score))
    task.targets = [(wording or "", comparison) for wording, comparison in conn.execute(
        f"select targets.wording, target_comparisons.comparison from target_comparisons join targets on targets.id "
        f"= target_comparisons.parent_target_id where targets.clause_id in (select id from clauses where item_id = ?) "
        f"and target_comparisons.child_document_id in ({marks}) order by targets.span_start",
        [task.item_id, *members])]
    if not task.answers:
        task.status = "uncovered"
    elif task.deadline is not None and task.child_deadline is not None and task.child_deadline > task.deadline:
        task.status = "late"
    elif any(comparison == "looser" for _, comparison in task.targets):
        task.status = "looser"
    else:
        task.status = "covered"
