"""Targets, document facts and thematic areas of a set of documents (any format ``kb add`` reads) against a
``gold_targets_facts.yml`` written by hand (tests/devset/facts, tests/heldout/division-b …)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..facts import FACTS
from ..yamlfile import load_yaml
from .common import clauses_of, file_and_build
from .scores import Score, score_of

# The facts a gold_targets_facts.yml scores: by the gold's key, the column of ``documents``.
FACT_FIELDS = {fact.gold_key: fact.name for fact in FACTS if fact.gold_key}


def evaluate_areas(directory: Path, rules_dir: Path) -> Score | None:
    """Thematic areas per task item against the ``areas`` of ``gold_targets_facts.yml`` (written by hand: for
    each numbered item, by its opening characters, the IP areas it is about; [] for none). A pair is (item, area
    id); an item's predicted areas are the thematic areas of all its clauses. None when the gold has no areas."""
    from ..normalize import compact

    gold = [e for e in load_yaml(directory / "gold_targets_facts.yml")["documents"] if e.get("areas") is not None]
    if not gold:
        return None
    gold_pairs, predicted = set(), set()
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = file_and_build(directory, [e["file"] for e in gold], rules_dir, Path(tmp))
        for entry in gold:
            clauses = clauses_of(conn, documents_of[entry["file"]])
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
    return score_of(f"thematic areas per item ({directory.name})", gold_pairs, predicted)


def evaluate_targets_facts(directory: Path, rules_dir: Path) -> tuple[Score, Score, dict[str, tuple[int, int]]]:
    """Targets and document facts of a set of documents against ``gold_targets_facts.yml`` (written by hand).

    Every file is filed as ``kb add`` files it and built. A target is (the clause holding the gold's text, value in
    base units, unit, year); an actual (kind actual) is not a target. Returns the target Score, a Score of the
    indicator wordings of the matched targets, and per fact field (right, total)."""
    from ..normalize import compact

    gold = load_yaml(directory / "gold_targets_facts.yml")["documents"]
    gold_targets, predicted, gold_wordings, predicted_wordings = set(), set(), set(), set()
    facts = {field: [0, 0] for field in FACT_FIELDS}
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = file_and_build(directory, [e["file"] for e in gold], rules_dir, Path(tmp))
        for entry in gold:
            documents = documents_of[entry["file"]]
            marks = ", ".join("?" * len(documents))
            clauses = clauses_of(conn, documents)
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
    return (score_of(f"targets ({directory.name})", gold_targets, predicted),
            score_of(f"target indicators ({directory.name})", wording_gold, wording_predicted),
            {field: tuple(v) for field, v in facts.items()})
