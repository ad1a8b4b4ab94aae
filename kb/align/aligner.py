"""Lining up a parent's tasks with a child's (many-to-many: a task split in two, two merged in one): every child
task is compared with the parent tasks it shares a bigram with (an inverted index, so a pair costs about child
tasks × bigrams × postings, not parent × child), scored by cosine plus bonuses (rules/align.yml), and linked at or
above the threshold. A parent task linked to nothing is 未落实 (unimplemented), a child task linked to nothing is
新增 (new)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..rule_models.align import AlignmentRule
from .lexical import Localiser, Rarity, bigrams, cosine, shared_phrases, vector
from .tasks import Task


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


class _Side:
    """The tasks of one side, localised and weighted once: texts, vectors, headings' vectors and units."""

    def __init__(self, tasks: list[Task], localise: Localiser, rarity: Rarity):
        self.tasks = tasks
        self.texts = [localise(t.text) for t in tasks]
        self.vectors = [vector(bigrams(text), rarity) for text in self.texts]
        headings: dict[str, tuple] = {}
        self.headings = [headings.setdefault(t.heading, vector(bigrams(localise(t.heading)), rarity))
                         if t.heading else None for t in tasks]
        self.units = [{localise(u): u for u in t.units} for t in tasks]


def _bonuses(rule: AlignmentRule, parent: _Side, child: _Side, p: int, c: int) -> tuple[float, list[dict]]:
    bonus, reasons = 0.0, []
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
    heads = parent.headings[p], child.headings[c]
    if heads[0] and heads[1]:
        alike = cosine(heads[0], heads[1])
        if alike >= rule.section_alike:
            bonus += rule.section_bonus
            reasons.append({"kind": "section", "detail": f"章节相近:{parent.tasks[p].heading} / "
                                                          f"{child.tasks[c].heading}(相似度 {alike:.2f})"})
    return bonus, reasons


def _scores(rule: AlignmentRule, parent: _Side, child: _Side) -> dict[tuple[int, int], float]:
    """{(parent index, child index): cosine} of the pairs sharing a bigram, through an inverted index of the
    parent's bigrams."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for p, (weights, _norm) in enumerate(parent.vectors):
        for term, weight in weights.items():
            postings[term].append((p, weight))
    scores: dict[tuple[int, int], float] = {}
    for c, (weights, norm) in enumerate(child.vectors):
        dots: dict[int, float] = defaultdict(float)
        for term, weight in weights.items():
            for p, other in postings.get(term, ()):
                dots[p] += weight * other
        for p, dot in dots.items():
            scores[(p, c)] = dot / (norm * parent.vectors[p][1])
    return scores


def align_tasks(rule: AlignmentRule, parent_tasks: list[Task], child_tasks: list[Task], localise: Localiser,
                rarity: Rarity) -> list[Link]:
    """The alignment of one pair: a Link per (parent task, child clause) at or above ``rule.threshold`` and
    ``rule.relative`` × the parent task's best score, one unimplemented Link per parent task with none, one new
    Link per child task no parent task links to; parent order first, then the new ones in child order."""
    parent, child = _Side(parent_tasks, localise, rarity), _Side(child_tasks, localise, rarity)
    scored: dict[tuple[int, int], tuple[float, list[dict]]] = {}
    for (p, c), similarity in _scores(rule, parent, child).items():
        bonus, reasons = _bonuses(rule, parent, child, p, c) if similarity >= rule.bonus_from else (0.0, [])
        scored[(p, c)] = (min(1.0, similarity + bonus), reasons)
    best: dict[int, float] = defaultdict(float)
    for (p, _c), (score, _reasons) in scored.items():
        best[p] = max(best[p], score)
    by_parent: dict[int, list[int]] = defaultdict(list)
    for (p, c), (score, _reasons) in scored.items():
        if score >= rule.threshold and score >= rule.relative * best[p]:
            by_parent[p].append(c)
    links, linked_children = [], set()
    for p, task in enumerate(parent.tasks):
        for c in sorted(by_parent.get(p, [])):
            score, reasons = scored[(p, c)]
            shared = set(parent.vectors[p][0]) & set(child.vectors[c][0])
            phrases = shared_phrases(child.texts[c], shared, rarity)
            why = [{"kind": "phrases", "detail": "共有词语(按全库稀有程度):" + "、".join(phrases)}] if phrases else []
            links.append(Link(task.id, child.tasks[c].id, "aligned", round(score, 4), why + reasons))
            linked_children.add(c)
        if p not in by_parent:
            links.append(Link(task.id, None, "unimplemented", round(best.get(p, 0.0), 4), []))
    for c, task in enumerate(child.tasks):
        if c not in linked_children:
            links.append(Link(None, task.id, "new", None, []))
    return links
