"""Where the KB is, found the way git finds its repository: the ``--db`` given; else the ``KB_DB`` environment
variable; else ``build/kb.db`` in the current folder or the nearest folder above it. The search upwards stops at
the top of the project (a folder holding ``.git``, itself searched) or at the filesystem root, so a KB above the
project is never picked up by accident. Commands that read a KB call ``kb_to_read``; ``kb build`` and ``kb add``
call ``kb_to_write``."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError

ENVIRONMENT = "KB_DB"
# Where a KB is built by default, relative to the project's folder (kb.publish.DEFAULT_DB).
RELATIVE = Path("build/kb.db")


def searched_folders(start: Path | None = None) -> list[Path]:
    """The folders searched for build/kb.db from ``start`` (default: the current folder), nearest first: each
    folder up to and including the first that holds ``.git``, or up to the filesystem root."""
    folder = Path(start or Path.cwd()).absolute()
    folders = []
    for candidate in (folder, *folder.parents):
        folders.append(candidate)
        if (candidate / ".git").exists():
            break
    return folders


def find_kb(given: Path | None = None, environ=None, start: Path | None = None) -> tuple[Path | None, str]:
    """(the KB file, how it was found) or (None, where it was looked for): ``given`` when not None ("--db"), else
    ``KB_DB`` from ``environ`` (default os.environ) when set ("KB_DB"), else the nearest existing build/kb.db
    (``searched_folders(start)``; "found upwards"). A given or KB_DB path is returned whether or not it exists."""
    environ = os.environ if environ is None else environ
    if given is not None:
        return Path(given), "--db"
    if environ.get(ENVIRONMENT):
        return Path(environ[ENVIRONMENT]), ENVIRONMENT
    folders = searched_folders(start)
    for folder in folders:
        if (folder / RELATIVE).is_file():
            return folder / RELATIVE, "found upwards"
    return None, (f"looked for {RELATIVE} in {', '.join(str(f) for f in folders)} and {ENVIRONMENT} is unset; "
                  f"build one with `kb build`, or give --db or set {ENVIRONMENT}")


def in_project(relative: Path, start: Path | None = None) -> Path:
    """A project path a command defaults to (rules, corpus, metadata.yml, tests/gold …), found like the KB: in the
    current folder or the nearest folder above it that holds it (``searched_folders``), so that a command run
    from a subfolder of the project finds the project's files. ``relative`` itself when no folder holds it (the
    command's own error then names it)."""
    relative = Path(relative)
    if relative.is_absolute():
        return relative
    for folder in searched_folders(start):
        if (folder / relative).exists():
            return folder / relative if folder != Path.cwd().absolute() else relative
    return relative


def kb_to_read(given: Path | None = None, environ=None, start: Path | None = None) -> Path:
    """The existing KB a command reads (``find_kb``). Raises InputError (one line, naming where kb looked) when
    there is none: no build/kb.db upwards, or a --db or KB_DB naming no file."""
    path, how = find_kb(given, environ, start)
    if path is None:
        raise InputError("no KB found", how)
    if not path.is_file():
        named = f"{ENVIRONMENT}={path}" if how == ENVIRONMENT else str(path)
        raise InputError(named, f"no KB there; run `kb build` first{'' if how == '--db' else ', or give --db'}")
    return path


def kb_to_write(given: Path | None, corpus_dir: Path, environ=None, start: Path | None = None) -> Path:
    """The KB ``kb build`` or ``kb add`` writes from ``corpus_dir``: ``given``; else ``KB_DB`` when set; else the
    build/kb.db found upwards when it was built from this same corpus (a KB of another corpus is never replaced
    by default); else build/kb.db in the current folder, as before KBs were looked for."""
    from .store.kb_file import same_corpus

    path, how = find_kb(given, environ, start)
    if how in ("--db", ENVIRONMENT):
        return path
    if path is not None and same_corpus(path, corpus_dir):
        return path
    return RELATIVE
