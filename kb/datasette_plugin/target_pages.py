"""What the targets' pages show, read from the KB (see kb.datasette_plugin.site_data): the targets overview with
its chart, and one target's page."""
from __future__ import annotations

import re

from ..rows import dict_rows, first_row
from ..target_text import (GROUP_WORDINGS, amount_text, format_value, group_name, indicator_name, label_of_row,
                           metric_category)
from ..vocabulary import TIER_LABELS, annual_sql, tier_sql
from .clause_tags import rule_reason, score_words
from .site_data import TARGETS_SQL

TARGETS_PAGE = 100  # targets a page of /targets lists
COMPARED_ROWS = 10  # documents shown per shared indicator
COMPARED_UP_TO = 2_000  # targets in the KB up to which /targets lines shared indicators up side by side


def _shown(target: dict) -> dict:
    """A target row with what its pages show: ``label`` (kb.target_text.label_of_row), ``indicator`` (the text's
    own words), ``category`` (its metric, where that reads otherwise), ``amount`` (≥ 600家) and ``value_text``."""
    return dict(target, label=label_of_row(target), indicator=indicator_name(target) or "",
                category=metric_category(target), amount=amount_text(target),
                value_text=format_value(target["value"], target["unit"]))


SHORT_TITLE = 10  # characters of a document's title that tell apart targets whose labels are the same


def short_title(title: str | None) -> str:
    """A document's title short enough for a chart's label: without its bracketed period, at most SHORT_TITLE
    characters (then …)."""
    text = re.sub(r"[(（][^()（）]*[)）]", "", title or "").strip() or (title or "")
    return text if len(text) <= SHORT_TITLE else text[:SHORT_TITLE] + "…"


def chart_labels(targets: list[dict]) -> list[str]:
    """One label per target for the chart and its text list, each different: the target's label, and where labels
    repeat, its document's short title (short_title) after it, then a number should that still repeat. ``targets``
    are rows with ``label`` or the columns label_of_row reads, and ``document_title``."""
    labels = [t.get("label") or label_of_row(t) for t in targets]
    repeated = {label for label in labels if labels.count(label) > 1}
    labels = [f"{label}({short_title(t['document_title'])})" if label in repeated else label
              for label, t in zip(labels, targets)]
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return unique


def targets_overview(conn, after: int = 0) -> dict:
    """A page of targets in document order (keyset: the rowid after which it starts, Datasette's ``_next``),
    the number of targets no clause delivers (with the first few), and the indicators several documents set, each
    with its first documents. A few set-based queries, whatever the size of the KB."""
    targets = [_shown(t) for t in dict_rows(conn, TARGETS_SQL.replace("select targets.*", "select targets.rowid as position, "
                                                                           "targets.*")
                              + " where targets.rowid > ? order by targets.rowid limit ?", [after, TARGETS_PAGE + 1])]
    next_key = targets[TARGETS_PAGE - 1]["position"] if len(targets) > TARGETS_PAGE else None
    targets = targets[:TARGETS_PAGE]
    for t, chart_label in zip(targets, chart_labels(targets)):
        t["chart_label"] = chart_label
    total = conn.execute("select count(*) from targets").fetchone()[0]
    undelivered = conn.execute("select count(*) from targets where not exists (select 1 from target_links "
                               "where target_links.target_id = targets.id)").fetchone()[0]
    without = [dict(t, label=label_of_row(t)) for t in dict_rows(conn, TARGETS_SQL + """ where not exists
        (select 1 from target_links where target_links.target_id = targets.id) order by targets.rowid limit 20""")]
    compared = shared_indicators(conn, with_rows=total <= COMPARED_UP_TO)
    return {"targets": targets, "total": total, "next": next_key, "after": after, "compared": compared,
            "without_delivery": without, "undelivered": undelivered}


# What makes two targets the same indicator, so that they may be lined up: the same metric, set by documents of the
# same tier (a city's figure is not a province's), of the same kind (a target, or an actual figure), in the same
# unit, and both yearly flows or both not (a yearly 质押融资年度金额 is not a running 质押融资金额).
_TIER_SQL = tier_sql("documents.level")
_ANNUAL_SQL = annual_sql("targets.growth", "targets.wording")
SHARED_INDICATORS = 12  # groups /targets lists


def shared_indicators(conn, with_rows: bool = True) -> list[dict]:
    """The indicators several documents set, as groups of targets that mean the same indicator (the metric, the
    documents' tier, the kind, the unit, and yearly or not: see _TIER_SQL and _ANNUAL_SQL), most documents first,
    at most SHARED_INDICATORS of them: each with its metric, its ``name`` by what its members say
    (kb.target_text.group_name), its metric's name as ``category``, a Chinese ``scope`` (市级 · 年度 · 实际), its
    number of documents and, ``with_rows``, its first COMPARED_ROWS targets. One grouped query and one a group."""
    groups = conn.execute(f"""select targets.metric, coalesce(metrics.description, targets.metric), {_TIER_SQL},
            targets.kind, coalesce(targets.unit, ''), {_ANNUAL_SQL}, count(distinct targets.document_id) as n
        from targets join documents on documents.id = targets.document_id
        left join metrics on metrics.id = targets.metric where targets.metric is not null
        group by 1, 3, 4, 5, 6 having n > 1 order by n desc, 1, 3, 4, 5, 6 limit ?""",
                          [SHARED_INDICATORS]).fetchall()
    compared = []
    for metric, name, tier, kind, unit, annual, documents in groups:
        scope = " · ".join(filter(None, [TIER_LABELS.get(tier, ""), "年度" if annual else "",
                                         "实际" if kind == "actual" else "", unit]))
        rows = [_shown(t) for t in dict_rows(conn, TARGETS_SQL + f"""
            where targets.metric = ? and {_TIER_SQL} = ? and targets.kind is ? and coalesce(targets.unit, '') = ?
            and {_ANNUAL_SQL} = ? order by targets.document_id, targets.rowid limit ?""",
                                [metric, tier, kind, unit, annual, COMPARED_ROWS])] if with_rows else []
        wordings = [row[0] for row in conn.execute(f"""select distinct targets.wording from targets join documents
            on documents.id = targets.document_id where targets.metric = ? and {_TIER_SQL} = ? and targets.kind is ?
            and coalesce(targets.unit, '') = ? and {_ANNUAL_SQL} = ? limit ?""",
                                                   [metric, tier, kind, unit, annual, GROUP_WORDINGS + 1])]
        compared.append({"metric": metric, "name": group_name(wordings, name), "category": name, "scope": scope,
                         "documents": documents, "rows": rows})
    return compared


def coverage_chart_spec(conn, after: int = 0) -> dict:
    """A vega-lite bar chart: how many clauses deliver each target of a page of /targets, coloured by document;
    one bar a target (its label made unique by chart_labels, its id in ``目标编号``)."""
    rows = dict_rows(conn, TARGETS_SQL + " where targets.rowid > ? order by targets.rowid limit ?",
                     [after, TARGETS_PAGE])
    values = [{"目标": label, "目标编号": t["id"], "落实条文数": t["delivering_clauses"], "文件": t["document_title"]}
              for t, label in zip(rows, chart_labels(rows))]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "各目标的落实条文数",
        "width": 420,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "目标", "type": "nominal", "sort": None, "axis": {"labelLimit": 440, "title": None}},
            "x": {"field": "落实条文数", "type": "quantitative", "axis": {"tickMinStep": 1}},
            "color": {"field": "文件", "type": "nominal", "legend": {"orient": "bottom", "columns": 1, "labelLimit": 400}},
        },
        # No ARIA text of vega's own (English: "Y-axis for a discrete scale…"): the drawing is aria-hidden, and the
        # page's list beside it is what a screen reader reads.
        "config": {"font": "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif", "aria": False},
    }


def target_page(conn, target_id: str) -> dict | None:
    """A target's page: the target with its label and value as printed (_shown), the clause setting it, the
    clauses delivering it (best first, each with its ``rule_reason`` in Chinese and its ``score_text`` in words), and the first targets of other documents with the same metric and their number;
    None for no such target."""
    target = first_row(conn, TARGETS_SQL + " where targets.id = ?", [target_id])
    if target is None:
        return None
    target = _shown(target)
    setting = first_row(conn, "select id, text from clauses where id = ?", [target["clause_id"]])
    delivering = [dict(c, rule_reason=rule_reason(c["rule_id"], c["rule_kind"], c["rule_description"]),
                       score_text=score_words(c["score"]) or "")
                  for c in dict_rows(conn, """select clauses.id, clauses.text, target_links.score,
        target_links.matched, target_links.rule_id, rules.kind as rule_kind, rules.description as rule_description
        from target_links join clauses on clauses.id = target_links.clause_id
        left join rules on rules.id = target_links.rule_id
        where target_links.target_id = ? order by target_links.score desc, clauses.ordinal""", [target_id])]
    # The same indicator in other documents (the same metric, tier, kind, unit and yearly or not: _TIER_SQL): the
    # first COMPARED_ROWS in document order (the index on metric keeps this bounded), and how many there are in all.
    same = f"""targets.metric = :metric and {_TIER_SQL} = (select {_TIER_SQL} from documents where documents.id
        = :document) and targets.kind is :kind and coalesce(targets.unit, '') = coalesce(:unit, '')
        and {_ANNUAL_SQL} = (select {_ANNUAL_SQL} from targets where targets.id = :id)"""
    params = {"metric": target["metric"], "document": target["document_id"], "kind": target["kind"],
              "unit": target["unit"], "id": target_id}
    same_metric = [_shown(t) for t in dict_rows(
        conn, TARGETS_SQL + f" where {same} order by targets.rowid limit {COMPARED_ROWS}", params)] \
        if target["metric"] else []
    same_total = conn.execute(f"select count(*) from targets join documents on documents.id = targets.document_id "
                              f"where {same}", params).fetchone()[0] if target["metric"] else 0
    return {"target": target, "setting": setting, "delivering": delivering, "same_metric": same_metric,
            "same_total": same_total}
