"""Publishing the KB with Datasette: the one place that knows how the app is put together."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

DEFAULT_DB = Path("build/kb.db")
DEFAULT_METADATA = Path("metadata.yml")
DEFAULT_PORT = 8001
DEFAULT_HOST = "127.0.0.1"


def load_metadata(path: Path = DEFAULT_METADATA) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def make_datasette(db_path: Path = DEFAULT_DB, metadata_path: Path = DEFAULT_METADATA):
    """The Datasette app serving the KB, as ``kb serve`` runs it (the plugin loads through its entry point)."""
    from datasette.app import Datasette

    return Datasette([str(db_path)], immutables=[], metadata=load_metadata(metadata_path),
                     settings={"sql_time_limit_ms": 3000})


def serve_command(db_path: Path = DEFAULT_DB, metadata_path: Path = DEFAULT_METADATA,
                  host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The ``datasette serve`` command line for the KB."""
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(metadata_path),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "3000"]
