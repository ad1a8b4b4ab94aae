"""The index text: how a clause is spelled in the search indexes, and how a query is read into terms.

SQLite's unicode61 tokenizer does not split Chinese, and the trigram tokenizer cannot find terms shorter than
three characters. So the index does not hold the text itself but a spelling of it that unicode61 splits exactly
where we want: every character becomes a token (its code point in hex), and every pair of neighbouring
characters becomes another token, in a second column. A query term of one character is a lookup of one
unigram token; a longer term is a phrase of its overlapping bigrams (``term_tokens``), which matches exactly where
the term occurs as a substring. The FTS5 index (queried by kb.search) and the ranked index (kb.ranked) hold this text
and look terms up by this one rule.
"""
from __future__ import annotations

import re
from functools import lru_cache
from operator import add

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
