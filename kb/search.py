"""Chinese full-text search: the one query translator, and the index text it matches against.

SQLite's unicode61 tokenizer does not split Chinese, and the trigram tokenizer cannot find terms shorter than
three characters. So the index does not hold the text itself but a spelling of it that unicode61 splits exactly
where we want: every character becomes a token (its code point in hex), and every pair of neighbouring
characters becomes another token, in a second column. A query term of one character is a lookup of one
unigram token; a longer term is a phrase of its overlapping bigrams, which matches exactly where the term occurs
as a substring. So search returns the rows a ``LIKE '%term%'`` scan returns (ASCII letters fold case, as in
LIKE), through the index, for any input, and never builds an expression FTS5 could reject.

``fts_match_expression`` is registered as ``escape_fts`` on every Datasette connection (kb.datasette_plugin),
and is what ``kb search`` and the ranked search page use, so every path answers the same.
"""
from __future__ import annotations

import html
import json
import re
import sqlite3
from functools import lru_cache
from operator import add
from dataclasses import dataclass

# A token present in every row's unigram column: the match for an empty query (no term: every row, as LIKE '%%').
EVERY_ROW_TOKEN = "kbrow"
UNIGRAM_COLUMN = "unigrams"
BIGRAM_COLUMN = "bigrams"
FTS_COLUMNS = (UNIGRAM_COLUMN, BIGRAM_COLUMN)

# Terms are separated by spaces, and by the commas and enumeration commas text pasted from a document carries
# (专利，商标、版权: three terms), full-width or not.
_SEPARATORS = re.compile(r"[\s,，、]+")


class _FoldTable(dict):
    """str.translate table of the fold: full-width forms as their half-width ones (（ → (, ， → ,, Ａ → A, the
    ideographic space → a space: kb.normalize's parsing view), then ASCII letters lower-cased as LIKE folds them.
    One character for one, so offsets in the folded text are offsets in the text."""

    def __missing__(self, code: int) -> str:
        from .normalize import parsing_view

        ch = parsing_view(chr(code))
        folded = ch.lower() if "A" <= ch <= "Z" else ch
        self[code] = folded
        return folded


_FOLDS = _FoldTable()


def fold(text: str) -> str:
    """``text`` as search compares it: full-width punctuation, digits and letters as half-width, ASCII letters
    in lower case; the same length as ``text``. The index holds the folded text, queries are folded alike, and
    search equals ``fold(text) LIKE '%' || fold(term) || '%'``."""
    return text.translate(_FOLDS)



def _unigram(ch: str) -> str:
    return format(ord(ch), "x")


def _bigram(a: str, b: str) -> str:
    # "g" is not a hex digit, so a bigram token can never equal a unigram token.
    return format(ord(a), "x") + "g" + format(ord(b), "x")


class _TokenTable(dict):
    """str.translate table: each character → its unigram token and a space (ASCII letters folded as LIKE does),
    filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        token = _unigram(fold(chr(code))) + " "
        self[code] = token
        return token


_TOKENS = _TokenTable()


def unigram_column(text: str) -> str:
    """The unigram FTS column value of a clause's text."""
    return EVERY_ROW_TOKEN + " " + text.translate(_TOKENS)


def bigram_column(text: str) -> str:
    """The bigram FTS column value of a clause's text."""
    tokens = text.translate(_TOKENS).split(" ")[:-1] if text else []
    return " ".join([a + "g" + b for a, b in zip(tokens, tokens[1:])])


def index_terms(text: str) -> set[str]:
    """What the index holds for a clause, spelled as characters: "" (every row), each character and each pair of
    neighbouring characters, ASCII letters folded. term_clause_counts counts clauses by these."""
    folded = fold(text)
    terms = set(folded)
    terms.update(map(add, folded, folded[1:]))
    terms.add("")
    return terms


def term_of_token(token: str) -> str:
    """The characters an index token spells (EVERY_ROW_TOKEN spells the empty term)."""
    if token == EVERY_ROW_TOKEN:
        return ""
    return "".join(chr(int(part, 16)) for part in token.split("g"))


def counted_term(query: str | None) -> str | None:
    """The term_clause_counts key that answers how many clauses match ``query``: the folded term when the query
    is one term of one or two characters, "" when it has no term (every clause), else None (the index counts)."""
    terms = query_terms(query)
    if not terms:
        return ""
    if len(terms) == 1 and len(terms[0]) <= 2:
        return fold(terms[0])
    return None


def query_terms(query: str | None) -> list[str]:
    """The user's terms: the query split at spaces, commas and 、, duplicates dropped, order kept. A term in traditional
    characters is read as the KB reads a traditional document (kb.script: 網際網路 → 互联网, 著眼 → 着眼), since
    the index holds that reading."""
    if not query:
        return []
    return list(_terms(query))


@lru_cache(maxsize=256)  # a query's terms are read once, not once per row a SQL function marks
def _terms(query: str) -> tuple[str, ...]:
    raw = dict.fromkeys(term for term in _SEPARATORS.split(query) if term)
    return tuple(dict.fromkeys(_reading(term) for term in raw))


def _reading(term: str) -> str:
    if term.isascii():
        return term
    from .script import has_simplified_only, to_simplified

    # A term with a character only simplified text writes is simplified, and searched as typed: the reading would
    # turn 显著 into 显着, which no simplified document holds. Any other term is read at phrase level: 著眼 is
    # written with characters simplified text has too (著名), so no share of traditional characters tells it; the
    # reading does (著眼 → 着眼, 著作权 stays).
    if has_simplified_only(term):
        return term
    return to_simplified(term)


def term_tokens(term: str) -> tuple[str, list[str]]:
    """The index column and tokens a term is looked up by: one character its unigram token; a longer term the
    phrase of its overlapping bigram tokens, which occur in a row exactly where the term is a substring. The one
    rule, for the FTS5 index and the ranked index (kb.ranked)."""
    folded = fold(term)
    if len(folded) == 1:
        return UNIGRAM_COLUMN, [_unigram(folded)]
    return BIGRAM_COLUMN, [_bigram(a, b) for a, b in zip(folded, folded[1:])]


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
    return highlight(text, query, before=MATCH_START, after=MATCH_END, escape=str)


def highlight_terminal(text: str, query: str | None) -> str:
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
    from . import ranked

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
    from .ranked import MAX_LIMIT, MAX_QUERY

    register_functions(conn)
    # A page past the 10,000th match, or a query past 10,000 characters, is asked within the functions' bounds.
    limit, query = max(0, min(int(limit), MAX_LIMIT)), query[:MAX_QUERY] if isinstance(query, str) else query
    answer = conn.execute("select kb_ranked(?, ?)", [query, limit]).fetchone()[0]
    if answer is not None:
        answer = json.loads(answer)
        return answer["count"], [rowid for rowid, _ in answer["hits"]]
    return count_matches(conn, query), [r[0] for r in conn.execute(FTS_RANKED_SQL, [query, limit])]


def search_with_count(conn, query: str, limit: int = 20) -> tuple[int, list[SearchHit]]:
    """(number of clauses containing every term of the query, the best ``limit`` of them with the matches
    highlighted), best first (see ranked_search)."""
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
