"""A document's facts read from its own text: title, 文号, issuer (落款), date, 主送, attachments, kind, level,
and, for a notice that issues or forwards another document, where that document's text begins.

The patterns are in rules/metadata.yml; 文号 are read with kb.doc_numbers. Facts a file carries outside its text
(a web page's information table) fill in what the text does not say; flags given to `kb add` override all."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .doc_numbers import DocNumberReader
from .normalize import compact, parsing_view
from .numerals import chinese_integer

FIELDS = ("title", "doc_number", "issuer", "issued_date", "published_at", "kind", "level", "jurisdiction")


@dataclass
class AttachedDocument:
    """The document a notice issues or forwards, printed after the notice."""
    title: str
    starts_at: str  # its first line, as printed
    line: int  # 0-based line of the text
    issuer: str | None = None
    kind: str | None = None


@dataclass
class DocumentFacts:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    published_at: str | None = None
    kind: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    addressees: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    attached: AttachedDocument | None = None
    found_by: dict[str, str] = field(default_factory=dict)  # field → where it came from

    def set(self, name: str, value, how: str):
        if value and not getattr(self, name):
            setattr(self, name, value)
            self.found_by[name] = how


def parse_date(value: str, date_re: re.Pattern | None = None) -> str | None:
    """YYYY-MM-DD from 2015年7月31日, 二〇一五年七月三十一日, 2015-07-31, 2015/7/31 or 2015.07.31 (time ignored)."""
    view = parsing_view(value).strip().replace("○", "〇")
    match = re.match(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", view)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = (date_re or _CHINESE_DATE).match(view)
        if not match:
            return None
        try:
            year, month, day = (chinese_integer(match[g]) for g in ("year", "month", "day"))
        except ValueError:
            return None
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_CHINESE_DATE = re.compile(r"(?P<year>[〇零一二三四五六七八九]{4})年(?P<month>[一二三四五六七八九十]{1,3})月"
                           r"(?P<day>[一二三四五六七八九十]{1,3})日")


class MetadataReader:
    def __init__(self, grammar: dict, numbers: DocNumberReader):
        self.g = grammar
        self.numbers = numbers
        endings = sorted(grammar["title"]["endings"], key=len, reverse=True)
        self._kind_by_ending = [(e, grammar["title"]["endings"][e]) for e in endings]

    # -- single lines ----------------------------------------------------------------------------------------
    def kind_of(self, title: str) -> str | None:
        stripped = re.sub(self.g["title"]["trailer"] + "$", "", compact(title))
        for ending, kind in self._kind_by_ending:
            if stripped.endswith(ending):
                return kind
        return None

    def _is_title_line(self, line: str) -> bool:
        view = compact(line)
        return (len(view) <= 120 and "。" not in view and not view.endswith((":", "：", ";", "；", ",", "，"))
                and bool(self.g["title"]["re"].search(view)))

    def _not_title(self, line: str) -> bool:
        view = compact(line)
        return (any(p.search(view) for p in self.g["title"]["not_title_re"]) or self.numbers.parse(line) is not None
                or self.date_of(line) is not None)

    def date_of(self, line: str) -> str | None:
        view = compact(line)
        if self.g["date"]["re"].match(view):
            return parse_date(view, self.g["date"]["re"])
        return None

    def _signature(self, line: str) -> bool:
        view = compact(line)
        g = self.g["signature"]
        return (0 < len(view) <= g["max_length"] and not re.search(r"[。，,；;:：、]", view)
                and view.endswith(tuple(g["endings"])))

    def level_of(self, issuer: str | None) -> tuple[str | None, str | None]:
        if not issuer:
            return None, None
        for entry in self.g["levels"]:
            match = entry["re"].search(issuer)
            if match:
                jurisdiction = match.groupdict().get("jurisdiction") or entry.get("jurisdiction")
                return entry["level"], jurisdiction
        return None, None

    def addressees_of(self, line: str) -> list[str] | None:
        match = self.g["addressees"]["re"].match(parsing_view(line).strip())
        if not match:
            return None
        names = []
        for group in re.split(r"[,，;；]", line.strip().rstrip(":：")):
            group = group.strip()
            parts = [p.strip() for p in group.split("、") if p.strip()]
            # 自治区人民政府各组成部门、各直属机构: a part starting with 各 shares what comes before 各 in the first.
            head = parts[0][:parts[0].find("各")] if len(parts) > 1 and "各" in parts[0][1:] else None
            if head and all(p.startswith("各") for p in parts[1:]):
                names.extend([parts[0]] + [head + p for p in parts[1:]])
            else:
                names.append(group)
        endings = tuple(self.g["addressees"]["name_endings"])
        # 各县(区)科技局(科协): a bracketed second name does not change how the name ends.
        if not names or not all(re.sub(r"\([^()]*\)$", "", parsing_view(n)).endswith(endings) for n in names):
            return None
        return names

    # -- the whole text --------------------------------------------------------------------------------------
    def read(self, text: str, file_facts: dict | None = None) -> DocumentFacts:
        lines = text.split("\n")
        facts = DocumentFacts()
        head = self.g["head_lines"]
        title_line = None

        for i, line in enumerate(lines[:head]):
            number = next(iter(self.numbers.find(line.strip())), None)
            if number is not None and number.start == 0:
                facts.set("doc_number", line.strip()[number.start:number.end], f"line {i + 1}")
                break
        for i, line in enumerate(lines[:head]):
            labelled = re.match(r"\s*(\S{2,4})\s*[:：]\s*(.+)$", line)
            if labelled and labelled[1] in self.g["date"]["labels"]:
                facts.set(self.g["date"]["labels"][labelled[1]], parse_date(labelled[2]), f"line {i + 1}")

        max_lines = self.g["title"]["max_lines"]
        for i, line in enumerate(lines[:head]):
            if not line.strip() or self._not_title(line):
                continue
            for span in range(1, max_lines + 1):
                joined = "".join(l.strip() for l in lines[i:i + span])
                if self._is_title_line(joined):
                    facts.set("title", joined, f"line {i + 1}" + (f"–{i + span}" if span > 1 else ""))
                    title_line = i + span - 1
                    break
            if title_line is not None:
                break
        else:
            # No line ends like a title: a short first line that is not a sentence is the best guess.
            for i, line in enumerate(lines[:3]):
                view = compact(line)
                if view and not self._not_title(line) and len(view) <= 60 and "。" not in view:
                    facts.set("title", line.strip(), f"line {i + 1} (first line; check it)")
                    title_line = i
                    break

        start = (title_line + 1) if title_line is not None else 0
        for i in range(start, min(start + 3, len(lines))):
            names = self.addressees_of(lines[i])
            if names:
                facts.addressees = names
                facts.found_by["addressees"] = f"line {i + 1}"
                break

        signature_line = date_line = None
        for i in range(start, len(lines)):
            date = self.date_of(lines[i])
            if date:
                if date_line is None:
                    date_line = i
                    facts.set("issued_date", date, f"line {i + 1} (成文日期)")
                if i > 0 and self._signature(lines[i - 1]):
                    signature_line = i - 1
                    facts.issued_date, facts.found_by["issued_date"] = date, f"line {i + 1} (成文日期)"
                    date_line = i
                    break
        if signature_line is not None:
            facts.set("issuer", lines[signature_line].strip(), f"line {signature_line + 1} (落款)")

        self._attachments(lines, start, facts)
        self._attached_document(lines, facts, date_line)

        for name, value in (file_facts or {}).items():
            if name in ("issued_date", "published_at"):
                value = parse_date(value)
            elif name == "doc_number":
                parsed = self.numbers.parse(value)
                value = value.strip() if parsed else None
            facts.set(name, value, "the file's own metadata")
        if facts.title:
            by_title = re.match(r"(?P<issuer>.{2,40}?)关于", facts.title)
            if by_title and self._signature(by_title["issuer"]):
                facts.set("issuer", by_title["issuer"], "the title")
            facts.set("kind", self.kind_of(facts.title), "the title's last word")
        if facts.doc_number:
            code = self.numbers.issuer_code(self.numbers.parse(facts.doc_number).code)
            if code is not None:
                facts.set("issuer", code.issuer, f"issuer code {code.code}")
                facts.set("level", code.level, f"issuer code {code.code}")
                facts.set("jurisdiction", code.jurisdiction, f"issuer code {code.code}")
        level, jurisdiction = self.level_of(facts.issuer)
        facts.set("level", level, "the issuer's name")
        facts.set("jurisdiction", jurisdiction, "the issuer's name")
        return facts

    def _attachments(self, lines: list[str], start: int, facts: DocumentFacts):
        g = self.g["attachments"]
        for i in range(start, len(lines)):
            first = g["first_re"].match(compact(lines[i]))
            if not first:
                continue
            names = [_strip_name(lines[i].split("：", 1)[-1].split(":", 1)[-1])]
            for following in lines[i + 1:]:
                more = g["next_re"].match(compact(following))
                if not more or self._signature(following) or self.date_of(following):
                    break
                names.append(_strip_name(following))
            facts.attachments = [n for n in names if n]
            facts.found_by["attachments"] = f"line {i + 1}"
            return

    def _attached_document(self, lines: list[str], facts: DocumentFacts, after: int | None):
        if not facts.title:
            return
        match = self.g["forwarded"]["re"].search(compact(facts.title))
        if not match:
            return
        inner = match["inner"]
        issuer = None
        if "关于" in inner:
            issuer, inner = inner.rsplit("关于", 1)
            issuer = issuer if self._signature(issuer) else None
        inner = inner.strip("《》")
        wanted = compact(inner)
        first = (after + 1) if after is not None else 1
        for i in range(first, len(lines)):
            line = compact(lines[i])
            if len(line) >= min(6, len(wanted)) and wanted.startswith(line):
                title = inner
                facts.attached = AttachedDocument(title=title, starts_at=lines[i].strip(), line=i,
                                                  issuer=issuer or facts.issuer, kind=self.kind_of(title))
                facts.found_by["attached"] = f"line {i + 1} (the title of what the notice issues)"
                return


def _strip_name(name: str) -> str:
    name = re.sub(r"^\s*\d+\s*[.．、]\s*", "", name.strip())
    return name.strip().strip("《》").rstrip("。；;，,")
