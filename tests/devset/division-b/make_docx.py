"""Build trade.docx (synthetic held-out document, second set).

Run with: /work/main/.venv/bin/python make_docx.py
"""
from pathlib import Path

from docx import Document
from docx.shared import Pt

T = str.maketrans({'(': '\uff08', ')': '\uff09', ':': '\uff1a', ',': '\uff0c', ';': '\uff1b'})


def fw(s):
    return s.translate(T)


HEAD = ["序号", "重点任务", "牵头部门", "责任部门", "时间节点"]

# A row is either a section title (str) or a tuple of 5 cells.
# A cell given as a list is written as separate paragraphs.
ROWS = [
    "一、稳住外贸基本盘",
    ("1", "组织企业参加境内外重点展会,对参展企业给予展位费补助,全年支持企业参展不少于300家次。",
     "市商务局", "市财政局、市贸促会", "2025年全年"),
    ("2", "推广“提前申报”“两步申报”等通关模式,压缩进出口货物整体通关时间,巩固口岸收费清理成果。",
     "萝湾海关", "市口岸办、市交通运输局", "2025年6月底前"),
    ("3", "加快出口退税办理进度,一类、二类出口企业正常退税平均办理时间压缩至3个工作日以内。",
     "市税务局", ["市财政局", "人民银行萝湾市中心支行", "萝湾海关"], "持续推进"),
    ("4", "扩大出口信用保险承保规模,对小微外贸企业投保费用给予适当补贴。",
     "市商务局、市财政局", "中国信保萝湾办事处", "2025年底前"),
    ("5", "落实外贸企业首贷、续贷支持政策,扩大跨境人民币结算规模,引导银行机构为企业提供汇率避险服务。",
     "", "人民银行萝湾市中心支行(牵头)、金融监管总局萝湾监管分局、市委金融办", "2025年9月底前"),
    "二、培育外贸新动能",
    ("6", "建设跨境电商产业园,引进培育跨境电商平台企业、海外仓运营企业和综合服务企业。",
     "萝湾高新区管委会", "市商务局、市邮政管理局", "2025年12月底前"),
    ("7", "认定一批外贸综合服务企业,支持其为中小微企业提供通关、物流、退税、融资等“一站式”服务。",
     "市商务局", "各县(市、区)人民政府", "持续推进"),
    ("8", "完善涉外商事纠纷多元化解机制,为企业提供涉外法律咨询和合规指导服务。",
     "市司法局", "市中级人民法院、市贸促会、萝湾仲裁委员会", "2025年10月底前"),
    ("9", "开展外贸企业用工对接专项活动,定向组织职业院校毕业生到外贸企业实习就业。",
     "市人力资源社会保障局", "市教育局、市总工会", "2025年全年"),
    ("10", "建立贸易摩擦预警和应对机制,指导企业积极应对反倾销、反补贴调查。",
     "市商务局", "市工业和信息化局、萝湾海关、市贸促会", "持续推进"),
    ("11", "推进萝湾港铁水联运和内陆无水港建设,新开通国际集装箱航线2条。",
     "市交通运输局", "萝湾港务集团有限公司、市发展改革委", "2025年11月底前"),
    ("12", "加强外贸运行监测分析,按月编制重点企业进出口运行报告。",
     "市统计局、市商务局", "", "每月"),
]


def set_cell(cell, value):
    paras = value if isinstance(value, list) else [value]
    cell.paragraphs[0].text = fw(paras[0])
    for p in paras[1:]:
        cell.add_paragraph(fw(p))


def main():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    doc.add_paragraph(fw("(合成测试文本:为评测编写的第二保留集,非真实文件)"))
    doc.add_paragraph("萝湾市2025年推动外贸稳规模优结构重点任务清单")
    doc.add_paragraph(fw(
        "为全面落实稳外贸各项政策,推动全市货物贸易和服务贸易协调发展,现将2025年重点任务及责任分工列表如下。"
        "各牵头部门要会同责任部门细化推进措施,每季度末将进展情况报送市商务局。"))
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, HEAD):
        cell.text = h
    for row in ROWS:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[4])
            merged.text = fw(row)
            continue
        for cell, value in zip(cells, row):
            set_cell(cell, value)
    doc.add_paragraph(fw("(本清单由萝湾市稳外贸工作专班办公室负责解释)"))
    out = Path(__file__).with_name("trade.docx")
    doc.save(out)
    print("wrote", out)


if __name__ == "__main__":
    main()
