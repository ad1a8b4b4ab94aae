"""Text out of the files people actually receive: saved web pages, Word files, PDFs, pasted text.

Each format has its own module with one ``extract(path, data) -> Extracted``; ``extract_file`` picks it by suffix.
Every extractor returns the document as lines, one paragraph (or one table row) a line, in the original
characters; ``facts`` holds metadata the file carries outside its text (a web page's <meta> tags and information
table, a Word file's properties), which kb.metadata weighs below what the text itself says."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .common import Extracted, lines_to_text
from .limits import read_input

SUFFIXES = {".txt": "plain", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".shtml": "html", ".docx": "docx", ".pdf": "pdf"}


def extract_file(path: Path, encoding: str | None = None, max_bytes: int | None = None) -> Extracted:
    """The text and facts of the file at ``path``, by its suffix. ``encoding``: a web page's encoding when it is
    known from outside the file (the HTTP header of a fetched page); else the page's own <meta>, or detection.
    ``max_bytes``: the largest file read (default: kb.extract.limits.KB_MAX_FILE_MB), refused by its size before
    it is read. Raises InputError naming the file and the cause."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        hint = " (save a .doc or .wps file as .docx first)" if path.suffix.lower() in (".doc", ".wps") else ""
        raise InputError(path, f"unsupported file type {path.suffix or '(no suffix)'!r}{hint}; "
                               f"kb add reads {', '.join(sorted(SUFFIXES))}")
    if not path.is_file():
        # www.example.gov.cn/… or 127.0.0.1:8000/… typed without its scheme
        looks_like_address = re.match(r"(www\.|[\w-]+(\.[\w-]+)+(:\d+)?/)", str(path))
        raise InputError(path, "file not found" + (" (a web address needs http:// or https:// in front)"
                                                   if looks_like_address else ""))
    data = read_input(path, max_bytes)
    if not data.strip():
        raise InputError(path, "empty file")
    if kind in ("plain", "markdown"):
        from .plain import extract
    elif kind == "html":
        from .html import extract
    elif kind == "docx":
        from .docx import extract
    else:
        from .pdf import extract
    extracted = extract(path, data, encoding) if kind == "html" else extract(path, data)
    if not extracted.text.strip():
        raise InputError(path, f"no text found in this {kind} file")
    return extracted


__all__ = ["Extracted", "extract_file", "lines_to_text", "SUFFIXES"]
