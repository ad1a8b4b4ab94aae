"""Reading the project's YAML files (sidecars, references, rules) with errors that name file and line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ten times faster
    """Keeps, for every mapping, the 1-based line it starts on, so later checks can name the line."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    return LineDict(mapping, line=node.start_mark.line + 1)


class LineDict(dict):
    def __init__(self, *args, line: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: "2015-07-31" is stored as written, never turned into a datetime and back.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, text: str | None = None) -> Any:
    """The YAML file at ``path`` (or ``text``, named ``path`` in errors), its mappings knowing their lines.
    Raises InputError naming the file and line."""
    try:
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_end = exc.problem_mark is not None and (exc.problem_mark.index >= len(text.rstrip()) or
                                                   "<stream end>" in str(exc.problem))
        if exc.context_mark is not None and at_end:
            mark = exc.context_mark  # an unclosed bracket is reported where it opened, not at the end of file
        line = mark.line + 1 if mark else None
        raise InputError(path, f"malformed YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"malformed YAML: {exc}") from None


def line_of_mapping(value: Any) -> int | None:
    return getattr(value, "line", None)


def require_mapping(path: Path, value: Any, what: str) -> LineDict:
    if not isinstance(value, dict):
        raise InputError(path, f"{what} must be a mapping (key: value), got {type(value).__name__}",
                         line_of_mapping(value))
    return value
