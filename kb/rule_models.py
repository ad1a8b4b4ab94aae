"""The typed shape of every rules file (pydantic models), checked when the rules load: a broken file gets one
error naming the file, the key path and its line, and what was expected, before anything is built.

The models say what each file must hold and of which type; patterns must compile and declare the groups the
code reads (a numbering pattern its ``(?P<n>…)``, a quantity its number and unit). Keys the code does not know
are refused at the top of each file, where a misspelt key would otherwise be silently ignored. The loaders in
kb.rules still build the objects the pipeline uses; these models only stand guard in front of them."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from .errors import InputError
from .yamlfile import load_yaml


def _compiles(*groups: str):
    def check(pattern: str) -> str:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"a regular expression that compiles ({exc})") from None
        missing = [g for g in groups if g not in compiled.groupindex]
        if missing:
            raise ValueError(f"a pattern with the named group(s) {', '.join(f'(?P<{g}>…)' for g in missing)}")
        return pattern
    return AfterValidator(check)


Pattern = Annotated[str, _compiles()]
Words = list[str]


class _Open(BaseModel):
    """A nested section: its required keys are checked, further keys (descriptions, notes) are allowed."""
    model_config = ConfigDict(extra="allow")


class _File(BaseModel):
    """A whole file: a key it does not know is an error (a misspelt key would be ignored)."""
    model_config = ConfigDict(extra="forbid")


class _Rule(_Open):
    id: str
    description: str = ""


class _PatternRule(_Rule):
    pattern: Pattern


def _bracket_pair(pair: tuple[str, str]) -> tuple[str, str]:
    if not all(len(side) == 1 for side in pair):
        raise ValueError("a pair [opening, closing] of one character each")
    return pair


# -- structure.yml ---------------------------------------------------------------------------------------------
class NumberingStyleModel(_Open):
    id: str
    description: str = ""
    pattern: Annotated[str, _compiles("n")]
    # How the number is read: 一二三 (Chinese, also Arabic digits), 1 2 3, ① ②, or A B C / a b c.
    numerals: Literal["chinese", "arabic", "circled", "latin"]
    heading_on_line: bool = True


class StructureFile(_File):
    numbering: list[NumberingStyleModel]
    heading_max_chars: int
    run_in_title: _Rule
    goal_item: _PatternRule
    sentence_enders: Words
    brackets: list[Annotated[tuple[str, str], AfterValidator(_bracket_pair)]]
    addressee_line_ends_with: str
    not_addressee: Pattern | None = None
    item_note_line: Pattern | None = None


# -- modality.yml ----------------------------------------------------------------------------------------------
class ModalityModel(_Open):
    id: str
    label: str
    words: Words
    position: Literal["anywhere", "first"] = "anywhere"


class ModalityFile(_File):
    modalities: list[ModalityModel]
    default: str


# -- areas.yml -------------------------------------------------------------------------------------------------
class AreaModel(_Open):
    id: str
    name: str
    keywords: Words = []
    weak: Words = []
    not_in: Words = []


class AreaGroupModel(_Open):
    id: str
    name: str
    needs_context: bool = False
    children: list[AreaModel]


class AreasFile(_File):
    context: _Rule
    structural: _Rule
    thematic: list[AreaGroupModel]


# -- units.yml -------------------------------------------------------------------------------------------------
class UnitModel(_Open):
    name: str
    level: str
    kind: str
    aliases: Words = []
    short: Words = []
    competences: Words = []
    jurisdiction: str | None = None
    successor: str | None = None
    successor_since: str | int | None = None


class RoleModel(_Open):
    id: str
    role: Literal["lead", "cooperate", "addressee", "mentioned"]
    followed_by: Pattern | None = None
    preceded_by: Pattern | None = None


class UnitPatternModel(_PatternRule):
    kind: str


class UnitGrammarModel(_Rule):
    separators: Pattern
    labels: dict[Literal["lead", "responsible", "cooperate", "note"], Words]
    other_columns: Words = []
    verbs: dict[Literal["lead", "shared", "cooperate"], Words]


class UnitsFile(_File):
    units: list[UnitModel]
    level_prefixes: dict[str, str]
    departments: _Open
    unit_patterns: list[UnitPatternModel]
    roles: list[RoleModel]
    enumeration: _PatternRule
    grammar: UnitGrammarModel


# -- metrics.yml -----------------------------------------------------------------------------------------------
class MetricModel(_Open):
    id: str
    description: str
    names: Words
    unit: str | None = None
    delivered_by: Words = []


class MetricsFile(_File):
    links: _Rule
    metrics: list[MetricModel]


# -- targets.yml -----------------------------------------------------------------------------------------------
class ComparatorsModel(_Open):
    after: dict[str, str]
    before: dict[str, str]
    default: str


class TableColumnsModel(_Rule):
    pattern: Annotated[str, _compiles("year")]
    indicator_header: Pattern
    aim_header: Pattern = "(?!)"
    unit_header: Pattern
    value: Annotated[str, _compiles("comparator", "number", "unit")]
    comparators: dict[str, str]


class IndicatorModel(_Open):
    id: str
    compare_verbs: Words
    create_verbs: Words
    scope_words: Words
    share_words: Words
    per_capita: Words
    baseline: Pattern
    strip: Pattern
    max_chars: int
    not_indicators: Words
    # How a figure is read beyond its indicator and year (issue 22): typed here so that a bad pattern is an error
    # naming the file when the rules load, not when a document is read.
    adjacent_compare_verbs: Words = []
    fronted_object: dict[Literal["before", "after"], Pattern] = {}
    rate_words: Words = []
    tense: dict[Literal["past", "future", "done"], Pattern] = {}
    baseline_from: Pattern = "(?!)"
    progress: Pattern = "(?!)"
    progress_titles: Pattern = "(?!)"
    progress_done: Pattern = "(?!)"
    progress_column: Pattern = "(?!)"
    news: Pattern = "(?!)"
    relative_years: dict[str, int] = {}
    relative_year: Annotated[str, _compiles("relative")] = "(?P<relative>(?!))"
    one_year: Annotated[str, _compiles("year")] = "(?P<year>(?!))"
    goal_heading: Pattern = "(?!)"
    goal_label: Pattern = "(?!)"
    retrospect_heading: Pattern = "(?!)"
    ahead: Pattern = "(?!)"
    year_ahead: Pattern = "(?!)"
    so_far: Pattern = "(?!)"
    threshold: Pattern = "(?!)"
    threshold_before: Pattern = "(?!)"
    threshold_count: Pattern = "(?!)"
    table_row: Pattern = "(?!)"
    row_number: Pattern = "(?!)"
    cell_separators: Pattern = "(?!)"
    year_title: Annotated[str, _compiles("year")] = "(?P<year>(?!))"
    date_line: Annotated[str, _compiles("year")] = "(?P<year>(?!))"
    share_of: Pattern = "(?!)"
    reward_before: Pattern = "(?!)"
    reward_after: Pattern = "(?!)"
    each_has: Pattern = "(?!)"
    aim_of: Annotated[str, _compiles("verb")] = "(?P<verb>(?!))"


class TargetsFile(_File):
    id: str
    description: str = ""
    quantity: Annotated[str, _compiles("number", "multiplier", "unit", "high", "more")]
    multipliers: dict[str, float]
    compound_units: dict[str, tuple[str, float]]
    comparators: ComparatorsModel
    statement_words: Words
    past_years_are_statements: bool
    piece_separators: Pattern
    year: Annotated[str, _compiles("year")]
    deadline_year: Annotated[str, _compiles("year")]
    periods: dict[str, int]
    period: Annotated[str, _compiles("period")]
    relative: _PatternRule
    growth: _PatternRule
    indicator: IndicatorModel
    table_columns: TableColumnsModel
    in_passing: Pattern


# -- citations.yml ---------------------------------------------------------------------------------------------
class IssuerCodeModel(_Open):
    issuer: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    id_prefix: str | None = None


class NumberModel(_Rule):
    pattern: Annotated[str, _compiles("year", "seq")]
    issuer_codes: dict[str, IssuerCodeModel | None] = {}
    generic_endings: Words
    not_in_codes: Words


class CitationsFile(_File):
    title: _PatternRule
    number: NumberModel
    title_with_number: _Rule


# -- metadata.yml ----------------------------------------------------------------------------------------------
class TitleModel(_Rule):
    max_lines: int
    endings: dict[str, str]
    trailer: Pattern
    prefix: Pattern = "(?!)"
    not_title: list[Pattern]


class LabelsModel(_Rule):
    fields: dict[str, Literal["title", "doc_number", "issuer", "issued_date", "published_at"]]
    furniture: Words
    sources: Words = []
    media: Pattern = "(?!)"


class PatternsModel(_Rule):
    patterns: list[Pattern]


class FurnitureModel(PatternsModel):
    breadcrumb: Pattern = "(?!)"
    leading_junk: Pattern = "(?!)"
    trailing_junk: Pattern = "(?!)"


class NewsModel(_Rule):
    headline: Pattern
    lead: Annotated[str, _compiles("issuer", "date", "title")]
    report: Pattern = "(?!)"
    issue: Annotated[str, _compiles("date")] = "(?P<date>(?!))"
    stamp: Annotated[str, _compiles("date")] = "(?P<date>(?!))"
    dateline: Annotated[str, _compiles("place")] = "(?P<place>(?!))"
    original: Annotated[str, _compiles("title")] = "(?P<title>(?!))"
    paper_date: Annotated[str, _compiles("date")] = "(?P<date>(?!))"
    capital: str | None = None
    outlet: Pattern = "(?!)"
    lead_body: Pattern = "(?!)"
    lead_others: Pattern = "(?!)"


class DeliveredModel(_Rule):
    pattern: Annotated[str, _compiles("date")]


class LeveledPatternModel(_Open):
    pattern: Pattern
    level: str


class ImpliedLevelModel(_Rule):
    addressed: list[LeveledPatternModel] = []
    own: list[Annotated[str, _compiles("tier")]] = []
    tiers: dict[str, str] = {}


class LevelModel(_Open):
    pattern: Pattern
    level: str
    jurisdiction: str | None = None


class PlacesModel(_Rule):
    suffixes: dict[str, str]
    not_places: Words = []
    town: Annotated[str, _compiles("town")] = "(?P<town>(?!))"
    town_level: str = "乡"
    level_characters: Words = []


class MetadataFile(_File):
    head_lines: int
    title: TitleModel
    forwarded: _PatternRule
    addressees: _PatternRule
    date: _PatternRule
    delivered: DeliveredModel | None = None
    labels: LabelsModel
    furniture: FurnitureModel
    news: NewsModel
    garbled: PatternsModel
    signature: _Rule
    attachments: _Rule
    levels: list[LevelModel]
    places: PlacesModel
    implied_level: ImpliedLevelModel | None = None


MODELS: dict[str, type[BaseModel]] = {
    "structure.yml": StructureFile, "modality.yml": ModalityFile, "areas.yml": AreasFile, "units.yml": UnitsFile,
    "metrics.yml": MetricsFile, "targets.yml": TargetsFile, "citations.yml": CitationsFile,
    "metadata.yml": MetadataFile,
}


def _line_of(data: Any, location: tuple) -> int | None:
    """The line of the deepest mapping on ``location`` in data loaded by kb.yamlfile (mappings know their line)."""
    line = getattr(data, "line", None)
    for key in location:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(data, "line", line)
    return line


def _where(location: tuple) -> str:
    """A key path as a reader of the file counts: numbering[8].numerals is the eighth entry of numbering."""
    text = ""
    for part in location:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the whole file)"


def check_rules_file(path: Path) -> Any:
    """The data of one rules file, checked against its model; raises InputError naming the file, the key path,
    its line and what was expected."""
    data = load_yaml(path)
    model = MODELS[path.name]
    try:
        model.model_validate(data)
    except ValidationError as error:
        errors = error.errors()
        first = errors[0]
        where = _where(first["loc"])
        kind = first["type"]
        if kind == "missing":
            what = f"missing key {where!r}"
            # A misspelt key shows as a key missing and an unknown one beside it: say both.
            beside = [e for e in errors if e["type"] == "extra_forbidden" and e["loc"][:-1] == first["loc"][:-1]]
            if beside:
                what += f" ({', '.join(repr(_where(e['loc'])) for e in beside)} is no key here: a misspelling?)"
        elif kind == "extra_forbidden":
            what = f"unknown key {where!r} (a misspelling?)"
        else:
            message = first["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
            what = f"{where}: expected {message}, got {first.get('input')!r}"[:300]
        raise InputError(path, what, _line_of(data, first["loc"])) from None
    return data


def check_rules(rules_dir: Path) -> None:
    """Every rules file of ``rules_dir`` checked against its model (InputError on the first that fails)."""
    for name in MODELS:
        path = Path(rules_dir) / name
        if path.exists():
            check_rules_file(path)
