"""Editing corpus/references.yml: the entries whose documents ``kb add`` files with their text are taken out, the
rest of the file (comments, layout) kept as it is wherever that reads back right."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..yamlfile import load_yaml
from .sidecar import safe_yaml


def references_without(path: Path, ids: set[str]) -> str:
    """references.yml with the entries of ``ids`` cut out. A file in block style (one entry after another, as kb
    writes it) keeps its comments and layout: the entries' lines are cut. Whatever the cut gives is read back, and
    unless it holds exactly the other entries and keys (a file in flow style, [{id: …}], an entry sharing lines
    with another), the file is written anew from its data instead, without its comments."""
    text = path.read_text(encoding="utf-8")
    data = load_yaml(path, text)
    entries = data["documents"]
    wanted = _plain({**data, "documents": [entry for entry in entries if entry.get("id") not in ids]})
    try:
        cut = _cut_entry_lines(text, entries, ids)
        if _plain(load_yaml(path, cut)) == wanted:
            return cut
    except (InputError, KeyError, TypeError, AttributeError):
        pass
    leading = []
    for line in text.split("\n"):  # the file's opening comment says what it is: kept
        if not line.startswith("#"):
            break
        leading.append(line)
    dumped = safe_yaml(wanted)
    written = "\n".join(leading + [dumped])
    if _plain(load_yaml(path, written)) != wanted:
        raise InputError(path, "cannot be rewritten without the replaced entries; nothing written")
    return written


def _plain(value):
    """YAML data as plain dicts and lists (kb.yamlfile's mappings know their lines, which safe_dump does not)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _cut_entry_lines(text: str, entries: list, ids: set[str]) -> str:
    lines = text.split("\n")
    starts = [entry.line for entry in entries]  # 1-based line of each entry's first key
    cut = set()
    for index, entry in enumerate(entries):
        if entry["id"] not in ids:
            continue
        begin = starts[index] - 1
        end = (starts[index + 1] - 1) if index + 1 < len(starts) else len(lines)
        while end > begin + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # comments just above the next entry belong to it
        cut.update(range(begin, end))
    kept = [line for i, line in enumerate(lines) if i not in cut]
    if all(entry["id"] in ids for entry in entries):
        # The last entries leave: "documents:" alone would read as null, which no reader takes for a list.
        kept = [re.sub(r"^documents:\s*$", "documents: []", line) for line in kept]
    return "\n".join(kept)


