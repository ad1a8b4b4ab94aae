"""Drawing a vega-lite chart as SVG, the work of a process of its own (kb.datasette_plugin.charts runs it in a
worker process, so that the server's event loop is never held by vl_convert). Imports nothing of the server: a
spawned worker imports this module alone."""
from __future__ import annotations

import json
import os
import re

# The drawing is shown aria-hidden beside its data as a list: vega's own ARIA text (English: "Y-axis for a
# discrete scale…", roles such as "group mark container") would only be noise.
_ARIA = re.compile(r'\s(?:aria-[a-z]+|role)="[^"]*"')


def svg_of(spec_json: str) -> tuple[str, int]:
    """The SVG text of a vega-lite spec (JSON text), without ARIA attributes, and the id of the process that drew
    it. Raises what vl_convert raises for a spec it cannot draw."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    return _ARIA.sub("", svg), os.getpid()
