"""Loading rules/: every rules file read once into its typed model (kb.rule_models), the readers the pipeline
builds from them, and one row per rule for the ``rules`` table."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .doc_numbers import number_reader
from .errors import InputError
from .metadata.lines import LineReader
from .places import Places
from .rule_models.align import AlignFile
from .rule_models.areas import AreasFile
from .rule_models.base import load_file
from .rule_models.citations import CitationsFile
from .rule_models.drafts import NOT_AUTHORITY_RULE, PREAMBLE_RULE, DraftsFile, alternation
from .rule_models.metadata import MetadataFile
from .rule_models.metrics import LinksRule, Metric, MetricsFile
from .rule_models.modality import Modality, ModalityFile
from .rule_models.structure import StructureFile
from .rule_models.targets import TargetsFile
from .rule_models.units import Unit, UnitsFile
from .structure.model import StructureRules
from .units.grammar import INHERITED_RULE, SLOT_RULES, UnitGrammar

# Each rules file and its model, in the order they are loaded (the first broken one is named). citations.yml
# comes before the files that are handed its 《title》 pattern (targets.yml, metadata.yml).
FILES: dict[str, type[BaseModel]] = {
    "structure.yml": StructureFile, "modality.yml": ModalityFile, "areas.yml": AreasFile, "units.yml": UnitsFile,
    "metrics.yml": MetricsFile, "citations.yml": CitationsFile, "targets.yml": TargetsFile,
    "metadata.yml": MetadataFile, "drafts.yml": DraftsFile, "align.yml": AlignFile,
}


@dataclass(frozen=True)
class RuleRecord:
    """One row of the ``rules`` table: a rule's ``id``, the ``file`` of rules/ that holds it, its ``kind``, its
    ``pattern`` (or its words joined by |, or None) and what it does."""
    id: str
    file: str
    kind: str
    pattern: str | None
    description: str


@dataclass
class Area:
    """An action area as the ``areas`` table stores it: a thematic group (``parent_id`` None) or one of its areas,
    with the keywords the lexicon finds, the ``weak`` ones that count only in context (every one when the group
    needs context), and the phrases in which a keyword does not count (``not_in``: 版权声明)."""
    id: str
    name: str
    kind: str  # structural / thematic
    parent_id: str | None
    keywords: list[str] = field(default_factory=list)
    rule_id: str | None = None
    weak: frozenset[str] = frozenset()
    not_in: tuple[str, ...] = ()


@dataclass
class RuleSet:
    """Every rule of a rules directory, loaded once: the typed files (``area_rules``, ``unit_rules``, ``targets``,
    ``citations``, ``metadata``), the readers built from them (``structure``, ``unit_grammar``, ``places``) and
    the ``records`` of the ``rules`` table."""
    directory: Path
    structure: StructureRules
    records: list[RuleRecord]
    modalities: list[Modality]
    default_modality: str
    area_rules: AreasFile
    areas: list[Area]
    unit_rules: UnitsFile
    unit_grammar: UnitGrammar
    metrics: list[Metric]
    links: LinksRule
    targets: TargetsFile
    citations: CitationsFile
    metadata: MetadataFile
    places: Places
    align: AlignFile

    @property
    def units(self) -> list[Unit]:
        """The units of the lexicon (rules/units.yml ``units``)."""
        return self.unit_rules.units

    def unit_short_forms(self) -> dict[str, str]:
        """Bare forms used in enumerations (知识产权、工商…等执法部门) → unit name."""
        return {short: unit.name for unit in self.units for short in unit.short}

    def lexicons(self) -> list[dict]:
        """The phrase lists of the kb_phrases pipeline component (kb.nlp): each a dict of ``group``, ``rule_id``,
        ``label``, ``phrases`` and ``exclusive`` (a longer phrase keeps the span from every shorter one of the
        group, not only from those of its label)."""
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


def _areas(rules: AreasFile) -> list[Area]:
    """The thematic groups and their areas, flattened for the ``areas`` table and the tagger."""
    areas = []
    for group in rules.thematic:
        areas.append(Area(group.id, group.name, "thematic", None))
        for child in group.children:
            weak = frozenset(child.keywords if group.needs_context else child.weak)
            areas.append(Area(child.id, child.name, "thematic", group.id, child.keywords, f"area.{child.id}", weak,
                              tuple(child.not_in)))
    return areas


def _records(files: dict[str, BaseModel], grammar_id: str) -> list[RuleRecord]:
    """The rows of the ``rules`` table, file by file."""
    structure, modality, areas, units, metrics, citations, targets, metadata, drafts, align = files.values()
    records = [RuleRecord(style.id, "structure.yml", "numbering", style.pattern.pattern, style.description)
               for style in structure.numbering]
    records.append(RuleRecord(structure.run_in_title.id, "structure.yml", "paragraph-title", None,
                              structure.run_in_title.description))
    records.append(RuleRecord(structure.goal_item.id, "structure.yml", "paragraph-title",
                              structure.goal_item.pattern.pattern, structure.goal_item.description))
    records += [RuleRecord(m.id, "modality.yml", "modality", "|".join(m.words), f"{m.label}: {m.description}")
                for m in modality.modalities]
    records.append(RuleRecord(areas.structural.id, "areas.yml", "area", None, areas.structural.description))
    records.append(RuleRecord(areas.context.id, "areas.yml", "area", "|".join(areas.context.words),
                              areas.context.description))
    records += [RuleRecord(f"area.{child.id}", "areas.yml", "area", "|".join(child.keywords),
                           f"{group.name} › {child.name}") for group in areas.thematic for child in group.children]
    records += _unit_records(units, grammar_id)
    records.append(RuleRecord(metrics.links.id, "metrics.yml", "target-link", None, metrics.links.description))
    for metric in metrics.metrics:
        records.append(RuleRecord(f"metric.{metric.id}", "metrics.yml", "metric", "|".join(metric.names),
                                  metric.description))
        records.append(RuleRecord(f"link.{metric.id}", "metrics.yml", "target-link",
                                  "|".join(metric.names + metric.delivered_by),
                                  f"clauses that deliver {metric.description}"))
    records.append(RuleRecord(targets.id, "targets.yml", "target", targets.quantity.pattern, targets.description))
    for entry in (targets.relative, targets.growth, targets.table_columns):
        records.append(RuleRecord(entry.id, "targets.yml", "target", entry.pattern.pattern, entry.description))
    records.append(RuleRecord(targets.indicator.id, "targets.yml", "target",
                              "|".join(targets.indicator.compare_verbs),
                              "an indicator read by grammar: the words before a verb of attainment, or a verb "
                              "of creation and its object"))
    for entry in (citations.title, citations.number, citations.title_with_number):
        pattern = getattr(entry, "pattern", None)
        records.append(RuleRecord(entry.id, "citations.yml", "citation", pattern.pattern if pattern else None,
                                  entry.description))
    for entry in (metadata.title, metadata.forwarded, metadata.addressees, metadata.date, metadata.signature,
                  metadata.attachments, metadata.labels, metadata.furniture, metadata.news, metadata.garbled,
                  metadata.places):
        pattern = getattr(entry, "pattern", None)
        records.append(RuleRecord(entry.id, "metadata.yml", "metadata", pattern.pattern if pattern else None,
                                  entry.description))
    records.append(RuleRecord(PREAMBLE_RULE, "drafts.yml", "draft", alternation(drafts.preamble_headings),
                              "top-level parts of a plan whose citations are its authority (编制依据) in a draft"))
    records.append(RuleRecord(NOT_AUTHORITY_RULE, "drafts.yml", "draft", alternation(drafts.not_authority_kinds),
                              "kinds of cited document that are no authority for a draft (never a line of 编制依据)"))
    records += [RuleRecord(cue.id, "align.yml", "implements", cue.before.pattern, cue.description)
                for cue in align.citation_cues]
    records += [RuleRecord(entry.id, "align.yml", kind, None, entry.description) for entry, kind in
                ((align.forwards, "implements"), (align.parent_id, "implements"), (align.sidecar, "implements"),
                 (align.alignment, "alignment"), (align.targets, "target-comparison"))]
    records.append(RuleRecord(align.counterparts.same.id, "align.yml", "counterpart", None,
                              align.counterparts.same.description))
    records += [RuleRecord(rule.id, "align.yml", "counterpart", f"{rule.pattern.pattern} → {rule.to or '(无)'}" if rule.to is not None
                           else f"{rule.pattern.pattern} → {rule.find.pattern}",
                           rule.description) for rule in align.counterparts.rules]
    return records


def _unit_records(units: UnitsFile, grammar_id: str) -> list[RuleRecord]:
    """The rows of units.yml: names and competences of the lexicon, role rules, departments, unit patterns, the
    slot rules of the grammar and enumerations."""
    records = []
    for unit in units.units:
        records.append(RuleRecord(f"unit.alias.{unit.name}", "units.yml", "unit", "|".join(unit.aliases),
                                  f"names of {unit.name}"))
        if unit.competences:
            records.append(RuleRecord(f"unit.competence.{unit.name}", "units.yml", "competence",
                                      "|".join(unit.competences),
                                      f"topics in the charge of {unit.name} (inferred, not named)"))
    for role in units.roles:
        pattern = role.followed_by or role.preceded_by
        records.append(RuleRecord(role.id, "units.yml", "unit-role", pattern.pattern if pattern else None,
                                  role.description))
    records.append(RuleRecord(units.departments.id, "units.yml", "unit", units.department_pattern.pattern,
                              units.departments.description))
    records += [RuleRecord(p.id, "units.yml", "unit", p.pattern.pattern, p.description) for p in units.unit_patterns]
    records += [RuleRecord(f"{grammar_id}.{suffix}", "units.yml", "unit-slot", None, description)
                for suffix, description in SLOT_RULES.items()]
    records.append(RuleRecord(INHERITED_RULE, "units.yml", "unit-slot", None,
                              "units of a heading reach the items below it that name none of their own"))
    records.append(RuleRecord(units.enumeration.id, "units.yml", "unit", units.enumeration.pattern.pattern,
                              units.enumeration.description))
    return records


def load_rules(rules_dir: Path) -> RuleSet:
    """Every rules file of ``rules_dir`` (structure, modality, areas, units, metrics, targets, citations and
    metadata .yml), each read once into its model, with the readers built from them. Raises InputError naming the
    file, key path and line of the first broken file, or the rule ids used twice, before anything is built."""
    rules_dir = Path(rules_dir)
    if not rules_dir.is_dir():
        raise InputError(rules_dir, "rules directory not found")
    files: dict[str, BaseModel] = {}
    for name, model in FILES.items():
        cited = files.get("citations.yml")
        files[name] = load_file(rules_dir / name, model, {"cited_title": cited.title.pattern} if cited else None)
    layout, modality, areas, units, metrics, citations, targets, metadata, _drafts, align = files.values()
    try:
        grammar = UnitGrammar(units.grammar, units.level_prefixes)
    except re.error as exc:  # patterns that compile alone but not within the name patterns kb.units composes
        raise InputError(rules_dir / "units.yml", f"grammar: its patterns do not compose ({exc})") from None
    numbers = number_reader(citations.number)
    # What kb.structure needs from the other files: the slot grammar (a numbered line with a note is a task item),
    # the 成文日期 line, a 文号 alone on its line, the 主送 line and the attachment lines. (A 主送 line names bodies
    # of government, as the metadata reader reads it: 据介绍,“十四五”时期主要目标是: under a title is none.)
    metadata_lines = LineReader(metadata, numbers)
    structure = StructureRules(
        layout, is_unit_note=grammar.is_note_line, is_unit_list=grammar.is_unit_list,
        column_kinds=grammar.column_kinds, flat_tables=grammar.tables.tables,
        attachment_first=metadata.attachments.first, attachment_next=metadata.attachments.next,
        date_line=metadata.date.pattern, is_number_line=lambda line: numbers.line_number(line) is not None,
        is_addressee_line=lambda line: metadata_lines.addressees_of(line) is not None)
    records = _records(files, grammar.id)
    ids = [r.id for r in records]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(rules_dir, f"rule id(s) used twice: {', '.join(duplicates)}")
    return RuleSet(directory=rules_dir, structure=structure, records=records, modalities=modality.modalities,
                   default_modality=modality.default, area_rules=areas, areas=_areas(areas), unit_rules=units,
                   unit_grammar=grammar, metrics=metrics.metrics, links=metrics.links, targets=targets,
                   citations=citations, metadata=metadata, places=Places(metadata.places), align=align)
