"""The README's figures as ``kb eval --markdown`` prints them, and the README rewritten from them (``kb eval
--readme README.md``): each block stands between ``<!-- kb eval: NAME -->`` and ``<!-- kb eval: end -->``, so a
figure in the README is one the command printed, never one typed by hand.

Blocks: ``scores`` (the P/R/F1 table), ``items`` (units per task item, each set, and the held-out sets by style),
``targets-facts`` (targets, facts and areas of each set); with ``--gold FILE.yml``, one block named after the gold's
folder (``real`` for ../shared/real/gold.yml, ``real_kinds``): its tuned, held-out and overall rows."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError

BEGIN = "<!-- kb eval: {} -->"
END = "<!-- kb eval: end -->"


def _shown(directory: Path) -> str:
    """A set's folder as the README names it: relative to the current folder when under it."""
    try:
        return Path(directory).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(directory).as_posix()


def _items_block(report) -> list[str]:
    lines = ["| set | items | units per item | pair P / R |", "| --- | ---: | ---: | --- |"]
    styles = []
    for label, directory, scores in report.items:
        total = next(s for s in scores if s.name == "all")
        lines.append(f"| `{_shown(directory)}` ({label}) | {total.items} | {total.accuracy:.3f} | "
                     f"{total.precision:.3f} / {total.recall:.3f} |")
        if label == "held out":
            styles.append(f"- `{_shown(directory)}` by style: " + ", ".join(
                f"{s.name.removeprefix('style ')} {s.accuracy:.3f} ({s.items} items)"
                for s in scores if s.name.startswith("style ")))
    return lines + ([""] + styles if styles else [])


def _facts_cell(facts: dict[str, tuple[int, int]]) -> str:
    counts = set(facts.values())
    if len(counts) == 1 and all(right == total for right, total in counts):
        right, total = counts.pop()
        return f"{right}/{total} for every fact"
    return ", ".join(f"{name} {right}/{total}" for name, (right, total) in facts.items())


def _targets_facts_block(report) -> list[str]:
    lines = ["| set | targets F1 (P / R), gold targets | indicator wording | facts right | thematic areas P / R |",
             "| --- | --- | ---: | --- | --- |"]
    for s in report.targets_facts:
        documents = max((total for _, total in s.facts.values()), default=0)
        areas = f"{s.areas.precision:.3f} / {s.areas.recall:.3f}" if s.areas is not None else "–"
        lines.append(f"| `{_shown(s.directory)}` ({s.label}, {documents} docs) | {s.targets.f1:.3f} "
                     f"({s.targets.precision:.3f} / {s.targets.recall:.3f}), {s.targets.gold} targets | "
                     f"{s.wordings.precision:.3f} | {_facts_cell(s.facts)} | {areas} |")
    return lines


def markdown_blocks(report) -> dict[str, list[str]]:
    """Block name → its lines (without the marker comments) for an EvalReport of the bundled sets."""
    from . import score_table

    return {"scores": ["```text", *score_table(report.scores), "```"], "items": _items_block(report),
            "targets-facts": _targets_facts_block(report)}


def real_markdown_blocks(gold_file: Path, groups: dict, files: dict[str, int]) -> dict[str, list[str]]:
    """The one block of ``kb eval --gold FILE.yml`` (named after the gold's folder): a row for each group of
    kb.evaluate.real.evaluate_real (tuned, held out, all) with its number of pages (``files``); a group of no
    pages has none, nor has "all" when nothing is held out."""
    lines = ["| part | pages | units per item | targets F1 | facts |", "| --- | ---: | ---: | ---: | ---: |"]
    for label, s in groups.items():
        if not files[label] or (label == "all" and not files.get("held out")):
            continue  # a part with no pages, or "all" when it is the tuned part again
        lines.append(f"| {label} | {files[label]} | {s.items_right}/{s.items} ({s.items_right / max(s.items, 1):.3f})"
                     f" | {s.target_f1:.3f} | {s.facts_right}/{s.facts} ({s.facts_right / max(s.facts, 1):.3f}) |")
    return {Path(gold_file).resolve().parent.name: lines}


def markdown_lines(blocks: dict[str, list[str]]) -> list[str]:
    """What ``kb eval --markdown`` prints: each block between its marker comments, a blank line apart."""
    lines = []
    for name, block in blocks.items():
        lines += ([""] if lines else []) + [BEGIN.format(name), *block, END]
    return lines


def readme_block(text: str, name: str) -> list[str] | None:
    """The lines between a README's markers for block ``name`` (None when it has no such block)."""
    found = re.search(re.escape(BEGIN.format(name)) + r"\n(.*?)\n?" + re.escape(END), text, re.S)
    return found.group(1).split("\n") if found else None


def rewrite_readme(path: Path, blocks: dict[str, list[str]]) -> list[str]:
    """Replace each block of ``blocks`` in the file ``path`` between its markers; returns the names of the blocks
    whose lines changed. Raises InputError when the file lacks a block's markers (nothing is written then)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    changed = []
    for name, lines in blocks.items():
        old = readme_block(text, name)
        if old is None:
            raise InputError(path, f"no block {BEGIN.format(name)} … {END} to rewrite")
        if old != lines:
            changed.append(name)
            pattern = re.escape(BEGIN.format(name)) + r"\n.*?" + re.escape(END)
            text = re.sub(pattern, lambda _: "\n".join([BEGIN.format(name), *lines, END]), text, count=1, flags=re.S)
    if changed:
        path.write_text(text, encoding="utf-8")
    return changed
