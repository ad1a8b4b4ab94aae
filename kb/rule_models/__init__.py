"""The typed shape of every rules file (pydantic models, one module a file): loaded once, its patterns compiled,
these models are the rules the pipeline reads (kb.rules loads them).

A broken file gets one error naming the file, the key path and its line, and what was expected, before anything
is built (kb.rule_models.base)."""
