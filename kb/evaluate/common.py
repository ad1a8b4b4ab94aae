"""What the sets filed as ``kb add`` files them share: filing and building a scratch KB, the clauses of some
documents, and judging an item's responsible units against a gold written as the text names them."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def file_and_build(directory: Path, files: list[str], rules_dir: Path, tmp: Path, rules=None, progress=None):
    """The ``files`` of ``directory`` filed one by one as ``kb add`` files them into a fresh corpus under ``tmp``
    and built: a connection to the KB (rows as sqlite3.Row) and each file's document ids. ``rules``: those of
    ``rules_dir``, when loaded already; ``progress``, when given, is called with (files filed, files, the next)
    before each file and before the build. Raises ValueError naming a file kb add refuses."""
    from ..add import file_and_update
    from ..ids import file_slug
    from ..build import build_kb
    from ..rules import load_rules

    rules = rules or load_rules(rules_dir)
    corpus = tmp / "corpus"
    corpus.mkdir()
    documents_of: dict[str, list[str]] = {}
    for done, name in enumerate(files):
        if progress:
            progress(done, len(files) + 1, f"filing {name}")
        filed = file_and_update([str(directory / name)], corpus, rules_dir, tmp / "kb.db", rebuild=False,
                                rules=rules)
        overrides: dict = {}
        for _ in range(2):
            problem = "" if filed.plan.ok else str(filed.plan.problems[0])
            if "no title found" in problem:
                # A user would give --title; the file's name stands in (a page with no title has no title in its
                # gold).
                overrides["title"] = Path(name).stem
            elif "already exists" in problem:
                # Two pages whose facts make one id (the same 文号 read short): a user would give --id.
                overrides["id"] = file_slug(Path(name).stem.lower())
            else:
                break
            filed = file_and_update([str(directory / name)], corpus, rules_dir, tmp / "kb.db", rebuild=False,
                                    rules=rules, overrides=dict(overrides))
        if not filed.plan.ok:
            raise ValueError(f"{name}: {filed.plan.problems[0]}")
        documents_of[name] = filed.document_ids
    if progress:
        progress(len(files), len(files) + 1, f"building the {len(files)} files")
    build_kb(corpus, rules_dir, tmp / "kb.db")
    conn = sqlite3.connect(tmp / "kb.db")
    conn.row_factory = sqlite3.Row
    return conn, documents_of


def clauses_of(conn, documents: list[str]) -> list:
    """The clauses of some documents in order: id, item_id, section_id, kind and text, the text followed by chr(1)
    and the original (a traditional text's gold quotes it as printed, so both are matched)."""
    marks = ", ".join("?" * len(documents))
    return conn.execute(f"select id, item_id, section_id, kind, text || char(1) || coalesce(original_text, '') as text "
                        f"from clauses where document_id in ({marks}) order by rowid", documents).fetchall()


def same_name(gold: str, unit: str, matched: str | None, aliases: dict[str, str]) -> bool:
    """A gold name (as the text writes it) is the tagged unit when it is the unit's name, the words the tag
    matched (read simplified and without pinyin glosses), or an alias the lexicon gives that unit (工商总局 and
    质检总局 are both today's 国家市场监督管理总局)."""
    from ..normalize import compact, without_glosses
    from ..script import to_simplified

    name = compact(gold)
    # (A traditional page's gold gives names simplified; its tags match the text as printed, glosses and all.)
    printed = compact(matched or "")
    return name in (compact(unit), printed, compact(to_simplified(without_glosses(printed)))) or \
        aliases.get(name) == unit


def expected_units(item: dict) -> list[tuple[str, str]]:
    """The gold's (name, role) pairs of an item: its ``lead`` and ``cooperate`` lists, in the roles' order."""
    from ..vocabulary import RESPONSIBLE_ROLES

    return [(name, role) for role in RESPONSIBLE_ROLES for name in item.get(role) or []]


def judged_units(expected: list[tuple[str, str]], predicted: list, aliases: dict[str, str]) -> tuple[set, set]:
    """An item's gold pairs, each as the tagged (unit, role) it names (two former names may be one unit today)
    or ("not tagged: name", role); and kb's (unit, role) pairs, from ``predicted`` (unit, matched, role) rows. The
    item is right when the two sets are equal."""
    gold = {next(((u, r) for u, m, r in predicted if r == role and same_name(g, u, m, aliases)),
                 (f"not tagged: {g}", role)) for g, role in expected}
    return gold, {(u, r) for u, _, r in predicted}
