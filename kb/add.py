"""``kb add``: file a document as people get it (web page, Word, PDF, pasted text) into the corpus.

Each file is extracted (kb.extract), its facts read from its own text (kb.metadata), and it is planned as a text
file and a sidecar in the format kb.corpus reads. A document that corpus/references.yml registers (same 文号, or
same title) takes that entry's id and place, so every citation of it lands on its text. Nothing is written when
any file has a problem, nothing in the corpus is overwritten without ``replace``, and the same content is never
filed twice. Every file is written to a temp file first and renamed into place.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .atomic import is_stale_temp, text_writer, write_atomically, write_temp
from .corpus import REFERENCES_FILE, DocumentRecord, read_references, read_text_file, text_paths
from .doc_numbers import DocNumberReader, number_reader
from .errors import InputError
from .extract import Extracted, extract_file
from .links import CitationReader, normalise_title
from .facts import FACTS, OVERRIDABLE, READ
from .metadata import DocumentFacts, MetadataReader, parse_date
from .normalize import content_key
from .rules import RuleSet
from .script import is_traditional, to_simplified
from .store import corpus_of, same_corpus

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# The journal `write_additions` keeps while it renames its files into place (one per process, named by its id):
# a `kb add` killed half way through the renaming is finished by the next one (finish_interrupted_additions).
JOURNAL_PREFIX = ".kb-add-journal-"


def reserved_ids(corpus_dir: Path) -> set[str]:
    """Ids no document may take, because its files (<id>.txt, <id>.yml) would be the corpus's own files:
    references.yml, and the sidecar of a text file of another suffix (notes.md's notes.yml)."""
    reserved = {Path(REFERENCES_FILE).stem}
    if Path(corpus_dir).is_dir():
        reserved.update(path.stem for path in text_paths(corpus_dir) if path.suffix != ".txt")
    return reserved


def http_address(value: str) -> str | None:
    """``value`` when it is an http:// or https:// address with a host, without spaces or control characters."""
    if not value or any(ch.isspace() or unicodedata.category(ch)[0] in "CZ" for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


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


@dataclass
class PlannedDocument:
    entry: dict  # the sidecar entry
    facts: DocumentFacts | None
    replaces_reference: str | None = None  # id of the references.yml entry it takes the place of


@dataclass
class PlannedFile:
    source: Path
    extracted: Extracted
    text_path: Path
    sidecar_path: Path
    text: str
    sidecar_text: str
    documents: list[PlannedDocument]
    content_key: str
    overwrites: bool = False
    origin: str = ""  # the file or web address it came from, as the user gave it

    @property
    def replaced_references(self) -> list[str]:
        return [d.replaces_reference for d in self.documents if d.replaces_reference]


@dataclass
class AddPlan:
    corpus_dir: Path
    files: list[PlannedFile] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    references_text: str | None = None  # the new references.yml, when entries are replaced
    corpus_read_from: str = "files"  # "kb" when what the corpus holds was read from an up-to-date KB

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.files)


def _ascii_initials(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    letters = []
    for syllable in lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars)):
        letters.extend(ch.lower() for ch in syllable if ch.isascii() and ch.isalnum())
    return "".join(letters)


def make_id(facts: DocumentFacts, numbers: DocNumberReader, taken: set[str]) -> str:
    """An ASCII id: the issuer code's id prefix (or its pinyin initials) with year and number of the 文号
    (国办发〔2014〕64号 → cn-gov-2014-64), else the pinyin initials of the title and the year."""
    base = None
    number = numbers.parse(facts.doc_number) if facts.doc_number else None
    if number is not None:
        code = numbers.issuer_code(number.code)
        prefix = (code.id_prefix if code and code.id_prefix else None) or _ascii_initials(number.code) or "doc"
        base = f"{prefix}-{number.year}-{number.sequence}"
    else:
        initials = _ascii_initials(re.sub(r"[(（〔][^()（）〔〕]*[)）〕]", "", facts.title or ""))[:12] or "doc"
        year = (facts.issued_date or facts.published_at or "")[:4]
        base = f"{initials}-{year}" if year else initials
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class _Corpus:
    """What the corpus already holds: ids, content keys, source hashes, references. Read from the KB when it is
    newer than every corpus file (seconds for a large corpus), else from the files themselves."""

    def __init__(self, corpus_dir: Path, kb: Path | None = None):
        self.dir = corpus_dir
        self.ids: dict[str, str] = {}  # document id → file that holds it
        self.keys: dict[str, tuple[str, list[str]]] = {}  # content key → (file, document ids)
        self.source_hashes: dict[str, str] = {}  # sha256 of an original file → text file
        self.references = []
        self.filed = []  # documents with text, for matching by 文号 and title
        self.problems: list[InputError] = []
        self.read_from = "files"
        if not corpus_dir.is_dir():
            return
        if not (kb is not None and self._from_kb(Path(kb))):
            self._from_files()
        references_path = corpus_dir / REFERENCES_FILE
        if references_path.exists():
            self.references = read_references(references_path)
            for reference in self.references:
                self.ids.setdefault(reference.id, REFERENCES_FILE)

    def _from_files(self):
        for text_path in text_paths(self.dir):
            try:
                documents, source = read_text_file(text_path, text_path.with_suffix(".yml"))
            except InputError as error:
                self.problems.append(error)
                continue
            ids = [d.id for d in documents]
            self.filed.extend(documents)
            for d in documents:
                self.ids[d.id] = text_path.name
                self.keys.setdefault(content_key(d.text), (text_path.name, [d.id]))
            for key in (source.content_sha256, source.body_sha256):
                self.keys.setdefault(key, (text_path.name, ids))
            if source.extracted_from_sha256:
                self.source_hashes[source.extracted_from_sha256] = text_path.name

    def _from_kb(self, kb: Path) -> bool:
        import sqlite3

        if not kb.exists() or not same_corpus(kb, self.dir):
            return False  # a KB of another corpus says nothing of this one
        built = kb.stat().st_mtime
        with os.scandir(self.dir) as entries:
            if any(entry.stat().st_mtime >= built for entry in entries if entry.name != REFERENCES_FILE):
                return False  # a corpus file changed since the KB was built: read the files
        present = {p.name for p in text_paths(self.dir)}
        try:
            conn = sqlite3.connect(f"file:{kb}?mode=ro", uri=True)
            documents = conn.execute("select id, title, doc_number, aliases, source_file, content_sha256 "
                                     "from documents indexed by documents_filed "
                                     "where source_file is not null order by rowid").fetchall()
            sources = conn.execute("select file, content_sha256, body_sha256, extracted_from_sha256 "
                                   "from sources").fetchall()
            conn.close()
        except sqlite3.Error:
            return False  # an older KB without these columns
        if {row[0] for row in sources} != present:
            return False  # a file was taken out of the corpus (or put in with an old date) since the KB was built
        by_file: dict[str, list[str]] = {}
        for document_id, title, number, aliases, file, key in documents:
            self.ids[document_id] = file
            by_file.setdefault(file, []).append(document_id)
            self.keys.setdefault(key, (file, [document_id]))
            self.filed.append(DocumentRecord(id=document_id, title=title, doc_number=number,
                                             aliases=json.loads(aliases) if aliases else []))
        for file, whole, body, original in sources:
            for key in (whole, body):
                self.keys.setdefault(key, (file, by_file.get(file, [])))
            if original:
                self.source_hashes[original] = file
        self.read_from = "kb"
        return True


class _SameDocument:
    """Which of some documents a title and 文号 name: citation resolution (kb.links), over those documents."""

    def __init__(self, grammar: dict, documents: list[DocumentRecord]):
        self.reader = CitationReader(grammar, documents)
        self.by_id = {d.id: d for d in documents}

    def find(self, title: str | None, number: str | None) -> DocumentRecord | None:
        document_id, _ = self.reader.resolve(title, number)
        return self.by_id.get(document_id)


def _entry(document_id: str, facts: DocumentFacts, reference, overrides: dict, parent: str | None,
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


def _sidecar_text(extracted: Extracted, text_name: str, script: str | None, published: str | None,
                  entries: list[dict], replaced: list[str], facts: DocumentFacts | None = None,
                  fetched=None) -> str:
    if fetched is not None:
        from .fetch import recorded_address
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


def _references_without(path: Path, ids: set[str]) -> str:
    """references.yml with the entries of ``ids`` cut out. A file in block style (one entry after another, as kb
    writes it) keeps its comments and layout: the entries' lines are cut. Whatever the cut gives is read back, and
    unless it holds exactly the other entries and keys (a file in flow style, [{id: …}], an entry sharing lines
    with another), the file is written anew from its data instead, without its comments."""
    from .yamlfile import load_yaml

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


def _own_files(corpus_dir: Path, document_id: str) -> str:
    if f"{document_id}.yml" == REFERENCES_FILE:
        return REFERENCES_FILE
    return ", ".join(p.name for p in text_paths(corpus_dir) if p.stem == document_id) + f" and {document_id}.yml"


def kb_of_another_corpus(kb: Path, corpus_dir: Path) -> InputError | None:
    """The refusal to update ``kb`` with the documents of ``corpus_dir`` when kb_meta says it was built from another
    corpus (a KB holds one corpus, never a mix), naming both; None when it may be updated."""
    built_from = corpus_of(kb)
    if built_from is None or built_from == str(Path(corpus_dir).resolve()):
        return None
    return InputError(kb, f"this KB was built from the corpus {built_from}, not from {Path(corpus_dir).resolve()}; "
                          f"nothing written: give --db a KB of {corpus_dir} (a new file is built from it), or "
                          f"--no-build")


def plan_additions(paths: list[Path], corpus_dir: Path, rules: RuleSet, overrides: dict | None = None,
                   replace: bool = False, kb: Path | None = None, sources: dict | None = None,
                   references: dict[Path, str] | None = None) -> AddPlan:
    """What ``kb add`` would write, and every problem that stops it. Writes nothing.

    ``sources``: for a path that was fetched (kb.fetch.FetchedFile by path), its address and retrieval time go
    into the sidecar, its final address becomes the document's ``source_url``, and problems name the address.
    ``references``: a path that fills in the references.yml entry of the given id (``kb add --references``)."""
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    corpus_dir = Path(corpus_dir)
    plan = AddPlan(corpus_dir=corpus_dir)
    numbers = number_reader(rules.citations["number"])
    reader = MetadataReader(rules.metadata, numbers)
    corpus = _Corpus(corpus_dir, kb)
    plan.corpus_read_from = corpus.read_from
    if not corpus_dir.is_dir():
        plan.problems.append(InputError(corpus_dir, "corpus directory not found"))
        return plan
    if kb is not None and kb_of_another_corpus(Path(kb), corpus_dir):
        plan.problems.append(kb_of_another_corpus(Path(kb), corpus_dir))
        return plan
    if overrides.get("id") and not _ID.match(overrides["id"]):
        plan.problems.append(InputError(overrides["id"], "--id must be lower-case ASCII letters, digits and '-'"))
        return plan
    if overrides.get("issued_date"):
        date = parse_date(overrides["issued_date"])
        if date is None:
            plan.problems.append(InputError(overrides["issued_date"], "--date must be a date such as 2015-07-31 "
                                                                      "or 2015年7月31日"))
            return plan
        overrides["issued_date"] = date
    if overrides.get("doc_number") and numbers.parse(overrides["doc_number"]) is None:
        plan.problems.append(InputError(overrides["doc_number"], "--number is not a 文号 such as 国办发〔2014〕64号"))
        return plan
    if overrides.get("source_url") and http_address(overrides["source_url"]) is None:
        plan.problems.append(InputError(overrides["source_url"], "--url must be an http:// or https:// address "
                                                                 "(without spaces); nothing written"))
        return plan
    reserved = reserved_ids(corpus_dir)
    if overrides.get("id") in reserved:
        plan.problems.append(InputError(overrides["id"], f"--id {overrides['id']} is reserved: its files would be "
                                                         f"the corpus's own {_own_files(corpus_dir, overrides['id'])}; "
                                                         f"nothing written"))
        return plan
    registered = _SameDocument(rules.citations, corpus.references)
    already_filed = _SameDocument(rules.citations, corpus.filed)
    taken = set(corpus.ids) | reserved
    planned_ids: set[str] = set()
    replaced_references: set[str] = set()
    planned_keys: dict[str, Path] = {}
    sources, references = sources or {}, references or {}
    page_ids: dict[Path, str] = {}  # a fetched page's document, parent of the attachments followed from it
    for path in map(Path, paths):
        file_overrides = dict(overrides)
        source = sources.get(path)
        where = source.fetched.url if source is not None else path  # what problems name
        if source is not None:
            from .fetch import recorded_address  # httpx only when something was fetched

            file_overrides.setdefault("source_url", recorded_address(source.fetched.final_url))
            if source.attachment_of is not None and page_ids.get(source.attachment_of):
                file_overrides.setdefault("parent", page_ids[source.attachment_of])
        try:
            extracted = extract_file(path, encoding=source.encoding if source is not None else None)
        except InputError as error:
            plan.problems.append(InputError(where, error.cause, error.line) if source is not None else error)
            continue
        script = "traditional" if is_traditional(extracted.text) else None
        reading = to_simplified(extracted.text) if script else extracted.text
        facts = reader.read(reading, extracted.facts)
        if file_overrides.get("title"):
            facts.title, facts.found_by["title"] = file_overrides["title"], "--title"
            facts.kind = reader.kind_of(facts.title) or facts.kind
        for fact in READ:
            if fact.overridable and fact.key != "title" and file_overrides.get(fact.key):
                setattr(facts, fact.name, file_overrides[fact.key])
                facts.found_by[fact.name] = fact.option
        if file_overrides.get("issuer") and not file_overrides.get("level"):
            facts.level, facts.jurisdiction = reader.level_of(facts.issuer)
        if not facts.title:
            plan.problems.append(InputError(where, "no title found in the text; give one with --title"))
            continue

        key = content_key(reading)
        source_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        duplicate = corpus.keys.get(key)
        same_source = corpus.source_hashes.get(source_hash)
        if key in planned_keys:
            plan.problems.append(InputError(where, f"same content as {planned_keys[key]}, given in the same "
                                                  f"command; nothing written"))
            continue

        reference = registered.find(facts.title, facts.doc_number)
        if path in references:  # the entry it was fetched for, whatever the page calls itself
            reference = next((r for r in corpus.references if r.id == references[path]), reference)
            file_overrides.setdefault("id", references[path])
        filed = already_filed.find(facts.title, facts.doc_number)
        if filed is not None and not file_overrides.get("id"):
            # The same 文号 or title as a document already filed: a new version of it, under its id.
            if corpus.ids.get(filed.id) != f"{filed.id}.txt":
                plan.problems.append(InputError(where, f"same 文号 or title as document {filed.id} in "
                                                      f"{corpus_dir / corpus.ids[filed.id]}; nothing written: edit "
                                                      f"that file, or give --id to file this as another document"))
                continue
            reference = None
            file_overrides["id"] = filed.id
        attached_reference = (registered.find(facts.attached.title, None)
                              if facts.attached else None)
        document_id = file_overrides.get("id") or (reference.id if reference else None)
        if document_id is None:
            document_id = make_id(facts, numbers, taken)
        if document_id in reserved:
            plan.problems.append(InputError(where, f"document id {document_id!r} is reserved: its files would be "
                                                  f"the corpus's own {_own_files(corpus_dir, document_id)}; "
                                                  f"nothing written: give another --id"))
            continue
        parent = file_overrides.get("parent")
        if parent and parent not in corpus.ids and parent not in planned_ids:
            plan.problems.append(InputError(where, f"--parent {parent}: no document {parent!r} in {corpus_dir} "
                                                  f"(nor in references.yml); nothing written: add the parent first, "
                                                  f"or give the id of one filed"))
            continue
        text_path = corpus_dir / f"{document_id}.txt"
        sidecar_path = text_path.with_suffix(".yml")
        overwrites = text_path.exists() or sidecar_path.exists()
        duplicate_file = (duplicate[0] if duplicate else None) or same_source
        if duplicate_file and not (replace and duplicate_file == text_path.name):
            ids = duplicate[1] if duplicate else []
            plan.problems.append(InputError(where, f"already in the corpus: same content as "
                                                  f"{', '.join(ids) or 'the document'} in "
                                                  f"{corpus_dir / duplicate_file}; nothing written"))
            continue
        if overwrites and not replace:
            plan.problems.append(InputError(where, f"{text_path} already exists (document {document_id}); "
                                                  f"nothing written: use --replace to overwrite it, or --id to "
                                                  f"file it under another id"))
            continue
        holder = corpus.ids.get(document_id)
        if holder not in (None, REFERENCES_FILE, text_path.name) or (holder is None and document_id in taken):
            plan.problems.append(InputError(where, f"document id {document_id!r} is already used by "
                                                  f"{corpus_dir / (holder or 'another file in this command')}"))
            continue
        taken.add(document_id)

        documents = [PlannedDocument(_entry(document_id, facts, reference, file_overrides, None), facts,
                                     reference.id if reference else None)]
        if facts.attached:
            attached = facts.attached
            attached_id = attached_reference.id if attached_reference else f"{document_id}-{attached.kind or 'text'}"
            if attached_id in taken and corpus.ids.get(attached_id) not in (REFERENCES_FILE, text_path.name):
                attached_id = make_id(DocumentFacts(title=attached.title), numbers, taken)
            taken.add(attached_id)
            attached_facts = DocumentFacts(title=attached.title, issuer=attached.issuer, kind=attached.kind,
                                           level=facts.level, jurisdiction=facts.jurisdiction)
            entry = _entry(attached_id, attached_facts, attached_reference, {}, document_id, attached.starts_at)
            documents.append(PlannedDocument(entry, attached_facts,
                                             attached_reference.id if attached_reference else None))
        replaced = [d.replaces_reference for d in documents if d.replaces_reference]
        try:
            planned = PlannedFile(
                source=path, extracted=extracted, text_path=text_path, sidecar_path=sidecar_path,
                text=extracted.text,
                sidecar_text=_sidecar_text(extracted, text_path.name, script, facts.published_at,
                                           [d.entry for d in documents], replaced, facts,
                                           source.fetched if source is not None else None),
                documents=documents, content_key=key, overwrites=overwrites, origin=str(where))
            _read_back(planned)
        except InputError as error:
            plan.problems.append(InputError(where, f"the files planned for it do not read back ({error}); "
                                                  f"nothing written"))
            continue
        replaced_references.update(replaced)
        planned_ids.update(d.entry["id"] for d in documents)
        planned_keys[key] = path
        page_ids[path] = document_id
        plan.files.append(planned)
    if replaced_references:
        plan.references_text = _references_without(corpus_dir / REFERENCES_FILE, replaced_references)
    return plan


def plan_reference(entry: DocumentRecord, fetched, corpus_dir: Path, rules: RuleSet, kb: Path | None = None,
                   replace: bool = False) -> tuple[AddPlan | None, list[InputError], list[str]]:
    """What ``kb add --references`` would write for one references.yml ``entry`` from what was fetched at its
    source_url (kb.fetch.FetchedSources): (the plan, or None when the fetch failed; every problem that stops it;
    notes for the user). A page whose 文号 is not the entry's is another document: a problem. A different title is
    a note; the entry's title stays as another title of the document."""
    if fetched.problems:
        return None, list(fetched.problems), []
    sources = {saved.path: saved for saved in fetched.files}
    plan = plan_additions(list(sources), corpus_dir, rules, {}, kb=kb, sources=sources,
                          references={fetched.files[0].path: entry.id}, replace=replace)
    problems, notes = list(plan.problems), []
    read = plan.files[0].documents[0].facts if plan.files else None
    numbers = number_reader(rules.citations["number"])
    if read is not None and entry.doc_number and read.doc_number and \
            numbers.key(read.doc_number) != numbers.key(entry.doc_number):
        problems.append(InputError(entry.source_url, f"the page is {read.doc_number}, not the entry's "
                                                     f"{entry.doc_number}: check the address"))
    if read is not None and read.title and normalise_title(read.title) != normalise_title(entry.title):
        notes.append(f"the page's title is {read.title}; the entry's, {entry.title}, is kept as another title")
    return plan, problems, notes


def _read_back(planned: PlannedFile):
    """Read the planned text and sidecar as `kb build` will, before anything is written."""
    read_text_file(planned.text_path, planned.text_path.with_suffix(".yml"), data=planned.text.encode("utf-8"),
                   sidecar_text=planned.sidecar_text)


def corpus_before(plan: AddPlan) -> dict[Path, bytes | None]:
    """What the corpus holds, before ``write_additions``, at every path the plan writes (None: no file there), for
    ``restore_corpus`` when the KB cannot take the change."""
    targets = [path for planned in plan.files for path in (planned.text_path, planned.sidecar_path)]
    if plan.references_text is not None:
        targets.append(plan.corpus_dir / REFERENCES_FILE)
    return {path: path.read_bytes() if path.is_file() else None for path in targets}


def restore_corpus(before: dict[Path, bytes | None]) -> None:
    """Put the corpus back as ``corpus_before`` found it: files the plan added are removed, files it replaced are
    written back (each through a temp file)."""
    for path, content in before.items():
        if content is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, lambda temp, content=content: temp.write_bytes(content))


@contextlib.contextmanager
def signals_held():
    """Ctrl-C, SIGTERM and SIGHUP held back (delivered when the block ends) while a few renames that belong
    together are made, so that an interrupt finds them all made or none."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_additions(plan: AddPlan) -> list[Path]:
    """Write a plan that has no problems: every file goes to a temp file first, then all are renamed into place.
    Before the renaming a journal names every temp file and its target, so that a process killed half way
    through it (SIGKILL) leaves a corpus the next `kb add` or `kb build` completes (finish_interrupted_additions);
    interrupts are held back while it renames."""
    if not plan.ok:
        raise ValueError("a plan with problems is not written")
    pending = []
    journal = plan.corpus_dir / f"{JOURNAL_PREFIX}{os.getpid()}"
    try:
        for planned in plan.files:
            pending.append((write_temp(planned.text_path, text_writer(planned.text)), planned.text_path))
            pending.append((write_temp(planned.sidecar_path, text_writer(planned.sidecar_text)),
                            planned.sidecar_path))
        if plan.references_text is not None:
            target = plan.corpus_dir / REFERENCES_FILE
            pending.append((write_temp(target, text_writer(plan.references_text)), target))
        write_atomically(journal, text_writer(json.dumps([[temp.name, target.name] for temp, target in pending],
                                                         ensure_ascii=False)))
    except BaseException:
        for temp, _ in pending:
            temp.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise
    with signals_held():
        for temp, target in pending:
            os.replace(temp, target)
        _sync_directory(plan.corpus_dir)
        journal.unlink()
    return [target for _, target in pending]


def _sync_directory(directory: Path) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def finish_interrupted_additions(corpus_dir: Path) -> list[Path]:
    """Finish the renaming of every `kb add` that was killed while it renamed its files into ``corpus_dir`` (its
    journal is there and its process is gone): each temp file still there is renamed into place, as the plan it
    wrote meant. Then temp files of writers that are gone are removed. Returns the files put in place."""
    corpus_dir = Path(corpus_dir)
    finished: list[Path] = []
    if not corpus_dir.is_dir():
        return finished
    with os.scandir(corpus_dir) as entries:
        names = sorted(e.name for e in entries if e.name.startswith("."))
    for name in names:
        if not name.startswith(JOURNAL_PREFIX) or not is_stale_temp(corpus_dir / name):
            continue
        journal = corpus_dir / name
        try:
            renames = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            renames = []  # written atomically, so never half: unreadable means not ours
        for temp_name, target_name in renames:
            temp, target = corpus_dir / Path(temp_name).name, corpus_dir / Path(target_name).name
            if temp.is_file():
                os.replace(temp, target)
                finished.append(target)
        _sync_directory(corpus_dir)
        journal.unlink(missing_ok=True)
    for name in names:
        if ".tmp-" in name and (corpus_dir / name).is_file() and is_stale_temp(corpus_dir / name):
            (corpus_dir / name).unlink(missing_ok=True)
    return finished
