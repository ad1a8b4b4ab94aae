"""A document's level (国家, 省, 市, 县, 乡 …) and jurisdiction: from its issuer's name (a national body by rules/
metadata.yml ``levels``, else the division the name opens with, kb.places), else a place its title opens with,
else the tier its text implies (the tier its 主送 line addresses, the tier it names its bodies by, a report's
dateline, the places its head names). An issuer named by its tier alone (市政府办公室) gets its place."""
from __future__ import annotations

import re

from ..normalize import compact, parsing_view, without_glosses
from .facts import DocumentFacts
from .lines import LineReader


class LevelReader:
    """Reads level and jurisdiction with ``lines`` (its grammar and places)."""

    def __init__(self, lines: LineReader):
        self.lines = lines
        self.g = lines.g
        self.places = lines.places
        self._national = [e for e in self.g.levels if e.jurisdiction == "全国"]
        self._level_words = [e for e in self.g.levels if e.jurisdiction != "全国"]

    def level_of(self, name: str | None, places_only: bool = False) -> tuple[str | None, str | None]:
        """(level, jurisdiction) of an issuer from its name: a national body by rules/metadata.yml ``levels``, else
        the lowest division the name opens with (kb.places: 青岚市云河区人民政府 → 县, 云河区), else a bare level
        word (自治区…). ``places_only``: read only a place (for a title that opens with one)."""
        if not name:
            return None, None
        if not places_only:
            for entry in self._national:
                if entry.pattern.search(name):
                    return entry.level, entry.jurisdiction
        # Jointly issued (中共X县委办公室、X县人民政府办公室): the first name that opens with a place decides.
        parts = [re.sub(r"^中共", "", compact(part)) for part in name.split("、")]
        if self._opens_with_town(parts[0]):
            return self.g.places.town_level, None
        place = next((p for part in parts if (p := self.places.place_of(part))), None)
        if place is not None and place.level == "市" and self.g.places.city_zone.match(parts[0], parts[0].find(
                place.name) + len(place.name)):
            return "县", None  # 南宁经济技术开发区管理委员会: a zone of the city, of the county tier
        if place is not None:
            return place.level, place.name
        if not places_only:
            for entry in self._level_words:
                if entry.pattern.search(name):
                    return entry.level, entry.jurisdiction
        return None, None

    def _opens_with_town(self, name: str) -> bool:
        """Whether ``name`` opens with a town or township, alone or under the places above it (青岚县徐庄镇人民政府,
        徐庄镇2017年度…, and after an official county any 八斗镇…): the official list of divisions ends at the
        county."""
        leading = self.places.leading(name)
        opening = "".join(p.name for p in leading)
        if not name.startswith(opening):
            return False
        county = bool(leading) and leading[-1].code is not None and leading[-1].level == "县"
        return bool(self.g.places.town.match(name, len(opening)) or
                    county and self.g.places.town_after_county.match(name, len(opening)))

    def read_level(self, facts: DocumentFacts, lines: list[str], report: int | None) -> None:
        """The level and jurisdiction of a document: its issuer's; with none named, the place its title (or the
        title of the document it issues) opens with; else the tier its text implies, with the place of that tier
        its title or a report's headline and lead name (我省… in a report that names 青岚省 in its kicker)."""
        level, jurisdiction = self.level_of(facts.issuer)
        facts.set("level", level, "the issuer's name")
        facts.set("jurisdiction", jurisdiction, "the issuer's name")
        for title, how in ((facts.title, "the title"), (facts.attached.title if facts.attached else None,
                                                         "the title of the document it issues")):
            if title and not facts.level:
                opened = self.g.implied_level.title_opening.sub("", compact(title), count=1)
                level, jurisdiction = self.level_of(opened, places_only=True)
                facts.set("level", level, f"the place {how} opens with")
                facts.set("jurisdiction", jurisdiction, f"the place {how} opens with")
        if facts.level:
            return
        self._implied_level(lines, facts, report)
        if facts.level == "国家":
            facts.set("jurisdiction", "全国", facts.found_by["level"])
        elif facts.level and not facts.jurisdiction:
            texts = [facts.title or ""] + (lines[max(0, report - 3):report + 1] if report is not None else [])
            place = self._place_named(texts, facts.level)
            facts.set("jurisdiction", place, "a place of its tier that its title or lead names")
        if facts.level == "市" and not facts.jurisdiction:
            # 市 bodies (市发展改革委, 我市) in a text whose head names a municipality (天津市…): the province level.
            # (Not a street named after it: 重庆路 is no municipality.)
            place = self._place_named([facts.title or ""] + lines[:self.g.head_lines], "省", no_street=True)
            if place and place.endswith("市"):
                facts.level, facts.jurisdiction = "省", place
                facts.found_by["level"] = facts.found_by["jurisdiction"] = "a municipality its head names"
        if facts.level == "市" and not facts.jurisdiction:
            # 市 bodies (市卫健局, 我市) of a city its head names that is a county-level one (东阳, 潜江): a 县 tier.
            place = self._place_named([facts.title or ""] + lines[:self.g.head_lines], "县", no_street=True)
            if place and place.endswith("市"):
                facts.level, facts.jurisdiction = "县", place
                facts.found_by["level"] = facts.found_by["jurisdiction"] = "a county-level city its head names"

    def _place_named(self, texts: list[str], level: str, no_street: bool = False) -> str | None:
        """The first division of ``level`` that opens one of ``texts``, or else an official one named anywhere in
        their first 80 characters (a place read by its form alone is trusted only where a text begins);
        ``no_street``: not where a street or a site is named after it (重庆路, 上海站: rules ``places.named_after``)."""
        street = self.g.places.named_after
        for text in texts:
            view = compact(text)[:80]
            for position in range(len(view)):
                place = next(iter(self.places.leading(view[position:])), None)
                if place is not None and (place.code or position == 0) and \
                        not (no_street and street.match(view, position + len(place.name.removesuffix("市")))) and \
                        _tier(place.level) == level:
                    return place.name
        return None

    def yields(self, facts: DocumentFacts) -> bool:
        """Whether the issuer read so far gives way to the document's own naming of it: the office that put the page
        up (发布机构), or a name cut short (市政府办公室)."""
        how = facts.found_by.get("issuer", "")
        return bool(facts.issuer) and ("发布机构" in how or self.abbreviated(facts.issuer))

    def abbreviated(self, name: str) -> bool:
        """A body named by its tier alone (市政府办公室, 区政府, 县卫健委, 自治区政府): the place is left for the reader to know."""
        view = re.sub(r"^中共", "", compact(name))
        return bool(view) and (view[0] in self.g.implied_level.tiers or view.startswith("自治区")) and \
            view[0] != "国" and self.places.place_of(view) is None

    def full_name(self, name: str, facts: DocumentFacts, lines: list[str]) -> str | None:
        """``name`` cut short (市政府办公室) with the place the page gives elsewhere: the place of that tier named in
        the title, in the page's labels and breadcrumb, by a line that names a body alone (江山市人民政府, a 落款), or
        the jurisdiction the 文号's issuer code gives. 市政府 is spelled as the place's 人民政府."""
        view = re.sub(r"^中共", "", compact(name))
        tier = "自治区" if view.startswith("自治区") else view[0]
        # Where a place opens a stretch of words: the title's parts (区政府关于印发|通州区…方案), the parts of the
        # page's label lines and breadcrumb, and the lines that name a body alone (a 落款).
        titles = [facts.title or ""] + ([facts.attached.title] if facts.attached else [])
        texts = [part for title in titles for part in re.split(r"关于|印发|转发|批转|[《》“”()]|\d{4}年度?",
                                                               compact(title))]
        texts += [part for line in facts.furniture for part in re.split(r"[>›»:：|\s]+", parsing_view(line))]
        texts += [compact(line) for line in lines if self.lines.is_signature(line)]
        texts += [facts.jurisdiction or ""]  # the place the 文号's issuer code stands for (沪府发: 上海市)
        for text in texts:
            places = self.places.leading(text) if text else []
            place = next((p for p in reversed(places) if p.name.endswith(tier)), None)
            if place is None:
                continue
            return _with_place(name, place.name, view[len(tier):])
        if tier in ("省", "自治区"):
            # A province is the one whose name the head of the page gives (…宁夏回族自治区人民政府网站发布了…): a
            # text rarely names another province before its own.
            place = self._place_named(lines[:self.g.head_lines], "省")
            if place and place.endswith(tier):
                return _with_place(name, place, view[len(tier):])
        return None

    def spelled_out(self, issuer: str) -> str:
        """``issuer`` with each government a place names short spelled as its official name: 福州市政府办公厅 →
        福州市人民政府办公厅 (local governments are 人民政府: 地方各级人民代表大会和地方各级人民政府组织法, art. 2).
        Joint issuers (、) are spelled one by one; a name with no place before its 政府 is left as it is."""
        parts = []
        for part in issuer.split("、"):
            places = self.places.leading(part)
            end = sum(len(p.name) for p in places) if places else 0
            if places and places[-1].code is not None and part.startswith("政府", end) and \
                    part[:end] == "".join(p.name for p in places):
                part = part[:end] + "人民" + part[end:]
            parts.append(part)
        return "、".join(parts)

    def _implied_level(self, lines: list[str], facts: DocumentFacts, report: int | None) -> None:
        """The level of a document that names no issuer with its place, the first of: the tier below it that its 主送
        line addresses (各县(市、区)人民政府: 市); the tier it names its bodies by (县教育局, 全县, 我市), the one
        named most; the dateline of a news report (新华社北京…电: national); the place the head of the page names
        most."""
        for step in (self._addressed_tier, self._congress_tier, self._own_tier):
            level, how = step(lines, facts)
            if level is not None:
                if step == self._own_tier and level == self._lowest_superior(lines):
                    level, how = _TIER_BELOW.get(level, level), how + ", below the bodies it carries out"
                facts.set("level", level, how)
                return
        if report is not None and self._dateline_level(lines, facts, report):
            return
        named = self._places_counted(([facts.title] if facts.title else []) + lines[:self.g.head_lines])
        if named:
            # Last, the place the head of the page names most (广州市…开幕, 广州市市长…: 市); a tie goes to the lower
            # tier, a report being about a place inside the one it also names.
            best = max(named.values())
            tier = max((t for t, n in named.items() if n == best), key=("省", "市", "县", "乡").index)
            facts.set("level", tier, "the place the head of the page names most")

    def _lowest_superior(self, lines: list[str]) -> str | None:
        """The tier of the lowest place among the bodies above the text whose deployments it carries out
        (``implied_level.superiors``: 中央、自治区、银川市 → 市), or None where it names no place there."""
        for line in lines[:self.g.head_lines * 2]:
            found = self.g.implied_level.superiors.search(compact(line))
            if found:
                # (Places by name only: 省委, 自治区 name a tier.)
                places = [self.places.place_of(re.sub(r"(?:委|政府)$", "", m)) for m in found["list"].split("、")]
                named = [p.level for p in places if p is not None and len(p.name) > 2 and p.level in _TIER_BELOW]
                return max(named, key=list(_TIER_BELOW).index) if named else None
        return None

    def _addressed_tier(self, lines: list[str], facts: DocumentFacts) -> tuple[str | None, str]:
        """(level, how) by the tier below it that its 主送 line (or a 各… line of the head) addresses; level None
        where it addresses none."""
        addressed = "".join(facts.addressees) or next(
            (compact(line) for line in lines[:self.g.head_lines] if self.g.addressees.is_line(
                parsing_view(line).strip()) and "各" in line), "")
        cues = [(m.start(), order, cue.level) for order, cue in enumerate(self.g.implied_level.addressed)
                for m in [cue.pattern.search(parsing_view(addressed))] if m]
        return (min(cues)[2] if cues else None), "the tier its 主送 line addresses"

    def _congress_tier(self, lines: list[str], facts: DocumentFacts) -> tuple[str | None, str]:
        """(level, how) by the congress of a place of the official list that the title or the first lines report on
        (鄂州市鄂城区十届人大二次会议开幕: 县); level None where they name none."""
        for text in ([facts.title] if facts.title else []) + [line for line in lines[:3]]:
            for match in self.g.implied_level.congress.finditer(compact(text)):
                place = self.places.place_of(match["place"])
                if place is not None and place.code is not None and place.name == match["place"][-len(place.name):]:
                    return _tier(place.level), "the congress its head reports on"
                if self.g.places.town.fullmatch(match["place"]):
                    # 鸿山镇五届人大八次会议: a town's congress (towns are not in the official list).
                    return self.g.places.town_level, "the congress of the town its head reports on"
        return None, ""

    def _own_tier(self, lines: list[str], facts: DocumentFacts) -> tuple[str | None, str]:
        """(level, how) by the tier the text calls its own in the first person (我市), else by the tier it names its
        bodies by; the one named most, a tie going to the lower tier: a text speaks of the tiers above it too. Level
        None where it names none."""
        texts = [parsing_view(line) for line in ([facts.title] if facts.title else []) + lines]
        for patterns, how in ((self.g.implied_level.first_person, "the tier the text calls its own (我市)"),
                              (self.g.implied_level.own, "the tier the text names its bodies by")):
            counts: dict[str, int] = {}
            for view in texts:
                for pattern in patterns:
                    for match in pattern.finditer(view):
                        tier = self.g.implied_level.tiers.get(match["tier"])
                        if tier:
                            counts[tier] = counts.get(tier, 0) + 1
            if counts:
                best = max(counts.values())
                order = list(dict.fromkeys(self.g.implied_level.tiers.values()))
                return max((t for t, n in counts.items() if n == best), key=order.index), how
        return None, ""

    def _dateline_level(self, lines: list[str], facts: DocumentFacts, report: int) -> bool:
        """The level a news report's dateline gives (the capital: 国家; else the place's), set from the first of the
        report's first three lines that has one; whether there was one."""
        for line in lines[report:report + 3]:
            dateline = self.g.news.dateline.search(compact(line))
            if dateline:
                place = dateline["place"]
                if place == self.g.news.capital:
                    facts.set("level", "国家", "the report's dateline (the capital)")
                else:
                    level, _ = self.level_of(place, places_only=True)
                    facts.set("level", level, "the report's dateline")
                return True
        return False

    def _places_counted(self, lines: list[str], chars: int = 600) -> dict[str, int]:
        """How often each tier (省 / 市 / 县 / 乡) is named in the first ``chars`` characters of ``lines``: by an
        official division (浙江, 广州市, 相城区), or a town before its body or 关于 (大涌镇关于…); a place read by its
        form alone is not trusted in running text."""
        # The outlet a report is filed by (汕尾日报讯, 中新网浙江新闻…电) names where it prints, not what it is about.
        text = compact(without_glosses(parsing_view("".join(lines))))
        view = self.g.news.outlet.sub("", text)[:chars]
        counts = self._tiers_named(view)
        return counts or self._tiers_named(text[:chars])  # (中国宁波网讯 and nothing else: the outlet's place)

    def _tiers_named(self, view: str) -> dict[str, int]:
        """How often each tier is named in ``view`` by an official division or a town, read left to right."""
        counts: dict[str, int] = {}
        position = 0
        while position < len(view):
            town = self.g.places.town.match(view, position)
            found = None if town else self.places.official_at(view[position:position + 16])
            if town:
                tier, length = self.g.places.town_level, len(town["town"])
            elif found is not None and found[0].code:
                tier, length = _tier(found[0].level), found[1]
            else:
                position += 1
                continue
            counts[tier] = counts.get(tier, 0) + 1
            position += length
        return counts


# The tier below each (a text under a 市 it names as its superior is of a 县 tier).
_TIER_BELOW = {"国家": "省", "省": "市", "市": "县", "县": "乡"}


def _tier(level: str) -> str:
    """The tier of a place's level (kb.places): an autonomous region is of the province tier."""
    return "省" if level == "自治区" else level


def _with_place(name: str, place: str, rest: str) -> str:
    """``name`` cut short, spelled with ``place`` before the ``rest`` of it: 市政府 is spelled as the place's 人民政府."""
    return ("中共" if name.startswith("中共") else "") + place + ("人民" + rest if rest.startswith("政府") else rest)
