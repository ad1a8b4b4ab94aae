"""kb synth: a deterministic, labelled synthetic corpus whose parent/child links are sparse and real to kb.align
(about one document in four implements ONE earlier plan a level above it, and carries its tasks down reworded)."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, RULES
from kb.build import build_kb
from kb.synth import IMPLEMENTING_SHARE, SYNTHETIC_LINE, write_synthetic_corpus
from kb.synth_plans import BELOW

# 根据《title》（文号）精神 in the opening sentence: the document this one is made to carry down.
CITED_PLAN = re.compile(r"根据《([^》]*合成第\d+号）)》（(合成发〔\d+〕\d+号)）精神")


def _corpus(folder: Path) -> dict[str, tuple[str, dict]]:
    """{document id: (text, sidecar entry)} of a synthetic corpus."""
    corpus = {}
    for path in sorted(folder.glob("*.txt")):
        entry = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))["documents"][0]
        corpus[entry["id"]] = (path.read_text(encoding="utf-8"), entry)
    return corpus


def _intended(corpus) -> dict[str, str]:
    """{child id: parent id} as the texts say it: the one earlier plan each cites with 根据《…》."""
    by_title = {entry["title"]: (entry["id"], entry["doc_number"]) for _, entry in corpus.values()}
    intended = {}
    for document_id, (text, _) in corpus.items():
        cited = CITED_PLAN.findall(text)
        if cited:
            assert len(cited) == 1, document_id  # one parent, not two
            parent, number = by_title[cited[0][0]]
            assert number == cited[0][1]
            intended[document_id] = parent
    return intended


def test_the_same_seed_gives_the_same_labelled_corpus(tmp_path):
    first = write_synthetic_corpus(tmp_path / "a", 40, seed=5, corpus_dir=CORPUS, rules_dir=RULES)
    second = write_synthetic_corpus(tmp_path / "b", 40, seed=5, corpus_dir=CORPUS, rules_dir=RULES)
    assert first == second
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
        if path.suffix == ".txt":
            assert path.read_text(encoding="utf-8").splitlines()[0] == SYNTHETIC_LINE
        else:
            assert path.read_text(encoding="utf-8").startswith("# Synthetic (kb synth)")


def test_about_a_quarter_implement_one_earlier_plan_a_level_above(tmp_path):
    characters = write_synthetic_corpus(tmp_path, 600, seed=2026, corpus_dir=CORPUS, rules_dir=RULES)
    corpus = _corpus(tmp_path)
    # About the size of the documents the build benchmark's floor was taken on (≈ 2,200 characters each).
    assert 1_900 < characters / len(corpus) < 2_500
    intended = _intended(corpus)
    assert abs(len(intended) / len(corpus) - IMPLEMENTING_SHARE) < 0.06
    levels = {document_id: entry["level"] for document_id, (_, entry) in corpus.items()}
    assert {levels[child] for child in intended} == {"省", "市"}
    for child, parent in intended.items():
        assert parent < child and BELOW[levels[parent]] == levels[child], (child, parent)
    # Others refer to an earlier plan without carrying it down (参照), or cite nothing.
    referring = [d for d, (text, _) in corpus.items() if "参照《" in text]
    assert len(referring) > 0.15 * len(corpus) and not set(referring) & set(intended)
    assert {"国家", "省", "市"} == set(levels.values())


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    write_synthetic_corpus(folder / "corpus", 60, seed=3, corpus_dir=CORPUS, rules_dir=RULES)
    report = build_kb(folder / "corpus", RULES, folder / "kb.db", jobs=1)
    assert report.ok
    # The build times its alignment apart, for scripts/bench's share of the build (issue 26).
    assert 0 < report.align_seconds < report.seconds
    return _corpus(folder / "corpus"), sqlite3.connect(folder / "kb.db")


def test_the_kb_links_exactly_the_implementing_plans(synthetic_kb):
    corpus, conn = synthetic_kb
    intended = _intended(corpus)
    assert 0.12 < len(intended) / len(corpus) < 0.4  # about IMPLEMENTING_SHARE, the first documents having no parent
    links = conn.execute("select child_id, parent_id, how from implements").fetchall()
    assert {(child, parent) for child, parent, _ in links} == set(intended.items())
    assert {how for _, _, how in links} == {"citation"}
    # A 参照 reference resolves to its document, and is no link.
    referred = conn.execute("select count(*) from citations join clauses on clauses.id = citations.clause_id "
                            "where clauses.text like '%参照《%' and citations.document_id is not null").fetchone()[0]
    assert referred >= 5


def test_each_implementing_plan_has_most_parent_tasks_aligned_and_some_not(synthetic_kb):
    corpus, conn = synthetic_kb
    intended = _intended(corpus)
    rows = conn.execute("select child_document_id, parent_document_id, status, count(distinct parent_clause_id), "
                        "count(distinct child_clause_id) from task_alignments group by 1, 2, 3").fetchall()
    by_pair: dict[tuple, dict] = {}
    for child, parent, status, parents, children in rows:
        by_pair.setdefault((child, parent), {})[status] = (parents, children)
    assert set(by_pair) == set(intended.items())
    aligned = sum(counts.get("aligned", (0, 0))[0] for counts in by_pair.values())
    missed = sum(counts.get("unimplemented", (0, 0))[0] for counts in by_pair.values())
    for pair, counts in by_pair.items():
        assert counts.get("aligned", (0, 0))[0] >= 5, pair
    # The child leaves some of its parent's tasks out and adds its own: the aligner finds both.
    assert 0.7 < aligned / (aligned + missed) < 0.98
    assert sum(counts.get("new", (0, 0))[1] for counts in by_pair.values()) > 0
    # An aligned child clause says its parent task in the child's place words: localised, not copied.
    texts = dict(conn.execute("select id, text from clauses"))
    copied = conn.execute("select count(*) from task_alignments where status = 'aligned'").fetchone()[0]
    differing = sum(texts[p] != texts[c] for p, c in conn.execute(
        "select parent_clause_id, child_clause_id from task_alignments where status = 'aligned'"))
    assert differing > 0.5 * copied
