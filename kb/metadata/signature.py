"""The lines around a document's body: the 主送 line, joint issuers printed under the title, the 落款 and the
成文日期 under it (or a date under the title), a report's date line, and the attachment list. The patterns are
rules/metadata.yml ``addressees``, ``signature``, ``date``, ``delivered`` and ``attachments``."""
from __future__ import annotations

import re

from ..dates import parse_date
from ..normalize import compact
from .facts import DocumentFacts
from .lines import LineReader, strip_name


class SignatureReader:
    """Reads the 主送, 落款, dates and attachments of a document with ``lines``."""

    def __init__(self, lines: LineReader):
        self.lines = lines
        self.g = lines.g

    def read_addressees(self, lines: list[str], facts: DocumentFacts, start: int) -> None:
        """The 主送 line: among the three lines from ``start`` (the line under the title), or (a notice printed
        without its title) among the first four before it."""
        for i in list(range(start, min(start + 3, len(lines)))) + list(range(0, min(start, 4))):
            names = self.lines.addressees_of(lines[i])
            if names:
                facts.addressees = names
                facts.found_by["addressees"] = f"line {i + 1}"
                return

    def read_date_and_signature(self, lines: list[str], facts: DocumentFacts, title_line: int | None,
                                skip: set[int]) -> int | None:
        """The 成文日期 and the 落款 above it. A 落款 with its date wins; then a date in parentheses under the
        title; then the first date line of its own (a notice printed without 落款). Returns the date's line."""
        signed, first = self._dated_lines(lines, title_line, skip)
        if signed is not None:
            i, date = signed
            self._read_signatories(lines, facts, title_line, i)
            if date:
                facts.issued_date, facts.found_by["issued_date"] = date, f"line {i + 1} (成文日期)"
            elif not facts.issued_date and first is None:
                return i
        if first is not None and not (signed and signed[1]):
            i, date = first
            placed = "under the title" if title_line is not None and i == title_line + 1 else "a date line"
            if self._closes_text(lines, i) and any(
                    f"({label})" in facts.found_by.get("issued_date", "") for label in self.g.labels.made_dates):
                facts.issued_date = None  # 生成日期: the day the page was made, not the notice's
            facts.set("issued_date", date, f"line {i + 1} (成文日期, {placed})")
            return signed[0] if signed else i
        return signed[0] if signed else None

    @staticmethod
    def _closes_text(lines: list[str], i: int) -> bool:
        """Whether the date line ``i`` closes a text: the line above it (past blank ones) ends a sentence."""
        above = next((line.strip() for line in reversed(lines[:i]) if line.strip()), "")
        return above.endswith(("。", ".")) and len(above) > 10

    def _dated_lines(self, lines: list[str], title_line: int | None, skip: set[int]
                     ) -> tuple[tuple[int, str | None] | None, tuple[int, str] | None]:
        """(line, date) of the first date line (or garbled date) under a name that signs, not the title: the 落款's
        date; and (line, date) of the first date line before it, if any."""
        first = None
        for i in range(len(lines)):
            if i in skip and not self.lines.is_garbled(lines[i]):
                continue
            date = self.lines.date_of(lines[i])
            garbled = self.lines.is_garbled(lines[i])
            if not date and not garbled:
                continue
            if i > 0 and self.lines.is_signature(lines[i - 1]) and (i - 1) != title_line:
                return (i, date), first
            if date and first is None:
                first = (i, date)
        return None, first

    def _read_signatories(self, lines: list[str], facts: DocumentFacts, title_line: int | None,
                          date_line: int) -> None:
        """The issuer the 落款 above ``date_line`` names: a document issued jointly is signed by each issuer, one
        line each, above the one date (、-joined). A page's label (发布机构: the office that put the page up; 发文机关:
        市政府办公室, often cut short) yields to it: only a label can have named the issuer yet."""
        i = date_line
        top = i - 1
        while top - 1 > (title_line if title_line is not None else -1) and i - top < 10 and \
                self.lines.is_signature(lines[top - 1]):
            top -= 1
        issuers: list[str] = []
        for j in range(top, i):
            names = self.lines.signed_names(lines[j])
            if issuers and len(names) == 1 and self.g.signature.sub_body.match(compact(names[0])) and \
                    self.lines.places.place_of(compact(names[0])) is None:
                issuers[-1] += names[0]  # …县委…县人民政府 | 优化营商环境领导小组: the body the issuers above set up
                continue
            issuers.extend(names)
        if facts.issuer:
            facts.issuer = None
        facts.set("issuer", "、".join(issuers), f"line{'s' if len(issuers) > 1 else ''} {top + 1}"
                                                f"{f'–{i}' if len(issuers) > 1 else ''} (落款)")

    def read_delivered(self, lines: list[str], facts: DocumentFacts, title_line: int, skip: set[int]) -> None:
        """A report's date line under its title (2025年3月26日在…会议上) and the body named alone beside it: the
        report's date and issuer, over what the page's labels say (not over a 落款)."""
        below = [i for i in range(title_line + 1, min(len(lines), title_line + 8))
                 if lines[i].strip() and i not in skip][:3]
        for n, i in enumerate(below):
            match = self.g.delivered.pattern.match(compact(lines[i]))
            if not match:
                continue
            date = parse_date(match["date"], self.g.date)
            if date and "落款" not in facts.found_by.get("issued_date", ""):
                facts.issued_date, facts.found_by["issued_date"] = date, f"line {i + 1} (the day the report was given)"
            if title_line < 0:
                # (A page that opens with the date line: the congress it was given at names the report's place.)
                meeting = compact(lines[i])[match.end("date"):].lstrip("在")
                place = self.lines.places.place_of(meeting)
                if place is not None and place.code is not None:
                    facts.set("level", place.level, f"line {i + 1} (the congress)")
                    facts.set("jurisdiction", place.name, f"line {i + 1} (the congress)")
            for j in below[max(0, n - 1):n] + below[n + 1:n + 2]:
                name = lines[j].strip()
                if self.lines.is_signature(name) and self.lines.places.place_of(re.sub(r"^中共", "", compact(name))) \
                        and "落款" not in facts.found_by.get("issuer", ""):
                    facts.issuer, facts.found_by["issuer"] = name, f"line {j + 1} (who gives the report)"
                    break
            return

    def read_joint_issuers(self, lines: list[str], facts: DocumentFacts, title_line: int, skip: set[int]) -> None:
        """Joint issuers printed on a line of their own under the title (财政部 国家发展和改革委员会 工业和信息化部),
        past the page's labels and a repeat of the title: the issuer, 、-joined."""
        title = compact(facts.title or "")
        for i in range(title_line + 1, min(title_line + 8, len(lines))):
            view = compact(lines[i])
            if not view or i in skip or view == title or self.lines.is_furniture(lines[i]) or re.search(r"[:：]", view):
                continue  # (下载地址: 点击此处下载: a page's link, a label of its own)
            names = self.lines.signed_names(lines[i])
            if len(names) > 1:
                facts.set("issuer", "、".join(names), f"line {i + 1} (the joint issuers under the title)")
            return

    def read_attachments(self, lines: list[str], start: int, facts: DocumentFacts) -> None:
        """The attachment list (附件:1.… and the lines that go on with it, up to a 落款 or a date), from line
        ``start``: the attachments' names."""
        g = self.g.attachments
        for i in range(start, len(lines)):
            first = g.first.match(compact(lines[i]))
            if not first:
                continue
            names = [strip_name(lines[i].split("：", 1)[-1].split(":", 1)[-1])]
            for following in lines[i + 1:]:
                more = g.next.match(compact(following))
                if not more or self.lines.is_signature(following) or self.lines.date_of(following):
                    break
                names.append(strip_name(following))
            facts.attachments = [n for n in names if n]
            facts.found_by["attachments"] = f"line {i + 1}"
            return
