"""rules/citations.yml: citations of other documents, by 《title》 and by 文号 (kb.links, kb.doc_numbers)."""
from __future__ import annotations

from .base import Part, Rule, Words, pattern_with


class IssuerFacts(Part):
    """What an issuer code of a 文号 (国办发) stands for: the issuer, its level and jurisdiction, and the id prefix
    ``kb add`` gives a document of that code; a fact left out is not guessed."""
    issuer: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    id_prefix: str | None = None


class CitedTitle(Rule):
    """A title cited in 《》: group ``title`` is the title without its brackets."""
    pattern: pattern_with("title")


class NumberRule(Rule):
    """A 文号 (国办发〔2014〕64号; GB/T 9704-2012, 7.2.5: the issuer code, the year in 〔〕, the sequence and 号):
    ``pattern`` its bracketed year and sequence (groups ``year``, ``seq``), other brackets allowed as pages print
    them; the issuer code before it is a known one, or a run ending in one of ``generic_endings`` less leading
    ``not_in_codes``."""
    pattern: pattern_with("year", "seq")
    issuer_codes: dict[str, IssuerFacts | None] = {}
    generic_endings: Words
    not_in_codes: Words


class CitationsFile(Part):
    """The whole of rules/citations.yml. ``title`` is the one pattern of a cited 《title》 (group ``title``),
    for every module that reads one."""
    title: CitedTitle
    number: NumberRule
    title_with_number: Rule
