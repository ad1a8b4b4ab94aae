"""The search page's content, read from the KB (kb.datasette_plugin.site_data's kind of module: plain functions of a
sqlite3 connection returning dicts): the query as the site accepts it, the matches of a page with their facets and
filters, related terms when few match, and the rows of the search's spreadsheet."""
from __future__ import annotations

from datasette.utils.asgi import BadRequest
from markupsafe import Markup

from ..rows import dict_rows
from ..search import (count_matches, fts_match_expression, highlight, nothing_to_search, ranked_search,
                      register_functions)
from ..suggest import SUGGEST_BELOW, related_terms

SEARCH_PAGE_SIZE = 50
RANK_LIMIT = 20_000  # matches ranked by relevance; more are listed in document order
FACET_LIMIT = 5_000  # matches counted by facet (six grouped counts); more: refine the query first


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
                       "({matched}) and clause_units.basis not in ('inferred', 'parent') group by 1 "
                       "order by n desc, 1"),
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
    "unit": "clauses.id in (select clause_id from clause_units where unit_id = :unit and basis not in "
            "('inferred', 'parent'))",
    "inferred": "clauses.id in (select clause_id from clause_units where unit_id = :inferred and basis = 'inferred')",
    "modality": "clauses.modality = :modality",
}


ORDERS = {"relevance": "按相关度", "document": "按原文顺序"}
EXPORT_LIMIT = 5_000  # search results a spreadsheet holds


def search_rows(conn, query: str, filters: dict[str, str], limit: int = EXPORT_LIMIT) -> list[dict]:
    """Every clause of a search (the same match as the search page, in document order), up to ``limit``: its id,
    document, heading path, kind and modality in Chinese, and its text, for the download (query: search_query)."""
    from ..vocabulary import CLAUSE_KIND_LABELS

    if nothing_to_search(query := search_query(query)):
        return []
    register_functions(conn)
    active = {k: v for k, v in filters.items() if k in FILTERS and v}
    where = " and ".join(["clauses_fts match :match"] + [FILTERS[k] for k in active])
    rows = dict_rows(conn, f"""select clauses.id, documents.title as document_title,
        coalesce(sections.path_label, '') as breadcrumb, clauses.kind, coalesce(clauses.modality, '') as modality,
        clauses.text from clauses_fts join clauses on clauses.rowid = clauses_fts.rowid
        join documents on documents.id = clauses.document_id left join sections on sections.id = clauses.section_id
        where {where} order by clauses_fts.rowid limit {int(limit)}""",
                 {"match": fts_match_expression(query), **active})
    for row in rows:
        row["kind"] = CLAUSE_KIND_LABELS.get(row["kind"], row["kind"])
    return rows
QUERY_SHOWN = 40  # characters of the query a heading repeats
QUERY_LIMIT = 200  # characters of a query the site accepts (a page repeats it in each of its links)


def search_query(raw: str | None) -> str:
    """The query searched for: ``raw`` (``q``), or "" (no query: what the filters keep) when absent or only
    whitespace (spaces, 　, line breaks). Raises BadRequest (a Chinese 400 page) past QUERY_LIMIT characters."""
    if len(raw or "") > QUERY_LIMIT:
        raise BadRequest(f"搜索词过长:最多 {QUERY_LIMIT} 个字,这次有 {len(raw)} 个字。请缩短后再搜索。")
    return raw if raw and raw.strip() else ""


def search_page(conn, query: str, filters: dict[str, str], page: int = 1, order: str = "relevance") -> dict:
    """Clauses with every term of ``query`` (the one query translator, kb.search), narrowed by facet filters,
    ranked by bm25 (``order`` relevance) or in the documents' order (``order`` document), with the match
    highlighted, each labelled with its heading path, and facet counts over all the matches. A query that names a
    unit (its name or an alias) suggests the unit's page; one finding fewer than SUGGEST_BELOW clauses suggests
    related terms of the KB (kb.suggest); one with nothing to search (",,,") finds nothing and says so
    (``no_terms``); ``query`` as search_query reads it (only whitespace: none; too long: BadRequest)."""
    register_functions(conn)
    query = search_query(query)
    active = {k: v for k, v in filters.items() if k in FILTERS and v}
    shown_query = query if len(query) <= QUERY_SHOWN else query[:QUERY_SHOWN] + "…"
    if nothing_to_search(query):
        return {"query": query, "query_shown": shown_query, "filters": active, "shown_filters": [], "hits": [],
                "total": 0, "page": 1, "pages": 0, "facets": [], "ranked": True, "order": order, "orders": ORDERS,
                "too_many_for_facets": False, "suggested_units": [], "related": [], "no_terms": True}
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
        by_rowid = {r["rowid"]: r for r in dict_rows(conn, f"""select clauses.rowid, clauses.id, clauses.text,
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
            values = dict_rows(conn, sql.format(matched=matched), params)
            facets.append({"name": name, "label": label, "options": values[:15], "active": active.get(name)})
    labels = {f["name"]: {o["value"]: o["label"] for o in f["options"]} for f in facets}
    shown_filters = [{"name": name, "label": FACETS[name][0], "value": value,
                      "value_label": labels.get(name, {}).get(value) or _filter_value_label(conn, name, value)}
                     for name, value in active.items()]
    return {"query": query, "query_shown": shown_query, "filters": active, "shown_filters": shown_filters, "hits": hits, "total": total, "page": max(page, 1),
            "pages": (total + SEARCH_PAGE_SIZE - 1) // SEARCH_PAGE_SIZE, "facets": facets, "ranked": ranked,
            "order": order, "orders": ORDERS, "too_many_for_facets": total > FACET_LIMIT,
            "suggested_units": _units_named(conn, query), "no_terms": False,
            "related": related_terms(conn, query) if total < SUGGEST_BELOW and not active else []}


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
