"""A task's 相关指标, strictly: a target of the plan is a task's indicator when the task's own clauses set it, or
when the task's text holds the indicator's own words (the target's wording) or its metric (rules/metrics.yml, as
the KB's ``metrics`` table holds it: its description or one of its names).

A word that only delivers an indicator (rules/metrics.yml ``delivered_by``, the 0.5 links of kb.links) is no link
for a draft: a task on 政策引导 that speaks of 科技成果使用 does not answer for 技术交易合同成交总额. The site's
target pages still list such clauses as ones that may deliver a target; a draft tells an officer what the task is
measured by, and that must be written in the task."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ..normalize import parsing_view
from ..rows import dict_rows

# A wording shorter than this (专利, 商标) names a field, not an indicator: it links nothing by itself.
MIN_WORDING_CHARS = 4


@dataclass(frozen=True)
class PlanTarget:
    """A target of the plan as a draft matches it: its row (targets.*, with metric_name) and the words that name
    it (its wording and its metric's description and names, in the parsing view)."""
    row: dict
    words: tuple[str, ...]


def plan_targets(conn: sqlite3.Connection, document_id: str) -> list[PlanTarget]:
    """The targets of the plan ``document_id`` in the KB's order, each with its metric's name (``metric_name``:
    the metric's description, else its id, else None) and the words that name it."""
    rows = dict_rows(conn, """
        select t.*, coalesce(m.description, t.metric) as metric_name, m.description as metric_description,
               m.names as metric_names
        from targets t left join metrics m on m.id = t.metric
        where t.document_id = ? order by t.rowid""", (document_id,))
    found = []
    for row in rows:
        words = [row["wording"] or ""] if len(row["wording"] or "") >= MIN_WORDING_CHARS else []
        words += [row["metric_description"] or ""] + _names(row["metric_names"])
        found.append(PlanTarget(row, tuple(dict.fromkeys(parsing_view(w) for w in words if w))))
    return found


def _names(stored: str | None) -> list[str]:
    # metrics.names is a JSON list (kb.store); an unreadable one names nothing rather than failing a draft.
    try:
        names = json.loads(stored) if stored else []
    except ValueError:
        return []
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []


def task_targets(clause_ids: list[str], text: str, targets: list[PlanTarget]) -> list[dict]:
    """The target rows a task answers for: those its clauses (``clause_ids``) set, in the plan's order, then the
    targets (kind ``target``) whose wording or metric its ``text`` names, in the plan's order; each once."""
    own = set(clause_ids)
    view = parsing_view(text)
    set_here = [t.row for t in targets if t.row["clause_id"] in own]
    named = [t.row for t in targets if t.row["clause_id"] not in own and t.row["kind"] == "target"
             and any(word in view for word in t.words)]
    return set_here + named
