"""A document's title: the line (or lines) that read as a title in the head of the page, else a news headline, a
repost's 原标题 or a first line worth a guess; the title tidied of what a page glues to it (a 文号, a site's
breadcrumb); the heading of a document a notice issues; and where the document a notice issues or forwards
begins. The title forms are rules/metadata.yml ``title``."""
from __future__ import annotations

import re

from ..normalize import compact, parsing_view
from .facts import AttachedDocument, DocumentFacts, unwrapped
from .lines import LineReader
from .news import Leads, NewsReader


class TitleReader:
    """Reads a document's title with ``lines`` and ``news``."""

    def __init__(self, lines: LineReader, news: NewsReader):
        self.lines = lines
        self.news = news
        self.g = lines.g

    def read_title(self, lines: list[str], facts: DocumentFacts, skip: set[int], leads: Leads,
                   report: int | None = None) -> int | None:
        """Sets the title; returns its (last) line, or None when the title came from elsewhere or was not found.
        ``skip``: the lines that are no title; ``leads``: the news leads; ``report``: the line a news report's text
        opens with, whose headline is above it."""
        if facts.title:
            # A label gave it (名称: …): the line that prints it, if any, is where the notice begins.
            wanted = compact(facts.title).strip("|")
            return next((i for i in range(min(self.g.head_lines, len(lines))) if i not in skip and
                         compact(lines[i]).strip("|") == wanted), None)
        cited = self.news.lead_titles(leads)

        def usable(i: int) -> bool:
            return self._usable(lines, skip, i)

        line, headline = self._title_lines(lines, facts, usable, cited)
        if line is not None:
            return line
        if headline is not None:
            # A news report about a document it does not carry: the document it reports is its subject.
            if cited:
                return None  # the lead sets the title
            facts.set("title", headline[1], f"line {headline[0] + 1} (a headline; check it)")
            return headline[0]
        original = self.news.original_title(lines)
        if original is not None:
            # A repost: the line that names the report's own headline (原标题 …).
            facts.set("title", original[1], f"line {original[0] + 1} (原标题, the report's own headline)")
            return None
        return self._guessed_title(lines, facts, skip, usable, cited, leads, report)

    def _usable(self, lines: list[str], skip: set[int], i: int) -> bool:
        """Whether line ``i`` may be (part of) the title: not blank, not skipped, not a form that is no title, not
        closed by a colon, and no name signing above a date."""
        line = lines[i]
        return bool(line.strip()) and i not in skip and not self.lines.not_title(line) and \
            not compact(line).endswith((":", "：")) and not (
                self.lines.is_signature(line) and i + 1 < len(lines) and (self.lines.date_of(lines[i + 1]) or
                                                                           self.lines.is_garbled(lines[i + 1])))

    def _title_lines(self, lines: list[str], facts: DocumentFacts, usable, cited: set[str]
                     ) -> tuple[int | None, tuple[int, str] | None]:
        """The first run of up to ``title.max_lines`` usable lines of the head that reads as a title: sets it and
        returns (its last line, None); a run worded as a headline (and no document a lead reports) is kept aside:
        (None, (line, headline)); (None, None) where none reads as a title."""
        headline = None
        for i in range(self.lines.head_end(lines)):
            if not usable(i):
                continue
            if "关于" not in lines[i] and any(self._opens_title(lines[j]) and (
                    j == i + 1 or self.lines.is_title_line(lines[j]))
                    for j in range(i + 1, min(i + self.g.title.max_lines, len(lines)))):
                # 法规库 / 国务院办公厅关于…, 卫生城市 / 合集下载 / 某市人民政府关于…的通知: the title begins on a
                # later line, with its issuer (a line further down only when it is a whole title).
                continue
            if "关于" not in lines[i] and i + 1 < len(lines) and _repeats_tail(compact(lines[i]), compact(lines[i + 1])):
                continue  # 某市某区秦灶街道 | 秦灶街道2021年工作计划: the site's name over a title that opens with it
            for span in range(1, self.g.title.max_lines + 1):
                if not all(usable(j) for j in range(i, min(i + span, len(lines)))):
                    break
                # |名称|||: the bars of a table's cells are no part of the title.
                joined = "".join(line.strip().strip("|｜ ") for line in lines[i:i + span])
                if not self.lines.is_title_line(joined):
                    continue
                longer = "".join(line.strip().strip("|｜ ") for line in lines[i:i + span + 1])
                if span < self.g.title.max_lines and i + span < len(lines) and usable(i + span) and \
                        "关于" not in lines[i + span] and self.g.title.inner_ending.search(compact(joined)) and \
                        self.lines.is_title_line(longer):
                    continue  # …市政府工作报告 | 主要目标任务的通知: the title goes on (not into the title printed again)
                if self.lines.is_headline(joined) and not (compact(joined) in cited):
                    headline = headline if headline is not None else (i, joined)
                    break
                first = i
                above = compact(lines[i - 1]) if i and usable(i - 1) else ""
                if (above.endswith("关于") and self._opens_title(lines[i - 1])) or (
                        re.match(r"(?:关于|印发|转发|批转)", compact(joined)) and self.lines.is_signature(above)):
                    # 县人民政府办公室关于 | 对…的 | … | …的通知: a title longer than the lines allowed, broken at
                    # 关于; 平阳县人民政府办公室 | 印发…的通知 (or 关于印发…): the title's issuer on the line above.
                    first, joined = i - 1, lines[i - 1].strip() + joined
                facts.set("title", joined, f"line {first + 1}" + (f"–{i + span}" if i + span - 1 > first else ""))
                return i + span - 1, None
        return None, headline

    def _guessed_title(self, lines: list[str], facts: DocumentFacts, skip: set[int], usable, cited: set[str],
                       leads: Leads, report: int | None) -> int | None:
        """Where no line ends like a title: a news report's headline, the line above its first (本报讯 …), past the
        page's furniture and date stamp, over a kicker, under no subtitle; else a short first line that is not a
        sentence, past the page's furniture (a headline stands above the lead of its report). None where a lead's
        《》 title is to be the title, or nothing fits."""
        if report is not None:
            above = [i for i in range(report - 1, -1, -1) if lines[i].strip() and i not in skip][:3]
            # A deck under the headline runs on with a comma (于某出席,某某作报告): the headline is the line above.
            if len(above) > 1 and "," in parsing_view(lines[above[0]]) and "," not in parsing_view(lines[above[1]]) \
                    and usable(above[1]):
                above = above[1:]
            for i in above:
                view = compact(lines[i])
                if usable(i) and view and not view.startswith(("—", "-")) and len(view) <= 60 and "。" not in view:
                    if self.news.names_cited(view, cited):
                        return None  # 《Y》出炉 over a lead that reports Y: the lead sets the title
                    facts.set("title", lines[i].strip(), f"line {i + 1} (the headline of a news report)")
                    return i
        first_lead = min((i for i, _, _ in leads), default=len(lines))
        if any(self.g.news.lead_body.search(compact(m["issuer"])) for i, _, m in leads if i < 4):
            return None  # a page about a body issuing a document, under no title line: the lead's 《》 title is its title
        # (The first three lines past the page's furniture: 1 / 要闻 over a paper's headline are none.)
        shown = [i for i in range(min(self.lines.head_end(lines), first_lead))
                 if lines[i].strip() and i not in skip and usable(i)
                 and len(compact(lines[i])) >= self.g.title.guess_min_chars][:3]
        header = next((i for i in range(min(self.g.head_lines, len(lines)))
                       if self.g.title.table_header.search(compact(lines[i]))), None)
        # (A page that opens with a table's header cells (序号 | 工作任务): its first lines are cells, no title.)
        shown = [i for i in shown if header is None or i < header]
        marked = self._marked_run_in(lines[shown[0]], facts) if shown else None
        if marked:
            facts.set("title", marked, f"line {shown[0] + 1} (a notice run into one line, after its 文号 or its issuer's mark)")
            return None
        for i in shown:
            view = compact(lines[i])
            if view and len(view) <= 60 and "。" not in view:
                if self.news.names_cited(view, cited):
                    return None
                facts.set("title", lines[i].strip(), f"line {i + 1} (first line; check it)")
                return i
        if shown:
            title = self._run_in_title(lines[shown[0]])
            if title:
                facts.set("title", title, f"line {shown[0] + 1} (the opening of a page run into one line)")
        return None

    def _marked_run_in(self, line: str, facts: DocumentFacts) -> str | None:
        """The title of a notice run into one line after its issuer's mark and its 文号 (常熟市人民政府办公室文件
        常政办发〔2018〕32号 市政府办公室关于…的通知 各镇人民政府,…), the 文号 kept before it (the title's tidying reads
        it off); the issuer the mark names goes into ``facts``. None for any other line."""
        mark = self.g.title.run_in_mark.match(line.strip())
        if mark is None or not self.lines.is_signature(mark["issuer"]):
            # (文档介绍:龙府发〔2009〕23号成都市…关于…的通知各街道办事处…: no mark, the 文号 opening the text.)
            rest = re.sub(r"^[\u4e00-\u9fff]{2,6}[:：]\s*", "", line.strip(), count=1)
            number = self.lines.numbers.leading(rest)
            notice = self.g.title.run_in_notice.match(rest, number[1]) if number else None
            return rest[:notice.end()] if notice else None
        rest = line.strip()[mark.end():]
        number = self.lines.numbers.leading(rest)
        notice = self.g.title.run_in_notice.match(rest, number[1] if number else 0)
        if notice is None:
            return None
        facts.set("issuer", mark["issuer"], "the issuer's mark opening a page run into one line")
        return rest[:notice.end()]

    def _run_in_title(self, line: str) -> str | None:
        """The title a page run into one line opens with (1杨村乡…实施方案根据《…》… → 杨村乡…实施方案): its first words
        up to where the body's opening words (``title.body_opening``) follow a title's ending, within 60 characters;
        None where there is none."""
        text = self.g.title.page_number.sub("", line.strip(), count=1)
        for match in self.g.title.body_opening.finditer(text, 0, 80):
            head = text[:match.start()].strip()
            if match.start() <= 60 and self.lines.is_title_line(head):
                return head
        return None

    def _opens_title(self, line: str) -> bool:
        """Whether ``line`` opens a title with its issuer (国务院办公厅关于…)."""
        issuer = re.match(r"(.{2,40}?)关于", compact(line))
        # (批转市发改委关于…: the issuer who forwards it is on the line above, 市人民政府.)
        return bool(issuer) and self.lines.is_signature(issuer[1]) and not issuer[1].startswith(("批转", "转发"))

    def tidy(self, facts: DocumentFacts) -> None:
        """The title read without what a page printed with it: a 文号 at its head (盘政办发〔2021〕10号 盘锦市人民政府
        办公室关于…) or after it, which is the 文号, what a page glued before a notice's title, and a file name's
        extension after it (…分解表.docx)."""
        if not facts.title:
            return
        facts.title = self.g.title.prefix.sub("", facts.title.strip(), count=1) or facts.title
        facts.title = self.g.title.file_suffix.sub("", facts.title).rstrip() or facts.title
        glued = self.lines.numbers.leading(facts.title)
        if glued is not None and facts.title[glued[1]:].strip():
            facts.set("doc_number", glued[0].key, f"{facts.found_by['title']} (the 文号 before the title)")
            facts.title = unwrapped(facts.title[glued[1]:])
        facts.title = self.glued_head_cut(facts.title)
        after = self.lines.numbers.trailing(facts.title)
        if after is not None:
            facts.set("doc_number", after[0].key, f"{facts.found_by['title']} (the 文号 after the title)")
            facts.title = facts.title[:after[1]].rstrip()

    def glued_head_cut(self, title: str) -> str:
        """A notice's title (…关于…) without what a page glued before it on its line: past the last breadcrumb or
        pipe mark, from the first place (kb.places) or issuer word (rules/metadata.yml title.issuer_start) before
        关于; with neither, from 关于 itself unless the words before it end as a body's name (教育部关于…)."""
        at = title.find("关于")
        if at <= 0 or "《" in title[:at]:
            return title  # (X印发《关于…》的通知: the 关于 of the document it issues)
        head = title[:at]
        marks = [head.rfind(mark) + len(mark) for mark in ("|", "｜", ">", "»", "›") if mark in head]
        head = head[max(marks, default=0):]
        places = self.lines.places
        if places.official_at(head) is not None or self.g.title.issuer_start.match(head) or (
                self.g.places.town.fullmatch(head.strip()) and self.g.places.town.match(head.strip() + "关于")):
            # 重庆市巴南区…, 泰州关于…, 马兰屯镇关于…: it opens with its issuer
            return title if not marks else head + title[at:]
        for i in range(1, len(head)):
            if (i >= 2 and places.official_at(head[i:]) is not None) or self.g.title.issuer_start.match(head, i):
                # (A place one character in is a name's own tail: 禾丰县 is not 禾 + 丰县.)
                if self.g.title.issuer_end.search(head[:i].rstrip()):
                    break  # 青岚市发展和改革委员会 中共青岚市委…关于: issuers signing jointly, no junk before them
                return head[i:] + title[at:]
        return (head if self.g.title.issuer_end.search(head.rstrip()) else "") + title[at:]

    def issued_heading(self, lines: list[str], facts: DocumentFacts, skip: set[int]) -> None:
        """A notice printed without its title line that issues a document it names (现将《Y》印发给你们) and prints
        after it under Y's own heading: Y is the title."""
        head = self.g.head_lines
        names = [name for line in lines[:head] if self.g.forwarded.verbs.search(line)
                 for name in self.lines.cited(line)]
        for name in dict.fromkeys(names):
            wanted = compact(name)
            for i in range(len(lines[:head + 20])):
                if i not in skip and compact(lines[i]).strip("《》") == wanted:
                    facts.set("title", lines[i].strip().strip("《》"), f"line {i + 1} (the heading of the document the "
                                                                     f"notice issues)")
                    return

    def attached_document(self, lines: list[str], facts: DocumentFacts, after: int | None,
                          printed: list[str] | None = None) -> None:
        """The document a notice issues or forwards, where its title line follows the notice (after line ``after``,
        the notice's date; ``printed``: the lines as printed): the title as the notice's title words it, or as the
        notice's body cites it in 《》 (a title that paraphrases it: 我市… for 青岚市…(2016至2020年)…)."""
        if not facts.title:
            return
        match = self.g.forwarded.pattern.search(compact(facts.title))
        if not match:
            return
        inner = match["inner"]
        issuer = None
        if "关于" in inner:
            issuer, inner = inner.rsplit("关于", 1)
            issuer = issuer if self.lines.is_signature(issuer) else None
        names = [inner.strip("《》")]
        last = after if after is not None else min(len(lines) - 1, self.g.head_lines)
        for line in lines[:last + 1]:
            names += [m for m in self.lines.cited(line) if m not in names]
        first = (after + 1) if after is not None else 1
        for name in names:
            wanted = compact(name)
            for i in range(first, len(lines)):
                line = compact(lines[i])
                if len(line) >= min(6, len(wanted)) and wanted.startswith(line):
                    facts.attached = AttachedDocument(title=name, starts_at=(printed or lines)[i].strip(), line=i,
                                                      issuer=issuer or facts.issuer, kind=self.lines.kind_of(name))
                    facts.found_by["attached"] = f"line {i + 1} (the title of what the notice issues)"
                    return


def _repeats_tail(line: str, below: str) -> bool:
    """Whether ``below`` opens with the last three or more characters of ``line`` (a name printed twice)."""
    return any(below.startswith(line[-k:]) for k in range(3, min(len(line), 12) + 1))
