"""The drafting desk: a unit's 实施方案 drafted from the KB, written as docx / xlsx / Markdown.

The gold below is stated from the plan's text (corpus/guangxi-ip-action-plan-2015-2020.txt), not read off the
KB, and written in literally, so a change in tagging that moves a unit's tasks shows up here. 自治区版权局's tasks
are the plan's items that name a matter in its charge (版权, 著作权, 软件正版化) and name no lead of their own, each
listed with the words that make it the office's (COPYRIGHT_WORDS, checked against the text by
test_the_copyright_gold_is_stated_from_the_plans_text); the parts they stand in are the plan's own headings; the
other literals quote the clause they come from.
"""
from __future__ import annotations

import re
import sqlite3

import docx
import openpyxl
import pytest
import sqlite_utils
from click.testing import CliRunner
from docx.oxml.ns import qn

from conftest import CORPUS, PLAN_ID, ROOT, RULES, SEED_NAME
from kb.cli import cli
from kb.target_text import format_value
from kb.draft.files import draft_bytes, write_draft
from kb.draft.markdown import render_markdown
from kb.draft.reader import deadline_for, draft_for_unit
from kb.rules import load_rules
from kb.draft.word import full_width_punctuation
from kb.store.schema import create_schema

# The cited 《title》 rule the drafts read from a KB's rules table (rules/citations.yml).
CITED_TITLE = load_rules(RULES).citations.title.pattern

PLAN_TITLE = "广西深入实施知识产权战略行动计划(2015—2020年)"
NOTICE_TITLE = "广西壮族自治区人民政府办公厅转发自治区知识产权局关于广西深入实施知识产权战略行动计划(2015—2020年)的通知"
COPYRIGHT = "自治区版权局"
IP_OFFICE = "自治区知识产权局"
FINANCE = "自治区财政厅"
# 自治区版权局: the 8 items that name a matter in its charge (an item is named by its first clause), in the plan's
# order. The plan names the copyright office as lead nowhere: 7 items are inferred from its competences (待确认), and
# in one it is only mentioned among the 执法部门. Of them, 6 are its tasks (in draft order): the goal item stands in
# the preamble part 总体要求 (rules/drafts.yml preamble_headings), which says to what end and asks nothing, and the
# mention is listed apart with its reason.
COPYRIGHT_ITEMS = [f"{PLAN_ID}.{n}" for n in ("1.2.2.1", "2.1.3.1", "2.2.2.1", "2.4.1.1", "2.4.2.1", "2.4.3.1",
                                                "3.1.1.1", "4.2.1.1")]
COPYRIGHT_TASKS = [item for item in COPYRIGHT_ITEMS if item not in (f"{PLAN_ID}.1.2.2.1", f"{PLAN_ID}.2.4.1.1")]
COPYRIGHT_GROUPS = ["知识产权支撑产业转型升级行动", "知识产权量质提升行动", "知识产权护航行动", "信息服务工程", "完善政策引导"]
# The plan's preamble part (一、总体要求: 指导思想, 发展目标): its items are no task of anyone's.
PREAMBLE_PART = f"{PLAN_ID}.1."
# Each task above with the plan's words that make it the copyright office's, in the same order.
COPYRIGHT_WORDS = {
    "1.2.2.1": ["专利、商标、版权、植物新品种等知识产权数量大幅增长", "作品著作权登记数量达到1000件"],
    "2.1.3.1": ["建立一批版权交易平台"],
    "2.2.2.1": ["版权精品等给予奖励"],
    "2.4.1.1": ["提高知识产权、工商、版权、质监、海关等执法部门的协作水平"],  # the office among the 执法部门
    "2.4.2.1": ["网络交易平台的版权监管"],
    "2.4.3.1": ["推进软件正版化工作"],
    "3.1.1.1": ["依托国家专利、商标、版权等数据库资源"],
    "4.2.1.1": ["推动专利、商标、版权等知识产权相关法规政策的修订"],
}
COPYRIGHT_MATTERS = ("版权", "著作权", "软件正版化")
# The one other item naming such a matter names its own leads: nobody is guessed there.
NAMES_ITS_OWN_LEADS = {"4.1.1.1": "自治区知识产权办公会议各成员单位要履行各自职责"}
SETS_COPYRIGHT_TARGET = f"{PLAN_ID}.1.2.2.1"  # the goal item holding 作品著作权登记数量达到1000件
ENFORCEMENT_CLAUSE = f"{PLAN_ID}.2.4.1.1"  # 完善知识产权行政执法体系: …知识产权、工商、版权、质监、海关等执法部门…
NETWORK_CLAUSE = f"{PLAN_ID}.2.4.2.1"  # 加强重点领域知识产权行政执法: …加强…的版权监管
ENFORCEMENT_AREA = "知识产权护航行动"
TABLE_HEADERS = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "可能相关单位（待确认）", "完成时限", "相关指标",
                 "备注"]
PRINT_HEADERS = TABLE_HEADERS[:-1]  # the printed sheet: its notes are on the detail sheet
SHEET_HEADERS = ["领域", "序号", "重点任务", "条文编号", "具体措施", "牵头单位", "配合单位", "可能相关单位（待确认）",
                 "完成时限", "相关指标", "角色", "主题", "备注"]


@pytest.fixture()
def conn(kb_path):
    connection = sqlite3.connect(f"file:{kb_path}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.fixture()
def copyright_draft(conn):
    return draft_for_unit(conn, COPYRIGHT)


def task_by_clause(draft, clause_id):
    return next(task for task in draft.tasks if task.clause_id == clause_id)


# --- the draft as data ------------------------------------------------------------------------------------------

def test_every_task_sentence_reaches_a_draft_and_headings_never_do(conn):
    units = [u for (u,) in conn.execute("select id from units")]
    drafts = [_draft_or_none(conn, unit) for unit in units]
    tasks = [task for draft in drafts if draft for task in draft.tasks]
    items = {task.clause_id for task in tasks} | {m.clause_id for draft in drafts if draft for m in draft.mentions}
    covered = {cid for (cid,) in conn.execute(
        f"select id from clauses where item_id in ({', '.join('?' * len(items))})", list(items))}
    sentences = {cid for (cid,) in conn.execute(
        "select id from clauses where document_id = ? and section_id is not null "
        "and kind in ('sentence', 'item', 'goal') and id not like ?", [PLAN_ID, PREAMBLE_PART + "%"])}
    # A sentence whose item names no unit and none of whose words is in a unit's charge is nobody's guess (issue
    # 22): it is listed by the canned query clauses_without_unit instead, for staff to assign.
    unassigned = {cid for (cid,) in conn.execute(
        "select id from clauses c where document_id = ? and not exists (select 1 from clause_units cu join clauses i "
        "on i.id = cu.clause_id where i.item_id = c.item_id and cu.role in ('lead', 'cooperate', 'candidate'))",
        [PLAN_ID])}
    assert len(sentences) > 70 and sentences - unassigned <= covered and len(sentences & unassigned) < 15
    assert not any(item.startswith(PREAMBLE_PART) for item in items)  # 指导思想 and 发展目标 are no task
    headings = {cid for (cid,) in conn.execute("select id from clauses where kind = 'heading'")}
    assert not any(task.clause_text in {conn.execute("select text from clauses where id = ?", [h]).fetchone()[0]
                                        for h in headings} for task in tasks)


def test_a_units_draft_has_one_row_per_task_item_of_its_tasks_in_the_kb(conn):
    """Issue 14, one unit, one count: a draft's tasks and mentions are the task items of the unit's tasks (the
    task_tags view, behind unit_counts, the unit's page and unit_tasks) outside the plan's preamble part, one row per
    item, none more and none left out; issue 25: an item that only mentions the unit is listed apart, no task."""
    for unit in (u for (u,) in conn.execute("select distinct unit_id from task_tags")):
        draft = _draft_or_none(conn, unit)
        tasks, mentions = (draft.tasks, draft.mentions) if draft else ([], [])
        items = {i for (i,) in conn.execute("select item_id from task_tags where unit_id = ? and document_id = ? "
                                            "and item_id not like ?", [unit, PLAN_ID, PREAMBLE_PART + "%"])}
        assert {task.clause_id for task in tasks} | {m.clause_id for m in mentions} == items, unit
        assert not {task.clause_id for task in tasks} & {m.clause_id for m in mentions}
        assert all(task.role not in ("mentioned", "addressee") for task in tasks), unit
        counted = conn.execute("select coalesce(sum(clauses), 0) from unit_counts where unit_id = ?",
                               [unit]).fetchone()[0]
        assert counted == conn.execute("select count(*) from task_tags where unit_id = ?", [unit]).fetchone()[0]


def _draft_or_none(conn, unit):
    try:
        return draft_for_unit(conn, unit, document_id=PLAN_ID)
    except LookupError:
        return None


def test_a_unit_leads_only_where_the_kb_has_it_as_lead(conn):
    for unit in (COPYRIGHT, IP_OFFICE, FINANCE):
        for task in draft_for_unit(conn, unit).tasks:
            clause_ids = [c for (c,) in conn.execute("select id from clauses where item_id = ?", [task.clause_id])]
            kb_leads = {u for (u,) in conn.execute(
                f"select unit_id from clause_units where role = 'lead' and basis != 'inferred' and clause_id in "
                f"({', '.join('?' * len(clause_ids))})", clause_ids)}
            # 牵头单位 lists exactly the KB's named (and inherited) leads; a guess is never among them (issue 22).
            assert set(task.lead_units) == kb_leads, task.clause_id
            if task.pending:
                assert not task.lead_units and any(name.startswith(unit) for name in task.candidate_units)


def test_the_copyright_gold_is_stated_from_the_plans_text(conn):
    """The copyright office's gold, checked against the plan's own words: each task item holds the words that make
    it the office's, every item naming a matter in its charge is a task or names its own leads, and the groups are
    the headings of the plan's parts those items stand in."""
    plan = (CORPUS / SEED_NAME).read_text(encoding="utf-8")
    items = {}
    for item_id, text in conn.execute("select item_id, text from clauses where document_id = ? order by ordinal",
                                      [PLAN_ID]):
        items[item_id.removeprefix(f"{PLAN_ID}.")] = items.get(item_id.removeprefix(f"{PLAN_ID}."), "") + text
    assert [f"{PLAN_ID}.{item}" for item in COPYRIGHT_WORDS] == COPYRIGHT_ITEMS
    for item, words in {**COPYRIGHT_WORDS, **{k: [v] for k, v in NAMES_ITS_OWN_LEADS.items()}}.items():
        for phrase in words:
            assert phrase in plan and phrase in items[item], (item, phrase)
    for item, phrases in COPYRIGHT_WORDS.items():
        assert any(matter in phrase for phrase in phrases for matter in COPYRIGHT_MATTERS), item
    naming = {item for item, text in items.items() if any(matter in text for matter in COPYRIGHT_MATTERS)}
    assert naming == set(COPYRIGHT_WORDS) | set(NAMES_ITS_OWN_LEADS)
    headings = re.findall(r"^\s*\([一二三四五六七八九十]+\)([^。\n]+)。", plan, re.M)  # (二)发展目标。
    assert all(group in headings for group in COPYRIGHT_GROUPS)


def test_copyright_office_tasks_groups_and_numbering(copyright_draft):
    assert [task.clause_id for task in copyright_draft.tasks] == COPYRIGHT_TASKS
    assert [group.area_name for group in copyright_draft.groups] == COPYRIGHT_GROUPS
    assert [task.number for task in copyright_draft.tasks] == list(range(1, 7))
    assert copyright_draft.title == f"自治区版权局贯彻落实《{PLAN_TITLE}》实施方案（草稿）"
    assert copyright_draft.document_id == PLAN_ID
    assert all(task.measures == "" for task in copyright_draft.tasks)
    # A task is the whole item headed by its run-in title: 推进软件正版化工作 heads its item, it is no task itself.
    software = task_by_clause(copyright_draft, f"{PLAN_ID}.2.4.3.1")
    assert software.title == "推进软件正版化工作" and software.clause_text.startswith("继续落实")
    assert "完善软件资产管理" in software.clause_text  # the item's later sentences are in the task


def test_the_goal_item_is_no_task_and_a_guess_keeps_its_own_column(copyright_draft):
    # The goal item (——知识产权创造能力大幅提高…作品著作权登记数量达到1000件) stands in 总体要求/发展目标: no task (issue
    # 25); no task of the office names 作品著作权登记 or its metric, so none claims that indicator.
    assert SETS_COPYRIGHT_TARGET not in {t.clause_id for t in copyright_draft.tasks}
    assert SETS_COPYRIGHT_TARGET not in {m.clause_id for m in copyright_draft.mentions}
    assert not any("作品著作权登记数量" in i for t in copyright_draft.tasks for i in t.indicators)
    task = task_by_clause(copyright_draft, f"{PLAN_ID}.2.1.3.1")  # …建立一批版权交易平台…
    # The guess stands in its own column with the word it was read from, never in 牵头单位 (issue 22).
    assert task.lead_units == [] and task.role == "inferred" and task.pending
    # The item speaks of 知识产权服务 too: that office is possible, the drafting unit first.
    assert task.candidate_units == [f"{COPYRIGHT}（“版权”）", "自治区知识产权局（“知识产权服务”）"]
    assert "版权" in task.reason


def test_units_only_mentioned_are_listed_apart_with_their_reason(copyright_draft):
    # 提高知识产权、工商、版权、质监、海关等执法部门的协作水平: five bodies named, none asked to lead: no task, a mention
    # with the words it is named by and the clause (issue 25).
    assert ENFORCEMENT_CLAUSE not in {task.clause_id for task in copyright_draft.tasks}
    (mention,) = copyright_draft.mentions
    assert (mention.number, mention.clause_id, mention.area_name) == (1, ENFORCEMENT_CLAUSE, ENFORCEMENT_AREA)
    assert mention.text.startswith("完善知识产权行政执法体系。强化知识产权行政执法队伍")
    assert mention.reason == (f"仅提及：条文 {PLAN_ID}.2.4.1.2 点名“版权”，未要求其牵头或配合；"
                              "另按职责推断可能相关（“版权”），待确认")


def test_ip_office_deadline_from_a_linked_target(conn):
    draft = draft_for_unit(conn, IP_OFFICE)
    # 实施专利导航、预警试点项目… sits in the item 培育知识产权密集型产业, which names 知识产权密集型产业 (2020).
    navigation = task_by_clause(draft, f"{PLAN_ID}.2.1.1.1")
    assert navigation.title == "培育知识产权密集型产业"
    assert navigation.deadline == "2020年底前"
    assert "知识产权密集型产业 ≥ 10个(2020年)" in navigation.indicators
    # Issue 25: 专利导航 is a word that may deliver 每万人口发明专利拥有量 (kb.links, 0.5), but the task names neither
    # the indicator nor its metric: no 相关指标 of the task.
    assert not any(i.startswith("每万人口发明专利拥有量") for i in navigation.indicators)
    # 发明专利申请量比“十二五”时期增长一倍: the task names the indicator
    assert "发明专利申请量 × 2倍(十三五,较十二五)" in task_by_clause(draft, f"{PLAN_ID}.2.2.1.1").indicators
    # >= printed as ≥: 到2020年,全区培育600家以上…贯标企业和500家以上知识产权优势企业…; the indicator named
    # as the site names it, in the text's own words (kb.target_text.label_of_row; issue 25: never the metric's
    # description, 知识产权优势企业数量, which says what the text does not)
    assert "知识产权优势企业 ≥ 500家(2020年)" in navigation.indicators


def test_a_target_reads_in_a_draft_as_its_page_titles_it(conn, get):
    """Issue 24: one label for a target (kb.target_text.label_of_row): a draft's 相关指标 are the <h1> of the
    targets' own pages, the indicator named in the text's own words (issue 25: not the metric's description)."""
    from html import unescape

    targets = conn.execute("select id from targets where document_id = ?", [PLAN_ID]).fetchall()
    titles = {unescape(re.search(r"<h1>(.*?)</h1>", get(f"/target/{t}").text).group(1)) for (t,) in targets}
    indicators = {i for unit in (IP_OFFICE, COPYRIGHT, "自治区商务厅") for task in draft_for_unit(conn, unit).tasks
                  for i in task.indicators}
    assert len(indicators) > 5 and indicators <= titles
    assert "新登记保护地理标志注册 达到 25件(2020年)" in indicators


def test_ip_office_explicit_lead_with_cooperating_units(conn):
    task = task_by_clause(draft_for_unit(conn, IP_OFFICE), f"{PLAN_ID}.4.5.1.1")
    assert (task.role, task.basis) == ("lead", "explicit")
    assert task.lead_units == [IP_OFFICE]
    assert "自治区相关部门" in task.cooperating_units


def test_a_year_in_a_cited_title_is_not_a_deadline(conn):
    # 根据《…行动计划(2014-2020年)的通知》: the year belongs to the cited title.
    text = conn.execute("select text from clauses where id = ?", [f"{PLAN_ID}.0.4.2"]).fetchone()[0]
    assert "2014-2020年" in text and deadline_for([], text, CITED_TITLE) == ""


def test_the_preamble_is_no_task_when_the_unit_is_only_guessed_there(conn):
    # .0.4.1 and .0.4.2 say why the plan exists; 自治区知识产权局 is only inferred there from competence words.
    draft = draft_for_unit(conn, IP_OFFICE)
    clause_ids = {task.clause_id for task in draft.tasks}
    assert not clause_ids & {f"{PLAN_ID}.0.4.1", f"{PLAN_ID}.0.4.2"}
    # Issue 25: nor are 指导思想 (全面贯彻党的十八大…) and the 发展目标 items, in the preamble part 总体要求.
    assert not [c for c in clause_ids | {m.clause_id for m in draft.mentions} if c.startswith(PREAMBLE_PART)]
    assert not [g for g in draft.groups if g.area_name in ("指导思想", "发展目标")]
    assert not any(t.clause_text.startswith("全面贯彻党的十八大") for t in draft.tasks)


def test_finance_department(conn):
    draft = draft_for_unit(conn, FINANCE)
    assert [g.area_name for g in draft.groups] == [ENFORCEMENT_AREA, "加强财政支持"]
    special_fund = task_by_clause(draft, f"{PLAN_ID}.4.4.1.1")  # 自治区财政安排专项资金 … 各市人民政府要…
    assert (special_fund.role, special_fund.basis) == ("lead", "explicit")
    assert special_fund.lead_units == [FINANCE, "市县人民政府"]  # co-leads of the item are all listed


def test_basis_lines(copyright_draft):
    # The notice has no 文号 in the KB: none is shown, none invented. The treaty the PCT target names is not
    # an authority for the plan.
    assert copyright_draft.basis == [
        f"《{PLAN_TITLE}》",
        f"《{NOTICE_TITLE}》",
        "《国务院办公厅关于转发知识产权局等单位深入实施国家知识产权战略行动计划(2014-2020年)的通知》（国办发〔2014〕64号）",
    ]


def test_the_basis_follows_the_drafts_rules_the_kb_was_built_with(conn, tmp_path):
    """Issue 24: which cited documents are no authority is data (rules/drafts.yml), recorded in the KB's rules
    table and read from there (an installed kb has no rules directory): naming the notices' kind there drops
    国办发〔2014〕64号 from 编制依据; a bad file is a one-line error naming it when the rules load."""
    import re
    import shutil

    from kb.draft.rules import draft_rules_of
    from kb.errors import InputError

    rules = draft_rules_of(conn)
    assert rules.preamble.fullmatch("总体要求") and rules.not_authority.fullmatch("treaty")
    assert not rules.preamble.fullmatch("总体要求之外")
    narrower = type(rules)(rules.preamble, re.compile(rules.not_authority.pattern + "|notice"))
    assert draft_for_unit(conn, COPYRIGHT, rules=narrower).basis == [f"《{PLAN_TITLE}》", f"《{NOTICE_TITLE}》"]
    # With no rules given, the draft reads the KB's own rows (the reviewer's case: a kb installed from a wheel has
    # no rules directory at all).
    import sqlite3

    recorded = sqlite3.connect(":memory:")
    conn.backup(recorded)
    recorded.row_factory = conn.row_factory
    recorded.execute("update rules set pattern = pattern || '|notice' where id = 'draft.not-authority'")
    assert draft_for_unit(recorded, COPYRIGHT).basis == [f"《{PLAN_TITLE}》", f"《{NOTICE_TITLE}》"]
    assert draft_for_unit(conn, COPYRIGHT).basis != draft_for_unit(recorded, COPYRIGHT).basis
    for text, cause in (("preamble_headings: [总则]\nnot_authority_kind: [treaty]\n", "not_authority_kind"),
                        ("preamble_headings: []\nnot_authority_kinds: []\n", "preamble_headings")):
        bad = tmp_path / "rules"
        shutil.rmtree(bad, ignore_errors=True)
        shutil.copytree(RULES, bad)
        (bad / "drafts.yml").write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as raised:
            load_rules(bad)
        message = str(raised.value)
        assert message.startswith(str(bad / "drafts.yml")) and cause in message and "\n" not in message


def test_area_filter_by_name_or_id(conn):
    by_name = draft_for_unit(conn, COPYRIGHT, areas=[ENFORCEMENT_AREA])
    by_id = draft_for_unit(conn, COPYRIGHT, areas=["structural.gx-ipap-2015.2.4"])
    for draft in (by_name, by_id):
        assert [g.area_name for g in draft.groups] == [ENFORCEMENT_AREA]
        assert [(t.number, t.clause_id) for t in draft.tasks] == [(1, NETWORK_CLAUSE), (2, f"{PLAN_ID}.2.4.3.1")]
        assert [m.clause_id for m in draft.mentions] == [ENFORCEMENT_CLAUSE]  # a mention of the part kept


def test_unknown_unit_names_close_matches(conn):
    with pytest.raises(LookupError) as raised:
        draft_for_unit(conn, "版权局")
    assert COPYRIGHT in str(raised.value) and "国家版权局" in str(raised.value)
    with pytest.raises(LookupError, match="版权"):
        draft_for_unit(conn, COPYRIGHT, areas=["版权x"])


def test_format_value_and_deadline_from_text():
    assert [format_value(v) for v in (6.0, 1000.0, 100000.0, 2e10, 1e9, 15000.0, 2.5)] == \
        ["6", "1000", "10万", "200亿", "10亿", "1.5万", "2.5"]
    assert deadline_for([], "到2017年,建成一批示范园区。", CITED_TITLE) == "2017年底前"
    assert deadline_for([], "2016年起试点,2018年前全面推开。", CITED_TITLE) == "2018年底前"
    assert deadline_for([2020, 2017], "到2017年", CITED_TITLE) == "2020年底前"
    assert deadline_for([], "根据《某计划(2014-2020年)》精神", CITED_TITLE) == ""
    assert deadline_for([], "加强监管。", CITED_TITLE) == ""


def synthetic_kb() -> sqlite3.Connection:
    """A KB of one synthetic plan (written for this test), for the rules the real plan has no case of."""
    db = sqlite_utils.Database(memory=True)
    create_schema(db)
    db["documents"].insert_all([
        {"id": "n", "title": "某通知", "doc_number": None, "text_available": 1, "kind": "notice"},
        {"id": "p", "title": "某计划", "parent_id": "n", "text_available": 1, "kind": "plan"}])
    db["sections"].insert_all([{"id": "p.1", "document_id": "p", "level": 1, "kind": "numbered", "ordinal": 1,
                                "heading": "主要任务"}])
    db["areas"].insert_all([{"id": "s1", "name": "主要任务", "kind": "structural", "section_id": "p.1"},
                            {"id": "patent", "name": "专利", "kind": "thematic"}])
    texts = {"p.0.1": ("sentence", None, "鼓励创新。"),
             "p.0.2": ("sentence", None, "为推动专利工作,制定本计划。"),
             "p.1.1": ("sentence", "p.1", "到2017年,推进试点。"),
             "p.1.2": ("heading", "p.1", "某某工作。"),
             "p.1.3": ("sentence", "p.1", "甲局会同乙局推进专利工作。"),
             "p.1.4": ("sentence", "p.1", "印发各单位。")}
    db["clauses"].insert_all([{"id": cid, "document_id": "p", "section_id": section, "ordinal": n, "kind": kind,
                               "text": text, "char_start": 0, "char_end": len(text), "item_id": cid}
                              for n, (cid, (kind, section, text)) in enumerate(texts.items())])
    db["units"].insert_all([{"id": "甲局"}, {"id": "乙局"}])
    tag = dict(rule_id=None, matched=None, reason="r")
    db["clause_units"].insert_all([
        dict(tag, clause_id="p.0.1", unit_id="乙局", role="mentioned", basis="explicit", span_start=0),
        dict(tag, clause_id="p.0.2", unit_id="乙局", role="lead", basis="inferred", span_start=0),
        dict(tag, clause_id="p.1.1", unit_id="乙局", role="lead", basis="inferred", span_start=0),
        dict(tag, clause_id="p.1.2", unit_id="乙局", role="lead", basis="inferred", span_start=0),
        dict(tag, clause_id="p.1.3", unit_id="乙局", role="cooperate", basis="explicit", span_start=4),
        dict(tag, clause_id="p.1.3", unit_id="乙局", role="lead", basis="inferred", span_start=9),
        dict(tag, clause_id="p.1.3", unit_id="甲局", role="lead", basis="explicit", span_start=0),
        dict(tag, clause_id="p.1.4", unit_id="乙局", role="addressee", basis="explicit", span_start=2)])
    return db.conn


def test_rules_the_real_plan_has_no_case_of():
    draft = draft_for_unit(synthetic_kb(), "乙局")
    assert draft.basis == ["《某计划》", "《某通知》"]  # no 文号 known: none shown
    assert [(g.area_id, g.area_name) for g in draft.groups] == [("s1", "主要任务")]
    # the front matter keeps the explicit mention (not the guess), and a mention or an addressee is no task: both
    # are listed apart, each with why (issue 25)
    assert [(m.number, m.clause_id, m.area_name) for m in draft.mentions] == [(1, "p.0.1", "其他"), (2, "p.1.4", "主要任务")]
    assert draft.mentions[0].reason.startswith("仅提及：条文 p.0.1 点名“乙局”")
    assert draft.mentions[1].reason.startswith("仅主送：条文 p.1.4 点名“乙局”")
    # explicit tags first within an area, document order within each; the heading is no task
    assert [t.clause_id for t in draft.groups[0].tasks] == ["p.1.3", "p.1.1"]
    cooperating, inferred = draft.groups[0].tasks
    assert (cooperating.role, cooperating.lead_units, cooperating.cooperating_units) == ("cooperate", ["甲局"], ["乙局"])
    assert (inferred.role, inferred.lead_units, inferred.candidate_units, inferred.deadline) == (
        "inferred", [], ["乙局"], "2017年底前")


# --- Word ---------------------------------------------------------------------------------------------------------

def east_asian_font(run) -> str | None:
    fonts = run._element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_docx_layout_fonts_and_tables(copyright_draft, tmp_path):
    path = write_draft(copyright_draft, tmp_path / "draft.docx", "docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.page_width.cm == pytest.approx(21.0, abs=0.05)
    assert section.page_height.cm == pytest.approx(29.7, abs=0.05)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [m.cm for m in margins] == pytest.approx([3.7, 3.5, 2.8, 2.6], abs=0.05)
    assert document.core_properties.title == copyright_draft.title

    title = document.paragraphs[0]
    assert title.text == full_width_punctuation(copyright_draft.title) and "（2015—2020年）" in title.text
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    by_text = {p.text: p for p in document.paragraphs}
    heading = by_text["一、编制依据"].runs[0]
    assert heading.font.name == "黑体" and east_asian_font(heading) == "黑体" and heading.font.size.pt == 16
    assert "二、任务分工" in by_text
    area = by_text["（三）知识产权护航行动"].runs[0]
    assert east_asian_font(area) == "楷体_GB2312"
    body = by_text[f"1．《{PLAN_TITLE.replace('(', '（').replace(')', '）')}》"].runs[0]  # 公文 punctuation
    assert body.font.name == "仿宋_GB2312" and east_asian_font(body) == "仿宋_GB2312" and body.font.size.pt == 16

    assert len(document.tables) == len(COPYRIGHT_GROUPS) + 1  # a table per part, then the mentions
    for table, group in zip(document.tables, copyright_draft.groups):
        assert table.style.name == "Table Grid"
        header = table.rows[0]
        assert [cell.text for cell in header.cells] == TABLE_HEADERS
        assert header._tr.trPr is not None and header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert len(table.rows) - 1 == len(group.tasks)
    enforcement = document.tables[COPYRIGHT_GROUPS.index(ENFORCEMENT_AREA)]
    row = [cell.text for cell in enforcement.rows[1].cells]
    assert row[0] == "3" and row[1].startswith("加强重点领域知识产权行政执法。") and row[1].endswith("侵权行为。")
    # Issue 25: the notes stand in 备注, never in the task's text: its clause, its themes, and 待确认 for a guess
    assert row[8].split("\n") == [f"条文 {NETWORK_CLAUSE}", "主题：保护、服务、版权、运用",
                                  "待确认：条文未点名单位，按职责推断为可能相关"]
    assert not any(mark in cell for cell in row[:8] for mark in ("（条文", "（主题", "条文未点名"))
    assert row[3] == "" and row[5].startswith(COPYRIGHT + "（“")  # a guess is never a lead
    cell_run = enforcement.rows[1].cells[1].paragraphs[0].runs[0]
    assert east_asian_font(cell_run) == "仿宋_GB2312" and 10.5 <= cell_run.font.size.pt <= 12
    note_run = enforcement.rows[1].cells[8].paragraphs[0].runs[0]
    assert note_run.font.size.pt < cell_run.font.size.pt
    reward = [cell.text for cell in document.tables[1].rows[1].cells]  # …对优秀专利、驰名商标…给予奖励
    assert reward[7] == "中国驰名商标 达到 32件（2020年）" and reward[6] == "2020年底前"
    # The items that only mention the office: a part of their own, after the tasks, each with its reason.
    assert "三、仅提及本单位的条文（不列入任务分工）" in by_text
    mentions = document.tables[-1]
    assert [cell.text for cell in mentions.rows[0].cells] == ["序号", "条文", "条文编号", "所在部分", "列入理由"]
    assert mentions.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    (mention,) = [[cell.text for cell in r.cells] for r in mentions.rows[1:]]
    assert mention[:4] == ["1", full_width_punctuation(copyright_draft.mentions[0].text), ENFORCEMENT_CLAUSE,
                           ENFORCEMENT_AREA]
    assert mention[4].startswith("仅提及：条文") and "未要求其牵头或配合" in mention[4]


# --- Excel --------------------------------------------------------------------------------------------------------

def test_xlsx_sheets(copyright_draft, tmp_path):
    """Issue 25: the sheet an officer prints (the Word table's columns, a band per part of the plan), the detail
    with every column (its notes each in a column of its own), the mentions apart with their reason, the basis."""
    path = write_draft(copyright_draft, tmp_path / "draft.xlsx", "xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["任务分工表", "任务明细", "仅提及", "编制依据"]
    assert workbook.properties.title == copyright_draft.title
    sheet = workbook["任务分工表"]
    assert sheet["A1"].value == copyright_draft.title and "A1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [str(cell.value).replace("\n", "") for cell in sheet[2]] == PRINT_HEADERS
    assert sheet["A3"].value == f"（一）{COPYRIGHT_GROUPS[0]}" and "A3:H3" in {str(r) for r in sheet.merged_cells.ranges}
    tasks = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3) if isinstance(row[0].value, int)]
    assert [row[0] for row in tasks] == list(range(1, 7))
    bands = [row[0].value for row in sheet.iter_rows(min_row=3) if isinstance(row[0].value, str)]
    assert bands == [f"（{n}）{g}" for n, g in zip("一二三四五", COPYRIGHT_GROUPS)]
    # no note in a task's text: its clause, themes and 待确认 are on the detail sheet
    assert not any(mark in str(row[1]) for row in tasks for mark in ("（条文", "（主题", "条文未点名"))
    reward = tasks[1]  # …对优秀专利、驰名商标…给予奖励
    assert reward[6:] == ["2020年底前", "中国驰名商标 达到 32件(2020年)"]
    assert reward[5].startswith(f"{COPYRIGHT}（“版权”）、") and reward[3] is None  # a guess is never a lead

    detail = workbook["任务明细"]
    assert [cell.value.replace("\n", "") for cell in detail[2]] == SHEET_HEADERS
    assert detail.freeze_panes == "A3" and detail.auto_filter.ref == f"A2:M{2 + len(COPYRIGHT_TASKS)}"
    data = [[cell.value for cell in row] for row in detail.iter_rows(min_row=3)]
    assert [row[3] for row in data] == COPYRIGHT_TASKS  # 条文编号
    network = data[COPYRIGHT_TASKS.index(NETWORK_CLAUSE)]
    assert network[0] == ENFORCEMENT_AREA and network[10] == "待确认(按职责推断)"
    assert network[11] == "保护、服务、版权、运用" and network[12] == "待确认：条文未点名单位，按职责推断为可能相关"
    assert network[2].endswith("侵权行为。")  # the text alone

    mentions = [[cell.value for cell in row] for row in workbook["仅提及"].iter_rows(min_row=2)]
    assert mentions[0] == ["序号", "条文", "条文编号", "所在部分", "列入理由"]
    assert mentions[1][0] == "1" and mentions[1][2:4] == [ENFORCEMENT_CLAUSE, ENFORCEMENT_AREA]
    assert mentions[1][4].startswith(f"仅提及：条文 {PLAN_ID}.2.4.1.2 点名“版权”")
    basis = [row[1] for row in workbook["编制依据"].iter_rows(min_row=3, values_only=True)]
    assert f"《{PLAN_TITLE}》" in basis


# --- Markdown -----------------------------------------------------------------------------------------------------

def test_markdown(copyright_draft, tmp_path):
    text = render_markdown(copyright_draft)
    assert text.startswith(f"# {copyright_draft.title}\n")
    row = next(line for line in text.splitlines() if NETWORK_CLAUSE in line)
    assert row.startswith("| 3 | 加强重点领域知识产权行政执法。开展执法专项行动") and "待确认" in row
    # Issue 25: each note a field of its own (条文编号, 主题, 备注), none appended to the task's text
    cells = row.strip("| ").split(" | ")
    assert len(cells) == 11 and cells[8:] == [NETWORK_CLAUSE, "保护、服务、版权、运用",
                                              "待确认：条文未点名单位，按职责推断为可能相关"]
    assert cells[1].endswith("侵权行为。")
    assert ("| 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 可能相关单位（待确认） | 完成时限 | 相关指标 | 条文编号 | 主题 "
            "| 备注 |") in text
    # the mentions: a section of their own, with the reason
    assert "## 三、仅提及本单位的条文（不列入任务分工）" in text and "| 序号 | 条文 | 条文编号 | 所在部分 | 列入理由 |" in text
    mention = next(line for line in text.splitlines() if line.startswith("| 1 | 完善知识产权行政执法体系"))
    assert f"| {ENFORCEMENT_CLAUSE} | {ENFORCEMENT_AREA} | 仅提及：条文" in mention
    path = write_draft(copyright_draft, tmp_path / "draft.md", "md")
    assert path.read_text(encoding="utf-8") == text
    assert draft_bytes(copyright_draft, "md") == text.encode("utf-8")  # a download's bytes, no file in between
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        draft_bytes(copyright_draft, "pdf")


def test_markdown_escapes_pipes(copyright_draft):
    copyright_draft.tasks[0].clause_text = "甲|乙\n丙"
    row = next(line for line in render_markdown(copyright_draft).splitlines() if line.startswith("| 1 |"))
    assert "甲\\|乙<br>丙" in row


# --- writing safely -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["docx", "xlsx", "md"])
def test_no_directory_or_a_directory_as_target_is_a_clear_error(copyright_draft, tmp_path, fmt):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_draft(copyright_draft, tmp_path / "missing" / f"draft.{fmt}", fmt)
    target = tmp_path / "taken"
    target.mkdir()
    with pytest.raises(IsADirectoryError):
        write_draft(copyright_draft, target, fmt)
    assert [p.name for p in tmp_path.iterdir()] == ["taken"] and not any(target.iterdir())


def test_a_failed_write_leaves_the_old_file_and_no_temp(copyright_draft, tmp_path, monkeypatch):
    target = tmp_path / "draft.xlsx"
    target.write_bytes(b"the previous draft")

    def half_a_file_then_fail(self, stream):
        stream.write(b"PK half")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_a_file_then_fail)
    with pytest.raises(OSError, match="disk full"):
        write_draft(copyright_draft, target, "xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["draft.xlsx"]
    assert target.read_bytes() == b"the previous draft"


# --- the command --------------------------------------------------------------------------------------------------

def run(*args, **kwargs):
    return CliRunner().invoke(cli, ["draft", *map(str, args)], **kwargs)


def test_cli_writes_each_format(kb_path, tmp_path):
    for fmt in ("docx", "xlsx", "md"):
        out = tmp_path / f"版权.{fmt}"
        result = run("--unit", COPYRIGHT, "--format", fmt, "--out", out, "--db", kb_path)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == f"wrote 6 task(s) in 5 area(s) for {COPYRIGHT} to {out}"
    assert len(docx.Document(str(tmp_path / "版权.docx")).tables) == 5 + 1  # the parts, then the mentions
    assert openpyxl.load_workbook(tmp_path / "版权.xlsx")["任务明细"].max_row == 2 + 6


def test_cli_area_filter(kb_path, tmp_path):
    out = tmp_path / "enforcement.xlsx"
    result = run("--unit", COPYRIGHT, "--area", ENFORCEMENT_AREA, "--format", "xlsx", "--out", out, "--db", kb_path)
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(out)["任务明细"].iter_rows(min_row=3, values_only=True))
    assert [(row[0], row[3]) for row in rows] == [(ENFORCEMENT_AREA, NETWORK_CLAUSE),
                                                  (ENFORCEMENT_AREA, f"{PLAN_ID}.2.4.3.1")]
    two = run("--unit", COPYRIGHT, "--area", ENFORCEMENT_AREA, "--area", f"structural.{PLAN_ID}.3.1", "--format", "md",
              "--out", "-", "--db", kb_path)
    assert [line for line in two.stdout.splitlines() if line.startswith("### ")] == [f"### （一）{ENFORCEMENT_AREA}",
                                                                                     "### （二）信息服务工程"]


def test_cli_default_out_and_stdout(kb_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("--unit", FINANCE, "--format", "md", "--db", kb_path)
    assert result.exit_code == 0, result.output
    written = (tmp_path / f"{FINANCE}-实施方案草稿.md").read_text(encoding="utf-8")
    assert f"{PLAN_ID}.4.4.1.1" in written
    printed = run("--unit", FINANCE, "--format", "md", "--out", "-", "--db", kb_path)
    assert printed.exit_code == 0 and printed.stdout == written
    assert "2 task(s) in 2 area(s)" in printed.stderr
    assert run("--unit", FINANCE, "--format", "docx", "--out", "-", "--db", kb_path).exit_code == 2


def test_cli_unknown_unit(kb_path, tmp_path):
    result = run("--unit", "版权局", "--format", "md", "--out", tmp_path / "x.md", "--db", kb_path)
    assert result.exit_code == 1
    # 版权局 is an alias of the national and the autonomous region's office: the error names both, in one line.
    assert result.stderr.startswith("error: '版权局' names 2 units") and COPYRIGHT in result.stderr
    assert result.stderr.count("\n") == 1
    result = run("--unit", "版权处", "--format", "md", "--out", tmp_path / "x.md", "--db", kb_path)
    assert result.exit_code == 1 and result.stderr.startswith("error: no unit '版权处'")
    assert not (tmp_path / "x.md").exists()


def test_cli_unwritable_targets(kb_path, tmp_path):
    result = run("--unit", COPYRIGHT, "--format", "docx", "--out", tmp_path / "nowhere" / "x.docx", "--db", kb_path)
    assert result.exit_code == 1 and "does not exist" in result.stderr
    (tmp_path / "adir").mkdir()
    result = run("--unit", COPYRIGHT, "--format", "xlsx", "--out", tmp_path / "adir", "--db", kb_path)
    assert result.exit_code == 1 and "is a directory" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["adir"]


def test_a_division_plan_draft_checked_task_by_task_against_the_gold(tmp_path):
    """The 任务分工表 of 市科委 drafted from a synthetic dev-set 工作要点 (tests/devset/division/city-workpoints.txt),
    written as .docx and read back: one row per item the hand-written gold gives 市科委, with that item's 牵头单位
    and 配合单位 as the gold has them."""
    import yaml

    from kb.add.plan import plan_additions
    from kb.add.write import write_additions
    from kb.build import build_kb
    from kb.rules import load_rules

    source = ROOT / "tests" / "devset" / "division" / "city-workpoints.txt"
    gold = next(d for d in yaml.safe_load((source.parent / "gold.yml").read_text(encoding="utf-8"))["documents"]
                if d["file"] == source.name)
    unit = "市科委"
    expected = [item for item in gold["items"] if unit in (item.get("lead") or []) + (item.get("cooperate") or [])]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    plan = plan_additions([source], corpus, load_rules(RULES))
    write_additions(plan)
    assert build_kb(corpus, RULES, tmp_path / "kb.db").ok
    conn = sqlite3.connect(tmp_path / "kb.db")
    (document_id,) = conn.execute("select id from documents").fetchone()
    # The unit as the text prints it: its jurisdiction's name (棠溪市科委) is found from it (issue 22).
    draft = draft_for_unit(conn, unit, document_id=document_id)
    assert draft.unit == "棠溪市科委"
    path = write_draft(draft, tmp_path / "draft.docx", "docx")
    rows = [[cell.text for cell in row.cells] for table in docx.Document(str(path)).tables for row in table.rows[1:]]
    assert len(rows) == len(expected) >= 10
    for item in expected:  # rows come grouped by area; each gold item has exactly one
        matching = [row for row in rows if row[1].startswith(item["start"])]
        assert len(matching) == 1, item["start"]
        row = matching[0]
        # The gold's names as printed, with the city the KB names them by (市科委 → 棠溪市科委, 各区县市 → 棠溪市各区县市).
        city = {n: n if "棠溪" in n else "棠溪" + n if n.startswith("市") else "棠溪市" + n
                for n in (item.get("lead") or []) + (item.get("cooperate") or [])}
        assert set(filter(None, row[3].split("、"))) == {city[n] for n in item.get("lead") or []}, row
        assert set(filter(None, row[4].split("、"))) == {city[n] for n in item.get("cooperate") or []}, row


def test_docx_table_grid_landscape_page_numbers_and_punctuation(copyright_draft, tmp_path):
    """Issue 14: the grid has the columns' own widths (LibreOffice lays tables out by it), the task tables stand
    in an A4 landscape section, the footer numbers pages — N —, headings keep with their table, and the Chinese
    text has full-width punctuation."""
    from kb.draft.word import LANDSCAPE_COLUMN_CM

    document = docx.Document(str(write_draft(copyright_draft, tmp_path / "draft.docx", "docx")))
    table = document.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(set(grid)) > 3 and grid.index(max(grid)) == 1  # 重点任务 the widest, not 7 equal columns
    assert sum(grid) == pytest.approx(docx.shared.Cm(sum(LANDSCAPE_COLUMN_CM)).twips, rel=0.01)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    landscape = document.sections[-1]
    assert landscape.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert landscape.page_width.cm == pytest.approx(29.7, abs=0.05)
    footer = document.sections[0].footer.paragraphs[0]
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE" and footer.text.startswith("— ")
    headings = [p for p in document.paragraphs if re.match(r"二、|（[一二三四五六七八九十]+）", p.text)]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    texts = [cell.text for t in document.tables for row in t.rows[1:] for cell in row.cells[1:3]]
    chinese = [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)]
    assert chinese and not any(re.search(r"(?<!\d)[,;:](?!\d)|[()]", t) for t in chinese)


def test_xlsx_roles_agree_with_the_unit_columns(copyright_draft, conn, tmp_path):
    """Issue 14: the detail sheet's 角色 column agrees with 牵头单位 / 配合单位."""
    for unit in (COPYRIGHT, IP_OFFICE, FINANCE):
        draft = draft_for_unit(conn, unit)
        sheet = openpyxl.load_workbook(write_draft(draft, tmp_path / "draft.xlsx", "xlsx"))["任务明细"]
        for row in sheet.iter_rows(min_row=3, values_only=True):
            role, leads, cooperating = row[10], row[5] or "", row[6] or ""
            assert role in ("牵头", "配合", "待确认(按职责推断)"), row
            assert (role != "牵头" or draft.unit in leads) and (role != "配合" or draft.unit in cooperating), row


def test_a_draft_is_grouped_by_the_plans_own_parts_with_themes_as_a_column(conn, copyright_draft, tmp_path):
    """Issue 14: groups are the plan's parts in the plan's order (or 其他), never themes; a task's themes are in
    its note line and in the spreadsheet's 主题 column."""
    for unit in ("自治区版权局", "自治区知识产权局", "自治区财政厅"):
        draft = draft_for_unit(conn, unit)
        assert all(g.area_id.startswith("structural.") or g.area_id == "other" for g in draft.groups), unit
        firsts = [conn.execute("select rowid from sections where id = ?", [g.area_id.removeprefix("structural.")])
                  .fetchone() for g in draft.groups if g.area_id != "other"]
        assert firsts == sorted(firsts), unit  # the plan's order
    themed = [t for g in copyright_draft.groups for t in g.tasks if t.themes]
    assert themed and all(f" | {t.clause_id} | {'、'.join(t.themes)} | " in render_markdown(copyright_draft)
                          for t in themed)
