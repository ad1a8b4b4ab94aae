"""``kb synth``: a deterministic synthetic corpus for benchmarks, made by recombining and perturbing the real plan.

Part headings, section headings, goal items and paragraphs are taken from the plan as kb.structure reads it, then
put together under new titles with place names, figures and years changed, each document citing a few others by
文号. So segmentation, tagging, targets and search do the same kind of work as on the real plan. Every file
says in its first line that it is synthetic; a synthetic corpus never goes into corpus/."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from .corpus_reader import read_corpus
from .numerals import chinese_numeral
from .rules import load_rules
from .structure.segment import segment
from .vocabulary import FRAME_KINDS

SYNTHETIC_LINE = "（合成测试文本：kb synth 生成的基准测试语料，非真实文件）"
_PLACE_HEADS = "东西南北青云江河岚川漳澜嘉安临清宁平远昌"
_PLACE_TAILS = "州阳平川宁江山原岭泉"
_PLAN_PLACE = [("广西壮族自治区", "{full}"), ("广西", "{short}"), ("全区", "全{level}"), ("我区", "我{level}"),
               ("自治区", "{level}"), ("区内", "{level}内")]
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]*\s*年)")
_YEAR = re.compile(r"(20\d\d)(?=\s*年)")


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


def _place(rng: random.Random, n: int) -> tuple[str, str, str]:
    short = _PLACE_HEADS[n % len(_PLACE_HEADS)] + _PLACE_TAILS[(n // len(_PLACE_HEADS)) % len(_PLACE_TAILS)]
    level = rng.choice(["省", "市"])
    return short + level, short, level


def _perturb(text: str, rng: random.Random, place: tuple[str, str, str], year_shift: int) -> str:
    full, short, level = place
    for old, new in _PLAN_PLACE:
        text = text.replace(old, new.format(full=full, short=short, level=level))

    def figure(match):
        value = float(match.group(1)) * rng.choice([0.5, 0.8, 1.2, 1.5, 2, 3])
        return f"{value:.1f}" if "." in match.group(1) else str(max(1, round(value)))

    text = _YEAR.sub(lambda m: str(int(m.group(1)) + year_shift), text)
    return _FIGURE.sub(figure, text)


def synthetic_document(n: int, material: Material, rng: random.Random, cited: list[tuple[str, str]]) -> tuple[str, dict]:
    """The text and sidecar of synthetic document ``n``."""
    place = _place(rng, n)
    year = 2016 + n % 10
    shift = year - 2015
    title = f"{place[0]}知识产权战略实施行动计划（合成第{n}号）"
    number = f"合成发〔{year}〕{n % 997 + 1}号"
    lines = [SYNTHETIC_LINE, title, f"{place[0]}知识产权局"]
    citing = "、".join(f"《{t}》（{num}）" for t, num in cited)
    lines.append(f"为深入实施知识产权战略，根据{citing or '有关文件'}精神，结合{place[1]}实际，制定本行动计划。")
    lines.append(_perturb(rng.choice(material.preamble), rng, place, shift))
    goals = rng.sample(material.goals, k=min(len(material.goals), rng.randint(2, 4)))
    parts = rng.sample(material.parts, k=min(len(material.parts), rng.randint(2, 4)))
    arabic = rng.random() < 0.3  # some documents number their second level 1. 2. instead of (一) (二)
    for p, part in enumerate(parts, start=1):
        lines.append(f"{chinese_numeral(p)}、{part}")
        if p == 1:
            lines.extend("——" + _perturb(goal, rng, place, shift) for goal in goals)
        for s, section in enumerate(rng.sample(material.sections, k=rng.randint(2, 3)), start=1):
            lines.append(f"{s}.{section}。" if arabic else f"（{chinese_numeral(s)}）{section}。")
            for paragraph in rng.sample(material.paragraphs, k=rng.randint(1, 2)):
                lines.append(_perturb(paragraph, rng, place, shift))
    sidecar = {
        "documents": [{"id": f"synth-{n:06d}", "title": title, "doc_number": number, "issuer": f"{place[0]}知识产权局",
                       "issued_date": f"{year}-0{1 + n % 9}-1{n % 9}", "kind": "plan", "level": place[2],
                       "jurisdiction": place[0]}]}
    return "\n".join(lines) + "\n", sidecar


def write_synthetic_corpus(out: Path, docs: int, seed: int = 0, corpus_dir: Path = Path("corpus"),
                           rules_dir: Path = Path("rules"), progress=None) -> int:
    """Write ``docs`` synthetic documents into ``out`` (text + sidecar each). Returns the characters written."""
    import yaml

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    material = read_material(corpus_dir, rules_dir)
    rng = random.Random(seed)
    titles: list[tuple[str, str]] = []
    written = 0
    for n in range(1, docs + 1):
        cited = rng.sample(titles, k=min(len(titles), 2))
        text, sidecar = synthetic_document(n, material, rng, cited)
        entry = sidecar["documents"][0]
        titles.append((entry["title"], entry["doc_number"]))
        if len(titles) > 50:
            titles.pop(0)
        name = entry["id"]
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        (out / f"{name}.yml").write_text(
            "# Synthetic (kb synth): a benchmark document made from the real plan's pieces, not a real document.\n"
            + yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written += len(text)
        if progress:
            progress(n)
    return written
