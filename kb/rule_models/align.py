"""rules/align.yml: which document carries which down, how a parent's tasks are lined up with a child's clauses
and how their targets compare (kb.align)."""
from __future__ import annotations

from pydantic import Field, model_validator

from .base import Part, Pattern, Rule, Words


class CitationCue(Rule):
    """Words ending the text before a citation that make the cited document one this document carries down:
    ``before`` is matched against the clause's text up to the citation (anchored at its end); ``anywhere``: in any
    clause, else only in the preamble (clauses before the first numbered part)."""
    before: Pattern
    anywhere: bool = False


class Replacement(Part):
    """One localising step: every match of ``pattern`` becomes ``replace``."""
    pattern: Pattern
    replace: str


class AlignmentRule(Rule):
    """The lexical alignment: ``threshold`` (0..1) and ``relative`` (share of the parent task's best score) a
    link needs; ``placeholder_weight`` of a bigram holding the ``placeholder``; the bonuses for a shared
    indicator, a counterpart unit and alike section headings (``section_alike``: the headings' cosine), given
    only from a cosine of ``bonus_from``;
    ``min_chars`` of a task; the ``localise`` steps and the ``jurisdiction_endings`` of short place names."""
    threshold: float = Field(ge=0, le=1)
    relative: float = Field(ge=0, le=1)
    placeholder_weight: float = Field(ge=0)
    indicator_bonus: float = Field(ge=0, le=1)
    unit_bonus: float = Field(ge=0, le=1)
    section_bonus: float = Field(ge=0, le=1)
    section_alike: float = Field(ge=0, le=1)
    bonus_from: float = Field(ge=0, le=1)
    containment_weight: float = Field(ge=0, le=1)
    citation_bonus: float = Field(ge=0, le=1)
    gap_threshold: float = Field(ge=0, le=1)
    min_chars: int = Field(ge=1)
    not_tasks: list[Pattern] = []
    not_task_columns: Words = ()
    placeholder: str = Field(min_length=1, max_length=1)
    localise: list[Replacement]
    jurisdiction_endings: Words


class TargetsRule(Rule):
    """Target comparison: wordings holding one of ``lower_is_better`` are not compared by their figures; a total
    (a unit not in ``intensive_units``, a wording holding none of ``intensive_words``) is compared only between
    documents of one jurisdiction."""
    lower_is_better: Words
    intensive_units: Words
    intensive_words: Words


class CounterpartRule(Rule):
    """How a parent's unit is named at the child's level (kb.align.counterparts): ``pattern`` fullmatches the name
    the parent prints (else its KB name), for a parent document of one of the ``parent`` levels and a child of one
    of the ``child`` levels (documents.level; empty: any). ``to`` is the name as the child's text would print it
    ({level}: the child's level word, {short}: its jurisdiction's short form, and the pattern's named groups);
    ``find`` instead fullmatches the id of a unit of the child's jurisdiction the KB holds. Exactly one of them."""
    pattern: Pattern
    parent: Words = []
    child: Words = []
    to: str | None = None
    find: Pattern | None = None

    @model_validator(mode="after")
    def _one_way(self):
        if (self.to is None) == (self.find is None):
            raise ValueError("give exactly one of `to` and `find`")
        if self.to is not None:
            try:
                self.to.format(level="", short="", **{g: "" for g in self.pattern.groupindex})
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(f"`to` may use {{level}}, {{short}} and the pattern's named groups ({exc})") from None
        return self


class CounterpartsRule(Part):
    """The parent's units carried down: ``same`` (a parent of the child's own tier and jurisdiction: its units as
    they are) and the ``rules`` tried in order."""
    same: Rule
    rules: list[CounterpartRule] = Field(min_length=1)


class AlignFile(Part):
    """The whole of rules/align.yml."""
    citation_cues: list[CitationCue] = Field(min_length=1)
    forwards: Rule
    parent_id: Rule
    sidecar: Rule
    alignment: AlignmentRule
    targets: TargetsRule
    counterparts: CounterpartsRule
