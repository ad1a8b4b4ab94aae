"""The drafts' own rules (rules/drafts.yml): which parts of a plan are its preamble and which cited documents are
no authority for it. Typed by a pydantic model, read once, a bad file named in a one-line error."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError
from ..yamlfile import load_yaml

# The rules directory of the source tree kb runs from, as kb.publish finds settings.json: a draft is made from a
# KB (the site, kb draft), whose tags do not depend on this file, so it has no rules directory of its own.
DRAFT_RULES = Path(__file__).resolve().parent.parent.parent / "rules" / "drafts.yml"


class DraftRules(BaseModel):
    """rules/drafts.yml."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Top-level section headings (sections.heading, as printed) whose citations are the plan's authority (编制依据).
    preamble_headings: tuple[str, ...] = Field(min_length=1)
    # documents.kind of cited documents that are no authority for the plan (a treaty, a standard, a yearbook).
    not_authority_kinds: tuple[str, ...]


@lru_cache(maxsize=4)
def load_draft_rules(path: Path = DRAFT_RULES) -> DraftRules:
    """The drafts' rules of ``path`` (rules/drafts.yml by default), read once per path. Raises InputError naming
    the file, the line of the mapping where it can, and the first thing wrong: a missing or unknown key or a value
    of the wrong type."""
    data = load_yaml(Path(path))
    try:
        return DraftRules.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise InputError(path, f"{where}: {first['msg']}", getattr(data, "line", None)) from None
