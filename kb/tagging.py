"""Tags on clauses: modality, action areas (structural and thematic) and responsible units with role and basis.

Every tag records the rule that made it and the span it matched (offsets into the document's text).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .corpus import DocumentRecord
from .nlp import PhraseHit, modality_of, process
from .normalize import gloss_kept, parsing_view, without_glosses
from .rules import RuleSet
from spacy.attrs import IDX

from .extract.common import CELL_SEPARATOR
from .structure.model import Clause, Section
from .structure.tables import table_cells
from .units import INHERITED_RULE, SCOPE_CLAUSE, SCOPE_ITEM, SlotUnit
from .vocabulary import NOT_TASK_KINDS, RESPONSIBLE_ROLES, SIGNING_KINDS

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Clauses that title or frame the text ask nothing themselves: their modality is the default.


@dataclass
class ClauseAnalysis:
    """What the pipeline found in one clause: its modality and lexicon hits (clause-relative spans)."""

    clause: Clause
    modality: str
    modality_rule: str | None
    phrases: dict[str, list[PhraseHit]]
    doc: Doc | None = None  # the pipeline's Doc: its words, read only when a name is found by its form

    @property
    def token_starts(self) -> frozenset:
        """Where jieba's words begin: a name found by its form starts on one."""
        return frozenset(self.doc.to_array(IDX).tolist()) if self.doc is not None else frozenset()


@dataclass
class AreaTag:
    """A clause's action area (the ``clause_areas`` table): the rule that tagged it and the keyword ``matched`` at
    ``span_start``..``span_end`` in the document's text (all three None for a structural area)."""
    clause_id: str
    area_id: str
    rule_id: str
    span_start: int | None
    span_end: int | None
    matched: str | None


@dataclass
class UnitTag:
    """A unit a clause names or is given (the ``clause_units`` table): its ``role`` and ``basis`` (kb.vocabulary),
    the rule, the words ``matched`` at ``span_start``..``span_end`` in the document's text (None where the unit
    is inherited or inferred), and the ``reason`` shown to a reader."""
    clause_id: str
    unit: str
    role: str  # lead / cooperate / addressee / mentioned
    basis: str  # explicit / inherited / inferred
    rule_id: str
    span_start: int | None
    span_end: int | None
    matched: str | None
    reason: str
    shared: bool = False  # named by 责任单位 / 按职责分工负责: cooperates where a 牵头 is named for the item


def analyse(nlp, rules: RuleSet, clauses: list[Clause]) -> list[ClauseAnalysis]:
    """Each clause through the pipeline (kb.nlp): its modality (the default for clauses that ask nothing: titles,
    headings, dates …) and its lexicon hits."""
    labels = {m.id: m.label for m in rules.modalities}
    analyses = []
    for clause, doc in zip(clauses, process(nlp, (parsing_view(c.text) for c in clauses))):
        if clause.kind in NOT_TASK_KINDS:
            modality, rule_id = rules.default_modality, None
        else:
            modality, rule_id, _, _ = modality_of(doc, labels, rules.default_modality)
        analyses.append(ClauseAnalysis(clause, modality, rule_id, doc._.phrases, doc))
    return analyses


def structural_areas(sections: list[Section], rules: RuleSet) -> dict[str, tuple[str, str]]:
    """section id → (area id, area name): the document's own top-level parts (一、总体要求), or, for a part divided
    into numbered headed subsections (二、主要行动 › (一)…行动), those subsections."""
    divided = {s.parent_id for s in sections if s.kind == "numbered" and s.level == 2 and s.heading}
    areas = {}
    for section in sections:
        if section.kind != "numbered" or not (section.heading or section.number):
            continue
        if (section.level == 1 and section.id not in divided) or (section.level == 2 and section.parent_id in divided):
            areas[section.id] = (f"structural.{section.id}", section.heading or section.number or section.id)
    return areas


def area_tags(analyses: list[ClauseAnalysis], sections: list[Section], rules: RuleSet, title: str = ""
              ) -> tuple[list[AreaTag], dict[str, tuple[str, str]]]:
    """Structural and thematic area tags. A thematic keyword counts unless it stands inside one of its area's
    ``not_in`` phrases; a weak one only where the item or the document title holds a context word (areas.yml ``context``)."""
    structural = structural_areas(sections, rules)
    parents = {s.id: s.parent_id for s in sections}
    areas = {a.id: a for a in rules.areas}
    in_context = {}  # clause id → whether its item's text or the title holds a context word
    not_counting = {phrase for area in rules.areas for phrase in area.not_in}  # 版权声明 is no IP word either
    for item in _items(analyses):
        text = title + "".join(a.clause.text for a in item)
        for phrase in not_counting:
            text = text.replace(phrase, "")
        found = any(word in text for word in rules.area_rules.context.words)
        in_context.update((a.clause.id, found) for a in item)
    tags = []
    for analysis in analyses:
        clause = analysis.clause
        section_id = clause.section_id
        while section_id is not None and section_id not in structural:
            section_id = parents.get(section_id)
        if section_id is not None:
            tags.append(AreaTag(clause.id, structural[section_id][0], rules.area_rules.structural.id, None, None, None))
        seen = set()
        view = parsing_view(clause.text)
        for hit in analysis.phrases["areas"]:
            area = areas[hit.label]
            if hit.label in seen or (hit.text in area.weak and not in_context[clause.id]) or any(
                    _covers(view, phrase, hit.start, hit.end) for phrase in area.not_in):
                continue
            seen.add(hit.label)
            tags.append(AreaTag(clause.id, hit.label, hit.rule_id, clause.char_start + hit.start,
                                clause.char_start + hit.end, hit.text))
    return tags, structural


def _covers(view: str, phrase: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``phrase`` in ``view`` covers view[start:end]."""
    at = view.find(phrase, max(0, end - len(phrase)))
    return at != -1 and at <= start and at + len(phrase) >= end


def _role(view: str, start: int, end: int, rules: RuleSet) -> tuple[str, str]:
    before, after = view[:start], view[end:]
    for rule in rules.unit_rules.roles:
        if rule.followed_by is not None and not rule.followed_by.search(after):
            continue
        if rule.preceded_by is not None and not rule.preceded_by.search(before):
            continue
        return rule.role, rule.id
    return "mentioned", "unit.role.mentioned"


@dataclass(frozen=True)
class NamedUnit:
    """A unit not listed in rules/units.yml, found by the form of its name (in a slot, or by level and
    department name): its level comes from its prefix, its jurisdiction from the document."""

    name: str
    level: str
    kind: str
    jurisdiction: str | None = None
    alias: str | None = None  # the name as the text writes it (市市场监督管理局), where ``name`` adds the place


class _UnitReader:
    """The units a document's clauses name, by slot grammar first and the lexicon second."""

    def __init__(self, rules: RuleSet, document: DocumentRecord, named: dict[str, NamedUnit]):
        self.rules = rules
        self.grammar = rules.unit_grammar
        self.document = document
        self.named = named
        self.in_scope = {u.name for u in rules.units if u.jurisdiction in (None, document.jurisdiction)}
        self.aliases = {alias: u.name for u in rules.units for alias in u.aliases if u.name in self.in_scope}
        self.short_forms = rules.unit_short_forms()

    @cached_property
    def issuer_unit(self) -> str | None:
        """The issuer as a unit (its lexicon name, or its own name when it has the form of one), or None."""
        issuer = parsing_view(self.document.issuer or "")
        for name in (issuer, issuer.removeprefix(self.document.jurisdiction or "\0")):
            if name in self.aliases:
                return self.aliases[name]
        # Its own name, not registered as a unit: the issuer is a unit of the KB only where a clause names it.
        return issuer if self.grammar.is_unit_name(issuer) else None

    def known(self, name: str) -> bool:
        return name in self.aliases

    @cached_property
    def own_government(self) -> frozenset:
        """The names by which a document's text calls its own government: its level word and 人民政府 / 政府
        (县人民政府, 县政府)."""
        level = self.document.level or ""
        return frozenset(f"{level}{body}" for body in ("人民政府", "政府")) if level else frozenset()

    def is_issuer(self, unit: str) -> bool:
        """Whether a unit is the document's issuer, as named or by a level word for its place (姚安县人民政府 is
        县人民政府 in its own text)."""
        if unit in self.own_government:
            return True  # 县人民政府 in a county's text is its own government, whoever signs the document
        issuer = self.issuer_unit
        if issuer is None:
            return False
        if unit == issuer:
            return True
        place = self.document.jurisdiction or ""
        return bool(place) and len(unit) > 1 and unit[0] == place[-1] and issuer == place + unit[1:]

    def canonical(self, name: str) -> str:
        """The lexicon's name for ``name``, or the unit found by grammar that ``name`` names in this document: a
        unit belongs to a jurisdiction, so 市市场监督管理局 in a text of 甲市 is 甲市市场监督管理局 (see
        ``qualified``), and 乙市's is another unit. A pinyin gloss printed in the name is no part of it."""
        name = without_glosses(name)
        unit = self.aliases.get(name)
        if unit is not None:
            return unit
        qualified, jurisdiction = self.qualified(name)
        if qualified not in self.named:
            department = self.rules.unit_rules.department_pattern.fullmatch(name)
            kind = (self.rules.unit_rules.department_kinds[department.group("name")] if department
                    else "集体" if self.grammar.is_collective(name) or "各" in name else "")
            # A name with no level word is a body of the document's own level (发展改革委 in a national document).
            level = self.grammar.level_of(name) or self.document.level or ""
            self.named[qualified] = NamedUnit(qualified, level, kind, jurisdiction, name)
        return qualified

    def qualified(self, name: str) -> tuple[str, str | None]:
        """(the unit's name with its place, its jurisdiction) for a name as a text writes it. The document's
        jurisdiction stands for the level word it shares (市发改委 in 厦门市's text is 厦门市发改委), and before a name
        with no place (城管局 in 崇川区's text is 崇川区城管局); a higher level word is the division above it (省发改委
        in 厦门市's text is 福建省发改委). A name that opens with a place, a national body's name, and every name of
        a national text are kept as they are."""
        place = self.document.jurisdiction
        if not place or place == "全国" or name.startswith(("国家", "国务院", "中共", "中央", "全国", "中国")):
            return name, place
        places = self.rules.places
        if places is not None and places.leading(name):
            return name, place
        own = "自治区" if place.endswith("自治区") else place[-1]
        stem = place[:-len(own)] if own and len(place) > len(own) else place
        if name.startswith(stem) and len(stem) >= 2:
            return name, place  # 监利经济开发区 in 监利市's text
        prefix = self.grammar.level_prefix(name)
        if not prefix:
            return place + name, place
        if place.endswith(prefix):
            return place + name[len(prefix):], place
        official = places.place_of(place) if places is not None else None
        for above in (places.ancestors(official) if official is not None else []):
            if above.endswith(prefix):
                return above + name[len(prefix):], above
        return name, place

    def candidates(self, view: str, analysis: ClauseAnalysis):
        """(unit, start, end, rule, found by grammar) of names in running text; where they overlap the longest
        wins."""
        rules = self.rules
        candidates = [(hit.label, hit.start, hit.end, hit.rule_id, False)
                      for hit in analysis.phrases["units"] if hit.label in self.in_scope]
        for match in rules.unit_rules.department_pattern.finditer(view):
            candidates.append((match.group(), match.start(), match.end(), rules.unit_rules.departments.id, True))
        for unit_pattern in rules.unit_rules.unit_patterns:
            for match in unit_pattern.pattern.finditer(view):
                candidates.append((match.group(), match.start(), match.end(), unit_pattern.id, True))
        convened = self.grammar.convened_names(view)
        if convened:
            # …会同有关部门制定: a name ends where a jieba word begins (有关部 is no name).
            starts = analysis.token_starts | {len(view)}
            candidates.extend((name, start, end, f"{self.grammar.id}.convene", True)
                              for name, start, end in convened if end in starts)
        names = self.grammar.names_in_text(view)
        if names:
            # 及时报告自治区人民政府: a place name that begins inside the word 及时 is no place (a level word such
            # as 县 needs no such check: jieba may glue it to 由 or 同 before it).
            starts = analysis.token_starts
            candidates.extend((name, start, end, f"{self.grammar.id}.subject", True)
                              for name, start, end in names if start in starts or self.grammar.level_of(name))
        taken = bytearray(len(view))
        chosen = []
        for candidate in sorted(candidates, key=lambda c: (-(c[2] - c[1]), c[1], c[4])):
            if taken.find(1, candidate[1], candidate[2]) == -1:
                taken[candidate[1]:candidate[2]] = b"\x01" * (candidate[2] - candidate[1])
                chosen.append(candidate)
        return chosen

    def clause_units(self, analysis: ClauseAnalysis, cells: list[SlotUnit] = ()) -> list[tuple[UnitTag, str]]:
        """(tag, scope) of every unit the clause names: notes and table cells (``cells``, read by
        ``table_units``; scope item) and running text (scope clause)."""
        clause = analysis.clause
        view = parsing_view(clause.text)
        # A unit inside a cited title (《国务院办公厅关于…》) is part of the title, not an actor of this clause.
        titles = [m.span() for m in self.rules.citations.title.pattern.finditer(view)]

        def in_title(position: int) -> bool:
            return any(s <= position < e for s, e in titles)

        found: list[tuple[UnitTag, str]] = []
        covered = bytearray(len(view))

        def tag(unit, role, rule_id, start, end, matched, reason, scope, shared=False):
            found.append((UnitTag(clause.id, unit, role, "explicit", rule_id, clause.char_start + start,
                                  clause.char_start + end, matched, reason, shared), scope))
            covered[start:end] = b"\x01" * (end - start)

        # Notes are read without the pinyin glosses a page prints, whose brackets would close them early
        # ((责任单位:市发(fā)改委…)); their positions are mapped back to the clause's.
        kept = gloss_kept(view)
        plain = "".join(view[i] for i in kept) if kept is not None else view
        slots = self.grammar.notes(plain, self.known)
        if not slots and clause.kind == "note" and self.grammar.is_unit_list(plain):
            slots = self.grammar.note_list(plain, self.known)
        if not slots:
            slots = self.grammar.sentence_note(plain, self.known) or self.grammar.duty_line(plain, self.known) or \
                self.grammar.leading_note(plain, self.known)
        if kept is not None:
            slots = [dataclasses.replace(s, start=kept[s.start], end=kept[s.end - 1] + 1) for s in slots]
        for slot in [*cells, *slots]:
            if in_title(slot.start):
                continue
            unit = self.canonical(slot.name)
            tag(unit, slot.role, slot.rule_id, slot.start, slot.end, clause.text[slot.start:slot.end],
                f"见于条文的责任单位注({slot.rule_id})", slot.scope, slot.shared)
        for unit, start, end, rule_id, by_form in self.candidates(view, analysis):
            if in_title(start) or covered.find(1, start, end) != -1:
                continue
            role, role_rule = _role(view, start, end, self.rules)
            if by_form and role == "mentioned" and unit not in self.in_scope:
                continue  # a name by form alone is a unit only where the sentence gives it a role
            if by_form:
                unit = self.canonical(unit)
            tag(unit, role, rule_id, start, end, clause.text[start:end], f"条文中点名({role_rule})",
                SCOPE_CLAUSE)
        for match in self.rules.unit_rules.enumeration.pattern.finditer(view):
            position = match.start("list")
            for item in match.group("list").split("、"):
                unit = self.short_forms.get(item)
                if unit in self.in_scope and covered.find(1, position, position + len(item)) == -1:
                    role, role_rule = _role(view, position, position + len(item), self.rules)
                    tag(unit, role, self.rules.unit_rules.enumeration.id, position, position + len(item), item,
                        f"条文中点名({role_rule})", SCOPE_CLAUSE)
                position += len(item) + 1
        unique, seen = [], set()
        for entry in sorted(found, key=lambda f: f[0].span_start):
            key = (entry[0].unit, entry[0].role)
            if key not in seen:
                seen.add(key)
                unique.append(entry)
        return unique

    def addressees(self, clause: Clause) -> list[UnitTag]:
        """The cover notice's 主送: every unit its metadata lists, known or found by the form of its name."""
        tags = []
        names = []
        for group in self.document.addressees:
            # 各镇人民政府、街道办事处 is two units; 各县、区人民政府 is one (各县 alone is not a name).
            members = self.grammar._pieces(parsing_view(group), 0)
            if len(members) > 1 and all(m in self.aliases or self.grammar.is_unit_name(m) for m, _, _ in members):
                names.extend(group[s:e] for _, s, e in members)
            else:
                names.append(group)
        for addressee in names:
            name = parsing_view(addressee)
            if name in self.aliases:
                unit = self.aliases[name]
            elif self.grammar.is_unit_name(name):
                unit = self.canonical(name)
            else:
                continue
            position = clause.text.find(addressee)
            tags.append(UnitTag(clause.id, unit, "addressee", "explicit", f"{self.grammar.id}.label",
                                clause.char_start + position if position >= 0 else None,
                                clause.char_start + position + len(addressee) if position >= 0 else None,
                                addressee, "主送机关 of the document"))
        return tags


def _table_units(items: list[list[ClauseAnalysis]], document: DocumentRecord, reader: _UnitReader
                 ) -> dict[str, list[SlotUnit]]:
    """Clause id → the units its table row names in the columns its table's header row (clause kind
    table_header) calls 牵头单位 / 责任单位 / 配合单位; offsets relative to the clause."""
    grammar = reader.grammar
    found: dict[str, list[SlotUnit]] = {}
    _flat_table_units(items, document, reader, found)
    columns: dict[int, str] = {}
    for item in items:
        clauses = [a.clause for a in item]
        first = clauses[0]
        start, end = first.char_start, clauses[-1].char_end
        cells = table_cells(document.text, start, end)
        if first.kind == "table_header" or (cells and cells[0] in grammar.row_number_headers):
            # A header row: its unit columns, or none (a table of figures) until the next header.
            columns = grammar.column_kinds(cells or [])
            continue
        if cells is None or not columns:
            continue  # not a row, or a row of a table with no unit columns; a section row (一、…) keeps the table
        row = document.text[start:end]
        view = parsing_view(row)
        raw = row.split(CELL_SEPARATOR)
        offsets = [0]
        for cell in raw[:-1]:
            offsets.append(offsets[-1] + len(cell) + len(CELL_SEPARATOR))
        wanted = [(kind, view[offsets[i]:offsets[i] + len(raw[i])], offsets[i])
                  for i, kind in columns.items() if i < len(raw)]
        for unit in grammar.read_columns(wanted, reader.known):
            at = start + unit.start
            clause = next((c for c in clauses if c.char_start <= at < c.char_end), None)
            if clause is not None:
                found.setdefault(clause.id, []).append(dataclasses.replace(
                    unit, start=at - clause.char_start, end=at - clause.char_start + unit.end - unit.start))
    return found


def _flat_table_units(items: list[list[ClauseAnalysis]], document: DocumentRecord, reader: _UnitReader,
                      found: dict[str, list[SlotUnit]]) -> None:
    """The units of the rows of tables flattened into text (kb.tables), added to ``found`` by clause id: each
    row's unit cells read as the columns its header names."""
    grammar = reader.grammar
    view = parsing_view(document.text)
    tables = grammar.tables.tables(view, document.text)
    if not tables:
        return
    clauses = sorted((a.clause for item in items for a in item), key=lambda c: c.char_start)
    starts = [c.char_start for c in clauses]
    import bisect

    for table in tables:
        for row in table.rows:
            cells = [(kind, view[s:e], s) for kind, s, e in table.unit_cells(view, row, grammar.is_unit_cell)]
            for unit in grammar.read_columns(cells, reader.known):
                i = bisect.bisect_right(starts, unit.start) - 1
                if i < 0 or not clauses[i].char_start <= unit.start < clauses[i].char_end:
                    continue
                clause = clauses[i]
                found.setdefault(clause.id, []).append(dataclasses.replace(
                    unit, start=unit.start - clause.char_start, end=unit.end - clause.char_start))


def _items(analyses: list[ClauseAnalysis]) -> list[list[ClauseAnalysis]]:
    """The clauses of each task item (kb.structure's item_id: a numbered item's whole section with the label
    lines after it, else one paragraph), in order."""
    groups: dict[str, list[ClauseAnalysis]] = {}
    for analysis in analyses:
        groups.setdefault(analysis.clause.item_id or analysis.clause.id, []).append(analysis)
    return list(groups.values())


def unit_tags(analyses: list[ClauseAnalysis], document: DocumentRecord, rules: RuleSet,
              named: dict[str, NamedUnit], sections: list[Section] = ()) -> list[UnitTag]:
    """Unit tags of a document's clauses. A note closing an item covers every clause of the item; the units of a
    heading reach the items below it that name no lead or cooperating unit (basis inherited); a unit is inferred
    from competences only where an item names no responsible unit by any means. Units found by grammar and not
    listed are added to ``named``."""
    reader = _UnitReader(rules, document, named)
    grammar = reader.grammar
    parents = {s.id: s.parent_id for s in sections}
    heading_units: dict[str, list[UnitTag]] = {}  # section id → the lead and cooperate units of its heading
    carried: tuple[list[UnitTag], str | None] | None = None  # a 下同 note's units, and the list they cover
    first_leads = False  # the document said the first unit of each list leads (第一责任单位为牵头单位)
    pending: list[tuple[list[ClauseAnalysis], str | None]] = []  # items naming no unit, and their top-level part
    pending_in: dict[str | None, list] = {}  # the same, by the section their item stands in
    closing: list = []  # (parent section, a note line's units, the items before it there that name none)
    tags: list[UnitTag] = []
    items = _items(analyses)
    table = _table_units(items, document, reader)
    for item in items:
        per_clause = []
        for analysis in item:
            clause = analysis.clause
            if clause.kind in SIGNING_KINDS:
                per_clause.append((analysis, []))
            elif clause.kind == "addressee":
                tags.extend(reader.addressees(clause))
                per_clause.append((analysis, []))
            else:
                per_clause.append((analysis, reader.clause_units(analysis, table.get(clause.id, ()))))
        views = [parsing_view(a.clause.text) for a in item]
        first_leads = first_leads or any(grammar.first_leads.search(view) for view in views)
        notes = [(t, scope) for _, found in per_clause for t, scope in found if scope == SCOPE_ITEM]
        if first_leads and notes and not any(t.role == "lead" and not t.shared for t, _ in notes):
            per_clause = _first_unit_leads(per_clause, f"{grammar.id}.first-leads")
            notes = [(t, scope) for _, found in per_clause for t, scope in found if scope == SCOPE_ITEM]
        if any(t.role == "lead" and not t.shared for t, _ in notes):
            # 牵头单位:X on one line and 责任单位:Y on the next: Y cooperates, as it would in one note.
            per_clause = [(analysis, [(dataclasses.replace(t, role="cooperate") if scope == SCOPE_ITEM and t.shared
                                       and t.role == "lead" else t, scope) for t, scope in found])
                          for analysis, found in per_clause]
            notes = [(t, scope) for _, found in per_clause for t, scope in found if scope == SCOPE_ITEM]
        if any(t.role == "lead" for t, _ in notes):
            # The note closing an item says who leads all of it (one naming only participants, (Y参与), does not); a unit its sentences make their subject
            # (各乡镇要…) is named there, not made a lead or a cooperating unit of the item beside the note's.
            noted = {t.unit for t, _ in notes}
            per_clause = [(analysis, [(t if scope == SCOPE_ITEM or t.unit in noted or t.role not in RESPONSIBLE_ROLES
                                       else dataclasses.replace(t, role="mentioned",
                                                                reason=t.reason + ";本项的责任单位注另有所指"),
                                       scope) for t, scope in found]) for analysis, found in per_clause]
        per_clause = _issuer_not_beside_subject(per_clause, reader)
        for analysis, found in per_clause:
            clause = analysis.clause
            tags.extend(t for t, _ in found)
            for note, _ in notes:
                if note.clause_id != clause.id and note.role in RESPONSIBLE_ROLES:
                    tags.append(_spread(note, clause))
        responsible = [t for _, found in per_clause for t, _ in found if t.role in RESPONSIBLE_ROLES]
        # What the heading line itself names (its note) reaches the items below, not what its first sentence names.
        head = {a.clause.id: a.clause.section_id for a in item if a.clause.kind == "heading"}
        from_heading = [t for t in responsible if t.clause_id in head]
        if from_heading:
            heading_units[head[from_heading[0].clause_id]] = from_heading
        parent = parents.get(item[0].clause.section_id)
        part = _top_part(item[0].clause.section_id, parents)
        if responsible:
            note_lines = [t for t, _ in notes if t.role in RESPONSIBLE_ROLES and any(
                a.clause.id == t.clause_id and a.clause.kind == "note" for a in item)]
            if note_lines and parent is not None:
                # A note on a line of its own after the last sub-item of a numbered item ((1)…(4) then (责任单位:X))
                # may close the whole item: decided once the items after it are known.
                closing.append((parent, note_lines, [p for p, _ in pending_in.get(parent, [])]))
            covering = [a for a, view in zip(item, views) if grammar.covers_above.match(view.strip())]
            if covering:
                # 以上工作由X负责,Y配合: the items before it in this part that named no one are X's and Y's, and
                # so is the item it closes.
                said = [t for t in responsible if t.clause_id in {a.clause.id for a in covering}]
                own = [a for a in item if a not in covering and a.clause.kind not in SIGNING_KINDS]
                tags = _cover_above(tags, [p for p, p_part in pending if p_part == part] + [own], said,
                                    f"{grammar.id}.covers-above")
            pending = []
            # (X牵头,Y参与,下同): the note also covers the items after it in the same list that name no unit.
            carried = ([t for t, _ in notes if t.role in RESPONSIBLE_ROLES], parent) if any(
                word in view for view in views for word in grammar.carry_forward) else None
            continue
        asking = [a for a in item if a.clause.kind not in NOT_TASK_KINDS]
        inherited = _inherited(item[0].clause.section_id, parents, heading_units)
        if not inherited and carried is not None and carried[1] == parent and asking:
            inherited = carried[0]
        if inherited:
            for analysis in asking:
                tags.extend(UnitTag(analysis.clause.id, t.unit, t.role, "inherited", INHERITED_RULE, None, None,
                                    t.matched, f"承接上级标题 {t.clause_id}") for t in inherited)
            continue
        if asking:
            pending.append((asking, part))
            pending_in.setdefault(parent, []).append((asking, part))
        tags.extend(_candidates([a for a in item if a.clause.kind not in NOT_TASK_KINDS or a.clause.kind == "heading"],
                                reader))
    tags = _notes_closing_items(tags, closing, items, parents, f"{grammar.id}.closes-item")
    unique, seen = [], set()
    for t in tags:
        key = (t.clause_id, t.unit, t.role, t.basis)
        if key not in seen:
            seen.add(key)
            unique.append(t)
    return unique


def _notes_closing_items(tags: list[UnitTag], closing: list, items: list[list[ClauseAnalysis]], parents: dict,
                         rule_id: str) -> list[UnitTag]:
    """A note line after the last sub-item of a numbered item (1.完善… (1)… (4)… then (责任单位:X)) closes the whole
    item: the item's heading and its sub-items that name no one are X's too. Where another sub-item follows the
    note under the same item, the note was that sub-item's alone."""
    if not closing:
        return tags
    later_parents: dict[str, int] = {}  # section → the index of the last item standing in it
    item_of: dict[str, int] = {}  # clause id → the index of its item
    headings: dict[str, list[ClauseAnalysis]] = {}  # section id → its heading clauses
    for index, item in enumerate(items):
        later_parents[parents.get(item[0].clause.section_id)] = index
        for a in item:
            item_of[a.clause.id] = index
            if a.clause.kind == "heading":
                headings.setdefault(a.clause.section_id, []).append(a)
    for parent, notes, before in closing:
        note_item = item_of.get(notes[0].clause_id)
        if note_item is None or later_parents.get(parent, -1) > note_item or parents.get(parent) is None:
            continue  # a sub-item follows under the same item, or the note closes a part (一、), not an item
        named = {t.clause_id for t in tags if t.role in RESPONSIBLE_ROLES and t.basis != "inferred"}
        heading = headings.get(parent, [])
        covered = [a for item in before for a in item if a.clause.id not in named] + heading
        tags = _cover_above(tags, [covered], notes, rule_id) if covered else tags
    return tags


def _candidates(asking: list[ClauseAnalysis], reader: "_UnitReader") -> list[UnitTag]:
    """Guesses for an item that names no unit as lead or cooperating (a body named only as the object of an action,
    发挥行业协会作用, does not say who does it), decided clause by clause: the departments in charge of the topics
    the clause itself names; a clause naming no such topic takes its item's only such department, where the item
    points at one alone. A guess is role ``candidate`` (可能相关), basis inferred: never a lead, never shown as
    explicit. Nothing else is guessed (not the issuer: measured against tests/gold/plan_inference.yml, both guesses
    from the whole item and the issuer cost precision)."""
    own = {a.clause.id: _inferred(a, reader) for a in asking}
    context: dict[str, UnitTag] = {}
    for found in own.values():
        for t in found:
            context.setdefault(t.unit, t)
    tags = []
    for analysis in asking:
        found = own[analysis.clause.id]
        if found:
            tags.extend(found)
        elif len(context) == 1:
            tags.extend(UnitTag(analysis.clause.id, unit, "candidate", "inferred", first.rule_id, None, None,
                                first.matched, f"本句未点名单位,也无职责用语;本项“{first.matched}”属{unit}的职责,待确认")
                        for unit, first in context.items())
    return tags


def _first_unit_leads(per_clause, rule_id: str):
    """The document's rule for its lists (第一责任单位为牵头单位): of the item's 责任单位 list, the first unit leads
    and the others cooperate."""
    shared = sorted(((t.span_start if t.span_start is not None else 0, t.unit) for _, found in per_clause
                     for t, scope in found if scope == SCOPE_ITEM and t.shared))
    if not shared:
        return per_clause
    first = shared[0][1]
    return [(analysis, [(dataclasses.replace(t, role="lead" if t.unit == first else "cooperate", shared=False,
                                             rule_id=rule_id) if scope == SCOPE_ITEM and t.shared else t, scope)
                        for t, scope in found]) for analysis, found in per_clause]


def _issuer_not_beside_subject(per_clause, reader: "_UnitReader"):
    """The issuer named in running text beside another acting unit (各乡镇人民政府要…;…县人民政府将实行问责) speaks
    of its own oversight: the task is the other unit's, and the issuer is only mentioned."""
    inline = [t for _, found in per_clause for t, scope in found if scope == SCOPE_CLAUSE and t.role == "lead"]
    if not inline or all(reader.is_issuer(t.unit) for t in inline) or not any(reader.is_issuer(t.unit) for t in inline):
        return per_clause
    return [(analysis, [(dataclasses.replace(t, role="mentioned", reason=t.reason + ";发文机关,本项另有实施主体")
                         if scope == SCOPE_CLAUSE and t.role == "lead" and reader.is_issuer(t.unit) else t, scope)
                        for t, scope in found]) for analysis, found in per_clause]


def _top_part(section_id: str | None, parents: dict) -> str | None:
    while section_id is not None and parents.get(section_id) is not None:
        section_id = parents[section_id]
    return section_id


def _cover_above(tags: list[UnitTag], items: list[list[ClauseAnalysis]], responsible: list[UnitTag],
                 rule_id: str) -> list[UnitTag]:
    """The units of a 以上工作由X负责 sentence on the items before it: their guesses give way to what it names."""
    clause_ids = {a.clause.id for item in items for a in item}
    kept = [t for t in tags if not (t.clause_id in clause_ids and t.basis == "inferred")]
    units = {(t.unit, t.role): t for t in responsible}
    for item in items:
        for analysis in item:
            kept.extend(UnitTag(analysis.clause.id, t.unit, t.role, "explicit", rule_id, None, None, t.matched,
                                f"见于其后的“以上……”句({t.clause_id})") for t in units.values())
    return kept


def _spread(note: UnitTag, clause: Clause) -> UnitTag:
    return UnitTag(clause.id, note.unit, note.role, "explicit", note.rule_id, None, None, note.matched,
                   f"见于本项末尾的责任单位注({note.clause_id})")


def _inherited(section_id: str | None, parents: dict, heading_units: dict) -> list[UnitTag]:
    while section_id is not None:
        if section_id in heading_units:
            return heading_units[section_id]
        section_id = parents.get(section_id)
    return []


def _inferred(analysis: ClauseAnalysis, reader: _UnitReader) -> list[UnitTag]:
    # No unit named: a topic in a department's charge makes it a candidate (可能相关), never a lead. A heading that
    # states a task (实施新一轮发明专利倍增计划) is read too.
    clause = analysis.clause
    if clause.kind in NOT_TASK_KINDS and clause.kind != "heading":
        return []
    tags, seen = [], set()
    for hit in analysis.phrases["competences"]:
        if hit.label in seen or hit.label not in reader.in_scope:
            continue
        seen.add(hit.label)
        tags.append(UnitTag(clause.id, hit.label, "candidate", "inferred", hit.rule_id,
                            clause.char_start + hit.start, clause.char_start + hit.end, hit.text,
                            f"条文未点名单位;“{hit.text}”属{hit.label}的职责,按职责推断"))
    return tags
