"""The public pages: routes registered through Datasette's ``register_routes`` hook, each a small async view
that reads its content with kb.datasette_plugin.site_data and renders a template extending Datasette's own."""
from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path
import re
from urllib.parse import quote, unquote

from datasette.utils.asgi import Response

from . import site_data


def kb_database(datasette):
    """The KB's database: the one named in the plugin's configuration, else ``kb`` (the plugin's startup hook
    publishes a KB file of any name under it), else the first one served."""
    from . import KB_DATABASE

    config = datasette.plugin_config("kb") or {}
    name = config.get("database") or (KB_DATABASE if KB_DATABASE in datasette.databases else
                                      next(n for n in datasette.databases if not n.startswith("_")))
    return datasette.get_database(name)


async def _read(datasette, fn, *args):
    return await kb_database(datasette).execute_fn(lambda conn: fn(conn, *args))


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    db = kb_database(datasette)
    context = dict(context, kb_base=datasette.urls.path("/"), kb_db=db.name,
                   kb_title=(datasette.metadata("title") or "政策文本知识库"))
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
    data = await _read(datasette, site_data.home)
    data["description"] = datasette.metadata("description") or ""
    return await _render(datasette, request, "kb_home.html", data)


async def document(request, datasette):
    return await _one_thing(request, datasette, site_data.document_page, "id", "kb_document.html", "文件", with_base=True)


async def clause(request, datasette):
    return await _one_thing(request, datasette, site_data.clause_page, "id", "kb_clause.html", "条文", with_base=True)


@lru_cache(maxsize=8)
def _svg(spec_json: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(json.loads(spec_json))


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


async def targets(request, datasette):
    after = _after(request)
    if after is None:
        return await _render(datasette, request, "kb_not_found.html", {"message": "_next 须为非负整数"}, status=400)
    data = await _read(datasette, site_data.targets_overview, after)
    spec = await _read(datasette, site_data.coverage_chart_spec, after)
    data["chart_svg"] = _svg(json.dumps(spec, ensure_ascii=False, sort_keys=True)) if spec["data"]["values"] else ""
    return await _render(datasette, request, "kb_targets.html", data)


async def targets_chart(request, datasette):
    after = _after(request)
    if after is None:
        return Response.json({"ok": False, "error": "_next 须为非负整数"}, status=400)
    spec = await _read(datasette, site_data.coverage_chart_spec, after)
    if request.url_vars["format"] == "json":
        return Response.json(spec)
    return Response(_svg(json.dumps(spec, ensure_ascii=False, sort_keys=True)), content_type="image/svg+xml")


async def target(request, datasette):
    return await _one_thing(request, datasette, site_data.target_page, "id", "kb_target.html", "目标")


async def units(request, datasette):
    return await _render(datasette, request, "kb_units.html", {"units": await _read(datasette, site_data.units_index)})


async def unit(request, datasette):
    return await _one_thing(request, datasette, site_data.unit_page, "name", "kb_unit.html", "单位")


DRAFT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "md": "text/markdown; charset=utf-8"}


async def unit_draft(request, datasette):
    from .. import draft as drafting

    name, fmt = _arg(request, "name"), request.url_vars["format"]

    def make(conn):
        try:
            result = drafting.draft_for_unit(conn, name)
        except LookupError:
            return None
        with tempfile.TemporaryDirectory(prefix="kb-draft-") as scratch:
            path = drafting.write_draft(result, Path(scratch) / f"draft.{fmt}", fmt)
            return Path(path).read_bytes()

    body = await kb_database(datasette).execute_fn(make)
    if body is None:
        return await _not_found(datasette, request, f"没有这个单位:{name}")

    filename = f"{name}-实施方案草稿.{fmt}"
    return Response(body, content_type=DRAFT_TYPES[fmt], headers={
        "content-disposition": f"attachment; filename=\"draft.{fmt}\"; filename*=UTF-8''{quote(filename)}"})


async def areas(request, datasette):
    return await _render(datasette, request, "kb_areas.html", {"areas": await _read(datasette, site_data.areas_index)})


MAX_PAGE = 100_000  # 20 results a page: two million results, more than any KB here holds


async def search(request, datasette):
    query = request.args.get("q", "")
    filters = {name: request.args.get(name, "") for name in site_data.FILTERS}
    page = _whole_number(request, "page", 1, 1, MAX_PAGE)
    if page is None:
        raw = request.args.get("page", "")
        return await _render(datasette, request, "kb_not_found.html",
                             {"message": f"页码须为 1 至 {MAX_PAGE} 的整数,而不是:{raw[:40]}"}, status=400)
    order = request.args.get("order", "relevance")
    if order not in site_data.ORDERS:
        return await _render(datasette, request, "kb_not_found.html",
                             {"message": f"排序须为 {' 或 '.join(site_data.ORDERS)},而不是:{order[:40]}"}, status=400)
    data = await _read(datasette, site_data.search_page, query, filters, page, order)
    return await _render(datasette, request, "kb_search.html", data)


SEARCH_EXPORT_HEADERS = ["条文编号", "文件", "所在章节", "类型", "情态", "条文"]


async def search_export(request, datasette):
    """The search's clauses as an .xlsx workbook (Excel on a Chinese Windows opens it as it is, which a CSV
    without a byte-order mark is not)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    query = request.args.get("q", "")
    filters = {name: request.args.get(name, "") for name in site_data.FILTERS}
    rows = await _read(datasette, site_data.search_rows, query, filters)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "检索结果"
    sheet.append(SEARCH_EXPORT_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row["id"], row["document_title"], row["breadcrumb"], row["kind"], row["modality"], row["text"]])
    for letter, width in zip("ABCDEF", (26, 40, 40, 8, 8, 80)):
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=2):
        cells[5].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    with tempfile.TemporaryDirectory(prefix="kb-export-") as scratch:
        path = Path(scratch) / "search.xlsx"
        workbook.save(path)
        body = path.read_bytes()
    name = f"检索结果-{query[:20] or '全部'}.xlsx"
    return Response(body, content_type=DRAFT_TYPES["xlsx"], headers={
        "content-disposition": f"attachment; filename=\"search.xlsx\"; filename*=UTF-8''{quote(name)}"})


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
]
