"""``kb eval``: precision, recall and F1 of what kb reads against hand-written gold files.

``evaluate_sets`` scores every set the repository holds: the plan in the KB
against tests/gold (kb.evaluate.plan), the synthetic fixtures, the dev and held-out sets whose gold names clauses
by a fragment (fragments), units per task item (items), and targets, facts and areas (targets_facts).
``real_scores`` scores a gold file of real pages (real). ``report_lines`` and ``real_report_lines`` are the
text ``kb eval`` prints, details first and the summary last; kb.evaluate.markdown the README's blocks.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .scores import ItemScore, Score


@dataclass
class FactsScore:
    """The targets, indicator wordings, facts (field → (right, total)) and thematic areas (None: no area gold) of
    one set of ``targets_facts``."""

    label: str
    directory: Path
    targets: Score
    wordings: Score
    facts: dict[str, tuple[int, int]]
    areas: Score | None


@dataclass
class EvalReport:
    """Every figure ``kb eval`` prints: ``scores`` (the P/R/F1 table), ``items`` (label, folder and scores of each
    units-per-item set), ``targets_facts`` and the ids of targets no clause delivers (``unlinked``)."""

    scores: list[Score] = field(default_factory=list)
    items: list[tuple[str, Path, list[ItemScore]]] = field(default_factory=list)
    targets_facts: list[FactsScore] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)


def evaluate_sets(db: Path, gold_dir: Path, fixtures_dir: Path | None, rules_dir: Path, devset_dir: Path,
                  heldout_dir: Path, progress=None) -> EvalReport:
    """Score the KB file ``db`` against the plan's gold in ``gold_dir`` and the fixtures (``fixtures_dir``, when
    it exists), then each set of the dev set and the held-out set (``devset_dir``, ``heldout_dir``: each set a
    folder with gold.yml, gold_targets_facts.yml, or gold/gold_targets.yml), built with ``rules_dir``.
    ``progress``, when given, is called before each set is scored with (sets done, sets in all, what comes)."""
    from .fragments import evaluate_by_fragment
    from .items import evaluate_items
    from .plan import evaluate, targets_without_links
    from .targets_facts import evaluate_areas, evaluate_targets_facts

    sets = ((Path(devset_dir), "dev set"), (Path(heldout_dir), "held out"))
    fixtures = Path(fixtures_dir) if fixtures_dir is not None and Path(fixtures_dir).exists() else None
    report = EvalReport()

    def facts_of(facts_dir: Path, label: str) -> None:
        targets, wordings, facts = evaluate_targets_facts(facts_dir, rules_dir)
        report.targets_facts.append(FactsScore(label, facts_dir, targets, wordings, facts,
                                               evaluate_areas(facts_dir, rules_dir)))

    # Each step scores one set, in the order kb eval has always computed them (the figures do not depend on it).
    steps = [(f"the plan ({db})", lambda: report.scores.extend(evaluate(db, Path(gold_dir), fixtures, rules_dir)))]
    steps += [(f"clauses of {directory}", lambda d=directory, l=label: report.scores.extend(
        evaluate_by_fragment(d, rules_dir, l))) for directory, label in sets
        if (directory / "gold" / "gold_targets.yml").exists()]
    steps += [(f"units per task item of {items_dir}", lambda d=items_dir, l=label: report.items.append(
        (l, d, evaluate_items(d, rules_dir)))) for directory, label in sets
        for items_dir in sorted(p.parent for p in directory.glob("*/gold.yml"))]
    steps += [(f"targets and facts of {facts_dir}", lambda d=facts_dir, l=label: facts_of(d, l))
              for directory, label in sets for facts_dir in sorted(p.parent for p in directory.glob(
                  "*/gold_targets_facts.yml"))]
    for done, (what, step) in enumerate(steps):
        if progress:
            progress(done, len(steps), what)
        step()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        report.unlinked = targets_without_links(conn)
    finally:
        conn.close()
    return report


def _differences(score: Score, verbose: bool) -> list[str]:
    if not verbose:
        return []
    return [f"    missing: {item}" for item in score.missing] + [f"    extra:   {item}" for item in score.extra]


def _summary_last(scores: list[ItemScore]) -> list[ItemScore]:
    """A set's units-per-item scores as printed: each file in the gold's order, then each style, then "all"."""
    def place(score: ItemScore) -> int:
        return 2 if score.name == "all" else 1 if score.name.startswith("style ") else 0

    return sorted(scores, key=place)  # sorted is stable: files and styles keep the gold's order


def report_lines(report: EvalReport, verbose: bool = False) -> list[str]:
    """The lines ``kb eval`` prints for an EvalReport; ``verbose``: with what is missing, extra or wrong. The
    details come first (each set's units per task item, file by file, then by style, then "all"; targets and
    facts), the summary last: the P/R/F1 table of every set and the targets no clause delivers."""
    lines = []
    for label, directory, scores in report.items:
        lines += [f"units per task item ({label}: {directory})",
                  f"{'':36} {'items':>7} {'acc':>6} {'pair P':>7} {'pair R':>7}"]
        for s in _summary_last(scores):
            lines.append(f"{s.name:36} {s.items:7} {s.accuracy:6.3f} {s.precision:7.3f} {s.recall:7.3f}")
            lines += [f"    wrong: {wrong}" for wrong in (s.wrong or []) if verbose]
        lines.append("")
    for set_ in report.targets_facts:
        targets, areas = set_.targets, set_.areas
        lines += [f"targets and facts ({set_.label}: {set_.directory})",
                  f"{targets.name:36} P {targets.precision:.3f} R {targets.recall:.3f} F1 {targets.f1:.3f}  "
                  f"{targets.gold}/{targets.predicted}",
                  f"{'indicator wording of matched targets':36} {set_.wordings.precision:.3f}",
                  "facts: " + ", ".join(f"{name} {right}/{total}" for name, (right, total) in set_.facts.items())]
        lines += _differences(targets, verbose)
        if areas is not None:
            lines.append(f"{areas.name:36} P {areas.precision:.3f} R {areas.recall:.3f} F1 {areas.f1:.3f}  "
                         f"{areas.gold}/{areas.predicted}")
            lines += _differences(areas, verbose)
        lines.append("")
    lines += score_table(report.scores, verbose)
    unlinked = report.unlinked
    lines.append(f"targets with no delivering clause: {len(unlinked)}" + (f" ({', '.join(unlinked)})" if unlinked
                                                                           else ""))
    return lines


def score_table(scores: list[Score], verbose: bool = False) -> list[str]:
    """The P/R/F1 table of ``kb eval`` (plan, fixtures, dev and held-out clauses): a header and a row a score;
    ``verbose``: each row followed by what is missing and extra."""
    lines = [f"{'':36} {'P':>6} {'R':>6} {'F1':>6}  gold/predicted"]
    for s in scores:
        lines.append(f"{s.name:36} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.gold}/{s.predicted}")
        lines += _differences(s, verbose)
    return lines


def held_out_files(holdout_file: Path) -> set[str]:
    """The file names a hold-out file (eval/real-holdout.yml: ``held_out``, a list) names; none when there is
    no such file. Raises InputError for a file of another shape."""
    from ..yamlfile import load_yaml

    holdout_file = Path(holdout_file)
    held = (load_yaml(holdout_file) or {}) if holdout_file.exists() and holdout_file.is_file() else {}
    if not isinstance(held, dict) or not isinstance(held.get("held_out") or [], list):
        raise InputError(holdout_file, "expected a mapping with a list 'held_out' of file names")
    return set(held.get("held_out") or [])


@dataclass
class RealReport:
    """Every figure ``kb eval --gold FILE.yml`` prints: a RealScore per group (tuned, held out, all), the pages
    of each group, and the miss lines of each page tuned on."""

    groups: dict
    files: dict[str, int]
    misses: dict[str, list[str]]


def real_scores(gold_file: Path, rules_dir: Path, holdout_file: Path, progress=None) -> RealReport:
    """Score the real pages of ``gold_file`` (kb.evaluate.real.evaluate_real), the files ``holdout_file`` names
    held out; ``progress`` is called as the pages are filed. Raises InputError for a hold-out or gold file that is
    not one."""
    from .real import evaluate_real

    held_out = held_out_files(holdout_file)
    try:
        groups, per_file, misses = evaluate_real(Path(gold_file), rules_dir, held_out, progress=progress)
    except ValueError as error:
        raise InputError(gold_file, str(error)) from None
    files = {label: sum(1 for n in per_file if label == "all" or (n in held_out) == (label == "held out"))
             for label in groups}
    return RealReport(groups, files, misses)


def real_report_lines(report: RealReport, verbose: bool = False) -> list[str]:
    """The lines ``kb eval --gold FILE.yml`` prints: per group (tuned, held out, all) its files, units per item,
    targets F1 and facts, "all" last; ``verbose``: each miss of the files tuned on, before the table."""
    lines = [f"{name}: {line}" for name, miss_lines in report.misses.items() for line in miss_lines] \
        if verbose else []
    lines.append(f"{'':12} {'files':>5} {'units per item':>16} {'targets F1':>22} {'facts':>12}")
    for label, s in report.groups.items():
        lines.append(f"{label:12} {report.files[label]:5} {s.items_right:>5}/{s.items:<4} "
                     f"{s.items_right / max(s.items, 1):5.3f} {s.target_f1:6.3f} "
                     f"({s.target_right}/{s.target_gold} of {s.target_predicted})"
                     f" {s.facts_right:>4}/{s.facts:<3} {s.facts_right / max(s.facts, 1):5.3f}")
    return lines
