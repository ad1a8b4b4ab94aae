"""Planning ``kb add``: each file extracted (kb.extract), its facts read from its own text (kb.metadata), and
planned as a text file and a sidecar in the format kb.corpus reads, with every problem that stops it. A document
that corpus/references.yml registers (same 文号, or same title) takes that entry's id and place, so every citation
of it lands on its text. Nothing is written here (kb.add.write does it)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..corpus import REFERENCES_FILE, DocumentRecord
from ..corpus_reader import read_text_file
from ..doc_numbers import DocNumberReader, number_reader
from ..errors import InputError
from ..extract import Extracted, extract_file
from ..facts import READ
from ..links import normalise_title
from ..metadata import DocumentFacts, MetadataReader, parse_date
from ..normalize import content_key
from ..rules import RuleSet
from ..script import is_traditional, to_simplified
from .inventory import Inventory, SameDocument, kb_of_another_corpus, own_files, reserved_ids
from .references import references_without
from .sidecar import sidecar_entry, sidecar_text

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def http_address(value: str) -> str | None:
    """``value`` when it is an http:// or https:// address with a host, without spaces or control characters."""
    if not value or any(ch.isspace() or unicodedata.category(ch)[0] in "CZ" for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


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
    corpus = Inventory(corpus_dir, kb)
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
                                                         f"the corpus's own {own_files(corpus_dir, overrides['id'])}; "
                                                         f"nothing written"))
        return plan
    registered = SameDocument(rules.citations, corpus.references)
    already_filed = SameDocument(rules.citations, corpus.filed)
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
            from ..fetch import recorded_address  # httpx only when something was fetched

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
                                                  f"the corpus's own {own_files(corpus_dir, document_id)}; "
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

        documents = [PlannedDocument(sidecar_entry(document_id, facts, reference, file_overrides, None), facts,
                                     reference.id if reference else None)]
        if facts.attached:
            attached = facts.attached
            attached_id = attached_reference.id if attached_reference else f"{document_id}-{attached.kind or 'text'}"
            if attached_id in taken and corpus.ids.get(attached_id) not in (REFERENCES_FILE, text_path.name):
                attached_id = make_id(DocumentFacts(title=attached.title), numbers, taken)
            taken.add(attached_id)
            attached_facts = DocumentFacts(title=attached.title, issuer=attached.issuer, kind=attached.kind,
                                           level=facts.level, jurisdiction=facts.jurisdiction)
            entry = sidecar_entry(attached_id, attached_facts, attached_reference, {}, document_id, attached.starts_at)
            documents.append(PlannedDocument(entry, attached_facts,
                                             attached_reference.id if attached_reference else None))
        replaced = [d.replaces_reference for d in documents if d.replaces_reference]
        try:
            planned = PlannedFile(
                source=path, extracted=extracted, text_path=text_path, sidecar_path=sidecar_path,
                text=extracted.text,
                sidecar_text=sidecar_text(extracted, text_path.name, script, facts.published_at,
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
        plan.references_text = references_without(corpus_dir / REFERENCES_FILE, replaced_references)
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


