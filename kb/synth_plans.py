"""The plans kb.synth writes, before they are text: which pieces of the real plan a synthetic document is made of
(``new_plan``), how an implementing plan carries its parent's down (``carried_down``: localised, some tasks dropped,
some added, reworded), and the text of either (``render``: place names, figures and years put in).

A plan keeps its pieces as the material has them (each with the seed of its figures), so a child says its parent's
tasks in its own place's words and with the same figures, or with figures of its own where it sets its own target.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .numerals import chinese_numeral

_PLACE_HEADS = "东西南北青云江河岚川漳澜嘉安临清宁平远昌"
_PLACE_TAILS = "州阳平川宁江山原岭泉"
# The real plan's own place words, and what they become in a plan of another place ({full}: 东岚省, {short}: 东岚,
# {level}: 省) or in a national plan.
_PLAN_PLACE = [("广西壮族自治区", "{full}"), ("广西", "{short}"), ("全区", "全{level}"), ("我区", "我{level}"),
               ("自治区", "{level}"), ("区内", "{level}内")]
_NATIONAL_PLACE = [("广西壮族自治区人民政府", "国务院"), ("广西壮族自治区", "国家"), ("广西", "我国"), ("全区", "全国"),
                   ("我区", "我国"), ("自治区人民政府", "国务院"), ("自治区", "国家"), ("区内", "国内")]
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]*\s*年)")
_YEAR = re.compile(r"(20\d\d)(?=\s*年)")
# The level an implementing plan of a plan of each level is at.
BELOW = {"国家": "省", "省": "市"}

# How a child rewords its parent's tasks: each word of a pair may become the other (a child of a child may turn it
# back), a sentence of a paragraph may go, a phrase of a sentence may go, and its own figure may replace the parent's.
_SYNONYMS = dict(pair for a, b in [("加强", "强化"), ("推进", "推动"), ("提高", "提升"), ("积极", "大力"),
                                   ("完善", "健全"), ("鼓励", "引导"), ("加快", "加速"), ("培育", "培养")]
                 for pair in ((a, b), (b, a)))
_SYNONYM = re.compile("|".join(_SYNONYMS))
_SENTENCE = re.compile(r"[^。；;]+[。；;]?")
_PHRASE = re.compile(r"([,，])")
SWAP_WORD, DROP_SENTENCE, DROP_PHRASE, OWN_FIGURES = 0.5, 0.2, 0.25, 0.3
# What a child leaves out of its parent, and adds of its own (rates per goal, section, paragraph; per part added).
DROP_GOAL, DROP_SECTION, DROP_PARAGRAPH, ADD_PARAGRAPH, ADD_SECTION = 0.2, 0.15, 0.15, 0.35, 0.4


@dataclass(frozen=True)
class Place:
    """Where a synthetic plan is from: ``full`` (东岚省, 国家), ``short`` (东岚, 我国), ``level`` (documents.level:
    国家, 省, 市) and ``jurisdiction`` (东岚省, 全国)."""
    full: str
    short: str
    level: str
    jurisdiction: str


@dataclass
class Piece:
    """A goal or paragraph as the material has it (reworded in a child), and the seed of its figures."""
    text: str
    seed: int


@dataclass
class Plan:
    """A synthetic document before it is text: its number ``n``, place, year, the year shift of its figures'
    years, title, 文号, issuer, preamble, goals, parts ([(heading, [(section heading, [paragraph])])]), whether its
    second level is numbered 1. 2., and the title of the plan it carries down (None: none)."""
    n: int
    place: Place
    year: int
    shift: int
    title: str
    number: str
    issuer: str
    preamble: Piece
    goals: list[Piece] = field(default_factory=list)
    parts: list[tuple[str, list[tuple[str, list[Piece]]]]] = field(default_factory=list)
    arabic: bool = False
    parent: str | None = None


def place_of(n: int, level: str) -> Place:
    """The place of document ``n`` at ``level`` (国家, 省, 市): one of 200 made-up names, or the nation."""
    if level == "国家":
        return Place("国家", "我国", "国家", "全国")
    short = _PLACE_HEADS[n % len(_PLACE_HEADS)] + _PLACE_TAILS[(n // len(_PLACE_HEADS)) % len(_PLACE_TAILS)]
    return Place(short + level, short, level, short + level)


def _piece(text: str, rng: random.Random) -> Piece:
    return Piece(text, rng.getrandbits(32))


def _plan(n: int, place: Place, year: int, shift: int, kind: str, preamble: Piece, rng: random.Random) -> Plan:
    return Plan(n, place, year, shift, f"{place.full}知识产权战略{kind}（合成第{n}号）", f"合成发〔{year}〕{n}号",
                f"{place.full}知识产权局", preamble, arabic=rng.random() < 0.3)


def new_plan(n: int, material, rng: random.Random, place: Place) -> Plan:
    """Plan ``n`` of ``place``, made of pieces of the ``material`` (kb.synth.Material) that ``rng`` picks."""
    year = 2016 + n % 10
    plan = _plan(n, place, year, year - 2015, "实施行动计划", _piece(rng.choice(material.preamble), rng), rng)
    plan.goals = [_piece(g, rng) for g in rng.sample(material.goals, k=min(len(material.goals), rng.randint(2, 4)))]
    for part in rng.sample(material.parts, k=min(len(material.parts), rng.randint(2, 4))):
        plan.parts.append((part, [(section, [_piece(p, rng) for p in rng.sample(material.paragraphs,
                                                                                 k=rng.randint(1, 2))])
                                  for section in rng.sample(material.sections, k=rng.randint(2, 3))]))
    return plan


def reword(piece: Piece, rng: random.Random) -> Piece:
    """``piece`` as a child restates it: words swapped for their synonyms, maybe a sentence or a phrase left out,
    maybe figures of its own."""
    text = _SYNONYM.sub(lambda m: _SYNONYMS[m.group()] if rng.random() < SWAP_WORD else m.group(), piece.text)
    sentences = _SENTENCE.findall(text)
    if len(sentences) > 1 and rng.random() < DROP_SENTENCE:
        del sentences[rng.randrange(len(sentences))]
    for i, sentence in enumerate(sentences):
        pieces = _PHRASE.split(sentence)  # phrase, comma, phrase, …
        middle = [j for j in range(2, len(pieces) - 2, 2) if not re.search(r"[（）()《》]", pieces[j])]
        if middle and rng.random() < DROP_PHRASE:
            j = rng.choice(middle)
            sentences[i] = "".join(pieces[:j - 1] + pieces[j + 1:])
    seed = rng.getrandbits(32) if rng.random() < OWN_FIGURES else piece.seed
    return Piece("".join(sentences), seed)


def _kept(items: list, rate: float, rng: random.Random) -> list:
    """``items`` less those ``rng`` drops at ``rate``, never all of them."""
    kept = [item for item in items if rng.random() >= rate]
    return kept or items[:1]


def carried_down(n: int, parent: Plan, material, rng: random.Random) -> Plan:
    """Plan ``n``, the implementing plan of ``parent`` one level below it: the parent's goals and tasks under the
    same headings, reworded (``reword``), some left out and some of its own added; its figures' years are the
    parent's (the same target years)."""
    place = place_of(n, BELOW[parent.place.level])
    plan = _plan(n, place, parent.year + rng.randint(0, 1), parent.shift, "实施方案",
                 _piece(rng.choice(material.preamble), rng), rng)
    plan.parent = parent.title
    plan.goals = [reword(goal, rng) for goal in _kept(parent.goals, DROP_GOAL, rng)]
    for heading, sections in parent.parts:
        kept = []
        for section, paragraphs in _kept(sections, DROP_SECTION, rng):
            pieces = [reword(p, rng) for p in _kept(paragraphs, DROP_PARAGRAPH, rng)]
            if rng.random() < ADD_PARAGRAPH:
                pieces.append(_piece(rng.choice(material.paragraphs), rng))
            kept.append((section, pieces))
        if rng.random() < ADD_SECTION:
            kept.append((rng.choice(material.sections), [_piece(rng.choice(material.paragraphs), rng)]))
        plan.parts.append((heading, kept))
    return plan


def _perturb(piece: Piece, place: Place, shift: int) -> str:
    """The text of ``piece`` in ``place``: its place words replaced, its years shifted, its figures scaled."""
    text = piece.text
    table = _NATIONAL_PLACE if place.level == "国家" else _PLAN_PLACE
    for old, new in table:
        text = text.replace(old, new.format(full=place.full, short=place.short, level=place.level))
    rng = random.Random(piece.seed)

    def figure(match):
        value = float(match.group(1)) * rng.choice([0.5, 0.8, 1.2, 1.5, 2, 3])
        return f"{value:.1f}" if "." in match.group(1) else str(max(1, round(value)))

    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    return _FIGURE.sub(figure, text)


def render(plan: Plan, first_line: str, opening: list[str]) -> str:
    """The text of ``plan``: ``first_line`` (the synthetic label), title, issuer, the ``opening`` lines, preamble,
    then its parts, the goals under the first."""
    lines = [first_line, plan.title, plan.issuer, *opening, _perturb(plan.preamble, plan.place, plan.shift)]
    for p, (part, sections) in enumerate(plan.parts, start=1):
        lines.append(f"{chinese_numeral(p)}、{part}")
        if p == 1:
            lines.extend("——" + _perturb(goal, plan.place, plan.shift) for goal in plan.goals)
        for s, (section, paragraphs) in enumerate(sections, start=1):
            lines.append(f"{s}.{section}。" if plan.arabic else f"（{chinese_numeral(s)}）{section}。")
            lines.extend(_perturb(piece, plan.place, plan.shift) for piece in paragraphs)
    return "\n".join(lines) + "\n"
