"""Identifiers, one maker for all of kb: document ids (``document_id``, from a 文号 or a title's initials) and their
validation (``is_document_id``), slugs (``initials``, ``file_slug``), the ids of sections, clauses, targets and
citations (``child_id``, ``number_part``, ``clause_id``, ``target_id``, ``citation_id``), the duplicate suffix
(``first_free``, ``UniqueIds``), and walking up the section tree (``ancestors``, ``top_section``, ``within``).
laws-africa's bluebell (``IdGenerator``) is the model: an element's id is its parent's id and the element's own
printed number, made unique by a count.

Design.md's promise: ids are ASCII and URL-safe, built from printed numbers, never from running position, so that
the same corpus gives the same ids byte for byte and editing one paragraph changes no id outside it.

The shapes, ``.``-separated (FRONT_MATTER, ATTACHMENTS and ``p`` are the only words):

- a document: ``gx-ipap-2015`` (DOCUMENT_ID: lower-case ASCII letters, digits and ``-``);
- a numbered section: its parent section's id (or the document's) and its printed number read as an integer:
  二、(一) → ``doc.2.1``; the attachments: ``doc.att``; a section of one paragraph (a run-in title, a goal item)
  ``<container>.p<paragraph>``, where ``p`` keeps it apart from the numbered sections of the same parent;
- a clause: its container (its numbered section, or ``doc.0``, the front matter before the first numbered
  section), the paragraph within it (0: a numbered section's heading line) and the sentence within the paragraph:
  ``doc.2.1.3.2``;
- a target: its clause's id and ``t<n>``; a citation: its clause's id and ``c<n>``;
- an id printed twice in one document gets ``-2``, ``-3`` … (``doc.2-2``), the first suffix not taken.

The id-prefix guarantee, which SQL may rely on (``section_id like parent || '.%'``, metadata.yml) and ``within``
states: a section's id starts with its parent's id and ``.``; a clause's id starts with its container's id and
``.`` (for a clause of a numbered section or the attachments, that is its own section's id; for a clause of a
one-paragraph section, that section's parent's id, since ``p`` is no paragraph number); a target's and a
citation's with their clause's id and ``.``. So an id's ancestors are among its prefixes at a ``.``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Container, Iterator, Mapping

from .numerals import read_numeral

if TYPE_CHECKING:
    from .doc_numbers import DocNumberReader

SEPARATOR = "."
FRONT_MATTER = "0"  # the container of the lines before the first numbered section
ATTACHMENTS = "att"  # the section of the attachment list (附件:1.…)
HEADING_PARAGRAPH = 0  # paragraph 0 of a numbered section: its heading line

# A document id: lower-case ASCII letters, digits and '-', starting with a letter or digit.
DOCUMENT_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def is_document_id(text: str) -> bool:
    """Whether ``text`` is a valid document id (DOCUMENT_ID): lower-case ASCII letters, digits and '-', opening
    with a letter or a digit. A corpus file or ``kb add --id`` that gives another is refused by its caller."""
    return bool(DOCUMENT_ID.match(text))


def initials(text: str) -> str:
    """The lower-case ASCII initials of ``text``'s pinyin (广西知识产权 → gxzscq), its ASCII letters and digits kept
    and anything else dropped: the slug of a Chinese name."""
    from pypinyin import Style, lazy_pinyin  # only where an id is made from a name (kb add), never on import

    letters = []
    for syllable in lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars)):
        letters.extend(ch.lower() for ch in syllable if ch.isascii() and ch.isalnum())
    return "".join(letters)


def document_id(numbers: DocNumberReader, taken: Container[str], title: str | None = None,
                doc_number: str | None = None, date: str | None = None) -> str:
    """A new document's id (DOCUMENT_ID), not in ``taken``: the issuer code's id prefix (rules/citations.yml
    ``issuer_codes``, else the code's initials) with the year and number of its 文号 (国办发〔2014〕64号 →
    cn-gov-2014-64); without a 文号, the initials of the title (without its bracketed parts, at most 12) and the
    year of ``date`` (YYYY-MM-DD); "doc" where neither gives a letter. ``first_free``'s suffix makes it new."""
    number = numbers.parse(doc_number) if doc_number else None
    if number is not None:
        code = numbers.issuer_code(number.code)
        prefix = (code.id_prefix if code and code.id_prefix else None) or initials(number.code) or "doc"
        base = f"{prefix}-{number.year}-{number.sequence}"
    else:
        letters = initials(re.sub(r"[(（〔][^()（）〔〕]*[)）〕]", "", title or ""))[:12] or "doc"
        year = (date or "")[:4]
        base = f"{letters}-{year}" if year else letters
    return first_free(base, taken)


def file_slug(stem: str, default: str = "page", max_chars: int = 60) -> str:
    """A file name's stem safe on any file system: runs of characters other than word characters, '.' and '-'
    become '-', none at either end, at most ``max_chars`` (file systems allow 255 bytes a name; a Chinese
    character takes 3); ``default`` for a stem with nothing left."""
    return re.sub(r"[^\w.-]+", "-", stem).strip("-.")[:max_chars] or default


def child_id(parent_id: str, part: str | int) -> str:
    """The id of an element under ``parent_id`` (a document's or a section's id) whose own part is ``part`` (a
    number as read, or a word of this module): ``child_id("doc.2", 1)`` → ``doc.2.1``. Not made unique here."""
    return f"{parent_id}{SEPARATOR}{part}"


def number_part(printed: str, numerals: str) -> str:
    """The id part of a printed item number (the marker's group ``n``: 十二, 3, ③, c) in the numeral system its
    numbering style declares (rules/structure.yml ``numerals``): its value in Arabic digits (十二 → "12").
    Raises ValueError for a number not of that system (kb.numerals.read_numeral)."""
    return str(read_numeral(printed, numerals))


def paragraph_section_part(paragraph: int) -> str:
    """The id part of a section of one paragraph (a run-in title, a goal item) that is the ``paragraph``-th of its
    container: ``p3``; the letter keeps it apart from the numbered sections of the same parent."""
    return f"p{paragraph}"


def front_matter_id(document_id: str) -> str:
    """The id prefix of the clauses before a document's first numbered section: ``doc.0``."""
    return child_id(document_id, FRONT_MATTER)


def clause_id(container_id: str, paragraph: int, sentence: int) -> str:
    """The id of the ``sentence``-th clause (1-based) of the ``paragraph``-th paragraph (1-based; 0 for a numbered
    section's heading line) of ``container_id`` (a section's id, or front_matter_id): ``doc.2.1.3.2``."""
    return f"{container_id}{SEPARATOR}{paragraph}{SEPARATOR}{sentence}"


def target_id(clause: str, n: int) -> str:
    """The id of the ``n``-th target (1-based) a clause sets: ``<clause id>.t<n>``."""
    return f"{clause}{SEPARATOR}t{n}"


def citation_id(clause: str, n: int) -> str:
    """The id of the ``n``-th citation (1-based) in a clause: ``<clause id>.c<n>``."""
    return f"{clause}{SEPARATOR}c{n}"


def suffixed(base: str, n: int, tail: str = "") -> str:
    """``base`` with the duplicate suffix ``n`` (2, 3 …) before ``tail``: ``suffixed("doc.2", 2)`` → ``doc.2-2``,
    ``suffixed("page", 3, ".html")`` → ``page-3.html``."""
    return f"{base}-{n}{tail}"


def first_free(base: str, taken: Container[str], tail: str = "") -> str:
    """``base + tail`` if it is not in ``taken``, else the first of ``base-2 + tail``, ``base-3 + tail`` … that is
    not: the one rule for a name printed or made twice (document ids of ``kb add``, file names of ``kb fetch``,
    section and clause ids). ``taken`` is not changed."""
    candidate, n = base + tail, 2
    while candidate in taken:
        candidate, n = suffixed(base, n, tail), n + 1
    return candidate


class UniqueIds:
    """The ids given so far in one table of one document, and ``claim`` to give the next: ``first_free``'s rule in
    constant time for a number printed many times. The last suffix given to each candidate is kept, so the k-th
    repeat of a number starts from -k, not -2: every suffix below it is taken already, so the id is the same as
    trying -2, -3 … in turn."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._last_suffix: dict[str, int] = {}

    def claim(self, candidate: str) -> str:
        """``candidate``, or ``candidate-2``, ``-3`` … the first not given yet; it is marked as given."""
        chosen = candidate
        if chosen in self.taken:
            n = self._last_suffix.get(candidate, 1) + 1
            chosen = suffixed(candidate, n)
            while chosen in self.taken:
                n += 1
                chosen = suffixed(candidate, n)
            self._last_suffix[candidate] = n
        self.taken.add(chosen)
        return chosen


def within(element_id: str, ancestor_id: str) -> bool:
    """Whether ``element_id`` is ``ancestor_id`` or lies under it, by the id-prefix guarantee (``doc.2.1.3.2``
    lies under ``doc.2`` and ``doc``, not under ``doc.20``)."""
    return element_id == ancestor_id or element_id.startswith(ancestor_id + SEPARATOR)


def ancestors(section_id: str | None, parents: Mapping[str, str | None]) -> Iterator[str]:
    """The section and its ancestors, nearest first, by ``parents`` (section id → parent section id, None at the
    top): walking up the section tree. Yields nothing for None; stops at a cycle, which bad data may hold."""
    seen = set()
    while section_id is not None and section_id not in seen:
        seen.add(section_id)
        yield section_id
        section_id = parents.get(section_id)


def top_section(section_id: str | None, parents: Mapping[str, str | None]) -> str | None:
    """The outermost ancestor of ``section_id`` (itself at the top), by ``parents``; None for None."""
    top = None
    for top in ancestors(section_id, parents):
        pass
    return top
