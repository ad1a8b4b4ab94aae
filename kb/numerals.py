"""Chinese numerals as printed in official documents, both ways, for all of kb: reading 一, 十二, 二十, 一百零五, 两,
十万, 二〇二〇 and 二○一九 (years digit by digit) and circled ①, and writing a number as a document numbers its parts
(一、 （十二）). Both directions are cn2an's."""
from __future__ import annotations

import re

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# The enclosed numbers of Unicode's Enclosed Alphanumerics block that documents number items with: circled ①,
# parenthesized ⑴ (U+2474…) and with a full stop ⒈ (U+2488…), one to twenty each.
_ENCLOSED = (_CIRCLED, "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇", "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛")
# Zero as documents print it in dates: 〇 (U+3007), but also ○ (white circle), O and Ｏ.
_NUMERAL_CHARACTERS = frozenset("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
_ZEROS = str.maketrans({"○": "〇", "Ｏ": "〇", "O": "〇", "o": "〇"})


# A year printed digit by digit in Chinese numerals (二○三○年, 二〇二五年).
_CHINESE_YEAR = re.compile(r"(?<![〇○零一二三四五六七八九十])[一二][〇○零一二三四五六七八九]{3}(?=\s*年)")
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def arabic_years(text: str) -> str:
    """``text`` with each year printed in Chinese numerals digit by digit (二○三○年) in Arabic digits (2030年); the
    same length as ``text``."""
    if "年" not in text:
        return text
    return _CHINESE_YEAR.sub(lambda m: m.group().translate(_YEAR_DIGITS), text)


def chinese_integer(text: str) -> int:
    """Value of a Chinese or Arabic integer (十二 → 12, 二十 → 20, 一百零五 → 105, 十万 → 100000, 二○一九 → 2019,
    ③ → 3). Raises ValueError for anything else."""
    import cn2an

    if not text:
        raise ValueError("empty numeral")
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    if text.isdigit():
        return int(text)
    text = text.translate(_ZEROS)
    if not set(text) <= _NUMERAL_CHARACTERS:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    try:
        value = cn2an.cn2an(text, "normal")
    except Exception:  # cn2an raises ValueError and others for what is not a numeral
        raise ValueError(f"not a Chinese numeral: {text!r}") from None
    if value != int(value):
        raise ValueError(f"not an integer: {text!r}")
    return int(value)


def chinese_numeral(number: int) -> str:
    """``number`` (a whole number, 0 or more) in Chinese numerals as a document numbers its parts and items: 1 → 一,
    10 → 十, 12 → 十二, 21 → 二十一, 110 → 一百一十. The inverse of ``chinese_integer``. Raises ValueError for a
    negative number or one that is not whole."""
    import cn2an

    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise ValueError(f"not a whole number of 0 or more: {number!r}")
    return cn2an.an2cn(number)


_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def read_numeral(text: str, system: str) -> int:
    """The value of an item number in the numeral system its numbering style declares (rules/structure.yml
    ``numerals``): chinese (一, 十二; Arabic digits too), arabic (12), circled (③, and ⑶, ⒊: ``_ENCLOSED``) or latin
    (C, c → 3). Raises
    ValueError for a number not of that system."""
    if system == "arabic":
        if not text.isdigit():
            raise ValueError(f"not an Arabic number: {text!r}")
        return int(text)
    if system == "circled":
        for numbers in _ENCLOSED:
            if len(text) == 1 and text in numbers:
                return numbers.index(text) + 1
        raise ValueError(f"not a circled number: {text!r}")
    if system == "latin":
        if len(text) != 1 or text.upper() not in _LATIN:
            raise ValueError(f"not a Latin letter: {text!r}")
        return _LATIN.index(text.upper()) + 1
    if system == "chinese":
        return chinese_integer(text)
    raise ValueError(f"unknown numeral system {system!r}")
