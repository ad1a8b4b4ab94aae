"""The shape of the code base (issue 24): every public definition documented, small modules and functions, no import
cycles, and a command line that starts without the heavy libraries. Each check names what breaks it."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kb"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
# A module or function may pass its limit only if its top says why, in a comment with this word.
EXCUSE = "kb: long because"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _definitions(tree: ast.AST, prefix: str = "", public: bool = True):
    """(qualified name, node, public) for every function and class, methods included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            is_public = public and not node.name.startswith("_")
            yield prefix + node.name, node, is_public
            if isinstance(node, ast.ClassDef):
                yield from _definitions(node, prefix + node.name + ".", is_public)


def test_every_public_definition_has_a_docstring():
    missing, counted = [], 0
    for name, path in _modules().items():
        for qualified, node, public in _definitions(ast.parse(path.read_text(encoding="utf-8"))):
            if public:
                counted += 1
                if not ast.get_docstring(node):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {qualified}")
    assert counted > 300  # the walk found the code base
    assert not missing, f"{len(missing)} public definitions without a docstring:\n" + "\n".join(missing)


def _excused(lines: list[str], start: int) -> bool:
    return any(EXCUSE in line for line in lines[max(0, start - 3):start + 2])


def test_no_module_or_function_is_too_long_without_saying_why():
    too_long = []
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MAX_MODULE_LINES and not _excused(lines, 0):
            too_long.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
        for qualified, node, _ in _definitions(ast.parse(text)):
            length = node.end_lineno - node.lineno + 1
            if not isinstance(node, ast.ClassDef) and length > MAX_FUNCTION_LINES \
                    and not _excused(lines, node.lineno - 1):
                too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {qualified}: {length} lines")
    assert not too_long, "\n".join(too_long)


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module in modules:
                found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in modules)
    found.discard(name)
    return found


def test_no_import_cycles():
    """Imports inside functions count too: a cycle hidden in a function is still a cycle of ideas."""
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    cycles = []

    def reaches(start: str, goal: str) -> list[str] | None:
        seen, stack = set(), [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == goal:
                    return path + [goal]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
        return None

    for name in sorted(graph):
        cycle = reaches(name, name)
        if cycle and not any(set(cycle) == set(c) for c in cycles):
            cycles.append(cycle)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_command_line_starts_without_spacy_or_openpyxl():
    heavy = ("spacy", "openpyxl", "docx", "jieba", "datasette")
    loaded = subprocess.run([sys.executable, "-c", "import sys, kb.cli; print(' '.join(sorted(sys.modules)))"],
                            capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert not [m for m in heavy if m in loaded]


def _layout_bullets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout"):]
    end = section.find("\n## ", 5)
    section = section if end == -1 else section[:end]
    return [bullet for bullet in section.split("\n- ")[1:]]


def test_the_readmes_layout_names_every_module_and_only_modules_that_exist():
    """Issue 24: the layout section matches the tree, module by module. In a bullet that opens a package (`units/`),
    a file name is that package's module, else a top-level one."""
    import re

    named, unknown = set(), []
    for bullet in _layout_bullets():
        tokens = re.findall(r"`([^`]+)`", bullet)
        package = next((t for t in tokens if re.fullmatch(r"[a-z_]+/", t)), None)
        if package:
            if not (PACKAGE / package).is_dir():
                unknown.append(package)
            named.add(PACKAGE / package / "__init__.py")
        for token in (t for t in tokens if re.fullmatch(r"[a-z_/]+\.py", t)):
            candidates = ([PACKAGE / package / token] if package else []) + [PACKAGE / token]
            found = next((c for c in candidates if c.is_file()), None)
            if found is None:
                unknown.append(token)
            else:
                named.add(found)
    modules = {path for path in _modules().values() if path != PACKAGE / "__init__.py"}
    assert not unknown, f"the layout names what is not there: {unknown}"
    assert not sorted(str(p.relative_to(ROOT)) for p in modules - named), "modules the layout leaves out"


def test_the_fact_table_names_the_fields_of_the_record_the_reader_and_the_documents_table():
    """kb.facts.FACTS is the one list of document facts; DocumentRecord (the corpus), DocumentFacts (what the text
    says) and the documents table spell their fields out as typed dataclasses and columns, so a fact added to one
    and not the others is caught here."""
    from dataclasses import fields

    from kb.corpus import DocumentRecord
    from kb.facts import FACTS
    from kb.metadata.facts import DocumentFacts
    from kb.store.schema import SCHEMA

    record = {f.name for f in fields(DocumentRecord)}
    read = {f.name for f in fields(DocumentFacts)}
    columns = set(SCHEMA["documents"][0])
    stored = [fact.name for fact in FACTS if fact.name != "starts_at"]  # where a file's next document begins
    assert [name for name in stored if name not in record] == []
    assert [name for name in stored if name not in columns] == []
    assert [fact.name for fact in FACTS if fact.read and fact.name not in read] == []
    # …and no fact field of the record or the reader is missing from the table.
    facts = {fact.name for fact in FACTS}
    # published_at is the page's 发布时间: a fact of the file (a sidecar's top level), copied to its documents.
    of_the_file = {"text", "script", "original_text", "original_offsets", "source_file", "published_at"}
    assert sorted(record - facts - of_the_file) == []
    assert sorted(read - facts - {"published_at", "attached", "furniture", "notes", "found_by"}) == []
