"""Loading rules/: every rule file, and one row per rule for the ``rules`` table."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .structure import StructureRules

STRUCTURE_FILE = "structure.yml"


@dataclass(frozen=True)
class RuleRecord:
    id: str
    file: str
    kind: str
    pattern: str | None
    description: str


@dataclass
class RuleSet:
    directory: Path
    structure: StructureRules
    records: list[RuleRecord]


def load_rules(rules_dir: Path) -> RuleSet:
    rules_dir = Path(rules_dir)
    if not rules_dir.is_dir():
        raise InputError(rules_dir, "rules directory not found")
    structure = StructureRules.from_yaml(rules_dir / STRUCTURE_FILE)
    records = [RuleRecord(style.id, STRUCTURE_FILE, "numbering", style.pattern.pattern, style.description)
               for style in structure.numbering]
    records.append(RuleRecord(structure.run_in.id, STRUCTURE_FILE, "paragraph-title", None,
                              structure.run_in.description))
    records.append(RuleRecord(structure.goal.id, STRUCTURE_FILE, "paragraph-title",
                              structure.goal_pattern.pattern, structure.goal.description))
    ids = [r.id for r in records]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(rules_dir, f"rule id(s) used twice: {', '.join(duplicates)}")
    return RuleSet(directory=rules_dir, structure=structure, records=records)
