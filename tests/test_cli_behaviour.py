"""The command line as a maintainer meets it (issue 25, a reviewer's findings): commands run from a subfolder of the
project find its rules, corpus and metadata; kb serve refuses a file that is no KB, and a missing metadata file,
in one line before Datasette starts; kb search of blanks finds nothing; kb draft says when a unit has nothing to
draft and which document it drafted from when it has several; a reader that goes away (| head) ends kb quietly."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.kb_location import in_project

ROOT = Path(__file__).resolve().parent.parent


def _kb(args: list[str], cwd: Path, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KB_DB"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, **extra)


@pytest.fixture()
def project(tmp_path) -> Path:
    """A project (it holds .git) with the repository's rules, corpus and metadata.yml, and a folder below it."""
    top = tmp_path / "project"
    (top / ".git").mkdir(parents=True)
    for name in ("rules", "corpus"):
        shutil.copytree(ROOT / name, top / name)
    shutil.copy(ROOT / "metadata.yml", top / "metadata.yml")
    (top / "notes").mkdir()
    return top


def test_a_default_path_is_looked_for_upwards_and_a_given_one_is_kept(project, monkeypatch):
    monkeypatch.chdir(project / "notes")
    assert in_project(Path("rules")) == project / "rules"
    assert in_project(Path("metadata.yml")) == project / "metadata.yml"
    assert in_project(Path("nowhere")) == Path("nowhere")  # the command's own error then names it
    monkeypatch.chdir(project)
    assert in_project(Path("rules")) == Path("rules")


def test_build_and_add_run_from_a_subfolder_with_the_projects_rules_and_corpus(project):
    built = _kb(["build", "--out", str(project / "build" / "kb.db")], cwd=project / "notes")
    assert built.returncode == 0, built.stderr
    assert (project / "build" / "kb.db").is_file()
    text = project / "notes" / "m.txt"
    text.write_text("（合成测试文本）\n东岚省测试办法\n一、加强专利保护工作。\n", encoding="utf-8")
    dry = _kb(["add", str(text), "--dry-run"], cwd=project / "notes")
    assert dry.returncode == 0, dry.stderr
    assert f"would write {project / 'corpus'}" in dry.stdout


def test_serve_refuses_a_file_that_is_no_kb_and_a_missing_metadata_in_one_line(project, tmp_path):
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    served = _kb(["serve", "--db", str(other), "--port", "8199"], cwd=project)
    assert served.returncode == 1
    assert served.stderr == f"error: {other}: is not a KB (no kb_meta table): give the KB file kb build or kb add wrote\n"
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 10)
    served = _kb(["serve", "--db", str(garbage), "--port", "8199"], cwd=project)
    assert served.returncode == 1 and served.stderr.startswith(f"error: {garbage}: is not a KB")
    assert _kb(["build", "--out", str(project / "build" / "kb.db")], cwd=project).returncode == 0
    (project / "metadata.yml").unlink()
    served = _kb(["serve", "--port", "8199"], cwd=project / "notes")
    assert served.returncode == 1 and "Traceback" not in served.stderr
    assert served.stderr == "error: metadata.yml: file not found: run kb serve in the project's folder, or give --metadata\n"


def test_search_of_blanks_finds_nothing_and_says_so(kb_path):
    for blank in (" ", "\u3000", ""):
        result = CliRunner().invoke(cli, ["search", blank, "--db", str(kb_path)])
        assert result.exit_code == 1 and result.stdout == "", repr(blank)
        assert "holds no term to search for" in result.output


def test_draft_of_a_unit_without_tasks_is_refused_and_several_documents_are_named(kb_path, tmp_path):
    runner = CliRunner()
    named_only = runner.invoke(cli, ["draft", "--unit", "国家知识产权局", "--db", str(kb_path), "--format", "md",
                                     "--out", "-"])
    assert named_only.exit_code == 1 and named_only.stdout == ""
    assert "no document of the KB gives 国家知识产权局 a task" in named_only.output
    one = runner.invoke(cli, ["draft", "--unit", "自治区版权局", "--db", str(kb_path), "--format", "md", "--out", "-"])
    assert one.exit_code == 0 and "drafted from" not in one.stderr


def test_a_reader_that_goes_away_ends_kb_quietly(kb_path):
    piped = subprocess.run(f"{sys.executable} -m kb.cli search 知识产权 --limit 200 --db {kb_path} | head -1",
                           shell=True, cwd=ROOT, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert len(piped.stdout.splitlines()) == 1
    assert "Broken pipe" not in piped.stderr and "Traceback" not in piped.stderr
