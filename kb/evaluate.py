"""``kb eval``: precision, recall and F1 of the KB's targets, units, citations and target links against
hand-written gold files (tests/gold/)."""
from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .facts import BY_KEY, FACTS
from .yamlfile import load_yaml


@dataclass
class Score:
    name: str
    true_positives: int
    gold: int
    predicted: int
    missing: list
    extra: list

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _score(name: str, gold: set, predicted: set) -> Score:
    return Score(name, len(gold & predicted), len(gold), len(predicted), sorted(gold - predicted, key=str),
                 sorted(predicted - gold, key=str))


def _target_key(row: dict) -> tuple:
    return (row["clause"], row["metric"], round(float(row["value"]), 6), row["unit"], row["comparator"],
            row.get("year"))


def _predicted_targets(conn, documents: set[str]) -> set:
    rows = conn.execute("select clause_id, metric, value, unit, comparator, year, document_id from targets "
                        "where kind = 'target'")
    return {(r[0], r[1], round(float(r[2]), 6), r[3], r[4], r[5]) for r in rows if r[6] in documents}


def score_targets(conn, gold_path: Path) -> Score:
    gold_rows = load_yaml(gold_path)["targets"]
    documents = {row["document"] for row in gold_rows}
    return _score(f"targets ({gold_path.stem})", {_target_key(r) for r in gold_rows},
                  _predicted_targets(conn, documents))


def score_units(conn, gold_path: Path) -> Score:
    gold = {(r["clause"], r["unit"], r["role"]) for r in load_yaml(gold_path)["units"]}
    predicted = {tuple(r) for r in conn.execute(
        "select cu.clause_id, cu.unit_id, cu.role from clause_units cu join clauses c on c.id = cu.clause_id "
        "where cu.basis = 'explicit' and c.document_id in ('gx-ipap-2015', 'gx-ipap-2015-notice')")}
    return _score("units, explicit (plan)", gold, predicted)


def score_citations(conn, gold_path: Path) -> Score:
    gold = {(r["clause"], r.get("cited_title"), r.get("cited_number"), r.get("document_id"))
            for r in load_yaml(gold_path)["citations"]}
    predicted = {tuple(r) for r in conn.execute(
        "select c.clause_id, c.cited_title, c.cited_number, c.document_id from citations c "
        "join clauses on clauses.id = c.clause_id where clauses.document_id in ('gx-ipap-2015', 'gx-ipap-2015-notice')")}
    return _score("citations (plan)", gold, predicted)


def score_target_links(conn, gold_path: Path) -> Score:
    gold = {(r["metric"], r["clause"]) for r in load_yaml(gold_path)["links"]}
    predicted = {tuple(r) for r in conn.execute(
        "select t.metric, l.clause_id from target_links l join targets t on t.id = l.target_id "
        "where t.document_id = 'gx-ipap-2015'")}
    return _score("target links (plan)", gold, predicted)


def score_inference(conn, gold_path: Path) -> Score:
    """The guesses (role candidate, basis inferred) on the plan's task sentences against a hand-written gold
    (``sentences``: a fragment of each sentence and the units a careful reader expects from its own words)."""
    gold, predicted = set(), set()
    for row in load_yaml(gold_path)["sentences"]:
        clause = conn.execute("select id from clauses where document_id in ('gx-ipap-2015', 'gx-ipap-2015-notice') "
                              "and instr(text, ?) > 0 order by rowid limit 1", [row["text"]]).fetchone()
        key = clause[0] if clause else f"<no clause holds {row['text']!r}>"
        gold.update((key, unit) for unit in row.get("units") or [])
        predicted.update((key, unit) for (unit,) in conn.execute(
            "select distinct unit_id from clause_units where clause_id = ? and role = 'candidate'", [key]))
    return _score("guessed units (plan)", gold, predicted)


def targets_without_links(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "select id from targets where not exists (select 1 from target_links where target_id = targets.id)")]


# A unit's name as the text printed it: a unit found by grammar carries its jurisdiction in its id (甲市市场监督管理局)
# and the printed name (市市场监督管理局) as its first alias.
PRINTED_UNIT = ("coalesce((select json_extract(units.aliases, '$[0]') from units where units.id = clause_units.unit_id "
                "and units.found_by = 'grammar'), clause_units.unit_id)")


def _clause_of(conn, document: str, fragment: str) -> str:
    rows = conn.execute("select id from clauses where document_id = ? and instr(text, ?) > 0 order by ordinal",
                        (document, fragment)).fetchall()
    return rows[0][0] if rows else f"<no clause holds {fragment!r}>"


def evaluate_by_fragment(directory: Path, rules_dir: Path, label: str) -> list[Score]:
    """Scores on a set of synthetic documents whose gold (in ``directory``/gold) names clauses by a text fragment."""
    from .build import build_kb

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "set.db"
        build_kb(directory, rules_dir, out)
        conn = sqlite3.connect(out)
        gold_targets = load_yaml(directory / "gold" / "gold_targets.yml")["targets"]
        documents = {r["document"] for r in gold_targets}
        targets = _score(f"targets ({label})",
                         {_target_key(dict(r, clause=_clause_of(conn, r["document"], r["text"])))
                          for r in gold_targets}, _predicted_targets(conn, documents))
        gold_units = load_yaml(directory / "gold" / "gold_units.yml")["units"]
        units = _score(f"units, explicit ({label})",
                       {(_clause_of(conn, r["document"], r["text"]), r["unit"], r["role"]) for r in gold_units},
                       {tuple(r) for r in conn.execute(
                           # a unit found by grammar is named with its jurisdiction; the gold gives it as printed
                           f"select clause_id, {PRINTED_UNIT}, role from clause_units where basis = 'explicit' "
                           "and role != 'addressee'")})
        gold_citations = load_yaml(directory / "gold" / "gold_citations.yml")["citations"]
        citations = _score(f"citations ({label})",
                           {(_clause_of(conn, r["document"], r["text"]), r.get("cited_title"), r.get("cited_number"))
                            for r in gold_citations},
                           {tuple(r) for r in conn.execute("select clause_id, cited_title, cited_number from citations")})
        conn.close()
    return [targets, units, citations]


def evaluate(db: Path, gold_dir: Path, fixtures_dir: Path | None, rules_dir: Path) -> list[Score]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    scores = [score_targets(conn, gold_dir / "plan_targets.yml"), score_units(conn, gold_dir / "plan_units.yml"),
              score_citations(conn, gold_dir / "plan_citations.yml"),
              score_target_links(conn, gold_dir / "plan_target_links.yml")]
    if (gold_dir / "plan_inference.yml").exists():
        scores.append(score_inference(conn, gold_dir / "plan_inference.yml"))
    conn.close()
    if fixtures_dir is not None and (gold_dir / "fixture_targets.yml").exists():
        from .build import build_kb

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "fixtures.db"
            build_kb(fixtures_dir, rules_dir, out)
            fixture_conn = sqlite3.connect(out)
            scores.append(score_targets(fixture_conn, gold_dir / "fixture_targets.yml"))
            fixture_conn.close()
    return scores


# -- who does what, item by item -------------------------------------------------------------------------------


@dataclass
class ItemScore:
    """Units-per-item accuracy and (name, role) pair precision and recall of one group of documents."""

    name: str
    items: int = 0
    items_right: int = 0
    gold_pairs: int = 0
    predicted_pairs: int = 0
    pairs_right: int = 0
    wrong: list = None

    @property
    def accuracy(self) -> float:
        return self.items_right / self.items if self.items else 1.0

    @property
    def precision(self) -> float:
        return self.pairs_right / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_right / self.gold_pairs if self.gold_pairs else 1.0


def _same_name(gold: str, unit: str, matched: str | None, aliases: dict[str, str]) -> bool:
    """A gold name (as the text writes it) is the tagged unit when it is the unit's name, the words the tag
    matched (read simplified and without pinyin glosses), or an alias the lexicon gives that unit (工商总局 and 质检总局 are both today's 国家市场监督管理总局)."""
    from .normalize import compact, without_glosses
    from .script import to_simplified

    name = compact(gold)
    # (A traditional page's gold gives names simplified; its tags match the text as printed, glosses and all.)
    printed = compact(matched or "")
    return name in (compact(unit), printed, compact(to_simplified(without_glosses(printed)))) or \
        aliases.get(name) == unit


def evaluate_items(directory: Path, rules_dir: Path) -> list[ItemScore]:
    """Score the task items of a set of documents (``directory``: source files of any format kb add reads, and
    ``gold.yml`` written by hand: per file its style and, per item, the lead and cooperating units as written).

    Every file is filed as ``kb add`` files it (facts read from the text) into a scratch corpus and built. An item
    is right when every gold unit is found with its role on the item's clauses (named or inherited) and no other
    unit is tagged lead or cooperating there. Returns one score per file, per style and for the whole set."""
    from .normalize import compact
    from .rules import load_rules
    from .vocabulary import RESPONSIBLE_ROLES

    gold = load_yaml(directory / "gold.yml")["documents"]
    rules = load_rules(rules_dir)
    scores: dict[str, ItemScore] = {}
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = _file_and_build(directory, [entry["file"] for entry in gold], rules_dir, Path(tmp),
                                             rules)
        for entry in gold:
            documents = documents_of[entry["file"]]
            jurisdictions = {j for (j,) in conn.execute(
                f"select jurisdiction from documents where id in ({', '.join('?' * len(documents))})", documents)}
            aliases = {compact(alias): u.name for u in rules.units for alias in u.aliases
                       if u.jurisdiction is None or u.jurisdiction in jurisdictions}
            clauses = conn.execute(
                f"select id, item_id, text from clauses where document_id in ({', '.join('?' * len(documents))}) "
                "order by document_id, ordinal", documents).fetchall()
            for key in (entry["file"], f"style {entry['style']}", "all"):
                scores.setdefault(key, ItemScore(key, wrong=[]))
            for item in entry["items"]:
                start = compact(item["start"])
                found = next((c for c in clauses if start in compact(c[2])), None)
                predicted = []
                if found is not None:
                    predicted = conn.execute(
                        "select distinct cu.unit_id, cu.matched, cu.role from clause_units cu "
                        "join clauses c on c.id = cu.clause_id where c.item_id = ? and cu.basis != 'inferred' "
                        "and cu.role in ('lead', 'cooperate')", [found[1]]).fetchall()
                expected = [(name, role) for role in RESPONSIBLE_ROLES for name in item.get(role) or []]
                # Each gold name stands for the tagged unit it is (two former names may be one unit today).
                gold_units = {next(((u, r) for u, m, r in predicted if r == role and _same_name(g, u, m, aliases)),
                                   (f"not tagged: {g}", role)) for g, role in expected}
                units = {(u, r) for u, _, r in predicted}
                extra = units - gold_units
                right = gold_units <= units and not extra
                for key in (entry["file"], f"style {entry['style']}", "all"):
                    score = scores[key]
                    score.items += 1
                    score.items_right += right
                    score.gold_pairs += len(gold_units)
                    score.predicted_pairs += len(units)
                    score.pairs_right += len(units - extra)
                if not right:
                    scores[entry["file"]].wrong.append((item.get("number"), item["start"], sorted(expected),
                                                        sorted(units)))
        conn.close()
    return list(scores.values())


# -- numbers and facts of any document ---------------------------------------------------------------------------
# The facts a gold_targets_facts.yml scores: by the gold's key, the column of ``documents``.
FACT_FIELDS = {fact.gold_key: fact.name for fact in FACTS if fact.gold_key}


def _file_and_build(directory: Path, files: list[str], rules_dir: Path, tmp: Path, rules=None):
    """The files filed one by one as ``kb add`` files them into a fresh corpus under ``tmp`` and built: a
    connection to the KB (rows as sqlite3.Row) and each file's document ids. ``rules``: those of ``rules_dir``,
    when loaded already."""
    from .add import file_and_update
    from .build import build_kb
    from .rules import load_rules

    rules = rules or load_rules(rules_dir)
    corpus = tmp / "corpus"
    corpus.mkdir()
    documents_of: dict[str, list[str]] = {}
    for name in files:
        filed = file_and_update([str(directory / name)], corpus, rules_dir, tmp / "kb.db", rebuild=False,
                                rules=rules)
        if not filed.plan.ok and "no title found" in str(filed.plan.problems[0]):
            # A user would give --title; the file's name stands in (a page with no title has no title in its gold).
            filed = file_and_update([str(directory / name)], corpus, rules_dir, tmp / "kb.db", rebuild=False,
                                    rules=rules, overrides={"title": Path(name).stem})
        if not filed.plan.ok:
            raise ValueError(f"{name}: {filed.plan.problems[0]}")
        documents_of[name] = filed.document_ids
    build_kb(corpus, rules_dir, tmp / "kb.db")
    conn = sqlite3.connect(tmp / "kb.db")
    conn.row_factory = sqlite3.Row
    return conn, documents_of


def _clauses_of(conn, documents: list[str]) -> list:
    """The clauses of some documents in order: id, item_id and text, the text followed by chr(1) and the original
    (a traditional text's gold quotes it as printed, so both are matched)."""
    marks = ", ".join("?" * len(documents))
    return conn.execute(f"select id, item_id, kind, text || char(1) || coalesce(original_text, '') as text from clauses "
                        f"where document_id in ({marks}) order by rowid", documents).fetchall()


def evaluate_areas(directory: Path, rules_dir: Path) -> Score | None:
    """Thematic areas per task item against the ``areas`` of ``gold_targets_facts.yml`` (written by hand: for
    each numbered item, by its opening characters, the IP areas it is about; [] for none). A pair is (item, area
    id); an item's predicted areas are the thematic areas of all its clauses. None when the gold has no areas."""
    from .normalize import compact

    gold = [e for e in load_yaml(directory / "gold_targets_facts.yml")["documents"] if e.get("areas") is not None]
    if not gold:
        return None
    gold_pairs, predicted = set(), set()
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = _file_and_build(directory, [e["file"] for e in gold], rules_dir, Path(tmp))
        for entry in gold:
            clauses = _clauses_of(conn, documents_of[entry["file"]])
            for start, areas in (entry["areas"] or {}).items():
                key = compact(start)
                clause = next((c for c in clauses if compact(c["text"]).startswith(key)
                               or compact(c["text"]).split("\x01")[-1].startswith(key)), None)
                item = f"{entry['file']}:{start}"
                gold_pairs.update((item, area) for area in areas or [])
                if clause is None:
                    continue
                scope = clause["item_id"] or clause["id"]
                for (area,) in conn.execute(
                        "select distinct clause_areas.area_id from clause_areas join clauses on clauses.id = "
                        "clause_areas.clause_id join areas on areas.id = clause_areas.area_id where areas.kind = "
                        "'thematic' and (clauses.item_id = ? or clauses.id = ?)", [scope, scope]):
                    predicted.add((item, area))
        conn.close()
    return _score(f"thematic areas per item ({directory.name})", gold_pairs, predicted)


def evaluate_targets_facts(directory: Path, rules_dir: Path) -> tuple[Score, Score, dict[str, tuple[int, int]]]:
    """Targets and document facts of a set of documents against ``gold_targets_facts.yml`` (written by hand).

    Every file is filed as ``kb add`` files it and built. A target is (the clause holding the gold's text, value in
    base units, unit, year); an actual (kind actual) is not a target. Returns the target Score, a Score of the
    indicator wordings of the matched targets, and per fact field (right, total)."""
    from .normalize import compact

    gold = load_yaml(directory / "gold_targets_facts.yml")["documents"]
    gold_targets, predicted, gold_wordings, predicted_wordings = set(), set(), set(), set()
    facts = {field: [0, 0] for field in FACT_FIELDS}
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = _file_and_build(directory, [e["file"] for e in gold], rules_dir, Path(tmp))
        for entry in gold:
            documents = documents_of[entry["file"]]
            marks = ", ".join("?" * len(documents))
            clauses = _clauses_of(conn, documents)
            for target in entry.get("targets") or []:
                if target.get("kind", "target") != "target":
                    continue
                fragment = compact(target["text"])
                clause = next((c["id"] for c in clauses if fragment in compact(c["text"])), f"<{target['text']}>")
                value = target["value"][0] if isinstance(target["value"], list) else target["value"]  # a range
                key = (clause, round(float(value), 6), target.get("unit"), target.get("year"))
                gold_targets.add(key)
                gold_wordings.add(key + (compact(target["indicator"]),))
            for row in conn.execute(f"select clause_id, value, unit, year, wording from targets "
                                    f"where kind = 'target' and document_id in ({marks})", documents):
                key = (row["clause_id"], round(float(row["value"]), 6), row["unit"], row["year"])
                predicted.add(key)
                predicted_wordings.add(key + (compact(row["wording"] or ""),))
            # The facts of the file's first document (a notice that issues a plan: the notice).
            document = conn.execute(f"select * from documents where id in ({marks}) order by rowid limit 1",
                                    documents).fetchone()
            for field, column in FACT_FIELDS.items():
                expected = entry["facts"].get(field)
                got = document[column] if document is not None else None
                facts[field][1] += 1
                facts[field][0] += (compact(str(expected)) if expected is not None else None) == (
                    compact(str(got)) if got is not None else None)
        conn.close()
    matched = gold_targets & predicted
    wording_gold = {w for w in gold_wordings if w[:4] in matched}
    wording_predicted = {w for w in predicted_wordings if w[:4] in matched}
    return (_score(f"targets ({directory.name})", gold_targets, predicted),
            _score(f"target indicators ({directory.name})", wording_gold, wording_predicted),
            {field: tuple(v) for field, v in facts.items()})


# -- real pages: ../shared/real/gold.yml -------------------------------------------------------------------------
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
        for field in ("items", "items_right", "target_gold", "target_predicted", "target_right", "facts",
                      "facts_right"):
            setattr(self, field, getattr(self, field) + getattr(other, field))

    @property
    def target_f1(self) -> float:
        p = self.target_right / self.target_predicted if self.target_predicted else 1.0
        r = self.target_right / self.target_gold if self.target_gold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _fact_form(field: str, value) -> str | None:
    if value is None or value == "":
        return None
    from .normalize import compact

    text = compact(str(value)).translate(_BRACKETS)
    return _TIER.get(text, text) if field == "level" else text


def _item_scope(clauses: list, number=None, start: str | None = None) -> tuple[str, str] | None:
    """The item printed with ``number`` or whose text starts with ``start``, as (column, id): ("item_id", its id),
    or ("id", a clause's id) for a sentence of a plain paragraph, which is a task of its own (区委办公室负责…;
    区统计局负责…: one unit each, as the gold keys them)."""
    import re

    from .normalize import compact
    from .structure import ENUMERATED

    # A number alone (a table row's 序号 on its line) first; then a number opening an item, never 5月 or 3年.
    kinds = {c["id"]: c["kind"] for c in clauses}

    def plain(c) -> bool:  # a sentence of a paragraph that is no numbered item
        return c["kind"] == "sentence" and kinds.get(c["item_id"] or c["id"]) == "sentence"

    patterns = [rf"{number}\|?$", rf"{number}(?:[.、,:．﹒)|]|(?=[^\d.月日年号时%万亿个项]))"] if number is not None \
        else [None, "anywhere"]
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
                        return "item_id", c["item_id"] or c["id"]
                elif text.startswith(compact(start)) or compact(start) in text[:len(compact(start)) + 12]:
                    # A key that runs past its sentence (五是清市场。由X牵头) keys the paragraph it opens.
                    # A sentence that opens 一是… is the first of the item it opens.
                    alone = plain(c) and compact(start) in compact(c["text"]).replace("\x01", "") and not (
                        ENUMERATED.match(c["text"]) and c["item_id"] == c["id"])
                    return ("id", c["id"]) if alone else ("item_id", c["item_id"] or c["id"])
    return None


def _match_targets(gold: list, predicted: list) -> tuple[int, list]:
    """(how many predicted (value, unit, year) meet a gold target one to one, the predicted ones that meet none);
    a gold year of None meets any."""
    left = list(predicted)
    right = 0
    for g in sorted(gold, key=lambda t: t[2] is None):  # exact years first, so a wildcard takes what is left
        hit = next((p for p in left if abs(p[0] - g[0]) < 1e-6 * max(1.0, abs(g[0])) and p[1] == g[1]
                    and (g[2] is None or p[2] == g[2])), None)
        if hit is not None:
            left.remove(hit)
            right += 1
    return right, left


def evaluate_real(gold_file: Path, rules_dir: Path, held_out: set[str] | None = None, misses: bool = False):
    """Score kb on real pages against their hand-written gold (the format of shared/real/gold.yml): every file is
    filed as ``kb add`` files it into a fresh corpus and built. Returns (scores, misses): RealScore for "tuned",
    "held out" (the files named in ``held_out``) and "all", and per file a list of miss lines (held-out files'
    misses are not listed, so that nobody tunes on them, unless ``misses`` is "all")."""
    from .normalize import compact
    from .rules import load_rules
    from .vocabulary import RESPONSIBLE_ROLES

    held_out = held_out or set()
    data = load_yaml(gold_file)
    if not isinstance(data, dict):
        raise ValueError("not a gold file: expected a mapping of file names (NAME.txt) to their gold")
    gold = {k: v for k, v in data.items() if isinstance(k, str) and k.endswith(".txt") and isinstance(v, dict)}
    if not gold:
        raise ValueError("no NAME.txt entries: not a gold file of real pages")
    rules = load_rules(rules_dir)
    aliases = {compact(a): u.name for u in rules.units for a in u.aliases}
    per_file: dict[str, RealScore] = {}
    notes: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = _file_and_build(gold_file.parent, list(gold), rules_dir, Path(tmp), rules)
        for name, entry in gold.items():
            score = per_file[name] = RealScore(name)
            lines = notes[name] = []
            documents = documents_of[name]
            marks = ", ".join("?" * len(documents))
            clauses = _clauses_of(conn, documents)
            keyed = [(number, None, v) for number, v in (entry.get("units_per_item") or {}).items()] + [
                (None, start, v) for start, v in (entry.get("units_per_sentence") or {}).items()]
            for number, start, expected_roles in keyed:
                scope = _item_scope(clauses, number=number, start=start)
                column, scope = scope if scope is not None else ("id", None)
                predicted = [] if scope is None else conn.execute(
                    "select distinct cu.unit_id, cu.matched, cu.role from clause_units cu join clauses c on "
                    f"c.id = cu.clause_id where (c.{column} = ? or c.id = ?) and cu.basis != 'inferred' "
                    "and cu.role in ('lead', 'cooperate')", [scope, scope]).fetchall()
                expected = [(g, role) for role in RESPONSIBLE_ROLES for g in expected_roles.get(role) or []]
                found = {next(((u, r) for u, m, r in predicted if r == role and _same_name(g, u, m, aliases)),
                              (f"not tagged: {g}", role)) for g, role in expected}
                units = {(u, r) for u, _, r in predicted}
                right = found <= units and not units - found
                score.items += 1
                score.items_right += right
                if not right:
                    lines.append(f"item {number if number is not None else start!r}: "
                                 f"{'not found' if scope is None else ''} gold {sorted(expected)} kb {sorted(units)}")
            rows = conn.execute(f"select value, unit, year, wording, clause_id from targets where kind = 'target' "
                                f"and document_id in ({marks})", documents).fetchall()
            predicted_targets = [(float(r["value"]), r["unit"], r["year"]) for r in rows]
            debatable = [(float(t["value"]), t.get("unit"), t.get("year")) for t in entry.get("targets_debatable") or []]
            gold_targets = [(float(t["value"]), t.get("unit"), t.get("year")) for t in entry.get("targets") or []]
            right, unmatched = _match_targets(gold_targets, predicted_targets)
            # A debatable quantity kb reads is neither right nor wrong: drop it from what kb predicted.
            extra = [p for p in unmatched if not _match_targets(debatable, [p])[0]]
            score.target_gold += len(gold_targets)
            score.target_right += right
            score.target_predicted += right + len(extra)
            if right < len(gold_targets):
                lines.append(f"targets missing (of {len(gold_targets)}, {right} found): "
                             f"{[g for g in gold_targets if not _match_targets([g], predicted_targets)[0]]}")
            for p in extra:
                wording = next((r["wording"] for r in rows if (float(r["value"]), r["unit"], r["year"]) == p), "")
                lines.append(f"target extra: {p} {wording!r}")
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
        conn.close()
    groups = {"tuned": RealScore("tuned"), "held out": RealScore("held out"), "all": RealScore("all")}
    for name, score in per_file.items():
        groups["held out" if name in held_out else "tuned"].add(score)
        groups["all"].add(score)
    shown = {n: ls for n, ls in notes.items() if misses == "all" or n not in held_out}
    return groups, per_file, shown
