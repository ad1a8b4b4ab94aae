"""Worker processes that analyse text files (kb.file_analysis): a pool for a build of many files, and one
process started ahead of time for ``kb add``'s update.

Each worker loads the rules and builds the pipeline once; the files' rows come back in file order, so the same
corpus gives the same KB however many workers there are.
"""
from __future__ import annotations

import os
from pathlib import Path

from .file_analysis import FileAnalyser, FileRows

# Fewer files than this are analysed in the calling process: starting workers (a second each) would cost more.
POOL_MIN_FILES = 8
MAX_JOBS = 8

_ANALYSER: FileAnalyser | None = None  # a worker process's analyser


def _start_worker(rules_dir: Path, parent_dates: dict[str, str]):
    global _ANALYSER
    _ANALYSER = FileAnalyser(rules_dir, parent_dates)


def _analyse_in_worker(text_path: Path) -> FileRows:
    return _ANALYSER.analyse_file(text_path)


def _analyse_with_dates(text_path: Path, parent_dates: dict[str, str]) -> FileRows:
    _ANALYSER.parent_dates = parent_dates
    return _ANALYSER.analyse_file(text_path)


class AnalyserProcess:
    """A worker process that loads the rules and builds the pipeline (about a second: jieba's dictionary) as soon
    as it is started, while the starting process does other work; ``kb add`` starts one before it reads its
    files, and the update analyses the new files there."""

    def __init__(self, rules_dir: Path):
        import multiprocessing

        self.rules_dir = Path(rules_dir)
        # A fresh interpreter (spawn), not a fork: the starting process may have threads running (KBCopy), and it
        # has not imported spaCy, which the worker imports while the starting process reads its files.
        self._pool = multiprocessing.get_context("spawn").Pool(
            1, initializer=_start_worker, initargs=(self.rules_dir, {}))

    def analyse(self, paths: list[Path], parent_dates: dict[str, str]) -> list[FileRows]:
        """FileRows of each path, in order. Raises what the analysis raised."""
        return self._pool.starmap(_analyse_with_dates, [(path, parent_dates) for path in paths])

    def close(self) -> None:
        """Stop the worker process; idempotent."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def analysed(paths: list[Path], rules_dir: Path, parent_dates: dict[str, str], jobs: int):
    """FileRows of each path, in order; in ``jobs`` worker processes when that helps."""
    if jobs <= 1 or len(paths) < POOL_MIN_FILES:
        analyser = FileAnalyser(rules_dir, parent_dates)
        for path in paths:
            yield analyser.analyse_file(path)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs, initializer=_start_worker, initargs=(rules_dir, parent_dates)) as pool:
        yield from pool.imap(_analyse_in_worker, paths, chunksize=4)


def default_jobs() -> int:
    """How many worker processes a build uses by default: one a core, at most MAX_JOBS."""
    return max(1, min(os.cpu_count() or 1, MAX_JOBS))
