"""Rows of a query as plain dicts, whatever ``row_factory`` the connection has: the readers of the KB (kb.tasks,
kb.draft, the site's kb.datasette_plugin.site_data) take connections from several owners (Datasette's, the CLI's,
a test's) and return plain data."""
from __future__ import annotations

import sqlite3


def dict_rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    """Every row of ``sql`` run with ``params`` (a sequence, or a mapping for named parameters), each a dict of
    column name → value, in the query's order. The connection's own row_factory is left as it is."""
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def first_row(conn: sqlite3.Connection, sql: str, params=()) -> dict | None:
    """The first row of ``sql`` as a dict (see ``dict_rows``), or None when it returns none."""
    rows = dict_rows(conn, sql, params)
    return rows[0] if rows else None
