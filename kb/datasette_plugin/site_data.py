"""What the public pages show, read from the KB: plain functions of a sqlite3 connection returning dicts and lists,
so each page's content is testable without a browser. The views (kb.datasette_plugin.views) run them through
Datasette's ``execute_fn`` and hand the result to a template."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from urllib.parse import quote

from markupsafe import Markup, escape

from ..corpus import web_address
from ..dates import title_period
from ..draft import areas_of_unit_tags, units_printed_as
from ..store import TASK_TAG_CONDITION, units_answering_for
from ..search import count_matches, fts_match_expression, highlight, ranked_search, register_functions
from ..target_text import format_value, target_label as label_of_target
from ..vocabulary import BASIS_LABELS, ROLE_LABELS

# A unit page lists inferred tags apart, under the basis's label.
ROLE_NAMES = {**ROLE_LABELS, "inferred": f"{ROLE_LABELS['candidate']}({BASIS_LABELS['inferred']},待确认)"}
UNIT_PAGE_ROLES = ["lead", "cooperate", "addressee", "mentioned", "inferred"]
SEARCH_PAGE_SIZE = 50
RANK_LIMIT = 20_000  # matches ranked by relevance; more are listed in document order
FACET_LIMIT = 5_000  # matches counted by facet (six grouped counts); more: refine the query first


def path_segment(text: str, keep_chinese: bool = False) -> str:
    """``text`` as one segment of a link's path, percent-encoded (UTF-8): ``/ ? # % &``, spaces and everything
    but ASCII letters, digits and ``-._~``. ``keep_chinese``: printable non-ASCII characters stay as they are
    (a browser sends them percent-encoded, the same request). The route decodes the segment back to ``text``."""
    return "".join(ch if (ch.isascii() and (ch.isalnum() or ch in "-._~"))
                   or (keep_chinese and not ch.isascii() and ch.isprintable() and not ch.isspace())
                   else quote(ch, safe="") for ch in str(text))


def unit_path(name: str) -> str:
    """The path of a unit's page under the site's base: ``unit/`` and its name as one path segment (a name
    holding ``?``, ``#`` or ``/`` still leads to its page)."""
    return "unit/" + path_segment(name)


def unit_draft_path(name: str, fmt: str) -> str:
    """The path of a unit's draft download under the site's base, its name kept readable (Chinese as it is)."""
    return f"unit/{path_segment(name, keep_chinese=True)}/draft.{fmt}"


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _one(conn, sql, params=()) -> dict | None:
    rows = _rows(conn, sql, params)
    return rows[0] if rows else None


def target_label(target: dict) -> str:
    return label_of_target(target.get("metric_name") or target.get("wording"), target.get("comparator"),
                           target.get("value"), target.get("unit"), target.get("year"), target.get("period"),
                           target.get("baseline"), target.get("value_max"))


TARGETS_SQL = """
select targets.*, coalesce(metrics.description, targets.metric) as metric_name, documents.title as document_title,
       documents.level as document_level,
       (select count(*) from target_links where target_links.target_id = targets.id) as delivering_clauses
from targets
left join metrics on metrics.id = targets.metric
join documents on documents.id = targets.document_id
"""


def marked_html(text: str, offset: int, spans: list[dict]) -> Markup:
    """A clause's text, escaped, with target and citation spans (document offsets) made into links."""
    pieces, position = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = span["start"] - offset, span["end"] - offset
        if start < position or start < 0 or end > len(text):
            continue  # overlapping or outside this clause
        pieces.append(str(escape(text[position:start])))
        title = f' title="{escape(span["title"])}"' if span.get("title") else ""
        inner = str(escape(text[start:end]))
        if span.get("href"):
            pieces.append(f'<a class="{span["class"]}" href="{escape(span["href"])}"{title}>{inner}</a>')
        else:
            pieces.append(f'<span class="{span["class"]}"{title}>{inner}</span>')
        position = end
    pieces.append(str(escape(text[position:])))
    return Markup("".join(pieces))


def _clause_spans(conn, clause_ids: list[str], base: str) -> dict[str, list[dict]]:
    """Target and citation spans of each clause, as links into the site."""
    spans = defaultdict(list)
    if not clause_ids:
        return spans
    marks = ",".join("?" * len(clause_ids))
    for t in _rows(conn, f"select targets.id, clause_id, span_start, span_end, comparator, value, targets.unit, year, "
                         f"wording, coalesce(metrics.description, metric) as metric_name from targets left join "
                         f"metrics on metrics.id = targets.metric where clause_id in ({marks})", clause_ids):
        spans[t["clause_id"]].append({"start": t["span_start"], "end": t["span_end"], "class": "kb-target",
                                      "href": f"{base}target/{t['id']}", "title": "目标:" + target_label(t)})
    for c in _rows(conn, f"select citations.*, documents.text_available, documents.source_url from citations "
                         f"left join documents on documents.id = citations.document_id "
                         f"where clause_id in ({marks})", clause_ids):
        if c["document_id"]:
            title = "引用:本库收录全文" if c["text_available"] else "引用:本库未收录全文,仅登记"
            spans[c["clause_id"]].append({"start": c["span_start"], "end": c["span_end"], "class": "kb-citation",
                                          "href": f"{base}doc/{c['document_id']}", "title": title})
        else:
            spans[c["clause_id"]].append({"start": c["span_start"], "end": c["span_end"],
                                          "class": "kb-citation kb-unresolved", "title": "引用:未在库中登记"})
    return spans


def _tags_by_clause(conn, document_id: str) -> dict[str, dict]:
    tags = defaultdict(lambda: {"areas": [], "units": []})
    for row in _rows(conn, """
        select clause_areas.clause_id, areas.id, areas.name from clause_areas
        join areas on areas.id = clause_areas.area_id join clauses on clauses.id = clause_areas.clause_id
        where clauses.document_id = ? and areas.kind = 'thematic' and areas.parent_id is not null
        group by clause_areas.clause_id, areas.id order by min(clause_areas.span_start)""", [document_id]):
        tags[row["clause_id"]]["areas"].append({"id": row["id"], "name": row["name"]})
    for row in _rows(conn, """
        select clause_units.clause_id, unit_id, role, basis from clause_units
        join clauses on clauses.id = clause_units.clause_id where clauses.document_id = ?
        order by clause_units.span_start""", [document_id]):
        tags[row["clause_id"]]["units"].append(
            {"name": row["unit_id"], "role": row["role"], "basis": row["basis"],
             "label": ROLE_NAMES["inferred"] if row["basis"] == "inferred" else ROLE_NAMES.get(row["role"], row["role"])})
    return tags


HOME_DOCUMENTS = 50  # documents the home page lists; the rest are a click away (Datasette's documents table)
HOME_TARGETS = 20


def home(conn) -> dict:
    """The newest documents with text first, the first targets, and the KB's counts: a few bounded queries."""
    documents = _rows(conn, """
        select documents.id, title, doc_number, issuer, issued_date, level, kind, parent_id, text_available,
               source_url, (select count(*) from clauses where clauses.document_id = documents.id) as clauses
        from documents order by text_available desc, coalesce(issued_date, '') desc, id limit ?""",
                      [HOME_DOCUMENTS])
    targets = _rows(conn, TARGETS_SQL + " order by targets.rowid limit ?", [HOME_TARGETS])
    for t in targets:
        t["label"] = target_label(t)
        section = _one(conn, "select coalesce(sections.path_label, '') as path from clauses left join sections "
                             "on sections.id = clauses.section_id where clauses.id = ?", [t["clause_id"]])
        t["place"] = (section or {}).get("path") or t["document_title"]
    counts = _one(conn, """select (select count(*) from documents where text_available = 1) as documents,
        (select count(*) from clauses) as clauses, (select count(*) from targets) as targets,
        (select count(distinct unit_id) from clause_units) as units""")
    all_documents = conn.execute("select count(*) from documents").fetchone()[0]
    return {"documents": documents, "targets": targets, "counts": counts, "all_documents": all_documents}


def document_page(conn, document_id: str, base: str) -> dict | None:
    document = _one(conn, "select * from documents where id = ?", [document_id])
    if document is None:
        return None
    document["parent"] = _one(conn, "select id, title, doc_number from documents where id = ?",
                              [document["parent_id"]]) if document["parent_id"] else None
    document["children"] = _rows(conn, "select id, title from documents where parent_id = ? order by id",
                                 [document_id])
    document["addressees"] = json.loads(document["addressees"]) if document["addressees"] else []
    document["attachments"] = json.loads(document["attachments"]) if document["attachments"] else []
    cited_by = _rows(conn, """select citations.clause_id, clauses.text, clauses.document_id, documents.title
        from citations join clauses on clauses.id = citations.clause_id
        join documents on documents.id = clauses.document_id where citations.document_id = ?
        order by clauses.document_id, clauses.ordinal""", [document_id])
    clauses = _rows(conn, """select clauses.*, sections.level as section_level, sections.kind as section_kind
        from clauses left join sections on sections.id = clauses.section_id
        where clauses.document_id = ? order by clauses.ordinal""", [document_id])
    spans = _clause_spans(conn, [c["id"] for c in clauses], base)
    tags = _tags_by_clause(conn, document_id)
    blocks = []  # one block a printed paragraph: a heading line, or a paragraph of clauses
    for clause in clauses:
        clause["html"] = marked_html(clause["text"], clause["char_start"], spans.get(clause["id"], []))
        clause["tags"] = tags.get(clause["id"], {"areas": [], "units": []})
        key = (clause["section_id"], clause["paragraph"])
        if blocks and (blocks[-1]["key"] == key or clause["kind"] == blocks[-1]["kind"] == "title"):
            # A title printed over two lines (its name, then its period) is one heading.
            blocks[-1]["clauses"].append(clause)
            continue
        if clause["kind"] == "heading":
            kind, level = "heading", min(6, (clause["section_level"] or 1) + 1)
        else:
            kind, level = clause["kind"], None
        blocks.append({"key": key, "kind": kind, "level": level, "section_id": clause["section_id"],
                       "section_kind": clause["section_kind"], "clauses": [clause]})
    for block in blocks:
        if block["kind"] == "heading" and any(c["kind"] != "heading" for c in block["clauses"]):
            # (二)知识产权量质提升行动。实施…: a paragraph with a run-in title is a paragraph, its title in bold.
            block["kind"], block["level"] = "runin", None
    contents = [{"id": b["section_id"], "level": b["level"] or 4,
                 "text": "".join(c["text"] for c in b["clauses"] if c["kind"] == "heading").rstrip("。")}
                for b in blocks if b["kind"] in ("heading", "runin") and b["section_id"]]
    document["validity"] = _validity(document)
    # Only an http(s) address is a link: a javascript:, data: or vbscript: "address" in a KB is never one.
    document["source_link"] = web_address(document["source_url"])
    parent_title = document["parent"]["title"] if document["parent"] else ""
    document["parent_verb"] = "转发" if "转发" in (parent_title or "") else "印发"
    document["children_verb"] = "转发" if "转发" in (document["title"] or "") else "印发"
    return {"document": document, "blocks": blocks, "cited_by": cited_by, "contents": contents,
            "targets": [dict(t, label=target_label(t)) for t in
                        _rows(conn, TARGETS_SQL + " where targets.document_id = ? order by targets.rowid",
                              [document_id])]}


def _validity(document: dict) -> str | None:
    """时效性 of a plan whose title gives its period (…(2015—2020年)): 已到期 once its last year is past."""
    import datetime

    period = title_period(document.get("title"))
    if not period:
        return None
    first, last = period
    if last < datetime.date.today().year:
        return f"已到期(实施期 {first}—{last} 年)"
    return f"实施中(至 {last} 年)"


def breadcrumb(conn, section_id: str | None) -> list[dict]:
    trail = []
    while section_id:
        section = _one(conn, "select id, parent_id, number, heading, document_id from sections where id = ?",
                       [section_id])
        if section is None:
            break
        trail.append(section)
        section_id = section["parent_id"]
    return list(reversed(trail))


def clause_page(conn, clause_id: str, base: str) -> dict | None:
    from . import CLAUSE_TAGS_SQL, clause_tags

    clause = _one(conn, "select clauses.*, documents.title as document_title from clauses "
                        "join documents on documents.id = clauses.document_id where clauses.id = ?", [clause_id])
    if clause is None:
        return None
    clause["html"] = marked_html(clause["text"], clause["char_start"],
                                 _clause_spans(conn, [clause_id], base).get(clause_id, []))
    neighbours = _rows(conn, """select id, text, ordinal from clauses where document_id = ?
        and ordinal between ? and ? and id != ? order by ordinal""",
                       [clause["document_id"], clause["ordinal"] - 2, clause["ordinal"] + 2, clause_id])
    targets = [dict(t, label=target_label(t)) for t in
               _rows(conn, TARGETS_SQL + " where targets.clause_id = ? order by targets.rowid", [clause_id])]
    delivers = [dict(t, label=target_label(t)) for t in _rows(conn, TARGETS_SQL + """
        join target_links on target_links.target_id = targets.id where target_links.clause_id = ?
        order by targets.rowid""", [clause_id])]
    citations = [dict(c, source_link=web_address(c["source_url"])) for c in _rows(conn, """select citations.*,
        documents.title as document_title, documents.text_available, documents.source_url from citations
        left join documents on documents.id = citations.document_id
        where clause_id = ? order by span_start""", [clause_id])]
    trail = breadcrumb(conn, clause["section_id"])
    # A clause is titled by its heading (the last of its path), never by its id, which stays its permalink.
    last = trail[-1] if trail else None
    clause_title = (f"{last['number'] or ''}{last['heading'] or ''}" if last else "") or clause["document_title"]
    return {"clause": clause, "clause_title": clause_title, "breadcrumb": trail, "neighbours": neighbours,
            "tags": clause_tags(conn.execute(CLAUSE_TAGS_SQL, {"id": clause_id}).fetchall()), "targets": targets,
            "delivers": delivers,
            "citations": citations}


TARGETS_PAGE = 100  # targets a page of /targets lists
COMPARED_ROWS = 10  # documents shown per shared indicator
COMPARED_UP_TO = 2_000  # targets in the KB up to which /targets lines shared indicators up side by side


def targets_overview(conn, after: int = 0) -> dict:
    """A page of targets in document order (keyset: the rowid after which it starts, Datasette's ``_next``),
    the number of targets no clause delivers (with the first few), and the indicators several documents set, each
    with its first documents. A few set-based queries, whatever the size of the KB."""
    targets = [dict(t, label=target_label(t), value_text=format_value(t["value"], t["unit"]))
               for t in _rows(conn, TARGETS_SQL.replace("select targets.*", "select targets.rowid as position, "
                                                                           "targets.*")
                              + " where targets.rowid > ? order by targets.rowid limit ?", [after, TARGETS_PAGE + 1])]
    next_key = targets[TARGETS_PAGE - 1]["position"] if len(targets) > TARGETS_PAGE else None
    targets = targets[:TARGETS_PAGE]
    total = conn.execute("select count(*) from targets").fetchone()[0]
    undelivered = conn.execute("select count(*) from targets where not exists (select 1 from target_links "
                               "where target_links.target_id = targets.id)").fetchone()[0]
    without = [dict(t, label=target_label(t)) for t in _rows(conn, TARGETS_SQL + """ where not exists
        (select 1 from target_links where target_links.target_id = targets.id) order by targets.rowid limit 20""")]
    compared = []
    for metric, name, documents in conn.execute("""select targets.metric, coalesce(metrics.description,
            targets.metric), count(distinct targets.document_id) as n from targets
            left join metrics on metrics.id = targets.metric where targets.metric is not null
            group by targets.metric having n > 1 order by n desc, targets.metric limit 12""").fetchall():
        # Side by side where the KB is small; in a large one each indicator links to its rows (a target's own
        # page lines up the first documents that share it).
        rows = [] if total > COMPARED_UP_TO else [dict(t, value_text=format_value(t["value"], t["unit"])) for t in _rows(
            conn, TARGETS_SQL + " where targets.metric = ? order by targets.document_id, targets.rowid limit ?",
            [metric, COMPARED_ROWS])]
        compared.append({"metric": metric, "name": name, "documents": documents, "rows": rows})
    return {"targets": targets, "total": total, "next": next_key, "after": after, "compared": compared,
            "without_delivery": without, "undelivered": undelivered}


def coverage_chart_spec(conn, after: int = 0) -> dict:
    """A vega-lite bar chart: how many clauses deliver each target of a page of /targets, coloured by document."""
    values = [{"目标": target_label(t), "落实条文数": t["delivering_clauses"], "文件": t["document_title"]}
              for t in _rows(conn, TARGETS_SQL + " where targets.rowid > ? order by targets.rowid limit ?",
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
    target = _one(conn, TARGETS_SQL + " where targets.id = ?", [target_id])
    if target is None:
        return None
    target["label"] = target_label(target)
    target["value_text"] = format_value(target["value"], target["unit"])
    setting = _one(conn, "select id, text from clauses where id = ?", [target["clause_id"]])
    delivering = _rows(conn, """select clauses.id, clauses.text, target_links.score, target_links.matched,
        target_links.rule_id from target_links join clauses on clauses.id = target_links.clause_id
        where target_links.target_id = ? order by target_links.score desc, clauses.ordinal""", [target_id])
    # The same indicator in other documents: the first COMPARED_ROWS in document order (the index on metric
    # keeps this bounded however many documents set it), and how many there are in all.
    same_metric = [dict(t, value_text=format_value(t["value"], t["unit"])) for t in _rows(
        conn, TARGETS_SQL + " where targets.metric = ? order by targets.rowid limit ?",
        [target["metric"], COMPARED_ROWS])] if target["metric"] else []
    same_total = conn.execute("select count(*) from targets where metric = ?", [target["metric"]]).fetchone()[0] \
        if target["metric"] else 0
    return {"target": target, "setting": setting, "delivering": delivering, "same_metric": same_metric,
            "same_total": same_total}


def units_index(conn) -> list[dict]:
    # unit_counts: the counts the build made, a few rows per unit, not a scan of every clause_units row.
    return _rows(conn, """select units.id, units.level, units.kind, units.jurisdiction,
        sum(case when c.basis != 'inferred' and c.role = 'lead' then c.clauses else 0 end) as lead,
        sum(case when c.basis != 'inferred' and c.role = 'cooperate' then c.clauses else 0 end) as cooperate,
        sum(case when c.basis = 'explicit' and c.role = 'addressee' then c.clauses else 0 end) as addressee,
        sum(case when c.basis = 'explicit' and c.role = 'mentioned' then c.clauses else 0 end) as mentioned,
        sum(case when c.basis = 'inferred' then c.clauses else 0 end) as inferred, sum(c.clauses) as total
        from units join unit_counts c on c.unit_id = units.id
        group by units.id order by total desc, units.id""")


UNIT_PAGE_ROWS = 300  # tasks of one role a unit's page lists; the rest are in the unit_tasks table


def unit_page(conn, unit: str) -> dict | None:
    facts = _one(conn, "select * from units where id = ?", [unit])
    if facts is None:
        named = units_printed_as(conn, unit)  # the name as a text prints it (市科委): the one unit it stands for
        if len(named) != 1:
            return None
        facts = _one(conn, "select * from units where id = ?", named)
    unit = facts["id"]
    answering = units_answering_for(conn, unit)  # a successor answers for the units it took over
    marks = ", ".join("?" * len(answering))
    counts: dict[tuple[str, str], int] = {}
    for role, basis, n in conn.execute(f"select role, basis, clauses from unit_counts where unit_id in ({marks})",
                                       answering):
        counts[(role, basis)] = counts.get((role, basis), 0) + n
    rows = []
    for role in UNIT_PAGE_ROLES:
        # At most UNIT_PAGE_ROWS tasks of each role on the page, in document order; the counts are all of them.
        basis = "clause_units.basis = 'inferred'" if role == "inferred" else \
            "clause_units.basis != 'inferred' and clause_units.role = ?"
        rows += _rows(conn, f"""select clause_units.*, clauses.text, clauses.document_id, clauses.ordinal,
            clauses.section_id, documents.title as document_title from clause_units
            join clauses on clauses.id = clause_units.clause_id join documents on documents.id = clauses.document_id
            where unit_id in ({marks}) and {basis} and {TASK_TAG_CONDITION}
            order by clauses.rowid limit ?""", [*answering, *([] if role == "inferred" else [role]), UNIT_PAGE_ROWS])
    areas = dict(zip(((r["clause_id"], r["span_start"]) for r in rows), areas_of_unit_tags(conn, rows)))
    sections = []
    for role in UNIT_PAGE_ROLES:
        picked = [r for r in rows if (r["basis"] == "inferred") == (role == "inferred")
                  and (role == "inferred" or r["role"] == role)]
        count = sum(n for (r, b), n in counts.items() if (b == "inferred") == (role == "inferred")
                    and (role == "inferred" or r == role))
        groups: dict[str, dict] = {}
        for r in picked:
            area_id, area_name = areas[(r["clause_id"], r["span_start"])]
            groups.setdefault(area_id, {"id": area_id, "name": area_name, "rows": []})["rows"].append(r)
        sections.append({"role": role, "name": ROLE_NAMES[role], "count": count, "shown": len(picked),
                         "groups": list(groups.values())})
    # A draft only for an implementer: a unit the plans ask to lead or cooperate (or that one is inferred to do
    # so), not one they only mention (国务院 as the author of a cited document, a bank, an association).
    implements = any(n for (role, basis), n in counts.items() if role in ("lead", "cooperate") or basis == "inferred")
    return {"unit": facts, "sections": sections, "total": sum(counts.values()), "implements": implements,
            "predecessors": answering[1:]}


def areas_index(conn) -> list[dict]:
    """The thematic areas with their clause counts (one grouped count: a clause has an area by one rule only, so
    rows are clauses). The documents' own parts are on each document's page and in the search's facets."""
    counts = dict(conn.execute("""select area_id, count(*) from clause_areas where area_id in
        (select id from areas where kind = 'thematic') group by area_id""").fetchall())
    return [dict(a, clauses=counts.get(a["id"], 0)) for a in _rows(conn, """select id, name, kind, parent_id
        from areas where kind = 'thematic' order by parent_id is not null, rowid""")]


FACETS = {
    "document": ("文件", "select clauses.document_id as value, documents.title as label, count(*) as n from "
                        "clauses join documents on documents.id = clauses.document_id where clauses.rowid in "
                        "({matched}) group by 1 order by n desc, 1"),
    # Themes and the document's own parts are different things; so are units a clause names and units inferred
    # from a competence: each is a facet of its own.
    "area": ("主题", "select areas.id as value, areas.name as label, count(distinct clause_areas.clause_id) as n "
                    "from clause_areas join areas on areas.id = clause_areas.area_id join clauses on clauses.id = "
                    "clause_areas.clause_id where clauses.rowid in ({matched}) and areas.kind = 'thematic' "
                    "group by 1 order by n desc, 1"),
    "part": ("文件部分", "select areas.id as value, areas.name as label, count(distinct clause_areas.clause_id) as n "
                      "from clause_areas join areas on areas.id = clause_areas.area_id join clauses on clauses.id = "
                      "clause_areas.clause_id where clauses.rowid in ({matched}) and areas.kind = 'structural' "
                      "group by 1 order by n desc, 1"),
    "unit": ("点名的单位", "select unit_id as value, unit_id as label, count(distinct clause_units.clause_id) as n "
                       "from clause_units join clauses on clauses.id = clause_units.clause_id where clauses.rowid in "
                       "({matched}) and clause_units.basis != 'inferred' group by 1 order by n desc, 1"),
    "inferred": ("按职责推断的单位", "select unit_id as value, unit_id as label, count(distinct clause_units.clause_id) "
                             "as n from clause_units join clauses on clauses.id = clause_units.clause_id where "
                             "clauses.rowid in ({matched}) and clause_units.basis = 'inferred' group by 1 "
                             "order by n desc, 1"),
    "modality": ("情态", "select modality as value, modality as label, count(*) as n from clauses where rowid in "
                        "({matched}) and modality is not null group by 1 order by n desc, 1"),
}
FILTERS = {
    "document": "clauses.document_id = :document",
    "area": "clauses.id in (select clause_id from clause_areas where area_id = :area)",
    "part": "clauses.id in (select clause_id from clause_areas where area_id = :part)",
    "unit": "clauses.id in (select clause_id from clause_units where unit_id = :unit and basis != 'inferred')",
    "inferred": "clauses.id in (select clause_id from clause_units where unit_id = :inferred and basis = 'inferred')",
    "modality": "clauses.modality = :modality",
}


ORDERS = {"relevance": "按相关度", "document": "按原文顺序"}
EXPORT_LIMIT = 5_000  # search results a spreadsheet holds


def search_rows(conn, query: str, filters: dict[str, str], limit: int = EXPORT_LIMIT) -> list[dict]:
    """Every clause of a search (the same match as the search page, in document order), up to ``limit``: its id,
    document, heading path, kind and modality in Chinese, and its text. For the spreadsheet download."""
    from ..vocabulary import CLAUSE_KIND_LABELS

    register_functions(conn)
    active = {k: v for k, v in filters.items() if k in FILTERS and v}
    where = " and ".join(["clauses_fts match :match"] + [FILTERS[k] for k in active])
    rows = _rows(conn, f"""select clauses.id, documents.title as document_title,
        coalesce(sections.path_label, '') as breadcrumb, clauses.kind, coalesce(clauses.modality, '') as modality,
        clauses.text from clauses_fts join clauses on clauses.rowid = clauses_fts.rowid
        join documents on documents.id = clauses.document_id left join sections on sections.id = clauses.section_id
        where {where} order by clauses_fts.rowid limit {int(limit)}""",
                 {"match": fts_match_expression(query), **active})
    for row in rows:
        row["kind"] = CLAUSE_KIND_LABELS.get(row["kind"], row["kind"])
    return rows
QUERY_SHOWN = 40  # characters of the query a heading repeats


def search_page(conn, query: str, filters: dict[str, str], page: int = 1, order: str = "relevance") -> dict:
    """Clauses with every term of ``query`` (the one query translator, kb.search), narrowed by facet filters,
    ranked by bm25 (``order`` relevance) or in the documents' order (``order`` document), with the match
    highlighted, each labelled with its heading path, and facet counts over all the matches. A query that names a
    unit (its name or an alias) suggests the unit's page."""
    register_functions(conn)
    active = {k: v for k, v in filters.items() if k in FILTERS and v}
    where = " and ".join(["clauses_fts match :match"] + [FILTERS[k] for k in active])
    params = {"match": fts_match_expression(query), **active}
    matched = f"select clauses.rowid from clauses_fts join clauses on clauses.rowid = clauses_fts.rowid where {where}"
    start = (max(page, 1) - 1) * SEARCH_PAGE_SIZE
    shown = []
    if active:
        total = conn.execute(f"select count(*) from ({matched})", params).fetchone()[0]
    elif order == "relevance" and query.strip():
        # Without filters the count and the page come from one ranked search (kb.ranked), any number of matches.
        total, shown = ranked_search(conn, query, start + SEARCH_PAGE_SIZE)
        shown = shown[start:]
    else:
        total = count_matches(conn, query)
    # Ranking with filters reads every match (FTS5's bm25); past RANK_LIMIT matches such a page lists them in
    # document order, which the index gives in order.
    ranked = order == "relevance" and bool(query.strip()) and (total <= RANK_LIMIT or not active)
    if not shown:
        # Without filters the page is chosen inside the index alone, never joining every match.
        source = "clauses_fts" if not active else "clauses_fts join clauses on clauses.rowid = clauses_fts.rowid"
        shown = [r[0] for r in conn.execute(f"""select clauses_fts.rowid from {source} where {where}
            order by {'bm25(clauses_fts), ' if ranked else ''}clauses_fts.rowid
            limit {SEARCH_PAGE_SIZE} offset {start}""", params)]
    hits = []
    if shown:
        by_rowid = {r["rowid"]: r for r in _rows(conn, f"""select clauses.rowid, clauses.id, clauses.text,
            clauses.document_id, clauses.modality, documents.title as document_title,
            coalesce(sections.path_label, '') as breadcrumb from clauses
            join documents on documents.id = clauses.document_id left join sections on sections.id = clauses.section_id
            where clauses.rowid in ({','.join(map(str, shown))})""")}
        for rowid in shown:
            hit = by_rowid[rowid]
            hit["highlighted"] = Markup(highlight(hit["text"], query))
            hits.append(hit)
    facets = []
    if 0 < total <= FACET_LIMIT:
        for name, (label, sql) in FACETS.items():
            values = _rows(conn, sql.format(matched=matched), params)
            facets.append({"name": name, "label": label, "options": values[:15], "active": active.get(name)})
    labels = {f["name"]: {o["value"]: o["label"] for o in f["options"]} for f in facets}
    shown_filters = [{"name": name, "label": FACETS[name][0], "value": value,
                      "value_label": labels.get(name, {}).get(value) or _filter_value_label(conn, name, value)}
                     for name, value in active.items()]
    return {"query": query, "query_shown": query if len(query) <= QUERY_SHOWN else query[:QUERY_SHOWN] + "…",
            "filters": active, "shown_filters": shown_filters, "hits": hits, "total": total, "page": max(page, 1),
            "pages": (total + SEARCH_PAGE_SIZE - 1) // SEARCH_PAGE_SIZE, "facets": facets, "ranked": ranked,
            "order": order, "orders": ORDERS, "too_many_for_facets": total > FACET_LIMIT,
            "suggested_units": _units_named(conn, query)}


def _filter_value_label(conn, name: str, value: str) -> str:
    if name == "document":
        row = conn.execute("select title from documents where id = ?", [value]).fetchone()
    elif name in ("area", "part"):
        row = conn.execute("select name from areas where id = ?", [value]).fetchone()
    else:
        row = None
    return row[0] if row else value


def _units_named(conn, query: str) -> list[str]:
    """Units whose name or alias is the query (自治区版权局, 版权局): the unit pages to suggest above the results."""
    wanted = query.strip()
    if not wanted or len(wanted) > 40:
        return []
    return [r[0] for r in conn.execute(
        "select id from units where id = ? or exists (select 1 from json_each(units.aliases) where value = ?) "
        "order by id = ? desc, id limit 5", [wanted, wanted, wanted])]
