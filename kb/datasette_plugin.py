"""The Datasette side of kb: the search functions on every connection, and rendering of highlighted matches.

Registered through the ``datasette`` entry point in pyproject.toml, so any Datasette in the environment loads it.
"""
from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from .search import MATCH_END, MATCH_START, register_functions


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: Datasette registers its own escape_fts() on every connection; ours must be the one that stays.
    register_functions(conn)


@hookimpl
def render_cell(value, column, table, database, datasette):
    if isinstance(value, str) and MATCH_START in value:
        # kb_highlight() marks matches with private-use characters; everything else is escaped here.
        return Markup(str(escape(value)).replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))
    if column == "clause_id" and table is None and isinstance(value, str) and database:
        return Markup('<a href="{}">{}</a>'.format(
            datasette.urls.row(database, "clauses", value), escape(value)))
    return None
