"""Issue 24: a clause's targets are read in time linear in its length. A clause of thousands of figures (a
compilation pasted as one sentence) made kb.targets look for the year and the tense of each figure from the
clause's start: quadratic (a 0.56 MB clause took 186 s). kb.targets.times now matches the clause once and looks
back only a window before each figure. These tests read a 200 KB clause whole; check the year, tense and "seen
before" answers against their definition (the last match of ``pattern.finditer(view, 0, figure)``: the text cut at
the figure, so a lookahead sees no further) on texts made to probe that cut; and check the metric named before a
figure, now found by piece, against a scan of all.

Every text here is synthetic."""
from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from kb.nlp import PhraseHit, build_pipeline
from kb.rules import load_rules
from kb.structure.lines import INLINE_ITEM
from kb.structure.model import Clause
from kb.structure.segment import segment
from kb.tagging import analyse
from kb.targets.document import read_targets
from kb.targets.times import ClauseTimes, Lookback
from kb.targets.view import ClauseView

RULES = Path(__file__).resolve().parent.parent / "rules"

# synthetic: one round of six figures, each round naming its times anew: a year (到2025年), a growth rate, a
# retrospect (近年来: an actual), a year relative to the report's (明年), a period (十四五), a figure done (已建成).
ROUND = ("到2025年每万人口发明专利拥有量达到12件,年均增长8%以上,近年来新建5G基站300个,"
         "明年专利质押融资金额提高到20亿元,“十四五”期间培育企业8家,已建成示范区3个,")
# (value in base units, unit, year, period, kind, the figure as printed) of each round's figures.
ROUND_FIGURES = [(12.0, "件", 2025, None, "target", "12件"), (8.0, "%", 2025, None, "target", "8%"),
                 (300.0, "个", 2025, None, "actual", "300个"), (2e9, "元", 2023, None, "target", "20亿元"),
                 (8.0, "家", 2025, "十四五", "target", "8家"), (3.0, "个", 2025, "十四五", "actual", "3个")]


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES)


def test_a_200_kb_clause_of_thousands_of_figures_reads_every_one(rules):
    rounds = 200_000 // len(ROUND.encode())
    title = "青岚县知识产权行动方案"
    text = f"{title}\n一、重点任务\n全县" + ROUND * rounds + "力争再上台阶。\n"
    structure = segment("long", text, rules.structure, title=title)
    assert max(len(c.text) for c in structure.clauses) > 60_000  # one clause of them all
    nlp = build_pipeline(rules.modalities, rules.default_modality, rules.lexicons())
    metric_names = {name: metric.id for metric in rules.metrics for name in metric.names}
    targets = read_targets(analyse(nlp, rules, structure.clauses), rules.targets,
                           {s.id: s.parent_id for s in structure.sections}, "2022-03-01", title, metric_names)
    assert len(targets) == 6 * rounds > 4000
    read = Counter((t.value, t.unit, t.year, t.period, t.kind, text[t.span_start:t.span_end]) for t in targets)
    assert read == Counter({figure: rounds for figure in ROUND_FIGURES})
    assert [t.id for t in targets[-2:]] == [f"{targets[0].clause_id}.t{n}" for n in (6 * rounds - 1, 6 * rounds)]


def _year_by_definition(grammar, view: str, upto: int, carried, report_year):
    """The year and period before ``upto``, as kb.targets read them before issue 24: every pattern matched from the
    clause's start, cut at ``upto``."""
    year, period = carried
    best = -1
    for pattern in (grammar.year, grammar.deadline_year):
        for match in pattern.finditer(view, 0, upto):
            if match.start() > best:
                year, period, best = int(match.group("year")), None, match.start()
    for match in grammar.period.finditer(view, 0, upto):
        if match.start() > best and not view[:match.start()].endswith("比"):
            period = match.group("period")
            year, best = grammar.periods[period], match.start()
    if report_year is not None:
        for match in grammar.indicator.relative_year.finditer(view, 0, upto):
            if match.start() > best:
                year, period, best = report_year + grammar.indicator.relative_years.get(
                    match.group("relative"), 0), None, match.start()
    return year, period


def _tense_by_definition(grammar, view: str, upto: int):
    """The last tense marker before ``upto``, from the last item number run into the clause, by definition."""
    begin = max((m.end() for m in INLINE_ITEM.finditer(view, 0, upto)), default=0)
    last = None
    for match in grammar.indicator.tense.any.finditer(view, begin, upto):
        last = match.lastgroup
    return last


# Pieces that probe the cut at a figure: a year whose lookahead (…年的…2倍, 年底, 基础) reads on past it, runs of
# spaces (a blanked title), item numbers, periods after 比, relative years, tense markers, figures.
_PIECES = ["2015年的", "总量", "达到", "2倍", "3倍", "2025年", "到2025年", "至2030年", "底", "末", "前", "基础", "的",
           "比", "十三五", "“十四五”", "末", "时期", "明年", "今年", "9月底前", "一季度", "年内", "以来", "近年来", "力争",
           "将", "已", "知", "截至", "累计完成", "1—7月", "上半年", "建成", "完成", "下一步", "30", "12个", "5.5%",
           "20", "24", "年", "到", " ", "      ", " " * 40, "。", " 3.", " 2、", "3.", ",", ";", "、", "企业", "医院"]


def _texts(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(50, 400)))


def test_years_and_tenses_looked_back_are_those_of_the_text_cut_at_the_figure(rules):
    grammar = rules.targets
    checked = 0
    for n, view in enumerate(_texts(24, 60)):
        report_year = (None, 2018)[n % 2]
        times = ClauseTimes(grammar, view, report_year)
        rng = random.Random(n)
        for upto in sorted(rng.sample(range(len(view) + 1), min(len(view) + 1, 150))) + [len(view)]:
            carried = (2020, None) if upto % 3 else (None, None)
            assert times.year(upto, carried) == _year_by_definition(grammar, view, upto, carried, report_year), \
                (view, upto)
            assert times.tense(upto) == _tense_by_definition(grammar, view, upto), (view, upto)
            for pattern in (grammar.indicator.so_far, grammar.indicator.progress_done, grammar.indicator.ahead):
                assert times.seen(pattern, upto) == bool(pattern.search(view, 0, upto)), (view, upto)
            checked += 1
    assert checked > 8000


def test_a_lookahead_past_the_figure_sees_no_further_than_the_figure():
    # synthetic: 2015年的2倍 is a baseline (no year of the figure), but cut at the figure 2倍 the year's lookahead
    # (的…倍) finds nothing: the figure is 2015's, as finditer cut there says.
    year = re.compile(r"(?P<year>20\d\d)年(?!的[^,;，；。\d]*\d+\s*倍)")
    text = "2015年的总量达到2倍,2016年"
    figure = text.index("2倍")
    lookback = Lookback(year, text)
    assert [m.group() for m in year.finditer(text)] == ["2016年"]
    assert lookback.last(figure).group() == "2015年"
    assert lookback.last(len(text)).group() == "2016年"
    assert lookback.last(figure, since=1) is None


def test_a_scan_from_inside_a_match_is_its_own():
    # synthetic: a scan that starts inside a match of the whole text (at "B" of "AB") finds what a scan from there
    # finds, not the whole text's matches.
    pattern = re.compile(r"AB|B.")
    text = "AB" + "x" * 500 + "AB"
    lookback = Lookback(pattern, text)
    assert lookback.last(len(text), since=1).group() == "AB"  # the last AB, found by the window
    assert lookback.last(300, since=1).group() == "Bx"  # …and a scan from inside the first finds Bx
    assert lookback.last(300).group() == "AB"


def test_the_metric_named_before_a_figure_is_found_by_piece_as_by_a_scan():
    # synthetic: hits in any order, overlapping, some across a piece's end; the metric of a figure is the last hit of
    # its piece ending by it (in the order found), else the piece's first, as a scan of them all finds it.
    rng = random.Random(5)
    view = "x" * 400
    pieces = [(0, 37), (38, 120), (121, 121), (122, 300), (305, 400)]
    hits = []
    for n in range(300):
        start = rng.randrange(400)
        hits.append(PhraseHit("metrics", "m", f"metric-{n}", start, min(400, start + rng.randint(1, 12)), "x"))
    clause = Clause("c", "d", None, 0, 1, 1, "sentence", view, 0, len(view), 1)
    clause_view = ClauseView(clause, view, view, view, None, False, hits, pieces)
    for piece_start, piece_end in pieces + [(0, len(view))]:
        inside = [m for m in hits if piece_start <= m.start and m.end <= piece_end]
        assert clause_view.metrics_in(piece_start, piece_end).hits == inside
        for position in range(piece_start, piece_end + 1):
            ending = [m for m in inside if m.end <= position]
            assert clause_view.metrics_in(piece_start, piece_end).last_ending_by(position) == \
                (ending[-1] if ending else None)
    assert [clause_view.piece_at(p) for p in (0, 37, 38, 121, 122, 302, 399, 400)] == \
        [(0, 37), None, (38, 120), None, (122, 300), None, (305, 400), None]
