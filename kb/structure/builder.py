"""Sections and clauses made with their ids (kb.ids) as kb.structure.segment reads a document's lines, and the
task items a numbered heading with a closing note makes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..ids import UniqueIds, child_id, clause_id, front_matter_id
from .model import Clause, Section
from .sentences import ENUMERATED


@dataclass
class Container:
    """A numbered section, the attachments, or (``section`` None) the front matter, and how many paragraphs it holds
    so far; ``style_id`` is the numbering style that opened it (None for the front matter and the attachments)."""
    section: Section | None
    style_id: str | None
    paragraphs: int = 0


class StructureBuilder:
    """The sections and clauses of one document (``document_id``, its ``text``), in document order, each with its
    id: the ids of each table are made unique by kb.ids' suffix rule. ``line_at`` gives an offset's 1-based line."""

    def __init__(self, document_id: str, text: str, line_at: Callable[[int], int]):
        self.document_id = document_id
        self.text = text
        self.line_at = line_at
        self.sections: list[Section] = []
        self.clauses: list[Clause] = []
        self._section_ids = UniqueIds()
        self._clause_ids = UniqueIds()

    def container_id(self, container: Container) -> str:
        """The id prefix of the clauses of ``container``: its section's id, or the front matter's."""
        return container.section.id if container.section else front_matter_id(self.document_id)

    def add_section(self, parent: Section | None, part: str, number: str | None, heading: str | None,
                    kind: str, rule_id: str, start: int, end: int) -> Section:
        """A new section under ``parent`` (None: at the top) whose id part is ``part`` (kb.ids), ``number`` as
        printed, ``heading`` its title, on the line at start..end of the text."""
        parent_path = parent.path_label + " › " if parent else ""
        label = (number or "") + (heading or "")
        section = Section(
            id=self._section_ids.claim(child_id(parent.id if parent else self.document_id, part)),
            document_id=self.document_id, parent_id=parent.id if parent else None,
            level=(parent.level + 1) if parent else 1, number=number, heading=heading, kind=kind,
            ordinal=len(self.sections) + 1, rule_id=rule_id, path_label=parent_path + label, char_start=start,
            char_end=end)
        self.sections.append(section)
        return section

    def add_clauses(self, container: Container, paragraph: int, spans: list[tuple[int, int]], kinds: list[str],
                    item: str | None = None, section_id: str | None = None) -> None:
        """The clauses of one paragraph of ``container`` (``spans`` of the text, each of its kind), numbered from 1
        within the paragraph. They belong to ``section_id`` (default: the container's section) and to the task item
        whose first clause is ``item`` (default: their own first). A paragraph of sentences enumerated 一是…二是…
        holds one task a 一是: each opens an item of its own."""
        prefix = self.container_id(container)
        if section_id is None and container.section is not None:
            section_id = container.section.id
        opens = [kind == "sentence" and bool(ENUMERATED.match(self.text[s:e])) for (s, e), kind in zip(spans, kinds)]
        enumerated = item is None and sum(opens) >= 2
        for n, ((s, e), kind) in enumerate(zip(spans, kinds), start=1):
            new_id = self._clause_ids.claim(clause_id(prefix, paragraph, n))
            item = new_id if enumerated and opens[n - 1] else item or new_id
            self.clauses.append(Clause(
                id=new_id, document_id=self.document_id, section_id=section_id, paragraph=paragraph, sentence=n,
                ordinal=len(self.clauses) + 1, kind=kind, text=self.text[s:e], char_start=s, char_end=e,
                line=self.line_at(s), item_id=item))

    def heading_text(self, start: int, end: int) -> str:
        """The text at start..end as a heading: without the stop or colon that closes it."""
        return self.text[start:end].strip().rstrip("。.:：;；")


def join_headed_items(sections: list[Section], clauses: list[Clause]) -> None:
    """A numbered heading with text under it and a note closing it (1.某某建设项目 / 建设…。 / 责任单位:X、Y) is one
    task item, heading included: the note names who does the project the heading names, and the heading is the
    item's first clause. A heading with numbered sections under it stays a heading. Sets ``item_id`` in place."""
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
