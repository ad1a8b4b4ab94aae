"""The benchmark behind scripts/bench: build throughput, alignment (a ratio to the build), incremental add, search
latency and load, each measured beside its floor in the same run and printed as a ratio, so machine noise cancels.
Numbers are never asserted in tests; this is where they come from. Run `scripts/bench --quick` for a small version."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "bench"
# The project's kb; in a checkout without its own .venv (a git worktree), this Python's kb.cli.
KB = [str(ROOT / ".venv" / "bin" / "kb")] if (ROOT / ".venv" / "bin" / "kb").exists() else \
    [sys.executable, "-m", "kb.cli"]
RULES = ROOT / "rules"
METADATA = ROOT / "metadata.yml"
LINES: list[str] = []


def say(line: str = ""):
    print(line, flush=True)
    LINES.append(line)


# -- measuring --------------------------------------------------------------------------------------------------
def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, AttributeError):
            continue
    return total


def run_measured(command: list[str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB of the whole process tree, stdout) of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode not in (0,):
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err[-2000:]}")
    return seconds, peak[0] // 1024, out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


# -- the workload -----------------------------------------------------------------------------------------------
def _synth_version() -> str:
    """A digest of kb synth's code: a corpus another version wrote (before its implementing links, say) is not the
    workload of this one."""
    import hashlib

    return hashlib.sha256(b"".join((ROOT / "kb" / name).read_bytes()
                                   for name in ("synth.py", "synth_plans.py"))).hexdigest()[:16]


def synthetic_corpus(docs: int) -> Path:
    corpus = WORK / f"corpus-{docs}"
    stamp = WORK / f"corpus-{docs}.synth"  # beside the corpus, not in it: kb build reads every file there
    if corpus.is_dir() and len(list(corpus.glob("*.txt"))) == docs and stamp.is_file() \
            and stamp.read_text() == _synth_version():
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    subprocess.run(KB + ["synth", "--docs", str(docs), "--out", str(corpus), "--seed", "2026"], check=True,
                   stdout=subprocess.DEVNULL)
    stamp.write_text(_synth_version())
    return corpus


def jieba_floor(corpus: Path) -> tuple[float, int]:
    """Seconds of one bare jieba.cut pass over the corpus text (read into memory first), and its bytes."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    started = time.perf_counter()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    return time.perf_counter() - started, sum(len(t.encode("utf-8")) for t in texts)


# `kb build` as the CLI runs it (kb.build.build_kb, default jobs, no progress when piped), printing the seconds its
# alignment took at commit (BuildReport.align_seconds), which the CLI's summary line does not show.
BUILD = ("import json, sys\nfrom kb.build import build_kb\nreport = build_kb(*sys.argv[1:4])\n"
         "print(json.dumps({'ok': report.ok, 'align_seconds': report.align_seconds}))\nsys.exit(0 if report.ok else 1)")
BUILD_SECONDS: dict[int, tuple[float, float]] = {}  # documents → (build seconds, of which alignment at commit)


def bench_build(sizes: list[int]) -> dict[int, Path]:
    say("## Build throughput (floor: one bare `jieba.cut` pass over the same text, one core)")
    say()
    say("| documents | clauses | MB | floor s | build s | build / floor | MB/s | clauses/s | peak RSS MB |")
    say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    built = {}
    for docs in sizes:
        corpus = synthetic_corpus(docs)
        floor, size = jieba_floor(corpus)
        out = WORK / f"kb-{docs}" / "kb.db"  # named kb.db: metadata.yml describes the database "kb"
        out.parent.mkdir(parents=True, exist_ok=True)
        seconds, rss, printed = run_measured([sys.executable, "-c", BUILD, str(corpus), str(RULES), str(out)])
        BUILD_SECONDS[docs] = (seconds, json.loads(printed.strip().splitlines()[-1])["align_seconds"])
        clauses = sqlite3.connect(out).execute("select count(*) from clauses").fetchone()[0]
        say(f"| {docs:,} | {clauses:,} | {size / 1e6:.1f} | {floor:.1f} | {seconds:.1f} | {seconds / floor:.2f}× "
            f"| {size / 1e6 / seconds:.2f} | {clauses / seconds:,.0f} | {rss:,} |")
        built[docs] = out
    say()
    return built


def bench_align(built: dict[int, Path]):
    """Issue 26: alignment alone (kb.align.refresh of every pair, then carry_down: the calls kb.build.finish_corpus
    makes at commit) on a copy of each KB built in this run, as a ratio to that build's seconds."""
    from kb.align import refresh
    from kb.align.carry import carry_down
    from kb.rules import load_rules

    rules = load_rules(RULES)
    say("## Alignment (kb.align) on the synthetic KB, as a ratio to its build (goal < 0.3×)")
    say()
    say("Alignment alone: `kb.align.refresh(conn, rules.align, None, places)` (every implements pair lined up "
        "again) then `carry_down` and a commit, on a copy of the KB just built, timed in this process; beside it "
        "the build's seconds (the table above) and the seconds the build's own commit spent on the same calls.")
    say()
    say("| documents | pairs | aligned rows | task_alignments rows | align s | build s | align / build "
        "| goal < 0.3× | alignment in the build s | share of the build |")
    say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    for docs, db in sorted(built.items()):
        if docs not in BUILD_SECONDS:
            continue
        build_seconds, inside = BUILD_SECONDS[docs]
        copy = db.with_name("align-copy.db")  # not kb.db: the KB the other parts read stays as built
        shutil.copyfile(db, copy)
        try:
            conn = sqlite3.connect(copy)
            started = time.perf_counter()
            pairs = refresh(conn, rules.align, None, rules.places)
            carry_down(conn, rules, pairs, None)
            conn.commit()
            seconds = time.perf_counter() - started
            aligned, rows = conn.execute("select sum(status = 'aligned'), count(*) from task_alignments").fetchone()
            conn.close()
        finally:
            copy.unlink(missing_ok=True)
        ratio = seconds / build_seconds
        say(f"| {docs:,} | {len(pairs):,} | {aligned or 0:,} | {rows:,} | {seconds:.1f} | {build_seconds:.1f} "
            f"| {ratio:.2f}× | {'yes' if ratio < 0.3 else '**no**'} | {inside:.1f} | {inside / build_seconds:.0%} |")
    say()


INCREMENTAL_RUNS = 5


def bench_incremental(docs: int, db: Path):
    from kb import ranked
    from kb.synth import read_material, synthetic_document

    corpus = synthetic_corpus(docs)
    say(f"## Incremental: `kb add` one document to the {docs:,}-document KB")
    say()
    material = read_material(ROOT / "corpus", RULES)
    text, _ = synthetic_document(docs + 1, material, random.Random(99), [])
    runs = []
    # The disk flush of the 1.6 GB copy varies from run to run on a shared machine: the median of RUNS runs.
    for _ in range(INCREMENTAL_RUNS):
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / "new-document.txt"
            source.write_text(text, encoding="utf-8")
            before = set(corpus.iterdir())
            # `kb add` renames a new file over the KB (copy-on-write), so a hard link keeps the KB as it was, to
            # put back with the corpus: the next run starts from a KB that matches its corpus again.
            # Its ranked index (kb.ranked) is kept the same way: the update writes a new folder and prunes the old.
            kept = db.with_name(f".{db.name}.before-add")
            kept.unlink(missing_ok=True)
            os.link(db, kept)
            folder = ranked.folder_of(db)
            kept_folder = folder.with_name(f".{folder.name}.before-add")
            shutil.rmtree(kept_folder, ignore_errors=True)
            shutil.copytree(folder, kept_folder, copy_function=os.link)
            try:
                runs.append(run_measured(KB + ["add", str(source), "--corpus", str(corpus), "--rules", str(RULES),
                                               "--db", str(db)]))
            finally:
                for added in set(corpus.iterdir()) - before:
                    added.unlink()
                os.replace(kept, db)
                shutil.rmtree(folder)
                os.replace(kept_folder, folder)
    runs.sort(key=lambda run: run[0])
    seconds, rss, out = runs[len(runs) // 2]
    summary = out.strip().splitlines()[-1]
    # The floor: the same command's start-up alone (Python, imports, rules, the spaCy pipeline): `kb add --help`
    # is not enough, so `kb add --dry-run` of the same file against an empty corpus.
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "new-document.txt"
        source.write_text(text, encoding="utf-8")
        (Path(scratch) / "empty").mkdir()
        floor, _, _ = run_measured(KB + ["add", str(source), "--corpus", str(Path(scratch) / "empty"),
                                         "--rules", str(RULES), "--db", str(Path(scratch) / "kb.db"), "--dry-run"])
    say(f"- `kb add` end to end: **{seconds:.2f} s**, the median of {len(runs)} runs "
        f"({' / '.join(f'{run[0]:.2f}' for run in runs)} s; goal < 5 s; peak RSS {rss} MB); a dry run of the same "
        f"file against an empty corpus takes {floor:.2f} s, so the update itself costs {seconds - floor:.2f} s")
    say(f"- it printed: `{summary}`")
    say()


SEGMENT_RUNS = 3


def _segment_documents(megabytes: float) -> dict[str, str]:
    """Two synthetic documents of about ``megabytes`` MB: `kb synth` documents run together into one (a plan's
    numbering ladder, its 一、 (一) 1. printed again in every part), and one number printed again and again
    (二、 before every item of three clauses, the document of tests/test_input_limits.py): every id there is a
    repeat of the one before."""
    from kb.synth import read_material, synthetic_document

    size = int(megabytes * 1024 * 1024)
    material = read_material(ROOT / "corpus", RULES)
    rng, pieces, total, n = random.Random(2026), [], 0, 0
    while total < size:
        n += 1
        text, _ = synthetic_document(n, material, rng, [])
        pieces.append(text)
        total += len(text.encode("utf-8"))
    item = "二、推进专利质押融资;完善服务体系。加强保护。\n"
    return {"kb synth documents run together": "".join(pieces),
            "二、 printed before every item": "关于测试的通知\n" + item * (size // len(item.encode()) + 1)}


def bench_segment(sizes_mb: list[float]):
    """Segmentation (kb.structure.segment) of one document of each size, in this process: the best of
    SEGMENT_RUNS runs, and each time over the time of the smallest: linear growth doubles it with the size."""
    from kb.rules import load_rules
    from kb.structure.segment import segment

    rules = load_rules(RULES).structure
    say(f"## Segmentation of one document (kb.structure.segment, best of {SEGMENT_RUNS} runs, one core)")
    say()
    say("| document | MB | clauses | seconds | × the smallest | size × | MB/s |")
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    documents = {mb: _segment_documents(mb) for mb in sizes_mb}
    for kind in documents[sizes_mb[0]]:
        first = None
        for mb in sizes_mb:
            text = documents[mb][kind]
            times = []
            for _ in range(SEGMENT_RUNS):
                started = time.perf_counter()
                structure = segment("bench", text, rules)
                times.append(time.perf_counter() - started)
            best = min(times)
            first = first or (best, mb)
            size = len(text.encode("utf-8")) / 1e6
            say(f"| {kind} | {size:.2f} | {len(structure.clauses):,} | {best:.2f} | {best / first[0]:.2f}× "
                f"| {mb / first[1]:.0f}× | {size / best:.2f} |")
    say()


def _queries(conn: sqlite3.Connection, per_class: int, rng: random.Random) -> dict[str, list[str]]:
    from kb.index_text import query_terms

    count = conn.execute("select max(rowid) from clauses").fetchone()[0]
    classes = {"1 char": [], "2 chars": [], "4 chars": [], "two terms": []}
    while min(len(v) for v in classes.values()) < per_class:
        text = conn.execute("select text from clauses where rowid = ?", [rng.randint(1, count)]).fetchone()
        if not text or len(text[0]) < 12:
            continue
        text = text[0]

        def piece(n):
            start = rng.randint(0, len(text) - n)
            return text[start:start + n]

        for name, query in (("1 char", piece(1)), ("2 chars", piece(2)), ("4 chars", piece(4)),
                            ("two terms", f"{piece(2)} {piece(2)}")):
            # A piece of text that is only separators (，、) is no query: every clause would match.
            if len(classes[name]) < per_class and query_terms(query) \
                    and not re.search(r"\s", query.replace(" ", "", 1 if name == "two terms" else 0)):
                classes[name].append(query)
    return classes


def bench_search(db: Path, per_class: int, like_per_class: int):
    import yaml

    from kb.publish import make_datasette
    from kb.index_text import query_terms
    from kb.search import register_functions

    clauses = sqlite3.connect(db).execute("select count(*) from clauses").fetchone()[0]
    say(f"## Search at {clauses:,} clauses: Datasette's JSON API against a raw FTS5 query (floor) and LIKE (naive)")
    say()
    say("A search is one request, `/kb/search_clauses.json?q=…` (a canned query in metadata.yml): the first 100 "
        "matching clauses in document order, each row carrying the number of matches (read from "
        "term_clause_counts for a one- or two-character term, else counted through the index). The next page "
        "(`&after=<last position>`) carries no count. The floor runs the same statement on a raw connection; "
        "LIKE gets the same page and count with `text LIKE '%term%'`. Same results: the API's page and count equal "
        "the floor's, and for the LIKE-checked queries the index and LIKE find exactly the same rows. Datasette's "
        "table search (`/kb/clauses.json?_search=…&_nofacet=1`, page and count in one request) is measured too.")
    say()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    register_functions(conn)
    queries = _queries(conn, per_class, random.Random(7))
    datasette = make_datasette(db, METADATA)
    search_sql = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["kb"]["queries"][
        "search_clauses"]["sql"]
    loop = asyncio.new_event_loop()

    def api(path, **params):
        response = loop.run_until_complete(datasette.client.get(path, params=dict(params, _shape="array")))
        assert response.status_code == 200, (path, params, response.status_code)
        return response.json()

    def timed(fn, *args, **kwargs):
        started = time.perf_counter()
        result = fn(*args, **kwargs)
        return (time.perf_counter() - started) * 1000, result

    api("/kb/search_clauses.json", q="专利", after="")  # warm up: plugin, templates, database
    say("| query | API search p50 / p95 / p99 ms | API next page p50 / p95 ms | FTS5 floor p50 / p95 ms "
        "| LIKE page + count p50 ms | LIKE / API (p50) | LIKE / API (p95) | API / FTS5 (p95) "
        "| table search p50 / p95 ms | same results |")
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, items in queries.items():
        search_ms, next_ms, fts_ms, like_ms, table_ms, mismatches, checked = [], [], [], [], [], 0, 0
        table_timeouts = 0
        for n, query in enumerate(items):
            search_time, page = timed(api, "/kb/search_clauses.json", q=query, after="")
            search_ms.append(search_time)
            if len(page) == 100:
                next_time, _ = timed(api, "/kb/search_clauses.json", q=query, after=str(page[-1]["position"]))
                next_ms.append(next_time)
            fts_time, fts_rows = timed(lambda: conn.execute(search_sql, {"q": query, "after": ""}).fetchall())
            fts_ms.append(fts_time)
            fts_page = [r[1] for r in fts_rows]
            fts_count = fts_rows[0][4] if fts_rows else 0
            api_count = page[0]["matches"] if page else 0
            if [r["clause_id"] for r in page] != fts_page or api_count != fts_count:
                mismatches += 1
            if n < 50:
                # Datasette's own table search: past the SQL time limit of settings.json it answers 400 ("query
                # took too long"), which is counted, not a failure of the bench.
                table_time, response = timed(lambda: loop.run_until_complete(datasette.client.get(
                    "/kb/clauses.json", params={"_search": query, "_size": "100", "_nofacet": "1", "_col": "id",
                                                "_shape": "array"})))
                assert response.status_code in (200, 400), (query, response.status_code)
                table_ms.append(table_time)
                table_timeouts += response.status_code == 400
            if n < like_per_class:
                terms = query_terms(query)
                where = " and ".join("text like ?" for _ in terms)
                params = [f"%{t}%" for t in terms]
                like_time, (like_page, like_count) = timed(lambda: (
                    [r[0] for r in conn.execute(f"select id from clauses where {where} order by rowid limit 100",
                                                params)],
                    conn.execute(f"select count(*) from clauses where {where}", params).fetchone()[0]))
                like_ms.append(like_time)
                checked += 1
                like_ids = {r[0] for r in conn.execute(f"select rowid from clauses where {where}", params)}
                fts_ids = {r[0] for r in conn.execute("select rowid from clauses_fts "
                                                      "where clauses_fts match escape_fts(?)", [query])}
                if like_page != fts_page or like_count != fts_count or like_ids != fts_ids:
                    mismatches += 1
        p = percentile
        say(f"| {name} | {p(search_ms, 50):.1f} / {p(search_ms, 95):.1f} / {p(search_ms, 99):.1f} "
            f"| {p(next_ms, 50):.1f} / {p(next_ms, 95):.1f} | {p(fts_ms, 50):.1f} / {p(fts_ms, 95):.1f} "
            f"| {p(like_ms, 50):.0f} | {p(like_ms, 50) / p(search_ms, 50):.0f}× "
            f"| {p(like_ms, 95) / p(search_ms, 95):.0f}× "
            f"| {p(search_ms, 95) / max(p(fts_ms, 95), 1e-6):.1f}× | {p(table_ms, 50):.0f} / {p(table_ms, 95):.0f}"
            f"{f' ({table_timeouts} of {len(table_ms)} past the time limit)' if table_timeouts else ''} "
            f"| {'yes' if not mismatches else f'NO ({mismatches})'} ({len(items)} queries, {checked} against LIKE) |")
    say()
    loop.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk_summary(output: str) -> dict:
    def find(pattern):
        match = re.search(pattern, output)
        return match.group(1) if match else None

    return {"rps": find(r"Requests/sec:\s+([\d.]+)"), "p50": find(r"50%\s+([\d.]+\w+)"),
            "p99": find(r"99%\s+([\d.]+\w+)"), "total": find(r"(\d+) requests in"),
            "non2xx": int(find(r"Non-2xx or 3xx responses: (\d+)") or 0), "socket_errors": find(r"Socket errors: (.*)")}


def bench_load(db: Path, seconds: int, connections: int, adds: int = 10):
    from kb.publish import serve_command, wait_until_serving
    from kb.synth import read_material, synthetic_document

    say(f"## Load: {connections} concurrent clients for {seconds} s against `datasette -i` (wrk, a second process)")
    say()
    say("Searches through `/kb/search_clauses.json`, one Datasette process with the settings of settings.json, "
        f"wrk on the same two cores. Then the same load while `kb add` files {adds} documents one after another "
        "into the KB being served (copy-on-write; the server follows the new file).")
    say()
    if shutil.which("wrk") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if shutil.which("wrk") is None:
        say("- skipped: wrk is not installed (apt-get install wrk)")
        say()
        return
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    queries = [q for qs in _queries(conn, 50, random.Random(11)).values() for q in qs]
    corpus = Path(conn.execute("select value from kb_meta where key = 'corpus'").fetchone()[0])
    conn.close()
    port = _free_port()
    server = subprocess.Popen(serve_command(db, METADATA, "127.0.0.1", port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    added_files = []
    try:
        wait_until_serving(base + "/-/versions.json", server)
        from urllib.parse import quote

        paths = [f"/kb/search_clauses.json?q={quote(q)}&after=&_shape=array" for q in queries]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
                         "counter = 0\nrequest = function()\n  counter = counter + 1\n"
                         "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n")
        wrk = ["wrk", "-t2", f"-c{connections}", "--latency", "--timeout", "10s", "-s", script.name]
        quiet = _wrk_summary(subprocess.run(wrk + [f"-d{seconds}s", base + "/"], capture_output=True,
                                            text=True).stdout)
        # The same load while documents are added: wrk runs until the last add has returned and a little after.
        material = read_material(ROOT / "corpus", RULES)
        sources = []
        scratch = Path(tempfile.mkdtemp(prefix="kb-bench-adds-"))
        for n in range(adds):
            text, _ = synthetic_document(10_000_000 + n, material, random.Random(500 + n), [])
            sources.append(scratch / f"live-{n}.txt")
            sources[-1].write_text(text, encoding="utf-8")
        loaded = subprocess.Popen(wrk + [f"-d{max(seconds, adds * 12)}s", base + "/"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        time.sleep(2)
        add_seconds, failed_adds = [], 0
        for source in sources:
            before = set(corpus.iterdir())
            started = time.perf_counter()
            result = subprocess.run(KB + ["add", str(source), "--corpus", str(corpus), "--rules", str(RULES),
                                          "--db", str(db)], capture_output=True, text=True)
            add_seconds.append(time.perf_counter() - started)
            failed_adds += result.returncode != 0
            added_files += sorted(set(corpus.iterdir()) - before)
        busy = _wrk_summary(loaded.communicate()[0])
        shutil.rmtree(scratch, ignore_errors=True)
        os.unlink(script.name)
    finally:
        server.terminate()
        server.wait(timeout=10)
        for path in added_files:  # the corpus stays the synthetic one (the KB keeps the added documents)
            path.unlink(missing_ok=True)
    for label, run in (("without adds", quiet), (f"while {adds} documents are added", busy)):
        say(f"- {label}: {run['total'] or '?'} requests, **{run['rps'] or '?'} requests/s**, p50 {run['p50']}, "
            f"**p99 {run['p99']}**; failed requests: **{run['non2xx']} non-2xx**, socket errors: "
            f"{run['socket_errors'] or 'none'}")
    say(f"- the {adds} `kb add`s took {min(add_seconds):.1f}–{max(add_seconds):.1f} s each (median "
        f"{statistics.median(add_seconds):.1f} s); failed: {failed_adds}")
    say()


def bench_routes(db: Path, requests: int = 20):
    """p50 / p95 of every public route on the KB (the real Datasette app, in process), the goal p95 < 300 ms."""
    from kb.publish import make_datasette

    say(f"## Routes: {requests} requests each on the {db.parent.name} KB (the real Datasette app, in process)")
    say()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    unit = conn.execute("select unit_id from unit_counts group by 1 order by sum(clauses) desc limit 1").fetchone()[0]
    document = conn.execute("select id from documents where text_available order by rowid limit 1 offset 5").fetchone()[0]
    clause = conn.execute("select id from clauses where document_id = ? limit 1 offset 20", [document]).fetchone()[0]
    target = conn.execute("select id from targets limit 1 offset 10").fetchone()[0]
    conn.close()
    routes = ["/", f"/doc/{document}", f"/clause/{clause}", "/targets", f"/target/{target}", "/units",
              f"/unit/{unit}", "/areas", "/search?q=专利", "/search?q=知识产权保护", "/search?q=质押 融资",
              # the table's search box (to /search, redirect followed), then Datasette's own table search with a filter
              "/kb/clauses?_search=知识产权", "/kb/clauses?_search=知识产权&kind=sentence",
              "/kb/search_clauses.json?q=专利"]
    datasette = make_datasette(db, METADATA)

    async def run():
        rows = []
        for route in routes:
            times, status = [], None
            for _ in range(requests + 1):
                started = time.perf_counter()
                response = await datasette.client.get(route, follow_redirects=True)
                times.append((time.perf_counter() - started) * 1000)
                status = response.status_code
            times = sorted(times[1:])  # the first request of a route warms its caches
            rows.append((route, status, percentile(times, 50), percentile(times, 95)))
        return rows

    say("| route | status | p50 ms | p95 ms | p95 < 300 ms |")
    say("| --- | ---: | ---: | ---: | --- |")
    for route, status, p50, p95 in asyncio.run(run()):
        say(f"| `{route}` | {status} | {p50:.0f} | {p95:.0f} | {'yes' if p95 < 300 else '**no**'} |")
    say()



def _tantivy_index(conn: sqlite3.Connection, folder: Path):
    """A tantivy index of every clause's folded text, tokenized in 1- and 2-character n-grams (the issue's peer),
    made once per KB and kept beside the bench's KB. Returns (index, build seconds or None when reused)."""
    import tantivy

    from kb.index_text import fold

    def open_index(path: Path):
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", stored=False, tokenizer_name="ngram12")
        builder.add_integer_field("rowid", stored=True, indexed=True, fast=True)
        index = tantivy.Index(builder.build(), path=str(path))
        index.register_tokenizer("ngram12", tantivy.TextAnalyzerBuilder(
            tantivy.Tokenizer.ngram(min_gram=1, max_gram=2, prefix_only=False)).build())
        return index

    stamp = folder / "kb-content"
    row = conn.execute("select value from kb_meta where key = 'content_sha256'").fetchone()
    content = row[0] if row else str(conn.execute("select count(*), max(rowid) from clauses").fetchone())
    if stamp.exists() and stamp.read_text() == content:
        return open_index(folder), None
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = open_index(folder)
    started = time.perf_counter()
    writer = index.writer(heap_size=512 * 1024 * 1024, num_threads=2)
    for rowid, text in conn.execute("select rowid, text from clauses"):
        writer.add_document(tantivy.Document(text=fold(text), rowid=rowid))
    writer.commit()
    writer.wait_merging_threads()
    stamp.write_text(content)
    return index, time.perf_counter() - started


def _tantivy_query(index, query: str):
    """Every term of the query as the AND of its n-grams: one character its unigram, a longer term each of its
    bigrams (tantivy's n-gram tokens carry no positions a phrase could rely on)."""
    import tantivy

    from kb.index_text import fold, query_terms

    clauses = []
    for term in query_terms(query):
        folded = fold(term)
        grams = [folded] if len(folded) == 1 else [a + b for a, b in zip(folded, folded[1:])]
        clauses += [(tantivy.Occur.Must, tantivy.Query.term_query(index.schema, "text", g)) for g in grams]
    return tantivy.Query.boolean_query(clauses)


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def bench_ranked(db: Path, per_class: int, like_per_class: int):
    """Issue 16: ranked search (top 20 by relevance, with the number of matches) side by side with kb's document
    order, tantivy with 1–2-character n-grams, and LIKE, on the same queries in one run."""
    import yaml

    from kb import ranked
    from kb.index_text import query_terms
    from kb.search import FTS_RANKED_SQL, register_functions, search_with_count

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    register_functions(conn, db)
    kb_index = ranked.open_ranked(db, ranked.key_of(conn))
    if kb_index is None:
        say(f"(no ranked index beside {db}: run `kb index --db {db}`)")
        return
    clauses = conn.execute("select count(*) from clauses").fetchone()[0]
    say(f"## Ranked search at {clauses:,} clauses: kb against tantivy n-gram(1,2) and LIKE")
    say()
    index, built = _tantivy_index(conn, db.parent / "tantivy")
    index.reload()
    searcher = index.searcher()
    kb_mb = conn.execute("select sum(pgsize) from dbstat where name like 'clauses_fts%'").fetchone()[0] / 1e6
    say(f"- index sizes: kb's FTS5 index {kb_mb:,.1f} MB (unigram and bigram columns, positions kept; document "
        f"order, Datasette's table search); kb's ranked index {_folder_mb(kb_index.path):,.1f} MB (tantivy, "
        f"unigram tokens and bigram tokens with positions); the peer tantivy n-gram(1,2) index "
        f"{_folder_mb(db.parent / 'tantivy'):,.1f} MB" + (f" (built in {built:.0f} s)" if built else ""))
    say("- kb ranked: the number of matches and the top 20 with their rows and highlights, in one search of kb's "
        "ranked index (`kb.search.search_with_count`, as the search page and `kb search` get them); kb document "
        "order: the first 100 in document order with the number of matches (`/kb/search_clauses.json`'s SQL); "
        "tantivy: the peer, top 20 by its BM25 with the count (each term the AND of its n-grams, no positions); "
        f"LIKE: the same count and first page by `text LIKE`; for the first {like_per_class} queries of each type "
        "also FTS5's bm25 over every match (kb without its ranked index), and how many of its top 10 kb ranked's "
        "top 10 shares (overlap@10)")
    say()
    queries = _queries(conn, per_class, random.Random(11))
    search_sql = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["kb"]["queries"][
        "search_clauses"]["sql"]

    def timed(fn):
        started = time.perf_counter()
        result = fn()
        return (time.perf_counter() - started) * 1000, result

    say("| query | kb ranked p50 / p95 ms | kb document order p50 / p95 ms | tantivy p50 / p95 ms "
        "| LIKE p50 / p95 ms | FTS5 bm25 p50 / p95 ms | kb ranked / tantivy (p95) | kb ranked = LIKE "
        "| overlap@10 with FTS5 bm25 | tantivy recall / precision against LIKE |")
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    for name, items in queries.items():
        ranked, ordered, peer, like, fts5 = [], [], [], [], []
        same, checked, found, relevant, returned, overlap = 0, 0, 0, 0, 0, []
        for n, query in enumerate(items):
            kb_index.forget()  # every query searched afresh, as a new query is
            ranked.append(timed(lambda: search_with_count(conn, query, 20))[0])
            kb_index.forget()
            ordered.append(timed(lambda: conn.execute(search_sql, {"q": query, "after": ""}).fetchall())[0])
            peer.append(timed(lambda: searcher.search(_tantivy_query(index, query), 20, count=True))[0])
            if n < like_per_class:
                terms = query_terms(query)
                # timed: the naive scan, as a user's own LIKE would be; compared: LIKE on the folded text, which
                # is what kb's search promises to equal
                where = " and ".join("text like ?" for _ in terms)
                params = [f"%{t}%" for t in terms]
                like.append(timed(lambda: (conn.execute(f"select count(*) from clauses where {where}", params)
                                           .fetchone(), conn.execute(f"select rowid from clauses where {where} "
                                                                     f"order by rowid limit 20", params).fetchall()))[0])
                folded_where = " and ".join("kb_fold(text) like ?" for _ in terms)
                like_rows = {r for (r,) in conn.execute(f"select rowid from clauses where {folded_where}",
                                                        [f"%{_fold(t)}%" for t in terms])}
                kb_index.forget()
                total, hits = kb_index.search(query, max(len(like_rows), 1))
                checked += 1
                same += total == len(like_rows) and {r for r, _ in hits} == like_rows
                took, bm25_top = timed(lambda: [r for (r,) in conn.execute(FTS_RANKED_SQL, [query, 20])])
                fts5.append(took)
                if bm25_top:
                    overlap.append(len(set(bm25_top[:10]) & {r for r, _ in hits[:10]}) / min(10, len(bm25_top)))
                result = searcher.search(_tantivy_query(index, query), max(len(like_rows), 1), count=True)
                got = {searcher.doc(address)["rowid"][0] for _, address in result.hits}
                found += len(got & like_rows)
                relevant += len(like_rows)
                returned += len(got)
        recall = found / relevant if relevant else 1.0
        precision = found / returned if returned else 1.0
        say(f"| {name} | {percentile(ranked, 50):.1f} / {percentile(ranked, 95):.1f} "
            f"| {percentile(ordered, 50):.1f} / {percentile(ordered, 95):.1f} "
            f"| {percentile(peer, 50):.2f} / {percentile(peer, 95):.2f} "
            f"| {percentile(like, 50):.0f} / {percentile(like, 95):.0f} "
            f"| {percentile(fts5, 50):.0f} / {percentile(fts5, 95):.0f} "
            f"| {percentile(ranked, 95) / percentile(peer, 95):.1f}× "
            f"| {'yes' if same == checked else f'**no** ({checked - same} of {checked})'} ({checked} queries) "
            f"| {sum(overlap) / len(overlap) if overlap else 1:.2f} "
            f"| {recall:.4f} / {precision:.4f} |")
    say()


def _fold(term: str) -> str:
    from kb.index_text import fold

    return fold(term)


ATTACK_CLIENTS = 6
ATTACK_SQL = "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n"


def bench_attack(db: Path, requests: int = 100) -> None:
    """/search while six clients send SQL that runs to the time limit: its p99 beside its p99 with no load."""
    import urllib.error
    import urllib.parse
    import urllib.request

    from kb.publish import serve_command, wait_until_serving

    say(f"## Attack: /search while {ATTACK_CLIENTS} clients send heavy SQL (each query to the 1 s time limit)")
    say()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(serve_command(db, METADATA, "127.0.0.1", port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    queries = ["专利", "知识产权 保护", "质押 融资", "商标", "版权", "科技"]

    def timed_searches() -> list[float]:
        times = []
        for n in range(requests):
            url = f"{base}/search?q={urllib.parse.quote(queries[n % len(queries)])}"
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    response.read()
            except urllib.error.HTTPError:
                pass
            times.append((time.perf_counter() - started) * 1000)
        return times

    def p(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))]

    try:
        wait_until_serving(base + "/-/versions.json", server)
        timed_searches()  # warm
        quiet = timed_searches()
        stop, statuses = threading.Event(), []

        def attacker():
            url = f"{base}/kb.json?" + urllib.parse.urlencode({"sql": ATTACK_SQL})
            while not stop.is_set():
                try:
                    with urllib.request.urlopen(url, timeout=60) as response:
                        statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    statuses.append(error.code)
                except OSError:
                    statuses.append(0)

        threads = [threading.Thread(target=attacker, daemon=True) for _ in range(ATTACK_CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        loaded = timed_searches()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=10)
    say("| | /search p50 ms | /search p99 ms |")
    say("| --- | ---: | ---: |")
    say(f"| no load | {p(quiet, 0.5):.1f} | {p(quiet, 0.99):.1f} |")
    say(f"| {ATTACK_CLIENTS} clients of heavy SQL | {p(loaded, 0.5):.1f} | {p(loaded, 0.99):.1f} |")
    say()
    counts = {code: statuses.count(code) for code in sorted(set(statuses))}
    say(f"- p99 under attack / p99 with no load: **{p(loaded, 0.99) / p(quiet, 0.99):.1f}×** (goal under 5×); "
        f"the attacking queries were answered {counts} (400: stopped at the time limit; 503: too many waiting)")
    say()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small corpora and short runs (a few minutes)")
    parser.add_argument("--parts", default="build,align,incremental,search,load,routes,segment,attack",
                        help="which parts to run (search and load reuse the KB of an earlier build; align times the "
                             "alignment on the KBs built in the same run, so it builds them; segment times "
                             "the segmentation of one document of 1, 2 and 4 MB; attack times /search while six "
                             "clients send heavy SQL)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = [10, 200, 1000] if args.quick else [10, 1000, 20000]
    say(f"# kb benchmark{' (quick)' if args.quick else ''}: {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    say()
    largest = sizes[-1]
    built = bench_build(sizes) if parts & {"build", "align"} else {largest: WORK / f"kb-{largest}" / "kb.db"}
    if "align" in parts:
        bench_align(built)
    if "incremental" in parts:
        bench_incremental(largest, built[largest])
    if "search" in parts:
        bench_search(built[largest], per_class=50 if args.quick else 200, like_per_class=10 if args.quick else 20)
    if "search" in parts or "ranked" in parts:
        bench_ranked(built[largest], per_class=50 if args.quick else 200, like_per_class=10 if args.quick else 20)
    if "load" in parts:
        bench_load(built[largest], seconds=10 if args.quick else 60, connections=50)
    if "routes" in parts:
        bench_routes(built[largest])
    if "segment" in parts:
        bench_segment([0.25, 0.5, 1] if args.quick else [1, 2, 4])
    if "attack" in parts:
        attacked = built[largest] if built[largest].exists() else ROOT / "build" / "kb.db"
        bench_attack(attacked, requests=50 if args.quick else 100)
    name = ("latest-quick" if args.quick else "latest") + ("" if parts >= {"build", "incremental", "search", "load",
                                                                           "routes"}
                                                           else "-" + "-".join(sorted(parts)))
    (WORK / f"{name}.md").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    say(f"(written to {WORK / (name + '.md')})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
