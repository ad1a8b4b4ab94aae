"""Writing what ``kb add`` planned into the corpus, all or nothing: temp files renamed into place under a journal,
so that a process killed half way through is finished by the next one; and the corpus put back as it was when the
KB cannot take the change."""
from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import is_stale_temp, text_writer, write_atomically, write_temp
from ..corpus import REFERENCES_FILE

if TYPE_CHECKING:
    from .plan import AddPlan

# The journal `write_additions` keeps while it renames its files into place (one per process, named by its id):
# a `kb add` killed half way through the renaming is finished by the next one (finish_interrupted_additions).
JOURNAL_PREFIX = ".kb-add-journal-"


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


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, as Ctrl-C raises KeyboardInterrupt; ``signum`` says which."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stops_raised():
    """SIGTERM (kill, a service manager, a CI timeout) and SIGHUP (the terminal closed) raised as Stopped inside
    the block, so that they stop ``kb add`` as Ctrl-C does: what it wrote is taken back, the KB copy and worker
    are let go. Outside the main thread the signals cannot be caught, and the block runs as it is."""

    def stop(signum, frame):
        raise Stopped(signum)

    previous = {}
    try:
        for number in (signal.SIGTERM, signal.SIGHUP):
            previous[number] = signal.signal(number, stop)
    except ValueError:
        pass  # not the main thread
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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

