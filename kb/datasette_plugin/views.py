"""The public pages: routes registered through Datasette's ``register_routes`` hook, each a small async view
that reads its content with kb.datasette_plugin.site_data and renders a template extending Datasette's own."""
from __future__ import annotations

import asyncio
import io
import re
import weakref
from urllib.parse import quote, unquote

from datasette.utils.asgi import Response

from .align_pages import align_page, align_path
from .charts import chart_svg
from .database import kb_database
from .pages import STATUS_TITLES
from .area_pages import areas_index
from .search_pages import FACETS, FILTERS, ORDERS, search_page, search_query, search_rows
from .site_data import clause_page, document_page, home_page
from .target_pages import coverage_chart_spec, target_page, targets_overview
from .unit_pages import unit_draft_path, unit_page, unit_path, units_index


async def _read(datasette, fn, *args):
    return await kb_database(datasette).execute_fn(lambda conn: fn(conn, *args))


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    db = kb_database(datasette)
    context = dict(context, kb_base=datasette.urls.path("/"), kb_db=db.name,
                   kb_status_title=STATUS_TITLES.get(status),  # an error page's heading (a 400: 请求有误)
                   kb_title=(datasette.metadata("title") or "政策文本知识库"),
                   # a unit's name as one path segment: 市?#局 still leads to its page
                   kb_unit_path=unit_path, kb_unit_draft_path=unit_draft_path, kb_align_path=align_path)
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


def _arg(request, name: str) -> str:
    from datasette.utils import tilde_decode

    value = unquote(request.url_vars[name])
    # Datasette may have redirected a non-ASCII path to its tilde-encoded spelling (~E8~87~AA…).
    return tilde_decode(value) if re.search(r"~[0-9A-F]{2}", value) else value


async def _not_found(datasette, request, message: str) -> Response:
    return await _render(datasette, request, "kb_not_found.html", {"message": message}, status=404)


async def _one_thing(request, datasette, read, url_var: str, template: str, what: str, with_base: bool = False):
    """The page of one document, clause, target or unit, or a 404 page saying there is no such thing."""
    key = _arg(request, url_var)
    args = (key, datasette.urls.path("/")) if with_base else (key,)
    data = await _read(datasette, read, *args)
    if data is None:
        return await _not_found(datasette, request, f"没有这个{what}:{key}")
    return await _render(datasette, request, template, data)


async def home(request, datasette):
    """/: the home page (site_data.home_page) with the site's description."""
    data = await _read(datasette, home_page)
    data["description"] = datasette.metadata("description") or ""
    return await _render(datasette, request, "kb_home.html", data)


async def document(request, datasette):
    """/doc/{id}: a document's page, or a 404 page."""
    return await _one_thing(request, datasette, document_page, "id", "kb_document.html", "文件", with_base=True)


async def clause(request, datasette):
    """/clause/{id}: a clause's page, or a 404 page."""
    return await _one_thing(request, datasette, clause_page, "id", "kb_clause.html", "条文", with_base=True)


def _whole_number(request, name: str, default: int, lowest: int, highest: int) -> int | None:
    """A whole-number parameter (a page number, a _next key) between ``lowest`` and ``highest``, ``default`` when
    absent; None for anything else, which the route answers with a 400."""
    raw = request.args.get(name, "").strip() or str(default)
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        return None
    return int(raw) if lowest <= int(raw) <= highest else None


def _after(request) -> int | None:
    """The ``_next`` key of a paginated page: a non-negative integer, else None (a 400)."""
    return _whole_number(request, "_next", 0, 0, 10 ** 18)


MAX_TASK_ID = 300  # characters of a ?task= clause id; a longer one names no clause and is ignored


def _align_or_message(conn, child: str, parent: str, page: int, task: str | None):
    """The /align page's data (align_pages.align_page), or its Chinese message for a 404."""
    try:
        return align_page(conn, child, parent, page, task)
    except LookupError as error:
        return str(error)


async def align(request, datasette):
    """/align/{child}/{parent}: the parent's tasks beside the child's clauses carrying them down, a page at a time
    (``page``; ``task``, a parent task's clause id, opens the page holding it); a 404 page for an unknown document
    or an unlinked pair, a 400 page for a bad page number."""
    page = _whole_number(request, "page", 1, 1, MAX_PAGE)
    if page is None:
        return await _render(datasette, request, "kb_not_found.html",
                             {"message": f"页码须为 1 至 {MAX_PAGE} 的整数,而不是:{request.args.get('page', '')[:40]}"},
                             status=400)
    task = request.args.get("task") or None
    if task is not None and len(task) > MAX_TASK_ID:
        task = None
    data = await _read(datasette, _align_or_message, _arg(request, "child"), _arg(request, "parent"), page, task)
    if isinstance(data, str):
        return await _not_found(datasette, request, data)
    return await _render(datasette, request, "kb_align.html", data)


async def targets(request, datasette):
    """/targets: a page of targets from ``_next`` on, with its chart drawn as SVG; a 400 for a bad ``_next``."""
    after = _after(request)
    if after is None:
        return await _render(datasette, request, "kb_not_found.html", {"message": "_next 须为非负整数"}, status=400)
    data = await _read(datasette, targets_overview, after)
    spec = await _read(datasette, coverage_chart_spec, after)
    data["chart_svg"] = await chart_svg(spec)  # drawn ahead, once per KB (kb.datasette_plugin.charts)
    data["chart_most"] = max([t["delivering_clauses"] for t in data["targets"]], default=0)
    return await _render(datasette, request, "kb_targets.html", data)


async def targets_chart(request, datasette):
    """/targets/chart.svg or .json: the chart of a page of targets, drawn or as its vega-lite spec; a 400 for a bad
    ``_next``."""
    after = _after(request)
    if after is None:
        return Response.json({"ok": False, "error": "_next 须为非负整数"}, status=400)
    spec = await _read(datasette, coverage_chart_spec, after)
    if request.url_vars["format"] == "json":
        return Response.json(spec)
    svg = await chart_svg(spec) or '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>'
    return Response(svg, content_type="image/svg+xml")


async def target(request, datasette):
    """/target/{id}: a target's page, or a 404 page."""
    return await _one_thing(request, datasette, target_page, "id", "kb_target.html", "目标")


async def units(request, datasette):
    """/units: every unit with its task counts by role."""
    return await _render(datasette, request, "kb_units.html", {"units": await _read(datasette, units_index)})


async def unit(request, datasette):
    """/unit/{name}: a unit's page (its id or a name a text prints for it), or a 404 page."""
    return await _one_thing(request, datasette, _unit_page_with_drafts, "name", "kb_unit.html", "单位")


DRAFT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "md": "text/markdown; charset=utf-8"}

# Exports (the search's .xlsx, a unit's draft) take a second or more of CPU each. They are built in a worker thread,
# never on the event loop, so every other request is answered meanwhile; at most EXPORTS_AT_ONCE are built at
# once, EXPORTS_WAITING more wait their turn, and a request beyond those is answered at once with a 503.
EXPORTS_AT_ONCE = 2
EXPORTS_WAITING = 4
EXPORT_BUSY = "导出请求过多,服务器正忙,请稍后再试。"
EXPORT_RETRY_AFTER = 5  # seconds


class _ExportGate:
    def __init__(self):
        self.running = asyncio.Semaphore(EXPORTS_AT_ONCE)
        self.admitted = 0  # building or waiting


_gates: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _ExportGate]" = weakref.WeakKeyDictionary()


def _export_gate() -> _ExportGate:
    # One gate per event loop: an asyncio.Semaphore belongs to the loop it is first used on.
    loop = asyncio.get_running_loop()
    gate = _gates.get(loop)
    if gate is None:
        gate = _gates[loop] = _ExportGate()
    return gate


async def _export(build) -> Response:
    """The response ``await build()`` makes, built when the gate lets it in, else a 503 saying the server is
    busy. ``build`` reads what it needs through Datasette's executor and makes the file in a thread."""
    gate = _export_gate()
    if gate.admitted >= EXPORTS_AT_ONCE + EXPORTS_WAITING:
        return Response.text(EXPORT_BUSY, status=503, headers={"Retry-After": str(EXPORT_RETRY_AFTER)})
    gate.admitted += 1
    try:
        async with gate.running:
            return await build()
    finally:
        gate.admitted -= 1


async def _in_thread(fn, *args):
    """``fn(*args)`` in a worker thread. Should the request be cancelled (the client went away), the slot is
    held until the thread has finished, so no more than EXPORTS_AT_ONCE builds ever run."""
    work = asyncio.ensure_future(asyncio.to_thread(fn, *args))
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        await asyncio.wait([work])
        raise


def _unit_page_with_drafts(conn, name: str) -> dict | None:
    """A unit's page (unit_pages.unit_page) and the documents it gets a draft of (``draft_documents``: a list of
    id, title and tasks), for a draft link per document."""
    from ..draft.reader import draft_documents

    data = unit_page(conn, name)
    if data is not None:
        data["draft_documents"] = draft_documents(conn, data["unit"]["id"])
    return data


# A document's id as kb.ids makes them: ASCII, URL-safe. Anything else names no document and is answered 400.
_DOCUMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")


def _draft_of(conn, name: str, document: str | None):
    """The draft of unit ``name`` from ``document`` (its id; None: the plan asking most of it), or the Chinese
    message of why there is none: no such unit, no such document, or a document that asks nothing of it (listing
    those that do)."""
    from ..draft.reader import draft_documents, draft_for_unit
    from ..rows import first_row
    from ..tasks import resolve_unit

    try:
        unit = resolve_unit(conn, name)
    except LookupError:
        return f"没有这个单位:{name}"
    if document is not None:
        found = first_row(conn, "select id from documents where id = ? and text_available = 1", [document])
        offered = draft_documents(conn, unit)
        if found is None or document not in {d["id"] for d in offered}:
            what = "本库没有这份有正文的文件" if found is None else f"文件 {document} 没有交给{unit}的任务"
            choices = "、".join(f"{d['id']}(《{d['title']}》)" for d in offered) or "无"
            return f"{what}:{document}。可起草的文件:{choices}"
    try:
        return draft_for_unit(conn, unit, document_id=document)
    except LookupError:
        return f"本库没有{unit}可起草的文件"


async def unit_draft(request, datasette):
    """A unit's draft (kb.draft) as a download in the route's format, built in a thread, a few at a time
    (``_export``): from the document ``?document=`` names (its id; kb.draft.reader.draft_documents lists a
    unit's), else from the plan asking most of it. A 404 page for no such unit or a document that asks nothing of it, a 400 page for a
    ``document`` that is no document id."""
    from ..draft.files import default_draft_name, draft_bytes

    name, fmt = _arg(request, "name"), request.url_vars["format"]
    document = request.args.get("document")
    if document is not None and not _DOCUMENT_ID.fullmatch(document):
        return await _render(datasette, request, "kb_not_found.html",
                             {"message": f"document 须为文件编号(字母、数字、.-_~),而不是:{document[:40]}"}, status=400)

    async def build():
        result = await kb_database(datasette).execute_fn(lambda conn: _draft_of(conn, name, document))
        if isinstance(result, str):
            return await _not_found(datasette, request, result)
        body = await _in_thread(draft_bytes, result, fmt)
        filename = default_draft_name(result.unit, fmt, document)
        return Response(body, content_type=DRAFT_TYPES[fmt], headers={
            "content-disposition": f"attachment; filename=\"draft.{fmt}\"; filename*=UTF-8''{quote(filename)}"})

    return await _export(build)


async def coverage(request, datasette):
    """/coverage/{plan}?unit=…: the coverage check of a unit's tasks from the plan's parents (coverage_pages)."""
    from .coverage_pages import coverage_view

    return await coverage_view(request, datasette, _read, _render, _arg)


async def coverage_download(request, datasette):
    """/coverage/{plan}.xlsx|.md?unit=…: the coverage report as a download, built as exports are (``_export``)."""
    from .coverage_pages import coverage_download as download

    return await download(request, datasette, _read, _render, _arg, _export, _in_thread)


async def areas(request, datasette):
    """/areas: the thematic areas with their clause counts."""
    return await _render(datasette, request, "kb_areas.html", {"areas": await _read(datasette, areas_index)})


MAX_PAGE = 100_000  # 20 results a page: two million results, more than any KB here holds


async def search(request, datasette):
    """/search: the clauses with every term of ``q``, narrowed by the facet filters, a page of them in the
    chosen order; a 400 page for a bad page number or order."""
    query = search_query(request.args.get("q"))  # whitespace only: no query; too long: a 400
    filters = {name: request.args.get(name, "") for name in FILTERS}
    page = _whole_number(request, "page", 1, 1, MAX_PAGE)
    if page is None:
        raw = request.args.get("page", "")
        return await _render(datasette, request, "kb_not_found.html",
                             {"message": f"页码须为 1 至 {MAX_PAGE} 的整数,而不是:{raw[:40]}"}, status=400)
    order = request.args.get("order", "relevance")
    if order not in ORDERS:
        return await _render(datasette, request, "kb_not_found.html",
                             {"message": f"排序须为 {' 或 '.join(ORDERS)},而不是:{order[:40]}"}, status=400)
    data = await _read(datasette, search_page, query, filters, page, order)
    return await _render(datasette, request, "kb_search.html", data)


SEARCH_EXPORT_HEADERS = ["条文编号", "文件", "所在章节", "类型", "情态", "条文"]
# Excel's units; every cell wraps. They print on A4 landscape at full size (kb.draft.sheet_print).
SEARCH_EXPORT_WIDTHS = [16, 22, 22, 6, 6, 62]
SEARCH_EXPORT_SHEET = "检索结果"


def search_export_heading(query: str, filters: dict[str, str], count: int, day: str) -> str:
    """The line over a search export saying what it holds: 检索:“query”(its filters) · the day · 共 N 条."""
    # each filter named as the search page's facet names it (search_pages.FACETS)
    narrowed = "、".join(f"{FACETS[name][0] if name in FACETS else name}:{value}"
                         for name, value in filters.items() if value)
    return (f"检索:“{query}”" + (f"(筛选:{narrowed})" if narrowed else "") + f" · {day} · 共 {count} 条")


def _search_workbook(rows: list[dict], query: str, filters: dict[str, str]) -> bytes:
    """The search's clauses as an .xlsx workbook's bytes (kb.draft.sheet.write_table: text stored as text, printed
    as offices print tables), the query, its filters, the day and the count over the table and in the workbook's
    properties."""
    import datetime

    from ..draft.sheet import write_table

    day = datetime.date.today().isoformat()
    heading = search_export_heading(query, filters, len(rows), day)
    stream = io.BytesIO()
    write_table(stream, SEARCH_EXPORT_SHEET, heading, SEARCH_EXPORT_HEADERS,
                [[row["id"], row["document_title"], row["breadcrumb"], row["kind"], row["modality"], row["text"]]
                 for row in rows], SEARCH_EXPORT_WIDTHS,
                properties={"title": f"检索结果:{query}", "subject": heading, "keywords": query,
                            "description": heading, "creator": "政策文本知识库"})
    return stream.getvalue()


async def search_export(request, datasette):
    """The search's clauses as an .xlsx workbook (Excel on a Chinese Windows opens it as it is, which a CSV
    without a byte-order mark is not), built in a thread, a few at a time (``_export``)."""
    query = search_query(request.args.get("q"))  # whitespace only: no query; too long: a 400
    filters = {name: request.args.get(name, "") for name in FILTERS}

    async def build():
        rows = await _read(datasette, search_rows, query, filters)
        body = await _in_thread(_search_workbook, rows, query, filters)
        name = f"检索结果-{query[:20] or '全部'}.xlsx"
        return Response(body, content_type=DRAFT_TYPES["xlsx"], headers={
            "content-disposition": f"attachment; filename=\"search.xlsx\"; filename*=UTF-8''{quote(name)}"})

    return await _export(build)


ROUTES = [
    (r"^/$", home),
    (r"^/doc/(?P<id>[^/]+)$", document),
    (r"^/clause/(?P<id>[^/]+)$", clause),
    (r"^/targets$", targets),
    (r"^/targets/chart\.(?P<format>svg|json)$", targets_chart),
    (r"^/target/(?P<id>[^/]+)$", target),
    (r"^/units$", units),
    (r"^/unit/(?P<name>[^/]+)/draft\.(?P<format>docx|xlsx|md)$", unit_draft),
    (r"^/unit/(?P<name>[^/]+)$", unit),
    (r"^/areas$", areas),
    (r"^/search$", search),
    (r"^/search\.xlsx$", search_export),
    (r"^/coverage/(?P<id>[^/]+)\.(?P<format>xlsx|md)$", coverage_download),
    (r"^/coverage/(?P<id>[^/]+)$", coverage),
    (r"^/align/(?P<child>[^/]+)/(?P<parent>[^/]+)$", align),
]
