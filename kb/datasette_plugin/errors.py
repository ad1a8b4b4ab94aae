"""Error responses that cost a public server nothing more than the error itself.

Datasette's own handler prints every exception with rich, locals and all, before it answers: for a query stopped
at the time limit (a 400 anyone can ask for) that is pages of syntax-highlighted text, and the repr of the
Database object among the locals hashes the whole KB file. All of it holds the GIL: measured, while one client sent
such queries, /search took 100 ms instead of 10 and up to 1.4 s each time one of them ended. Here a 4xx is
answered as Datasette answers it (the same JSON or error page) with one log line, and only a 500 prints its
traceback, plain.

Every error page is Chinese: its heading by its status (STATUS_TITLES: a 400 is 请求有误), SQLite's own message
only inside a collapsed detail, a path no route serves is 没有这个页面; a 403 (Datasette's ``forbidden`` hook) is
the site's page too, and Datasette's pages about itself are answered as pages the site does not have
(``not_found_page``, from kb.datasette_plugin's ASGI wrapper).
"""
from __future__ import annotations

import pdb
import re
import sys
import traceback

from datasette import Response, hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, Request
from datasette.views.base import DatasetteError
from markupsafe import Markup

from .pages import STATUS_TITLES, chinese_message


DATASETTE_HANDLER = "datasette.handle_exception"

# Datasette 0.65 raises these mistakes in a table URL's parameters (?_sort=0) as a server error; they are the
# reader's, not the server's: a 400.
READER_MISTAKES = ("Cannot sort table by", "Cannot use _sort and _sort_desc")

# Datasette's English titles of an error, in Chinese; any other title with Latin letters gives way to the status's.
TITLES = {"Invalid SQL": "查询有误", "SQL Interrupted": "查询超时"}

# SQLite's messages for a query it cannot run, as a reader is told them (the message itself goes in a detail).
SQL_ERRORS = (
    (r"no such column: .*", "查询用到了本库没有的列"),
    (r"no such table: .*", "查询用到了本库没有的表"),
    (r"no such function: .*", "查询用到了本库没有的函数"),
    (r"ambiguous column name: .*", "查询中的列名不明确,请在列名前写明表名"),
    (r"(?:near \".*\": )?syntax error|incomplete input|unrecognized token: .*|.*: syntax error",
     "SQL 语句有语法错误"),
    (r"(?:access to .* is prohibited|not authorized|.* prohibited)", "查询用到了不允许使用的表或函数"),
    (r"too many .*|.* too big|string or blob too big", "查询超出了本站的限制"),
)
SQL_ERROR = "查询无法执行"


def sql_error_words(message) -> str:
    """SQLite's message for a query it cannot run (no such column: x), as a reader is told it in Chinese
    (查询用到了本库没有的列), or Datasette's own message in Chinese (pages.chinese_message); SQL_ERROR for any
    other message."""
    text = str(message or "").strip()
    if chinese_message(text) != text:  # one of Datasette's own messages (Statement must be a SELECT)
        return chinese_message(text)
    return next((chinese for pattern, chinese in SQL_ERRORS if re.fullmatch(pattern, text, flags=re.S)), SQL_ERROR)


def _is_sql_error(exception) -> bool:
    return isinstance(exception, DatasetteError) and exception.title == "Invalid SQL"


async def _error_page(datasette, request, status: int, title: str, message, detail: str = "") -> Response:
    """The site's error page (error.html, with the site's navigation): ``title`` as its heading, ``message``
    (Chinese) and, collapsed, ``detail`` (SQLite's own words)."""
    info = {"ok": False, "error": message, "status": status, "title": title, "detail": detail}
    html = await datasette.render_template([f"{status}.html", "error.html"], info, request=request)
    headers = {}
    if datasette.cors:
        add_cors_headers(headers)
    return Response.html(html, status=status, headers=headers)


async def not_found_page(datasette, scope, receive, send) -> None:
    """Answer an ASGI request with the site's 404 page (没有这个页面), whatever it asked for."""
    # Before Datasette's own middleware: no CSRF token yet, and the page has no form that needs one.
    request = Request(dict(scope, csrftoken=lambda: ""), receive)
    response = await _error_page(datasette, request, 404, STATUS_TITLES[404], f"没有这个页面:{request.path}")
    await response.asgi_send(send)


@hookimpl
def forbidden(datasette, request, message):
    """Datasette's hook for a request it refuses (403): the site's page, in Chinese, in place of its English
    "Forbidden" page."""
    async def answer():
        return await _error_page(datasette, request, 403, STATUS_TITLES[403], "没有权限访问这个页面。")

    return answer


def replace_datasette_handler() -> None:
    """Block Datasette's default handler (Datasette awaits every handle_exception hook, so answering first is not
    enough to keep its printing from running). Called at start-up; idempotent."""
    from datasette.plugins import pm

    if not pm.is_blocked(DATASETTE_HANDLER):
        pm.set_blocked(DATASETTE_HANDLER)


@hookimpl
def handle_exception(datasette, request, exception):
    """Datasette's hook for an exception in a request: the error page (or JSON for a .json path) with the status
    the error carries (a Base400 or DatasetteError keeps its own; a READER_MISTAKES is a 400; anything else is a
    500), with a Chinese title and, for Datasette's known messages, a Chinese message. A server error's
    traceback goes to stderr; an error below 500, the reader's, is logged in one line."""
    async def answer():
        if datasette.pdb:
            pdb.post_mortem(exception.__traceback__)
        title, info = None, {}
        if isinstance(exception, Base400):
            status, message = exception.status, exception.args[0] if exception.args else ""
        elif isinstance(exception, DatasetteError):
            status, info, message, title = exception.status, dict(exception.error_dict), exception.message, exception.title
            if exception.message_is_html:
                message = Markup(message)
        else:
            status, message = 500, str(exception)
        if status == 500 and str(message).startswith(READER_MISTAKES):
            status = 400
        if status >= 500:
            traceback.print_exception(type(exception), exception, exception.__traceback__, file=sys.stderr)
        else:
            sys.stderr.write(f"{status} {request.path}: {_one_line(message)}\n")
        detail, for_programs = "", None  # a page says it in Chinese; JSON keeps SQLite's and Datasette's words
        if _is_sql_error(exception):
            message, detail, for_programs = sql_error_words(message), str(message), str(message)
        elif isinstance(exception, DatasetteError) and exception.title == "SQL Interrupted":  # English HTML
            message, for_programs = chinese_message("SQL query took too long"), str(message)
        elif not isinstance(message, Markup):
            message = chinese_message(message)
        if status == 404 and str(message).startswith("没有这个数据库"):  # one database is served: any other path
            message = f"没有这个页面:{request.path}"  # (/nonexistent) is a page the site does not have
        info.update({"ok": False, "error": message, "status": status, "title": title})
        headers = {}
        if datasette.cors:
            add_cors_headers(headers)
        if request.path.endswith(".json"):
            return Response.json(dict(info, error=for_programs or message), status=status, headers=headers)
        # Rendered as every page is (the hooks' variables too), so the error page carries the site's navigation.
        title = TITLES.get(title, title)
        if not title or re.search(r"[A-Za-z]", title):
            title = STATUS_TITLES.get(status, "出错了")
        return await _error_page(datasette, request, status, title, message, detail)

    return answer


def _one_line(message) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= 200 else text[:200] + "…"
