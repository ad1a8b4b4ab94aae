"""The KB against the hand-written gold of the plan it holds (tests/gold/plan_*.yml): targets, explicit units,
citations, target links and guessed units; and the targets of the synthetic fixtures (tests/fixtures/targets)."""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from ..yamlfile import load_yaml
from .scores import Score, score_of


def target_key(row: dict) -> tuple:
    """A gold target as it is compared: (clause, metric, value rounded to 1e-6, unit, comparator, year)."""
    return (row["clause"], row["metric"], round(float(row["value"]), 6), row["unit"], row["comparator"],
            row.get("year"))


def predicted_targets(conn, documents: set[str]) -> set:
    """The targets (kind target) kb read in ``documents``, as target_key makes them."""
    rows = conn.execute("select clause_id, metric, value, unit, comparator, year, document_id from targets "
                        "where kind = 'target'")
    return {(r[0], r[1], round(float(r[2]), 6), r[3], r[4], r[5]) for r in rows if r[6] in documents}


def plan_documents(conn, gold_dir: Path) -> list[str]:
    """The documents the plan's gold is about: every document of the text file that holds the documents
    ``plan_targets.yml`` names (the plan and the notice that issues it), in the KB's order."""
    named = sorted({row["document"] for row in load_yaml(Path(gold_dir) / "plan_targets.yml")["targets"]})
    marks = ", ".join("?" * len(named))
    return [i for (i,) in conn.execute(f"select id from documents where source_file in (select source_file from "
                                       f"documents where id in ({marks})) order by rowid", named)]


def _marks(documents: list[str]) -> str:
    return ", ".join("?" * len(documents))


def score_targets(conn, gold_path: Path) -> Score:
    """Targets of the documents the gold names, against ``targets`` (rows with document, clause, metric, value,
    unit, comparator, year)."""
    gold_rows = load_yaml(gold_path)["targets"]
    documents = {row["document"] for row in gold_rows}
    return score_of(f"targets ({gold_path.stem})", {target_key(r) for r in gold_rows},
                    predicted_targets(conn, documents))


# The sets of the plan's gold compared row for row: name, the gold file's list, the fields of a gold row and the
# query giving the same tuples for the plan's documents (``{marks}``: their placeholders).
_EXPLICIT_UNITS = ("units, explicit (plan)", "units", ("clause", "unit", "role"),
                   "select cu.clause_id, cu.unit_id, cu.role from clause_units cu join clauses c on c.id = cu.clause_id "
                   "where cu.basis = 'explicit' and c.document_id in ({marks})")
_CITATIONS = ("citations (plan)", "citations", ("clause", "cited_title", "cited_number", "document_id"),
              "select c.clause_id, c.cited_title, c.cited_number, c.document_id from citations c "
              "join clauses on clauses.id = c.clause_id where clauses.document_id in ({marks})")
_TARGET_LINKS = ("target links (plan)", "links", ("metric", "clause"),
                 "select t.metric, l.clause_id from target_links l join targets t on t.id = l.target_id "
                 "where t.document_id in ({marks})")


def _score_set(conn, gold_path: Path, documents: list[str] | None, spec: tuple) -> Score:
    name, key, fields, sql = spec
    documents = documents or plan_documents(conn, gold_path.parent)
    gold = {tuple(r.get(f) for f in fields) for r in load_yaml(gold_path)[key]}
    predicted = {tuple(r) for r in conn.execute(sql.format(marks=_marks(documents)), documents)}
    return score_of(name, gold, predicted)


def score_units(conn, gold_path: Path, documents: list[str] | None = None) -> Score:
    """Explicit (clause, unit, role) tags of the plan's ``documents`` (default: plan_documents) against ``units``."""
    return _score_set(conn, gold_path, documents, _EXPLICIT_UNITS)


def score_citations(conn, gold_path: Path, documents: list[str] | None = None) -> Score:
    """(clause, cited title, cited 文号, document cited) of the plan's ``documents`` against ``citations``."""
    return _score_set(conn, gold_path, documents, _CITATIONS)


def score_target_links(conn, gold_path: Path, documents: list[str] | None = None) -> Score:
    """(metric, delivering clause) of the targets of the plan's ``documents`` against ``links``."""
    return _score_set(conn, gold_path, documents, _TARGET_LINKS)


def score_inference(conn, gold_path: Path, documents: list[str] | None = None) -> Score:
    """The guesses (role candidate, basis inferred) on the plan's task sentences against a hand-written gold
    (``sentences``: a fragment of each sentence and the units a careful reader expects from its own words)."""
    documents = documents or plan_documents(conn, gold_path.parent)
    gold, predicted = set(), set()
    for row in load_yaml(gold_path)["sentences"]:
        clause = conn.execute(f"select id from clauses where document_id in ({_marks(documents)}) "
                              "and instr(text, ?) > 0 order by rowid limit 1", [*documents, row["text"]]).fetchone()
        key = clause[0] if clause else f"<no clause holds {row['text']!r}>"
        gold.update((key, unit) for unit in row.get("units") or [])
        predicted.update((key, unit) for (unit,) in conn.execute(
            "select distinct unit_id from clause_units where clause_id = ? and role = 'candidate'", [key]))
    return score_of("guessed units (plan)", gold, predicted)


def targets_without_links(conn) -> list[str]:
    """The ids of targets no clause is linked to as delivering them."""
    return [r[0] for r in conn.execute(
        "select id from targets where not exists (select 1 from target_links where target_id = targets.id)")]


def evaluate(db: Path, gold_dir: Path, fixtures_dir: Path | None, rules_dir: Path) -> list[Score]:
    """The KB file ``db`` against the plan's gold in ``gold_dir`` (targets, units, citations, target links, and
    guessed units when plan_inference.yml is there); then, with ``fixtures_dir``, the fixtures built with
    ``rules_dir`` against fixture_targets.yml. The Scores in that order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    documents = plan_documents(conn, gold_dir)
    scores = [score_targets(conn, gold_dir / "plan_targets.yml"),
              score_units(conn, gold_dir / "plan_units.yml", documents),
              score_citations(conn, gold_dir / "plan_citations.yml", documents),
              score_target_links(conn, gold_dir / "plan_target_links.yml", documents)]
    if (gold_dir / "plan_inference.yml").exists():
        scores.append(score_inference(conn, gold_dir / "plan_inference.yml", documents))
    conn.close()
    if fixtures_dir is not None and (gold_dir / "fixture_targets.yml").exists():
        from ..build import build_kb

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "fixtures.db"
            build_kb(fixtures_dir, rules_dir, out)
            fixture_conn = sqlite3.connect(out)
            scores.append(score_targets(fixture_conn, gold_dir / "fixture_targets.yml"))
            fixture_conn.close()
    return scores
