"""Targets side by side (the ``target_comparisons`` table): each target a parent sets beside the child's target of
the same indicator (the same metric, else the same wording), found first in the child clauses aligned with the
parent's clause, then anywhere in the child; whether the child is stricter, looser, equal, sets none (absent), or
cannot be compared (another unit, a range, a lower-is-better wording: rules/align.yml ``targets``)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..rule_models.align import TargetsRule

# Comparators of a ceiling (kb.targets: 以内, 不超过 → <=): the lower value is the stricter target.
CEILINGS = ("<=", "<")


@dataclass
class TargetRow:
    """A target as compared: id, clause, indicator key (metric, else wording), wording, value, value_max, unit,
    comparator and year."""
    id: str
    clause_id: str
    key: str
    wording: str
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: str | None
    year: int | None


def targets_of(conn: sqlite3.Connection, documents: list[str]) -> list[TargetRow]:
    """The targets (kind target, not actual figures) of ``documents``, in document and span order."""
    marks = ",".join("?" * len(documents))
    rows = conn.execute(f"select id, clause_id, coalesce(metric, wording, ''), coalesce(wording, ''), value, "
                        f"value_max, unit, comparator, year from targets where document_id in ({marks}) and "
                        f"coalesce(kind, 'target') = 'target' order by document_id, span_start", documents)
    return [TargetRow(*row) for row in rows]


def is_total(target: TargetRow, rule: TargetsRule) -> bool:
    """Whether ``target`` is a jurisdiction's total (件, 元, 家 …), not a share, rate, duration or figure per head."""
    return (target.unit or "") not in rule.intensive_units and \
        not any(word in target.wording for word in rule.intensive_words)


def compare(parent: TargetRow, child: TargetRow | None, rule: TargetsRule, same_place: bool = True) -> str:
    """stricter / looser / equal / absent / not_comparable (kb.vocabulary COMPARISON_LABELS): higher (or the same
    value sooner) is stricter for a target to reach; another unit, a range, a relative target against an absolute
    one, a lower-is-better wording, or totals of two jurisdictions (``same_place`` False) are not compared."""
    if child is None:
        return "absent"
    lower = any(word in text for word in rule.lower_is_better for text in (parent.wording, child.wording))
    if not same_place and (is_total(parent, rule) or is_total(child, rule)):
        return "not_comparable"
    if lower or parent.value is None or child.value is None or parent.value_max is not None or \
            child.value_max is not None or (parent.unit or "") != (child.unit or "") or \
            (parent.comparator == "×") != (child.comparator == "×"):
        return "not_comparable"
    sooner = 0 if parent.year is None or child.year is None else (parent.year > child.year) - (parent.year < child.year)
    higher = (child.value > parent.value) - (child.value < parent.value)
    if parent.comparator in CEILINGS and child.comparator in CEILINGS:
        higher = -higher  # a ceiling (压缩至3个月以内: <=) is stricter lower
    elif (parent.comparator in CEILINGS) != (child.comparator in CEILINGS) and higher:
        return "not_comparable"
    if higher == 0:
        return {0: "equal", 1: "stricter", -1: "looser"}[sooner]
    if higher > 0:
        return "stricter" if sooner >= 0 else "not_comparable"
    return "looser" if sooner <= 0 else "not_comparable"


def compare_targets(parent_targets: list[TargetRow], child_targets: list[TargetRow],
                    aligned: dict[str, set[str]], rule: TargetsRule,
                    same_place: bool = True) -> list[tuple[TargetRow, TargetRow | None, str]]:
    """(parent target, child target or None, comparison) for every parent target: the child's target of the same
    indicator in a clause ``aligned`` with the parent target's clause ({parent clause: child clauses}) first, then
    the first of the same indicator anywhere in the child. ``same_place``: parent and child documents share a
    jurisdiction (their totals compare)."""
    by_key: dict[str, list[TargetRow]] = {}
    for target in child_targets:
        by_key.setdefault(target.key, []).append(target)
    results = []
    for target in parent_targets:
        same = by_key.get(target.key, [])
        near = [t for t in same if t.clause_id in aligned.get(target.clause_id, set())]
        if not same:
            # Reworded (培训执法人员 for 培训知识产权行政执法人员): the one target of the same measure and comparator
            # in the child clauses aligned with the parent's clause.
            near = [t for t in child_targets if t.clause_id in aligned.get(target.clause_id, set())
                    and t.unit == target.unit and t.comparator == target.comparator and t.unit]
            near = near if len(near) == 1 else []
        match = (near or same or [None])[0]
        results.append((target, match, compare(target, match, rule, same_place)))
    return results
