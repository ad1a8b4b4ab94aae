"""Related terms the KB itself suggests for a query that finds few clauses: 质押融资 → 质押贷款, 融资服务.

No model and no word list: a term's two-character ends (质押…, …融资) are looked up in the search index, and the
clauses holding them are read for what stands next to those ends: ``part + two characters`` (质押贷款, 融资服务)
and ``two characters + part`` where those start a word (a punctuation mark or a function word before them:
投资融资, not the 产权质押 of 知识产权质押). A candidate is kept when it occurs in a clause the query does not
already find (it leads somewhere new), and ranked by the clauses holding it, those that also hold another piece of
the query first (it co-occurs with the query). A
piece inside the query's own term (the 产权 of 知识产权) suggests nothing there: that is the query's word. Bounded: at most MAX_PARTS pieces, CLAUSES_READ clauses a piece and
OCCURRENCES_READ occurrences a clause, whatever the size of the KB."""
from __future__ import annotations

from collections import defaultdict

from .index_text import fold, query_terms
from .search import fts_match_expression

SUGGEST_BELOW = 5  # a query finding fewer clauses than this gets related terms
MAX_PARTS = 6  # two-character pieces of the query looked up
CLAUSES_READ = 200  # clauses read a piece
OCCURRENCES_READ = 20  # occurrences of a piece read in one clause
MAX_TERM = 20  # characters of a query term; a longer term suggests nothing
# Characters that do not start or continue a term: function words and the commonest particles.
_FUNCTION_CHARACTERS = set("的地得和与及或等在为对是了并其将把被从向于由之这那个各每本该也都而且以")


def _word_character(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and ch not in _FUNCTION_CHARACTERS


def query_pieces(query: str) -> list[str]:
    """The two-character ends of the query's terms (质押融资 → 质押, 融资), Chinese characters only, in order,
    at most MAX_PARTS."""
    pieces: list[str] = []
    for term in query_terms(query):
        folded = fold(term)
        if not 2 <= len(folded) <= MAX_TERM:
            continue
        for piece in (folded[:2], folded[-2:]):
            if all(map(_word_character, piece)) and piece not in pieces:
                pieces.append(piece)
    return pieces[:MAX_PARTS]


def _inside(text: str, start: int, piece: str, terms: list[str]) -> bool:
    """Whether the ``piece`` at ``start`` is part of an occurrence of one of the query's ``terms`` (the query's own
    words, which the query itself finds)."""
    for term in terms:
        at = term.find(piece)
        while at != -1:
            if text.startswith(term, start - at):
                return True
            at = term.find(piece, at + 1)
    return False


def _neighbours(text: str, piece: str, terms: list[str]):
    """The candidates beside each occurrence of ``piece`` in ``text`` that is not inside one of the query's
    ``terms`` (at most OCCURRENCES_READ occurrences)."""
    start = text.find(piece)
    for _ in range(OCCURRENCES_READ):
        if start == -1:
            return
        if _inside(text, start, piece, terms):
            start = text.find(piece, start + 1)
            continue
        after = text[start + 2:start + 4]
        if len(after) == 2 and all(map(_word_character, after)):
            yield piece + after
        before = text[max(start - 2, 0):start]
        opening = text[start - 3] if start >= 3 else ""
        if len(before) == 2 and all(map(_word_character, before)) and not _word_character(opening):
            yield before + piece
        start = text.find(piece, start + 1)


def related_terms(conn, query: str, limit: int = 6) -> list[str]:
    """Up to ``limit`` terms of the KB's own clauses related to ``query`` (see the module docstring), best first;
    [] for a query without a Chinese term of two characters or more."""
    pieces = query_pieces(query)
    if not pieces:
        return []
    wanted = [fold(t) for t in query_terms(query)]
    clauses: dict[str, set[int]] = defaultdict(set)  # candidate → rowids of the clauses holding it
    with_other: dict[str, set[int]] = defaultdict(set)  # … of those also holding another piece of the query
    new: set[str] = set()  # candidates found in a clause the query does not find
    for piece in pieces:
        rows = conn.execute("select clauses.rowid, clauses.text from clauses_fts join clauses on clauses.rowid = "
                            "clauses_fts.rowid where clauses_fts match ? limit ?",
                            [fts_match_expression(piece), CLAUSES_READ]).fetchall()
        for rowid, text in rows:
            folded = fold(text)
            found_by_query = all(t in folded for t in wanted)
            others = any(p != piece and p in folded for p in pieces)
            for candidate in _neighbours(folded, piece, wanted):
                if any(candidate in t or t in candidate for t in wanted):
                    continue
                clauses[candidate].add(rowid)
                if others:
                    with_other[candidate].add(rowid)
                if not found_by_query:
                    new.add(candidate)
    ranked = sorted(new, key=lambda c: (-len(with_other[c]), -len(clauses[c]), c))
    return ranked[:limit]
