"""Reading the corpus, as ``kb build``, ``kb add`` and ``kb synth`` read it: each text file decoded, its page
furniture taken out and cut into the documents its sidecar describes (``read_text_file``), and the whole corpus
checked across files (``read_corpus``): a sidecar without its text, an id used twice, a parent not there.

The build reads each file in its worker processes and checks across files on the KB it writes; it uses the same
functions for each check (``encoding_notice``, ``claim_ids``, ``missing_parent``, ``orphan_sidecars``)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .corpus import (REFERENCES_FILE, Corpus, DocumentRecord, SourceRecord, document_from_yaml, references_of,
                     source_url_of, text_of, text_paths)
from .errors import InputError, line_of
from .extract.decode import decode_text
from .normalize import compact as _compact
from .normalize import content_key
from .script import read_simplified, to_simplified
from .yamlfile import LineDict, load_yaml, require_mapping

_SIDECAR_KEYS = {"source_file", "published", "page_stamp_format", "source_url", "documents", "script", "furniture",
                 "extracted_from"}
_EXTRACTED_FROM_KEYS = {"file", "format", "sha256", "bytes", "url", "retrieved_at"}
SCRIPTS = ("simplified", "traditional")


def _line_spans(text: str):
    position = 0
    for raw in text.split("\n"):
        yield position, position + len(raw) + 1  # the line with its newline
        position += len(raw) + 1


@dataclass
class _Sidecar:
    """A text file's sidecar, read and checked: its ``path``, its mapping (``data``), the document ``entries`` as
    written and the ``documents`` they describe, its ``script``, ``extracted_from`` and file-wide ``source_url``."""

    path: Path
    data: LineDict
    entries: list
    documents: list[DocumentRecord]
    script: str | None
    extracted_from: dict
    source_url: str | None

    def line_key(self, line: str) -> str:
        """A line as the sidecar names it: a traditional text's lines through their simplified reading."""
        return _compact(to_simplified(line)) if self.script == "traditional" else _compact(line)

    def text_of(self, text: str) -> str:
        """The text the content keys are made of: a traditional text's simplified reading."""
        return to_simplified(text) if self.script == "traditional" else text


def _read_sidecar(text_path: Path, sidecar_path: Path, sidecar_text: str | None) -> _Sidecar:
    if sidecar_text is None and not sidecar_path.exists():
        raise InputError(text_path, f"no sidecar: write {sidecar_path.name} beside it with the document's "
                                    f"id and title (see corpus/README.md)")
    sidecar = require_mapping(sidecar_path, load_yaml(sidecar_path, sidecar_text), "the sidecar")
    unknown = sorted(set(sidecar) - _SIDECAR_KEYS)
    if unknown:
        raise InputError(sidecar_path, f"unknown key(s) {', '.join(unknown)} "
                                       f"(known: {', '.join(sorted(_SIDECAR_KEYS))})", sidecar.line)
    named = sidecar.get("source_file")
    if named is not None and named != text_path.name:
        raise InputError(sidecar_path, f"source_file is {named!r} but the sidecar sits beside {text_path.name!r}",
                         sidecar.line)
    entries = sidecar.get("documents")
    if not isinstance(entries, list) or not entries:
        raise InputError(sidecar_path, "'documents' must be a non-empty list", sidecar.line)
    documents = [document_from_yaml(sidecar_path, entry) for entry in entries]
    script = text_of(sidecar_path, sidecar, "script")
    if script is not None and script not in SCRIPTS:
        raise InputError(sidecar_path, f"script {script!r} must be one of {', '.join(SCRIPTS)}", sidecar.line)
    extracted_from = sidecar.get("extracted_from") or {}
    if not isinstance(extracted_from, dict) or set(extracted_from) - _EXTRACTED_FROM_KEYS:
        raise InputError(sidecar_path, f"extracted_from must be a mapping with keys "
                                       f"{', '.join(sorted(_EXTRACTED_FROM_KEYS))}", sidecar.line)
    file_source_url = source_url_of(sidecar_path, sidecar)
    if extracted_from.get("url") is not None:  # where kb add fetched the file from: a web address too
        source_url_of(sidecar_path, extracted_from, "url")
    return _Sidecar(sidecar_path, sidecar, entries, documents, script, extracted_from, file_source_url)


def _take_line(text: str, wanted: str, key) -> tuple[str, str | None]:
    """``text`` without its first line whose ``key`` is ``wanted``, and that line (None: no such line)."""
    for start, end in _line_spans(text):
        if key(text[start:end]) == wanted:
            return text[:start] + text[end:], text[start:end].rstrip("\n")
    return text, None


def _without_page_stamp(text: str, sidecar: _Sidecar, text_path: Path) -> tuple[str, str | None, str | None]:
    """The text without the web page's own stamp of its ``published`` moment (furniture), when the sidecar gives
    its ``page_stamp_format``; with ``published`` and the stamp's line."""
    published = text_of(sidecar.path, sidecar.data, "published")
    stamp_format = text_of(sidecar.path, sidecar.data, "page_stamp_format")
    if published is None:
        return text, None, None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        raise InputError(sidecar.path, f"published {published!r} must be YYYY-MM-DD or YYYY-MM-DD HH:MM",
                         sidecar.data.line) from None
    if not stamp_format:
        return text, published, None
    text, stamp = _take_line(text, _compact(moment.strftime(stamp_format)), _compact)
    if stamp is None:
        raise InputError(sidecar.path, f"no line of {text_path.name} is the page stamp "
                                       f"{moment.strftime(stamp_format)!r}", sidecar.data.line)
    return text, published, stamp


def _without_furniture(text: str, sidecar: _Sidecar, text_path: Path) -> tuple[str, list[str]]:
    """The text without the sidecar's ``furniture`` lines (a page's 时间: 来源: 阅读: line, a breadcrumb: no part of
    the document), and those lines as they were."""
    furniture = sidecar.data.get("furniture") or []
    if not isinstance(furniture, list) or not all(isinstance(f, str) for f in furniture):
        raise InputError(sidecar.path, "furniture must be a list of lines of the text", sidecar.data.line)
    taken = []
    for wanted_line in furniture:
        text, line = _take_line(text, sidecar.line_key(wanted_line), sidecar.line_key)
        if line is None:
            raise InputError(sidecar.path, f"furniture line {wanted_line!r} is not a line of {text_path.name}",
                             sidecar.data.line)
        taken.append(line)
    return text, taken


def _starts(text: str, sidecar: _Sidecar, text_path: Path) -> list[int]:
    """Where each document of the file begins: 0, then each later document's ``starts_at`` line, in order."""
    entries, documents, key = sidecar.entries, sidecar.documents, sidecar.line_key
    starts = [0]
    for entry, document in zip(entries[1:], documents[1:]):
        marker = entry.get("starts_at")
        if not marker:
            raise InputError(sidecar.path, f"document {document.id!r} needs 'starts_at': the first line of its "
                                           f"text in {text_path.name}", entry.line)
        wanted = key(marker)
        found = next((s for s, e in _line_spans(text) if s > starts[-1] and key(text[s:e]) == wanted), None)
        if found is None:
            raise InputError(sidecar.path, f"starts_at {marker!r} of {document.id!r} is not a line of "
                                           f"{text_path.name} after the previous document", entry.line)
        starts.append(found)
    if entries[0].get("starts_at"):
        wanted = key(entries[0]["starts_at"])
        first = next((s for s, e in _line_spans(text) if key(text[s:e]) == wanted), None)
        if first is None or text[:first].strip():
            raise InputError(sidecar.path, f"starts_at of {documents[0].id!r} must be the file's first line",
                             entries[0].line)
    return starts


def read_text_file(text_path: Path, sidecar_path: Path, data: bytes | None = None,
                   sidecar_text: str | None = None) -> tuple[list[DocumentRecord], SourceRecord]:
    """The documents of one text file, as its sidecar describes them, and the file's SourceRecord. ``data`` and
    ``sidecar_text``, when given, are the two files' contents (a file about to be written, checked first); else
    they are read from the paths. Raises InputError naming the file and line."""
    sidecar = _read_sidecar(text_path, sidecar_path, sidecar_text)
    if data is None:
        from .extract.limits import read_input

        data = read_input(text_path)  # a corpus file is held to the input size limit too (issue 23)
    text, encoding = decode_text(text_path, data)
    whole_key = content_key(sidecar.text_of(text))
    text, published, page_stamp = _without_page_stamp(text, sidecar, text_path)
    text, furniture = _without_furniture(text, sidecar, text_path)
    starts = _starts(text, sidecar, text_path)
    documents = sidecar.documents
    bounds = starts + [len(text)]
    for document, start, end in zip(documents, bounds, bounds[1:]):
        document.text = text[start:end]
        document.source_file = text_path.name
        document.published_at = published
        document.source_url = document.source_url or sidecar.source_url
        if not document.text.strip():
            raise InputError(text_path, f"document {document.id!r} has no text", line_of(text, start))
        if sidecar.script == "traditional":
            # Parsing, tagging and search read the simplified reading; the clauses keep the original beside it.
            reading = read_simplified(document.text)
            document.script, document.original_text = sidecar.script, document.text
            document.text, document.original_offsets = reading.text, reading.offsets
    extracted_from = sidecar.extracted_from
    source = SourceRecord(file=text_path.name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
                          bytes=len(data), published_at=published, page_stamp=page_stamp, script=sidecar.script,
                          furniture="\n".join(furniture) or None,
                          extracted_from_file=extracted_from.get("file"),
                          extracted_from_format=extracted_from.get("format"),
                          extracted_from_sha256=extracted_from.get("sha256"), content_sha256=whole_key,
                          body_sha256=content_key("".join(d.text for d in documents)))
    return documents, source


def encoding_notice(text_path: Path, source: SourceRecord) -> str | None:
    """The note a file read in another encoding than UTF-8 gets (kb build and read_corpus report it)."""
    if source.encoding in ("utf-8", "utf-8-sig"):
        return None
    return f"{text_path}: decoded as {source.encoding.upper()}, not UTF-8"


def orphan_sidecars(corpus_dir: Path, paths: list[Path]) -> list[InputError]:
    """A problem for each sidecar (other than references.yml) beside none of the text files ``paths``."""
    stems = {p.stem for p in paths}
    return [InputError(s, "sidecar without a text file of the same name")
            for s in sorted(Path(corpus_dir).glob("*.yml")) if s.name != REFERENCES_FILE and s.stem not in stems]


def claim_ids(seen: dict[str, str], ids: list[str], where: str, corpus_dir: Path) -> InputError | None:
    """Record in ``seen`` (document id → the file that holds it) the ids of one file, or references.yml entry,
    ``where``; or, when one is there already, claim none and return the problem: the file (or entry) is left out,
    as kb build leaves it out."""
    for document_id in ids:
        if document_id in seen:
            return InputError(Path(corpus_dir) / where, f"document id {document_id!r} is used twice "
                                                        f"(also in {seen[document_id]})")
    seen.update(dict.fromkeys(ids, where))
    return None


def missing_parent(corpus_dir: Path, document_id: str, parent_id: str, source_file: str | None) -> InputError:
    """The problem of a document whose parent is not in the corpus (its parent is then taken as none)."""
    return InputError(Path(corpus_dir) / (source_file or REFERENCES_FILE),
                      f"document {document_id!r} names parent {parent_id!r}, which is not in the corpus")


def _read_files(paths: list[Path]):
    """(path, documents, source, None) for each text file that reads, (path, None, None, the problem) for each
    that does not; in order."""
    for text_path in paths:
        try:
            documents, source = read_text_file(text_path, text_path.with_suffix(".yml"))
        except InputError as error:
            yield text_path, None, None, error
            continue
        yield text_path, documents, source, None


def read_text_files(corpus_dir: Path) -> Corpus:
    """The documents and sources of each of the corpus's text files that reads, each on its own (no check across
    files, no references.yml); the files that do not read, in ``problems``."""
    corpus = Corpus([], [], [], [])
    for text_path, documents, source, error in _read_files(text_paths(corpus_dir)):
        if error is not None:
            corpus.problems.append(error)
            continue
        corpus.documents.extend(documents)
        corpus.sources.append(source)
        corpus.notices += filter(None, [encoding_notice(text_path, source)])
    return corpus


def read_corpus(corpus_dir: Path, strict: bool = False) -> Corpus:
    """Every document of the corpus, as kb build reads it: the text files in name order, each with its sidecar,
    then references.yml's entries. A bad file, a sidecar without a text file, a file (or entry) with a document id
    taken before, a parent not in the corpus: each is a problem, and what it concerns is left out (``strict``: the
    first is raised). ``notices``: files decoded from another encoding than UTF-8."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise InputError(corpus_dir, "corpus directory not found")
    corpus = Corpus([], [], [], [])

    def problem(error: InputError):
        if strict:
            raise error
        corpus.problems.append(error)

    paths = text_paths(corpus_dir)
    for error in orphan_sidecars(corpus_dir, paths):
        problem(error)
    seen: dict[str, str] = {}
    for text_path, documents, source, error in _read_files(paths):
        error = error or claim_ids(seen, [d.id for d in documents], text_path.name, corpus_dir)
        if error is not None:
            problem(error)
            continue
        corpus.notices += filter(None, [encoding_notice(text_path, source)])
        corpus.documents.extend(documents)
        corpus.sources.append(source)
    try:
        references = references_of(corpus_dir)
    except InputError as error:
        problem(error)
        references = []
    for reference in references:
        error = claim_ids(seen, [reference.id], REFERENCES_FILE, corpus_dir)
        if error is not None:
            problem(error)
            continue
        corpus.documents.append(reference)
    for document in corpus.documents:
        if document.parent_id and document.parent_id not in seen:
            problem(missing_parent(corpus_dir, document.id, document.parent_id, document.source_file))
            document.parent_id = None
    return corpus
