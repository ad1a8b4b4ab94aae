"""``MetadataReader.read``: a document's facts from its text, the readers of this package applied in order. The
first place that gives a fact wins (DocumentFacts.set), so the order is the order of trust: the page's labels and
head, the title, the 主送 and 落款, the news leads, the file's own metadata, then what the title, the 文号's issuer
code, the page's 来源 and the tiers the text names imply."""
from __future__ import annotations

import re

from ..dates import parse_date
from ..doc_numbers import DocNumberReader
from ..normalize import compact
from ..rule_models.metadata import MetadataFile
from .facts import DocumentFacts
from .labels import HeadReader, Sources
from .level import LevelReader
from .lines import LineReader
from .news import NewsReader
from .signature import SignatureReader
from .title import TitleReader


class MetadataReader:
    """Reads a document's facts from its text by the rules of rules/metadata.yml (``grammar``), its 文号 with
    ``numbers``."""

    def __init__(self, grammar: MetadataFile, numbers: DocNumberReader):
        self.g = grammar
        self.numbers = numbers
        self.lines = LineReader(grammar, numbers)
        self.head = HeadReader(self.lines)
        self.news = NewsReader(self.lines)
        self.titles = TitleReader(self.lines, self.news)
        self.signature = SignatureReader(self.lines)
        self.levels = LevelReader(self.lines)

    def kind_of(self, title: str) -> str | None:
        """The kind of document a title makes by the word it ends in (…的通知 → notice; kb.metadata.lines)."""
        return self.lines.kind_of(title)

    def level_of(self, name: str | None) -> tuple[str | None, str | None]:
        """(level, jurisdiction) of an issuer from its name (kb.metadata.level), (None, None) where it gives none."""
        return self.levels.level_of(name)

    def read(self, text: str, file_facts: dict | None = None) -> DocumentFacts:
        """The facts of a document from its text. ``file_facts`` are facts a file carries outside its text (a web
        page's information table or <meta>: the field names of DocumentFacts, or ``label_lines``, the lines of its
        information table, read with rules/metadata.yml ``labels``); they fill what the text does not say."""
        raw = text.split("\n")  # furniture and where an issued document starts are named by the lines as printed
        lines = [self.lines.clean(line) for line in raw]
        facts = DocumentFacts()
        file_facts = dict(file_facts or {})
        skip, sources = self.head.read(lines, raw, facts, file_facts.pop("label_lines", None) or [])
        if file_facts.get("published_at"):
            facts.set("published_at", parse_date(file_facts["published_at"], self.g.date), "the page's <meta>")
        leads = self.news.leads(lines)  # the news leads, read once for the title and for the lead's facts
        report = self.news.report_line(lines, skip)  # a news report's first line (本报讯 …), if it is one
        title_line = self.titles.read_title(lines, facts, skip, leads, report)
        self.titles.tidy(facts)
        self._read_frame(lines, raw, facts, title_line, skip, leads)
        self._read_file_facts(facts, file_facts)
        self._read_implied_issuer(facts, lines, sources)
        if self.news.is_report(lines, facts, report):
            self.news.report_date(lines, facts)
        self.levels.read_level(facts, lines, report)
        return facts

    def _read_frame(self, lines: list[str], raw: list[str], facts: DocumentFacts, title_line: int | None,
                    skip: set[int], leads) -> None:
        """What stands around the body: the 主送 line, joint issuers, the 落款 and 成文日期, a report's date line, a
        news lead's facts, the heading of an issued document (no title found), the attachments, and where the
        document a notice issues begins."""
        start = (title_line + 1) if title_line is not None else 0
        self.signature.read_addressees(lines, facts, start)
        if title_line is not None:
            self.signature.read_joint_issuers(lines, facts, title_line, skip)
        date_line = self.signature.read_date_and_signature(lines, facts, title_line, skip)
        # (A report's page may open with its date line, its title left out.)
        self.signature.read_delivered(lines, facts, title_line if title_line is not None else -1, skip)
        self.news.read_lead(leads, facts)
        if not facts.title:
            self.titles.issued_heading(lines, facts, skip)
        self.signature.read_attachments(lines, start, facts)
        self.titles.attached_document(lines, facts, date_line, raw)

    def _read_file_facts(self, facts: DocumentFacts, file_facts: dict) -> None:
        """The facts a file carries outside its text, each read as its kind is (a date, a 文号), where the text gave
        none; a title worded as a news headline is left out."""
        for name, value in file_facts.items():
            if name in ("issued_date", "published_at"):
                value = parse_date(value, self.g.date)
            elif name == "doc_number":
                parsed = self.numbers.parse(value)
                value = parsed.key if parsed else None
            elif name == "title" and value and self.lines.is_headline(value):
                continue
            facts.set(name, value, "the file's own metadata")

    def _read_implied_issuer(self, facts: DocumentFacts, lines: list[str], sources: Sources) -> None:
        """The issuer and kind the title implies, the issuer (level, jurisdiction) the 文号's issuer code stands for,
        the office the page comes from (来源:) as a last resort, and the full name of an issuer cut short or of a
        government named short (福州市政府办公厅)."""
        # The body a title with no 关于 opens with (六安市农业农村局2022年工作要点): before the rest with its place,
        # after the office the page comes from without one (县卫健委2021年…).
        owner = self._owner_of_title(facts.title) if facts.title and not _ISSUED_BY.match(facts.title) else None
        placed = owner is not None and self.lines.places.place_of(owner) is not None
        if facts.title:
            self._issuer_of_title(facts)
            facts.set("issuer", owner if placed else None, "the body the title opens with")
            self._issuer_of_mark(facts, lines)
            facts.set("kind", self.lines.kind_of(facts.title), "the title's last word")
        if facts.doc_number:
            code = self.numbers.issuer_by_code(self.numbers.parse(facts.doc_number).code)
            # (An issuer named in full that is not the code's body makes the code another's: 蒙政办发 of
            # 蒙自市人民政府办公室 is no 内蒙古 code.)
            if code is not None and (not facts.issuer or self.levels.abbreviated(facts.issuer)
                                     or compact(facts.issuer) == compact(code.issuer)):
                facts.set("issuer", code.issuer, f"issuer code {code.code}")
                facts.set("level", code.level, f"issuer code {code.code}")
                facts.set("jurisdiction", code.jurisdiction, f"issuer code {code.code}")
        for office, how in sources:
            # 来源: 青岚县卫生健康委员会: the office the page comes from, when nothing else names the issuer.
            facts.set("issuer", office, f"{how} (the office the page comes from; check it)")
        facts.set("issuer", owner, "the body the title opens with")
        if facts.issuer and self.levels.abbreviated(facts.issuer):
            full = self.levels.full_name(facts.issuer, facts, lines)
            if full:
                facts.issuer, facts.found_by["issuer"] = full, f"{facts.found_by['issuer']}, with its place"
        if facts.issuer:
            spelled = self.levels.spelled_out(facts.issuer)
            if spelled != facts.issuer:
                facts.issuer, facts.found_by["issuer"] = spelled, f"{facts.found_by['issuer']}, 人民政府 spelled out"

    def _issuer_of_mark(self, facts: DocumentFacts, lines: list[str]) -> None:
        """The issuer a page prints as its mark above the title (沙县人民政府, 青岚市人民政府文件: GB/T 9704-2012,
        7.2.4, 发文机关标志), a name alone on its line with the title the next line printed: ``title.issuer_mark``."""
        wanted = compact(facts.title)
        printed = [(i, compact(line)) for i, line in enumerate(lines[:self.g.head_lines]) if compact(line)]
        for (i, line), (_, after) in zip(printed, printed[1:]):
            mark = self.g.title.issuer_mark.fullmatch(line)
            if mark and after == wanted and self.lines.is_signature(mark["issuer"]) and \
                    self.levels.level_of(mark["issuer"])[0]:
                facts.set("issuer", mark["issuer"], f"line {i + 1} (the issuer's mark above the title)")
                return

    def _issuer_of_title(self, facts: DocumentFacts) -> None:
        """The issuer a title opens with (X关于…, X印发…; 市人民政府批转市发改委关于…: the one who forwards), or the issuers of
        a joint title set apart by spaces or 、 (青岚市发展和改革委员会 青岚市财政局 关于…)."""
        by_title = _ISSUED_BY.match(facts.title)
        joint = re.match(r"(?P<issuer>.{6,200}?)\s*关于", facts.title)
        signs = self.lines.is_signature
        glued = _glued_issuers(joint["issuer"], self.g.title.issuer_end) if joint else []
        if len(glued) > 1 and all(signs(n) for n in glued):
            facts.set("issuer", "、".join(glued), "the title (issued jointly, printed without a mark between)")
            return
        if joint:
            names = [n for n in re.split(r"[\s、]+", joint["issuer"]) if n]
            if len(names) > 1 and all(len(compact(n)) >= 3 and signs(n) for n in names):
                facts.set("issuer", "、".join(names), "the title (issued jointly)")
                return
        if by_title and (signs(by_title["issuer"]) or self._a_town(by_title["issuer"])):
            if self.levels.yields(facts) and self.lines.places.place_of(re.sub(r"^中共", "", by_title["issuer"])):
                # The page's label named the office that put it up (发布机构), or the issuer cut short (区政府): the
                # title's full name is the issuer's.
                facts.issuer = None
            facts.set("issuer", by_title["issuer"], "the title")

    def _a_town(self, name: str) -> bool:
        """Whether ``name`` is a town's (蒙城县城关镇, 青岚镇), which signs as a body does: a county of the official
        list and a town after it, or a town's name alone."""
        leading = self.lines.places.leading(name)
        rest = name[sum(len(p.name) for p in leading):] if leading and name.startswith(leading[0].name) else name
        return bool((leading and self.g.places.town_after_county.fullmatch(rest)) or self.g.places.town.fullmatch(name))

    def _owner_of_title(self, title: str) -> str | None:
        """The body a title with no 关于 opens with, whose own document it is (六安市农业农村局2022年工作要点,
        县农业局冬季农业工作方案): the shortest opening that ends like a body, followed by a year or by a plan's
        name (``title.owned``); with no year after it, the body must open with a place or a tier's word."""
        view = compact(title)
        for end in range(2, min(len(view), 40)):
            name, rest = view[:end], view[end:]
            owned = self.g.title.owned.match(rest)
            if re.search(r"\d", name):
                return None  # 青岚镇2024年度政府: a body's name holds no year
            if owned and self.lines.is_signature(name) and (owned["year"] or self.levels.level_of(name)[0] or
                                                             name.startswith(tuple(self.g.implied_level.tiers))):
                return name
        return None


# The issuer a title opens with, before 关于 (or the word of one who issues or forwards another's document).
_ISSUED_BY = re.compile(r"(?P<issuer>.{2,40}?)(?:关于|批转|转发|印发|制定|出台)")

# The place a name opens with (吕梁市, 青岚县): a second name of the same place glued on (吕梁市商务局吕梁市财政局)
# starts where it recurs.
_OPENING_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治区|自治州|省|市|县|区|州|盟|旗)")


def _glued_issuers(issuers: str, issuer_end: re.Pattern) -> list[str]:
    """The names in an issuer string printed without a mark between them (吕梁市商务局吕梁市财政局 → [吕梁市商务局,
    吕梁市财政局]): split where the opening place recurs right after a name's ending (``issuer_end``)."""
    if re.search(r"[\s、]", issuers.strip()):
        return [issuers]  # marks between the names: read by them (青岚市发改委 中共青岚市委…)
    place = _OPENING_PLACE.match(issuers)
    if place is None:
        return [issuers]
    names, start = [], 0
    for hit in re.finditer(re.escape(place.group()), issuers):
        if hit.start() > start and issuer_end.search(issuers[start:hit.start()]):
            names.append(issuers[start:hit.start()])
            start = hit.start()
    return names + [issuers[start:]]
