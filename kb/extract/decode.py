"""Decoding a text file's bytes (a corpus file, a pasted or saved text): UTF-8 first, then GB18030 (a superset
of GBK), with one-line errors that name the file, the byte and its line."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError

MAX_LINE_CHARS = 100_000  # the plan's longest paragraph is under 1,000
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # control characters other than \t \n \v \f \r


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
    """The 1-based line of a byte offset of ``data``."""
    return data.count(b"\n", 0, offset) + 1
