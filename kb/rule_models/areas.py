"""rules/areas.yml: the action areas, structural (a document's own parts) and thematic (a two-level taxonomy
of keywords)."""
from __future__ import annotations

from .base import Part, Rule, Words


class ContextRule(Rule):
    """The words that make a weak keyword count where the item or the document's title holds one."""
    words: Words


class ThematicArea(Part):
    """A thematic area: its ``keywords``; the ``weak`` ones count only in context; none counts inside one of the
    ``not_in`` phrases (版权 in 版权声明)."""
    id: str
    name: str
    keywords: Words = []
    weak: Words = []
    not_in: Words = []


class AreaGroup(Part):
    """A group of thematic areas; with ``needs_context`` every keyword of its children is weak."""
    id: str
    name: str
    needs_context: bool = False
    children: list[ThematicArea]


class AreasFile(Part):
    """The whole of rules/areas.yml."""
    context: ContextRule
    structural: Rule
    thematic: list[AreaGroup]
