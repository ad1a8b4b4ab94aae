"""Error responses that cost a public server nothing more than the error itself.

Datasette's own handler prints every exception with rich, locals and all, before it answers: for a query stopped
at the time limit (a 400 anyone can ask for) that is pages of syntax-highlighted text, and the repr of the
Database object among the locals hashes the whole KB file. All of it holds the GIL: measured, while one client sent
such queries, /search took 100 ms instead of 10 and up to 1.4 s each time one of them ended. Here a 4xx is
answered as Datasette answers it (the same JSON or error page) with one log line, and only a 500 prints its
traceback, plain.
"""
from __future__ import annotations

import pdb
import sys
import traceback

from datasette import Response, hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError
from markupsafe import Markup

from .pages import STATUS_TITLES, chinese_message


DATASETTE_HANDLER = "datasette.handle_exception"

# Datasette 0.65 raises these mistakes in a table URL's parameters (?_sort=0) as a server error; they are the
# reader's, not the server's: a 400.
READER_MISTAKES = ("Cannot sort table by", "Cannot use _sort and _sort_desc")


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
        if not isinstance(message, Markup):
            message = chinese_message(message)
        info.update({"ok": False, "error": message, "status": status, "title": title})
        headers = {}
        if datasette.cors:
            add_cors_headers(headers)
        if request.path.endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        # Rendered as every page is (the hooks' variables too), so the error page carries the site's navigation.
        info["title"] = title or STATUS_TITLES.get(status, "出错了")
        html = await datasette.render_template([f"{status}.html", "error.html"], info, request=request)
        return Response.html(html, status=status, headers=headers)

    return answer


def _one_line(message) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= 200 else text[:200] + "…"
