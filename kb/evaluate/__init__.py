"""``kb eval``: precision, recall and F1 of what kb reads against hand-written gold files.

``evaluate_sets`` scores every set the repository holds, in the order ``kb eval`` prints them: the plan in the KB
against tests/gold (kb.evaluate.plan), the synthetic fixtures, the dev and held-out sets whose gold names clauses
by a fragment (fragments), units per task item (items), and targets, facts and areas (targets_facts).
``real_report_lines`` scores a gold file of real pages (real). ``report_lines`` and ``real_report_lines`` are the
text ``kb eval`` prints.
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
                  heldout_dir: Path) -> EvalReport:
    """Score the KB file ``db`` against the plan's gold in ``gold_dir`` and the fixtures (``fixtures_dir``, when
    it exists), then each set of the dev set and the held-out set (``devset_dir``, ``heldout_dir``: each set a
    folder with gold.yml, gold_targets_facts.yml, or gold/gold_targets.yml), built with ``rules_dir``."""
    from .fragments import evaluate_by_fragment
    from .items import evaluate_items
    from .plan import evaluate, targets_without_links
    from .targets_facts import evaluate_areas, evaluate_targets_facts

    sets = ((Path(devset_dir), "dev set"), (Path(heldout_dir), "held out"))
    fixtures = Path(fixtures_dir) if fixtures_dir is not None and Path(fixtures_dir).exists() else None
    report = EvalReport(scores=evaluate(db, Path(gold_dir), fixtures, rules_dir))
    for directory, label in sets:
        if (directory / "gold" / "gold_targets.yml").exists():
            report.scores += evaluate_by_fragment(directory, rules_dir, label)
    for directory, label in sets:
        for items_dir in sorted(p.parent for p in directory.glob("*/gold.yml")):
            report.items.append((label, items_dir, evaluate_items(items_dir, rules_dir)))
    for directory, label in sets:
        for facts_dir in sorted(p.parent for p in directory.glob("*/gold_targets_facts.yml")):
            targets, wordings, facts = evaluate_targets_facts(facts_dir, rules_dir)
            report.targets_facts.append(FactsScore(label, facts_dir, targets, wordings, facts,
                                                   evaluate_areas(facts_dir, rules_dir)))
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


def report_lines(report: EvalReport, verbose: bool = False) -> list[str]:
    """The lines ``kb eval`` prints for an EvalReport; ``verbose``: with what is missing, extra or wrong."""
    lines = [f"{'':36} {'P':>6} {'R':>6} {'F1':>6}  gold/predicted"]
    for s in report.scores:
        lines.append(f"{s.name:36} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.gold}/{s.predicted}")
        lines += _differences(s, verbose)
    for label, directory, scores in report.items:
        lines += [f"\nunits per task item ({label}: {directory})",
                  f"{'':36} {'items':>7} {'acc':>6} {'pair P':>7} {'pair R':>7}"]
        for s in scores:
            lines.append(f"{s.name:36} {s.items:7} {s.accuracy:6.3f} {s.precision:7.3f} {s.recall:7.3f}")
            lines += [f"    wrong: {wrong}" for wrong in (s.wrong or []) if verbose]
    for set_ in report.targets_facts:
        targets, areas = set_.targets, set_.areas
        lines += [f"\ntargets and facts ({set_.label}: {set_.directory})",
                  f"{targets.name:36} P {targets.precision:.3f} R {targets.recall:.3f} F1 {targets.f1:.3f}  "
                  f"{targets.gold}/{targets.predicted}",
                  f"{'indicator wording of matched targets':36} {set_.wordings.precision:.3f}",
                  "facts: " + ", ".join(f"{name} {right}/{total}" for name, (right, total) in set_.facts.items())]
        lines += _differences(targets, verbose)
        if areas is not None:
            lines.append(f"{areas.name:36} P {areas.precision:.3f} R {areas.recall:.3f} F1 {areas.f1:.3f}  "
                         f"{areas.gold}/{areas.predicted}")
            lines += _differences(areas, verbose)
    unlinked = report.unlinked
    lines.append(f"targets with no delivering clause: {len(unlinked)}" + (f" ({', '.join(unlinked)})" if unlinked
                                                                           else ""))
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


def real_report_lines(gold_file: Path, rules_dir: Path, holdout_file: Path, verbose: bool = False) -> list[str]:
    """The lines ``kb eval --gold FILE.yml`` prints: per group (tuned, held out, all) its files, units per item,
    targets F1 and facts (kb.evaluate.real.evaluate_real), the files ``holdout_file`` names held out;
    ``verbose``: each miss of the files tuned on. Raises InputError for a hold-out or gold file that is not one."""
    from .real import evaluate_real

    held_out = held_out_files(holdout_file)
    try:
        groups, per_file, misses = evaluate_real(Path(gold_file), rules_dir, held_out)
    except ValueError as error:
        raise InputError(gold_file, str(error)) from None
    lines = [f"{'':12} {'files':>5} {'units per item':>16} {'targets F1':>22} {'facts':>12}"]
    for label, s in groups.items():
        files = sum(1 for n in per_file if label == "all" or (n in held_out) == (label == "held out"))
        lines.append(f"{label:12} {files:5} {s.items_right:>5}/{s.items:<4} {s.items_right / max(s.items, 1):5.3f}"
                     f" {s.target_f1:6.3f} ({s.target_right}/{s.target_gold} of {s.target_predicted})"
                     f" {s.facts_right:>4}/{s.facts:<3} {s.facts_right / max(s.facts, 1):5.3f}")
    if verbose:
        lines += [f"{name}: {line}" for name, miss_lines in misses.items() for line in miss_lines]
    return lines
