"""Who is responsible, read by the grammar of Chinese official documents.

Documents name responsible units in a few kinds of slot: trailing notes ((X负责), (X牵头,Y配合),
(X、Y按职责分工负责), (牵头单位:X;配合单位:Y)), label lines after an item (牵头单位:X), and inline forms
(由X牵头, X会同Y, X要…). A slot holds a list that splits on 、,;及和与 outside brackets; each member that has the
form of an organisation name (an optional level or place prefix, a body, an organisation suffix; or a collective
form such as 各县(市、区)人民政府) is a unit, whether or not the lexicon knows it. The lexicon (rules/units.yml)
only puts names in canonical form.

Everything here works on the parsing view (kb.normalize): half-width punctuation, offsets as in the text. The
words themselves (suffixes, labels, verbs, separators) come from the ``grammar`` section of rules/units.yml.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .rule_models.units import UnitGrammarRules

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
    "closes-item": "a note line after the last sub-item of a numbered item closes the whole item: its heading and "
                   "the sub-items that name none",
}
INHERITED_RULE = "unit.inherited"
SCOPE_ITEM = "item"  # a note: covers every clause of the item it closes
SCOPE_CLAUSE = "clause"  # an inline form: covers its own sentence


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


_BRACKETED = re.compile(r"\([^()]*\)")
_CLAUSE_BOUNDARIES = ",;:。!?(.\n"


def _spaced_list(text: str) -> str:
    """A cell's list whose members stand apart by spaces (安监站 安监所) as a 、 list, offsets kept; a space inside a
    short name (俞 悦, 分管 领导) is a gap in the name, not between names."""
    return re.sub(r"(?<=[\u4e00-\u9fff)]{2})[ \t\n]+(?=[\u4e00-\u9fff(]{2})", lambda m: "、" * len(m.group()), text)


def _unknown(name: str) -> bool:
    return False


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class UnitGrammar:
    """The slot grammar of rules/units.yml's ``grammar`` section (``rules``), with the level words of its
    ``level_prefixes``."""

    def __init__(self, rules: UnitGrammarRules, level_prefixes: dict[str, str]):
        self.id = rules.id
        self.separators = rules.separators
        self.list_endings = sorted(rules.list_endings, key=len, reverse=True)
        self.list_ending = rules.list_ending
        self.suffixes = rules.suffixes
        self.label_roles = {word: role for role, words in rules.labels.items() for word in words}
        self.verb_roles = {word: role for role, words in rules.verbs.items() for word in words}
        self.lead_marker = rules.lead_marker  # X(牵头)、Y
        self.row_number_headers = frozenset(rules.row_number_headers)
        from .tables import TableReader

        self.tables = TableReader(self.row_number_headers, self.label_roles, rules.other_columns)
        self.carry_forward = tuple(rules.carry_forward)
        # Notes stand in (), and in 〔〕 【】 [] where the list inside holds brackets of its own.
        self.note_closers = {opener: closer for opener, closer in rules.note_brackets}
        self.note_bracket = re.compile(
            "[" + re.escape("".join(self.note_closers) + "".join(self.note_closers.values())) + "]")
        self._prefixes_longest_first = sorted(level_prefixes, key=len, reverse=True)
        self.not_a_prefix = tuple(rules.not_a_prefix)
        self.level_prefixes = level_prefixes
        self.places = rules.place_suffixes
        suffix = _alternation(self.suffixes)
        places = _alternation(self.places)
        prefixes = _alternation(list(level_prefixes) + ["国家"])
        self.collective = rules.collective
        self.shares_prefix = rules.shares_prefix
        not_body = rules.not_in_body.pattern
        not_free = f"{not_body}|{rules.not_in_running_text.pattern}"
        # A name: a level word or a place name (青岚市, 云河区), then a body, then an organisation suffix, then
        # perhaps a bracketed second name (新闻出版广电总局(版权局)).
        self.name_form = re.compile(
            rf"(?:(?:{prefixes})|[\u4e00-\u9fff]{{2,5}}?(?:{places}))?"
            rf"(?:(?!{not_body})[\u4e00-\u9fff]){{0,18}}?(?:{suffix})(?:\([^()]{{1,12}}\))?")
        # In running text a name needs its prefix, a boundary before it and a role word after it, and its body
        # holds none of the words that join or govern names there (市财政局和市科技局要… is two names).
        char = rf"(?:(?!{not_free})[\u4e00-\u9fff])"
        followed = rf"(?={_alternation(rules.followed_by)}|[、,;:()\s。]|$)"
        # A verb that follows names (落实, 推进 …) is no part of one.
        self._holds_verb = re.compile(_alternation(w for w in rules.followed_by if len(w) > 1))
        self.free_name = re.compile(
            # (一是由城管办牵头, 二是各社区要…: an enumeration's 一是 opens a clause too.)
            rf"(?:(?<![^、,;:().\s由和及与同])|(?<=[一二三四五六七八九十]是))(?:(?:(?:{prefixes})|{char}{{2,5}}?(?:{places}))"
            rf"{char}{{0,18}}?(?:{suffix})(?:\([^()]{{1,12}}\))?|{rules.collective.pattern}"
            # A sub-district named alone is a body as well as a place (由丹凤街道牵头).
            rf"|{char}{{2,4}}?街道(?:办事处)?){followed}")
        # A town's office named without a level word (城管办, 规划分局, 依法治镇办) is a name in running text
        # only where it plainly acts: after 由 or opening a clause, right before 牵头, 负责 or 配合.
        bare = rf"{char}{{1,6}}?(?:{suffix})"
        acts = r"(?=牵头|负责(?!人|同志)|(?:加强|积极|密切|全力|主动)?(?:配合|协助|参与))"
        self.bare_actor = re.compile(rf"(?:(?<=由)|(?<=[,;:。\s(])|(?<=[一二三四五六七八九十]是)|^){bare}{acts}")
        # …and a list of such offices that opens a clause before its role word (住建局、发改局等其他相关单位加强配合).
        self.bare_list = re.compile(rf"(?:(?<=由)|(?<=[,;:。\s(])|^)(?P<list>{bare}(?:、{bare})+)"
                                    rf"(?:等[\u4e00-\u9fff]{{0,8}}?)?{acts}")
        self.label_re = re.compile(rf"^\s*(?P<label>{_alternation(self.label_roles)})\s*[:]\s*")
        self.verb_re = re.compile(rf"(?P<verb>{_alternation(self.verb_roles)})\s*$")
        self.not_a_member = rules.not_a_member
        self.slot_collective = rules.slot_collectives
        self.covers_above = rules.covers_above
        self.first_leads = rules.first_leads
        self.surnames = frozenset(rules.surnames)
        self.place_characters = frozenset(rules.place_characters)
        self.shared_suffixes = tuple(rules.shared_suffixes)
        self.bare_levels = frozenset(rules.bare_levels)
        self.town_name = rules.town_name
        self.posts = rules.posts
        self._suffix_end = re.compile(rf"(?:{suffix})(?:\([^()]{{1,12}}\))?$")
        # X会同Y / X协调Y: X leads, Y cooperates.
        self.convene = tuple(rules.convene)
        self._convene_re = re.compile(_alternation(self.convene))
        self.by = rules.by

    # -- lists and names ------------------------------------------------------------------------------------------
    def split(self, text: str, offset: int = 0) -> list[tuple[str, int, int]]:
        """Members of a slot list: (name, start, end), split on the separators outside brackets, each stripped of
        spaces and of list endings (等部门)."""
        members, depth, start = [], 0, 0
        for i, ch in enumerate(text + self.separators[0]):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif depth == 0 and (ch in self.separators or i == len(text)):
                s, e = start, i
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if i == len(text) and e > s and text[e - 1] in "。." and (
                        members or self.level_prefix(text[s:e - 1])):
                    e -= 1  # a list may close with a full stop (…,魏武国控集团。 / 区投资促进中心。), a task not (建成…中心。)
                name = text[s:e]
                for ending in self.list_endings:
                    if name.endswith(ending) and len(name) > len(ending):
                        name = name[: -len(ending)]
                        e = s + len(name)
                        break
                else:
                    closing = self.list_ending.search(name)
                    if closing and closing.start() > 1:
                        name = name[:closing.start()]
                        e = s + len(name)
                if name:
                    members.append((name, offset + s, offset + e))
                start = i + 1
        return members

    def is_collective(self, name: str) -> bool:
        """Whether ``name`` is a collective form (各县(市、区)人民政府, 市级各有关部门, 有关单位)."""
        return bool(self.collective.fullmatch(name))

    def is_unit_name(self, name: str) -> bool:
        """Whether ``name`` has the form of an organisation name (or a collective form): 县住建局, 市科委,
        新闻出版广电总局(版权局), 各县(区)科技局(科协), 市政府各部门, 各区县市."""
        if len(name) > 30:
            return False
        if self.is_collective(name):
            return True
        plain = _BRACKETED.sub("", name)  # 各镇(街道)人民政府(办事处) has the form of 各镇人民政府
        if self.is_collective(plain) or self.name_form.fullmatch(name) or self.name_form.fullmatch(plain):
            return True
        # X各Y: 各Y or 市政府各部门, where what follows 各 ends as a name or a collective does.
        head, _, rest = plain.partition("各")
        return bool(rest) and len(head) <= 8 and (
            bool(self.name_form.fullmatch(rest)) or self.is_collective("各" + rest))

    def is_person(self, name: str) -> bool:
        """Whether a slot member is a person (马娜, 徐 国江): two or three characters opening with a common surname
        and not ending as an organisation does."""
        plain = "".join(name.split())
        return 2 <= len(plain) <= 3 and plain[0] in self.surnames and not self._suffix_end.search(plain) \
            and not self.place_characters.intersection(plain[1:])

    def is_slot_member(self, name: str) -> bool:
        """Whether a member of a slot's list is a unit: inside a slot every member is one (分局, 各地, 有关部门,
        环卫处) unless it is clearly not: a person, a deadline, a verb phrase or a remark (rules ``not_a_member``)."""
        plain = "".join(name.split())
        if self.is_unit_name(plain):
            return not self.is_person(plain)
        return (2 <= len(plain) <= 24 and re.fullmatch(r"[\u4e00-\u9fff()、]+", plain) is not None
                and not self.not_a_member.search(plain) and not self.is_person(plain))

    def names_in_text(self, view: str) -> list[tuple[str, int, int]]:
        """Organisation names in running text that stand where an actor stands (after a boundary or 由, before
        a role word such as 要 / 牵头 / 会同): (name, start, end). Lexicon names are found elsewhere."""
        found = [(m.group(), m.start(), m.end()) for m in self.free_name.finditer(view)]
        taken = {s for _, s, _ in found}
        if "牵头" not in view and "负责" not in view and "配合" not in view:
            return found  # (most clauses: no bare office can act in them)
        found += [(m.group(), m.start(), m.end()) for m in self.bare_actor.finditer(view)
                  if m.start() not in taken and not self.not_a_member.search(m.group())]
        for match in self.bare_list.finditer(view):
            position = match.start("list")
            for name in match.group("list").split("、"):
                if position not in taken and not self.not_a_member.search(name):
                    found.append((name, position, position + len(name)))
                position += len(name) + 1
        return found

    def convened_names(self, view: str) -> list[tuple[str, int, int]]:
        """The units around 会同 in running text, with or without a level word (生态环境部会同工业和信息化部、
        商务部制定…): the list before 会同 back to a boundary, and the list after it, whose last member ends where
        the longest name ends (…商务部制定 → 商务部)."""
        found = []
        if not any(word in view for word in self.convene):
            return found
        for match in self._convene_re.finditer(view):
            head_start = max(view.rfind(ch, 0, match.start()) for ch in _CLAUSE_BOUNDARIES) + 1
            head = view[head_start:match.start()]
            if head.startswith(self.by):
                head_start, head = head_start + len(self.by), head[len(self.by):]
            head = head.removesuffix("要")
            pieces = self._pieces(head, head_start)
            if pieces and all(self.is_unit_name(name) for name, _, _ in pieces):
                found.extend(pieces)
            tail_end = min((i for i in (view.find(ch, match.end()) for ch in _CLAUSE_BOUNDARIES) if i != -1),
                           default=len(view))
            for name, s, e in self._pieces(view[match.end():tail_end], match.end()):
                if self.is_unit_name(name):
                    found.append((name, s, e))
                    continue
                # The list ends in the verb after its last name: the longest name the rest begins with.
                rest = view[s:tail_end]
                longest = next((k for k in range(min(len(rest), 30), 1, -1) if self.is_unit_name(rest[:k])
                                and not self._holds_verb.search(rest[:k])), 0)
                if longest:
                    found.append((rest[:longest], s, s + longest))
                break
        return found

    def level_of(self, name: str) -> str:
        """The level a name's prefix gives (国家 / 省 / 自治区 / 市 / 县 …), or "" when it has none."""
        prefix = self.level_prefix(name.removeprefix("各"))
        if prefix:
            return self.level_prefixes[prefix]
        return "国家" if name.startswith("国家") else ""

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
            elif depth == 0 and i > start and ch.isspace() and self.label_re.match(text, i):
                parts.append((text[start:i], offset + start))
                start = i
        parts.append((text[start:], offset + start))
        return [(p, o) for p, o in parts if p.strip()]

    def _pieces(self, text: str, offset: int) -> list[tuple[str, int, int]]:
        """The members of a list, where a separator inside a name (县住房和城乡建设局, 工业和信息化部) joins the
        pieces again: a piece that is no name followed by one that makes a name with it (各乡、镇人民政府), unless
        that one stands alone (各地、各部门); a piece with no suffix of its own before one ending in a shared suffix
        is one name too (甲垸、乙湖管理区)."""
        pieces = self.split(text, offset)
        joined: list[tuple[str, int, int]] = []
        for name, s, e in pieces:
            if joined:
                previous, ps, pe = joined[-1]
                whole = text[ps - offset:e - offset]
                alone = bool(self.slot_collective.match(name))
                # 各县 is a unit alone (各县要…), and the head of 各县、区人民政府.
                open_head = not self.is_unit_name(previous) or re.fullmatch(r"各[\u4e00-\u9fff]", previous)
                if len(previous) == 1 or len(name) == 1 or name in self.bare_levels or (not alone and open_head and (
                        self.is_unit_name(whole) or (
                            text[pe - offset:s - offset].strip() == "、" and name.endswith(self.shared_suffixes)
                            and len(previous) <= 5 and not self.level_prefix(previous)
                            and previous[-1] not in "省市县区州"
                            and not self.slot_collective.match(previous)
                            and not self.not_a_member.search(previous)))):
                    # A piece of one character is no name alone: 各县、市、区政府 is one collective.
                    joined[-1] = (whole, ps, e)
                    continue
            joined.append((name, s, e))
        return joined

    def _members(self, text: str, offset: int, known, prefix: str = "", trust: bool = False
                 ) -> list[tuple[str, int, int, bool]]:
        """Unit members of a list: (name, start, end, marked lead by (牵头)). A department written without the
        level word the list's earlier names carry (省发展改革委、交通运输厅) takes it: its name is 省交通运输厅,
        its offsets stay on what is written; ``prefix`` is the level word of the note or row the list is in.
        ``trust``: the list stands in a slot, where every member is a unit unless it is clearly not one."""
        found = []
        for name, s, e in self._pieces(text, offset):
            remark = re.search(r"\([^()]*\)$", name)
            if remark and remark.group() != self.lead_marker and self.not_a_member.search(remark.group()) \
                    and self.is_slot_member(name[:remark.start()]):
                # 市财政局(第一责任单位为牵头单位,下同): the remark is about the list, not part of the name.
                name = name[:remark.start()].rstrip()
                e = s + len(name)
            marked = False
            if name.endswith(self.lead_marker):
                name, marked = name[: -len(self.lead_marker)].rstrip(), True
                e = s + len(name)
            if name.startswith(self.by):
                name, s = name[len(self.by):], s + len(self.by)
            if self.is_unit_name(name) or known(name) or (trust and self.is_slot_member(name)):
                own = self.level_prefix(name)
                if own:
                    prefix = own
                elif prefix and not known(name) and self.shares_prefix.fullmatch(name):
                    name = prefix + name
                found.append((name, s, e, marked))
        return found

    def _first_prefix(self, text: str) -> str:
        """The level word of the first name in a note or row that carries one."""
        return next((p for name, _, _ in self.split(text) if (p := self.level_prefix(name.lstrip("由")))), "")

    def level_prefix(self, name: str) -> str:
        """The level word a name opens with (省, 市, 县, 自治区 …), or ""; 市场监管局 has none."""
        for prefix in self._prefixes_longest_first:
            if name.startswith(prefix) and not name.startswith(self.not_a_prefix):
                return prefix
        return ""

    def is_person_slot(self, part: str) -> bool:
        """A part of a note whose role word governs a person or a post, not a unit (由副区长赵晓岚牵头,
        牵头领导:李某): it names nobody the task is assigned to."""
        verb = self.verb_re.search(part.strip())
        body = part.strip()[:verb.start()] if verb else part
        body = body.strip().removeprefix(self.by)
        return bool(body) and (self.is_person(body) or bool(re.search(r"[长记任]|领导|同志", body))) \
            and not self.is_unit_name(body)

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
        for part, part_offset in self._parts(text, offset):
            read = len(parsed)
            if strict and self.is_person_slot(part):
                continue
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
                    label_kind = kind
                    content = part[label.end():]
                    verb = self.verb_re.search(content)
                    if verb and self.verb_roles[verb.group("verb")] == "shared":
                        content = content[:verb.start()]  # 责任单位:A、B按职责分工负责: the verb is no part of B
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
                body = part[: lead_space + verb.start()]
                pieces = self._pieces(body, 0)
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
                members = self._members(part, part_offset, known, prefix, trust=True)
                if members and len(self._pieces(part, 0)) == len(members):
                    parsed.append((members, label_kind, f"{self.id}.label"))
                    continue
            if bare_ok:
                members = self._members(part, part_offset, known, prefix)
                if members and len(self._pieces(part, 0)) == len(members):
                    parsed.append((members, "shared", f"{self.id}.bare"))
            if strict and len(parsed) == read:
                return None  # a sentence is a note only when every part of it is one
        return self._with_roles(parsed) if parsed else None

    def duty_line(self, view: str, known) -> list[SlotUnit]:
        """The unit a line of a list of duties opens with (职责分工为: / 区委宣传部:制订宣传工作方案…; 公安分局:负责…):
        it leads the line. The name before the colon must have the form of a unit (or be one the lexicon knows)."""
        match = re.match(r"\s*(?P<name>[\u4e00-\u9fff()]{2,20}?)\s*:", view)
        if match is None or self.label_re.match(view):
            return []
        name = match.group("name")
        if not (self.is_unit_name(name) or known(name)) or self.is_person(name):
            return []
        return [SlotUnit(name, match.start("name"), match.end("name"), "lead", f"{self.id}.duty", SCOPE_ITEM)]

    def sentence_note(self, view: str, known) -> list[SlotUnit]:
        """The units of a sentence that is nothing but a note (由副区长X牵头,区住建局、科技城管委会负责,区自然资源
        分局配合。): every part a role word after units or a person; it covers the item like a note in brackets."""
        text = view.rstrip(" 。;.")
        if not self.verb_re.search(text.split(",")[-1].strip()) and not self.label_re.match(text):
            return []
        start = 0
        opener = self.covers_above.match(text)
        if opener:
            # 以上工作由X负责,Y配合: the note after the words that say what it covers.
            start = opener.end()
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

    def column_kinds(self, cells: list[str]) -> dict[int, str]:
        """A table's header row → {cell index: lead / responsible / cooperate} for its unit columns (牵头单位,
        责任单位, 配合单位…); {} when the row names no such column."""
        return {i: self.label_roles[c] for i, c in enumerate(cells) if c in self.label_roles}

    def read_columns(self, cells: list[tuple[str, str, int]], known) -> list[SlotUnit]:
        """The units of one table row: ``cells`` are (column kind, cell text, offset) of its unit columns. A
        responsible column (责任单位) is lead, or cooperating where a 牵头 column names a unit. A unit column is a
        slot: every member is a unit unless it is clearly not one; members may stand apart by spaces alone."""
        prefix = self._first_prefix("、".join(text for _, text, _ in cells))
        parsed = [(members, kind, f"{self.id}.column") for kind, text, offset in cells
                  if (members := self._members(_spaced_list(text), offset, known, prefix, trust=True))]
        return self._with_roles(parsed)

    def is_unit_cell(self, text: str) -> bool:
        """Whether a table cell holds only units (one of them with the form of a name): a unit column's cell."""
        members = self._pieces(_spaced_list(text), 0)
        return bool(members) and all(self.is_slot_member(n) for n, _, _ in members) and any(
            self.is_unit_name("".join(n.split())) or self.town_name.fullmatch("".join(n.split()))
            for n, _, _ in members)

    def _with_roles(self, parsed) -> list[SlotUnit]:
        """Roles for parsed slot lists [(members, kind, rule id)]: 按职责分工负责 and 责任单位 lists lead unless
        a 牵头 is named in the same note or row; a list marked X(牵头)、Y leads with X alone."""
        lead_named = any(kind == "lead" or any(m[3] for m in members) for members, kind, _ in parsed)
        units = []
        for members, kind, rule_id in parsed:
            marked_list = any(m[3] for m in members)
            for name, s, e, marked in members:
                if marked:
                    role = "lead"
                elif marked_list:
                    role = "cooperate"
                elif kind in ("shared", "responsible"):
                    role = "cooperate" if lead_named else "lead"
                else:
                    role = kind
                units.append(SlotUnit(name, s, e, role, rule_id, SCOPE_ITEM,
                                      shared=kind in ("shared", "responsible") and not marked_list))
        return units

    def is_unit_list(self, view: str) -> bool:
        """Whether a line is nothing but a list of names with the form of units (市财政局、各区人民政府)."""
        line = view.strip().rstrip("。;.")
        pieces = self._pieces(line, 0) if line and len(line) <= 80 else []
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
            units = self.read_note(view[start + 1:i], start + 1, known, bare_ok=trailing)
            if units:
                scope = SCOPE_ITEM if trailing else SCOPE_CLAUSE
                found.extend(dataclasses.replace(u, scope=scope) for u in units)
        return found
