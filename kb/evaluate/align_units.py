"""``kb eval --align``'s scores of points 4 and 5 of issue 26 against a pair's gold: the units carried down
(``units_carried``: child snippet → the units kb should guess from the parent, basis parent) and the coverage check
(``coverage``: a unit and, per parent task, its status covered / uncovered / late / looser).

A gold unit is written with its jurisdiction (东岚省知识产权局, 广西壮族自治区知识产权局); it names a unit of the KB by
its id, an alias, or its jurisdiction for the level word of its id or an alias (自治区知识产权局 of 广西壮族自治区).
"""
from __future__ import annotations

import json
import sqlite3

from ..errors import InputError
from ..tasks import PARENT
from .scores import Score, score_of

_MEMBERS = "(select id from clauses where document_id = :d or document_id in " \
           "(select id from documents where parent_id = :d))"
_LEVEL_WORDS = ("自治区", "省", "市", "县", "区")


def unit_names(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """{unit id: the names a gold file may write it by}: its id, aliases, and each with its jurisdiction for its
    level word (自治区知识产权局 of 广西壮族自治区 → 广西壮族自治区知识产权局)."""
    names: dict[str, set[str]] = {}
    for unit_id, aliases, jurisdiction in conn.execute("select id, aliases, coalesce(jurisdiction, '') from units"):
        forms = {unit_id, *(json.loads(aliases) if aliases else [])}
        for form in list(forms):
            word = next((w for w in _LEVEL_WORDS if form.startswith(w)), None)
            if word and jurisdiction and jurisdiction.endswith(word):
                forms.add(jurisdiction + form[len(word):])
        names[unit_id] = forms
    return names


def _named(names: dict[str, set[str]], gold_name: str, predicted: set[str]) -> str:
    """The unit id a gold name stands for: one of ``predicted`` it names, else the gold name itself."""
    return next((unit for unit in sorted(predicted) if gold_name in names.get(unit, {unit})), gold_name)


def units_carried_score(conn: sqlite3.Connection, snippets, child: str, gold: dict) -> Score | None:
    """Precision and recall of kb's parent-basis tags on ``child``'s clauses against the gold's ``units_carried``
    ((clause, unit) pairs); None when the gold has no such key."""
    if "units_carried" not in gold:
        return None
    predicted = set(conn.execute(f"select clause_id, unit_id from clause_units where basis = :p and clause_id in "
                                 f"{_MEMBERS}", {"p": PARENT, "d": child}))
    by_clause: dict[str, set[str]] = {}
    for clause, unit in predicted:
        by_clause.setdefault(clause, set()).add(unit)
    names = unit_names(conn)
    expected = set()
    for entry in gold.get("units_carried") or []:
        clause = snippets.clause(child, entry.get("child"), getattr(entry, "line", None))
        for name in entry.get("units") or []:
            expected.add((clause, _named(names, str(name), by_clause.get(clause, set()))))
    return score_of("units carried down", expected, predicted)


def coverage_score(conn: sqlite3.Connection, snippets, parent: str, child: str, gold: dict
                   ) -> tuple[tuple[int, int], list]:
    """(right, total) of the coverage check of the gold's ``coverage`` unit by ``child`` (a task's status right,
    a gold task kb does not list counting wrong, a task kb lists beyond the gold counting against the total too),
    and the wrong ones [(parent snippet or clause, gold status, kb status)]; (0, 0) without a coverage key."""
    from ..align.coverage import coverage

    block = gold.get("coverage")
    if not block:
        return (0, 0), []
    try:
        result = coverage(conn, child, str(block.get("unit")))
    except LookupError as exc:
        raise InputError(snippets.path, f"coverage: {exc}", getattr(block, "line", None)) from None
    found = {task.item_id: task.status for task in result.tasks}
    item_of = dict(conn.execute(f"select id, coalesce(item_id, id) from clauses where id in {_MEMBERS}", {"d": parent}))
    right, wrong, listed = 0, [], set()
    for task in block.get("tasks") or []:
        clause = snippets.clause(parent, task.get("parent"), getattr(task, "line", None))
        item = item_of.get(clause, clause)
        listed.add(item)
        status = found.get(item)
        if status == task.get("status"):
            right += 1
        else:
            wrong.append((task.get("parent"), task.get("status"), status))
    extra = [item for item in found if item not in listed]
    wrong += [(item, None, found[item]) for item in extra]
    return (right, len(listed) + len(extra)), wrong
