"""The sidecar ``kb add`` writes beside a text file: its documents' entries (kb.facts's order), the file's origin,
and comments a reader checks; written as YAML that reads back exactly as meant (kb.yamlfile)."""
from __future__ import annotations

import hashlib
import unicodedata

import yaml

from ..errors import InputError
from ..extract import Extracted
from ..facts import FACTS, OVERRIDABLE, READ
from ..fetch.addresses import recorded_address
from ..links import normalise_title
from ..metadata.facts import DocumentFacts


def comment_safe(text: str) -> str:
    """``text`` for a YAML comment: every character that could end the line (\\n, \\r, NEL, the Unicode line and
    paragraph separators) or is invisible (control and format characters) written as an escape, \\n or \\u2028."""
    escaped = []
    for ch in text:
        if ch == "\\":
            escaped.append("\\\\")
        elif ch in "\n\r\t":
            escaped.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            escaped.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            escaped.append(ch)
    return "".join(escaped)


def sidecar_entry(document_id: str, facts: DocumentFacts, reference, overrides: dict, parent: str | None,
           starts_at: str | None = None) -> dict:
    """A document's sidecar entry, its keys in kb.facts's order: each fact as a flag gives it (``overrides``), else
    as the text says it (``facts``; ``parent``: the notice it was printed under), else as the references.yml entry
    it takes the place of (``reference``) registers it. The reference's other titles become aliases."""
    given = {fact.key: getattr(facts, fact.name) for fact in READ}
    given.update(id=document_id, parent=parent, starts_at=starts_at)
    registered = {fact.key: getattr(reference, fact.name) for fact in OVERRIDABLE if fact.key != "id"} \
        if reference is not None else {}
    entry = {}
    for fact in FACTS:
        value = (overrides.get(fact.key) if fact.overridable and fact.key != "id" else None) or \
            given.get(fact.key) or registered.get(fact.key)
        if value:
            entry[fact.key] = list(value) if fact.many else value
    aliases = []
    if reference is not None:
        aliases = [t for t in [reference.title] + reference.aliases
                   if normalise_title(t) != normalise_title(entry["title"])]
    if aliases:
        entry["aliases"] = aliases
    return entry


def sidecar_text(extracted: Extracted, text_name: str, script: str | None, published: str | None,
                 entries: list[dict], replaced: list[str], facts: DocumentFacts | None = None,
                 fetched=None) -> str:
    """The sidecar of a text file ``text_name`` extracted from ``extracted``: a header of comments (where it came
    from, the notes to check, the references.yml entries ``replaced``), then ``source_file``, ``published``, the
    script, the page ``furniture``, ``extracted_from`` (the original's name, format, SHA-256 and size; for a fetched
    page, its address and when it was retrieved) and the document ``entries``. Raises InputError naming the
    original when the text does not read back as the data meant (a comment that would hide a line)."""
    origin = recorded_address(fetched.url) if fetched is not None else extracted.path.name
    # A file name or address is written into a comment escaped: a newline in it must not start a line of YAML.
    header = [f"# Filed by `kb add` from {comment_safe(origin)} ({comment_safe(extracted.format)}); the facts "
              f"below were read from its text: check them.",
              "# Edit this file to correct a fact; `kb build` reads it."]
    for note in (facts.notes if facts else []):
        header.append(f"# Check: {comment_safe(note)}")
    if replaced:
        header.append(f"# Takes the place of references.yml entr{'y' if len(replaced) == 1 else 'ies'} "
                      f"{', '.join(replaced)}.")
    body = {"source_file": text_name}
    if published:
        body["published"] = published
    if script == "traditional":
        body["script"] = "traditional"
    if facts is not None and facts.furniture:
        body["furniture"] = list(facts.furniture)
    body["extracted_from"] = {"file": extracted.path.name, "format": extracted.format,
                              "sha256": hashlib.sha256(extracted.path.read_bytes()).hexdigest(),
                              "bytes": extracted.path.stat().st_size}
    if fetched is not None:
        body["extracted_from"].update(url=recorded_address(fetched.url), retrieved_at=fetched.retrieved_at)
    body["documents"] = entries
    text = "\n".join(header) + "\n" + safe_yaml(body)
    if yaml.load(text, Loader=_PlainLoader) != body:  # the comments hide nothing, the data is what was meant
        raise InputError(extracted.path, "the sidecar planned for it does not read back as written; nothing "
                                         "written")
    return text


class _SafeDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, except that a string holding NEL or a Unicode line or paragraph separator is written
    double-quoted (\\N, \\L, \\P): single-quoted, PyYAML writes NEL raw, and it reads back as a line break."""


def _represent_str(dumper, value: str):
    style = '"' if any(ch in value for ch in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_SafeDumper.add_representer(str, _represent_str)


def safe_yaml(data) -> str:
    """``data`` (plain dicts, lists, strings, numbers) as block-style YAML that reads back the same."""
    return yaml.dump(data, Dumper=_SafeDumper, allow_unicode=True, sort_keys=False, width=1000)


class _PlainLoader(yaml.SafeLoader):
    """YAML as kb.yamlfile reads it (dates stay strings), for checking what is written reads back the same."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


