"""Issue 26: which document carries which down (implements), its tasks lined up with the parent's
(task_alignments) and their targets compared (target_comparisons), in real builds and real `kb add` updates of
synthetic corpora (tests/fixtures/align-dev is the calibration pair, its gold written before kb ran on it)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from kb.align.targets import TargetRow, compare
from kb.build import build_kb
from kb.cli import cli
from kb.evaluate.align import evaluate_align
from kb.rules import load_rules

from conftest import RULES

DEV = Path(__file__).parent / "fixtures" / "align-dev"
PARENT, CHILD = "align-dev-national", "align-dev-province"
LABEL = "（合成测试文本：为落实关系测试编写，非真实文件）"
REFERENCE = """documents:
  - id: align-dev-national
    title: 国家知识产权运用促进行动方案
    doc_number: 国知发〔2016〕9号
    issuer: 国家知识产权局
    issued_date: "2016-05-10"
    kind: plan
    level: 国家
  - id: align-ref-plan
    title: 东岚省知识产权保护行动计划
    issuer: 东岚省人民政府
    level: 省
"""


def _write(corpus: Path, doc_id: str, lines: list[str], facts: str) -> None:
    (corpus / f"{doc_id}.txt").write_text("\n".join([LABEL, *lines]) + "\n", encoding="utf-8")
    (corpus / f"{doc_id}.yml").write_text(f"# Synthetic document for tests/test_align.py: not a real document.\n"
                                          f"documents:\n  - id: {doc_id}\n{facts}", encoding="utf-8")


def _dev_corpus(corpus: Path, parent: bool = True, child: bool = True) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    for doc_id, wanted in ((PARENT, parent), (CHILD, child)):
        if wanted:
            for suffix in (".txt", ".yml"):
                shutil.copy(DEV / f"{doc_id}{suffix}", corpus / f"{doc_id}{suffix}")
    return corpus


def _rows(db: Path) -> tuple[set, set, set]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        implements = set(conn.execute("select child_id, parent_id, how, clause_id, rule_id from implements"))
        alignments = set(conn.execute("select child_document_id, parent_document_id, parent_clause_id, "
                                      "child_clause_id, status, rule_id from task_alignments"))
        comparisons = set(conn.execute("select parent_target_id, child_target_id, comparison from "
                                       "target_comparisons"))
    finally:
        conn.close()
    return implements, alignments, comparisons


def test_a_document_implements_what_it_cites_after_a_cue_or_its_sidecar_names_and_not_a_bare_mention(tmp_path):
    corpus = _dev_corpus(tmp_path / "corpus")
    (corpus / "references.yml").write_text(REFERENCE.split("  - id: align-dev-national")[0] +
                                           "  - id: align-ref-plan" + REFERENCE.split("  - id: align-ref-plan")[1],
                                           encoding="utf-8")
    _write(corpus, "align-bare", ["青漳市知识产权工作要点", "一、工作任务",
                                  "1.《国家知识产权运用促进行动方案》提出的质押融资任务，由市知识产权局研究。",
                                  "2.贯彻落实《东岚省知识产权保护行动计划》，开展执法检查。"],
           "    title: 青漳市知识产权工作要点\n    level: 市\n    jurisdiction: 青漳市\n")
    _write(corpus, "align-sidecar", ["青漳市专利质押融资工作方案", "一、主要任务",
                                     "1.支持银行开展知识产权质押贷款业务。"],
           "    title: 青漳市专利质押融资工作方案\n    level: 市\n    jurisdiction: 青漳市\n"
           "    implements: [align-dev-national]\n")
    report = build_kb(corpus, RULES, tmp_path / "kb.db", jobs=1)
    assert not report.problems, report.problems
    implements, alignments, _ = _rows(tmp_path / "kb.db")
    assert {row[:3] for row in implements} == {(CHILD, PARENT, "citation"), ("align-bare", "align-ref-plan", "citation"),
                                               ("align-sidecar", PARENT, "sidecar")}
    by_pair = {(row[0], row[1]): row for row in implements}
    assert by_pair[(CHILD, PARENT)][3:] == (f"{CHILD}.0.3.1", "align.cue.citation")
    assert by_pair[("align-sidecar", PARENT)][3:] == (None, "align.sidecar")
    # The registered reference has no text: the link stands, with no tasks to line up.
    assert not [row for row in alignments if row[1] == "align-ref-plan"]
    sidecar_links = {(row[2], row[3], row[4]) for row in alignments if row[0] == "align-sidecar"}
    assert (f"{PARENT}.2.1.1.1.1", "align-sidecar.1.1.1.1", "aligned") in sidecar_links


def test_the_dev_pair_lines_up_exactly_as_its_gold_says():
    [score] = evaluate_align(DEV, RULES)
    # Reworded (质押融资), localised (国家… → 东岚省…运营公共服务平台), merged (two parent tasks, one child item),
    # split (专利导航 in two child items), 未落实 (托管, 海外预警) and 新增 (专利奖, 改革试点). The goals of 一、主要目标
    # are targets, compared apart (PCT absent), and no task: a plan's preamble parts ask no one anything.
    assert (score.links.missing, score.links.extra) == ([], [])
    assert score.links.true_positives == 9
    assert (score.new.missing, score.new.extra, score.new.true_positives) == ([], [], 2)
    assert score.unimplemented == (10, 10) and score.targets == (5, 5) and score.implements == (1, 1)


def test_the_second_dev_pair_province_to_city_lines_up_exactly_too():
    [score] = evaluate_align(DEV.parent / "align-dev-city", RULES)
    # Unit notes stripped ((省知识产权局负责) is no shared phrase), a merge held by containment (展会 in a long clause).
    assert (score.links.missing, score.links.extra, score.new.missing, score.new.extra) == ([], [], [], [])
    assert score.unimplemented == (7, 7) and score.targets == (1, 1)


def test_an_alignment_records_its_method_and_its_reasons(tmp_path):
    build_kb(_dev_corpus(tmp_path / "corpus"), RULES, tmp_path / "kb.db", jobs=1)
    conn = sqlite3.connect(tmp_path / "kb.db")
    row = conn.execute("select a.rule_id, a.score, a.reasons from task_alignments a join clauses c on "
                       "c.id = a.parent_clause_id where c.text like '%知识产权培训覆盖率达到60%'").fetchone()
    assert row[0] == "align.lexical" and 0 < row[1] <= 1
    assert '"kind": "indicator", "detail": "同一指标:规模以上企业知识产权培训覆盖率"' in row[2]
    assert '"kind": "phrases"' in row[2] and "0亿" not in row[2]
    localised = conn.execute("select a.reasons from task_alignments a join clauses c on c.id = a.child_clause_id "
                             "where c.text like '%东岚省知识产权运营公共服务平台%'").fetchone()[0]
    assert "知识产权运营公共服务平台" in localised
    labels = dict(conn.execute("select id, file from rules where id like 'align.%'"))
    assert labels["align.lexical"] == "align.yml" and labels["align.cue.citation"] == "align.yml"


def _target(value, year=2020, unit="件", comparator=">=", wording="发明专利拥有量", value_max=None):
    return TargetRow("t", "c", wording, wording, value, value_max, unit, comparator, year)


def test_targets_compare_by_value_and_year_and_refuse_what_cannot_be_compared():
    rule = load_rules(RULES).align.targets
    parent = _target(14)
    assert compare(parent, _target(16), rule) == "stricter"
    assert compare(parent, _target(14, year=2018), rule) == "stricter"  # the same figure sooner
    assert compare(parent, _target(8), rule) == "looser"
    assert compare(parent, _target(14, year=2022), rule) == "looser"
    assert compare(parent, _target(14), rule) == "equal"
    assert compare(parent, None, rule) == "absent"
    assert compare(parent, _target(16, year=2022), rule) == "not_comparable"  # higher but later
    assert compare(parent, _target(16, unit="项"), rule) == "not_comparable"
    assert compare(parent, _target(8, value_max=10), rule) == "not_comparable"  # a range
    assert compare(_target(5, wording="单位产值能耗下降"), _target(6, wording="单位产值能耗下降"), rule) \
        == "not_comparable"
    assert compare(_target(2, comparator="×"), _target(3, comparator="×"), rule) == "stricter"  # relative, both
    assert compare(_target(2, comparator="×"), _target(300), rule) == "not_comparable"



def test_totals_compare_only_within_one_jurisdiction_and_shares_at_any_level():
    rule = load_rules(RULES).align.targets
    country, province = _target(60000, wording="专利申请量"), _target(1500, wording="专利申请量")
    assert compare(country, province, rule, same_place=False) == "not_comparable"  # 全国 6万件 beside 全省 1500件
    assert compare(country, province, rule, same_place=True) == "looser"  # a province and its own department
    money = _target(1.0e11, unit="元", wording="质押融资年度金额")
    assert compare(money, _target(4.0e9, unit="元", wording="质押融资年度金额"), rule, same_place=False) \
        == "not_comparable"
    # a share, a score, a figure per head: the same yardstick at every level
    assert compare(_target(60, unit="%", wording="培训覆盖率"), _target(70, unit="%", wording="培训覆盖率"), rule,
                   same_place=False) == "stricter"
    assert compare(_target(14, wording="每万人口发明专利拥有量"), _target(6, wording="每万人口发明专利拥有量"), rule,
                   same_place=False) == "looser"
    assert compare(_target(80, unit="分", wording="满意度"), _target(85, unit="分", wording="满意度"), rule,
                   same_place=False) == "stricter"


def _add(corpus: Path, db: Path, source: Path, *flags: str):
    result = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus), "--rules", str(RULES),
                                      "--db", str(db), *flags])
    assert result.exit_code == 0, result.output
    return result


def test_kb_add_of_a_child_after_its_parent_lines_it_up_as_a_full_build_does(tmp_path):
    full = _rows(_built(_dev_corpus(tmp_path / "full"), tmp_path / "full.db"))
    corpus = _dev_corpus(tmp_path / "corpus", child=False)
    db = _built(corpus, tmp_path / "kb.db")
    assert _rows(db)[1] == set()
    child = tmp_path / "in" / "province.txt"
    child.parent.mkdir()
    shutil.copy(DEV / f"{CHILD}.txt", child)
    _add(corpus, db, child, "--id", CHILD, "--title", "东岚省知识产权运用促进实施方案", "--level", "省",
         "--jurisdiction", "东岚省", "--kind", "plan", "--issuer", "东岚省人民政府办公厅", "--date", "2016-09-20")
    implements, alignments, comparisons = _rows(db)
    assert alignments and (implements, alignments, comparisons) == full


def test_kb_add_of_the_text_of_a_registered_parent_lines_up_its_children(tmp_path):
    full = _rows(_built(_dev_corpus(tmp_path / "full"), tmp_path / "full.db"))
    corpus = _dev_corpus(tmp_path / "corpus", parent=False)
    (corpus / "references.yml").write_text(REFERENCE, encoding="utf-8")
    db = _built(corpus, tmp_path / "kb.db")
    implements, alignments, _ = _rows(db)
    assert {row[:3] for row in implements} == {(CHILD, PARENT, "citation")} and alignments == set()
    parent = tmp_path / "in" / "national.txt"
    parent.parent.mkdir()
    lines = (DEV / f"{PARENT}.txt").read_text(encoding="utf-8").splitlines()
    parent.write_text("\n".join([lines[0], "国知发〔2016〕9号", *lines[1:]]) + "\n", encoding="utf-8")
    result = _add(corpus, db, parent, "--level", "国家")
    assert "takes the place of references.yml entry align-dev-national" in result.output
    implements, alignments, comparisons = _rows(db)
    assert {row[:3] for row in implements} == {(CHILD, PARENT, "citation")}
    assert alignments == full[1] and comparisons == full[2]


def _built(corpus: Path, db: Path) -> Path:
    report = build_kb(corpus, RULES, db, jobs=1)
    assert not report.problems, report.problems
    return db


def test_kb_eval_align_prints_the_scores_and_a_bad_snippet_is_one_line_naming_the_gold(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "--align", str(DEV), "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()
    assert "link P" in header and "未落实 acc" in header and "新增 P" in header and "implements" in header
    assert row.split() == ["align-dev", "1.000", "1.000", "1.000", "1.000", "1.000", "1.000", "1.000", "1/1"]
    # The README's block of the dev pair is the command's: rewriting it changes nothing.
    readme = tmp_path / "README.md"
    shutil.copy(DEV.parents[2] / "README.md", readme)
    rewritten = CliRunner().invoke(cli, ["eval", "--align", str(DEV), "--rules", str(RULES), "--readme", str(readme)])
    assert rewritten.exit_code == 0 and "0 of the blocks align-align-dev changed" in rewritten.stderr
    assert readme.read_text(encoding="utf-8") == (DEV.parents[2] / "README.md").read_text(encoding="utf-8")
    bad = tmp_path / "pair"
    shutil.copytree(DEV, bad)
    gold = (bad / "gold.yml").read_text(encoding="utf-8")
    (bad / "gold.yml").write_text(gold.replace('child: ["加强知识产权人才队伍建设"]', 'child: ["没有这样的句子"]'),
                                  encoding="utf-8")
    line = next(n for n, text in enumerate(gold.splitlines(), 1) if "加强知识产权人才队伍建设" in text)
    result = CliRunner().invoke(cli, ["eval", "--align", str(bad), "--rules", str(RULES)])
    assert result.exit_code != 0
    [message] = [text for text in result.output.splitlines() if text.strip()]
    assert f"gold.yml:{line}: snippet '没有这样的句子' is found in no clause of {CHILD}" in message


def test_kb_add_replace_of_a_child_leaves_the_rows_a_full_build_of_the_new_text_makes(tmp_path):
    text = (DEV / f"{CHILD}.txt").read_text(encoding="utf-8")
    edited = text.replace("6.设立省级专利奖，每两年评选一次。\n", "").replace(
        "3.在装备制造产业开展专利导航分析。", "3.开展知识产权海外预警，支持企业应对海外知识产权纠纷。")
    assert edited.count("\n") == text.count("\n") - 1 and "海外预警" in edited
    expected_corpus = _dev_corpus(tmp_path / "expected")
    (expected_corpus / f"{CHILD}.txt").write_text(edited, encoding="utf-8")
    expected = _rows(_built(expected_corpus, tmp_path / "expected.db"))
    corpus = _dev_corpus(tmp_path / "corpus")
    db = _built(corpus, tmp_path / "kb.db")
    source = tmp_path / "in" / "province.txt"
    source.parent.mkdir()
    source.write_text(edited, encoding="utf-8")
    _add(corpus, db, source, "--replace", "--id", CHILD, "--title", "东岚省知识产权运用促进实施方案", "--level", "省",
         "--jurisdiction", "东岚省", "--kind", "plan", "--issuer", "东岚省人民政府办公厅", "--date", "2016-09-20")
    assert _rows(db) == expected
    conn = sqlite3.connect(db)
    [warning] = conn.execute("select id from clauses where document_id = ? and text like '%海外预警%'", [PARENT]).fetchone()
    conn.close()
    assert {row[4] for row in expected[1] if row[2] == warning} == {"aligned"}  # 海外预警 is carried down now


def test_the_hand_gold_of_tests_devset_align_is_scored_task_by_task_with_floors():
    """The dev set of tests/devset/align (synthetic pairs, gold written by hand before kb ran): a gold snippet names
    one clause of a task, often its run-in title (1.完善专利资助政策。), while kb may align the item's body, so links
    are scored by task (its item, else its sentence). Scored clause by clause, link F1 was 0.25 on natl-prov; the
    floors hold today's figures less a little (kb eval --align tests/devset/align), and the pooled figures the goals
    of issue 26 (link F1 ≥ 0.9, coverage accuracy ≥ 0.95)."""
    scores = evaluate_align(Path(__file__).parent / "devset" / "align", RULES)
    by_name = {score.name: score for score in scores}
    floors = {"natl-prov": 0.95, "prov-city": 0.9, "prov-dept": 0.94, "dept-table": 0.94, "city-district": 0.92,
              "opinion-city": 0.97, "notice-county": 0.94, "regulation-rules": 0.92, "keypoints-bureau": 0.92,
              "forward-notice": 0.89, "fyp-annual": 0.88}
    for name, floor in floors.items():
        assert by_name[name].links.f1 >= floor, (name, by_name[name].links)
    pooled = by_name["all"]
    assert pooled.links.f1 >= 0.9 and pooled.coverage[0] / pooled.coverage[1] >= 0.95, pooled


def test_a_table_row_is_compared_by_its_task_cell_and_a_shared_cited_title_is_a_reason(tmp_path):
    from kb.align.tasks import task_words

    assert task_words("3｜组织申报技术与创新支持中心｜公共服务处｜中心｜2020年9月底前") == "组织申报技术与创新支持中心"
    assert task_words("3 | 编制专利分析报告 | 公共服务处 |") == "编制专利分析报告"
    assert task_words("推动修订《条例》，提高侵权成本。") == "推动修订《条例》，提高侵权成本。"
    header = ["序号", "重点任务", "具体措施", "责任处室", "完成时限"]
    row = "| 4 | 配合开展质量攻关 | 提供检验检测技术支撑 | 质量发展处 | 2023年12月底前 |"
    assert task_words(row, header, ("序号", "处室", "时限")) == "配合开展质量攻关，提供检验检测技术支撑"
    assert task_words("| 5 |  | 开展后处理 | 质量处 | 全年 |", header, ("序号", "处室", "时限")) == "开展后处理"
    conn = _built_pair(tmp_path, [
        ("syn-cite-prov", "甲省知识产权保护工作方案", "省", "甲省",
         "一、重点任务\n1.推动修订《甲省专利保护条例》，提高侵权违法成本。\n2.建设知识产权保护中心，开展快速预审服务。\n"),
        ("syn-cite-dept", "甲省知识产权局实施方案", "省", "甲省",
         "为贯彻落实《甲省知识产权保护工作方案》，制定本方案。\n一、重点任务\n"
         "1.配合司法厅做好《甲省专利保护条例》起草论证，提出条款建议。\n2.建成知识产权保护中心，面向产业开展快速预审。\n")])
    reasons = conn.execute("select reasons from task_alignments where status = 'aligned' and parent_clause_id in "
                           "(select id from clauses where text like '%修订《甲省专利保护条例》%')").fetchall()
    conn.close()
    assert reasons and '"kind": "citation", "detail": "引用同一文件:《〇专利保护条例》"' in reasons[0][0]


def test_a_parent_task_between_two_linked_ones_is_linked_by_order_to_the_child_task_between_theirs(tmp_path):
    conn = _built_pair(tmp_path, [
        ("syn-order-prov", "乙省知识产权公共服务工作要点", "省", "乙省",
         "一、重点任务\n1.建设知识产权信息公共服务平台，提供专利检索服务。\n2.推动省级公共服务机构建设，年内完成机构设立"
         "工作。\n3.开展知识产权服务进园区活动，组织机构走进企业。\n4.建立海外知识产权纠纷应对指导机制。\n"),
        ("syn-order-city", "乙省丙市实施方案", "市", "丙市",
         "为贯彻落实《乙省知识产权公共服务工作要点》，制定本方案。\n一、重点任务\n"
         "1.建设丙市知识产权信息公共服务平台，提供专利检索服务。\n2.明确由市知识产权保护中心承担公共服务机构职能，理顺"
         "运行机制。\n3.开展知识产权服务进园区活动，组织机构走进园区企业。\n4.设立市级专利奖，每两年评选一次。\n")])
    rows = _alignment_rows(conn)
    conn.close()
    by_parent = {(p or "")[:6]: (c, status, reasons) for p, c, status, reasons in rows if p}
    child, status, reasons = by_parent["2.推动省级"]
    assert status == "aligned" and "承担公共服务机构职能" in child and '"kind": "order"' in reasons
    # the last parent task has no linked neighbour after it and nothing like it between: it stays 未落实, and the
    # child's own 专利奖 stays 新增
    assert by_parent["4.建立海外"][1] == "unimplemented"
    assert any(status == "new" and "专利奖" in (c or "") for _, c, status, _ in rows)


_SYNTHETIC_HEAD = "（合成测试文本：为检验任务对照编写，非真实文件）\n"


def _built_pair(tmp_path: Path, documents: list[tuple[str, str, str, str, str]]) -> sqlite3.Connection:
    """A KB built from synthetic documents: (id, title, level, jurisdiction, the text after the title), each issued
    a day after the one before; a connection to it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for day, (name, title, level, place, body) in enumerate(documents, start=1):
        (corpus / f"{name}.txt").write_text(_SYNTHETIC_HEAD + title + "\n" + body, encoding="utf-8")
        (corpus / f"{name}.yml").write_text(
            f"# synthetic\ndocuments:\n  - id: {name}\n    title: {title}\n    issuer: {place}人民政府\n"
            f"    issued_date: '2020-03-{day:02d}'\n    kind: plan\n    level: {level}\n    jurisdiction: {place}\n",
            encoding="utf-8")
    assert build_kb(corpus, RULES, tmp_path / "kb.db", jobs=1).ok
    return sqlite3.connect(tmp_path / "kb.db")


def test_a_regulations_frame_is_no_task_and_its_general_provisions_hold_duties(tmp_path):
    conn = _built_pair(tmp_path, [
        ("syn-reg-prov", "丁省专利促进办法", "省", "丁省",
         "第一章 总则\n第一条 为了激励发明创造，促进专利实施，制定本办法。\n第二条 本省行政区域内的专利促进活动，适用本办法。\n"
         "第三条 县级以上人民政府应当将专利事业纳入国民经济和社会发展规划。\n第二章 促进\n"
         "第四条 县级以上人民政府知识产权主管部门应当建立专利导航工作机制。\n第三章 附则\n第五条 本办法自2021年1月1日起施行。\n"),
        ("syn-reg-city", "丁省戊市专利促进实施细则", "市", "戊市",
         "第一章 总则\n第一条 根据《丁省专利促进办法》，结合本市实际，制定本细则。\n第二条 本市行政区域内的专利促进活动，适用本细则。\n"
         "第三条 市、县（区）人民政府应当将专利事业纳入本级国民经济和社会发展规划。\n第二章 促进\n"
         "第四条 在装备制造产业建立专利导航工作机制，每年实施导航项目2项。\n第三章 附则\n第五条 本细则自2021年7月1日起施行。\n")])
    rows = [row[:3] for row in _alignment_rows(conn)]
    units = dict(conn.execute("select c.text, group_concat(u.unit_id) from clause_units u join clauses c on "
                              "c.id = u.clause_id where u.basis = 'parent' group by c.id"))
    conn.close()
    texts = " ".join((p or "") + (c or "") for p, c, _ in rows)
    assert "制定本" not in texts and "适用本" not in texts and "起施行" not in texts  # the frame: no task, no 新增
    aligned = {(p[:3], c[:3]) for p, c, status in rows if status == "aligned"}
    assert aligned == {("第三条", "第三条"), ("第四条", "第四条")}  # 总则 holds a duty: a task
    # the department in charge at every level, carried down as the city's own
    assert units == {"第四条 在装备制造产业建立专利导航工作机制，每年实施导航项目2项。": "戊市知识产权局"}


def test_a_notice_forwarding_a_document_carries_it_down(tmp_path):
    conn = _built_pair(tmp_path, [
        ("syn-fwd-natl", "己部办公厅关于推进高校专利转化的通知", "国家", "全国",
         "一、盘活存量专利。各高校要全面盘点存量专利，建立转化台账。\n二、完善收益分配。科研人员转化净收入比例不低于70%。\n"),
        ("syn-fwd-prov", "庚省教育厅关于转发《己部办公厅关于推进高校专利转化的通知》的通知", "省", "庚省",
         "现将《己部办公厅关于推进高校专利转化的通知》转发给你们，并提出如下贯彻意见。\n"
         "1.各高校全面盘点存量专利，于年底前建立转化台账。\n2.科研人员转化净收入比例不低于80%。\n")])
    links = conn.execute("select child_id, parent_id, how, rule_id from implements").fetchall()
    aligned = conn.execute("select count(*) from task_alignments where status = 'aligned'").fetchone()[0]
    conn.close()
    assert links == [("syn-fwd-prov", "syn-fwd-natl", "citation", "align.cue.forward")]
    assert aligned >= 2


def test_the_scorer_takes_a_sections_title_for_the_task_of_its_one_paragraph(tmp_path):
    from kb.evaluate.align import _tasks_of

    conn = _built_pair(tmp_path, [
        ("syn-fyp", "辛省知识产权发展规划", "省", "辛省",
         "第三章 提高创造质量\n第一节 培育高价值专利\n实施高价值专利培育工程，建设培育示范中心。省知识产权局牵头。\n"
         "第二节 推进商标品牌建设\n实施商标品牌战略，培育区域品牌。\n")])
    rows = dict(conn.execute("select text, id from clauses where document_id = 'syn-fyp'"))
    tasks = _tasks_of(conn)
    conn.close()
    heading, body = rows["第一节 培育高价值专利"], rows["实施高价值专利培育工程，建设培育示范中心。"]
    assert tasks[heading] == tasks[body]  # the 节's title names the task of its paragraph
    assert tasks[rows["第三章 提高创造质量"]] != tasks[body]  # a part holding sections is no one task


def _alignment_rows(conn: sqlite3.Connection) -> list[tuple]:
    """(parent clause text, child clause text, status, reasons) of every task_alignments row (None for a side it
    lacks)."""
    return conn.execute("select p.text, c.text, a.status, a.reasons from task_alignments a left join clauses p on "
                        "p.id = a.parent_clause_id left join clauses c on c.id = a.child_clause_id").fetchall()
