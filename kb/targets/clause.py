"""The targets of one clause, read in document order by a ``TargetReader`` (kb.targets.document drives it): figures
relative to a baseline (比2015年增长一倍), annual growth rates (年均增长10%) and quantities (新建5G基站300个), each with
its indicator, value in base units, comparator, year and kind (a target, or an actual: what was), by
rules/targets.yml. What the reader knows of the document (its year, whether it is a news report or a report on
progress) and of the paragraph so far (its tense) decides whether a figure is a target, an actual, or neither."""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from ..ids import target_id
from ..numerals import chinese_integer
from ..rule_models.targets import TargetsFile
from ..tagging import ClauseAnalysis
from ..target_tables import base_measure
from .indicator import growth_of, object_after, read_indicator
from .model import Target
from .times import ClauseTimes
from .view import ClauseView, clause_view


def _number(text: str) -> float:
    """A number as printed, in digits or in Chinese (两, 十二); ValueError for one with 万 or 亿 in it."""
    try:
        return float(text)
    except ValueError:
        if "万" in text or "亿" in text:
            raise
        return float(chinese_integer(text))


# The most figures read in one piece of a clause (the words between two commas): a real piece holds a few, and
# each figure reads the piece around it, so a hostile piece of thousands would take time growing with its square.
_MOST_FIGURES_A_PIECE = 100


@dataclass
class _Worded:
    """A metric of rules/ found inside the phrase the text names the indicator with."""
    metric: object
    wording: str


class TargetReader:
    """Reads the targets of a document's clauses in order (``read_clause``), by rules/targets.yml (``grammar``):
    what it knows of the document (its year, whether it is a news report or a report on progress) and of the
    paragraph so far (its tense) decides whether a figure is a target, an actual, or neither. Years are calendar
    years; ``metric_names`` maps a rules/metrics.yml metric's name to its id."""

    def __init__(self, grammar: TargetsFile, issued_year: int | None = None, default_year: int | None = None,
                 metric_names: dict[str, str] | None = None, news: bool = False, progress_report: bool = False):
        self.g = grammar
        self.metric_names = metric_names or {}  # a metric's name → its id: a wording read by grammar may be one
        self.report_year = issued_year  # the year the text was issued or reported in: 明年 and 今年 count from it
        # An undated report's year, from the work ahead it names (对于2018年工作): figures of the years before it are
        # actuals. (A page's 发布时间 dates 今年 but makes nothing an actual: an old plan is often posted late.)
        self.year_ahead: int | None = None
        self.issued_year = issued_year if grammar.past_years_are_statements else None
        self.default_year = default_year  # the year a document titles itself with (2023年…工作要点)
        self.news = news  # a news report: a year's figure with no word of aim is what happened
        self.progress_report = progress_report  # a report on progress: its verbs of completion state what is done
        # …except in the cells of its table beside a column of progress: clause id → spans of those cells
        self.plan_cells: dict[str, list[tuple[int, int]]] = {}
        self.progress_cells: dict[str, list[tuple[int, int]]] = {}  # …and those of the column of progress
        self.retrospect = False  # the clause stands under a review's heading (2024年工作回顾)
        self.review = False  # the document is a review of the year gone by (2016年工作总结)
        self.review_until_plan = False  # …up to the part of its plan for the year ahead (…总结及2022年工作计划)
        self.list_aimed = False  # the clause is in a list a year's aims open (2017年,区政府将…办好十件实事:)
        self.tense: str | None = None  # past / future: the paragraph's last tense marker so far
        self.sentence_tense: str | None = None  # done, said in a clause its sentence goes on after (截至目前,…;)
        # The last indicator of a clause its sentence goes on after (实现财政总收入11亿元;规上工业总产值300亿元): the
        # next clause's figures are listed after it.
        self.sentence_wording: str | None = None

    def read_clause(self, analysis: ClauseAnalysis, carried: tuple[int | None, str | None], goal: bool = False):
        """(targets, (year, period)): the targets of one clause, and the year/period it carries to the next clause
        of its paragraph (``carried`` is what the clauses before carried to it). In a section of aims (``goal``)
        or a table's row, a figure needs no verb: the words before it name it."""
        reading = _ClauseReading(self, clause_view(analysis, self.g), carried, goal)
        reading.relatives()
        reading.growths()
        for piece_start, piece_end in reading.v.pieces:
            reading.quantities(piece_start, piece_end)
        view = reading.v.view
        next_carried = reading.times.year(len(view), carried)
        tense = self.tense_at(reading.times, len(view))
        self.tense = tense if tense != "done" else self.tense  # 已建成… is said of its sentence only
        if tense == "done" and reading.times.seen(self.g.indicator.so_far_opening, len(view)):
            # …不少于3个。上半年,引进…3个;…。引进…107个: from a sentence opened by the months gone by, the
            # paragraph reports what was done, until a word of aim.
            self.tense = "done"
        # A sentence going on after its clause (截至目前,续建30个;新建52个,…。) keeps its done.
        self.sentence_tense = "done" if tense == "done" and re.search(r"[,;，；、]\s*$", view) else None
        self.sentence_wording = reading.previous_wording if re.search(r"[;；]\s*$", view) else None
        targets = reading.targets
        targets.sort(key=lambda t: t.span_start)
        for n, target in enumerate(targets, start=1):
            target.id = target_id(analysis.clause.id, n)
        return targets, next_carried

    def tense_at(self, times: ClauseTimes, upto: int) -> str | None:
        """past / future / done: the last tense marker before ``upto`` in the clause, else the paragraph's."""
        return times.tense(upto) or self.sentence_tense or self.tense

    def in_plan_cell(self, clause_id: str, position: int) -> bool:
        """Whether ``position`` of a clause stands in a table's cell that states the plan beside a column of
        progress."""
        return any(s <= position < e for s, e in self.plan_cells.get(clause_id, ()))

    def in_progress_cell(self, clause_id: str, position: int) -> bool:
        """Whether ``position`` of a clause stands in a table's column of progress (进展情况), which states what
        was done."""
        return any(s <= position < e for s, e in self.progress_cells.get(clause_id, ()))


def _comparator(grammar: TargetsFile, piece: str, start: int, end: int) -> str:
    """The comparator of the number at ``start``..``end`` of ``piece``: a word right after it (以上: >=) wins over
    the last word in the 12 characters before it (超过: >; 不高于 over 高于), else the default (rules/targets.yml ``comparators``)."""
    after = piece[end:end + 3]
    for word, comparator in grammar.comparators.after.items():
        if after.lstrip().startswith(word):
            return comparator
    before = piece[:start]
    best, best_key = grammar.comparators.default, (-1, 0)
    for word, comparator in grammar.comparators.before.items():
        at = before.rfind(word)
        # The word ending last, the longest of those ending together (不高于 over 高于).
        key = (at + len(word), len(word))
        if at >= 0 and key > best_key and at + len(word) >= len(before) - 12:
            best, best_key = comparator, key
    return best


def _covers(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether one of ``spans`` ((start, end), in order and apart, as finditer gives them) holds ``position``."""
    at = bisect_right(spans, (position, math.inf)) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1]


class _ClauseReading:
    """One clause being read: its view (``v``), its years and tenses (``times``), the targets found so far and what
    carries from one figure to the next (the last metric named, the last indicator's words)."""

    def __init__(self, reader: TargetReader, view: ClauseView, carried: tuple[int | None, str | None], goal: bool):
        self.reader, self.g, self.v = reader, reader.g, view
        self.times = ClauseTimes(reader.g, view.view, reader.report_year, reader.default_year)
        self.carried = carried
        self.verbless = goal or view.row
        self.targets: list[Target] = []
        # Spans of relative figures and of growth rates (each in order, apart): no quantities of their own.
        self.relative_spans: list[tuple[int, int]] = []
        self.growth_spans: list[tuple[int, int]] = []
        self.last_metric = None
        self.previous_wording: str | None = reader.sentence_wording

    def metric_for(self, piece_start: int, piece_end: int, number_start: int):
        """The metric of rules/ that names the number at ``number_start``: the last one in its piece before it, else
        the first one in its piece, else None."""
        inside = self.v.metrics_in(piece_start, piece_end)
        before = inside.last_ending_by(number_start)
        if before is not None:
            return before
        return inside.hits[0] if inside.hits else None

    def relatives(self) -> None:
        """Figures relative to a baseline (比2015年增长一倍: 2 倍, comparator ×)."""
        view = self.v.view
        for match in self.g.relative.pattern.finditer(view):
            hit = self.metric_for(0, len(view), match.start())
            if hit is None:
                continue
            if match.group("times"):
                value = _number(match.group("times")) + 1
            elif match.group("doublings"):
                value = 2 ** _number(match.group("doublings"))
            else:
                value = _number(match.group("multiple"))
            baseline = re.sub(r"[“”\"]|时期|期末", "", match.group("baseline") or match.group("baseline_of"))
            self.add(hit, value, "倍", "×", match.span(), self.g.relative.id, baseline=baseline)
            self.relative_spans.append(match.span())

    def growths(self) -> None:
        """Annual growth rates (年均增长10%: 10 %, growth annual), of the metric named in their piece."""
        view = self.v.view
        for match in self.g.growth.pattern.finditer(view):
            piece = self.v.piece_at(match.start()) or (0, len(view))
            hit = self.metric_for(piece[0], piece[1], match.start()) or self.last_metric
            if hit is None:
                continue
            comparator = ">=" if match.group("above") else "="
            self.add(hit, float(match.group("number")), "%", comparator, match.span(), self.g.growth.id,
                     growth="annual")
            self.growth_spans.append(match.span())

    def quantities(self, piece_start: int, piece_end: int) -> None:
        """The quantities of one piece (view offsets ``piece_start``..``piece_end``); its last metric named is the
        one the next piece's figures fall back on."""
        piece = self.v.view[piece_start:piece_end]
        previous_end = 0
        for n, match in enumerate(self.g.quantity.finditer(piece)):
            if n == _MOST_FIGURES_A_PIECE:
                break  # (a piece of thousands of figures and no comma is no sentence: each would read it all)
            own_end, previous_end = previous_end, match.end()
            self._quantity(match, piece_start, piece_end, piece, own_end)
        in_piece = self.v.metrics_in(piece_start, piece_end).hits
        if in_piece:
            self.last_metric = in_piece[-1]

    def _quantity(self, match: re.Match, piece_start: int, piece_end: int, piece: str, own_end: int) -> None:
        """One quantity of a piece (``match`` of rules/targets.yml ``quantity`` in ``piece``), added where it is a
        target or an actual; ``own_end`` is where the figure before it in the piece ends."""
        start, end = piece_start + match.start(), piece_start + match.end()
        before = piece[:match.start()]
        if _covers(self.relative_spans, start) or _covers(self.growth_spans, start) \
                or self._no_figure(match, piece, before, end):
            return
        if self.g.indicator.condition_after.match(self.v.view, end):
            return  # 突破1000万元、2000万元的,分别给予奖励: the bar a policy rewards (read past the piece's end)
        tense = self.reader.tense_at(self.times, start)
        year_named, period = self.times.year(start, self.carried)
        # 超额完成4.7万批次的年度目标任务: the words after the figure name it the aim.
        named_aim = match.group("unit") not in ("%", "‰") and bool(
            self.g.indicator.aim_named_after.match(piece, match.end()))
        stated = not named_aim and self._stated(before, piece[match.end():], start, tense, year_named, period)
        if stated and year_named is None:
            return  # 现有企业120家: what is, of no year, neither target nor actual
        if before.endswith("第"):
            return  # 第四条, 第二位: an ordinal, not a quantity
        if self.g.indicator.threshold.match(piece, match.end()) or (
                self.g.indicator.threshold_before.search(before) and piece.startswith("的", match.end())):
            return  # 营业收入超1000亿元的2个: the bar a counted thing clears, not a figure aimed at
        hit = self._named(match, piece_start, piece_end, piece, stated, own_end)
        if hit is None:
            return
        self._remember(hit)
        try:
            value = _number(match.group("number"))
        except ValueError:
            return
        high = float(match.group("high")) if match.group("high") else None
        measure, factor = base_measure(match.group("multiplier"), match.group("unit"), self.g)
        value *= factor
        if named_aim and hit in self.g.indicator.create_verbs:
            # 抽样检验5.2万批次,超额完成4万批次的年度目标任务: the aim of the first figure in its measure, not of 完成.
            hit = next((t.wording for t in self.targets if t.unit == measure), hit)
        # (The aim named after its figure takes its comparator from the words after it alone.)
        comparator = "range" if high is not None else _comparator(self.g, piece[match.end():], 0, 0) if named_aim \
            else _comparator(self.g, piece, match.start(), match.end())
        if match.group("more") and comparator == self.g.comparators.default:
            comparator = ">"  # 7万余套: more than 70000
        # (Read in the 160 characters before the figure: a long clause costs no more per figure.)
        aimed = named_aim or not stated and (self.reader.list_aimed or bool(
            self.g.indicator.past_aim.search(self.v.view, max(0, start - 160), start)))
        self.add(hit, value, measure, comparator, (start, end), self.g.id,
                 value_max=high * factor if high is not None else None, stated=stated, aimed=aimed)
        # 分别下降到32、55微克/立方米: each number before the figure is a figure in its unit. (Read in the 200
        # characters before it: a long piece costs no more per figure.)
        window = max(0, len(before) - 200)
        listed = self.g.listed.search(before, window) if high is None else None
        for number in re.finditer(r"\d+(?:\.\d+)?", listed.group("numbers")) if listed else ():
            at = piece_start + listed.start("numbers") + number.start()
            self.add(hit, float(number.group()) * factor, measure, comparator, (at, at + len(number.group())),
                     self.g.id, stated=stated, aimed=aimed)

    def _no_figure(self, match: re.Match, piece: str, before: str, end: int) -> bool:
        """Whether a quantity is no figure of a target at all, by the words around it (``end``: where it ends in the
        clause's view, read past the piece's end)."""
        g = self.g.indicator
        if match.group("unit") in ("%", "个百分点", "百分点") and g.progress.search(before):
            return True  # 完成30%, 超时序进度8.6个百分点: progress against a target, neither target nor actual
        if g.reward_before.search(before) or g.reward_after.match(self.v.view, end):
            return True  # 给予最高20万元奖励: an amount a policy pays
        if (g.scope_before.search(before) and g.scope_after.match(piece, match.end())) or \
                g.criterion_before.search(before):
            return True  # 对总投资1000万元以上的项目, 资产总额大于1200亿元: whom a policy is for
        from_at = g.baseline_from.search(before)
        # 从十一五末的8203件 (增长到…): the baseline of a figure, not one of its own
        return bool(from_at and not any(v in before[from_at.start():] for v in g.compare_verbs))

    def _stated(self, before: str, after: str, start: int, tense: str | None, year_named: int | None,
                period: str | None = None) -> bool:
        """Whether the figure at ``start`` (view offset) is stated as what is or was, not aimed at; ``before`` and
        ``after``: the piece's words on either side of it; ``year_named`` its year, ``period`` the plan period that
        year ends (十四五), if it came from one."""
        r, g, times = self.reader, self.g.indicator, self.times
        # (为500所小学更新设备: 为 names whom a service is for, not what is.)
        served = bool(g.fronted_object.before.search(before) and g.fronted_object.after.match(after))
        # What is (现有企业120家), a retrospect (近年来…), what is done (已建成3个, 至此…), in a report on
        # progress what was completed, and in a news report a year's figure with no word of aim.
        # What a task, a plan or an aim is, or holds (目标为…, 已下达…任务,其中开工任务涉及…), is aimed at.
        return not g.aim_of.search(before) and (
            (before.rstrip().endswith(tuple(self.g.statement_words)) and not served) or tense in ("past", "done")
            or r.in_progress_cell(self.v.clause.id, start)
            or (r.progress_report and not r.in_plan_cell(self.v.clause.id, start)
                and times.seen(g.progress_done, start))
            or ((r.news or r.progress_report) and times.seen(g.so_far, start))
            # (In an undated report, a figure of a plan period's year (“十四五”…目标: then 地区生产总值达到…) is
            # the period's aim: no date tells the period is over.)
            or (r.news and tense is None and year_named is not None
                and (r.report_year is None and period is None
                     or r.report_year is not None and year_named <= r.report_year))
            # Under a review's heading a word of aim (争取上级资金31.8亿元) tells what was won, unless it
            # names a time ahead (明年, 下一步, a later year).
            or (r.retrospect and not times.seen(g.ahead, start)
                and not (year_named is not None and r.report_year is not None and year_named > r.report_year)))

    def _named(self, match: re.Match, piece_start: int, piece_end: int, piece: str, stated: bool, own_end: int):
        """What names a quantity: a metric of rules/ (in the words of its phrase where the phrase holds it, a
        ``_Worded``), an indicator read by grammar (a str), the last metric named, or None."""
        hit = self.metric_for(piece_start, piece_end, piece_start + match.start())
        # The indicator's words are read on the unmasked text (执业(助理)医师数 keeps its note).
        full_piece = self.v.full[piece_start:piece_end]
        after = full_piece[match.end():]
        if hit is None:
            if self.g.in_passing.search(piece):
                return None
            # An indicator read by grammar needs a number in digits: 两个, 四个全面 are words, not targets.
            wording = read_indicator(self.g, full_piece, match.start(), self.previous_wording, stated, after,
                                     self.verbless, own_end) if match.group("number")[0].isdigit() else None
            joined = self._joined_piece(piece_start) if wording is None else None
            if joined is not None and match.group("number")[0].isdigit():
                # 完成专项行动和1515个行政村道路硬化: a figure after 和 with no figure before it in its sentence
                # part is the object of the verb before the 和.
                verbed = read_indicator(self.g, self.v.full[joined:piece_end], piece_start - joined + match.start(),
                                        None, stated, after, self.verbless)
                own = object_after(after)
                wording = (own if len(own) >= 2 else verbed) if verbed else None
            # (…年均增长13.6%: a growth of the figure before, named after it where no metric of rules/ is.)
            return wording or self.last_metric or growth_of(self.g, full_piece[:match.start()], self.previous_wording)
        # A metric of rules/ named in the phrase: the phrase is the wording, the metric its id.
        phrase = read_indicator(self.g, full_piece, match.start(), None, stated, after, self.verbless, own_end)
        named = self.v.text[hit.start:hit.end]
        return _Worded(hit, phrase) if phrase and named in phrase else hit

    def _joined_piece(self, piece_start: int) -> int | None:
        """The start of the piece before the one at ``piece_start`` where a 和 or 及 parts them and the one before
        holds a verb of creation or attainment and no figure (a verb's objects joined: 完成A和1515个B); else
        None."""
        before = self.v.piece_before(piece_start)
        if before is None or self.v.view[piece_start - 1:piece_start] not in ("和", "及"):
            return None
        start = before[0]
        # (The item's own number, 28., is no figure.)
        words = re.sub(r"^\s*\d{1,3}\s*[.、．]", "", self.v.view[start:piece_start])
        verbs = self.g.indicator.create_verbs + self.g.indicator.compare_verbs
        return None if re.search(r"\d", words) or not any(v in words for v in verbs) else start

    def _remember(self, hit) -> None:
        """What a figure's name carries to the next figures: its metric, or its indicator's words."""
        if isinstance(hit, str):
            self.previous_wording = hit
        elif isinstance(hit, _Worded):
            self.last_metric, self.previous_wording = hit.metric, hit.wording
        else:
            self.last_metric = hit

    def add(self, metric_hit, value: float, measure: str, comparator: str, span: tuple[int, int], rule_id: str,
            baseline: str | None = None, growth: str | None = None, value_max: float | None = None,
            stated: bool = False, aimed: bool = False) -> None:
        """Add a target of ``metric_hit`` (a metric hit, a ``_Worded`` or an indicator's words) at ``span`` (view
        offsets): ``value`` (and ``value_max``) in base units, its year and kind from the clause's times and the
        document's year; a figure of a past year, or one ``stated`` as what is, is an actual, unless ``aimed`` (the
        text says that year aimed at it)."""
        r, clause = self.reader, self.v.clause
        year, period = self.times.year(span[0], self.carried)
        if year is None and period is None:
            # A one-year document's year; an undated report's, the year of the work ahead it names.
            year = r.default_year or r.year_ahead
        reference = r.issued_year or r.default_year or r.year_ahead
        # A figure of a past year, or one stated as what is (2020年…比例为62%), is an actual; one the text says that
        # year aimed at (``aimed``: 报告提出,2019年…) is that year's target.
        kind = "actual" if year is not None and (stated or (reference is not None and year < reference
                                                            and not aimed)) else "target"
        if isinstance(metric_hit, str):  # an indicator read by grammar, not a metric of rules/
            metric, wording, rule_id = r.metric_names.get(metric_hit), metric_hit, self.g.indicator.id
        elif isinstance(metric_hit, _Worded):  # a metric of rules/, in the words of the text's phrase
            metric, wording = metric_hit.metric.label, metric_hit.wording
        else:
            metric, wording = metric_hit.label, self.v.text[metric_hit.start:metric_hit.end]
        self.targets.append(Target(
            id="", document_id=clause.document_id,
            clause_id=clause.id, metric=metric, wording=wording,
            value=value, unit=measure, comparator=comparator, year=year, period=period, baseline=baseline,
            growth=growth, rule_id=rule_id, span_start=clause.char_start + self.v.original(span[0]),
            span_end=clause.char_start + self.v.original(span[1], end=True), kind=kind, value_max=value_max))
