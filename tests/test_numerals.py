"""The one reader of Chinese numerals (kb.numerals, by cn2an): dates, item numbers and targets use it."""
from __future__ import annotations

import pytest

from conftest import RULES
from kb.dates import parse_date
from kb.numerals import chinese_integer, chinese_numeral
from kb.rules import load_rules


@pytest.mark.parametrize("text, value", [("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31), ("一百零五", 105),
                                         ("两", 2), ("十万", 100000), ("一千二百万", 12000000), ("二〇二〇", 2020),
                                         ("二○一九", 2019), ("③", 3), ("12", 12)])
def test_values(text, value):
    assert chinese_integer(text) == value


@pytest.mark.parametrize("text", ["", "专利", "1.5", "十万元"])
def test_not_numerals(text):
    with pytest.raises(ValueError):
        chinese_integer(text)


def test_dates_in_either_zero():
    dates = load_rules(RULES).metadata.date
    assert parse_date("二○一九年三月八日", dates) == "2019-03-08"
    assert parse_date("二〇二一年十二月三十一日", dates) == "2021-12-31"


# Writing: one writer for the drafts' area headings （一） and kb synth's part and section numbers. kb synth's own
# writer wrote 20 as 十十 and failed above it.
@pytest.mark.parametrize("value, text", [(1, "一"), (10, "十"), (12, "十二"), (19, "十九"), (20, "二十"), (21, "二十一"),
                                         (99, "九十九"), (100, "一百"), (105, "一百零五"), (110, "一百一十"),
                                         (1000, "一千")])
def test_writing(value, text):
    assert chinese_numeral(value) == text


def test_writing_then_reading_gives_the_number_back():
    assert all(chinese_integer(chinese_numeral(n)) == n for n in range(0, 1201))


@pytest.mark.parametrize("value", [-1, 1.5, "3", True])
def test_writing_only_whole_numbers(value):
    with pytest.raises(ValueError):
        chinese_numeral(value)


def test_enclosed_item_numbers_of_every_form_read_as_circled():
    from kb.numerals import read_numeral

    assert [read_numeral(c, "circled") for c in "③⑶⒊⒇⒛"] == [3, 3, 3, 20, 20]
