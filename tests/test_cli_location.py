"""The KB is found as git finds its repository: --db, else KB_DB, else build/kb.db in the current folder or the
nearest folder above it up to the project's top (a folder holding .git); when there is none, one line saying where
kb looked. The real command runs in a subprocess, in the folder the test chooses."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.kb_location import find_kb, kb_to_read, kb_to_write, searched_folders
from kb.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def _kb(args: list[str], cwd: Path, kb_db: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KB_DB"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if kb_db is not None:
        env["KB_DB"] = kb_db
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture()
def project(tmp_path, kb_path) -> Path:
    """A project folder (it holds .git) with its KB in build/kb.db and a folder two levels below."""
    top = tmp_path / "project"
    (top / ".git").mkdir(parents=True)
    (top / "build").mkdir()
    shutil.copy(kb_path, top / "build" / "kb.db")
    (top / "notes" / "2026").mkdir(parents=True)
    return top


def test_search_and_draft_find_the_kb_from_a_subfolder(project):
    found = _kb(["search", "专利", "--limit", "1"], cwd=project / "notes" / "2026")
    assert found.returncode == 0, found.stderr
    assert "专利" in found.stdout and "1 of " in found.stderr
    drafted = _kb(["draft", "--unit", "自治区版权局", "--format", "md", "--out", "-"], cwd=project / "notes")
    assert drafted.returncode == 0, drafted.stderr
    assert drafted.stdout.startswith("# 自治区版权局")


def test_kb_db_names_the_kb_anywhere(tmp_path, kb_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / ".git").mkdir(parents=True)
    found = _kb(["search", "专利", "--limit", "1"], cwd=elsewhere, kb_db=str(kb_path))
    assert found.returncode == 0, found.stderr
    assert "专利" in found.stdout
    missing = _kb(["search", "专利"], cwd=elsewhere, kb_db=str(tmp_path / "gone.db"))
    assert missing.returncode == 1
    assert missing.stderr == f"error: KB_DB={tmp_path / 'gone.db'}: no KB there; run `kb build` first, or give --db\n"


def test_no_kb_says_in_one_line_where_kb_looked(tmp_path):
    top = tmp_path / "empty"
    (top / ".git").mkdir(parents=True)
    (top / "a" / "b").mkdir(parents=True)
    result = _kb(["search", "专利"], cwd=top / "a" / "b")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (f"error: no KB found: looked for build/kb.db in {top / 'a' / 'b'}, {top / 'a'}, {top} "
                             f"and KB_DB is unset; build one with `kb build`, or give --db or set KB_DB\n")


def test_the_search_upwards_stops_at_the_projects_top(tmp_path, kb_path):
    # A KB above the project (its folder holds .git) belongs to something else: it is not picked up.
    (tmp_path / "build").mkdir()
    shutil.copy(kb_path, tmp_path / "build" / "kb.db")
    inner = tmp_path / "other" / "src"
    (tmp_path / "other" / ".git").mkdir(parents=True)
    inner.mkdir()
    assert searched_folders(inner) == [inner, tmp_path / "other"]
    assert find_kb(None, {}, inner)[0] is None
    with pytest.raises(InputError, match="no KB found: looked for build/kb.db in"):
        kb_to_read(None, {}, inner)
    # Without a .git between, the nearest KB above is the one.
    (tmp_path / "other" / ".git").rmdir()
    assert find_kb(None, {}, inner) == (tmp_path / "build" / "kb.db", "found upwards")


def test_db_given_comes_before_kb_db_which_comes_before_the_search(project, kb_path):
    inner = project / "notes"
    assert find_kb(Path("x.db"), {"KB_DB": str(kb_path)}, inner) == (Path("x.db"), "--db")
    assert find_kb(None, {"KB_DB": str(kb_path)}, inner) == (kb_path, "KB_DB")
    assert find_kb(None, {}, inner) == (project / "build" / "kb.db", "found upwards")


def test_build_and_add_write_the_kb_found_only_when_it_holds_their_corpus(project, tmp_path):
    inner = project / "notes"
    found = project / "build" / "kb.db"  # built from the bundled corpus
    assert kb_to_write(None, CORPUS, {}, inner) == found
    # Another corpus never replaces a KB found upwards: it gets build/kb.db in the current folder.
    assert kb_to_write(None, tmp_path / "other-corpus", {}, inner) == Path("build/kb.db")
    assert kb_to_write(None, tmp_path / "other-corpus", {"KB_DB": str(tmp_path / "new.db")}, inner) == \
        tmp_path / "new.db"
    assert kb_to_write(Path("given.db"), CORPUS, {"KB_DB": "x"}, inner) == Path("given.db")
