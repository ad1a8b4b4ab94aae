"""Reading the corpus: decode each text file, read its sidecar, cut it into documents, register references.

A corpus directory holds text files (.txt, .md), each with a sidecar of the same name ending in .yml that says
which documents the file holds and their facts, and ``references.yml``, the documents that are cited but whose
text we do not have. The text files are never changed; metadata lives only in the sidecars.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError, line_of
from .facts import FACTS, KEYS
from .normalize import compact as _compact
from .normalize import content_key
from .script import read_simplified, to_simplified
from .yamlfile import LineDict, load_yaml, require_mapping

TEXT_SUFFIXES = (".txt", ".md")
REFERENCES_FILE = "references.yml"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# A national document speaks of the national departments unless its sidecar names another jurisdiction.
NATIONAL_JURISDICTION = {"国家": "全国"}
_SIDECAR_KEYS = {"source_file", "published", "page_stamp_format", "source_url", "documents", "script", "furniture",
                 "extracted_from"}
_EXTRACTED_FROM_KEYS = {"file", "format", "sha256", "bytes", "url", "retrieved_at"}
SCRIPTS = ("simplified", "traditional")
MAX_LINE_CHARS = 100_000  # the plan's longest paragraph is under 1,000
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # control characters other than \t \n \v \f \r


@dataclass
class DocumentRecord:
    id: str
    title: str
    doc_number: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    published_at: str | None = None
    kind: str | None = None
    level: str | None = None
    jurisdiction: str | None = None  # the government whose units it speaks of: 广西壮族自治区
    parent_id: str | None = None
    source_url: str | None = None
    source_file: str | None = None
    addressees: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    text: str | None = None  # None: the text is not in the corpus (a reference)
    script: str | None = None  # traditional: ``text`` is the simplified reading of ``original_text``
    original_text: str | None = None
    original_offsets: tuple[int, ...] | None = None  # text[i:j] stands for original_text[offsets[i]:offsets[j]]

    @property
    def text_available(self) -> bool:
        return self.text is not None

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest() if self.text is not None else None


@dataclass
class SourceRecord:
    file: str
    sha256: str
    encoding: str
    bytes: int
    published_at: str | None
    page_stamp: str | None  # the line taken out of the text as page furniture
    furniture: str | None = None  # other lines of the page's frame taken out of the text (时间: 来源: 阅读: …)
    script: str | None = None
    # The file `kb add` extracted this text from (a .docx, .pdf, web page …), by name, format and hash.
    extracted_from_file: str | None = None
    extracted_from_format: str | None = None
    extracted_from_sha256: str | None = None
    content_sha256: str | None = None  # kb.normalize.content_key of the whole file's text (simplified reading)
    body_sha256: str | None = None  # … of its documents' texts together (page stamp left out)


@dataclass
class Corpus:
    documents: list[DocumentRecord]
    sources: list[SourceRecord]
    problems: list[InputError]
    notices: list[str]


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was in. UTF-8 first, then GB18030 (a superset of GBK)."""
    if not data.strip():
        raise InputError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(path, f"broken UTF-16 text ({exc.reason})") from None
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), not text", line_of_bytes(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data" and data[:utf8_error.start].decode("utf-8", "strict"):
            # Valid UTF-8 up to a character cut in half at the very end: a truncated file, not another encoding.
            raise InputError(path, f"truncated UTF-8: the file ends inside a character (byte {utf8_error.start} of "
                                   f"{len(data)}); was it cut off while copying?",
                             line_of_bytes(data, utf8_error.start)) from None
        try:
            text = data.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError as gb_error:
            # Name the bad byte in the encoding the file is in: the reading that gets further. A GBK file fails as
            # UTF-8 at its first Chinese character, which says nothing about where it is broken; a UTF-8 file with
            # one bad byte fails as GB18030 wherever its bytes first make no GB18030 sequence.
            encoding, at = ("GB18030", gb_error.start) if gb_error.start > utf8_error.start else \
                ("UTF-8", utf8_error.start)
            raise InputError(path, f"neither UTF-8 nor GB18030/GBK text: read as {encoding}, byte {at} "
                                   f"(0x{data[at]:02x}) is invalid", line_of_bytes(data, at)) from None
    longest = max(map(len, text.split("\n")))
    if longest > MAX_LINE_CHARS:
        raise InputError(path, f"a line of {longest:,} characters; a document's line (a paragraph) is at most "
                               f"{MAX_LINE_CHARS:,}: is this a text file?")
    controls = len(_CONTROL_CHARACTERS.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(path, f"binary file ({controls} control characters), not text")
    if not text.strip():
        raise InputError(path, "empty file (whitespace only)")
    return text, encoding


def line_of_bytes(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


WEB_SCHEMES = ("http", "https")


def web_address(value) -> str | None:
    """``value`` when it is an http:// or https:// address with a host, written without spaces or control
    characters; else None. Only such an address is ever a link: ``javascript:``, ``data:``, ``vbscript:``,
    ``file:`` and the like are not."""
    if not isinstance(value, str) or not value or len(value) > 4_000:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7f for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in WEB_SCHEMES and parts.netloc.rpartition("@")[2] else None


def _source_url(path: Path, mapping: LineDict, key: str = "source_url") -> str | None:
    """A ``source_url`` (or another address) of a sidecar or references.yml: an http(s) address, else an
    InputError naming the file and line."""
    value = _string(path, mapping, key)
    if value is not None and web_address(value) is None:
        shown = value if len(value) <= 80 else value[:80] + "…"
        raise InputError(path, f"{key} {shown!r} is not a web address: only http:// and https:// addresses are "
                               f"accepted", mapping.line)
    return value


def _string(path: Path, mapping: LineDict, key: str, required: bool = False) -> str | None:
    value = mapping.get(key)
    if value is None:
        if required:
            raise InputError(path, f"missing {key!r}", mapping.line)
        return None
    if isinstance(value, (list, dict)):
        raise InputError(path, f"{key!r} must be text, got {type(value).__name__}", mapping.line)
    return str(value)


def _document_from_yaml(path: Path, entry) -> DocumentRecord:
    entry = require_mapping(path, entry, "a document entry")
    unknown = sorted(set(entry) - KEYS)
    if unknown:
        raise InputError(path, f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})",
                         entry.line)
    values = {}
    for fact in FACTS:
        if fact.key == "starts_at":
            continue  # where the document begins in its file, which read_text_file reads
        values[fact.name] = _texts(path, entry, fact.key) if fact.many else \
            _string(path, entry, fact.key, required=fact.required)
    if not _ID.match(values["id"]):
        raise InputError(path, f"document id {values['id']!r} must be lower-case ASCII letters, digits and '-'",
                         entry.line)
    if values["issued_date"] is not None and not _DATE.match(values["issued_date"]):
        raise InputError(path, f"issued_date {values['issued_date']!r} must be YYYY-MM-DD", entry.line)
    values["source_url"] = _source_url(path, entry)
    values["jurisdiction"] = values["jurisdiction"] or NATIONAL_JURISDICTION.get(values["level"])
    return DocumentRecord(**values)


def _texts(path: Path, mapping: LineDict, key: str) -> list[str]:
    value = mapping.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"{key!r} must be a list of text", mapping.line)
    return value


def _line_spans(text: str):
    position = 0
    for raw in text.split("\n"):
        yield position, position + len(raw) + 1  # the line with its newline
        position += len(raw) + 1


def read_text_file(text_path: Path, sidecar_path: Path, data: bytes | None = None,
                   sidecar_text: str | None = None) -> tuple[list[DocumentRecord], SourceRecord]:
    """The documents of one text file, as its sidecar describes them. ``data`` and ``sidecar_text``, when given, are
    the two files' contents (a file about to be written, checked first); else they are read from the paths.
    Raises InputError naming the file and line."""
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
    documents = [_document_from_yaml(sidecar_path, entry) for entry in entries]

    script = _string(sidecar_path, sidecar, "script")
    if script is not None and script not in SCRIPTS:
        raise InputError(sidecar_path, f"script {script!r} must be one of {', '.join(SCRIPTS)}", sidecar.line)
    extracted_from = sidecar.get("extracted_from") or {}
    if not isinstance(extracted_from, dict) or set(extracted_from) - _EXTRACTED_FROM_KEYS:
        raise InputError(sidecar_path, f"extracted_from must be a mapping with keys "
                                       f"{', '.join(sorted(_EXTRACTED_FROM_KEYS))}", sidecar.line)
    file_source_url = _source_url(sidecar_path, sidecar)
    if extracted_from.get("url") is not None:  # where kb add fetched the file from: a web address too
        _source_url(sidecar_path, extracted_from, "url")

    if data is None:
        from .extract.limits import read_input

        data = read_input(text_path)  # a corpus file is held to the input size limit too (issue 23)
    text, encoding = decode_text(text_path, data)
    whole_key = content_key(to_simplified(text) if script == "traditional" else text)

    published = _string(sidecar_path, sidecar, "published")
    stamp_format = _string(sidecar_path, sidecar, "page_stamp_format")
    page_stamp = None
    if published is not None:
        try:
            moment = datetime.fromisoformat(published)
        except ValueError:
            raise InputError(sidecar_path, f"published {published!r} must be YYYY-MM-DD or YYYY-MM-DD HH:MM",
                             sidecar.line) from None
        if stamp_format:
            # The web page's own stamp of this moment is furniture: take its line out of the text.
            wanted = _compact(moment.strftime(stamp_format))
            for start, end in _line_spans(text):
                if _compact(text[start:end]) == wanted:
                    page_stamp = text[start:end].rstrip("\n")
                    text = text[:start] + text[end:]
                    break
            else:
                raise InputError(sidecar_path, f"no line of {text_path.name} is the page stamp "
                                               f"{moment.strftime(stamp_format)!r}", sidecar.line)

    furniture = sidecar.get("furniture") or []
    if not isinstance(furniture, list) or not all(isinstance(f, str) for f in furniture):
        raise InputError(sidecar_path, "furniture must be a list of lines of the text", sidecar.line)
    taken = []
    for wanted_line in furniture:
        # A line of the page's frame (a 时间: 来源: 阅读: line, a breadcrumb) is no part of the document.
        wanted = _compact(to_simplified(wanted_line) if script == "traditional" else wanted_line)
        for start, end in _line_spans(text):
            line = text[start:end]
            if _compact(to_simplified(line) if script == "traditional" else line) == wanted:
                taken.append(line.rstrip("\n"))
                text = text[:start] + text[end:]
                break
        else:
            raise InputError(sidecar_path, f"furniture line {wanted_line!r} is not a line of {text_path.name}",
                             sidecar.line)

    def line_key(line: str) -> str:
        # A traditional text's lines are matched through their simplified reading, as its sidecar is written.
        return _compact(to_simplified(line)) if script == "traditional" else _compact(line)

    starts = [0]
    for entry, document in zip(entries[1:], documents[1:]):
        marker = entry.get("starts_at")
        if not marker:
            raise InputError(sidecar_path, f"document {document.id!r} needs 'starts_at': the first line of its "
                                           f"text in {text_path.name}", entry.line)
        wanted = line_key(marker)
        found = next((s for s, e in _line_spans(text) if s > starts[-1] and line_key(text[s:e]) == wanted), None)
        if found is None:
            raise InputError(sidecar_path, f"starts_at {marker!r} of {document.id!r} is not a line of "
                                           f"{text_path.name} after the previous document", entry.line)
        starts.append(found)
    if entries[0].get("starts_at"):
        wanted = line_key(entries[0]["starts_at"])
        first = next((s for s, e in _line_spans(text) if line_key(text[s:e]) == wanted), None)
        if first is None or text[:first].strip():
            raise InputError(sidecar_path, f"starts_at of {documents[0].id!r} must be the file's first line",
                             entries[0].line)
    bounds = starts + [len(text)]
    for document, start, end in zip(documents, bounds, bounds[1:]):
        document.text = text[start:end]
        document.source_file = text_path.name
        document.published_at = published
        document.source_url = document.source_url or file_source_url
        if not document.text.strip():
            raise InputError(text_path, f"document {document.id!r} has no text", line_of(text, start))
        if script == "traditional":
            # Parsing, tagging and search read the simplified reading; the clauses keep the original beside it.
            reading = read_simplified(document.text)
            document.script, document.original_text = script, document.text
            document.text, document.original_offsets = reading.text, reading.offsets
    source = SourceRecord(file=text_path.name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
                          bytes=len(data), published_at=published, page_stamp=page_stamp, script=script,
                          furniture="\n".join(taken) or None,
                          extracted_from_file=extracted_from.get("file"),
                          extracted_from_format=extracted_from.get("format"),
                          extracted_from_sha256=extracted_from.get("sha256"), content_sha256=whole_key,
                          body_sha256=content_key("".join(d.text for d in documents)))
    return documents, source


def read_references(path: Path) -> list[DocumentRecord]:
    data = require_mapping(path, load_yaml(path), "references.yml")
    entries = data.get("documents")
    if not isinstance(entries, list):
        raise InputError(path, "'documents' must be a list", data.line)
    documents = []
    for entry in entries:
        if isinstance(entry, dict) and "starts_at" in entry:
            raise InputError(path, "a reference has no text, so no 'starts_at'", entry.line)
        documents.append(_document_from_yaml(path, entry))
    return documents


def text_paths(corpus_dir: Path) -> list[Path]:
    """The corpus's text files, in name order (hidden files, such as a writer's temp files, left out)."""
    corpus_dir = Path(corpus_dir)
    # scandir's entries know their type without a stat per file: a 40,000-file corpus is listed in milliseconds.
    with os.scandir(corpus_dir) as entries:
        names = [e.name for e in entries if os.path.splitext(e.name)[1] in TEXT_SUFFIXES and e.name != "README.md"
                 and not e.name.startswith(".") and e.is_file()]
    return [corpus_dir / name for name in sorted(names)]


def orphan_sidecars(corpus_dir: Path, paths: list[Path]) -> list[InputError]:
    stems = {p.stem for p in paths}
    return [InputError(s, "sidecar without a text file of the same name")
            for s in sorted(Path(corpus_dir).glob("*.yml")) if s.name != REFERENCES_FILE and s.stem not in stems]


def read_corpus(corpus_dir: Path, strict: bool = False) -> Corpus:
    """Every document of the corpus. Bad files are reported in ``problems`` and skipped (``strict``: raised)."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise InputError(corpus_dir, "corpus directory not found")
    documents: list[DocumentRecord] = []
    sources: list[SourceRecord] = []
    problems: list[InputError] = []
    notices: list[str] = []

    def problem(error: InputError):
        if strict:
            raise error
        problems.append(error)

    paths = text_paths(corpus_dir)
    for error in orphan_sidecars(corpus_dir, paths):
        problem(error)
    for text_path in paths:
        try:
            file_documents, source = read_text_file(text_path, text_path.with_suffix(".yml"))
        except InputError as error:
            problem(error)
            continue
        if source.encoding not in ("utf-8", "utf-8-sig"):
            notices.append(f"{text_path}: decoded as {source.encoding.upper()}, not UTF-8")
        documents.extend(file_documents)
        sources.append(source)

    references_path = corpus_dir / REFERENCES_FILE
    if references_path.exists():
        try:
            references = read_references(references_path)
        except InputError as error:
            problem(error)
            references = []
        documents.extend(references)

    seen: dict[str, DocumentRecord] = {}
    kept = []
    for document in documents:
        if document.id in seen:
            where = document.source_file or REFERENCES_FILE
            problem(InputError(corpus_dir / where, f"document id {document.id!r} is used twice "
                                                   f"(also in {seen[document.id].source_file or REFERENCES_FILE})"))
            continue
        seen[document.id] = document
        kept.append(document)
    for document in kept:
        if document.parent_id and document.parent_id not in seen:
            problem(InputError(corpus_dir / (document.source_file or REFERENCES_FILE),
                               f"document {document.id!r} names parent {document.parent_id!r}, "
                               f"which is not in the corpus"))
            document.parent_id = None
    return Corpus(documents=kept, sources=sources, problems=problems, notices=notices)
