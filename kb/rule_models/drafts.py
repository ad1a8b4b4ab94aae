"""rules/drafts.yml: what a unit's draft 实施方案 takes from its plan (kb.draft). Loaded with the other rules files
and recorded in the KB's ``rules`` table (kind ``draft``), so a draft, made from a KB by ``kb draft`` or the site,
reads the rules the KB was built with."""
from __future__ import annotations

import re

from pydantic import Field

from .base import Part

PREAMBLE_RULE = "draft.preamble"
NOT_AUTHORITY_RULE = "draft.not-authority"


class DraftsFile(Part):
    """The whole of rules/drafts.yml."""
    # Top-level section headings (sections.heading, as printed) of the plan's preamble: their citations are the
    # plan's authority (编制依据), and their items are no task in a draft.
    preamble_headings: tuple[str, ...] = Field(min_length=1)
    # documents.kind of cited documents that are no authority for the plan (a treaty, a standard, a yearbook).
    not_authority_kinds: tuple[str, ...]


def alternation(words: tuple[str, ...]) -> str:
    """A pattern that fullmatches exactly ``words`` (each escaped)."""
    return "|".join(re.escape(w) for w in words)
