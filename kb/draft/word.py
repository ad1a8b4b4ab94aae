"""A draft as a Word document in 公文 layout (GB/T 9704-2012, 党政机关公文格式): A4, its margins, fonts and
sizes, full-width punctuation, page numbers — 1 —; the 任务分工表 on A4 landscape, one table per part of the plan."""
from __future__ import annotations

import re
from typing import BinaryIO

from ..numerals import chinese_numeral
from .model import AreaGroup, Draft
from .text import (MENTION_HEADERS, MENTIONS_HEADING, TABLE_HEADERS, mention_cells, task_cells, task_notes,
                   xml_text)

# GB/T 9704 (党政机关公文格式): fonts, sizes, page and margins.
TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"
TITLE_PT, TEXT_PT, TABLE_PT, NOTE_PT = 22, 16, 10.5, 9
PAGE_CM = (21.0, 29.7)
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
# 序号 重点任务 具体措施 牵头单位 配合单位 可能相关单位 完成时限 相关指标 备注: in proportion (the table stands on A4
# landscape, see LANDSCAPE_COLUMN_CM).
TABLE_COLUMN_CM = (1.2, 6.0, 1.9, 1.9, 1.9, 2.3, 1.9, 2.3, 2.0)
# 序号 条文 条文编号 所在部分 列入理由: the items that only name the unit.
MENTION_COLUMN_CM = (1.0, 9.0, 3.0, 2.6, 5.0)
LINE_PT = 28.95  # 22 lines to the page


def set_font(run, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Set a run's font by name for Latin and East Asian text alike: python-docx's font.name sets only the
    Latin names, and Word shows Chinese in the w:eastAsia font."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.font.bold = bold


def _set_default_font(document) -> None:
    # The template's defaults name theme fonts, which Word prefers to any named font on the same level.
    from docx.oxml.ns import qn
    from docx.shared import Pt

    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}") if defaults is not None else None
    if fonts is not None:
        for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for slot in ("w:ascii", "w:eastAsia", "w:hAnsi"):
            fonts.set(qn(slot), BODY_FONT)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(TEXT_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(LINE_PT)


def _set_page(document) -> None:
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))


def _paragraph(document, text: str, font: str, size_pt: float, outline_level: int | None = None,
               centred: bool = False, indent: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * size_pt)  # 首行缩进两字
    if outline_level is not None:  # shows in Word's navigation pane without the theme-coloured Heading styles
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline_level))
        paragraph._p.get_or_add_pPr().append(level)
    set_font(paragraph.add_run(xml_text(text)), font, size_pt)
    return paragraph


def _cell_text(cell, lines: list[str], size_pt: float = TABLE_PT, bold: bool = False) -> None:
    from docx.shared import Pt

    for index, line in enumerate(lines or [""]):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        set_font(paragraph.add_run(xml_text(line)), BODY_FONT, size_pt, bold or None)


def _repeat_as_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


# The task table stands in a landscape section: A4 on its side, the same margins turned with it.
LANDSCAPE_TEXT_CM = PAGE_CM[1] - MARGINS_CM["left"] - MARGINS_CM["right"]
LANDSCAPE_COLUMN_CM = tuple(round(w * LANDSCAPE_TEXT_CM / sum(TABLE_COLUMN_CM), 2) for w in TABLE_COLUMN_CM)
MENTION_LANDSCAPE_CM = tuple(round(w * LANDSCAPE_TEXT_CM / sum(MENTION_COLUMN_CM), 2) for w in MENTION_COLUMN_CM)
# 公文 punctuation is full-width: a half-width mark between Chinese words becomes its full-width form; one
# between two digits (1,000 · 3.5 · 08:30) stays.
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_HALF_WIDTH_MARK = re.compile(r"[,;:!?()]")


def full_width_punctuation(text: str) -> str:
    """``text`` with the half-width marks of Chinese prose in their full-width forms (，；：！？（）); marks
    between two digits are left as they are."""
    def replace(match: re.Match) -> str:
        at, mark = match.start(), match.group()
        before, after = text[at - 1:at], text[at + 1:at + 2]
        if mark in ",:;" and before.isdigit() and after.isdigit():
            return mark
        return _FULL_WIDTH[mark]
    return _HALF_WIDTH_MARK.sub(replace, text) if re.search(r"[\u4e00-\u9fff]", text) else text


def _landscape_section(document):
    """A new section on a new page, A4 landscape, for the task tables."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_CM[1]), Cm(PAGE_CM[0])
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))
    return section


def _page_numbers(section) -> None:
    """The footer: 公文-style page numbers, — 1 —, a PAGE field, centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), BODY_FONT, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    set_font(paragraph.add_run(" —"), BODY_FONT, 14)


def _fixed_grid(table, widths_cm) -> None:
    """The table's own grid (w:tblGrid) and a fixed layout in the column widths: LibreOffice lays a table out by
    its grid, not by its cells' widths."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _header_row(table, headers: list[str]) -> None:
    for cell, header in zip(table.rows[0].cells, headers):
        _cell_text(cell, [header], bold=True)
    _repeat_as_header(table.rows[0])


def _task_table(document, group: AreaGroup):
    """One part's tasks under TABLE_HEADERS: the task's cells, and its notes (clause, themes, 待确认) in 备注."""
    table = document.add_table(rows=1, cols=len(TABLE_HEADERS), style="Table Grid")
    table.autofit = False
    _header_row(table, TABLE_HEADERS)
    for task in group.tasks:
        cells = table.add_row().cells
        for cell, text in zip(cells, task_cells(task)):
            _cell_text(cell, [full_width_punctuation(line) for line in text.split("\n")] if text else [])
        _cell_text(cells[len(TABLE_HEADERS) - 1], [full_width_punctuation(n) for n in task_notes(task)], NOTE_PT)
    _fixed_grid(table, LANDSCAPE_COLUMN_CM)
    return table


def _mentions_table(document, draft: Draft):
    """The items that only name the unit, under MENTION_HEADERS, each with the reason it is listed."""
    table = document.add_table(rows=1, cols=len(MENTION_HEADERS), style="Table Grid")
    table.autofit = False
    _header_row(table, MENTION_HEADERS)
    for mention in draft.mentions:
        for cell, text in zip(table.add_row().cells, mention_cells(mention)):
            _cell_text(cell, [full_width_punctuation(text)])
    _fixed_grid(table, MENTION_LANDSCAPE_CM)
    return table


def write_docx(draft: Draft, stream: BinaryIO) -> None:
    """Write the draft to ``stream`` (a binary file or io.BytesIO) as a Word document in 公文 layout: A4, GB/T 9704
    margins and fonts, 编制依据 on a portrait page, then one table per part of the plan on A4 landscape (each task's
    notes in its 备注 column), then the items that only name the unit, each with its reason."""
    from docx import Document

    document = Document()
    _set_page(document)
    _set_default_font(document)
    document.core_properties.title = xml_text(draft.title)
    document.core_properties.author = xml_text(draft.unit)
    document.core_properties.comments = xml_text(draft.generated_from)
    _paragraph(document, full_width_punctuation(draft.title), TITLE_FONT, TITLE_PT, centred=True)
    _paragraph(document, "一、编制依据", HEADING_FONT, TEXT_PT, outline_level=0)
    for number, line in enumerate(draft.basis, start=1):
        _paragraph(document, f"{number}．{full_width_punctuation(line)}", BODY_FONT, TEXT_PT)
    _page_numbers(document.sections[0])
    _landscape_section(document)  # the 任务分工表 on A4 landscape: 重点任务 gets a readable width
    heading = _paragraph(document, "二、任务分工", HEADING_FONT, TEXT_PT, outline_level=0)
    heading.paragraph_format.keep_with_next = True
    if not draft.groups:
        _paragraph(document, "知识库中没有指派给本单位的条文。", BODY_FONT, TEXT_PT)
    for index, group in enumerate(draft.groups, start=1):
        heading = _paragraph(document, f"（{chinese_numeral(index)}）{full_width_punctuation(group.area_name)}",
                             SUBHEADING_FONT, TEXT_PT, outline_level=1)
        heading.paragraph_format.keep_with_next = True  # a heading never stands alone at a page's foot
        _task_table(document, group)
    if draft.mentions:
        heading = _paragraph(document, f"三、{MENTIONS_HEADING}", HEADING_FONT, TEXT_PT, outline_level=0)
        heading.paragraph_format.keep_with_next = True
        _mentions_table(document, draft)
    _paragraph(document, f"（{draft.generated_from}）", BODY_FONT, NOTE_PT)
    document.save(stream)
