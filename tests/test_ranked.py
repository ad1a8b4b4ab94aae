"""Issue 16: the ranked index beside the KB (kb.ranked): its matches and counts equal LIKE's, its order is BM25,
`kb add` keeps it without touching the index a reader has open, a failure leaves it as it was, and a KB without it
still answers through FTS5."""
from __future__ import annotations

import os
import random
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import METADATA, RULES
from kb import ranked
from kb.build import build_kb
from kb.cli import cli
from kb.index_text import fold, query_terms
from kb.search import ranked_search, register_functions
from kb.synth import write_synthetic_corpus


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("ranked")
    write_synthetic_corpus(root / "corpus", 25, seed=9)
    out = root / "kb.db"
    assert build_kb(root / "corpus", RULES, out).ok
    return root, out


def _attached(db):
    conn = sqlite3.connect(db)
    register_functions(conn, db)
    return conn


def _own_kb(root, tmp_path):
    # a KB records the corpus it was built from, and kb add files into that one only
    corpus = tmp_path / "corpus"
    shutil.copytree(root / "corpus", corpus)
    db = tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db).ok
    return corpus, db


def _like(conn, query) -> set[int]:
    terms = query_terms(query)
    where = " and ".join("kb_fold(text) like ?" for _ in terms)
    return {r for (r,) in conn.execute(f"select rowid from clauses where {where}", [f"%{fold(t)}%" for t in terms])}


def test_the_ranked_index_finds_exactly_what_like_finds(synthetic):
    _, db = synthetic
    conn = _attached(db)
    index = ranked.open_ranked(db, ranked.key_of(conn))
    assert index is not None
    rng = random.Random(5)
    texts = [t for (t,) in conn.execute("select text from clauses where length(text) > 12")]
    queries = ["的", "知识产权", "专利 商标", "ＩＰ", "ip", "（二）", "知识产权 的 推进", "智慧財產"]
    for text in rng.sample(texts, 40):
        n = rng.choice([1, 2, 3, 4, 6])
        start = rng.randrange(len(text) - n)
        queries.append(text[start:start + n])
        queries.append(f"{text[start:start + 2]} {text[-3:-1]}")
    checked = 0
    for query in queries:
        if not query_terms(query):
            continue
        expected = _like(conn, query)
        total, hits = index.search(query, 100_000)
        assert total == len(expected) == len(hits), query
        assert {rowid for rowid, _ in hits} == expected, query
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True), query
        checked += 1
    assert checked > 80


def test_an_update_writes_a_new_index_and_never_changes_the_one_a_reader_has(synthetic, tmp_path):
    root, _ = synthetic
    corpus, db = _own_kb(root, tmp_path)
    old_key = ranked.key_of(sqlite3.connect(db))
    reader = ranked.RankedIndex(ranked.folder_of(db) / old_key)  # a server's open index
    before = {q: reader.search(q, 50) for q in ("知识产权", "专利", "鹭汀")}
    assert before["鹭汀"][0] == 0
    # a third name for each file of the old index: the update links them too, and must never write one in place
    witness = tmp_path / "witness"
    shutil.copytree(ranked.folder_of(db) / old_key, witness, copy_function=os.link)
    old_bytes = {p.name: p.read_bytes() for p in witness.iterdir()}
    source = tmp_path / "new.txt"
    source.write_text("合成测试文本（synthetic），非真实文件。\n鹭汀市知识产权专项行动方案\n"
                      "一、加强鹭汀专利导航。\n二、推进知识产权质押融资。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus), "--db", str(db),
                                      "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    new_key = ranked.key_of(sqlite3.connect(db))
    assert new_key != old_key
    assert [p.name for p in ranked.folder_of(db).iterdir()] == [new_key]  # the old one pruned ...
    assert {p.name: p.read_bytes() for p in witness.iterdir()} == old_bytes
    assert any((witness / name).stat().st_nlink == 2 for name in old_bytes)  # the new index shares its segments
    reader.forget()  # read the files again, not the answers remembered
    assert {q: reader.search(q, 50) for q in before} == before  # ... yet still read, and unchanged
    conn = _attached(db)
    total, rowids = ranked_search(conn, "鹭汀", 10)
    assert total == len(_like(conn, "鹭汀")) == 2 and len(rowids) == 2
    assert ranked_search(conn, "知识产权", 10)[0] == before["知识产权"][0] + 2


def test_a_failed_update_leaves_the_kb_and_its_ranked_index_as_they_were(synthetic, tmp_path, monkeypatch):
    root, _ = synthetic
    corpus, db = _own_kb(root, tmp_path)
    files = sorted(p.relative_to(tmp_path) for p in ranked.folder_of(db).rglob("*"))
    kb_bytes = db.read_bytes()
    corpus_files = {p.name: p.read_bytes() for p in corpus.iterdir()}

    def broken(self, key):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(ranked.RankedIndexWriter, "finish", broken)
    source = tmp_path / "new.txt"
    source.write_text("合成测试文本（synthetic），非真实文件。\n鹭汀市知识产权专项行动方案\n一、加强鹭汀专利导航。\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus), "--db", str(db),
                                      "--rules", str(RULES)])
    assert result.exit_code != 0
    assert "disk full (simulated)" in result.output and "Traceback" not in result.output
    assert db.read_bytes() == kb_bytes
    assert sorted(p.relative_to(tmp_path) for p in ranked.folder_of(db).rglob("*")) == files
    # the corpus is put back too (the new files out, references.yml as it was), so the same add works again
    assert "taken back out" in result.output
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == corpus_files
    monkeypatch.undo()
    again = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus), "--db", str(db),
                                     "--rules", str(RULES)])
    assert again.exit_code == 0, again.output
    assert ranked_search(_attached(db), "鹭汀", 5)[0] == 2


def test_without_its_ranked_index_a_kb_answers_through_fts5_and_kb_index_writes_it_again(synthetic, tmp_path,
                                                                                        event_loop_runner):
    from kb.publish import make_datasette

    _, built = synthetic
    db = tmp_path / "kb.db"
    shutil.copy(built, db)  # the file alone, as a copy made without its folder
    conn = _attached(db)
    assert ranked.open_ranked(db, ranked.key_of(conn)) is None
    for query in ("知识产权", "专利 商标", "推进"):
        total, rowids = ranked_search(conn, query, 20)
        assert total == len(_like(conn, query)) and len(rowids) == min(20, total)
        fts = [r for (r,) in conn.execute("select rowid from clauses_fts where clauses_fts match escape_fts(?) "
                                          "order by bm25(clauses_fts), rowid limit 20", [query])]
        assert rowids == fts
    datasette = make_datasette(db, METADATA)
    page = event_loop_runner(datasette.client.get("/kb/search.json", params={"q": "知识产权", "_shape": "array"}))
    assert page.status_code == 200
    fallback = [row["clause_id"] for row in page.json()]
    ids = dict(conn.execute("select rowid, id from clauses"))
    assert fallback == [ids[r] for r in ranked_search(conn, "知识产权", 200)[1]]
    result = CliRunner().invoke(cli, ["index", "--db", str(db)])
    assert result.exit_code == 0, result.output
    conn = _attached(db)
    index = ranked.open_ranked(db, ranked.key_of(conn))
    assert index is not None
    original = ranked.RankedIndex(ranked.folder_of(built) / ranked.key_of(conn))
    assert index.search("知识产权", 200) == original.search("知识产权", 200)
    missing = CliRunner().invoke(cli, ["index", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "none.db: no KB there" in missing.output


def test_the_canned_search_query_ranks_through_the_ranked_index(synthetic, event_loop_runner):
    from kb.publish import make_datasette

    _, db = synthetic
    conn = _attached(db)
    datasette = make_datasette(db, METADATA)
    ids = dict(conn.execute("select rowid, id from clauses"))
    differs = 0
    for query in ("知识产权", "服务", "专利 保护", "推进"):
        page = event_loop_runner(datasette.client.get("/kb/search.json", params={"q": query, "_shape": "array"}))
        assert page.status_code == 200
        rows = page.json()
        total, rowids = ranked_search(conn, query, 200)
        assert [r["clause_id"] for r in rows] == [ids[r] for r in rowids]
        assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
        fts = [ids[r] for (r,) in conn.execute("select rowid from clauses_fts where clauses_fts match escape_fts(?) "
                                               "order by bm25(clauses_fts), rowid limit 200", [query])]
        differs += fts != [r["clause_id"] for r in rows]
        count = event_loop_runner(datasette.client.get("/kb/count_clauses.json", params={"q": query,
                                                                                           "_shape": "array"}))
        assert count.json()[0]["clauses"] == total == len(_like(conn, query))
    assert differs  # the order is the ranked index's, not FTS5's


def test_covering_bigrams_cover_every_character_at_its_offset():
    assert ranked.covering_bigrams(["AB", "BC"]) == [(0, "AB"), (1, "BC")]
    assert ranked.covering_bigrams(["AB", "BC", "CD"]) == [(0, "AB"), (2, "CD")]
    assert ranked.covering_bigrams(["AB", "BC", "CD", "DE"]) == [(0, "AB"), (2, "CD"), (3, "DE")]
    assert ranked.covering_bigrams(["AB", "BC", "CD", "DE", "EF"]) == [(0, "AB"), (2, "CD"), (4, "EF")]


def test_a_term_longer_than_any_clause_is_answered_at_once(synthetic):
    _, db = synthetic
    conn = _attached(db)
    index = ranked.open_ranked(db, ranked.key_of(conn))
    longest = conn.execute("select max(length(text)) from clauses").fetchone()[0]
    assert index.longest == longest
    text = conn.execute("select text from clauses where length(text) = ?", [longest]).fetchone()[0]
    assert index.search(text, 5)[0] == len(_like(conn, text)) >= 1  # the longest clause itself still matches
    assert index.search("知" * 10_000, 5) == (0, []) and index.search(text + "。", 5) == (0, [])


def test_a_damaged_index_is_set_aside_for_fts5_and_a_rewritten_one_is_picked_up(synthetic, tmp_path):
    """A server keeps its connections: a damaged ranked index must not fail a search (tantivy panics are
    BaseExceptions), and one written later by `kb index` is used without reopening the KB."""
    import json

    root, _ = synthetic
    _, db = _own_kb(root, tmp_path)
    conn = _attached(db)
    key = ranked.key_of(conn)
    folder = ranked.folder_of(db) / key

    def fts5(query):
        return [r for (r,) in conn.execute("select rowid from clauses_fts where clauses_fts match escape_fts(?) "
                                           "order by bm25(clauses_fts), rowid limit 200", [query])]

    assert ranked.open_ranked(db, key) is not None
    query = next(q for q in ("知识产权", "服务", "专利 保护", "推进", "的") if ranked_search(conn, q, 200)[1] != fts5(q))
    best, fts = ranked_search(conn, query, 200), fts5(query)
    meta = json.loads((folder / "meta.json").read_text())
    meta["segments"][0]["max_doc"] = 5  # tantivy panics reading past it
    (folder / "meta.json").write_text(json.dumps(meta))
    ranked._OPEN.clear()  # as a process that opens the index after the damage
    assert ranked_search(conn, query, 200) == (best[0], fts)
    assert ranked_search(conn, query, 200) == (best[0], fts)  # set aside, not retried
    result = CliRunner().invoke(cli, ["index", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert ranked_search(conn, query, 200) == best  # the same connection, the new index


def test_kb_index_and_kb_search_refuse_bad_input_in_one_line(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(cli, ["index", "--db", str(garbage)])
    assert result.exit_code == 1 and "garbage.db: not a KB" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["search", "\udcff专利", "--db", str(garbage)])
    assert result.exit_code == 1 and "not text" in result.output and "Traceback" not in result.output
