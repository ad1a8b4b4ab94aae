"""The Datasette side of kb: the search functions on every connection, and rendering of highlighted matches.

Registered through the ``datasette`` entry point in pyproject.toml, so any Datasette in the environment loads it.
"""
from __future__ import annotations

import asyncio
import json
import re

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from ..search import MATCH_END, MATCH_START, fts_match_expression, register_functions
from .clause_tags import CLAUSE_TAGS_SQL, clause_tags
from .database import KB_DATABASE
from .errors import (forbidden, handle_exception, not_found_page, replace_datasette_handler,  # noqa: F401 (hooks)
                     sql_error_words)
from .limits import CsvNeutraliser, guard_connection
from .pages import site_template_vars, value_label


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    """Datasette's hook for each new SQLite connection: the limits on every database's connections, and kb's
    search functions (escape_fts() and the rest, kb.search) on the KB's."""
    # Only the KB's connections: another database served beside it keeps Datasette's own escape_fts(). trylast:
    # Datasette registers its escape_fts() on every connection, and on the KB's ours must be the one that stays.
    # The file's path finds the ranked index (kb.ranked) the connection's own snapshot names. Every database's
    # connections get the limits on the size of a value and of a result (kb.datasette_plugin.limits).
    guard_connection(conn)
    if database == KB_DATABASE:
        served = datasette.databases.get(database)
        register_functions(conn, served.path if served is not None and served.path else None)


@hookimpl
def prepare_jinja2_environment(env):
    """Datasette's hook for its Jinja environment: the ``tilde`` filter for the templates' row links."""
    # Datasette's urls.row() takes a row path already tilde-encoded: an id with dots (gx-ipap-2015.2.1) must be
    # passed through |tilde, or the link is a 404.
    env.filters["tilde"] = tilde_encode
    env.filters["kb_sql_error"] = sql_error_words  # SQLite's message in Chinese (the query page's error)


@hookimpl
def asgi_wrapper(datasette):
    """Each HTTP request first lets the KB follower look whether the KB file was replaced (kb.datasette_plugin
    .follow): the request is then served from the newest complete KB."""
    from .charts import follow as follow_charts
    from .follow import KBFollower

    follower = KBFollower(datasette, KB_DATABASE)
    arbitrary = {"lock": asyncio.Lock(), "waiting": 0}

    def wrap(app):
        async def following(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            if _is_debug_page(scope):
                return await not_found_page(datasette, scope, receive, send)
            follower.check()
            follow_charts(datasette)  # a new KB's /targets chart is drawn now, in the background
            location = _search_page_for(scope)
            if location is not None:
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", location.encode("ascii")), (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
            sending = _in_chinese(send)
            if scope.get("path", "").endswith(".csv"):
                sending = _neutralised(_with_bom(sending))
            if not _is_arbitrary_sql(scope):
                return await app(scope, receive, sending)
            # SQL a reader writes runs one query at a time, so that however many such queries arrive, the site's own
            # pages keep the other SQL threads; a queue beyond ARBITRARY_SQL_QUEUE is answered 503 at once.
            if arbitrary["waiting"] >= ARBITRARY_SQL_QUEUE:
                return await _busy(send)
            arbitrary["waiting"] += 1
            try:
                await arbitrary["lock"].acquire()
            finally:
                arbitrary["waiting"] -= 1
            try:
                await app(scope, receive, sending)
            finally:
                arbitrary["lock"].release()

        return following

    return wrap


# Datasette's pages about itself (its settings, plugins, threads, permissions, actor): a public site answers them as
# pages it does not have. Kept: /-/static/ and /-/static-plugins/, and the JSON that kb's tests and tools read
# (KEPT_DEBUG_JSON: kb.publish waits for /-/versions.json; the tests read plugins.json and databases.json).
DEBUG_PAGES = re.compile(r"/-/(?:patterns|allow-debug|messages|permissions|metadata|threads|databases|versions|"
                         r"plugins|settings|config|actor|auth-token|logout)(?:\.json)?/?")
KEPT_DEBUG_JSON = {"/-/versions.json", "/-/plugins.json", "/-/databases.json"}


def _is_debug_page(scope) -> bool:
    """Whether a request asks for one of Datasette's pages about itself that the site does not serve."""
    path = scope.get("path", "")
    return bool(DEBUG_PAGES.fullmatch(path)) and path not in KEPT_DEBUG_JSON


ARBITRARY_SQL_QUEUE = 8  # queries a reader wrote, waiting for their turn, before a new one is answered 503


def _is_arbitrary_sql(scope) -> bool:
    """Whether a request runs SQL its sender wrote: ?sql= on a database page (/kb, /kb.json, /kb.csv), or a table
    page's _where= clause."""
    query = scope.get("query_string", b"")
    return b"sql=" in query or b"_where" in query


async def _busy(send) -> None:
    body = "服务器正忙:自定义 SQL 查询一次只执行一条,请稍后再试。".encode("utf-8")
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"2"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _search_page_for(scope) -> str | None:
    """The site's search page for a search typed into the clauses table's own search box (``/kb/clauses?_search=
    …`` and nothing else), else None.

    Datasette's table search has to collect every match before it shows 50 in id order, count them and facet
    them: about 1.5 s for a common term at a million clauses, however it is configured. The search page finds the
    same clauses (both equal LIKE) in tens of milliseconds, and shows them with facets, order and exports. A
    table search with a filter, a sort or another format (.json, .csv) stays Datasette's."""
    from urllib.parse import parse_qsl, quote

    if scope.get("method") != "GET" or scope.get("path") != f"/{KB_DATABASE}/clauses":
        return None
    arguments = parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"), keep_blank_values=True)
    if len(arguments) != 1 or arguments[0][0] != "_search" or not arguments[0][1].strip():
        return None
    return f"{scope.get('root_path', '')}/search?q={quote(arguments[0][1])}"


LANGUAGE = b'<html lang="zh-CN">'


BOM = b"\xef\xbb\xbf"


def _with_bom(send):
    """A CSV download opens in Excel on a Chinese Windows as Chinese, not mojibake, when it starts with UTF-8's
    byte-order mark (programs reading UTF-8 with utf-8-sig skip it)."""
    state = {"start": None, "sent": False}

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = [(k, str(int(v) + len(BOM)).encode() if k == b"content-length" else v)
                       for k, v in message.get("headers") or []]
            state["start"] = dict(message, headers=headers) if message.get("status") == 200 else None
            await send(state["start"] or message)
            return
        if message["type"] == "http.response.body" and state["start"] is not None and not state["sent"]:
            state["sent"] = True
            message = dict(message, body=BOM + message.get("body", b""))
        await send(message)

    return sending


def _neutralised(send):
    """A CSV download whose cells cannot start a formula in the spreadsheet that opens it (OWASP's advice on CSV
    injection: kb.datasette_plugin.limits.CsvNeutraliser). Its length changes, so it is sent without one."""
    neutraliser = CsvNeutraliser()
    state = {"csv": False}

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = message.get("headers") or []
            state["csv"] = message.get("status") == 200 and any(
                k.lower() == b"content-type" and v.startswith(b"text/") for k, v in headers)
            if state["csv"]:
                message = dict(message, headers=[(k, v) for k, v in headers if k.lower() != b"content-length"])
        elif message["type"] == "http.response.body" and state["csv"]:
            body = neutraliser.feed(message.get("body", b""))
            if not message.get("more_body"):
                body += neutraliser.close()
            message = dict(message, body=body)
        await send(message)

    return sending


def _in_chinese(send):
    """``send`` for one response: an HTML page's <html> gets lang="zh-CN" (every page, Datasette's own too), so
    screen readers and browsers read it as Chinese. The response's start waits for its first body chunk, whose
    length may change."""
    held = {}

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers") or [])
            if headers.get(b"content-type", b"").startswith(b"text/html"):
                held["start"] = message
                return
        elif message["type"] == "http.response.body" and "start" in held:
            start, body = held.pop("start"), message.get("body", b"")
            head = body[:300]
            if b"<html>" in head:
                body = head.replace(b"<html>", LANGUAGE, 1) + body[300:]
                headers = [(k, str(int(v) + len(LANGUAGE) - len(b"<html>")).encode() if k == b"content-length"
                            else v) for k, v in start.get("headers") or []]
                start = dict(start, headers=headers)
            await send(start)
            message = dict(message, body=body)
        await send(message)

    return sending


@hookimpl
def startup(datasette):
    """Datasette's start-up hook: kb's error pages replace Datasette's own, a KB file of any name is published as
    ``kb``, and the search's dictionaries are loaded before the first request."""
    from .charts import follow as follow_charts

    replace_datasette_handler()

    async def publish_the_kb_as_kb():
        if KB_DATABASE in datasette.databases:
            return
        # A KB file with another name (other.db) is served as "kb": the one database that holds kb_meta.
        kbs = [name for name, db in list(datasette.databases.items())
               if not name.startswith("_") and await db.table_exists("kb_meta")]
        if len(kbs) == 1:
            db = datasette.databases[kbs[0]]
            datasette.remove_database(kbs[0])
            datasette.add_database(db, name=KB_DATABASE)

    async def startup_work():
        await publish_the_kb_as_kb()
        follow_charts(datasette)  # the /targets chart, drawn in the background before it is asked for
        # The first query's reading of traditional characters loads OpenCC's tables and jieba's dictionary (about
        # two seconds): at start-up, not inside the first search's SQL time limit.
        await asyncio.get_running_loop().run_in_executor(None, fts_match_expression, "專利")

    return startup_work


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Datasette's hook for one cell of a query's result: a search result's text with its matches marked, a
    kb_highlight() value with its marks as <mark>, a clause's kind or a unit's role or basis in Chinese
    (kb.datasette_plugin.pages.value_label), a clause_id as a link to its row; None (Datasette's own
    rendering) for anything else. Every text is escaped."""
    if column == "text" and table is None and isinstance(value, str) and "matches" in row.keys():
        # A search result: clean text and its match offsets (programs read both); a page marks the matches.
        try:
            spans = json.loads(row["matches"] or "[]")
        except (TypeError, ValueError):
            spans = []
        html, last = [], 0
        for start, end in spans:
            html += [str(escape(value[last:start])), "<mark>", str(escape(value[start:end])), "</mark>"]
            last = end
        return Markup("".join(html) + str(escape(value[last:])))
    if isinstance(value, str) and MATCH_START in value:
        # kb_highlight() marks matches with private-use characters; everything else is escaped here.
        return Markup(str(escape(value)).replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))
    label = value_label(table, column, value)
    if label is not None:  # a code (sentence, lead, explicit) shown in Chinese, the code in its title
        return Markup('<span title="{}">{}</span>'.format(escape(value), escape(label)))
    if column == "clause_id" and table is None and isinstance(value, str) and database:
        return Markup('<a href="{}">{}</a>'.format(
            datasette.urls.row(database, "clauses", tilde_encode(value)), escape(value)))
    return None


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    """Datasette's hook for the variables of every template: the Chinese labels of clause kinds, roles and bases
    (kb.vocabulary), and on a clause's row page its tags with their rules (kb.datasette_plugin.clause_tags)."""
    from ..vocabulary import BASIS_LABELS, CLAUSE_KIND_LABELS, ROLE_LABELS

    # One vocabulary of kinds and roles: every template reads its Chinese labels from here. The site's navigation
    # (base.html) needs the site's root, title and database on every page, Datasette's included.
    labels = {"kind_labels": CLAUSE_KIND_LABELS, "role_labels": ROLE_LABELS, "basis_labels": BASIS_LABELS,
              **site_template_vars(datasette)}
    if view_name != "row" or table != "clauses" or request is None:
        return labels

    async def row_tags():
        from datasette.utils import tilde_decode

        clause_id = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        rows = (await db.execute(CLAUSE_TAGS_SQL, {"id": clause_id})).rows
        return dict(labels, kb_tags={"rows": clause_tags(rows)})

    return row_tags


@hookimpl
def register_routes():
    """Datasette's hook for extra routes: the public pages of kb.datasette_plugin.views."""
    from .views import ROUTES

    return ROUTES
