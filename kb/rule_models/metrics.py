"""rules/metrics.yml: the quantitative indicators kb knows by name, and which clauses deliver a target."""
from __future__ import annotations

from .base import Part, Rule, Words


class Metric(Part):
    """An indicator: its canonical ``id``, the wordings documents use for it (``names``), its usual ``unit``, and
    the words that mark a clause as delivering it (``delivered_by``)."""
    id: str
    description: str
    names: Words
    unit: str | None = None
    delivered_by: Words = []


class LinksRule(Rule):
    """Which clauses never deliver a target: those in sections of ``not_in_section_kinds`` and, with
    ``not_in_target_clauses``, those that set a target themselves."""
    not_in_section_kinds: Words = []
    not_in_target_clauses: bool = False


class MetricsFile(Part):
    """The whole of rules/metrics.yml."""
    links: LinksRule
    metrics: list[Metric]
