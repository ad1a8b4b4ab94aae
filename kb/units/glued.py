"""Role words glued after other labels of a line (河长:某某 省政府副省长协助:省水利厅): lists of names whose label
(协助:, 配合:) is a role word only with its colon, on a line of labels of other fields. Their words are
rules/units.yml's ``grammar.glued_labels``."""
from __future__ import annotations

import dataclasses
import re

from .grammar import SlotUnit, UnitGrammar
from .names import alternation

# A line of labels and their values (河长:某某 …): it opens with a short label and its colon.
_OTHER_LABEL_FIRST = re.compile(r"\s*[\u4e00-\u9fff]{1,6}\s*:")


class GluedLabels:
    """Reads the glued role words of ``grammar``'s rules (``glued_labels``: word → lead / cooperate)."""

    def __init__(self, grammar: UnitGrammar):
        self.grammar = grammar
        self.roles = grammar.glued_labels
        self._label = re.compile(rf"(?P<label>{alternation(self.roles)})\s*:\s*(?=\S)") if self.roles else None

    def units(self, view: str, known, taken: list[SlotUnit]) -> list[SlotUnit]:
        """The units of a role word with its colon glued after other labels of the line ``view``: on a line that
        opens with a label of another field, a glued label further on, in no bracket, after no full stop; the list
        after it, in the label's role. [] where the clause has notes of its own (``taken``)."""
        if self._label is None or taken or not _OTHER_LABEL_FIRST.match(view):
            return []
        glued = self._label.search(view, 1)
        if not glued or "。" in view[:glued.start()] or self.grammar.note_bracket.search(view, 0, glued.start()):
            return []
        units = self.grammar.read_note(view[glued.end():], glued.end(), known, bare_ok=True) or []
        return [dataclasses.replace(unit, role=self.roles[glued.group("label")]) for unit in units]
