"""A worksheet printed as offices print tables, the one print setup of every spreadsheet kb writes (a draft's sheets,
the site's search export): A4 landscape, one page wide and as many long as it takes, a CJK font named in the file
(宋体 for the body, 黑体 for the header), thin borders on every cell of the table, wrapped text, the title and header
rows repeated on each page, 第 &P 页 共 &N 页 in the footer, and column widths chosen so that fitting the width
never prints the text below MIN_PRINTED_PT (``printed_pt`` computes it the way Excel fits a sheet to the page).

Widths are in Excel's units (a Latin digit of the workbook's default font: ``new_workbook`` makes it 宋体 10.5, whose
half-width digit is 7 pixels at 96 dpi, as Calibri 11's is); a Chinese character of a ``pt``-point font is
``pt * 4 / 3`` pixels wide. A default font left at Calibri made a reader without Calibri (LibreOffice) measure the
widths in another font and print the sheet smaller than computed."""
from __future__ import annotations

import math
import unicodedata

from .text import xml_text

BODY_FONT, HEADER_FONT = "宋体", "黑体"  # SimSun and SimHei: on every Chinese Windows, named as Excel names them
BODY_PT, TITLE_PT, FOOTER_PT = 10.5, 16, 9  # 五号 for the table, as an annex table of a 公文 is printed
MIN_PRINTED_PT = 9
FOOTER = "第 &P 页 共 &N 页"
# A4 landscape, in inches (openpyxl's margins are inches): the page, and the margins that leave the table its width.
PAGE_WIDTH_IN = 29.7 / 2.54
MARGINS_IN = {"left": 0.6, "right": 0.6, "top": 0.8, "bottom": 0.8, "header": 0.3, "footer": 0.35}
PX_PER_INCH = 96
PX_PER_WIDTH_UNIT = 7  # the default font's digit (宋体 10.5), which Excel measures column widths in
CELL_PADDING_PX = 5
PRINTABLE_PX = (PAGE_WIDTH_IN - MARGINS_IN["left"] - MARGINS_IN["right"]) * PX_PER_INCH
LINE_SPACING = 1.3  # a wrapped line's height, in font sizes
ROW_PADDING_PT = 4


def new_workbook():
    """An empty openpyxl Workbook whose default font (the Normal style, which column widths are measured in and
    every unstyled cell takes) is BODY_FONT at BODY_PT, not Calibri."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    font = Font(name=BODY_FONT, size=BODY_PT)
    workbook._named_styles["Normal"].font = font  # openpyxl has no public setter for the default style's font
    workbook._fonts[0] = font
    return workbook


def put_cell(sheet, row: int, column: int, value):
    """Write ``value`` into the cell at ``row``, ``column`` (1-based) and return the cell. Text is stored as text,
    always: openpyxl would store a string that starts with ``=`` as a formula (``=HYPERLINK(…)`` in a clause would
    become a live link in Excel) and ``#N/A`` as an error value. Numbers stay numbers."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = xml_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def column_px(width: float) -> float:
    """A column's width in pixels at 96 dpi (with its padding), from its width in Excel's units."""
    return width * PX_PER_WIDTH_UNIT + CELL_PADDING_PX


def fit_scale(widths: list[float], printable_px: float = PRINTABLE_PX) -> float:
    """The scale Excel prints a sheet of these column widths at when it fits the width to one page: at most 1
    (fitting never enlarges), in whole percent, rounded down as Excel does."""
    return min(100, math.floor(100 * printable_px / sum(column_px(w) for w in widths))) / 100


def printed_pt(widths: list[float], font_pt: float, printable_px: float = PRINTABLE_PX) -> float:
    """The size, in points, a ``font_pt`` font prints at on a sheet of these column widths fitted to the width."""
    return round(font_pt * fit_scale(widths, printable_px), 2)


def text_px(text: str, font_pt: float) -> float:
    """How wide ``text`` is in pixels in a ``font_pt`` CJK font, a little more than it is: a wide or full-width
    character (Unicode East_Asian_Width W or F) a full em, any other 0.6 em (a Latin letter of 宋体 is half)."""
    em = font_pt * PX_PER_INCH / 72
    return sum(em if unicodedata.east_asian_width(ch) in "WF" else 0.6 * em for ch in text)


def lines_in(text: str, width: float, font_pt: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` wide (Excel's units), its line breaks kept; at
    least 1. A little generous: a row cut short hides text, a row a line too tall hides nothing."""
    em = font_pt * PX_PER_INCH / 72
    room = max(column_px(width) - 2 * CELL_PADDING_PX - em, em)  # an em spare: a line never breaks inside a word
    return max(1, sum(max(1, math.ceil(text_px(part, font_pt) / room)) for part in str(text).split("\n")))


def row_height_pt(values: list, widths: list[float], font_pt: float = BODY_PT) -> float:
    """The height, in points, of a row whose cells hold ``values`` in columns of ``widths``: its tallest cell's
    wrapped lines."""
    lines = max([lines_in(str(v), w, font_pt) for v, w in zip(values, widths) if v not in (None, "")] or [1])
    return round(lines * font_pt * LINE_SPACING + ROW_PADDING_PT, 1)


def table_cell(cell, header: bool = False, bold: bool = False, centred: bool = False, size_pt: float = BODY_PT):
    """Style one cell of a printed table: the body or header font (the header bold, centred, shaded), thin borders
    on its four sides, wrapped text, top-aligned; returns the cell."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    cell.font = Font(name=HEADER_FONT if header else BODY_FONT, size=size_pt, bold=header or bold)
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    cell.alignment = Alignment(wrap_text=True, vertical="center" if header else "top",
                               horizontal="center" if header or centred else "left")
    if header:
        cell.fill = PatternFill("solid", fgColor="E7E6E6")
    return cell


def title_row(sheet, row: int, text: str, columns: int, size_pt: float = TITLE_PT, lines: int = 1) -> None:
    """A title over the table: ``text`` in the header font, centred across ``columns`` merged cells, no border."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    cell = put_cell(sheet, row, 1, text)
    cell.font = Font(name=HEADER_FONT, size=size_pt, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if columns > 1:
        sheet.merge_cells(f"A{row}:{get_column_letter(columns)}{row}")
    sheet.row_dimensions[row].height = round(lines * size_pt * 1.6 + 6, 1)


def set_widths(sheet, widths: list[float]) -> None:
    """The columns' widths, in Excel's units, from column A on."""
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def print_setup(sheet, widths: list[float], title_rows: tuple[int, int], last_row: int) -> float:
    """Print ``sheet`` as an office table: A4 landscape, fitted to one page wide (fitToHeight 0: as many pages long
    as it takes), MARGINS_IN, rows ``title_rows`` (first, last) repeated at the top of each page, the print area the
    table's columns down to ``last_row``, centred on the page, 第 &P 页 共 &N 页 in the footer. Sets the column
    widths and returns the size the body text prints at; raises ValueError when that is below MIN_PRINTED_PT (the
    widths are too wide for the page)."""
    from openpyxl.utils import get_column_letter

    printed = printed_pt(widths, BODY_PT)
    if printed < MIN_PRINTED_PT:
        raise ValueError(f"columns {sum(widths)} units wide print at {printed} pt, under {MIN_PRINTED_PT} pt")
    set_widths(sheet, widths)
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for side, inches in MARGINS_IN.items():
        setattr(sheet.page_margins, side, inches)
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    sheet.print_area = f"A1:{get_column_letter(len(widths))}{max(last_row, title_rows[1])}"
    footer = sheet.oddFooter.center
    footer.text, footer.font, footer.size = FOOTER, f"{BODY_FONT},Regular", FOOTER_PT
    return printed
