"""rules/targets.yml: how quantitative targets are read (kb.targets and kb.target_tables): the quantity, years and
periods, comparators, the indicator grammar, tense markers and tables of indicators."""
from __future__ import annotations

import re
from functools import cached_property

from pydantic import model_validator

from .base import NEVER, CitesTitles, Part, Pattern, PatternRule, Rule, Words, composed, never, pattern_with


class Comparators(Part):
    """Comparator words after a number (达到600家以上: >=), which win over those before it, and the default."""
    after: dict[str, str]
    before: dict[str, str]
    default: str


class TableColumns(Rule):
    """A table of indicators with a column per year: the header of a year column (``pattern``, group ``year``),
    of the indicator, of a column of aims with no year printed, of the unit; a value cell (a number, or a quantity
    printed whole: ``quantity_cell``), and its comparators; a column of aims whose header gives the measure in
    brackets (``measured_aim``: 新种任务(亩)), or opens with its year (2023年小麦任务面积) and takes the measure
    the line above the table gives (``table_measure``: 单位:万亩), a table of shares (a task divided among towns)."""
    pattern: pattern_with("year")
    indicator_header: Pattern
    aim_header: Pattern = NEVER
    measured_aim: pattern_with("year", "name", "measure") = never("year", "name", "measure")
    table_measure: pattern_with("measure") = never("measure")
    unit_header: Pattern
    number_header: Pattern = NEVER
    value: pattern_with("comparator", "number", "unit")
    quantity_cell: pattern_with("quantity", "after") = never("quantity", "after")
    comparators: dict[str, str]


class FrontedObject(Part):
    """An object fronted by 对 (对28个小区进行改造): ``before`` the number, ``after`` it (the action)."""
    before: Pattern = NEVER
    after: Pattern = NEVER


class Tense(Part):
    """Tense markers along a paragraph: the last before a number decides whether its figure is past, aimed at
    (future) or stated as done."""
    past: Pattern = NEVER
    future: Pattern = NEVER
    done: Pattern = NEVER

    @model_validator(mode="after")
    def _composes(self) -> "Tense":
        return composed(self, "any")

    @cached_property
    def any(self) -> re.Pattern:
        """The three as one pattern, each a named group (past, future, done)."""
        return re.compile("|".join(f"(?P<{name}>{getattr(self, name).pattern})"
                                   for name in ("past", "future", "done")))


class Indicator(Rule):
    """An indicator read by grammar (kb.targets.indicator.read_indicator) and what a figure is beyond its indicator
    and year (issue 22): the verbs, words and patterns of rules/targets.yml ``indicator``."""
    compare_verbs: Words
    create_verbs: Words
    scope_words: Words
    share_words: Words
    per_capita: Words
    baseline: Pattern
    remark: Pattern = NEVER
    strip: Pattern
    max_chars: int
    not_indicators: Words
    # 毛入园率、巩固率分别达到90%、99%: the names listed before 分别, paired with the figures after the verb.
    respective: pattern_with("names") = never("names")
    respective_joiners: Words = []
    adjacent_compare_verbs: Words = []
    named_by_verb: Words = []
    fronted_object: FrontedObject = FrontedObject()
    rate_words: Words = []
    tense: Tense = Tense()
    baseline_from: Pattern = NEVER
    progress: Pattern = NEVER
    progress_titles: Pattern = NEVER
    retrospect_title: Pattern = NEVER
    # A title of a review and then the plan ahead (2021年工作总结及2022年工作计划), and the heading or line that opens
    # the part of the plan (二、2022年工作计划, 下一步工作打算).
    summary_then_plan: Pattern = NEVER
    plan_part: Pattern = NEVER
    progress_done: Pattern = NEVER
    progress_column: Pattern = NEVER
    news: Pattern = NEVER
    # A title that is a document's own (…关于…的通知): no news report, whatever words of reporting its text holds.
    not_news_title: Pattern = NEVER
    relative_years: dict[str, int] = {}
    # Relative words that name the year already in view, if any (全年 after 2020年 is 2020's), else the report's.
    in_context: list[str] = []
    relative_year: pattern_with("relative") = never("relative")
    one_year: pattern_with("year") = never("year")
    sole_year: pattern_with("year", "horizon", "end", "relative", "this") = never(
        "year", "horizon", "end", "relative", "this")
    goal_heading: Pattern = NEVER
    goal_label: Pattern = NEVER
    retrospect_heading: Pattern = NEVER
    ahead: Pattern = NEVER
    # A clause that opens a list of aims with its year alone (到2027年:), as a paragraph outside any section may.
    year_list: Pattern = NEVER
    # A line alone that heads what follows it in the same section (回顾2017年, 展望2018年): its whole text.
    line_heading: Pattern = NEVER
    year_ahead: pattern_with("year") = never("year")
    # 今年是"十一五"的最后一年 / "十四五"开局之年: this year by the plan period it ends or opens.
    period_year: pattern_with("period", "end", "start") = never("period", "end", "start")
    so_far: Pattern = NEVER
    # A sentence opened by the part of the year gone by (上半年, / 1-5月,): the paragraph reports progress from there.
    so_far_opening: Pattern = NEVER
    threshold: Pattern = NEVER
    threshold_before: Pattern = NEVER
    criterion_before: Pattern = NEVER
    threshold_count: Pattern = NEVER
    table_row: Pattern = NEVER
    row_number: Pattern = NEVER
    cell_separators: Pattern = NEVER
    # A cell that opens with its figure (增长5.5%, 20个): the cell before it names the indicator.
    figure_cell: Pattern = NEVER
    year_title: pattern_with("year") = never("year")
    date_line: pattern_with("year") = never("year")
    share_of: Pattern = NEVER
    reward_before: Pattern = NEVER
    reward_after: Pattern = NEVER
    scope_before: Pattern = NEVER
    scope_after: Pattern = NEVER
    condition_after: Pattern = NEVER
    each_has: Pattern = NEVER
    planned: pattern_with("words") = never("words")
    past_aim: Pattern = NEVER
    list_aim: Pattern = NEVER
    breakdown: pattern_with("part") = never("part")
    aim_of: pattern_with("verb") = never("verb")
    aim_named_after: Pattern = NEVER


class TargetsFile(Rule, CitesTitles):
    """The whole of rules/targets.yml; its own ``id`` is the rule of a target read from a quantity. Numbers in a
    cited title (``cited_title``) are no targets."""
    quantity: pattern_with("number", "multiplier", "unit", "high", "more")
    multipliers: dict[str, float]
    compound_units: dict[str, tuple[str, float]]
    comparators: Comparators
    statement_words: Words
    quoted_aim: Pattern = NEVER
    past_years_are_statements: bool
    piece_separators: Pattern
    year: pattern_with("year")
    deadline_year: pattern_with("year")
    periods: dict[str, int]
    period: pattern_with("period")
    relative: PatternRule
    growth: PatternRule
    indicator: Indicator
    table_columns: TableColumns
    in_passing: Pattern
    listed: pattern_with("numbers") = never("numbers")
