"""Targets in the layouts real pages come in (kb.targets, rules/targets.yml): a one-year document's year, news
reports and progress reports (what is done is no target), flattened tables of 量化指标, sections of aims and the
verbless, fronted and counted forms figures take there.

Every text here is synthetic: invented places (青岚, 云河), indicators and figures, written in the styles of real
pages, labelled so in its first line. Each test fails without the kind it names."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kb.add.plan import plan_additions
from kb.add.write import write_additions
from kb.build import build_kb
from kb.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES)


def build(tmp_path, rules, text: str) -> sqlite3.Connection:
    """``text`` filed as ``kb add`` files it into a fresh corpus and built; a connection to the KB."""
    source = tmp_path / "case.txt"
    source.write_text(text, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    plan = plan_additions([source], corpus, rules)
    assert plan.ok, plan.problems
    write_additions(plan)
    report = build_kb(corpus, RULES, tmp_path / "kb.db")
    assert report.ok, report.problems
    return sqlite3.connect(tmp_path / "kb.db")


def figures(conn, kind: str = "target") -> set[tuple]:
    """(value, unit, year) of the targets (or actuals) read."""
    return {(round(v, 6), u, y) for v, u, y in conn.execute(
        "select value, unit, year from targets where kind = ?", [kind])}


def comparators(conn) -> dict[tuple, str]:
    return {(round(v, 6), u): c for v, u, c in conn.execute(
        "select value, unit, comparator from targets where kind = 'target'")}


def test_opening_line_gives_a_one_year_document_its_year(tmp_path, rules):
    # synthetic: a division of a year's key work whose title names no year; its opening line does.
    conn = build(tmp_path, rules, "青岚县人民政府办公室关于分解落实县政府重点工作任务的通知\n"
                 "各乡镇人民政府,县直各部门:\n"
                 "县长在县十届人大三次会议上所作的报告中,提出了2022年县政府要抓好的6项重点工作,现将重点工作任务分解如下:\n"
                 "一、完善交通网络\n"
                 "1.新建乡村公路30公里,改造危桥12座。\n"
                 "牵头单位:县交通运输局\n")
    assert figures(conn) == {(30.0, "公里", 2022), (12.0, "座", 2022)}


def test_heading_of_one_year_gives_its_section_the_year(tmp_path, rules):
    # synthetic: a plan of several years with a section headed by one year.
    conn = build(tmp_path, rules, "青岚区数字经济发展行动方案(2024—2026年)\n"
                 "一、总体要求\n推动数字经济与实体经济深度融合。\n"
                 "二、2025年度工作目标\n"
                 "(一)基础设施\n"
                 "1.全区新建5G基站300个。\n")
    assert figures(conn) == {(300.0, "个", 2025)}


def test_news_report_past_figures_are_actuals_and_next_year_is_the_reports_next(tmp_path, rules):
    # synthetic: a dated news report: the year's results are actuals, 明年 is the report's next year, a
    # retrospect's figures (近年来, 从…增长到…) are actuals or baselines, figures stated as reached are none.
    conn = build(tmp_path, rules, "青岚市农村公路建设再上新台阶\n"
                 "本报讯(记者 林远)记者从青岚市交通运输局获悉,至此,全市农村公路总里程突破9000公里。\n"
                 "据介绍,2024年,全市新改建农村公路620公里,新增通客车建制村45个。"
                 "根据明年目标,要新改建农村公路500公里;新增城乡公交线路20条。\n"
                 "近年来,全市公路养护水平稳步提升,优良路率从2019年的61%提高到2023年的78%。\n"
                 "2024年12月20日\n")
    assert figures(conn) == {(500.0, "公里", 2025), (20.0, "条", 2025)}
    assert {(620.0, "公里", 2024), (45.0, "个", 2024), (78.0, "%", 2023)} <= figures(conn, "actual")
    assert not {f for f in figures(conn, "actual") if f[0] in (61.0, 9000.0)}


def test_progress_report_figures_are_not_targets(tmp_path, rules):
    # synthetic: a progress report on a year's projects: the target cell is a target; progress (完成40%),
    # what is done (已建成5个, 建成6个) and places counted (在8个社区) are not.
    conn = build(tmp_path, rules, "云河区2024年民生实事项目推进情况\n"
                 "序号 |\n主要任务 |\n牵头单位 |\n推进情况 |\n"
                 "7 |\n新建社区老年食堂12个。 |\n区民政局 |\n已建成社区老年食堂5个,完成总工程量的40%。 |\n"
                 "8 |\n改造口袋公园9个。 |\n区城管局 |\n在8个社区,建成口袋公园6个。 |\n")
    assert figures(conn) == {(12.0, "个", 2024), (9.0, "个", 2024)}


def test_quantified_targets_table_one_target_per_row(tmp_path, rules):
    # synthetic: a table of 量化指标 flattened to text, cells separated by spaces, no verbs in them.
    conn = build(tmp_path, rules, "2025年青岚市政府工作报告量化指标任务分工\n"
                 "序号 工作任务 牵头部门\n"
                 "1 城镇调查失业率5.5%左右 市人力资源社会保障局\n"
                 "2 粮食产量120万吨以上 市农业农村局\n"
                 "3 公路投资80亿元 市交通运输局\n"
                 "4 森林蓄积量880万立方米 市林业局\n")
    assert figures(conn) == {(5.5, "%", 2025), (1200000.0, "吨", 2025), (8000000000.0, "元", 2025),
                             (8800000.0, "立方米", 2025)}
    assert comparators(conn)[(5.5, "%")] == "about" and comparators(conn)[(1200000.0, "吨")] == ">="


def test_section_of_aims_reads_verbless_figures_and_more_units(tmp_path, rules):
    # synthetic: aims with no verb (优质品比例65%以上), ≥ as a verb, and units of farms and lives (亩, 公斤, 岁).
    conn = build(tmp_path, rules, "云河县中药材产业发展实施意见\n"
                 "一、目标任务\n"
                 "到2026年,全县种植中药材3.5万亩,收购干品420万公斤,其中:订单收购300万公斤;优质品比例65%以上、"
                 "道地品种纯度90%以上;人均预期寿命≥79.5岁。\n")
    assert figures(conn) == {(35000.0, "亩", 2026), (4200000.0, "公斤", 2026), (3000000.0, "公斤", 2026),
                             (65.0, "%", 2026), (90.0, "%", 2026), (79.5, "岁", 2026)}
    assert comparators(conn)[(79.5, "岁")] == ">="


def test_fronted_objects_subjects_and_listed_figures(tmp_path, rules):
    # synthetic: 超 right before a number, an object fronted by 对, a figure before its subject, and a second
    # figure listed after 和 with no verb of its own.
    conn = build(tmp_path, rules, "青岚市推动产业高质量发展实施方案\n"
                 "一、主要任务\n"
                 "到2027年,全市软件业务收入超600亿元,对45个老旧小区进行雨污分流改造,"
                 "60%以上乡镇卫生院达到服务能力基本标准,培育3个百亿级园区和5个五十亿级园区。\n")
    assert figures(conn) == {(60000000000.0, "元", 2027), (45.0, "个", 2027), (60.0, "%", 2027),
                             (3.0, "个", 2027), (5.0, "个", 2027)}
    assert comparators(conn)[(60000000000.0, "元")] == ">" and comparators(conn)[(60.0, "%")] == ">="


def test_page_date_gives_this_year_and_done_covers_its_sentence(tmp_path, rules):
    # synthetic: a county news page with no date of issue but a printed date line: 今年 is that year; 截至目前
    # covers its whole sentence across a semicolon; a task (任务涉及…) is aimed at after 已下达.
    conn = build(tmp_path, rules, "云河县重点项目建设加速推进\n"
                 "青岚晚报 2023-05-12 07:30\n"
                 "云河讯 (通讯员 林远)今年,全县计划实施重点项目60项,年度计划完成投资18.5亿元。"
                 "截至目前,续建24个,开工17个;新建36个,开工11个,完成投资2.6亿元。\n"
                 "3月初,县住建局已下达2023年建设任务,其中开工任务涉及41个项目,、3.2万余套房源;"
                 "竣工任务涉及27个项目、2.4万套房源。\n")
    got = figures(conn)
    assert {(60.0, "项", 2023), (1850000000.0, "元", 2023), (32000.0, "套", 2023), (24000.0, "套", 2023)} <= got
    assert not {f for f in got if f[0] in (36.0, 11.0, 260000000.0)}
    assert comparators(conn)[(32000.0, "套")] == ">"


def test_pinyin_glosses_and_deadlines_in_a_news_report(tmp_path, rules):
    # synthetic: a news page printing pinyin glosses after characters, with no date: a deadline (年底前) is an
    # aim, not a year's result.
    conn = build(tmp_path, rules, "青岚市推进数字乡村建设\n"
                 "记者从青岚市农业农村局获悉,今年年底前,全市乡(xiāng)镇(zhèn)综合文化服(fú)务(wù)站"
                 "标准化建设(shè)达(dá)标率达(dá)到96%;2027年年底前,全市农村生活污水治理率达88%。\n")
    assert figures(conn) == {(96.0, "%", None), (88.0, "%", 2027)}


def test_created_lists_shares_each_has_and_more_units(tmp_path, rules):
    # synthetic: one verb of creation over a list of objects (新改扩建…、桥梁…、管网…), 米 and 余, a share
    # before what it is of (60%的社区建成), what each is to have (每个乡镇有1所), a rate named 涨幅, and a
    # number of people a plan is about (以…的5200多名…为对象) that is no target.
    conn = build(tmp_path, rules, "青岚市城乡建设三年行动方案(2025—2027年)\n"
                 "一、主要目标\n"
                 "以全市就业年龄段的5200多名困难群众为主要对象,完善帮扶机制。"
                 "到2027年,新改扩建城市道路12条18公里、桥梁2座、截污管网3.6公里,新建滨河步道800米,"
                 "新增停车泊位2000余个,确保60%的城市社区建成完整社区,力争每个乡镇有1所以上标准化卫生院,"
                 "建材价格涨幅3%左右。\n")
    assert figures(conn) == {(12.0, "条", 2027), (18.0, "公里", 2027), (2.0, "座", 2027), (3.6, "公里", 2027),
                             (800.0, "米", 2027), (2000.0, "个", 2027), (60.0, "%", 2027), (1.0, "所", 2027),
                             (3.0, "%", 2027)}
    assert comparators(conn)[(2000.0, "个")] == ">" and comparators(conn)[(3.0, "%")] == "about"


def test_attachment_title_line_gives_its_year_and_a_late_verb_heads_its_figure(tmp_path, rules):
    # synthetic: a notice whose attachment is titled with one year; and a flattened progress table whose row of
    # counts runs into the next item (… 实际完成 1 2 3 5.新投放…): the verb since the last figure names it.
    conn = build(tmp_path, rules, "青岚县人民政府办公室关于印发县政府工作报告任务清单的通知\n"
                 "各乡镇人民政府,县直各有关单位:\n"
                 "现将任务清单印发给你们,请认真抓好落实。\n"
                 "一、压实责任。各牵头单位要细化措施,明确时限。\n"
                 "二、强化调度。县政府将定期听取落实情况。\n"
                 "青岚县人民政府办公室\n2025年3月8日\n"
                 "附件1\n"
                 "2025年县政府工作报告任务清单\n"
                 "一、县发展改革局牵头工作(3项)\n"
                 "1.建设4个标准化厂房园区。\n"
                 "2.责任单位:县交通局 东片 南片 西片 北片 合计 新辟线路年度目标 3 4 2 5 14 实际完成 1 2 0 3 6 "
                 "3.新投放共享单车2500辆。\n")
    assert {(4.0, "个", 2025), (2500.0, "辆", 2025)} <= figures(conn)


def test_an_amount_a_policy_pays_is_no_target(tmp_path, rules):
    # synthetic: rewards and subsidies beside a real aim.
    conn = build(tmp_path, rules, "青岚市2025年科技创新若干措施\n"
                 "一、培育创新主体\n"
                 "1.到2025年,全市高新技术企业达到300家。对新认定的高新技术企业给予最高20万元奖励。\n"
                 "2.对公办养老机构按照每院5万元的标准给予补助。\n")
    assert figures(conn) == {(300.0, "家", 2025)}


def test_a_retrospect_heading_makes_its_figures_actuals(tmp_path, rules):
    # synthetic: a report digest: the year before under 回顾, this year's aims after.
    conn = build(tmp_path, rules, "青岚省政府工作报告要点\n青岚省省长作政府工作报告,要点如下:\n"
                 "一、2024年工作回顾\n"
                 "全省地区生产总值增长5.8%;\n"
                 "新增高新技术企业3500家;\n"
                 "二、2025年主要目标任务\n"
                 "全省地区生产总值增长5.5%以上;\n")
    assert figures(conn) == {(5.5, "%", 2025)}


def test_energy_units_ranges_and_a_report_of_expected_aims(tmp_path, rules):
    # synthetic: a news report of a work report: its aims of one year give that year to the figures after them; a
    # range printed with % on both ends is one target; energy and grain units.
    conn = build(tmp_path, rules, "青岚省今年经济增长预期目标确定\n"
                 "本报讯 省政府工作报告指出,2025年经济社会发展的主要预期目标是,全省地区生产总值增长5.0%~5.5%。\n"
                 "推动能源转型,全省绿电交易电量达到50亿千瓦时左右,天然气供应量达到2.5亿方,"
                 "工商业电价下降3分/千瓦时以上,粮食产量稳定在500亿斤以上。\n"
                 "培育专精特新企业330家以上。\n")
    assert figures(conn) == {(5.0, "%", 2025), (5e9, "千瓦时", 2025), (2.5e8, "方", 2025), (3.0, "分/千瓦时", 2025),
                             (5e10, "斤", 2025), (330.0, "家", 2025)}
    assert conn.execute("select value_max from targets where value = 5.0").fetchone() == (5.5,)


def test_a_progress_report_keeps_the_plan_and_drops_what_is_done(tmp_path, rules):
    # synthetic: each sector pairs its plan (年度计划投资) with what is spent (累计完成投资); shares of the plan,
    # rates of completion, progress against the schedule and a set counted in passing are no targets.
    conn = build(tmp_path, rules, "云河市重点项目建设快速推进\n"
                 "本报讯(记者 林远)记者从市发改委获悉,今年全市共安排重点项目60个,年度计划投资120亿元。"
                 "前三季度,累计完成投资130亿元,占年度计划的108.3%。\n"
                 "据了解,今年全市安排的60个重点项目中,已开工55个,投资完成率91.2%,超时序进度6.5个百分点。\n"
                 "按照行业划分,工业项目20个,年度计划投资44亿元,累计完成投资19.5亿元;"
                 "服务业项目15个,年度计划投资24.6亿元,累计完成投资11.5亿元。\n")
    values = {v for v, _, _ in figures(conn)}
    assert {1.2e10, 4.4e9, 2.46e9} <= values
    assert not values & {1.3e10, 108.3, 91.2, 6.5, 1.95e9, 1.15e9, 55.0}
    assert sorted(v for v, in conn.execute("select value from targets where kind = 'target' and unit = '个'")
                  ).count(60.0) == 1


def test_a_list_of_figures_each_with_its_own_verb(tmp_path, rules):
    # synthetic: one sentence lists the aims it monitors, each with its own verb; a member with no figure
    # (…与经济增长基本同步) gives its verb to nobody after it.
    conn = build(tmp_path, rules, "青岚省2025年重点工作分工方案\n"
                 "一、对地区生产总值增长5%以上、规模以上工业增加值增长4.5%以上、固定资产投资增长8%左右、"
                 "一般公共预算收入增长4%、居民人均可支配收入增长与经济增长基本同步、粮食产量500亿斤左右等预期目标"
                 "完成情况进行监测。(省发展改革委负责)\n")
    worded = {(round(v, 6), w) for v, w in conn.execute("select value, wording from targets where kind = 'target'")}
    assert {(4.5, "规模以上工业增加值"), (8.0, "固定资产投资"), (4.0, "一般公共预算收入"), (5e10, "粮食产量")} <= worded
    assert (5.0, "%", 2025) in figures(conn)


def test_a_table_of_indicators_with_a_column_per_year(tmp_path, rules):
    # synthetic: one cell a line under a header of one cell a line (序号 | 指标名称 | 单位 | 2022年 | 2025年 | 2027年 |
    # 牵头单位), then the same table one row a line between pipes: the columns of later years are targets, the year
    # before the document's is the baseline, ≥ and ≤ are comparators, and the unit comes from the 单位 cell.
    header = ["序号", "指标名称", "单位", "2022年", "2025年", "2027年", "牵头单位"]
    rows = [["1", "人均预期寿命", "岁", "78.2(2021年)", "≥79.2", "≥80", "县卫健局"],
            ["2", "重大慢性病过早死亡率", "%", "14.1", "≤12.7", "≤12.5", "县卫健局"],
            ["3", "体育设施投资", "亿元", "1.2", "2", "3", "县文旅局"]]
    lines = [cell + " |" for cell in header] + [cell + " |" for row in rows[:2] for cell in row]
    conn = build(tmp_path, rules, "云溪县健康行动主要目标责任清单\n云溪县人民政府办公室\n2025年4月25日\n" + "\n".join(lines)
                 + "\n\n" + " | ".join(header) + " |\n" + " | ".join(rows[2]) + " |\n")
    assert {(79.2, "岁", 2025), (80.0, "岁", 2027), (12.7, "%", 2025), (12.5, "%", 2027), (2e8, "元", 2025),
            (3e8, "元", 2027)} == figures(conn)
    assert {(14.1, "%", 2022), (1.2e8, "元", 2022)} <= figures(conn, "actual")
    assert comparators(conn)[(79.2, "岁")] == ">=" and comparators(conn)[(12.5, "%")] == "<="
    assert conn.execute("select count(distinct rule_id) from targets").fetchone() == (1,)


def test_an_undated_report_takes_its_year_from_the_work_ahead(tmp_path, rules):
    # synthetic: a news report with no date: 对于2018年工作 makes 今年 2018, so the review's figures (2017, even
    # after 预计) are actuals and this year's aims are targets of 2018.
    conn = build(tmp_path, rules, "青岚市人代会开幕 市长作政府工作报告\n"
                 "青岚晚报讯 记者林远报道:今天上午,青岚市人民代表大会开幕。\n"
                 "报告首先回顾了2017年工作。2017年,青岚市经济稳中向好。预计全年地区生产总值增长7%以上。"
                 "完成固定资产投资6000亿元,增长8%左右。\n"
                 "对于2018年工作,市长表示,今年经济社会发展主要预期目标是:地区生产总值增长7.5%左右,"
                 "研发经费支出占地区生产总值比重达到2.7%。\n")
    assert figures(conn) == {(7.5, "%", 2018), (2.7, "%", 2018)}
    assert (6e11, "元", 2017) in figures(conn, "actual")


def test_a_news_page_of_progress_and_a_meeting_with_deadlines(tmp_path, rules):
    # synthetic: what a period so far did (1—7月…完成投资, 占年度预计投资的…%) is no target; a meeting report under
    # a page's 发布时间 gives its deadlines (在9月底前完成) that year; 万亿斤, 元/人 and 根 are units.
    conn = build(tmp_path, rules, "发布时间:2022-06-16 11:27 来源:云溪县人民政府办公室\n"
                 "云溪县召开闲置土地处置工作推进会\n"
                 "县长要求,由县自然资源局牵头,在9月底前完成工业园区74.5亩闲置土地处置工作。\n"
                 "据了解,1—7月,全县十大工程项目完成投资86.1亿元,占年度预计投资的90.54%。\n"
                 "今年全县力争粮食产量稳定在1.4万亿斤以上,全员劳动生产率达到28万元/人,新增公共充电设施260根以上。\n")
    assert figures(conn) == {(74.5, "亩", 2022), (1.4e12, "斤", 2022), (280000.0, "元/人", 2022),
                             (260.0, "根", 2022)}


def test_a_quarters_report_of_execution_states_what_was_done(tmp_path, rules):
    # synthetic: a 执行情况 report: 进度达60% is progress and 完成投资 what was spent; the year's aim cell stays.
    conn = build(tmp_path, rules, "青石镇2024年度重点工作计划二季度执行情况\n"
                 "1.水库工程:全年计划完成投资5000万元。二季度完成投资3000万元,库区内坟墓迁移进度达60%。\n")
    assert figures(conn) == {(5e7, "元", 2024)}


def test_years_printed_with_spaces_and_a_deadline_at_a_years_end(tmp_path, rules):
    # synthetic: numbers spaced from their units (2027 年, 较 2020 年降 16%, 500 个) and a deadline at a year's end
    # (到2025年底) that is the figure's year.
    conn = build(tmp_path, rules, "青岚市绿色转型行动计划(2025—2027 年)\n"
                 "- 主要目标:2027 年,全市单位 GDP 能耗较 2020 年降 16%,非化石能源占比达 25%;建成 500 个绿色工厂。\n"
                 "二、海绵城市建设\n全区到2025年底,50平方公里以上建设用地面积达到海绵城市建设要求。\n")
    assert {(16.0, "%", 2027), (25.0, "%", 2027), (500.0, "个", 2027), (50.0, "平方公里", 2025)} <= figures(conn)
    assert not {f for f in figures(conn) if f[2] == 2020}


def test_livestock_units_and_the_bar_a_counted_thing_clears(tmp_path, rules):
    # synthetic: 头, 只, 羽 and 箱 are units; 营业收入超1000亿元的 is the bar that clusters clear, not an aim.
    conn = build(tmp_path, rules, "青岚县畜牧业发展规划(2021—2025年)\n"
                 "到2025年,全县生猪存栏达到100万头,肉羊存栏达到20万只,蛋鸡存栏达到50万羽,蜂群发展到3万箱。\n"
                 "到2025年,年营业收入超1000亿元的产业集群达到2个,超100亿元的特色产业集群达到50个。\n")
    assert {(1e6, "头", 2025), (2e5, "只", 2025), (5e5, "羽", 2025), (3e4, "箱", 2025), (2.0, "个", 2025),
            (50.0, "个", 2025)} == figures(conn)


def test_the_count_of_a_documents_own_tasks_is_no_target(tmp_path, rules):
    # synthetic: 实施47项民生实事 counts the notice's own items; the items' figures are the targets.
    conn = build(tmp_path, rules, "云溪市民生工作领导小组办公室关于2024年实施12项民生实事的通知\n"
                 "经市政府同意,2024年我市实施12项民生实事,具体安排如下。\n"
                 "1.新建城市书房10个。(牵头单位:市文旅局)\n")
    assert figures(conn) == {(10.0, "个", 2024)}


def test_a_progress_table_keeps_the_plan_in_the_cells_beside_its_progress_column(tmp_path, rules):
    # synthetic: a 进度表 flattened one cell a line (序号 | 项目内容 | 当前进度 | 牵头单位): the 项目内容 cell states the
    # year's plan even with 建成/完成 (建成投用…6家, 完成…40公里, 打通…9条, 新增学位2600位); the 当前进度 cell (85%) is
    # progress. A report of progress with no such column still reads 建成 as done.
    conn = build(tmp_path, rules, "2023年度县民生实事项目进度表(截至9月30日)\n\n序号\n\n项目内容\n\n当前进度\n\n"
                 "牵头单位\n\n1\n\n建成投用青田、石桥等6家卫生院。\n\n85%\n\n县卫健局\n\n"
                 "2\n\n完成农村公路大中修40公里。\n\n90%(石桥段滞后)\n\n县交通局\n\n"
                 "3\n\n打通城西大道等9条断头路,建成投用小学2所,新增学位2600位。\n\n70%\n\n县住建局\n")
    assert figures(conn) == {(6.0, "家", 2023), (40.0, "公里", 2023), (9.0, "条", 2023), (2.0, "所", 2023),
                             (2600.0, "位", 2023)}
    other = tmp_path / "other"
    other.mkdir()
    conn = build(other, rules, "2023年度县民生实事项目进展情况\n1.卫生院建设:建成投用青田、石桥等6家卫生院。\n")
    assert (6.0, "家", 2023) not in figures(conn)


def test_counts_that_clear_a_bar_are_targets_named_by_the_bar(tmp_path, rules):
    # synthetic: 超1000亿元的2个, 超500亿元的5个: the bar is no target but the count that clears it is; 争创3-5个 is a range.
    conn = build(tmp_path, rules, "青岚省特色产业集群发展工作方案(2025-2027年)\n"
                 "到2027年,提升一批特色产业集群,年营业收入超1000亿元的2个,超500亿元的5个、超300亿元的20个;"
                 "争创3-5个领军型县域冠军产业。\n")
    assert figures(conn) == {(2.0, "个", 2027), (5.0, "个", 2027), (20.0, "个", 2027), (3.0, "个", 2027)}
    assert not {f for f in figures(conn) if f[1] == "元"}


def test_an_undated_meeting_report_gives_its_year_to_this_quarter_and_within_the_year(tmp_path, rules):
    # synthetic: a news report with no date of its own: 召开2023年…会议 is its year; 一季度 and 年内 are that year.
    conn = build(tmp_path, rules, "青岚日报记者 李明 通讯员 王芳\n"
                 "3月2日,青石区召开2023年重点项目推进会议,部署一季度各项任务。\n"
                 "确保一季度完成投资6.5亿元以上,年内实施招商引资项目40项以上,资金到位率达到55%以上。\n")
    assert figures(conn) == {(6.5e8, "元", 2023), (40.0, "项", 2023), (55.0, "%", 2023)}


def test_a_paragraph_labelled_as_aims_and_an_undated_reports_year_of_work_ahead(tmp_path, rules):
    # synthetic: 主要目标: opens a paragraph whose figures have no verb (面积172万亩, 产量14.2亿斤), and a stretch
    # target with no words of its own (力争达到180万亩) is its indicator's again. A news report with no date that
    # names 2023年是… gives that year to the figures it states with none.
    conn = build(tmp_path, rules, "青岚市农业农村局2024年种植业工作要点\n"
                 "主要目标:2024年确保全市粮食播种面积172万亩,产量14.2亿斤,力争达到180万亩、14.3亿斤。油料面积20.5万亩。\n")
    assert figures(conn) == {(1.72e6, "亩", 2024), (1.42e9, "斤", 2024), (1.8e6, "亩", 2024), (1.43e9, "斤", 2024),
                             (2.05e5, "亩", 2024)}
    news = tmp_path / "news"
    news.mkdir()
    conn = build(news, rules, "青石区人大会议开幕\n青岚日报讯(记者 李明)12月19日,青石区人大会议开幕。\n"
                 "政府工作报告指出,2023年是承前启后的关键之年。\n"
                 "力争固定资产投资增幅16%以上、财政总收入达到20亿元。\n")
    assert figures(conn) == {(16.0, "%", 2023), (2e9, "元", 2023)}


def test_what_was_actually_done_against_a_plan_and_a_plan_to_develop(tmp_path, rules):
    # synthetic: a report of the year's tasks beside what was actually done (实际改造, 实际分别完成, 超额完成): the
    # tasks are targets, the rest actuals; 拟发展 sets the year's plan.
    conn = build(tmp_path, rules, "青岚市2020年乡村振兴指标完成情况\n"
                 "危房改造,全年任务为3800户,实际改造4559户,超额完成20%;家庭农场,全年计划新创建示范家庭农场80个,"
                 "实际分别完成95个。\n对2020年的生产进行部署,拟发展水稻18758亩,玉米11012亩。\n")
    assert figures(conn) == {(3800.0, "户", 2020), (80.0, "个", 2020), (18758.0, "亩", 2020), (11012.0, "亩", 2020)}


def test_a_word_of_aim_under_a_reviews_heading_tells_what_was_won(tmp_path, rules):
    # synthetic: under 一、过去一年工作回顾, 争取上级转移支付31.8亿元 and 签约亿元以上项目27个 are what was done; a figure
    # that names the year ahead (明年力争…) is still aimed at.
    conn = build(tmp_path, rules, "青岚区2025年政府工作报告\n一、过去一年工作回顾\n"
                 "(一)坚持项目支撑。争取上级转移支付31.8亿元,签约亿元以上项目27个。\n"
                 "(二)明年力争新增市场主体5000户。\n二、2025年工作安排\n全区地区生产总值增长6%。\n")
    assert figures(conn) == {(5000.0, "户", 2025), (6.0, "%", 2025)}


def test_a_verb_of_growth_before_its_object_and_a_piped_progress_table(tmp_path, rules):
    # synthetic: 增加义务教育学位5000个 (the verb, its object, then the figure) is a target; in a 进展情况 table of one
    # row a line, the task cell's 完成…建成 states the plan while the 进展情况 cell (已完成85%) is progress.
    conn = build(tmp_path, rules, "青岚县2021年民生实事推进情况\n"
                 "序号 | 具体工作任务 | 责任单位 | 进展情况 |\n"
                 "1 | 完成二中迁建,增加义务教育学位5000个,建成公办幼儿园6所。 | 县教体局 | 已完成85% |\n")
    assert figures(conn) == {(5000.0, "个", 2021), (6.0, "所", 2021)}


def test_the_bar_a_policy_rewards_is_no_target(tmp_path, rules):
    # synthetic: amounts that qualify for a reward (突破1000万元、2000万元的,分别给予奖励; 5000万元以上的工业项目,按…给予
    # 补助) are conditions; the 2025 aim beside them is a target.
    conn = build(tmp_path, rules, "青岚市加快工业经济高质量发展若干政策\n一、推进数字产业化\n"
                 "(一)鼓励软件企业壮大。对软件企业,年销售收入首次突破 1000 万元、2000 万元、1 亿元的,分别给予一次性"
                 "奖励 10 万元、20 万元、100 万元。\n(二)到2025年,全市软件业务收入达到50亿元。\n"
                 "(三)对新增投资5000万元以上的工业项目,按投资额的5%给予补助。\n")
    found = [(value, unit, year) for value, unit, year in conn.execute(
        "select value, unit, year from targets where coalesce(kind, 'target') = 'target' order by span_start")]
    assert found == [(5.0e9, "元", 2025)]


def test_a_figure_right_after_what_is_planned_is_a_target(tmp_path, rules):
    # synthetic: a paragraph with no heading of aims plans its figures with no verb before them (计划粮食播种面积750万
    # 亩); 力争拥有 keeps its verb, and last year's figure stays an actual.
    conn = build(tmp_path, rules, "青岚市粮食生产工作情况\n"
                 "去年,全市粮食播种面积744万亩。\n"
                 "2021年,全市将加快农业现代化,计划粮食播种面积750万亩,每万人力争拥有10件专利。\n")
    assert figures(conn) == {(7.5e6, "亩", 2021), (10.0, "件", 2021)}


def test_the_year_a_section_of_aims_opens_with_holds_for_its_later_paragraphs(tmp_path, rules):
    # synthetic: (二)发展目标。到2025年,… and then a paragraph of figures that names no year: the section's year.
    conn = build(tmp_path, rules, "青岚市建设制造强市三年行动计划(2023—2025年)\n一、总体要求\n(一)指导思想。坚持创新驱动。\n"
                 "(二)发展目标。到2025年,初步建成先进制造业强市。\n"
                 "产业能级更高。制造业增加值占全市生产总值的比重稳定在30%以上,规模以上工业企业力争突破2200家。\n")
    assert figures(conn) == {(30.0, "%", 2025), (2200.0, "家", 2025)}


def test_a_past_years_figure_the_text_says_was_aimed_at_is_that_years_target(tmp_path, rules):
    # synthetic: a 2020 report on the 2019 plan: what the plan set (报告提出,2019年…; 2019年计划…) are 2019's targets,
    # what was done (去年…1352万人) stays an actual.
    conn = build(tmp_path, rules, "青岚省公布2019年量化指标落实情况\n2020-05-20 09:54 来源:青岚网\n"
                 "青岚日报5月19日讯(记者王某)省政府19日公布落实情况表。\n"
                 "报告提出,2019年城镇新增就业110万人以上。结果显示,去年全省城镇新增就业135万人。\n"
                 "2019年计划新建农村公路2万公里,实际新建2.9万公里。\n")
    kinds = {(value, unit, year, kind) for value, unit, year, kind in conn.execute(
        "select value, unit, year, kind from targets")}
    assert {(1.1e6, "人", 2019, "target"), (2.0e4, "公里", 2019, "target")} <= kinds
    assert (1.35e6, "人", 2019, "actual") in kinds


def test_an_undated_texts_year_ahead_and_aims_labelled_inside_a_paragraph(tmp_path, rules):
    # synthetic: a meeting's text with no date and no news cue: last year's figures, then 2013年,全市…主要目标是: in the
    # same paragraph. The year of the work ahead (2013) makes 2012's figures actuals; the labelled aims need no verb.
    conn = build(tmp_path, rules, "青岚市农业工作会议\n3月1日,全市农业工作会议召开。\n"
                 "2012年,我市粮食总产41.1万吨,农民人均纯收入达9807元。2013年,我市农业工作主要目标是:粮食总产42万吨,"
                 "农产品加工业产值120亿元以上。\n")
    kinds = {(value, unit, year, kind) for value, unit, year, kind in conn.execute(
        "select value, unit, year, kind from targets")}
    assert {(4.2e5, "吨", 2013, "target"), (1.2e10, "元", 2013, "target")} <= kinds
    assert not any(kind == "target" and year == 2012 for _, _, year, kind in kinds), kinds


def test_a_figure_split_by_place_gives_each_place_its_share(tmp_path, rules):
    # synthetic: 完成1万户。其中,甲市550户、乙市1300户: each city's share is a target; 为全县60岁以上老年人 names no place.
    conn = build(tmp_path, rules, "青岚省农村住房解困任务分解\n2009-02-18 11:32:00\n"
                 "根据省政府2009年目标任务要求,由建设部门牵头完成1万户。其中,云河市550户、蕖宁市1300户。\n"
                 "为全县60岁以上老年人免费体检。\n")
    assert {(value, unit) for value, unit, _ in figures(conn)} == {(1.0e4, "户"), (550.0, "户"), (1300.0, "户")}


def test_figures_listed_with_and_caps_by_not_above_and_compound_units(tmp_path, rules):
    # synthetic: 8%左右和8.5%左右 (one more figure of the same indicator), 不高于 / 高于 as verbs of attainment with
    # their comparators, 吨/月·平方公里 and 微克每立方米 as units; a period weighed (综合考虑“十四五”) gives no year.
    conn = build(tmp_path, rules, "2022年云溪市生态环境保护工作要点\n\n一、主要目标\n\n"
                 "综合考虑“十四五”目标任务,主要指标设置如下:\n\n"
                 "城乡居民收入分别增长8%左右和8.5%左右。细颗粒物年均浓度不高于31微克/立方米,"
                 "优良天数比例高于95.5%,平均降尘强度控制在4.5吨/月·平方公里以下,臭氧浓度不高于150微克每立方米。\n")
    assert figures(conn) == {(8.0, "%", 2022), (8.5, "%", 2022), (31.0, "微克/立方米", 2022), (95.5, "%", 2022),
                             (4.5, "吨/月·平方公里", 2022), (150.0, "微克每立方米", 2022)}
    assert comparators(conn)[(31.0, "微克/立方米")] == "<="
    assert comparators(conn)[(95.5, "%")] == ">"
    assert comparators(conn)[(8.5, "%")] == "about"


def test_a_report_of_progress_against_aims_gives_the_aims_only(tmp_path, rules):
    # synthetic: 占目标任务(数)X公里的Y%: X is the aim, what is done and its share are not targets; 截至8月底 tells a
    # news report's figures are what was done so far.
    conn = build(tmp_path, rules, "云溪市农村公路建设进展\n9月5日,记者从市交通局获悉。\n"
                 "截至8月底,全市已完成通村公路36.5公里,占目标任务数40公里的91.25%;完成公路改善工程57.2公里,"
                 "占目标任务数50公里的114.4%。其中,甲区已完成通村公路8.4公里,占目标任务12公里的70%。\n")
    assert figures(conn) == {(40.0, "公里", None), (50.0, "公里", None), (12.0, "公里", None)}


def test_an_undated_report_excerpt_takes_the_year_of_its_work_plan_heading(tmp_path, rules):
    # synthetic: 今年 in a text with no date, above 三、2024年主要工作安排: 2024.
    conn = build(tmp_path, rules, "云溪县政府工作报告\n今年经济社会发展主要预期目标是:地区生产总值增长6%左右,"
                 "城镇调查失业率控制在5.5%以内。\n三、2024年主要工作安排\n围绕上述目标,重点抓好以下工作:\n")
    assert figures(conn) == {(6.0, "%", 2024), (5.5, "%", 2024)}


def test_a_congress_report_in_the_news_lists_its_years_aims_after_a_semicolon(tmp_path, rules):
    # synthetic: 围绕…奋斗目标 is no word of the future (last year's figures stay actuals); the budget of 2021 dates
    # 今年; a figure listed after a semicolon keeps the list going (规上工业总产值300亿元).
    conn = build(tmp_path, rules, "云溪镇人代会召开\n本报讯 6月23日,云溪镇人民代表大会召开,审议2020年财政预算执行情况和"
                 "2021年财政预算的报告。\n2020年,云溪镇紧紧围绕“工业强镇”奋斗目标,全年实现工业总产值242.7亿元。\n"
                 "今年,云溪镇将争取实现财政总收入11亿元,比增7%;规上工业总产值300亿元,比增24%。\n")
    assert figures(conn) == {(1100000000.0, "元", 2021), (7.0, "%", 2021), (30000000000.0, "元", 2021),
                             (24.0, "%", 2021)}
    assert (24270000000.0, "元", 2020) in {(round(v, 1), u, y) for v, u, y in figures(conn, "actual")}


def test_an_undated_digest_with_glosses_takes_the_year_of_its_aims(tmp_path, rules):
    # synthetic: a page whose glosses run through 经(jīng)济(jì)…预(yù)期目标: 2020 dates the aims below.
    conn = build(tmp_path, rules, "云溪市人代会开幕\n2020年云溪经(jīng)济(jì)社会发(fā)展预(yù)期目标是什么?\n"
                 "预期目标是:固定资产投资增长6%以上,服务业增加值增长8%左右。\n")
    assert figures(conn) == {(6.0, "%", 2020), (8.0, "%", 2020)}


def test_bare_numbers_listed_after_fenbie_share_the_figure_s_unit(tmp_path, rules):
    # synthetic: 分别下降到31、52微克/立方米 is two figures in one unit; PM2.5、 is a name, not a number listed.
    conn = build(tmp_path, rules, "云溪市蓝天行动方案\n到2026年,全市PM2.5、PM10年均浓度分别下降到31、52微克/立方米,"
                 "优良天数比例达到88%以上。\n甲、乙、丙三个园区的污水处理率分别达到95、96、98.5%。\n")
    assert figures(conn) == {(31.0, "微克/立方米", 2026), (52.0, "微克/立方米", 2026), (88.0, "%", 2026),
                             (95.0, "%", None), (96.0, "%", None), (98.5, "%", None)}


def test_a_progress_cell_of_several_sentences_states_what_was_done(tmp_path, rules):
    # synthetic: a 进展情况表 one cell a line under a page's 分享: label (no value of its own: 序号 stays the
    # header's); the 进展情况 cell runs to several sentences, whose figures (增长9.1%, 下降3.2%) are what was done,
    # while the 内容与要求 cell's aims (增长8%以上, 40%以上) stay targets, and the unit column is read.
    conn = build(tmp_path, rules, "市政府2024年重点工作一季度进展情况表\n发布日期:2024-04-20 浏览次数: 字体:[ ]\n分享:\n"
                 "序号\n内容与要求\n进展情况\n责任单位\n1\n确保规上工业增加值增长8%以上,技改投资占比40%以上。\n"
                 "1-3月,规上工业增加值增长9.1%,居全省第3位。其中,装备制造业增加值下降3.2%;技改投资占比为38.5%。\n"
                 "市经信局\n")
    assert figures(conn) == {(8.0, "%", 2024), (40.0, "%", 2024)}
    assert conn.execute("select distinct matched from clause_units where role = 'lead'").fetchall() == [("市经信局",)]


def test_a_table_of_a_year_s_aims_prints_each_figure_with_its_unit(tmp_path, rules):
    # synthetic: 序号 | 指标名称 | 预期效果 | 牵头司局 | 备注 | one cell a line, the aims printed whole (各60个,
    # 2000万吨左右, 300项以上), an empty 备注 cell a bar alone: one target per row, of the title's year.
    conn = build(tmp_path, rules, "青岚部2019年关键业绩指标\n序号 |\n指标名称 |\n预期效果 |\n牵头司局 |\n备注 |\n"
                 "1 |\n遴选示范平台和示范基地数量 |\n各60个 |\n中小企业局 |\n|\n2 |\n压减过剩产能规模 |\n2000万吨左右 |\n"
                 "原材料工业司 |\n|\n3 |\n绿色工厂发布数量 |\n300项以上 |\n节能司 |\n|\n")
    assert figures(conn) == {(60.0, "个", 2019), (20000000.0, "吨", 2019), (300.0, "项", 2019)}
    assert comparators(conn) == {(60.0, "个"): "=", (20000000.0, "吨"): "about", (300.0, "项"): ">="}


def test_figures_in_us_dollars(tmp_path, rules):
    # synthetic: 实际利用外资3亿美元, 外贸出口120万美元: dollars are a unit of their own, with 亿 and 万 expanded.
    conn = build(tmp_path, rules, "云溪区2019年政府工作报告任务分解\n1.力争实际利用外资3亿美元,外贸出口达到120万美元。\n")
    assert figures(conn) == {(300000000.0, "美元", 2019), (1200000.0, "美元", 2019)}


def test_a_year_named_as_the_opening_of_a_period_dates_its_figures_as_that_year(tmp_path, rules):
    # synthetic: under a review's heading, 2021年是“十四五”开局之年 names no time of 2025: the figures after it are
    # 2021's, actuals, not targets.
    conn = build(tmp_path, rules, "青岚县人民政府关于印发2022年政府工作报告的通知\n一、2021年工作回顾\n"
                 "2021年是“十四五”开局之年。一年来,全县地区生产总值增长8.6%达92.9亿元,招商引资增长21.5%。\n")
    assert figures(conn) == set()
    assert (8.6, "%", 2021) in figures(conn, "actual")


def test_a_news_page_dated_by_its_source_line_gives_its_year_to_the_year_s_tasks(tmp_path, rules):
    # synthetic: 本地资讯 | 来源:X 2019-07-17 09:48:13 dates the report; 年度省下达…任务为12000套 opening a clause is
    # that year's target; 年度 inside an indicator's name is none.
    conn = build(tmp_path, rules, "上半年云溪市住房保障工作有序推进\n本地资讯 | 来源:云溪市住房和城乡建设局 2019-07-17 "
                 "09:48:13 我要评论\n一是棚改建设有力有序。年度省下达我市棚户区改造开工任务为12000套,全市已开工9000套。\n")
    assert figures(conn) == {(12000.0, "套", 2019)}
    assert conn.execute("select issuer, issued_date from documents").fetchone() == ("云溪市住房和城乡建设局", "2019-07-17")


def test_a_report_on_a_year_s_list_of_practical_things_gives_that_year(tmp_path, rules):
    # synthetic: a lead naming 2021年…为民办实事 and its 工作计划 dates the one-line aims listed below it.
    conn = build(tmp_path, rules, "云溪市为民办实事工作计划出台\n近日,市委、市政府研究决定,2021年继续开展为民办实事工作,并印发《2021年市委、市政府为民办实事"
                 "工作计划》,要求各级各部门认真抓紧实施。\n《2021年市委、市政府为民办实事工作计划》的主要内容是:\n"
                 "一、实施公交服务便民工程\n(一)新建改造80个公交站台\n(二)新增优化公交线路12条\n")
    assert figures(conn) == {(80.0, "个", 2021), (12.0, "条", 2021)}


def test_a_rate_per_thousand(tmp_path, rules):
    # synthetic: 人口自然增长率控制在5‰以内 is a target in per mille, capped.
    conn = build(tmp_path, rules, "云溪市2019年政府工作报告任务分解\n1.人口自然增长率控制在5‰以内(市卫健委)。\n")
    assert figures(conn) == {(5.0, "‰", 2019)}
    assert comparators(conn) == {(5.0, "‰"): "<="}


def test_a_glossed_page_still_names_its_year(tmp_path, rules):
    # synthetic: a news page printed with pinyin glosses inside its words (实(shí)事); its opening paragraph names the
    # year of the 实事 it reports, and the figures below take that year.
    conn = build(tmp_path, rules, "云河市今年的为民实(shí)事怎么做实(shí)?\n"
                 "昨日,市政府公布了2031年十件实(shí)事的任务(wù)分解表,还公布了责(zé)任单位。\n"
                 "记者 王某\n"
                 "市区(qū)新增公办幼儿园学(xué)位3200个(gè)。\n"
                 "责(zé)任单位:云河市教育局\n")
    assert (3200, "个", 2031) in figures(conn)


def test_an_aim_word_then_figures_listed_with_no_verb(tmp_path, rules):
    # synthetic: 确保 opens the aim, and the indicators follow with no verb before their figures, listed with 、.
    conn = build(tmp_path, rules, "青岚市2031年农业农村工作要点\n一、稳定粮食生产\n"
                 "确保粮食播种面积612.5万亩以上、产量48.2亿斤以上。\n"
                 "现有家庭农场120家、合作社300个。\n")
    assert figures(conn) == {(6125000, "亩", 2031), (4820000000, "斤", 2031)}


def test_quan_nian_in_a_dated_report_is_the_reports_year(tmp_path, rules):
    # synthetic: a dated news report; 确保全年… is the report's own year.
    conn = build(tmp_path, rules, "云溪省稳就业工作电视电话会议召开\n2031-05-28 10:28 来源: 云溪日报\n"
                 "5月27日,全省稳就业工作电视电话会议在云溪召开。\n"
                 "会议强调,要确保全年城镇新增就业80万人、城镇调查失业率控制在5.5%以内的目标任务顺利完成。\n")
    assert {(800000, "人", 2031), (5.5, "%", 2031)} <= figures(conn)


def test_quan_nian_after_a_past_year_is_that_year(tmp_path, rules):
    # synthetic: in a dated report, 2030年,…全年实现… is the review's year (an actual), and 全年 after an aim's
    # 到2033年 is still the report's year.
    conn = build(tmp_path, rules, "云溪镇人代会召开\n2031-03-02 10:00 来源:云溪日报\n本报讯 3月2日,云溪镇人民代表大会召开。\n"
                 "2030年,云溪镇全年实现工业总产值42.7亿元。\n"
                 "到2033年建成工业强镇。今年,全年力争实现财政总收入11亿元。\n")
    assert (4270000000.0, "元", 2030) in {(round(v, 1), u, y) for v, u, y in figures(conn, "actual")}
    assert (1100000000.0, "元", 2031) in figures(conn)


def test_a_plan_period_named_in_a_years_description_gives_no_time(tmp_path, rules):
    # synthetic: 2032年是实施“十五五”规划承上启下的关键一年: the figures after it are 2032's, not the period's end.
    conn = build(tmp_path, rules, "云溪市召开三级干部会议\n2032-03-10 来源:云溪日报\n"
                 "2032年是实施“十五五”规划承上启下的关键一年,全市将新建高标准农田3.8万亩,新增设施农业面积1.5万亩。\n")
    assert figures(conn) == {(38000, "亩", 2032), (15000, "亩", 2032)}


def test_counts_in_changci_bu_and_ben(tmp_path, rules):
    # synthetic: 场次 is one unit (not 场 and a stray 次); 部 and 本 count lifts and certificates.
    conn = build(tmp_path, rules, "云溪市2031年为民办实事项目\n一是开展惠民演出等活动200场次、放映电影300场次。\n"
                 "二是完成老旧楼院维修改造40个,电梯加装245部。\n三是取得军工资质8本以上。\n")
    assert figures(conn) == {(200, "场次", 2031), (300, "场次", 2031), (40, "个", 2031), (245, "部", 2031),
                             (8, "本", 2031)}


def test_a_dated_notice_that_names_this_years_shishi_gives_its_year(tmp_path, rules):
    # synthetic: a notice dated 2031 (its label table) whose opening says 今年…民生实事: the items' figures are 2031's.
    conn = build(tmp_path, rules, "文号: | 云政办函〔2031〕14号 | 成文日期: | 2031-02-08 |\n"
                 "云溪市人民政府办公厅关于对民生实事项目实施绩效考核的通知\n"
                 "各区、县(市)人民政府,市政府各部门:\n"
                 "为确保市人大会议票选确定的10件民生实事如期完成,市政府决定,今年继续对民生实事项目完成情况进行绩效考核。\n"
                 "一、纳入民生实事项目管理的内容\n(一)提升改造农村公路380公里,完成60条城市道路增亮。\n")
    assert figures(conn) == {(380, "公里", 2031), (60, "条", 2031)}


def test_tons_of_standard_coal_and_batches_per_thousand(tmp_path, rules):
    # synthetic: 吨标准煤 and 批次/千人 are units of their own.
    conn = build(tmp_path, rules, "云溪市2031年节能工作要点\n一、能耗总量控制在28万吨标准煤以内。\n二、食品抽检量达到5.5批次/千人。\n")
    assert figures(conn) == {(280000, "吨标准煤", 2031), (5.5, "批次/千人", 2031)}


def test_quan_nian_in_a_one_year_plan_dated_the_year_before(tmp_path, rules):
    # synthetic: a 2031年工作要点 put up on 2030-12-28: its 全年 is 2031, the year it is for, not the page's year.
    conn = build(tmp_path, rules, "青岚县2031年农业农村工作要点\n2030-12-28 来源:青岚县农业农村局\n一、稳定粮食生产\n"
                 "全年粮食播种面积稳定在30万亩以上。\n")
    assert figures(conn) == {(300000, "亩", 2031)}


def test_line_headings_of_a_news_digest_split_done_from_aimed(tmp_path, rules):
    # synthetic: a paper's digest of a work report, each figure on its own line under a bare line heading: what
    # 回顾2030年 heads was done, what 展望2031年 heads is aimed at, in 2031.
    conn = build(tmp_path, rules, "青岚日报讯(记者 某某)青岚市人民代表大会开幕。\n回顾2030年\n"
                 "地区生产总值增长7.5%,工业增加值增长9.1%\n城乡居民收入增长8.2%\n展望2031年\n"
                 "地区生产总值增长7%左右\n城镇登记失业率控制在4%以内\n全年接待游客超过900万人次\n")
    assert figures(conn) == {(7, "%", 2031), (4, "%", 2031), (9000000, "人次", 2031)}
    assert {(v, y) for v, _, y in figures(conn, "actual")} >= {(7.5, 2030), (9.1, 2030), (8.2, 2030)}


def test_a_count_of_those_a_service_is_for(tmp_path, rules):
    # synthetic: 为 + a count + whom a service is for + the service: a target, not a statement (为 = is).
    conn = build(tmp_path, rules, "青岚市2031年市政府要完成的实事项目\n一、为300所郊区小学更新实验室设施设备。\n"
                 "二、为12万名老年人提供社区居家养老服务。\n三、全市养老机构总数为86家。\n")
    assert figures(conn) == {(300, "所", 2031), (120000, "名", 2031)}


def test_a_batch_ordinal_leaves_the_figure_aimed_at(tmp_path, rules):
    # synthetic: 第二批 and 第三期 name a batch and a phase, not a rank: their figures are targets.
    conn = build(tmp_path, rules, "青岚省2031年沼气建设任务\n一、任务分解。全省第二批安排新建沼气工程45200户。\n"
                 "二、第三期改造农村公路300公里。\n")
    assert figures(conn) == {(45200, "户", 2031), (300, "公里", 2031)}


def test_a_baseline_year_with_de_and_an_undated_report_of_work_deployed(tmp_path, rules):
    # synthetic: 在2030年的基础上 is a baseline, not the target's year; an undated news report that 部署2031年各项任务
    # and says 今年 gives its figures 2031.
    conn = build(tmp_path, rules, "青岚市科技企业倍增行动\n到2033年,全市高新技术企业在2030年的基础上实现倍增,超过90家。\n")
    assert figures(conn) == {(90, "家", 2033)}
    (tmp_path / "b").mkdir()
    conn = build(tmp_path / "b", rules, "全州住房城乡建设工作会议召开\n2月1日,全州住房城乡建设工作会议召开,总结2030年工作成效,"
                 "安排部署2031年各项任务。\n会议指出,今年,全州将力争实现建筑业总产值250亿元以上。\n")
    assert figures(conn) == {(25000000000, "元", 2031)}


def test_a_year_alone_before_a_colon_opens_a_list_outside_any_section(tmp_path, rules):
    # synthetic: a plan with no numbered sections: a paragraph closing 到2033年: gives its year to the dash items
    # after it.
    conn = build(tmp_path, rules, "青岚县孵化器三年行动计划(2031—2033年)\n为加快推进孵化器建设,制定本行动计划。\n"
                 "锚定创新战略目标,加快孵化器扩量提质。到2033年:\n"
                 "——孵化器承载力大幅提升。未来三年累计新增空间达到70万平方米,新建孵化器3家以上。\n")
    assert figures(conn) == {(700000, "平方米", 2033), (3, "家", 2033)}


def test_a_bulletin_of_last_years_results_and_this_years_aims_in_a_news_report(tmp_path, rules):
    # synthetic: a 7月26日讯 report: last year's results (after 决策部署 and 重要抓手, no word of aim) are actuals;
    # 2032年是…"十二五"…承前启后的关键一年 gives this year's aims their year, not the period's end.
    conn = build(tmp_path, rules, "青岚两市获评节能先进市\n青岚网7月26日讯(记者 某某)2031年,青岚省各地认真贯彻省委节能减排决策部署,"
                 "把节能减排作为推动科学发展的重要抓手,精心部署、强力推进,全省单位GDP能耗比上年下降6.46%,超额完成年度目标任务。"
                 "2032年是实现“十二五”节能约束性目标承前启后的关键一年。各地要严格责任,确保全省单位GDP能耗比上年下降3.2%。\n")
    assert figures(conn) == {(3.2, "%", 2032)}
    assert figures(conn, "actual") == {(6.46, "%", 2031)}


def test_a_long_blank_run_before_a_comma_is_no_line_heading(rules):
    # hostile: 【, 3,000 spaces and then x, (a scraped page's blank cell) is at once no line heading: the pattern is
    # tried on short lines only (on this one it would backtrack for hours); a short one still heads.
    from kb.targets.document import _line_heading

    assert _line_heading("【" + " " * 3000 + "x,y", rules.targets) is None
    assert _line_heading(" 展望 2031年 ", rules.targets) == (False, 2031)


def test_a_sentence_opening_with_the_part_of_the_year_gone_by_reports_what_was_done(tmp_path, rules):
    # synthetic: a 督查 report on a year's aims: 上半年, and 1-5月, opening a sentence report the months gone by;
    # the item's own aim stays an aim, and 力争上半年 (no sentence opened by it) is still aimed at.
    conn = build(tmp_path, rules, "青岚市2031年重点工作督查通报\n"
                 "2031年重点工作上半年完成情况通报如下。\n"
                 "上半年,全市完成地区生产总值802.5亿元,比上年同期增长8.6%;城镇登记失业率3.3%。\n"
                 "1.新建社区养老服务站20个,力争上半年完成投资5亿元。1-5月,新建社区养老服务站8个。\n")
    # (The figures reported name no year of their own: neither targets nor actuals.)
    assert figures(conn) == {(20.0, "个", 2031), (500000000.0, "元", 2031)}


def test_sections_of_what_was_done_hold_no_aims_and_a_first_count_is_done(tmp_path, rules):
    # synthetic: a bureau's summary and plan: under 主要指标完成情况 and 计划执行情况 the figures are done (完成, 增速,
    # no word of aim); under 2032年工作计划 they are aimed at; 初步核算 opens what a statistics bureau counted.
    conn = build(tmp_path, rules, "青溪区统计局2031年工作总结暨2032年工作计划\n"
                 "一、主要指标完成情况\n"
                 "2031年全年,我区地区生产总值完成220.1亿元,居全市第3位,增速3.1%;固定资产投资总额56.4亿元,增速4.7%。\n"
                 "二、2031年计划执行情况\n"
                 "全区城镇新增就业4100人,城镇登记失业率为2.75%。\n"
                 "三、2032年工作计划\n"
                 "初步核算,全区规上工业产值达到230亿元。2032年,力争地区生产总值增长6%,新增规上企业20家。\n")
    assert figures(conn) == {(6.0, "%", 2032), (20.0, "家", 2032)}


def test_a_division_of_the_work_report_and_a_digest_of_this_years_aims_give_their_year(tmp_path, rules):
    # synthetic: 关于落实《政府工作报告》重点工作分工的意见, dated: its aims are of its year; a digest headlined
    # 主要预期目标 … 今年 under a paper's date line: of that date's year.
    conn = build(tmp_path, rules, "青岚市人民政府办公室关于落实《政府工作报告》重点工作分工的意见\n"
                 "青政办发〔2031〕14号\n各区县人民政府,市政府各工作部门:\n现将《政府工作报告》重点工作予以分解。\n"
                 "一、确保年度目标\n1. 生产总值增长5%左右。(市发展改革委负责)\n"
                 "青岚市人民政府办公室\n2031年5月21日\n")
    assert figures(conn) == {(5.0, "%", 2031)}


def test_a_papers_digest_of_this_years_aims_takes_the_year_of_its_date_line(tmp_path, rules):
    conn = build(tmp_path, rules, "主要预期目标 湾区九市 今年这样干\n\n青岚日报 2031-03-25 00:20\n\n"
                 "今年是开局之年,各市今年的目标相继出炉。\n\n云河\n\n●地区生产总值增长6%以上\n\n●固定资产投资增长8%\n")
    assert figures(conn) == {(6.0, "%", 2031), (8.0, "%", 2031)}


def test_a_year_opening_a_list_outside_any_section_reaches_its_numbered_items(tmp_path, rules):
    # synthetic: a report digest: 2031年,区政府将努力为民办好十件实事: then numbered items with no year of their own.
    conn = build(tmp_path, rules, "云河区十件民生实事\n"
                 "代区长在区人民代表大会上作政府工作报告时表示,2031年,区政府将努力为民办好十件实事:\n"
                 "1.有效改善居住条件。完成85幢老旧小区房屋改造。\n2.整治大气污染。完成50家以上重点企业的治理工作。\n")
    assert figures(conn) == {(85.0, "幢", 2031), (50.0, "家", 2031)}


def test_this_year_named_by_the_plan_period_it_ends_or_opens(tmp_path, rules):
    # synthetic: undated reports: 今年是“十一五”的最后一年 (2010, though the next plan is named too),
    # 今年是“十四五”开局之年 (2021): 今年's aims take it.
    conn = build(tmp_path, rules, "云河市召开交通工作会议\n记者从会议上获悉,今年我市交通工作将围绕目标任务展开。\n"
                 "今年是“十一五”的最后一年。我市将认真编制交通运输“十二五”规划。\n"
                 "今年,我市将加快农村公路建设,确保开工建设800公里。\n")
    assert figures(conn) == {(800.0, "公里", 2010)}


def test_this_year_named_as_the_first_of_a_plan_period(tmp_path, rules):
    conn = build(tmp_path, rules, "云河市召开农业工作会议\n今年是“十四五”开局之年。今年,全市力争新建高标准农田5万亩。\n")
    assert figures(conn) == {(50000.0, "亩", 2021)}


def test_a_year_after_from_is_a_baseline_not_the_targets_year(tmp_path, rules):
    # synthetic: 到2031年,…由2025年的1.22吨标准煤下降到1吨标准煤以下: 2025 is the baseline's year.
    conn = build(tmp_path, rules, "青岚市节能减排工作方案\n到2031年,全市万元地区生产总值能耗由2025年的1.22吨标准煤"
                 "下降到1吨标准煤以下,降低20%左右;单位工业增加值用水量降低30%。\n")
    assert figures(conn) == {(1.0, "吨标准煤", 2031), (20.0, "%", 2031), (30.0, "%", 2031)}


def test_an_undated_report_opening_with_the_years_plan_states_last_years_results(tmp_path, rules):
    # synthetic: 本报讯 2031年,云河计划实施…: the report's year is 2031; 2030年's results are actuals.
    # (为年度目标…的102% names last year's aim: the figures after it are still what was done.)
    conn = build(tmp_path, rules, "云河交通运输工作会议召开\n本报讯(记者某某)2031年,云河计划实施公路水路交通项目172个,计划完成投资136.87亿元。"
                 "昨(27)日,记者从全市交通运输工作会议上了解到,今年云河市交通运输工作将坚持稳中求进工作总基调。\n"
                 "2030年,全市完成公路水路建设投资139.26亿元,为年度目标136.64亿元的102%。"
                 "建成和在建高速公路总里程达620公里,居全省第三位。\n")
    assert (620.0, "公里", 2030) not in figures(conn)
    assert (620.0, "公里", 2030) in figures(conn, "actual")


def test_a_cell_that_opens_with_its_figure_is_named_by_the_cell_before_it(tmp_path, rules):
    # synthetic: a task table in pipes: 任务名称 | 指标要求 | 牵头部门: the figure's cell (增长5.5%, 20个) takes the
    # name cell before it as its indicator.
    conn = build(tmp_path, rules, "云河区2031年目标任务分解表\n序号 | 任务名称 | 指标要求 | 牵头部门 | 配合部门 |\n"
                 "1 | 地区生产总值 | 增长5.5%(市下达指标) | 区发改局 | 区财政局 |\n2 | 新建口袋公园 | 20个 | 区住建局 | 各街道 |\n")
    assert figures(conn) == {(5.5, "%", 2031), (20.0, "个", 2031)}
    wordings = {w for (w,) in conn.execute("select wording from targets")}
    assert wordings == {"地区生产总值", "新建口袋公园"}


def test_names_listed_before_respectively_pair_with_the_figures_in_order(tmp_path, rules):
    # synthetic: five long names before 分别达到 and five figures after it: each figure is named by its own name
    # (the list as one name is too long to be any indicator's).
    conn = build(tmp_path, rules, "云河市教育事业发展规划\n--普及更高水平的教育。2031年学前三年幼儿教育毛入园率、义务教育"
                 "巩固率、高中阶段教育毛入学率、高等教育毛入学率和职业院校双师型教师占比分别达到91%、98%、93%、46%和55%。\n")
    assert figures(conn) == {(91.0, "%", 2031), (98.0, "%", 2031), (93.0, "%", 2031), (46.0, "%", 2031),
                             (55.0, "%", 2031)}
    named = dict(conn.execute("select value, wording from targets"))
    assert named[93.0] == "高中阶段教育毛入学率" and named[55.0] == "职业院校双师型教师占比"


def test_a_periods_aims_announced_with_a_colon_give_the_paragraphs_after_it_the_periods_year(tmp_path, rules):
    # synthetic: a news report on a plan: 《纲要》明确了“十五五”发展4个方面具体目标: then dashed paragraphs of
    # figures with no year of their own: each is of 2030, the period's last year.
    conn = build(tmp_path, rules, "云河省发布“十五五”规划纲要\n记者从省政府新闻办获悉,《纲要》明确了“十五五”发展4个方面具体目标:\n"
                 "——经济实力迈上新台阶。地区生产总值达到4.2万亿元,人均生产总值达到10万元左右。\n"
                 "——民生福祉持续增进。居民人均可支配收入达到4万元左右。\n")
    assert figures(conn) == {(4.2e12, "元", 2030), (100000.0, "元", 2030), (40000.0, "元", 2030)}


def test_this_year_named_after_a_past_year_is_the_year_the_whole_year_figures_are_for(tmp_path, rules):
    # synthetic: a town's congress reported on its site: 2030年实现… (what was), then 今年,…全年实现… (aims): 全年
    # names this year (the page's 2031), not the past year named earlier in the paragraph; the meeting's
    # report of last year's figures (会议指出) states what was.
    conn = build(tmp_path, rules, "青岚镇第五届人民代表大会第二次会议召开\n来源:青岚镇 日期:2031-03-09 00:00\n"
                 "会议指出,该镇2030年实现工农业总产值2.6亿元,比上年增长8%。今年,该镇工作的总体要求是稳中求进,"
                 "全年实现工农业总产值2.9亿元,增长12%,农民人均纯收入达到5200元。\n")
    assert figures(conn) == {(290000000.0, "元", 2031), (12.0, "%", 2031), (5200.0, "元", 2031)}
    assert (260000000.0, "元", 2030) in figures(conn, "actual")


def test_a_growth_after_a_figure_is_named_after_that_figure(tmp_path, rules):
    # synthetic: …达到9亿人次以上,年均增长12.5%左右: the growth says only how the figure before grows; it is a
    # target of its own, named after that figure (no metric of rules/ names either). A share after it (占…) is
    # named after the figure, not after its growth.
    conn = build(tmp_path, rules, "云河省“十五五”文化和旅游发展规划\n到2030年,力争云河省接待游客总人次达到9亿人次以上,"
                 "年均增长12.5%左右;文旅产业增加值突破3200亿元,年均增长10.8%左右,占全省地区生产总值9%以上。\n")
    assert figures(conn) == {(900000000.0, "人次", 2030), (12.5, "%", 2030), (320000000000.0, "元", 2030),
                             (10.8, "%", 2030), (9.0, "%", 2030)}
    named = dict(conn.execute("select value, wording from targets"))
    assert named[12.5] == "云河省接待游客总人次年均增长"
    assert named[9.0] == "文旅产业增加值占全省地区生产总值"


def test_a_notice_that_reports_its_meeting_is_no_news_report(tmp_path, rules):
    # synthetic: a 关于…的通知 dividing the year's work whose opening says the congress 审议通过 and 据了解 …: its
    # figures of the year are aims, not what a news report says happened.
    conn = build(tmp_path, rules, "云河市人民政府关于2031年市政府重点工作及责任分解的通知\n各县、市、区人民政府:\n"
                 "2031年市政府工作报告已经市人民代表大会会议审议通过。据了解,全年确定了8个方面重点工作。\n"
                 "一、2031年主要预期目标\n1. 地区生产总值增长7%以上。\n牵头责任单位:市发展改革委。\n")
    assert figures(conn) == {(7.0, "%", 2031)}


def test_a_target_restated_in_a_summary_and_the_body_is_one_target(tmp_path, rules):
    # synthetic: a news page sums the plan up in a bullet, then says the same aim again in its body: one target
    # (the first statement). Two indicators that share a figure stay two.
    conn = build(tmp_path, rules, "云河:力争2030年接待游客9亿人次以上\n"
                 "  • 发展目标涉及:到2030年,力争云河省接待游客总人次达到9亿人次以上,文旅产业增加值增长8%。\n"
                 "  记者了解到,发展目标涉及:到2030年,力争云河省接待游客总人次达到9亿人次以上,文旅产业增加值增长8%,"
                 "文化消费支出增长8%。\n")
    rows = conn.execute("select wording, value from targets where kind = 'target' order by span_start").fetchall()
    assert rows == [("云河省接待游客总人次", 900000000.0), ("文旅产业增加值", 8.0), ("文化消费支出", 8.0)]


def test_after_a_sentence_opened_by_the_months_gone_by_the_paragraph_reports_progress(tmp_path, rules):
    # synthetic: a supervision report restates an item's aims, then 上半年,… and the sentences after it say what
    # was done: only the aims are targets. An amount that classes the projects counted (投资5亿元以上项目8个) is
    # no figure aimed at; the count is.
    conn = build(tmp_path, rules, "云河市2031年重点工作上半年推进情况通报\n一、主要任务推进情况\n"
                 "1.引进产业项目不少于40个;投资5亿元以上项目8个。上半年,引进产业项目22个;签约项目6个。"
                 "新开工产业项目31个,竣工项目9个。\n")
    assert figures(conn) == {(40.0, "个", 2031), (8.0, "个", 2031)}  # not 22, 6, 31 or 9: what was done


def test_a_sentence_opened_by_months_up_to_a_months_end_reports_what_was_done(tmp_path, rules):
    # synthetic: the year's plan, then 2031年1月至10月底,… and 2029年至2031年10月底,…: what was done by then. A span
    # to a year's end (2031年1月至12月底,) is a plan's period: its figures are aims.
    conn = build(tmp_path, rules, "云河市交通运输工作信息\n2031年全市通村公路计划完成投资30亿元,建设通畅工程2600公里。\n"
                 "2031年1月至10月底,全市通村公路共开工建设2400公里,共完工2150公里。\n"
                 "2029年至2031年10月底,全市通村公路共完工7300公里。\n"
                 "2032年1月至12月底,全市力争新建通村公路800公里。\n")
    assert figures(conn) == {(3e9, "元", 2031), (2600.0, "公里", 2031), (800.0, "公里", 2032)}


def test_minutes_are_no_score(tmp_path, rules):
    # synthetic: 15分钟健身圈 names a circle by minutes, no score of 15 分; 满意度测评达到90分 is one.
    conn = build(tmp_path, rules, "云河区全民健身实施计划(2031—2035年)\n到2035年,城市社区建成15分钟健身圈,"
                 "群众健身满意度测评达到90分以上。\n")
    assert figures(conn) == {(90.0, "分", 2035)}


def test_a_name_whose_members_share_it_before_respectively_is_no_list_of_names(tmp_path, rules):
    # synthetic: 城、乡居民人均可支配收入分别增长8%、9%: 城 and 乡 share one name, so both figures are found (a
    # member of one character is no indicator of its own).
    conn = build(tmp_path, rules, "云河区2031年政府工作报告摘要\n2031年主要预期目标:地区生产总值增长7%,"
                 "城、乡居民人均可支配收入分别增长8%、9%,城镇登记失业率控制在4%以内。\n")
    assert figures(conn) == {(7.0, "%", 2031), (8.0, "%", 2031), (9.0, "%", 2031), (4.0, "%", 2031)}


def test_a_year_in_chinese_numerals_is_the_targets_year(tmp_path, rules):
    # synthetic: a press release printing its years digit by digit (二○三五年), and a figure in 公吨.
    conn = build(tmp_path, rules, "云河特区政府公布气候行动计划\n政府今日公布气候行动计划,概述二○三五年的减排目标。\n"
                 "政府二○三五年的减排目标是把碳强度由二○一五年的水平降低60%,而人均碳排放量将减至3.5公吨以下。\n")
    assert figures(conn) == {(60.0, "%", 2035), (3.5, "公吨", 2035)}


def test_energy_per_unit_of_output_keeps_its_per_unit(tmp_path, rules):
    # synthetic: 单位GDP能耗 in 吨标煤/万元 is one unit, not tonnes.
    conn = build(tmp_path, rules, "云河县2032年节能工作要点\n2032年,单位GDP能耗保持在0.8吨标煤/万元以下,"
                 "规模以上工业单位增加值能耗降至1.1吨标准煤/万元。\n")
    assert figures(conn) == {(0.8, "吨标煤/万元", 2032), (1.1, "吨标准煤/万元", 2032)}


def test_a_review_of_the_year_gone_by_states_what_was_done(tmp_path, rules):
    # synthetic: a street office's 工作总结: its figures (全年服务3400余次, 完成…538户) are what was done; a summary
    # that also plans the next year (…总结和2033年工作安排) keeps its aims.
    conn = build(tmp_path, rules, "青苇路街道2032年工作总结\n过去的一年,街道办事处围绕总体目标,加快推进宜居街区建设。\n"
                 "(一)注重保障民生\n丰富为老服务内涵,全年服务3400余次。完成第五批538户共有产权房居民选房。\n")
    assert figures(conn) == set()
    (tmp_path / "b").mkdir()
    conn = build(tmp_path / "b", rules, "青苇路街道2032年工作总结和2033年工作安排\n二、2033年工作安排\n"
                 "2033年,力争为老服务达到4000次以上。\n")
    assert figures(conn) == {(4000.0, "次", 2033)}


def test_a_subheading_restating_a_target_and_a_years_end_that_opens_its_aim(tmp_path, rules):
    # synthetic: a news page's subheading restates a target the paragraph below dates (到2035年); 2032年底实现… is
    # the aim's year, as 到2032年底 is.
    conn = build(tmp_path, rules, "省委省政府出台意见补齐发展短板\n本网讯 省委省政府日前出台《关于补齐发展短板的指导意见》。\n"
                 "农村居民人均可支配收入达到30000元\n《意见》指出,2032年底实现全省贫困村动力电覆盖率达到100%。\n"
                 "到2035年,农产品加工转化率达到65%,农村居民人均可支配收入达到30000元。\n")
    assert figures(conn) == {(100.0, "%", 2032), (65.0, "%", 2035), (30000.0, "元", 2035)}


def test_a_list_a_year_and_its_aims_open_holds_that_years_aims_on_a_page_dated_later(tmp_path, rules):
    # synthetic: a page labelled 成文日期 three years on, quoting a report: 2029年,区政府将…办好十件实事: then the items.
    conn = build(tmp_path, rules, "云河区为民办实事项目\n索 引 号 | Q001/2032-00017 | 成文日期 | 2032-12-24 |\n发布机构 | 区政府办 | 主题分类 | 综合政务 |\n"
                 "区长在区人民代表大会上作政府工作报告时表示,2029年,区政府将努力为民办好十件实事:\n"
                 "1.有效改善居住条件。完成465幢房屋平改坡。\n2.大力整治大气污染。完成50家以上重点企业的治理工作。\n")
    assert figures(conn) == {(465.0, "幢", 2029), (50.0, "家", 2029)}


def test_services_counted_in_a_list_of_deeds_and_a_progress_tables_year(tmp_path, rules):
    # synthetic: an undated progress table of this year's 民生实事, posted 2032-08-28: its aims are 2032's; 接种 and
    # 筛查 count those served (为…免费接种流感疫苗27758人); the 完成率 cells are progress, no target.
    conn = build(tmp_path, rules, "青岚县民生实事项目半年度进度表\n发布日期:2032-08-28 16:34:00\n序号\n民生实事名称\n项目内容\n"
                 "完成率(%)\n牵头单位\n1\n医疗卫生\n为全县60岁以上老年人免费接种流感疫苗27758人。\n20%\n县卫健局\n"
                 "2\n医疗卫生\n为全县重点人群免费开展结直肠癌筛查,重点筛查60岁以上人群16000人。\n40%\n县卫健局\n")
    assert figures(conn) == {(27758.0, "人", 2032), (16000.0, "人", 2032)}


def test_ages_of_those_served_and_a_column_of_progress_ratios_are_no_targets(tmp_path, rules):
    # synthetic: 60岁以上老年人 names whom a service is for (人均预期寿命80岁 is a target); a 进展比例 column's
    # percentages are progress.
    conn = build(tmp_path, rules, "青岚区2032年民生实事项目进展\n序号 | 任务项目指标 | 责任单位 | 进展比例 |\n"
                 "1 | 为60岁以上老年人免费接种流感疫苗3000人。 | 区卫生健康局 | 20% |\n"
                 "2 | 培训应急救护人员575人以上。 | 区红十字会 | 50% |\n"
                 "3 | 到2032年,人均预期寿命达到80岁以上。 | 区卫生健康局 | 100% |\n")
    assert figures(conn) == {(3000.0, "人", 2032), (575.0, "人", 2032), (80.0, "岁", 2032)}


def test_aims_quoted_in_title_brackets_are_read_and_titles_are_not(tmp_path, rules):
    # synthetic: a policy explainer listing the year's deeds in 《》 (《城镇新增就业2000人以上》); a cited document's
    # title (《2032年民生实事实施方案》) still holds no target.
    conn = build(tmp_path, rules, "关于《青岚县2032年为民实事实施方案》的政策解读\n"
                 "县政府办公室制定印发《青岚县2032年为民实事实施方案》。\n"
                 "《通知》内容主要包括《城镇新增就业2000人以上》《建成幼儿园3所》《为1000名妇女开展免费检查》等10件实事。\n")
    assert figures(conn) == {(2000.0, "人", 2032), (3.0, "所", 2032), (1000.0, "名", 2032)}


def test_hours_naming_a_service_and_a_count_of_the_documents_own_projects_are_no_targets(tmp_path, rules):
    # synthetic: 24小时城市书屋 names a kind of reading room (压缩至24小时以内 is a target); 10个民生项目 counts the
    # report's own projects.
    conn = build(tmp_path, rules, "青岚县2032年十件民生实事\n主要涉及教育、文化以及公共服务等领域10个民生项目。"
                 "一是改造农村卫生厕所2300座。二是新建无人值守24小时城市书屋2个。三是不动产登记办结时间压缩至24小时以内。\n")
    assert figures(conn) == {(2300.0, "座", 2032), (2.0, "个", 2032), (24.0, "小时", 2032)}


def test_already_in_an_attribute_states_no_figure_done(tmp_path, rules):
    # synthetic: 对照已发布的清单…,2032年实现90%事项网上办: 已 describes the list, the figure is the year's aim.
    conn = build(tmp_path, rules, "青岚县进一步优化营商环境的若干规定\n"
                 "第三条  推进政务服务事项网上办。对照已发布的事项清单,进一步细化网上办事项,2032年实现90%事项网上办。\n"
                 "第四条  目前已建成政务服务站12个。\n")
    assert figures(conn) == {(90.0, "%", 2032)}


def test_a_net_increase_is_an_aim(tmp_path, rules):
    # synthetic: a county's indicators for its year: 工业开票销售净增150亿元.
    conn = build(tmp_path, rules, "青岚县2032年国民经济和社会发展计划\n"
                 "县长提出了2032年指标体系安排,具体为:总量型指标方面,地区生产总值增长6.5%左右;建筑业总产值增长10%。"
                 "质量型指标方面,工业开票销售净增150亿元;税收收入占比82%以上。\n")
    assert (15000000000.0, "元", 2032) in figures(conn)


def test_months_gone_by_opening_a_sentence_with_no_comma_report_what_was_done(tmp_path, rules):
    # synthetic: a county's key-project report: the year's plan, then 1-12月份完成投资… (no comma after the months).
    conn = build(tmp_path, rules, "青岚县2032年重点工程项目进展\n"
                 "2032年,我县重点工程项目共30项,当年计划投资63.27亿元。\n"
                 "省级6项,当年计划投资19亿元。1-12月份完成投资28.78亿元,投资完成率151.47%。\n")
    assert (2878000000.0, "元") not in {(v, u) for v, u, _ in figures(conn)}
    assert (6327000000.0, "元", 2032) in figures(conn)


def test_this_years_months_gone_by_opening_a_sentence_report_what_was_done_to_its_end(tmp_path, rules):
    # synthetic: a news report: the aim to 2035, then 今年1-9月,… and 前9月共完成… whose clauses after the first
    # (parted by semicolons) still report the months gone by.
    conn = build(tmp_path, rules, "青岚高新区召开党工委扩大会议\n本报讯(记者 石木)6日,青岚高新区召开会议。"
                 "会议要求,力争到2035年,地区生产总值突破500亿元。要确保全年目标任务圆满完成。\n"
                 "今年1-9月,全区完成地区生产总值217.6亿元,同比增长8.1%;完成一般公共预算收入5.3亿元,同比增长12.79%;"
                 "完成固定资产投资93亿元。\n年度计划投资30亿元。前9月共完成技改投资12.4亿元;新增规上企业14家。"
                 "其中工业技改完成投资8.2亿元。\n")
    assert (50000000000.0, "元", 2035) in figures(conn, "target")
    done = {(v, u) for v, u, _ in figures(conn, "target")}
    assert not done & {(530000000.0, "元"), (12.79, "%"), (9300000000.0, "元"), (1240000000.0, "元"), (14.0, "家"),
                       (820000000.0, "元")}


def test_a_figure_joined_by_he_to_a_verbs_first_object_is_that_verbs_aim(tmp_path, rules):
    # synthetic: 完成A和1515个B: the verb's second object is counted; 以及2项… after a list, and bodies joined by 和
    # with no verb of creation before them (对各县人民政府和8个…部门), are not.
    conn = build(tmp_path, rules, "2031年青岚市政府工作报告责任分工\n"
                 "28.加快农村公路提档升级,完成“四好农村公路”集中攻坚专项行动和1515个行政村通户道路硬化任务。\n"
                 "29.市政府对各县人民政府和8个重点行业主管部门实施年度目标责任管理。\n")
    assert (1515.0, "个", 2031) in figures(conn, "target")
    assert {w for (w,) in conn.execute("select wording from targets where value = 1515")} == {"行政村通户道路硬化任务"}
    assert (8.0, "个", 2031) not in figures(conn, "target")


def test_a_tables_column_headed_luoshi_qingkuang_states_what_was_done(tmp_path, rules):
    # synthetic: a pipe table of 民生实事 whose last column (落实情况) reports progress: its figures are no aims.
    conn = build(tmp_path, rules, "青岚县民生实事任务分解表\n一、10件民生实事\n序号 | 具体工作任务和要求 | 责任领导 | 责任单位 | 落实情况 |\n"
                 "1 | 增加义务教育学位3000个,启动城西高中规划。 | 石木 | 县教体局 | 新增义务教育学位3400个,城西高中已启动前期工作。 |\n")
    assert (3000.0, "个") in {(v, u) for v, u, _ in figures(conn, "target")}
    assert (3400.0, "个") not in {(v, u) for v, u, _ in figures(conn, "target")}


def test_measures_of_farm_and_water_works_are_read_and_a_listed_figure_keeps_its_own_name(tmp_path, rules):
    # synthetic: 担 (a weight of tobacco), 口 (ponds), 眼 (wells), 盏 (lamps); the second figure of 达到A、B以上 is
    # named by its own words.
    conn = build(tmp_path, rules, "青岚县2031年农业农村工作要点\n"
                 "确保烟叶种植面积达到8万亩、产量20万担以上。\n整治山坪塘120口,新打机井35眼,安装太阳能路灯600盏。\n"
                 "选派3名干部担当联络员,建设1个口岸服务站。\n")
    found = figures(conn, "target")
    assert {(200000.0, "担", 2031), (120.0, "口", 2031), (35.0, "眼", 2031), (600.0, "盏", 2031)} <= found
    assert {w for (w,) in conn.execute("select wording from targets where value = 200000")} == {"产量"}


def test_a_progress_tables_row_that_leaves_out_its_last_empty_cell_keeps_its_plan(tmp_path, rules):
    # synthetic: a 完成情况 report flattened one cell a line; row 52 prints no 是否达到序时进度 cell, so its cells
    # still stand under the header from the left: the task cell's 建成…8.3万亩 is the plan, the progress cell's
    # 8.3万亩正在施工中 and 31.7万亩 what was done.
    conn = build(tmp_path, rules, "农业农村局2031年11月承担政府重点工作完成情况\n\n序号\n\n目标任务\n\n牵头责任单位\n\n"
                 "计划完成时间\n\n目前完成情况\n\n是否达到序时进度\n\n52\n\n建成高标准农田8.3万亩,确保粮食总产稳定在120万吨以上。"
                 "\n\n农田建设股\n\n2031年底\n\n高标准农田8.3万亩正在施工中,累计完成土地流转31.7万亩。\n\n"
                 "53\n\n完成改革试验20万亩。\n\n经管站\n\n2031年底\n\n已完成改革试验面积21.5万亩。\n\n是\n")
    found = figures(conn, "target")
    assert {(83000.0, "亩", 2031), (1200000.0, "吨", 2031), (200000.0, "亩", 2031)} <= found
    assert not {(317000.0, "亩", 2031), (215000.0, "亩", 2031)} & found


def test_a_report_on_the_plans_execution_and_the_next_years_draft_reviews_until_the_drafts_part(tmp_path, rules):
    # synthetic: a 计划执行情况及…计划草案的报告 under a page headline that names both years: the review's figures
    # (粮食产量达到…以上,创历史新高) are what was done, the draft's part (二、2032年…计划) sets aims.
    conn = build(tmp_path, rules, "2031年国民经济和社会发展计划执行情况和2032年计划草案\n"
                 "关于青岚旗2031年国民经济和社会发展计划执行情况及2032年国民经济和社会发展计划草案的报告\n"
                 "一、迎难而上,国民经济稳步发展\n全旗农作物播种面积365万亩,粮食产量达到25亿斤以上,创历史新高。"
                 "建设高标准农田45.7万亩。\n二、2032年国民经济和社会发展计划\n粮食产量稳定在26亿斤以上,新建高标准农田10万亩。\n")
    found = figures(conn, "target")
    assert {(2600000000.0, "斤", 2032), (100000.0, "亩", 2032)} <= found
    assert not {(2500000000.0, "斤"), (457000.0, "亩")} & {(v, u) for v, u, _ in found}


def test_a_share_after_a_figure_and_a_remark_in_the_indicator_keep_the_aims(tmp_path, rules):
    # synthetic: 持证人员(含…、…)总量达到130万人以上,占从业人员的60%以上: the remark on what the name includes is
    # no part of it (else too long a name to keep), and the share (从业 is no 从 of a baseline) is an aim too.
    conn = build(tmp_path, rules, "青岚市职业技能提升行动方案(2031—2035年)\n"
                 "到2035年,全市持证人员(含企业经营管理人才、专业技术人才、技能人才、农村实用人才、社会工作人才)"
                 "总量达到130万人以上,占从业人员的60%以上。\n")
    assert {(1300000.0, "人", 2035), (60.0, "%", 2035)} <= figures(conn, "target")
    assert {w for (w,) in conn.execute("select wording from targets where value = 1300000")} == {"持证人员总量"}
    assert {w for (w,) in conn.execute("select wording from targets where value = 60")} == {"持证人员总量占从业人员"}


def test_a_half_year_report_states_what_was_done(tmp_path, rules):
    # synthetic: 已完成年度计划的50.4%,完成投资206.7亿元 (计划 a noun there, no aim); 实际开工150个; 前6个月,…完成投资.
    conn = build(tmp_path, rules, "青岚市2032年重点项目建设情况\n"
                 "2032年我市共确定市重点建设项目296个,年度计划完成投资410.1亿元,截止上半年已完成年度计划的50.4%,"
                 "完成投资206.7亿元。176个年度计划新开项目实际开工150个,项目开工率达85%。前6个月,175个工业项目完成投资151.2亿元。\n")
    aims = {(round(v), u) for v, u, _ in figures(conn)}
    assert (41010000000, "元") in aims
    assert not aims & {(20670000000, "元"), (150, "个"), (85, "%"), (15120000000, "元")}


def test_what_a_policy_pays_and_whom_it_is_for_are_no_aims(tmp_path, rules):
    # synthetic: a rate right before 给予 (按项目总投入20%给予三年最高1500万元资助; …投资额的10%,给予最高5000万元支持),
    # the bar of the projects a policy is for (以及总投资1000万元以上的…项目), and a criterion a firm must meet (大于).
    conn = build(tmp_path, rules, "青岚市推动制造业高质量发展的若干措施\n"
                 "1.支持工业企业投资。对总投资5000万元以上的重大工业项目,以及总投资1000万元以上的技术改造投资项目,"
                 "竣工投产后按照设备等投资额的10%,给予最高5000万元支持。\n"
                 "2.推进协同创新。对上下游企业共建的攻关项目,按项目总投入20%给予三年最高1500万元资助。\n"
                 "3.优质企业参考标准:资产总额要大于1200亿元,营业收入大于800亿元。\n"
                 "4.到2035年,全市规上工业增加值达到5000亿元,企业资产负债率不得超过65%。\n")
    assert figures(conn) == {(500000000000.0, "元", 2035), (65.0, "%", 2035)}
    assert comparators(conn)[(65.0, "%")] == "<="


def test_shares_of_a_tax_a_policy_gives_back_are_no_aims(tmp_path, rules):
    # synthetic: 分别给予缴纳城镇土地使用税100%、75%、50%的财政支持: what the policy pays, listed.
    conn = build(tmp_path, rules, "青岚市降低实体经济企业成本的实施方案\n"
                 "对亩产税收在行业平均亩产税收200%、150%、100%以上的,分别给予缴纳城镇土地使用税100%、75%、50%的财政支持。"
                 "到2032年,全市企业成本降低10%。\n")
    assert figures(conn) == {(10.0, "%", 2032)}


def test_a_share_to_complete_by_a_deadline_is_the_aim(tmp_path, rules):
    # synthetic: 2032年底完成80%以上…指标任务: by its deadline, no progress report; 已完成30% stays progress.
    conn = build(tmp_path, rules, "青岚市2032年数字政府建设工作要点\n"
                 "(一)紧扣指标任务。扎实推进各项工作,2032年底完成80%以上均衡化发展指标任务。\n"
                 "(二)截至目前,已完成30%。\n")
    assert figures(conn) == {(80.0, "%", 2032)}


def test_related_reports_listed_after_a_news_report_are_no_part_of_it(tmp_path, rules):
    # synthetic: a report of a city's ten deeds, then the site's 相关新闻 links, each with its date.
    conn = build(tmp_path, rules, "2032年青岚市委市政府为民兴办10件实事\n"
                 "2032年,市委、市政府为民兴办10件实事:\n一是新建和改扩建幼儿园、中小学20所。\n"
                 "二是完成农村改厕6万户。\n相关新闻\n- 2032-02-23青岚市人大会议收到建议248件 正在解决的占95%\n"
                 "- 2032-02-23青岚市十六届人大三次会议举行主席团第二次会议\n")
    assert figures(conn) == {(20.0, "所", 2032), (60000.0, "户", 2032)}
    assert conn.execute("select count(*) from clauses where text like '%248件%'").fetchone()[0] == 0


def test_a_last_sentence_that_ends_with_a_links_word_stays_in_the_text(tmp_path, rules):
    # synthetic: the text's last sentence ends with 关闭 (a word a page's 关闭窗口 link also ends with).
    conn = build(tmp_path, rules, "青岚县2032年散乱污企业整治工作方案\n一、到2032年底,完成整治企业120家。\n"
                 "二、对整治不达标的企业,依法予以关闭。\n")
    assert conn.execute("select count(*) from clauses where text like '%予以关闭%'").fetchone()[0] == 1


def test_a_document_that_names_one_year_only_is_of_that_year(tmp_path, rules):
    # synthetic: a task table under a title of no year; one row names its year, the others none.
    conn = build(tmp_path, rules, "云河县文化和旅游局工作任务表\n序号\n指标\n工作任务\n责任单位\n"
                 "1\n公共文化\n云河县图书馆免费开放服务人次较上年增长12%。\n县文化馆\n"
                 "2\n全年组织送戏下乡演出不少于80场。\n县文化馆\n"
                 "3\n乡村旅游\n新建旅游厕所6座,办好2031年云河梨花节。\n县文旅股\n")
    assert {(12.0, "%", 2031), (80.0, "场", 2031), (6.0, "座", 2031)} <= figures(conn)



def test_a_task_divided_among_towns_in_a_pipe_table_gives_each_share(tmp_path, rules):
    # synthetic: a 任务分解表 of pipe-joined cells whose header gives the measure in brackets; a row's empty cells
    # after its figure are not printed, and a 完成 column would be what was done.
    conn = build(tmp_path, rules, "云河县2031年油茶生产任务分解表\n乡镇 | 新种任务(亩) | 备注 |\n全县合计 | 3200 | |\n"
                 "青岚镇 | 1800 | 其中国有林场新种任务600亩。 |\n白水乡 | 900 | |\n石门乡 | 500 |\n柳河街道 | 0 | |\n")
    assert {(3200.0, "亩", 2031), (1800.0, "亩", 2031), (900.0, "亩", 2031), (500.0, "亩", 2031)} <= figures(conn)
    assert (0.0, "亩", 2031) not in figures(conn)  # a row's share of none is no aim
    wordings = {w for (w,) in conn.execute("select wording from targets where value = 900")}
    assert wordings == {"白水乡新种任务"}


def test_a_year_column_of_shares_takes_the_measure_the_line_above_the_table_gives(tmp_path, rules):
    # synthetic: a notice whose 分解表 gives its measure on a line of its own (面积:万亩); the share column opens with
    # its year, the 可种植面积 column beside it is a capacity, not an aim.
    conn = build(tmp_path, rules, "云河县人民政府办公室关于下达2032年油菜种植任务的通知\n各乡镇人民政府:\n"
                 "现将2032年油菜种植任务分解表印发给你们,请认真抓好落实。\n附件: 2032年油菜种植任务分解表 | |||\n"
                 "面积:万亩 | |||\n乡镇 | 可种植面积 | 2032年油菜任务面积 | 备注 |\n青岚镇 | 8.44 | 0.91 | |\n"
                 "白水乡 | 12.50 | 1.20 | |\n")
    assert {(9100.0, "亩", 2032), (12000.0, "亩", 2032)} <= figures(conn)
    assert not {v for (v,) in conn.execute("select value from targets where value in (84400, 125000)")}
    wordings = {w for (w,) in conn.execute("select wording from targets where value = 12000")}
    assert wordings == {"白水乡油菜任务面积"}


def test_a_review_then_the_plan_ahead_states_what_was_done_up_to_the_plans_part(tmp_path, rules):
    # synthetic: 2031年工作总结及2032年工作计划: the review's figures are what was done; the plan's are aims.
    conn = build(tmp_path, rules, "青苇村2031年工作总结及2032年工作计划\n"
                 "2031年,我村在镇党委、政府的领导下,各项工作取得了较好的成绩。\n一、产业发展\n"
                 "新建联建公厕9处,硬化湾间道路1500余米。\n二、2032年工作计划\n新建村级文化广场1个,修通污水管网1200米。\n")
    assert figures(conn) == {(1.0, "个", 2032), (1200.0, "米", 2032)}
    assert (9.0, "处", 2032) not in figures(conn, "target")


def test_a_dated_document_whose_only_times_are_deadlines_in_the_year_is_of_its_dates_year(tmp_path, rules):
    # synthetic: a 民生实事 table under a site's label block (发文日期), naming no year, only months' deadlines.
    conn = build(tmp_path, rules, "云河区民生实事项目责任分解\n发布单位 | 区政府 | 发文日期 | 2032-07-14 |\n"
                 "序号 | 实事项目 | 工作举措及实施计划 | 责任单位 | 配合单位 |\n"
                 "1 | 新建成公办中小学、幼儿园7所,新增公办学位6800个。 | 1.4月底前主体完工。2.8月底前竣工交付。 | 教育局 | 财政局 |\n")
    assert {(7.0, "所", 2032), (6800.0, "个", 2032)} <= figures(conn)


def test_an_aim_the_words_after_its_figure_name_in_a_report_of_results(tmp_path, rules):
    # synthetic: a year-end news report: 超额完成4万批次的年度目标任务 names the year's aim; the result beside it and a
    # share of the year's task (完成了72%的年度任务) are no aims.
    conn = build(tmp_path, rules, "2032年01月12日 星期六\n2031年青岚市民生实事项目全面落实\n本报讯(记者 云河) 昨日,市政府通报2031年民生实事项目落实情况。\n"
                 "全年开展食品安全抽样检验5.2万批次,超额完成4万批次的年度目标任务。"
                 "新建幼儿园48所,超额完成40所以上的年度目标任务。养老服务中心建设完成了72%的年度任务。\n")
    assert figures(conn) == {(40000.0, "批次", 2031), (40.0, "所", 2031)}
    assert comparators(conn) == {(40000.0, "批次"): "=", (40.0, "所"): ">="}
    # (Named by the result before it in the same measure, not by the verb 完成.)
    assert conn.execute("select wording from targets where value = 40000").fetchone()[0] == "开展食品安全抽样检验"


def test_verbs_of_recruiting_make_aims(tmp_path, rules):
    # synthetic: an employment plan's 募集 and 招募; 开发区 is no verb of a figure.
    conn = build(tmp_path, rules, "2032年云河县就业促进行动方案\n1.募集青年就业见习岗位325个。\n2.招募志愿者1200名。\n"
                 "3.云河经济开发区等3个园区纳入试点。\n")
    assert figures(conn) == {(325.0, "个", 2032), (1200.0, "名", 2032)}
