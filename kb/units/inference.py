"""Guesses for an item that names no responsible unit: the departments in charge of the topics its clauses name
(the ``competences`` of rules/units.yml), shown as 可能相关 (role candidate, basis inferred), never as a lead."""
from __future__ import annotations

from ..tagging import ClauseAnalysis
from ..vocabulary import NOT_TASK_KINDS
from .reader import UnitReader, UnitTag


def inferred_units(asking: list[ClauseAnalysis], reader: UnitReader) -> list[UnitTag]:
    """Guesses for an item that names no unit as lead or cooperating (a body named only as the object of an action,
    发挥行业协会作用, does not say who does it), decided clause by clause: the departments in charge of the topics
    the clause itself names; a clause naming no such topic takes its item's only such department, where the item
    points at one alone. A guess is role ``candidate`` (可能相关), basis inferred: never a lead, never shown as
    explicit. Nothing else is guessed (not the issuer: measured against tests/gold/plan_inference.yml, both guesses
    from the whole item and the issuer cost precision)."""
    own = {a.clause.id: _inferred(a, reader) for a in asking}
    context: dict[str, UnitTag] = {}
    for found in own.values():
        for t in found:
            context.setdefault(t.unit, t)
    tags = []
    for analysis in asking:
        found = own[analysis.clause.id]
        if found:
            tags.extend(found)
        elif len(context) == 1:
            tags.extend(UnitTag(analysis.clause.id, unit, "candidate", "inferred", first.rule_id, None, None,
                                first.matched, f"本句未点名单位,也无职责用语;本项“{first.matched}”属{unit}的职责,待确认")
                        for unit, first in context.items())
    return tags


def _inferred(analysis: ClauseAnalysis, reader: UnitReader) -> list[UnitTag]:
    # No unit named: a topic in a department's charge makes it a candidate (可能相关), never a lead. A heading that
    # states a task (实施新一轮发明专利倍增计划) is read too.
    clause = analysis.clause
    if clause.kind in NOT_TASK_KINDS and clause.kind != "heading":
        return []
    tags, seen = [], set()
    for hit in analysis.phrases["competences"]:
        if hit.label in seen or hit.label not in reader.in_scope:
            continue
        seen.add(hit.label)
        tags.append(UnitTag(clause.id, hit.label, "candidate", "inferred", hit.rule_id,
                            clause.char_start + hit.start, clause.char_start + hit.end, hit.text,
                            f"条文未点名单位;“{hit.text}”属{hit.label}的职责,按职责推断"))
    return tags
