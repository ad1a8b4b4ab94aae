"""``segment``: one document's lines read into sections and clauses, with ids and offsets.

Each line is one of: a line of a flattened table (a row is one task item), a line of the front matter or the
close that is no sentence of the body (title, byline, 文号, 主送, signature, date, attachments), a numbered line
(a heading, or a task item when nothing is numbered or written under it), or a paragraph (a run-in title, a goal
item, a table's header, a note on the item before it, or plain sentences). Ids follow design.md through kb.ids:
二、(一) third paragraph, second sentence → doc.2.1.3.2; paragraph 0 of a numbered section is its heading line;
the front matter before the first numbered section is container 0.
"""
from __future__ import annotations

from ..ids import ATTACHMENTS, HEADING_PARAGRAPH, number_part, paragraph_section_part
from ..normalize import compact, parsing_view
from ..vocabulary import FRAME_KINDS
from .builder import Container, StructureBuilder, join_headed_items
from .ladder import read_layout
from .lines import inline_items, line_finder, logical_lines
from .model import DocumentStructure, Section, StructureRules
from .sentences import is_run_in, sentence_spans, trailing_bracket
from .tables import TableLines, table_cells


def segment(document_id: str, text: str, rules: StructureRules, title: str | None = None,
            issuer: str | None = None, addressees: list[str] | None = None) -> DocumentStructure:
    """Sections and clauses of one document (``text``: its text, whose offsets they record). ``title``,
    ``issuer`` and ``addressees`` (from its metadata) mark the title lines, the byline, the signature and the 主送
    line (wherever it stands in the front matter)."""
    reader = _Segmenter(document_id, text, rules, title, issuer, addressees)
    for index, (start, end) in enumerate(reader.lines):
        reader.read_line(index, start, end)
    built = reader.built
    join_headed_items(built.sections, built.clauses)
    return DocumentStructure(built.sections, built.clauses)


class _Segmenter:
    """The state of one document's reading: the numbering ladder open at the current line (innermost last), the
    title still to see, whether the body has begun, and the task items met so far."""

    def __init__(self, document_id: str, text: str, rules: StructureRules, title: str | None, issuer: str | None,
                 addressees: list[str] | None):
        self.view = view = parsing_view(text)
        self.text = text
        self.rules = rules
        self.built = StructureBuilder(document_id, text, line_finder(text))
        self.front = Container(None, None)
        self.ladder: list[Container] = []  # innermost last
        self.attachments: Container | None = None
        self.title_left = compact(title) if title else ""
        self.title_started = False  # the title may follow a label line, but its lines follow each other
        self.issuer = compact(issuer) if issuer else None
        self.addressees = addressees
        self.body_seen = False
        self.item_of_section: dict[str, str] = {}  # an item section → its item (the id of its first clause)
        self.row_items: dict[int, str] = {}  # a table row's first line start → the id of its first clause
        self.tables = TableLines.of(view, text, rules)
        self.lines = self.tables.apart(inline_items(view, logical_lines(view, text, rules), rules,
                                                    table_lines=self.tables.starts()))
        self.layout = read_layout(view, self.lines, rules, self.issuer, self.tables.starts())

    def read_line(self, index: int, start: int, end: int) -> None:
        """Reads the ``index``-th line (start..end of the text) into sections and clauses."""
        container = self.ladder[-1] if self.ladder else self.front
        if start in self.tables.header_lines or start in self.tables.row_of:
            self._table_line(container, start, end)
            return
        kind = self._frame_kind(index, compact(self.view[start:end]))
        if kind == "attachment":
            container = self._attachments(start, end)
        if kind:
            container.paragraphs += 1
            self.built.add_clauses(container, container.paragraphs, [(start, end)], [kind])
            return
        style, match = self.layout.markers[index] or (None, None)
        if style is not None:
            self._numbered_line(index, style, match, start, end)
            return
        self._paragraph(container, index, start, end)

    def _table_line(self, container: Container, start: int, end: int) -> None:
        """A line of a flattened table: its header a ``table_header`` clause, a row's lines the clauses of one task
        item."""
        container.paragraphs += 1
        if start in self.tables.header_lines:
            self.built.add_clauses(container, container.paragraphs, [(start, end)], ["table_header"])
        else:
            row_start = self.tables.row_of[start][0]
            spans = sentence_spans(self.view, start, end, self.rules) or [(start, end)]
            self.built.add_clauses(container, container.paragraphs, spans, ["item"] * len(spans),
                                   item=self.row_items.get(row_start))
            self.row_items.setdefault(row_start, self.built.clauses[-len(spans)].id)
        self.body_seen = True

    def _frame_kind(self, index: int, line: str) -> str | None:
        """The kind of a front-matter or closing line that is no sentence of the body (``line``: compact), or
        None: title (its lines in turn, before any numbered line), byline or signature (the issuer's name alone,
        before or after the body), date, doc_number, addressee, attachment."""
        clauses, rules = self.built.clauses, self.rules
        if self.title_left and not self.ladder and self.title_left.startswith(line) and (
                not self.title_started or clauses[-1].kind == "title"):
            self.title_started = True
            self.title_left = self.title_left[len(line):]
            return "title"
        if self.issuer and line == self.issuer:
            return "signature" if self.body_seen else "byline"
        if rules.date_line.fullmatch(line):
            return "date"
        if not self.ladder and not self.body_seen and rules.is_number_line is not None and rules.is_number_line(line):
            return "doc_number"
        if not self.ladder and rules.is_addressee_line is not None and rules.is_addressee_line(line) and (
                not self.body_seen or (self.addressees and compact(self.addressees[0]) in line)):
            return "addressee"
        return "attachment" if self.layout.attachment[index] else None

    def _attachments(self, start: int, end: int) -> Container:
        """The attachments' container, opened at its first line (附件:1.… after the body: a list of attachments, not
        part of the last article or item)."""
        if self.attachments is None:
            self.ladder.clear()
            section = self.built.add_section(None, ATTACHMENTS, None, "附件", "attachments", "metadata.attachments",
                                             start, end)
            self.attachments = Container(section, None)
        return self.attachments

    def _numbered_line(self, index: int, style, match, start: int, end: int) -> None:
        """A numbered line: a section in the ladder at its style's depth. It is a task item (its text is its body)
        when nothing is numbered or written under it but its own notes (牵头单位:… lines); otherwise a short first
        sentence is a heading, and a note on it reaches the items below."""
        view, rules = self.view, self.rules
        depth = next((i for i, c in enumerate(self.ladder) if c.style_id == style.id), None)
        if depth is not None:
            del self.ladder[depth:]
        parent = self.ladder[-1].section if self.ladder else None
        rest = match.end()
        while rest < end and view[rest].isspace():
            rest += 1
        spans = sentence_spans(view, rest, end, rules) if rest < end else []
        first = spans[0] if spans else None
        is_item = style.heading_on_line and not self.layout.has_children[index]
        # A note closing the line ((二)提升服务水平(市数据局牵头,…配合)) does not make a heading long.
        is_heading = not is_item and style.heading_on_line and first is not None and (
            first[1] - first[0] - trailing_bracket(view, first, rules) <= rules.layout.heading_max_chars)
        run_in = is_item and first is not None and len(spans) > 1 and is_run_in(view, first, rules)
        heading = self.built.heading_text(*first) if is_heading or run_in else None
        section = self.built.add_section(parent, number_part(match.group("n"), style.numerals),
                                         self.text[start:match.end()].strip(), heading,
                                         "item" if is_item else "numbered", style.id, start, end)
        new = Container(section, style.id)
        self.ladder.append(new)
        if is_heading:
            self.built.add_clauses(new, HEADING_PARAGRAPH, [(start, first[1])], ["heading"])
            body = spans[1:]
        else:
            body = [(start, spans[0][1])] + spans[1:] if spans else [(start, end)]
        if body:
            self._numbered_body(new, body, is_item, is_heading, run_in)

    def _numbered_body(self, container: Container, body: list[tuple[int, int]], is_item: bool, is_heading: bool,
                       run_in: bool) -> None:
        """The text on a numbered line after its heading, or all of it: one paragraph, an item's or sentences.
        Text on the heading's own line (八、强化督导考核。将…) is one item with its heading."""
        built = self.built
        container.paragraphs += 1
        kind = "item" if is_item else "sentence"
        kinds = (["heading"] if run_in else [kind]) + [kind] * (len(body) - 1)
        built.add_clauses(container, container.paragraphs, body, kinds,
                          item=built.clauses[-1].id if is_heading else None)
        if is_item:
            self.item_of_section[container.section.id] = built.clauses[-len(body)].id
        self.body_seen = True

    def _paragraph(self, container: Container, index: int, start: int, end: int) -> None:
        """A line that is no numbered line: a table's header row, a note on the item before it, a goal item or a
        run-in title (each a section of one paragraph), or sentences (an item's, inside a numbered item)."""
        view, rules, built = self.view, self.rules, self.built
        spans = sentence_spans(view, start, end, rules)
        container.paragraphs += 1
        paragraph = container.paragraphs
        cells = table_cells(self.text, start, end)
        if cells is not None and rules.column_kinds is not None and rules.column_kinds(cells):
            # 序号 重点任务 牵头单位 配合单位 …: a table's header row, which names the columns of the rows below.
            built.add_clauses(container, paragraph, [(start, end)], ["table_header"])
            return
        if built.clauses and built.clauses[-1].kind not in FRAME_KINDS | {"heading"} and self.layout.notes[index]:
            # 牵头单位:X / 完成时限:… on a line of its own annotates the item before it.
            built.add_clauses(container, paragraph, spans, ["note"] * len(spans), item=built.clauses[-1].item_id)
            return
        section = self._paragraph_section(container, start, end, spans)
        if section is not None:
            kinds = ["goal" if section.kind == "goal" else "heading"] + ["sentence"] * (len(spans) - 1)
            built.add_clauses(container, paragraph, spans, kinds, section_id=section.id)
        else:
            in_item = container.section is not None and container.section.id in self.item_of_section
            built.add_clauses(container, paragraph, spans, ["item" if in_item else "sentence"] * len(spans),
                              item=self.item_of_section.get(container.section.id) if in_item else None)
        self.body_seen = True

    def _paragraph_section(self, container: Container, start: int, end: int,
                           spans: list[tuple[int, int]]) -> Section | None:
        """The section of one paragraph a goal item (structure.yml ``goal_item``) or a run-in title makes inside the
        ladder, or None. Its id part is ``p`` and the paragraph's number (kb.ids.paragraph_section_part)."""
        if not self.ladder:
            return None
        rules, built = self.rules, self.built
        part = paragraph_section_part(container.paragraphs)
        goal_match = rules.layout.goal_item.pattern.match(self.view, start, end)
        if goal_match:
            return built.add_section(container.section, part, None, built.heading_text(goal_match.end(), spans[0][1]),
                                     "goal", rules.layout.goal_item.id, start, end)
        if len(spans) > 1 and is_run_in(self.view, spans[0], rules):
            return built.add_section(container.section, part, None, built.heading_text(*spans[0]), "run-in",
                                     rules.layout.run_in_title.id, start, end)
        return None
