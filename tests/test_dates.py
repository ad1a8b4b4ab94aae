"""kb.dates, the one reader of dates and years (issue 24, point 8): the forms of a date are rules/metadata.yml's,
one range of years serves every reader, a title's period and a task's deadline are each read in one place."""
from __future__ import annotations

import re

import pytest

from conftest import RULES
from kb.dates import (FIRST_YEAR, LAST_YEAR, Deadline, deadline_of, deadline_year, is_iso_date, parse_date,
                      title_period, title_year)
from kb.rules import load_rules

RULESET = load_rules(RULES)
DATES = RULESET.metadata.date
CITED = RULESET.citations.title.pattern


@pytest.mark.parametrize("value, date", [
    ("2015年7月31日", "2015-07-31"), ("2015-07-31 08:15", "2015-07-31"), ("2015/7/31", "2015-07-31"),
    ("2015.07.31", "2015-07-31"), ("２０１５年７月３１日", "2015-07-31"), ("13.03.2015 07:51", "2015-03-13"),
    ("二〇一五年七月三十一日", "2015-07-31"), ("二OO八年五月一日", "2008-05-01"), ("二○一九年三月八日", "2019-03-08"),
    ("1949年10月1日", "1949-10-01"), ("1948年10月1日", None), ("2101年1月1日", None), ("2015年13月1日", None),
    ("2024年2月29日", "2024-02-29"), ("2023年2月29日", None), ("2024-02-30", None), ("2015年4月31日", None),
    ("七月三十一日", None), ("(2016年4月12日)", None)])
def test_a_date_in_any_form_a_page_prints_it(value, date):
    assert parse_date(value, DATES) == date


def test_a_date_line_of_its_own_may_stand_in_brackets_and_mix_digits_and_numerals():
    assert parse_date("(2016年4月12日)", DATES, line=True) == "2016-04-12"
    assert parse_date("（二〇一五年七月三十一日）", DATES, line=True) == "2015-07-31"
    assert parse_date("2015年七月三十一日", DATES, line=True) == "2015-07-31"
    assert parse_date("2015年七月三十一日", DATES) is None  # not a form of a date written in running text


def test_one_range_of_years_for_dates_and_deadlines():
    assert (FIRST_YEAR, LAST_YEAR) == (1949, 2100)
    assert deadline_year("1948年以前建成,2100年完成。", CITED) == 2100
    assert deadline_year("2101年。", CITED) is None


def test_a_title_names_a_period_or_one_year():
    assert title_period("青岚市知识产权规划(2015—2020年)") == (2015, 2020)
    assert title_period("青岚市2021-2025年行动计划") == (2021, 2025)
    assert title_period("2024年工作要点") is None
    assert title_year("2024年工作要点") == 2024
    assert title_year("青岚市行动计划(2024—2026年)") is None
    assert title_year(None) is None


def test_the_deadline_of_a_task_is_the_last_year_it_names_outside_cited_titles():
    assert deadline_year("完成时限:2025年12月底", CITED) == 2025
    assert deadline_year("2016年起试点,2018年前全面推开。", CITED) == 2018
    assert deadline_year("根据《某计划(2014-2020年)》精神", CITED) is None
    assert deadline_year("加强监管。", CITED) is None
    assert isinstance(CITED, re.Pattern)


def test_a_sidecars_date_is_a_day_that_exists_written_iso():
    assert is_iso_date("2024-02-29") and is_iso_date("1949-10-01")
    assert not any(is_iso_date(text) for text in ("2023-02-29", "2024-02-30", "2015-13-31", "2015-7-31",
                                                 "1948-12-31", "2015-07-31 ", "２０１５-07-31"))


def test_a_deadline_is_read_to_the_month_and_a_month_without_a_year_is_the_documents():
    def of(text, year=None):
        found = deadline_of(text, CITED, year)
        return (found.year, found.month, str(found)) if found else None

    assert of("2020年9月底前完成") == (2020, 9, "2020年9月")
    assert of("2020年底前建成") == (2020, 12, "2020年")
    assert of("到2021年,实现全覆盖。") == (2021, 12, "2021年")
    assert of("各地于6月底前对照制定目录", 2020) == (2020, 6, "2020年6月")  # a 2020 工作要点's 6月
    assert of("年底前实现数据互通", 2020) == (2020, 12, "2020年")
    assert of("6月底前制定", None) is None  # no year anywhere: no deadline
    assert of("2018年3月出台办法,2019年底前全面推开") == (2019, 12, "2019年")  # the last date
    assert of("2020年上半年") == (2020, 6, "2020年6月")
    assert of("每年开展", 2020) is None
    assert Deadline(2020, 6, True) < Deadline(2020, 9, True) < Deadline(2020) == Deadline(2020, 12, True)
    assert of("落实《规划(2016-2020年)》", 2016) is None  # a cited title's years are no deadline
