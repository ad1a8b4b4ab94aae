"""What the targets' pages show, read from the KB (see kb.datasette_plugin.site_data): the targets overview with
its chart, and one target's page."""
from __future__ import annotations

from ..rows import dict_rows, first_row
from ..target_text import format_value, label_of_row
from .site_data import TARGETS_SQL

TARGETS_PAGE = 100  # targets a page of /targets lists
COMPARED_ROWS = 10  # documents shown per shared indicator
COMPARED_UP_TO = 2_000  # targets in the KB up to which /targets lines shared indicators up side by side


def targets_overview(conn, after: int = 0) -> dict:
    """A page of targets in document order (keyset: the rowid after which it starts, Datasette's ``_next``),
    the number of targets no clause delivers (with the first few), and the indicators several documents set, each
    with its first documents. A few set-based queries, whatever the size of the KB."""
    targets = [dict(t, label=label_of_row(t), value_text=format_value(t["value"], t["unit"]))
               for t in dict_rows(conn, TARGETS_SQL.replace("select targets.*", "select targets.rowid as position, "
                                                                           "targets.*")
                              + " where targets.rowid > ? order by targets.rowid limit ?", [after, TARGETS_PAGE + 1])]
    next_key = targets[TARGETS_PAGE - 1]["position"] if len(targets) > TARGETS_PAGE else None
    targets = targets[:TARGETS_PAGE]
    total = conn.execute("select count(*) from targets").fetchone()[0]
    undelivered = conn.execute("select count(*) from targets where not exists (select 1 from target_links "
                               "where target_links.target_id = targets.id)").fetchone()[0]
    without = [dict(t, label=label_of_row(t)) for t in dict_rows(conn, TARGETS_SQL + """ where not exists
        (select 1 from target_links where target_links.target_id = targets.id) order by targets.rowid limit 20""")]
    compared = []
    for metric, name, documents in conn.execute("""select targets.metric, coalesce(metrics.description,
            targets.metric), count(distinct targets.document_id) as n from targets
            left join metrics on metrics.id = targets.metric where targets.metric is not null
            group by targets.metric having n > 1 order by n desc, targets.metric limit 12""").fetchall():
        # Side by side where the KB is small; in a large one each indicator links to its rows (a target's own
        # page lines up the first documents that share it).
        rows = [] if total > COMPARED_UP_TO else [dict(t, value_text=format_value(t["value"], t["unit"])) for t in dict_rows(
            conn, TARGETS_SQL + " where targets.metric = ? order by targets.document_id, targets.rowid limit ?",
            [metric, COMPARED_ROWS])]
        compared.append({"metric": metric, "name": name, "documents": documents, "rows": rows})
    return {"targets": targets, "total": total, "next": next_key, "after": after, "compared": compared,
            "without_delivery": without, "undelivered": undelivered}


def coverage_chart_spec(conn, after: int = 0) -> dict:
    """A vega-lite bar chart: how many clauses deliver each target of a page of /targets, coloured by document."""
    values = [{"目标": label_of_row(t), "落实条文数": t["delivering_clauses"], "文件": t["document_title"]}
              for t in dict_rows(conn, TARGETS_SQL + " where targets.rowid > ? order by targets.rowid limit ?",
                             [after, TARGETS_PAGE])]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "各目标的落实条文数",
        "width": 420,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "目标", "type": "nominal", "sort": None, "axis": {"labelLimit": 360, "title": None}},
            "x": {"field": "落实条文数", "type": "quantitative", "axis": {"tickMinStep": 1}},
            "color": {"field": "文件", "type": "nominal", "legend": {"orient": "bottom", "labelLimit": 400}},
        },
        "config": {"font": "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif"},
    }


def target_page(conn, target_id: str) -> dict | None:
    """A target's page: the target with its label and value as printed, the clause setting it, the clauses
    delivering it (best first), and the first targets of other documents with the same metric and their number;
    None for no such target."""
    target = first_row(conn, TARGETS_SQL + " where targets.id = ?", [target_id])
    if target is None:
        return None
    target["label"] = label_of_row(target)
    target["value_text"] = format_value(target["value"], target["unit"])
    setting = first_row(conn, "select id, text from clauses where id = ?", [target["clause_id"]])
    delivering = dict_rows(conn, """select clauses.id, clauses.text, target_links.score, target_links.matched,
        target_links.rule_id from target_links join clauses on clauses.id = target_links.clause_id
        where target_links.target_id = ? order by target_links.score desc, clauses.ordinal""", [target_id])
    # The same indicator in other documents: the first COMPARED_ROWS in document order (the index on metric
    # keeps this bounded however many documents set it), and how many there are in all.
    same_metric = [dict(t, value_text=format_value(t["value"], t["unit"])) for t in dict_rows(
        conn, TARGETS_SQL + " where targets.metric = ? order by targets.rowid limit ?",
        [target["metric"], COMPARED_ROWS])] if target["metric"] else []
    same_total = conn.execute("select count(*) from targets where metric = ?", [target["metric"]]).fetchone()[0] \
        if target["metric"] else 0
    return {"target": target, "setting": setting, "delivering": delivering, "same_metric": same_metric,
            "same_total": same_total}
