"""The ``kb`` command: a thin mirror of the library (kb.build, kb.search, kb.publish)."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
from pathlib import Path

import click

from .errors import InputError
from .kb_location import in_project, kb_to_read, kb_to_write
from .facts import OVERRIDABLE, options_of
from .publish import DEFAULT_HOST, DEFAULT_METADATA, DEFAULT_PORT, DEFAULT_SETTINGS, serve_command
from .search import highlight, highlight_terminal, nothing_to_search, register_functions, search_with_count


class _Commands(click.Group):
    """Every command's bad input (a missing or broken file, a KB that is no KB) ends in one line naming the file
    and the cause, and exit status 1: never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (kb search … | head): stop quietly, as a pipe's writer does.
            sys.stdout = open(os.devnull, "w")
            ctx.exit(0)
        except InputError as error:
            click.echo(f"error: {error}", err=True)
        except sqlite3.DatabaseError as error:
            click.echo(f"error: the KB file cannot be read as a KB ({error})", err=True)
        except OSError as error:
            click.echo(f"error: {error.filename or ''}{': ' if error.filename else ''}{error.strerror or error}",
                       err=True)
        ctx.exit(1)


def _project_default(ctx, param, value):
    """A path left at its default (rules, corpus …) is looked for upwards like the KB (kb_location.in_project)."""
    if value is None or ctx.get_parameter_source(param.name) is not click.core.ParameterSource.DEFAULT:
        return value
    return in_project(Path(value))


def _write(path: Path, write) -> None:
    """Run ``write`` (which writes ``path``); a file that cannot be written ends kb with one line naming it."""
    try:
        write()
    except OSError as error:
        click.echo(f"error: cannot write {path}: {error.strerror or error}", err=True)
        sys.exit(1)


_READ_HELP = "The KB file [default: $KB_DB, else build/kb.db in this folder or the nearest above it]."
_WRITE_HELP = ("[default: $KB_DB, else the build/kb.db found in this folder or above when built from the same "
               "corpus, else build/kb.db here]")


@click.group(cls=_Commands)
@click.version_option(package_name="kb")
def cli():
    """kb: a knowledge base of Chinese government policy documents."""


@cli.command()
@click.option("--corpus", "corpus_dir", default="corpus", callback=_project_default, show_default=True, type=click.Path(path_type=Path),
              help="Corpus directory: text files with .yml sidecars, and references.yml.")
@click.option("--rules", "rules_dir", default="rules", callback=_project_default, show_default=True, type=click.Path(path_type=Path),
              help="Rules directory (rules/*.yml).")
@click.option("--out", type=click.Path(path_type=Path),
              help="The KB file to write (replaced only by a complete build). " + _WRITE_HELP)
@click.option("--strict", is_flag=True, help="Stop at the first bad input instead of building the rest.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes for analysing documents (default: the number of cores, at most 8).")
def build(corpus_dir, rules_dir, out, strict, jobs):
    """Build the KB from the corpus."""
    from .build import build_kb  # spaCy is imported by the commands that need it, not by every command
    from .cli_output import summary
    from .progress import terminal_progress

    out = kb_to_write(out, corpus_dir)
    report = build_kb(corpus_dir, rules_dir, out, strict=strict, jobs=jobs, progress=terminal_progress())
    for notice in report.notices:
        click.echo(f"note: {notice}", err=True)
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    click.echo(summary(report))
    if not report.ok:
        sys.exit(1)


def _fact_options(command):
    """The options of ``kb add`` that give a document's facts, one for each overridable fact of kb.facts, in its
    order; each is passed to the command under the fact's sidecar key."""
    for fact in reversed(OVERRIDABLE):
        command = click.option(fact.option, fact.key, help=fact.help)(command)
    return command


def _size_option(ctx, param, value):
    from .fetch.addresses import parse_size

    try:
        return parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--corpus", "corpus_dir", default="corpus", callback=_project_default, show_default=True, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dir", default="rules", callback=_project_default, show_default=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing.")
@click.option("--replace", is_flag=True, help="Overwrite a document already filed under the same id.")
@_fact_options
@click.option("--follow", is_flag=True, help="Also file the .docx and .pdf attachments a fetched page links to.")
@click.option("--references", "from_references", is_flag=True,
              help="Fetch and file every references.yml entry with a source_url (or the entries whose ids are "
                   "given as arguments).")
@click.option("--timeout", default=15.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds to wait for a web server (to connect, and for each read).")
@click.option("--deadline", default=60.0, show_default=True, type=click.FloatRange(0.1, 86400),
              help="Seconds allowed for each web address in all (retries, redirects and the whole download).")
@click.option("--max-bytes", default="50MB", show_default=True, callback=_size_option,
              help="The largest file or page fetched from an address, once decompressed (e.g. 50MB, 500KB, 1GB).")
@click.option("--allow-redirects-off-host", is_flag=True,
              help="Follow a web address's redirects to another host or port (refused otherwise).")
@click.option("--allow-attachments-off-host", is_flag=True,
              help="With --follow, also fetch attachments on another host or port than the page's.")
@click.option("--build/--no-build", "rebuild", default=True, show_default=True,
              help="Rebuild the KB after filing.")
@click.option("--db", type=click.Path(path_type=Path), help="The KB file to rebuild. " + _WRITE_HELP)
def add(files, corpus_dir, rules_dir, dry_run, replace, rebuild, db, follow, from_references, timeout,
        deadline, max_bytes, allow_redirects_off_host, allow_attachments_off_host, **overrides):
    """File documents into the corpus, with facts read from their text: files (.txt .md .html .docx .pdf) or
    web addresses (http/https, fetched and read like a saved page). With --references, FILES are the ids of
    references.yml entries to fetch (none: every entry with a source_url)."""
    from .add import OneDocumentFlags, file_and_update, file_references
    from .add.write import Stopped
    from .cli_output import Printer, show_outcome

    fetching = dict(follow=follow, timeout=timeout, deadline=deadline, max_bytes=max_bytes,
                    allow_redirects_off_host=allow_redirects_off_host,
                    allow_attachments_off_host=allow_attachments_off_host)
    given = [key for key, value in overrides.items() if value]
    if from_references and given:
        raise click.UsageError(f"{options_of(given)} describe one document; with --references the facts come "
                               f"from references.yml")
    if not files and not from_references:
        raise click.UsageError("give the files or web addresses to add (or --references)")
    printer = Printer(corpus_dir)
    db = kb_to_write(db, corpus_dir)
    try:
        if from_references:
            report = file_references(list(files), corpus_dir, rules_dir, db, dry_run=dry_run, rebuild=rebuild,
                                     replace=replace, fetching=fetching, watcher=printer)
        else:
            report = file_and_update(list(files), corpus_dir, rules_dir, db, overrides=overrides, replace=replace,
                                     dry_run=dry_run, rebuild=rebuild, fetching=fetching, watcher=printer)
    except OneDocumentFlags as error:
        raise click.UsageError(str(error)) from None
    except Stopped as stopped:
        click.echo(f"kb add: stopped by {signal.Signals(stopped.signum).name}", err=True)
        sys.exit(128 + stopped.signum)
    show_outcome(report, from_references, dry_run, rebuild, corpus_dir, db)


def _open_db(db: Path | None) -> tuple[Path, sqlite3.Connection]:
    """(the KB file, a read-only connection to it): ``db`` as given, else found (kb.kb_location.kb_to_read).
    Raises InputError naming where kb looked when there is no KB."""
    db = kb_to_read(db)
    return db, sqlite3.connect(f"file:{db}?mode=ro", uri=True)


@cli.command()
@click.argument("query")
@click.option("--db", type=click.Path(path_type=Path), help=_READ_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
def search(query, db, as_json, limit):
    """Clauses containing every space-separated term of QUERY, most relevant first."""
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        raise click.ClickException("the query holds bytes that are not text in the terminal's encoding (UTF-8)")
    if not query.strip() or nothing_to_search(query):  # ",,,", " ": no term to look for, so nothing is found
        raise click.ClickException(f"the query {query!r} holds no term to search for (only spaces and punctuation)")
    db, conn = _open_db(db)
    register_functions(conn, db)
    total, hits = search_with_count(conn, query, limit=limit)
    if as_json:
        click.echo(json.dumps([
            {"id": h.id, "document_id": h.document_id, "section_id": h.section_id, "kind": h.kind,
             "breadcrumb": h.breadcrumb, "text": h.text, "highlighted": h.highlighted, "rank": h.rank}
            for h in hits], ensure_ascii=False, indent=2))
        return
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for hit in hits:
        marked = highlight_terminal(hit.text, query) if colour else highlight(hit.text, query, "【", "】", str)
        click.echo(f"{hit.id}  {hit.breadcrumb}\n    {marked}")
    click.echo(f"{len(hits)} of {total} clause(s)" + (" (limit reached)" if len(hits) < total else ""), err=True)


@cli.command("index")
@click.option("--db", type=click.Path(path_type=Path), help=_READ_HELP)
def index_command(db):
    """Write the ranked search index beside a KB file (DB.ranked/), as `kb build` and `kb add` do: for a KB copied
    without it. Without it search still finds the same clauses, ranked by FTS5's bm25, slower at scale."""
    from . import ranked

    db = kb_to_read(db)
    try:
        key = ranked.rebuild(db)
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error))
    click.echo(f"indexed {db}: {ranked.folder_of(db) / key}")


@cli.command()
@click.option("--db", type=click.Path(path_type=Path), help=_READ_HELP)
@click.option("--metadata", default=str(DEFAULT_METADATA), callback=_project_default, show_default=True, type=click.Path(path_type=Path))
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@click.option("--settings", "settings_path", default=str(DEFAULT_SETTINGS), show_default=True,
              type=click.Path(path_type=Path), help="Datasette settings (time limit, row limit …).")
@click.option("--header-timeout", type=click.FloatRange(0.5, 600), default=None,
              help="Seconds a connection may take to send its request head (default 10).")
@click.option("--keep-alive", type=click.IntRange(1, 600), default=None,
              help="Seconds an idle keep-alive connection is kept (default 5).")
@click.option("--max-connections", type=click.IntRange(1, 100_000), default=None,
              help="Open connections and requests at most; beyond, 503 at once (default 400).")
def serve(db, metadata, host, port, settings_path, header_timeout, keep_alive, max_connections):
    """Serve the KB with Datasette, immutable, with the limits of the settings file and of a public server."""
    from .store.kb_file import read_meta

    db = kb_to_read(db)
    # Checked here, before Datasette starts in this process's place: its own errors are tracebacks.
    if not read_meta(db):
        raise InputError(db, "is not a KB (no kb_meta table): give the KB file kb build or kb add wrote")
    for path, what in ((metadata, "--metadata"), (settings_path, "--settings")):
        if not Path(path).is_file():
            raise InputError(path, f"file not found: run kb serve in the project's folder, or give {what}")
    command = serve_command(db, metadata, host, port, settings_path,
                            {"header_timeout": header_timeout, "keep_alive": keep_alive,
                             "max_connections": max_connections})
    os.execv(command[0], command)


@cli.command()
@click.option("--docs", type=click.IntRange(1, 10_000_000), required=True, help="How many documents to write.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Directory for the synthetic corpus.")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--corpus", "corpus_dir", default="corpus", callback=_project_default, show_default=True, type=click.Path(path_type=Path),
              help="Where the real plan is, whose pieces the documents are made of.")
@click.option("--rules", "rules_dir", default="rules", callback=_project_default, show_default=True, type=click.Path(path_type=Path))
def synth(docs, out, seed, corpus_dir, rules_dir):
    """Write a deterministic synthetic corpus (for benchmarks; never into corpus/)."""
    from .synth import write_synthetic_corpus

    if out.resolve() == corpus_dir.resolve():
        raise click.UsageError("a synthetic corpus never goes into the real corpus directory")
    if not corpus_dir.is_dir():
        raise InputError(corpus_dir, "corpus directory not found: synth makes its documents from the plan there; "
                                     "run it in the repository, or give --corpus")
    characters = write_synthetic_corpus(out, docs, seed=seed, corpus_dir=corpus_dir, rules_dir=rules_dir)
    click.echo(f"wrote {docs} synthetic documents ({characters:,} characters) into {out}")


@cli.command("eval")
@click.option("--db", type=click.Path(path_type=Path), help=_READ_HELP)
@click.option("--gold", "gold_dir", default="tests/gold", callback=_project_default, show_default=True, type=click.Path(path_type=Path))
@click.option("--fixtures", "fixtures_dir", default="tests/fixtures/targets", callback=_project_default, show_default=True,
              type=click.Path(path_type=Path))
@click.option("--rules", "rules_dir", default="rules", callback=_project_default, show_default=True, type=click.Path(path_type=Path))
@click.option("--devset", "devset_dir", default="tests/devset", callback=_project_default, show_default=True,
              type=click.Path(path_type=Path), help="Synthetic documents the rules were tuned on, with their gold.")
@click.option("--heldout", "heldout_dir", default="tests/heldout", callback=_project_default, show_default=True,
              type=click.Path(path_type=Path), help="Synthetic documents the rules were not tuned on, with their gold.")
@click.option("--holdout", "holdout_file", default="eval/real-holdout.yml", callback=_project_default, show_default=True,
              type=click.Path(path_type=Path), help="With a gold file: the files scored apart, never tuned on.")
@click.option("--align", "align_dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Score task alignment instead: the parent/child pair folders (with gold.yml) in this folder.")
@click.option("--verbose", is_flag=True, help="List what is missing and what is extra.")
@click.option("--markdown", is_flag=True, help="Print the README's blocks of these figures (Markdown, between "
                                              "their marker comments) instead of the report.")
@click.option("--readme", "readme_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Rewrite these figures' blocks in this file (README.md) between their marker comments.")
def eval_command(db, gold_dir, fixtures_dir, rules_dir, devset_dir, heldout_dir, holdout_file, align_dir, verbose,
                 markdown, readme_file):
    """Precision, recall and F1 against the hand-written gold files: the details first, the summary last.

    With --gold FILE.yml (real pages and their gold, as ../shared/real/gold.yml), every page is filed as kb add
    files it, built and scored: units per item, targets F1 and facts, for the tuned part and the held-out part.
    With --align DIR, each parent/child pair folder is built and its task alignment scored (kb.evaluate.align).
    On a terminal, what is being scored is shown on standard error meanwhile."""
    from .evaluate import evaluate_sets, real_report_lines, real_scores, report_lines
    from .evaluate.markdown import markdown_blocks, markdown_lines, real_markdown_blocks, rewrite_readme
    from .progress import terminal_steps

    progress = None
    if align_dir is not None:
        from .evaluate.align import align_markdown_blocks, align_report_lines, evaluate_align

        aligned = evaluate_align(align_dir, rules_dir)
        lines, blocks = align_report_lines(aligned, verbose), align_markdown_blocks(align_dir, aligned)
    elif gold_dir.is_file():
        progress = terminal_steps("kb eval: pages")
        real = real_scores(gold_dir, rules_dir, holdout_file, progress)
        lines = real_report_lines(real, verbose)
        blocks = real_markdown_blocks(gold_dir, real.groups, real.files)
    else:
        db = kb_to_read(db)
        progress = terminal_steps("kb eval: sets")
        report = evaluate_sets(db, gold_dir, fixtures_dir, rules_dir, devset_dir, heldout_dir, progress)
        lines, blocks = report_lines(report, verbose), markdown_blocks(report)
    if progress:
        progress(1, 1, "")
    if readme_file is not None:
        changed = rewrite_readme(readme_file, blocks)
        click.echo(f"{readme_file}: {len(changed)} of the blocks {', '.join(blocks)} changed", err=True)
    for line in markdown_lines(blocks) if markdown else lines:
        click.echo(line)


@cli.command("draft")
@click.option("--unit", required=True, help="The unit drafting its 实施方案 (units.id), e.g. 自治区版权局.")
@click.option("--area", "areas", multiple=True, help="Keep only this area (id or name); may repeat.")
@click.option("--format", "fmt", required=True, type=click.Choice(["docx", "xlsx", "md"]))
@click.option("--out", help="The file to write [default: {unit}-实施方案草稿.{format}]; '-' prints Markdown.")
@click.option("--document", "document_id", help="The plan to draft from (documents.id) [default: the plan with text].")
@click.option("--db", type=click.Path(path_type=Path), help=_READ_HELP)
def draft_command(unit, areas, fmt, out, document_id, db):
    """Draft a unit's 实施方案 (task-division table) from the clauses the plan assigns to it."""
    from .draft.files import default_draft_name, write_draft
    from .draft.markdown import render_markdown
    from .draft.reader import draft_documents, draft_for_unit

    if out == "-" and fmt != "md":
        raise click.UsageError("--out - (standard output) is for --format md only")
    db, conn = _open_db(db)
    try:
        made = draft_for_unit(conn, unit, list(areas) or None, document_id)
        offered = draft_documents(conn, made.unit) if document_id is None else []
    except LookupError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    finally:
        conn.close()
    if document_id is None and not offered:
        click.echo(f"error: no document of the KB gives {made.unit} a task (it is only named, or not at all): "
                   f"nothing to draft; give --document to draft from one document anyway", err=True)
        sys.exit(1)
    if len(offered) > 1:  # the unit has a draft in each: say which one this is, and how to get the others
        others = "; ".join(f"{d['id']} ({d['tasks']} tasks)" for d in offered[1:])
        click.echo(f"drafted from {offered[0]['id']}, the document with most of its tasks; also: {others} "
                   f"(choose with --document)", err=True)
    counted = f"{len(made.tasks)} task(s) in {len(made.groups)} area(s)"
    if out == "-":
        click.echo(render_markdown(made), nl=False)
        click.echo(f"wrote {counted} for {unit} to standard output", err=True)
        return
    path = Path(out) if out else Path(default_draft_name(made.unit, fmt))  # 甲/乙局 is no folder
    _write(path, lambda: write_draft(made, path, fmt))
    click.echo(f"wrote {counted} for {unit} to {path}")


@cli.command("check-coverage")
@click.option("--plan", "plan", required=True, help="The unit's own plan (documents.id) that implements a parent.")
@click.option("--unit", required=True, help="The unit whose tasks are checked (units.id or a name a text prints).")
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "md", "xlsx"]))
@click.option("--out", help="The file to write [default: standard output for text and md, "
                            "{unit}-{plan}-覆盖检查.xlsx for xlsx].")
@click.option("--db", type=click.Path(path_type=Path), help=_READ_HELP)
def check_coverage_command(plan, unit, fmt, out, db):
    """Check that a plan covers every task its parent documents assign to a unit: the plan's clauses that answer
    each, 未覆盖 where none does, deadlines and targets later or looser than the parent's."""
    from .align.coverage import coverage
    from .align.coverage_report import default_report_name, report_bytes, summary_of, write_report

    db, conn = _open_db(db)
    try:
        report = coverage(conn, plan, unit)
    except LookupError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    finally:
        conn.close()
    if out is None and fmt != "xlsx":
        click.echo(report_bytes(report, fmt).decode("utf-8"), nl=False)
        return
    path = Path(out) if out else Path(default_report_name(report, fmt))
    _write(path, lambda: write_report(report, path, fmt))
    click.echo(f"wrote {summary_of(report)} to {path}")


if __name__ == "__main__":
    cli()
