"""A page's head: its label lines and tables (发布机构: X 文号: Y, 文号 | X | 索引号 | Y |, [发布部门]X), its
breadcrumb and furniture, lines the page has garbled, and a 文号 on a line of its own (with or without the date).
Each such line gives its facts and is marked as no title line. The labels are rules/metadata.yml ``labels``."""
from __future__ import annotations

import re

from ..dates import parse_date
from ..normalize import compact, parsing_view
from .facts import DocumentFacts
from .lines import LineReader

_DATELINE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*")

Sources = list[tuple[str, str]]  # (office, where) of the 来源: labels, the issuer of last resort


class HeadReader:
    """Reads the head of a page (its first ``head_lines`` lines and a few more) with ``lines``: the facts its
    labels give, and which lines are no title."""

    def __init__(self, lines: LineReader):
        self.lines = lines
        self.g = g = lines.g
        labels = sorted(set(g.labels.fields) | set(g.labels.furniture), key=len, reverse=True)
        self._labels = set(labels)
        self._sources = set(g.labels.sources)
        # 文　　号: a label spaced out to the width of the others.
        spaced = "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
        # 文号: …, or in brackets as law databases print it ([发布部门]…, 【时效性】…).
        self._label = re.compile(r"[【\[]\s*(%s)\s*[】\]]\s*[:：]?|(%s)\s*[:：]" % (spaced, spaced))
        # 发布机构 X 文    号 Y: a line of labels set off by spaces alone.
        # (A line may mix the two: 文号 平政发〔2025〕6号 成文日期: 2025年04月15日.)
        self._bare_label = re.compile(r"(?:^|(?<=\s))(%s)(?:\s*[:：]|(?=\s+\S|\s*$))" % spaced)
        # 发文字号皖交发〔2021〕63号: a label glued to its value, the one label of its line.
        self._glued_label = re.compile(r"(%s)(?=\S)" % "|".join(map(re.escape, labels)))

    def read(self, lines: list[str], raw: list[str], facts: DocumentFacts, label_lines: list[str]
             ) -> tuple[set[int], Sources]:
        """The facts of the head of a page (``lines`` cleaned, ``raw`` as printed; ``label_lines`` the label lines
        of its information table, read first) into ``facts``. Returns the lines that are no title (labels,
        furniture, 文号, dates, garbled lines) and the offices 来源: labels name."""
        skip: set[int] = set()
        sources: Sources = []
        for line in label_lines:
            for label, value in self.labels_of(line):
                self.label_fact(facts, label, value, f"the page's {label}", sources)
        self._read_label_lines(lines, raw, facts, skip, sources)
        self._read_number_lines(lines, facts, skip)
        self._read_tail(lines, raw, facts, skip)
        return skip, sources

    def _read_tail(self, lines: list[str], raw: list[str], facts: DocumentFacts, skip: set[int]) -> None:
        """The page's frame after the text (相关新闻 and its dated links, 打印本页 关闭窗口): the furniture lines its last
        lines are, from the end up to the first line of the text, into ``facts.furniture``."""
        for i in range(len(lines) - 1, max(len(lines) - 30, 1) - 1, -1):
            if not lines[i].strip():
                continue
            # (A sentence is the text's, whatever words it ends with: …予以关闭。 is no 关闭 link.)
            if not (self.lines.is_furniture(lines[i]) or self.lines.is_furniture(raw[i])) or i in skip or \
                    lines[i].rstrip().endswith(("。", ";", "；")) or len(compact(lines[i])) > 60:
                return
            skip.add(i)
            facts.furniture.append(raw[i].strip())

    def _breadcrumb(self, lines: list[str]) -> int | None:
        """The last line of a breadcrumb trail near the top (首页 > 政务公开 > …), which may run over two lines:
        the lines above it are the page's header (site name, section name). None where there is none."""
        crumb = next((i for i, line in enumerate(lines[:8]) if self.g.furniture.breadcrumb.search(compact(line))),
                     None)
        while crumb is not None and crumb + 1 < len(lines) and (
                self.g.furniture.breadcrumb.search(compact(lines[crumb + 1])) or (
                not lines[crumb + 1].strip() and crumb + 2 < len(lines)
                and self.g.furniture.breadcrumb.search(compact(lines[crumb + 2])))):
            crumb += 1
        return crumb

    def _read_label_lines(self, lines: list[str], raw: list[str], facts: DocumentFacts, skip: set[int],
                          sources: Sources) -> None:
        """The label lines, furniture and header lines of the page's head, each into ``facts.furniture`` and
        ``skip``; a label whose value the page prints on a line of its own below it (• 成文日期: / 2024-03-29)
        takes that line."""
        crumb = self._breadcrumb(lines)
        waiting = None  # a label still waiting for its value
        for i, line in enumerate(lines[:self.g.head_lines + 10]):
            pairs = self.labels_of(line)
            if not pairs and waiting is not None and line.strip():
                label, waiting = waiting, None
                value = line.strip().strip("|｜").strip()  # (文号 | / 安市安委办发〔2021〕3号 |: a cell's bar)
                if len(compact(line)) <= 40 and not self.lines.is_furniture(line) and self.fits(label, value):
                    skip.add(i)
                    facts.furniture.append(raw[i].strip())
                    self.label_fact(facts, label, value, f"line {i + 1} ({label}, below its label)", sources)
                    continue
            if pairs:
                skip.add(i)
                facts.furniture.append(raw[i].strip())
                waiting = pairs[0][0] if len(pairs) == 1 and not pairs[0][1] else None
                for label, value in pairs:
                    self.label_fact(facts, label, value, f"line {i + 1} ({label})", sources)
            elif self.lines.is_furniture(line) or (crumb is not None and i <= crumb and line.strip() and (
                    not self.lines.is_title_line(line) or self.g.furniture.breadcrumb.search(compact(line)))):
                skip.add(i)
                facts.furniture.append(raw[i].strip())

    def _read_number_lines(self, lines: list[str], facts: DocumentFacts, skip: set[int]) -> None:
        """Garbled lines (noted, not read) and 文号 lines of the head: a 文号 alone, or with the 成文日期 beside it
        (苏政发〔2009〕1号 2009年1月5日 under the title)."""
        for i, line in enumerate(lines[:self.lines.head_end(lines)]):
            if i in skip or not line.strip():
                continue
            if self.lines.is_garbled(line):
                skip.add(i)
                facts.notes.append(f"line {i + 1}: {line.strip()!r} looks like a 文号 or date the page has garbled; "
                                   f"not read")
                continue
            number = self.lines.numbers.line_number(line)
            if number is not None:
                skip.add(i)
                facts.set("doc_number", number.key, f"line {i + 1}")
                continue
            number, date = self.lines.number_and_date(line)
            if number is not None:
                skip.add(i)
                facts.set("doc_number", number.key, f"line {i + 1}")
                facts.set("issued_date", date, f"line {i + 1} (beside the 文号)")

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
        alone = re.sub(r"[\s|｜:：]", "", view)
        if alone in self._labels:
            return [(alone, "")]  # 有效性 alone on its line: a label whose value the page left out (or prints below)
        category = re.match(r"[^|:：\d]{1,8}\|\s*", view[lead:])
        if category and self._label.match(view, lead + category.end()):
            lead += category.end()  # 本地资讯 | 来源:…: the page's section before its labels
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
            if not marks or marks[0].start() != begin or len(marks) < 2 and not self._plain_value(marks[0], view):
                glued = self._glued_label.match(view, begin)
                if glued is None:
                    return []
                return self._glued_pairs(line, view, glued)
        pairs = [("发布时间", stamp[1])] if stamp else []
        # Values as printed (full-width brackets kept), cut at the offsets of the parsing view (same length); the
        # bars of a table's cells are no part of them.
        return pairs + [(self._label_name(mark),
                         line[mark.end():following.start() if following else len(view)].strip(" \t\u3000|｜"))
                        for mark, following in zip(marks, marks[1:] + [None])]

    def _label_name(self, mark: re.Match) -> str:
        """The label a mark of ``_label`` or ``_bare_label`` names; one in a law database's brackets may mean
        another (rules/metadata.yml ``labels.bracketed``)."""
        if mark.re is self._label and mark[1]:
            label = re.sub(r"\s", "", mark[1])
            return self.g.labels.bracketed.get(label, label)
        return re.sub(r"\s", "", mark[1] if mark.re is self._bare_label else mark[2])

    def _plain_value(self, mark: re.Match, view: str) -> bool:
        """Whether a label set off by a space alone on its line (文件编号 北区政办发〔2020〕11号, 生成日期 2020-05-08,
        信息名称 2020年…) is one: its value has the form of its fact, a 文号 or a date, or it names a title."""
        label = re.sub(r"\s", "", mark[1])
        field = self.g.labels.fields.get(label)
        # (信息名称 2020年…责任分工: a title's label of four characters is no word of a sentence's.)
        value = view[mark.end():].strip()
        return field in ("doc_number", "issued_date", "published_at") and self.fits(mark[1], value) \
            or field == "title" and len(label) >= 4 and len(value) >= 6

    def _glued_pairs(self, line: str, view: str, glued: re.Match) -> list[tuple[str, str]]:
        """The (label, value) pairs of a line whose labels are glued to their values (发文字号皖交发〔2021〕63号, or
        several: 发文机构X市人民政府办公厅发文字号X政办〔2020〕1号), the first a fact's label whose value fits it;
        [] when it is none."""
        marks = list(self._glued_label.finditer(view, glued.start()))
        pairs = [(mark[1], line[mark.end():following.start() if following else len(view)].strip(" \t\u3000|｜"))
                 for mark, following in zip(marks, marks[1:] + [None])]
        # (A label word inside a value, 来源 in …资源来源…, is no label: then the first label takes the rest.)
        if len(pairs) > 1 and self._glued_value(*pairs[0]) and all(self._glued_value(label, value) or (
                label in self.g.labels.furniture and 0 < len(value) <= 20) for label, value in pairs[1:]):
            return pairs
        if not self._glued_value(glued[1], view[glued.end():].strip()):
            return []
        return [(glued[1], line[glued.end():].strip(" \t\u3000|｜"))]

    def _glued_value(self, label: str, value: str) -> bool:
        """Whether ``value``, printed right after ``label`` with nothing between (发文机关中共安徽省交通运输厅党组), is
        that label's: a 文号 or a date of the label's kind, or the name of a body that signs for an issuer's label."""
        field = self.g.labels.fields.get(label)
        if field in ("doc_number", "issued_date", "published_at"):
            return self.fits(label, value)
        return field == "issuer" and self.lines.is_signature(value)

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

    def fits(self, label: str, value: str) -> bool:
        """Whether a line below an empty label is that label's value: a date for a date, a 文号 for a 文号, a title
        line for a title, and for anything else no title line (the title under an empty 发文字号: is the title), but
        any short value for a label of the page's own (组配分类: / 一般规划)."""
        label = re.sub(r"[\s:：]", "", label)
        field = self.g.labels.fields.get(label)
        if field in ("issued_date", "published_at"):
            return parse_date(value, self.g.date) is not None
        if field == "doc_number":
            return self.lines.numbers.parse(compact(value)) is not None
        if label in self.g.labels.valueless:
            return False  # 分享: over a table's header cell 序号
        if self.lines.numbers.line_number(value) is not None:
            return False  # 来源: left empty over the 文号 line (甘政发〔2012〕53号): a 文号 is a 文号's value only
        if field != "title" and re.match(r"\s*(?:19|20)\d\d\s*年", value):
            return False  # 信息来源: over 2021年…登记表: a year opens the title of what follows, never a source or a kind
        if field is None and len(compact(value)) <= 6:
            return True  # 组配分类: / 一般规划: a page's category, however like a kind of document it reads
        return self.lines.is_title_line(value) == (field == "title")

    def _official_place(self, name: str) -> bool:
        """Whether ``name`` is the full name of one division of the official list, and nothing more (文成县)."""
        places = self.lines.places.leading(name)
        return len(places) >= 1 and places[-1].code is not None and "".join(p.name for p in places) == name

    def label_fact(self, facts: DocumentFacts, label: str, value: str, how: str,
                   sources: Sources | None = None) -> None:
        """The fact a label gives (rules/metadata.yml ``labels.fields``) into ``facts``, its value read as the fact
        is (a date, a 文号); an office a 来源: label names goes to ``sources``, a news outlet it names is noted in
        ``found_by["media"]``."""
        label = re.sub(r"[\s:：]", "", label)
        name = self.g.labels.fields.get(label)
        value = (value or "").strip()
        dated = self.g.labels.dated_source.match(value) if label in self._sources else None
        if dated:
            # 来源:青岚市住建局 2019-07-17 09:48:13: the office, then when the page posted it.
            value = dated.group("name")
            self.label_fact(facts, "发布时间", dated.group("date"), how)
        # (来源:向家镇, 来源:文成县: a town or a division of the official list named alone is its government's page.)
        if label in self._sources and sources is not None and (
                self.lines.is_signature(value) or self.g.places.town.fullmatch(compact(value))
                or self._official_place(compact(value))):
            sources.append((value, how))
        if label in self._sources and any(self.g.labels.media.search(compact(part))
                                          for part in re.split(r"[、,，\s]+", value) if part):
            facts.found_by.setdefault("media", f"{how} (a news outlet)")
        if not name or not value or (name == "issuer" and self.g.labels.no_issuer.search(value)):
            return
        if name == "issuer" and sources is not None and self._official_place(compact(value)):
            # 【发布单位】山西省: a place, not a body; the issuer of last resort, after the title and the 落款.
            sources.append((value, how))
            return
        if name in ("issued_date", "published_at"):
            value = parse_date(value, self.g.date)
        elif name == "doc_number":
            # (文号: 嘉政办发〔2023〕7号 发布机关: …: a label the page prints after it, which kb does not know.)
            parsed = self.lines.numbers.parse(value) or (
                self.lines.numbers.parse(value.split()[0]) if value.split() else None)
            value = parsed.key if parsed else None
        facts.set(name, value, how)
