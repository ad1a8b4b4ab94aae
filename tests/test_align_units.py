"""Issue 26, point 4: the parent's division of labour carried down. A child task aligned with a parent task that
names its units, and naming none itself, gets their counterparts at its own level as guesses (role candidate, basis
parent, 待确认, above a guess from competence words), in real builds and a real update of the synthetic corpus in
tests/fixtures/align-units (its gold.yml written by hand before kb ran on it)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kb.align.counterparts import Counterparts, Side
from kb.build import build_kb
from kb.draft.reader import draft_for_unit
from kb.evaluate.align_units import unit_names
from kb.rules import load_rules
from kb.tasks import (BASIS_STRENGTH, PAGE_ROLE_LABELS, PENDING_NOTES, SHOWN_ROLES, is_responsible, role_shown,
                      tag_strength)
from kb.update import update_kb
from kb.vocabulary import BASIS_LABELS, PENDING
from kb.yamlfile import load_yaml

from conftest import RULES

FIXTURE = Path(__file__).parent / "fixtures" / "align-units"
PROV, NATL = "synthetic-b26-prov", "synthetic-b26-natl"


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in FIXTURE.glob("synthetic-*"):
        shutil.copy(path, folder / path.name)
    return folder


def _build(corpus: Path, db: Path) -> Path:
    report = build_kb(corpus, RULES, db, jobs=1)
    assert not report.problems, report.problems
    return db


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("align-units")
    return _build(_corpus(folder / "corpus"), folder / "kb.db")


@pytest.fixture()
def conn(built):
    connection = sqlite3.connect(built)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def _parent_tags(conn) -> set[tuple[str, str]]:
    return {(row[0], row[1]) for row in conn.execute(
        "select clauses.text, clause_units.unit_id from clause_units join clauses on clauses.id = "
        "clause_units.clause_id where clause_units.basis = 'parent'")}


def test_counterparts_by_level_and_jurisdiction(conn):
    rules = load_rules(RULES)
    naming = Counterparts(conn, rules.align, rules.unit_grammar.is_unit_name)
    national, province = Side(NATL, "国家", "全国"), Side(PROV, "省", "东岚省")
    guangxi, city = Side("g", "自治区", "广西壮族自治区"), Side("c", "市", "青漳市")

    def named(name, unit, parent, child):
        found = naming.of(name, unit, parent, child)
        return found and (found.unit, found.rule_id.rsplit(".", 1)[1])

    # National → 东岚省: the province's own unit where the KB knows it (its text prints 省知识产权局), else the name
    # its text would print, with the jurisdiction for the level word.
    assert named("国家知识产权局", "国家知识产权局", national, province) == ("东岚省知识产权局", "level-word")
    assert named("工商总局", "国家市场监督管理总局", national, province) == ("东岚省工商局", "industry-commerce")
    assert named("教育部", "教育部", national, province) == ("东岚省教育厅", "ministry-to-department")
    assert named("银监会", "国家金融监督管理总局", national, province) == ("东岚银监局", "regulator")
    assert named("国务院有关部门", "国务院有关部门", national, province) == ("东岚省直有关部门", "collective-departments")
    assert named("海关总署", "海关总署", national, province) == ("东岚省岚州海关", "customs")
    # …and → Guangxi: the lexicon's units of that jurisdiction (自治区知识产权局, 南宁海关).
    assert named("国家知识产权局", "国家知识产权局", national, guangxi) == ("自治区知识产权局", "level-word")
    assert named("海关总署", "海关总署", national, guangxi) == ("南宁海关", "customs")
    assert named("农业部", "农业农村部", national, guangxi) == ("自治区农业厅", "ministry-to-department")
    # Province → city: a 厅 is a 局 there.
    assert named("省科技厅", "东岚省科技厅", province, city) == ("青漳市科技局", "ministry-to-bureau")
    assert named("省工商局", "东岚省工商局", province, city) == ("青漳市工商局", "level-word")
    # The same tier and place: the same unit; a lower government deploys its own share; up the ladder: none.
    assert named("省知识产权局", "东岚省知识产权局", province, Side("d", "省", "东岚省")) == ("东岚省知识产权局", "same")
    assert named("各省（区、市）人民政府", "各省(区、市)人民政府", national, province) is None
    # A regulation's departments in charge at every level: the child's own; universities and firms have none.
    assert named("县级以上人民政府知识产权主管部门", "县级以上人民政府知识产权主管部门", province, city) == \
        ("青漳市知识产权局", "competent-department")
    assert named("县级以上人民政府司法行政部门", "县级以上人民政府司法行政部门", province, city) == \
        ("青漳市司法局", "competent-department")
    assert named("县级以上人民政府", "县级以上人民政府", province, city) is None
    # A national text's 各省级X部门: the province's X厅
    assert named("各省级教育行政部门", "各省级教育行政部门", national, province) == \
        ("东岚省教育厅", "provincial-departments")
    assert named("国家重点实验室", "国家重点实验室", national, province) is None
    assert named("高等学校", "高校", province, city) is None
    district = Side("q", "县", "泊川区")
    for lower in ("各区人民政府", "各乡镇", "各街道办事处", "各县（市、区）人民政府", "各地"):
        # the child plan is that lower government's own answer: not a unit of its own level (泊川区各区人民政府)
        assert named(lower, lower, city, district) is None, lower
    assert named("省知识产权局", "东岚省知识产权局", province, national) is None


def test_a_child_task_naming_no_unit_gets_the_parents_units_as_parent_guesses_to_confirm(conn):
    gold = load_yaml(FIXTURE / "gold.yml")
    names = unit_names(conn)
    carried = _parent_tags(conn)
    expected = set()
    for entry in gold["units_carried"]:
        [text] = {t for t, _ in carried if entry["child"] in t} or {entry["child"]}
        for name in entry["units"]:
            unit = next((u for _, u in carried if name in names.get(u, {u})), name)
            expected.add((text, unit))
    assert carried == expected
    rows = conn.execute("select clause_units.*, rules.file from clause_units join rules on rules.id = "
                        "clause_units.rule_id where basis = 'parent'").fetchall()
    assert rows and all(r["role"] == "candidate" and r["file"] == "align.yml" and r["span_start"] is None for r in rows)
    assert all(r["reason"].startswith("承接上级文件分工") and "待确认" in r["reason"] for r in rows)
    [bank] = [r for r in rows if r["unit_id"] == "东岚银监局"]
    assert "“银监会”牵头" in bank["reason"] and bank["rule_id"] == "align.counterpart.regulator"
    # A unit kb names only as a counterpart is a unit of the child's jurisdiction, found by counterpart.
    unit = conn.execute("select * from units where id = '东岚省教育厅'").fetchone()
    assert (unit["jurisdiction"], unit["level"], unit["found_by"]) == ("东岚省", "省", "counterpart")
    assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_a_child_task_naming_its_own_unit_takes_none_from_the_parent(conn):
    assert not [t for t, _ in _parent_tags(conn) if "商标品牌培育" in t]
    # …nor does the department plan, whose every item names its own 处室.
    assert not conn.execute("select 1 from clause_units join clauses on clauses.id = clause_units.clause_id where "
                            "basis = 'parent' and clauses.document_id = 'synthetic-b26-dept'").fetchall()


def test_unit_counts_count_the_parent_guesses_as_a_full_count_does(conn):
    counted = {tuple(r) for r in conn.execute("select unit_id, role, basis, clauses from unit_counts")}
    recount = {tuple(r) for r in conn.execute("select unit_id, role, basis, count(*) from task_tags group by 1, 2, 3")}
    assert counted == recount
    assert ("东岚银监局", "candidate", "parent", 1) in counted
    assert ("东岚省知识产权局", "candidate", "parent", 2) in counted


def test_a_parent_guess_ranks_above_an_inferred_one_and_is_never_a_lead_or_confirmed():
    parent, inferred = {"role": "candidate", "basis": "parent"}, {"role": "candidate", "basis": "inferred"}
    assert tag_strength({"role": "lead", "basis": "inherited"}) < tag_strength(parent) < tag_strength(inferred)
    assert list(BASIS_LABELS) == ["explicit", "inherited", "parent", "inferred"]
    assert BASIS_STRENGTH["parent"] == BASIS_STRENGTH["inferred"] - 1
    assert not is_responsible(parent) and not is_responsible({"role": "lead", "basis": "parent"})
    assert role_shown("lead", "parent") == "parent" and SHOWN_ROLES[-2:] == ("parent", "inferred")
    assert PAGE_ROLE_LABELS["parent"] == f"可能相关(承接上级文件分工,{PENDING})"
    assert PENDING_NOTES["parent"].startswith(PENDING)


def test_the_bases_table_and_a_draft_carry_the_parent_guess_as_pending(conn):
    assert [r[0] for r in conn.execute("select basis from bases order by ordinal")] == \
        ["explicit", "inherited", "parent", "inferred"]
    draft = draft_for_unit(conn, "东岚省教育厅")
    [task] = draft.tasks
    assert task.pending and task.pending_note == PENDING_NOTES["parent"] and task.role == "parent"
    assert task.lead_units == [] and task.candidate_units == ["东岚省教育厅", "东岚省科技厅"]


def test_an_update_that_names_the_unit_in_the_child_removes_the_guess_as_a_full_build_does(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    db = _build(corpus, tmp_path / "kb.db")
    path = corpus / f"{PROV}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "编制我省重点产业专利导航分析报告。", "编制我省重点产业专利导航分析报告。（省知识产权局负责）"), encoding="utf-8")
    report = update_kb(db, corpus, RULES, [path.name])
    assert report is not None and not report.problems
    full = _build(corpus, tmp_path / "full.db")

    def state(file: Path):
        connection = sqlite3.connect(file)
        try:
            return (_parent_tags(connection), set(connection.execute("select * from unit_counts")),
                    set(connection.execute("select child_document_id, parent_document_id, parent_unit_id, name, "
                                           "unit, rule_id from unit_counterparts")),
                    set(connection.execute("select id, found_by from units where found_by = 'counterpart'")))
        finally:
            connection.close()

    updated = state(db)
    assert not [t for t, _ in updated[0] if "专利导航" in t]
    assert [t for t, u in updated[0] if u == "东岚银监局"]
    assert updated == state(full)


def test_the_bundled_plan_gets_its_synthetic_stand_in_parents_units_as_parent_guesses(tmp_path):
    """The bundled Guangxi plan linked by hand (its sidecar's implements key) to the SYNTHETIC stand-in for the
    national plan it implements (tests/fixtures/align/plan-parent-standin, gold written by hand): every unit kb
    carries down is one the gold carries (自治区知识产权局, 南宁海关, 广西银监局 …)."""
    from conftest import CORPUS
    from kb.evaluate.align import _Snippets, _gold
    from kb.evaluate.align_units import units_carried_score

    standin = Path(__file__).parent / "fixtures" / "align" / "plan-parent-standin"
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    for path in standin.glob("synthetic-*"):
        shutil.copy(path, corpus / path.name)
    sidecar = corpus / "guangxi-ip-action-plan-2015-2020.yml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("    parent: gx-ipap-2015-notice", "    parent: gx-ipap-2015-notice\n"
                                    "    implements: [synthetic-national-ip-plan-standin]", 1), encoding="utf-8")
    db = _build(corpus, tmp_path / "kb.db")
    connection = sqlite3.connect(db)
    try:
        gold = _gold(standin / "gold.yml")
        score = units_carried_score(connection, _Snippets(connection, standin / "gold.yml"), gold["child"], gold)
        roles = set(connection.execute("select role, basis from clause_units where basis = 'parent'"))
    finally:
        connection.close()
    assert score.extra == [] and score.true_positives >= 50, (score.extra, score.true_positives)
    assert roles == {("candidate", "parent")}


def test_an_update_that_removes_the_parent_removes_its_guesses_and_counterparts(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    db = _build(corpus, tmp_path / "kb.db")
    for suffix in (".txt", ".yml"):
        (corpus / f"{NATL}{suffix}").unlink()
    report = update_kb(db, corpus, RULES, [])
    assert report is not None and not report.problems
    connection = sqlite3.connect(db)
    try:
        assert _parent_tags(connection) == set()
        assert connection.execute("select count(*) from unit_counterparts where parent_document_id = ?",
                                  [NATL]).fetchone()[0] == 0
        assert connection.execute("select count(*) from units where found_by = 'counterpart'").fetchone()[0] == 0
        assert connection.execute("select count(*) from unit_counts where basis = 'parent'").fetchone()[0] == 0
        assert connection.execute("pragma foreign_key_check").fetchall() == []
    finally:
        connection.close()
