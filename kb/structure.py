"""The numbering ladder → sections → paragraphs → clauses, with ids and offsets.

Works on the parsing view (kb.normalize) and records offsets into the document's own text, which it never
changes. Everything about what a marker, a heading or a sentence end looks like comes from rules/structure.yml.
Ids follow design.md: the document id, then the printed numbers of the sections, the paragraph within the
section and the sentence within the paragraph (二、(一) third paragraph, second sentence → doc.2.1.3.2).
Paragraph 0 of a numbered section is its heading line; section number 0 is the front matter before the first
numbered section.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Callable

from .extract.common import CELL_SEPARATOR
from .normalize import compact as _compact, parsing_view
from .numerals import chinese_integer, read_numeral
from .rule_models.structure import StructureFile
from .vocabulary import FRAME_KINDS


# A sentence that opens with 一是 / 二是 … (an enumeration inside a paragraph).
ENUMERATED = re.compile(r"\s*[一二三四五六七八九十]{1,3}是")

@dataclass
class StructureRules:
    """What kb.structure reads: the layout rules of rules/structure.yml (``layout``) and the lines the other rules
    files recognise, wired by kb.rules.load_rules: a responsibility note or a list of units (units.yml's slot
    grammar), a table's unit columns and its flattened lines (kb.tables), the attachment lines and the 成文日期
    line and the 主送 line (metadata.yml), a 文号 alone on its line (citations.yml)."""
    layout: StructureFile
    is_unit_note: Callable[[str], bool] | None = None
    is_unit_list: Callable[[str], bool] | None = None  # a line that is only a list of unit names
    column_kinds: Callable | None = None  # a table header's cells → its unit columns
    flat_tables: Callable | None = None  # a text's parsing view → its tables flattened into lines (kb.tables)
    attachment_first: re.Pattern | None = None
    attachment_next: re.Pattern | None = None
    date_line: re.Pattern | None = None  # the 成文日期 line (metadata.yml `date`)
    is_number_line: Callable[[str], bool] | None = None  # a line that is a 文号 alone (citations.yml `number`)
    is_addressee_line: Callable[[str], bool] | None = None  # the 主送 line (metadata.yml `addressees`)


@dataclass
class Section:
    """A heading of the numbering ladder (the ``sections`` table), or a section of one paragraph (a run-in title,
    a goal item) or the attachments. GB/T 9704-2012 (7.3.3) numbers a 公文's levels 一、 (一) 1. (1); kb reads each
    document's own ladder from the order its markers first appear (rules/structure.yml ``numbering``).

    ``id`` is the document id and the printed numbers (二、(一) → doc.2.1; a number printed twice gets -2, -3);
    ``level`` is 1 for a top-level part; ``ordinal`` its place among the document's sections (1-based);
    ``rule_id`` the numbering style or paragraph form that made it; ``path_label`` its headings from the top
    (二、主要行动 › (一)…); ``char_start``/``char_end`` the offsets of its line in the document's text (end
    exclusive)."""
    id: str
    document_id: str
    parent_id: str | None
    level: int
    number: str | None  # as printed: 二、 (一); None for run-in titles and goal items
    heading: str | None
    kind: str  # numbered (a heading) / item (a task item) / run-in / goal / attachments
    ordinal: int
    rule_id: str
    path_label: str
    char_start: int
    char_end: int


@dataclass
class Clause:
    """The smallest citable unit (the ``clauses`` table): a sentence, or an item of a list, of a paragraph.

    ``id`` is the section's id, the paragraph within the section (0: the heading line) and the sentence within the
    paragraph (doc.2.1.3.2); ``section_id`` is None in the front matter. ``paragraph`` and ``sentence`` are those
    numbers, ``ordinal`` the clause's place in the document (1-based). ``text`` is the document's own text from
    ``char_start`` to ``char_end`` (offsets into it, end exclusive), and ``line`` the 1-based line it starts on.
    ``kind`` is one of kb.vocabulary's clause kinds; ``item_id`` the id of the first clause of the task item (or
    paragraph) the clause belongs to."""
    id: str
    document_id: str
    section_id: str | None
    paragraph: int
    sentence: int
    ordinal: int
    kind: str  # title / byline / addressee / heading / goal / item / sentence / note / signature / date / attachment
    text: str
    char_start: int
    char_end: int
    line: int
    item_id: str | None = None  # the first clause of the task item (or paragraph) this clause belongs to


@dataclass
class DocumentStructure:
    """What kb.structure.segment reads from one document: its sections and its clauses, in document order."""
    sections: list[Section]
    clauses: list[Clause]


@dataclass
class _Container:
    """A numbered section (or the front matter) and how many paragraphs it holds so far."""

    section: Section | None
    style_id: str | None
    path: str  # the id suffix: "2.1"; "0" for front matter
    paragraphs: int = 0


@lru_cache(maxsize=64)
def _char_class(characters: frozenset) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(characters)) + "]")


def sentence_spans(view: str, start: int, end: int, rules: StructureRules) -> list[tuple[int, int]]:
    """Clause spans in view[start:end], whitespace trimmed, never cut inside a matched bracket pair.

    Only the positions of brackets and sentence enders can change anything, so only those are visited."""
    depth_change = [0] * (end - start + 1)
    stack: list[tuple[str, int]] = []
    closes_at: dict[int, int] = {}
    changed: set[int] = set()
    brackets = _char_class(frozenset(rules.layout.openers) | frozenset(rules.layout.closers))
    for found in brackets.finditer(view, start, end):
        i = found.start()
        ch = view[i]
        if ch in rules.layout.openers and not (ch in rules.layout.closers and stack and stack[-1][0] == rules.layout.closers[ch]):
            stack.append((ch, i))
        elif ch in rules.layout.closers:
            opener = rules.layout.closers[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    open_at = stack[depth][1]
                    del stack[depth:]
                    depth_change[open_at - start + 1] += 1
                    depth_change[i - start] -= 1
                    changed.update((open_at + 1, i))
                    closes_at[open_at] = i
                    break
    enders = _char_class(frozenset(rules.layout.sentence_enders))
    events = sorted(changed.union(m.start() for m in enders.finditer(view, start, end)))
    spans: list[tuple[int, int]] = []
    depth = 0
    clause_start = start
    event = 0  # index into events
    while event < len(events):
        i = events[event]
        if i >= end:
            break
        depth += depth_change[i - start]
        ch = view[i]
        if depth == 0 and ch in rules.layout.sentence_enders:
            j = i + 1
            while j < end and (view[j] in rules.layout.sentence_enders or
                               (view[j] in rules.layout.closers and view[j] not in rules.layout.openers)):
                j += 1
            # A bracketed note right after the end, closing the paragraph or its own sentence, belongs to the
            # sentence before it: 1.每万人口发明专利拥有量达到12件。(知识产权局负责)
            k = j
            while k < end and view[k].isspace():
                k += 1
            if k < end and k in closes_at:
                after = closes_at[k] + 1
                m = after
                while m < end and view[m] in rules.layout.sentence_enders:
                    m += 1
                rest = m
                while rest < end and view[rest].isspace():
                    rest += 1
                if rest == end or m > after:
                    j = m
            event += 1
            while event < len(events) and events[event] < j:
                depth += depth_change[events[event] - start]
                event += 1
            spans.append((clause_start, j))
            clause_start = j
            continue
        event += 1
    if clause_start < end:
        spans.append((clause_start, end))
    trimmed = []
    for s, e in spans:
        while s < e and view[s].isspace():
            s += 1
        while e > s and view[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _lines(view: str):
    """(start, end) of every non-blank line, whitespace trimmed."""
    position = 0
    for raw in view.split("\n"):
        s, e = position, position + len(raw)
        position = e + 1
        while s < e and view[s].isspace():
            s += 1
        while e > s and view[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def _trailing_bracket(view: str, span: tuple[int, int], rules: StructureRules) -> int:
    """The length of a bracketed group that closes view[span] (its note: structure.yml ``note_bracket``), else 0."""
    opener, closer = rules.layout.note_bracket
    text = view[span[0]:span[1]].rstrip("。;. ")
    if not text.endswith(closer):
        return 0
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {closer: 1, opener: -1}.get(text[i], 0)
        if depth == 0:
            return len(text) - i
    return 0


def _is_run_in(view: str, first: tuple[int, int], rules: StructureRules) -> bool:
    """A short first sentence with no inner separators titles its paragraph (培育知识产权密集型产业。…)."""
    first_text = view[first[0]:first[1]]
    return (first[1] - first[0] <= rules.layout.run_in_title.max_chars and first_text[-1] in rules.layout.sentence_enders
            and not any(sep in first_text for sep in rules.layout.run_in_title.not_containing))


def _match_marker(view: str, start: int, end: int, rules: StructureRules):
    for style in rules.layout.numbering:
        match = style.pattern.match(view, start, end)
        if match:
            return style, match
    return None, None


def _is_note_line(view: str, rules: StructureRules) -> bool:
    """A line that annotates the item before it: a label slot (牵头单位:X) or a 完成时限 line."""
    line = view.strip()
    if rules.layout.item_note_line is not None and rules.layout.item_note_line.match(line):
        return True
    return rules.is_unit_note is not None and rules.is_unit_note(line)


def table_cells(text: str, start: int, end: int) -> list[str] | None:
    """The cells of a table row (kb.extract writes one row a line, cells joined by CELL_SEPARATOR), or None for a
    line with fewer than three cells (一个 ideographic space after 第二条 is no table)."""
    cells = text[start:end].split(CELL_SEPARATOR)
    return [c.strip() for c in cells] if len(cells) >= 3 else None


def _logical_lines(view: str, text: str, rules: StructureRules) -> list[tuple[int, int]]:
    """Lines, with a hard-wrapped line joined to its continuation: a line that has a comma and no sentence end,
    followed by a shorter line that ends one (申请人应当提交…,并对材料的真实性 / 负责。). Headings have no comma
    and precede longer text, so they stay apart."""
    raw = list(_lines(view))
    width = _page_width(view, raw)
    joined: list[tuple[int, int]] = []
    last_raw = None

    def goes_on(ps: int, pe: int, s: int, e: int) -> bool:
        # A line may go on in the next only where it ends no sentence and is no table row, and the next opens no
        # item, note or date line.
        return (view[pe - 1] not in rules.layout.sentence_enders and view[pe - 1] not in (":", "：")
                and table_cells(text, ps, pe) is None and _match_marker(view, s, e, rules)[0] is None
                and not _is_note_line(view[s:e], rules) and not rules.date_line.fullmatch(_compact(view[s:e])))

    for s, e in raw:
        # A page cut at a fixed width (a PDF's lines): a full line goes on in the next.
        if joined and width and abs(last_raw[1] - last_raw[0] - width) <= 1 and goes_on(*last_raw, s, e):
            joined[-1], last_raw = (joined[-1][0], e), (s, e)
            continue
        last_raw = (s, e)
        if joined:
            ps, pe = joined[-1]
            previous, current = view[ps:pe], view[s:e]
            if (previous[-1] not in rules.layout.closers and "," in previous and goes_on(ps, pe, s, e)
                    and (len(current) < len(previous) or len(previous) >= 40)
                    and (current[-1] in rules.layout.sentence_enders or current[-1] in rules.layout.closers)):
                joined[-1] = (ps, e)
                continue
        joined.append((s, e))
    return joined


# An item number inside a line, after a space or a sentence's end (… 1.轨道交通… 2.新增…): a page that lost its
# line breaks.
# An item number run into a line or a clause (… 。2.新投放…): kb.targets reads a clause's tense from it on too.
_NUMBERED = r"(\d{1,2})[.．、](?=[^\d\s.．、])"  # 3. / 3、 before words, never 1.5
INLINE_ITEM = re.compile(r"(?<=[\s。;；])" + _NUMBERED)
_PART = re.compile(r"\s*[(（]([一二三四五六七八九十]{1,3})[)）]")
_ARABIC_PART = re.compile(r"\s*" + _NUMBERED)


def _inline_items(view: str, lines: list[tuple[int, int]], rules: StructureRules,
                  min_chars: int = 200) -> list[tuple[int, int]]:
    """Lines with a page's run-together numbered items apart: a long line in which 1. 2. 3. … follow each other
    (at least two of them, counting up from 1) is cut before each, each piece without its trailing spaces."""
    out = []
    for s, e in lines:
        glued = _glued_parts(view, s, e, rules)
        if glued:
            out.extend(glued)
            continue
        if e - s < min_chars:
            out.append((s, e))
            continue
        cuts, expected = [], 1
        for match in INLINE_ITEM.finditer(view, s, e):
            if int(match.group(1)) == expected:
                cuts.append(match.start())
                expected += 1
        if len(cuts) < 2:
            out.append((s, e))
            continue
        for a, b in zip([s] + cuts, cuts + [e]):
            while b > a and view[b - 1].isspace():
                b -= 1
            if a < b:
                out.append((a, b))
    return out


def _glued_parts(view: str, s: int, e: int, rules: StructureRules) -> list[tuple[int, int]] | None:
    """A line that opens with (一) or 1. and runs on into (二), (三) … or 2., 3. … right after a sentence's end or
    a note ((一)地区生产总值增长11%左右。(省发改委负责)(二)公共财政收入…): its parts apart; None for any other line."""
    after = rules.layout.sentence_enders | {rules.layout.note_bracket[1]}
    for pattern, number in ((_PART, chinese_integer), (_ARABIC_PART, int)):
        first = pattern.match(view, s, e)
        if first is not None:
            break
    else:
        return None
    cuts, expected = [], number(first.group(1)) + 1
    for match in pattern.finditer(view, first.end(), e):
        if view[match.start() - 1] in after and number(match.group(1)) == expected:
            cuts.append(match.start())
            expected += 1
    if not cuts:
        return None
    parts = []
    for a, b in zip([first.start()] + cuts, cuts + [e]):
        while b > a and view[b - 1].isspace():
            b -= 1
        parts.append((a, b))
    return parts


def _page_width(view: str, lines: list[tuple[int, int]]) -> int | None:
    """The width a page's text was cut at, where it was (a PDF's lines): the length shared, within one character, by
    at least half of its lines of 15 characters or more (and at least 6 of them); else None."""
    lengths = [e - s for s, e in lines if e - s >= 15]
    if len(lengths) < 6:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    mode = max(counts, key=lambda n: (counts.get(n - 1, 0) + counts[n] + counts.get(n + 1, 0), n))
    near = sum(counts.get(n, 0) for n in (mode - 1, mode, mode + 1))
    return mode if near * 2 >= len(lengths) and near >= 6 else None


def _table_lines(lines: list[tuple[int, int]], row_of: dict, header_lines: set) -> list[tuple[int, int]]:
    """Logical lines with a table's lines apart again: a row's cells, and its header, are never joined to the
    line after them as a hard-wrapped sentence would be."""
    if not row_of and not header_lines:
        return lines
    table_starts = sorted(set(row_of) | header_lines)
    out = []

    for s, e in lines:
        i = bisect.bisect_right(table_starts, s)
        cuts = [t for t in table_starts[i:i + 64] if t < e]
        if not cuts:
            out.append((s, e))
            continue
        edges = [s] + cuts + [e]
        for a, b in zip(edges, edges[1:]):
            b = b - 1 if b != e else b  # the newline before a table line ends the piece before it
            if a < b:
                out.append((a, b))
    return out


def _layout(view: str, lines: list[tuple[int, int]], rules: StructureRules, issuer_compact: str | None,
            in_table: frozenset = frozenset()):
    """For each line: its numbering (style, match) or None, whether it is an attachment line, whether it is a
    note on the item before it (牵头单位:X, 完成时限:…), and for numbered lines whether anything is numbered under
    them or written under them (a heading) or not (a task item)."""
    markers, attachment = [], []
    notes = [_is_note_line(view[s:e], rules) for s, e in lines]
    for i in range(1, len(lines)):
        # 配合单位:市财政局 / 各区人民政府: a list of units alone on the line after a label line goes on with it.
        if notes[i - 1] and not notes[i] and rules.is_unit_list is not None \
                and rules.is_unit_list(view[lines[i][0]:lines[i][1]]) \
                and rules.is_unit_note is not None and rules.is_unit_note(view[lines[i - 1][0]:lines[i - 1][1]]):
            notes[i] = True
    in_attachments = False
    for s, e in lines:
        line = view[s:e]
        if rules.attachment_first is not None and rules.attachment_first.match(line):
            in_attachments = True
        elif in_attachments and not (rules.attachment_next is not None and rules.attachment_next.match(line)):
            in_attachments = False
        attachment.append(in_attachments)
        # A cell of a flattened table (2023.01-2023.12, 1、) numbers nothing.
        markers.append(None if in_attachments or s in in_table else _match_marker(view, s, e, rules))
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

    def quiet(i: int) -> bool:  # lines that do not make the numbered line above them a heading
        s, e = lines[i]
        line = view[s:e]
        compact = _compact(line)
        return (attachment[i] or notes[i] or bool(rules.date_line.fullmatch(compact))
                or (issuer_compact is not None and compact == issuer_compact))

    has_children = []
    for i, depth in enumerate(depths):
        found = False
        if depth is not None:
            for j in range(i + 1, len(lines)):
                if depths[j] is not None:
                    found = depths[j] > depth
                    break
                if not quiet(j):
                    found = True
                    break
        has_children.append(found)
    return markers, attachment, notes, has_children


def _line_finder(text: str):
    """``line_of(text, offset)`` for many offsets: a binary search in the newlines' positions, found once,
    instead of counting from the start of the text for every clause."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1  # the newlines before offset, plus one

    return line_at


def segment(document_id: str, text: str, rules: StructureRules, title: str | None = None,
            issuer: str | None = None, addressees: list[str] | None = None) -> DocumentStructure:
    """Sections and clauses of one document. ``title``, ``issuer`` and ``addressees`` (from its metadata) mark
    the title lines, the byline, the signature and the 主送 line (wherever it stands in the front matter)."""
    view = parsing_view(text)
    sections: list[Section] = []
    clauses: list[Clause] = []
    used_ids: dict[str, set[str]] = {"section": set(), "clause": set()}
    front = _Container(None, None, "0")
    ladder: list[_Container] = []  # innermost last
    title_left = _compact(title) if title else ""
    issuer_compact = _compact(issuer) if issuer else None
    body_seen = False
    title_started = False  # the title may follow a label line, but its lines follow each other

    # The last suffix given to each candidate id, so that the k-th repeat of a number starts from -k, not -2:
    # the ids are the same as trying -2, -3 … in turn (every suffix below it is taken), in constant time.
    last_suffix: dict[str, dict[str, int]] = {"section": {}, "clause": {}}

    def unique(table: str, candidate: str) -> str:
        # Ids come from printed numbers; a document that prints the same number twice gets -2, -3 …
        taken = used_ids[table]
        n, chosen = 1, candidate
        if chosen in taken:
            n = last_suffix[table].get(candidate, 1) + 1
            chosen = f"{candidate}-{n}"
            while chosen in taken:
                n += 1
                chosen = f"{candidate}-{n}"
            last_suffix[table][candidate] = n
        taken.add(chosen)
        return chosen

    line_at = _line_finder(text)

    item_of_section: dict[str, str] = {}  # an item section → its item (the id of its first clause)

    def add_clauses(prefix: str, section_id: str | None, paragraph: int,
                    spans: list[tuple[int, int]], kinds: list[str], item: str | None = None):
        # A paragraph of sentences enumerated 一是…二是… holds one task a 一是: each opens an item of its own.
        opens = [kind == "sentence" and bool(ENUMERATED.match(text[s:e])) for (s, e), kind in zip(spans, kinds)]
        enumerated = item is None and sum(opens) >= 2
        for n, ((s, e), kind) in enumerate(zip(spans, kinds), start=1):
            clause_id = unique("clause", f"{prefix}.{n}")
            item = clause_id if enumerated and opens[n - 1] else item or clause_id
            clauses.append(Clause(
                id=clause_id, document_id=document_id, section_id=section_id,
                paragraph=paragraph, sentence=n, ordinal=len(clauses) + 1, kind=kind,
                text=text[s:e], char_start=s, char_end=e, line=line_at(s), item_id=item))

    def add_section(parent: Section | None, suffix: str, number: str | None, heading: str | None,
                    kind: str, rule_id: str, s: int, e: int) -> Section:
        parent_path = parent.path_label + " › " if parent else ""
        label = (number or "") + (heading or "")
        section = Section(
            id=unique("section", f"{document_id}.{suffix}"), document_id=document_id,
            parent_id=parent.id if parent else None, level=(parent.level + 1) if parent else 1,
            number=number, heading=heading, kind=kind, ordinal=len(sections) + 1, rule_id=rule_id,
            path_label=parent_path + label, char_start=s, char_end=e)
        sections.append(section)
        return section

    def heading_text(s: int, e: int) -> str:
        return text[s:e].strip().rstrip("。.:：;；")

    # Tables flattened into lines: a row's lines are one task item, its header a table_header clause.
    tables = rules.flat_tables(view, text) if rules.flat_tables is not None else []
    row_of: dict[int, tuple[int, int]] = {}  # a table line's start → (start of its row's first line, row end)
    header_lines: set[int] = set()
    for table in tables:
        header_lines.update(s for s, _ in table.header)
        for row in table.rows:
            row_of.update((s, (row.lines[0][0], row.end)) for s, _ in row.lines)
    lines = _table_lines(_inline_items(view, _logical_lines(view, text, rules), rules), row_of, header_lines)
    markers, attachment_lines, note_lines, has_children = _layout(view, lines, rules, issuer_compact,
                                                                  frozenset(row_of) | frozenset(header_lines))
    row_items: dict[int, str] = {}  # a row's first line start → the id of its first clause
    attachments: _Container | None = None
    for index, (line_start, line_end) in enumerate(lines):
        container = ladder[-1] if ladder else front
        line_compact = _compact(view[line_start:line_end])

        if line_start in header_lines or line_start in row_of:
            container.paragraphs += 1
            prefix = f"{document_id}.{container.path}.{container.paragraphs}"
            section_id = container.section.id if container.section else None
            if line_start in header_lines:
                add_clauses(prefix, section_id, container.paragraphs, [(line_start, line_end)], ["table_header"])
            else:
                row_start = row_of[line_start][0]
                spans = sentence_spans(view, line_start, line_end, rules) or [(line_start, line_end)]
                add_clauses(prefix, section_id, container.paragraphs, spans, ["item"] * len(spans),
                            item=row_items.get(row_start))
                row_items.setdefault(row_start, clauses[-len(spans)].id)
            body_seen = True
            continue

        # Front matter and closing lines that are not sentences of the body.
        special = None
        if title_left and not ladder and title_left.startswith(line_compact) and (
                not title_started or clauses[-1].kind == "title"):
            title_started = True
            title_left = title_left[len(line_compact):]
            special = "title"
        elif issuer_compact and line_compact == issuer_compact:
            special = "signature" if body_seen else "byline"
        elif rules.date_line.fullmatch(line_compact):
            special = "date"
        elif not ladder and not body_seen and rules.is_number_line is not None and rules.is_number_line(line_compact):
            special = "doc_number"
        elif not ladder and rules.is_addressee_line is not None and rules.is_addressee_line(line_compact) and (
                not body_seen or (addressees and _compact(addressees[0]) in line_compact)):
            special = "addressee"
        elif attachment_lines[index]:
            if attachments is None:
                # 附件:1.… after the body: a list of attachments, not part of the last article or item.
                ladder.clear()
                section = add_section(None, "att", None, "附件", "attachments", "metadata.attachments",
                                      line_start, line_end)
                attachments = _Container(section, None, "att")
            container = attachments
            special = "attachment"
        if special:
            container.paragraphs += 1
            add_clauses(f"{document_id}.{container.path}.{container.paragraphs}",
                        container.section.id if container.section else None, container.paragraphs,
                        [(line_start, line_end)], [special])
            continue

        style, match = markers[index] or (None, None)
        if style is not None:
            number_value = read_numeral(match.group("n"), style.numerals)
            depth = next((i for i, c in enumerate(ladder) if c.style_id == style.id), None)
            if depth is not None:
                del ladder[depth:]
            parent = ladder[-1] if ladder else None
            path = f"{parent.path}.{number_value}" if parent else str(number_value)
            rest = match.end()
            while rest < line_end and view[rest].isspace():
                rest += 1
            spans = sentence_spans(view, rest, line_end, rules) if rest < line_end else []
            first = spans[0] if spans else None
            # A numbered line is a task item (its text is its body) when nothing is numbered or written under it
            # but its own notes (牵头单位:… lines); otherwise a short first sentence is a heading, and a note on
            # it reaches the items below.
            is_item = style.heading_on_line and not has_children[index]
            # A note closing the line ((二)提升服务水平(市数据局牵头,…配合)) does not make a heading long.
            is_heading = not is_item and style.heading_on_line and first is not None and (
                first[1] - first[0] - _trailing_bracket(view, first, rules) <= rules.layout.heading_max_chars)
            run_in = is_item and first is not None and len(spans) > 1 and _is_run_in(view, first, rules)
            heading = heading_text(first[0], first[1]) if is_heading or run_in else None
            section = add_section(parent.section if parent else None, path,
                                  text[line_start:match.end()].strip(), heading, "item" if is_item else "numbered",
                                  style.id, line_start, line_end)
            new = _Container(section, style.id, section.id[len(document_id) + 1:])
            ladder.append(new)
            if is_heading:
                add_clauses(f"{document_id}.{new.path}.0", section.id, 0, [(line_start, first[1])], ["heading"])
                body = spans[1:]
            else:
                body = [(line_start, spans[0][1])] + spans[1:] if spans else [(line_start, line_end)]
            if body:
                new.paragraphs += 1
                kind = "item" if is_item else "sentence"
                kinds = (["heading"] if run_in else [kind]) + [kind] * (len(body) - 1)
                # Text on the heading's own line (八、强化督导考核。将…) is one item with its heading.
                add_clauses(f"{document_id}.{new.path}.{new.paragraphs}", section.id, new.paragraphs,
                            body, kinds, item=clauses[-1].id if is_heading else None)
                if is_item:
                    item_of_section[section.id] = clauses[-len(body)].id
                body_seen = True
            continue

        spans = sentence_spans(view, line_start, line_end, rules)
        container.paragraphs += 1
        prefix = f"{document_id}.{container.path}.{container.paragraphs}"
        cells = table_cells(text, line_start, line_end)
        if cells is not None and rules.column_kinds is not None and rules.column_kinds(cells):
            # 序号 重点任务 牵头单位 配合单位 …: a table's header row, which names the columns of the rows below.
            add_clauses(prefix, container.section.id if container.section else None, container.paragraphs,
                        [(line_start, line_end)], ["table_header"])
            continue
        if clauses and clauses[-1].kind not in FRAME_KINDS | {"heading"} \
                and note_lines[index]:
            # 牵头单位:X / 完成时限:… on a line of its own annotates the item before it.
            add_clauses(prefix, container.section.id if container.section else None, container.paragraphs,
                        spans, ["note"] * len(spans), item=clauses[-1].item_id)
            continue
        # A run-in title or goal item is a section scoped to one paragraph: "p" keeps its id apart from the
        # numbered subsections of the same parent.
        paragraph_section = f"{container.path}.p{container.paragraphs}"
        goal_match = rules.layout.goal_item.pattern.match(view, line_start, line_end) if ladder else None
        if goal_match:
            goal_start = goal_match.end()
            section = add_section(container.section, paragraph_section, None,
                                  heading_text(goal_start, spans[0][1]), "goal", rules.layout.goal_item.id,
                                  line_start, line_end)
            kinds = ["goal"] + ["sentence"] * (len(spans) - 1)
            add_clauses(prefix, section.id, container.paragraphs, spans, kinds)
        elif ladder and len(spans) > 1 and _is_run_in(view, spans[0], rules):
            section = add_section(container.section, paragraph_section, None,
                                  heading_text(spans[0][0], spans[0][1]), "run-in", rules.layout.run_in_title.id,
                                  line_start, line_end)
            kinds = ["heading"] + ["sentence"] * (len(spans) - 1)
            add_clauses(prefix, section.id, container.paragraphs, spans, kinds)
        else:
            in_item = container.section is not None and container.section.id in item_of_section
            add_clauses(prefix,
                        container.section.id if container.section else None, container.paragraphs,
                        spans, ["item" if in_item else "sentence"] * len(spans),
                        item=item_of_section.get(container.section.id) if in_item else None)
        body_seen = True
    _headed_items(sections, clauses)
    return DocumentStructure(sections, clauses)


def _headed_items(sections: list[Section], clauses: list[Clause]) -> None:
    """A numbered heading with text under it and a note closing it (1.某某建设项目 / 建设…。 / 责任单位:X、Y) is one
    task item, heading included: the note names who does the project the heading names, and the heading is the
    item's first clause. A heading with numbered sections under it stays a heading."""
    parents = {section.parent_id for section in sections}
    numbered = {section.id for section in sections if section.kind == "numbered" and section.id not in parents}
    by_section: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.section_id in numbered:
            by_section.setdefault(clause.section_id, []).append(clause)
    for members in by_section.values():
        if members[0].kind != "heading" or len(members) < 2 or members[-1].kind != "note" \
                or any(c.kind not in ("sentence", "note") for c in members[1:]):
            continue
        for clause in members:
            clause.item_id = members[0].id
