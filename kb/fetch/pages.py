"""A fetched web page read as a browser reads it: its text in the right encoding (Chinese sites label GBK pages
gb2312, or nothing at all), and the files it links to as attachments."""
from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from .addresses import path_suffix

ATTACHMENT_SUFFIXES = (".docx", ".pdf", ".wps", ".doc", ".xls", ".xlsx", ".zip")
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# Labels browsers accept that Python's codec registry does not.
_WEB_LABELS = {"x-gbk": "gbk", "windows-936": "gbk", "x-euc-cn": "gb2312", "x-gb18030": "gb18030"}


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, GB2312/GBK widened to GB18030; None for an unknown label."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_WEB_LABELS.get(label, label)).name
    except LookupError:
        return None
    # Sites label GBK (and GB18030) pages "gb2312"; GB18030 is a superset of both, so it reads them all.
    return "gb18030" if name in ("gb2312", "gbk") else name


def decode_html(data: bytes, header_charset: str | None) -> tuple[str, str]:
    """A web page's bytes as text: returns ``(text, codec name)``, e.g. ``("<html>…", "gb18030")``.

    The encoding is, in order: a UTF-8 byte-order mark; the HTTP header's charset; the page's own
    ``<meta charset=…>`` or ``<meta http-equiv="Content-Type" content="…; charset=…">`` (first 4 KB); detection by
    charset_normalizer; UTF-8. GB2312 and GBK labels are read as GB18030. A label Python does not know, or one the
    bytes do not decode in (more than one bad character per thousand non-ASCII bytes), falls through to the next
    source; when nothing fits, the first known label (or UTF-8) is used with U+FFFD for the bad bytes. Never
    raises."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8"
    candidates = [_codec(header_charset)]
    meta = _META_CHARSET.search(data[:4096])
    candidates.append(_codec(meta[1].decode("ascii", "replace")) if meta else None)
    candidates = [c for c in candidates if c]
    # Measured against the bytes that are not ASCII (the Chinese text), not the whole page: 300 KB of inline
    # script must not hide a GBK article read as UTF-8.
    non_ascii = len(data.translate(None, bytes(range(128))))
    for codec in candidates:
        text = data.decode(codec, errors="replace")
        # A stray bad byte does not make a page's declared encoding wrong; a page full of them does.
        if text.count("\ufffd") <= max(1, non_ascii // 1000):
            return text, codec
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
    except Exception:  # detection is a guess; its failure is no reason to fail the page
        best = None
    detected = _codec(best.encoding) if best is not None else None
    if detected:
        try:
            return data.decode(detected), detected
        except UnicodeDecodeError:
            candidates.append(detected)
    fallback = candidates[0] if candidates else "utf-8"
    return data.decode(fallback, errors="replace"), fallback


def attachment_links(html: str, base_url: str) -> list[tuple[str, str, str]]:
    """Links on a page to attached files: ``(link text, absolute url, suffix)`` for each ``<a href>`` whose path
    ends in .docx, .pdf, .wps, .doc, .xls, .xlsx or .zip (any case), in page order, each URL once. ``suffix`` is
    lower case with its dot (".docx"). The link text is the anchor's text with whitespace collapsed, or the file
    name when the anchor has none. Relative links are resolved against the page's ``<base href>`` or ``base_url``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    base = soup.find("base", href=True)
    if base is not None:
        base_url = urljoin(base_url, base["href"].strip())
    links, seen = [], set()
    for anchor in soup.find_all("a", href=True):
        address = urljoin(base_url, anchor["href"].strip())
        if urlsplit(address).scheme.lower() not in ("http", "https") or address in seen:
            continue
        suffix = path_suffix(address)
        if suffix not in ATTACHMENT_SUFFIXES:
            continue
        seen.add(address)
        text = " ".join(anchor.get_text(" ").split()) or PurePosixPath(unquote(urlsplit(address).path)).name
        links.append((text, address, suffix))
    return links


# Attachments kb reads; the others (.wps, .doc, .xls …) are named to the user, who saves them as .docx first.
