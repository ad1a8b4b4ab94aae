"""What the /areas page shows, read from the KB (see kb.datasette_plugin.site_data): the thematic areas under
their groups."""
from __future__ import annotations

from ..rows import dict_rows


def areas_index(conn) -> list[dict]:
    """The thematic areas as groups (知识产权类型, 功能, …), each a dict of id, name and ``areas``: its areas with
    their clause counts, in the rules' order (one grouped count: a clause has an area by one rule only, so rows are
    clauses). An area without a group is a group of its own. The documents' own parts are on each document's page
    and in the search's facets."""
    counts = dict(conn.execute("""select area_id, count(*) from clause_areas where area_id in
        (select id from areas where kind = 'thematic') group by area_id""").fetchall())
    areas = [dict(a, clauses=counts.get(a["id"], 0)) for a in dict_rows(conn, """select id, name, kind, parent_id
        from areas where kind = 'thematic' order by rowid""")]
    groups = {a["id"]: dict(a, areas=[]) for a in areas if not a["parent_id"]}
    for a in areas:
        if a["parent_id"] in groups:
            groups[a["parent_id"]]["areas"].append(a)
    for group in groups.values():
        if not group["areas"]:
            group["areas"] = [group]  # a top-level area with no children lists itself
    return list(groups.values())
