"""What a single line of a document is, by rules/metadata.yml: a title line, a 成文日期, a name that signs (落款),
a 主送 line, a page's furniture or a garbled 文号, a news headline; the kind of document a title makes; and the
facts one line holds alone (a 文号 beside a date, the names a 落款 signs)."""
from __future__ import annotations

import re

from ..dates import parse_date
from ..doc_numbers import DocNumber, DocNumberReader
from ..normalize import compact, parsing_view, short_space_runs, unbracketed, without_glosses
from ..places import Places
from ..rule_models.metadata import MetadataFile

# A label alone on its line, perhaps bulleted (• 信息索引号:), whose value is the next line.
_LABEL_ALONE = re.compile(r"[\s•·●▪\-*]*[\u4e00-\u9fff]{2,8}\s*[:：]\s*")


class LineReader:
    """Reads single lines by the rules of rules/metadata.yml (``grammar``), 文号 with ``numbers``; ``places`` are the
    official divisions (kb.places) its other readers share."""

    def __init__(self, grammar: MetadataFile, numbers: DocNumberReader):
        self.g = grammar
        self.numbers = numbers
        self.places = Places(grammar.places)

    def cited(self, line: str) -> list[str]:
        """The titles ``line`` cites in 《》 that are long enough to name a document (4 to 80 characters)."""
        return [title for m in self.g.cited_title.finditer(line) if 4 <= len(title := m["title"]) <= 80]

    def kind_of(self, title: str) -> str | None:
        """The kind of document a title makes by the word it ends in (…的通知 → notice, …实施方案 → plan; rules/
        metadata.yml ``title.endings``), whatever follows it (2015—2020年), or None."""
        stripped = re.sub(self.g.title.trailer.pattern + "$", "", compact(title))
        for ending, kind in self.g.title.kinds:
            if stripped.endswith(ending):
                return kind
        return None

    def is_title_line(self, line: str) -> bool:
        """Whether ``line`` reads as a title: at most 120 characters, no 。, no closing colon or comma, and a title
        form of rules/metadata.yml ``title.line``; a 文号 after the title (…的通知(岳办发〔2017〕2号)) is no part
        of it."""
        numbered = self.numbers.trailing(line)
        if numbered is not None:
            line = line[:numbered[1]]
        view = compact(line)
        return (len(view) <= 120 and "。" not in view and not view.endswith((":", "：", ";", "；", ",", "，"))
                and bool(self.g.title.line.search(view)))

    def not_title(self, line: str) -> bool:
        """Whether ``line`` can be no title: a form of ``title.not_title``, a table's header cell, a 文号, a date
        line, or a report's date line (——2016年1月6日在…会议上)."""
        view = compact(line)
        return (any(p.search(view) for p in self.g.title.not_title) or bool(self.g.title.table_header.search(view))
                or self.numbers.parse(line) is not None
                or self.date_of(line) is not None or bool(self.g.delivered.pattern.match(view)))

    def date_of(self, line: str) -> str | None:
        """YYYY-MM-DD of a 成文日期 line (a date alone on its line: 2015年7月31日, (二〇一五年七月三十一日)), or None."""
        view = compact(line)
        if self.g.date.pattern.match(view):
            return parse_date(view, self.g.date, line=True)
        return None

    def is_signature(self, line: str) -> bool:
        """Whether ``line`` is a name that may sign a document (落款): short (``signature.max_length``), without
        punctuation, ending like a body (``signature.endings``: 政府, 厅, 局 …)."""
        view = compact(line)
        g = self.g.signature
        return (0 < len(view) <= g.max_length and not re.search(r"[。，,；;:：、]", view)
                and view.endswith(tuple(g.endings)))

    def is_furniture(self, line: str) -> bool:
        """Whether ``line`` is a page's furniture (rules/metadata.yml ``furniture.patterns``: 打印本页, 分享到 …)."""
        view = compact(line)
        return bool(view) and any(p.search(view) for p in self.g.furniture.patterns)

    def is_garbled(self, line: str) -> bool:
        """Whether ``line`` looks like a 文号 or date the page has garbled (``garbled.patterns``)."""
        view = compact(line)
        return bool(view) and any(p.match(view) for p in self.g.garbled.patterns)

    def is_headline(self, line: str) -> bool:
        """Whether ``line`` is worded as a news headline (``news.headline``)."""
        return bool(self.g.news.headline.search(compact(line)))

    def clean(self, line: str) -> str:
        """A line without the junk a page puts at its edges (????泰州市人民政府, • 政府信息公开, - 发布日期:…) and
        without the pinyin it prints as a reading aid (乡(xiāng)村)."""
        line = self.g.furniture.leading_junk.sub("", short_space_runs(without_glosses(line)), count=1)
        line = self.g.furniture.trailing_junk.sub("", line, count=1)
        # (…工作要点-某某官网, …的通知.pdf: a page title's site, a listed file's extension.)
        line = self.g.title.file_suffix.sub("", line, count=1)
        line = self.g.furniture.site_suffix.sub("", line, count=1)
        # (…2016年工作总结 2018-06-15: a page title's posting date after it; a title line without it.)
        stamp = self.g.furniture.trailing_stamp.search(line)
        return line[:stamp.start()] if stamp and self.is_title_line(line[:stamp.start()]) else line

    def addressees_of(self, line: str) -> list[str] | None:
        """The names of a 主送 line (各市、县人民政府，自治区人民政府各组成部门、各直属机构： → 各市、县人民政府,
        自治区人民政府各组成部门, 自治区人民政府各直属机构), or None when the line is none: each name must end like a
        body of government (rules/metadata.yml ``addressees``)."""
        if not self.g.addressees.is_line(parsing_view(line).strip()):
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
        endings = tuple(self.g.addressees.name_endings)
        # 各县(区)科技局(科协): a bracketed second name does not change how the name ends.
        if not names or not all(re.sub(r"\([^()]*\)$", "", parsing_view(n)).endswith(endings) for n in names):
            return None
        return names

    def head_end(self, lines: list[str]) -> int:
        """Where the head of a page ends: after its first ``head_lines`` lines that print a word (a menu's bars, |
        alone on their lines, count for none, and nor does a list of labels each over its value: • 文号: /
        常政办发〔2023〕47号)."""
        seen, value_next = 0, False
        for i, line in enumerate(lines):
            if not re.search(r"[\u4e00-\u9fff\w]", line):
                continue
            label = bool(_LABEL_ALONE.fullmatch(line))
            if not label and not value_next:
                seen += 1
                if seen >= self.g.head_lines:
                    return i + 1
            value_next = label
        return len(lines)

    def signed_names(self, line: str) -> list[str]:
        """The names a 落款 line signs: one, or several set apart by spaces (青岚市科学技术局　青岚市财政局), each a
        name of its own (not 青 岚 市 人 民 政 府 spaced out)."""
        parts = parsing_view(line).split()
        if len(parts) > 1 and all(len(part) >= 3 and self.is_signature(part) for part in parts):
            return [part.strip() for part in line.split()]
        return [line.strip()]

    def number_and_date(self, line: str) -> tuple[DocNumber | None, str | None]:
        """(文号, date) of a line that holds the two alone, in either order (苏政发〔2009〕1号 2009年1月5日), perhaps
        in one pair of brackets ((苏政发〔2009〕1号 2009年1月5日)), or glued as a database prints them
        (2004-6-23酒政发〔2004〕89号: the date is the page's, the 文号 the document's); (None, None) for any other
        line."""
        glued = re.match(r"\s*(\d{4}-\d{1,2}-\d{1,2})(?=[\u4e00-\u9fff])", parsing_view(line))
        number = self.numbers.line_number(line[glued.end():]) if glued else None
        if number is not None:
            return number, None
        # ((呼政办字〔2009〕41号 2009年2月25日) under the title: the two in one pair of brackets.)
        parts = unbracketed(parsing_view(line)).split()
        # (A 文号 and a date, each perhaps spaced out, are a handful of parts; trying every cut of a long line would
        # take time growing with the square of its length.)
        if not 2 <= len(parts) <= 8:
            return None, None
        for cut in range(1, len(parts)):
            first, second = " ".join(parts[:cut]), " ".join(parts[cut:])
            for number, date in ((first, second), (second, first)):
                parsed, day = self.numbers.line_number(number), self.date_of(date)
                if parsed is not None and day:
                    return parsed, day
        return None, None


def strip_name(name: str) -> str:
    """An attachment's name as listed (1.《青岚市…办法》；) without its number, 《》 and closing punctuation."""
    name = re.sub(r"^\s*\d+\s*[.．、]\s*", "", name.strip())
    return name.strip().strip("《》").rstrip("。；;，,")
