"""The drafts' rules (rules/drafts.yml, typed by kb.rule_models.drafts): which parts of a plan are its preamble
and which cited documents are no authority for it. A draft is made from a KB (the site, ``kb draft``), which
records the rules it was built with in its ``rules`` table: they are read from there, not from a rules directory
(an installed kb has none)."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ..rule_models.drafts import NOT_AUTHORITY_RULE, PREAMBLE_RULE

NO_MATCH = re.compile(r"(?!)")
# The rule of a cited 《title》 (rules/citations.yml).
CITED_TITLE_RULE = "citation.title"


@dataclass(frozen=True)
class DraftRules:
    """``preamble``: fullmatches a top-level heading of the plan's preamble, whose citations are the plan's authority
    (编制依据) and whose items are no task;
    ``not_authority``: fullmatches a documents.kind that is no authority (a treaty, a standard, a yearbook);
    ``cited_title``: a cited 《title》 (rules/citations.yml), whose years are no deadline."""
    preamble: re.Pattern
    not_authority: re.Pattern
    cited_title: re.Pattern = NO_MATCH


def draft_rules_of(conn: sqlite3.Connection) -> DraftRules:
    """The drafts' rules the KB was built with (its ``rules`` rows of drafts.yml and the cited-title rule); a KB
    built without them gets patterns that match nothing (no preamble part, every cited kind an authority)."""
    rules = (PREAMBLE_RULE, NOT_AUTHORITY_RULE, CITED_TITLE_RULE)
    patterns = dict(conn.execute("select id, pattern from rules where id in (?, ?, ?)", rules))
    return DraftRules(*(re.compile(patterns[rule]) if patterns.get(rule) else NO_MATCH for rule in rules))
