"""Build county-table.docx (synthetic held-out document; Word table of task division).

Run with: /work/main/.venv/bin/python make_docx.py
"""
from pathlib import Path

from docx import Document
from docx.shared import Pt

OUT = Path(__file__).with_name("county-table.docx")

# Texts below are typed with ASCII punctuation; fw() turns ( ) : , ; into the
# full-width forms used in the generated document.
_FW = {"(": "\uff08", ")": "\uff09", ":": "\uff1a", ",": "\uff0c", ";": "\uff1b"}


def fw(text):
    return "".join(_FW.get(ch, ch) for ch in text)


HEADER = ["序号", "工作任务", "责任单位", "配合单位", "完成时间"]

# Each cell is a list of paragraphs.
ROWS = [
    ["1", ["开展村庄清洁行动,每季度组织一次集中清理,重点整治房前屋后乱堆乱放。"],
     ["各乡镇人民政府"], ["县农业农村局"], ["全年"]],
    ["2", ["完成农村户厕问题摸排整改,建立“一户一档”整改台账。"],
     ["县农业农村局、县卫生健康局"], ["各乡镇人民政府"], ["2025年6月底"]],
    ["3", ["新建和提标改造农村生活污水处理设施35处,出水水质达到地方排放标准。"],
     ["县生态环境分局"], ["县水利局", "县住房城乡建设局"], ["2025年11月底"]],
    ["4", ["完善“户分类、村收集、镇转运、县处理”垃圾收运体系,新增压缩转运车辆12台。"],
     ["县城市管理局"], ["县财政局、各乡镇人民政府"], ["2025年9月底"]],
    ["5", ["推进畜禽养殖废弃物资源化利用,规模养殖场粪污处理设施装备配套率保持100%。"],
     ["县农业农村局"], ["县生态环境分局"], ["2025年12月底"]],
    ["6", ["统筹整合涉农资金不低于4200万元,优先保障人居环境整治项目建设。"],
     ["县财政局"], ["县发展改革局、县乡村振兴服务中心"], ["2025年5月底"]],
    ["7", ["编制完成28个行政村村庄规划,划定公共空间和设施用地。"],
     ["县自然资源局"], ["各乡镇人民政府"], ["2025年10月底"]],
    ["8", ["实施农村道路“白改黑”工程60公里,同步完善安全防护设施。"],
     ["县交通运输局"], ["/"], ["2025年11月底"]],
    ["9", ["开展农村危房动态监测,对新增危房做到应改尽改。"],
     ["县住房城乡建设局"], ["县民政局"], ["2025年8月底"]],
    ["10", ["建立人居环境整治考评机制,考评结果与乡镇年度综合考核挂钩。"],
     ["县委农办"], ["县委督查室、县政府督查室"], ["2025年4月底"]],
]


def fill(cell, paragraphs):
    cell.text = fw(paragraphs[0])
    for extra in paragraphs[1:]:
        cell.add_paragraph(fw(extra))


def main():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    doc.add_paragraph(fw("(合成测试文本:为评测编写的保留集,非真实文件)"))
    doc.add_paragraph(fw("青岙县2025年农村人居环境整治提升任务分工表"))
    doc.add_paragraph(fw(
        "为确保全县农村人居环境整治提升各项任务落到实处,现将年度重点任务分解如下。"
        "各责任单位要按照时间节点推进,每月5日前将上月进展情况报县委农办汇总。"))
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = fw(text)
    for number, task, lead, coop, due in ROWS:
        cells = table.add_row().cells
        fill(cells[0], [number])
        fill(cells[1], task)
        fill(cells[2], lead)
        fill(cells[3], coop)
        fill(cells[4], due)
    doc.add_paragraph(fw("注:责任单位为该项任务的第一责任主体,配合单位按职责做好协同工作。"))
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
