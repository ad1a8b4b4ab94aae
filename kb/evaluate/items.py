"""Who does what, item by item: the responsible units kb tags on each task item of a set of documents (any
format ``kb add`` reads) against a ``gold.yml`` written by hand (tests/devset/division, tests/heldout/division …)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..yamlfile import load_yaml
from .common import expected_units, file_and_build, judged_units
from .scores import ItemScore


def evaluate_items(directory: Path, rules_dir: Path) -> list[ItemScore]:
    """Score the task items of a set of documents (``directory``: source files of any format kb add reads, and
    ``gold.yml`` written by hand: per file its style and, per item, the lead and cooperating units as written).

    Every file is filed as ``kb add`` files it (facts read from the text) into a scratch corpus and built. An item
    is right when every gold unit is found with its role on the item's clauses (named or inherited) and no other
    unit is tagged lead or cooperating there. Returns one score per file, per style and for the whole set."""
    from ..normalize import compact
    from ..rules import load_rules
    from ..tasks import responsible_tags

    gold = load_yaml(directory / "gold.yml")["documents"]
    rules = load_rules(rules_dir)
    scores: dict[str, ItemScore] = {}
    with tempfile.TemporaryDirectory() as tmp:
        conn, documents_of = file_and_build(directory, [entry["file"] for entry in gold], rules_dir, Path(tmp),
                                            rules)
        for entry in gold:
            documents = documents_of[entry["file"]]
            marks = ", ".join("?" * len(documents))
            jurisdictions = {j for (j,) in conn.execute(
                f"select jurisdiction from documents where id in ({marks})", documents)}
            aliases = {compact(alias): u.name for u in rules.units for alias in u.aliases
                       if u.jurisdiction is None or u.jurisdiction in jurisdictions}
            clauses = conn.execute(f"select id, item_id, text from clauses where document_id in ({marks}) "
                                   "order by document_id, ordinal", documents).fetchall()
            groups = [scores.setdefault(key, ItemScore(key, wrong=[]))
                      for key in (entry["file"], f"style {entry['style']}", "all")]
            for item in entry["items"]:
                start = compact(item["start"])
                found = next((c for c in clauses if start in compact(c[2])), None)
                predicted = responsible_tags(conn, found[1]) if found is not None else []
                expected = expected_units(item)
                gold_units, units = judged_units(expected, predicted, aliases)
                right = gold_units == units
                for score in groups:
                    score.items += 1
                    score.items_right += right
                    score.gold_pairs += len(gold_units)
                    score.predicted_pairs += len(units)
                    score.pairs_right += len(units & gold_units)
                if not right:
                    groups[0].wrong.append((item.get("number"), item["start"], sorted(expected), sorted(units)))
        conn.close()
    return list(scores.values())
