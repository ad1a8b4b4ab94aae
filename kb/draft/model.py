"""A unit's draft 实施方案 as plain data: its title, its 编制依据, its tasks grouped by the plan's parts, and apart
from them the items that only mention the unit (each with the reason it is listed). The reader (kb.draft.reader)
makes one from the KB; the writers (kb.draft.word, .sheet, .markdown) print it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..tasks import PENDING_NOTES, is_guess


@dataclass
class Task:
    """One task of a draft: a whole task item of the plan (its clauses as one text) and what the KB has on it."""
    number: int  # 序号, numbered through the whole draft
    clause_id: str  # the item's first clause
    clause_text: str  # 重点任务
    measures: str  # 具体措施: always "", staff fill it
    lead_units: list[str]  # 牵头单位: named (or inherited) leads only
    cooperating_units: list[str]  # 配合单位
    candidate_units: list[str]  # 可能相关单位（待确认）: guesses, each with the word of the clause it is read from
    deadline: str  # 完成时限, e.g. "2020年底前", or "" when unknown
    indicators: list[str]  # 相关指标: the labels of the targets the item sets or delivers (kb.target_text)
    role: str  # lead / cooperate / addressee / mentioned / parent / inferred (the last two guesses), kb.tasks.role_shown
    basis: str  # explicit / inherited / parent / inferred
    reason: str  # why the unit is tagged (clause_units.reason)
    title: str = ""  # the item's own title (a run-in title such as 培育知识产权密集型产业), "" when it has none
    themes: list[str] = field(default_factory=list)  # the item's thematic areas (专利, 保护 …): a column, not a group

    @property
    def pending(self) -> bool:
        """A guessed task (carried down from the parent document, or from the unit's competences) that staff must
        confirm (待确认)."""
        return is_guess(self.basis)

    @property
    def pending_note(self) -> str:
        """The note a guessed task carries in its own column (备注): 待确认 and why, or "" for a named task."""
        return PENDING_NOTES[self.basis] if self.pending else ""

    @property
    def heading_and_text(self) -> str:
        """The item's title and text as one: 培育知识产权密集型产业。实施… (the text alone when it has no title or
        already starts with it)."""
        return f"{self.title}。{self.clause_text}" if self.title and not self.clause_text.startswith(self.title) \
            else self.clause_text


@dataclass
class AreaGroup:
    """The tasks of a draft that stand in one part of the plan (a structural area), or under 其他."""
    area_id: str  # areas.id, or kb.tasks.OTHER_AREA_ID
    area_name: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Mention:
    """An item of the plan that names the unit without asking it to lead or cooperate (提及, 主送): listed apart from
    the tasks, with the reason it is listed at all."""
    number: int  # numbered through the draft's mentions
    clause_id: str  # the item's first clause
    text: str  # the item's title and text (Task.heading_and_text)
    area_name: str  # the plan's part it stands in
    reason: str  # 仅提及：条文点名“…”，未要求其牵头或配合 (and a guess from the unit's competences, if any)


@dataclass
class Draft:
    """A unit's draft 实施方案 of one plan."""
    unit: str  # units.id of the drafting unit
    title: str
    document_id: str  # the plan drafted from
    document_title: str
    basis: list[str]  # 编制依据, one document a line
    groups: list[AreaGroup]  # in the plan's order
    generated_from: str  # the note saying which KB made it and that it must be checked
    mentions: list[Mention] = field(default_factory=list)  # items that only name the unit, in the plan's order

    @property
    def tasks(self) -> list[Task]:
        """Every task of the draft, in its order (group by group)."""
        return [task for group in self.groups for task in group.tasks]
