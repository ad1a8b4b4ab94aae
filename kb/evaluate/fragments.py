"""Sets of synthetic documents whose gold names each clause by a fragment of its text (tests/devset,
tests/heldout: gold/gold_targets.yml, gold_units.yml, gold_citations.yml): targets, explicit units and
citations."""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from ..yamlfile import load_yaml
from .plan import predicted_targets, target_key
from .scores import Score, score_of

# A unit's name as the text printed it: a unit found by grammar carries its jurisdiction in its id (甲市市场监督管理局)
# and the printed name (市市场监督管理局) as its first alias.
PRINTED_UNIT = ("coalesce((select json_extract(units.aliases, '$[0]') from units where units.id = clause_units.unit_id "
                "and units.found_by = 'grammar'), clause_units.unit_id)")


def _clause_of(conn, document: str, fragment: str) -> str:
    rows = conn.execute("select id from clauses where document_id = ? and instr(text, ?) > 0 order by ordinal",
                        (document, fragment)).fetchall()
    return rows[0][0] if rows else f"<no clause holds {fragment!r}>"


def evaluate_by_fragment(directory: Path, rules_dir: Path, label: str) -> list[Score]:
    """The corpus ``directory`` built with ``rules_dir`` against its gold (``directory``/gold), which names clauses
    by a text fragment: the Scores of targets, explicit units and citations, named with ``label``."""
    from ..build import build_kb

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "set.db"
        build_kb(directory, rules_dir, out)
        conn = sqlite3.connect(out)
        gold_targets = load_yaml(directory / "gold" / "gold_targets.yml")["targets"]
        documents = {r["document"] for r in gold_targets}
        targets = score_of(f"targets ({label})",
                           {target_key(dict(r, clause=_clause_of(conn, r["document"], r["text"])))
                            for r in gold_targets}, predicted_targets(conn, documents))
        gold_units = load_yaml(directory / "gold" / "gold_units.yml")["units"]
        units = score_of(f"units, explicit ({label})",
                         {(_clause_of(conn, r["document"], r["text"]), r["unit"], r["role"]) for r in gold_units},
                         {tuple(r) for r in conn.execute(
                             # a unit found by grammar is named with its jurisdiction; the gold gives it as printed
                             f"select clause_id, {PRINTED_UNIT}, role from clause_units where basis = 'explicit' "
                             "and role != 'addressee'")})
        gold_citations = load_yaml(directory / "gold" / "gold_citations.yml")["citations"]
        citations = score_of(f"citations ({label})",
                             {(_clause_of(conn, r["document"], r["text"]), r.get("cited_title"),
                               r.get("cited_number")) for r in gold_citations},
                             {tuple(r) for r in conn.execute("select clause_id, cited_title, cited_number "
                                                             "from citations")})
        conn.close()
    return [targets, units, citations]
