"""The everyday commands print nothing on standard error but their own lines: no jieba start-up chatter
("Building prefix dict…", "Loading model cost…"). The real command runs in a subprocess."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


def _kb(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KB_DB"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "kb.cli", *map(str, args)], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_a_search_in_traditional_characters_prints_only_its_count_on_stderr(kb_path):
    # 專利 is read as simplified, which loads jieba's dictionary: it used to log four lines here.
    result = _kb("search", "專利", "--db", kb_path)
    assert result.returncode == 0, result.stderr
    assert "专利" in result.stdout
    assert result.stderr.splitlines() == [line for line in result.stderr.splitlines() if line.endswith("clause(s)")
                                          or line.endswith("(limit reached)")]
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_draft_and_build_print_no_jieba_lines(kb_path, tmp_path):
    drafted = _kb("draft", "--unit", "自治区版权局", "--format", "md", "--out", "-", "--db", kb_path)
    assert drafted.returncode == 0, drafted.stderr
    assert drafted.stderr.splitlines() == ["wrote 6 task(s) in 5 area(s) for 自治区版权局 to standard output"]
    built = _kb("build", "--out", tmp_path / "kb.db", "--rules", RULES, "--corpus", ROOT / "corpus")
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""


def test_jieba_is_imported_by_the_one_module_that_silences_it():
    # kb.segmenter sets jieba's log level; a module importing jieba itself could load the dictionary first.
    importers = []
    for path in sorted((ROOT / "kb").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            if any(name == "jieba" or name.startswith("jieba.") for name in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(importers)) == ["kb/segmenter.py"]
