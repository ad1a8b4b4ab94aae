"""A quantitative target, or an actual figure, as kb reads it from a clause: one row of the ``targets`` table."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Target:
    """A quantitative target, or an actual figure (``kind``), of a clause (the ``targets`` table). ``value`` is in
    base units (万 and 亿 expanded: 2000万件 → 20,000,000 件) and ``unit`` the base unit; ``comparator`` is =, >=, >,
    <=, about, range (up to ``value_max``) or × (``value`` times ``baseline``); ``year`` the year it is set for, or
    ``period`` (十四五) with its last year; ``growth`` "annual" for a yearly growth rate; ``span_start``/
    ``span_end`` the offsets of its figure in the document's text; ``rule_id`` the rules/targets.yml rule."""
    id: str
    document_id: str
    clause_id: str
    metric: str | None  # a rules/metrics.yml id where the wording matches one, else None
    wording: str  # the document's own name for the indicator
    value: float
    unit: str
    comparator: str
    year: int | None
    period: str | None
    baseline: str | None
    growth: str | None
    rule_id: str
    span_start: int
    span_end: int
    kind: str = "target"  # target, or actual: a figure of a year before the document's
    value_max: float | None = None  # the high end of a range (8—10个: value 8, value_max 10, comparator range)
