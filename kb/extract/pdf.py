"""PDFs with a text layer: lines in reading order, running headers, footers and page numbers dropped, and lines
that the page layout broke joined back into their paragraphs.

A line ends its paragraph when it stops short of the right margin, or when the next line starts indented (the
two-character indent of a Chinese paragraph) or centred. A PDF with no text on any page is a scan, and is refused
with a message saying so."""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .common import Extracted, clean_line, lines_to_text

_PAGE_NUMBER = re.compile(r"[-—–－\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d+\s*页)?[-—–－\s]*")
_BAND = 0.1  # headers and footers live in the top and bottom tenth of a page


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    height: float


def _page_lines(path: Path, data: bytes):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), start=1):
            lines = []

            def collect(element):
                if isinstance(element, LTTextLine):
                    text = clean_line(element.get_text().replace("\n", ""))
                    if text:
                        lines.append(_Line(number, text, element.x0, element.x1, page.height - element.y1,
                                           element.height))
                elif isinstance(element, LTTextContainer) or hasattr(element, "__iter__"):
                    for child in element:
                        collect(child)

            for element in page:
                collect(element)
            lines.sort(key=lambda line: (round(line.top), line.x0))
            pages.append((page.width, page.height, lines))
    except PDFPasswordIncorrect:
        raise InputError(path, "the PDF is encrypted with a password; save an unprotected copy and add that") from None
    except (PDFSyntaxError, PSException) as exc:
        raise InputError(path, f"not a readable PDF ({exc.__class__.__name__}: {exc})") from None
    return pages


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s", "", text))


def _without_furniture(pages) -> list[_Line]:
    """Body lines of every page: page numbers and lines repeated in the same band on most pages are left out."""
    banded = Counter()
    for width, height, lines in pages:
        keys = {(_furniture_key(l.text), l.top < height * _BAND) for l in lines
                if l.top < height * _BAND or l.top > height * (1 - _BAND)}
        banded.update(keys)
    repeated = {key for key, count in banded.items() if len(pages) >= 2 and count >= max(2, len(pages) // 2 + 1)}
    body = []
    for width, height, lines in pages:
        for line in lines:
            in_band = line.top < height * _BAND or line.top > height * (1 - _BAND)
            if in_band and (_PAGE_NUMBER.fullmatch(line.text) or
                            (_furniture_key(line.text), line.top < height * _BAND) in repeated):
                continue
            body.append(line)
    return body


def _paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    left = Counter(round(l.x0) for l in lines).most_common(1)[0][0]
    right = max(l.x1 for l in lines)
    size = Counter(round(l.height) for l in lines).most_common(1)[0][0] or 10
    paragraphs, current = [], ""
    for line, following in zip(lines, lines[1:] + [None]):
        current = current + (" " if current[-1:].isascii() and current[-1:].isalnum()
                             and line.text[:1].isascii() and line.text[:1].isalnum() else "") + line.text
        reaches_right = line.x1 >= right - size * 1.5
        if following is None:
            paragraphs.append(current)
            break
        follows_indented = following.x0 > left + size * 0.8
        if not reaches_right or follows_indented or _PAGE_NUMBER.fullmatch(following.text):
            paragraphs.append(current)
            current = ""
    return paragraphs


_UNMAPPED = re.compile(r"\(cid:\d+\)")


def extract(path: Path, data: bytes) -> Extracted:
    """The text of a PDF's text layer (``data``, the bytes of ``path``): running headers and page numbers
    dropped, lines broken by the layout joined. Raises InputError for a file that is no PDF, a scanned PDF (no
    text layer: it needs OCR) or glyphs that map to no characters."""
    if not data.startswith(b"%PDF"):
        raise InputError(path, "not a PDF file (it does not start with %PDF)")
    pages = _page_lines(path, data)  # the bytes read (and size-checked), not the file again
    if not pages:
        raise InputError(path, "the PDF has no pages")
    empty = [n for n, (_, _, lines) in enumerate(pages, start=1) if not lines]
    if len(empty) == len(pages):
        raise InputError(path, f"scanned PDF: no text layer on any of its {len(pages)} page(s), so there is no "
                               f"text to read; run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) and "
                               f"add the result")
    glyphs = sum(len(_UNMAPPED.findall(line.text)) for _, _, lines in pages for line in lines)
    characters = sum(len(_UNMAPPED.sub("", line.text).strip()) for _, _, lines in pages for line in lines)
    if glyphs and glyphs >= characters * 0.05:
        # pdfminer writes (cid:4097) for a glyph whose font has no map back to Unicode: no text to read.
        raise InputError(path, f"no usable text layer: {glyphs} of its glyphs have no Unicode mapping in their "
                               f"fonts (pdfminer reads them as (cid:…)); export the PDF again with embedded "
                               f"Unicode fonts, get the Word or web version, or run OCR on it")
    notes = []
    if empty:
        notes.append(f"{path}: page(s) {', '.join(map(str, empty))} have no text layer (scanned?) and are left out")
    text = lines_to_text(_paragraphs(_without_furniture(pages)))
    return Extracted(path=path, format="pdf", text=text, notes=notes)
