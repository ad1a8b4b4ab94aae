"""Dates and years, one reader for all of kb: a date as documents and web pages print it (its forms are rules/
metadata.yml ``date``), the range of years kb reads as years, the span of years a title names, and the year a
task's text sets as its deadline (完成时限)."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .normalize import parsing_view
from .numerals import chinese_integer
from .rule_models.metadata import DateRule

# The years kb reads as years, one range for every reader (a date of issue, a deadline a task's text names): the
# documents are the People's Republic's, none dated before its founding (1949), and 2100 lies past the horizon of
# any plan; a four-digit number outside the range (a count, a code) is no year. (kb.draft counted deadlines from
# 2000 and kb.metadata dates from 1949; the earlier bound serves both: a deadline is the last year a text names.)
FIRST_YEAR, LAST_YEAR = 1949, 2100

# A span of years (2015—2020, 2021-2025年): the period a plan's title names.
_SPAN = re.compile(r"(20\d\d)\s*[—–\-~至到]\s*(20\d\d)")
_ONE_YEAR = re.compile(r"(20\d\d)年")
# A year as a text names it (到2017年, 2018年前): four digits before 年.
_YEAR = re.compile(r"(?<!\d)(\d{4})(?=\s*年)")


def parse_date(value: str, rule: DateRule, line: bool = False) -> str | None:
    """YYYY-MM-DD of the date ``value`` opens with, in one of the forms of ``rule`` (rules/metadata.yml ``date``):
    2015年7月31日, 2015-07-31, 2015/7/31, 2015.07.31, a stamp printed day first (31.07.2015; a time after it is
    ignored) or 二〇一五年七月三十一日 (a zero typed as ○ or the letter O too). With ``line``, ``value`` is a date
    line of its own (the 成文日期: (2016年4月12日), 二〇一五年七月三十一日), read by the rule's ``pattern``. None for
    anything else, or a date outside FIRST_YEAR..LAST_YEAR."""
    view = parsing_view(value).strip().replace("○", "〇")
    if "年" in view and not re.search(r"\d", view):
        view = re.sub("[OＯoｏ]", "〇", view)  # 二OO八年, 二oo四年: the zero typed as a letter
    for form in (rule.digits, rule.day_first, rule.pattern if line else rule.chinese):
        match = form.match(view)
        if match:
            break
    else:
        return None
    try:
        year, month, day = (chinese_integer(match[g]) for g in ("year", "month", "day"))
    except ValueError:
        return None
    return calendar_date(year, month, day)


def calendar_date(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD of a day that exists (2月30日 does not) in FIRST_YEAR..LAST_YEAR, else None."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a day that exists written YYYY-MM-DD (2015-07-31; not 2015-13-31 or 2024-02-30), in
    FIRST_YEAR..LAST_YEAR: what a sidecar's or references.yml's ``issued_date`` must be."""
    match = _ISO.fullmatch(text)
    return match is not None and calendar_date(*(int(g) for g in match.groups())) == text


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def title_period(title: str | None) -> tuple[int, int] | None:
    """The first and last year of the period a title names (…规划(2015—2020年) → (2015, 2020)), or None."""
    span = _SPAN.search(title or "")
    return (int(span.group(1)), int(span.group(2))) if span else None


def title_year(title: str | None) -> int | None:
    """The one year a title names (2024年…工作要点 → 2024); None for a title of a period (2024—2026年) or of none."""
    if title_period(title) is not None:
        return None
    year = _ONE_YEAR.search(title or "")
    return int(year.group(1)) if year else None


def deadline_year(text: str, cited_title: re.Pattern) -> int | None:
    """The year of the deadline a task's text sets (完成时限:2025年12月底 → 2025, 到2017年 → 2017): the year of
    ``deadline_of``, the latest date it names from FIRST_YEAR to LAST_YEAR outside the titles it cites
    (``cited_title``: a cited 《…(2014-2020年)》 is no deadline); None where it names none."""
    deadline = deadline_of(text, cited_title)
    return deadline.year if deadline else None


# A deadline as a task prints it: 2020年9月底前, 2020年底前, 到2021年; or, in a document of one year, 6月底前 and
# 年底前 (that year's). A year alone is that year's end. Ranges (2019—2020年) end at their last year.
_DEADLINE = re.compile(r"(?:(?<!\d)(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月|(年底|年末|年内|上半年|下半年))")
_HALF = {"上半年": 6}


@dataclass(frozen=True, order=True)
class Deadline:
    """A deadline: ``year`` and ``month`` (12 where only a year is printed, or 年底); ``printed_month``: whether
    the text named the month. Deadlines order by (year, month); ``str`` gives 2020年 or 2020年6月."""
    year: int
    month: int = 12
    printed_month: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月" if self.printed_month else f"{self.year}年"


def deadline_of(text: str, cited_title: re.Pattern, year: int | None = None) -> Deadline | None:
    """The deadline a task's ``text`` sets: its last date (2020年9月底前 → 2020-09, 2020年底 → 2020-12, 到2021年 →
    2021-12) outside the titles it cites (``cited_title``); a month or 年底 without a year is in ``year`` (the
    document's: a 工作要点 of 2020 says 6月底前). None where it names none."""
    masked = cited_title.sub(lambda m: "□" * len(m.group()), text or "")
    found: list[Deadline] = []
    last_year = None
    for match in _DEADLINE.finditer(masked):
        printed, month, word = match.groups()
        if printed and FIRST_YEAR <= int(printed) <= LAST_YEAR:
            last_year = int(printed)
        in_year = int(printed) if printed and FIRST_YEAR <= int(printed) <= LAST_YEAR else (last_year or year)
        if in_year is None:
            continue
        if month and 1 <= int(month) <= 12:
            found.append(Deadline(in_year, int(month), True))
        elif word in _HALF:
            found.append(Deadline(in_year, _HALF[word], True))
        elif word or printed:
            found.append(Deadline(in_year))
    for plain in _YEAR.finditer(masked):  # 到2021年, 2019—2020年: a year not followed by a month
        if FIRST_YEAR <= int(plain.group(1)) <= LAST_YEAR and not any(
                d.year == int(plain.group(1)) for d in found):
            found.append(Deadline(int(plain.group(1))))
    return max(found) if found else None
