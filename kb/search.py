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
import math
import re
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
    from .script import to_simplified

    # Any term the phrase-level reading changes: 著眼 is written with characters simplified text has too (著名), so
    # no share of traditional characters tells it; the reading does (著眼 → 着眼, 著作权 stays).
    return to_simplified(term)


def _term_expression(term: str) -> str:
    folded = fold(term)
    if len(folded) == 1:
        return f'{UNIGRAM_COLUMN} : "{_unigram(folded)}"'
    phrase = " ".join(_bigram(a, b) for a, b in zip(folded, folded[1:]))
    return f'{BIGRAM_COLUMN} : "{phrase}"'


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
# every clause) is one row of term_clause_counts, written with the index; anything longer is counted by the index.
# The canned queries count_clauses and search_clauses (its first page's matches) in metadata.yml hold this
# expression (a test holds them to it).
COUNT_MATCHES_EXPRESSION = """coalesce(
  (select clauses from term_clause_counts where term = kb_counted_term(:q)),
  (select count(*) from clauses_fts where clauses_fts match escape_fts(:q))
)"""
COUNT_MATCHES_SQL = f"select {COUNT_MATCHES_EXPRESSION} as clauses"


def count_matches(conn, query: str | None) -> int:
    register_functions(conn)
    return conn.execute(COUNT_MATCHES_SQL, {"q": query}).fetchone()[0]


def register_functions(conn) -> None:
    """The SQL functions search needs; the Datasette plugin and ``kb search`` both call this."""
    conn.create_function("escape_fts", 1, fts_match_expression, deterministic=True)
    conn.create_function("kb_counted_term", 1, counted_term, deterministic=True)
    conn.create_function("kb_highlight", 2, highlight_marked, deterministic=True)
    conn.create_function("kb_match_spans", 2, lambda text, query: json.dumps(match_spans(text or "", query)),
                         deterministic=True)
    conn.create_function("kb_fold", 1, lambda text: fold(text) if isinstance(text, str) else text,
                         deterministic=True)


# -- ranking many matches: the short tier ------------------------------------------------------------------------
# FTS5's bm25 scores every match before the best are taken, and its idf reads each term's whole posting list: a
# term in 140,000 of a million clauses took a second. A second index holds the clauses of at most
# SHORT_CLAUSE_CHARS characters under a rowid that sorts them shortest first (length << 32 | clause rowid), so its
# posting lists run from the shortest clause up. Past EXACT_RANK_LIMIT matches, the TIER_CANDIDATES shortest
# matches are read off the head of those lists and scored with BM25 here, and the best are shown: BM25's own
# preference for short texts, cut short. Below the limit, FTS5's bm25 ranks every match.
TIER_TABLE = "clauses_fts_short"
SHORT_CLAUSE_CHARS = 30
EXACT_RANK_LIMIT = 20_000
TIER_CANDIDATES = 2_000
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's (and Robertson's usual) parameters


def tier_rowid(rowid: int, text: str) -> int | None:
    """The short tier's rowid of a clause, None for a clause too long to be in it."""
    return (len(text) << 32) | rowid if len(text) <= SHORT_CLAUSE_CHARS else None


def _occurrences(text: str, needle: str) -> int:
    count, start = 0, text.find(needle)
    while start != -1:
        count, start = count + 1, text.find(needle, start + 1)
    return count


def bm25_scores(texts: dict[int, str], query: str, df: dict[str, int], clauses: int,
                average_chars: float) -> dict[int, float]:
    """BM25 of each text (by rowid) for the query's terms, higher is better: the sum over terms of
    idf × tf × (k1 + 1) / (tf + k1 × (1 − b + b × chars / average_chars)), idf = ln((N − n + 0.5) / (n + 0.5)) kept
    above zero, as FTS5 computes it (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and
    Beyond", 2009), with a text's length in characters. ``df``: clauses holding each folded term."""
    terms = [fold(t) for t in query_terms(query)]
    idf = {t: max(math.log((clauses - df.get(t, 1) + 0.5) / (df.get(t, 1) + 0.5)), 1e-6) for t in terms}
    scores = {}
    for rowid, text in texts.items():
        folded, norm = fold(text), BM25_K1 * (1 - BM25_B + BM25_B * len(text) / average_chars)
        score = 0.0
        for term in terms:
            tf = _occurrences(folded, term)
            score += idf[term] * tf * (BM25_K1 + 1) / (tf + norm)
        scores[rowid] = score
    return scores


def _term_df(conn, term: str) -> int:
    """Clauses holding a folded term: term_clause_counts for one or two characters; for a longer term, the rarest
    of its pairs (an upper bound, enough to weigh terms against each other)."""
    keys = [term] if len(term) <= 2 else [a + b for a, b in zip(term, term[1:])]
    counts = [r[0] for key in keys for r in conn.execute(
        "select clauses from term_clause_counts where term = ?", [key])]
    return min(counts) if counts else 1


def ranked_rowids(conn, query: str, limit: int, total: int | None = None) -> list[int]:
    """The rowids of the best ``limit`` clauses for the query, best first: FTS5's bm25 over every match up to
    EXACT_RANK_LIMIT matches, past it BM25 over the shortest TIER_CANDIDATES matches (the short tier)."""
    register_functions(conn)
    total = count_matches(conn, query) if total is None else total
    exact = ("select rowid from clauses_fts where clauses_fts match escape_fts(?) "
             "order by bm25(clauses_fts), rowid limit ?")
    if total <= EXACT_RANK_LIMIT:
        return [r[0] for r in conn.execute(exact, [query, limit])]
    candidates = [r[0] & 0xFFFFFFFF for r in conn.execute(
        f"select rowid from {TIER_TABLE} where {TIER_TABLE} match escape_fts(?) limit ?", [query, TIER_CANDIDATES])]
    if len(candidates) < limit:  # the matches are long clauses: rank them all, slowly, rather than badly
        return [r[0] for r in conn.execute(exact, [query, limit])]
    texts = dict(conn.execute(f"select rowid, text from clauses where rowid in ({','.join(map(str, candidates))})"))
    meta = dict(conn.execute("select key, value from kb_meta where key in ('average_clause_chars')"))
    clauses = conn.execute("select clauses from term_clause_counts where term = ''").fetchone()
    df = {t: _term_df(conn, t) for t in (fold(t) for t in query_terms(query))}
    scores = bm25_scores(texts, query, df, clauses[0] if clauses else len(texts),
                         float(meta.get("average_clause_chars") or 40))
    return sorted(scores, key=lambda rowid: (-scores[rowid], rowid))[:limit]


def search(conn, query: str, limit: int = 20) -> list[SearchHit]:
    """Clauses containing every term of the query, best first (see ranked_rowids), with the matches
    highlighted."""
    register_functions(conn)
    order = ranked_rowids(conn, query, limit)
    if not order:
        return []
    rows = {r[0]: r for r in conn.execute(f"""select clauses.rowid, clauses.id, clauses.document_id,
        clauses.section_id, clauses.kind, clauses.text, coalesce(sections.path_label, '') from clauses
        left join sections on sections.id = clauses.section_id where clauses.rowid in ({','.join(map(str, order))})""")}
    return [SearchHit(id=r[1], document_id=r[2], section_id=r[3], kind=r[4], text=r[5],
                      highlighted=highlight(r[5], query), breadcrumb=r[6], rank=float(position + 1))
            for position, r in enumerate(rows[rowid] for rowid in order)]
