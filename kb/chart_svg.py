"""Drawing a vega-lite chart as SVG, the work of a process of its own (kb.datasette_plugin.charts runs it in a
worker process, so that the server's event loop is never held by vl_convert). Imports nothing of the server: a
spawned worker imports this module alone."""
from __future__ import annotations

import json
import os
import re
import threading
import time

PARENT_CHECK_SECONDS = 1.0  # how often the worker looks whether the server that started it still runs

# The drawing is shown aria-hidden beside its data as a list: vega's own ARIA text (English: "Y-axis for a
# discrete scale…", roles such as "group mark container") would only be noise.
_ARIA = re.compile(r'\s(?:aria-[a-z]+|role)="[^"]*"')


def svg_of(spec_json: str) -> tuple[str, int]:
    """The SVG text of a vega-lite spec (JSON text), without ARIA attributes, and the id of the process that drew
    it. Raises what vl_convert raises for a spec it cannot draw."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    return _ARIA.sub("", svg), os.getpid()


def watch_parent(parent_pid: int) -> None:
    """The worker's initializer: a daemon thread that ends the worker once ``parent_pid`` (the server) is no longer
    its parent. A server stopped by a signal may exit without shutting its pool down, and a worker blocked on its
    queue would otherwise outlive it."""
    def watch():
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="kb-chart-parent-watch", daemon=True).start()
