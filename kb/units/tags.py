"""Unit tags of a document's clauses (the ``clause_units`` table), read item by item in order: what each clause
names (kb.units.reader), the roles its item's notes settle, and what reaches other items: a heading's units the
items below it, a 下同 note the items after it, a 以上工作由X负责 sentence the items before it, a note line closing
a numbered item its sub-items. Where an item names no one, its units are guessed (kb.units.inference).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..corpus import DocumentRecord
from ..ids import ancestors, top_section
from ..normalize import parsing_view
from ..rules import RuleSet
from ..structure.model import Clause, Section
from ..tagging import ClauseAnalysis, task_items
from ..vocabulary import NOT_TASK_KINDS, RESPONSIBLE_ROLES, SIGNING_KINDS
from .grammar import INHERITED_RULE, SCOPE_BELOW, SCOPE_CLAUSE, SCOPE_ITEM, SlotUnit
from .inference import inferred_units
from .reader import NamedUnit, UnitReader, UnitTag
from .table_rows import table_units

# (tag, scope) of each unit a clause names, for each clause of an item
PerClause = list[tuple[ClauseAnalysis, list[tuple[UnitTag, str]]]]


def unit_tags(analyses: list[ClauseAnalysis], document: DocumentRecord, rules: RuleSet,
              named: dict[str, NamedUnit], sections: list[Section] = ()) -> list[UnitTag]:
    """Unit tags of a document's clauses. A note closing an item covers every clause of the item; the units of a
    heading reach the items below it that name no lead or cooperating unit (basis inherited); a unit is inferred
    from competences only where an item names no responsible unit by any means. Units found by grammar and not
    listed are added to ``named``. One tag per clause, unit, role and basis, the first found."""
    reader = UnitReader(rules, document, named)
    items = task_items(analyses)
    reading = _Reading(reader, {s.id: s.parent_id for s in sections}, table_units(items, document, reader))
    for item in items:
        reading.read(item)
    tags = _notes_closing_items(reading.tags, reading.closing, items, reading.parents,
                                f"{reader.grammar.id}.closes-item")
    unique, seen = [], set()
    for t in tags:
        key = (t.clause_id, t.unit, t.role, t.basis)
        if key not in seen:
            seen.add(key)
            unique.append(t)
    return unique


@dataclass
class _Reading:
    """A document's items read in order, with what one item leaves for the items after it."""

    reader: UnitReader
    parents: dict[str, str | None]  # section id → parent section id
    table: dict[str, list[SlotUnit]]  # clause id → the units its table row names
    tags: list[UnitTag] = field(default_factory=list)
    # section id → the lead and cooperate units of its heading
    heading_units: dict[str, list[UnitTag]] = field(default_factory=dict)
    carried: tuple[list[UnitTag], str | None] | None = None  # a 下同 note's units, and the list they cover
    below: tuple[list[UnitTag], str | None] | None = None  # a 以下均需X落实 note's units, and the list they lead
    first_leads: bool = False  # the document said the first unit of each list leads (第一责任单位为牵头单位)
    # items naming no unit, and their top-level part; the same by the section their item stands in
    pending: list[tuple[list[ClauseAnalysis], str | None]] = field(default_factory=list)
    pending_in: dict[str | None, list] = field(default_factory=dict)
    # (parent section, a note line's units, the items before it there that name none)
    closing: list = field(default_factory=list)

    def read(self, item: list[ClauseAnalysis]) -> None:
        """One item's tags into ``tags``: its clauses' own, its notes spread over its clauses; then what it
        leaves for other items, or, where it names no responsible unit, what reaches it or is guessed."""
        grammar = self.reader.grammar
        per_clause = self._clause_units(item)
        parent = self.parents.get(item[0].clause.section_id)
        below = self.below if self.below is not None and self.below[1] == parent else None
        said = [t for _, found in per_clause for t, scope in found if scope == SCOPE_BELOW]
        self.below = (said, parent) if said else self.below
        per_clause = [(a, [(t, scope) for t, scope in found if scope != SCOPE_BELOW]) for a, found in per_clause]
        views = [parsing_view(a.clause.text) for a in item]
        self.first_leads = self.first_leads or any(grammar.first_leads.search(view) for view in views)
        per_clause, notes = _settle_roles(per_clause, self.first_leads, f"{grammar.id}.first-leads")
        per_clause = _issuer_not_beside_subject(per_clause, self.reader)
        covering = _notes_of_runs(item, [n for n, _ in notes if n.role in RESPONSIBLE_ROLES])
        distinct: dict[int, list[UnitTag]] = {}  # (runs share their list of notes: each made distinct once)
        for analysis, found in per_clause:
            clause = analysis.clause
            self.tags.extend(t for t, _ in found)
            run_notes = covering[clause.id]
            for note in distinct.setdefault(id(run_notes), _distinct_notes(run_notes)):
                if note.clause_id != clause.id:
                    self.tags.append(_spread(note, clause))
        responsible = [t for _, found in per_clause for t, _ in found if t.role in RESPONSIBLE_ROLES]
        # What the heading line itself names (its note) reaches the items below, not what its first sentence names.
        head = {a.clause.id: a.clause.section_id for a in item if a.clause.kind == "heading"}
        from_heading = [t for t in responsible if t.clause_id in head]
        if from_heading:
            self.heading_units[head[from_heading[0].clause_id]] = from_heading
        part = top_section(item[0].clause.section_id, self.parents)
        if below is not None:
            self._units_below(item, below[0], any(t.role == "lead" and not t.shared for t in responsible))
            responsible = responsible or below[0]
        if responsible:
            if not any(t.role == "lead" for t in responsible):
                self._lead_from_heading(item)
            self._leave_for_others(item, views, notes, responsible, parent, part)
        else:
            self._reach_unnamed(item, parent, part)

    def _units_below(self, item: list[ClauseAnalysis], below: list[UnitTag], lead_named: bool) -> None:
        """The units a note said the items below it need (以下政策措施均需各县区人民政府落实,不再单独列出) on an
        item after it in the same list (basis inherited): they lead it, as a 责任单位 list does, or cooperate
        where the item names its lead (牵头)."""
        role = "cooperate" if lead_named else "lead"
        self._inherit([a for a in item if a.clause.kind not in NOT_TASK_KINDS],
                      [dataclasses.replace(t, role=role) for t in below], f"{self.reader.grammar.id}.covers-below",
                      "承接前文“以下均需”注")

    def _clause_units(self, item: list[ClauseAnalysis]) -> PerClause:
        """What each clause of the item names; a 主送 line's addressees go straight into ``tags``."""
        per_clause = []
        for analysis in item:
            clause = analysis.clause
            if clause.kind in SIGNING_KINDS:
                per_clause.append((analysis, []))
            elif clause.kind == "addressee":
                self.tags.extend(self.reader.addressees(clause))
                per_clause.append((analysis, []))
            else:
                per_clause.append((analysis, self.reader.clause_units(analysis, self.table.get(clause.id, ()))))
        return per_clause

    def _leave_for_others(self, item: list[ClauseAnalysis], views: list[str], notes: list[tuple[UnitTag, str]],
                          responsible: list[UnitTag], parent: str | None, part: str | None) -> None:
        """What an item that names its responsible units leaves for others: a note line that may close its parent
        item, a 以上工作由X负责 sentence over the items before it, a 下同 note over the items after it."""
        grammar = self.reader.grammar
        covering = [a for a, view in zip(item, views) if grammar.covers_above.match(view.strip())]
        # (A note that says what it covers, 该目标责任单位为X, closes no more than that.)
        note_lines = [t for t, _ in notes if t.role in RESPONSIBLE_ROLES and any(
            a.clause.id == t.clause_id and a.clause.kind == "note" and a not in covering for a in item)]
        if note_lines and parent is not None:
            # A note on a line of its own after the last sub-item of a numbered item ((1)…(4) then (责任单位:X))
            # may close the whole item: decided once the items after it are known.
            self.closing.append((parent, note_lines, [p for p, _ in self.pending_in.get(parent, [])]))
        if covering:
            # 以上工作由X负责,Y配合: the items before it in this part that named no one are X's and Y's, and
            # so is the item it closes.
            said = [t for t in responsible if t.clause_id in {a.clause.id for a in covering}]
            own = [a for a in item if a not in covering and a.clause.kind not in SIGNING_KINDS]
            self.tags = _cover_above(self.tags, [p for p, p_part in self.pending if p_part == part] + [own], said,
                                     f"{grammar.id}.covers-above")
        self.pending = []
        # (X牵头,Y参与,下同): the note also covers the items after it in the same list that name no unit.
        self.carried = ([t for t, _ in notes if t.role in RESPONSIBLE_ROLES], parent) if any(
            word in view for view in views for word in grammar.carry_forward) else None

    def _lead_from_heading(self, item: list[ClauseAnalysis]) -> None:
        """An item that names only the units that cooperate (协同单位:X) under a heading that names the lead of
        the work below it ((三)省编办牵头的工作): the heading's lead leads it too (basis inherited)."""
        leads = [t for t in _inherited(item[0].clause.section_id, self.parents, self.heading_units)
                 if t.role == "lead"]
        self._inherit([a for a in item if a.clause.kind not in NOT_TASK_KINDS], leads)

    def _inherit(self, asking: list[ClauseAnalysis], inherited: list[UnitTag], rule_id: str = INHERITED_RULE,
                 reason: str = "承接上级标题") -> None:
        """Tags of ``inherited`` (a heading's, a 下同 note's or a 以下均需 note's units) on each clause of ``asking``,
        basis inherited, by ``rule_id`` (the reason quoting the clause that named them)."""
        for analysis in asking:
            self.tags.extend(UnitTag(analysis.clause.id, t.unit, t.role, "inherited", rule_id, None, None,
                                     t.matched, f"{reason} {t.clause_id}") for t in inherited)

    def _reach_unnamed(self, item: list[ClauseAnalysis], parent: str | None, part: str | None) -> None:
        """The units of an item that names none: its heading's (or a 下同 note's) units, inherited; else it waits
        for a note after it, and its units are guessed meanwhile."""
        asking = [a for a in item if a.clause.kind not in NOT_TASK_KINDS]
        inherited = _inherited(item[0].clause.section_id, self.parents, self.heading_units)
        if not inherited and self.carried is not None and self.carried[1] == parent and asking:
            inherited = self.carried[0]
        if inherited:
            self._inherit(asking, inherited)
            return
        if asking:
            self.pending.append((asking, part))
            self.pending_in.setdefault(parent, []).append((asking, part))
        self.tags.extend(inferred_units(
            [a for a in item if a.clause.kind not in NOT_TASK_KINDS or a.clause.kind == "heading"], self.reader))


def _notes_of_runs(item: list[ClauseAnalysis], notes: list[UnitTag]) -> dict[str, list[UnitTag]]:
    """clause id → the notes that cover it. An item is one run of task sentences and the notes after them, and its
    notes cover all of it; where tasks and notes take turns (X。Y。(A牵头)Z。(B牵头), as the State Council's divisions
    of work print them in one paragraph), each run's notes cover that run alone, and sentences after the last
    note are the last run's."""
    noted = {n.clause_id for n in notes}
    runs: list[list[str]] = [[]]
    for analysis in item:
        clause_id = analysis.clause.id
        if runs[-1] and runs[-1][-1] in noted and analysis.clause.kind != "note":
            runs.append([])  # a task sentence after a note (its own note perhaps closing it): a new run
        runs[-1].append(clause_id)
    runs = [run for run in runs if noted & set(run)] or [[a.clause.id for a in item]]
    if len(runs) == 1:
        return {a.clause.id: notes for a in item}
    covering = {clause_id: [n for n in notes if n.clause_id in run] for run in runs for clause_id in run}
    # (Every run but the last ends with its note; sentences after the last note go with the last run.)
    return {a.clause.id: covering.get(a.clause.id, covering[runs[-1][0]]) for a in item}


def _item_notes(per_clause: PerClause) -> list[tuple[UnitTag, str]]:
    """The (tag, scope) of an item's notes: the units that cover every clause of it."""
    return [(t, scope) for _, found in per_clause for t, scope in found if scope == SCOPE_ITEM]


def _settle_roles(per_clause: PerClause, first_leads: bool, first_leads_rule: str
                  ) -> tuple[PerClause, list[tuple[UnitTag, str]]]:
    """The roles of an item's units settled across its notes, and its notes: the first of a 责任单位 list leads
    where the document says so; a 责任单位 cooperates where another note names a 牵头; a unit the sentences name
    is only mentioned where a note names who leads."""
    notes = _item_notes(per_clause)
    if first_leads and notes and not any(t.role == "lead" and not t.shared for t, _ in notes):
        per_clause = _first_unit_leads(per_clause, first_leads_rule)
        notes = _item_notes(per_clause)
    leads = {t.unit for t, _ in notes if t.role == "lead" and not t.shared}
    if leads:
        # 牵头单位:X on one line and 责任单位:Y on the next: Y cooperates, as it would in one note; X, listed again
        # among the 责任单位 (责任单位:X、Y), still leads.
        per_clause = [(analysis, [(dataclasses.replace(t, role="cooperate") if scope == SCOPE_ITEM and t.shared
                                   and t.role == "lead" and t.unit not in leads else t, scope) for t, scope in found])
                      for analysis, found in per_clause]
        notes = _item_notes(per_clause)
    if any(t.role == "lead" for t, _ in notes):
        # The note closing an item says who leads all of it (one naming only participants, (Y参与), does not); a
        # unit its sentences make their subject (各乡镇要…) is named there, not made a lead or a cooperating unit
        # of the item beside the note's.
        noted = {t.unit for t, _ in notes}
        per_clause = [(analysis, [(t if scope == SCOPE_ITEM or t.unit in noted or t.role not in RESPONSIBLE_ROLES
                                   else dataclasses.replace(t, role="mentioned",
                                                            reason=t.reason + ";本项的责任单位注另有所指"),
                                   scope) for t, scope in found]) for analysis, found in per_clause]
    return per_clause, notes


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


def _first_unit_leads(per_clause: PerClause, rule_id: str) -> PerClause:
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


def _issuer_not_beside_subject(per_clause: PerClause, reader: UnitReader) -> PerClause:
    """The issuer named in running text beside another acting unit (各乡镇人民政府要…;…县人民政府将实行问责) speaks
    of its own oversight: the task is the other unit's, and the issuer is only mentioned."""
    inline = [t for _, found in per_clause for t, scope in found if scope == SCOPE_CLAUSE and t.role == "lead"]
    if not inline or all(reader.is_issuer(t.unit) for t in inline) or not any(reader.is_issuer(t.unit) for t in inline):
        return per_clause
    return [(analysis, [(dataclasses.replace(t, role="mentioned", reason=t.reason + ";发文机关,本项另有实施主体")
                         if scope == SCOPE_CLAUSE and t.role == "lead" and reader.is_issuer(t.unit) else t, scope)
                        for t, scope in found]) for analysis, found in per_clause]


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


# The most units one run's notes spread over its clauses: an item of thousands of note lines, each naming another
# unit, would otherwise make a tag for every pair (real items name a few dozen at most).
_MOST_SPREAD = 100


def _distinct_notes(notes: list[UnitTag]) -> list[UnitTag]:
    """The first note of each (unit, role), at most ``_MOST_SPREAD`` of them."""
    seen, kept = set(), []
    for note in notes:
        if (note.unit, note.role) not in seen and len(kept) < _MOST_SPREAD:
            seen.add((note.unit, note.role))
            kept.append(note)
    return kept


def _spread(note: UnitTag, clause: Clause) -> UnitTag:
    return UnitTag(clause.id, note.unit, note.role, "explicit", note.rule_id, None, None, note.matched,
                   f"见于本项末尾的责任单位注({note.clause_id})")


def _inherited(section_id: str | None, parents: dict, heading_units: dict) -> list[UnitTag]:
    return next((heading_units[s] for s in ancestors(section_id, parents) if s in heading_units), [])
