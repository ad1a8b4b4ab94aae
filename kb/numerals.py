"""Chinese numerals as printed in official documents: 一, 十二, 二十, 一百零五, 两, 〇, and circled ①."""
from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_integer(text: str) -> int:
    """Value of a Chinese integer below 10,000 (十二 → 12, 二十 → 20, 一百零五 → 105, 二〇二〇 → 2020)."""
    if not text:
        raise ValueError("empty numeral")
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    if text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text):  # digit by digit, as in years: 二〇二〇
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)
