"""A document's facts read from its own text: title, 文号, issuer (落款), date, 主送, attachments, kind, level,
and, for a notice that issues or forwards another document, where that document's text begins.

The patterns are in rules/metadata.yml; 文号 are read with kb.doc_numbers. Facts a file carries outside its text
(a web page's information table) fill in what the text does not say; flags given to `kb add` override all."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .doc_numbers import DocNumber, DocNumberReader
from .normalize import compact, parsing_view, without_glosses
from .numerals import chinese_integer
from .places import Places


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
    furniture: list[str] = field(default_factory=list)  # page lines that are no part of the document
    notes: list[str] = field(default_factory=list)  # what a reader should check (a garbled 文号 or date)
    found_by: dict[str, str] = field(default_factory=dict)  # field → where it came from

    def set(self, name: str, value, how: str):
        if name == "title" and isinstance(value, str):
            value = _unwrapped(value)
        if value and not getattr(self, name):
            setattr(self, name, value)
            self.found_by[name] = how


def _unwrapped(title: str) -> str:
    """A title a page printed inside 《》 as a whole (《X市人民政府关于…的通知》) without them; a title that only
    opens or ends with a cited one (《条例》实施办法) keeps them."""
    title = title.strip()
    if title.startswith("《") and title.endswith("》"):
        depth = 0
        for at, ch in enumerate(title):
            depth += (ch == "《") - (ch == "》")
            if depth == 0 and at < len(title) - 1:
                return title
        return title[1:-1].strip()
    return title


def parse_date(value: str, date_re: re.Pattern | None = None) -> str | None:
    """YYYY-MM-DD from 2015年7月31日, 二〇一五年七月三十一日, 2015-07-31, 2015/7/31, 2015.07.31 or a stamp printed day
    first, 31.07.2015 (time ignored); None for anything else or a date out of range."""
    view = parsing_view(value).strip().replace("○", "〇")
    if "年" in view and not re.search(r"\d", view):
        view = re.sub("[OＯoｏ]", "〇", view)  # 二OO八年, 二oo四年: the zero typed as a letter
    match = re.match(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", view)
    european = re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)", view)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif european:
        day, month, year = (int(g) for g in european.groups())  # 13.03.2015 07:51: some sites' date stamps
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


_DATELINE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*")
_CHINESE_DATE = re.compile(r"(?P<year>[〇零一二三四五六七八九]{4})年(?P<month>[一二三四五六七八九十]{1,3})月"
                           r"(?P<day>[一二三四五六七八九十]{1,3})日")


class MetadataReader:
    def __init__(self, grammar: dict, numbers: DocNumberReader):
        self.g = grammar
        self.numbers = numbers
        self.places = Places(grammar["places"])
        labels = sorted(set(grammar["labels"]["fields"]) | set(grammar["labels"]["furniture"]), key=len, reverse=True)
        self._labels = set(labels)
        self._sources = set(grammar["labels"].get("sources") or ())
        self._media = re.compile(grammar["labels"].get("media") or "(?!)")
        # 文　　号: a label spaced out to the width of the others.
        spaced = "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
        # 文号: …, or in brackets as law databases print it ([发布部门]…, 【时效性】…).
        self._label = re.compile(r"[【\[]\s*(%s)\s*[】\]]\s*[:：]?|(%s)\s*[:：]" % (spaced, spaced))
        # 发布机构 X 文    号 Y: a line of labels set off by spaces alone.
        # (A line may mix the two: 文号 平政发〔2025〕6号 成文日期: 2025年04月15日.)
        self._bare_label = re.compile(r"(?:^|(?<=\s))(%s)(?:\s*[:：]|(?=\s+\S))" % spaced)
        furniture = grammar["furniture"]
        self._breadcrumb = re.compile(furniture.get("breadcrumb") or "(?!)")
        self._junk = (re.compile(furniture.get("leading_junk") or "(?!)"),
                      re.compile(furniture.get("trailing_junk") or "(?!)"))
        self._title_prefix = re.compile(grammar["title"].get("prefix") or "(?!)")
        self._issuer_start = re.compile(grammar["title"].get("issuer_start") or "(?!)")
        self._issuer_end = re.compile(grammar["title"].get("issuer_end") or "(?!)")
        news = grammar["news"]
        self._report = re.compile(news.get("report") or "(?!)")
        self._issue = re.compile(news.get("issue") or "(?P<date>(?!))")
        self._stamp = re.compile(news.get("stamp") or "(?P<date>(?!))")
        self._dateline = re.compile(news.get("dateline") or "(?P<place>(?!))")
        self._delivered = re.compile((grammar.get("delivered") or {}).get("pattern") or "(?P<date>(?!))")
        self._original = re.compile(news.get("original") or "(?P<title>(?!))")
        self._paper_date = re.compile(news.get("paper_date") or "(?P<date>(?!))")
        self._town = re.compile(grammar["places"].get("town") or "(?P<town>(?!))")
        implied = grammar.get("implied_level") or {}
        self._addressed = [(re.compile(e["pattern"]), e["level"]) for e in implied.get("addressed") or ()]
        self._own_tier = [re.compile(p) for p in implied.get("own") or ()]
        self._tiers = dict(implied.get("tiers") or {})
        self._national = [e for e in grammar["levels"] if e.get("jurisdiction") == "全国"]
        self._level_words = [e for e in grammar["levels"] if e.get("jurisdiction") != "全国"]
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
        numbered = self.numbers.trailing(line)
        if numbered is not None:
            line = line[:numbered[1]]  # …的通知(岳办发〔2017〕2号): the 文号 after a title is no part of it
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

    def level_of(self, name: str | None, places_only: bool = False) -> tuple[str | None, str | None]:
        """(level, jurisdiction) of an issuer from its name: a national body by rules/metadata.yml ``levels``, else
        the lowest division the name opens with (kb.places: 青岚市云河区人民政府 → 县, 云河区), else a bare level
        word (自治区…). ``places_only``: read only a place (for a title that opens with one)."""
        if not name:
            return None, None
        if not places_only:
            for entry in self._national:
                if entry["re"].search(name):
                    return entry["level"], entry["jurisdiction"]
        # Jointly issued (中共X县委办公室、X县人民政府办公室): the first name that opens with a place decides.
        parts = [re.sub(r"^中共", "", compact(part)) for part in name.split("、")]
        if self._opens_with_town(parts[0]):
            return self.g["places"].get("town_level", "乡"), None
        place = next((p for part in parts if (p := self.places.place_of(part))), None)
        if place is not None:
            return place.level, place.name
        if not places_only:
            for entry in self._level_words:
                if entry["re"].search(name):
                    return entry["level"], entry.get("jurisdiction")
        return None, None

    def _opens_with_town(self, name: str) -> bool:
        """Whether ``name`` opens with a town or township, alone or under the places above it (青岚县徐庄镇人民政府,
        徐庄镇2017年度…): the official list of divisions ends at the county."""
        opening = "".join(p.name for p in self.places.leading(name))
        return name.startswith(opening) and bool(self._town.match(name, len(opening)))

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
    def labels_of(self, line: str) -> list[tuple[str, str]]:
        """The (label, value) pairs of a label line (发布机构: X 文号: Y), or [] when the line is not one: it must
        open with a known label. A label may stand in a table cell (文号 | X | 索引号 | Y |), in brackets
        ([发布部门]X), or, on a line of several labels, be set off by spaces alone (发布机构 X 文    号 Y)."""
        view = parsing_view(line)
        if "|" in view:
            cells = self._cell_labels(line)
            if cells:
                return cells
        lead = len(view) - len(view.lstrip(" |"))
        numbered = re.match(r"\d{1,2}\s*[.、．]\s*(?=[【\[])", view[lead:])
        if numbered and self._label.match(view, lead + numbered.end()):
            lead += numbered.end()  # 1. 【颁布时间】2021-11-15: a database's labels, numbered
        if view[lead:lead + 1] in ("[", "【") and not self._label.match(view, lead):
            lead += len(view[lead:]) - len(view[lead + 1:].lstrip())  # [ 编辑:… | 时间:…: a bracket around labels
        # A scraped dateline opens with the moment itself (2023-04-20 08:15 来源: …).
        stamp = _DATELINE.match(view, lead)
        begin = stamp.end() if stamp else lead
        marks = list(self._label.finditer(view, begin))
        if not marks or marks[0].start() != begin:
            # No colon: a line of two labels or more, each set off by spaces, the first where the line begins.
            marks = list(self._bare_label.finditer(view, begin))
            if len(marks) < 2 or marks[0].start() != begin:
                return []
        pairs = [("发布时间", stamp[1])] if stamp else []
        # Values as printed (full-width brackets kept), cut at the offsets of the parsing view (same length); the
        # bars of a table's cells are no part of them.
        return pairs + [(re.sub(r"\s", "", mark[1] or mark[2]),
                         line[mark.end():following.start() if following else len(view)].strip(" \t\u3000|｜"))
                        for mark, following in zip(marks, marks[1:] + [None])]

    def _cell_labels(self, line: str) -> list[tuple[str, str]]:
        """The (label, value) pairs of a table row whose cells hold labels and values in turn (文号 | X | 索引号 |
        Y |, 名 称: | X | |); [] when its first cell is no label."""
        cells = [compact(c) for c in re.split(r"[|｜]", parsing_view(line))]
        originals = [c.strip() for c in re.split(r"[|｜]", line)]
        filled = [i for i, c in enumerate(cells) if c]
        if not filled or cells[filled[0]].rstrip(":：") not in self._labels:
            return []
        def labelled(i: int) -> re.Match | None:  # a cell holding its label and value (| 发文时间:2023-01-05 |)
            return self._label.match(parsing_view(originals[i]))

        pairs = []
        for i in filled:
            label = cells[i].rstrip(":：")
            if label not in self._labels:
                own = labelled(i)
                if own:
                    pairs.append((re.sub(r"\s", "", own[1] or own[2]), originals[i][own.end():].strip()))
                continue  # else a value, or a cell the page labels in words kb does not know
            following = i + 1 < len(cells) and cells[i + 1].rstrip(":：") not in self._labels and not labelled(i + 1)
            pairs.append((label, originals[i + 1] if following else ""))
        return pairs

    def _fits(self, label: str, value: str) -> bool:
        """Whether a line below an empty label is that label's value: a date for a date, a 文号 for a 文号, a title
        line for a title, and for anything else no title line (the title under an empty 发文字号: is the title)."""
        field = self.g["labels"]["fields"].get(re.sub(r"[\s:：]", "", label))
        if field in ("issued_date", "published_at"):
            return parse_date(value) is not None
        if field == "doc_number":
            return self.numbers.parse(compact(value)) is not None
        return self._is_title_line(value) == (field == "title")

    def _is_furniture(self, line: str) -> bool:
        view = compact(line)
        return bool(view) and any(p.search(view) for p in self.g["furniture"]["re"])

    def _is_garbled(self, line: str) -> bool:
        view = compact(line)
        return bool(view) and any(p.match(view) for p in self.g["garbled"]["re"])

    def _clean(self, line: str) -> str:
        """A line without the junk a page puts at its edges (????泰州市人民政府, • 政府信息公开, - 发布日期:…) and
        without the pinyin it prints as a reading aid (乡(xiāng)村)."""
        line = self._junk[0].sub("", without_glosses(line), count=1)
        return self._junk[1].sub("", line, count=1)

    def read(self, text: str, file_facts: dict | None = None) -> DocumentFacts:
        """The facts of a document from its text. ``file_facts`` are facts a file carries outside its text (a web
        page's information table or <meta>: the field names of DocumentFacts, or ``labels``, a {label: value}
        mapping read with rules/metadata.yml ``labels``); they fill what the text does not say."""
        raw = text.split("\n")  # furniture and where an issued document starts are named by the lines as printed
        lines = [self._clean(line) for line in raw]
        facts = DocumentFacts()
        head = self.g["head_lines"]
        skip: set[int] = set()  # lines that are no title: labels, furniture, 文号, dates, garbled lines
        sources: list[tuple[str, str]] = []  # (office, where) of 来源: labels, the issuer of last resort

        file_facts = dict(file_facts or {})
        for line in file_facts.pop("label_lines", None) or []:
            for label, value in self.labels_of(line):
                self._label_fact(facts, label, value, f"the page's {label}", sources)
        # A breadcrumb trail near the top: the lines above it are the page's header (site name, section name).
        crumb = next((i for i, line in enumerate(lines[:8]) if self._breadcrumb.search(compact(line))), None)
        while crumb is not None and crumb + 1 < len(lines) and (
                self._breadcrumb.search(compact(lines[crumb + 1])) or (
                not lines[crumb + 1].strip() and crumb + 2 < len(lines)
                and self._breadcrumb.search(compact(lines[crumb + 2])))):
            crumb += 1  # a trail printed over two lines (首页> / > 政务公开 > …)
        waiting = None  # a label whose value the page prints on a line of its own below it (• 成文日期: / 2024-03-29)
        for i, line in enumerate(lines[:head + 10]):
            pairs = self.labels_of(line)
            if not pairs and waiting is not None and line.strip():
                label, waiting = waiting, None
                if len(compact(line)) <= 40 and not self._is_furniture(line) and self._fits(label, line):
                    skip.add(i)
                    facts.furniture.append(raw[i].strip())
                    self._label_fact(facts, label, line.strip(), f"line {i + 1} ({label}, below its label)", sources)
                    continue
            if pairs:
                skip.add(i)
                facts.furniture.append(raw[i].strip())
                waiting = pairs[0][0] if len(pairs) == 1 and not pairs[0][1] else None
                for label, value in pairs:
                    self._label_fact(facts, label, value, f"line {i + 1} ({label})", sources)
            elif self._is_furniture(line) or (crumb is not None and i <= crumb and line.strip() and (
                    not self._is_title_line(line) or self._breadcrumb.search(compact(line)))):
                skip.add(i)
                facts.furniture.append(raw[i].strip())
        for i, line in enumerate(lines[:head]):
            if i in skip or not line.strip():
                continue
            if self._is_garbled(line):
                skip.add(i)
                facts.notes.append(f"line {i + 1}: {line.strip()!r} looks like a 文号 or date the page has garbled; "
                                   f"not read")
                continue
            number = self.numbers.line_number(line)
            if number is not None:
                skip.add(i)
                facts.set("doc_number", number.key, f"line {i + 1}")
                continue
            number, date = self._number_and_date(line)
            if number is not None:
                # 苏政发〔2009〕1号 2009年1月5日 under the title: the 文号 and the 成文日期 on one line.
                skip.add(i)
                facts.set("doc_number", number.key, f"line {i + 1}")
                facts.set("issued_date", date, f"line {i + 1} (beside the 文号)")

        if file_facts.get("published_at"):
            facts.set("published_at", parse_date(file_facts["published_at"]), "the page's <meta>")
        leads = self._leads(lines)  # the news leads, read once for the title and for the lead's facts
        report = self._report_line(lines, skip)  # a news report's first line (本报讯 …), if it is one
        title_line = self._read_title(lines, facts, skip, leads, report)
        if facts.title:
            # 盘政办发〔2021〕10号 盘锦市人民政府办公室关于…: a 文号 printed at the head of the title is the 文号.
            facts.title = self._title_prefix.sub("", facts.title.strip(), count=1) or facts.title
            facts.title = self._glued_head_cut(facts.title)
            glued = self.numbers.leading(facts.title)
            if glued is not None and facts.title[glued[1]:].strip():
                facts.set("doc_number", glued[0].key, f"{facts.found_by['title']} (the 文号 before the title)")
                facts.title = _unwrapped(facts.title[glued[1]:])
            after = self.numbers.trailing(facts.title)
            if after is not None:
                facts.set("doc_number", after[0].key, f"{facts.found_by['title']} (the 文号 after the title)")
                facts.title = facts.title[:after[1]].rstrip()
        start = (title_line + 1) if title_line is not None else 0
        # The 主送 line: under the title, or (a notice printed without its title) before it.
        for i in list(range(start, min(start + 3, len(lines)))) + list(range(0, min(start, 4))):
            names = self.addressees_of(lines[i])
            if names:
                facts.addressees = names
                facts.found_by["addressees"] = f"line {i + 1}"
                break

        if title_line is not None:
            self._joint_issuers(lines, facts, title_line, skip)
        date_line = self._read_date_and_signature(lines, facts, title_line, skip)
        if title_line is not None:
            self._read_delivered(lines, facts, title_line, skip)
        self._read_news_lead(leads, facts)
        if not facts.title:
            self._issued_heading(lines, facts, skip)
        self._attachments(lines, start, facts)
        self._attached_document(lines, facts, date_line, raw)

        for name, value in file_facts.items():
            if name in ("issued_date", "published_at"):
                value = parse_date(value)
            elif name == "doc_number":
                parsed = self.numbers.parse(value)
                value = parsed.key if parsed else None
            elif name == "title" and value and self._is_headline(value):
                continue
            facts.set(name, value, "the file's own metadata")
        if facts.title:
            # (市人民政府批转市发改委关于…: the issuer is the one who forwards.)
            by_title = re.match(r"(?P<issuer>.{2,40}?)(?:关于|批转|转发)", facts.title)
            joint = re.match(r"(?P<issuer>.{6,200}?)\s*关于", facts.title)
            if joint and not (by_title and self._signature(by_title["issuer"])):
                # 青岚市发展和改革委员会 青岚市财政局 关于…: issuers of a joint title, set apart by spaces or 、.
                names = [n for n in re.split(r"[\s、]+", joint["issuer"]) if n]
                if len(names) > 1 and all(len(compact(n)) >= 3 and self._signature(n) for n in names):
                    facts.set("issuer", "、".join(names), "the title (issued jointly)")
            if by_title and self._signature(by_title["issuer"]):
                if self._yields(facts) and self.places.place_of(re.sub(r"^中共", "", by_title["issuer"])):
                    # The page's label named the office that put it up (发布机构), or the issuer cut short (区政府):
                    # the title's full name is the issuer's.
                    facts.issuer = None
                facts.set("issuer", by_title["issuer"], "the title")
            facts.set("kind", self.kind_of(facts.title), "the title's last word")
        if facts.doc_number:
            code = self.numbers.issuer_code(self.numbers.parse(facts.doc_number).code)
            if code is not None:
                facts.set("issuer", code.issuer, f"issuer code {code.code}")
                facts.set("level", code.level, f"issuer code {code.code}")
                facts.set("jurisdiction", code.jurisdiction, f"issuer code {code.code}")
        for office, how in sources:
            # 来源: 青岚县卫生健康委员会: the office the page comes from, when nothing else names the issuer.
            facts.set("issuer", office, f"{how} (the office the page comes from; check it)")
        if facts.issuer and self._abbreviated(facts.issuer):
            full = self._full_name(facts.issuer, facts, lines)
            if full:
                facts.issuer, facts.found_by["issuer"] = full, f"{facts.found_by['issuer']}, with its place"
        if report is not None or (not facts.doc_number and "落款" not in facts.found_by.get("issuer", "") and (
                "news report" in facts.found_by.get("title", "") or self._is_news_title(facts) and (
                self._is_headline(facts.title) or "media" in facts.found_by or "(原标题" in facts.found_by["title"]
                or any(self._paper_date.match(compact(line)) or self._issue.search(parsing_view(line))
                       for line in lines[:self.g["head_lines"]])))):
            # A news report (本报讯 …; the document a lead reports; a headline for a title, from a news outlet, on a
            # newspaper's page, or worded as news): its date is the report's.
            self._report_date(lines, facts)
        level, jurisdiction = self.level_of(facts.issuer)
        facts.set("level", level, "the issuer's name")
        facts.set("jurisdiction", jurisdiction, "the issuer's name")
        for title, how in ((facts.title, "the title"), (facts.attached.title if facts.attached else None,
                                                         "the title of the document it issues")):
            if title and not facts.level:
                # No issuer named: a title that opens with a place (青岚县…实施方案) gives the level.
                level, jurisdiction = self.level_of(re.sub(r"^关于(?:印发|转发)?", "", title), places_only=True)
                facts.set("level", level, f"the place {how} opens with")
                facts.set("jurisdiction", jurisdiction, f"the place {how} opens with")
        if not facts.level:
            self._implied_level(lines, facts, report)
            if facts.level == "国家":
                facts.set("jurisdiction", "全国", facts.found_by["level"])
            elif facts.level and not facts.jurisdiction:
                # The place of that tier the title names, or a news report's headline and lead (我省… in a report
                # that names 青岚省 in its kicker).
                texts = [facts.title or ""] + (lines[max(0, report - 3):report + 1] if report is not None else [])
                place = self._place_named(texts, facts.level)
                facts.set("jurisdiction", place, "a place of its tier that its title or lead names")
        return facts

    def _place_named(self, texts: list[str], level: str) -> str | None:
        """The first division of ``level`` that opens one of ``texts``, or else an official one named anywhere in
        their first 80 characters (a place read by its form alone is trusted only where a text begins)."""
        for text in texts:
            view = compact(text)[:80]
            for position in range(len(view)):
                place = next(iter(self.places.leading(view[position:])), None)
                if place is not None and (place.code or position == 0) and \
                        {"自治区": "省"}.get(place.level, place.level) == level:
                    return place.name
        return None

    def _label_fact(self, facts: DocumentFacts, label: str, value: str, how: str,
                    sources: list[tuple[str, str]] | None = None):
        label = re.sub(r"[\s:：]", "", label)
        name = self.g["labels"]["fields"].get(label)
        value = (value or "").strip()
        if label in self._sources and sources is not None and self._signature(value):
            sources.append((value, how))
        if label in self._sources and any(self._media.search(compact(part)) for part in re.split(r"[、,，\s]+", value)
                                          if part):
            facts.found_by.setdefault("media", f"{how} (a news outlet)")
        if not name or not value:
            return
        if name in ("issued_date", "published_at"):
            value = parse_date(value)
        elif name == "doc_number":
            # (文号: 嘉政办发〔2023〕7号 发布机关: …: a label the page prints after it, which kb does not know.)
            parsed = self.numbers.parse(value) or (self.numbers.parse(value.split()[0]) if value.split() else None)
            value = parsed.key if parsed else None
        facts.set(name, value, how)

    def _number_and_date(self, line: str) -> tuple[DocNumber | None, str | None]:
        """(文号, date) of a line that holds the two alone, in either order (苏政发〔2009〕1号 2009年1月5日), or glued
        as a database prints them (2004-6-23酒政发〔2004〕89号: the date is the page's, the 文号 the document's)."""
        glued = re.match(r"\s*(\d{4}-\d{1,2}-\d{1,2})(?=[\u4e00-\u9fff])", parsing_view(line))
        number = self.numbers.line_number(line[glued.end():]) if glued else None
        if number is not None:
            return number, None
        parts = parsing_view(line).split()
        if len(parts) < 2:
            return None, None
        for cut in range(1, len(parts)):
            first, second = " ".join(parts[:cut]), " ".join(parts[cut:])
            for number, date in ((first, second), (second, first)):
                parsed, day = self.numbers.line_number(number), self.date_of(date)
                if parsed is not None and day:
                    return parsed, day
        return None, None

    def _report_line(self, lines: list[str], skip: set[int]) -> int | None:
        """The line a news report's text opens with (本报讯 …, 据新华社北京12月28日电 …), or None: no report."""
        for i, line in enumerate(lines[:self.g["head_lines"] + 10]):
            if i not in skip and self._report.search(compact(line)):
                return i
        return None

    def _report_date(self, lines: list[str], facts: DocumentFacts):
        """A news report's date, where nothing dated what it reports: the newspaper's issue line (《青岚日报》(2018年
        12月29日 01 版)), else the page's date of publication, else the first date stamp the page prints (a footer's
        2016-06-30 00:00:00)."""
        if facts.issued_date:
            return
        for i, line in enumerate(lines):
            issue = self._issue.search(parsing_view(line))
            if issue:
                facts.set("issued_date", parse_date(issue["date"]), f"line {i + 1} (the newspaper's issue)")
                return
        for i, line in enumerate(lines[:self.g["head_lines"]]):
            paper = self._paper_date.match(compact(line))
            if paper and parse_date(paper["date"]):
                facts.set("issued_date", parse_date(paper["date"]), f"line {i + 1} (the newspaper page's date)")
                return
        if facts.published_at:
            facts.set("issued_date", facts.published_at, f"{facts.found_by.get('published_at')} (the report's date)")
            return
        for i, line in enumerate(lines):
            stamp = self._stamp.search(parsing_view(line))
            if stamp and parse_date(stamp["date"]):
                facts.set("issued_date", parse_date(stamp["date"]), f"line {i + 1} (the page's date stamp)")
                return

    def _yields(self, facts: DocumentFacts) -> bool:
        """Whether the issuer read so far gives way to the document's own naming of it: the office that put the page
        up (发布机构), or a name cut short (市政府办公室)."""
        how = facts.found_by.get("issuer", "")
        return bool(facts.issuer) and ("发布机构" in how or self._abbreviated(facts.issuer))

    def _glued_head_cut(self, title: str) -> str:
        """A notice's title (…关于…) without what a page glued before it on its line: past the last breadcrumb or
        pipe mark, from the first place (kb.places) or issuer word (rules/metadata.yml title.issuer_start) before
        关于; with neither, from 关于 itself unless the words before it end as a body's name (教育部关于…)."""
        at = title.find("关于")
        if at <= 0 or "《" in title[:at]:
            return title  # (X印发《关于…》的通知: the 关于 of the document it issues)
        head = title[:at]
        marks = [head.rfind(mark) + len(mark) for mark in ("|", "｜", ">", "»", "›") if mark in head]
        head = head[max(marks, default=0):]
        if self.places.official_at(head) is not None or self._issuer_start.match(head):
            return title if not marks else head + title[at:]  # 重庆市巴南区…, 泰州关于…: it opens with its issuer
        for i in range(1, len(head)):
            if (i >= 2 and self.places.official_at(head[i:]) is not None) or self._issuer_start.match(head, i):
                # (A place one character in is a name's own tail: 禾丰县 is not 禾 + 丰县.)
                if self._issuer_end.search(head[:i].rstrip()):
                    break  # 青岚市发展和改革委员会 中共青岚市委…关于: issuers signing jointly, no junk before them
                return head[i:] + title[at:]
        return (head if self._issuer_end.search(head.rstrip()) else "") + title[at:]

    def _abbreviated(self, name: str) -> bool:
        """A body named by its tier alone (市政府办公室, 区政府, 县卫健委): the place is left for the reader to know."""
        view = re.sub(r"^中共", "", compact(name))
        return bool(view) and view[0] in self._tiers and view[0] != "国" and self.places.place_of(view) is None

    def _full_name(self, name: str, facts: DocumentFacts, lines: list[str]) -> str | None:
        """``name`` cut short (市政府办公室) with the place the page gives elsewhere: the place of that tier named in
        the title, in the page's labels and breadcrumb, or by a line that names a body alone (江山市人民政府, a
        落款). 市政府 is spelled as the place's 人民政府."""
        view = re.sub(r"^中共", "", compact(name))
        tier = view[0]
        # Where a place opens a stretch of words: the title's parts (区政府关于印发|通州区…方案), the parts of the
        # page's label lines and breadcrumb, and the lines that name a body alone (a 落款).
        titles = [facts.title or ""] + ([facts.attached.title] if facts.attached else [])
        texts = [part for title in titles for part in re.split(r"关于|印发|转发|批转|[《》“”()]|\d{4}年度?", compact(title))]
        texts += [part for line in facts.furniture for part in re.split(r"[>›»:：|\s]+", parsing_view(line))]
        texts += [compact(line) for line in lines if self._signature(line)]
        for text in texts:
            places = self.places.leading(text) if text else []
            place = next((p for p in reversed(places) if p.name.endswith(tier)), None)
            if place is None:
                continue
            rest = view[1:]
            rest = "人民" + rest if rest.startswith("政府") else rest
            return ("中共" if name.startswith("中共") else "") + place.name + rest
        return None

    def _implied_level(self, lines: list[str], facts: DocumentFacts, report: int | None):
        """The level of a document that names no issuer with its place: the tier below it that its 主送 line
        addresses (各县(市、区)人民政府: 市); else the tier it names its bodies by (县教育局, 全县, 我市), the one
        named most; else the dateline of a news report (新华社北京…电: national)."""
        addressed = "".join(facts.addressees) or next(
            (compact(line) for line in lines[:self.g["head_lines"]] if self.g["addressees"]["re"].match(
                parsing_view(line).strip()) and "各" in line), "")
        cues = [(m.start(), order, level) for order, (pattern, level) in enumerate(self._addressed)
                for m in [pattern.search(parsing_view(addressed))] if m]
        if cues:
            facts.set("level", min(cues)[2], "the tier its 主送 line addresses")
            return
        counts: dict[str, int] = {}
        for line in ([facts.title] if facts.title else []) + lines:
            view = parsing_view(line)
            for pattern in self._own_tier:
                for match in pattern.finditer(view):
                    tier = self._tiers.get(match["tier"])
                    if tier:
                        counts[tier] = counts.get(tier, 0) + 1
        if counts:
            best = max(counts.values())
            # A tie goes to the lower tier: a text speaks of the tiers above it too.
            order = list(dict.fromkeys(self._tiers.values()))
            tier = max((t for t, n in counts.items() if n == best), key=order.index)
            facts.set("level", tier, "the tier the text names its bodies by")
            return
        if report is not None:
            for line in lines[report:report + 3]:
                dateline = self._dateline.search(compact(line))
                if dateline:
                    place = dateline["place"]
                    if place == self.g["news"].get("capital"):
                        facts.set("level", "国家", "the report's dateline (the capital)")
                    else:
                        level, jurisdiction = self.level_of(place, places_only=True)
                        facts.set("level", level, "the report's dateline")
                    return
        named = self._places_counted(([facts.title] if facts.title else []) + lines[:self.g["head_lines"]])
        if named:
            # Last, the place the head of the page names most (广州市…开幕, 广州市市长…: 市); a tie goes to the lower
            # tier, a report being about a place inside the one it also names.
            best = max(named.values())
            tier = max((t for t, n in named.items() if n == best), key=("省", "市", "县", "乡").index)
            facts.set("level", tier, "the place the head of the page names most")

    def _places_counted(self, lines: list[str], chars: int = 600) -> dict[str, int]:
        """How often each tier (省 / 市 / 县 / 乡) is named in the first ``chars`` characters of ``lines``: by an
        official division (浙江, 广州市, 相城区), or a town before its body or 关于 (大涌镇关于…); a place read by its
        form alone is not trusted in running text."""
        # The outlet a report is filed by (汕尾日报讯, 中新网浙江新闻…电) names where it prints, not what it is about.
        text = compact(without_glosses(parsing_view("".join(lines))))
        view = re.sub(self.g["news"].get("outlet") or "(?!)", "", text)[:chars]
        counts = self._tiers_named(view)
        return counts or self._tiers_named(text[:chars])  # (中国宁波网讯 and nothing else: the outlet's place)

    def _tiers_named(self, view: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        position = 0
        while position < len(view):
            town = self._town.match(view, position)
            found = None if town else self.places.official_at(view[position:position + 16])
            if town:
                tier, length = self.g["places"].get("town_level", "乡"), len(town["town"])
            elif found is not None and found[0].code:
                tier, length = {"自治区": "省"}.get(found[0].level, found[0].level), found[1]
            else:
                position += 1
                continue
            counts[tier] = counts.get(tier, 0) + 1
            position += length
        return counts

    def _is_headline(self, line: str) -> bool:
        return bool(self.g["news"]["headline_re"].search(compact(line)))

    def _read_title(self, lines: list[str], facts: DocumentFacts, skip: set[int], leads,
                    report: int | None = None) -> int | None:
        """Sets the title; returns its (last) line, or None when the title came from elsewhere or was not found.
        ``report``: the line a news report's text opens with, whose headline is above it."""
        head = self.g["head_lines"]
        max_lines = self.g["title"]["max_lines"]
        cited = self._lead_titles(leads)

        def usable(i: int) -> bool:
            line = lines[i]
            return bool(line.strip()) and i not in skip and not self._not_title(line) and \
                not compact(line).endswith((":", "：")) and not (
                self._signature(line) and i + 1 < len(lines) and (self.date_of(lines[i + 1]) or
                                                                  self._is_garbled(lines[i + 1])))

        if facts.title:
            # A label gave it (名称: …): the line that prints it, if any, is where the notice begins.
            wanted = compact(facts.title).strip("|")
            return next((i for i in range(min(head, len(lines))) if i not in skip and
                         compact(lines[i]).strip("|") == wanted), None)
        headline = None
        for i in range(min(head, len(lines))):
            if not usable(i):
                continue
            if i + 1 < len(lines) and "关于" not in lines[i] and self._opens_title(lines[i + 1]):
                continue  # 法规库 / 国务院办公厅关于…: the title begins on the next line, with its issuer
            for span in range(1, max_lines + 1):
                if not all(usable(j) for j in range(i, min(i + span, len(lines)))):
                    break
                # |名称|||: the bars of a table's cells are no part of the title.
                joined = "".join(l.strip().strip("|｜ ") for l in lines[i:i + span])
                if not self._is_title_line(joined):
                    continue
                if self._is_headline(joined) and not (compact(joined) in cited):
                    headline = headline if headline is not None else (i, joined)
                    break
                facts.set("title", joined, f"line {i + 1}" + (f"–{i + span}" if span > 1 else ""))
                return i + span - 1
        if headline is not None:
            # A news report about a document it does not carry: the document it reports is its subject.
            if cited:
                return None  # the lead sets the title
            facts.set("title", headline[1], f"line {headline[0] + 1} (a headline; check it)")
            return headline[0]
        original = self._original_title(lines)
        if original is not None:
            # A repost: the line that names the report's own headline (原标题 …).
            facts.set("title", original[1], f"line {original[0] + 1} (原标题, the report's own headline)")
            return None
        if report is not None:
            # A news report: its headline is the line above its first (本报讯 …), past the page's furniture and
            # date stamp, over a kicker, under no subtitle.
            above = [i for i in range(report - 1, -1, -1) if lines[i].strip() and i not in skip][:3]
            for i in above:
                view = compact(lines[i])
                if usable(i) and view and not view.startswith(("—", "-")) and len(view) <= 60 and "。" not in view:
                    if self._names_cited(view, cited):
                        return None  # 《Y》出炉 over a lead that reports Y: the lead sets the title
                    facts.set("title", lines[i].strip(), f"line {i + 1} (the headline of a news report)")
                    return i
        # No line ends like a title: a short first line that is not a sentence is the best guess (past the page's
        # furniture, which is no line of the document). A headline stands above the lead of its report.
        first_lead = min((i for i, _, _ in leads), default=len(lines))
        if any(re.search(self.g["news"].get("lead_body") or "(?!)", compact(m["issuer"])) for i, _, m in leads if i < 4):
            return None  # a page about a body issuing a document, under no title line: the lead's 《》 title is its title
        shown = [i for i in range(min(head, len(lines), first_lead)) if lines[i].strip() and i not in skip][:3]
        for i in shown:
            view = compact(lines[i])
            if view and usable(i) and len(view) <= 60 and "。" not in view:
                if self._names_cited(view, cited):
                    return None
                facts.set("title", lines[i].strip(), f"line {i + 1} (first line; check it)")
                return i
        return None

    @staticmethod
    def _names_cited(line: str, cited: set[str]) -> bool:
        """Whether a headline names in 《》 the document a news lead reports (《青岚市…方案》出炉)."""
        return any(compact(name) in cited for name in re.findall(r"《([^《》]+)》", line))

    def _original_title(self, lines: list[str]) -> tuple[int, str] | None:
        """(line, title) of a repost's 原标题 line ((原标题 X), 原标题:X), a title broken after a dash going on on
        the next line (原标题:X—— / Y)."""
        for i, line in enumerate(lines):
            match = self._original.match(compact(line) if "原标题" in line else "")
            if not match:
                continue
            title = line[line.index("原标题") + 3:].strip().lstrip(":：").strip().rstrip(")）").strip()
            if title.endswith(("—", "-")) and i + 1 < len(lines) and lines[i + 1].strip() and \
                    "。" not in lines[i + 1] and len(compact(lines[i + 1])) <= 40:
                title += lines[i + 1].strip()
            return i, title
        return None

    def _opens_title(self, line: str) -> bool:
        """Whether ``line`` opens a title with its issuer (国务院办公厅关于…)."""
        issuer = re.match(r"(.{2,40}?)关于", compact(line))
        # (批转市发改委关于…: the issuer who forwards it is on the line above, 市人民政府.)
        return bool(issuer) and self._signature(issuer[1]) and not issuer[1].startswith(("批转", "转发"))

    def _leads(self, lines: list[str]) -> list[tuple[int, str, re.Match]]:
        """The news leads (X于DATE印发《Y》) of the first lines: (line index, line, match)."""
        return [(i, line, match) for i, line in enumerate(lines[:self.g["head_lines"]])
                for match in self.g["news"]["lead_re"].finditer(parsing_view(line))]

    def _lead_titles(self, leads) -> set[str]:
        """The titles of the documents news leads report, one each (a lead that reports several, 印发《A》《B》, has
        none: the report's headline is its title)."""
        return {compact(match["title"] or match["bare"]) for _, line, match in leads if not self._several(line, match)}

    @staticmethod
    def _several(line: str, match: re.Match) -> bool:
        return bool(re.match(r"\s*(?:[、,，和及与]\s*)?《", line[match.end():]))

    def _is_news_title(self, facts: DocumentFacts) -> bool:
        """Whether the title read is a news report's headline (no document's title)."""
        how = facts.found_by.get("title", "")
        return bool(facts.title) and any(word in how for word in ("headline", "first line", "原标题")) and \
            not self.kind_of(facts.title)

    def _read_news_lead(self, leads, facts: DocumentFacts):
        """X于DATE印发《Y》 in a news report's first paragraphs: the issuer, date and title of the document Y when
        the title is Y (or no title was found)."""
        for i, line, match in leads:
            group = "title" if match["title"] else "bare"
            title = line[match.start(group):match.end(group)]
            if facts.title and compact(facts.title) != compact(title):
                issuer = self._lead_issuer(line, match)
                if self._is_news_title(facts) and issuer:
                    # A report headlined on its own (宁波公布…) about a body issuing documents: that body is the
                    # issuer; the report's date is its own.
                    facts.set("issuer", issuer, f"line {i + 1} (the news lead)")
                    return
                continue
            facts.set("title", title, f"line {i + 1} (the document a news report reports)")
            issuer = self._lead_issuer(line, match)
            if issuer:
                facts.set("issuer", issuer, f"line {i + 1} (the news lead)")
            if match["date"]:
                date = parse_date(match["date"])
                day = re.fullmatch(r"(\d{1,2})月(\d{1,2})日", compact(match["date"]))
                if date is None and day and facts.published_at:
                    # 于4月18日印发: the year of the report's own date (of the year before, for a later month).
                    year = int(facts.published_at[:4]) - (int(day[1]) > int(facts.published_at[5:7]))
                    date = parse_date(f"{year}年{day[1]}月{day[2]}日")
                facts.set("issued_date", date, f"line {i + 1} (the news lead)")
            return

    def _lead_issuer(self, line: str, match: re.Match) -> str | None:
        issuer = re.sub(r"^.*?(?:获悉|了解到|消息)[,，]?", "", line[match.start("issuer"):match.end("issuer")])
        issuer = re.sub(self.g["news"].get("lead_others") or "(?!)", "", issuer.strip())
        return issuer if self._signature(issuer) else None

    def _read_date_and_signature(self, lines: list[str], facts: DocumentFacts, title_line: int | None,
                                 skip: set[int]) -> int | None:
        """The 成文日期 and the 落款 above it. A 落款 with its date wins; then a date in parentheses under the
        title; then the first date line of its own (a notice printed without 落款). Returns the date's line."""
        signed = first = None
        for i in range(len(lines)):
            if i in skip and not self._is_garbled(lines[i]):
                continue
            date = self.date_of(lines[i])
            garbled = self._is_garbled(lines[i])
            if not date and not garbled:
                continue
            if i > 0 and self._signature(lines[i - 1]) and (i - 1) != title_line:
                signed = (i, date)
                break
            if date and first is None:
                first = (i, date)
        if signed is not None:
            i, date = signed
            # A document issued jointly is signed by each issuer, one line each, above the one date.
            top = i - 1
            while top - 1 > (title_line if title_line is not None else -1) and i - top < 10 and \
                    self._signature(lines[top - 1]):
                top -= 1
            issuers = [name for j in range(top, i) for name in self._signed_names(lines[j])]
            if facts.issuer:  # only a label can have named it yet
                # A page's label (发布机构: the office that put the page up; 发文机关: 市政府办公室, often cut short)
                # yields to the 落款 of the document.
                facts.issuer = None
            facts.set("issuer", "、".join(issuers), f"line{'s' if len(issuers) > 1 else ''} {top + 1}"
                                                    f"{f'–{i}' if len(issuers) > 1 else ''} (落款)")
            if date:
                facts.issued_date, facts.found_by["issued_date"] = date, f"line {i + 1} (成文日期)"
            elif not facts.issued_date and first is None:
                return i
        if first is not None and not (signed and signed[1]):
            i, date = first
            placed = "under the title" if title_line is not None and i == title_line + 1 else "a date line"
            facts.set("issued_date", date, f"line {i + 1} (成文日期, {placed})")
            return signed[0] if signed else i
        return signed[0] if signed else None

    def _read_delivered(self, lines: list[str], facts: DocumentFacts, title_line: int, skip: set[int]):
        """A report's date line under its title (2025年3月26日在…会议上) and the body named alone beside it: the
        report's date and issuer, over what the page's labels say (not over a 落款)."""
        below = [i for i in range(title_line + 1, min(len(lines), title_line + 8))
                 if lines[i].strip() and i not in skip][:3]
        for n, i in enumerate(below):
            match = self._delivered.match(compact(lines[i]))
            if not match:
                continue
            date = parse_date(match["date"])
            if date and "落款" not in facts.found_by.get("issued_date", ""):
                facts.issued_date, facts.found_by["issued_date"] = date, f"line {i + 1} (the day the report was given)"
            for j in below[max(0, n - 1):n] + below[n + 1:n + 2]:
                name = lines[j].strip()
                if self._signature(name) and self.places.place_of(re.sub(r"^中共", "", compact(name))) and \
                        "落款" not in facts.found_by.get("issuer", ""):
                    facts.issuer, facts.found_by["issuer"] = name, f"line {j + 1} (who gives the report)"
                    break
            return

    def _joint_issuers(self, lines: list[str], facts: DocumentFacts, title_line: int, skip: set[int]):
        """Joint issuers printed on a line of their own under the title (财政部 国家发展和改革委员会 工业和信息化部),
        past the page's labels and a repeat of the title: the issuer, 、-joined."""
        title = compact(facts.title or "")
        for i in range(title_line + 1, min(title_line + 8, len(lines))):
            view = compact(lines[i])
            if not view or i in skip or view == title or self._is_furniture(lines[i]) or re.search(r"[:：]", view):
                continue  # (下载地址: 点击此处下载: a page's link, a label of its own)
            names = self._signed_names(lines[i])
            if len(names) > 1:
                facts.set("issuer", "、".join(names), f"line {i + 1} (the joint issuers under the title)")
            return

    def _signed_names(self, line: str) -> list[str]:
        """The names a 落款 line signs: one, or several set apart by spaces (青岚市科学技术局　青岚市财政局), each a
        name of its own (not 青 岚 市 人 民 政 府 spaced out)."""
        parts = parsing_view(line).split()
        if len(parts) > 1 and all(len(part) >= 3 and self._signature(part) for part in parts):
            return [part.strip() for part in line.split()]
        return [line.strip()]

    def _issued_heading(self, lines: list[str], facts: DocumentFacts, skip: set[int]):
        """A notice printed without its title line that issues a document it names (现将《Y》印发给你们) and prints
        after it under Y's own heading: Y is the title."""
        head = self.g["head_lines"]
        names = [name for line in lines[:head] if re.search(self.g["forwarded"].get("verbs") or "(?!)", line)
                 for name in re.findall(r"《([^《》]{4,80})》", line)]
        for name in dict.fromkeys(names):
            wanted = compact(name)
            for i in range(len(lines[:head + 20])):
                if i not in skip and compact(lines[i]).strip("《》") == wanted:
                    facts.set("title", lines[i].strip().strip("《》"), f"line {i + 1} (the heading of the document the "
                                                                     f"notice issues)")
                    return

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

    def _attached_document(self, lines: list[str], facts: DocumentFacts, after: int | None,
                           printed: list[str] | None = None):
        """The document a notice issues or forwards, where its title line follows the notice: the title as the
        notice's title words it, or as the notice's body cites it in 《》 (a title that paraphrases it: 我市… for
        青岚市…(2016至2020年)…)."""
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
        names = [inner.strip("《》")]
        last = after if after is not None else min(len(lines) - 1, self.g["head_lines"])
        for line in lines[:last + 1]:
            names += [m for m in re.findall(r"《([^《》]{4,80})》", line) if m not in names]
        first = (after + 1) if after is not None else 1
        for name in names:
            wanted = compact(name)
            for i in range(first, len(lines)):
                line = compact(lines[i])
                if len(line) >= min(6, len(wanted)) and wanted.startswith(line):
                    facts.attached = AttachedDocument(title=name, starts_at=(printed or lines)[i].strip(), line=i,
                                                      issuer=issuer or facts.issuer, kind=self.kind_of(name))
                    facts.found_by["attached"] = f"line {i + 1} (the title of what the notice issues)"
                    return


def _strip_name(name: str) -> str:
    name = re.sub(r"^\s*\d+\s*[.．、]\s*", "", name.strip())
    return name.strip().strip("《》").rstrip("。；;，,")
