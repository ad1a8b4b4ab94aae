"""Lining up a parent's tasks with a child's (many-to-many: a task split in two, two merged in one): the cosine of
every (child task, parent task) in one matrix product (kb.align.vectors), bonuses (rules/align.yml) for the pairs
alike enough, and a link at or above the threshold. A parent task linked to nothing is 未落实 (unimplemented), a
child task linked to nothing is 新增 (new)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..rule_models.align import AlignmentRule
from .lexical import Localiser, Rarity, shared_phrases
from .tasks import Task
from .vectors import TaskMatrix, numpy_module, position_codes, shared_codes, task_matrix


@dataclass
class Link:
    """One row of task_alignments before it is written: the parent and child clause (either None), the status
    (aligned / unimplemented / new), the score (0..1, None when there is none) and the reasons
    ([{"kind", "detail"}])."""
    parent_clause_id: str | None
    child_clause_id: str | None
    status: str
    score: float | None
    reasons: list[dict]


class Side:
    """The tasks of one document, localised and weighted once for every pair it is in: the TaskMatrix of the
    tasks (``matrix``; ``as_parent``: each with its item's opening phrase in front, made on first use) and that of
    their distinct section headings (``heading_of``: a task's row there, -1 for none), and the units, each
    localised."""

    def __init__(self, tasks: list[Task], localise: Localiser, rarity: Rarity):
        self.tasks, self.rarity, self.localise = tasks, rarity, localise
        self.matrix: TaskMatrix = task_matrix([localise(t.text) for t in tasks], rarity.weights_of,
                                              localise.placeholder)
        self._as_parent: TaskMatrix | None = None
        headings: dict[str, int] = {}
        self.heading_of = [headings.setdefault(t.heading, len(headings)) if t.heading else -1 for t in tasks]
        self.headings: TaskMatrix = task_matrix([localise(h) for h in headings], rarity.weights_of,
                                                localise.placeholder)
        self.units = [{localise(u): u for u in t.units} for t in tasks]
        self.cited = [{localise(title) for title in t.cited} for t in tasks]
        self._positions: dict[int, list[int]] = {}

    @property
    def as_parent(self) -> TaskMatrix:
        """The tasks with their item's opening phrase in front (4.推进版权登记和软件正版化。完善作品登记制度…): a
        parent's item names in its opening phrase what a child often restates alone. A child's is not put in
        front: in a plan written as paragraphs, it would make every sentence of a paragraph alike."""
        if self._as_parent is None:
            if any(t.lead_in for t in self.tasks):
                self._as_parent = task_matrix([self.localise(t.lead_in + t.text) for t in self.tasks],
                                              self.rarity.weights_of, self.localise.placeholder)
            else:
                self._as_parent = self.matrix
        return self._as_parent

    def positions(self, row: int) -> list[int]:
        """The bigram code at each position of task ``row``'s localised text (made on first use)."""
        if row not in self._positions:
            self._positions[row] = position_codes(self.matrix.texts[row])
        return self._positions[row]


def _bonuses(rule: AlignmentRule, parent: Side, child: Side, p: int, c: int, headings) -> tuple[float, list[dict]]:
    bonus, reasons = 0.0, []
    # A document both clauses cite by title (《〇专利保护条例》, localised: kb.citations' reading): one thing.
    cited = sorted(parent.cited[p] & child.cited[c])
    if cited:
        bonus += rule.citation_bonus
        reasons.append({"kind": "citation", "detail": "引用同一文件:" + "、".join(f"《{t}》" for t in cited)})
    shared = sorted(set(parent.tasks[p].indicators) & set(child.tasks[c].indicators))
    if shared:
        bonus += rule.indicator_bonus
        reasons.append({"kind": "indicator",
                        "detail": "同一指标:" + "、".join(parent.tasks[p].indicators[key] for key in shared)})
    units = sorted(set(parent.units[p]) & set(child.units[c]))
    if units:
        bonus += rule.unit_bonus
        pairs = [f"{parent.units[p][u]}→{child.units[c][u]}" if parent.units[p][u] != child.units[c][u]
                 else parent.units[p][u] for u in units]
        reasons.append({"kind": "unit", "detail": "对应单位:" + "、".join(pairs)})
    heads = parent.heading_of[p], child.heading_of[c]
    if heads[0] >= 0 and heads[1] >= 0:
        alike = float(headings[heads[1], heads[0]])
        if alike >= rule.section_alike:
            bonus += rule.section_bonus
            reasons.append({"kind": "section", "detail": f"章节相近:{parent.tasks[p].heading} / "
                                                          f"{child.tasks[c].heading}(相似度 {alike:.2f})"})
    return bonus, reasons


def _phrases(parent: Side, child: Side, p: int, c: int) -> list[dict]:
    phrases = shared_phrases(child.matrix.texts[c], child.positions(c), shared_codes(parent.as_parent, p, child.matrix, c),
                             child.rarity.by_code)
    return [{"kind": "phrases", "detail": "共有词语(按全库稀有程度):" + "、".join(phrases)}] if phrases else []


def _fill_gaps(rule: AlignmentRule, scores, chosen_of: dict[int, list[int]], parents: int,
               children: int) -> list[tuple[int, int]]:
    """(parent task, child task) links found by order: an implementing plan mostly keeps its parent's order, so a
    parent task left unlinked whose neighbours are linked is most likely carried by an unlinked child task between
    their counterparts, if the two share enough (``rule.gap_threshold``), however reworded (推动省级公共服务机构建设
    and 明确由省中心承担省级公共服务机构职能). Best scores first; each child task once."""
    linked = {c for cs in chosen_of.values() for c in cs}
    aligned = sorted(chosen_of)
    candidates = []
    for p in range(parents):
        if p in chosen_of:
            continue
        at = bisect.bisect_left(aligned, p)  # the linked neighbours: aligned[at - 1] before p, aligned[at] after
        low = max(chosen_of[aligned[at - 1]]) if at > 0 else -1
        high = min(chosen_of[aligned[at]]) if at < len(aligned) else children
        gap = [c for c in range(low + 1, high) if c not in linked]
        for c in gap:
            if scores[c, p] >= rule.gap_threshold:
                candidates.append((float(scores[c, p]), p, c))
    found, taken_parents, taken_children = [], set(), set()
    for _, p, c in sorted(candidates, reverse=True):
        if p not in taken_parents and c not in taken_children:
            found.append((p, c))
            taken_parents.add(p)
            taken_children.add(c)
    return found


def align_tasks(rule: AlignmentRule, parent: Side, child: Side) -> list[Link]:
    """The alignment of one pair: a Link per (parent task, child clause) at or above ``rule.threshold`` and
    ``rule.relative`` × the parent task's best score, one unimplemented Link per parent task with none, one new
    Link per child task no parent task links to; parent order first, then the new ones in child order."""
    from .vectors import cosines

    scores = None
    if child.tasks:
        similarity, held = cosines(parent.as_parent, child.matrix, containment=True)
        scores = numpy_module().maximum(similarity, rule.containment_weight * held)
    reasons: dict[tuple[int, int], list[dict]] = {}
    if scores is not None:
        headings = cosines(parent.headings, child.headings)
        for c, p in zip(*(scores >= rule.bonus_from).nonzero()):
            bonus, why = _bonuses(rule, parent, child, int(p), int(c), headings)
            scores[c, p] = min(1.0, scores[c, p] + bonus)
            reasons[(int(p), int(c))] = why
    links, linked_children = [], set()
    chosen_of, best_of = {}, {}
    if scores is not None:
        best_of = scores.max(axis=0)
        chosen = (scores >= rule.threshold) & (scores >= rule.relative * best_of[None, :])
        for c, p in zip(*chosen.nonzero()):
            chosen_of.setdefault(int(p), []).append(int(c))
        for p, c in _fill_gaps(rule, scores, chosen_of, len(parent.tasks), len(child.tasks)):
            chosen_of[p] = [c]
            reasons.setdefault((p, c), []).append({"kind": "order", "detail": "位置相符:前后任务均已对应,"
                                                                              "此条居于其间"})
    for p, task in enumerate(parent.tasks):
        for c in sorted(chosen_of.get(p, [])):
            links.append(Link(task.id, child.tasks[c].id, "aligned", round(float(scores[c, p]), 4),
                              _phrases(parent, child, p, c) + reasons.get((p, c), [])))
            linked_children.add(c)
        if p not in chosen_of:
            links.append(Link(task.id, None, "unimplemented", round(float(best_of[p]) if len(best_of) else 0.0, 4),
                              []))
    for c, task in enumerate(child.tasks):
        if c not in linked_children:
            links.append(Link(None, task.id, "new", None, []))
    return links
