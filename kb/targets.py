"""Quantitative targets: indicator, value in base units, unit, comparator, year, baseline (rules/targets.yml)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import parsing_view
from .numerals import chinese_integer
from .tagging import ClauseAnalysis


@dataclass
class Target:
    id: str
    document_id: str
    clause_id: str
    metric: str
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


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        if "万" in text or "亿" in text:
            raise
        return float(chinese_integer(text))


def _masked(view: str) -> str:
    """The view with 《…》 and (…) blanked out: numbers in titles and notes are not targets."""
    return re.sub(r"《[^《》]*》|\([^()]*\)", lambda m: " " * len(m.group()), view)


class TargetReader:
    def __init__(self, grammar: dict, issued_year: int | None = None):
        self.g = grammar
        self.issued_year = issued_year if grammar.get("past_years_are_statements") else None

    def _comparator(self, piece: str, start: int, end: int) -> str:
        after = piece[end:end + 3]
        for word, comparator in self.g["comparators"]["after"].items():
            if after.lstrip().startswith(word):
                return comparator
        before = piece[:start]
        best, best_at = self.g["comparators"]["default"], -1
        for word, comparator in self.g["comparators"]["before"].items():
            at = before.rfind(word)
            if at > best_at and at + len(word) >= len(before) - 12:
                best, best_at = comparator, at
        return best

    def _year(self, text: str, upto: int, carried: tuple[int | None, str | None]):
        year, period = carried
        best = -1
        for match in self.g["year_re"].finditer(text, 0, upto):
            if match.start() > best:
                year, period, best = int(match.group("year")), None, match.start()
        for match in self.g["period_re"].finditer(text, 0, upto):
            if match.start() > best and not text[:match.start()].endswith("比"):
                period = match.group("period")
                year, best = self.g["periods"][period], match.start()
        return year, period

    def read_clause(self, analysis: ClauseAnalysis, carried: tuple[int | None, str | None]):
        """Targets of one clause, and the year/period it carries to the next clause of its paragraph."""
        clause = analysis.clause
        view = _masked(parsing_view(clause.text))
        metrics = analysis.phrases["metrics"]
        targets = []
        pieces, position = [], 0
        for separator in self.g["piece_separators_re"].finditer(view):
            pieces.append((position, separator.start()))
            position = separator.end()
        pieces.append((position, len(view)))
        last_metric = None
        year_carried = carried

        def metric_for(piece_start, piece_end, number_start):
            inside = [m for m in metrics if piece_start <= m.start and m.end <= piece_end]
            before = [m for m in inside if m.end <= number_start]
            if before:
                return before[-1]
            return inside[0] if inside else None

        def add(metric_hit, value, unit, comparator, span, rule_id, baseline=None, growth=None):
            year, period = self._year(view, span[0], year_carried)
            if year is not None and self.issued_year is not None and year < self.issued_year:
                return
            targets.append(Target(
                id="", document_id=clause.document_id,
                clause_id=clause.id, metric=metric_hit.label, wording=clause.text[metric_hit.start:metric_hit.end],
                value=value, unit=unit, comparator=comparator, year=year, period=period, baseline=baseline,
                growth=growth, rule_id=rule_id, span_start=clause.char_start + span[0],
                span_end=clause.char_start + span[1]))

        relative_spans = []
        for match in self.g["relative"]["re"].finditer(view):
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
            add(hit, value, "倍", "×", match.span(), self.g["relative"]["id"], baseline=baseline)
            relative_spans.append(match.span())
        growth_spans = []
        for match in self.g["growth"]["re"].finditer(view):
            piece = next((p for p in pieces if p[0] <= match.start() < p[1]), (0, len(view)))
            hit = metric_for(piece[0], piece[1], match.start()) or last_metric
            if hit is None:
                continue
            comparator = ">=" if match.group("above") else "="
            add(hit, float(match.group("number")), "%", comparator, match.span(), self.g["growth"]["id"],
                growth="annual")
            growth_spans.append(match.span())
        for piece_start, piece_end in pieces:
            piece = view[piece_start:piece_end]
            for match in self.g["quantity_re"].finditer(piece):
                start, end = piece_start + match.start(), piece_start + match.end()
                if any(s <= start < e for s, e in relative_spans + growth_spans):
                    continue
                if piece[:match.start()].rstrip().endswith(tuple(self.g["statement_words"])):
                    continue
                hit = metric_for(piece_start, piece_end, start)
                if hit is None:
                    hit = last_metric
                if hit is None:
                    continue
                last_metric = hit
                try:
                    value = _number(match.group("number"))
                except ValueError:
                    continue
                unit = match.group("unit")
                if match.group("multiplier"):
                    value *= self.g["multipliers"][match.group("multiplier")]
                if unit in self.g["compound_units"]:
                    unit, factor = self.g["compound_units"][unit]
                    value *= factor
                comparator = self._comparator(piece, match.start(), match.end())
                add(hit, value, unit, comparator, (start, end), self.g["id"])
            in_piece = [m for m in metrics if piece_start <= m.start and m.end <= piece_end]
            if in_piece:
                last_metric = in_piece[-1]
        next_carried = self._year(view, len(view), carried)
        targets.sort(key=lambda t: t.span_start)
        for n, target in enumerate(targets, start=1):
            target.id = f"{clause.id}.t{n}"
        return targets, next_carried


def read_targets(analyses: list[ClauseAnalysis], grammar: dict, section_parents: dict[str, str | None],
                 issued_date: str | None = None) -> list[Target]:
    """Targets of a document's clauses, in order. A year (到2020年) carries over to the rest of its paragraph;
    a paragraph that introduces a list (…达到以下要求:) carries its year into the subsections below it."""
    reader = TargetReader(grammar, int(issued_date[:4]) if issued_date else None)
    targets: list[Target] = []
    carried: tuple[int | None, str | None] = (None, None)
    list_years: dict[str | None, tuple[int | None, str | None]] = {}
    paragraph = None
    for analysis in analyses:
        clause = analysis.clause
        key = (clause.section_id, clause.paragraph)
        if key != paragraph:
            paragraph = key
            carried = (None, None)
            section = clause.section_id
            while section is not None:
                if section in list_years:
                    carried = list_years[section]
                    break
                section = section_parents.get(section)
        found, carried = reader.read_clause(analysis, carried)
        targets.extend(found)
        if clause.text.rstrip().endswith((":", "：")) and carried[0] is not None:
            list_years[clause.section_id] = carried
    return targets
