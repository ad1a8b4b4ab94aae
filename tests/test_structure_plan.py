"""Segmentation of the Guangxi plan, checked against the document itself (gold written by hand from the text)."""
from conftest import NOTICE_ID, PLAN_ID


def rows(conn, sql, *params):
    return [tuple(r) for r in conn.execute(sql, params).fetchall()]


def test_four_parts(kb_conn):
    parts = rows(kb_conn, "select number, heading from sections where document_id = ? and level = 1 "
                          "order by ordinal", PLAN_ID)
    assert parts == [("一、", "总体要求"), ("二、", "主要行动"), ("三、", "基础工程"), ("四、", "保障措施")]


def test_fifteen_second_level_sections(kb_conn):
    second = rows(kb_conn, "select s.number, s.heading, p.heading from sections s join sections p "
                           "on p.id = s.parent_id where s.document_id = ? and s.level = 2 and s.kind = 'numbered' "
                           "order by s.ordinal", PLAN_ID)
    assert len(second) == 15
    assert [h for _, h, p in second if p == "主要行动"] == [
        "知识产权支撑产业转型升级行动", "知识产权量质提升行动", "知识产权开放合作升级行动", "知识产权护航行动"]
    assert [h for _, h, p in second if p == "基础工程"] == [
        "信息服务工程", "知识产权统计工程", "人才队伍建设工程", "知识产权强县工程"]
    assert [h for _, h, p in second if p == "保障措施"] == [
        "加强组织领导", "完善政策引导", "强化市场培育", "加强财政支持", "建立监测机制"]
    assert [h for _, h, p in second if p == "总体要求"] == ["指导思想", "发展目标"]


def test_fifteen_run_in_titles_under_main_actions(kb_conn):
    run_ins = rows(kb_conn, "select heading from sections where id like ? and kind = 'run-in' order by ordinal",
                   PLAN_ID + ".2.%")
    assert [h for (h,) in run_ins] == [
        "培育知识产权密集型产业", "服务现代农业发展", "促进现代服务业发展", "推动与金融融合发展",
        "实施新一轮发明专利倍增计划", "完善知识产权创造激励机制",
        "建设中国—东盟知识产权国际合作交流中心", "实施“引进来”战略", "支持“走出去”行动",
        "完善知识产权行政执法体系", "加强重点领域知识产权行政执法", "推进软件正版化工作", "加强刑事执法和司法保护",
        "推进知识产权纠纷调解工作", "推动执法信息公开"]
    # Nowhere else in the plan does a paragraph open with a run-in title.
    assert rows(kb_conn, "select count(*) from sections where document_id = ? and kind = 'run-in'", PLAN_ID) == [(15,)]


def test_seven_goal_items_under_development_goals(kb_conn):
    goals = rows(kb_conn, "select s.heading from sections s join sections p on p.id = s.parent_id "
                          "where s.kind = 'goal' and p.heading = '发展目标' order by s.ordinal")
    assert [h for (h,) in goals] == [
        "知识产权创造能力大幅提高", "知识产权运用效果持续增强", "知识产权保护环境不断优化", "知识产权开放合作形成机制",
        "知识产权管理能力明显增强", "知识产权基础能力全面提升", "知识产权管理创新不断深化"]
    # Each goal clause is the dash and the goal's first sentence, as the plan prints it.
    goal_clauses = rows(kb_conn, "select text from clauses where kind = 'goal' order by ordinal")
    assert goal_clauses == [(f"——{h}。",) for (h,) in goals]


def test_ids_follow_printed_numbers(kb_conn):
    # 二、(一) third paragraph, second sentence (design.md's example).
    (text,), = rows(kb_conn, "select text from clauses where id = ?", PLAN_ID + ".2.1.3.2")
    assert text == "大力发展知识产权服务业,培育服务市场,扩大服务规模,提高服务质量,增加知识产权服务收入,形成若干知识产权服务业集聚区。"
    (text,), = rows(kb_conn, "select text from clauses where id = ?", PLAN_ID + ".4.5.1.2")
    assert text.startswith("自治区知识产权局要会同各相关部门对各市知识产权战略实施工作进行监督指导")
    assert rows(kb_conn, "select kind, text from clauses where id = ?", PLAN_ID + ".2.0.1") == [("heading", "二、主要行动")]
    ids = [i for (i,) in rows(kb_conn, "select id from clauses")]
    assert all(i.isascii() and " " not in i and "/" not in i for i in ids)


def test_every_sentence_is_a_clause(kb_conn):
    # In this plan no 。 or ; stands inside brackets, so each one ends exactly one clause.
    for (text,) in rows(kb_conn, "select text from clauses where document_id = ? and kind = 'sentence'", PLAN_ID):
        assert text[-1] in "。;", text
        assert "。" not in text[:-1] and ";" not in text[:-1], text
    counts = rows(kb_conn, "select count(*) from clauses where document_id = ?", PLAN_ID)
    # 137 clauses: 2 title lines, 1 byline, 34 headings (4 + 15 numbered, 15 run-in), 7 goals, 93 sentences.
    assert counts == [(137,)]
    kinds = dict(rows(kb_conn, "select kind, count(*) from clauses where document_id = ? group by kind", PLAN_ID))
    assert kinds == {"title": 2, "byline": 1, "heading": 34, "goal": 7, "sentence": 93}


def test_clauses_are_not_cut_inside_brackets_or_quotes(kb_conn):
    (text,), = rows(kb_conn, "select text from clauses where text like '%国办发〔2014〕64号%'")
    assert text.startswith("为全面提升我区知识产权综合能力") and text.endswith("特制订本行动计划。")
    (text,), = rows(kb_conn, "select text from clauses where text like '继续落实《国务院办公厅关于印发%'")
    assert "(国办发〔2013〕88号)要求" in text


def test_semicolon_items_are_clauses(kb_conn):
    items = rows(kb_conn, "select text from clauses where id like ? and sentence >= 3 order by ordinal",
                 PLAN_ID + ".1.2.2.%")
    assert [t for (t,) in items] == [
        "到2020年,每万人口发明专利拥有量达到6件,通过《专利合作条约》途径提交的专利(PCT)申请量达到500件;",
        "全区商标有效注册量达到10万件,中国驰名商标达到32 件;",
        "作品著作权登记数量达到1000件;",
        "农林业植物新品种授权品种数量达到155个;",
        "新登记保护地理标志注册达到25件。"]


def test_cover_notice(kb_conn):
    clauses = rows(kb_conn, "select kind, text from clauses where document_id = ? order by ordinal", NOTICE_ID)
    assert clauses == [
        ("title", "广西壮族自治区人民政府办公厅转发自治区知识产权局关于广西深入实施知识产权战略行动计划(2015—2020年)的通知"),
        ("addressee", "各市、县人民政府,自治区人民政府各组成部门、各直属机构:"),
        ("sentence", "自治区知识产权局《广西深入实施知识产权战略行动计划(2015-2020年)》已经自治区人民政府同意,"
                     "现转发给你们,请认真贯彻执行。"),
        ("signature", "广西壮族自治区人民政府办公厅"),
        ("date", "2015年7月31日"),
    ]
    # The page stamp is metadata, not text.
    assert not rows(kb_conn, "select id from clauses where text like '%15:30%'")


def test_breadcrumb_paths(kb_conn):
    assert rows(kb_conn, "select path_label from sections where id = ?", PLAN_ID + ".2.1.p4") == [
        ("二、主要行动 › (一)知识产权支撑产业转型升级行动 › 推动与金融融合发展",)]
