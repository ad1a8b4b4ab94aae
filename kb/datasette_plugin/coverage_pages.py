"""The coverage page, /coverage/<plan>?unit=<name> (kb.align.coverage): for every task a parent of the plan assigns
to the unit, the plan's clauses that answer it and its status, with the report's .xlsx and .md downloads
(/coverage/<plan>.xlsx?unit=…). Unknown ids and units get a 404 page in Chinese, a malformed one a 400 page."""
from __future__ import annotations

import re
from urllib.parse import quote

from datasette.utils.asgi import Response

# A document's id as kb.ids makes them (ASCII, URL-safe), and the longest unit name looked up: any longer names no
# unit and is not searched for close matches.
DOCUMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")
UNIT_CHARS = 60
REPORT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "md": "text/markdown; charset=utf-8"}


def coverage_of(conn, child: str, unit: str):
    """The Coverage of ``unit`` by ``child``, or the Chinese message saying why there is none (no such document,
    no such unit, no parent filed)."""
    from ..align.coverage import coverage

    if conn.execute("select 1 from documents where id = ?", [child]).fetchone() is None:
        return f"没有这份文件:{child}"
    if len(unit) > UNIT_CHARS:
        return f"没有这个单位:{unit[:UNIT_CHARS]}…"
    try:
        return coverage(conn, child, unit)
    except LookupError as error:
        if "implements no document" in str(error):
            return f"文件 {child} 没有已收入本库的上级文件(可用 kb add 收入上级文件正文,或在文件说明中登记 implements)"
        return f"没有这个单位:{unit}"


def page_context(report) -> dict:
    """The template's context of a Coverage: the report, its title, its counts with labels and its rows."""
    from ..align.coverage import COVERAGE_STATUS_LABELS
    from ..align.coverage_report import COMPARISON_WORDS, summary_of, title_of
    from ..vocabulary import ROLE_LABELS

    return {"report": report, "title": title_of(report), "summary": summary_of(report),
            "status_labels": COVERAGE_STATUS_LABELS, "role_labels": ROLE_LABELS, "comparison_words": COMPARISON_WORDS}


def _check(request, read_arg):
    """(child, unit) from the request, or (status, message) when they cannot name anything."""
    child, unit = read_arg(request, "id"), (request.args.get("unit") or "").strip()
    if not DOCUMENT_ID.fullmatch(child):
        return 400, f"文件编号只含字母、数字和 .-_~,而不是:{child[:40]}"
    return child, unit


async def coverage_view(request, datasette, read, render, read_arg):
    """/coverage/<id>?unit=…: the page; without ``unit`` a form asking for one."""
    checked = _check(request, read_arg)
    if isinstance(checked[0], int):
        return await render(datasette, request, "kb_not_found.html", {"message": checked[1]}, status=checked[0])
    child, unit = checked
    if not unit:
        found = await read(datasette, lambda conn: conn.execute("select title from documents where id = ?",
                                                                [child]).fetchone())
        if found is None:
            return await render(datasette, request, "kb_not_found.html", {"message": f"没有这份文件:{child}"}, 404)
        return await render(datasette, request, "kb_coverage.html", {"child": child, "child_title": found[0],
                                                                      "unit": "", "report": None})
    result = await read(datasette, coverage_of, child, unit)
    if isinstance(result, str):
        return await render(datasette, request, "kb_not_found.html", {"message": result}, status=404)
    return await render(datasette, request, "kb_coverage.html", dict(page_context(result), child=child, unit=unit,
                                                                     unit_query=quote(unit)))


async def coverage_download(request, datasette, read, render, read_arg, export, in_thread):
    """/coverage/<id>.xlsx|.md?unit=…: the report as a download, built a few at a time (views._export)."""
    from ..align.coverage_report import default_report_name, report_bytes

    fmt = request.url_vars["format"]
    checked = _check(request, read_arg)
    if isinstance(checked[0], int):
        return await render(datasette, request, "kb_not_found.html", {"message": checked[1]}, status=checked[0])
    child, unit = checked
    if not unit:
        return await render(datasette, request, "kb_not_found.html", {"message": "请用 ?unit= 指明单位"}, status=400)

    async def build():
        result = await read(datasette, coverage_of, child, unit)
        if isinstance(result, str):
            return await render(datasette, request, "kb_not_found.html", {"message": result}, status=404)
        body = await in_thread(report_bytes, result, fmt)
        filename = default_report_name(result, fmt)
        return Response(body, content_type=REPORT_TYPES[fmt], headers={
            "content-disposition": f"attachment; filename=\"coverage.{fmt}\"; filename*=UTF-8''{quote(filename)}"})

    return await export(build)
