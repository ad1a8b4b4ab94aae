"""Publishing the KB with Datasette: the one place that knows how the app is put together.

The KB is served immutable (``-i``: Datasette then reads it without locking and counts rows once) with the
settings of ``settings.json``: every SQL query, facet and search is cut off after ``sql_time_limit_ms``, at most
``max_returned_rows`` come back, and the database file itself is not offered for download.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

DEFAULT_DB = Path("build/kb.db")
DEFAULT_METADATA = Path("metadata.yml")
DEFAULT_SETTINGS = Path(__file__).resolve().parent.parent / "settings.json"
DEFAULT_PORT = 8001
DEFAULT_HOST = "127.0.0.1"


def load_metadata(path: Path = DEFAULT_METADATA) -> dict:
    """Datasette's metadata (metadata.yml: titles, descriptions, canned queries) as a dict."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_settings(path: Path = DEFAULT_SETTINGS) -> dict:
    """Datasette's settings (settings.json) as a dict. Raises InputError naming the file when it is missing, not
    JSON (with the line) or not a JSON object."""
    from .errors import InputError

    try:
        settings = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "settings file not found") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(settings, dict):
        raise InputError(path, "settings must be a JSON object")
    return settings


def make_datasette(db_path: Path = DEFAULT_DB, metadata_path: Path = DEFAULT_METADATA,
                   settings_path: Path = DEFAULT_SETTINGS):
    """The Datasette app serving the KB, as ``kb serve`` runs it (the plugin loads through its entry point)."""
    from datasette.app import Datasette

    return Datasette(immutables=[str(db_path)], metadata=load_metadata(metadata_path),
                     settings=load_settings(settings_path))


def wait_until_serving(url: str, process=None, seconds: float = 20.0) -> None:
    """Return once ``url`` answers; raise if the server ``process`` exits or ``seconds`` pass first."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")


def serve_command(db_path: Path = DEFAULT_DB, metadata_path: Path = DEFAULT_METADATA,
                  host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                  settings_path: Path = DEFAULT_SETTINGS, limits: dict | None = None) -> list[str]:
    """The command line serving the KB: Datasette's app under uvicorn with a public site's limits (kb.server);
    ``limits``: header_timeout, keep_alive, max_connections, where not the defaults. Raises InputError for a bad
    settings file before anything starts."""
    load_settings(settings_path)
    command = [sys.executable, "-m", "kb.server", "--db", str(db_path), "--metadata", str(metadata_path),
               "--settings", str(settings_path), "--host", host, "--port", str(port)]
    for name, value in (limits or {}).items():
        if value is not None:
            command += [f"--{name.replace('_', '-')}", str(value)]
    return command
