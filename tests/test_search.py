"""Search returns exactly the clauses a LIKE scan returns, by every path, for any input."""
from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from kb.cli import cli
from kb.index_text import fold, query_terms
from kb.search import fts_match_expression, register_functions


def like_oracle(conn, query):
    """The naive answer: rows whose folded text (kb.index_text.fold: full-width as half-width, ASCII case folded)
    contains every folded term."""
    register_functions(conn)
    sql = "select id from clauses"
    terms = [fold(t) for t in query_terms(query)]
    if terms:
        sql += " where " + " and ".join(["kb_fold(text) like ? escape '\\'"] * len(terms))
    params = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for t in terms]
    return sorted(r[0] for r in conn.execute(sql, params))


def _fold(text):
    # Written out here, not imported: full-width ASCII forms by their fixed distance, the ideographic space, case.
    spaces = "\u3000\u00a0\ufeff\u2002\u2003\u2009\u200b\r\t"
    half = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else " " if c in spaces else c
                   for c in text)
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in half)


def containment_oracle(conn, query):
    """The same answer computed in Python (SQLite's LIKE stops at a NUL character; Python does not)."""
    terms = [_fold(t) for t in query_terms(query)]
    return sorted(i for i, text in conn.execute("select id, text from clauses")
                  if all(t in _fold(text) for t in terms))


def fts_answer(conn, query):
    register_functions(conn)
    return sorted(r[0] for r in conn.execute(
        "select clauses.id from clauses_fts join clauses on clauses.rowid = clauses_fts.rowid "
        "where clauses_fts match escape_fts(?)", (query,)))


def plan_substrings(conn, sample=2500, seed=20151):
    texts = [r[0] for r in conn.execute("select text from clauses")]
    substrings = {t[i:i + n] for t in texts for n in range(1, 7) for i in range(len(t) - n + 1)}
    substrings = sorted(s for s in substrings if s.strip() == s and s and not any(c.isspace() for c in s))
    rng = random.Random(seed)
    return rng.sample(substrings, min(sample, len(substrings))), substrings


def test_every_substring_query_equals_the_like_oracle(kb_conn):
    queries, population = plan_substrings(kb_conn)
    assert len(population) > 10000 and len(queries) >= 2000
    # Every one-character term, and the traps: 1-2 character words the trigram tokenizer cannot find.
    queries += sorted({q for q in population if len(q) == 1}) + ["专利", "海关", "商标", "PCT", "pct", "10", "件"]
    mismatches = [q for q in queries if fts_answer(kb_conn, q) != like_oracle(kb_conn, q)]
    assert mismatches == []
    assert all(like_oracle(kb_conn, q) == containment_oracle(kb_conn, q) for q in queries[:200])
    assert fts_answer(kb_conn, "海关") == like_oracle(kb_conn, "海关") != []


def test_two_term_queries_equal_the_like_oracle(kb_conn):
    queries, _ = plan_substrings(kb_conn, sample=1200, seed=7)
    rng = random.Random(11)
    pairs = [f"{a} {b}" for a, b in zip(queries[::2], queries[1::2])]
    # A short term with a longer one: the trigram tokenizer silently drops the short one.
    pairs += [f"专利 {rng.choice(queries)}" for _ in range(100)] + ["专利 质押融资", "海关 知识产权保护", "版权 网络"]
    mismatches = [q for q in pairs if fts_answer(kb_conn, q) != like_oracle(kb_conn, q)]
    assert mismatches == []
    assert fts_answer(kb_conn, "海关 海关保护模式") == like_oracle(kb_conn, "海关 海关保护模式") != []


def api_ids(get, query):
    response = get("/kb/clauses.json", _search=query, _shape="array", _col="id", _size="max")
    assert response.status_code == 200, (query, response.status_code, response.text[:300])
    return sorted(r["id"] for r in response.json())


def test_datasette_search_box_and_json_api_equal_the_oracle(kb_conn, get):
    queries, _ = plan_substrings(kb_conn, sample=400, seed=3)
    queries += ["专利 商标", "海关", "知识产权 质押 贷款", "中国—东盟", "PCT"]
    for query in queries:
        assert api_ids(get, query) == like_oracle(kb_conn, query), query
    # Datasette's own table search box, with a sort (alone, the box leads to /search: tests/test_site.py)
    page = get("/kb/clauses", _search="质押", _sort="ordinal")
    assert page.status_code == 200 and "支持知识产权质押贷款" in page.text


def test_ranked_search_page_highlights_and_agrees(kb_conn, get):
    page = get("/kb/search", q="质押 融资")
    assert page.status_code == 200
    assert "<mark>质押</mark>" in page.text and "<mark>融资</mark>" in page.text
    assert "一、总体要求 › (二)发展目标 › 知识产权运用效果持续增强" in page.text
    rows = get("/kb/search.json", q="专利 申请", _shape="array").json()
    assert sorted(r["clause_id"] for r in rows) == like_oracle(kb_conn, "专利 申请")
    ranks = [r["rank"] for r in rows]
    assert ranks == sorted(ranks)  # bm25: smaller is better
    # Markup in the text can never come through the highlighting.
    assert "<script>alert(1)</script>" not in get("/kb/search", q="<script>alert(1)</script>").text
    from kb.datasette_plugin import render_cell
    from kb.search import highlight_marked
    cell = render_cell({}, highlight_marked("<b>专利</b>", "专利"), "text", None, "kb", None)
    assert str(cell) == "&lt;b&gt;<mark>专利</mark>&lt;/b&gt;"


def test_cli_search_ranks_highlights_and_agrees(kb_path, kb_conn):
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "质押", "--db", str(kb_path), "--json", "--limit", "50"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert sorted(h["id"] for h in hits) == like_oracle(kb_conn, "质押")
    assert all("<mark>质押</mark>" in h["highlighted"] for h in hits)
    assert hits[0]["rank"] <= hits[-1]["rank"]
    plain = runner.invoke(cli, ["search", "海关 保护", "--db", str(kb_path)])
    assert plain.exit_code == 0 and "【海关】" in plain.stdout and "【保护】" in plain.stdout
    limited = runner.invoke(cli, ["search", "知识产权", "--db", str(kb_path), "--json", "--limit", "3"])
    assert len(json.loads(limited.stdout)) == 3
    missing = runner.invoke(cli, ["search", "专利", "--db", "nowhere.db"])
    assert missing.exit_code != 0 and "nowhere.db" in missing.output
    for no_term in (",,,", "、 ,"):  # no term: nothing found and said so, not every clause
        empty = runner.invoke(cli, ["search", no_term, "--db", str(kb_path)])
        assert empty.exit_code != 0 and empty.stdout == "" and "holds no term to search for" in empty.output


NASTY = ['"', '""', "'", "*", "专利*", "-专利", "NEAR(专利 商标)", "NEAR(", "专利 AND", "OR", "AND 商标", "NOT",
         "(", ")", "((专利)", "{uni}", "unigrams : kbrow", "bigrams:", "^专利", "专利:", "😀", "知识产权😀",
         "\x00", "%", "_", "\\", "a" * 10000, "专利 " * 3000, "\u200b", "\ue000", " ", "\t专利\n"]


def test_nasty_inputs_never_fail(kb_conn, get):
    for query in NASTY:
        assert api_ids(get, query) == containment_oracle(kb_conn, query), repr(query[:40])
        assert get("/kb/search.json", q=query, _shape="array").status_code == 200
    assert fts_match_expression("") == fts_match_expression("   ")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60) | st.text(alphabet='专利商标"*-() NEARANDOR^:{}😀', max_size=30))
def test_arbitrary_text_through_the_json_api(kb_conn, get, query):
    assert api_ids(get, query) == containment_oracle(kb_conn, query)


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory, event_loop_runner):
    """A KB of 30 synthetic documents (kb synth): enough clauses for several pages of results."""
    import sqlite3

    from conftest import METADATA, RULES
    from kb.build import build_kb
    from kb.publish import make_datasette
    from kb.synth import write_synthetic_corpus

    root = tmp_path_factory.mktemp("synthetic-search")
    write_synthetic_corpus(root / "corpus", 30, seed=4)
    out = root / "kb.db"
    assert build_kb(root / "corpus", RULES, out).ok
    datasette = make_datasette(out, METADATA)
    return sqlite3.connect(out), lambda path, **params: event_loop_runner(datasette.client.get(path, params=params))


def test_search_clauses_pages_and_count_clauses_equal_the_oracle(synthetic_kb):
    """The fast canned queries: every page in document order, keyset by position, and the count, against LIKE."""
    conn, get = synthetic_kb
    rng = random.Random(11)
    texts = [r[0] for r in conn.execute("select text from clauses where length(text) > 10")]
    queries = ["的", "知识产权", "专利 商标", "质押融资"] + [t[i:i + 2] for t in rng.sample(texts, 15)
                                                      for i in [rng.randrange(len(t) - 2)]]
    paged = 0
    for query in queries:
        terms = [fold(t) for t in query_terms(query)]
        register_functions(conn)
        where = " and ".join("kb_fold(text) like ?" for _ in terms)
        expected = [r[0] for r in conn.execute(f"select id from clauses where {where} order by rowid",
                                               [f"%{t}%" for t in terms])]
        found, after, pages = [], "", 0
        while True:
            page = get("/kb/search_clauses.json", q=query, after=after, _shape="array").json()
            found += [row["clause_id"] for row in page]
            # The first page carries the number of matches on every row; later pages leave it empty.
            assert {row["matches"] for row in page} <= ({len(expected)} if not after else {None}), query
            pages += 1
            if len(page) < 100:
                break
            after = str(page[-1]["position"])
        paged += pages > 1
        assert found == expected, query
        assert get("/kb/count_clauses.json", q=query, _shape="array").json() == [{"clauses": len(expected)}]
    assert paged >= 2, "some queries must need more than one page"


def test_the_search_page_ranks_through_the_ranked_index_and_filtered_pages_list_in_document_order(synthetic_kb,
                                                                                                 monkeypatch):
    """Issue 16: without filters, the search page takes its count and its ranked rows from one search of the ranked
    index (kb.ranked), on every page; a filtered page past RANK_LIMIT matches lists them in document order."""
    import sqlite3

    from kb import ranked
    from kb.datasette_plugin import search_pages
    from kb.search import ranked_search

    conn, _ = synthetic_kb
    path = conn.execute("pragma database_list").fetchone()[2]
    attached = sqlite3.connect(path)
    register_functions(attached, path)
    index = ranked.open_ranked(path, ranked.key_of(attached))
    assert index is not None
    total, best = index.search("知识产权", 3 * search_pages.SEARCH_PAGE_SIZE)
    assert total == conn.execute("select count(*) from clauses where text like '%知识产权%'").fetchone()[0] > 150
    assert [s for _, s in best] == sorted((s for _, s in best), reverse=True)
    assert ranked_search(attached, "知识产权", len(best)) == (total, [r for r, _ in best])
    ids = dict(attached.execute("select rowid, id from clauses"))
    for page in (1, 2, 3):
        shown = search_pages.search_page(attached, "知识产权", {}, page=page)
        assert shown["ranked"] and shown["total"] == total
        size = search_pages.SEARCH_PAGE_SIZE
        assert [h["id"] for h in shown["hits"]] == [ids[r] for r, _ in best[(page - 1) * size:page * size]]
    monkeypatch.setattr(search_pages, "RANK_LIMIT", 50)
    monkeypatch.setattr(search_pages, "FACET_LIMIT", 50)
    document = conn.execute("select document_id from clauses where text like '%知识产权%' "
                            "group by 1 order by count(*) desc limit 1").fetchone()[0]
    listed = search_pages.search_page(attached, "知识产权", {"document": document})
    assert listed["total"] > 50 and not listed["ranked"] and listed["too_many_for_facets"]
    rowids = [conn.execute("select rowid from clauses where id = ?", [h["id"]]).fetchone()[0] for h in listed["hits"]]
    assert rowids == sorted(rowids)


def _counts_by_hand(conn) -> dict[str, int]:
    """For every character and every pair of neighbouring characters (ASCII letters folded), the clauses that
    contain it, counted in Python from the clause texts; "" counts every clause."""
    counts: dict[str, int] = {}
    for (text,) in conn.execute("select text from clauses"):
        folded = _fold(text)
        for term in {""} | set(folded) | {folded[i:i + 2] for i in range(len(folded) - 1)}:
            counts[term] = counts.get(term, 0) + 1
    return counts


def test_term_clause_counts_hold_what_the_clauses_contain(kb_conn, synthetic_kb):
    for conn in (kb_conn, synthetic_kb[0]):
        stored = dict(tuple(row) for row in conn.execute("select term, clauses from term_clause_counts"))
        expected = _counts_by_hand(conn)
        assert stored == expected
        assert stored[""] == conn.execute("select count(*) from clauses").fetchone()[0]
    # The plan writes PCT in capitals; the table holds it folded, as search and LIKE fold it.
    folded = dict(tuple(r) for r in kb_conn.execute("select term, clauses from term_clause_counts "
                                                    "where term in ('pc', 'PC', 'ct')"))
    assert set(folded) == {"pc", "ct"} and folded["pc"] >= 1


def test_count_clauses_equals_the_like_count_for_every_kind_of_query(kb_conn, get):
    texts = [r[0] for r in kb_conn.execute("select text from clauses")]
    singles = sorted({c for t in texts for c in t if not c.isspace()})
    rng = random.Random(5)
    pairs = [t[i:i + 2] for t in rng.sample(texts, 60) for i in [rng.randrange(max(len(t) - 2, 1))]]
    queries = singles + pairs + ["", "  ", "PCT", "pct", "Pct", "专利", "知识产权", "专利 商标", "专", "龘", "龘龘",
                                 "专利 专利", "a%", "_"]
    for query in queries:
        if any(c.isspace() for c in query.strip()) and len(query_terms(query)) == 1:
            continue
        expected = len(containment_oracle(kb_conn, query))
        answer = get("/kb/count_clauses.json", q=query, _shape="array").json()
        assert answer == [{"clauses": expected}], repr(query)
    assert len(singles) > 500


def test_one_and_two_character_counts_are_read_from_the_count_table(kb_path, tmp_path):
    """The table, not the index, answers a one- or two-character term: a copy with a doctored row says so; a longer
    term or two terms still come from the index."""
    import shutil
    import sqlite3

    from kb.search import count_matches

    doctored = tmp_path / "kb.db"
    shutil.copy(kb_path, doctored)
    conn = sqlite3.connect(doctored)
    honest = {q: count_matches(conn, q) for q in ("专", "专利", "专利申", "专利 商标", "")}
    conn.execute("update term_clause_counts set clauses = 123456 where term in ('专', '专利', '')")
    assert {q: count_matches(conn, q) for q in honest} == {
        "专": 123456, "专利": 123456, "": 123456, "专利申": honest["专利申"], "专利 商标": honest["专利 商标"]}
    assert honest["专利"] > honest["专利申"] > 0


def test_the_canned_queries_count_with_the_one_count_statement():
    import yaml

    from conftest import METADATA
    from kb.search import COUNT_MATCHES_EXPRESSION, COUNT_MATCHES_SQL

    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["kb"]["queries"]
    assert " ".join(queries["count_clauses"]["sql"].split()) == " ".join(COUNT_MATCHES_SQL.split())
    assert " ".join(COUNT_MATCHES_EXPRESSION.split()) in " ".join(queries["search_clauses"]["sql"].split())


def test_search_forgives_how_the_text_was_typed(kb_conn, get):
    """Issue 14: full-width and half-width forms fold alike in the index and the query; "，" and "、" separate
    terms as a space does; a traditional query reads as simplified. Still equal to LIKE on the folded text."""
    half, full = fts_answer(kb_conn, "专利(PCT)"), fts_answer(kb_conn, "专利（PCT）")
    assert half == full == like_oracle(kb_conn, "专利（ＰＣＴ）") != []
    assert fts_answer(kb_conn, "专利（pct）") == half  # case folds too
    pasted = "重要支撑和保障，是推动经济结构"  # typed with a full-width comma where the text has ","
    assert fts_answer(kb_conn, pasted) == fts_answer(kb_conn, "重要支撑和保障 是推动经济结构") != []
    assert query_terms("专利，商标、版权") == ["专利", "商标", "版权"]
    assert fts_answer(kb_conn, "专利，商标、版权") == like_oracle(kb_conn, "专利 商标 版权")
    assert fts_answer(kb_conn, "專利") == fts_answer(kb_conn, "专利") != []
    assert fts_answer(kb_conn, "知識產權") == fts_answer(kb_conn, "知识产权") != []
    assert [r["clause_id"] for r in get("/kb/search_clauses.json", q="专利（PCT）", _shape="array").json()] == \
        [r["clause_id"] for r in get("/kb/search_clauses.json", q="专利(PCT)", _shape="array").json()] != []


def test_the_targets_page_is_paginated_by_next_keys(synthetic_kb):
    """Issue 14: /targets lists a page of targets at a time (Datasette-style _next keys), every target once
    across the pages; a bad key is a 400."""
    import re

    conn, get = synthetic_kb
    total = conn.execute("select count(*) from targets").fetchone()[0]
    assert total > 100  # the synthetic corpus sets more targets than one page holds
    seen, after, pages = [], "", 0
    while True:
        page = get("/targets", **({"_next": after} if after else {}))
        assert page.status_code == 200
        body = page.text.split("<h2>落实情况</h2>")[0]
        seen += re.findall(r'href="/target/([^"]+)"', body)
        pages += 1
        found = re.search(r'href="/targets\?_next=(\d+)"', body)
        if not found:
            break
        after = found.group(1)
    assert pages == -(-total // 100) and len(seen) == len(set(seen)) == total
    assert get("/targets", _next="-1").status_code == 400


def test_a_simplified_term_is_searched_as_typed_not_read_as_traditional(kb_conn):
    """显著 holds 显, which only simplified text writes: it is no traditional term, and OpenCC's tw2s reading
    (显着) would find nothing. Found by a helper session's comparison against LIKE (3 clauses, 0 found)."""
    from kb.search import count_matches, search

    assert query_terms("显著 编著") == ["显著", "编著"]
    assert query_terms("著眼") == ["着眼"]  # no simplified-only character: still read as traditional text is
    register_functions(kb_conn)
    like = {i for (i,) in kb_conn.execute("select id from clauses where text like '%显著%'")}
    assert like and count_matches(kb_conn, "显著") == len(like)
    assert {h.id for h in search(kb_conn, "显著", 100)} == like
