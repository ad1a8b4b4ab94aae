"""The targets of a document (``read_targets``): what the document says of itself first (its year, whether it is a
news report or a report on progress, the year it reports in), then its tables of indicators, then its clauses in
order, paragraph by paragraph, each read by one ``TargetReader`` that carries the year and the tense along."""
from __future__ import annotations

import re

from ..dates import deadline_year, title_year
from ..ids import ancestors, target_id
from ..normalize import parsing_view, without_glosses
from ..rule_models.targets import TargetsFile
from ..tagging import ClauseAnalysis
from ..target_tables import progress_table_cells, table_targets
from ..vocabulary import NOT_TARGET_KINDS
from .clause import TargetReader
from .model import Target
from .view import masked

# Clause kinds that open a document's body: the lines before them are its front matter.
_BODY_KINDS = ("heading", "item", "goal", "note")


def read_targets(analyses: list[ClauseAnalysis], grammar: TargetsFile, section_parents: dict[str, str | None],
                 issued_date: str | None = None, title: str | None = None,
                 metric_names: dict[str, str] | None = None, published_date: str | None = None) -> list[Target]:
    """Targets of a document's clauses, in order. A year (到2020年) carries over to the rest of its paragraph;
    a paragraph that introduces a list (…达到以下要求:) carries its year into the subsections below it; a document
    titled with a year (2023年…工作要点) sets targets for that year where a clause names none. ``published_date``
    (YYYY-MM-DD, the page's 发布时间) is the year 今年 and a month's deadline count from where the document names no
    date of issue; it never makes a figure an actual. ``grammar`` is rules/targets.yml, ``section_parents`` a
    section's id → its parent's, ``issued_date`` YYYY-MM-DD, ``metric_names`` a metric's name → its id."""
    default_year = _document_year(analyses, grammar, title, int(issued_date[:4]) if issued_date else None)
    reader = _reader(analyses, grammar, issued_date, title, default_year, metric_names, published_date)
    # Tables of indicators with a column per year first: their cells are read as the table says, not as text.
    targets, tabled = _table_targets(analyses, grammar, issued_date, default_year, metric_names)
    targets.extend(_text_targets(reader, analyses, grammar, section_parents, tabled))
    return _once(targets)


def _once(targets: list[Target]) -> list[Target]:
    """``targets`` with each one a later clause restates kept where the document first states it: the same
    indicator (by metric, else by wording), figure, year and kind (a summary's bullet and the body saying
    到2025年,接待游客10亿人次以上 again are one target), or restates it naming no year. Within one clause every
    figure stands."""
    first: dict[tuple, str] = {}  # a target's key → the clause that first states it
    kept = []
    for t in targets:
        key = (t.metric or t.wording, t.value, t.value_max, t.unit, t.comparator, t.year, t.period, t.baseline,
               t.growth, t.kind)
        if first.setdefault(key, t.clause_id) == t.clause_id:
            kept.append(t)
    # A restatement that names no year (a news page's subheading, 农村居民人均可支配收入达到10000元, over the
    # paragraph saying 到2020年…) is the target its year is named for.
    dated = {(t.metric or t.wording, t.value, t.value_max, t.unit, t.kind) for t in kept if t.year is not None}
    return [t for t in kept if t.year is not None or t.period is not None
            or (t.metric or t.wording, t.value, t.value_max, t.unit, t.kind) not in dated]


def _front_matter(analyses: list[ClauseAnalysis]):
    """The clauses before the document's body (its title, byline, addressees, opening lines)."""
    for analysis in analyses:
        if analysis.clause.kind in _BODY_KINDS:
            break
        yield analysis


def _document_year(analyses: list[ClauseAnalysis], grammar: TargetsFile, title: str | None,
                   issued_year: int | None = None) -> int | None:
    """The one year a document is for: its title's (2024年…工作要点; not a span of years, 2024—2026年), else one
    its opening lines name as the year of the work it divides (县卫健委2021年政府工作报告任务分解; 提出了2013年…8项
    重点工作,现将…分解如下), or as 今年 (or 落实《政府工作报告》重点工作) in a notice dated ``issued_year``, or in a
    report under its date line."""
    default_year = title_year(title)
    titled = re.search(grammar.indicator.one_year, title or "")
    if default_year is None and titled and issued_year is not None:
        return issued_year  # …关于落实《政府工作报告》重点工作分工的意见, dated: of its year
    if default_year is None:
        # (今年 in a report under its date line, 惠州日报 2021-03-25: the year of that date.)
        dated = issued_year or next((int(m.group("year")) for a in _front_matter(analyses) if (
            m := re.search(grammar.indicator.date_line, parsing_view(a.clause.text)))), None)
        for analysis in _front_matter(analyses):
            opening = re.search(grammar.indicator.one_year,
                                masked(parsing_view(without_glosses(analysis.clause.text)), grammar))
            if opening and opening.group("year"):
                return int(opening.group("year"))
            if opening and dated is not None:
                return dated
    return default_year if default_year is not None else _sole_year(analyses, grammar, issued_year)


def _sole_year(analyses: list[ClauseAnalysis], grammar: TargetsFile, issued_year: int | None) -> int | None:
    """The one year a document names, where it names no other (outside cited titles), no plan period (十四五) and no
    year as a horizon (到2026年, 2027年底前); a year named against another (今年, 去年) is counted from
    ``issued_year``, and with none known leaves the year open; a deadline in the year (9月底前) is ``issued_year``'s,
    or any. None where no one year is found."""
    years: set[int] = set()
    relative = grammar.indicator.relative_years
    for analysis in analyses:
        view = masked(parsing_view(analysis.clause.text), grammar)
        if re.search(grammar.period, view):
            return None
        for m in re.finditer(grammar.indicator.sole_year, view):
            if m.group("horizon") is not None or m.group("end") or (m.group("relative") and issued_year is None):
                return None
            if m.group("this") and issued_year is None:
                continue  # 12月底前 in a table with no date: of the one year named, whichever it is
            years.add(issued_year + relative.get(m.group("relative"), 0) if m.group("relative") else
                      issued_year if m.group("this") else int(m.group("year")))
        if len(years) > 1:
            return None
    return years.pop() if years else None


def _reader(analyses: list[ClauseAnalysis], grammar: TargetsFile, issued_date: str | None, title: str | None,
            default_year: int | None, metric_names: dict[str, str] | None,
            published_date: str | None) -> TargetReader:
    """The reader of a document's clauses, told what the document is (a news report, a report on progress) and the
    year it reports in."""
    g = grammar.indicator
    news = not re.search(g.not_news_title, title or "") and any(re.search(g.news, a.clause.text) for a in analyses)
    progress_report = bool(re.search(g.progress_titles, title or ""))
    reader = TargetReader(grammar, int(issued_date[:4]) if issued_date else None, default_year, metric_names,
                          news=news, progress_report=progress_report)
    # (Any table with a column of progress states what was done there, whatever the page's title.)
    reader.plan_cells, reader.progress_cells = progress_table_cells(analyses, re.compile(g.progress_column),
                                                                    grammar.table_columns.number_header)
    reader.review = bool(re.search(g.retrospect_title, title or ""))
    reader.review_until_plan = bool(re.search(g.summary_then_plan, title or ""))
    reader.review = reader.review or reader.review_until_plan
    if issued_date is None:
        # A page with no date of issue: the date it is posted or printed under (白银日报 2019-06-20) is the
        # report's, and 今年 counts from it.
        for analysis in _front_matter(analyses):
            dated = re.search(g.date_line, parsing_view(analysis.clause.text))
            if dated:
                reader.report_year = int(dated.group("year"))
                break
    if issued_date is None and reader.report_year is None:
        # 今年是“十一五”的最后一年, in a report with no date: this year by its plan period.
        for analysis in analyses:
            named = re.search(g.period_year, analysis.clause.text)
            if named and named["period"] in grammar.periods:
                end = grammar.periods[named["period"]]
                reader.report_year = end if named["end"] else end - 4
                break
    if issued_date is None and reader.report_year is None and published_date:
        reader.report_year = int(published_date[:4])  # the page's 发布时间: 今年 and 9月底前 count from it
    if issued_date is None and reader.report_year is None and (news or default_year is None):
        # An undated report, or an undated text of no one year: the year of the work it names ahead.
        # (Read past a page's pinyin glosses: 经(jīng)济(jì)社会发(fā)展预(yù)期目标.)
        ahead = [int(m.group("year")) for a in analyses
                 for m in re.finditer(g.year_ahead, without_glosses(a.clause.text))]
        reader.report_year = reader.year_ahead = max(ahead, default=None)
    if reader.default_year is None and progress_report and reader.report_year is not None:
        reader.default_year = reader.report_year  # (民生实事项目半年度进度表, 2024-08-28: the year it reports on)
    return reader


def _table_targets(analyses: list[ClauseAnalysis], grammar: TargetsFile, issued_date: str | None,
                   default_year: int | None, metric_names: dict[str, str] | None) -> tuple[list[Target], set[str]]:
    """(targets, ids of the clauses read) of the document's tables of indicators with a column per year
    (kb.target_tables)."""

    def table_target(clause, wording, value, unit, comparator, year, span, kind) -> Target:
        return Target(f"{clause.id}.t1", clause.document_id, clause.id, (metric_names or {}).get(wording), wording,
                      value, unit, comparator, year, None, None, None, grammar.table_columns.id,
                      clause.char_start + span[0], clause.char_start + span[1], kind)

    targets, tabled = table_targets(analyses, grammar, int(issued_date[:4]) if issued_date else default_year,
                                    table_target, default_year or (int(issued_date[:4]) if issued_date else None))
    for n, target in enumerate(targets):  # a row on one line holds several: t1, t2 … in its clause
        target.id = target_id(target.clause_id, sum(t.clause_id == target.clause_id for t in targets[:n]) + 1)
    return targets, tabled


class _Headings:
    """The document's section headings (their parsing views), asked whether a section or one above it has a heading
    a pattern finds; each answer is kept, as every clause of a section asks the same."""

    def __init__(self, analyses: list[ClauseAnalysis], section_parents: dict[str, str | None]):
        self.views = {a.clause.section_id: parsing_view(a.clause.text) for a in analyses if a.clause.kind == "heading"}
        self.section_parents = section_parents
        self._answers: dict[tuple[str | None, re.Pattern], bool] = {}

    def under(self, section: str | None, pattern: re.Pattern) -> bool:
        """Whether ``section`` or a section above it has a heading ``pattern`` finds."""
        key = (section, pattern)
        if key not in self._answers:
            self._answers[key] = any(pattern.search(self.views.get(s, ""))
                                     for s in ancestors(section, self.section_parents))
        return self._answers[key]


def _text_targets(reader: TargetReader, analyses: list[ClauseAnalysis], grammar: TargetsFile,
                  section_parents: dict[str, str | None], tabled: set[str]) -> list[Target]:
    """The targets of the document's clauses outside the tables read (``tabled``), paragraph by paragraph."""
    g = grammar.indicator
    # Sections of aims (主要目标, 目标任务, 量化指标) by their headings: a figure there needs no verb.
    headings = _Headings(analyses, section_parents)
    # The year of an item's deadline line (完成时限:2025年12月底, a note clause of the item).
    item_years = {a.clause.item_id: year for a in analyses if a.clause.kind == "note"
                  for year in [deadline_year(parsing_view(a.clause.text), grammar.cited_title)] if year}
    targets: list[Target] = []
    carried: tuple[int | None, str | None] = (None, None)
    list_years: dict[str | None, tuple[int | None, str | None]] = {}
    list_aims: dict[str | None, bool] = {}  # a section → whether the list it opened states a year's aims
    paragraph = None
    labelled_aims = False  # the paragraph has said 主要目标: so far
    runs: dict[str | None, tuple[bool, int | None]] = {}  # a section → (past?, year) of its last line heading
    for analysis in analyses:
        clause = analysis.clause
        key = (clause.section_id, clause.paragraph)
        view = parsing_view(clause.text)
        if reader.review_until_plan and len(view) <= _PLAN_PART_CHARS and re.search(g.plan_part, view):
            reader.review = reader.review_until_plan = False  # 二、2022年工作计划: the review ends
        if key != paragraph:
            paragraph = key
            labelled_aims = False
            carried = _open_paragraph(reader, clause.section_id, g.retrospect_heading, headings, section_parents,
                                      list_years, list_aims)
            run = runs.get(clause.section_id)
            if run is not None:
                reader.retrospect = run[0]
                reader.tense = "past" if run[0] else "future"
                carried = carried if carried[0] is not None or run[1] is None else (run[1], None)
        runs[clause.section_id] = _line_heading(view, grammar) or runs.get(clause.section_id)
        # 主要目标: opens a list of aims, for the rest of its paragraph (2012年…。2013年,全市主要目标是:…).
        labelled_aims = labelled_aims or bool(re.search(g.goal_label, view))
        if clause.kind in NOT_TARGET_KINDS or clause.id in tabled:
            continue  # a headline (青岚市2020年…将达600家) restates the text's target
        titled_line = re.fullmatch(g.year_title, masked(view, grammar).strip())
        if titled_line and titled_line.group("year"):
            # A line that titles what follows with one year (an attachment's 2025年…任务清单): its year.
            reader.default_year = int(titled_line.group("year"))
        goal = labelled_aims or headings.under(clause.section_id, g.goal_heading)
        found, carried = reader.read_clause(analysis, carried, goal=goal)
        for target in found:
            if target.year is None and target.period is None and clause.item_id in item_years:
                target.year = item_years[clause.item_id]  # 完成时限:2025年12月底 under the item
        targets.extend(found)
        # (A list's opening words stand in the last characters before its colon: the patterns, which scan from each
        # year they meet to the colon, read no more, and a hostile clause of many years costs no more than a short.)
        opener = view[-_LIST_OPENER_CHARS:]
        if clause.text.rstrip().endswith((":", "：")) and carried[0] is not None and (
                clause.section_id is not None or re.search(g.year_list, opener)):
            # (Outside any section only 到2027年: itself opens a list: 为做好2031年工作,通知如下: opens a notice.)
            list_years[clause.section_id] = carried
            # (2017年,区政府将…办好十件实事: a list of that year's aims, whenever the page says it was issued.)
            list_aims[clause.section_id] = bool(re.search(g.list_aim, opener))
        elif goal and carried[0] is not None and clause.section_id not in list_years:
            # (二)发展目标。到2025年,初步建成… then a paragraph of figures: the year the section of aims opens with.
            list_years[clause.section_id] = carried
        elif clause.kind == "heading" and carried[0] is not None and clause.section_id not in list_years:
            list_years[clause.section_id] = carried  # 一、2023年度主要目标: the year of the whole section
    return targets


_PLAN_PART_CHARS = 40  # the longest line that opens a plan's part after a review: 二、2022年工作计划及主要目标
_LIST_OPENER_CHARS = 120  # the longest list opening read: …时表示,2017年,区政府将努力为民办好十件实事:
_LINE_HEADING_CHARS = 24  # the longest line heading: 【回顾2017年工作】, 展望2018年主要目标


def _line_heading(view: str, grammar: TargetsFile) -> tuple[bool, int | None] | None:
    """(past?, year) of a line alone that heads the lines after it (回顾2017年: past, 2017; 展望2018年: aims,
    2018), or None for any other line. Words of aims alone (目标) head aims only with a year."""
    g = grammar.indicator
    view = view.strip()
    # (A heading is short: a long line is none, and the pattern is never tried on one.)
    if len(view) > _LINE_HEADING_CHARS or not re.fullmatch(g.line_heading, view):
        return None
    named = re.search(grammar.year, view)
    year = int(named.group("year")) if named else None
    past, ahead = bool(re.search(g.retrospect_heading, view)), bool(re.search(g.ahead, view))
    ahead = ahead or bool(year is not None and re.search(g.goal_heading, view))
    return (past, year) if past != ahead else None


def _open_paragraph(reader: TargetReader, section_id: str | None, retrospect_heading: re.Pattern,
                    headings: _Headings, section_parents: dict[str, str | None],
                    list_years: dict[str | None, tuple[int | None, str | None]],
                    list_aims: dict[str | None, bool]) -> tuple[int | None, str | None]:
    """Set ``reader`` for a new paragraph of section ``section_id`` (no tense yet, or past under a review's
    heading or in a review; aimed in a list of a year's aims, ``list_aims``) and return the (year, period) it starts
    with: that of a list it stands under (``list_years``: a section → the year its introducing paragraph carried),
    else none."""
    reader.tense = reader.sentence_tense = None
    reader.retrospect = reader.review or headings.under(section_id, retrospect_heading)
    if reader.retrospect:
        reader.tense = "past"  # under 2024年工作回顾: what was done
    # (A list opened outside any section, 2017年,区政府将办好十件实事:, reaches the numbered items after it.)
    chain = (list(ancestors(section_id, section_parents)) if section_id is not None else []) + [None]
    opener = next((s for s in chain if s in list_years), False)  # (False: none; None is the text outside sections)
    reader.list_aimed = opener is not False and list_aims.get(opener, False)
    return list_years[opener] if opener is not False else (None, None)
