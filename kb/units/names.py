"""The forms of organisation names in Chinese official documents, and the lists that hold them.

A name is an optional level or place prefix, a body and an organisation suffix (县住建局, 市科委,
新闻出版广电总局(版权局)), or a collective form (各县(市、区)人民政府, 有关单位). A list splits on 、,;及和与 outside
brackets; a separator inside a name (工业和信息化部) joins its pieces again. Everything works on the parsing view
(kb.normalize); the words come from the ``grammar`` section of rules/units.yml. kb.units.grammar reads the slots
that hold such lists.
"""
from __future__ import annotations

import re

from ..rule_models.units import UnitGrammarRules

_BRACKETED = re.compile(r"\([^()]*\)")
_CLAUSE_BOUNDARIES = ",;:。!?(.\n"


# The longest slot member read as names run together (区发改局区统计局区税务局): four or five names.
_GLUED_MAX = 48


# The words closing a list after 等…部门和 (…等各有关部门和单位): a second word for the rest, then the list's end.
_REST_OF_LIST = re.compile(r"(?:部门|单位|机构)(?=$|[、,，;；。)）\s])")


def alternation(words) -> str:
    """A regex alternation of ``words``, escaped, longest first (so 人民政府 wins over 政府)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class NameForms:
    """The forms of organisation names by rules/units.yml's ``grammar`` section (``rules``) and the level words of
    its ``level_prefixes`` (level word → level): what has the form of a name, in a slot or in running text, and
    how a list of names splits."""

    def __init__(self, rules: UnitGrammarRules, level_prefixes: dict[str, str]):
        """Raises re.error where the grammar's patterns compile alone but not composed into the name patterns."""
        self.id = rules.id
        self.separators = rules.separators
        self.list_endings = sorted(rules.list_endings, key=len, reverse=True)
        self.list_ending = rules.list_ending
        self.suffixes = rules.suffixes
        self.lead_marker = rules.lead_marker  # X(牵头)、Y
        self.lead_marks_before = tuple(rules.lead_marks_before)  # ★X、Y
        self.lead_marks_after = (rules.lead_marker, *rules.lead_marks_after)  # X(牵头)、Y; X*、Y
        self._prefixes_longest_first = sorted(level_prefixes, key=len, reverse=True)
        self.not_a_prefix = tuple(rules.not_a_prefix)
        self.level_prefixes = level_prefixes
        self.places = rules.place_suffixes
        self.short_place_name = rules.short_place_name
        suffix = alternation(self.suffixes)
        places = alternation(self.places)
        # (局综合科, 局办公室: a bureau's own sections, named in its own plan by 局 for the bureau.)
        prefixes = alternation(list(level_prefixes) + ["国家", "局"])
        self.collective = rules.collective
        self.shares_prefix = rules.shares_prefix
        not_body = rules.not_in_body.pattern
        self._not_body = re.compile(not_body)
        not_free = f"{not_body}|{rules.not_in_running_text.pattern}"
        # A name: a level word or a place name (青岚市, 云河区), then a body, then an organisation suffix, then
        # perhaps a bracketed second name (新闻出版广电总局(版权局)).
        self.name_form = re.compile(
            rf"(?:(?:{prefixes})|[\u4e00-\u9fff]{{2,5}}?(?:{places}))?"
            rf"(?:(?!{not_body})[\u4e00-\u9fff]){{0,18}}?(?:{suffix})(?:\([^()]{{1,12}}\))?")
        # In running text a name needs its prefix, a boundary before it and a role word after it, and its body
        # holds none of the words that join or govern names there (市财政局和市科技局要… is two names).
        char = rf"(?:(?!{not_free})[\u4e00-\u9fff])"
        followed = rf"(?={alternation(rules.followed_by)}|[、,;:()\s。]|$)"
        # A verb that follows names (落实, 推进 …) is no part of one.
        self._holds_verb = re.compile(alternation(w for w in rules.followed_by if len(w) > 1))
        self.free_name = re.compile(
            # (一是由城管办牵头, 二是各社区要…: an enumeration's 一是 opens a clause too, and so does a time
            # with no comma after it: 10月份住建局将会同…, 年底前市财政局完成….)
            rf"(?:(?<![^、,;:().\s由和及与同])|(?<=[一二三四五六七八九十]是)|(?<=月份)|(?<=日前)|(?<=底前)|(?<=今年)"
            rf"|(?<=明年))(?:(?:(?:{prefixes})|{char}{{2,5}}?(?:{places}))"
            rf"{char}{{0,18}}?(?:{suffix})(?:\([^()]{{1,12}}\))?|{rules.collective.pattern}"
            # A sub-district named alone is a body as well as a place (由丹凤街道牵头).
            rf"|{char}{{2,4}}?街道(?:办事处)?){followed}")
        self._bare_offices(char, suffix)
        self.not_a_member = rules.not_a_member
        self.slot_collective = rules.slot_collectives
        self.surnames = frozenset(rules.surnames)
        self.place_characters = frozenset(rules.place_characters)
        self.shared_suffixes = tuple(rules.shared_suffixes)
        self.bare_levels = frozenset(rules.bare_levels)
        self.level_bodies = tuple(rules.level_bodies)
        self.bare_bodies = frozenset(rules.bare_bodies)
        self.party_committees = tuple(rules.party_committees)
        self.party_governments = frozenset(rules.party_governments)
        self.town_name = rules.town_name
        self.item_number = rules.item_number
        self.modal = rules.modal
        self.posts = rules.posts
        self._post_after, self._post_end = rules.post_titles, re.compile(f"(?:{rules.post_titles.pattern})$")
        self._suffix_end = re.compile(rf"(?:{suffix})(?:\([^()]{{1,12}}\))?$")
        # X会同Y / X协调Y: X leads, Y cooperates.
        self.convene = tuple(rules.convene)
        self._convene_re = re.compile(alternation(self.convene))
        self.by = rules.by
        self._by_opening = re.compile(rf"(?:{alternation(rules.by_adverbs)})?{re.escape(rules.by)}")
        self.requests = rules.requests

    def _bare_offices(self, char: str, suffix: str) -> None:
        """The patterns of offices named without a level word in running text (``char`` a character a name may
        hold there, ``suffix`` the organisation suffixes): ``bare_actor``, ``bare_list`` and ``bare_agent``."""
        # A town's office named without a level word (城管办, 规划分局, 依法治镇办) is a name in running text
        # only where it plainly acts: after 由 or opening a clause, right before 牵头, 负责 or 配合.
        bare = rf"{char}{{1,6}}?(?:{suffix})"
        # (A list of duties sets its subject off with a comma: 交通部门,负责通村公路建设.)
        acts = r"(?=牵头|(?:[,，]\s*)?负责(?!人|同志)|(?:加强|积极|密切|全力|主动)?(?:配合|协助|参与))"
        numbered = r"(?<=^[一二三四五六七八九十]、)|(?<=^[一二三四五六七八九十]{2}、)"  # (二、卫生部门负责…)
        self.bare_actor = re.compile(rf"(?:(?<=由)|(?<=[,;:。\s(])|(?<=[一二三四五六七八九十]是)|{numbered}|(?<=^\d\.)"
                                     rf"|(?<=^\d\d\.)|(?<=^\d、)|^){bare}{acts}")
        # …and a list of such offices that opens a clause before its role word (住建局、发改局等其他相关单位加强配合).
        # (政府督查室、监察局要跟踪问效: a list opening its clause acts before 要 as a long name alone does.)
        self.bare_list = re.compile(rf"(?:(?<=由)|(?<=[,;:。\s(])|^)(?P<list>{bare}(?:、{bare})+)"
                                    rf"(?:等[\u4e00-\u9fff]{{0,8}}?)?(?:{acts}|(?=要|做好|抓好))")
        # …and one of three characters or more that plainly acts otherwise: after 由 before any verb (由综治办成立督查组),
        # or opening a clause, or an item after its number, before 要, 做好 or 抓好 (3.乡村振兴办公室做好组织协调工作).
        long_bare = rf"(?=[\u4e00-\u9fff]{{3}}){bare}"
        self.bare_agent = re.compile(
            rf"(?:(?<=由)(?!于){long_bare}(?=[\u4e00-\u9fff])|(?:(?<=[,;:。\s(])|(?<=[一二三四五六七八九十]是)|(?<=^\d\.)"
            rf"|(?<=^\d\d\.)|(?<=^\d、)|{numbered}|^){long_bare}(?=要|做好|抓好|将(?![^,，;；。]{{0,12}}(?:列入|纳入|作为))))")

    def in_post(self, view: str, start: int, end: int) -> bool:
        """Whether the name at view[start:end] is part of a person's post (省政府副省长, 省委常委): a post title
        right after it, or closing it."""
        return bool(self._post_after.match(view, end) or self._post_end.search(view, start, end))

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
                if ch in "和及与" and "等" in text[start:i] and _REST_OF_LIST.match(text, i + 1):
                    continue  # 省政务办等各有关部门和单位: the words for the rest of the list, no member
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
        if "、" in plain:
            # 甲垸、乙湖管理区 and 甲市、乙市人民政府: bare names sharing the last one's suffix.
            *bare, last = plain.split("、")
            if last.endswith(self.shared_suffixes) and self.name_form.fullmatch(last) and all(
                    self._shares_suffix(piece, "、", self._government(last)) for piece in bare):
                return True
        # X各Y: 各Y or 市政府各部门, where what follows 各 ends as a name or a collective does.
        head, _, rest = plain.partition("各")
        # (省建设厅要求各市建设局 is a sentence: what precedes 各 is a body's name, not a verb's subject.)
        return bool(rest) and len(head) <= 8 and not self._not_body.search(head) and (
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
        found += [(m.group(), m.start(), m.end()) for m in self.bare_agent.finditer(view)
                  if m.start() not in taken and not self.not_a_member.search(m.group())]
        taken = {s for _, s, _ in found}
        roles = "牵头" in view or "负责" in view or "配合" in view
        if not roles and ("、" not in view or not any(w in view for w in ("要", "做好", "抓好"))):
            return found  # (most clauses: no bare office can act in them)
        if roles:
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
            # ((二)各区县发展改革部门要会同…: the item's number before the list is no part of its first name.)
            number = self.item_number.match(head)
            if number:
                head_start, head = head_start + number.end(), head[number.end():]
            told = [m.end() for m in self.requests.finditer(head)]
            if told:
                # (省建设厅要求各市建设局会同…: the body told to act convenes, not the one that tells it.)
                head_start, head = head_start + told[-1], head[told[-1]:]
            if self.by in head:
                # (各专项计划由省发展改革委会同…: the words before 由 are the task, not the units.)
                cut = head.rindex(self.by) + len(self.by)
                head_start, head = head_start + cut, head[cut:]
            head = self.modal.sub("", head)
            pieces = self.pieces(head, head_start)
            # (9.加强内部协调工作: a verb opens the words before 协调, which name no unit.)
            if pieces and all(self.is_unit_name(name) and not self._holds_verb.match(name) for name, _, _ in pieces):
                found.extend(pieces)
            tail_end = min((i for i in (view.find(ch, match.end()) for ch in _CLAUSE_BOUNDARIES) if i != -1),
                           default=len(view))
            for name, s, e in self.pieces(view[match.end():tail_end], match.end()):
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

    def pieces(self, text: str, offset: int) -> list[tuple[str, int, int]]:
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
                shared = name.endswith(self.shared_suffixes)
                if len(previous) == 1 or len(name) == 1 or name in self.bare_levels or name in self.bare_bodies or (
                        name in self.party_governments and previous.endswith(self.party_committees)) or \
                        self._level_body_after_collective(
                        previous, name) or (not alone and open_head and (
                        self.is_unit_name("".join(whole.split())) or (shared and self._shares_suffix(
                            previous, text[pe - offset:s - offset], self._government(name))))):
                    # A piece of one character is no name alone: 各县、市、区政府 is one collective.
                    joined[-1] = (whole, ps, e)
                    # (甲、乙、丙市政府: every bare place before the shared suffix is part of the one name.)
                    while shared and len(joined) > 1 and not self.is_unit_name(joined[-2][0]) and self._shares_suffix(
                            joined[-2][0], text[joined[-2][2] - offset:joined[-1][1] - offset], self._government(name)):
                        joined[-2:] = [(text[joined[-2][1] - offset:e - offset], joined[-2][1], e)]
                    continue
            joined.append((name, s, e))
        return joined

    def _shares_suffix(self, previous: str, separator: str, government: bool = False) -> bool:
        """Whether a piece (甲垸, 黑河) is a bare name that shares the suffix of the name after it, across
        ``separator`` (甲垸、乙湖管理区 is one body of each kind). A place with its suffix (甲市) shares only a
        government (甲市、乙市人民政府: the governments of both)."""
        # (赣州、龙南经济技术开发区管委会: a city's short name, 州 in it, is a bare name.)
        suffixed = previous.endswith(tuple(self.places)) and not self.short_place_name.fullmatch(previous)
        return separator.strip() == "、" and len(previous) <= 5 and not self.level_prefix(previous) \
            and (government or not suffixed) and not self.slot_collective.match(previous) \
            and not self.not_a_member.search(previous)

    def _government(self, name: str) -> bool:
        """Whether a name is a place's government (乙市人民政府): a place, then 人民政府 or 政府."""
        return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,8}[市县区州旗盟](?:人民)?政府", name))

    def _level_body_after_collective(self, previous: str, name: str) -> bool:
        """Whether ``name`` is a level's body with no place (街道办事处) after a collective (各乡镇人民政府): one
        collective with it."""
        body = next((name[:-len(s)] for s in self.level_bodies if name.endswith(s)), None)
        return body in self.bare_levels and previous.startswith("各")

    def unmarked(self, name: str, start: int = 0) -> tuple[str, int, int, bool]:
        """(name, start, end, marked): a member at ``start`` without the mark that makes it its list's lead (★X, X*,
        X(牵头)); the mark and any space beside it are no part of the name."""
        marked = False
        if self.lead_marks_before and name.startswith(self.lead_marks_before):
            stripped = name[1:].lstrip()
            name, start, marked = stripped, start + len(name) - len(stripped), True
        mark = next((m for m in self.lead_marks_after if name.endswith(m)), None)
        if mark:
            name, marked = name[: -len(mark)].rstrip(), True
        return name, start, start + len(name), marked

    def _members(self, text: str, offset: int, known, prefix: str = "", trust: bool = False
                 ) -> list[tuple[str, int, int, bool]]:
        """Unit members of a list: (name, start, end, marked lead by (牵头)). A department written without the
        level word the list's earlier names carry (省发展改革委、交通运输厅) takes it: its name is 省交通运输厅,
        its offsets stay on what is written; ``prefix`` is the level word of the note or row the list is in.
        ``trust``: the list stands in a slot, where every member is a unit unless it is clearly not one."""
        found = []
        pieces = self.pieces(text, offset)
        if trust:
            pieces = [part for piece in pieces for part in self._unglued(*piece)]
        for name, s, e in pieces:
            remark = re.search(r"\([^()]*\)$", name)
            if remark and remark.group() != self.lead_marker and self.not_a_member.search(remark.group()) \
                    and self.is_slot_member(name[:remark.start()]):
                # 市财政局(第一责任单位为牵头单位,下同): the remark is about the list, not part of the name.
                name = name[:remark.start()].rstrip()
                e = s + len(name)
            name, s, e, marked = self.unmarked(name, s)  # ★区发改委, 区农业农村委*
            by = self._by_opening.match(name)
            if by:
                name, s = name[by.end():], s + by.end()
            if self.is_unit_name(name) or known(name) or (trust and self.is_slot_member(name)):
                own = self.level_prefix(name)
                if own:
                    prefix = own
                elif prefix and not known(name) and self.shares_prefix.fullmatch(name):
                    name = prefix + name
                found.append((name, s, e, marked))
        return found

    def _unglued(self, name: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """A slot's member that runs names together with nothing between them (区发改局区统计局, where a table's
        cell lost its line breaks): each name, where every part is a unit name opening with its level word; else
        the member as it is. (Only a member a cell could hold: a longer one is no run of names.)"""
        if len(name) > _GLUED_MAX:
            return [(name, start, end)]
        for at in range(2, len(name) - 2):
            head, rest = name[:at], name[at:]
            if self.level_prefix(rest) and self.level_prefix(head) and self.is_unit_name(head) \
                    and self._suffix_end.search(head):
                tail = self._unglued(rest, start + at, end)
                if all(self.is_unit_name(part) for part, _, _ in tail):
                    return [(head, start, start + at)] + tail
        return [(name, start, end)]

    def _first_prefix(self, text: str) -> str:
        """The level word of the first name in a note or row that carries one."""
        return next((p for name, _, _ in self.split(text) if (p := self.level_prefix(name.lstrip("由")))), "")

    def level_prefix(self, name: str) -> str:
        """The level word a name opens with (省, 市, 县, 自治区 …), or ""; 市场监管局 has none."""
        for prefix in self._prefixes_longest_first:
            if name.startswith(prefix) and not name.startswith(self.not_a_prefix):
                return prefix
        return ""
