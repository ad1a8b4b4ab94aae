"""Build synthetic input files for the ``kb add`` tests.

This is a helper module, not a test module.  A document is given as a list of *blocks*:

- a ``str`` is one paragraph (one line of the document);
- a ``list[list[str]]`` is a table: a list of rows, each a list of cell strings, the first row
  being the header.

From such a list the functions below write the same document as plain text (in several
encodings), as a Word .docx, as a saved gov.cn-like web page, as a laid-out PDF with a text
layer, and a "scanned" PDF with no text layer at all.  Every writer takes the output path
(``str`` or ``os.PathLike``), creates missing parent directories, and returns the path as a
``pathlib.Path``.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import io
import os
from pathlib import Path
from typing import Sequence, Union

Table = list  # list[list[str]]
Block = Union[str, Table]

IDEOGRAPHIC_SPACE = "\u3000"
EAST_ASIAN_FONT = "仿宋_GB2312"
SITE_NAME = "合成测试网站"


def _out(path: Union[str, os.PathLike]) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def _is_table(block: Block) -> bool:
    if isinstance(block, str):
        return False
    if isinstance(block, (list, tuple)) and all(isinstance(r, (list, tuple)) for r in block):
        return True
    raise TypeError(f"a block is a str or a list of rows, not {block!r}")


# --------------------------------------------------------------------------- plain text


def blocks_to_text(blocks: Sequence[Block]) -> str:
    """The plain-text version: one line per paragraph, one line per table row (cells joined by
    U+3000 IDEOGRAPHIC SPACE); lines joined with "\\n", ending with "\\n"."""
    lines: list[str] = []
    for block in blocks:
        if _is_table(block):
            lines.extend(IDEOGRAPHIC_SPACE.join(row) for row in block)
        else:
            lines.append(block)
    return "\n".join(lines) + "\n"


def write_gb18030(text: str, path: Union[str, os.PathLike]) -> Path:
    """Write ``text`` encoded as GB 18030 (no BOM, newlines untouched)."""
    p = _out(path)
    p.write_bytes(text.encode("gb18030"))
    return p


def write_utf8_bom(text: str, path: Union[str, os.PathLike]) -> Path:
    """Write ``text`` as UTF-8 preceded by a byte-order mark (newlines untouched)."""
    p = _out(path)
    p.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return p


def to_traditional(text: str) -> str:
    """Simplified -> traditional characters with OpenCC's ``s2t`` profile."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


# --------------------------------------------------------------------------- .docx


def _set_east_asian_font(run, name: str = EAST_ASIAN_FONT) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run.font.name = name  # w:ascii / w:hAnsi
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)


def write_docx(blocks: Sequence[Block], path: Union[str, os.PathLike]) -> Path:
    """A real Word file: each str block one paragraph (one run), each table block a real table
    (``document.add_table``, no merged cells).  Runs carry the East Asian font 仿宋_GB2312
    (``w:rFonts/@w:eastAsia``), as files from OA systems do."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = _out(path)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = EAST_ASIAN_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)

    for block in blocks:
        if _is_table(block):
            n_cols = max((len(row) for row in block), default=0)
            if not block or n_cols == 0:
                continue
            table = document.add_table(rows=len(block), cols=n_cols)
            try:
                table.style = "Table Grid"
            except (KeyError, ValueError):  # pragma: no cover - style missing from template
                pass
            for r, row in enumerate(block):
                for c in range(n_cols):
                    text = row[c] if c < len(row) else ""
                    paragraph = table.cell(r, c).paragraphs[0]
                    _set_east_asian_font(paragraph.add_run(text))
        else:
            paragraph = document.add_paragraph()
            _set_east_asian_font(paragraph.add_run(block))
    document.save(str(p))
    return p


# --------------------------------------------------------------------------- .html


def _date_part(value) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value).strip()[:10]


def _pubdate_meta(value) -> str:
    """``YYYY-MM-DD HH:MM`` for the PubDate meta tag (09:00 when only a date is given)."""
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat() + " 09:00"
    s = str(value).strip()
    if len(s) == 10:
        return s + " 09:00"
    return s[:16]


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return _date_part(value)
    return str(value)


def _paragraph_inner_html(text: str, index: int) -> str:
    """Escaped paragraph text, with inline markup on some paragraphs (the text is unchanged:
    the tags only split it, they add no characters or whitespace)."""
    esc = _html.escape
    # Run-in titles such as "（一）指导思想。" are set in bold, as web editors often do.
    if text.startswith("（") and "。" in text[:16]:
        cut = text.index("。") + 1
        return f"<strong>{esc(text[:cut], quote=False)}</strong>{esc(text[cut:], quote=False)}"
    # Numbered part headings ("一、总体要求") get a styled span around the whole line.
    if len(text) <= 12 and len(text) > 2 and text[1] == "、":
        return f'<span style="font-family:黑体">{esc(text, quote=False)}</span>'
    # Every third long paragraph gets a span in its middle, as copied-in formatting would.
    if len(text) >= 40 and index % 3 == 0:
        a, b = 10, 20
        return (
            f"{esc(text[:a], quote=False)}"
            f'<span style="font-size:16px;">{esc(text[a:b], quote=False)}</span>'
            f"{esc(text[b:], quote=False)}"
        )
    return esc(text, quote=False)


_NAV = ["首页", "政务公开", "政策文件", "政策解读", "办事服务", "互动交流", "数据发布", "专题专栏"]
_RELATED = [
    "西川市推进科技金融结合试点工作方案",
    "南屏县中小企业公共服务平台管理办法",
    "北湾区关于加快发展会展经济的若干意见",
    "临江市农村集体产权制度改革实施细则",
    "云岭州旅游公共服务设施建设三年规划",
]


def write_html(
    blocks: Sequence[Block],
    path: Union[str, os.PathLike],
    *,
    title: str,
    doc_number: str | None = None,
    issued=None,
    published=None,
    issuer: str | None = None,
) -> Path:
    """A saved gov.cn-like article page (UTF-8).

    Page furniture (header, navigation menu, breadcrumb, the gov.cn information table with
    索引号 / 主题分类 / 发文机关 / 成文日期 / 标题 / 发文字号 / 发布日期, share bar, print/close
    links, a 相关文件 sidebar, footer, ``<script>``, ``<style>``, ``<noscript>``, ``<iframe>``)
    surrounds the article ``<div class="pages_content" id="UCAP-CONTENT">``, which holds each
    str block as ``<p style="text-indent:2em">`` and each table block as ``<table>`` of
    ``<tr><td>`` rows (header first).  No text of the article appears elsewhere on the page,
    except the title (``<title>``, ``ArticleTitle`` meta, ``<h1>``, information table) and what
    the caller passes as ``doc_number`` / ``issuer`` / ``issued`` (information table).

    ``issued`` and ``published`` may be ``str`` or ``datetime.date``/``datetime``; ``published``
    also gives ``<meta name="PubDate" content="YYYY-MM-DD HH:MM">`` (09:00 when no time given).
    ``issuer`` is an optional extra for the 发文机关 cell (empty when not given).
    """
    esc = _html.escape
    p = _out(path)

    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
        f"<title>{esc(title)}_政府信息公开_{SITE_NAME}</title>",
        f'<meta name="SiteName" content="{SITE_NAME}">',
        f'<meta name="ArticleTitle" content="{esc(title)}">',
    ]
    if published is not None:
        head.append(f'<meta name="PubDate" content="{esc(_pubdate_meta(published))}">')
    head += [
        '<meta name="ColumnName" content="最新政策">',
        '<link rel="stylesheet" type="text/css" href="/css/common.css">',
        "<style>",
        "/* 正文样式：首行缩进两字 */",
        ".pages_content p { text-indent: 2em; line-height: 2; }",
        '.share:before { content: "分享"; }',
        "</style>",
        '<script type="text/javascript">',
        'var shareTitle = "分享到微信";',
        'var tips = ["打开微信，点击底部的“发现”", "使用“扫一扫”即可将网页分享至朋友圈"];',
        "function closeWin() { if (confirm(\"您确定要关闭本页吗？\")) { window.close(); } }",
        "</script>",
        "</head>",
    ]

    body = [
        "<body>",
        '<div class="header" id="top">',
        f'<div class="logo"><a href="/">{SITE_NAME}</a></div>',
        '<div class="login"><a href="/user/login.html">登录</a> | <a href="/user/register.html">注册</a>'
        ' | <a href="/wza/">无障碍浏览</a></div>',
        "</div>",
        '<nav class="nav"><ul>',
    ]
    body += [f'<li><a href="/col{i}/">{name}</a></li>' for i, name in enumerate(_NAV)]
    body += [
        "</ul></nav>",
        '<div class="crumb BreadcrumbNav">当前位置：<a href="/">首页</a> &gt; '
        '<a href="/zhengce/">政策</a> &gt; <a href="/zhengce/zuixin/">最新政策</a></div>',
        '<div class="main">',
        '<div class="policyLibraryOverview_header">',
        '<table class="xxgk_table" border="0" cellspacing="0" cellpadding="0">',
        f"<tr><td><b>索引号：</b></td><td>{SITE_NAME}-2018-00027</td>"
        "<td><b>主题分类：</b></td><td>综合政务\\其他</td></tr>",
        f"<tr><td><b>发文机关：</b></td><td>{esc(_text_of(issuer))}</td>"
        f"<td><b>成文日期：</b></td><td>{esc(_text_of(issued))}</td></tr>",
        f'<tr><td><b>标　　题：</b></td><td colspan="3">{esc(title)}</td></tr>',
        f"<tr><td><b>发文字号：</b></td><td>{esc(_text_of(doc_number))}</td>"
        f"<td><b>发布日期：</b></td><td>{esc(_date_part(published))}</td></tr>",
        "</table>",
        "</div>",
        '<div class="article">',
        f'<h1 id="UCAP-TITLE">{esc(title)}</h1>',
        '<div class="pages_content" id="UCAP-CONTENT">',
    ]
    for index, block in enumerate(blocks):
        if _is_table(block):
            body.append('<table border="1" cellspacing="0" cellpadding="0" align="center">')
            body.append("<tbody>")
            for row in block:
                cells = "".join(f"<td>{esc(c, quote=False)}</td>" for c in row)
                body.append(f"<tr>{cells}</tr>")
            body.append("</tbody>")
            body.append("</table>")
        else:
            body.append(f'<p style="text-indent:2em">{_paragraph_inner_html(block, index)}</p>')
    body += [
        "</div>",  # pages_content
        '<div class="share">分享到：<a href="#" class="wx">微信</a> <a href="#" class="wb">微博</a> '
        '<a href="#" class="qz">QQ空间</a></div>',
        '<div class="print"><a href="javascript:window.print()">打印本页</a> '
        '<a href="javascript:closeWin()">关闭窗口</a></div>',
        "</div>",  # article
        '<aside class="related">',
        "<h3>相关文件</h3>",
        "<ul>",
    ]
    body += [f'<li><a href="/related/{i}.html">{name}</a></li>' for i, name in enumerate(_RELATED)]
    body += [
        "</ul>",
        "</aside>",
        "</div>",  # main
        '<footer id="footer" class="footer">',
        f"<p>主办单位：{SITE_NAME}管理中心　<a href=\"/sitemap.html\">网站地图</a>　<a href=\"/contact.html\">联系我们</a></p>",
        "<p>网站标识码：HC0000000001　ICP备案号：合ICP备00000000号-1</p>",
        "</footer>",
        "<noscript>您的浏览器不支持JavaScript，部分功能将无法使用。</noscript>",
        '<iframe src="/stat/visit.html" title="访问统计" width="0" height="0" style="display:none">'
        "您的浏览器不支持内嵌框架。</iframe>",
        '<script type="text/javascript">document.write("<span class=\\"visits\\">访问量统计</span>");</script>',
        "</body>",
        "</html>",
    ]
    p.write_text("\n".join(head + body) + "\n", encoding="utf-8", newline="\n")
    return p


# --------------------------------------------------------------------------- .pdf

_MM = 72.0 / 25.4
PDF_FONT = "STSong-Light"
PDF_FONT_SIZE = 14.0
PDF_LINE_SPACING = 1.6
PDF_MARGINS_MM = {"left": 28.0, "right": 28.0, "top": 37.0, "bottom": 35.0}


def _register_cid_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


def _wrap(text: str, width: float, first_indent: float, font: str, size: float) -> list[tuple[float, str]]:
    """Break ``text`` into (indent, line) pairs, character by character (CJK may break
    anywhere), so that indent + width of the line never exceeds ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[tuple[float, str]] = []
    indent = first_indent
    current = ""
    current_width = 0.0
    for ch in text:
        w = stringWidth(ch, font, size)
        if current and indent + current_width + w > width + 1e-6:
            lines.append((indent, current))
            indent, current, current_width = 0.0, "", 0.0
        current += ch
        current_width += w
    lines.append((indent, current))
    return lines


def write_pdf(blocks: Sequence[Block], path: Union[str, os.PathLike], *, running_header: str) -> Path:
    """A real PDF with a text layer, laid out like a GB/T 9704 document.

    A4, reportlab's CID font STSong-Light at 14 pt, margins 28 mm left/right, 37 mm top,
    35 mm bottom, line pitch 1.6 × font size.  Each str block starts a new line, its first line
    indented by two characters, and wraps character by character at the right margin; lines
    flow onto the next page as needed, so a long paragraph may be split across pages.  Each
    table row is one line of its cells joined by two spaces (wrapped if it does not fit).  Every
    page carries ``running_header`` centred in the top margin and "- N -" centred in the bottom
    margin.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas as rl_canvas

    _register_cid_font()
    p = _out(path)
    page_w, page_h = A4
    left = PDF_MARGINS_MM["left"] * _MM
    right = PDF_MARGINS_MM["right"] * _MM
    top = PDF_MARGINS_MM["top"] * _MM
    bottom = PDF_MARGINS_MM["bottom"] * _MM
    size = PDF_FONT_SIZE
    pitch = size * PDF_LINE_SPACING
    text_width = page_w - left - right

    lines: list[tuple[float, str]] = []
    for block in blocks:
        if _is_table(block):
            for row in block:
                lines.extend(_wrap("  ".join(row), text_width, 0.0, PDF_FONT, size))
        else:
            lines.extend(_wrap(block, text_width, 2 * size, PDF_FONT, size))

    first_baseline = page_h - top - size
    lines_per_page = max(1, int((first_baseline - bottom) // pitch) + 1)

    c = rl_canvas.Canvas(str(p), pagesize=A4, invariant=1)
    c.setTitle(running_header)
    c.setCreator("tests/ingest_inputs.py (synthetic)")

    def furniture(page_no: int) -> None:
        c.setFont(PDF_FONT, 10.5)
        c.drawCentredString(page_w / 2, page_h - 20 * _MM, running_header)
        c.setLineWidth(0.5)
        c.line(left, page_h - 23 * _MM, page_w - right, page_h - 23 * _MM)
        c.setFont(PDF_FONT, 12)
        c.drawCentredString(page_w / 2, 20 * _MM, f"- {page_no} -")

    page_no = 1
    furniture(page_no)
    c.setFont(PDF_FONT, size)
    slot = 0
    for indent, line in lines:
        if slot == lines_per_page:
            c.showPage()
            page_no += 1
            furniture(page_no)
            c.setFont(PDF_FONT, size)
            slot = 0
        c.drawString(left + indent, first_baseline - slot * pitch, line)
        slot += 1
    c.showPage()
    c.save()
    return p


def write_scanned_pdf(path: Union[str, os.PathLike]) -> Path:
    """A two-page PDF with no text layer, like a scan: page 1 is grey bars drawn as vector
    shapes imitating lines of text, page 2 an embedded raster image (made with Pillow) of
    the same kind.  Nothing is drawn with drawString."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    p = _out(path)
    page_w, page_h = A4
    left, right, top, bottom = 28 * _MM, 28 * _MM, 37 * _MM, 35 * _MM
    pitch = 22.4
    c = rl_canvas.Canvas(str(p), pagesize=A4, invariant=1)

    # Page 1: vector "text lines".
    c.setFillGray(0.35)
    c.rect(page_w / 2 - 120, page_h - top + 10, 240, 14, stroke=0, fill=1)  # a title bar
    y = page_h - top - 30
    n = 0
    while y > bottom:
        indent = 28 if n % 6 == 0 else 0
        width = page_w - left - right - indent
        if n % 6 == 5:
            width *= 0.45  # short last line of a paragraph
        c.rect(left + indent, y, width, 11, stroke=0, fill=1)
        y -= pitch
        n += 1
    c.setStrokeGray(0.2)
    c.line(left, 20 * _MM, page_w - right, 20 * _MM)
    c.showPage()

    # Page 2: a raster image of a scanned page.
    dpi = 100
    img_w, img_h = int(210 / 25.4 * dpi), int(297 / 25.4 * dpi)
    image = Image.new("L", (img_w, img_h), 245)
    draw = ImageDraw.Draw(image)
    px = dpi / 25.4
    y = int(37 * px)
    n = 0
    while y < img_h - int(35 * px):
        indent = int(10 * px) if n % 5 == 0 else 0
        x0 = int(28 * px) + indent
        x1 = img_w - int(28 * px) if n % 5 != 4 else x0 + int(70 * px)
        draw.rectangle([x0, y, x1, y + int(4 * px)], fill=60)
        y += int(8 * px)
        n += 1
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    c.drawImage(ImageReader(buf), 0, 0, width=page_w, height=page_h)
    c.showPage()
    c.save()
    return p


__all__ = [
    "Block",
    "blocks_to_text",
    "to_traditional",
    "write_docx",
    "write_gb18030",
    "write_html",
    "write_pdf",
    "write_scanned_pdf",
    "write_utf8_bom",
]


def write_unmapped_pdf(path: Union[str, os.PathLike], glyphs: int = 80) -> Path:
    """A synthetic PDF whose one font is a CID font with Identity-H encoding and no ToUnicode map, as some OA
    exports are: its text layer holds glyph ids only, which pdfminer reads as (cid:4097)(cid:4098)…"""
    content = "BT /F1 12 Tf 72 700 Td <" + "".join(f"{4097 + i:04X}" for i in range(glyphs)) + "> Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /SynthSong /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SynthSong /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    p = _out(path)
    p.write_bytes(out)
    return p
