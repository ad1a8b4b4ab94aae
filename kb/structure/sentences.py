"""The clauses of a paragraph and the forms of a paragraph's first sentence.

A paragraph is cut after each sentence end (rules/structure.yml ``sentence_enders``) that stands outside every
matched bracket pair (``brackets``); a bracketed note right after a sentence's end belongs to that sentence. Only
the positions of brackets and sentence enders can change anything, so only those are visited.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..rule_models.structure import StructureFile
from .model import StructureRules

# A sentence that opens with 一是 / 二是 … (an enumeration inside a paragraph).
ENUMERATED = re.compile(r"\s*[一二三四五六七八九十]{1,3}是")


@lru_cache(maxsize=64)
def _char_class(characters: frozenset) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(characters)) + "]")


def sentence_spans(view: str, start: int, end: int, rules: StructureRules) -> list[tuple[int, int]]:
    """Clause spans (start, end: offsets into ``view``, end exclusive) in view[start:end], whitespace trimmed,
    never cut inside a matched bracket pair."""
    layout = rules.layout
    depth_change, closes_at, changed = _bracket_pairs(view, start, end, layout, rules.is_unit_note)
    enders = _char_class(frozenset(layout.sentence_enders))
    events = sorted(changed.union(m.start() for m in enders.finditer(view, start, end)))
    spans: list[tuple[int, int]] = []
    depth = 0
    clause_start = start
    event = 0  # index into events
    while event < len(events):
        i = events[event]
        if i >= end:
            break
        depth += depth_change[i - start]
        if depth == 0 and view[i] in layout.sentence_enders:
            j = _sentence_end(view, i, end, closes_at, layout, rules.is_unit_note)
            event += 1
            while event < len(events) and events[event] < j:
                depth += depth_change[events[event] - start]
                event += 1
            spans.append((clause_start, j))
            clause_start = j
            continue
        event += 1
    if clause_start < end:
        spans.append((clause_start, end))
    return _trimmed(view, spans)


def _bracket_pairs(view: str, start: int, end: int, layout: StructureFile, is_unit_note=None
                   ) -> tuple[list[int], dict[int, int], set[int]]:
    """The matched bracket pairs of view[start:end]: the change of bracket depth at each position (relative to
    ``start``), each opener's position → its closer's, and the positions where the depth changes. A note on who is
    responsible (``is_unit_note``) opened and never closed runs to the paragraph's end (a page cut off mid-note:
    (牵头单位:X;责任单位:Y、Z、)."""
    depth_change = [0] * (end - start + 1)
    stack: list[tuple[str, int]] = []
    closes_at: dict[int, int] = {}
    changed: set[int] = set()
    brackets = _char_class(frozenset(layout.openers) | frozenset(layout.closers))
    for found in brackets.finditer(view, start, end):
        i = found.start()
        ch = view[i]
        if ch in layout.openers and not (ch in layout.closers and stack and stack[-1][0] == layout.closers[ch]):
            stack.append((ch, i))
        elif ch in layout.closers:
            opener = layout.closers[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    open_at = stack[depth][1]
                    del stack[depth:]
                    depth_change[open_at - start + 1] += 1
                    depth_change[i - start] -= 1
                    changed.update((open_at + 1, i))
                    closes_at[open_at] = i
                    break
    opener = layout.note_bracket[0]
    unclosed = next((at for ch, at in stack if ch == opener), None)
    if unclosed is not None and end - 1 > unclosed and is_unit_note is not None and \
            is_unit_note(view[unclosed:end].rstrip("。;.、,， ") + layout.note_bracket[1]):
        depth_change[unclosed - start + 1] += 1
        depth_change[end - 1 - start] -= 1
        changed.update((unclosed + 1, end - 1))
        closes_at[unclosed] = end - 1
    return depth_change, closes_at, changed


def _sentence_end(view: str, i: int, end: int, closes_at: dict[int, int], layout: StructureFile,
                  is_unit_note=None) -> int:
    """Where the sentence whose end mark stands at ``i`` ends: past the run of end marks and closing brackets after
    it, and past a bracketed note right after it that closes the paragraph or its own sentence (1.每万人口发明专利
    拥有量达到12件。(知识产权局负责)), or that names who is responsible (``is_unit_note``: 常住人口控制在1150万人左右。
    (市公安局牵头)万元…: the note closes the sentence before it, never opens the next)."""
    j = i + 1
    while j < end and (view[j] in layout.sentence_enders or
                       (view[j] in layout.closers and view[j] not in layout.openers)):
        j += 1
    k = j
    while k < end and view[k].isspace():
        k += 1
    if k < end and k in closes_at:
        after = closes_at[k] + 1
        m = after
        while m < end and view[m] in layout.sentence_enders:
            m += 1
        rest = m
        while rest < end and view[rest].isspace():
            rest += 1
        if rest == end or m > after or (is_unit_note is not None and is_unit_note(view[k:after])):
            j = m
    return j


def _trimmed(view: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans without the whitespace at their ends; a span of whitespace alone is dropped."""
    trimmed = []
    for s, e in spans:
        while s < e and view[s].isspace():
            s += 1
        while e > s and view[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def trailing_bracket(view: str, span: tuple[int, int], rules: StructureRules) -> int:
    """The length of a bracketed group that closes view[span] (its note: structure.yml ``note_bracket``), else 0."""
    opener, closer = rules.layout.note_bracket
    text = view[span[0]:span[1]].rstrip("。;. ")
    if not text.endswith(closer):
        return 0
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {closer: 1, opener: -1}.get(text[i], 0)
        if depth == 0:
            return len(text) - i
    return 0


def is_run_in(view: str, first: tuple[int, int], rules: StructureRules) -> bool:
    """Whether a paragraph's first sentence (``first``: its span in ``view``) titles the paragraph: short
    (structure.yml ``run_in_title.max_chars``), ended by a sentence end and with no inner separators
    (培育知识产权密集型产业。…)."""
    first_text = view[first[0]:first[1]]
    return (first[1] - first[0] <= rules.layout.run_in_title.max_chars
            and first_text[-1] in rules.layout.sentence_enders
            and not any(sep in first_text for sep in rules.layout.run_in_title.not_containing))
