from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kb.build import build_kb
from kb.publish import make_datasette
from kb.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RULES = ROOT / "rules"
METADATA = ROOT / "metadata.yml"
SEED_NAME = "guangxi-ip-action-plan-2015-2020.txt"
PLAN_ID = "gx-ipap-2015"
NOTICE_ID = "gx-ipap-2015-notice"


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kb") / "kb.db"
    report = build_kb(CORPUS, RULES, out)
    assert report.ok, report.problems
    return out


@pytest.fixture()
def kb_conn(kb_path):
    conn = sqlite3.connect(f"file:{kb_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def datasette(kb_path):
    return make_datasette(kb_path, METADATA)


@pytest.fixture(scope="session")
def structure_rules():
    return load_rules(RULES).structure


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def event_loop_runner():
    import asyncio

    loop = asyncio.new_event_loop()
    yield loop.run_until_complete
    loop.close()


@pytest.fixture(scope="session")
def get(datasette, event_loop_runner):
    """GET a path from the real Datasette app serving the built KB."""

    def fetch(path, **params):
        return event_loop_runner(datasette.client.get(path, params=params or None))

    return fetch


@pytest.fixture()
def no_proxy(monkeypatch):
    """No proxy from the environment: it would carry requests for 127.0.0.1 off this machine."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
