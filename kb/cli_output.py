"""What ``kb build`` and ``kb add`` print: a build's summary line, the plan of ``kb add`` with the facts it read,
each step as it comes (``Printer``, kb add's watcher) and how it ended."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .add.session import Watcher
from .facts import FACTS


def summary(report) -> str:
    """One line of a kb.build.BuildReport: what was built or updated, its size and speed, the bad inputs."""
    rate = f"{report.clauses / report.seconds:,.0f} clauses/s, " if report.seconds and report.clauses else ""
    return (f"{'updated' if report.incremental else 'built'} {report.out}: {report.documents} documents"
            + ("" if report.incremental else f" ({report.documents_with_text} with text)")
            + f", {report.sections} sections, {report.clauses} clauses in {report.seconds:.1f} s ({rate}"
              f"{report.bytes / 1e6 / max(report.seconds, 1e-9):.2f} MB/s)"
            + (f"; {len(report.problems)} bad input(s) left out" if report.problems else ""))


def show_plan(plan, dry_run: bool) -> None:
    """A plan of ``kb add`` (kb.add.plan.AddPlan): each file, its notes, each document with its facts and how
    each was found, what is written (a dry run: the sidecar and the text's first lines)."""
    for planned in plan.files:
        click.echo(f"{planned.origin or planned.source} ({planned.extracted.format}"
                   + (f", {planned.extracted.encoding}" if planned.extracted.encoding else "")
                   + f", {planned.text.count(chr(10))} lines)")
        for note in planned.extracted.notes + [n for d in planned.documents if d.facts for n in d.facts.notes]:
            click.echo(f"  note: {note}")
        for document in planned.documents:
            found_by = document.facts.found_by if document.facts else {}
            click.echo(f"  document {document.entry['id']}"
                       + (f" (takes the place of references.yml entry {document.replaces_reference})"
                          if document.replaces_reference else ""))
            for fact in FACTS:
                value = document.entry.get(fact.key)
                if value and fact.label:
                    shown = "；".join(value) if fact.many else value
                    how = found_by.get(fact.name)
                    click.echo(f"    {fact.label:20} {shown}" + (f"   [{how}]" if how else ""))
        action = "would write" if dry_run else "writes"
        verb = " (replacing the existing files)" if planned.overwrites else ""
        click.echo(f"  {action} {planned.text_path} and {planned.sidecar_path.name}{verb}")
        if dry_run:
            click.echo(f"  --- {planned.sidecar_path}")
            click.echo("\n".join("  " + line for line in planned.sidecar_text.rstrip("\n").split("\n")))
            lines = planned.text.rstrip("\n").split("\n")
            click.echo(f"  --- {planned.text_path} (first {min(8, len(lines))} of {len(lines)} lines)")
            click.echo("\n".join("  " + line for line in lines[:8]))
    if plan.references_text is not None:
        replaced = sorted({r for f in plan.files for r in f.replaced_references})
        click.echo(f"{'would remove' if dry_run else 'removes'} {', '.join(replaced)} from "
                   f"{plan.corpus_dir / 'references.yml'} (the text is now in the corpus)")


def show_outcome(report, from_references: bool, dry_run: bool, rebuild: bool, corpus_dir: Path, db: Path) -> None:
    """The end of ``kb add``'s output (kb.add.FilingReport): what stopped it, or what became of the KB; exit 1
    when anything failed."""
    for problem in report.fetch_problems:
        click.echo(f"error: {problem}", err=True)
    if from_references and not report.entries:
        click.echo(f"{corpus_dir / 'references.yml'}: no entries to fetch")
    plan = report.plan
    if report.fetch_problems or (plan is not None and plan.problems):
        for problem in plan.problems if plan is not None else []:
            click.echo(f"error: {problem}", err=True)
        click.echo("nothing written", err=True)
        if report.caught_up is not None:
            click.echo(f"note: the KB did not hold all the corpus holds (a `kb add` stopped before its KB update?): "
                       f"{summary(report.caught_up)}", err=True)
        sys.exit(1)
    if dry_run and not from_references:
        click.echo("dry run: nothing written")
    elif report.build is not None:
        for notice in report.build.notices:
            click.echo(f"note: {notice}", err=True)
        for problem in report.build.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(summary(report.build))
    elif report.written and not rebuild:
        click.echo(f"run `kb build --corpus {corpus_dir} --out {db}` to rebuild the KB")
    if not report.ok:
        sys.exit(1)


class Printer(Watcher):
    """kb add's watcher: prints each step as it comes."""

    def __init__(self, corpus_dir: Path):
        from .progress import terminal_progress

        self.references = Path(corpus_dir) / "references.yml"
        self._progress = terminal_progress()

    def note(self, text: str) -> None:
        """``note: …`` on standard error."""
        click.echo(f"note: {text}", err=True)

    def fetched(self, fetched) -> None:
        """A line for each attachment link not followed: how to file it, or that a dry run fetches none."""
        from .fetch.sources import READ_ATTACHMENTS

        for page, label, link, suffix in fetched.offered:
            advice = ("give --follow to file it too" if suffix in READ_ATTACHMENTS else
                      f"kb does not read {suffix} files: save it as .docx and kb add that file")
            click.echo(f"attachment on {page}: {label} <{link}> ({advice})")
        for page, label, link, _ in fetched.not_fetched:
            click.echo(f"attachment on {page}: {label} <{link}> (would be fetched and filed; a dry run fetches none)")

    def planned(self, plan, dry_run: bool) -> None:
        """The plan (show_plan)."""
        show_plan(plan, dry_run)

    def written(self, paths, corpus_dir: Path) -> None:
        """How many files were written, and where."""
        click.echo(f"wrote {len(paths)} file(s) into {corpus_dir}")

    def entry(self, outcome) -> None:
        """One line for a references.yml entry: filed, would be filed (after its plan), skipped, failed (on
        standard error, with why) or filed with another entry; its notes before it."""
        entry = outcome.entry
        if outcome.status == "filed with":
            click.echo(f"{entry.id}: filed with {outcome.filed_with} (the same file holds it)")
        elif outcome.status == "skipped":
            click.echo(f"{entry.id}: skipped (no source_url; add the official address to {self.references} to "
                       f"fetch it)")
        elif outcome.status == "failed":
            click.echo(f"{entry.id}: failed ({'; '.join(str(p) for p in outcome.problems)})", err=True)
        else:
            for note in outcome.notes:
                click.echo(f"{entry.id}: note: {note}")
            if outcome.status == "would be filed":
                show_plan(outcome.plan, True)
            verb = "would be filed" if outcome.status == "would be filed" else "filed"
            click.echo(f"{entry.id}: {verb} from {entry.source_url} ({', '.join(outcome.ids)})")

    def stopped(self, kb_holds_them: bool) -> None:
        """Whether the files written are in the KB, or were taken back out of the corpus (standard error)."""
        click.echo("the KB was updated with the files written into the corpus" if kb_holds_them else
                   "the KB was not updated, and the files written into the corpus were taken back out", err=True)

    def progress(self, progress) -> None:
        """A build's progress on one line redrawn in place, on a terminal only (kb.progress)."""
        if self._progress is not None:
            self._progress(progress)
