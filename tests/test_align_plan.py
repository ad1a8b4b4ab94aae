"""Issue 26 on the plan: it is made 根据 国办发〔2014〕64号, which the KB registers without its text. Filing a
synthetic stand-in for that notice and the action plan it forwards (written for this test, its figures and tasks
invented, and saying so in its first line) lines the plan's tasks and targets up with it."""
from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from kb.cli import cli

from conftest import RULES

PLAN = "gx-ipap-2015"
# The notice's title and 文号 are those references.yml registers; everything else is invented for this test.
SYNTHETIC_64 = [
    "（合成测试文本：为任务对照测试编写的国办发〔2014〕64号替身，非真实文件，正文与数字均为虚构）",
    "国办发〔2014〕64号",
    "国务院办公厅关于转发知识产权局等单位深入实施国家知识产权战略行动计划(2014-2020年)的通知",
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "知识产权局等单位《深入实施国家知识产权战略行动计划(2014-2020年)》已经国务院同意，现转发给你们，请认真贯彻执行。（合成正文）",
    "国务院办公厅",
    "2014年12月1日",
    "深入实施国家知识产权战略行动计划(2014-2020年)",
    "一、主要目标",
    "到2020年，每万人口发明专利拥有量达到14件。",
    "知识产权质押融资年度金额达到1800亿元。",
    "二、主要行动",
    "（一）促进知识产权创造运用。",
    "1.推行企业知识产权管理规范，扶持知识产权优势企业发展。",
    "2.实施专利导航试点项目，在关键技术领域形成专利组合。",
    "3.建立航天器在轨维修知识产权评议制度。",
    "（二）加强知识产权保护。",
    "4.建设知识产权执法信息公共服务平台，推进侵权案件信息公开。",
]


def test_filing_a_stand_in_for_its_parent_lines_the_plan_up_with_it(corpus_copy, tmp_path):
    db = tmp_path / "kb.db"
    built = CliRunner().invoke(cli, ["build", "--corpus", str(corpus_copy), "--rules", str(RULES), "--out", str(db)])
    assert built.exit_code == 0, built.output
    conn = sqlite3.connect(db)
    before = set(conn.execute("select child_id, parent_id, how from implements"))
    assert before == {(PLAN, "cn-gov-2014-64", "citation"), (PLAN, "cn-ipap-2014", "forwards")}
    assert conn.execute("select count(*) from task_alignments").fetchone()[0] == 0  # the parent has no text yet
    conn.close()

    source = tmp_path / "in" / "64.txt"
    source.parent.mkdir()
    source.write_text("\n".join(SYNTHETIC_64) + "\n", encoding="utf-8")
    added = CliRunner().invoke(cli, ["add", str(source), "--corpus", str(corpus_copy), "--rules", str(RULES),
                                     "--db", str(db)])
    assert added.exit_code == 0, added.output
    assert "takes the place of references.yml entry cn-gov-2014-64" in added.output

    conn = sqlite3.connect(db)
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    assert set(conn.execute("select child_id, parent_id, how from implements")) == before
    assert conn.execute("select parent_id from documents where id = 'cn-ipap-2014'").fetchone()[0] == "cn-gov-2014-64"
    links = conn.execute(
        "select p.text, c.text, a.status from task_alignments a left join clauses p on p.id = a.parent_clause_id "
        "left join clauses c on c.id = a.child_clause_id where a.child_document_id = ? and "
        "a.parent_document_id = 'cn-gov-2014-64'", [PLAN]).fetchall()
    aligned = {(p, c) for p, c, status in links if status == "aligned"}
    assert any("推行企业知识产权管理规范" in p and "推行《企业知识产权管理规范》" in c for p, c in aligned)
    assert any("专利导航试点项目" in p and "专利导航、预警试点项目" in c for p, c in aligned)
    assert any("执法信息公共服务平台" in p and "知识产权执法信息公共服务平台" in c for p, c in aligned)
    # the goals of 一、主要目标 are targets, compared below, and no task of anyone's: neither side's is lined up
    assert not any("每万人口发明专利拥有量" in (p or "") + (c or "") for p, c, _ in links)
    unimplemented = {p for p, _, status in links if status == "unimplemented"}
    assert any("航天器在轨维修" in p for p in unimplemented)  # no task of the plan carries it
    assert any(status == "new" for _, _, status in links)
    compared = dict(conn.execute(
        "select t.wording, x.comparison from target_comparisons x join targets t on t.id = x.parent_target_id "
        "where x.child_document_id = ?", [PLAN]))
    assert compared["每万人口发明专利拥有量"] == "looser"  # the plan's 6 below the stand-in's 14, by 2020
    assert compared["知识产权质押融资年度金额"] == "not_comparable"  # a country's total beside a region's
    conn.close()
