"""Which database served by Datasette is the KB."""
from __future__ import annotations

# The name the KB is published under, whatever its file is called: every documented URL (/kb/search_clauses.json,
# /kb/clauses …) and the canned queries of metadata.yml use it.
KB_DATABASE = "kb"


def kb_database(datasette):
    """The KB's database: the one named in the plugin's configuration, else ``kb`` (the plugin's startup hook
    publishes a KB file of any name under it), else the first one served."""
    config = datasette.plugin_config("kb") or {}
    name = config.get("database") or (KB_DATABASE if KB_DATABASE in datasette.databases else
                                      next(n for n in datasette.databases if not n.startswith("_")))
    return datasette.get_database(name)
