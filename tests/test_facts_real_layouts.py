"""Document facts (title, 文号, issuer, date, level) read from the layouts real web pages come in: page furniture
around the text (label tables with bars, bracketed labels, labels set off by spaces, breadcrumbs, newspaper page
headers, app banners, junk at the edges of lines), a 文号 glued to the title, issuers cut short or signed jointly on
one line, levels implied by the 主送 line or the bodies a text names, and news reports.

Every text here is synthetic: invented places (青岚, 云河, 蕖宁, 珂屿 …) and units, written for these tests; none
is copied from a real page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.doc_numbers import number_reader
from kb.metadata.reader import MetadataReader
from kb.rules import load_rules

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def reader():
    rules = load_rules(RULES)
    return MetadataReader(rules.metadata, number_reader(rules.citations.number))


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


def test_a_breadcrumb_saying_where_you_are_in_other_words_is_furniture(reader):
    # Synthetic: 您当前所在的位置 (not 您当前的位置) opens the trail; the title comes from the page below it.
    facts = facts_of(reader,
                     "您当前所在的位置: 首页 > 政务公开 > 政府文件 > 岚府办函",
                     "时间:2022-05-11 16:14",
                     "市人民政府办公室关于印发青岚都市圈建设重点任务分工方案的通知",
                     "各县、区人民政府,市政府各部门:",
                     "现将方案印发给你们。")
    assert facts.title == "市人民政府办公室关于印发青岚都市圈建设重点任务分工方案的通知"
    assert not facts.title.startswith("您当前")


def test_bulleted_label_lines_with_a_release_date_are_no_title(reader):
    # Synthetic: • 公开日期: is a page label (the day the page went up), never the title.
    facts = facts_of(reader,
                     "• 索引号:1234567/2023-0001",
                     "  • 发布机构:县人民政府办公室",
                     "  • 公开日期:2023-03-20",
                     "2023年县政府重点工作任务(岚政发〔2023〕2号)",
                     "各乡镇人民政府、县直各单位:",
                     "现印发给你们,请认真抓好贯彻落实。")
    assert facts.title == "2023年县政府重点工作任务"
    assert facts.doc_number == "岚政发〔2023〕2号"
    assert "公开日期" not in (facts.title or "")


def test_a_sites_switches_a_double_mark_trail_and_an_adopted_date(reader):
    # Synthetic: 繁體 | 登录 | 注册 and 今天是: are the site's; a trail marked >> is a breadcrumb; a text adopted at a
    # meeting prints its date in brackets under its title.
    facts = facts_of(reader,
                     "今天是:",
                     "繁體   |  登录  |   注册",
                     "您當前的位置:",
                     ">> 走进青岚 >> 投资青岚 >> 投资政策",
                     "中共青岚市委关于制定青岚市国民经济和社会发展第十四个五年规划的建议",
                     "(2020年12月20日中国共产党青岚市第九届委员会第十次全体会议通过)",
                     "一、发展环境")
    assert facts.title == "中共青岚市委关于制定青岚市国民经济和社会发展第十四个五年规划的建议"
    assert facts.issued_date == "2020-12-20"


def test_joint_issuers_printed_without_a_mark_between(reader):
    # Synthetic: two bureaus of one city sign a title with nothing between their names.
    facts = facts_of(reader, "青岚市商务局青岚市财政局关于开展促消费活动的通知", "各县(市、区)商务主管部门、财政局:",
                     "现将有关事项通知如下。")
    assert facts.issuer == "青岚市商务局、青岚市财政局"
    spaced = facts_of(reader, "青岚市发展和改革委员会 中共青岚市委社会工作部 关于印发方案的通知", "各区县政府:")
    assert spaced.issuer == "青岚市发展和改革委员会、中共青岚市委社会工作部"


def test_a_provinces_code_names_the_issuer_a_title_cuts_short(reader):
    # Synthetic text; the code is a 直辖市's real one: 渝府发 is 重庆市人民政府's (province level), so the title's
    # 市政府 is 重庆市人民政府.
    facts = facts_of(reader, "市政府关于做好青年就业创业工作的意见", "渝府发〔2030〕99号", "各区县(自治县)人民政府:",
                     "现提出如下意见。")
    assert facts.issuer == "重庆市人民政府"
    assert (facts.level, facts.jurisdiction) == ("省", "重庆市")
    office = facts_of(reader, "关于印发青年就业行动方案的通知", "鄂政办发〔2030〕98号", "各市、州人民政府:")
    assert (office.issuer, office.level) == ("湖北省人民政府办公厅", "省")


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


def test_menu_lines_and_breadcrumb_without_home(reader):
    # Synthetic: a site's menu over a news page (TOP, a tag in Latin letters, 标题导航, font switches) and a trail of
    # sections printed without 首页, over two lines.
    facts = facts_of(reader,
                     "TOP",
                     "标题导航",
                     "qlwb",
                     "放大 缩小 默认",
                     ">政务动态 >媒体聚焦",
                     "云河今年将新建口袋公园30个",
                     "时间:2024-03-05 09:12 来源:云河新闻网",
                     "3月4日,云河市园林工作会议提出,今年将新建口袋公园30个。")
    assert facts.title == "云河今年将新建口袋公园30个"
    assert ">政务动态 >媒体聚焦" in facts.furniture
    two_lines = facts_of(reader,
                         "首页>",
                         "> 政务公开 > 部门公开目录 > 市发改局 > 报告",
                         "关于青岚市2023年计划执行情况的报告",
                         "各位代表:")
    assert two_lines.title == "关于青岚市2023年计划执行情况的报告"


def test_bracketed_section_before_title(reader):
    # Synthetic: the site's section name in brackets before the title on its line.
    facts = facts_of(reader,
                     "【重点工作分解】珂屿市人民政府关于2021年重点工作责任分解的通知",
                     "发布时间:2021-02-05 10:00",
                     "各县、区人民政府,市政府各部门:")
    assert facts.title == "珂屿市人民政府关于2021年重点工作责任分解的通知"
    assert facts.issuer == "珂屿市人民政府"
    assert facts.issued_date is None  # the posting time is no date of the notice


def test_original_headline_of_a_repost(reader):
    # Synthetic: a repost names the report's own headline at its end ((原标题 …)), or at its head over two lines.
    at_end = facts_of(reader,
                      "新华社青岚5月2日电(记者赵某)记者2日从青岚省住建厅获悉,一季度新开工保障房8000套。",
                      "据介绍,今年计划开工2万套。",
                      "(原标题 青岚:一季度保障房新开工8000套)")
    assert at_end.title == "青岚:一季度保障房新开工8000套"
    at_head = facts_of(reader,
                       "原标题:8类30件、拟投资12.5亿元——",
                       "速览!2024年云河市民生实事清单",
                       "近日,市委、市政府印发了民生实事项目清单。")
    assert at_head.title == "8类30件、拟投资12.5亿元——速览!2024年云河市民生实事清单"


def test_news_headline_kicker_and_paper_date(reader):
    # Synthetic: an e-paper page: page header, the paper's date line, a kicker over the headline.
    facts = facts_of(reader,
                     "第B3版:民生 上一版  下一版",
                     "标题导航",
                     "2021年03月09日 星期二",
                     "@云河人——",
                     "",
                     "来看看2025年 您的家门口有多少变化",
                     "到2025年,全市新增养老床位3000张。")
    assert facts.title == "来看看2025年 您的家门口有多少变化"
    assert facts.issued_date == "2021-03-09"


def test_news_report_of_a_document_named_in_its_headline(reader):
    # Synthetic: a headline 《Y》出炉 over a lead naming who issued Y; the page's stamp dates the report.
    facts = facts_of(reader,
                     "当前位置:新闻 > 地市新闻 > 正文",
                     "《云河市城乡供水一体化实施方案》出炉",
                     "2022-02-11 09:30:00 来源:云河市人民政府",
                     "近日,云河市政府办公室印发《云河市城乡供水一体化实施方案》(以下简称《方案》)。")
    assert facts.title == "云河市城乡供水一体化实施方案"
    assert facts.issuer == "云河市政府办公室"
    assert facts.issued_date == "2022-02-11"
    lead_first = facts_of(reader,
                          "近日,珂屿市政府办公厅下发《珂屿市美丽乡(xiāng)村建设方案》,提出明确要求。",
                          "年底前,珂屿要完成村庄规划编制",
                          "根据《方案》,今年要建成精品村20个。")
    assert lead_first.title == "珂屿市美丽乡村建设方案"  # no headline above the lead; pinyin is no part of it
    assert lead_first.issuer == "珂屿市政府办公厅"
    assert lead_first.level == "市"


def test_news_headline_over_a_lead_issuing_several(reader):
    # Synthetic: a report on a body issuing two lists keeps its headline; the body named in the lead is the issuer;
    # the page's time dates the report.
    facts = facts_of(reader,
                     "市长牵头!青岚公布2024年重点工作分解",
                     "时间:2024-02-20 16:01",
                     "来源:青岚市政府办公室、青岚政务",
                     "近日,青岚市人民政府办公室印发通知,公布《2024年重点工作分解清单》《2024年民生实事清单》。")
    assert facts.title == "市长牵头!青岚公布2024年重点工作分解"
    assert facts.issuer == "青岚市人民政府办公室"
    assert facts.issued_date == "2024-02-20"


def test_report_of_a_place_with_its_correspondent(reader):
    # Synthetic: a headline, the paper's stamp line, a lead opening with the place's 讯 and its correspondent.
    facts = facts_of(reader,
                     "云河县重点项目建设加快推进",
                     "",
                     "云河日报 2020-07-15 01:00 大字",
                     "",
                     "云河讯 (特约通讯员李某)今年,全县计划实施重点项目40项,总投资60亿元。")
    assert facts.title == "云河县重点项目建设加快推进"
    assert facts.issued_date == "2020-07-15"


def test_news_page_of_a_news_outlet(reader):
    # Synthetic: a headline with no news verb, labels in a bracket, the source a news site: the page's time dates it.
    facts = facts_of(reader,
                     "TOP",
                     "珂屿今年将力争完成道路投资20亿元",
                     "[ 编辑:admin | 时间:2018-04-02 10:20:30",
                     "| 浏览:88次 | 来源:城市建设网 | 作者: ]",
                     "4月1日,珂屿市住建工作会议提出,今年力争完成道路投资20亿元。")
    assert facts.title == "珂屿今年将力争完成道路投资20亿元"
    assert facts.issued_date == "2018-04-02"
    page = facts_of(reader,
                    "县农业农村局2022年重点工作任务清单",
                    "文章来源:青岚县农业农村局 发表时间:2022-04-01 09:30",
                    "1.推进高标准农田建设。")
    assert page.issued_date is None  # a department's page: the posting time is no date of the list


def test_report_date_line_and_presenter(reader):
    # Synthetic: a report's own date line (given at a congress) and the body giving it, under labels naming the
    # posting date and the office short.
    facts = facts_of(reader,
                     "发布机构: 市发改局 发文日期: 2024-04-20",
                     "关于云河市2023年国民经济和社会发展计划执行情况的报告",
                     "发布时间:2024-04-20 15:00 来源:云河市发改局",
                     "2024年3月18日在云河市第九届人民代表大会第三次会议上",
                     "云河市发展和改革局",
                     "各位代表:")
    assert facts.issued_date == "2024-03-18"
    assert facts.issuer == "云河市发展和改革局"


def test_notice_without_title_issuing_a_document(reader):
    # Synthetic: a label table, then a notice printed without its title line that issues a document printed after it
    # under its own heading.
    facts = facts_of(reader,
                     "发布机构 | 云河县人民政府办公室 | 组配分类 | 云政发 |",
                     "成文日期 | 2024-03-01 | 废止日期 | |",
                     "各镇政府,县政府各部门:",
                     "县政府研究确定了《2024年云河县政府重点工作责任分工》,现印发给你们,请认真落实。",
                     "云河县人民政府",
                     "2024年3月1日",
                     "(此件公开发布)",
                     "2024年云河县政府重点工作责任分工",
                     "一、主要预期目标")
    assert facts.title == "2024年云河县政府重点工作责任分工"
    assert facts.issuer == "云河县人民政府"
    assert facts.issued_date == "2024-03-01"


def test_label_cells_holding_label_and_value(reader):
    # Synthetic: a label table whose cells hold a label and its value together, one of them empty.
    facts = facts_of(reader,
                     "| 索引号:000123/2023-00456 | |",
                     "| 发文字号: | 发文时间:2023-02-06 |",
                     "| 发文机关:柳溪镇人民政府 | 主题词:工作计划 |",
                     "| 标题:柳溪镇人民政府2023年工作计划 | |",
                     "一是推进产业强镇。")
    assert facts.title == "柳溪镇人民政府2023年工作计划"
    assert facts.issued_date == "2023-02-06"
    assert facts.doc_number is None
    assert facts.level == "乡"


def test_joint_issuers_in_title_and_spaced_doc_number(reader):
    # Synthetic: four issuers before 关于 set apart by spaces; a 文号 printed with a space before its bracket.
    facts = facts_of(reader,
                     "青岚市发展和改革委员会 中共青岚市委社会工作部 青岚市自然资源局 青岚市住房和城乡建设局 关于印发社区服务设施建设方案的通知",
                     "各区(市)县政府,市级有关部门:")
    assert facts.issuer == "青岚市发展和改革委员会、中共青岚市委社会工作部、青岚市自然资源局、青岚市住房和城乡建设局"
    assert facts.level == "市"
    number = facts_of(reader, "珂政办字 〔2023〕4号", "各县区人民政府,市政府各部门:", "现将方案印发给你们。")
    assert number.doc_number == "珂政办字〔2023〕4号"


def test_dates_titles_and_labels_as_pages_print_them(reader):
    # Synthetic: a year typed with the letter O for its zeros, a closing formula that is no title, an empty label
    # cell beside 生成日期, a title printed inside 《》, one publishing note line, a headline's own question mark.
    facts = facts_of(reader, "青岚县人民政府办公室", "青政办〔2008〕3号", "各乡镇人民政府:",
                     "现将有关事项通知如下。", "特此通知。", "(二OO八年三月六日)")
    assert facts.issued_date == "2008-03-06" and facts.title != "特此通知。" and facts.title != "特此通知"
    facts = facts_of(reader, "索 引 号: | QL0012/2022-91150 | 信息分类: | |",
                     "发布机构: | 生成日期: | 2022-11-02 08:54:33 | |",
                     "名 称: | 市人民政府办公室关于印发青岚市数字乡村行动方案的通知 |")
    assert facts.issued_date == "2022-11-02" and facts.issuer != "生成日期:"
    facts = facts_of(reader, "《青岚市人民政府办公厅关于印发2023年重点工作分解方案的通知》", "青政办〔2023〕1号")
    assert facts.title == "青岚市人民政府办公厅关于印发2023年重点工作分解方案的通知"
    assert facts.issuer == "青岚市人民政府办公厅"
    facts = facts_of(reader, "(此件主动公开)", "2018年青岚市民生补短板实施方案", "为补齐民生短板,制定本方案。")
    assert facts.title == "2018年青岚市民生补短板实施方案"
    facts = facts_of(reader, "青岚观察丨哪些指标已提前完成?", "青岚日报讯 记者 王某 近日……")
    assert facts.title == "青岚观察丨哪些指标已提前完成?"


def test_report_pages_without_issuer_title_or_full_date(reader):
    # Synthetic: a news report whose level comes only from the place its head names most (the outlet's own place
    # not counted); a date stamp printed day first; a town's office by its 落款; a section's number is no title and
    # a lead-in ending in 如下: is no addressee list.
    report = facts_of(reader, "湘潭晚报讯 (记者 方远)记者从株洲市有关部门获悉,株洲市今年安排重点项目60个。",
                      "据了解,株洲市重点项目进展顺利。")
    assert report.level == "市"
    county = facts_of(reader, "汕尾日报讯 (记者 林木)记者从陆丰市有关部门了解到,今年该市安排项目20个。",
                      "列入汕尾市重点项目的12个。")
    assert county.level == "县"  # one place each: the lower tier, what the report is about
    stamped = facts_of(reader, "青岚省重点工作分工确定", "", "13.03.2015  07:51", "", "记者昨日获悉,省政府提出分工意见。")
    assert stamped.issued_date == "2015-03-13"
    town = facts_of(reader, "各村(社区):", "现将方案印发给你们,请认真贯彻执行。", "柳溪镇党政办公室", "2018年12月10日")
    assert town.level == "乡"
    digest = facts_of(reader, "1月20日上午,青岚省人大会议开幕,省长作政府工作报告,要点如下:", "一、2024年工作回顾",
                      "全省地区生产总值增长5.8%;")
    assert digest.title != "一、2024年工作回顾" and not digest.addressees


def test_a_report_of_a_plan_passed_and_a_page_button_below_it(reader):
    # Synthetic: the report names the plan a meeting passed (近日通过的《…》): that is its title; the page's own
    # button and prompt below the text are never a title.
    facts = facts_of(reader, "青岚晚报讯,记者从青岚省农业农村厅获悉,根据青岚省政府常务会议近日通过的《青岚省2021年高标准农田建设"
                     "工作方案》,今年全省要建设高标准农田750万亩。", "点击图片查看原图", "|", "您还没有登录,请登录后查看详情")
    assert facts.title == "青岚省2021年高标准农田建设工作方案"


def test_a_title_that_forwards_a_report_over_two_lines(reader):
    # Synthetic: the issuer on its own line above 批转…关于…的通知: both lines are the title, and the issuer is the
    # one who forwards, not the bureau whose report it is.
    facts = facts_of(reader, "青政发〔2025〕6号", "市人民政府", "批转市发改委关于2025年全市国民经济和社会发展计划报告的通知",
                     "各县市区人民政府,市政府各部门:", "市发改委的报告已经市人大会议审议通过,现转发给你们。", "2025年4月25日")
    assert facts.title == "市人民政府批转市发改委关于2025年全市国民经济和社会发展计划报告的通知"
    assert facts.issuer == "市人民政府"


def test_more_label_words_and_a_lead_that_reports_a_plan(reader):
    # Synthetic: bullet labels 信息名称 / 发文序号, a 发文文号 followed on its line by another label, a site's welcome
    # line (never a title); a page under a headline that reports a body issuing a plan takes the plan's title.
    labels = facts_of(reader, "欢迎访问青岚县人民政府网站", "  • 信息名称:关于印发青岚县2023年重点工作分工方案的通知",
                      "  • 发文序号:青政办发〔2023〕1 号", "  • 成文日期:2023年3月3日", "",
                      "各乡镇人民政府,县政府各部门:", "现将方案印发给你们。")
    assert (labels.title, labels.doc_number) == ("关于印发青岚县2023年重点工作分工方案的通知", "青政办发〔2023〕1号")
    glued = facts_of(reader, "发文文号: 云政办发〔2023〕7号 发布机关: 市政府办公室", "成文日期: 2023-03-01", "",
                     "云溪市人民政府办公室关于印发2023年重点工作责任分解的通知")
    assert glued.doc_number == "云政办发〔2023〕7号"
    lead = facts_of(reader, "打造500个左右县域商业“领跑县”", "日期:09-09",
                    "商务部等9部门联合印发的《县域商业三年行动计划(2023-2025年)》(下称《计划》)对外发布。")
    assert lead.title == "县域商业三年行动计划(2023-2025年)"
    assert (lead.issuer, lead.level) == ("商务部", "国家")  # 商务部等9部门: the first body the lead names


def test_label_values_printed_on_the_line_below_their_labels(reader):
    # Synthetic: a gov page's bullet labels with each value on a line of its own below (an empty label is
    # followed by the next label); a title under an empty 发文字号: stays the title.
    facts = facts_of(reader, "首页", ">> 政务公开 >> 重点实事", "  • 体裁分类:", "", "  • 发布机构:", "", "    青溪区人民政府",
                     "", "  • 成文日期:", "", "    2024-03-29", "", "  • 发文字号:", "",
                     "青溪区人民政府关于印发2024年民生实事项目的通知", "各镇人民政府,区政府各部门:")
    assert (facts.issuer, facts.issued_date) == ("青溪区人民政府", "2024-03-29")
    assert facts.title == "青溪区人民政府关于印发2024年民生实事项目的通知"


def test_what_a_page_glues_before_a_notices_title_is_cut(reader):
    # Synthetic: a database's site name and section glued before the issuer; a read-aloud button glued before 关于;
    # a row of site links ending in 首页 glued before 关于; an abbreviated issuer (区政府办公室 关于) is kept.
    glued = facts_of(reader, "资料图书馆新法规速递国务院关于加强青岚河流域保护的通知", "各省、自治区、直辖市人民政府:")
    assert glued.title == "国务院关于加强青岚河流域保护的通知"
    button = facts_of(reader, "朗读关于下达青岚镇2021年度植树任务的通知", "各村委会:")
    assert button.title == "关于下达青岚镇2021年度植树任务的通知"
    links = facts_of(reader, "热门站点|青岚资料网|设为首页|首页关于开展青岚湖水质监测工作的通知", "各有关单位:")
    assert links.title == "关于开展青岚湖水质监测工作的通知"
    kept = facts_of(reader, "区人民政府办公室 关于印发2020年区政府重点工作责任分解的通知", "各镇人民政府:")
    assert kept.title.startswith("区人民政府办公室")


def test_a_number_after_the_title_database_labels_and_joint_issuers_under_the_title(reader):
    # Synthetic: a 文号 in brackets after the title; a database's numbered bracket labels (1. 【颁布时间】, 【发文号】);
    # a date glued before a 文号 and a 落款 date typed with Latin o's; three issuers on a line under the title.
    after = facts_of(reader, "青岚市人民政府办公室印发《关于推进政务公开的实施意见》的通知(青政办发〔2017〕2号)",
                     "各县市区人民政府:")
    assert after.title == "青岚市人民政府办公室印发《关于推进政务公开的实施意见》的通知"
    assert after.doc_number == "青政办发〔2017〕2号"
    database = facts_of(reader, "1. 【颁布时间】2021-11-15", "2. 【标题】国务院关于加强青岚河流域保护的通知",
                        "3. 【发文号】国发〔2021〕36号", "4. 【失效时间】", "5. 【颁布单位】国务院")
    assert (database.doc_number, database.issued_date) == ("国发〔2021〕36号", "2021-11-15")
    glued = facts_of(reader, "青岚市人民政府关于印发青岚市城市管理规定的通知(2004/06/23)", "2004-6-23青政发〔2004〕89号",
                     "各县(市、区)人民政府:", "现印发给你们,请遵照执行。", "青岚市人民政府", "二oo四年五月十九日")
    assert (glued.doc_number, glued.issued_date) == ("青政发〔2004〕89号", "2004-05-19")
    joint = facts_of(reader, "关于开展青岚湖节能汽车推广工作的通知", "", "下载地址: 点击此处下载", "",
                     "财政部 国家发展和改革委员会 工业和信息化部", "", "各省、自治区财政厅:")
    assert joint.issuer == "财政部、国家发展和改革委员会、工业和信息化部"


def test_a_news_lead_naming_a_plan_without_its_brackets_and_a_line_of_mixed_labels(reader):
    # Synthetic: X印发Y(2023—2025年)的通知 in a report's lead, the plan printed without 《》: Y is the document reported
    # and X its issuer. A label line that sets its first label off by spaces and the next by a colon.
    news = facts_of(reader, "南方快讯10月30日电,据青岚市人民政府网站消息,青岚市人民政府办公厅印发健康青岚三年行动计划"
                    "(2023—2025年)的通知,通知指出,到2025年,基本建成健康治理体系。")
    assert news.title == "健康青岚三年行动计划(2023—2025年)"
    assert news.issuer == "青岚市人民政府办公厅"
    mixed = facts_of(reader, "青岚县人民政府关于印发2025年国民经济和社会发展计划的通知",
                     "文号 青政发〔2025〕6号 成文日期: 2025年04月15日", "各镇人民政府:")
    assert (mixed.doc_number, mixed.issued_date) == ("青政发〔2025〕6号", "2025-04-15")


def test_a_number_after_the_title_set_off_by_a_space_and_a_trail_without_its_home(reader):
    # Synthetic: the title line ends with its 文号 after a space, the title and 文号 printed again below; a
    # breadcrumb of three steps without 首页 over the title.
    spaced = facts_of(reader, "青岚市云河区人民政府办公室关于印发云河区大气污染防治2018年实施计划的通知 云政办发〔2018〕42号",
                      "青岚市云河区人民政府办公室关于印发云河区大气污染防治2018年实施计划的通知", "云政办发〔2018〕42号",
                      "各街道办事处:")
    assert spaced.title == "青岚市云河区人民政府办公室关于印发云河区大气污染防治2018年实施计划的通知"
    assert spaced.doc_number == "云政办发〔2018〕42号"
    trail = facts_of(reader, "政务公开 > 青岚县农业农村局 > 规划计划", "", "青岚县农业农村局2020年工作计划", "",
                     "2019-12-25 16:39", "2020年,县农业农村局将重点抓好以下几项工作:")
    assert trail.title == "青岚县农业农村局2020年工作计划"


def test_a_rank_in_the_province_is_no_tier_of_the_texts_own_and_a_phrase_is_no_place(reader):
    # Synthetic: a city's progress table that ranks itself in the province (居全省第2, 高于全省平均) many times and
    # names its own tier (市政府, 全市) less often: a city's. A headline opening with a phrase ending in 市 (今年排定
    # 的市…) names no place.
    ranked = facts_of(reader, "市政府2020年重点工作一季度进展情况表", "1", "确保全市地区生产总值增长7%左右。",
                      "增速居全省第2,高于全省平均,投资额为全省第1,总量在全省排名前列。", "市发改委")
    assert ranked.level == "市"
    phrase = facts_of(reader, "今年排定的市重大工程项目", "■ 科技产业类安排正式项目62项,重点围绕本市重大战略。")
    assert phrase.jurisdiction != "今年排定的市"


def test_a_headline_over_the_date_a_site_published_it_is_dated_so(reader):
    # Synthetic: a site's article (a headline that names no kind of document, a 发布时间 line, no 文号, no 落款):
    # the date it was put up is its date. A notice under the same line keeps no such date: it is no article.
    article = facts_of(reader, "青岚镇调度秋季防火工作", "", "发布时间:2021-10-09  发布机构:青岚镇人民政府  浏览次数:12",
                       "10月9日,镇长调度秋季防火工作:", "一、要落实责任。镇村干部务必加强认识。")
    assert article.issued_date == "2021-10-09"
    notice = facts_of(reader, "青岚镇2021年秋季防火工作方案", "", "发布时间:2021-10-09",
                      "一、工作目标", "全镇不发生较大火灾。")
    assert notice.issued_date is None
    table = facts_of(reader, "2022年度青岚镇民生实事项目进度表(截至10月31日)", "", "发布时间:2022-12-14",
                     "序号 | 项目 | 进度 |", "1 | 改造道路3公里 | 已完成 |")
    assert table.issued_date is None  # a table the site posted: its posting date is none of its own
    arrangement = facts_of(reader, "青岚镇重点工作安排", "", "时间:2022-04-09 08:27:37", "", "青岚镇重点工作安排",
                           "(一)扎实做好换届选举工作。")
    assert (arrangement.kind, arrangement.issued_date) == ("plan", None)  # a town's plan, posted: no article


def test_a_municipality_is_a_province_and_a_town_after_its_county(reader):
    # Synthetic: a text that names its bodies as 市 bodies (市发展改革委, 我市) and, in its head, the municipality it
    # belongs to (天津市, a division of province level): the province level. A headline that opens with an official
    # county and a town of it (长丰县青岚镇加强…) is the town's; 长丰县重点镇建设 names no town.
    municipal = facts_of(reader, "市人民代表大会批准了《天津市青岚发展规划纲要》。现将有关事项通知如下:",
                         "1.常住人口控制在1150万人左右。(市发展改革委、市公安局牵头)",
                         "2.我市单位地区生产总值能耗降低20%。(市经委牵头)")
    assert (municipal.level, municipal.jurisdiction) == ("省", "天津市")
    town = facts_of(reader, "长丰县青岚镇加强冬季巡逻不松懈", "", "为加强夜晚巡逻,镇里采取三项措施。")
    assert town.level == "乡"
    county = facts_of(reader, "长丰县重点镇建设加快推进", "", "今年全县推进三个重点镇建设。")
    assert county.level == "县"
    street = facts_of(reader, "环境综合整治方案", "为加强环境整治,我街道决定开展专项行动。", "一、组织领导",
                      "成立专项行动领导小组。")
    assert street.level == "乡"


def test_a_region_named_by_its_tier_takes_the_region_the_page_names(reader):
    # Synthetic: a report on a notice of 自治区人民政府办公厅 whose head names the region in full (广西壮族自治区, an
    # official division): the issuer is that region's. A title opening 市人民政府批转市… names no place.
    report = facts_of(reader, "今天,广西壮族自治区人民政府网站发布了《自治区人民政府办公厅关于印发青岚都市圈建设2019年工作计划的通知》。",
                      "通知明确了青岚都市圈建设2019年工作计划。")
    assert report.issuer == "广西壮族自治区人民政府办公厅"
    short = facts_of(reader, "近日,自治区政府印发《广西加快青岚经济发展的若干措施》。", "措施提出,到2023年实现三个目标。")
    assert short.issuer == "广西壮族自治区人民政府"
    forwarded = facts_of(reader, "市人民政府", "批转市发改委关于2025年全市青岚计划报告的通知", "各县市区人民政府,市政府各部门:",
                         "市发改委《关于2025年全市青岚计划的报告》已经审议通过,现批转给你们。")
    assert forwarded.jurisdiction is None or "政府" not in forwarded.jurisdiction


def test_a_label_set_off_by_a_space_alone_on_its_line(reader):
    # Synthetic: a label block whose 文件编号 stands alone on its line, its value after a space; a line opening with a
    # label word and holding no 文号 (文件编号 见附件) gives none.
    facts = facts_of(reader, "索引号 2950798/2020-38134", "组配分类 区府办文件 发布机构 云河区政府办",
                     "青岚市云河区人民政府办公室关于印发《云河区老旧小区改造三年行动方案》的通知", "文件有效性 有效",
                     "文件编号 云区政办发〔2020〕11号", "各街道办事处,区政府各部门:", "现予以印发。")
    assert facts.doc_number == "云区政办发〔2020〕11号"
    other = facts_of(reader, "青岚市人民政府关于加强绿化管理的通知", "文件编号 见附件", "各区人民政府:", "现通知如下。")
    assert other.doc_number is None


def test_a_sites_switches_one_a_line_are_no_part_of_the_title(reader):
    # Synthetic: a bulleted menu prints a site's switches one a line (• 无障碍阅读 / • 长者版) over the title, and a
    # page its read-aloud button (朗读) over the addressees.
    menu = facts_of(reader, "• 设为首页", "  • 加入收藏", "  • 无障碍阅读", "  • 长者版",
                    "区人民政府办公室关于印发2023年区政府工作报告重点任务分解的通知", "各街道办事处,区政府各部门:")
    assert menu.title == "区人民政府办公室关于印发2023年区政府工作报告重点任务分解的通知"
    aloud = facts_of(reader, "", "朗读", "各镇人民政府、街道办事处,市政府各部门:", "现将《2020年青岚市重点工作责任分解》印发给你们。",
                     "青岚市人民政府办公室", "2020年5月22日", "2020年青岚市重点工作责任分解")
    assert aloud.title != "朗读"


def test_a_short_category_below_a_pages_own_label_is_no_title(reader):
    # Synthetic: bulleted labels with their values on the lines below; 组配分类's value (一般规划) reads like a kind of
    # document but is the page's category; the plan's own title comes after the labels.
    facts = facts_of(reader, "  • 信息索引号:", "", "    592878027/2021-90323", "", "  • 组配分类:", "", "    一般规划", "",
                     "  • 发布机构:", "", "    区政府办公室", "", "2021年区府办工作计划", "", "一、主要目标", "全区生产总值增长7.5%。")
    assert facts.title == "2021年区府办工作计划"


def test_a_title_printed_as_a_files_name_loses_its_extension(reader):
    # Synthetic: a document-sharing page prints the title as its file's name (….docx) over the upload's labels.
    facts = facts_of(reader, "2021年青岚区重大民生实事项目目标任务责任分解表.docx", "",
                     "上传人:b****5 文档编号:11623267 上传时间:2023-03-29 格式:DOCX 页数:8", "序号 | 项目 | 责任单位 |")
    assert facts.title == "2021年青岚区重大民生实事项目目标任务责任分解表"


def test_an_information_index_number_below_its_label_is_no_title(reader):
    # Synthetic: 信息索引号 (a site's index number) with its value on a line below it, and no title line in the head
    # (the notice's title is printed further down): the index number is the page's furniture, never the title.
    facts = facts_of(reader, "  • 信息索引号:", "", "    02165835-001/2023-80815", "", "各乡(镇)人民政府,县级机关各单位:",
                     "现将办法印发给你们。")
    assert facts.title is None
    assert "02165835-001/2023-80815" in facts.furniture


def test_an_attachments_label_is_no_part_of_the_title_and_alone_is_none(reader):
    # Synthetic: an attachment's label before its title (附件:1.X), or alone on its line over the title (附件1).
    facts = facts_of(reader, "附件:1.2024年云溪区政府工作报告主要目标任务责任分解表", "序号 目标名称 牵头单位")
    assert facts.title == "2024年云溪区政府工作报告主要目标任务责任分解表"
    facts = facts_of(reader, "附件1", "云溪市2021年民生实事工作目标", "一、教育", "1.新建幼儿园10所。")
    assert facts.title == "云溪市2021年民生实事工作目标"


def test_a_newspaper_pages_number_section_and_date_line_past_empty_cells(reader):
    # Synthetic: | | | 2019年01月28日 星期一 / 1 / 要闻 over a headline: the date is the report's, the headline its title;
    # a site's switches (无障碍浏览 长者模式) are no title either.
    facts = facts_of(reader, "| | | 2019年01月28日 星期一", "1", "要闻", "",
                     "全面推进云溪新区建设", "", "市长作政府工作报告提出今年主要预期目标", "今年预期目标",
                     "全市生产总值增长6%左右。")
    assert facts.title == "全面推进云溪新区建设"
    assert facts.issued_date == "2019-01-28"
    facts = facts_of(reader, "无障碍浏览 长者模式", "", "《云溪区重点工作任务分工方案》政策解读", "发布日期:2024-04-02 15:35",
                     "一、起草背景", "为推动目标任务落实,形成了分工方案。")
    assert facts.title == "《云溪区重点工作任务分工方案》政策解读"


def test_a_street_named_after_a_municipality_is_no_municipality(reader):
    # Synthetic: a city's text (全市, 市 bodies) that names 重庆路 and 北京东路: still a city's, not a municipality's.
    facts = facts_of(reader, "全市经济社会发展主要预期目标是:地区生产总值增长5.5%以上。",
                     "启动重庆路等重点商圈转型提升,改造北京东路。", "市商务局要加快招商。")
    assert facts.level == "市"
    facts = facts_of(reader, "今年上海主要预期目标", "市发展改革委要加快项目建设。")
    assert facts.level == "省"


def test_one_lost_space_at_each_line_end(reader):
    # Synthetic: a page whose every line lost its last space to a single ?: the addressees, the 落款, the date and
    # the table's title read without it; a headline's own question mark stays.
    facts = facts_of(reader,
                     "各镇人民政府、街道办事处,区直各单位:?",
                     "现将2019年重点工作任务进行细化分解(详见附件),请抓好落实。?",
                     "附件:2019年《政府工作报告》工作任务分解表?",
                     "云溪市青岚区人民政府办公室?",
                     "2019年3月12日?",
                     "附件?",
                     "2019年《政府工作报告》工作任务分解表?")
    assert (facts.title, facts.issuer, facts.issued_date) == (
        "2019年《政府工作报告》工作任务分解表", "云溪市青岚区人民政府办公室", "2019-03-12")
    question = facts_of(reader, "今年的民生实事怎么做实?", "记者 张三", "昨日,市政府公布了2019年十件实事。")
    assert question.title == "今年的民生实事怎么做实?"


def test_a_sites_name_over_a_report_and_after_a_page_title(reader):
    # Synthetic: a news outlet's name alone over its report (青岚网), a paper's issue line (《 云河日报 》( … 02 版))
    # and a page title followed by its site's name (…工作要点-青岚农业官网) are no part of any title.
    facts = facts_of(reader, "青岚网", "", "市交通局:明年将新改建农村公路300公里", "", "2018-12-26 19:11:00来源:青岚网",
                     "青岚网12月26日消息 市交通局今天表示,明年将新改建农村公路300公里。")
    assert facts.title == "市交通局:明年将新改建农村公路300公里"
    paper = facts_of(reader, "《 云河日报 》( 2012年5月4日   02 版)", "保障房开工率达85%",
                     "本报讯 记者从市住建局获悉,今年全市保障房开工率达85%。")
    assert (paper.title, paper.furniture) == ("保障房开工率达85%", ["《 云河日报 》( 2012年5月4日   02 版)"])
    page = facts_of(reader, "青岚市农业农村局2024年全市农业农村工作要点-青岚农业官网", "",
                    "浏览次数:信息来源:市农业农村局发布时间:2024-03-29 11:28", "2024年,全市农业农村系统坚持稳中求进。")
    assert page.title == "青岚市农业农村局2024年全市农业农村工作要点"


def test_a_headline_over_its_deck_and_a_photo_caption_and_a_listed_file(reader):
    # Synthetic: a headline, a deck that runs on with a comma, a photo's caption in brackets, then the lead: the
    # headline is the title. A notice listed as a file (….pdf) over its text is titled without the extension.
    facts = facts_of(reader, "青岚区第三届人大二次会议开幕", "张三出席,李四作《政府工作报告》", "(会议现场 王五摄)",
                     "青岚日报客户端3月1日讯(记者赵六)今天上午,青岚区第三届人民代表大会第二次会议开幕。")
    assert facts.title == "青岚区第三届人大二次会议开幕"
    assert "(会议现场 王五摄)" in facts.furniture
    listed = facts_of(reader, "云河市人民政府关于印发云河市2019年国民经济和社会发展计划的通知.pdf",
                      "云府〔2019〕3 号 云河市人民政府关于印发云河市2019年 国民经济和社会发展计划的通知 各区政府: 现印发给你们。")
    assert listed.title == "云河市人民政府关于印发云河市2019年国民经济和社会发展计划的通知"


def test_an_item_of_a_list_is_never_a_guessed_title(reader):
    # Synthetic: a report that opens with its lead and lists items (一、… (一)…): no item is the title.
    facts = facts_of(reader, "近日,县委、县政府研究决定,继续开展为民办实事工作,要求各级各部门认真实施,按时完成任务。",
                     "(一)新购置公交车80辆", "(二)新建公交站台30个")
    assert facts.title is None  # (kb add then asks for --title)


def test_a_source_label_left_empty_takes_no_title_below_it(reader):
    # Synthetic: a page prints 信息来源: twice, the second empty, right over the year's table title; the title is
    # the table's, never the label's value.
    facts = facts_of(reader, "发布时间:2031-05-06 10:00", "访问次数:", "信息来源:县府办", "信息来源:",
                     "2031年云溪县民生实事进展情况登记表", "项目名称 | 工作任务 | 计划完成时间 | 牵头单位 |",
                     "1.道路提升项目 | 对两条城区道路进行提升改造; | 11月 | 建设局 |")
    assert facts.title == "2031年云溪县民生实事进展情况登记表"


def test_a_web_address_alone_on_its_line_is_no_title(reader):
    # Synthetic: a portal's reprint opens with its language switch and its address over the headline.
    facts = facts_of(reader, "EN", "https://www.example.gov.cn/", "", "云溪省稳就业工作电视电话会议召开", "",
                     "2031-05-28 10:28 来源: 云溪日报", "5月27日,全省稳就业工作电视电话会议在云溪召开。")
    assert facts.title == "云溪省稳就业工作电视电话会议召开"


def test_labels_glued_to_their_values(reader):
    # Synthetic: a law database prints each label run into its value, with no colon or space between.
    facts = facts_of(reader, "发文机关中共云溪省交通运输厅党组", "发文日期2031年12月21日", "时效性现行有效",
                     "发文字号云交发〔2031〕63号", "厅直各单位:", "现将《关于深化交通运输法治建设的实施意见》印发给你们,请认真抓好落实。")
    assert (facts.doc_number, facts.issuer, facts.issued_date) == ("云交发〔2031〕63号", "中共云溪省交通运输厅党组",
                                                                   "2031-12-21")


def test_a_label_alone_on_its_line_is_no_title(reader):
    # Synthetic: a label table whose last label (有效性) has no value, over the page's title.
    facts = facts_of(reader, "索  引  号 QL0828-2031-05704 公开方式 主动公开", "发布机构 青岚县农业农村局 组配分类 政策和解读",
                     "成文日期 2031-04-20 废止日期", "有效性", "2031年全县乡村振兴工作重点任务清单",
                     "发布日期:2031-04-20 14:54 信息来源:青岚县农业农村局 浏览次数:",
                     "2031年全县乡村振兴工作总的要求是:坚持高质量发展。")
    assert facts.title == "2031年全县乡村振兴工作重点任务清单"


def test_a_headline_without_its_photo_tag_and_a_gloss_with_a_space(reader):
    # Synthetic: a news site tags its headline (图); a mirror prints a gloss with a space inside its brackets.
    facts = facts_of(reader, "云溪县召开“四好农村路”示范县创建工作推进会(图)", "2031-02-24 来源:云溪新闻网",
                     "2月21日,云溪县召开推进会。")
    assert facts.title == "云溪县召开“四好农村路”示范县创建工作推进会"
    from kb.normalize import without_glosses
    assert without_glosses("政府和社會(huì )資本") == "政府和社會資本"


def test_a_papers_date_line_cut_after_xingqi_and_a_byline_that_is_no_title(reader):
    # Synthetic: an e-paper's date line lost its weekday; a city daily's byline (□本报记者…报道) over its lead.
    facts = facts_of(reader, "第01版:要闻", "2031年2月15日 星期", "放大 缩小 默认", "市三届人大四次会议隆重开幕",
                     "  □晚报记者 王某/文", "  本报讯 2月14日上午,云溪市第三届人民代表大会第四次会议隆重举行。")
    assert facts.issued_date == "2031-02-15"
    facts = facts_of(reader, "□本报记者赵某报道", "本报讯 1月4日,云溪市人大会议举行新闻发布会。")
    assert facts.title != "□本报记者赵某报道"


def test_a_title_broken_after_guanyu_over_four_lines(reader):
    # Synthetic: the issuer and 关于 on a line of their own, the rest of a long title wrapped over three more; the
    # 对县… that follows 关于 is a preposition, no county.
    facts = facts_of(reader,
                     "青政办发〔2021〕7号",
                     "县人民政府办公室关于",
                     "对县《政府工作报告》确定的2021年",
                     "重点工作及市《政府工作报告》涉及青岚的",
                     "重点事项进行责任分解的通知",
                     "各镇人民政府,县政府各部门:",
                     "现将重点工作责任分解给你们,请抓好落实。",
                     "2021年4月9日")
    assert facts.title == ("县人民政府办公室关于对县《政府工作报告》确定的2021年重点工作及市《政府工作报告》涉及青岚的"
                           "重点事项进行责任分解的通知")
    assert facts.issuer == "县人民政府办公室"


def test_a_page_that_opens_with_a_tables_header_cells_has_no_guessed_title(reader):
    # Synthetic: a task table scraped one cell per line, with no title line: neither a header cell (序号) nor the
    # first task cell after it is the title.
    facts = facts_of(reader, "|", "序号", "|", "工作任务", "|", "责任单位", "|", "1", "|", "完善城乡管理体制", "|",
                     "市住建局、市城管局", "|")
    assert facts.title is None


def test_a_wenhao_cell_below_its_label_cell_with_bars(reader):
    # Synthetic: a label table scraped one cell a line, each cell closed by a bar: the 文号 below its label.
    facts = facts_of(reader, "文件名称 |", "青岚市应急管理局关于印发2031年安全生产工作要点的通知 |", "||", "文号 |",
                     "青应急发〔2031〕3号 |", "成文日期 |", "2031年1月18日 |", "各县区应急管理局:",
                     "现将工作要点印发给你们,请认真抓好落实。")
    assert facts.doc_number == "青应急发〔2031〕3号"
    assert facts.issued_date == "2031-01-18"


def test_a_wenhao_and_date_in_one_pair_of_brackets_under_the_title(reader):
    # Synthetic: a gazette prints (文号 date) in one pair of brackets under the title.
    facts = facts_of(reader, "青岚市人民政府办公室关于印发安全生产年活动实施方案的通知", "(青政办字〔2031〕41号 2031年2月25日)",
                     "各区人民政府,市政府各部门:", "现将实施方案印发给你们,请认真贯彻执行。")
    assert facts.doc_number == "青政办字〔2031〕41号"
    assert facts.issued_date == "2031-02-25"


def test_a_city_that_says_wo_shi_under_a_province_it_names_more(reader):
    # Synthetic: a city's page on the targets the province set it: 全省 and 省政府 twice, but 我市 is its own tier.
    facts = facts_of(reader, "5月17日,省政府与全省13个市签订了节能目标责任书。按照全省单位GDP能耗下降18%的目标任务,"
                             "省政府确定我市的节能目标任务是下降19%。")
    assert facts.level == "市"


def test_a_headline_that_opens_with_a_time_before_its_city(reader):
    # Synthetic: a news headline opens with 今年上半年 before the city it is about (常州, an official city); the
    # report is of a provincial meeting that names 全省 often.
    facts = facts_of(reader, "今年上半年 常州接待游客超2000万人次", "", "2031-08-04 10:21:56来源:某某网",
                     "8月1日,省旅发委召开全省旅游经济运行分析会,通报了上半年全省旅游经济运行情况,全省接待游客增长12%。")
    assert facts.level == "市"
    assert facts.jurisdiction == "常州市"


def test_an_issuer_on_the_line_above_a_title_that_opens_yinfa(reader):
    # Synthetic: the issuer alone above 印发…的通知 (no 关于): it is the title's subject, and the issuer.
    facts = facts_of(reader, "青岚县人民政府办公室", "印发青岚县孵化器建设三年行动计划(2031—2033年)的通知", "",
                     "青岚县人民政府办公室文件", "青政办〔2031〕49号", "各乡镇人民政府,县政府直属各单位:",
                     "《青岚县孵化器建设三年行动计划(2031—2033年)》已经县政府常务会议审议通过,现印发给你们。")
    assert facts.title == "青岚县人民政府办公室印发青岚县孵化器建设三年行动计划(2031—2033年)的通知"
    assert facts.issuer == "青岚县人民政府办公室"


def test_a_government_named_short_is_spelled_as_its_official_name(reader):
    # Synthetic text; 福州市 and 湖北省 are official places: 政府 after a place is its 人民政府.
    facts = facts_of(reader, "发布机构: 福州市政府办公厅", "关于加快畜禽养殖废弃物资源化利用的实施方案", "各县(市)区人民政府:",
                     "现将实施方案印发给你们,请认真贯彻执行。")
    assert facts.issuer == "福州市人民政府办公厅"
    assert reader.levels.spelled_out("中共湖北省委、湖北省政府") == "中共湖北省委、湖北省人民政府"
    assert reader.levels.spelled_out("青岚市政府办公室") == "青岚市政府办公室"  # no official place: as printed


def test_an_issuer_on_the_line_above_a_guanyu_title_over_three_lines(reader):
    # Synthetic: the issuer alone, then 关于印发… wrapped over three lines, then the page's 来源/时间 line.
    facts = facts_of(reader, "首页 > 政府信息公开 > 2031", "青岚市人民政府办公室", "关于印发青岚市与云河市共同推进",
                     "城市群建设2031年", "重点任务清单的通知", "来源:    时间:2031年10月16日", "",
                     "各县区人民政府,市政府有关部门:", "现将重点任务清单印发给你们,请认真组织实施。")
    assert facts.title == "青岚市人民政府办公室关于印发青岚市与云河市共同推进城市群建设2031年重点任务清单的通知"
    assert facts.issuer == "青岚市人民政府办公室"


def test_a_county_level_city_named_in_the_title_is_a_county_tier(reader):
    # Synthetic text; 潜江市 is an official county-level city: its 市 bodies are of a 县 tier.
    facts = facts_of(reader, "2031年潜江市粮食生产工作方案政策解读", "",
                     "我市将稳定粮食播种面积。市农业农村局负责统筹,市财政局负责资金保障。")
    assert facts.level == "县"
    assert facts.jurisdiction == "潜江市"


def test_a_sites_section_name_and_navigation_are_no_guessed_title(reader):
    # Synthetic: a page opening with a site's navigation (位置:首页>…, 专题>>) and a section name (镇街动态): the
    # headline under them is the title.
    facts = facts_of(reader, "青岚资讯网位置:首页>时政>要闻", "两会专题>>", "镇街动态",
                     "云溪镇全面部署春季粮食生产工作", "3月5日,云溪镇召开春季粮食生产工作会议,部署全年粮食生产任务。")
    assert facts.title == "云溪镇全面部署春季粮食生产工作"


def test_a_page_run_into_one_line_opens_with_its_title(reader):
    # Synthetic: a document-sharing copy run into one line, a page number before the title, the body right after
    # it; a page that opens with its body names no title.
    facts = facts_of(reader, "1青溪乡中药材种植基地建设实施方案根据《云河区2031年农业产业化工作目标》,完成300亩"
                             "中药材基地任务,我乡特制定如下实施方案:一、指导思想以完成基地任务为指导。")
    assert facts.title == "青溪乡中药材种植基地建设实施方案"
    facts = facts_of(reader, "根据《云河区2031年农业产业化工作目标》,完成300亩中药材基地任务,我乡特制定如下实施方案:"
                             "一、指导思想以完成基地任务为指导。")
    assert facts.title is None


def test_ranks_and_gaps_against_the_tier_above_are_not_the_texts_own_tier(reader):
    # Synthetic: a city's 督查 report ranks its figures in the province (全省排第7位, 高出全省0.1个百分点) more
    # often than it names its own tier (全市): the city's.
    facts = facts_of(reader, "重点工作督查通报",
                     "为推进市政府决策部署的落实,现将2031年重点工作上半年完成情况通报如下:",
                     "上半年,全市完成地区生产总值802.5亿元,比上年同期增长8.6%,高出全省0.1个百分点,增幅全省排第7位;"
                     "社会固定资产投资增长8.1%,增幅全省排第9位;进出口总额增长6.2%,增幅全省排第3位。")
    assert facts.level == "市"


def test_a_title_opening_with_a_verb_and_a_word_ending_in_a_division_names_no_place(reader):
    # Synthetic: 关于深入贯彻城市… opens with no place (城市 is a word, 深入贯彻 a verb): the level is the tier the
    # text calls its own (我省), not a 市 read off the title.
    facts = facts_of(reader, "关于深入贯彻城市公共交通优先发展战略的实施意见",
                     "青政办〔2031〕4号",
                     "各市人民政府,省人民政府各部门:",
                     "为加快推进我省城市公共交通高质量发展,结合我省实际,现提出如下实施意见。")
    assert facts.level == "省"
    assert facts.jurisdiction != "深入贯彻城市"


def test_a_posters_name_and_a_time_stamp_with_slashes_are_no_title(reader):
    # Synthetic: a forum repost: the poster's name and a stamp (2031/9/7 22:57:00, glued or not) above a report
    # whose lead names the document it is about: that document is the title.
    facts = facts_of(reader, "云河论坛 青岚建80个重点镇 - 云河论坛 - Powered by Discuz!NT Archiver", "",
                     "首页 » 问答 » 青岚建80个重点镇",
                     "XyzAbcdef - 2031/9/7 22:57:00", "",
                     "日前,青岚省出台《关于加快县域经济高质量发展的意见》(简称《意见》),提出培育一批百强后备县。")
    assert facts.title == "关于加快县域经济高质量发展的意见"


def test_the_issuers_mark_above_the_title_names_the_issuer(reader):
    # Synthetic: a page prints the title, its stamp, then the issuer's mark (青溪县人民政府) alone above the title
    # again and a garbled 文号: the mark names the issuer. A name above some other line names nobody.
    facts = facts_of(reader, "关于加快服务业发展的实施意见(试行)", "",
                     "日期:2031-10-11 16:17 来源:本网", "",
                     "青溪县人民政府", "",
                     "关于加快服务业发展的实施意见(试行)", "",
                     "青政〔2031478", "",
                     "各乡镇人民政府,县直各单位:", "为加快服务业发展,提出如下意见。")
    assert facts.issuer == "青溪县人民政府"
    facts = facts_of(reader, "关于加快服务业发展的实施意见(试行)", "",
                     "青溪县人民政府", "",
                     "各乡镇人民政府,县直各单位:", "为加快服务业发展,提出如下意见。")
    assert facts.issuer is None


def test_a_title_broken_after_a_work_report_goes_on_and_a_close_button_is_none_of_it(reader):
    # Synthetic: a forum copy: the login prompt's close button (x) above the issuer and a title broken after
    # 市政府工作报告 (an ending inside the title): the title is the three lines, not the first two.
    facts = facts_of(reader, "您需要 登录 才可以下载或查看,没有账号?立即注册", "x",
                     "青岚市人民政府办公室", "关于分解落实2031年市政府工作报告", "主要目标任务的通知",
                     "各县(市、区)人民政府,市各委、办、局:", "2031年是关键之年。")
    assert facts.title == "青岚市人民政府办公室关于分解落实2031年市政府工作报告主要目标任务的通知"
    assert facts.issuer == "青岚市人民政府办公室"


def test_a_division_of_tasks_and_a_years_key_tasks_are_titles(reader):
    # Synthetic: documents named by what they are in this field: 重点工作任务 (over two lines, under a notice with
    # no title of its own) and 主要工作安排和任务分解 in a label table's cell.
    facts = facts_of(reader, "青政办字〔2031〕5号", "各市人民政府,省政府各部门:",
                     "《青岚省建设先行区2031年重点工作任务》已经省政府同意,现印发给你们。",
                     "青岚省人民政府办公厅", "2031年1月19日",
                     "青岚省建设先行区", "2031年重点工作任务", "一、深入实施创新驱动发展战略")
    assert facts.title == "青岚省建设先行区2031年重点工作任务"
    facts = facts_of(reader, "索引号: | 002590139/2031-74151 | 公开方式: | 主动公开 |",
                     "发布单位: | 青溪镇 |", "2031年青溪镇政府主要工作安排和任务分解 | ||",
                     "2031年是关键之年。")
    assert facts.title == "2031年青溪镇政府主要工作安排和任务分解"


def test_a_headline_worded_as_news_keeps_the_reports_date_whatever_word_it_ends_in(reader):
    # Synthetic: 省政府分解下达…重点工作任务 is a news headline (its verb), though it ends in a document's word: the
    # report's date is the page's.
    facts = facts_of(reader, "青岚省政府分解下达2031年全省经济社会发展主要指标和重点工作任务",
                     "编辑:某某 信息来源: 青岚网 发布时间:2031-2-26",
                     "省政府日前下发通知,将2031年全省主要指标和重点工作任务分解下达到各市州。")
    assert facts.issued_date == "2031-02-26"


def test_a_title_without_about_names_the_body_it_opens_with_as_its_issuer(reader):
    # Synthetic: a bureau's own plan (青岚市农业农村局2031年工作要点, 县农业局冬季农业工作方案): the body the title
    # opens with issues it. A body named with no place gives way to the office the page comes from (文章来源).
    assert facts_of(reader, "青岚市农业农村局2031年工作要点", "一、稳定粮食生产").issuer == "青岚市农业农村局"
    assert facts_of(reader, "县农业局冬季农业工作方案", "一、指导思想").issuer == "县农业局"
    assert facts_of(reader, "青溪县人民政府工作规则", "第一章 总则").issuer == "青溪县人民政府"
    facts = facts_of(reader, "县卫健委2031年政府工作报告任务分解",
                     "文章来源:青溪县卫生健康委员会 浏览量: 发表时间:2031-05-07 10:49", "一、主要任务")
    assert facts.issuer == "青溪县卫生健康委员会"
    assert facts_of(reader, "加强安全生产监管局面稳定工作方案", "一、指导思想").issuer is None


def test_a_sites_slogan_with_its_web_address_is_no_part_of_the_title(reader):
    # Synthetic: a writing-sample site prints its slogan and address on the line above the title.
    facts = facts_of(reader, "某某公文写作范文宝典:www.example.com", "2031年全市卫生健康工作要点",
                     "2031年,全市卫生健康工作的总体思路是:坚持稳中求进。")
    assert facts.title == "2031年全市卫生健康工作要点"


def test_a_city_below_the_city_whose_deployments_it_carries_out_is_of_a_county_tier(reader):
    # Synthetic: 我市 in a text that carries out what 中央、自治区、青岚市 deployed: a county-level city (县 tier);
    # 我市 carrying out 中央、省 alone stays a city.
    facts = facts_of(reader, "2031年是开局之年。为深入贯彻落实中央、自治区、青岚市关于做好2031年乡村振兴重点工作的部署要求,"
                             "结合我市实际,制定本实施方案。", "一、总体要求")
    assert facts.level == "县"
    facts = facts_of(reader, "2031年是开局之年。为深入贯彻落实中央、省关于做好2031年乡村振兴重点工作的部署要求,"
                             "结合我市实际,制定本实施方案。", "一、总体要求")
    assert facts.level == "市"
    # A province's notice to 各市、州、县 that carries out 中央和省委 stays a province's: 省委 names a tier, no place.
    facts = facts_of(reader, "各市、州、县人民政府,省政府各部门:",
                     "2031年是关键之年。全省各地各部门务必认真贯彻中央和省委决策部署,确保各项目标任务圆满完成。")
    assert facts.level == "省"


def test_a_label_left_empty_at_the_end_of_a_line_ends_the_value_before_it(reader):
    # Synthetic: 文号 X 是否有效 (the validity label printed with no value): X is the 文号.
    facts = facts_of(reader, "索引号 000014349/2031-1497743 主题分类   其他",
                     "发布机构 发文日期  2031年05月10日",
                     "文号 青府办函〔2031〕56号 是否有效",
                     "标题 市人民政府办公室关于印发停车设施建设方案的通知")
    assert facts.doc_number == "青府办函〔2031〕56号"


def test_a_towns_party_committee_office_is_of_the_town_tier(reader):
    # Synthetic: 中共青岚市云河区八斗镇委办公室关于印发…的通知: the town's party committee office, a 乡-tier issuer.
    facts = facts_of(reader, "中共青岚市云河区八斗镇委办公室关于印发《八斗镇推进乡村振兴工作方案》的通知",
                     "八委办〔2031〕45号", "各村(社区)党组织:", "现将方案印发给你们。")
    assert facts.level == "乡"


def test_a_furniture_label_left_empty_does_not_take_the_number_line_below_it(reader):
    # Synthetic: • 来源: with no value, then the 文号 alone on its line: the 文号 is the document's.
    facts = facts_of(reader, "青岚省人民政府关于批转省发展改革委2031年经济体制改革重点工作意见的通知",
                     "  • 时间:2031-04-28", "  • 点击:21", "  • 来源:", "", "青政发〔2031〕53号", "",
                     "各市、自治州人民政府,省政府各部门:", "省政府同意省发展改革委的意见,现转发给你们。")
    assert facts.doc_number == "青政发〔2031〕53号"


def test_a_notice_issuing_a_document_goes_on_to_its_notice_and_stops_at_the_title_printed_again(reader):
    # Synthetic: 关于印发…行动计划 | (2031—2033年)的通知: the title goes on to 的通知; a title printed twice (the
    # second time on the next line) is one title.
    facts = facts_of(reader, "青岚市人民政府办公室", "关于印发健康青岚建设行动计划", "(2031—2033年)的通知",
                     "青政办〔2031〕66号", "各县(市、区)人民政府:", "现将行动计划印发给你们。")
    assert facts.title == "青岚市人民政府办公室关于印发健康青岚建设行动计划(2031—2033年)的通知"
    facts = facts_of(reader, "青岚省人民政府办公厅关于印发青岚省贯彻落实发展规划工作方案",
                     "青岚省人民政府办公厅关于印发青岚省贯彻落实发展规划工作方案", "青政办发〔2031〕55号",
                     "各市、县人民政府:", "现印发给你们。")
    assert facts.title == "青岚省人民政府办公厅关于印发青岚省贯彻落实发展规划工作方案"


def test_an_issuer_named_in_full_makes_a_short_code_another_bodys(reader):
    # Synthetic: 蒙政办发 is a province's code (rules/citations.yml), but the title names the issuer in full, a
    # city whose name opens with 蒙: the code stands for no one here, and the level is the issuer's.
    facts = facts_of(reader, "蒙溪市人民政府办公室关于印发蒙溪市校园安全三年行动工作方案的通知", "蒙政办发〔2031〕37号",
                     "各乡镇(街道),市级各有关部门:", "现将工作方案印发给你们。")
    assert facts.issuer == "蒙溪市人民政府办公室"
    assert facts.jurisdiction != "内蒙古自治区" and facts.level != "自治区"
    # …while an issuer cut short still takes the code's body.
    facts = facts_of(reader, "关于印发校园安全三年行动工作方案的通知", "蒙政办发〔2031〕37号",
                     "各盟行政公署、市人民政府:", "现将工作方案印发给你们。")
    assert facts.jurisdiction == "内蒙古自治区"


def test_cities_and_counties_addressed_in_brackets_are_a_citys_tier_below(reader):
    # Synthetic: a city addresses the county-level cities and districts under it: 各市(县)和各区人民政府.
    facts = facts_of(reader, "发布文号: 青政发[2031]21号", "各市(县)和各区人民政府,市各委、办、局:",
                     "现将《市政府2031年重点工作分解落实方案》印发给你们。")
    assert facts.level == "市"


def test_a_towns_congress_in_a_headline_is_of_the_town_tier(reader):
    # Synthetic: a town's site reports its congress: 青苇镇第五届人民代表大会…召开.
    facts = facts_of(reader, "青苇镇第五届人民代表大会第二次会议胜利召开", "来源:青苇镇 日期:2031-04-07",
                     "4月2日上午,青苇镇召开第五届人民代表大会第二次会议,县委常委出席会议。")
    assert facts.level == "乡"


def test_label_lines_of_a_towns_page_with_a_posting_date_and_a_serial_number(reader):
    # Synthetic: 公布日期: … 公开方式: … / 发布单位: 青苇街道 统一编号: on lines above the title: labels, not the title,
    # and the 发布单位's value stops at the next label.
    facts = facts_of(reader, "信息索引号: 00123456-7/2032-00042 文号:", "公布日期: 2032-03-14 公开方式: 主动公开", " ",
                     "发布单位: 青苇街道 统一编号:", " ", "青苇街道2031年工作总结和2032年工作思路", "",
                     "一、2031年工作回顾", "2031年,街道办事处圆满完成年度各项目标任务。")
    assert facts.title == "青苇街道2031年工作总结和2032年工作思路"
    assert facts.issuer == "青苇街道"
    assert facts.published_at == "2032-03-14"


def test_a_title_opening_with_a_town_and_its_year_names_no_body_with_the_year_in_it(reader):
    # Synthetic: 青苇镇2032年度政府工作计划: the body the title opens with is no "青苇镇2032年度政府".
    facts = facts_of(reader, "青苇镇2032年度政府工作计划", "发布时间:2032-01-18 15:22",
                     "2032年是实施规划的关键一年,做好政府工作意义重大。")
    assert facts.issuer is None or not re.search(r"\d", facts.issuer)


def test_a_notice_run_into_one_line_after_its_issuers_mark_and_number(reader):
    # Synthetic: a forum repost runs the red header, the 文号, the title and the 主送 line into one line.
    facts = facts_of(reader, "编辑: 某某 2032-06-25",
                     "青苇市人民政府办公室文件 青政办发〔2032〕32号 市政府办公室关于分解落实2032年 政府工作任务的通知 "
                     "各镇人民政府,各街道办事处,市各委办局、直属单位: 根据市人代会确定的目标任务,市政府将2032年政府工作分解为"
                     "11项工作目标,现下达给你们,请认真组织实施.",
                     "", "1 地区生产总值增长7%以上. 发改委")
    assert facts.title.replace(" ", "") == "市政府办公室关于分解落实2032年政府工作任务的通知"
    assert facts.doc_number == "青政办发〔2032〕32号"
    assert facts.issuer == "青苇市人民政府办公室"


def test_a_reporter_and_agency_line_under_a_headline_is_a_byline(reader):
    # Synthetic: headline, then 王某某新华社 (the reporter and the agency), then the dateline lead.
    facts = facts_of(reader, "云河:到2030年数字经济增加值占GDP比重达55%左右", "王青苇新华社",
                     "新华社云河7月5日电(记者 王青苇)到2030年,全省数字经济增加值占GDP比重达到55%左右。")
    assert facts.title == "云河:到2030年数字经济增加值占GDP比重达55%左右"


def test_a_sites_name_and_a_dash_before_the_title_are_no_part_of_it(reader):
    # Synthetic: the page's own <title> line, 青苇县人民政府-…, then the title printed alone.
    facts = facts_of(reader, "青苇县人民政府-2032年上半年云岭乡主要工作目标管理情况自查报告", "",
                     "2032年上半年云岭乡主要工作目标管理情况自查报告", "", "来源: 发布时间:2032-07-03 14:59:50",
                     "今年以来,我乡在县委、县政府的正确领导下,各项工作稳步推进。")
    assert facts.title == "2032年上半年云岭乡主要工作目标管理情况自查报告"


def test_a_town_named_alone_as_the_pages_source_is_its_issuer(reader):
    # Synthetic: a county site's town news: 来源:青苇镇, and no other issuer: the town's page.
    facts = facts_of(reader, "当前位置: 首页 > 政务公开 > 乡镇快讯", "", "青苇镇召开2032年经济工作会议", "",
                     "来源:青苇镇 日期:2032-02-07 00:00", "2月2日上午,青苇镇召开经济工作会议,部署全年工作。")
    assert facts.issuer == "青苇镇"


def test_labels_glued_to_their_values_several_to_a_line(reader):
    # Synthetic: a label table scraped with neither colons nor spaces: 发文机构X发文字号Y, 发布日期X有效性Y.
    facts = facts_of(reader, "索引号 QL0093/2032-00017 主题分类 综合政务",
                     "发文机构青苇市人民政府办公厅发文字号青政办〔2032〕4号",
                     "发布日期2032年02月03日有效性有效", "成文日期2032年01月28日", "",
                     "市人民政府办公厅关于印发2032年重点工作责任分解方案的通知", "",
                     "各区人民政府,市人民政府各部门:", "现将方案印发给你们,请认真贯彻执行。")
    assert facts.doc_number == "青政办〔2032〕4号"
    assert facts.issuer == "青苇市人民政府办公厅"
    assert facts.issued_date == "2032-01-28"
    # A label word inside a source's value is no second label: the line is no label line at all.
    assert reader.head.labels_of("来源青苇县信息来源中心") == []


def test_a_download_sites_words_above_a_whole_title_are_no_part_of_it(reader):
    # Synthetic: a document-sharing site's words (…合集 / 合集下载) two lines above the notice's whole title.
    facts = facts_of(reader, "2032年国家级文明城市", "合集下载",
                     "青苇市人民政府关于印发青苇市2032年创建文明城市实施方案的通知",
                     "各县(区)人民政府,市政府各部门:", "现将方案印发给你们,请认真遵照执行。")
    assert facts.title == "青苇市人民政府关于印发青苇市2032年创建文明城市实施方案的通知"
    assert facts.issuer == "青苇市人民政府"
    # A sentence opening with a body's name and 关于 two lines below is no title: the title wraps onto 工作计划.
    facts = facts_of(reader, "各行政村:", "现将计划印发给你们。", "青苇镇2032年度安全生产专项整治", "工作计划",
                     "按照镇政府关于2032年安全生产工作的总体要求,特制定本工作计划。")
    assert facts.title == "青苇镇2032年度安全生产专项整治工作计划"


def test_a_headline_opening_with_inner_mongolias_short_name_is_of_the_province_tier(reader):
    # Synthetic: a news headline opening with 内蒙古 (a people's name, 蒙古, is part of the place's short name).
    facts = facts_of(reader, "当前位置:首页 > 区域", "内蒙古2032年地区生产总值预期增长6%以上", "来源:本网 时间:2032-02-28",
                     "本网讯 近日,在自治区人民代表大会上,政府工作报告提出全区主要预期目标。")
    assert facts.level in ("省", "自治区") and facts.jurisdiction == "内蒙古自治区"


@pytest.mark.parametrize("lines", [
    ["中山镇召开2032年全镇工作会议", "2月27日,中山镇召开工作会议,镇全体机关干部、各村党支部书记参加会议。"],
    ["伍市镇工作会议:富民强镇谋发展", "来源:伍市镇 日期:2032-02-27 00:00",
     "2月27日,伍市镇党委政府召开工作会议,全体机关干部参加会议。"]])
def test_a_town_named_after_a_city_is_of_the_town_tier(reader, lines):
    # Synthetic: 中山镇 is no part of 中山市, 伍市镇 (the page's source) no city: a town's news names its town.
    assert facts_of(reader, *lines).level == "乡"


def test_a_posting_date_after_the_page_title_is_no_part_of_the_title(reader):
    # Synthetic: the page title with its posting date, then the title printed again above the body.
    facts = facts_of(reader, "青苇街道办事处2031年工作总结和2032年工作安排 2033-06-15",
                     "青苇街道办事处2031年工作总结和2032年工作安排", "一、2031年主要工作回顾",
                     "2031年,街道办事处在区委、区政府的领导下,完成了年初确定的各项目标任务。")
    assert facts.title == "青苇街道办事处2031年工作总结和2032年工作安排"


def test_a_tables_header_row_is_no_title(reader):
    # Synthetic: a page that opens with its table's header row, then the rows.
    facts = facts_of(reader, "序号 | 任务项目指标 | 责任单位 | 进展比例 |", "1 | 为老年人免费接种流感疫苗。 | 区卫生健康局 | 20% |")
    assert facts.title is None


def test_a_news_pages_timestamp_line_and_font_size_widget_are_no_headline(reader):
    # Synthetic: headline, then the page's time and source (2032年02月28日14:58 | 来源:…) and a 小字号 widget.
    facts = facts_of(reader, "人民网", "人民网>>云河频道>>本网专稿", "青苇区第二届人民代表大会第四次会议开幕",
                     "2032年02月28日14:58 | 来源:人民网-云河频道", "小字号",
                     "人民网青苇2月28日电 (记者王某)2月28日,青苇区第二届人民代表大会第四次会议开幕。")
    assert facts.title == "青苇区第二届人民代表大会第四次会议开幕"


def test_a_county_named_alone_as_the_pages_source_is_its_issuer(reader):
    # Synthetic (the county's name is one of the official list, its page invented): 来源:文成县 and no other issuer.
    facts = facts_of(reader, "您现在的位置:首页 > 重点领域信息公开 > 民生实事", "民生实事项目半年度进度表",
                     "发布日期:2032-08-28 16:34:00 来源:文成县 浏览量:", "序号", "项目内容", "牵头单位", "1",
                     "为老年人免费接种流感疫苗3000人。", "县卫健局")
    assert (facts.issuer, facts.level) == ("文成县", "县")
    # A news outlet or a name that is not a division is no issuer so.
    facts = facts_of(reader, "民生实事项目半年度进度表", "发布日期:2032-08-28 16:34:00 来源:文成 浏览量:", "序号")
    assert facts.issuer is None


def test_a_report_page_that_opens_with_its_date_line(reader):
    # Synthetic (the city is one of the official list, the report invented): no title above the date line.
    facts = facts_of(reader, "——2032年1月6日在马鞍山市第十五届人民代表大会第五次会议上", "市长 王某", "各位代表:",
                     "现在,我代表市人民政府,向大会报告政府工作,请予审议。")
    assert facts.title is None
    assert (facts.issued_date, facts.level, facts.jurisdiction) == ("2032-01-06", "市", "马鞍山市")


def test_a_date_line_that_opens_with_its_publication_attribute(reader):
    # Synthetic: the 落款, then 此件公开发布 and the date on one line.
    facts = facts_of(reader, "各村、社区,机关各部门:", "现将修订后的《青苇街道突发事件总体应急预案》印发你们,请认真贯彻执行。",
                     "青苇市云河区青苇街道办事处", "此件公开发布 2032年1月30日", "青苇街道突发事件总体应急预案", "1 总则")
    assert (facts.issuer, facts.issued_date) == ("青苇市云河区青苇街道办事处", "2032-01-30")


def test_a_title_that_opens_with_a_towns_name_keeps_it(reader):
    # Synthetic: a town's notice titled 青苇镇关于…的通知 (the town's name is the issuer's, no junk before 关于).
    facts = facts_of(reader, "青苇镇关于做好镇、村两级河长巡河工作的通知", "青政发[2032]21号", "镇、村两级河长及相关单位:",
                     "现就做好我镇河长巡河工作通知如下:")
    assert facts.title == "青苇镇关于做好镇、村两级河长巡河工作的通知"


def test_a_government_inspection_office_as_the_pages_source(reader):
    # Synthetic: 信息来源: 市政府督查室 between other labels (浏览数:, 字体:【大】…): the office is the issuer of last resort.
    facts = facts_of(reader, "当前位置: 首页 > 十件实事办理方案", "提升教育医疗水平",
                     "日期:2032年03月29日  信息来源:市政府督查室  字体:【大】【中】【小】", "责任事项", "具体工作内容")
    assert facts.issuer == "市政府督查室"
    facts = facts_of(reader, "青苇县2032年重点民生实事项目实施意见",
                     "作者:     发布时间:2032-06-02 10:37     信息来源: 县政府督查室     浏览数:", "一、考核指标")
    assert facts.issuer is not None and facts.issuer.endswith("政府督查室")


def test_a_news_report_on_a_districts_congress_is_of_the_district_tier(reader):
    # Synthetic (the district is one of the official list, the report invented): the lead reports the district's
    # congress, and the text names the province's bodies more often than the district's.
    facts = facts_of(reader, "本网讯(记者王某)12月19日,鄂州市鄂城区十届人大二次会议开幕。",
                     "政府工作报告指出,要贯彻省委省政府部署,落实全省决策,争取省级支持,对接省直部门,服务全省大局。",
                     "2032年,地区生产总值增长6.5%左右。")
    assert facts.level == "县"


def test_a_file_title_label_gives_the_title_without_its_label(reader):
    # Synthetic: a label block whose title label is 文件标题: (the title repeated below it).
    facts = facts_of(reader, "索引号: 011282752 / 2032-00101 主题分类:", "发布机构: 青苇县人民政府 发文日期: 2032-01-28",
                     "文件标题: 县人民政府关于印发《青苇县人民政府工作规则》的通知", "文 号: 青政发〔2032〕1号 主题词:",
                     "各乡镇人民政府,县政府各部门:", "现将规则印发给你们,请认真遵照执行。")
    assert facts.title == "县人民政府关于印发《青苇县人民政府工作规则》的通知"


def test_a_site_and_section_name_before_the_title_on_the_page_title_line(reader):
    # Synthetic: the page's title line prints the site's name and its section's name, set off by spaces, before the
    # notice's title; the notice is signed by a group that two bodies set up (its name under theirs).
    facts = facts_of(reader, " 青苇市云岭县人民政府 政策文件 关于印发《云岭县优化营商环境工作方案》的通知", "当前位置:",
                     "关于印发《云岭县优化营商环境工作方案》的通知", "云环组发〔2032〕1号", "各乡镇党委、政府,县直各有关部门:",
                     "现将《云岭县优化营商环境工作方案》印发给你们,请认真贯彻执行。", "中共云岭县委云岭县人民政府", "优化营商环境领导小组",
                     "2032年7月16日")
    assert facts.title == "关于印发《云岭县优化营商环境工作方案》的通知"
    assert facts.issuer == "中共云岭县委云岭县人民政府优化营商环境领导小组"


def test_bodies_signing_jointly_on_lines_of_their_own_stay_apart(reader):
    # Synthetic: two offices sign on two lines; each opens with its place, so neither is the other's sub-body.
    facts = facts_of(reader, "关于做好防汛工作的通知", "各乡镇人民政府:", "现就做好防汛工作通知如下。",
                     "中共云岭县委办公室", "云岭县人民政府办公室", "2032年7月16日")
    assert facts.issuer == "中共云岭县委办公室、云岭县人民政府办公室"


def test_the_sites_name_over_a_title_that_opens_with_it(reader):
    # Synthetic: a street office's site prints its name, then the title, which opens with the office's short name.
    facts = facts_of(reader, "青苇市云河区秦岭街道", "秦岭街道2032年工作计划",
                     "来源: 秦岭街道办事处 发布时间:2032-03-10 14:40 累计次数: 字体:[ ]", "今年以来,街道统筹推进各项工作。")
    assert facts.title == "秦岭街道2032年工作计划"


def test_a_date_line_closing_the_notice_over_the_pages_made_date(reader):
    # Synthetic: the site's label says when the page was made (生成日期); the notice's own date line, alone after
    # its closing sentence and under no 落款, is its 成文日期.
    facts = facts_of(reader, "索引号: 主题分类:", "发布机构: 生成日期: 2032-11-30", "文件编号: 有效性:",
                     "云岭县人民政府办公室关于印发2032年云岭县政务公开工作方案的通知", "云府办发〔2032〕83号",
                     "各乡镇人民政府,县政府各部门:", "《2032年云岭县政务公开工作方案》已经县政府同意,现印发给你们,请认真贯彻执行。",
                     "2032年8月23日", "2032年云岭县政务公开工作方案")
    assert facts.issued_date == "2032-08-23"
    # (With no date line of its own, the label's date stands.)
    facts = facts_of(reader, "发布机构: 生成日期: 2032-11-30", "云岭县人民政府办公室关于印发2032年云岭县政务公开工作方案的通知",
                     "各乡镇人民政府,县政府各部门:", "现印发给你们,请认真贯彻执行。")
    assert facts.issued_date == "2032-11-30"


def test_a_news_report_on_a_towns_congress_is_of_the_town_tier(reader):
    # Synthetic: a city paper reports a town's congress (鸿岭镇五届人大八次会议, no 第); the text names the city's
    # leaders and its rank in the city more often than the town's bodies.
    facts = facts_of(reader, "第01版:要闻 下一版", "青岭镇五届人大八次会议召开",
                     "本报讯 6月23日上午,青岭镇第五届人民代表大会第八次会议召开。市领导王某到会指导。",
                     "2032年,全镇财政总收入10.3亿元,位居全市首位,获评全市先进、全市标兵、市级示范。")
    assert facts.level == "乡"


def test_a_law_databases_labels_glued_after_its_category(reader):
    # Synthetic: a law database's label lines, each value run into the next label (类 别:…文 号:…颁发日期:…).
    facts = facts_of(reader, "当前位置:某会计在线 > 法规库 > 其他经济法规 > 正文",
                     "类 别:其他经济法规文 号:青政办发[2032]112号颁发日期:2032-07-22", "地 区:青岚行 业:全行业时效性:有效",
                     "各市、自治州人民政府,省政府有关部门:", "《青岚省2032年重点工作任务》已经省政府同意,现印发给你们。")
    assert facts.doc_number == "青政办发〔2032〕112号"
    assert facts.issued_date == "2032-07-22"


def test_a_sharing_sites_page_run_into_one_line_opening_with_the_doc_number(reader):
    # Synthetic: a document-sharing site's description runs the notice into one line: 文号, title, 主送, body.
    facts = facts_of(reader, "文档介绍:青府发〔2032〕23号青岚市云河区人民政府关于2032年重点推进重大项目有关事项的通知各街道办事处、"
                             "镇(乡)人民政府,区政府有关部门:为全面贯彻落实市委全会精神,经区政府研究,决定对9个重大项目予以重点推进。")
    assert facts.title == "青岚市云河区人民政府关于2032年重点推进重大项目有关事项的通知"
    assert facts.doc_number == "青府发〔2032〕23号"


def test_a_title_below_a_menu_of_bars_and_the_sites_own_name(reader):
    # Synthetic: a county portal's menu, one link a line with | between them, its name printed twice, labels; the
    # notice's title and 文号 come after more than fifteen lines, half of them bars.
    menu = [part for link in ["站群导航", "加入收藏", "设为首页", "手机版", "无障碍阅读", "适老版"] for part in (link, "|")]
    facts = facts_of(reader, *menu, "青苇县人民政府门户网", "青苇县人民政府门户网", "全文检索",
                     "索引号: QW412927-02-2033-00108 发布机构: 青苇县人民政府办公室", "生效日期: 2033-12-05 废止日期: 2043-10-16",
                     "文 号: null 所属主题: 已归档", "青苇县人民政府办公室关于印发《青苇县森林火灾应急预案》的通知",
                     "来源:青苇县政府办公室 发布时间:2033-12-05 浏览次数: 【字体:", "青政办〔2032〕147号",
                     "各乡镇人民政府(街道办事处),县直有关单位:", "《青苇县森林火灾应急预案》已经县政府同意,现予印发。")
    assert facts.title == "青苇县人民政府办公室关于印发《青苇县森林火灾应急预案》的通知"
    assert facts.doc_number == "青政办〔2032〕147号"


def test_a_sites_add_to_desktop_widget_is_no_part_of_the_title(reader):
    facts = facts_of(reader, "电脑桌面", "添加某文秘网到电脑桌面", "安装后可以在桌面快捷访问",
                     "贯彻落实《关于加强新时代街道工作的意见》的任务分解方案", "栏目:策划方案发布:2032-04-17浏览:3013下载230次收藏",
                     "认真贯彻执行。")
    assert facts.title == "贯彻落实《关于加强新时代街道工作的意见》的任务分解方案"


def test_a_doc_number_in_small_brackets_and_a_code_that_opens_with_a_bodys_name(reader):
    # Synthetic: a ministry's notice whose 文号 is printed with ﹝﹞ and whose code (工信部规函) opens with the body's
    # listed code (工信部); no 落款.
    facts = facts_of(reader, "关于公布第三十批青岚产业示范基地名单的通知", "工信部规函﹝2032﹞40号",
                     "各省、自治区、直辖市工业和信息化主管部门:", "现将第三十批示范基地名单予以公布。")
    assert facts.doc_number == "工信部规函〔2032〕40号"
    assert facts.issuer == "工业和信息化部" and facts.level == "国家"


def test_a_town_that_a_news_headline_says_made_a_plan_is_its_issuer(reader):
    # Synthetic (the county is of the official list, the town and the report invented): 某县某镇制定…工作方案.
    facts = facts_of(reader, "蒙城县青苇镇制定秋季秸秆禁烧和综合利用工作方案", "10.10.2032 12:20", "本文来源: 某厅",
                     "为切实做好2032年秋季全镇秸秆禁烧工作,该镇党委政府结合实际,制定了工作方案。")
    assert facts.issuer == "蒙城县青苇镇" and facts.level == "乡"


def test_a_citys_development_zone_is_of_the_county_tier(reader):
    # Synthetic (the city is of the official list, the zone's notice invented): its 管委会 addresses its towns.
    facts = facts_of(reader, "关于南宁经济技术开发区落实2032年重点工作任务分工方案的通知(南经管发〔2032〕81号)",
                     "2032-06-30 17:41     来源: 南宁经济技术开发区管理委员会",
                     "吴圩镇人民政府、金凯街道办事处,各办局室:", "现将分工方案印发给你们。")
    assert facts.level == "县"


def test_a_law_databases_bracketed_labels(reader):
    # Synthetic (the province is of the official list, the notice invented): 【发布日期】 is the day a text was
    # promulgated; 【发布单位】 naming a place alone, or a database's 其他机构, is no issuer: the title's is.
    facts = facts_of(reader, "【发布单位】山西省", "【发布文号】晋政发[2032]8号", "【发布日期】2032-02-03",
                     "山西省人民政府关于印发2032年省人民政府工作目标责任分解的通知", "各市、县人民政府:", "现将分解安排如下。")
    assert (facts.issuer, facts.issued_date, facts.doc_number) == ("山西省人民政府", "2032-02-03", "晋政发〔2032〕8号")
    facts = facts_of(reader, "【发布部门】 湖北省黄冈市其他机构", "【发文字号】 黄政办发〔2032〕9号",
                     "湖北省黄冈市人民政府办公室关于分解落实政府工作报告的通知", "市政府各部门:", "现将任务分解如下。")
    assert facts.issuer == "湖北省黄冈市人民政府办公室"


def test_a_list_of_labels_each_over_its_value_does_not_push_the_title_out_of_the_head(reader):
    # Synthetic (the county is of the official list, the notice invented): a site prints its label block twice, the
    # second time each label alone over its value, before the title.
    labels = ["信息索引号", "02165835-001/2032-00001", "公开方式", "主动公开", "文号", "常政办发〔2032〕47号", "成文日期",
              "2032-06-26", "发布单位", "县政府办", "有效性", "有效", "统一编号", "HCSD01-2032-0006"]
    lines = ["索引号: 02165835-001/2032-00001 公开方式: 主动公开", "文号: 常政办发〔2032〕47号 成文日期: 2032-06-26"]
    lines += [f"  • {line}:" if i % 2 == 0 else f"    {line}" for i, line in enumerate(labels)]
    facts = facts_of(reader, *lines, "常山县人民政府办公室关于印发《常山县提升养老服务能力的实施办法》的通知",
                     "各乡(镇)人民政府、街道办事处,县级机关各单位:", "现印发给你们,请认真组织实施。")
    assert facts.title == "常山县人民政府办公室关于印发《常山县提升养老服务能力的实施办法》的通知"
    assert facts.issuer == "常山县人民政府办公室"


def test_a_village_committees_page_is_of_its_towns_tier(reader):
    # Synthetic (the town and village invented): a village's plan posted under its committee's name, its text
    # naming a province where a firm sells.
    facts = facts_of(reader, "青苇村2031年工作总结及2032年工作计划", "  • 发布时间:2032-05-31",
                     "  • 信息来源:蔡岭镇青苇村村民委员会", "2031年,我村委会在镇党委、政府的领导下,各项工作取得了较好的成绩。",
                     "一、产业发展:湖北青苇公司占地200余亩,以甘薯种植为主,产品销往湖北各地。")
    assert facts.level == "乡"


def test_a_collective_in_a_title_is_no_place_and_a_glued_page_label_no_part_of_the_source(reader):
    # Synthetic: a city's progress table titled by its 各县区; 信息来源: runs into the site's 文字大小: widget.
    facts = facts_of(reader, "【进展情况】2032年3月份暖心行动各县区进展情况表",
                     "发布时间:2032-05-09 14:32信息来源:市发改委文字大小:[    ] 背景色:",
                     "县区 项目名称 年度目标任务 完成进度", "甲县 1.开发公益性岗位540个 完成838个,完成率155.19%")
    assert facts.issuer == "市发改委"
    assert facts.level == "市"


def test_a_label_table_set_off_by_spaces_gives_its_title_and_no_empty_label_is_the_title(reader):
    # Synthetic: a 信息公开 label block with spaces for cells: 存放位置 left empty, 文 号 empty, 信息名称 alone on its
    # line with its value, then the title again and the items.
    facts = facts_of(reader,
                     "索 引 号  QL0088/jtj/2031-0000042  发布机构  青岚市交通运输局",
                     " 存放位置   公开日期  2031-06-18",
                     " 文  号   公开方式  主动公开",
                     " 信息名称  2031年青岚市政府工作报告责任分工-市交通运输局",
                     "",
                     "2031年青岚市政府工作报告责任分工-市交通运输局",
                     "12.加快农村公路提档升级,完成300个行政村通户道路硬化任务。",
                     "牵头单位:市交通运输局")
    assert facts.title == "2031年青岚市政府工作报告责任分工-市交通运输局"
    assert facts.issuer == "青岚市交通运输局"
