"""A coverage check (kb.align.coverage) written out as the drafts are: plain text for a terminal, Markdown (kb.draft's
escaping: a cell renders as exactly its text) and an .xlsx workbook (kb.draft.sheet.write_table: A4 landscape, the
header repeated on every page, borders, 宋体/黑体, 第 &P 页 共 &N 页), and the file name a report is saved under."""
from __future__ import annotations

import io
from pathlib import Path

from ..atomic import write_atomically
from ..vocabulary import ROLE_LABELS
from .coverage import COVERAGE_STATUS_LABELS, Coverage, CoverageTask

COVERAGE_FORMATS = ("text", "md", "xlsx")
HEADERS = ["序号", "上级文件任务", "上级分工", "上级时限", "本方案落实条文", "本方案时限", "目标比较", "落实情况"]
# Widths in Excel's units: the two texts widest; printed at 10.5 pt × the fit scale, never below 9 pt.
WIDTHS = [5, 40, 12, 8, 40, 8, 14, 10]
SHEET_NAME = "覆盖检查"
COMPARISON_WORDS = {"stricter": "更严", "looser": "更宽", "equal": "相同", "absent": "未设定", "not_comparable": "不可比"}


def title_of(report: Coverage) -> str:
    """The report's title: the unit, the plan and its parents."""
    parents = "、".join(f"《{title}》" for _, title in report.parents)
    return f"{report.unit}落实上级任务覆盖检查:《{report.child_title}》对照{parents}"


def summary_of(report: Coverage) -> str:
    """One line of counts: 上级文件指派任务 17 项:已覆盖 9,未覆盖 4 …"""
    counts = report.counts()
    parts = ",".join(f"{COVERAGE_STATUS_LABELS[status]} {n}" for status, n in counts.items())
    return f"上级文件指派本单位的任务 {len(report.tasks)} 项:{parts}"


def _year(deadline) -> str:
    return str(deadline) if deadline else ""


def row_of(number: int, task: CoverageTask) -> list:
    """The cells of one task (HEADERS)."""
    answers = "\n".join(f"{a.clause_id}:{a.text}" for a in task.answers) or "(无)"
    targets = "\n".join(f"{wording}:{COMPARISON_WORDS.get(c, c)}" for wording, c in task.targets)
    role = f"{ROLE_LABELS.get(task.role, task.role)}({task.named_as})"
    return [number, f"{task.item_id}:{task.text}", role, _year(task.deadline), answers, _year(task.child_deadline),
            targets, COVERAGE_STATUS_LABELS[task.status]]


def render_text(report: Coverage) -> str:
    """The report for a terminal: title, counts, then a block per task."""
    lines = [title_of(report), summary_of(report), ""]
    for number, task in enumerate(report.tasks, start=1):
        lines.append(f"{number}. [{COVERAGE_STATUS_LABELS[task.status]}] {task.text}")
        lines.append(f"   上级分工:{ROLE_LABELS.get(task.role, task.role)}({task.named_as});上级时限:"
                     f"{_year(task.deadline) or '未注明'};条文 {task.item_id}")
        for answer in task.answers:
            lines.append(f"   → {answer.clause_id}:{answer.text}" + (f"(时限 {answer.deadline})" if answer.deadline else ""))
        for wording, comparison in task.targets:
            lines.append(f"   目标 {wording}:{COMPARISON_WORDS.get(comparison, comparison)}")
    if not report.tasks:
        lines.append("上级文件没有指派本单位的任务(或上级文件的正文尚未收入知识库)。")
    return "\n".join(lines) + "\n"


def render_markdown(report: Coverage) -> str:
    """The report as Markdown: title, counts and one pipe table (HEADERS), every cell escaped."""
    from ..draft.markdown import _table, markdown_text  # the drafts' own table and escaping

    rows = [[str(cell) for cell in row_of(n, task)] for n, task in enumerate(report.tasks, start=1)]
    lines = [f"# {markdown_text(title_of(report))}", "", markdown_text(summary_of(report)), ""]
    lines += _table(HEADERS, rows) if rows else ["上级文件没有指派本单位的任务。"]
    return "\n".join(lines) + "\n"


def write_xlsx(report: Coverage, stream) -> None:
    """The report as a one-sheet workbook (kb.draft.sheet.write_table) to ``stream``."""
    from ..draft.sheet import write_table

    rows = [row_of(n, task) for n, task in enumerate(report.tasks, start=1)]
    write_table(stream, SHEET_NAME, f"{title_of(report)}\n{summary_of(report)}", HEADERS, rows, WIDTHS,
                {"title": title_of(report), "creator": report.unit, "description": summary_of(report)})


def report_bytes(report: Coverage, fmt: str) -> bytes:
    """The report as ``fmt`` (text, md or xlsx) bytes. Raises ValueError for another format."""
    if fmt == "xlsx":
        stream = io.BytesIO()
        write_xlsx(report, stream)
        return stream.getvalue()
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "text":
        return render_text(report).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(COVERAGE_FORMATS)}")


def write_report(report: Coverage, path: Path | str, fmt: str) -> Path:
    """Write the report as ``fmt`` to ``path`` through a temp file renamed over it (kb.atomic); returns the path.
    Raises ValueError for an unknown format and OSError when the file cannot be written."""
    data = report_bytes(report, fmt)
    return write_atomically(path, lambda temp: Path(temp).write_bytes(data))


def default_report_name(report: Coverage, fmt: str) -> str:
    """``{unit}-{plan}-覆盖检查.{ext}``, made a safe file name as drafts' names are."""
    from ..draft.files import _safe

    extension = {"text": "txt"}.get(fmt, fmt)
    return f"{_safe(report.unit, '单位')}-{_safe(report.child_id, '文件')}-覆盖检查.{extension}"
