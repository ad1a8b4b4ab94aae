"""rules/metadata.yml: the facts of a document read from its own text (kb.metadata): title, 主送, date, 落款,
page labels and furniture, news reports, levels and places."""
from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import model_validator

from .base import NEVER, CitesTitles, Part, Pattern, Rule, Words, composed, never, pattern_with

Fact = Literal["title", "doc_number", "issuer", "issued_date", "published_at"]


class Title(Rule):
    """The title line (GB/T 9704-2012, 7.3.1: issuer, subject and the kind of document, 文种): the word it ends in
    (``endings``, the 文种, each with the kind of document it makes), what may follow
    that word (``trailer``), what a page prints before it (``prefix``) and the file name's extension after it
    (``file_suffix``), how an issuer opens and ends it, and the lines near the top that are never the title
    (``not_title``, and a table's header cell: ``table_header``), and how long a first line guessed as the title
    must be (``guess_min_chars``); what opens the body a title runs into on a page run into one line
    (``body_opening``, after a stray page number ``page_number``); the issuer's mark printed above it
    (``issuer_mark``); an ending often inside a title broken over lines (``inner_ending``); what follows the body
    that owns a title with no 关于 (``owned``)."""
    max_lines: int
    endings: dict[str, str]
    trailer: Pattern
    issuer_start: Pattern = NEVER
    issuer_end: Pattern = NEVER
    prefix: Pattern = NEVER
    file_suffix: Pattern = NEVER
    not_title: list[Pattern]
    table_header: Pattern = NEVER
    guess_min_chars: int = 0
    body_opening: Pattern = NEVER
    run_in_mark: pattern_with("issuer") = never("issuer")
    run_in_notice: Pattern = NEVER
    page_number: Pattern = NEVER
    inner_ending: Pattern = NEVER
    owned: pattern_with("year") = never("year")
    issuer_mark: pattern_with("issuer") = never("issuer")

    @model_validator(mode="after")
    def _composes(self) -> "Title":
        return composed(self, "line")

    @cached_property
    def kinds(self) -> list[tuple[str, str]]:
        """(ending, kind) pairs, longest ending first."""
        return [(ending, self.endings[ending]) for ending in sorted(self.endings, key=len, reverse=True)]

    @cached_property
    def line(self) -> re.Pattern:
        """A line that ends as a title does: one of the endings, then the trailer, at its end."""
        endings = "|".join(re.escape(ending) for ending, _ in self.kinds)
        return re.compile(f"(?:{endings})(?:{self.trailer.pattern})$")


class Forwarded(Rule):
    """A notice that issues or forwards another document (关于印发…的通知): group ``inner`` names it; ``verbs``
    name it in the body of a notice printed without its title (现将《Y》印发给你们)."""
    pattern: pattern_with("inner")
    verbs: Pattern = NEVER


class Addressees(Rule):
    """The 主送 line (GB/T 9704-2012, 7.3.2: under the title, the bodies addressed, the last followed by a
    full-width colon): group ``names``, each name ending like a body of government (``name_endings``); a line that
    is a sentence leading into what follows (``not_a_list``: 要点如下:) is none."""
    pattern: pattern_with("names")
    not_a_list: Pattern = NEVER
    name_endings: Words

    def is_line(self, line: str) -> bool:
        """Whether ``line`` (the parsing view, stripped) has the form of a 主送 line."""
        return bool(self.pattern.match(line)) and not self.not_a_list.search(line)


class DateRule(Rule):
    """Dates (kb.dates): the 成文日期 line (``pattern``; GB/T 9704-2012, 7.3.5: a line of its own under the 发文机关
    署名, or under the title), and a date anywhere else, read from its start, in ``digits`` (2015-07-31), printed
    ``day_first`` (31.07.2015) or in ``chinese`` numerals. Each has the groups ``year``, ``month`` and ``day``."""
    pattern: pattern_with("year", "month", "day")
    digits: pattern_with("year", "month", "day")
    day_first: pattern_with("year", "month", "day")
    chinese: pattern_with("year", "month", "day")


class Delivered(Rule):
    """The date line under a report's title (DATE在…会议上): group ``date``."""
    pattern: pattern_with("date")


class Labels(Rule):
    """Label lines and cells of web pages (文号: …): the fact each label gives, the page's own labels
    (``furniture``), those that name the office a page comes from (``sources``, perhaps with the page's date after
    it: ``dated_source``) and a news outlet (``media``), and
    those that never take the line below them as their value (``valueless``); date labels a site fills with the
    day it made the page (``made_dates``), which a date line closing the notice's text overrides; issuer values that
    name a database's category, not a body (``no_issuer``); labels that mean another in a law database's brackets
    (``bracketed``: 【发布日期】 is the day a text was promulgated, 颁布日期)."""
    fields: dict[str, Fact]
    furniture: Words
    sources: Words = []
    dated_source: pattern_with("name", "date") = never("name", "date")
    valueless: Words = []
    media: Pattern = NEVER
    made_dates: Words = []
    no_issuer: Pattern = NEVER
    bracketed: dict[str, str] = {}


class Patterns(Rule):
    """A rule that is a list of patterns (any of them matches)."""
    patterns: list[Pattern]


class Furniture(Patterns):
    """Lines of a web page's frame (breadcrumbs, print links), its breadcrumb trail, the junk a page puts at the
    edges of a line, and a site's name or posting date after a page title (``site_suffix``, ``trailing_stamp``)."""
    breadcrumb: Pattern = NEVER
    leading_junk: Pattern = NEVER
    trailing_junk: Pattern = NEVER
    site_suffix: Pattern = NEVER
    trailing_stamp: Pattern = NEVER


class News(Rule):
    """A news report about a document: its headline, its lead (groups issuer, date, title), and the lines that
    date and place it."""
    headline: Pattern
    lead: pattern_with("issuer", "date", "title")
    report: Pattern = NEVER
    issue: pattern_with("date") = never("date")
    stamp: pattern_with("date") = never("date")
    dateline: pattern_with("place") = never("place")
    original: pattern_with("title") = never("title")
    paper_date: pattern_with("date") = never("date")
    posted_list: Pattern = NEVER
    capital: str | None = None
    outlet: Pattern = NEVER
    lead_body: Pattern = NEVER
    lead_others: Pattern = NEVER


class Signature(Rule):
    """The 落款 (GB/T 9704-2012, 7.3.5: the issuer's name, 发文机关署名, on its own line before the 成文日期): how
    it ends, how long it may be; and the name of a body that several issuers set up together, on the line under
    theirs (中共某县委某县人民政府 | 优化营商环境领导小组: one issuer, its sub-body's whole name).
    ``sub_body`` matches such a line's name; a line that opens with a place is an issuer of its own."""
    endings: Words
    max_length: int
    sub_body: Pattern = NEVER


class Attachments(Rule):
    """附件 (GB/T 9704-2012, 7.3.4: 附件：and the names, numbered where there are several): its first line (group
    ``name``) and the numbered names on the lines after it."""
    first: pattern_with("name")
    next: pattern_with("name")


class Level(Part):
    """The level (and jurisdiction) of an issuer whose name matches ``pattern``."""
    pattern: Pattern
    level: str
    jurisdiction: str | None = None


class Addressed(Part):
    """A cue of the 主送 line for the level of the document's issuer."""
    pattern: Pattern
    level: str


class ImpliedLevel(Rule):
    """The level of a document that names no issuer: from whom it addresses, then from the tiers it names."""
    addressed: list[Addressed] = []
    own: list[pattern_with("tier")] = []
    # What a title may open with before the place it names (关于印发…, a headline's 今年上半年).
    title_opening: Pattern = NEVER
    # The text calling a tier its own in the first person (我市, 本县): that tier, however often it names others.
    first_person: list[pattern_with("tier")] = []
    # The bodies above it whose deployments the text carries out (贯彻落实中央、自治区、银川市关于…): a text of the
    # tier of its lowest is of the tier below (我市 under 银川市: a county-level city).
    superiors: pattern_with("list") = never("list")
    # A congress of a place the head of the text reports on (鄂州市鄂城区十届人大二次会议开幕): that place's level.
    congress: pattern_with("place") = never("place")
    tiers: dict[str, str] = {}


class ShortForms(Part):
    """What the short form of an official province or prefecture drops (广西 for 广西壮族自治区): the division word
    it ends in, then the peoples its name holds, each tried in the order given."""
    divisions: Words = []
    peoples: Words = []


class PlacesRule(Rule):
    """Places an issuer's name opens with (kb.places): the level of each division suffix, what ends like a place
    without being one, what no place read by its form holds (``not_in_form``), towns, the characters of level
    words, the short forms of official names, and what makes a place's name a town's (``town_named_after``)."""
    suffixes: dict[str, str]
    not_places: Words = []
    not_in_form: Pattern = NEVER
    town: pattern_with("town") = never("town")
    town_level: str = "乡"
    town_after_county: pattern_with("town") = never("town")
    city_zone: Pattern = NEVER
    level_characters: Words = []
    short_forms: ShortForms = ShortForms()
    named_after: Pattern = NEVER
    town_named_after: Pattern = NEVER


class MetadataFile(CitesTitles):
    """The whole of rules/metadata.yml; the titles a text cites in 《》 are read with ``cited_title``."""
    head_lines: int
    title: Title
    forwarded: Forwarded
    addressees: Addressees
    date: DateRule
    delivered: Delivered = Delivered(id="metadata.delivered", pattern=never("date"))
    labels: Labels
    furniture: Furniture
    news: News
    garbled: Patterns
    signature: Signature
    attachments: Attachments
    levels: list[Level]
    places: PlacesRule
    implied_level: ImpliedLevel = ImpliedLevel(id="metadata.implied-level")
