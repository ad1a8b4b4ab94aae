"""Document facts (title, 文号, issuer, date, level) read from the layouts real web pages come in: page furniture
around the text (label tables with bars, bracketed labels, labels set off by spaces, breadcrumbs, newspaper page
headers, app banners, junk at the edges of lines), a 文号 glued to the title, issuers cut short or signed jointly on
one line, levels implied by the 主送 line or the bodies a text names, and news reports.

Every text here is synthetic: invented places (青岚, 云河, 蕖宁, 珂屿 …) and units, written for these tests; none
is copied from a real page."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.doc_numbers import number_reader
from kb.metadata import MetadataReader
from kb.rules import load_rules

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def reader():
    rules = load_rules(RULES)
    return MetadataReader(rules.metadata, number_reader(rules.citations["number"]))


def facts_of(reader, *lines: str):
    return reader.read("\n".join(lines) + "\n")


def test_label_table_with_bars(reader):
    # Synthetic: a label table scraped with | between cells, labels with and without colons, title in a cell.
    facts = facts_of(reader,
                     "索 引 号: | QL0012-2022-007 | 主题分类: | 区府办文件 |",
                     "发布机构: | 区政府 | 发文日期: | 2022-03-15 |",
                     "名 称: | 青岚市云河区人民政府关于加强城市绿化管理的实施意见 | ||",
                     "文 号: | 云府发〔2022〕12号 | 公开类型: | 主动公开 |",
                     "各镇人民政府,区政府各委、办、局:",
                     "为加强城市绿化管理,提出如下意见。")
    assert facts.title == "青岚市云河区人民政府关于加强城市绿化管理的实施意见"
    assert facts.doc_number == "云府发〔2022〕12号"
    assert facts.issued_date == "2022-03-15"
    assert facts.issuer == "青岚市云河区人民政府"  # the title's full name, not the label's 区政府
    assert facts.level == "县"


def test_label_cells_without_colons(reader):
    # Synthetic: 文号 | value | 索引号 | value | cells with no colon, no title, a 主送 line naming the tier below.
    facts = facts_of(reader,
                     "文号 | 青政办〔2019〕21号 | 索引号 | 00123/2019-00045 | 关键词 | |",
                     "主题分类 | 政府办文件 | 体裁分类 | 服务对象 |",
                     "各县(市、区)人民政府,市人民政府各部门:",
                     "现将2019年重点工作任务分解如下:",
                     "一、加快产业转型")
    assert facts.doc_number == "青政办〔2019〕21号"
    assert facts.level == "市"  # it addresses 各县(市、区): a 市 issues it


def test_labels_set_off_by_spaces(reader):
    # Synthetic: a label block with no colons, labels spaced out to a width.
    facts = facts_of(reader,
                     "区人民政府办公室关于印发2021年重点工作责任分解方案的通知",
                     "索 引 号 QL7788/2021-00100 发文日期 2021-02-03",
                     "发布机构 区人民政府办公室 文    号 云政办〔2021〕3号",
                     "分   类 政务公开 有 效 性 有效",
                     "各街道办事处,区人民政府各部门:",
                     "现将方案印发给你们。",
                     "青岚市云河区人民政府办公室",
                     "2021年2月3日")
    assert facts.doc_number == "云政办〔2021〕3号"
    assert facts.issued_date == "2021-02-03"
    assert facts.issuer == "青岚市云河区人民政府办公室"


def test_law_database_prefix_and_bracketed_labels(reader):
    # Synthetic: a law database's section name over the title, bracketed labels, 颁布时间/发文单位 labels.
    facts = facts_of(reader,
                     "法规库",
                     "蕖宁省人民政府办公厅关于做好春季农业生产工作的通知",
                     "【法宝引证码】QN.5.123456 【时效性】现行有效",
                     "颁布时间:2020-03-02 00:00:00.000 发文单位:蕖宁省人民政府办公厅",
                     "各市、县人民政府:",
                     "现就有关事项通知如下。")
    assert facts.title == "蕖宁省人民政府办公厅关于做好春季农业生产工作的通知"
    assert facts.issued_date == "2020-03-02"
    assert facts.issuer == "蕖宁省人民政府办公厅"
    assert "【法宝引证码】QN.5.123456 【时效性】现行有效" in facts.furniture


def test_breadcrumb_junk_and_source_label(reader):
    # Synthetic: a section name with a bullet above a breadcrumb, a title that ends in no title word, the office the
    # page comes from as its only issuer.
    facts = facts_of(reader,
                     "• 政府信息公开",
                     "您当前的位置:首页 > 信息公开 > 青岚县农业农村局 > 工作动态",
                     "浏览量:  【字体:   】",
                     "县农业农村局2022年重点工作任务清单",
                     "文章来源:青岚县农业农村局 浏览量: 发表时间:2022-04-01 09:30 责任编辑:办公室",
                     "1.推进高标准农田建设。")
    assert facts.title == "县农业农村局2022年重点工作任务清单"
    assert facts.issuer == "青岚县农业农村局"
    assert facts.level == "县"


def test_doc_number_glued_to_title(reader):
    # Synthetic: the title label and the title line print the 文号 before the title.
    facts = facts_of(reader,
                     "标  题: 珂政办发〔2021〕8号 珂屿市人民政府办公室关于 印发智慧农业发展实施方案的通知",
                     "发文机关: 珂屿市政府 成文日期: 2021-06-10",
                     "珂政办发〔2021〕8号 珂屿市人民政府办公室关于 印发智慧农业发展实施方案的通知",
                     "各县、区人民政府,市政府各部门:",
                     "现将方案印发给你们。",
                     "珂屿市人民政府办公室",
                     "2021年6月10日")
    assert facts.doc_number == "珂政办发〔2021〕8号"
    assert facts.title.replace(" ", "") == "珂屿市人民政府办公室关于印发智慧农业发展实施方案的通知"
    assert facts.issuer == "珂屿市人民政府办公室"  # the 落款, not the label's 珂屿市政府
    glued = facts_of(reader, "青办规[2023]4号青岚市人民政府办公厅关于规范行政裁量权的通知", "各县(区)人民政府:")
    assert glued.doc_number == "青办规〔2023〕4号"
    assert glued.title == "青岚市人民政府办公厅关于规范行政裁量权的通知"


def test_abbreviated_label_issuer_expanded(reader):
    # Synthetic: the label names the issuer by its tier only; the place comes from the title.
    facts = facts_of(reader,
                     "发文机关: 市政府办公室 成文日期: 2023-05-06",
                     "关于印发珂屿市2023年为民办实事项目的通知",
                     "各县、区人民政府:",
                     "现印发给你们。")
    assert facts.issuer == "珂屿市人民政府办公室"
    assert facts.level == "市"


def test_joint_signature_on_one_line_and_junk(reader):
    # Synthetic: two issuers signed on one line; a 落款 and a date printed with lost characters (?).
    facts = facts_of(reader,
                     "青岚省科学技术厅、青岚省财政厅关于印发科技创新券管理办法的通知",
                     "各市科技局、财政局:",
                     "现将办法印发给你们。",
                     "青岚省科学技术厅 青岚省财政厅",
                     "2022年8月1日")
    assert facts.issuer == "青岚省科学技术厅、青岚省财政厅"
    junk = facts_of(reader,
                    "- 信息来源:市政府",
                    "- 发布日期:2019-01-18 16:13",
                    "各区人民政府,市各委、办、局:",
                    "《云河市城市更新三年行动方案》已经市政府同意,现印发给你们。",
                    "?",
                    "?????????? ?云河市人民政府",
                    "????????? 2018年12月20日????",
                    "?",
                    "云河市城市更新三年行动方案",
                    "为推进城市更新,制定本方案。")
    assert junk.issuer == "云河市人民政府"
    assert junk.issued_date == "2018-12-20"
    assert junk.title == "云河市城市更新三年行动方案"


def test_number_and_date_on_one_line(reader):
    # Synthetic: the 文号 and the date share the line under the title.
    facts = facts_of(reader, "省政府关于印发蕖宁省人才发展纲要的通知", "蕖政发〔2010〕3号 2010年2月8日",
                     "各市、县人民政府,省各委、办、厅、局:", "现予印发。")
    assert facts.doc_number == "蕖政发〔2010〕3号"
    assert facts.issued_date == "2010-02-08"


def test_implied_level(reader):
    # Synthetic: no issuer, no title place; the bodies named by tier alone, a town, a title naming 区政府.
    county = facts_of(reader, "一、目标任务", "全县种植蔬菜5万亩,县人民政府将实行考核。", "县农业农村局负责技术指导。")
    assert county.level == "县"
    city = facts_of(reader, "第二步:集中整治阶段", "(一)市城管局完成车辆改造,会同市公安局完成牌证换发;",
                    "(二)市交通局负责线路调整,市、区两级联合执法。")
    assert city.level == "市"
    district = facts_of(reader, "2023年区政府重点民生实事项目推进情况", "序号 |", "主要任务 |")
    assert district.level == "县"
    town = facts_of(reader, "各行政村、各有关单位:", "现将计划印发给你们。", "二〇一九年三月一日", "柳溪镇2019年度防汛工作计划")
    assert town.level == "乡"
    national = facts_of(reader, "专利审查提质增效行动计划", "1.国家知识产权局优化审查资源。", "2.国家网信办加强网络监管。",
                        "3.市场监管总局加强执法。")
    assert (national.level, national.jurisdiction) == ("国家", "全国")


def test_newspaper_page(reader):
    # Synthetic: an e-paper page: page header, the page's list of headlines, a kicker, the headline over 本报讯,
    # the page's date stamp in its footer.
    facts = facts_of(reader,
                     "第A03版:要闻 上一版  下一版",
                     "云河新区开工建设三条主干道",
                     "2020年云河每万人拥有发明专利8件",
                     "市政协召开专题协商会",
                     "返回主页 | 云河晚报 | 标题导航 | 云河日报",
                     "上一期  下一期",
                     "专项评议知识产权工作",
                     "2020年云河每万人拥有发明专利8件",
                     "本报讯 昨日,市人大常委会对知识产权工作进行了专项评议。",
                     "到2020年,发明专利拥有量达到每万人8件。",
                     "云河晚报记者 王某",
                     "556677 2018-07-12 00:00:00 四 2020年云河每万人拥有发明专利8件")
    assert facts.title == "2020年云河每万人拥有发明专利8件"
    assert facts.issued_date == "2018-07-12"


def test_news_agency_report(reader):
    # Synthetic: a national news report: headline, agency dateline, the newspaper's issue line with its date.
    facts = facts_of(reader,
                     "铁路营业里程突破15万公里",
                     "据新华社北京12月30日电 (记者李某)30日,随着两条铁路建成通车,我国铁路营业里程突破15万公里。",
                     "据介绍,我国今年新增铁路里程4000公里。",
                     "《 青岚日报 》( 2021年12月31日 02 版)")
    assert facts.title == "铁路营业里程突破15万公里"
    assert facts.issued_date == "2021-12-31"
    assert facts.level == "国家"


def test_app_banner_is_furniture(reader):
    # Synthetic: an app's banner over a news page is no title.
    facts = facts_of(reader, "slogon 打开", "云河客户端 打开", "云河市出台促进消费十条措施",
                     "本报讯 近日,云河市出台促进消费十条措施。")
    assert facts.title == "云河市出台促进消费十条措施"
    assert "slogon 打开" in facts.furniture
