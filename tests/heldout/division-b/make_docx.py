# -*- coding: utf-8 -*-
"""Build city-digital.docx (synthetic held-out set B; not a real document).

Run with: /work/main/.venv/bin/python make_docx.py
"""
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
OUT = HERE / "city-digital.docx"

doc = Document()
style = doc.styles["Normal"]
style.font.name = "仿宋"
style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
style.font.size = Pt(14)


def para(text, center=False, bold=False, size=None):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


para("（合成测试文本：为评测编写的保留集B，非真实文件）")
para("榴港市人民政府办公室关于印发榴港市制造业数字化转型2025年重点任务分工表的通知", center=True, bold=True, size=18)
para("榴政办函〔2025〕31号", center=True)
para("各区人民政府（管委会），市直各部门，有关单位：")
para("　　为加快推动全市制造业数字化转型，经市政府同意，现将《榴港市制造业数字化转型2025年重点任务分工表》印发给你们。各牵头单位要会同配合单位制定具体推进计划，明确时间节点，确保各项任务落地见效。")
para("榴港市人民政府办公室", center=False)
para("2025年2月27日")
para("附件")
para("榴港市制造业数字化转型2025年重点任务分工表", center=True, bold=True, size=16)

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]

ROWS = [
    ("一、夯实数字基础设施",),
    ("1", "加快5G网络和千兆光网建设。在重点工业园区实现5G网络深度覆盖，全年新建5G基站1200个，规上工业企业千兆光网接入率达到90%。",
     "市工业和信息化局", "市通信发展管理办公室，各基础电信企业，各区人民政府（管委会）", "2025年12月"),
    ("2", "建设工业互联网标识解析二级节点。推动节点在装备制造、纺织服装等行业落地应用，标识注册量突破5000万个。",
     "市工业和信息化局、市数据局", "市发展改革委", "2025年10月"),
    ("3", "统筹布局城市算力设施。建设城市算力调度平台，为中小企业提供普惠算力服务，算力券发放规模不低于2000万元。",
     "市数据局", "市发展改革委、市财政局、国网榴港供电公司", "2025年11月"),
    ("二、推动企业数字化改造",),
    ("4", "开展规上工业企业数字化诊断全覆盖行动。组织第三方服务机构开展免费诊断，形成“一企一策”改造方案。",
     "市工业和信息化局", "各区人民政府（管委会）", "2025年12月"),
    ("5", "打造智能工厂和数字化车间。认定市级智能工厂10家、数字化车间40个，对通过认定的企业给予一次性奖励。",
     "市工业和信息化局", "市财政局", "2025年12月"),
    ("6", "推动产业链上下游协同转型。支持链主企业搭建供应链协同平台，带动配套中小企业“上云用平台”，新增上云企业600家。",
     "市工业和信息化局、市商务局", "市国资委、各区人民政府（管委会）", "持续推进"),
    ("7", "培育本地数字化转型服务商。建立服务商资源池，遴选优质服务商30家，发布典型应用场景和解决方案清单。",
     "市科技局", "—", "2025年9月"),
    ("三、强化要素保障",),
    ("8", "加大转型金融支持。引导银行机构推出“数字化改造贷”专属产品，对企业技术改造贷款给予贴息。",
     "市委金融办（市地方金融管理局）", "人民银行榴港市分行、市财政局", "持续推进"),
    ("9", "加强数字人才引育。将工业软件、数据分析等紧缺人才纳入全市人才引进目录，全年开展数字技能培训5000人次。",
     "市人力资源社会保障局", "市委人才办、市教育局、市工业和信息化局", "2025年12月"),
    ("10", "筑牢工业数据安全防线。指导企业落实数据分类分级保护制度，开展工业控制系统网络安全检查。",
     "市委网信办、市工业和信息化局", "市公安局", "2025年11月"),
    ("11", "营造转型发展良好氛围。举办数字化转型供需对接活动不少于6场，宣传推广一批典型案例。",
     "市工业和信息化局", "市直有关部门", "持续推进"),
    ("12", "建立工作推进机制。实行月调度、季通报制度，每月5日前将上月进展情况报市工业和信息化局。",
     "各区人民政府（管委会）", "—", "每月"),
]

table = doc.add_table(rows=1, cols=len(HEADER))
table.style = "Table Grid"
for cell, text in zip(table.rows[0].cells, HEADER):
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = True

for row in ROWS:
    cells = table.add_row().cells
    if len(row) == 1:
        merged = cells[0].merge(cells[-1])
        merged.text = ""
        merged.paragraphs[0].add_run(row[0]).bold = True
        continue
    for cell, text in zip(cells, row):
        cell.text = text

para("")
para("抄送：市委办公室，市人大常委会办公室，市政协办公室。")

doc.save(OUT)
print("wrote", OUT)
