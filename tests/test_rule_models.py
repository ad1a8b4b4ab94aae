"""The rules files as typed data (issue 24, point 2): each file is read once into its pydantic model, whose
patterns are compiled on load; a broken file is one line naming the file, the line and the cause."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import RULES
from kb.errors import InputError
from kb.rules import load_rules


def _broken(tmp_path, file: str, old: str, new: str) -> InputError:
    """The error of loading a copy of rules/ whose ``file`` has its first ``old`` replaced by ``new``."""
    copy = Path(shutil.copytree(RULES, tmp_path / "rules"))
    edited = copy / file
    original = edited.read_text(encoding="utf-8")
    assert old in original
    edited.write_text(original.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_rules(copy)
    return raised.value


def test_a_pattern_that_does_not_compile_is_named_with_its_file_line_and_cause(tmp_path):
    error = _broken(tmp_path, "structure.yml", "pattern: '(——|--|—)'", "pattern: '(——|--|—'")
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'rules' / 'structure.yml'}:{error.line}: "), message
    assert "goal_item.pattern: expected a regular expression that compiles (missing ), unterminated subpattern" \
        in message, message
    # The line where the goal_item mapping that holds the broken pattern opens (its first key).
    lines = (tmp_path / "rules" / "structure.yml").read_text(encoding="utf-8").splitlines()
    assert lines[error.line - 2:error.line] == ["goal_item:", "  id: structure.goal-item"]


def test_patterns_that_compile_alone_but_not_together_are_named_on_load(tmp_path):
    # An inline flag is fine at the start of a pattern, not inside the one kb composes from several.
    error = _broken(tmp_path, "targets.yml", "    done: '", "    done: '(?i)")
    assert "indicator.tense: its patterns do not compose into 'any'" in str(error)
    error = _broken(tmp_path / "units", "units.yml", "  not_in_body: '", "  not_in_body: '(?i)")
    assert str(error).startswith(f"{tmp_path / 'units' / 'rules' / 'units.yml'}: grammar: its patterns do not compose")


def test_a_misspelt_key_inside_a_rule_is_refused_not_ignored(tmp_path):
    error = _broken(tmp_path, "metadata.yml", "  trailing_junk:", "  trailing_junks:")
    assert "unknown key 'furniture.trailing_junks' (a misspelling?)" in str(error)


def test_a_successor_that_is_no_unit_of_the_file_is_an_error(tmp_path):
    error = _broken(tmp_path, "units.yml", "  - {name: 国家知识产权局, level: 国家,",
                    "  - {name: 国家知识产权局, successor: 不存在局, level: 国家,")
    assert "units: unit 国家知识产权局: successor '不存在局' is not a unit of this file" in str(error)


def test_the_loaded_rules_are_the_typed_models_with_compiled_patterns():
    rules = load_rules(RULES)
    assert isinstance(rules.targets.year, re.Pattern)
    assert rules.targets.year.search("到2025年").group("year") == "2025"
    assert isinstance(rules.structure.layout.numbering[0].pattern, re.Pattern)
    assert rules.citations.title.pattern.search("按照《青岚市方案》").group("title") == "青岚市方案"
    # A pattern a file leaves out never matches, and still has the group the code reads.
    assert rules.targets.indicator.aim_of.groupindex.keys() >= {"verb"}
    # A unit listed without aliases is named by its name.
    assert all(unit.aliases for unit in rules.units)
    assert rules.unit_rules.department_pattern.fullmatch("市知识产权局").group("prefix") == "市"
