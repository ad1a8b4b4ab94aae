"""Traditional characters read as simplified (OpenCC), phrase by phrase, with an explicit map of offsets.

A document in traditional characters is kept as it came; parsing, tagging and search see its simplified reading.
The reading is made at phrase level with OpenCC's tables (variants and phrases: 著眼 → 着眼; Taiwan vocabulary:
網際網路 → 互联网, 入口網站 → 门户网站, 程式 → 程序), so it may be shorter or longer than the original; ``Reading.offsets``
maps every position of the reading back to the original, and the clauses keep the original text beside it.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import gloss_kept

_HAN = re.compile(r"[\u3400-\u9fff]")
# A text is traditional when this share of its Han characters change under t2s (simplified text changes at 0%;
# a few characters such as 著 or 乾 are shared, so the threshold stays well above 0).
TRADITIONAL_SHARE = 0.03
# Character variants and phrases (著眼 → 着眼, 看著 → 看着) come from OpenCC's tw2s. Taiwan vocabulary (網際網路 →
# 互联网, 入口網站 → 门户网站, 數位 → 数字) comes from OpenCC's TWPhrasesRev, but not for a word that is also a
# common mainland word (建立, 核心, 新增, 文件, 複製: the table would rewrite it as computing jargon, 创建, 内核,
# 添加, 文档, 拷贝): one whose simplified form jieba's dictionary counts MAINLAND_WORD_FREQ times or more. These
# common words are Taiwan vocabulary all the same in a traditional text:
MAINLAND_WORD_FREQ = 100
COMMON_TAIWAN_WORDS = {"程式": "程序", "人工智慧": "人工智能", "部落格": "博客", "奈米": "纳米", "伺服器": "服务器",
                       "晶片": "芯片", "演算法": "算法"}
VARIANTS_CONFIG = "tw2s"


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def _taiwan_words() -> tuple[dict[str, str], re.Pattern]:
    """Taiwan word → mainland word (simplified), and a pattern finding them, longest first."""
    from pathlib import Path

    import opencc

    from .segmenter import jieba  # jieba with its start-up log silenced

    jieba.initialize()
    table = dict(COMMON_TAIWAN_WORDS)
    path = Path(opencc.__file__).parent / "dictionary" / "TWPhrasesRev.txt"
    t2s = _converter("t2s")
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and targets and jieba.dt.FREQ.get(t2s.convert(source), 0) < MAINLAND_WORD_FREQ:
            table.setdefault(source, t2s.convert(targets.split()[0]))
    pattern = re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))
    return table, pattern


@lru_cache(maxsize=65536)
def _simplified_char(ch: str) -> str:
    converted = _converter("t2s").convert(ch)
    return converted if len(converted) == 1 else ch


def _by_character(text: str) -> str:
    """The character-for-character reading (same length): how a text is judged traditional, and the bridge
    between an original line and its phrase reading."""
    return "".join(_simplified_char(ch) for ch in text)


@dataclass(frozen=True)
class Reading:
    """A simplified reading: ``text``, and ``offsets`` (len(text) + 1 positions into the original): the reading's
    text[i:j] stands for original[offsets[i]:offsets[j]]."""

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) in the original of the reading's text[start:end] (0 <= start <= end <= len(text));
        IndexError past the end."""
        return self.offsets[start], self.offsets[end]


def read_simplified(original: str) -> Reading:
    """The phrase-level simplified reading of ``original`` with its offset map, without pinyin glosses. A Taiwan
    word maps to the whole original word (its first character at the word's start); elsewhere OpenCC's tw2s reads
    runs of text, and where one of its phrases changes length the run is aligned with its character-for-character
    reading (difflib)."""
    words, pattern = _taiwan_words()
    pieces: list[str] = []
    offsets: list[int] = []

    def run(start: int, end: int):
        text = original[start:end]
        converted = _converter(VARIANTS_CONFIG).convert(text)
        if len(converted) == len(text):
            offsets.extend(range(start, end))
        else:
            offsets.extend(start + i for i in _aligned(_by_character(text), converted))
        pieces.append(converted)

    position = 0
    for match in pattern.finditer(original):
        run(position, match.start())
        replacement = words[match.group()]
        offsets.extend(min(match.start() + k, match.end() - 1) for k in range(len(replacement)))
        pieces.append(replacement)
        position = match.end()
    run(position, len(original))
    offsets.append(len(original))
    return _without_glosses("".join(pieces), offsets)


def _without_glosses(text: str, offsets: list[int]) -> Reading:
    """The reading without the pinyin glosses a mirror site prints after characters (區(qū) → 区): they are no part
    of what the page says, and they break the words, labels and table cells they stand in. Each kept character
    keeps its offset, so a clause's original text still holds the glosses it spans."""
    kept = gloss_kept(text)
    if kept is None:
        return Reading(text, tuple(offsets))
    return Reading("".join(text[i] for i in kept), tuple(offsets[i] for i in kept) + (offsets[-1],))


def _aligned(bridge: str, converted: str) -> list[int]:
    """For each character of ``converted``, its position in ``bridge`` (which has the original's length)."""
    positions: list[int] = []
    matcher = difflib.SequenceMatcher(None, bridge, converted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            positions.extend(range(i1, i2))
        elif j2 > j1:
            # A changed phrase: its characters stand for the original phrase, the first at its start.
            positions.extend(min(i1 + k, i2 - 1) if i2 > i1 else i1 for k in range(j2 - j1))
    return positions


def to_simplified(text: str) -> str:
    """The phrase-level simplified reading of ``text`` (see ``read_simplified``)."""
    return read_simplified(text).text


@lru_cache(maxsize=65536)
def _simplified_only(ch: str) -> bool:
    return _converter("s2t").convert(ch) != ch


def has_simplified_only(text: str) -> bool:
    """Whether ``text`` holds a character only simplified text writes (显, 编, 着: OpenCC's s2t changes it): such a
    text is simplified already, and a phrase reading would only misread it (tw2s reads 显著 as 显着)."""
    return any(_simplified_only(ch) for ch in _HAN.findall(text))


def traditional_share(text: str) -> float:
    """The share (0 to 1) of ``text``'s Han characters that OpenCC's t2s changes, character by character; 0.0
    for a text without Han characters."""
    han = _HAN.findall(text)
    if not han:
        return 0.0
    converted = _by_character("".join(han))
    return sum(a != b for a, b in zip(han, converted)) / len(han)


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters: TRADITIONAL_SHARE of its Han characters or more
    change under t2s."""
    return traditional_share(text) >= TRADITIONAL_SHARE
