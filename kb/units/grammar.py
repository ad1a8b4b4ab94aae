"""Who is responsible, read by the slot grammar of Chinese official documents.

Documents name responsible units in a few kinds of slot: trailing notes ((X负责), (X牵头,Y配合),
(X、Y按职责分工负责), (牵头单位:X;配合单位:Y)), label lines after an item (牵头单位:X), table columns (牵头单位 /
责任单位 / 配合单位) and inline forms (由X牵头, X会同Y, X要…). A slot holds a list (kb.units.names); each member
that has the form of an organisation name is a unit, whether or not the lexicon knows it. The lexicon
(rules/units.yml) only puts names in canonical form.

Everything here works on the parsing view (kb.normalize): half-width punctuation, offsets as in the text. The
words themselves (labels, verbs, brackets) come from the ``grammar`` section of rules/units.yml.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ..rule_models.units import UnitGrammarRules
from ..tables import TableReader
from .columns import ColumnSlots
from .names import NameForms, alternation

# The slot rules (rule ids are the grammar's id and these suffixes), for the rules table.
SLOT_RULES = {
    "label": "a label slot: 牵头单位:X / 责任单位:X / 配合单位:Y, in brackets or on a line of its own",
    "verb": "a note or clause ending in a role verb: (X负责) (X牵头) (X、Y按职责分工负责) (Y配合)",
    "convene": "X会同Y: X leads, Y cooperates",
    "bare": "a trailing note that is only a list of units: (市发改委、市财政局)",
    "column": "a table's unit columns: 牵头单位 / 责任单位 / 配合单位 in a .docx or web-page 分工表",
    "subject": "a unit in a role position of the sentence (由X牵头, X要…), found by the form of its name",
    "first-leads": "the document's own rule for its lists (第一责任单位为牵头单位,下同): the first unit of a 责任单位 "
                   "list leads, the others cooperate, in this item and the items after it",
    "duty": "a line of a list of duties that opens with a unit and a colon (公安分局:负责…): the unit leads it",
    "covers-above": "以上工作由X负责,Y配合: the units reach the items before it, in the same part, that name none",
    "below": "a note's part on the items below it (以下政策措施均需X落实,不再单独列出): X, for the items after it",
    "covers-below": "以下均需X落实: X is on every item after the note's own in the same list, leading it, or "
                    "cooperating where the item names its 牵头",
    "closes-item": "a note line after the last sub-item of a numbered item closes the whole item: its heading and "
                   "the sub-items that name none",
}
INHERITED_RULE = "unit.inherited"
SCOPE_ITEM = "item"  # a note: covers every clause of the item it closes
SCOPE_CLAUSE = "clause"  # an inline form: covers its own sentence
SCOPE_BELOW = "below"  # a note's part on the items below it (以下均需X落实): for every item after its own


@dataclass(frozen=True)
class SlotUnit:
    """A unit named in a slot: ``name`` as written (list endings such as 等部门 removed), ``start``/``end`` its
    offsets in the text given, ``role`` lead / cooperate, ``rule_id`` the slot rule, ``scope`` item or clause;
    ``shared`` for a 责任单位 / 按职责分工负责 unit, which cooperates where a 牵头 is named for the same item."""

    name: str
    start: int
    end: int
    role: str
    rule_id: str
    scope: str
    shared: bool = False




def _unknown(name: str) -> bool:
    return False

# The units a line of duties opens with, before its colon (市委办公室、市政府办公室:将…).
_DUTY_NAME = re.compile(r"\s*(?P<name>[\u4e00-\u9fff()、]{2,40}?)\s*:")


class UnitGrammar(ColumnSlots, NameForms):
    """The slot grammar of rules/units.yml's ``grammar`` section (``rules``), with the level words of its
    ``level_prefixes``: the notes, label lines, sentences and table columns that name who is responsible, read
    into SlotUnits; the forms of the names they hold are NameForms'."""

    def __init__(self, rules: UnitGrammarRules, level_prefixes: dict[str, str]):
        """Raises re.error where the grammar's patterns compile alone but not composed into the name patterns."""
        super().__init__(rules, level_prefixes)
        self.label_roles = {word: role for role, words in rules.labels.items() for word in words}
        self.verb_roles = {word: role for role, words in rules.verbs.items() for word in words}
        self.row_number_headers = frozenset(rules.row_number_headers)
        self.tables = TableReader(self.row_number_headers, self.label_roles, rules.other_columns,
                                  rules.person_columns)
        self.carry_forward = tuple(rules.carry_forward)
        # Notes stand in (), and in 〔〕 【】 [] where the list inside holds brackets of its own.
        self.note_closers = {opener: closer for opener, closer in rules.note_brackets}
        self.note_bracket = re.compile(
            "[" + re.escape("".join(self.note_closers) + "".join(self.note_closers.values())) + "]")
        # (A label may be said in words: 该目标责任单位为市经委, 4项目标的责任单位均为X.)
        # (…or set over its value on the line below: 责任单位 / 卫健局、文旅局, a record one field a line.)
        said = r"(?:[:]|(?:均|都|分别)?为(?![主准重期止])|(?<=\n))"
        self.label_re = re.compile(rf"^\s*(?P<label>{alternation(self.label_roles)})\s*{said}\s*")
        # (The same at any position: ^ holds only at a string's start, whatever position match begins at.)
        self._label_at = re.compile(rf"\s*(?P<label>{alternation(self.label_roles)})\s*{said}\s*")
        self.verb_re = re.compile(rf"(?P<verb>{alternation(self.verb_roles)})\s*$")
        self.glued_labels = dict(rules.glued_labels)  # (read by kb.units.glued)
        self.covers_above = rules.covers_above
        self.covers_own = rules.covers_own
        self.about_below = rules.about_below
        self.alias_after = rules.alias_after
        self._other_label = re.compile(rf"(?<=[\u4e00-\u9fff)])(?:{alternation(rules.other_labels)})\s*:") \
            if rules.other_labels else None
        self.first_leads = rules.first_leads

    # -- slots ----------------------------------------------------------------------------------------------------
    def _parts(self, text: str, offset: int):
        """Top-level parts of a note: split on , and ; outside brackets, and before a label."""
        parts, depth, start = [], 0, 0
        for i, ch in enumerate(text):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif depth == 0 and ch in ",;。":
                parts.append((text[start:i], offset + start))
                start = i + 1
            elif depth == 0 and i > start and ch.isspace() and not text[i - 1].isspace() and \
                    self._label_at.match(text, i):
                parts.append((text[start:i], offset + start))
                start = i
        parts.append((text[start:], offset + start))
        return [(p, o) for p, o in parts if p.strip()]

    def is_person_slot(self, part: str) -> bool:
        """A part of a note whose role word governs a person or a post, not a unit (由副区长赵晓岚牵头,
        牵头领导:李某): it names nobody the task is assigned to. A part that opens with a unit label (责任单位:…) is
        none: the 任 of its label is no post."""
        if self.label_re.match(part.strip()):
            return False
        verb = self.verb_re.search(part.strip())
        body = part.strip()[:verb.start()] if verb else part
        body = body.strip().removeprefix(self.by)
        return bool(body) and (self.is_person(body) or bool(re.search(r"[长记任]|领导|同志", body))) \
            and not self.is_unit_name(body)

    def _label_content(self, content: str, kind: str) -> tuple[str, str, bool]:
        """A unit label's list and its kind: (content, kind, whether the list ends there). The list ends at a
        label of another field glued to it (责任单位:莲塘镇任务目标:…) and goes on past no comma then; a verb
        after it is no part of its last name (A、B按职责分工负责), and 分别牵头 makes each of them lead."""
        glued = self._other_label.search(content) if self._other_label else None
        if glued:
            content = content[:glued.start()]
        verb = self.verb_re.search(content)
        if verb and self.verb_roles[verb.group("verb")] in ("shared", "lead"):
            content = re.sub(r"(?:分别|共同|各自)\s*$", "", content[:verb.start()])
            if self.verb_roles[verb.group("verb")] == "lead":
                kind = "lead"  # 责任单位:A、B分别牵头: each of them leads, whatever the list's rule
        return content, kind, glued is not None

    def read_note(self, text: str, offset: int, known, bare_ok: bool = False,
                  strict: bool = False) -> list[SlotUnit] | None:
        """The units of a responsibility note's content (what stands inside its brackets, or a label line), or
        None when it is not such a note. ``known(name)`` says whether the lexicon knows a name; ``bare_ok``
        accepts a bare list of units as the responsible units (a trailing note with no verb).

        A label slot trusts its members (every member is a unit unless it is clearly not one) and goes on past a
        comma (责任单位:A、B,C); a note label (部门分工:) holds a note (X牵头,Y配合); a verb slot trusts its members
        when one of them has the form of a name or stands alone as a collective (各地负责)."""
        parsed = []  # (members, role word kind)
        prefix = self._first_prefix(text)
        label_kind = None  # the label whose list a part without a label goes on with
        condition = False  # whether the part before states a condition (明确牵头部门的,)
        for part, part_offset in self._parts(text, offset):
            read = len(parsed)
            if strict and self.is_person_slot(part):
                continue
            after_condition, condition = condition, part.strip().endswith("的")
            if after_condition or self._about_below(part, part_offset, known, prefix, parsed):
                continue  # 明确牵头部门的,其他…配合 (a rule for its lists) or 以下均需…落实 (the items below): nobody here
            stripped = part.strip()
            lead_space = len(part) - len(part.lstrip())
            label = self.label_re.match(part)
            if label:
                kind = self.label_roles[label.group("label")]
                if kind == "note":
                    part_offset += label.end()
                    part = part[label.end():]
                    stripped, lead_space, label_kind = part.strip(), len(part) - len(part.lstrip()), None
                else:
                    label_kind = kind  # (what a part after it goes on with: the label's kind, before any verb)
                    content, kind, ended = self._label_content(part[label.end():], kind)
                    label_kind = None if ended else label_kind
                    members = self._members(content, part_offset + label.end(), known, prefix, trust=True)
                    if members:
                        parsed.append((members, kind, f"{self.id}.label"))
                    continue
            convened = self._convene_re.search(part)
            convene = convened.start() if convened else -1
            if convene > 0:
                verb = self.verb_re.search(part)
                head = self._members(part[:convene], part_offset, known, prefix)
                tail_end = verb.start() if verb else len(part)
                tail = self._members(part[convened.end():tail_end], part_offset + convened.end(), known, prefix,
                                     trust=True)
                if head and (tail or verb):
                    parsed.append((head, "lead", f"{self.id}.convene"))
                    if tail:
                        parsed.append((tail, "cooperate", f"{self.id}.convene"))
                    label_kind = None
                    continue
            verb = self.verb_re.search(stripped)
            if verb:
                # (财政局和农业局要共同负责: the modal before the verb is no part of the last name.)
                body = self.modal.sub("", part[: lead_space + verb.start()])
                pieces = self.pieces(body, 0)
                trusted = any(self.is_unit_name(n) or known(n) or self.slot_collective.fullmatch(n)
                              for n, _, _ in pieces)
                members = self._members(body, part_offset, known, prefix, trust=trusted)
                # Every word before the verb must be a unit, or a person or post beside them (…和各村网格员协同):
                # (2023年底前完成) is not a note.
                posts = sum(1 for n, _, _ in pieces if self.posts.search(n) or self.is_person(n))
                if members and len(pieces) == len(members) + posts - sum(
                        1 for m in members if self.posts.search(m[0]) or self.is_person(m[0])):
                    parsed.append((members, self.verb_roles[verb.group("verb")], f"{self.id}.verb"))
                label_kind = None
                continue
            if label_kind is not None:
                members, goes_on = self._list_goes_on(part, part_offset, known, prefix)
                parsed.extend([(members, label_kind, f"{self.id}.label")] if members else [])
                label_kind = label_kind if goes_on else None
                if members:
                    continue
            if bare_ok:
                members = self._members(part, part_offset, known, prefix)
                if members and len(self.pieces(part, 0)) == len(members):
                    parsed.append((members, "shared", f"{self.id}.bare"))
            if strict and len(parsed) == read:
                return None  # a sentence is a note only when every part of it is one
        return self._with_roles(parsed) if parsed else None

    def _about_below(self, part: str, offset: int, known, prefix: str, parsed: list) -> bool:
        """Whether a part of a note is on the items below it (以下均需各县区人民政府、园区管委会落实): nobody for
        this item; the units it names, for the items after it, go into ``parsed`` as (members, "below", rule
        id)."""
        below = self.about_below.match(part.strip())
        if below is None:
            return False
        at = offset + len(part) - len(part.lstrip()) + below.start("units")
        members = self._members(below["units"], at, known, prefix, trust=True)
        parsed.extend([(members, "below", f"{self.id}.below")] if members else [])
        return True

    def _list_goes_on(self, part: str, offset: int, known, prefix: str) -> tuple[list | None, bool]:
        """The members of a part that goes on with a label's list (…,C), up to a label of another field glued to it
        (…政府责任人:…), and whether the list goes on after it; (None, False) for a part that is no list
        (…,牢固树立正确的政绩观)."""
        glued = self._other_label.search(part) if self._other_label else None
        listed = part[:glued.start()] if glued else part
        members = self._members(listed, offset, known, prefix, trust=True)
        if members and len(self.pieces(listed, 0)) == len(members):
            return members, glued is None
        return None, False

    def duty_line(self, view: str, known) -> list[SlotUnit]:
        """The unit a line of a list of duties opens with (职责分工为: / 区委宣传部:制订宣传工作方案…; 公安分局:负责…):
        it leads the line. The name before the colon must have the form of a unit (or be one the lexicon knows)."""
        # (一、市委办公室、市政府办公室:将…: after the item's number, a list of units leads the line together.)
        number = self.item_number.match(view)
        match = _DUTY_NAME.match(view, number.end() if number else 0)
        if match is None or self.label_re.match(view[match.start("name"):]):
            return []
        members = self.pieces(match.group("name"), match.start("name"))
        if not members or any(not (self.is_unit_name(n) or known(n)) or self.is_person(n) for n, _, _ in members):
            return []
        return [SlotUnit(n, s, e, "lead", f"{self.id}.duty", SCOPE_ITEM) for n, s, e in members]

    def sentence_note(self, view: str, known) -> list[SlotUnit]:
        """The units of a sentence that is nothing but a note (由副区长X牵头,区住建局、科技城管委会负责,区自然资源
        分局配合。): every part a role word after units or a person; it covers the item like a note in brackets."""
        text = view.rstrip(" 。;.")
        start = 0
        opener = self.covers_above.match(text)
        if opener:
            # 以上工作由X负责,Y配合: the note after the words that say what it covers.
            start = opener.end()
        own = self.covers_own.match(text)
        if own:
            # 这项工作由X负责,去年…: the note is the parts up to its last role word, on the item it stands in.
            parts = text[own.end():].split(",")
            ends = [i for i, part in enumerate(parts[:4]) if self.verb_re.search(part.strip())]
            text = ",".join(parts[:ends[-1] + 1]) if ends else ""
            return self.read_note(text, own.end(), known, strict=True) or [] if text else []
        if not self.verb_re.search(text.split(",")[-1].strip()) and not self.label_re.match(text[start:]):
            return []
        return self.read_note(text[start:], start, known, strict=True) or []

    def leading_note(self, view: str, known) -> list[SlotUnit]:
        """The units of a note that opens a sentence and runs into its task (由X牵头,A、B和C协同,开展…): its parts up
        to the last one closed by a role word, read as a slot, covering this sentence only; [] for none."""
        parts = view.split(",")
        first = next((i for i, part in enumerate(parts) if part.lstrip().startswith(self.by)
                      and self.verb_re.search(part.strip())), None)
        if first is None:
            return []
        ends = [i for i in range(first, min(first + 4, len(parts))) if self.verb_re.search(parts[i].strip())]
        if len(ends) < 2:
            return []  # (由X负责…: one actor, found in running text)
        offset = sum(len(p) + 1 for p in parts[:first])
        head = ",".join(parts[first:ends[-1] + 1])
        return [dataclasses.replace(s, scope=SCOPE_CLAUSE)
                for s in self.read_note(head, offset, known, strict=True) or []]

    def _with_roles(self, parsed) -> list[SlotUnit]:
        """Roles for parsed slot lists [(members, kind, rule id)]: 按职责分工负责 and 责任单位 lists lead unless
        a 牵头 is named in the same note or row; a list marked X(牵头)、Y leads with X alone."""
        lead_named = any(kind == "lead" or any(m[3] for m in members) for members, kind, _ in parsed)
        # A 责任单位 list that names the lead again (责任单位:A、B; 牵头单位:B): B leads, and only leads.
        leads = {"".join(m[0].split()) for members, kind, _ in parsed if kind == "lead" for m in members}
        units = []
        for members, kind, rule_id in parsed:
            marked_list = any(m[3] for m in members)
            for name, s, e, marked in members:
                if kind in ("shared", "responsible") and "".join(name.split()) in leads:
                    continue
                if marked:
                    role = "lead"
                elif marked_list:
                    role = "cooperate"
                elif kind in ("shared", "responsible"):
                    role = "cooperate" if lead_named else "lead"
                else:
                    role = "lead" if kind == "below" else kind
                units.append(SlotUnit(name, s, e, role, rule_id, SCOPE_BELOW if kind == "below" else SCOPE_ITEM,
                                      shared=kind in ("shared", "responsible") and not marked_list))
        return units

    def is_unit_list(self, view: str) -> bool:
        """Whether a line is nothing but a list of names with the form of units (市财政局、各区人民政府)."""
        line = view.strip().rstrip("。;.")
        pieces = self.pieces(line, 0) if line and len(line) <= 80 else []
        return bool(pieces) and all(self.is_unit_name(n) for n, _, _ in pieces)

    def is_note_line(self, view: str) -> bool:
        """Whether a line is nothing but a responsibility note: a label line (牵头单位:X) or a bracketed note on
        its own."""
        line = view.strip().rstrip("。;.")
        return bool(self.label_re.match(line)) or bool(self.covers_above.match(line)) or (
            line.startswith("(") and line.endswith(")") and bool(self.notes(line, _unknown)))

    def note_list(self, view: str, known) -> list[SlotUnit]:
        """The units of a note line that is a bare list going on from the label line before it: their role is
        settled with the item's other notes (cooperating where a 牵头 is named)."""
        return self.read_note(view, 0, known, bare_ok=True) or []

    def notes(self, view: str, known) -> list[SlotUnit]:
        """Units of the notes in one clause's view: bracketed notes (a trailing one may be a bare list) and a
        clause that is itself a label line (牵头单位:X;配合单位:Y)."""
        found: list[SlotUnit] = []
        if self.label_re.match(view):
            return self.read_note(view, 0, known) or []
        if not self.note_bracket.search(view):
            return found  # most clauses: no bracket, no note
        stack: list[tuple[str, int]] = []
        trailing_end = len(view.rstrip(" 。;.,"))
        for bracket in self.note_bracket.finditer(view):
            i, ch = bracket.start(), bracket.group()
            if ch in self.note_closers.values():
                if not stack or self.note_closers[stack[-1][0]] != ch:
                    continue  # a closer with no opener of its kind
                start = stack.pop()[1]
                if stack:
                    continue  # only outermost brackets hold notes
            else:
                stack.append((ch, i))
                continue
            trailing = i + 1 >= trailing_end
            # (各区、县(市)政府(管委会): a bracket right after a body's name gives its other name, no note of units.)
            bare = trailing and not self.alias_after.search(view, max(0, start - 4), start)
            units = self.read_note(view[start + 1:i], start + 1, known, bare_ok=bare)
            if units:
                found.extend(_scoped(units, SCOPE_ITEM if trailing else SCOPE_CLAUSE))
        if stack:
            # A note opened and never closed (a page cut off mid-note: (牵头单位:X;责任单位:Y、Z、): what it holds
            # up to the clause's end, where it reads as a note of its own.
            start = stack[0][1]
            units = self.read_note(view[start + 1:].rstrip(" 。;.,、"), start + 1, known)
            found.extend(_scoped(units or [], SCOPE_ITEM))
        return found


def _scoped(units: list[SlotUnit], scope: str) -> list[SlotUnit]:
    """``units`` of a note, each given ``scope`` (item or clause), but those it names for the items below it."""
    return [u if u.scope == SCOPE_BELOW else dataclasses.replace(u, scope=scope) for u in units]
