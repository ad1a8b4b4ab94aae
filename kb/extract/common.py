"""What every extractor returns, and the one way lines become the normalised text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CELL_SEPARATOR = "\u3000"  # a table row is one line, its cells joined by an ideographic space
_EDGE_SPACE = " \t\r\u00a0\u3000\ufeff\u200b\u2002\u2003\u2009"


@dataclass
class Extracted:
    """What an extractor read of a file at ``path``: its ``format``, its ``text`` (one paragraph or table row a
    line, in the original characters), the ``encoding`` of a text or web page, the ``facts`` the file carries
    outside its text (kb.metadata weighs them below the text's own) and ``notes`` for the user."""

    path: Path
    format: str  # plain, markdown, html, docx, pdf
    text: str  # one paragraph or table row a line, original characters
    encoding: str | None = None
    facts: dict = field(default_factory=dict)  # title / doc_number / issuer / issued_date / published_at
    notes: list[str] = field(default_factory=list)


def clean_line(line: str) -> str:
    """A line without the spaces at its edges (ASCII, no-break, ideographic, zero-width and BOM)."""
    return line.strip(_EDGE_SPACE)


def lines_to_text(lines) -> str:
    """Lines stripped of edge spaces, blank ones dropped, each ended by a newline."""
    kept = [clean_line(line) for line in lines]
    return "".join(f"{line}\n" for line in kept if line)


def row_line(cells) -> str:
    """A table row as one line: its cells in order (a merged cell given once by the caller), an empty cell kept
    as an empty place between separators so that columns stay where the header puts them."""
    texts = [re.sub(r"\s*\n\s*", "", clean_line(cell)) for cell in cells]
    while texts and not texts[-1]:
        texts.pop()
    return CELL_SEPARATOR.join(texts)


_SENTENCE_END = tuple("。;；!！?？")


def cell_text(paragraphs) -> str:
    """A table cell's text from its paragraphs. Paragraphs that are each a short name (one unit a line, as
    分工表 cells list 市财政局 / 市地方金融监管局) are a list, joined by 、; other paragraphs run on."""
    parts = [p.strip() for p in paragraphs if p and p.strip()]
    is_list = len(parts) > 1 and all(len(p) <= 30 and not p.endswith(_SENTENCE_END) and "、" not in p[-1:]
                                     for p in parts)
    if is_list:
        return "、".join(parts)
    # Paragraphs run on, but never into one another: one that does not end a sentence keeps a space after it.
    return "".join(p + ("" if p.endswith(_SENTENCE_END) or n == len(parts) - 1 else " ")
                   for n, p in enumerate(parts))
