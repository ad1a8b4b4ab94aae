"""What every extractor returns, and the one way lines become the normalised text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CELL_SEPARATOR = "\u3000"  # a table row is one line, its cells joined by an ideographic space
_EDGE_SPACE = " \t\r\u00a0\u3000\ufeff\u200b\u2002\u2003\u2009"


@dataclass
class Extracted:
    path: Path
    format: str  # plain, markdown, html, docx, pdf
    text: str  # one paragraph or table row a line, original characters
    encoding: str | None = None
    facts: dict = field(default_factory=dict)  # title / doc_number / issuer / issued_date / published_at
    notes: list[str] = field(default_factory=list)


def clean_line(line: str) -> str:
    return line.strip(_EDGE_SPACE)


def lines_to_text(lines) -> str:
    """Lines stripped of edge spaces, blank ones dropped, each ended by a newline."""
    kept = [clean_line(line) for line in lines]
    return "".join(f"{line}\n" for line in kept if line)


def row_line(cells) -> str:
    """A table row as one line: its non-empty cells in order (a merged cell given once by the caller)."""
    texts = (re.sub(r"\s*\n\s*", "", clean_line(cell)) for cell in cells)
    return CELL_SEPARATOR.join(t for t in texts if t)
