"""Traditional characters read as simplified (OpenCC), one character for one, so offsets carry over.

A document in traditional characters is kept as it came; parsing, tagging and search see its simplified
reading, which has exactly the same length, and the clauses keep the original text beside it."""
from __future__ import annotations

import re
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff]")
# A text is traditional when this share of its Han characters change under t2s (simplified text changes at 0%;
# a few characters such as 著 or 乾 are shared, so the threshold stays well above 0).
TRADITIONAL_SHARE = 0.03


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _simplified_char(ch: str) -> str:
    converted = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


def to_simplified(text: str) -> str:
    """The simplified reading of ``text``, of the same length: OpenCC's phrase conversion where it keeps the
    length, character by character otherwise."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_simplified_char(ch) for ch in text)


def traditional_share(text: str) -> float:
    han = _HAN.findall(text)
    if not han:
        return 0.0
    converted = to_simplified("".join(han))
    return sum(a != b for a, b in zip(han, converted)) / len(han)


def is_traditional(text: str) -> bool:
    return traditional_share(text) >= TRADITIONAL_SHARE
