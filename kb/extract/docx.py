"""Word files (.docx) from OA systems: body paragraphs and table cells in reading order. Page headers and
footers live in other parts of the file and are never read."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import InputError
from .common import Extracted, cell_text, lines_to_text, row_line
from .limits import check_docx_parts


def _cell_text(cell) -> str:
    return cell_text(p.text for p in cell.paragraphs)


def extract(path: Path, data: bytes) -> Extracted:
    """The text of a Word file (``data``, the bytes of ``path``): its paragraphs and table rows in document order,
    and its title property as a fact. Raises InputError for a file that is no .docx, cannot be opened, or unpacks past
    KB_MAX_DOCX_UNPACKED_MB (checked before anything is unpacked)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(path, "not a .docx file (a .docx is a zip archive; is it an old .doc renamed?)")
    check_docx_parts(path, data)  # before python-docx unpacks anything: a zip bomb is refused, not unpacked
    try:
        # The bytes checked, not the file again: it may have changed since.
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise InputError(path, f"cannot open as .docx: {exc}") from None
    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.split("\n"))
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                # A merged cell comes back once per grid column it spans: keep its first appearance.
                kept = []
                for cell in row.cells:
                    if not any(cell._tc is k._tc for k in kept):
                        kept.append(cell)
                lines.append(row_line(_cell_text(cell) for cell in kept))
    facts = {}
    if document.core_properties.title and document.core_properties.title.strip():
        facts["title"] = document.core_properties.title.strip()
    return Extracted(path=path, format="docx", text=lines_to_text(lines), facts=facts)
