"""Tagging, targets and cross-references, measured against hand-written gold (tests/gold/)."""
from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from conftest import PLAN_ID, ROOT, RULES
from kb.cli import cli
from kb.evaluate.plan import evaluate, targets_without_links
from kb.links import CitationReader
from kb.nlp import build_pipeline
from kb.rules import load_rules
from kb.structure.model import Clause
from kb.tagging import ClauseAnalysis

GOLD = ROOT / "tests" / "gold"
FIXTURES = ROOT / "tests" / "fixtures" / "targets"


@pytest.fixture(scope="module")
def scores(kb_path):
    return {s.name: s for s in evaluate(kb_path, GOLD, FIXTURES, RULES)}


def test_targets_f1(scores):
    assert scores["targets (plan_targets)"].f1 == 1.0
    assert scores["targets (fixture_targets)"].f1 >= 0.95


def test_units_and_citations_f1(scores):
    assert scores["units, explicit (plan)"].f1 >= 0.95
    assert scores["citations (plan)"].f1 >= 0.95
    assert scores["target links (plan)"].f1 >= 0.9


def test_every_absolute_target_has_a_delivering_clause(kb_conn):
    assert targets_without_links(kb_conn) == []
    absolute = kb_conn.execute("select count(*) from targets where document_id = ? and comparator != '×'",
                               (PLAN_ID,)).fetchone()[0]
    assert absolute == 12


def test_kb_eval_prints_the_figures(kb_path):
    result = CliRunner().invoke(cli, ["eval", "--db", str(kb_path), "--gold", str(GOLD), "--fixtures",
                                      str(FIXTURES), "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    assert "targets (plan_targets)                1.000  1.000  1.000  13/13" in result.output
    assert "targets with no delivering clause: 0" in result.output


def test_pipeline_is_blank_zh_with_jieba_words_and_matches_whole_words():
    rules = load_rules(RULES)
    nlp = build_pipeline(rules.modalities, rules.default_modality, rules.lexicons())
    import jieba

    # The words come from jieba, through a tokenizer of the pipeline's own (its dictionary plus the rules' words);
    # jieba's global dictionary is never loaded for it.
    assert nlp.lang == "zh" and isinstance(nlp.tokenizer.segmenter.tokenizer, jieba.Tokenizer)
    assert nlp.tokenizer.segmenter.tokenizer is not jieba.dt
    assert nlp.pipe_names == ["kb_modality", "kb_phrases"]
    # 要 inside 重要 / 主要 is not an obligation; a standalone 要 is.
    assert len(nlp("重要情况及时报告,主要行动。").spans["modality"]) == 0
    doc = nlp("各成员单位要履行各自职责。")
    assert [s.text for s in doc.spans["modality"]] == ["要"]
    # Unit names from rules/ are in jieba's dictionary, so segmentation and matching agree.
    assert "自治区知识产权局" in [t.text for t in nlp("自治区知识产权局要会同各相关部门")]


def test_the_pipeline_config_describes_what_runs():
    """spaCy the spaCy way (issue 24): the tokenizer is registered (kb.jieba) and its words, like the components'
    rules, are in nlp.config, so a pipeline made from that config alone reads a text the same way."""
    from spacy.util import load_model_from_config

    rules = load_rules(RULES)
    nlp = build_pipeline(rules.modalities, rules.default_modality, rules.lexicons())
    tokenizer = nlp.config["nlp"]["tokenizer"]
    assert tokenizer["@tokenizers"] == "kb.jieba" and "自治区知识产权局" in tokenizer["words"]
    assert nlp.config["components"]["kb_modality"]["default"] == rules.default_modality
    again = load_model_from_config(nlp.config)
    text = "由自治区知识产权局牵头,要加强发明专利申请量统计。"
    first, second = nlp(text), again(text)
    assert [t.text for t in first] == [t.text for t in second]
    assert [s.label_ for s in first.spans["modality"]] == [s.label_ for s in second.spans["modality"]] == [
        "modality.require"]
    # Phrase hits keep their exact characters, inside a jieba word too (专利 in 发明专利申请量): an extension
    # attribute of the Doc, not Spans, which cover whole tokens.
    assert first._.phrases == second._.phrases
    patent = next(hit for hit in first._.phrases["areas"] if hit.text == "专利")
    assert text[patent.start:patent.end] == "专利" and first.char_span(patent.start, patent.end) is None


def test_modality(kb_conn):
    modality = dict(kb_conn.execute("select id, modality from clauses"))
    assert modality[f"{PLAN_ID}.4.1.1.2"] == "要求"      # 各成员单位要履行各自职责
    assert modality[f"{PLAN_ID}.2.1.4.2"] == "鼓励"      # 支持银行、证券…,鼓励商业银行…
    assert modality[f"{PLAN_ID}.2.2.1.2"] == "目标"      # 力争…增长一倍
    assert modality[f"{PLAN_ID}.2.1.1.1"] == "陈述"      # 培育知识产权密集型产业。


def test_structural_and_thematic_areas(kb_conn):
    structural = [name for (name,) in kb_conn.execute("select name from areas where kind = 'structural' order by rowid")]
    # The plan's own parts: its four top-level parts are each divided into headed subsections, which are the areas
    # (the plan's headings, in its order).
    assert structural == ["指导思想", "发展目标",
                          "知识产权支撑产业转型升级行动", "知识产权量质提升行动", "知识产权开放合作升级行动", "知识产权护航行动",
                          "信息服务工程", "知识产权统计工程", "人才队伍建设工程", "知识产权强县工程",
                          "加强组织领导", "完善政策引导", "强化市场培育", "加强财政支持", "建立监测机制"]
    # Every clause below 二、(一) carries its structural area.
    below = kb_conn.execute("select count(*) from clauses where section_id like ?", (f"{PLAN_ID}.2.1%",)).fetchone()[0]
    tagged = kb_conn.execute("select count(*) from clause_areas where area_id = ? ",
                             (f"structural.{PLAN_ID}.2.1",)).fetchone()[0]
    assert below == tagged > 15
    areas = {a for (a,) in kb_conn.execute("select area_id from clause_areas where clause_id = ?",
                                           (f"{PLAN_ID}.2.1.4.5",))}
    assert {"finance", f"structural.{PLAN_ID}.2.1"} <= areas  # 支持知识产权质押贷款
    areas = {a for (a,) in kb_conn.execute("select area_id from clause_areas where clause_id = ?",
                                           (f"{PLAN_ID}.2.1.2.2",))}
    assert {"plant-variety", "patent", "geographical-indication", "trademark"} <= areas


def test_units_roles_and_bases(kb_conn):
    rows = {(u, r, b) for u, r, b in kb_conn.execute(
        "select unit_id, role, basis from clause_units where clause_id = ?", (f"{PLAN_ID}.4.5.1.2",))}
    assert ("自治区知识产权局", "lead", "explicit") in rows and ("自治区相关部门", "cooperate", "explicit") in rows
    addressees = {u for (u,) in kb_conn.execute("select unit_id from clause_units where role = 'addressee'")}
    assert addressees == {"市县人民政府", "自治区人民政府各组成部门", "自治区人民政府各直属机构"}
    # An item naming no unit gets the competent department as a candidate (可能相关), with its reason: never a lead,
    # never explicit (issue 22).
    inferred = kb_conn.execute("select unit_id, role, basis, reason from clause_units where clause_id = ?",
                               (f"{PLAN_ID}.2.4.4.2",)).fetchall()  # 加大对侵犯知识产权犯罪案件的侦办力度…
    assert ("自治区公安厅", "candidate", "inferred") in [(u, r, b) for u, r, b, _ in inferred]
    assert all("条文未点名单位" in reason for *_, reason in inferred)
    assert not kb_conn.execute("select 1 from clause_units where basis = 'inferred' and role != 'candidate'").fetchall()
    # An item that names a lead anywhere gets no guess: 自治区财政安排专项资金… names 自治区财政厅 in its first sentence.
    assert not kb_conn.execute("select 1 from clause_units where basis = 'inferred' and clause_id like ?",
                               (f"{PLAN_ID}.4.4.1.%",)).fetchall()
    # A title that states the task is read by its own words: 加强刑事执法和司法保护 → 公安厅 (刑事执法) and 高级人民法院
    # (司法保护), each with the word it is read from.
    title = kb_conn.execute("select unit_id, matched from clause_units where basis = 'inferred' and clause_id = ?",
                            (f"{PLAN_ID}.2.4.4.1",)).fetchall()
    assert {(u, m) for u, m in title} == {("自治区公安厅", "刑事执法"), ("自治区高级人民法院", "司法保护")}


def test_what_is_mine_lists_explicit_before_inferred(get):
    rows = get("/kb/unit_tasks.json", unit="自治区知识产权局", _shape="array").json()
    bases = [r["basis"] for r in rows]
    assert bases[0] == "explicit" and "inferred" in bases
    assert bases == sorted(bases, key=lambda b: b != "explicit")


def test_responsibility_notes_in_a_national_plan(tmp_path):
    from kb.build import build_kb

    build_kb(FIXTURES, RULES, tmp_path / "f.db")
    conn = sqlite3.connect(tmp_path / "f.db")
    # Written from the fixture's text: the trailing note of each line (知识产权局负责), (X牵头，Y配合),
    # (X、Y按职责分工负责), by line, in the lexicon's names (a national plan's 知识产权局 is 国家知识产权局).
    national = "国家知识产权局"
    expected = {(9, national, "lead"), (10, national, "lead"), (10, "商务部", "cooperate"),
                (11, "国家市场监督管理总局", "lead"), (12, "国家版权局", "lead"),
                (13, "科技部", "lead"), (13, "国家统计局", "cooperate"), (14, "科技部", "lead"),
                (15, national, "lead"), (15, "国家金融监督管理总局", "cooperate"),
                (16, national, "lead"), (16, "各有关部门", "cooperate"),
                (19, national, "lead"), (20, "国家市场监督管理总局", "lead"),
                (22, national, "lead"), (22, "国家发展改革委", "cooperate"), (22, "国家统计局", "cooperate"),
                (23, national, "lead"), (23, "工业和信息化部", "lead"),
                (31, "人力资源社会保障部", "lead"), (31, national, "lead")}
    notes = set(conn.execute("select c.line, u.unit_id, u.role from clause_units u join clauses c on c.id = u.clause_id "
                             "where c.document_id = 'synthetic-national-plan' and u.basis = 'explicit' "
                             "and u.rule_id = 'unit.grammar.verb'"))
    assert notes == expected
    # The same indicator lines up across documents: a national 12件 and the provincial plan's 6件.
    metric = "invention-patents-per-10k-people"
    assert conn.execute("select value from targets where metric = ? and document_id = 'synthetic-national-plan'",
                        (metric,)).fetchone() == (12.0,)


def test_every_tag_names_its_rule_and_span(kb_conn):
    text = dict(kb_conn.execute("select id, text from documents where text_available = 1"))
    for table in ["clause_areas", "clause_units", "target_links"]:
        rows = kb_conn.execute(f"select t.rule_id, t.span_start, t.span_end, t.matched, c.document_id from {table} t "
                               f"join clauses c on c.id = t.clause_id").fetchall()
        assert rows
        for rule_id, start, end, matched, document in rows:
            assert rule_id and kb_conn.execute("select 1 from rules where id = ?", (rule_id,)).fetchone()
            if start is not None:
                assert text[document][start:end] == matched
    for start, end, document in kb_conn.execute("select span_start, span_end, document_id from targets"):
        assert any(ch.isdigit() or ch in "一二两倍" for ch in text[document][start:end])


def _citations(text):
    rules = load_rules(RULES)
    reader = CitationReader(rules.citations, [])
    clause = Clause("x.1", "x", None, 1, 1, 1, "sentence", text, 0, len(text), 1)
    return [(c.cited_title, c.cited_number) for c in reader.read(ClauseAnalysis(clause, "陈述", None, {}))]


def test_citation_traps():
    # A greedy 文号 pattern would swallow the words before the issuer code.
    assert _citations("已经根据国办发〔2014〕64号文件精神") == [(None, "国办发〔2014〕64号")]
    assert _citations("按照国办发[2014]64号和桂政办发(2015)12号要求") == [
        (None, "国办发[2014]64号"), (None, "桂政办发(2015)12号")]
    # An unclosed 《 never runs into the prose.
    assert _citations("落实《某某规定精神,推进《专利合作条约》工作") == [("专利合作条约", None)]
    assert _citations("根据《某通知》(国办发〔2013〕88号)") == [("某通知", "国办发〔2013〕88号")]


def test_citations_resolve_number_first_then_title(kb_conn):
    rows = dict(((t, n), (d, r)) for t, n, d, r in kb_conn.execute(
        "select cited_title, cited_number, document_id, resolved_by from citations"))
    assert rows[("国务院办公厅关于印发政府机关使用正版软件管理办法的通知", "国办发〔2013〕88号")] == ("cn-gov-2013-88", "number")
    assert rows[("广西统计年鉴", None)] == ("gx-statistical-yearbook", "title")
    # The notice cites the plan with an ASCII hyphen where the plan's title has a dash.
    assert rows[("广西深入实施知识产权战略行动计划(2015-2020年)", None)] == (PLAN_ID, "title")


def test_clause_page_shows_tags_with_rule_and_span(get):
    page = get("/kb/clauses/gx-ipap-2015~2E4~2E5~2E1~2E2")
    assert page.status_code == 200
    html = page.text
    assert "标注及其依据" in html
    assert "自治区知识产权局" in html and "牵头 · 明确" in html and "unit.alias.自治区知识产权局" in html
    assert "unit.role.convener" in html  # the reason names the role rule
    assert "情态:要求" in html and "modality.require" in html
    target_page = get("/kb/clauses/gx-ipap-2015~2E1~2E2~2E3~2E5").text
    assert "知识产权质押融资年度金额" in target_page and "target.quantity" in target_page


def test_overlapping_lexicon_phrases_of_different_labels():
    from kb.nlp import PhraseFinder

    finder = PhraseFinder([
        {"group": "units", "rule_id": "a", "label": "A", "phrases": ["自治区知识产权局"]},
        {"group": "units", "rule_id": "b", "label": "B", "phrases": ["知识产权局"]},
        {"group": "delivery", "rule_id": "x", "label": "X", "phrases": ["发明专利倍增"], "exclusive": False},
        {"group": "delivery", "rule_id": "y", "label": "Y", "phrases": ["发明专利"], "exclusive": False},
    ])
    found = finder.find("自治区知识产权局实施发明专利倍增计划")
    # One span names one unit; a delivery word may serve two indicators.
    assert [h.label for h in found["units"]] == ["A"]
    assert sorted(h.label for h in found["delivery"]) == ["X", "Y"]


def test_units_by_level_and_jurisdiction(tmp_path):
    """Synthetic: a municipal plan names its own departments; Guangxi's listed units do not apply to it."""
    from kb.build import build_kb

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "synthetic-city.txt").write_text(
        "（合成测试文本，非真实文件）\n某市知识产权工作要点\n一、重点工作\n"
        "1.市知识产权局会同市财政局完善专利资助政策。\n"
        "2.加强知识产权质押融资服务。（市金融办牵头，人民银行某市中心支行配合）\n"
        "3.知识产权局要加强执法。\n", encoding="utf-8")
    (corpus / "synthetic-city.yml").write_text(
        "documents:\n  - id: synthetic-city\n    title: 某市知识产权工作要点\n    level: 市\n", encoding="utf-8")
    build_kb(corpus, RULES, tmp_path / "kb.db")
    conn = sqlite3.connect(tmp_path / "kb.db")
    tags = set(conn.execute("select unit_id, role from clause_units where basis = 'explicit'"))
    assert {("市知识产权局", "lead"), ("市财政局", "cooperate"), ("市金融办", "lead"),
            ("人民银行某市中心支行", "cooperate")} <= tags
    assert not any(unit.startswith("自治区") for unit, _ in tags)
    assert conn.execute("select level, kind from units where id = '市财政局'").fetchone() == ("市", "部门")


def test_dev_and_held_out_sets_are_scored():
    from kb.evaluate.fragments import evaluate_by_fragment

    for directory, sizes in ((ROOT / "tests" / "devset", (36, 73, 8)), (ROOT / "tests" / "heldout", (33, 52, 8))):
        scores = evaluate_by_fragment(directory, RULES, directory.name)
        assert tuple(s.gold for s in scores) == sizes
        # Every gold fragment names a clause of its document.
        assert not any("no clause holds" in str(item) for s in scores for item in s.missing)
