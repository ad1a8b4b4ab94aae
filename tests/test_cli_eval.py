"""``kb eval`` prints its details first and its summary last, and the README's figures are the command's: the
README's blocks between ``<!-- kb eval: … -->`` markers are what ``kb eval --readme`` writes for the bundled sets
(the real command, run on a copy of the README, changes nothing)."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.errors import InputError
from kb.evaluate.markdown import BEGIN, END, markdown_lines, readme_block, real_markdown_blocks, rewrite_readme
from kb.evaluate.real import RealScore
from kb.progress import terminal_steps

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)  # kb eval's defaults (tests/gold, tests/devset …) are the repository's folders


def _readme_copy(tmp_path) -> Path:
    copy = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", copy)
    return copy


def test_kb_eval_prints_its_summary_last_and_the_readme_holds_its_figures(kb_path, tmp_path, in_repository):
    readme = _readme_copy(tmp_path)
    result = CliRunner().invoke(cli, ["eval", "--db", str(kb_path), "--readme", str(readme)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The summary: the P/R/F1 table of every set, then the targets no clause delivers, and nothing after them.
    header = next(i for i, line in enumerate(lines) if line.endswith("gold/predicted"))
    assert lines[-1].startswith("targets with no delivering clause: ")
    assert all(line.split()[-1].count("/") == 1 for line in lines[header + 1:-1])
    assert len(lines) - header - 2 == 12
    # Each units-per-item table: its files, then its styles, then "all" last.
    sections = [i for i, line in enumerate(lines) if line.startswith("units per task item (")]
    assert len(sections) == 4
    for start in sections:
        rows = [line.split()[0] for line in lines[start + 2:lines.index("", start)]]
        kinds = [2 if r == "all" else 1 if r == "style" else 0 for r in rows]
        assert kinds == sorted(kinds) and kinds[-1] == 2 and kinds.count(2) == 1 and 0 in kinds and 1 in kinds
    assert header > max(sections)
    # The README's blocks are the command's: rewriting them changes nothing.
    assert readme.read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")
    assert "0 of the blocks scores, items, targets-facts changed" in result.stderr


def test_the_readmes_block_of_the_synthetic_real_kinds_is_the_commands(tmp_path, in_repository):
    readme = _readme_copy(tmp_path)
    result = CliRunner().invoke(cli, ["eval", "--gold", "tests/fixtures/real_kinds/gold.yml", "--holdout",
                                      "/dev/null", "--readme", str(readme)])
    assert result.exit_code == 0, result.output
    assert "0 of the blocks real_kinds changed" in result.stderr
    assert readme.read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")
    assert result.stdout.splitlines()[-1].startswith("all ")  # the summary of all pages last


def test_a_block_is_rewritten_between_its_markers_and_a_missing_one_is_an_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{BEGIN.format('real')}\n| old |\n{END}\noutro\n", encoding="utf-8")
    groups = {name: RealScore(name, items=4, items_right=3, target_gold=2, target_predicted=2, target_right=2,
                              facts=5, facts_right=5) for name in ("tuned", "held out", "all")}
    blocks = real_markdown_blocks(tmp_path / "real" / "gold.yml", groups, {"tuned": 3, "held out": 0, "all": 3})
    assert blocks == {"real": ["| part | pages | units per item | targets F1 | facts |",
                               "| --- | ---: | ---: | ---: | ---: |",
                               "| tuned | 3 | 3/4 (0.750) | 1.000 | 5/5 (1.000) |"]}
    assert rewrite_readme(readme, blocks) == ["real"]
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith(f"{END}\noutro\n")
    assert readme_block(text, "real") == blocks["real"]
    assert "\n".join(markdown_lines(blocks)) in text
    assert rewrite_readme(readme, blocks) == []  # the same figures: the file is left alone
    with pytest.raises(InputError, match="no block <!-- kb eval: items -->"):
        rewrite_readme(readme, {"items": ["x"]})


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_eval_progress_goes_to_a_terminal_only():
    assert terminal_steps("kb eval: sets", io.StringIO()) is None  # piped, in tests: nothing
    screen = _Terminal()
    show = terminal_steps("kb eval: sets", screen)
    show(0, 12, "the plan")
    show(12, 12, "")
    assert screen.getvalue() == "\r\x1b[Kkb eval: sets: 0/12 the plan…\r\x1b[K"
