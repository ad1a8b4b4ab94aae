"""Progress of a long command on a terminal: one line redrawn in place. Piped or in CI, nothing until the
command's one summary line."""
from __future__ import annotations

import sys
import time


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


def seconds_left(seconds: float, read: int, total: int, first: tuple[float, int] | None) -> float | None:
    """The seconds a build has left, from the characters done: the pace since the first file was done (``first``:
    (seconds, characters read) then), applied to the characters left (``total - read``). The first file's own time
    is left out: it holds the start-up (worker processes loading the pipeline), which the rest does not pay again,
    and a tiny first file read slowly would otherwise promise hours. None until a file past the first is done,
    and once all are. ``read`` and ``total`` count the corpus files' bytes (their characters, as stored)."""
    if first is None or read >= total:
        return None
    first_seconds, first_read = first
    if read <= first_read or seconds <= first_seconds:
        return None
    return (seconds - first_seconds) / (read - first_read) * (total - read)


def format_progress(progress) -> str:
    """One line of a build's progress (kb.build.Progress): files, clauses, clauses and MB of text a second, and
    the time left (h:mm:ss or m:ss) once it is known."""
    left = progress.seconds_left
    return (f"{progress.files_done:,}/{progress.files_total:,} files · {progress.clauses:,} clauses · "
            f"{progress.clauses_per_second:,.0f} clauses/s · {progress.bytes / 1e6 / max(progress.seconds, 1e-9):.2f} MB/s"
            + (f" · {_clock(left)} left" if left is not None else ""))


def terminal_progress(stream=None, every: float = 0.2):
    """A progress callback that redraws one line on ``stream`` when it is a terminal, else None."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None
    last = [0.0]

    def show(progress):
        now = time.monotonic()
        if now - last[0] < every and progress.files_done < progress.files_total:
            return
        last[0] = now
        stream.write("\r\x1b[K" + format_progress(progress))
        if progress.files_done >= progress.files_total:
            stream.write("\r\x1b[K")
        stream.flush()

    return show


def terminal_steps(label: str, stream=None):
    """A callback (done, total, what) that shows ``label: done/total what…`` on one line redrawn in place on
    ``stream`` (default standard error) when it is a terminal, else None: piped output and tests stay quiet.
    Calling it with done == total clears the line."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(done: int, total: int, what: str) -> None:
        stream.write("\r\x1b[K" + (f"{label}: {done}/{total} {what}…" if done < total else ""))
        stream.flush()

    return show
