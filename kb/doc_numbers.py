"""文号 (document numbers) such as 国办发〔2014〕64号: found in text, spelled one way for matching, and their issuer
codes resolved to issuers through the table in rules/citations.yml (`number.issuer_codes`).

One reader serves citations in clauses (kb.links) and a document's own number (kb.metadata)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import parsing_view, unbracketed
from .rule_models.citations import NumberRule


@dataclass(frozen=True)
class IssuerCode:
    """An issuer code of 文号 (国办发) and what rules/citations.yml says it stands for; a fact it does not give is
    None."""
    code: str  # 国办发
    issuer: str | None = None  # 国务院办公厅
    level: str | None = None
    jurisdiction: str | None = None
    id_prefix: str | None = None  # cn-gov: the id of 国办发〔2014〕64号 is cn-gov-2014-64


@dataclass(frozen=True)
class DocNumber:
    """A 文号 found in a text: ``start``/``end`` its offsets there, ``code`` its issuer code (国办发), ``year`` and
    ``sequence`` (国办发〔2014〕64号: 2014, 64)."""
    start: int
    end: int
    code: str
    year: int
    sequence: int

    @property
    def key(self) -> str:
        """The one spelling used for matching, whatever brackets the text used."""
        return f"{self.code}〔{self.year}〕{self.sequence}号"


class DocNumberReader:
    """Finds and parses 文号 by the ``number`` rule of rules/citations.yml (``number_grammar``)."""

    def __init__(self, number_grammar: NumberRule):
        self.grammar = number_grammar
        self.pattern = number_grammar.pattern
        self.codes = {code: IssuerCode(code, **(facts.model_dump() if facts else {}))
                      for code, facts in number_grammar.issuer_codes.items()}
        self._known = sorted(self.codes, key=len, reverse=True)
        self._generic_endings = set(number_grammar.generic_endings)
        self._not_in_codes = "".join(number_grammar.not_in_codes)
        self._keys: dict[str, str | None] = {}

    def _code(self, before: str) -> str | None:
        # The issuer code is read backwards from the bracket, never the words before it (已经根据国办发…).
        for code in self._known:
            if before.endswith(code):
                return code
        run = re.search(r"[\u4e00-\u9fff]{2,6}$", before)
        if not run or run.group()[-1] not in self._generic_endings:
            return None
        code = run.group().lstrip(self._not_in_codes)
        return code if len(code) >= 2 else None

    def find(self, text: str):
        """Every 文号 in ``text``, in order: a DocNumber each, its ``start``/``end`` offsets into ``text``."""
        view = parsing_view(text)
        for match in self.pattern.finditer(view):
            code = self._code(view[:match.start()])
            if code is not None:
                yield DocNumber(match.start() - len(code), match.end(), code, int(match["year"]), int(match["seq"]))

    def parse(self, number: str) -> DocNumber | None:
        """``number`` read as one whole 文号, or None."""
        stripped = number.strip()
        offset = len(number) - len(number.lstrip())
        for found in self.find(stripped):
            if found.start == 0 and found.end == len(stripped):
                return DocNumber(found.start + offset, found.end + offset, found.code, found.year, found.sequence)
        # Standing alone, any issuer code is one (工信部联科〔2024〕96号), not only the generic forms running text
        # needs to tell a code from the words before it; a page may print a space before the bracket (青政办字 〔2023〕1号).
        own = re.fullmatch(r"(?P<code>[\u4e00-\u9fff]{2,8})[ \u3000]?(?:%s)" % self.pattern.pattern,
                           parsing_view(stripped))
        if own:
            return DocNumber(offset, offset + own.end(), own["code"], int(own["year"]), int(own["seq"]))
        return None

    def line_number(self, line: str) -> DocNumber | None:
        """The 文号 a line holds alone: bare, in parentheses under a title ((青政发〔2019〕7号)), or with a 签发人
        beside it (桂政发〔2015〕1号  签发人:…); None for any other line."""
        view = parsing_view(line).strip()
        inner = unbracketed(view)
        for candidate in (view, inner):
            parsed = self.parse(candidate)
            if parsed is not None:
                return parsed
        number = next(iter(self.find(view)), None)
        if number is not None and number.start == 0 and re.match(r"\s*签发人", view[number.end:]):
            return number
        return None

    def leading(self, text: str) -> tuple[DocNumber, int] | None:
        """The 文号 ``text`` opens with, glued to what follows (苏政办规〔2023〕4号苏州市人民政府办公厅关于…, as a
        label cell or a title line prints it), and the offset where the rest begins; None when it opens with
        none. Any issuer code counts, as for a 文号 standing alone: the bracketed year and the 号 mark its end."""
        view = parsing_view(text)
        lead = len(view) - len(view.lstrip())
        for match in self.pattern.finditer(view, lead):
            if match.start() - lead > 10:  # an issuer code is short; a bracket further on is in the title itself
                break
            parsed = self.parse(text[lead:match.end()])
            if parsed is not None:
                return DocNumber(lead, match.end(), parsed.code, parsed.year, parsed.sequence), match.end()
        return None

    def trailing(self, text: str) -> tuple[DocNumber, int] | None:
        """The 文号 ``text`` ends with in brackets (…实施意见》的通知(岳办发〔2017〕2号), as a title line may print it) or
        after a space, and the offset where it (or its bracket) begins; None when it ends with none."""
        view = parsing_view(text).rstrip()
        # (…的通知 拱政办发〔2018〕42号: or set off by a space.)
        bracket = re.search(r"[(\[【]\s*([^()\[\]【】]{4,30})\s*[)\]】]$|\s([^\s()]{4,30})$", view)
        if bracket is None or bracket.start() == 0:
            return None
        parsed = self.parse(bracket.group(1) or bracket.group(2))
        return (parsed, bracket.start()) if parsed is not None else None

    def key(self, number: str) -> str | None:
        """``number``'s one spelling for matching (kb.links), or None when it is no whole 文号. Remembered: an update
        matches every document of the KB (20,000 文号) more than once."""
        if number not in self._keys:
            parsed = self.parse(number)
            self._keys[number] = parsed.key if parsed else None
        return self._keys[number]

    def issuer_code(self, code: str) -> IssuerCode | None:
        """What rules/citations.yml says of an issuer code (国办发 → 国务院办公厅), or None for a code it does not list."""
        return self.codes.get(code)

    def issuer_by_code(self, code: str) -> IssuerCode | None:
        """The issuer a code names: the code's own entry, or that of the body's short name it opens with
        (工信部规函 → 工信部: a listed code ending like a body, 部 委 局 厅 署, then up to three characters of the
        document's series); None for a code that names none. (An id is made from the code's own entry only: two
        series of one body share no ids.)"""
        if code in self.codes:
            return self.codes[code]
        body = next((known for known in self._known if code.startswith(known) and known[-1] in "部委局厅署"
                     and len(code) - len(known) <= 3), None)
        return self.codes[body] if body is not None else None


_READERS: dict[tuple, DocNumberReader] = {}


def number_reader(number_grammar: NumberRule) -> DocNumberReader:
    """The reader of a grammar (rules/citations.yml ``number``), one per process for the same grammar, so what it
    has read is read once however many times the rules are loaded."""
    signature = (number_grammar.pattern.pattern,
                 repr(sorted((code, facts.model_dump() if facts else None)
                             for code, facts in number_grammar.issuer_codes.items())),
                 repr(number_grammar.generic_endings), repr(number_grammar.not_in_codes))
    if signature not in _READERS:
        _READERS[signature] = DocNumberReader(number_grammar)
    return _READERS[signature]
