"""The published KB: the real Datasette app with metadata.yml and the plugin, and `kb serve` on a real port."""
from __future__ import annotations

import json

import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import yaml

from conftest import METADATA, PLAN_ID, ROOT


def test_every_table_and_column_has_a_chinese_description(kb_path):
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    tables = metadata["databases"]["kb"]["tables"]
    conn = sqlite3.connect(kb_path)
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' "
                                        "and name not like 'clauses_fts_%' and name not like 'sqlite_%'")]
    for table in names:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in tables[table]["description"]), table
        if table == "clauses_fts":
            continue
        for (column,) in conn.execute(f"select name from pragma_table_info('{table}')"):
            description = tables[table]["columns"].get(column)
            assert description and any("\u4e00" <= ch <= "\u9fff" for ch in description), f"{table}.{column}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in metadata["title"])
    assert metadata["license"] and metadata["source"]


def test_plugin_is_loaded_through_its_entry_point(get):
    plugins = get("/-/plugins.json").json()
    kb = next(p for p in plugins if p["name"] == "kb")
    assert {"prepare_connection", "render_cell", "asgi_wrapper", "startup"} <= set(kb["hooks"])


def test_our_escape_fts_replaces_datasettes(get):
    # Datasette's own escape_fts would quote the word and find nothing in our index.
    rows = get("/kb/clauses.json", _search="海关", _shape="array").json()
    assert rows and all("海关" in r["text"] for r in rows)
    sql = get("/kb.json", sql="select escape_fts('专利') as e", _shape="array").json()
    assert sql == [{"e": 'bigrams : "4e13g5229"'}]


def test_table_pages_facets_and_labels(get):
    home = get("/")
    assert home.status_code == 200 and "政策文本知识库" in home.text
    clauses = get("/kb/clauses")
    assert clauses.status_code == 200
    assert "条文:可引用的最小单位" in clauses.text
    assert 'name="_search"' in clauses.text  # the search box is there
    facets = get("/kb/clauses.json", _size="0").json()["facet_results"]
    assert {"document_id", "kind"} <= set(facets)  # section_id: too many values to count at scale
    kinds = {f["value"]: f["count"] for f in facets["kind"]["results"]}
    assert kinds["goal"] == 7
    # A section foreign key shows the section's heading as its label.
    row = get("/kb/clauses.json", id=f"{PLAN_ID}.2.1.3.2", _shape="array", _labels="on").json()[0]
    assert row["section_id"] == {"value": f"{PLAN_ID}.2.1.p3", "label": "促进现代服务业发展"}
    assert row["text"].startswith("大力发展知识产权服务业")
    row_page = get("/kb/clauses/gx-ipap-2015~2E2~2E1~2E3~2E2")
    assert row_page.status_code == 200 and "大力发展知识产权服务业" in row_page.text
    for page in ["/kb/documents", "/kb/sections", "/kb/rules", "/kb/sources", "/kb/search"]:
        assert get(page).status_code == 200, page


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kb_serve_serves_the_kb_on_a_real_port(kb_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--db", str(kb_path), "--metadata",
                                str(METADATA), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/kb/clauses.json?_search=%E4%B8%93%E5%88%A9"
                                            f"&_shape=array&_size=max", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        assert "专利" in body.encode().decode("unicode_escape") or "\\u4e13\\u5229" in body
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_kb_serve_without_a_kb_says_so(tmp_path):
    from click.testing import CliRunner
    from kb.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "none.db: no KB there" in result.output


def test_the_served_kb_is_immutable_and_cuts_off_pathological_requests(kb_path):
    """`kb serve`'s command line, as a real server: a query that would run forever is stopped by the time limit,
    a huge result is cut at max_returned_rows, a huge search answers, and the server keeps answering."""
    import json
    import socket
    import subprocess
    import urllib.error
    import urllib.parse
    import urllib.request

    from kb.publish import DEFAULT_SETTINGS, serve_command, wait_until_serving

    settings = json.loads(DEFAULT_SETTINGS.read_text(encoding="utf-8"))
    command = serve_command(kb_path, METADATA, "127.0.0.1", 0)
    assert command[1:3] == ["-m", "kb.server"] and command[command.index("--db") + 1] == str(kb_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(serve_command(kb_path, METADATA, "127.0.0.1", port), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def fetch(path, **params):
        url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            body = error.read()
            return error.code, json.loads(body) if "json" in error.headers.get("content-type", "") else body

    try:
        wait_until_serving(base + "/-/versions.json", process)
        forever = "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n"
        status, body = fetch("/kb.json", sql=forever)
        assert status == 400 and "too long" in body["error"], body
        many = "with recursive n(x) as (select 1 union all select x + 1 from n where x < 5000) select x from n"
        status, body = fetch("/kb.json", sql=many, _shape="objects")
        assert status == 200 and len(body["rows"]) == settings["max_returned_rows"] and body["truncated"]
        status, body = fetch("/kb/clauses.json", _search="专利 " * 3000)
        assert status == 200
        status, _ = fetch("/kb.db")
        assert status in (403, 404)  # the database file is not for download
        status, body = fetch("/kb/clauses.json", _search="质押", _shape="array")
        assert status == 200 and body
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_package_script_writes_a_read_only_replica(tmp_path, kb_path):
    """scripts/package: the wheel (with the plugin's templates and entry point), the KB and a Dockerfile that
    serves it immutable with the public settings."""
    import json
    import subprocess
    import zipfile

    out = tmp_path / "package"
    subprocess.run([str(ROOT / "scripts" / "package"), "--out", str(out), "--db", str(kb_path)], check=True,
                   capture_output=True)
    wheel = next(out.glob("kb-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "kb/datasette_plugin/templates/kb_document.html" in names and "kb/extract/pdf.py" in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[datasette]" in entry_points and "kb = kb.datasette_plugin" in entry_points
    assert (out / "kb.db").read_bytes() == kb_path.read_bytes()
    dockerfile = (out / "Dockerfile").read_text()
    assert '"serve", "-i", "kb.db"' in dockerfile
    for name, value in json.loads((ROOT / "settings.json").read_text()).items():
        assert f'"--setting", "{name}", "{str(value).lower() if isinstance(value, bool) else value}"' in dockerfile


def test_a_kb_file_of_any_name_is_published_as_kb_and_other_databases_keep_datasettes_search(
        kb_path, tmp_path, event_loop_runner):
    """Issue 13, points 4 and 5: other.db answers every documented URL under /kb/, and a plain sqlite-utils FTS
    table served beside it is searched by Datasette's own escape_fts, not ours."""
    import shutil

    import sqlite_utils
    from datasette.app import Datasette

    from conftest import METADATA
    from kb.publish import load_metadata

    other = tmp_path / "other.db"
    shutil.copy(kb_path, other)
    plain = tmp_path / "plain.db"
    table = sqlite_utils.Database(plain)["notes"]
    table.insert_all([{"id": 1, "body": "patent office opens"}, {"id": 2, "body": "trademark fees"}], pk="id")
    table.enable_fts(["body"])
    datasette = Datasette([str(plain)], immutables=[str(other)], metadata=load_metadata(METADATA))

    def get(path, **params):
        return event_loop_runner(datasette.client.get(path, params=params or None))

    assert get("/kb/search_clauses.json", q="专利", _shape="array").status_code == 200
    assert get("/kb/search_clauses.json", q="专利", _shape="array").json()
    assert get("/kb/count_clauses.json", q="专利", _shape="array").json()[0]["clauses"] > 0
    found = get("/kb/clauses.json", _search="海关", _shape="array").json()
    assert found and all("海关" in r["text"] for r in found)  # the table search is not silently ignored
    assert get("/search", q="专利").status_code == 200 and "other" not in {d["name"] for d in get("/-/databases.json").json()}
    notes = get("/plain/notes.json", _search="patent", _shape="array").json()
    assert [n["id"] for n in notes] == [1]  # Datasette's own escape_fts on the other database
    assert get("/plain.json", sql="select escape_fts('patent') as e", _shape="array").json() == [{"e": '"patent"'}]


def test_search_page_numbers_are_checked(get):
    """A page number too large, negative or not a number is a 400 naming the cause, never a 500."""
    for page in ("99999999999999999999", "-1", "0", "abc", "1e5", "٣"):
        response = get("/search", q="专利", page=page)
        assert response.status_code == 400, page
        assert "页码" in response.text
    assert get("/search", q="专利", page="2").status_code == 200


def test_the_search_query_gives_clean_text_and_match_offsets(get):
    """Issue 14: /kb/search.json and .csv carry the clause text as it is, with the matches as offsets; the HTML
    page marks them."""
    rows = get("/kb/search.json", q="质押 融资", _shape="array").json()
    assert rows
    for row in rows:
        assert "\ue000" not in row["text"] and "\ue001" not in row["text"]
        spans = json.loads(row["matches"])
        assert spans and {row["text"][s:e] for s, e in spans} <= {"质押", "融资", "质押融资"}
    csv = get("/kb/search.csv", q="质押")
    assert csv.status_code == 200 and "\ue000" not in csv.text
    assert "<mark>质押</mark>" in get("/kb/search", q="质押").text


def test_csv_downloads_start_with_a_byte_order_mark(get):
    """Issue 14: Excel on a Chinese Windows reads a CSV as UTF-8 only with a BOM: every .csv the KB serves (the
    clause table, the canned queries, streamed or not) starts with one, and reads back as the same rows."""
    import csv
    import io

    for path, params in (("/kb/clauses.csv", {"_size": "5"}), ("/kb/clauses.csv", {"_stream": "on"}),
                         ("/kb/search.csv", {"q": "质押"}), ("/kb/documents.csv", {"_dl": "1"})):
        response = get(path, **params)
        assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf"), path
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][0] in ("id", "clause_id") and len(rows) > 1, path
    assert not get("/kb/clauses.json", _size="1").content.startswith(b"\xef\xbb\xbf")
