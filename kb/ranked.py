"""The ranked index: BM25 top k and exact match counts for the search page, ``kb search`` and ``/kb/search``,
from a tantivy index kept beside the KB file.

Why a second index: FTS5's bm25() scores every match before the best are taken, and its idf reads each term's
whole posting list, so a frequent term cost a second at a million clauses. tantivy (Lucene's design in Rust)
scores and counts the matches over bit-packed posting blocks, 7–170× faster at p95 (README, *Ranked search*).

It holds the index text the FTS5 index holds (kb.index_text): each clause's unigram tokens (field ``unigrams``, term
frequencies only) and its bigram tokens (field ``bigrams``, with positions), split at spaces, so a term is the same
lookup as in FTS5: one character its unigram, a longer term a phrase of the bigrams that cover it
(``covering_bigrams``). The match set and count are therefore the FTS5 index's, which equal LIKE's. The order is
tantivy's BM25 (k1 = 1.2, b = 0.75, each field's length quantised to one byte), summed over the terms, best first;
ties by clause rowid.

Where it lives: ``<kb file>.ranked/<key>/``. The key (kb_meta ``ranked_index``) names the clause rowids the index
holds: a build's key is a digest of the rules and the content, an update's a digest of the old key and the
change. A reader opens the folder its own KB snapshot names, so a server following ``kb add`` never mixes one
KB's rowids with another's. When the folder is missing (only the .db was copied), search falls back to FTS5's
bm25 over every match: the same matches, slower at scale; ``kb index`` rebuilds it.

An update (``kb add``) hard-links the old folder's files into a new one (tantivy never rewrites a file; its
meta.json is replaced by rename) and deletes and adds only the changed documents' clauses.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

from .atomic import is_stale_temp, temp_path_for
from .index_text import (BIGRAM_COLUMN, UNIGRAM_COLUMN, bigram_column, fold, query_terms, term_tokens,
                         unigram_column)

RANKED_FORMAT = "1"  # the fields and tokens below; a change makes every key new
META_KEY = "ranked_index"
ROWID_FIELD = "rowid"
DOCUMENT_FIELD = "document"
_TOKENIZER = "kb_tokens"
BUILD_HEAP_BYTES = 256 * 1024 * 1024
UPDATE_HEAP_BYTES = 32 * 1024 * 1024
_LOCK_FILES = (".tantivy-writer.lock", ".tantivy-meta.lock")
# kb's own facts about the index, beside tantivy's files: the longest clause it holds, in characters (an upper
# bound after deletions), so that a term longer than any clause is answered at once: a 10,000-character query
# made tantivy (and FTS5) match a phrase of 5,000 tokens for 2 s.
FACTS_FILE = "kb-ranked.json"


def folder_of(db: Path) -> Path:
    """The folder beside the KB file holding its ranked indexes, one subfolder per key."""
    db = Path(db)
    return db.with_name(db.name + ".ranked")


def build_key(rules_fingerprint: str, content_sha256: str) -> str:
    """The key of a freshly built KB's index: a build assigns rowids by content alone."""
    return hashlib.sha256(f"{RANKED_FORMAT}\n{rules_fingerprint}\n{content_sha256}".encode()).hexdigest()[:32]


def update_key(old_key: str, deleted: list[str], added: list[tuple[str, int, int]]) -> str:
    """The key after an update: the old key, the documents deleted, and (document, first rowid, clauses) of
    those added."""
    change = json.dumps([old_key, sorted(deleted), sorted(added)], ensure_ascii=False)
    return hashlib.sha256(f"{RANKED_FORMAT}\n{change}".encode()).hexdigest()[:32]


def _tantivy():
    import tantivy

    return tantivy


def _schema():
    tantivy = _tantivy()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(UNIGRAM_COLUMN, stored=False, tokenizer_name=_TOKENIZER, index_option="freq")
    builder.add_text_field(BIGRAM_COLUMN, stored=False, tokenizer_name=_TOKENIZER, index_option="position")
    builder.add_integer_field(ROWID_FIELD, stored=False, indexed=False, fast=True)
    builder.add_text_field(DOCUMENT_FIELD, stored=False, tokenizer_name="raw", index_option="basic")
    return builder.build()


def _open(path: Path):
    tantivy = _tantivy()
    index = tantivy.Index(_schema(), path=str(path), reuse=True)
    # The index text is already tokens separated by single spaces (kb.index_text.unigram_column, bigram_column).
    index.register_tokenizer(_TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


class RankedIndexWriter:
    """Writes the ranked index of a new or updated KB into a temp folder beside the finished ones; ``finish``
    renames it to its key. ``base``: the key of the index an update starts from (its files are hard-linked),
    None for a new index."""

    def __init__(self, db: Path, base: str | None = None, heap: int = BUILD_HEAP_BYTES):
        self.folder = folder_of(db)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.temp = temp_path_for(self.folder / "index")
        shutil.rmtree(self.temp, ignore_errors=True)
        self.temp.mkdir()
        self.longest = 0
        if base is not None:
            for source in (self.folder / base).iterdir():
                if source.is_file() and source.name not in _LOCK_FILES:
                    os.link(source, self.temp / source.name)
            self.longest = _facts(self.temp).get("longest_clause_chars", 0)
        self.index = _open(self.temp)
        self.writer = self.index.writer(heap_size=heap, num_threads=1)

    def add(self, rowid: int, document_id: str, unigrams: str, bigrams: str) -> None:
        """One clause: its rowid, its document, and its FTS5 index text (kb.index_text.unigram_column,
        bigram_column)."""
        self.longest = max(self.longest, unigrams.count(" ") - 1)  # the every-row token and one per character
        self.writer.add_document(_tantivy().Document(**{UNIGRAM_COLUMN: unigrams, BIGRAM_COLUMN: bigrams,
                                                         ROWID_FIELD: rowid, DOCUMENT_FIELD: document_id}))

    def delete_document(self, document_id: str) -> None:
        """Delete every clause of the document ``document_id`` (seen at ``finish``)."""
        self.writer.delete_documents_by_term(DOCUMENT_FIELD, document_id)

    def finish(self, key: str) -> Path:
        """Commit, and rename the folder to ``key``. Returns the finished folder."""
        self.writer.commit()
        self.writer.wait_merging_threads()
        self.writer = None
        self.index = None
        for name in _LOCK_FILES:
            (self.temp / name).unlink(missing_ok=True)
        # A new file renamed over the linked one: the base index's file is never written.
        facts = self.temp / (FACTS_FILE + ".new")
        facts.write_text(json.dumps({"longest_clause_chars": self.longest}), encoding="utf-8")
        os.replace(facts, self.temp / FACTS_FILE)
        final = self.folder / key
        if final.exists():  # the same key is the same index (a rebuild of the same KB)
            shutil.rmtree(final)
        os.replace(self.temp, final)
        return final

    def discard(self) -> None:
        """Throw the index being written away (its temp folder); the base index is untouched."""
        self.writer = None
        self.index = None
        shutil.rmtree(self.temp, ignore_errors=True)


def _facts(folder: Path) -> dict:
    try:
        return json.loads((folder / FACTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def prune(db: Path, keep: str) -> None:
    """Remove the indexes of earlier KB files and the temp folders of dead writers. A server still reading an old
    KB keeps its open files (POSIX), and one that opens an index no longer there ranks through FTS5."""
    folder = folder_of(db)
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name == keep or (".tmp-" in entry.name and not is_stale_temp(entry)):
            continue
        shutil.rmtree(entry, ignore_errors=True)


def covering_bigrams(tokens: list[str]) -> list[tuple[int, str]]:
    """The fewest of a term's overlapping bigram tokens, each at its offset, that still cover every character:
    every other one from the start, and the last. ABCD is AB at 0 and CD at 2 (not AB BC CD): the phrase matches
    exactly where the term occurs, and intersects two posting lists instead of three."""
    offsets = list(range(0, len(tokens), 2))
    if offsets[-1] != len(tokens) - 1:
        offsets.append(len(tokens) - 1)
    return [(offset, tokens[offset]) for offset in offsets]


class RankedIndex:
    """An open ranked index: ``search`` gives the count of matches and the best ``limit`` rowids."""

    def __init__(self, path: Path):
        self.path = path
        self.index = _open(path)
        self.index.reload()
        self.searcher = self.index.searcher()
        self.longest = _facts(path).get("longest_clause_chars")
        self._recent: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Drop the remembered answers (a benchmark searching each query afresh)."""
        with self._lock:
            self._recent.clear()

    def _query(self, terms: list[str]):
        tantivy = _tantivy()
        schema = self.index.schema
        parts = []
        for term in terms:
            field, tokens = term_tokens(term)
            query = (tantivy.Query.term_query(schema, field, tokens[0]) if len(tokens) == 1
                     else tantivy.Query.phrase_query(schema, field, covering_bigrams(tokens)))
            parts.append((tantivy.Occur.Must, query))
        return parts[0][1] if len(parts) == 1 else tantivy.Query.boolean_query(parts)

    def search(self, query: str | None, limit: int) -> tuple[int, list[tuple[int, float]]] | None:
        """(number of matching clauses, [(rowid, BM25 score)] best first, at most ``limit``), or None for a query
        with no term (every clause matches; the FTS5 path answers it). The last few answers are remembered, so
        that a page asking for the count and then the rows searches once."""
        terms = query_terms(query)
        if not terms:
            return None
        if self.longest is not None and any(len(fold(t)) > self.longest for t in terms):
            return 0, []
        key = (tuple(fold(t) for t in terms), limit)
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        try:
            result = self.searcher.search(self._query(terms), max(limit, 1), count=True)
            rowids = self.searcher.fast_field_values(ROWID_FIELD, [address for _, address in result.hits]) \
                if result.hits else []
        except BaseException as error:  # a damaged file: answer through FTS5 from now on
            if not _failed(error):
                raise
            _set_aside(self.path)
            return None
        hits = sorted(zip(rowids, (score for score, _ in result.hits)), key=lambda h: (-h[1], h[0]))[:limit]
        answer = (result.count, [(int(r), float(s)) for r, s in hits])
        with self._lock:
            self._recent[key] = answer
            while len(self._recent) > 16:
                self._recent.popitem(last=False)
        return answer


_OPEN: dict[Path, RankedIndex] = {}
_BROKEN: dict[Path, int] = {}  # an index tantivy could not read, by the mtime of its meta.json then
_OPEN_LOCK = threading.Lock()


def _failed(error: BaseException) -> bool:
    """Whether an exception from tantivy means "this index cannot be read": any error, including the Rust panics
    pyo3 raises as PanicException (a BaseException) on a damaged file, but not an interrupt."""
    return not isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit))


def _set_aside(path: Path) -> None:
    """Stop using an index that failed; it is tried again once its meta.json changes (``kb index``)."""
    try:
        stamp = (path / "meta.json").stat().st_mtime_ns
    except OSError:
        stamp = -1
    with _OPEN_LOCK:
        _OPEN.pop(path, None)
        _BROKEN[path] = stamp


def open_ranked(db: Path, key: str | None) -> RankedIndex | None:
    """The ranked index of the KB snapshot whose kb_meta names ``key``, opened once per process; None when there
    is no such folder (or tantivy cannot read it)."""
    if not key:
        return None
    path = folder_of(db) / key
    with _OPEN_LOCK:
        if path in _OPEN:
            return _OPEN[path]
    try:
        stamp = (path / "meta.json").stat().st_mtime_ns
    except OSError:
        return None
    if _BROKEN.get(path) == stamp:
        return None
    try:
        index = RankedIndex(path)
    except BaseException as error:
        if not _failed(error):
            raise
        _set_aside(path)
        return None
    with _OPEN_LOCK:
        _BROKEN.pop(path, None)
        return _OPEN.setdefault(path, index)


def key_of(conn: sqlite3.Connection) -> str | None:
    """The ranked index key a KB connection's snapshot names, None for a KB without one."""
    try:
        row = conn.execute("select value from kb_meta where key = ?", [META_KEY]).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


MAX_LIMIT = 10_000  # the most hits one call of kb_ranked returns
MAX_QUERY = 10_000  # characters of a query: every path that takes one cuts it there


def _query_text(query):
    """A query as the functions take it: text of at most MAX_QUERY characters, or None; else the caller's error."""
    if query is None:
        return None
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        raise ValueError(f"the query must be text of at most {MAX_QUERY:,} characters")
    return query


def attach(conn: sqlite3.Connection, db: Path | None) -> RankedIndex | None:
    """Register ``kb_ranked(q, limit)`` and ``kb_ranked_count(q)`` on a connection to the KB file ``db``:
    the JSON ``{"count": n, "hits": [[rowid, score], …]}`` and the count, from the ranked index its snapshot
    names, or NULL when it has none or it cannot be read (the caller then asks FTS5). The index is looked up at
    each call, so a server picks up an index written after it opened the KB (``kb index``)."""
    key = key_of(conn) if db is not None else None

    def search(query, limit):
        index = open_ranked(Path(db), key) if key else None
        return index.search(query, limit) if index is not None else None

    def ranked(query, limit):
        # Bad arguments are the caller's error (a SQL error), never the index's: it is not set aside for them.
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= MAX_LIMIT:
            raise ValueError(f"kb_ranked: the limit must be a whole number from 0 to {MAX_LIMIT}")
        answer = search(_query_text(query), limit)
        return None if answer is None else json.dumps({"count": answer[0], "hits": answer[1]})

    def count(query):
        answer = search(_query_text(query), 20)
        return None if answer is None else answer[0]

    # Deterministic: within one statement the same arguments give the same answer, so SQLite computes
    # `kb_ranked(:q, 200) is null` once, not once a row (the canned query /kb/search's FTS5 branch).
    conn.create_function("kb_ranked", 2, ranked, deterministic=True)
    conn.create_function("kb_ranked_count", 1, count, deterministic=True)
    return open_ranked(Path(db), key) if key else None


def build_from(conn: sqlite3.Connection, db: Path, key: str) -> Path:
    """Write the ranked index of every clause of an open KB under ``key`` (``kb index``, and an update whose KB
    had none)."""
    writer = RankedIndexWriter(db)
    try:
        for rowid, document_id, text in conn.execute("select rowid, document_id, text from clauses"):
            writer.add(rowid, document_id, unigram_column(text), bigram_column(text))
        return writer.finish(key)
    except BaseException:
        writer.discard()
        raise


def rebuild(db: Path) -> str:
    """Write the ranked index a KB file names (kb_meta ``ranked_index``) anew, beside it, and remove any other:
    for a KB copied without its folder. Returns the key. Raises FileNotFoundError for a missing file and
    ValueError for a file that is no KB of this schema."""
    db = Path(db)
    if not db.is_file():
        raise FileNotFoundError(f"{db}: no KB there; run `kb build` first")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        try:
            conn.execute("select value from kb_meta where key = 'schema_version'").fetchone()
        except sqlite3.Error:
            raise ValueError(f"{db}: not a KB (no kb_meta table)") from None
        key = key_of(conn)
        if not key:
            raise ValueError(f"{db}: the KB names no ranked index (built by an older kb); run `kb build`")
        build_from(conn, db, key)
    finally:
        conn.close()
    prune(db, key)
    with _OPEN_LOCK:
        _OPEN.pop(folder_of(db) / key, None)
    return key
