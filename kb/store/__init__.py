"""The SQLite knowledge base, one job a module: ``schema`` (tables, keys, indexes, the task condition, rows),
``kb_file`` (the KB file: copy, lock, temp file and rename), ``writer`` (``KBWriter``: rows in, documents out) and
``derived`` (what is derived from the rows and kept with them: the search indexes, unit_counts,
term_clause_counts, the content digest).

The tables are the product's public API (design.md). The build writes a new file beside the old one and
renames it over the old one only when everything is in, so a failed or killed build leaves the previous KB.
"""
