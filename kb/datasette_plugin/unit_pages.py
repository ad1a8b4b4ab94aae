"""What the units' pages show, read from the KB (see kb.datasette_plugin.site_data): the units index, a unit's page
(its tasks by kb.tasks), and the links to them and to a unit's draft."""
from __future__ import annotations

from urllib.parse import quote

from ..rows import first_row
from .align_pages import task_origins
from ..store.schema import units_answering_for
from ..tasks import (PAGE_ROLE_LABELS, SHOWN_ROLES, areas_of_tasks, implements, role_shown, shown_count, task_counts,
                     tasks_shown_as, units_printed_as, units_with_counts)


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


def units_index(conn) -> list[dict]:
    """Every unit with tasks and its task clauses under each shown role (kb.tasks.units_with_counts)."""
    return units_with_counts(conn)


UNIT_PAGE_ROWS = 300  # tasks of one role a unit's page lists; the rest are in the unit_tasks table


def unit_page(conn, unit: str) -> dict | None:
    """A unit's page: its facts, and per shown role (kb.tasks.SHOWN_ROLES) the count of its tasks and the first
    UNIT_PAGE_ROWS of them grouped by the plan's part, each with its ``origins`` (the parent tasks it carries down:
    align_pages.task_origins); its total, whether it gets a draft (kb.tasks.implements) and
    the units it took over. ``unit`` is its id or a name a text prints for it (市科委); None for no such unit."""
    facts = first_row(conn, "select * from units where id = ?", [unit])
    if facts is None:
        named = units_printed_as(conn, unit)  # the name as a text prints it (市科委): the one unit it stands for
        if len(named) != 1:
            return None
        facts = first_row(conn, "select * from units where id = ?", named)
    unit = facts["id"]
    answering = units_answering_for(conn, unit)  # a successor answers for the units it took over
    counts = task_counts(conn, answering)
    # At most UNIT_PAGE_ROWS tasks of each role on the page, in document order; the counts are all of them.
    rows = [row for shown in SHOWN_ROLES for row in tasks_shown_as(conn, answering, shown, UNIT_PAGE_ROWS)]
    areas = dict(zip(((r["clause_id"], r["span_start"]) for r in rows), areas_of_tasks(conn, rows)))
    origins = task_origins(conn, [r["clause_id"] for r in rows])  # where each task comes from in a parent
    for r in rows:
        r["origins"] = origins.get(r["clause_id"], [])
    sections = []
    for shown in SHOWN_ROLES:
        picked = [r for r in rows if role_shown(r["role"], r["basis"]) == shown]
        groups: dict[str, dict] = {}
        for r in picked:
            area_id, area_name = areas[(r["clause_id"], r["span_start"])]
            groups.setdefault(area_id, {"id": area_id, "name": area_name, "rows": []})["rows"].append(r)
        sections.append({"role": shown, "name": PAGE_ROLE_LABELS[shown], "count": shown_count(counts, shown),
                         "shown": len(picked), "groups": list(groups.values())})
    return {"unit": facts, "sections": sections, "total": sum(counts.values()), "implements": implements(counts),
            "predecessors": answering[1:]}
