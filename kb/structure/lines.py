"""A document's lines as kb.structure reads them: non-blank lines, whitespace trimmed, with a hard-wrapped line
joined to its continuation (a page cut at a fixed width, a sentence broken after a comma) and a line of
run-together numbered items cut before each item (a page that lost its line breaks). Offsets are into the parsing
view, which has the document text's offsets."""
from __future__ import annotations

import bisect
import unicodedata
import re

from ..normalize import compact
from ..numerals import chinese_integer
from .ladder import is_note_line, match_marker
from .model import StructureRules
from .tables import table_cells

# An item number run into a line, after a space or a sentence's end (… 1.轨道交通… 2.新增…): a page that lost its
# line breaks. kb.targets reads a clause's tense from such a number on too (… 。2.新投放…).
_AFTER_NUMBER = r"[.．、](?=[^\d\s.．、])"  # 3. / 3、 before words, never 1.5
_NUMBERED = r"(\d{1,2})" + _AFTER_NUMBER
INLINE_ITEM = re.compile(r"(?<=[\s。;；])" + _NUMBERED)
# …and a part's number run in the same way (… 一、王某牵头重点工作 1.… 2.… 二、…), before which the items count anew.
_INLINE_MARK = re.compile(r"(?<=[\s。;；])(?:(?P<part>[一二三四五六七八九十]{1,3})、|(?P<n>\d{1,2})" + _AFTER_NUMBER + ")")
_PART = re.compile(r"\s*[(（]([一二三四五六七八九十]{1,3})[)）]")
_ARABIC_PART = re.compile(r"\s*" + _NUMBERED)


def non_blank_lines(view: str):
    """(start, end) of every non-blank line of ``view``, whitespace trimmed."""
    position = 0
    for raw in view.split("\n"):
        s, e = position, position + len(raw)
        position = e + 1
        while s < e and view[s].isspace():
            s += 1
        while e > s and view[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def line_finder(text: str):
    """``line_at(offset)``: the 1-based line of ``text`` an offset stands on, for many offsets: a binary search in
    the newlines' positions, found once, instead of counting from the start of the text for every clause."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1  # the newlines before offset, plus one

    return line_at


def logical_lines(view: str, text: str, rules: StructureRules) -> list[tuple[int, int]]:
    """Lines, with a hard-wrapped line joined to its continuation: a full line of a page cut at a fixed width (a
    PDF's lines), or a line that has a comma and no sentence end, followed by a shorter line that ends one
    (申请人应当提交…,并对材料的真实性 / 负责。). Headings have no comma and precede longer text, so they stay
    apart."""
    raw = list(non_blank_lines(view))
    width = page_width(view, raw)
    joined: list[tuple[int, int]] = []
    last_raw = None
    for s, e in raw:
        if joined and width and display_width(view[last_raw[0]:last_raw[1]]) >= width - FULL_LINE_SLACK and \
                _goes_on(view, text, rules, *last_raw, s, e):
            joined[-1], last_raw = (joined[-1][0], e), (s, e)
            continue
        last_raw = (s, e)
        if joined and (_wrapped(view, text, rules, joined[-1], (s, e))
                       or _note_goes_on(view, rules, joined[-1], (s, e)) or _label_over(view, rules, joined[-1], (s, e))):
            joined[-1] = (joined[-1][0], e)
            continue
        joined.append((s, e))
    return joined


def _goes_on(view: str, text: str, rules: StructureRules, ps: int, pe: int, s: int, e: int) -> bool:
    """Whether the line view[ps:pe] may go on in view[s:e]: it ends no sentence and is no table row, and the next
    opens no item, note or date line."""
    return (view[pe - 1] not in rules.layout.sentence_enders and view[pe - 1] not in (":", "：")
            and table_cells(text, ps, pe) is None and match_marker(view, s, e, rules)[0] is None
            and not is_note_line(view[s:e], rules) and not rules.date_line.fullmatch(compact(view[s:e])))


def _wrapped(view: str, text: str, rules: StructureRules, previous_span: tuple[int, int],
             span: tuple[int, int]) -> bool:
    """Whether the line at ``span`` is the continuation of the (joined) line at ``previous_span``, broken after a
    comma: the previous line has one, and the line is shorter (or the previous long) and ends a sentence."""
    (ps, pe), (s, e) = previous_span, span
    previous, current = view[ps:pe], view[s:e]
    return (previous[-1] not in rules.layout.closers and "," in previous and _goes_on(view, text, rules, ps, pe, s, e)
            and (len(current) < len(previous) or len(previous) >= 40)
            and (current[-1] in rules.layout.sentence_enders or current[-1] in rules.layout.closers))


def _note_goes_on(view: str, rules: StructureRules, previous_span: tuple[int, int], span: tuple[int, int]) -> bool:
    """Whether the line at ``span`` closes a note the line at ``previous_span`` opened ((责任单位: / 省经信委、发改委)):
    the two make one note line."""
    (ps, pe), (s, e) = previous_span, span
    opening, closing = rules.layout.note_bracket
    previous, current = view[ps:pe], view[s:e]
    return (previous[0] == opening and closing not in previous and pe - ps <= 40 and e - s <= 200
            and current[-1] == closing and opening not in current and is_note_line(previous + current, rules))


def _label_over(view: str, rules: StructureRules, previous_span: tuple[int, int], span: tuple[int, int]) -> bool:
    """Whether the line at ``previous_span`` is a unit label alone (责任单位 / 配合单位, a record printed one field a
    line, each label over its value) and the line at ``span`` its list: the two make one note line."""
    (ps, pe), (s, e) = previous_span, span
    label, value = view[ps:pe].strip(), view[s:e].strip()
    # (The value is no label itself: 责任单位 / 责任单位 / … is a column of labels, no record.)
    return (0 < len(label) <= 8 and label.isalpha() and e - s <= 200 and not is_note_line(label, rules)
            and is_note_line(f"{label}:{value}", rules) and not is_note_line(f"{value}:{label}", rules))


# A line of a page cut at a fixed width is full when it reaches the width less this (display columns: a Han
# character is two, a digit or a space one; a justified line may fall a character or two short, a line of
# digits and spaces (给予 100 万元、30 万元) is cut where its last Han character no longer fits, and a paragraph's
# first line lost the two-character indent it was printed with).
FULL_LINE_SLACK = 10


def display_width(line: str) -> int:
    """The columns ``line`` takes in a fixed-width layout: two for a wide character (Han, full-width punctuation,
    “” and 、 as Chinese fonts set them: Unicode East Asian Width W, F or A), one for any other."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)


def page_width(view: str, lines: list[tuple[int, int]]) -> int | None:
    """The width a page's text was cut at, where it was (a PDF's lines), in display columns (``display_width``):
    the width shared, within two columns, by at least half of its lines of 30 columns or more (and at least 6 of
    them); else None."""
    lengths = [n for n in (display_width(view[s:e]) for s, e in lines) if n >= 30]
    if len(lengths) < 6:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1

    def near(n: int) -> int:
        return sum(counts.get(m, 0) for m in range(n - 2, n + 3))

    mode = max(counts, key=lambda n: (near(n), n))
    return mode if near(mode) * 2 >= len(lengths) and near(mode) >= 6 else None


def inline_items(view: str, lines: list[tuple[int, int]], rules: StructureRules,
                 min_chars: int = 200, table_lines: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Lines with a page's run-together numbered items apart: a line of parts glued after sentence ends
    (_glued_parts), or a line of ``min_chars`` or more in which 1. 2. 3. … follow each other (at least two of
    them, counting up from 1, and from 1 again after each of 一、 二、 … run in the same way), cut before each; each
    piece without its trailing spaces. A line of a flattened table (its start in ``table_lines``) stays whole: the
    1. 2. in a row's 进展情况 cell number what the row reports, not items of the document."""
    out = []
    for s, e in lines:
        if s in table_lines:
            out.append((s, e))
            continue
        glued = _glued_parts(view, s, e, rules) or _note_then_item(view, s, e, rules)
        if glued:
            out.extend(glued)
            continue
        if e - s < min_chars:
            out.append((s, e))
            continue
        cuts, expected, part = [], 1, 1
        for match in _INLINE_MARK.finditer(view, s, e):
            if match.group("part") and chinese_integer(match.group("part")) == part:
                cuts.append(match.start())
                part, expected = part + 1, 1  # (一、… 1.… 2.… 二、… 1.…: the items count again in each part)
            elif match.group("n") and int(match.group("n")) == expected:
                cuts.append(match.start())
                expected += 1
        if len(cuts) < 2:
            out.append((s, e))
            continue
        out.extend(_pieces(view, s, cuts, e))
    return out


def _pieces(view: str, start: int, cuts: list[int], end: int, keep_empty: bool = False) -> list[tuple[int, int]]:
    """view[start:end] cut at ``cuts``, each piece without its trailing spaces (an empty piece kept only with
    ``keep_empty``)."""
    pieces = []
    for a, b in zip([start] + cuts, cuts + [end]):
        while b > a and view[b - 1].isspace():
            b -= 1
        if keep_empty or a < b:
            pieces.append((a, b))
    return pieces


def _note_then_item(view: str, s: int, e: int, rules: StructureRules) -> list[tuple[int, int]] | None:
    """A line that opens with the note of the item above and runs on into the next item's number ((责任单位:市城建局)
    2.完成…, a page that lost the line break after the note): the note and the item apart; None for any other line."""
    opening, closing = rules.layout.note_bracket
    if view[s] != opening:  # (the parsing view writes full-width brackets half-width)
        return None
    close = view.find(closing, s + 1, min(e, s + 120))
    close = None if close < 0 else close
    if close is None or not _ARABIC_PART.match(view, close + 1, e) or \
            not is_note_line(view[s:close + 1], rules):
        return None
    return [(s, close + 1), (close + 1, e)]


def _glued_parts(view: str, s: int, e: int, rules: StructureRules) -> list[tuple[int, int]] | None:
    """A line that opens with (一) or 1. and runs on into (二), (三) … or 2., 3. … right after a sentence's end or
    a note ((一)地区生产总值增长11%左右。(省发改委负责)(二)公共财政收入…): its parts apart; None for any other line."""
    after = rules.layout.sentence_enders | {rules.layout.note_bracket[1]}
    for pattern, number in ((_PART, chinese_integer), (_ARABIC_PART, int)):
        first = pattern.match(view, s, e)
        if first is not None:
            break
    else:
        return None
    cuts, expected = [], number(first.group(1)) + 1
    for match in pattern.finditer(view, first.end(), e):
        if view[match.start() - 1] in after and number(match.group(1)) == expected:
            cuts.append(match.start())
            expected += 1
    if not cuts:
        return None
    return _pieces(view, first.start(), cuts, e, keep_empty=True)
