"""The parsing view of a text: one character for one character, so offsets carry over.

Parsing sees ASCII digits and punctuation and plain spaces; storage and display keep the original characters.
Because the view has exactly the same length as the original, every offset found in the view is an offset into
the original text.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Full-width ASCII variants (U+FF01..U+FF5E) map to ASCII by a fixed distance.
_FULLWIDTH_OFFSET = 0xFF01 - 0x21

_SPACES = {
    "\u00a0": " ",  # no-break space, common in text copied from web pages
    "\u3000": " ",  # ideographic space
    "\ufeff": " ",  # byte order mark / zero-width no-break space
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": " ",
    "\r": " ",  # CR of CRLF: the LF still ends the line
    "\t": " ",
}


def _view_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - _FULLWIDTH_OFFSET)
    return _SPACES.get(ch, ch)


_TABLE = {code: _view_char(chr(code)) for code in list(range(0xFF01, 0xFF5F)) + [ord(c) for c in _SPACES]}


@lru_cache(maxsize=8192)  # the segmenter, tagger, target reader and citation reader all view the same clause
def parsing_view(text: str) -> str:
    """The text as the parsers see it; same length as ``text``."""
    return text.translate(_TABLE)


def unbracketed(text: str) -> str:
    """``text`` stripped, and without one pair of brackets around all of it: (苏政发〔2009〕1号) → 苏政发〔2009〕1号,
    【 x 】 → x. Read by string ends, not by a pattern: a pattern with spaces on both sides of a lazy middle
    backtracks cubically on a line of one bracket and many spaces."""
    view = text.strip()
    if len(view) >= 2 and view[0] in "(（[【" and view[-1] in ")）]】":
        return view[1:-1].strip()
    return view


# A run of spaces longer than this reads as this many: no reading tells 8 spaces from 1,600, and end-anchored
# patterns with optional spaces (…\s*-\s*…网$) take time that grows with the square or the cube of a run.
SPACE_RUN_MAX = 8
_LONG_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009]{%d,}" % (SPACE_RUN_MAX + 1))


def short_space_runs(text: str) -> str:
    """``text`` with every run of more than ``SPACE_RUN_MAX`` spaces cut to its first ``SPACE_RUN_MAX``."""
    return _LONG_SPACE_RUN.sub(lambda m: m.group()[:SPACE_RUN_MAX], text)


# Pinyin some pages print after a character as a reading aid (乡(xiāng)村, 达（dá）到): no part of any name, fact or
# figure. A gloss follows a Han character and carries a tone mark, so (a) or (tc) in a text is no gloss. Content
# farms print more: labelled readings and forms in any bracket (治[读:zhì], 应《繁:應》, 府[pinyin:fǔ], 织{繁体:織}),
# a reading in 《》 (按《àn》), or a bare syllable glued to the character (管理lǐ 协调). (A space may stand inside the
# brackets: 會(huì ).)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = f"(?=[a-zü]*[{_TONED}])[a-z{_TONED}ü]{{1,7}}"
GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])(?:"
                   rf"[(（] ?{_SYLLABLE} ?[)）]"
                   r"|[(（\[【{《〔]\s*(?:拼音|pinyin|读音|读|練|练|繁体|繁體|繁)\s*[:：]\s*"
                   rf"(?:[a-z{_TONED}ü]{{1,7}}|[\u4e00-\u9fff]{{1,2}})\s*[)）\]】}}》〕]"
                   rf"|《{_SYLLABLE}》"
                   rf"|{_SYLLABLE} ?(?=[\u4e00-\u9fff]))")
# (Every gloss holds a tone mark or a reading's label: most texts, which hold neither, are not searched further.)
_GLOSS_HINT = re.compile(rf"[{_TONED}]|(?:拼音|pinyin|读音|读|練|练|繁体|繁體|繁)\s*[:：]")


def without_glosses(text: str) -> str:
    """``text`` without the pinyin glosses a page printed in it (市住房和城乡(xiāng)建设委 → 市住房和城乡建设委)."""
    return GLOSS.sub("", text) if _GLOSS_HINT.search(text) else text


def gloss_kept(text: str) -> list[int] | None:
    """The positions of ``text`` that are no pinyin gloss, in order (``"".join(text[i] for i in kept)`` is the text
    without its glosses), or None when it has none; for reading a text without them and mapping positions back."""
    glosses = [m.span() for m in GLOSS.finditer(text)] if _GLOSS_HINT.search(text) else []
    if not glosses:
        return None
    kept, position = [], 0
    for start, end in glosses:
        kept.extend(range(position, start))
        position = end
    kept.extend(range(position, len(text)))
    return kept


def content_key(text: str) -> str:
    """What makes two texts the same content, whatever their file format: the SHA-256 of the compact text
    (width and whitespace ignored). Callers pass the simplified reading of a traditional text."""
    import hashlib

    return hashlib.sha256(compact(text).encode("utf-8")).hexdigest()


def compact(text: str) -> str:
    """The parsing view without any whitespace: how lines and titles are compared."""
    return "".join(parsing_view(text).split())
