"""What every rules model is made of: compiled patterns, lists of words, rules with an id, and the one-line error a
broken file gets (its path, the key path, the line, what was expected).

A pattern field holds a compiled ``re.Pattern``: the file's text is compiled once, when the rules load, and a
pattern that does not compile, or lacks a named group the code reads, is an error naming the file then. Every
model refuses keys it does not declare, where a misspelt key would otherwise be silently ignored."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (BaseModel, ConfigDict, PlainValidator, PrivateAttr, StringConstraints, ValidationError,
                      ValidationInfo, model_validator)
from pydantic_core import PydanticCustomError

from ..errors import InputError
from ..yamlfile import load_yaml

# A pattern that never matches: the default of a pattern a rules file may leave out.
NEVER = re.compile("(?!)")


def never(*groups: str) -> re.Pattern:
    """A pattern that never matches and still has ``groups`` (so code reading them needs no second case)."""
    return re.compile("".join(f"(?P<{group}>(?!))" for group in groups) or "(?!)")


def _compiler(groups: tuple[str, ...]):
    def compile_(value: Any) -> re.Pattern:
        if isinstance(value, re.Pattern):
            value = value.pattern
        if not isinstance(value, str):
            raise ValueError("a regular expression (text)")
        try:
            compiled = re.compile(value)
        except re.error as exc:
            raise ValueError(f"a regular expression that compiles ({exc})") from None
        missing = [g for g in groups if g not in compiled.groupindex]
        if missing:
            raise ValueError(f"a pattern with the named group(s) {', '.join(f'(?P<{g}>…)' for g in missing)}")
        return compiled
    return compile_


def pattern_with(*groups: str) -> Any:
    """The type of a pattern field whose matches the code reads by the named ``groups``: the text is compiled
    when the file loads."""
    return Annotated[re.Pattern, PlainValidator(_compiler(groups))]


Pattern = pattern_with()
Word = Annotated[str, StringConstraints(min_length=1)]
Words = list[Word]


class Part(BaseModel):
    """A part of a rules file. A key it does not declare is an error (a misspelling would be ignored)."""
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


class Rule(Part):
    """A rule with the id its tags record and what it does (both shown in the ``rules`` table)."""
    id: str
    description: str = ""


class PatternRule(Rule):
    """A rule that is one pattern."""
    pattern: Pattern


class CitesTitles(Part):
    """A file whose reader must know a title cited in 《》 (numbers, units and names inside one are the title's):
    ``cited_title`` is the one pattern of citations.yml (group ``title``), handed over when the rules load (the
    validation context's ``cited_title``)."""
    _cited_title: re.Pattern = PrivateAttr(default=never("title"))

    @model_validator(mode="after")
    def _cites(self, info: ValidationInfo):
        self._cited_title = (info.context or {}).get("cited_title", self._cited_title)
        return self

    @property
    def cited_title(self) -> re.Pattern:
        """The pattern of a title cited in 《》 (rules/citations.yml ``title``), group ``title``."""
        return self._cited_title


def composed(model: BaseModel, *names: str) -> BaseModel:
    """``model`` once the patterns it composes from its fields (its cached properties ``names``) are built, so that
    fields which compile alone but not together (an inline flag inside a group) are an error when the file loads."""
    for name in names:
        try:
            getattr(model, name)
        except re.error as exc:
            raise rule_error(f"its patterns do not compose into {name!r} ({exc})") from None
    return model


def rule_error(message: str) -> PydanticCustomError:
    """A check across keys that failed (a successor that is no unit of the file): ``message`` is shown as it is."""
    return PydanticCustomError("rule", message)


def where(location: tuple) -> str:
    """A key path as a reader of the file counts: numbering[8].numerals is the eighth entry of numbering."""
    text = ""
    for part in location:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the whole file)"


def line_of(data: Any, location: tuple) -> int | None:
    """The line of the deepest mapping on ``location`` in data loaded by kb.yamlfile (mappings know their line)."""
    line = getattr(data, "line", None)
    for key in location:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(data, "line", line)
    return line


def _cause(error: ValidationError) -> tuple[str, tuple]:
    """One line saying what is wrong with the first error, and where (its key path)."""
    errors = error.errors()
    first = errors[0]
    at = where(first["loc"])
    kind = first["type"]
    if kind == "missing":
        what = f"missing key {at!r}"
        # A misspelt key shows as a key missing and an unknown one beside it: say both.
        beside = [e for e in errors if e["type"] == "extra_forbidden" and e["loc"][:-1] == first["loc"][:-1]]
        if beside:
            what += f" ({', '.join(repr(where(e['loc'])) for e in beside)} is no key here: a misspelling?)"
    elif kind == "extra_forbidden":
        what = f"unknown key {at!r} (a misspelling?)"
    elif kind == "rule":
        what = f"{at}: {first['msg']}"
    else:
        message = first["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
        what = f"{at}: expected {message}, got {first.get('input')!r}"[:300]
    return what, first["loc"]


FileModel = TypeVar("FileModel", bound=BaseModel)


def load_file(path: Path, model: type[FileModel], context: dict | None = None) -> FileModel:
    """The rules file at ``path`` read into ``model``, its patterns compiled; ``context`` holds what other files
    hand it (``cited_title``: see CitesTitles). Raises InputError naming the file, the key path, its line and what
    was expected (kb.yamlfile's errors for a file that is no YAML)."""
    data = load_yaml(path)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        what, location = _cause(error)
        raise InputError(path, what, line_of(data, location)) from None
