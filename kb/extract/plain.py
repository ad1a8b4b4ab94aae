"""Pasted or saved text: .txt and .md in UTF-8 (with or without BOM), UTF-16 or GB18030/GBK."""
from __future__ import annotations

import re
from pathlib import Path

from .common import Extracted, lines_to_text
from .decode import decode_text

_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def extract(path: Path, data: bytes) -> Extracted:
    """The text of a .txt or .md file (``data``, its bytes), decoded (kb.extract.decode); Markdown's heading,
    quote, list and emphasis marks and rules dropped. Raises InputError for bytes that are no text."""
    text, encoding = decode_text(path, data)
    lines = text.splitlines()
    kind = "plain"
    if path.suffix.lower() in (".md", ".markdown"):
        kind = "markdown"
        lines = [_MARKDOWN_EMPHASIS.sub(r"\2", _MARKDOWN_PREFIX.sub("", line)) for line in lines
                 if not re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", line)]
    return Extracted(path=path, format=kind, text=lines_to_text(lines), encoding=encoding)
