"""The build's progress line estimates the time left from the characters done since the first file, not from the
count of files: a tiny first file that took the start-up's seconds must not promise hours. Pure functions, no
clock."""
from __future__ import annotations

from kb.build import Progress
from kb.progress import format_progress, seconds_left

TOTAL = 1_000_000  # characters in the corpus


def _progress(done: int, seconds: float, read: int, first) -> Progress:
    return Progress(done, 101, clauses=10 * done, bytes=read, seconds=seconds, read=read, read_total=TOTAL,
                    first=first)


def test_a_tiny_slow_first_file_does_not_promise_hours():
    # The first file: 100 characters, done after 10 s (worker processes loading the pipeline); then 100 files of
    # 9,999 characters, 0.1 s each: 10 s of work left after the second file.
    first = (10.0, 100)
    assert _progress(1, 10.0, 100, first).seconds_left is None  # one file tells no pace
    after_second = _progress(2, 10.1, 100 + 9_999, first)
    left = after_second.seconds_left
    by_characters = 0.1 / 9_999 * (TOTAL - after_second.read)
    assert left is not None and abs(left - by_characters) < 1e-9
    assert left < 10.0  # 99 files of 0.1 s are left
    # By files, as before: 10.1 s / 2 files × 99 files ≈ 500 s; by all characters read: 10.1 s / 10,099 ≈ 990 s.
    assert left < 10.1 / 2 * 99 / 10 and left < 10.1 / after_second.read * (TOTAL - after_second.read) / 10
    assert format_progress(after_second).endswith(" · 0:09 left")


def test_the_estimate_follows_characters_not_files():
    # Half the characters in one big file, then many small ones: the time left is what the characters predict.
    first = (2.0, 1_000)
    big = seconds_left(12.0, 1_000 + 499_000, TOTAL, first)
    assert abs(big - 10.0 / 499_000 * 500_000) < 1e-9
    assert seconds_left(30.0, TOTAL, TOTAL, first) is None  # done: nothing left to estimate
    assert seconds_left(5.0, 1_000, TOTAL, None) is None
    assert seconds_left(5.0, 1_000, TOTAL, first) is None  # nothing done since the first file
