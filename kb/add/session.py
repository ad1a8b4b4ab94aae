"""The KB side of ``kb add``: a copy of the KB and a worker process made ready while files are planned, the
incremental update and the full build it falls back to, and the corpus put back when they fail or are stopped;
and the ``Watcher`` told of each step."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .write import corpus_before, restore_corpus, signals_held, write_additions


class Watcher:
    """What ``kb add`` tells as it goes, for a user interface to show (the CLI prints it); each method here does
    nothing."""

    def note(self, text: str) -> None:
        """A note for the user: a renaming finished, a full build instead of an update."""

    def fetched(self, fetched) -> None:
        """What was fetched for some web addresses (kb.fetch.sources.FetchedSources), before it is planned."""

    def planned(self, plan, dry_run: bool) -> None:
        """A plan (kb.add.plan.AddPlan), before anything is written; it may have problems."""

    def written(self, paths: list[Path], corpus_dir: Path) -> None:
        """Files written into the corpus ``corpus_dir``, before the KB is brought up to date."""

    def entry(self, outcome) -> None:
        """What became of one references.yml entry (kb.add.EntryOutcome)."""

    def stopped(self, kb_holds_them: bool) -> None:
        """Filing failed or was stopped after files were written: the KB holds them (``kb_holds_them``), or they
        were taken back out of the corpus."""

    def progress(self, progress) -> None:
        """A full build's progress (kb.build.Progress), after each file."""


class KBSession:
    """The KB ``db`` being brought to what ``corpus_dir`` holds. With ``early``, when ``db`` is a KB of that
    corpus, its copy (kb.store.kb_file.KBCopy: copy-on-write, holding the KB's writer lock, so one add at a time) is
    started at once, and ``start_analyser`` starts a worker process with the pipeline: both are made ready while
    the caller reads its files (a KB of 1.6 GB takes three seconds to copy and flush). ``close`` lets go of
    whatever is not used."""

    def __init__(self, db: Path, corpus_dir: Path, rules_dir: Path, early: bool):
        from ..store.kb_file import KBCopy, same_corpus

        self.db, self.corpus_dir, self.rules_dir = Path(db), Path(corpus_dir), Path(rules_dir)
        self.early = early and self.db.is_file() and same_corpus(self.db, self.corpus_dir)
        self.copy = KBCopy(self.db) if self.early else None
        self.analyser = None

    def start_analyser(self) -> None:
        """Start the worker process (kb.build.AnalyserProcess) for an early session; once the rules are known to be
        good."""
        if self.early:
            from ..analyser_pool import AnalyserProcess

            self.analyser = AnalyserProcess(self.rules_dir)

    def update(self, changed: list[str], watcher: Watcher):
        """The KB brought to the corpus: updated with the text files ``changed`` and every other difference (see
        kb.build.update_kb), else, when it cannot be, rebuilt (a note says so when the update failed). Returns the
        kb.build.BuildReport. Raises InputError for a KB of another corpus."""
        from ..build import build_kb
        from ..update import update_kb

        report = update_kb(self.db, self.corpus_dir, self.rules_dir, changed, copy=self.copy,
                           analyser=self.analyser)
        self.copy = None  # the update has committed or let go of it
        if report is None or not report.ok:
            if report is not None:
                watcher.note("the incremental update did not apply cleanly; rebuilding everything")
            report = build_kb(self.corpus_dir, self.rules_dir, self.db, progress=watcher.progress)
        return report

    def catch_up(self):
        """For a refused add: the KB brought to what the corpus holds, when it holds less (a document filed by an
        add that was stopped before its KB update is refused as already in the corpus, and is in the KB after).
        The update's kb.build.BuildReport when it took something in, else None."""
        if not self.early:
            return None
        from ..update import update_kb

        report = update_kb(self.db, self.corpus_dir, self.rules_dir, [], copy=self.copy, analyser=self.analyser)
        self.copy = None
        return report if report is not None and report.changes and report.ok else None

    def close(self) -> None:
        """Stop the worker and discard an unused copy."""
        if self.analyser is not None:
            self.analyser.close()
        if self.copy is not None:
            self.copy.discard()


class CorpusGuard:
    """The corpus as it was before ``write`` wrote plans into it, put back if what follows in the ``with`` block
    fails (a full disk, an unwritable folder, an interrupt: Ctrl-C, SIGTERM, SIGHUP), so that corpus and KB agree
    and the same add can be run again; unless the KB ``db`` already holds the files written (the interrupt came
    after the update), when there is nothing to take back. Interrupts are held back while the corpus is put back;
    the watcher is told which it was, and the error is raised again."""

    def __init__(self, db: Path | None, watcher: Watcher):
        self.db, self.watcher = db, watcher
        self.before: dict[Path, bytes | None] = {}
        self.planned: list = []

    def write(self, plan) -> list[Path]:
        """Write a plan (kb.add.write.write_additions), first recording what its paths held."""
        for target, content in corpus_before(plan).items():
            self.before.setdefault(target, content)  # the first state of each path
        self.planned.extend(plan.files)
        return write_additions(plan)

    def __enter__(self) -> CorpusGuard:
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is None:
            return False
        with signals_held():
            held = self.db is not None and bool(self.planned) and self._kb_holds()
            if not held:
                restore_corpus(self.before)
            self.watcher.stopped(held)
        return False

    def _kb_holds(self) -> bool:
        from ..corpus_record import kb_holds_files

        try:
            return kb_holds_files(self.db, {p.text_path.name: (hashlib.sha256(p.text.encode("utf-8")).hexdigest(),
                                                               hashlib.sha256(p.sidecar_text.encode("utf-8"))
                                                               .hexdigest()) for p in self.planned})
        except Exception:
            return False
