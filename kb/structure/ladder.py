"""The numbering ladder of a document's lines: each line's numbering marker (rules/structure.yml ``numbering``),
whether it is an attachment line or a note on the item before it (牵头单位:X, 完成时限:…), and for each numbered
line whether anything is numbered or written under it (a heading) or not (a task item).

A document's ladder is read from the order its markers first appear: a style seen before closes the levels below
it; a new one opens a level below the current (GB/T 9704-2012, 7.3.3, numbers a 公文's levels 一、 (一) 1. (1), but
documents vary).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..normalize import compact, without_glosses
from ..rule_models.structure import NumberingStyle
from .model import StructureRules


def match_marker(view: str, start: int, end: int, rules: StructureRules):
    """(numbering style, its match) of the first style whose marker opens view[start:end], or (None, None)."""
    for style in rules.layout.numbering:
        match = style.pattern.match(view, start, end)
        if match:
            return style, match
    return None, None


def is_note_line(line: str, rules: StructureRules) -> bool:
    """Whether ``line`` annotates the item before it: a label slot (牵头单位:X) or a 完成时限 line, read without the
    pinyin a page prints in it (责(zé)任单位:X)."""
    line = without_glosses(line).strip()
    if rules.layout.item_note_line is not None and rules.layout.item_note_line.match(line):
        return True
    return rules.is_unit_note is not None and rules.is_unit_note(line)


@dataclass
class LineLayout:
    """What each line (by index) is in the ladder: ``markers`` its (style, match), or None (or (None, None)) for a
    line with no marker; ``attachment`` whether it lies in the attachment list; ``notes`` whether it annotates the
    item before it; ``has_children`` whether a numbered line has lines numbered or written under it."""
    markers: list[tuple[NumberingStyle | None, object] | None]
    attachment: list[bool]
    notes: list[bool]
    has_children: list[bool]


def read_layout(view: str, lines: list[tuple[int, int]], rules: StructureRules, issuer_compact: str | None,
                in_table: frozenset = frozenset()) -> LineLayout:
    """The LineLayout of ``lines`` (spans of ``view``): ``issuer_compact`` is the issuer's name (compact), whose
    signature line, like a date line, does not make the numbered line above it a heading; lines starting at an
    offset of ``in_table`` (a flattened table's cells: 2023.01-2023.12, 1、) number nothing."""
    notes = _note_flags(view, lines, rules)
    attachment = _attachment_flags(view, lines, rules)
    markers = [None if attached or s in in_table else match_marker(view, s, e, rules)
               for (s, e), attached in zip(lines, attachment)]
    depths = _depths(markers)

    def quiet(i: int) -> bool:  # lines that do not make the numbered line above them a heading
        s, e = lines[i]
        line_compact = compact(view[s:e])
        return (attachment[i] or notes[i] or bool(rules.date_line.fullmatch(line_compact))
                or (issuer_compact is not None and line_compact == issuer_compact))

    return LineLayout(markers, attachment, notes, _has_children(depths, quiet))


def _note_flags(view: str, lines: list[tuple[int, int]], rules: StructureRules) -> list[bool]:
    """Whether each line is a note; a list of units alone on the line after a label line goes on with it (配合单位:
    市财政局 / 各区人民政府)."""
    notes = [is_note_line(view[s:e], rules) for s, e in lines]
    for i in range(1, len(lines)):
        if notes[i - 1] and not notes[i] and rules.is_unit_list is not None \
                and rules.is_unit_list(view[lines[i][0]:lines[i][1]]) \
                and rules.is_unit_note is not None and rules.is_unit_note(view[lines[i - 1][0]:lines[i - 1][1]]):
            notes[i] = True
    return notes


def _attachment_flags(view: str, lines: list[tuple[int, int]], rules: StructureRules) -> list[bool]:
    """Whether each line lies in an attachment list: from a first attachment line (附件:1.…) through the lines that
    go on with it (metadata.yml ``attachments``)."""
    attachment = []
    in_attachments = False
    for s, e in lines:
        line = view[s:e]
        if rules.attachment_first is not None and rules.attachment_first.match(line):
            in_attachments = True
        elif in_attachments and not (rules.attachment_next is not None and rules.attachment_next.match(line)):
            in_attachments = False
        attachment.append(in_attachments)
    return attachment


def _depths(markers: list) -> list[int | None]:
    """Each numbered line's depth in the document's ladder (0 for the outermost style), None for other lines."""
    depths: list[int | None] = []
    ladder: list[str] = []
    for marker in markers:
        if marker is None or marker[0] is None:
            depths.append(None)
            continue
        style = marker[0].id
        if style in ladder:
            del ladder[ladder.index(style) + 1:]
        else:
            ladder.append(style)
        depths.append(ladder.index(style))
    return depths


def _has_children(depths: list[int | None], quiet) -> list[bool]:
    """For each numbered line, whether the next numbered line is deeper or a line other than a ``quiet`` one
    (notes, attachments, the date, the signature) stands before it."""
    has_children = []
    for i, depth in enumerate(depths):
        found = False
        if depth is not None:
            for j in range(i + 1, len(depths)):
                if depths[j] is not None:
                    found = depths[j] > depth
                    break
                if not quiet(j):
                    found = True
                    break
        has_children.append(found)
    return has_children
