"""The /targets chart, drawn once per KB: when the server starts and when it starts serving a new KB file
(kb.datasette_plugin.follow), in a worker process (kb.chart_svg), never inside a request.

Drawing a vega-lite spec as SVG (vl_convert) takes about a second cold and half a second warm, far more than the
page's queries, and in a thread of the server it would hold the GIL (every request stalled while it draws): so it
is drawn in one worker process, started on the first drawing (spawned: nothing of the server is copied into it).
The first PREPARED_PAGES pages' charts are drawn ahead (``prepare``) and kept by their spec: a request reads the
spec (a small query) and takes the drawing made for it, waiting for it should it be under way. Only a page past
those (``_next`` beyond PREPARED_PAGES × 100 targets) is drawn on demand, once, and kept. ``renders`` counts the
drawings this process has had made (the tests read it), ``drawn_by`` the process that made the last one.
"""
from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import sys
import threading
import weakref
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..chart_svg import svg_of, watch_parent
from .database import kb_database
from .target_pages import TARGETS_PAGE, coverage_chart_spec

PREPARED_PAGES = 3  # pages of /targets whose chart is drawn ahead
KEPT = 32  # drawings kept, by spec

renders = 0  # drawings made for this process (in its worker)
drawn_by: int | None = None  # the id of the process that made the last drawing
_lock = threading.Lock()
_worker: ProcessPoolExecutor | None = None  # the one drawing process, started on the first drawing
_svgs: "OrderedDict[str, str]" = OrderedDict()  # spec key → SVG drawn
_pending: dict[tuple[int, str], asyncio.Future] = {}  # (event loop, spec key) → drawing under way
_preparing: set[asyncio.Task] = set()  # preparations under way (kept referenced until done)
_prepared_for: "weakref.WeakKeyDictionary[object, object]" = weakref.WeakKeyDictionary()  # datasette → its KB


def spec_key(spec: dict) -> str:
    """The key a drawing is kept by: its spec as canonical JSON (the same chart, the same key, whatever KB file)."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)


def _drawing_process() -> ProcessPoolExecutor:
    """The worker process that draws (one, spawned on first use, shared by every event loop of this process; it
    ends itself when this process is gone: kb.chart_svg.watch_parent)."""
    global _worker
    with _lock:
        if _worker is None:
            _worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                          initializer=watch_parent, initargs=(os.getpid(),))
        return _worker


async def draw(spec_json: str) -> str:
    """The SVG text of a vega-lite spec (canonical JSON), drawn in the worker process and kept; counts in
    ``renders``. A worker that died is replaced for the next drawing; this one raises BrokenProcessPool."""
    global renders, drawn_by, _worker
    worker = _drawing_process()
    try:
        svg, pid = await asyncio.get_running_loop().run_in_executor(worker, svg_of, spec_json)
    except BrokenProcessPool:
        with _lock:
            if _worker is worker:
                _worker = None
        raise
    with _lock:
        renders += 1
        drawn_by = pid
        _svgs[spec_json] = svg
        while len(_svgs) > KEPT:
            _svgs.popitem(last=False)
    return svg


async def _drawing(key: str) -> str:
    """The SVG of the spec ``key``: the one drawn before, the one under way, or one drawn now in the worker
    process (an event loop's requests for the same spec share one drawing)."""
    with _lock:
        if key in _svgs:
            _svgs.move_to_end(key)
            return _svgs[key]
    loop = asyncio.get_running_loop()
    future = _pending.get((id(loop), key))
    if future is None or future.get_loop() is not loop:
        future = _pending[(id(loop), key)] = asyncio.ensure_future(draw(key))
        future.add_done_callback(lambda _: _pending.pop((id(loop), key), None))
    return await asyncio.shield(future)


async def _page_keys(datasette) -> list[str]:
    """The spec keys of the first PREPARED_PAGES pages of /targets that have targets."""

    def read(conn):
        keys = []
        for page in range(PREPARED_PAGES):
            after = conn.execute("select coalesce(max(rowid), 0) from (select rowid from targets order by rowid "
                                 "limit ?)", [page * TARGETS_PAGE]).fetchone()[0]
            if page and not after:
                break
            spec = coverage_chart_spec(conn, after)
            if not spec["data"]["values"]:
                break
            keys.append(spec_key(spec))
        return keys

    return await kb_database(datasette).execute_fn(read)


def follow(datasette) -> None:
    """Start drawing the served KB's charts in the background when it is not the KB they were last drawn for (the
    server has just started, or has swapped to a new KB file); returns at once. Called before every request."""
    try:
        db = kb_database(datasette)
    except Exception:  # no KB published (yet): nothing to draw
        return
    if _prepared_for.get(datasette) is db:
        return
    _prepared_for[datasette] = db

    async def prepare():
        try:
            for key in await _page_keys(datasette):
                await _drawing(key)
        except Exception as error:  # a request draws it again (chart_svg), or shows the page without it
            sys.stderr.write(f"/targets chart not drawn ahead: {type(error).__name__}: {error}\n")

    task = asyncio.ensure_future(prepare())
    _preparing.add(task)
    task.add_done_callback(_preparing.discard)


async def drawn() -> None:
    """Wait until every drawing under way in this event loop is done (tests; a page waits for its own)."""
    loop = asyncio.get_running_loop()
    while True:
        mine = [f for (loop_id, _), f in list(_pending.items()) if loop_id == id(loop) and not f.done()]
        mine += [t for t in list(_preparing) if t.get_loop() is loop and not t.done()]
        if not mine:
            return
        await asyncio.gather(*mine, return_exceptions=True)


async def chart_svg(spec: dict) -> str:
    """The SVG of a /targets chart spec: the drawing made ahead for it, or made now (once) for a page past
    PREPARED_PAGES; "" for a chart without data, or when it could not be drawn (the page's list still shows the
    data; the error goes to stderr)."""
    if not spec["data"]["values"]:
        return ""
    try:
        return await _drawing(spec_key(spec))
    except Exception as error:  # a page without its drawing, never a server error
        sys.stderr.write(f"/targets chart not drawn: {type(error).__name__}: {error}\n")
        return ""
