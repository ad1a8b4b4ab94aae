"""News reports about a document: their leads (X于DATE印发《Y》), the line a report's text opens with (本报讯 …),
a repost's 原标题, whether a page is a report at all, and a report's own date. The patterns are rules/metadata.yml
``news``."""
from __future__ import annotations

import re

from ..dates import parse_date
from ..normalize import compact, parsing_view
from .facts import DocumentFacts
from .lines import LineReader

Leads = list[tuple[int, str, re.Match]]  # (line index, line, match) of each news lead


class NewsReader:
    """Reads what a news report says about the document it reports, with ``lines``."""

    def __init__(self, lines: LineReader):
        self.lines = lines
        self.g = lines.g

    def leads(self, lines: list[str]) -> Leads:
        """The news leads (X于DATE印发《Y》) of the first lines: (line index, line, match)."""
        return [(i, line, match) for i, line in enumerate(lines[:self.g.head_lines])
                for match in self.g.news.lead.finditer(parsing_view(line))]

    def lead_titles(self, leads: Leads) -> set[str]:
        """The titles (compact) of the documents news leads report, one each (a lead that reports several,
        印发《A》《B》, has none: the report's headline is its title)."""
        return {compact(match["title"] or match["bare"]) for _, line, match in leads if not _several(line, match)}

    def names_cited(self, line: str, cited: set[str]) -> bool:
        """Whether a headline names in 《》 the document a news lead reports (《青岚市…方案》出炉); ``cited`` holds the
        lead_titles."""
        return any(compact(m["title"]) in cited for m in self.g.cited_title.finditer(line))

    def original_title(self, lines: list[str]) -> tuple[int, str] | None:
        """(line, title) of a repost's 原标题 line ((原标题 X), 原标题:X), a title broken after a dash going on on
        the next line (原标题:X—— / Y); None where there is none."""
        for i, line in enumerate(lines):
            match = self.g.news.original.match(compact(line) if "原标题" in line else "")
            if not match:
                continue
            title = line[line.index("原标题") + 3:].strip().lstrip(":：").strip().rstrip(")）").strip()
            if title.endswith(("—", "-")) and i + 1 < len(lines) and lines[i + 1].strip() and \
                    "。" not in lines[i + 1] and len(compact(lines[i + 1])) <= 40:
                title += lines[i + 1].strip()
            return i, title
        return None

    def report_line(self, lines: list[str], skip: set[int]) -> int | None:
        """The line a news report's text opens with (本报讯 …, 据新华社北京12月28日电 …), or None: no report."""
        for i, line in enumerate(lines[:self.g.head_lines + 10]):
            if i not in skip and self.g.news.report.search(compact(line)):
                return i
        return None

    def is_news_title(self, facts: DocumentFacts) -> bool:
        """Whether the title read is a news report's headline (no document's title)."""
        how = facts.found_by.get("title", "")
        # (A line worded as news, 省政府分解下达…重点工作任务, is a headline whatever word it ends in.)
        return bool(facts.title) and ("headline" in how or any(word in how for word in ("first line", "原标题")) and
                                      not self.lines.kind_of(facts.title))

    def is_report(self, lines: list[str], facts: DocumentFacts, report: int | None) -> bool:
        """Whether the page is a news report, whose date is the report's: it opens like one (``report``: 本报讯 …),
        or, with no 文号 and no 落款, its title is the document a lead reports, or a headline from a news outlet,
        on a newspaper's page, worded as news, or over the date the site published it."""
        return report is not None or (not facts.doc_number and "落款" not in facts.found_by.get("issuer", "") and (
            "news report" in facts.found_by.get("title", "") or self.is_news_title(facts) and (
                self.lines.is_headline(facts.title) or "media" in facts.found_by
                or "(原标题" in facts.found_by["title"]
                # A headline over the date a site put it up (发布时间): an article of the site, dated so.
                or bool(facts.published_at) and not self.g.news.posted_list.search(compact(facts.title))
                or any(self.g.news.paper_date.match(compact(line)) or self.g.news.issue.search(parsing_view(line))
                       for line in lines[:self.g.head_lines]))))

    def read_lead(self, leads: Leads, facts: DocumentFacts) -> None:
        """X于DATE印发《Y》 in a news report's first paragraphs: the issuer, date and title of the document Y when
        the title is Y (or no title was found)."""
        for i, line, match in leads:
            group = "title" if match["title"] else "bare"
            title = line[match.start(group):match.end(group)]
            if facts.title and compact(facts.title) != compact(title):
                issuer = self._lead_issuer(line, match)
                if self.is_news_title(facts) and issuer:
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
                facts.set("issued_date", self._lead_date(match["date"], facts), f"line {i + 1} (the news lead)")
            return

    def _lead_date(self, printed: str, facts: DocumentFacts) -> str | None:
        """YYYY-MM-DD of a lead's date; 于4月18日印发 takes the year of the report's own date (of the year before,
        for a later month)."""
        date = parse_date(printed, self.g.date)
        day = re.fullmatch(r"(\d{1,2})月(\d{1,2})日", compact(printed))
        if date is None and day and facts.published_at:
            year = int(facts.published_at[:4]) - (int(day[1]) > int(facts.published_at[5:7]))
            date = parse_date(f"{year}年{day[1]}月{day[2]}日", self.g.date)
        return date

    def _lead_issuer(self, line: str, match: re.Match) -> str | None:
        """The body a lead names as issuing (据悉, X于…: past 获悉/了解到/消息 and the others it names with it), if it
        is a name that signs."""
        issuer = re.sub(r"^.*?(?:获悉|了解到|消息)[,，]?", "", line[match.start("issuer"):match.end("issuer")])
        issuer = self.g.news.lead_others.sub("", issuer.strip())
        return issuer if self.lines.is_signature(issuer) else None

    def report_date(self, lines: list[str], facts: DocumentFacts) -> None:
        """A news report's date, where nothing dated what it reports: the newspaper's issue line (《青岚日报》(2018年
        12月29日 01 版)), else the page's date of publication, else the first date stamp the page prints (a footer's
        2016-06-30 00:00:00)."""
        if facts.issued_date:
            return
        for i, line in enumerate(lines):
            issue = self.g.news.issue.search(parsing_view(line))
            if issue:
                facts.set("issued_date", parse_date(issue["date"], self.g.date),
                          f"line {i + 1} (the newspaper's issue)")
                return
        for i, line in enumerate(lines[:self.g.head_lines]):
            paper = self.g.news.paper_date.match(compact(line))
            if paper and parse_date(paper["date"], self.g.date):
                facts.set("issued_date", parse_date(paper["date"], self.g.date),
                          f"line {i + 1} (the newspaper page's date)")
                return
        if facts.published_at:
            facts.set("issued_date", facts.published_at, f"{facts.found_by.get('published_at')} (the report's date)")
            return
        for i, line in enumerate(lines):
            stamp = self.g.news.stamp.search(parsing_view(line))
            if stamp and parse_date(stamp["date"], self.g.date):
                facts.set("issued_date", parse_date(stamp["date"], self.g.date),
                          f"line {i + 1} (the page's date stamp)")
                return


def _several(line: str, match: re.Match) -> bool:
    """Whether a lead reports several documents (印发《A》《B》, 《A》和《B》)."""
    return bool(re.match(r"\s*(?:[、,，和及与]\s*)?《", line[match.end():]))
