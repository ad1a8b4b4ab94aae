"""What the public pages show, read from the KB: plain functions of a sqlite3 connection returning dicts and lists,
so each page's content is testable without a browser. The views (kb.datasette_plugin.views) run them through
Datasette's ``execute_fn`` and hand the result to a template. This module: the home page, a document, a clause,
the areas; the search page is kb.datasette_plugin.search_pages, the targets' pages are kb.datasette_plugin.target_pages, the units'
kb.datasette_plugin.unit_pages."""
from __future__ import annotations

import json
from collections import defaultdict

from markupsafe import Markup, escape

from ..corpus import web_address
from ..dates import title_period
from ..rows import dict_rows, first_row
from ..target_text import label_of_row
from ..tasks import page_role_label
from .align_pages import document_links
from .clause_tags import CLAUSE_TAGS_SQL, clause_tags



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
    for t in dict_rows(conn, f"select targets.id, clause_id, span_start, span_end, comparator, value, targets.unit, year, "
                         f"wording, coalesce(metrics.description, metric) as metric_name from targets left join "
                         f"metrics on metrics.id = targets.metric where clause_id in ({marks})", clause_ids):
        spans[t["clause_id"]].append({"start": t["span_start"], "end": t["span_end"], "class": "kb-target",
                                      "href": f"{base}target/{t['id']}", "title": "目标:" + label_of_row(t)})
    for c in dict_rows(conn, f"select citations.*, documents.text_available, documents.source_url from citations "
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
    for row in dict_rows(conn, """
        select clause_areas.clause_id, areas.id, areas.name from clause_areas
        join areas on areas.id = clause_areas.area_id join clauses on clauses.id = clause_areas.clause_id
        where clauses.document_id = ? and areas.kind = 'thematic' and areas.parent_id is not null
        group by clause_areas.clause_id, areas.id order by min(clause_areas.span_start)""", [document_id]):
        tags[row["clause_id"]]["areas"].append({"id": row["id"], "name": row["name"]})
    for row in dict_rows(conn, """
        select clause_units.clause_id, unit_id, role, basis from clause_units
        join clauses on clauses.id = clause_units.clause_id where clauses.document_id = ?
        order by clause_units.span_start""", [document_id]):
        tags[row["clause_id"]]["units"].append(
            {"name": row["unit_id"], "role": row["role"], "basis": row["basis"],
             "label": page_role_label(row["role"], row["basis"])})
    return tags


HOME_DOCUMENTS = 50  # documents the home page lists; the rest are a click away (Datasette's documents table)
HOME_TARGETS = 20


def home_page(conn) -> dict:
    """The newest documents with text first, the first targets, and the KB's counts: a few bounded queries.

    A document printed without a date of its own (a plan a notice 印发 or 转发) is dated by that notice:
    ``date`` is its own date or its notice's, ``date_note`` then says so (随通知印发 / 随通知转发), and the list is
    ordered by that date. A target's ``place`` is its clause's heading path, and ``document_title`` names its
    document, so targets of several documents are told apart."""
    documents = dict_rows(conn, """
        select documents.id, documents.title, documents.doc_number, documents.issuer, documents.issued_date,
               documents.level, documents.kind, documents.parent_id, documents.text_available, documents.source_url,
               parent.issued_date as parent_date, parent.title as parent_title,
               coalesce(documents.issued_date, parent.issued_date) as date,
               (select count(*) from clauses where clauses.document_id = documents.id) as clauses
        from documents left join documents as parent on parent.id = documents.parent_id
        order by documents.text_available desc, coalesce(documents.issued_date, parent.issued_date, '') desc,
                 documents.id limit ?""", [HOME_DOCUMENTS])
    for d in documents:
        d["date_note"] = (f"随通知{'转发' if '转发' in (d['parent_title'] or '') else '印发'}"
                          if not d["issued_date"] and d["parent_date"] else "")
    targets = dict_rows(conn, TARGETS_SQL + " order by targets.rowid limit ?", [HOME_TARGETS])
    for t in targets:
        t["label"] = label_of_row(t)
        section = first_row(conn, "select coalesce(sections.path_label, '') as path from clauses left join sections "
                             "on sections.id = clauses.section_id where clauses.id = ?", [t["clause_id"]])
        t["place"] = (section or {}).get("path") or "正文"
    counts = first_row(conn, """select (select count(*) from documents where text_available = 1) as documents,
        (select count(*) from clauses) as clauses, (select count(*) from targets) as targets,
        (select count(distinct unit_id) from clause_units) as units""")
    all_documents = conn.execute("select count(*) from documents").fetchone()[0]
    return {"documents": documents, "targets": targets, "counts": counts, "all_documents": all_documents}


def document_page(conn, document_id: str, base: str) -> dict | None:
    """A document's page: its facts (parent, children, addressees, attachments, validity, the documents it
    implements and those implementing it: align_pages.document_links), its text as blocks (one
    printed paragraph or heading each, its clauses marked with targets and citations as links under ``base``, and
    tagged with areas and units), its table of contents, the clauses citing it and its targets; None for no such
    document."""
    document = first_row(conn, "select * from documents where id = ?", [document_id])
    if document is None:
        return None
    document["parent"] = first_row(conn, "select id, title, doc_number from documents where id = ?",
                              [document["parent_id"]]) if document["parent_id"] else None
    document["children"] = dict_rows(conn, "select id, title from documents where parent_id = ? order by id",
                                 [document_id])
    document["addressees"] = json.loads(document["addressees"]) if document["addressees"] else []
    document["attachments"] = json.loads(document["attachments"]) if document["attachments"] else []
    cited_by = dict_rows(conn, """select citations.clause_id, clauses.text, clauses.document_id, documents.title
        from citations join clauses on clauses.id = citations.clause_id
        join documents on documents.id = clauses.document_id where citations.document_id = ?
        order by clauses.document_id, clauses.ordinal""", [document_id])
    clauses = dict_rows(conn, """select clauses.*, sections.level as section_level, sections.kind as section_kind
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
    document["implements"] = document_links(conn, document_id)  # parents and children (kb.align), bounded
    return {"document": document, "blocks": blocks, "cited_by": cited_by, "contents": contents,
            "targets": [dict(t, label=label_of_row(t)) for t in
                        dict_rows(conn, TARGETS_SQL + " where targets.document_id = ? order by targets.rowid",
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
    """The section and its ancestors, outermost first, each a dict of id, parent_id, number, heading and
    document_id; [] for None. One query: by kb.ids' id-prefix guarantee, a section's ancestors are the sections
    whose id, with a '.', opens its id."""
    if not section_id:
        return []
    return dict_rows(conn, "select id, parent_id, number, heading, document_id from sections "
                           "where document_id = (select document_id from sections where id = :id) "
                           "and (id = :id or substr(:id, 1, length(id) + 1) = id || '.') order by length(id)",
                     {"id": section_id})


def clause_page(conn, clause_id: str, base: str) -> dict | None:
    """A clause's page: its text marked with its targets and citations (links under ``base``), its title (its
    heading), breadcrumb and neighbours, its tags with their rules, the targets it sets and delivers and the
    documents it cites; None for no such clause."""
    clause = first_row(conn, "select clauses.*, documents.title as document_title from clauses "
                        "join documents on documents.id = clauses.document_id where clauses.id = ?", [clause_id])
    if clause is None:
        return None
    clause["html"] = marked_html(clause["text"], clause["char_start"],
                                 _clause_spans(conn, [clause_id], base).get(clause_id, []))
    neighbours = dict_rows(conn, """select id, text, ordinal from clauses where document_id = ?
        and ordinal between ? and ? and id != ? order by ordinal""",
                       [clause["document_id"], clause["ordinal"] - 2, clause["ordinal"] + 2, clause_id])
    targets = [dict(t, label=label_of_row(t)) for t in
               dict_rows(conn, TARGETS_SQL + " where targets.clause_id = ? order by targets.rowid", [clause_id])]
    delivers = [dict(t, label=label_of_row(t)) for t in dict_rows(conn, TARGETS_SQL + """
        join target_links on target_links.target_id = targets.id where target_links.clause_id = ?
        order by targets.rowid""", [clause_id])]
    citations = [dict(c, source_link=web_address(c["source_url"])) for c in dict_rows(conn, """select citations.*,
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
