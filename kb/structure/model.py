"""What kb.structure reads (StructureRules, the rules wired by kb.rules) and returns (Section, Clause,
DocumentStructure): plain dataclasses, the rows of the ``sections`` and ``clauses`` tables."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..rule_models.structure import StructureFile


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

    ``id`` is the document id and the printed numbers (二、(一) → doc.2.1; a number printed twice gets -2, -3: the
    shapes are kb.ids'); ``level`` is 1 for a top-level part; ``ordinal`` its place among the document's sections
    (1-based); ``rule_id`` the numbering style or paragraph form that made it; ``path_label`` its headings from
    the top (二、主要行动 › (一)…); ``char_start``/``char_end`` the offsets of its line in the document's text (end
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
    paragraph (doc.2.1.3.2; kb.ids.clause_id); ``section_id`` is None in the front matter. ``paragraph`` and
    ``sentence`` are those numbers, ``ordinal`` the clause's place in the document (1-based). ``text`` is the
    document's own text from ``char_start`` to ``char_end`` (offsets into it, end exclusive), and ``line`` the
    1-based line it starts on. ``kind`` is one of kb.vocabulary's clause kinds; ``item_id`` the id of the first
    clause of the task item (or paragraph) the clause belongs to."""
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
    """What kb.structure.segment.segment reads from one document: its sections and its clauses, in document
    order."""
    sections: list[Section]
    clauses: list[Clause]
