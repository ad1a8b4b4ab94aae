"""``kb add``: file documents as people get them (web page, Word, PDF, pasted text) into the corpus, and bring the
KB up to date.

Planning (kb.add.plan) reads each file against what the corpus holds (kb.add.inventory); nothing is written when
any file has a problem, nothing in the corpus is overwritten without ``replace``, and the same content is never
filed twice. Writing (kb.add.write) puts every file in place through a temp file and a journal. Then the KB is
updated (kb.build.update_kb), or rebuilt when it cannot be; if that fails, or the process is stopped, the corpus is
put back as it was, so that corpus and KB agree.

``file_and_update`` is the whole of ``kb add FILES``, ``file_references`` the whole of ``kb add --references``.
Each tells what it does, as it does it, to a ``Watcher`` (the CLI's prints it), and returns a ``FilingReport``.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..corpus import REFERENCES_FILE
from ..errors import InputError
from ..facts import OVERRIDABLE, options_of
from .session import CorpusGuard, KBSession, Watcher
from .write import finish_interrupted_additions, stops_raised

if TYPE_CHECKING:  # planning imports the extractors and the rules: only when something is filed
    from ..corpus import DocumentRecord
    from .plan import AddPlan


class OneDocumentFlags(ValueError):
    """Flags that describe one document (--title, --number …) given with several files: a usage error."""


@dataclass
class EntryOutcome:
    """What became of one references.yml ``entry`` in ``file_references``: ``status`` is "filed", "would be filed"
    (a dry run), "skipped" (no source_url), "failed" (``problems`` say why) or "filed with" (the file filed for
    another entry, ``filed_with``, holds it too); ``notes`` for the user and the ``plan`` of a filed entry."""

    entry: DocumentRecord
    status: str
    problems: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plan: AddPlan | None = None
    filed_with: str | None = None

    @property
    def ids(self) -> list[str]:
        """The ids of the documents filed (or that would be) for the entry."""
        return [d.entry["id"] for f in self.plan.files for d in f.documents] if self.plan is not None else []


@dataclass
class FilingReport:
    """What ``file_and_update`` or ``file_references`` did.

    ``fetch_problems``: addresses that could not be fetched (then nothing was planned); ``plan``: the plan of
    ``file_and_update`` (with its problems, when refused); ``entries``: each references.yml entry's outcome;
    ``written``: the files written into the corpus; ``build``: the KB update, or the full build it fell back to
    (None: the KB was not touched); ``caught_up``: a refused add that still brought the KB to what the corpus holds
    (a document a stopped add left in the corpus), when there was something to bring."""

    fetch_problems: list[InputError] = field(default_factory=list)
    plan: AddPlan | None = None
    entries: list[EntryOutcome] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    build: object | None = None  # kb.build.BuildReport
    caught_up: object | None = None  # kb.build.BuildReport

    @property
    def failed_entries(self) -> int:
        """How many references.yml entries failed."""
        return sum(outcome.status == "failed" for outcome in self.entries)

    @property
    def ok(self) -> bool:
        """Nothing failed: no fetch or plan problem, no entry failed, and the KB (when touched) is complete."""
        return not (self.fetch_problems or (self.plan is not None and self.plan.problems) or self.failed_entries
                    or (self.build is not None and not self.build.ok))

    @property
    def document_ids(self) -> list[str]:
        """The ids of the documents planned, in order."""
        return [d.entry["id"] for f in self.plan.files for d in f.documents] if self.plan is not None else []


def file_and_update(given: list[str], corpus_dir: Path, rules_dir: Path, db: Path, *, overrides: dict | None = None,
                    replace: bool = False, dry_run: bool = False, rebuild: bool = True, fetching: dict | None = None,
                    rules=None, watcher: Watcher | None = None) -> FilingReport:
    """``kb add``: file ``given`` (paths of files, or web addresses, fetched first with ``fetching``'s options of
    kb.fetch.sources.fetch_sources) into ``corpus_dir``, then bring the KB ``db`` up to date (unless ``rebuild`` is
    False). ``overrides``: facts given by flags, by sidecar key (kb.facts). ``rules``: the rules of ``rules_dir``,
    when the caller has loaded them.

    While it plans, a copy of the KB (copy-on-write) and a worker process with the pipeline are made ready; the KB
    is then updated with the new files, or rebuilt when it cannot be. A failure or a stop (Ctrl-C, SIGTERM,
    SIGHUP: raised as kb.add.write.Stopped) after the first file is written puts the corpus back, unless the KB
    already holds the files. Raises InputError for bad rules or a KB of another corpus, OneDocumentFlags for
    flags of one document given with several files."""
    from ..fetch.addresses import is_url
    from ..fetch.sources import fetch_sources

    watcher = watcher or Watcher()
    corpus_dir, rules_dir, db = Path(corpus_dir), Path(rules_dir), Path(db)
    report = FilingReport()
    with tempfile.TemporaryDirectory(prefix="kb-fetched-") as scratch:
        fetched = fetch_sources([g for g in given if is_url(g)], Path(scratch), dry_run=dry_run, **(fetching or {}))
        watcher.fetched(fetched)
        report.fetch_problems = list(fetched.problems)
        if fetched.problems:
            return report
        paths, sources = fetched.in_order(list(given))
        with stops_raised():
            overrides = dict(overrides or {})
            single = [fact.key for fact in OVERRIDABLE if fact.one_document and overrides.get(fact.key)]
            if len(paths) > 1 and single:
                raise OneDocumentFlags(f"{options_of(single)} describe one document: give one file with them")
            _file_paths(paths, sources, corpus_dir, rules_dir, db, overrides, replace, dry_run, rebuild, rules,
                        watcher, report)
    return report


def _file_paths(paths, sources, corpus_dir: Path, rules_dir: Path, db: Path, overrides: dict, replace: bool,
                dry_run: bool, rebuild: bool, rules, watcher: Watcher, report: FilingReport) -> None:
    """Plan, write and update, for ``file_and_update``: the KB copy is started before the files are read."""
    from ..rules import load_rules
    from .plan import plan_additions

    session = KBSession(db, corpus_dir, rules_dir, early=rebuild and not dry_run)
    try:
        if not dry_run:
            _note_finished(finish_interrupted_additions(corpus_dir), watcher)
        rules = rules or load_rules(rules_dir)
        session.start_analyser()
        report.plan = plan = plan_additions(paths, corpus_dir, rules, overrides, replace=replace,
                                            kb=db if rebuild else None, sources=sources)
        watcher.planned(plan, dry_run)
        if plan.problems:
            report.caught_up = session.catch_up()
            return
        if dry_run:
            return
        # From the first rename to the end of the KB update, a failure or an interrupt puts the corpus back.
        with CorpusGuard(db if rebuild else None, watcher) as guard:
            report.written = guard.write(plan)
            watcher.written(report.written, corpus_dir)
            if rebuild:
                # The update brings the KB to the whole corpus: these files, and any a stopped add left behind.
                report.build = session.update(sorted({planned.text_path.name for planned in plan.files}), watcher)
    finally:
        session.close()


def file_references(ids: list[str], corpus_dir: Path, rules_dir: Path, db: Path, *, dry_run: bool = False,
                    rebuild: bool = True, replace: bool = False, fetching: dict | None = None,
                    watcher: Watcher | None = None) -> FilingReport:
    """``kb add --references``: each chosen references.yml entry (``ids``; none: every entry) with a source_url is
    fetched (``fetching``: options of kb.fetch.sources.fetch_sources) and filed under its id, in place of the
    entry; each entry's outcome is told to ``watcher.entry`` as it comes. The KB is updated once, at the end, for
    everything filed, or rebuilt when it cannot be. A failure or a stop puts back what was written, as in
    file_and_update. Raises InputError for a missing corpus or references.yml, bad rules, or ids that are no
    entry."""
    from ..corpus import references_of
    from ..rules import load_rules

    watcher = watcher or Watcher()
    corpus_dir, rules_dir, db = Path(corpus_dir), Path(rules_dir), Path(db)
    path = corpus_dir / REFERENCES_FILE
    report = FilingReport()
    with stops_raised():
        if not corpus_dir.is_dir():
            raise InputError(corpus_dir, "corpus directory not found")
        _note_finished(finish_interrupted_additions(corpus_dir), watcher)
        if not path.exists():
            raise InputError(path, "file not found: --references fetches the entries of the corpus's references.yml")
        rules = load_rules(rules_dir)
        entries = references_of(corpus_dir)
        unknown = [i for i in ids if i not in {entry.id for entry in entries}]
        if unknown:
            raise InputError(path, f"no entr{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}")
        chosen = [entry for entry in entries if not ids or entry.id in ids]
        # From the first file written to the end of the KB update, a failure or an interrupt puts the corpus back.
        with CorpusGuard(db if rebuild else None, watcher) as guard:
            filed_with: dict[str, str] = {}
            for entry in chosen:
                outcome = _file_entry(entry, filed_with, corpus_dir, rules, db if rebuild else None, replace,
                                      dry_run, fetching, watcher)
                if outcome.status == "filed":
                    report.written += guard.write(outcome.plan)
                report.entries.append(outcome)
                watcher.entry(outcome)
            changed = [planned.text_path.name for outcome in report.entries if outcome.status == "filed"
                       for planned in outcome.plan.files]
            if changed and rebuild:
                report.build = KBSession(db, corpus_dir, rules_dir, early=False).update(changed, watcher)
    return report


def _file_entry(entry: DocumentRecord, filed_with: dict[str, str], corpus_dir: Path, rules, kb: Path | None,
                replace: bool, dry_run: bool, fetching: dict | None, watcher: Watcher) -> EntryOutcome:
    """Fetch and plan one references.yml entry (kb add --references); ``filed_with`` records, for each document
    planned, the entry it was filed for."""
    from ..fetch.sources import fetch_sources
    from .plan import plan_reference

    if entry.id in filed_with:
        return EntryOutcome(entry, "filed with", filed_with=filed_with[entry.id])
    if not entry.source_url:
        return EntryOutcome(entry, "skipped")
    with tempfile.TemporaryDirectory(prefix="kb-fetched-") as scratch:
        fetched = fetch_sources([entry.source_url], Path(scratch), dry_run=dry_run, **(fetching or {}))
        watcher.fetched(fetched)
        plan, problems, notes = plan_reference(entry, fetched, corpus_dir, rules, kb=kb, replace=replace)
    if problems:
        return EntryOutcome(entry, "failed", problems=problems)
    for planned in plan.files:
        for document in planned.documents:
            filed_with[document.entry["id"]] = entry.id
    return EntryOutcome(entry, "would be filed" if dry_run else "filed", notes=notes, plan=plan)


def _note_finished(paths: list[Path], watcher: Watcher) -> None:
    for path in paths:
        watcher.note(f"{path}: put in place, finishing a `kb add` that was stopped while it renamed its files")
