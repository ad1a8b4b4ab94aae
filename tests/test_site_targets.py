"""Issue 25 (review): targets as their pages, chart and drafts name them. A KB of the bundled corpus, the synthetic
documents of tests/fixtures/targets and those of tests/fixtures/shared_indicators (a fictional city, 青禾市, whose
质押融资登记金额 is not the metric's 知识产权质押融资年度金额, and three fictional counties setting the same
质押融资金额 3000万元 for 2021), served by a real Datasette app in this process."""
from __future__ import annotations

import asyncio
import html
import os
import re
import shutil
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import CORPUS, METADATA, PLAN_ID, ROOT, RULES

CITY = "synthetic-qinghe-city"
COUNTIES = ("synthetic-yunxi-county", "synthetic-shiling-county", "synthetic-liuwan-county")
NO_METRIC = f"{CITY}.1.1.1.t3"  # 专利代理从业人员达到200人: an indicator no metric of rules/ names
CITY_PLEDGE = f"{CITY}.1.1.1.t1"  # 知识产权质押融资登记金额达到5亿元
MEASURES_PLEDGE = "synthetic-measures.8.1.2.t1"  # 知识产权质押融资金额达到5亿元: one of the metric's names
INTENSIVE = f"{PLAN_ID}.1.2.3.4.t3"  # 培育10个以上知识产权密集型产业: delivered by two clauses


@pytest.fixture(scope="module")
def labelled_kb(tmp_path_factory):
    from kb.build import build_kb

    corpus = tmp_path_factory.mktemp("labelled") / "corpus"
    shutil.copytree(CORPUS, corpus)
    for folder in ("targets", "shared_indicators"):
        for path in (ROOT / "tests" / "fixtures" / folder).iterdir():
            shutil.copy(path, corpus)
    out = corpus.parent / "kb.db"
    assert build_kb(corpus, RULES, out).ok
    return out


def _run(coroutine):
    # In a thread of its own, with an event loop of its own (another test's loop may be running in this one).
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _get(kb, *paths):
    """GET each path from a Datasette app of ``kb`` made in this process (its start-up run)."""
    from kb.datasette_plugin import charts
    from kb.publish import make_datasette

    async def run():
        datasette = make_datasette(kb, METADATA)
        await datasette.invoke_startup()
        responses = [await datasette.client.get(path) for path in paths]
        await charts.drawn()
        return responses

    return _run(run())


def _text(page: str) -> str:
    """A page's visible text: no tags, no <details> bodies' markup, entities read."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_target_without_a_metric_is_named_by_its_own_words(labelled_kb):
    targets, target = _get(labelled_kb, "/targets", f"/target/{NO_METRIC}")
    row = re.search(rf'<td data-label="指标"><a href="/target/{re.escape(NO_METRIC)}">([^<]*)</a>', targets.text)
    assert row and row.group(1) == "专利代理从业人员"
    assert "None" not in _text(targets.text) and "None" not in _text(target.text)
    assert re.search(r'› <a href="/targets">目标</a> › 专利代理从业人员</p>', target.text)
    assert "<dt>指标</dt><dd>专利代理从业人员</dd>" in target.text


def test_a_label_never_claims_words_the_text_does_not_say(labelled_kb):
    """The metric ip-pledge-financing is described 知识产权质押融资年度金额: neither the city's 质押融资登记金额, nor
    the measures' 知识产权质押融资金额 (one of the metric's names), nor the counties' 质押融资金额 are labelled so."""
    from kb.target_text import label_of_row

    conn = sqlite3.connect(labelled_kb)
    conn.row_factory = sqlite3.Row
    rows = {r["id"]: r for r in conn.execute(
        "select targets.*, metrics.description as metric_name from targets left join metrics on metrics.id = "
        "targets.metric where targets.id in (?, ?, ?)", [CITY_PLEDGE, MEASURES_PLEDGE, f"{COUNTIES[0]}.1.1.1.t1"])}
    assert label_of_row(rows[CITY_PLEDGE]) == "知识产权质押融资登记金额 达到 5亿元(2020年)"
    assert label_of_row(rows[MEASURES_PLEDGE]) == "知识产权质押融资金额 达到 5亿元(2020年)"
    assert label_of_row(rows[f"{COUNTIES[0]}.1.1.1.t1"]) == "质押融资金额 达到 3000万元(2021年)"

    targets, city, chart = _get(labelled_kb, "/targets", f"/target/{CITY_PLEDGE}", "/targets/chart.json")
    assert "<h1>知识产权质押融资登记金额 达到 5亿元(2020年)</h1>" in city.text
    assert "<dt>指标类别</dt><dd>知识产权质押融资年度金额</dd>" in city.text  # the grouping key, said as such
    for page in (targets.text, city.text, chart.text):
        assert "年度金额 达到 5亿元" not in page and "年度金额 达到 3000万元" not in page
    # Groups on /targets are named by what their members say: the counties' common wording.
    headings = [_text(h).split("(")[0].strip() for h in re.findall(r"<h3>(.*?)</h3>", targets.text)]
    assert "质押融资金额" in headings
    assert not any("年度" in h for h in headings if "质押融资" in h and "知识产权质押融资年度金额" not in h)
    assert any("知识产权质押融资登记金额" in h for h in headings)

    # The drafts' 相关指标 say the same: the city's task naming 质押融资 is measured by the city's own words.
    from kb.draft.reader import draft_for_unit

    draft = draft_for_unit(conn, "市知识产权局", document_id=CITY)
    assert ["知识产权质押融资登记金额 达到 5亿元(2020年)"] in [task.indicators for task in draft.tasks]


def test_a_targets_page_says_why_clauses_deliver_it_in_chinese(labelled_kb):
    (page,) = _get(labelled_kb, f"/target/{INTENSIVE}")
    table = page.text[page.text.index("落实它的条文"):]
    table = table[:table.index("</table>")]
    visible = _text(re.sub(r"<details\b.*?</details>", " ", table, flags=re.S))
    assert "link.ip-intensive-industries" not in visible and not re.search(r"\b[01]\.\d\b", visible)
    assert "指标用语:“知识产权密集型产业”" in visible and "相关度:高" in visible
    assert re.search(r"<details class=\"kb-rule\"><summary>规则编号</summary>.*?link\.ip-intensive-industries",
                     table, re.S)
    facts = _text(page.text[page.text.index('<dl class="kb-facts">'):page.text.index("</dl>")])
    assert "≥ 10个" in facts and ">=" not in facts
    assert "<dt>指标</dt><dd>知识产权密集型产业</dd>" in page.text  # the reader's 以上 is the comparator's (≥)


def test_the_chart_has_a_bar_for_each_target_told_apart_by_document(labelled_kb):
    import json

    page, chart = _get(labelled_kb, "/targets", "/targets/chart.json")
    values = json.loads(chart.text)["data"]["values"]
    conn = sqlite3.connect(labelled_kb)
    assert len(values) == conn.execute("select count(*) from targets").fetchone()[0]
    labels = [v["目标"] for v in values]
    assert len(set(labels)) == len(labels) and len({v["目标编号"] for v in values}) == len(values)
    counties = [label for label in labels if label.startswith("质押融资金额 达到 3000万元(2021年)")]
    assert len(counties) == 3
    assert {re.search(r"(云溪县|石岭县|柳湾县)", label).group(1) for label in counties} == {"云溪县", "石岭县", "柳湾县"}
    # The text list (what a phone and a screen reader get) is the chart's labels, one item a target.
    items = [html.unescape(i) for i in re.findall(r'<span class="kb-bar-label">([^<]*)</span>', page.text)]
    assert items == labels
    assert "图表数据 (vega-lite)" in page.text and "vega-lite 图表定义" not in page.text
    svg = page.text[page.text.index("<svg"):page.text.index("</svg>")]
    assert "aria-label" not in svg and "aria-roledescription" not in svg


def test_the_chart_of_a_new_kb_is_drawn_in_another_process(labelled_kb, tmp_path):
    """After the served KB file is replaced (as kb add does), its chart is drawn again, by the worker process,
    never in the server's own."""
    from kb.datasette_plugin import charts, follow
    from kb.publish import make_datasette

    served = tmp_path / "kb.db"
    shutil.copy(labelled_kb, served)

    async def run():
        datasette = make_datasette(served, METADATA)
        await datasette.invoke_startup()
        await datasette.client.get("/")
        await charts.drawn()
        before = charts.renders
        new = tmp_path / "new.db"
        shutil.copy(labelled_kb, new)
        with sqlite3.connect(new) as conn:
            conn.execute("update targets set wording = '换用的指标' where id = ?", [NO_METRIC])
        os.replace(new, served)
        await asyncio.sleep(follow.CHECK_SECONDS + 0.1)  # the follower looks at the file at most this often
        await datasette.client.get("/")  # the follower swaps to the new KB and starts its drawing
        await charts.drawn()
        page = await datasette.client.get("/targets")
        return before, charts.renders, charts.drawn_by, page.text

    before, after, drawn_by, page = _run(run())
    assert after > before and drawn_by is not None and drawn_by != os.getpid()
    assert "换用的指标" in page[page.index("<svg"):page.index("</svg>")]


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while it was read
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_the_drawing_process_ends_with_its_server(labelled_kb, no_proxy):
    """A real kb serve draws its chart in a child process of its own, which does not outlive the server."""
    import subprocess
    import urllib.request

    from kb.publish import serve_command, wait_until_serving
    from test_browser import _free_port

    port = _free_port()
    server = subprocess.Popen(serve_command(labelled_kb, METADATA, "127.0.0.1", port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/-/versions.json", server)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/targets").read().decode()
        assert "<svg" in page
        workers = [pid for pid in _children(server.pid) if "spawn_main" in _cmdline(pid)]
        assert len(workers) == 1
    finally:
        server.terminate()
        server.wait(timeout=20)
    deadline = 60  # polls of half a second: the worker looks for its server every second (chart_svg)
    while deadline and Path(f"/proc/{workers[0]}").exists() and "spawn_main" in _cmdline(workers[0]):
        time.sleep(0.5)
        deadline -= 1
    assert "spawn_main" not in _cmdline(workers[0]), "the drawing process outlived its server"
