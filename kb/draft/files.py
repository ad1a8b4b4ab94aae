"""A draft written out: to a file (through a temp file renamed over it only when complete, so a failure never
leaves half a file) or to bytes for a download, in one of the formats, and the file name it is saved under."""
from __future__ import annotations

import io
from pathlib import Path

from ..atomic import write_atomically
from .markdown import write_markdown
from .model import Draft
from .sheet import write_xlsx
from .word import write_docx

DRAFT_FORMATS = ("docx", "xlsx", "md")
WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "md": write_markdown}
# Marks a file name cannot hold (/ and \ would make the name a path; the rest Windows refuses), in their
# full-width forms, which read the same.
_FILE_NAME_MARKS = {"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"}
FILE_NAME_UNIT_CHARS = 60


def _writer(fmt: str):
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(DRAFT_FORMATS)}")
    return WRITERS[fmt]


def write_draft(draft: Draft, path: Path | str, fmt: str) -> Path:
    """Write the draft as ``fmt`` (docx, xlsx or md) to ``path`` through a temp file beside it; returns the path
    written. Raises ValueError for an unknown format, FileNotFoundError when the folder does not exist,
    IsADirectoryError when ``path`` is a folder, and OSError when the disk refuses; the old file is then as it
    was and no temp file is left."""
    write = _writer(fmt)

    def write_file(temp: Path) -> None:
        with open(temp, "wb") as stream:
            write(draft, stream)

    return write_atomically(path, write_file)


def draft_bytes(draft: Draft, fmt: str) -> bytes:
    """The draft as ``fmt`` (docx, xlsx or md), the bytes of its file, for a download. Raises ValueError for an
    unknown format."""
    stream = io.BytesIO()
    _writer(fmt)(draft, stream)
    return stream.getvalue()


def default_draft_name(unit: str, fmt: str, document_id: str | None = None) -> str:
    """The file name a draft is saved under when none is given: ``{unit}-实施方案草稿.{fmt}``, or
    ``{unit}-{document_id}-实施方案草稿.{fmt}`` for the draft of a named document; each part made a safe file name: no
    path (``/``, ``\\``, a leading ``.`` or ``-``), none of Windows's forbidden marks, no control characters, at
    most 60 characters of it."""
    parts = [_safe(unit, "单位")] + ([_safe(document_id, "文件")] if document_id else [])
    return f"{'-'.join(parts)}-实施方案草稿.{fmt}"


def _safe(text: str, fallback: str) -> str:
    name = "".join(_FILE_NAME_MARKS.get(ch, ch) for ch in text if ch.isprintable())
    return name.strip().lstrip(".-").strip()[:FILE_NAME_UNIT_CHARS] or fallback
