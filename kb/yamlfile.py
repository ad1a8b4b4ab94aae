"""Reading the project's YAML files (sidecars, references, rules) with errors that name file and line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .extract.limits import MB, megabytes, setting


class AliasBomb(Exception):
    """A document whose aliases expand it past its limit, or an alias inside the anchor it names."""

    def __init__(self, cause: str, line: int | None = None):
        super().__init__(cause)
        self.cause, self.line = cause, line


def expanded_size(root: yaml.Node, limit: int) -> int:
    """The size of the data a node graph stands for, with every alias counted as a copy of what it names: a
    scalar's characters plus one for every node. Linear in the nodes (each shared node is measured once). Raises
    AliasBomb when it passes ``limit``, or for a recursive alias (a node inside itself), whose expansion has no
    end."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # nodes whose children are being measured: the path from the root
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            if isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            else:
                children = node.value
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > limit:
                raise AliasBomb(f"its aliases (*name) expand it past {limit:,} characters")
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise AliasBomb("a recursive alias (an alias inside the anchor it names), which expands without end",
                            node.start_mark.line + 1 if node.start_mark else None)
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1 + len(node.value)
            continue
        open_nodes.add(key)
        stack.append((node, True))
        children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) \
            else node.value
        stack.extend((child, False) for child in reversed(children))
    return sizes[id(root)]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ten times faster
    """Keeps, for every mapping, the 1-based line it starts on, so later checks can name the line. Refuses a
    document that its aliases expand past ``expansion_limit`` characters before constructing any of it."""

    expansion_limit: int | None = None

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        if self.expansion_limit is not None:
            expanded_size(node, self.expansion_limit)
        return self.construct_document(node)


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    return LineDict(mapping, line=node.start_mark.line + 1)


class LineDict(dict):
    """A YAML mapping that knows the 1-based ``line`` it starts on (None: made in code)."""

    def __init__(self, *args, line: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: "2015-07-31" is stored as written, never turned into a datetime and back.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def expansion_limit(text: str) -> int:
    """How many characters the data of a YAML text may stand for once its aliases are expanded:
    KB_MAX_YAML_EXPANSION times the text, and at least KB_YAML_EXPANSION_FLOOR (kb.extract.limits)."""
    return max(setting("KB_MAX_YAML_EXPANSION") * len(text), setting("KB_YAML_EXPANSION_FLOOR"))


def load_yaml(path: Path, text: str | None = None) -> Any:
    """The YAML file at ``path`` (or ``text``, named ``path`` in errors), its mappings knowing their lines.
    Raises InputError naming the file and line. A file over KB_MAX_YAML_MB is refused before it is read, and one
    whose aliases (*name) expand it past expansion_limit() before any of it is built (kb.extract.limits)."""
    limit = setting("KB_MAX_YAML_MB") * MB
    try:
        if text is None:
            size = Path(path).stat().st_size
            if size > limit:
                raise InputError(path, f"refused: the YAML file is {megabytes(size)}, over the limit of "
                                       f"{megabytes(limit)} (KB_MAX_YAML_MB changes it)")
            text = Path(path).read_text(encoding="utf-8")
        elif len(text) > limit:
            raise InputError(path, f"refused: the YAML text is {len(text):,} characters, over the limit of "
                                   f"{megabytes(limit)} (KB_MAX_YAML_MB changes it)")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        # Aliases are the only way a YAML text stands for more than itself; without "*" there are none.
        loader = _LineLoader if "*" not in text else \
            type("_BoundedLoader", (_LineLoader,), {"expansion_limit": expansion_limit(text)})
        return yaml.load(text, Loader=loader)
    except AliasBomb as exc:
        if exc.line is not None:
            raise InputError(path, f"refused: {exc.cause}", exc.line) from None
        factor, floor = setting("KB_MAX_YAML_EXPANSION"), setting("KB_YAML_EXPANSION_FLOOR")
        raise InputError(path, f"refused: {exc.cause}, the limit for a YAML text of {len(text):,} characters "
                               f"(KB_MAX_YAML_EXPANSION={factor} times its size, at least "
                               f"KB_YAML_EXPANSION_FLOOR={floor:,}); an alias bomb?") from None
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
    """The line a YAML value starts on, when it is a mapping read by load_yaml; else None."""
    return getattr(value, "line", None)


def require_mapping(path: Path, value: Any, what: str) -> LineDict:
    """``value`` when it is a mapping; else an InputError naming ``path``, the line and ``what`` it should be."""
    if not isinstance(value, dict):
        raise InputError(path, f"{what} must be a mapping (key: value), got {type(value).__name__}",
                         line_of_mapping(value))
    return value
