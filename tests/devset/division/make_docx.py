"""Build task-table.docx, a synthetic 任务分工表 for the division dev set.

Run: /work/main/.venv/bin/python make_docx.py   (writes task-table.docx next to this script)
"""
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]

# A list in a cell = one paragraph per element.
ROWS = [
    ["1", "打好蓝天保卫战",
     "实施工业炉窑深度治理，完成12家重点企业超低排放改造，细颗粒物平均浓度控制在30微克/立方米以内。",
     "市生态环境局", ["市工信局", "市发改委"], "2024年12月底"],
    ["2", "推进柴油货车污染治理",
     "淘汰国三及以下排放标准营运柴油货车800辆，开展路检路查和入户抽测。",
     "市公安局、市交通运输局", "市生态环境局、市商务局", "2024年10月底"],
    ["3", "打好碧水保卫战",
     "完成入河排污口排查整治，国省考断面水质优良比例达到90%以上。",
     "市生态环境局", "市水利局、市住建局", "2024年12月底"],
    ["4", "补齐城镇污水收集短板",
     "新建改造城镇污水管网85公里，城市生活污水集中收集率提高3个百分点。",
     "市住建局", "各县（市、区）人民政府", "2024年11月底"],
    ["5", "打好净土保卫战",
     "开展土壤污染重点监管单位隐患排查，受污染耕地安全利用率保持在93%以上。",
     "市生态环境局", ["市自然资源局", "市农业农村局"], "2024年12月底"],
    ["6", "加强固体废物污染防治",
     "推进“无废城市”建设，一般工业固体废物综合利用率达到80%。",
     "市生态环境局", "市工信局、市城管局", "持续推进"],
    ["7", "强化生态保护修复",
     "完成历史遗留矿山生态修复1200亩，新增造林绿化面积3.5万亩。",
     "市自然资源局", "市林业局", "2024年12月底"],
    ["8", "治理农业面源污染",
     "化肥农药使用量保持负增长，畜禽粪污综合利用率达到85%。",
     "市农业农村局", "", "2024年12月底"],
    ["9", "严格生态环境执法监管",
     "开展危险废物、自动监测数据造假等专项执法行动，依法查处环境违法案件。",
     "市生态环境局", "市公安局、市检察院", "持续推进"],
    ["10", "提升环境应急处置能力",
     "修订突发环境事件应急预案，组织开展跨区域应急联合演练不少于2次。",
     "市生态环境局", "市应急管理局", "2024年9月底"],
]


def fill(cell, value):
    values = value if isinstance(value, list) else [value]
    cell.text = values[0]
    for extra in values[1:]:
        cell.add_paragraph(extra)


def main():
    doc = Document()
    doc.add_paragraph("(合成测试文本:为开发评测编写,非真实文件)")
    title = doc.add_paragraph()
    run = title.add_run("青蘅市2024年生态环境保护重点任务分工表")
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph(
        "为深入打好污染防治攻坚战，持续改善全市生态环境质量，"
        "现将2024年度生态环境保护重点任务分解如下，请各单位认真抓好落实。")
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = text
    for row in ROWS:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            fill(cell, value)
    doc.add_paragraph(
        "各牵头单位要于每季度末将任务推进情况报送市生态环境局汇总。")
    doc.save(HERE / "task-table.docx")


if __name__ == "__main__":
    main()
