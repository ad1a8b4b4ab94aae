"""Loading rules/: every rule file, checked, and one row per rule for the ``rules`` table."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .doc_numbers import number_reader
from .errors import InputError
from .rule_models import check_rules
from .structure import StructureRules
from .units import INHERITED_RULE, SLOT_RULES, UnitGrammar
from .yamlfile import load_yaml, require_mapping

STRUCTURE_FILE = "structure.yml"


@dataclass(frozen=True)
class RuleRecord:
    id: str
    file: str
    kind: str
    pattern: str | None
    description: str


@dataclass
class Unit:
    name: str
    level: str
    kind: str
    aliases: list[str]
    short: list[str]
    competences: list[str]
    jurisdiction: str | None = None
    successor: str | None = None  # the unit that took its tasks over after a reorganisation
    successor_since: str | None = None  # when (a year, or a date where the text of the reform gives one)


@dataclass
class Area:
    id: str
    name: str
    kind: str  # structural / thematic
    parent_id: str | None
    keywords: list[str] = field(default_factory=list)
    rule_id: str | None = None
    weak: frozenset[str] = frozenset()  # keywords that count only in context (every one when the group says so)
    not_in: tuple[str, ...] = ()  # phrases in which a keyword does not count (版权声明)


@dataclass
class Metric:
    id: str
    description: str
    names: list[str]
    unit: str | None
    delivered_by: list[str]


@dataclass
class RoleRule:
    id: str
    description: str
    role: str
    followed_by: re.Pattern | None
    preceded_by: re.Pattern | None


@dataclass
class RuleSet:
    directory: Path
    structure: StructureRules
    records: list[RuleRecord]
    modalities: list[dict] = field(default_factory=list)
    default_modality: str = "陈述"
    structural_area_rule: str = "area.structural"
    area_context: tuple[str, ...] = ()  # words that make an item's weak area keywords count
    area_context_rule: str = "area.context"
    areas: list[Area] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    role_rules: list[RoleRule] = field(default_factory=list)
    enumeration_rule: str = "unit.enumeration"
    enumeration: re.Pattern | None = None
    level_prefixes: dict[str, str] = field(default_factory=dict)
    departments: re.Pattern | None = None  # groups: prefix, name
    department_kinds: dict[str, str] = field(default_factory=dict)
    department_rule: str = "unit.department"
    unit_patterns: list[tuple[str, str, re.Pattern]] = field(default_factory=list)  # rule id, kind, pattern
    unit_grammar: "UnitGrammar | None" = None
    metrics: list[Metric] = field(default_factory=list)
    links: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)
    citations: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    places: "object | None" = None  # kb.places.Places of metadata.yml: where a unit's jurisdiction is looked up

    def unit_short_forms(self) -> dict[str, str]:
        """Bare forms used in enumerations (知识产权、工商…等执法部门) → unit name."""
        return {short: unit.name for unit in self.units for short in unit.short}

    def lexicons(self) -> list[dict]:
        """The phrase lists of the kb_phrases pipeline component."""
        lexicons = []
        for area in self.areas:
            if area.keywords:
                lexicons.append({"group": "areas", "rule_id": area.rule_id, "label": area.id,
                                 "phrases": area.keywords, "exclusive": False})
        for unit in self.units:
            lexicons.append({"group": "units", "rule_id": f"unit.alias.{unit.name}", "label": unit.name,
                             "phrases": unit.aliases})
            if unit.competences:
                lexicons.append({"group": "competences", "rule_id": f"unit.competence.{unit.name}",
                                 "label": unit.name, "phrases": unit.competences, "exclusive": False})
        for metric in self.metrics:
            lexicons.append({"group": "metrics", "rule_id": f"metric.{metric.id}", "label": metric.id,
                             "phrases": metric.names})
            lexicons.append({"group": "delivery", "rule_id": f"link.{metric.id}", "label": metric.id,
                             "phrases": metric.delivered_by, "exclusive": False})
        return lexicons


def _compile(path: Path, pattern: str, line: int | None) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise InputError(path, f"bad pattern {pattern!r}: {exc}", line) from None


def _strings(path: Path, mapping: dict, key: str) -> list[str]:
    value = mapping.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(path, f"{key!r} must be a list of non-empty text", getattr(mapping, "line", None))
    return value


def _load_modality(rules: RuleSet, path: Path):
    data = require_mapping(path, load_yaml(path), "modality.yml")
    for entry in data.get("modalities") or []:
        entry = require_mapping(path, entry, "a modality")
        rules.modalities.append({"id": entry["id"], "label": entry["label"], "words": _strings(path, entry, "words"),
                                 "position": entry.get("position", "any")})
        rules.records.append(RuleRecord(entry["id"], path.name, "modality", "|".join(entry["words"]),
                                        f"{entry['label']}: {entry.get('description', '')}"))
    rules.default_modality = data.get("default", "陈述")


def _load_areas(rules: RuleSet, path: Path):
    data = require_mapping(path, load_yaml(path), "areas.yml")
    structural = require_mapping(path, data.get("structural"), "structural")
    rules.structural_area_rule = structural["id"]
    rules.records.append(RuleRecord(structural["id"], path.name, "area", None,
                                    structural.get("description", "")))
    context = require_mapping(path, data.get("context"), "context")
    rules.area_context = tuple(_strings(path, context, "words"))
    rules.area_context_rule = context["id"]
    rules.records.append(RuleRecord(context["id"], path.name, "area", "|".join(rules.area_context),
                                    context.get("description", "")))
    for group in data.get("thematic") or []:
        group = require_mapping(path, group, "a thematic group")
        rules.areas.append(Area(group["id"], group["name"], "thematic", None))
        for child in group.get("children") or []:
            child = require_mapping(path, child, "a thematic area")
            rule_id = f"area.{child['id']}"
            keywords = _strings(path, child, "keywords")
            weak = frozenset(keywords if group.get("needs_context") else _strings(path, child, "weak"))
            rules.areas.append(Area(child["id"], child["name"], "thematic", group["id"], keywords, rule_id,
                                    weak, tuple(_strings(path, child, "not_in"))))
            rules.records.append(RuleRecord(rule_id, path.name, "area", "|".join(keywords),
                                            f"{group['name']} › {child['name']}"))


def _load_units(rules: RuleSet, path: Path):
    data = require_mapping(path, load_yaml(path), "units.yml")
    for entry in data.get("units") or []:
        entry = require_mapping(path, entry, "a unit")
        if "name" not in entry:
            raise InputError(path, "a unit needs a name", entry.line)
        unit = Unit(entry["name"], entry.get("level", ""), entry.get("kind", ""),
                    _strings(path, entry, "aliases") or [entry["name"]], _strings(path, entry, "short"),
                    _strings(path, entry, "competences"), entry.get("jurisdiction"), entry.get("successor"),
                    str(entry["successor_since"]) if entry.get("successor_since") is not None else None)
        rules.units.append(unit)
        rules.records.append(RuleRecord(f"unit.alias.{unit.name}", path.name, "unit", "|".join(unit.aliases),
                                        f"names of {unit.name}"))
        if unit.competences:
            rules.records.append(RuleRecord(f"unit.competence.{unit.name}", path.name, "competence",
                                            "|".join(unit.competences),
                                            f"topics in the charge of {unit.name} (inferred, not named)"))
    names = {u.name for u in rules.units}
    for unit in rules.units:
        if unit.successor is not None and unit.successor not in names:
            raise InputError(path, f"unit {unit.name}: successor {unit.successor!r} is not a unit of this file")
    for entry in data.get("roles") or []:
        entry = require_mapping(path, entry, "a role rule")
        followed = entry.get("followed_by")
        preceded = entry.get("preceded_by")
        rules.role_rules.append(RoleRule(entry["id"], entry.get("description", ""), entry["role"],
                                         _compile(path, followed, entry.line) if followed else None,
                                         _compile(path, preceded, entry.line) if preceded else None))
        rules.records.append(RuleRecord(entry["id"], path.name, "unit-role", followed or preceded,
                                        entry.get("description", "")))
    rules.level_prefixes = dict(require_mapping(path, data.get("level_prefixes"), "level_prefixes"))
    departments = require_mapping(path, data.get("departments"), "departments")
    names = require_mapping(path, departments.get("names"), "departments.names")
    for kind, kind_names in names.items():
        for name in _strings(path, names, kind):
            rules.department_kinds[name] = kind
    prefixes = "|".join(sorted(rules.level_prefixes, key=len, reverse=True))
    bases = "|".join(sorted(rules.department_kinds, key=len, reverse=True))
    rules.departments = _compile(path, f"(?P<prefix>{prefixes})(?P<name>{bases})", departments.line)
    rules.department_rule = departments["id"]
    rules.records.append(RuleRecord(departments["id"], path.name, "unit", rules.departments.pattern,
                                    departments.get("description", "")))
    for entry in data.get("unit_patterns") or []:
        entry = require_mapping(path, entry, "a unit pattern")
        rules.unit_patterns.append((entry["id"], entry.get("kind", ""), _compile(path, entry["pattern"], entry.line)))
        rules.records.append(RuleRecord(entry["id"], path.name, "unit", entry["pattern"],
                                        entry.get("description", "")))
    grammar = require_mapping(path, data.get("grammar"), "grammar")
    rules.unit_grammar = UnitGrammar(grammar, path, rules.level_prefixes)
    for suffix, description in SLOT_RULES.items():
        rules.records.append(RuleRecord(f"{grammar['id']}.{suffix}", path.name, "unit-slot", None, description))
    rules.records.append(RuleRecord(INHERITED_RULE, path.name, "unit-slot", None,
                                    "units of a heading reach the items below it that name none of their own"))
    enumeration = require_mapping(path, data.get("enumeration"), "enumeration")
    rules.enumeration = _compile(path, enumeration["pattern"], enumeration.line)
    rules.enumeration_rule = enumeration["id"]
    rules.records.append(RuleRecord(enumeration["id"], path.name, "unit", enumeration["pattern"],
                                    enumeration.get("description", "")))


def _load_metrics(rules: RuleSet, path: Path):
    data = require_mapping(path, load_yaml(path), "metrics.yml")
    links = require_mapping(path, data.get("links"), "links")
    rules.links = dict(links)
    rules.records.append(RuleRecord(links["id"], path.name, "target-link", None, links.get("description", "")))
    for entry in data.get("metrics") or []:
        entry = require_mapping(path, entry, "a metric")
        metric = Metric(entry["id"], entry.get("description", ""), _strings(path, entry, "names"),
                        entry.get("unit"), _strings(path, entry, "delivered_by"))
        rules.metrics.append(metric)
        rules.records.append(RuleRecord(f"metric.{metric.id}", path.name, "metric", "|".join(metric.names),
                                        metric.description))
        rules.records.append(RuleRecord(f"link.{metric.id}", path.name, "target-link",
                                        "|".join(metric.names + metric.delivered_by),
                                        f"clauses that deliver {metric.description}"))


def _load_targets(rules: RuleSet, path: Path):
    data = require_mapping(path, load_yaml(path), "targets.yml")
    for key in ("quantity", "year", "deadline_year", "period", "piece_separators", "in_passing"):
        data[key + "_re"] = _compile(path, data[key], data.line)
    data["relative"]["re"] = _compile(path, data["relative"]["pattern"], data.line)
    data["growth"]["re"] = _compile(path, data["growth"]["pattern"], data.line)
    columns = data["table_columns"]
    for key, source in (("year_re", "pattern"), ("indicator_re", "indicator_header"), ("unit_re", "unit_header"),
                        ("value_re", "value"), ("aim_re", "aim_header")):
        columns[key] = _compile(path, columns.get(source, "(?!)"), columns.line)
    rules.targets = data
    for entry in (data, data["relative"], data["growth"], columns):
        rules.records.append(RuleRecord(entry["id"], path.name, "target",
                                        entry.get("pattern") or entry["quantity"], entry.get("description", "")))
    indicator = require_mapping(path, data.get("indicator"), "indicator")
    rules.records.append(RuleRecord(indicator["id"], path.name, "target", "|".join(indicator["compare_verbs"]),
                                    "an indicator read by grammar: the words before a verb of attainment, or a verb "
                                    "of creation and its object"))


def _load_citations(rules: RuleSet, path: Path):
    data = require_mapping(path, load_yaml(path), "citations.yml")
    data["title"]["re"] = _compile(path, data["title"]["pattern"], data.line)
    data["number"]["re"] = _compile(path, data["number"]["pattern"], data.line)
    rules.citations = data
    for key in ("title", "number", "title_with_number"):
        entry = data[key]
        rules.records.append(RuleRecord(entry["id"], path.name, "citation", entry.get("pattern"),
                                        entry.get("description", "")))


def _load_metadata(rules: RuleSet, path: Path):
    data = require_mapping(path, load_yaml(path), "metadata.yml")
    endings = sorted(data["title"]["endings"], key=len, reverse=True)
    data["title"]["re"] = _compile(path, f"(?:{'|'.join(map(re.escape, endings))})(?:{data['title']['trailer']})$",
                                   data.line)
    data["title"]["not_title_re"] = [_compile(path, p, data.line) for p in data["title"]["not_title"]]
    data["forwarded"]["re"] = _compile(path, data["forwarded"]["pattern"], data.line)
    data["addressees"]["re"] = _compile(path, data["addressees"]["pattern"], data.line)
    data["date"]["re"] = _compile(path, data["date"]["pattern"], data.line)
    data["attachments"]["first_re"] = _compile(path, data["attachments"]["first"], data.line)
    data["attachments"]["next_re"] = _compile(path, data["attachments"]["next"], data.line)
    data["furniture"]["re"] = [_compile(path, p, data.line) for p in data["furniture"]["patterns"]]
    data["garbled"]["re"] = [_compile(path, p, data.line) for p in data["garbled"]["patterns"]]
    data["news"]["headline_re"] = _compile(path, data["news"]["headline"], data.line)
    data["news"]["lead_re"] = _compile(path, data["news"]["lead"], data.line)
    for entry in data["levels"]:
        entry["re"] = _compile(path, entry["pattern"], getattr(entry, "line", data.line))
    rules.metadata = data
    from .places import Places

    rules.places = Places(data["places"])
    for key in ("title", "forwarded", "addressees", "date", "signature", "attachments", "labels", "furniture",
                "news", "garbled", "places"):
        entry = data[key]
        rules.records.append(RuleRecord(entry["id"], path.name, "metadata", entry.get("pattern"),
                                        entry.get("description", "")))


def load_rules(rules_dir: Path) -> RuleSet:
    rules_dir = Path(rules_dir)
    if not rules_dir.is_dir():
        raise InputError(rules_dir, "rules directory not found")
    check_rules(rules_dir)  # every file against its model first: a broken file is named before anything is built
    structure = StructureRules.from_yaml(rules_dir / STRUCTURE_FILE)
    records = [RuleRecord(style.id, STRUCTURE_FILE, "numbering", style.pattern.pattern, style.description)
               for style in structure.numbering]
    records.append(RuleRecord(structure.run_in.id, STRUCTURE_FILE, "paragraph-title", None,
                              structure.run_in.description))
    records.append(RuleRecord(structure.goal.id, STRUCTURE_FILE, "paragraph-title",
                              structure.goal_pattern.pattern, structure.goal.description))
    rules = RuleSet(directory=rules_dir, structure=structure, records=records)
    loaders = {"modality.yml": _load_modality, "areas.yml": _load_areas, "units.yml": _load_units,
               "metrics.yml": _load_metrics, "targets.yml": _load_targets, "citations.yml": _load_citations,
               "metadata.yml": _load_metadata}
    for name, loader in loaders.items():
        path = rules_dir / name
        try:
            loader(rules, path)
        except KeyError as exc:
            raise InputError(path, f"missing key {exc.args[0]!r}") from None
    # What kb.structure needs from the other files: the slot grammar (a numbered line with a note is a task item)
    # and the attachment lines.
    structure.is_unit_note = rules.unit_grammar.is_note_line
    structure.is_unit_list = rules.unit_grammar.is_unit_list
    structure.column_kinds = rules.unit_grammar.column_kinds
    structure.flat_tables = rules.unit_grammar.tables.tables
    structure.attachment_first = rules.metadata["attachments"]["first_re"]
    structure.date_line = rules.metadata["date"]["re"]
    numbers = number_reader(rules.citations["number"])
    structure.is_number_line = lambda line: numbers.line_number(line) is not None
    structure.attachment_next = rules.metadata["attachments"]["next_re"]
    ids = [r.id for r in rules.records]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(rules_dir, f"rule id(s) used twice: {', '.join(duplicates)}")
    return rules
