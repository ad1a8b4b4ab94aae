"""Quantitative targets: indicator, value in base units, unit, comparator, year, baseline (rules/targets.yml)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from .dates import deadline_year, title_year
from .normalize import gloss_kept, parsing_view
from .numerals import chinese_integer
from .rule_models.targets import TargetsFile
from .structure.lines import INLINE_ITEM
from .vocabulary import NOT_TARGET_KINDS
from .tagging import ClauseAnalysis
from .target_tables import base_unit, plan_cells, table_targets


@dataclass
class Target:
    """A quantitative target, or an actual figure (``kind``), of a clause (the ``targets`` table). ``value`` is in
    base units (万 and 亿 expanded: 2000万件 → 20,000,000 件) and ``unit`` the base unit; ``comparator`` is =, >=, >,
    <=, about, range (up to ``value_max``) or × (``value`` times ``baseline``); ``year`` the year it is set for, or
    ``period`` (十四五) with its last year; ``growth`` "annual" for a yearly growth rate; ``span_start``/
    ``span_end`` the offsets of its figure in the document's text; ``rule_id`` the rules/targets.yml rule."""
    id: str
    document_id: str
    clause_id: str
    metric: str | None  # a rules/metrics.yml id where the wording matches one, else None
    wording: str  # the document's own name for the indicator
    value: float
    unit: str
    comparator: str
    year: int | None
    period: str | None
    baseline: str | None
    growth: str | None
    rule_id: str
    span_start: int
    span_end: int
    kind: str = "target"  # target, or actual: a figure of a year before the document's
    value_max: float | None = None  # the high end of a range (8—10个: value 8, value_max 10, comparator range)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        if "万" in text or "亿" in text:
            raise
        return float(chinese_integer(text))


@lru_cache(maxsize=8)
def _masks(cited_title: re.Pattern) -> re.Pattern:
    """A cited 《title》 (rules/citations.yml) or a note in (…), whichever opens first."""
    return re.compile(f"{cited_title.pattern}|\\([^()]*\\)")


def _masked(view: str, grammar: TargetsFile) -> str:
    """The view with cited 《…》 titles and (…) notes blanked out: numbers in titles and notes are not targets."""
    return _masks(grammar.cited_title).sub(lambda m: " " * len(m.group()), view)


@dataclass
class _Worded:
    """A metric of rules/ found inside the phrase the text names the indicator with."""
    metric: object
    wording: str


# Clauses that frame the document: a number there is not one of its targets.


class TargetReader:
    """Reads the targets of a document's clauses in order (``read_clause``), by rules/targets.yml (``grammar``):
    what it knows of the document (its year, whether it is a news report or a report on progress) and of the
    paragraph so far (its tense) decides whether a figure is a target, an actual, or neither."""

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
        self.retrospect = False  # the clause stands under a review's heading (2024年工作回顾)
        self.tense: str | None = None  # past / future: the paragraph's last tense marker so far
        self.sentence_tense: str | None = None  # done, said in a clause its sentence goes on after (截至目前,…;)
    def indicator(self, piece: str, number_at: int, previous: str | None, stated: bool = False,
                  after: str = "", verbless: bool = False, previous_end: int = 0) -> str | None:
        """The indicator of a number by grammar, where no metric of rules/ names it: the words before a verb of
        attainment (全市数字经济核心产业增加值达到320亿元), or a verb of creation and its object (新建高标准农田2万亩);
        None where no such verb stands before the number (在全省11个地市中 is no target). With no verb, a rate
        (上等烟比例70%), an object fronted by 对 (对28个小区进行改造), a figure before its subject (50%以上医院达到…)
        and, where ``verbless`` (a table's cell, a section of aims), the words before the number name it."""
        g = self.g.indicator
        before = piece[:number_at]
        # The last verb of attainment before the number (the longest where two end together: 提高到 over 到);
        # the first verb of creation, which heads its object (完成城镇老旧小区改造12个, 新培育…企业40家).
        compare = max(((before.rfind(v), v) for v in g.compare_verbs if v in before),
                      key=lambda c: (c[0] + len(c[1]), len(c[1])), default=None)
        adjacent = next((v for v in g.adjacent_compare_verbs if before.rstrip().endswith(v)), None)
        if adjacent is not None:  # 收入超400亿元, 寿命≥71岁: the verb right before the number is the last one
            compare = (len(before.rstrip()) - len(adjacent), adjacent)
        # The words since the figure before it in the piece (合格率80%以上、综合等级纯度90%以上 → 综合等级纯度).
        own = re.sub(r"^\s*(?:以上|以下|以内|左右)?[、和及与\s]*", "", before[previous_end:])
        create = min(((before.find(v), v) for v in g.create_verbs if v in before),
                     key=lambda c: (c[0], -len(c[1])), default=None)
        statement = next((w for w in sorted(self.g.statement_words, key=len, reverse=True)
                          if before.rstrip().endswith(w)), None) if stated else None
        if statement is not None:
            wording = self._bare(before.rstrip()[:-len(statement)])  # 县域内就诊率为83.5%
        elif compare is not None and (create is None or compare[0] >= create[0]):
            at, verb = compare
            between = before[at + len(verb):].strip()
            # A list of figures, each with its own verb (A增长5%以上、B增长8%左右): this one's words start after
            # the figure before it. Past a 、 with no figure, the verb was another member's (…与经济增长基本同步、
            # 粮食产量500亿斤): the words after the 、 name this one.
            start = previous_end if 0 < previous_end <= at else 0
            if "、" in between and not re.search(r"\d", between):
                wording = self._bare(between.rsplit("、", 1)[1])
            else:
                # (从61%提高到78%: nothing since the figure before, so the verb's subject is this one's too.)
                wording = self._bare(re.sub(r"^\s*(?:以上|以下|以内|左右)?[、和及与\s]*", "", before[start:at])) \
                    or self._bare(before[:at]) or (verb + between if self._bare(between) else "") \
                    or previous or ""  # (增加义务教育学位5000个: the verb and its object; 力争达到14.3亿斤: the same)
            if between and g.per_capita and between.startswith(tuple(g.per_capita)):
                wording = between + wording  # 发明专利拥有量达到每万人口8件 → 每万人口发明专利拥有量
        elif create is not None:
            # The verb of creation since the last figure before the number heads it (… 24 4.新投放自行车3000辆);
            # a figure listed after another under one verb (新建道路20条、桥梁3座) is named by its own words.
            since = max((m.end() for m in re.finditer(r"\d", before)), default=0)
            local = min(((before.find(v, since), v) for v in g.create_verbs if v in before[since:]),
                        key=lambda c: (c[0], -len(c[1])), default=None)
            if local is not None:
                wording = self._bare(before[local[0]:])
            elif previous_end and self._bare(own) and not re.search(r"[\d《》]", own):
                wording = self._bare(own)
            else:
                wording = self._bare(before[create[0]:])
            if wording in g.create_verbs:
                # 建成5个国家级示范区: the verb stands right before the number, its object after the unit.
                wording = re.split(r"[,，;；。、:：的]", after, 1)[0].strip() or wording
        elif self.g.indicator.threshold_count.search(before):
            # 营业收入超1000亿元的2个、超500亿元的5个: the bar names the count that clears it.
            wording = self._bare(before.rsplit("、", 1)[-1])
        elif self.g.indicator.aim_of.search(before):
            # 竣工任务涉及9.5万套: the task's words before what it holds.
            wording = self._bare(before[:self.g.indicator.aim_of.search(before).start("verb")])
        elif g.fronted_object.before.search(before) and g.fronted_object.after.match(after):
            # 对28个小区进行改造: the object after the unit and the action are the indicator.
            wording = g.fronted_object.after.match(after).group()
        elif self.g.indicator.share_of.match(after) and not before.rstrip().endswith(tuple(g.share_words)):
            # 50%的社区建成…: a share of what follows, up to what it is to do.
            wording = self._subject(self.g.indicator.share_of.sub("", after, 1))
        elif self.g.indicator.each_has.search(before):
            # 每个县有1家以上…医院: what each is to have.
            wording = self._subject(after)
        elif previous and not re.search(r"[\d《》]", before) and self._bare(before):
            # A figure listed after another (营业收入达到486亿元,软件著作权登记量1.2万件): its words before the number.
            wording = self._bare(before)
        elif own.rstrip().endswith(tuple(g.rate_words)) or (verbless and self._bare(own)
                                                               and not own.rstrip().endswith("的")
                                                               and not re.search(r"[《》]", own)):
            wording = self._bare(own)  # 上等烟比例70%以上; a table's cell 居民消费价格涨幅3%左右
        elif not self._bare(before):
            # A figure before its subject (50%以上县级医院达到…标准), or one more in a list (2个千亿级产业集群和
            # 6个五百亿级产业集群): the words after the unit.
            subject = re.split(r"[,，;；。、:：]", after, 1)[0]
            subject = re.sub(r"^(?:以上|以下|左右|的)+", "", subject.strip())
            verb = min((subject.find(v) for v in g.compare_verbs if v in subject), default=-1)
            wording = subject[:verb] if verb > 0 else subject if previous else ""
            if not wording:
                return None
        else:
            return None
        if wording.startswith(tuple(g.share_words)) and previous:
            wording = previous + wording  # …增加值达到320亿元,占地区生产总值比重提高到9%
        if wording in g.not_indicators:
            return None
        # 在2020年基础上, 较2020年: a baseline is no part of the indicator's name; nor are quotation marks.
        wording = re.sub(g.baseline, "", wording)
        wording = re.sub(r"[“”\"‘’'\s]", "", wording)
        return wording if 2 <= len(wording) <= g.max_chars else None

    def _subject(self, after: str) -> str:
        """The words after a figure up to the end of its piece or its first verb (以上三级医院 → 三级医院)."""
        g = self.g.indicator
        subject = re.sub(r"^(?:以上|以下|左右|的)+", "", re.split(r"[,，;；。、:：]", after, 1)[0].strip())
        verb = min((subject.find(v) for v in g.compare_verbs + g.create_verbs if subject.find(v) > 0),
                   default=-1)
        return subject[:verb] if verb > 0 else subject

    def _bare(self, wording: str) -> str:
        """An indicator's words without the time phrase, scope words and punctuation around them."""
        g = self.g.indicator
        wording = self.g.year.sub("", wording)
        wording = re.sub(g.strip, "", wording).strip(" ,;:，；：、")
        for word in sorted(g.scope_words, key=len, reverse=True):
            if wording.startswith(word):
                wording = wording[len(word):]
        return wording

    def _comparator(self, piece: str, start: int, end: int) -> str:
        after = piece[end:end + 3]
        for word, comparator in self.g.comparators.after.items():
            if after.lstrip().startswith(word):
                return comparator
        before = piece[:start]
        best, best_at = self.g.comparators.default, -1
        for word, comparator in self.g.comparators.before.items():
            at = before.rfind(word)
            if at > best_at and at + len(word) >= len(before) - 12:
                best, best_at = comparator, at
        return best

    def _year(self, text: str, upto: int, carried: tuple[int | None, str | None]):
        year, period = carried
        best = -1
        for pattern in (self.g.year, self.g.deadline_year):
            for match in pattern.finditer(text, 0, upto):
                if match.start() > best:
                    year, period, best = int(match.group("year")), None, match.start()
        for match in self.g.period.finditer(text, 0, upto):
            if match.start() > best and not text[:match.start()].endswith("比"):
                period = match.group("period")
                year, best = self.g.periods[period], match.start()
        if self.report_year is not None:  # 明年 in a report of 2018 is 2019
            for match in self.g.indicator.relative_year.finditer(text, 0, upto):
                if match.start() > best:
                    year, period, best = self.report_year + self.g.indicator.relative_years.get(
                        match.group("relative"), 0), None, match.start()
        return year, period

    def _in_plan_cell(self, clause_id: str, position: int) -> bool:
        """Whether ``position`` of a clause stands in a table's cell that states the plan beside a column of
        progress."""
        return any(s <= position < e for s, e in self.plan_cells.get(clause_id, ()))

    def _tense(self, text: str, upto: int) -> str | None:
        """past / future / done: the last tense marker before ``upto`` in the clause, else the paragraph's."""
        last = None
        # An item number run into the clause (… 实际完成 1 2 3 3.新投放…) opens an item of its own.
        begin = max((m.end() for m in INLINE_ITEM.finditer(text, 0, upto)), default=0)
        for match in self.g.indicator.tense.any.finditer(text, begin, upto):
            last = match.lastgroup
        return last or self.sentence_tense or self.tense

    def read_clause(self, analysis: ClauseAnalysis, carried: tuple[int | None, str | None], goal: bool = False):
        """Targets of one clause, and the year/period it carries to the next clause of its paragraph. In a
        section of aims (``goal``) or a table's row, a figure needs no verb: the words before it name it."""
        clause = analysis.clause
        text = clause.text
        full = parsing_view(text)
        # Pinyin glosses some pages print after characters (达(dá)到) are no part of the text: read without them,
        # positions mapped back to the clause's.
        kept = None
        metrics = analysis.phrases["metrics"]
        kept = gloss_kept(full)
        if kept is not None:
            text, full = "".join(text[i] for i in kept), "".join(full[i] for i in kept)
            metrics = [m._replace(start=bisect_left(kept, m.start), end=bisect_left(kept, m.end)) for m in metrics]

        def original(at: int, end: bool = False) -> int:
            if kept is None:
                return at
            return (kept[at - 1] + 1 if at else 0) if end else (kept[at] if at < len(kept) else len(clause.text))
        view = _masked(full, self.g)
        # A flattened table's row (1 居民消费价格涨幅3%左右 发展改革委): its serial number is no figure, and its
        # cells are pieces of their own.
        row = bool(self.g.indicator.table_row.search(view))
        if row:
            full = self.g.indicator.row_number.sub(lambda m: " " * len(m.group()), full, 1)
            view = self.g.indicator.row_number.sub(lambda m: " " * len(m.group()), view, 1)
        verbless = goal or row
        # A metric named inside a 《title》 or a (note) is no indicator of a number outside it.
        metrics = [m for m in metrics if view[m.start:m.end].strip()]
        targets = []
        pieces, position = [], 0
        separators = [self.g.piece_separators] + ([self.g.indicator.cell_separators] if row else [])
        for separator in sorted((m for r in separators for m in r.finditer(view)), key=lambda m: m.start()):
            if separator.start() < position:
                continue
            pieces.append((position, separator.start()))
            position = separator.end()
        pieces.append((position, len(view)))
        last_metric = None
        previous_wording = None
        year_carried = carried

        def metric_for(piece_start, piece_end, number_start):
            inside = [m for m in metrics if piece_start <= m.start and m.end <= piece_end]
            before = [m for m in inside if m.end <= number_start]
            if before:
                return before[-1]
            return inside[0] if inside else None

        def add(metric_hit, value, unit, comparator, span, rule_id, baseline=None, growth=None, value_max=None,
                stated=False):
            year, period = self._year(view, span[0], year_carried)
            if year is None and period is None:
                # A one-year document's year; an undated report's, the year of the work ahead it names.
                year = self.default_year or self.year_ahead
            reference = self.issued_year or self.default_year or self.year_ahead
            # A figure of a past year, or one stated as what is (2020年…比例为62%), is an actual.
            kind = "actual" if year is not None and (stated or (reference is not None and year < reference)) \
                else "target"
            if isinstance(metric_hit, str):  # an indicator read by grammar, not a metric of rules/
                metric, wording, rule_id = self.metric_names.get(metric_hit), metric_hit, self.g.indicator.id
            elif isinstance(metric_hit, _Worded):  # a metric of rules/, in the words of the text's phrase
                metric, wording = metric_hit.metric.label, metric_hit.wording
            else:
                metric, wording = metric_hit.label, text[metric_hit.start:metric_hit.end]
            targets.append(Target(
                id="", document_id=clause.document_id,
                clause_id=clause.id, metric=metric, wording=wording,
                value=value, unit=unit, comparator=comparator, year=year, period=period, baseline=baseline,
                growth=growth, rule_id=rule_id, span_start=clause.char_start + original(span[0]),
                span_end=clause.char_start + original(span[1], end=True), kind=kind, value_max=value_max))

        relative_spans = []
        for match in self.g.relative.pattern.finditer(view):
            hit = metric_for(0, len(view), match.start())
            if hit is None:
                continue
            if match.group("times"):
                value = _number(match.group("times")) + 1
            elif match.group("doublings"):
                value = 2 ** _number(match.group("doublings"))
            else:
                value = _number(match.group("multiple"))
            baseline = re.sub(r"[“”\"]|时期|期末", "", match.group("baseline") or match.group("baseline_of"))
            add(hit, value, "倍", "×", match.span(), self.g.relative.id, baseline=baseline)
            relative_spans.append(match.span())
        growth_spans = []
        for match in self.g.growth.pattern.finditer(view):
            piece = next((p for p in pieces if p[0] <= match.start() < p[1]), (0, len(view)))
            hit = metric_for(piece[0], piece[1], match.start()) or last_metric
            if hit is None:
                continue
            comparator = ">=" if match.group("above") else "="
            add(hit, float(match.group("number")), "%", comparator, match.span(), self.g.growth.id,
                growth="annual")
            growth_spans.append(match.span())
        for piece_start, piece_end in pieces:
            piece = view[piece_start:piece_end]
            previous_end = 0
            for match in self.g.quantity.finditer(piece):
                start, end = piece_start + match.start(), piece_start + match.end()
                own_end, previous_end = previous_end, match.end()
                if any(s <= start < e for s, e in relative_spans + growth_spans):
                    continue
                before = piece[:match.start()]
                if match.group("unit") in ("%", "个百分点", "百分点") and self.g.indicator.progress.search(before):
                    continue  # 完成30%, 超时序进度8.6个百分点: progress against a target, neither target nor actual
                if self.g.indicator.reward_before.search(before) or self.g.indicator.reward_after.match(piece, match.end()):
                    continue  # 给予最高20万元奖励: an amount a policy pays
                from_at = self.g.indicator.baseline_from.search(before)
                if from_at and not any(v in before[from_at.start():] for v in self.g.indicator.compare_verbs):
                    continue  # 从十一五末的8203件 (增长到…): the baseline of a figure, not one of its own
                tense = self._tense(view, start)
                year_named = self._year(view, start, year_carried)[0]
                # What is (现有企业120家), a retrospect (近年来…), what is done (已建成3个, 至此…), in a report on
                # progress what was completed, and in a news report a year's figure with no word of aim.
                # What a task, a plan or an aim is, or holds (目标为…, 已下达…任务,其中开工任务涉及…), is aimed at.
                stated = not self.g.indicator.aim_of.search(before) and (
                    before.rstrip().endswith(tuple(self.g.statement_words)) or tense in ("past", "done")
                    or (self.progress_report and not self._in_plan_cell(clause.id, start)
                        and bool(self.g.indicator.progress_done.search(view, 0, start)))
                    or ((self.news or self.progress_report) and bool(self.g.indicator.so_far.search(view, 0, start)))
                    or (self.news and tense is None and year_named is not None
                        and (self.report_year is None or year_named <= self.report_year))
                    # Under a review's heading a word of aim (争取上级资金31.8亿元) tells what was won, unless it
                    # names a time ahead (明年, 下一步, a later year).
                    or (self.retrospect and not self.g.indicator.ahead.search(view, 0, start)
                        and not (year_named is not None and self.report_year is not None
                                 and year_named > self.report_year)))
                if stated and year_named is None:
                    continue  # 现有企业120家: what is, of no year, neither target nor actual
                if before.endswith("第"):
                    continue  # 第四条, 第二位: an ordinal, not a quantity
                if self.g.indicator.threshold.match(piece, match.end()) or (
                        self.g.indicator.threshold_before.search(before) and piece.startswith("的", match.end())):
                    continue  # 营业收入超1000亿元的2个: the bar a counted thing clears, not a figure aimed at
                hit = metric_for(piece_start, piece_end, start)
                # The indicator's words are read on the unmasked text (执业(助理)医师数 keeps its note).
                full_piece = full[piece_start:piece_end]
                after = full_piece[match.end():]
                if hit is None:
                    if self.g.in_passing.search(piece):
                        continue
                    # An indicator read by grammar needs a number in digits: 两个, 四个全面 are words, not targets.
                    wording = self.indicator(full_piece, match.start(), previous_wording, stated, after, verbless,
                                             own_end) if match.group("number")[0].isdigit() else None
                    hit = wording or last_metric
                else:
                    # A metric of rules/ named in the phrase: the phrase is the wording, the metric its id.
                    phrase = self.indicator(full_piece, match.start(), None, stated, after, verbless, own_end)
                    named = text[hit.start:hit.end]
                    if phrase and named in phrase:
                        hit = _Worded(hit, phrase)
                if hit is None:
                    continue
                if isinstance(hit, str):
                    previous_wording = hit
                elif isinstance(hit, _Worded):
                    last_metric, previous_wording = hit.metric, hit.wording
                else:
                    last_metric = hit
                try:
                    value = _number(match.group("number"))
                except ValueError:
                    continue
                high = float(match.group("high")) if match.group("high") else None
                unit, factor = base_unit(match.group("multiplier"), match.group("unit"), self.g)
                value *= factor
                comparator = "range" if high is not None else self._comparator(piece, match.start(), match.end())
                if match.group("more") and comparator == self.g.comparators.default:
                    comparator = ">"  # 7万余套: more than 70000
                add(hit, value, unit, comparator, (start, end), self.g.id,
                    value_max=high * factor if high is not None else None, stated=stated)
            in_piece = [m for m in metrics if piece_start <= m.start and m.end <= piece_end]
            if in_piece:
                last_metric = in_piece[-1]
        next_carried = self._year(view, len(view), carried)
        tense = self._tense(view, len(view))
        self.tense = tense if tense != "done" else self.tense  # 已建成… is said of its sentence only
        # A sentence going on after its clause (截至目前,续建30个;新建52个,…。) keeps its done.
        self.sentence_tense = "done" if tense == "done" and re.search(r"[,;，；、]\s*$", view) else None
        targets.sort(key=lambda t: t.span_start)
        for n, target in enumerate(targets, start=1):
            target.id = f"{clause.id}.t{n}"
        return targets, next_carried


def read_targets(analyses: list[ClauseAnalysis], grammar: TargetsFile, section_parents: dict[str, str | None],
                 issued_date: str | None = None, title: str | None = None,
                 metric_names: dict[str, str] | None = None, published_date: str | None = None) -> list[Target]:
    """Targets of a document's clauses, in order. A year (到2020年) carries over to the rest of its paragraph;
    a paragraph that introduces a list (…达到以下要求:) carries its year into the subsections below it; a document
    titled with a year (2023年…工作要点) sets targets for that year where a clause names none. ``published_date``
    (YYYY-MM-DD, the page's 发布时间) is the year 今年 and a month's deadline count from where the document names no
    date of issue; it never makes a figure an actual."""
    g = grammar.indicator
    # A title of one year (2024年…工作要点), not a span of years (2024—2026年).
    default_year = title_year(title)
    if default_year is None:
        # No title of one year: an opening line that names the year of the work the document divides
        # (县卫健委2021年政府工作报告任务分解; 提出了2013年…8项重点工作,现将…分解如下).
        for analysis in analyses:
            if analysis.clause.kind in ("heading", "item", "goal", "note"):
                break
            opening = re.search(g.one_year, _masked(parsing_view(analysis.clause.text), grammar))
            if opening:
                default_year = int(opening.group("year"))
                break
    news = any(re.search(g.news, a.clause.text) for a in analyses)
    progress_report = bool(re.search(g.progress_titles, title or ""))
    reader = TargetReader(grammar, int(issued_date[:4]) if issued_date else None, default_year, metric_names,
                          news=news, progress_report=progress_report)
    if progress_report:
        reader.plan_cells = plan_cells(analyses, re.compile(g.progress_column))
    if issued_date is None:
        # A page with no date of issue: the date it is posted or printed under (白银日报 2019-06-20) is the
        # report's, and 今年 counts from it.
        for analysis in analyses:
            if analysis.clause.kind in ("heading", "item", "goal", "note"):
                break
            dated = re.search(g.date_line, parsing_view(analysis.clause.text))
            if dated:
                reader.report_year = int(dated.group("year"))
                break
    if issued_date is None and reader.report_year is None and published_date:
        reader.report_year = int(published_date[:4])  # the page's 发布时间: 今年 and 9月底前 count from it
    if issued_date is None and reader.report_year is None and news:
        ahead = [int(m.group("year")) for a in analyses for m in re.finditer(g.year_ahead, a.clause.text)]
        reader.report_year = reader.year_ahead = max(ahead, default=None)
    # Sections of aims (主要目标, 目标任务, 量化指标) by their headings: a figure there needs no verb.
    headings = {a.clause.section_id: parsing_view(a.clause.text) for a in analyses if a.clause.kind == "heading"}

    def under_heading(section: str | None, pattern: str) -> bool:
        while section is not None:
            if re.search(pattern, headings.get(section, "")):
                return True
            section = section_parents.get(section)
        return False

    def of_aims(section: str | None) -> bool:
        return under_heading(section, g.goal_heading)

    def table_target(clause, wording, value, unit, comparator, year, span, kind) -> Target:
        return Target(f"{clause.id}.t1", clause.document_id, clause.id, (metric_names or {}).get(wording), wording,
                      value, unit, comparator, year, None, None, None, grammar.table_columns.id,
                      clause.char_start + span[0], clause.char_start + span[1], kind)

    # Tables of indicators with a column per year first: their cells are read as the table says, not as text.
    targets, tabled = table_targets(analyses, grammar, int(issued_date[:4]) if issued_date else default_year,
                                    table_target, default_year or (int(issued_date[:4]) if issued_date else None))
    for n, target in enumerate(targets):  # a row on one line holds several: t1, t2 … in its clause
        target.id = f"{target.clause_id}.t{sum(t.clause_id == target.clause_id for t in targets[:n]) + 1}"
    # The year of an item's deadline line (完成时限:2025年12月底, a note clause of the item).
    item_years = {a.clause.item_id: year for a in analyses if a.clause.kind == "note"
                  for year in [deadline_year(parsing_view(a.clause.text), grammar.cited_title)] if year}
    carried: tuple[int | None, str | None] = (None, None)
    list_years: dict[str | None, tuple[int | None, str | None]] = {}
    paragraph = None
    labelled_aims = False  # the paragraph opens with 主要目标:
    for analysis in analyses:
        clause = analysis.clause
        key = (clause.section_id, clause.paragraph)
        if key != paragraph:
            paragraph = key
            carried = (None, None)
            labelled_aims = bool(re.search(g.goal_label, parsing_view(clause.text)))
            reader.tense = reader.sentence_tense = None
            reader.retrospect = under_heading(clause.section_id, g.retrospect_heading)
            if reader.retrospect:
                reader.tense = "past"  # under 2024年工作回顾: what was done
            section = clause.section_id
            while section is not None:
                if section in list_years:
                    carried = list_years[section]
                    break
                section = section_parents.get(section)
        if clause.kind in NOT_TARGET_KINDS or clause.id in tabled:
            continue  # a headline (青岚市2020年…将达600家) restates the text's target
        titled_line = re.fullmatch(g.year_title, _masked(parsing_view(clause.text), grammar).strip())
        if titled_line and titled_line.group("year"):
            # A line that titles what follows with one year (an attachment's 2025年…任务清单): its year.
            reader.default_year = int(titled_line.group("year"))
        found, carried = reader.read_clause(analysis, carried, goal=labelled_aims or of_aims(clause.section_id))
        for target in found:
            if target.year is None and target.period is None and clause.item_id in item_years:
                target.year = item_years[clause.item_id]  # 完成时限:2025年12月底 under the item
        targets.extend(found)
        if clause.text.rstrip().endswith((":", "：")) and carried[0] is not None:
            list_years[clause.section_id] = carried
        elif clause.kind == "heading" and carried[0] is not None and clause.section_id not in list_years:
            list_years[clause.section_id] = carried  # 一、2023年度主要目标: the year of the whole section
    return targets
