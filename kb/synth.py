"""``kb synth``: a deterministic synthetic corpus for benchmarks, made by recombining and perturbing the real plan.

Part headings, section headings, goal items and paragraphs are taken from the plan as kb.structure reads it, then
put together under new titles with place names, figures and years changed. So segmentation, tagging, targets and
search do the same kind of work as on the real plan. Every file says in its first line that it is synthetic; a
synthetic corpus never goes into corpus/.

Its parent/child links are sparse, as real ones are: about one document in four (IMPLEMENTING_SHARE) is the
implementing plan of ONE earlier document a level above it (national → provincial → city), says so in
根据《…》（文号）, and carries the parent's tasks down localised and reworded (kb.synth_plans), so that kb.align
does real work; about a third of the others refer to an earlier document with 参照, which is no implementing
link, and the rest cite nothing."""
from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from .corpus_reader import read_corpus
from .rules import load_rules
from .structure.segment import segment
from .synth_plans import Plan, carried_down, new_plan, place_of, render
from .vocabulary import FRAME_KINDS

SYNTHETIC_LINE = "（合成测试文本：kb synth 生成的基准测试语料，非真实文件）"
# The share of documents that implement an earlier one; of the others, the share that refer to one with 参照.
IMPLEMENTING_SHARE = 0.25
REFERRING_SHARE = 0.3
# Levels of a document that implements nothing, with their weights: few national plans, as in life.
LEVELS = (("国家", 1), ("省", 4), ("市", 4))
# A parent is chosen among this many documents before (the corpus is written in one pass, memory stays flat).
RECENT = 50


@dataclass
class Material:
    """The plan cut into the pieces a synthetic document is made of."""
    parts: list[str]  # 一、 headings, without their number
    sections: list[str]  # (一) headings, without their number
    paragraphs: list[str]
    goals: list[str]
    preamble: list[str]


def read_material(corpus_dir: Path, rules_dir: Path, document_id: str = "gx-ipap-2015") -> Material:
    """The pieces of the document ``document_id`` of the corpus, segmented with the rules: its part and section
    headings, goal items, and paragraphs (the front matter's apart), frame lines left out. Raises StopIteration
    when the corpus holds no such document."""
    corpus = read_corpus(corpus_dir)
    document = next(d for d in corpus.documents if d.id == document_id)
    rules = load_rules(rules_dir)
    structure = segment(document.id, document.text, rules.structure, title=document.title, issuer=document.issuer)
    paragraphs: dict[tuple, list] = {}
    for clause in structure.clauses:
        paragraphs.setdefault((clause.section_id, clause.paragraph), []).append(clause)
    material = Material(parts=[], sections=[], paragraphs=[], goals=[], preamble=[])
    for section in structure.sections:
        if section.kind == "numbered" and section.heading:
            (material.parts if section.level == 1 else material.sections).append(section.heading.rstrip("。"))
    for (section_id, paragraph), clauses in paragraphs.items():
        text = document.text[clauses[0].char_start:clauses[-1].char_end].strip()
        kinds = {c.kind for c in clauses}
        if kinds & (FRAME_KINDS | {"heading"}):
            continue
        if "goal" in kinds:
            material.goals.append(text.lstrip("—-"))
        elif section_id is None:
            material.preamble.append(text)
        else:
            material.paragraphs.append(text)
    return material


def _sidecar(plan: Plan) -> dict:
    place = plan.place
    return {"documents": [{"id": f"synth-{plan.n:06d}", "title": plan.title, "doc_number": plan.number,
                           "issuer": plan.issuer, "issued_date": f"{plan.year}-0{1 + plan.n % 9}-1{plan.n % 9}",
                           "kind": "plan", "level": place.level, "jurisdiction": place.jurisdiction}]}


def _opening(plan: Plan, cited: list[tuple[str, str]]) -> list[str]:
    # The sentence that says what the plan is made for: 根据《…》 is the cue kb.align reads as "carries it down".
    citing = "、".join(f"《{t}》（{num}）" for t, num in cited)
    return [f"为深入实施知识产权战略，根据{citing or '有关文件'}精神，结合{plan.place.short}实际，"
            f"制定本{'实施方案' if plan.parent else '行动计划'}。"]


def synthetic_document(n: int, material: Material, rng: random.Random,
                       cited: list[tuple[str, str]] = ()) -> tuple[str, dict]:
    """The text and sidecar of a synthetic document ``n`` standing alone (a province's or a city's plan), citing
    the (title, 文号) of ``cited`` as the documents it carries down."""
    plan = new_plan(n, material, rng, place_of(n, rng.choice(["省", "市"])))
    return render(plan, SYNTHETIC_LINE, _opening(plan, list(cited))), _sidecar(plan)


def _next_document(n: int, material: Material, rng: random.Random, recent: deque) -> tuple[Plan, list[str]]:
    """Plan ``n`` of a corpus and its opening lines: an implementing plan of one of the ``recent`` plans above the
    city level (IMPLEMENTING_SHARE), else a plan of its own that may refer to a recent one with 参照."""
    parents = [plan for plan in recent if plan.place.level != "市"]
    if parents and rng.random() < IMPLEMENTING_SHARE:
        parent = rng.choice(parents)
        plan = carried_down(n, parent, material, rng)
        return plan, _opening(plan, [(parent.title, parent.number)])
    level = rng.choices([level for level, _ in LEVELS], [weight for _, weight in LEVELS])[0]
    plan = new_plan(n, material, rng, place_of(n, level))
    lines = _opening(plan, [])
    if recent and rng.random() < REFERRING_SHARE:
        # A reference for a definition, not a plan carried down: 参照 is no cue of rules/align.yml.
        other = rng.choice(recent)
        lines.append(f"本计划所称知识产权密集型产业的统计口径，参照《{other.title}》（{other.number}）执行。")
    return plan, lines


def write_synthetic_corpus(out: Path, docs: int, seed: int = 0, corpus_dir: Path = Path("corpus"),
                           rules_dir: Path = Path("rules"), progress=None) -> int:
    """Write ``docs`` synthetic documents into ``out`` (text + sidecar each). Returns the characters written."""
    import yaml

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    material = read_material(corpus_dir, rules_dir)
    rng = random.Random(seed)
    recent: deque[Plan] = deque(maxlen=RECENT)
    written = 0
    for n in range(1, docs + 1):
        plan, opening = _next_document(n, material, rng, recent)
        recent.append(plan)
        text, sidecar = render(plan, SYNTHETIC_LINE, opening), _sidecar(plan)
        name = sidecar["documents"][0]["id"]
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        (out / f"{name}.yml").write_text(
            "# Synthetic (kb synth): a benchmark document made from the real plan's pieces, not a real document.\n"
            + yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written += len(text)
        if progress:
            progress(n)
    return written
