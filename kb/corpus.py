"""The corpus: its records (a document, a source file), its document entries and references.yml, its files.

A corpus directory holds text files (.txt, .md), each with a sidecar of the same name ending in .yml that says
which documents the file holds and their facts, and ``references.yml``, the documents that are cited but whose
text we do not have. The text files are never changed; metadata lives only in the sidecars. kb.corpus_reader
reads them.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .dates import is_iso_date
from .errors import InputError
from .facts import FACTS, KEYS
from .ids import is_document_id
from .yamlfile import LineDict, load_yaml, require_mapping

TEXT_SUFFIXES = (".txt", ".md")
REFERENCES_FILE = "references.yml"
# A national document speaks of the national departments unless its sidecar names another jurisdiction.
NATIONAL_JURISDICTION = {"国家": "全国"}


@dataclass
class DocumentRecord:
    """A document of the corpus, as the ``documents`` table holds it: its facts (kb.facts), the file it is in (None:
    a references.yml entry, whose text is not in the corpus) and its ``text``. A traditional text is read through
    its simplified reading: ``text`` is that reading, ``original_text`` the text as printed, and
    ``original_offsets`` maps character offsets of one to the other."""

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
    implements: list[str] = field(default_factory=list)  # ids of the documents it carries down (kb.align)
    text: str | None = None  # None: the text is not in the corpus (a reference)
    script: str | None = None  # traditional: ``text`` is the simplified reading of ``original_text``
    original_text: str | None = None
    original_offsets: tuple[int, ...] | None = None  # text[i:j] stands for original_text[offsets[i]:offsets[j]]

    @property
    def text_available(self) -> bool:
        """Whether the corpus holds its text (a references.yml entry does not)."""
        return self.text is not None

    @property
    def sha256(self) -> str | None:
        """The hex SHA-256 of its text in UTF-8; None without text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest() if self.text is not None else None


@dataclass
class SourceRecord:
    """A text file of the corpus, as the ``sources`` table holds it: its name, the SHA-256, encoding and size in
    bytes of its data, when its page was ``published`` (YYYY-MM-DD[ HH:MM]), the page furniture taken out of its
    text, its script, the original it was extracted from, and the content keys ``kb add`` refuses a second copy
    by."""

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
    """What kb.corpus_reader read of a corpus: the ``documents`` and ``sources`` kept, the ``problems`` of what it
    left out (InputError, each naming its file), and ``notices`` (a file in another encoding than UTF-8)."""

    documents: list[DocumentRecord]
    sources: list[SourceRecord]
    problems: list[InputError]
    notices: list[str]


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


def source_url_of(path: Path, mapping: LineDict, key: str = "source_url") -> str | None:
    """A ``source_url`` (or another address) of a sidecar or references.yml: an http(s) address, else an
    InputError naming the file and line."""
    value = text_of(path, mapping, key)
    if value is not None and web_address(value) is None:
        shown = value if len(value) <= 80 else value[:80] + "…"
        raise InputError(path, f"{key} {shown!r} is not a web address: only http:// and https:// addresses are "
                               f"accepted", mapping.line)
    return value


def text_of(path: Path, mapping: LineDict, key: str, required: bool = False) -> str | None:
    """The text of ``key`` in a YAML mapping of ``path`` (a number is read as its text); None when it is not
    there. Raises InputError naming the file and line for a list or mapping, or a ``required`` key missing."""
    value = mapping.get(key)
    if value is None:
        if required:
            raise InputError(path, f"missing {key!r}", mapping.line)
        return None
    if isinstance(value, (list, dict)):
        raise InputError(path, f"{key!r} must be text, got {type(value).__name__}", mapping.line)
    return str(value)


def document_from_yaml(path: Path, entry) -> DocumentRecord:
    """The DocumentRecord of a document entry of a sidecar or references.yml (``path``), its keys those of
    kb.facts. Raises InputError naming the file and line for an unknown key, a missing id or title, an id that is
    not lower-case ASCII, a date that is not YYYY-MM-DD, a source_url that is no http(s) address."""
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
            text_of(path, entry, fact.key, required=fact.required)
    if not is_document_id(values["id"]):
        raise InputError(path, f"document id {values['id']!r} must be lower-case ASCII letters, digits and '-'",
                         entry.line)
    if values["issued_date"] is not None and not is_iso_date(values["issued_date"]):
        raise InputError(path, f"issued_date {values['issued_date']!r} must be a day that exists, written "
                               f"YYYY-MM-DD", entry.line)
    values["source_url"] = source_url_of(path, entry)
    values["jurisdiction"] = values["jurisdiction"] or NATIONAL_JURISDICTION.get(values["level"])
    return DocumentRecord(**values)


def _texts(path: Path, mapping: LineDict, key: str) -> list[str]:
    value = mapping.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"{key!r} must be a list of text", mapping.line)
    return value


def read_references(path: Path) -> list[DocumentRecord]:
    """The entries of a references.yml (documents registered by their facts, without text). Raises InputError
    naming the file and line."""
    data = require_mapping(path, load_yaml(path), "references.yml")
    entries = data.get("documents")
    if not isinstance(entries, list):
        raise InputError(path, "'documents' must be a list", data.line)
    documents = []
    for entry in entries:
        if isinstance(entry, dict) and "starts_at" in entry:
            raise InputError(path, "a reference has no text, so no 'starts_at'", entry.line)
        documents.append(document_from_yaml(path, entry))
    return documents


def references_of(corpus_dir: Path) -> list[DocumentRecord]:
    """The references.yml entries of a corpus ([] when it has no references.yml). Raises InputError."""
    path = Path(corpus_dir) / REFERENCES_FILE
    return read_references(path) if path.exists() else []


def text_paths(corpus_dir: Path) -> list[Path]:
    """The corpus's text files, in name order (hidden files, such as a writer's temp files, left out)."""
    corpus_dir = Path(corpus_dir)
    # scandir's entries know their type without a stat per file: a 40,000-file corpus is listed in milliseconds.
    with os.scandir(corpus_dir) as entries:
        names = [e.name for e in entries if os.path.splitext(e.name)[1] in TEXT_SUFFIXES and e.name != "README.md"
                 and not e.name.startswith(".") and e.is_file()]
    return [corpus_dir / name for name in sorted(names)]


