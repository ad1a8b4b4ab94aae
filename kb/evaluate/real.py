"""Real pages against their hand-written gold, in the format of ../shared/real/gold.yml (and of
tests/fixtures/real_kinds/gold.yml): every file filed as ``kb add`` files it into a fresh corpus and built, then
units per item, targets and facts scored, for the files tuned on and the files held out.

The gold's rules (shared/real/README.md): items are found by their printed number (units_per_item) or by the start
of their text (units_per_sentence), roles are read over the whole item; targets are (value, unit, year) matched one
to one per document, a gold year of null matching any year, debatable targets neither rewarded nor penalised;
facts compare after removing spaces, with full-width brackets read as ASCII and a title's 《》 ignored."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..facts import BY_KEY
from ..yamlfile import load_yaml
from .common import clauses_of, expected_units, file_and_build, judged_units

# Its rules (shared/real/README.md): items are found by their printed number (units_per_item) or by the start of
# their text (units_per_sentence), roles are read over the whole item; targets are (value, unit, year) matched one
# to one per document, a gold year of null matching any year, debatable targets neither rewarded nor penalised;
# facts compare after removing spaces, with full-width brackets read as ASCII and a title's 《》 ignored.
REAL_FACTS = tuple(BY_KEY[key] for key in ("title", "doc_number", "issuer", "issued_date", "level"))
_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]", "【": "[", "】": "]", "〔": "[", "〕": "]",
                           "《": "", "》": ""})
# kb writes the level of a place as the divisions name it; the gold's five words are the administrative tiers.
_TIER = {"自治区": "省", "直辖市": "省", "省": "省", "国家": "国家", "市": "市", "地级市": "市", "自治州": "市",
         "盟": "市", "县": "县", "区": "县", "县级市": "县", "旗": "县", "乡": "乡", "镇": "乡", "街道": "乡"}


@dataclass
class RealScore:
    """Scores of one group of real pages: units per item, targets (one-to-one per document) and facts."""

    name: str
    items: int = 0
    items_right: int = 0
    target_gold: int = 0
    target_predicted: int = 0
    target_right: int = 0
    facts: int = 0
    facts_right: int = 0

    def add(self, other: "RealScore") -> None:
        """Add another group's counts to this one's."""
        for field in ("items", "items_right", "target_gold", "target_predicted", "target_right", "facts",
                      "facts_right"):
            setattr(self, field, getattr(self, field) + getattr(other, field))

    @property
    def target_f1(self) -> float:
        """F1 of the targets (1.0 for precision or recall with nothing to count)."""
        p = self.target_right / self.target_predicted if self.target_predicted else 1.0
        r = self.target_right / self.target_gold if self.target_gold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _fact_form(field: str, value) -> str | None:
    if value is None or value == "":
        return None
    from ..normalize import compact

    text = compact(str(value)).translate(_BRACKETS)
    return _TIER.get(text, text) if field == "level" else text


def _item_scope(clauses: list, number=None, start: str | None = None, tagged: frozenset = frozenset()
                ) -> tuple[str, str] | None:
    """The item printed with ``number`` or whose text starts with ``start``, as (column, id): ("item_id", its id),
    ("section_id", a section's id) for a heading's words, or ("id", a clause's id) for a sentence of a plain paragraph, which is a task of its own (区委办公室负责…;
    区统计局负责…: one unit each, as the gold keys them)."""
    import re

    from ..normalize import compact
    from ..structure.sentences import ENUMERATED

    # A number alone (a table row's 序号 on its line) first; then a number opening an item, never 5月 or 3年.
    kinds = {c["id"]: c["kind"] for c in clauses}

    def plain(c) -> bool:  # a sentence of a paragraph that is no numbered item
        return c["kind"] == "sentence" and kinds.get(c["item_id"] or c["id"]) == "sentence"

    # Then a number in brackets ((1)实施…), where no item is printed 1. or 1、; last, the 序号 cell of a table's row
    # that prints a group cell before it (一、提高保障水平 | 1 | …).
    patterns = [rf"{number}\|?$", rf"{number}(?:[.、,:．﹒)|]|(?=[^\d.月日年号时%万亿个项]))",
                rf"\({number}\)", rf"[^|]+\|{number}\|"] if number is not None else [None, "anywhere"]
    for pattern in patterns:
        for at, c in enumerate(clauses):
            texts = compact(c["text"]).split("\x01")
            if pattern == "anywhere":
                # Last, a key that starts inside a clause (…曲道凯要求,由县发展和改革局牵头,…): that clause.
                if any(compact(start) in text for text in texts):
                    return ("id", c["id"]) if plain(c) else ("item_id", c["item_id"] or c["id"])
                continue
            if pattern is None:
                # A key may run over the clause's end into the next clauses of its item (加强市场体系建设。推进…).
                item = c["item_id"] or c["id"]
                for after in clauses[at + 1:at + 4]:
                    if (after["item_id"] or after["id"]) != item:
                        break
                    texts = [t + n for t, n in zip(texts, compact(after["text"]).split("\x01"))]
            for text in texts:
                if pattern is not None:
                    if re.match(pattern, text.lstrip("|")):
                        if c["kind"] == "heading" and c["section_id"] and c["id"] not in tagged:
                            return "section_id", c["section_id"]  # 1、X事宜 heading the paragraph below it
                        return "item_id", c["item_id"] or c["id"]
                elif text.startswith(compact(start)) or compact(start) in text[:len(compact(start)) + 12]:
                    # A key that runs past its sentence (五是清市场。由X牵头) keys the paragraph it opens.
                    # A sentence that opens 一是… is the first of the item it opens.
                    alone = plain(c) and compact(start) in compact(c["text"]).replace("\x01", "") and not (
                        ENUMERATED.match(c["text"]) and c["item_id"] == c["id"])
                    if c["kind"] == "heading" and c["section_id"] and c["id"] not in tagged:
                        # A heading's words key its section: 一、推进X over the paragraph below it, which is the item
                        # (a heading naming its own units, 各部门要各司其职, is an item of its own above its list).
                        return "section_id", c["section_id"]
                    return ("id", c["id"]) if alone else ("item_id", c["item_id"] or c["id"])
    return None


def _unit_key(unit: str | None) -> str | None:
    return unit.removeprefix("个") if unit in ("个百分点", "个工作日") else unit


def _match_targets(gold: list, predicted: list) -> tuple[int, list]:
    """(how many predicted (value, unit, year) meet a gold target one to one, the predicted ones that meet none);
    a gold year of None meets any; 个百分点 and 百分点 are one unit (个 is the measure word alone)."""
    left = list(predicted)
    right = 0
    for g in sorted(gold, key=lambda t: t[2] is None):  # exact years first, so a wildcard takes what is left
        hit = next((p for p in left if abs(p[0] - g[0]) < 1e-6 * max(1.0, abs(g[0]))
                    and _unit_key(p[1]) == _unit_key(g[1])
                    and (g[2] is None or p[2] == g[2])), None)
        if hit is not None:
            left.remove(hit)
            right += 1
    return right, left


def evaluate_real(gold_file: Path, rules_dir: Path, held_out: set[str] | None = None, misses: bool = False,
                  progress=None):
    """Score kb on real pages against their hand-written gold (the format of shared/real/gold.yml): every file is
    filed as ``kb add`` files it into a fresh corpus and built. Returns (groups, per_file, misses): RealScore for
    "tuned", "held out" (the files named in ``held_out``) and "all"; a RealScore per file; and per file a list of
    miss lines (held-out files' misses are not listed, so that nobody tunes on them, unless ``misses`` is "all").
    ``progress``: called as the pages are filed and built (kb.evaluate.common.file_and_build).
    Raises ValueError for a file that is no such gold, or a page kb add refuses."""
    from ..normalize import compact
    from ..rules import load_rules

    held_out = held_out or set()
    gold = _real_gold(gold_file)
    rules = load_rules(rules_dir)
    aliases = {compact(a): u.name for u in rules.units for a in u.aliases}
    per_file: dict[str, RealScore] = {}
    notes: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = file_and_build(gold_file.parent, list(gold), rules_dir, Path(tmp), rules,
                                            progress)
        for name, entry in gold.items():
            score = per_file[name] = RealScore(name)
            lines = notes[name] = []
            documents = documents_of[name]
            _score_items(conn, clauses_of(conn, documents), entry, aliases, score, lines)
            _score_targets(conn, documents, entry, score, lines)
            _score_facts(conn, documents, entry, score, lines)
        conn.close()
    groups = {"tuned": RealScore("tuned"), "held out": RealScore("held out"), "all": RealScore("all")}
    for name, score in per_file.items():
        groups["held out" if name in held_out else "tuned"].add(score)
        groups["all"].add(score)
    shown = {n: ls for n, ls in notes.items() if misses == "all" or n not in held_out}
    return groups, per_file, shown


def _real_gold(gold_file: Path) -> dict:
    """The NAME.txt entries of a gold file of real pages. Raises ValueError for anything else."""
    data = load_yaml(gold_file)
    if not isinstance(data, dict):
        raise ValueError("not a gold file: expected a mapping of file names (NAME.txt) to their gold")
    gold = {k: v for k, v in data.items() if isinstance(k, str) and k.endswith(".txt") and isinstance(v, dict)}
    if not gold:
        raise ValueError("no NAME.txt entries: not a gold file of real pages")
    for name, entry in gold.items():
        for key in ("targets", "targets_debatable"):
            for n, target in enumerate(entry.get(key) or [], start=1):
                if not isinstance(target, dict) or not isinstance(target.get("value"), (int, float)):
                    raise ValueError(f"{name}: {key} entry {n} is not a target with a numeric value "
                                     f"({str(target)[:60]!r})")
        for key in ("units_per_item", "units_per_sentence"):
            if not isinstance(entry.get(key) or {}, dict) or not all(
                    isinstance(v, dict) for v in (entry.get(key) or {}).values()):
                raise ValueError(f"{name}: {key} must map each item to its units ({{lead: [...], cooperate: [...]}})")
    return gold


def _score_items(conn, clauses: list, entry: dict, aliases: dict, score: RealScore, lines: list[str]) -> None:
    """Units per item of one page: each item keyed by its number or by the start of its text."""
    keyed = [(number, None, v) for number, v in (entry.get("units_per_item") or {}).items()] + [
        (None, start, v) for start, v in (entry.get("units_per_sentence") or {}).items()]
    tagged = frozenset(r[0] for r in conn.execute(
        "select distinct clause_id from clause_units where role in ('lead', 'cooperate') and basis != 'inferred' "
        f"and clause_id in ({', '.join('?' * len(clauses))})", [c["id"] for c in clauses]))
    for number, start, expected_roles in keyed:
        scope = _item_scope(clauses, number=number, start=start, tagged=tagged)
        column, scope = scope if scope is not None else ("id", None)
        predicted = [] if scope is None else conn.execute(
            "select distinct cu.unit_id, cu.matched, cu.role from clause_units cu join clauses c on "
            f"c.id = cu.clause_id where (c.{column} = ? or c.id = ?) and cu.basis != 'inferred' "
            "and cu.role in ('lead', 'cooperate')", [scope, scope]).fetchall()
        expected = expected_units(expected_roles)
        found, units = judged_units(expected, predicted, aliases)
        right = found == units
        score.items += 1
        score.items_right += right
        if not right:
            lines.append(f"item {number if number is not None else start!r}: "
                         f"{'not found' if scope is None else ''} gold {sorted(expected)} kb {sorted(units)}")


def _score_targets(conn, documents: list[str], entry: dict, score: RealScore, lines: list[str]) -> None:
    """Targets of one page, one to one; a debatable quantity kb reads is neither right nor wrong."""
    marks = ", ".join("?" * len(documents))
    rows = conn.execute(f"select value, unit, year, wording, clause_id from targets where kind = 'target' "
                        f"and document_id in ({marks})", documents).fetchall()
    predicted = [(float(r["value"]), r["unit"], r["year"]) for r in rows]
    debatable = [(float(t["value"]), t.get("unit"), t.get("year")) for t in entry.get("targets_debatable") or []]
    gold = [(float(t["value"]), t.get("unit"), t.get("year")) for t in entry.get("targets") or []]
    right, unmatched = _match_targets(gold, predicted)
    extra = [p for p in unmatched if not _match_targets(debatable, [p])[0]]
    score.target_gold += len(gold)
    score.target_right += right
    score.target_predicted += right + len(extra)
    if right < len(gold):
        lines.append(f"targets missing (of {len(gold)}, {right} found): "
                     f"{[g for g in gold if not _match_targets([g], predicted)[0]]}")
    for p in extra:
        wording = next((r["wording"] for r in rows if (float(r["value"]), r["unit"], r["year"]) == p), "")
        lines.append(f"target extra: {p} {wording!r}")


def _score_facts(conn, documents: list[str], entry: dict, score: RealScore, lines: list[str]) -> None:
    """The facts of the page's first document (a notice that issues a plan: the notice) the gold gives."""
    marks = ", ".join("?" * len(documents))
    document = conn.execute(f"select * from documents where id in ({marks}) order by rowid limit 1",
                            documents).fetchone()
    for fact in REAL_FACTS:
        field = fact.gold_key
        want = _fact_form(field, entry.get(field))
        if want is None:
            continue
        got = _fact_form(field, document[fact.name] if document is not None else None)
        score.facts += 1
        score.facts_right += want == got
        if want != got:
            lines.append(f"fact {field}: gold {want!r} kb {got!r}")
