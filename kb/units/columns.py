"""The unit columns of a table's rows (kb.units.grammar.UnitGrammar reads them with these methods): which header
cells name unit columns, and the units a row's cells hold, a list whose members may stand apart by spaces alone.
The methods use the slot grammar's own (label_roles, read_note, _members …): ColumnSlots is a part of UnitGrammar,
not a class of its own."""
from __future__ import annotations

import re

# A question mark where a page lost a space (未来科技城(海创园)? | 沈 ?昱): no part of a name.
_LOST_SPACE = re.compile(r"(?<=[\u4e00-\u9fff)])\?(?=\s|$)|(?<=\s)\?(?=[\u4e00-\u9fff])")
_SPACE_IN_LIST = re.compile(r"(?<=[\u4e00-\u9fff)]{2})[ \t\n]+(?=[\u4e00-\u9fff(]{2})")
_WORD_BEFORE = re.compile(r"[^\s、,;，；]+$")


class ColumnSlots:
    """Table columns as slots: the part of the slot grammar that reads a table's header and its rows' unit cells."""

    def column_kinds(self, cells: list[str]) -> dict[int, str]:
        """A table's header row → {cell index: lead / responsible / cooperate} for its unit columns (牵头单位,
        责任单位, 配合单位…); {} when the row names no such column."""
        return {i: self.label_roles[c] for i, c in enumerate(cells) if c in self.label_roles}

    def read_columns(self, cells: list[tuple[str, str, int]], known) -> list:
        """The units of one table row: ``cells`` are (column kind, cell text, offset) of its unit columns. A
        responsible column (责任单位) is lead, or cooperating where a 牵头 column names a unit. A unit column is a
        slot: every member is a unit unless it is clearly not one; members may stand apart by spaces alone. A cell
        that is a note (X牵头,Y配合) gives the roles it states."""
        prefix = self._first_prefix("、".join(text for _, text, _ in cells))
        # A cell that is a note (办公室牵头,各科室配合; 牵头单位:X;配合单位:Y) gives its own roles.
        notes = [(self.read_note(text, offset, known, strict=True)
                  if self.verb_re.search(text) or self.label_re.match(text.strip()) else None)
                 for _, text, offset in cells]
        parsed = [(members, kind, f"{self.id}.column") for (kind, text, offset), note in zip(cells, notes)
                  if not note and (members := self._members(self._spaced_list(text), offset, known, prefix, trust=True))]
        return self._with_roles(parsed) + [unit for note in notes if note for unit in note]

    def _spaced_list(self, text: str) -> str:
        """A cell's list whose members stand apart by spaces (安监站 安监所) as a 、 list, offsets kept. A space after
        words that end no name (俞 悦, 分管 领导, 节能与综合 利用司) is a gap in the name, not between names."""
        def parted(m: re.Match) -> str:
            word = _WORD_BEFORE.search(text, 0, m.start())
            word = word.group() if word else ""
            ends = self._suffix_end.search(word) or self.slot_collective.fullmatch(word) \
                or self.town_name.fullmatch(word)
            return "、" * len(m.group()) if ends else m.group()
        text = _LOST_SPACE.sub(" ", text)
        return _SPACE_IN_LIST.sub(parted, text)

    def is_unit_cell(self, text: str) -> bool:
        """Whether a table cell holds only units (one of them with the form of a name), and perhaps the persons who
        head them: a unit column's cell."""
        # (A cell may name the unit's head beside it, 市民政局 伍泽国: the person is no member, and no bar.)
        members = [m for m in self.pieces(self._spaced_list(text), 0) if not self.is_person("".join(m[0].split()))]
        # (区农业农村委*: a mark that makes a member the lead is no part of its name.)
        members = [self.unmarked(n, s)[:3] for n, s, e in members]
        named = [bool(self.is_unit_name("".join(n.split())) or self.town_name.fullmatch("".join(n.split())))
                 for n, _, _ in members]
        # A cell closed by 。 is a sentence (推进县文化馆、图书馆总分馆制建设。, a task's cell) unless every member has
        # a name's form (区发改委、区财政局。).
        sentence = text.rstrip().endswith("。") and not all(named)
        return bool(members) and not sentence and all(self.is_slot_member(n) for n, _, _ in members) and any(named)
