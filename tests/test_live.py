"""Issue 13: a live KB. A real `kb serve` process serves a KB while `kb add` files documents into it; the server
follows the new KB file without a restart and without one failed request."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from conftest import CORPUS, METADATA, RULES
from kb.build import build_kb
from kb.publish import wait_until_serving
from kb.search import ranked_search, register_functions

SYNTHETIC = "(合成测试文本:为测试编写,非真实文件)\n青岚市{name}实施方案\n一、工作目标\n{n}.推进{name}工作,建立工作台账。(市{name}局负责)\n"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kb_add_while_serving_fails_no_request_and_the_new_document_is_served_within_2_s(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    db = tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db).ok
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--db", str(db), "--metadata", str(METADATA),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    paths = ["/kb/search_clauses.json?q=%E4%B8%93%E5%88%A9&_shape=array",
             "/kb/clauses.json?_search=%E4%B8%93%E5%88%A9&_shape=array&_size=5",
             "/search?q=%E4%B8%93%E5%88%A9",
             "/kb/count_clauses.json?q=%E4%B8%93%E5%88%A9&_shape=array",
             "/kb/search.json?q=%E4%B8%93%E5%88%A9&_shape=array"]
    failures, answered = [], [0]
    stop = threading.Event()

    def client(offset: int):
        n = offset
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
                    if response.status != 200:
                        failures.append((path, response.status))
            except urllib.error.HTTPError as error:
                failures.append((path, error.code, error.read()[:200]))
            except OSError as error:
                failures.append((path, repr(error)))
            answered[0] += 1

    try:
        wait_until_serving(base + "/kb.json", server)
        clients = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(4)]
        for thread in clients:
            thread.start()
        delays = []
        for n, name in enumerate(["汐岭", "云澜", "枫渚"], start=1):
            source = tmp_path / f"new-{n}.txt"
            source.write_text(SYNTHETIC.format(name=name, n=n), encoding="utf-8")
            added = subprocess.run([sys.executable, "-m", "kb.cli", "add", str(source), "--corpus", str(corpus),
                                    "--db", str(db), "--rules", str(RULES)], capture_output=True, text=True)
            assert added.returncode == 0, added.stderr
            returned = time.monotonic()
            document_id = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
                "select id from documents where title = ?", [f"青岚市{name}实施方案"]).fetchone()[0]
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/doc/{urllib.parse.quote(document_id)}", timeout=10) as page:
                        if page.status == 200 and name in page.read().decode():
                            break
                except urllib.error.HTTPError:
                    pass
                assert time.monotonic() - returned < 2.0, f"{document_id} not served 2 s after kb add returned"
                time.sleep(0.05)
            delays.append(time.monotonic() - returned)
            # ranked search finds it too: the new KB names its new ranked index (kb.ranked), which kb add wrote
            with urllib.request.urlopen(f"{base}/kb/search.json?q={urllib.parse.quote(name)}&_shape=array",
                                        timeout=10) as found:
                assert {row["document_id"] for row in json.loads(found.read())} == {document_id}
        # and in the ranked index's order, not FTS5's
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        register_functions(conn, db)
        ids = dict(conn.execute("select rowid, id from clauses"))
        with urllib.request.urlopen(f"{base}/kb/search.json?q={urllib.parse.quote('服务')}&_shape=array",
                                    timeout=10) as served:
            order = [row["clause_id"] for row in json.loads(served.read())]
        assert order == [ids[r] for r in ranked_search(conn, "服务", 200)[1]]
        assert order != [ids[r] for (r,) in conn.execute(
            "select rowid from clauses_fts where clauses_fts match escape_fts('服务') order by bm25(clauses_fts), rowid "
            "limit 200")]
        time.sleep(0.5)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=10)
    assert answered[0] > 50
    assert failures == [], failures[:5]
    assert max(delays) < 2.0


def test_an_update_is_copy_on_write_and_an_open_reader_keeps_its_snapshot(tmp_path, monkeypatch):
    """Issue 13, point 1: `kb add` updates a copy and renames it into place. A reader with the old file open
    (immutable, as kb serve reads) still sees the old KB, whole; an update that fails leaves the KB as it was."""
    from kb.update import update_kb
    from kb.store.writer import KBWriter

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    db = tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db).ok
    reader = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    before = reader.execute("select count(*) from documents").fetchone()[0]
    inode = db.stat().st_ino
    (corpus / "new.txt").write_text(SYNTHETIC.format(name="汐岭", n=1), encoding="utf-8")
    (corpus / "new.yml").write_text("source_file: new.txt\ndocuments:\n- id: new\n  title: 青岚市汐岭实施方案\n",
                                    encoding="utf-8")
    report = update_kb(db, corpus, RULES, ["new.txt"])
    assert report is not None and report.ok, report and report.problems
    assert db.stat().st_ino != inode  # a new file took the old one's place
    assert reader.execute("select count(*) from documents").fetchone()[0] == before
    assert reader.execute("pragma quick_check").fetchone() == ("ok",)
    fresh = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert fresh.execute("select count(*) from documents").fetchone()[0] == before + 1
    assert list(tmp_path.glob(".kb.db.tmp-*")) == []
    # A failed update: the KB is byte for byte what it was, and no copy is left behind.
    kept = db.read_bytes()
    (corpus / "new.txt").write_text(SYNTHETIC.format(name="云澜", n=2), encoding="utf-8")

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(KBWriter, "add", broken)
    try:
        update_kb(db, corpus, RULES, ["new.txt"])
    except RuntimeError:
        pass
    assert db.read_bytes() == kept
    assert list(tmp_path.glob(".kb.db.tmp-*")) == []
