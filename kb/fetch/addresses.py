"""Web addresses and sizes as kb reads them: an address or a file path, an address as kb records it, a size as
a user writes it (50MB, 500K)."""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit


def recorded_address(url: str) -> str:
    """``url`` as kb writes it into a sidecar and the KB: without a user name and password (http://user:pass@…)
    and without a #fragment, which belong to the reader, not to the document's address."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=host, fragment="").geturl()


def is_url(text: str) -> bool:
    """True for an http:// or https:// address with a host; False for file paths and everything else."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def parse_size(text: str | int) -> int:
    """A size as a number of bytes: ``52428800``, ``"50M"``, ``"50 MB"``, ``"2G"``, ``"512k"`` (K, M, G are
    binary: 1024, 1024², 1024³). Raises ValueError for anything else, or for a size under 1 byte."""
    if isinstance(text, int):
        number = text
    else:
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", str(text), re.I)
        if not found:
            raise ValueError(f"not a size: {text!r} (write it as 50M, 500K, 2G or a number of bytes)")
        number = int(float(found[1]) * _SIZE_UNITS[found[2].lower()])
    if number < 1:
        raise ValueError(f"a size of at least 1 byte is needed, not {text!r}")
    return number


_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


def format_size(size: int) -> str:
    """``52428800`` → ``"50 MB"``, ``1536`` → ``"1.5 KB"``, ``100`` → ``"100 bytes"``."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"




def path_suffix(address: str) -> str:
    """The lower-case suffix of an address's path (".pdf"), read unquoted; "" for none."""
    return PurePosixPath(unquote(urlsplit(address).path)).suffix.lower()
