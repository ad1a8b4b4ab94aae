"""Planning ``kb add``: each file extracted (kb.extract), its facts read from its own text (kb.metadata), and
planned as a text file and a sidecar in the format kb.corpus reads, with every problem that stops it. A document
that corpus/references.yml registers (same 文号, or same title) takes that entry's id and place, so every citation
of it lands on its text. Nothing is written here (kb.add.write does it)."""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..corpus import REFERENCES_FILE, DocumentRecord
from ..corpus_reader import read_text_file
from ..dates import parse_date
from ..doc_numbers import DocNumberReader, number_reader
from ..errors import InputError
from ..extract import Extracted, extract_file
from ..facts import READ
from ..ids import document_id, is_document_id
from ..fetch.addresses import recorded_address
from ..links import normalise_title
from ..metadata.facts import DocumentFacts
from ..metadata.reader import MetadataReader
from ..normalize import content_key
from ..rules import RuleSet
from ..script import is_traditional, to_simplified
from .inventory import Inventory, SameDocument, kb_of_another_corpus, own_files, reserved_ids
from .references import references_without
from .sidecar import sidecar_entry, sidecar_text



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
    """A document planned: its sidecar ``entry``, the ``facts`` read from its text (kb.metadata.DocumentFacts), and
    the id of the references.yml entry it takes the place of (None: none)."""

    entry: dict  # the sidecar entry
    facts: DocumentFacts | None
    replaces_reference: str | None = None  # id of the references.yml entry it takes the place of


@dataclass
class PlannedFile:
    """A file planned: the ``source`` read (a path; a fetched page's scratch file), what was ``extracted`` from it,
    the corpus's text file and sidecar it becomes (paths and texts), its ``documents``, its content key
    (kb.normalize.content_key), whether it ``overwrites`` files there, and where it came from as the user gave it
    (``origin``)."""

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
        """The ids of the references.yml entries its documents take the place of."""
        return [d.replaces_reference for d in self.documents if d.replaces_reference]


@dataclass
class AddPlan:
    """What ``kb add`` would write into ``corpus_dir``: the ``files`` planned, every problem that stops it, the new
    text of references.yml when entries are replaced (None: unchanged), and where what the corpus holds was read
    from ("files", or "kb" when an up-to-date KB told it)."""

    corpus_dir: Path
    files: list[PlannedFile] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    references_text: str | None = None  # the new references.yml, when entries are replaced
    corpus_read_from: str = "files"  # "kb" when what the corpus holds was read from an up-to-date KB

    @property
    def ok(self) -> bool:
        """Something to write, and nothing that stops it."""
        return not self.problems and bool(self.files)


def make_id(facts: DocumentFacts, numbers: DocNumberReader, taken: set[str]) -> str:
    """A new document's id, not in ``taken``, by kb.ids.document_id: from its 文号 (国办发〔2014〕64号 →
    cn-gov-2014-64), else from its title's initials and its year (issued, else published)."""
    return document_id(numbers, taken, title=facts.title, doc_number=facts.doc_number,
                       date=facts.issued_date or facts.published_at)


def plan_additions(paths: list[Path], corpus_dir: Path, rules: RuleSet, overrides: dict | None = None,
                   replace: bool = False, kb: Path | None = None, sources: dict | None = None,
                   references: dict[Path, str] | None = None) -> AddPlan:
    """What ``kb add`` would write, and every problem that stops it. Writes nothing.

    ``overrides``: facts given by flags, by sidecar key (kb.facts). ``kb``: the KB the add updates (what the corpus
    holds is read from it when it is up to date; a KB of another corpus is refused). ``sources``: for a path that
    was fetched (kb.fetch.sources.FetchedFile by path), its address and retrieval time go into the sidecar, its final
    address becomes the document's ``source_url``, and problems name the address. ``references``: a path that
    fills in the references.yml entry of the given id (``kb add --references``)."""
    planner = _Planner(Path(corpus_dir), rules, overrides, replace, kb, sources or {}, references or {})
    return planner.plan(list(map(Path, paths)))


class _Problem(Exception):
    """A file's problem: nothing is written."""

    def __init__(self, error: InputError):
        super().__init__(str(error))
        self.error = error


class _Planner:
    """One ``plan_additions``: the files planned one after the other, each against what the corpus holds and
    what the files before it took (ids, content)."""

    def __init__(self, corpus_dir: Path, rules: RuleSet, overrides: dict | None, replace: bool, kb: Path | None,
                 sources: dict, references: dict[Path, str]):
        self.corpus_dir, self.rules, self.replace, self.kb = corpus_dir, rules, replace, kb
        self.sources, self.references = sources, references
        self.overrides = {k: v for k, v in (overrides or {}).items() if v}
        self.numbers = number_reader(rules.citations.number)
        self.reader = MetadataReader(rules.metadata, self.numbers)
        self.corpus = Inventory(corpus_dir, kb)
        self.reserved = reserved_ids(corpus_dir)
        self.planned_ids: set[str] = set()
        self.planned_keys: dict[str, Path] = {}
        self.page_ids: dict[Path, str] = {}  # a fetched page's document, parent of the attachments followed from it

    def plan(self, paths: list[Path]) -> AddPlan:
        """The plan of every path, in order; none when the corpus, the KB or a flag is wrong."""
        plan = AddPlan(corpus_dir=self.corpus_dir, corpus_read_from=self.corpus.read_from)
        refused = self._refused()
        if refused is not None:
            plan.problems.append(refused)
            return plan
        self.registered = SameDocument(self.rules.citations, self.corpus.references)
        self.already_filed = SameDocument(self.rules.citations, self.corpus.filed)
        self.taken = set(self.corpus.ids) | self.reserved
        replaced: set[str] = set()
        for path in paths:
            try:
                planned = self._file(path)
            except _Problem as problem:
                plan.problems.append(problem.error)
                continue
            replaced.update(planned.replaced_references)
            plan.files.append(planned)
        if replaced:
            plan.references_text = references_without(self.corpus_dir / REFERENCES_FILE, replaced)
        return plan

    def _refused(self) -> InputError | None:
        """The problem that stops the whole add before any file is read: no corpus, a KB of another corpus, a
        flag that is not what it names (a ``--date`` read to YYYY-MM-DD on the way)."""
        corpus_dir, overrides = self.corpus_dir, self.overrides
        if not corpus_dir.is_dir():
            return InputError(corpus_dir, "corpus directory not found")
        if self.kb is not None and kb_of_another_corpus(Path(self.kb), corpus_dir):
            return kb_of_another_corpus(Path(self.kb), corpus_dir)
        if overrides.get("id") and not is_document_id(overrides["id"]):
            return InputError(overrides["id"], "--id must be lower-case ASCII letters, digits and '-'")
        if overrides.get("issued_date"):
            date = parse_date(overrides["issued_date"], self.rules.metadata.date)
            if date is None:
                return InputError(overrides["issued_date"], "--date must be a date such as 2015-07-31 or 2015年7月31日")
            overrides["issued_date"] = date
        if overrides.get("doc_number") and self.numbers.parse(overrides["doc_number"]) is None:
            return InputError(overrides["doc_number"], "--number is not a 文号 such as 国办发〔2014〕64号")
        if overrides.get("source_url") and http_address(overrides["source_url"]) is None:
            return InputError(overrides["source_url"], "--url must be an http:// or https:// address (without "
                                                       "spaces); nothing written")
        if overrides.get("id") in self.reserved:
            return InputError(overrides["id"], f"--id {overrides['id']} is reserved: its files would be the "
                                               f"corpus's own {own_files(corpus_dir, overrides['id'])}; nothing "
                                               f"written")
        return None

    def _file(self, path: Path) -> PlannedFile:
        """One file planned. Raises _Problem."""
        overrides, source = dict(self.overrides), self.sources.get(path)
        where = source.fetched.url if source is not None else path  # what problems name
        if source is not None:
            overrides.setdefault("source_url", recorded_address(source.fetched.final_url))
            if source.attachment_of is not None and self.page_ids.get(source.attachment_of):
                overrides.setdefault("parent", self.page_ids[source.attachment_of])
        extracted, script, reading, facts = self._read(path, source, where, overrides)
        key = content_key(reading)
        if key in self.planned_keys:
            raise _Problem(InputError(where, f"same content as {self.planned_keys[key]}, given in the same "
                                             f"command; nothing written"))
        document_id, reference = self._identity(path, where, facts, overrides)
        text_path, overwrites = self._place(path, where, document_id, overrides, key)
        self.taken.add(document_id)
        documents = self._documents(document_id, facts, reference, overrides, text_path)
        try:
            planned = PlannedFile(
                source=path, extracted=extracted, text_path=text_path, sidecar_path=text_path.with_suffix(".yml"),
                text=extracted.text,
                sidecar_text=sidecar_text(extracted, text_path.name, script, facts.published_at,
                                          [d.entry for d in documents],
                                          [d.replaces_reference for d in documents if d.replaces_reference], facts,
                                          source.fetched if source is not None else None),
                documents=documents, content_key=key, overwrites=overwrites, origin=str(where))
            _read_back(planned)
        except InputError as error:
            raise _Problem(InputError(where, f"the files planned for it do not read back ({error}); nothing "
                                             f"written")) from None
        self.planned_ids.update(d.entry["id"] for d in documents)
        self.planned_keys[key] = path
        self.page_ids[path] = document_id
        return planned

    def _read(self, path: Path, source, where, overrides: dict):
        """The file extracted, its script, its reading (simplified) and its facts, flags over what it says."""
        try:
            extracted = extract_file(path, encoding=source.encoding if source is not None else None)
        except InputError as error:
            raise _Problem(InputError(where, error.cause, error.line) if source is not None else error) from None
        script = "traditional" if is_traditional(extracted.text) else None
        reading = to_simplified(extracted.text) if script else extracted.text
        reader = self.reader
        facts = reader.read(reading, extracted.facts)
        if overrides.get("title"):
            facts.title, facts.found_by["title"] = overrides["title"], "--title"
            facts.kind = reader.kind_of(facts.title) or facts.kind
        for fact in READ:
            if fact.overridable and fact.key != "title" and overrides.get(fact.key):
                setattr(facts, fact.name, overrides[fact.key])
                facts.found_by[fact.name] = fact.option
        if overrides.get("issuer") and not overrides.get("level"):
            facts.level, facts.jurisdiction = reader.level_of(facts.issuer)
        if not facts.title:
            raise _Problem(InputError(where, "no title found in the text; give one with --title"))
        return extracted, script, reading, facts

    def _identity(self, path: Path, where, facts: DocumentFacts, overrides: dict):
        """The document's id and the references.yml entry it takes the place of (or None). A document with the
        文号 or title of one filed is a new version of it, under its id (``overrides["id"]`` is set)."""
        corpus = self.corpus
        reference = self.registered.find(facts.title, facts.doc_number)
        if path in self.references:  # the entry it was fetched for, whatever the page calls itself
            reference = next((r for r in corpus.references if r.id == self.references[path]), reference)
            overrides.setdefault("id", self.references[path])
        filed = self.already_filed.find(facts.title, facts.doc_number)
        if filed is not None and not overrides.get("id"):
            if corpus.ids.get(filed.id) != f"{filed.id}.txt":
                raise _Problem(InputError(where, f"same 文号 or title as document {filed.id} in "
                                                 f"{self.corpus_dir / corpus.ids[filed.id]}; nothing written: edit "
                                                 f"that file, or give --id to file this as another document"))
            reference = None
            overrides["id"] = filed.id
        document_id = overrides.get("id") or (reference.id if reference else None)
        if document_id is None:
            document_id = make_id(facts, self.numbers, self.taken)
        if document_id in self.reserved:
            raise _Problem(InputError(where, f"document id {document_id!r} is reserved: its files would be the "
                                             f"corpus's own {own_files(self.corpus_dir, document_id)}; nothing "
                                             f"written: give another --id"))
        return document_id, reference

    def _place(self, path: Path, where, document_id: str, overrides: dict, key: str) -> tuple[Path, bool]:
        """The text file the document goes to, and whether it overwrites one. Refused: a parent not there, the
        same content as a file of the corpus (unless it replaces that file), a file there without ``replace``,
        an id another file holds."""
        corpus, corpus_dir = self.corpus, self.corpus_dir
        parent = overrides.get("parent")
        if parent and parent not in corpus.ids and parent not in self.planned_ids:
            raise _Problem(InputError(where, f"--parent {parent}: no document {parent!r} in {corpus_dir} (nor in "
                                             f"references.yml); nothing written: add the parent first, or give the "
                                             f"id of one filed"))
        text_path = corpus_dir / f"{document_id}.txt"
        overwrites = text_path.exists() or text_path.with_suffix(".yml").exists()
        duplicate = corpus.keys.get(key)
        same_source = corpus.source_hashes.get(hashlib.sha256(path.read_bytes()).hexdigest())
        duplicate_file = (duplicate[0] if duplicate else None) or same_source
        if duplicate_file and not (self.replace and duplicate_file == text_path.name):
            ids = duplicate[1] if duplicate else []
            raise _Problem(InputError(where, f"already in the corpus: same content as "
                                             f"{', '.join(ids) or 'the document'} in {corpus_dir / duplicate_file}; "
                                             f"nothing written"))
        if overwrites and not self.replace:
            raise _Problem(InputError(where, f"{text_path} already exists (document {document_id}); nothing "
                                             f"written: use --replace to overwrite it, or --id to file it under "
                                             f"another id"))
        holder = corpus.ids.get(document_id)
        if holder not in (None, REFERENCES_FILE, text_path.name) or (holder is None and document_id in self.taken):
            raise _Problem(InputError(where, f"document id {document_id!r} is already used by "
                                             f"{corpus_dir / (holder or 'another file in this command')}"))
        return text_path, overwrites

    def _documents(self, document_id: str, facts: DocumentFacts, reference, overrides: dict,
                   text_path: Path) -> list[PlannedDocument]:
        """The file's documents: the one its text is, and the document a notice issues or forwards, printed
        after it (``facts.attached``), under the id of the references.yml entry it is, else a new one."""
        documents = [PlannedDocument(sidecar_entry(document_id, facts, reference, overrides, None), facts,
                                     reference.id if reference else None)]
        attached = facts.attached
        if not attached:
            return documents
        attached_reference = self.registered.find(attached.title, None)
        attached_id = attached_reference.id if attached_reference else f"{document_id}-{attached.kind or 'text'}"
        if attached_id in self.taken and self.corpus.ids.get(attached_id) not in (REFERENCES_FILE, text_path.name):
            attached_id = make_id(DocumentFacts(title=attached.title), self.numbers, self.taken)
        self.taken.add(attached_id)
        attached_facts = DocumentFacts(title=attached.title, issuer=attached.issuer, kind=attached.kind,
                                       level=facts.level, jurisdiction=facts.jurisdiction)
        entry = sidecar_entry(attached_id, attached_facts, attached_reference, {}, document_id, attached.starts_at)
        documents.append(PlannedDocument(entry, attached_facts, attached_reference.id if attached_reference else None))
        return documents


def plan_reference(entry: DocumentRecord, fetched, corpus_dir: Path, rules: RuleSet, kb: Path | None = None,
                   replace: bool = False) -> tuple[AddPlan | None, list[InputError], list[str]]:
    """What ``kb add --references`` would write for one references.yml ``entry`` from what was fetched at its
    source_url (kb.fetch.sources.FetchedSources): (the plan, or None when the fetch failed; every problem that stops it;
    notes for the user). A page whose 文号 is not the entry's is another document: a problem. A different title is
    a note; the entry's title stays as another title of the document."""
    if fetched.problems:
        return None, list(fetched.problems), []
    sources = {saved.path: saved for saved in fetched.files}
    plan = plan_additions(list(sources), corpus_dir, rules, {}, kb=kb, sources=sources,
                          references={fetched.files[0].path: entry.id}, replace=replace)
    problems, notes = list(plan.problems), []
    read = plan.files[0].documents[0].facts if plan.files else None
    numbers = number_reader(rules.citations.number)
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


