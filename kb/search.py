"""Chinese full-text search: the one query translator, the highlighting of matches, and the ranked search.

The index holds a spelling of each clause that unicode61 splits into one token a character and one a pair of
neighbouring characters (kb.index_text). A query term is looked up as its tokens, so search returns the rows a
``LIKE '%term%'`` scan returns (ASCII letters fold case, as in LIKE), through the index, for any input, and never
builds an expression FTS5 could reject.

``fts_match_expression`` is registered as ``escape_fts`` on every Datasette connection (kb.datasette_plugin),
and is what ``kb search`` and the ranked search page use, so every path answers the same.
"""
from __future__ import annotations

import html
import json
import sqlite3
from dataclasses import dataclass

from . import ranked
from .index_text import EVERY_ROW_TOKEN, UNIGRAM_COLUMN, counted_term, fold, query_terms, term_tokens


def _term_expression(term: str) -> str:
    column, tokens = term_tokens(term)
    return f'{column} : "{" ".join(tokens)}"'


def fts_match_expression(query: str | None) -> str:
    """The FTS5 MATCH expression for a user's query: rows containing every term.

    Tokens are hex digits and "g" only, so no user input can inject FTS5 syntax.
    """
    terms = query_terms(query)
    if not terms:
        return f'{UNIGRAM_COLUMN} : "{EVERY_ROW_TOKEN}"'
    return " AND ".join(_term_expression(term) for term in terms)


def match_spans(text: str, query: str | None) -> list[tuple[int, int]]:
    """Where the query's terms occur in text, as merged (start, end) spans."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for term in query_terms(query):
        needle = fold(term)
        start = folded.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: str | None, before: str = "<mark>", after: str = "</mark>",
              escape=html.escape) -> str:
    """Text with every occurrence of the query's terms wrapped; the pieces are escaped with ``escape``."""
    if text is None:
        return None
    pieces = []
    position = 0
    for start, end in match_spans(text, query):
        pieces.append(escape(text[position:start]))
        pieces.append(before + escape(text[start:end]) + after)
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


# Private-use characters that stand for <mark> and </mark> inside SQL results: Datasette escapes every cell, and
# kb.datasette_plugin turns these two back into markup after escaping, so no text can inject HTML.
MATCH_START = "\ue000"
MATCH_END = "\ue001"


def highlight_marked(text: str, query: str | None) -> str:
    """``text`` with the matches between MATCH_START and MATCH_END, unescaped (SQL results Datasette escapes)."""
    return highlight(text, query, before=MATCH_START, after=MATCH_END, escape=str)


def highlight_terminal(text: str, query: str | None) -> str:
    """``text`` with the matches in bold red for a terminal (ANSI escapes), unescaped."""
    return highlight(text, query, before="\x1b[1;31m", after="\x1b[0m", escape=str)


@dataclass
class SearchHit:
    """A clause found by ``search``; ``rank`` is its place in the order, 1 for the best."""

    id: str
    document_id: str
    section_id: str | None
    kind: str
    text: str
    highlighted: str
    breadcrumb: str
    rank: float


# How many clauses match :q. A one- or two-character term (the queries with the longest posting lists, up to
# every clause) is one row of term_clause_counts, written with the index; anything longer is counted by the ranked
# index (kb.ranked) when the KB has one, else by the FTS5 index. The canned queries count_clauses and
# search_clauses (its first page's matches) in metadata.yml hold this expression (a test holds them to it).
COUNT_MATCHES_EXPRESSION = """coalesce(
  (select clauses from term_clause_counts where term = kb_counted_term(:q)),
  kb_ranked_count(:q),
  (select count(*) from clauses_fts where clauses_fts match escape_fts(:q))
)"""
COUNT_MATCHES_SQL = f"select {COUNT_MATCHES_EXPRESSION} as clauses"


def count_matches(conn, query: str | None) -> int:
    """How many clauses contain every term of ``query`` (COUNT_MATCHES_SQL; the search functions are registered
    on ``conn`` first)."""
    register_functions(conn)
    return conn.execute(COUNT_MATCHES_SQL, {"q": query}).fetchone()[0]


# The longest text a Python SQL function reads. Python functions run outside SQLite's time limit (its progress
# handler cannot stop them), so their work is bounded by their input: a clause is far shorter (kb build refuses a
# line of over 100,000 characters), a query is cut at 10,000 characters by every path that takes one.
MAX_FUNCTION_TEXT = 100_000


def bounded(function):
    """``function`` for SQL, refusing (ValueError, which SQLite reports as the query's error) any text argument
    longer than MAX_FUNCTION_TEXT characters or any blob argument: the caller's error, answered at once."""

    def guarded(*args):
        for arg in args:
            if isinstance(arg, (bytes, memoryview)) or (isinstance(arg, str) and len(arg) > MAX_FUNCTION_TEXT):
                raise ValueError(f"argument longer than {MAX_FUNCTION_TEXT:,} characters or not text")
        return function(*args)

    guarded.__name__ = getattr(function, "__name__", "kb_function")
    return guarded


def register_functions(conn, db=None) -> None:
    """The SQL functions search needs; the Datasette plugin and ``kb search`` both call this. ``db``: the KB
    file the connection reads, whose ranked index (kb.ranked) ``kb_ranked`` and ``kb_ranked_count`` then use;
    without it they keep the index an earlier call gave them, or answer NULL (FTS5 answers instead)."""
    try:
        conn.create_function("escape_fts", 1, bounded(fts_match_expression), deterministic=True)
    except sqlite3.OperationalError:
        # SQLite refuses to redefine a function while a statement of the connection is still active (a query a
        # reader's result limit stopped half-way): where the functions are there already, that is no error.
        if db is None and _registered(conn):
            return
        raise
    conn.create_function("kb_counted_term", 1, bounded(counted_term), deterministic=True)
    conn.create_function("kb_highlight", 2, bounded(highlight_marked), deterministic=True)
    conn.create_function("kb_match_spans", 2, bounded(lambda text, query: json.dumps(match_spans(text or "", query))),
                         deterministic=True)
    conn.create_function("kb_fold", 1, bounded(lambda text: fold(text) if isinstance(text, str) else text),
                         deterministic=True)
    if db is not None:
        ranked.attach(conn, db)
        return
    try:
        conn.execute("select kb_ranked_count(null)").fetchone()
    except sqlite3.OperationalError:  # not yet registered on this connection
        ranked.attach(conn, None)


def _registered(conn) -> bool:
    try:
        conn.execute("select kb_fold(''), kb_ranked_count(null)").fetchone()
        return True
    except sqlite3.OperationalError:
        return False


# FTS5's bm25() ranks a KB without a ranked index; it scores every match, so it is slow for frequent terms at scale.
FTS_RANKED_SQL = ("select rowid from clauses_fts where clauses_fts match escape_fts(?) "
                  "order by bm25(clauses_fts), rowid limit ?")


def ranked_search(conn, query: str, limit: int) -> tuple[int, list[int]]:
    """(number of clauses matching the query, the rowids of the best ``limit`` of them, best first): from the
    KB's ranked index (tantivy's BM25, kb.ranked) when it has one, else FTS5's bm25 over every match."""
    register_functions(conn)
    # A page past the 10,000th match, or a query past 10,000 characters, is asked within the functions' bounds.
    limit = max(0, min(int(limit), ranked.MAX_LIMIT))
    query = query[:ranked.MAX_QUERY] if isinstance(query, str) else query
    answer = conn.execute("select kb_ranked(?, ?)", [query, limit]).fetchone()[0]
    if answer is not None:
        answer = json.loads(answer)
        return answer["count"], [rowid for rowid, _ in answer["hits"]]
    return count_matches(conn, query), [r[0] for r in conn.execute(FTS_RANKED_SQL, [query, limit])]


def nothing_to_search(query: str | None) -> bool:
    """Whether ``query`` was typed but holds no term (",,,", "、 ,"): it finds nothing, and the site and ``kb
    search`` say so. An empty query (or only spaces) is no query: the search page lists every clause its filters
    keep. (escape_fts, the SQL function of the JSON API, keeps its rule: no term, every row.)"""
    return bool(query and query.strip()) and not query_terms(query)


def search_with_count(conn, query: str, limit: int = 20) -> tuple[int, list[SearchHit]]:
    """(number of clauses containing every term of the query, the best ``limit`` of them with the matches
    highlighted), best first (see ranked_search); (0, []) for a query with nothing to search."""
    if nothing_to_search(query):
        return 0, []
    total, order = ranked_search(conn, query, limit)
    if not order:
        return total, []
    rows = {r[0]: r for r in conn.execute(f"""select clauses.rowid, clauses.id, clauses.document_id,
        clauses.section_id, clauses.kind, clauses.text, coalesce(sections.path_label, '') from clauses
        left join sections on sections.id = clauses.section_id where clauses.rowid in ({','.join(map(str, order))})""")}
    return total, [SearchHit(id=r[1], document_id=r[2], section_id=r[3], kind=r[4], text=r[5],
                             highlighted=highlight(r[5], query), breadcrumb=r[6], rank=float(position + 1))
                   for position, r in enumerate(rows[rowid] for rowid in order if rowid in rows)]


def search(conn, query: str, limit: int = 20) -> list[SearchHit]:
    """Clauses containing every term of the query, best first (see ranked_search), with the matches
    highlighted."""
    return search_with_count(conn, query, limit)[1]
