"""``kb eval --align DIR``: task alignment, 未落实, 新增, target comparison and implements against hand gold.

Each folder under DIR (or DIR itself) that holds a gold.yml is one parent/child pair: its documents in corpus
format (<id>.txt with its <id>.yml sidecar, and a references.yml when the pair needs one) and the gold, which
names clauses by snippets (a snippet must occur in exactly one clause of its document). A scratch KB of the folder
is built, and the pair is read from its task_alignments, target_comparisons and implements tables.
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .align_units import coverage_score, units_carried_score
from .scores import Score, score_of


@dataclass
class AlignScore:
    """The figures of one or more pairs: alignment links (parent clause, child clause), 新增 clauses (Score each),
    未落实 right/total over the parent tasks, target comparisons right/total, implements found/total (and with the
    gold's ``how``)."""
    name: str
    links: Score
    new: Score
    unimplemented: tuple[int, int]
    targets: tuple[int, int]
    implements: tuple[int, int]
    how: tuple[int, int]
    wrong_targets: list = field(default_factory=list)
    # Points 4 and 5 (kb.evaluate.align_units): units carried down (None: the gold has none), coverage right/total.
    carried: Score | None = None
    coverage: tuple[int, int] = (0, 0)
    wrong_coverage: list = field(default_factory=list)


def gold_folders(directory: Path) -> list[Path]:
    """The pair folders of ``directory``: itself when it holds gold.yml, else its sub-folders that do, sorted."""
    directory = Path(directory)
    if (directory / "gold.yml").is_file():
        return [directory]
    return sorted(p.parent for p in directory.glob("*/gold.yml"))


class _Snippets:
    """Snippets of one gold file mapped to clause ids, with one-line errors naming the file and line."""

    def __init__(self, conn: sqlite3.Connection, gold_path: Path):
        self.conn, self.path = conn, gold_path
        self.lines = gold_path.read_text(encoding="utf-8").splitlines()

    def line_of(self, snippet: str, after: int | None) -> int | None:
        start = (after or 1) - 1
        for number in range(start, len(self.lines)):
            if snippet in self.lines[number]:
                return number + 1
        return after

    def clause(self, document_id: str, snippet, after: int | None) -> str:
        """The one clause of ``document_id`` (or of a document it issues) holding ``snippet``; InputError naming
        the gold file and line when none or several do."""
        if not isinstance(snippet, str) or not snippet:
            raise InputError(self.path, f"a snippet must be text, got {snippet!r}", after)
        rows = self.conn.execute(
            "select id from clauses where (document_id = ? or document_id in (select id from documents where "
            "parent_id = ?)) and instr(text, ?) > 0 order by rowid", [document_id, document_id, snippet]).fetchall()
        if len(rows) != 1:
            where = "no clause" if not rows else f"{len(rows)} clauses ({', '.join(r[0] for r in rows[:3])})"
            raise InputError(self.path, f"snippet {snippet!r} is found in {where} of {document_id}",
                             self.line_of(snippet, after))
        return rows[0][0]


def _gold(path: Path) -> dict:
    from ..yamlfile import load_yaml

    gold = load_yaml(path)
    if not isinstance(gold, dict) or not gold.get("parent") or not gold.get("child"):
        raise InputError(path, "expected a mapping with parent, child and tasks", getattr(gold, "line", None))
    return gold


# The clauses of a document and of the documents it issues (:d).
_MEMBERS = "(select id from clauses where document_id = {d} or document_id in " \
           "(select id from documents where parent_id = {d}))"


def _predicted(conn: sqlite3.Connection, parent: str, child: str) -> tuple[set, set]:
    """kb's aligned (parent clause, child clause) links and new child clauses between the documents of
    ``parent`` and ``child`` (each with the documents it issues)."""
    parents, children = _MEMBERS.format(d=":parent"), _MEMBERS.format(d=":child")
    names = {"parent": parent, "child": child}
    links = set(conn.execute(f"select parent_clause_id, child_clause_id from task_alignments where status = "
                             f"'aligned' and parent_clause_id in {parents} and child_clause_id in {children}", names))
    new = {row[0] for row in conn.execute(
        f"select child_clause_id from task_alignments where status = 'new' and child_clause_id in {children} and "
        f"parent_document_id in (select parent_id from implements where child_id = :child) and "
        f"(parent_document_id = :parent or parent_document_id = (select parent_id from documents where id = :parent) "
        f"or parent_document_id in (select id from documents where parent_id = :parent))", names)}
    return links, new


def _tasks_of(conn: sqlite3.Connection) -> dict[str, str]:
    """Each clause's task: the task item it belongs to (clauses.item_id), else the clause itself (a task sentence).
    A gold snippet names one clause of a task, and kb may align another clause of the same item (the item's run-in
    title, 1.完善专利资助政策。, or its body): both name the task, so links are scored task to task. The heading of a
    section holding one paragraph and no part of its own (a 规划's 第一节 培育高价值专利 over its paragraph) names
    that paragraph's task too."""
    tasks = {clause: item or clause for clause, item in conn.execute("select id, item_id from clauses")}
    for heading, item in conn.execute(
            "select min(h.id), min(c.item_id) from clauses h join clauses c on c.section_id = h.section_id and "
            "c.kind != 'heading' where h.kind = 'heading' and h.id = h.item_id and not exists (select 1 from "
            "sections s where s.parent_id = h.section_id) group by h.section_id "
            "having count(distinct c.item_id) = 1 and count(distinct h.id) = 1"):
        tasks[heading] = item
    return tasks


def score_pair(conn: sqlite3.Connection, gold_path: Path) -> AlignScore:
    """The AlignScore of one gold file against the KB ``conn`` holding its documents; links, 未落实 and 新增 are
    scored by task (``_tasks_of``), not by clause."""
    gold = _gold(gold_path)
    parent, child = str(gold["parent"]), str(gold["child"])
    snippets = _Snippets(conn, gold_path)
    task_of = _tasks_of(conn)
    gold_links, unimplemented = set(), {}
    for task in gold.get("tasks") or []:
        clause = task_of[snippets.clause(parent, task.get("parent"), task.line)]
        children = task.get("child") or []
        unimplemented[clause] = unimplemented.get(clause, True) and not children
        gold_links |= {(clause, task_of[snippets.clause(child, c, task.line)]) for c in children}
    gold_new = {task_of[snippets.clause(child, s, getattr(gold, "line", None))] for s in gold.get("new") or []}
    links, new = _predicted(conn, parent, child)
    links = {(task_of[p], task_of[c]) for p, c in links}
    # A child task is new when none of its clauses carries a parent task down.
    new = {task_of[c] for c in new} - {c for _, c in links}
    linked = {p for p, _ in links}
    right = sum((clause not in linked) == missing for clause, missing in unimplemented.items())
    targets_right, wrong = 0, []
    for target in gold.get("targets") or []:
        found = _comparison(conn, snippets, parent, child, target)
        if found == target.get("compare"):
            targets_right += 1
        else:
            wrong.append((target.get("parent"), target.get("compare"), found))
    row = conn.execute("select how from implements where child_id = ? and parent_id = ?", [child, parent]).fetchone()
    expected_how = gold.get("implements")
    covered, wrong_coverage = coverage_score(conn, snippets, parent, child, gold)
    return AlignScore(gold_path.parent.name, score_of("alignment links", gold_links, links),
                      score_of("新增 (new) clauses", gold_new, new), (right, len(unimplemented)),
                      (targets_right, len(gold.get("targets") or [])), (int(row is not None), 1),
                      (int(row is not None and (expected_how is None or row[0] == expected_how)), 1), wrong,
                      units_carried_score(conn, snippets, child, gold), covered, wrong_coverage)


def _comparison(conn, snippets: _Snippets, parent: str, child: str, target: dict) -> str | None:
    """kb's comparison of the gold target's parent target: the target of the parent clause whose wording holds
    the gold indicator (else the clause's first target), compared for ``child``."""
    clause = snippets.clause(parent, target.get("parent"), target.line)
    rows = conn.execute("select targets.wording, target_comparisons.comparison from targets left join "
                        "target_comparisons on target_comparisons.parent_target_id = targets.id and "
                        "target_comparisons.child_document_id in (?, (select parent_id from documents where id = ?)) "
                        "where targets.clause_id = ? order by targets.span_start",
                        [child, child, clause]).fetchall()
    indicator = str(target.get("indicator") or "")
    chosen = [r for r in rows if indicator and r[0] and (indicator in r[0] or r[0] in indicator)] or rows
    return chosen[0][1] if chosen else None


def evaluate_align(directory: Path, rules_dir: Path) -> list[AlignScore]:
    """Score every pair folder of ``directory`` (``gold_folders``): each built into a scratch KB with
    ``rules_dir``, then an "all" row summing them. Raises InputError for a folder without gold, a gold file of
    another shape or a snippet found in no clause or in several (naming the file and line)."""
    from ..build import build_kb

    folders = gold_folders(directory)
    if not folders:
        raise InputError(directory, "no gold.yml here or in its folders")
    scores = []
    for folder in folders:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            for path in folder.iterdir():
                if path.is_file() and path.suffix in (".txt", ".md", ".yml") and path.name != "gold.yml":
                    shutil.copy(path, corpus / path.name)
            report = build_kb(corpus, rules_dir, Path(tmp) / "kb.db", jobs=1)
            if report.problems:
                raise InputError(folder, f"the pair does not build: {report.problems[0]}")
            conn = sqlite3.connect(Path(tmp) / "kb.db")
            try:
                scores.append(score_pair(conn, folder / "gold.yml"))
            finally:
                conn.close()
    return scores + ([summed(scores)] if len(scores) > 1 else [])


def summed(scores: list[AlignScore]) -> AlignScore:
    """The "all" row: links and 新增 pooled over the pairs (items kept apart by pair), counts added."""
    def pooled(attribute: str, name: str) -> Score:
        parts = [getattr(s, attribute) for s in scores]
        return Score(name, sum(p.true_positives for p in parts), sum(p.gold for p in parts),
                     sum(p.predicted for p in parts), [m for p in parts for m in p.missing],
                     [e for p in parts for e in p.extra])

    def added(attribute: str) -> tuple[int, int]:
        return tuple(sum(getattr(s, attribute)[i] for s in scores) for i in (0, 1))

    carried = [s for s in scores if s.carried is not None]
    return AlignScore("all", pooled("links", "alignment links"), pooled("new", "新增 (new) clauses"),
                      added("unimplemented"), added("targets"), added("implements"), added("how"),
                      [w for s in scores for w in s.wrong_targets],
                      pooled("carried", "units carried down") if len(carried) == len(scores) else None,
                      added("coverage"), [w for s in scores for w in s.wrong_coverage])


def align_report_lines(scores: list[AlignScore], verbose: bool = False) -> list[str]:
    """The lines ``kb eval --align`` prints: per pair (then "all") link P/R/F1, 未落实 accuracy, 新增 P/R, target
    comparison accuracy and implements found; ``verbose``: the links missing and extra, the targets wrong."""
    lines = [f"{'task alignment':28} {'link P':>6} {'R':>6} {'F1':>6} {'未落实 acc':>10} {'新增 P':>7} {'R':>6} "
             f"{'targets':>9} {'implements':>10}"]
    for s in scores:
        lines.append(f"{s.name[:28]:28} {s.links.precision:6.3f} {s.links.recall:6.3f} {s.links.f1:6.3f} "
                     f"{_ratio(s.unimplemented):>10} {s.new.precision:7.3f} {s.new.recall:6.3f} "
                     f"{_ratio(s.targets):>9} {s.implements[0]:>4}/{s.implements[1]:<5}")
        if verbose and s.name != "all":
            lines += [f"    missing link: {item}" for item in s.links.missing]
            lines += [f"    extra link:   {item}" for item in s.links.extra]
            lines += [f"    new missing: {item}" for item in s.new.missing]
            lines += [f"    new extra:   {item}" for item in s.new.extra]
            lines += [f"    target {p!r}: gold {g}, kb {k}" for p, g, k in s.wrong_targets]
    if any(s.carried is not None or s.coverage[1] for s in scores):  # gold with units_carried or coverage
        lines += [""] + _units_lines(scores, verbose)
    return lines


def _units_lines(scores: list[AlignScore], verbose: bool) -> list[str]:
    """The lines of points 4 and 5: units carried down P/R (with the number kb carried) and coverage accuracy."""
    lines = [f"{'units carried, coverage':28} {'P':>6} {'R':>6} {'carried':>8} {'coverage acc':>13}"]
    for s in scores:
        carried = s.carried
        figures = f"{carried.precision:6.3f} {carried.recall:6.3f} {carried.predicted:>8}" if carried is not None \
            else f"{'-':>6} {'-':>6} {'-':>8}"
        lines.append(f"{s.name[:28]:28} {figures} {_ratio(s.coverage):>13}")
        if verbose and s.name != "all":
            if carried is not None:
                lines += [f"    unit missing: {item}" for item in carried.missing]
                lines += [f"    unit extra:   {item}" for item in carried.extra]
            lines += [f"    coverage {p!r}: gold {g}, kb {k}" for p, g, k in s.wrong_coverage]
    return lines


def _ratio(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right / total:.3f}" if total else "-"


def align_markdown_blocks(directory: Path, scores: list[AlignScore]) -> dict[str, list[str]]:
    """The README's block of ``kb eval --align DIR`` (kb.evaluate.markdown's markers), named ``align-`` and the
    folder's name: a row a pair, then "all"."""
    lines = ["| pair | links P / R / F1 | 未落实 accuracy | 新增 P / R | targets compared right | implements found |",
             "| --- | --- | ---: | --- | ---: | ---: |"]
    for s in scores:
        lines.append(f"| {s.name} | {s.links.precision:.3f} / {s.links.recall:.3f} / {s.links.f1:.3f} | "
                     f"{_ratio(s.unimplemented)} ({s.unimplemented[0]}/{s.unimplemented[1]}) | "
                     f"{s.new.precision:.3f} / {s.new.recall:.3f} | {s.targets[0]}/{s.targets[1]} | "
                     f"{s.implements[0]}/{s.implements[1]} |")
    return {f"align-{Path(directory).resolve().name}": lines}
