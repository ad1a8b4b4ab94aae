"""What a tag means for a unit: its tasks, the role they are shown under, and the order of roles and bases.

A unit's tasks are its rows of the ``task_tags`` view (kb.store.schema.TASK_TAGS_VIEW: its tags on clauses that ask
something), and ``unit_counts`` counts them. On top of them this module owns the rules every reader shares:

- a guess is shown as one (待确认), whatever role it was filed under (``role_shown``): a tag inferred from the
  unit's competences, and above it a tag carried down from the parent document's division of labour (basis
  ``parent``, kb.align.carry);
- lead and cooperate make a task: a unit the plans ask to lead or cooperate (or are inferred to) implements them
  and gets a draft (``implements``); an item's responsible units are its named or inherited leads and cooperating
  units (``item_units``, ``responsible_tags``);
- of a unit's tags in one item, the strongest says what the item asks of it (``tag_strength``: bases, then roles);
- a task stands in the plan's own part (the structural area of its section or an ancestor), else under 其他
  (``areas_of_tasks``).

The site (kb.datasette_plugin.site_data), the drafts (kb.draft) and ``kb eval`` read a unit's tasks here; the
labels come from kb.vocabulary.
"""
from __future__ import annotations

import difflib
import re
import sqlite3
from dataclasses import dataclass

from .ids import ancestors
from .rows import dict_rows
from .vocabulary import BASIS_LABELS, PENDING, RESPONSIBLE_ROLES, ROLE_LABELS

INFERRED = "inferred"  # the basis of a guess from competence words, and the role such a tag is shown under
# The basis of a guess carried down from the parent document's division of labour (kb.align.carry): the counterpart
# at the child's level of a unit the aligned parent task names. It is the role such a tag is shown under too.
PARENT = "parent"
# The bases of a guess: a candidate (可能相关) staff must confirm (待确认), never a lead; the parent's division of
# labour ranks above competence words (it names who is responsible, one level up).
GUESS_BASES = (PARENT, INFERRED)
# The roles a unit's page and the units index list, in their order: the vocabulary's roles a text names, then the
# guesses apart, the parent's first (a candidate is always a guess).
SHOWN_ROLES = tuple(role for role in ROLE_LABELS if role != "candidate") + GUESS_BASES
# A shown role as the site labels it: a guess under the candidate's label, with its basis, to be confirmed.
PAGE_ROLE_LABELS = {**ROLE_LABELS, **{basis: f"{ROLE_LABELS['candidate']}({BASIS_LABELS[basis]},{PENDING})"
                                      for basis in GUESS_BASES}}
# A shown role as a draft's 角色 column labels it: a guessed task is one staff confirm.
SHEET_ROLE_LABELS = {**ROLE_LABELS, **{basis: f"{PENDING}({BASIS_LABELS[basis]})" for basis in GUESS_BASES}}
# Why a guessed task is on a unit's desk, as a draft's note says it (kb.draft).
PENDING_NOTES = {PARENT: f"{PENDING}：条文未点名单位，按上级文件的分工推断为可能相关",
                 INFERRED: f"{PENDING}：条文未点名单位，按职责推断为可能相关"}
# A unit can be tagged several times in one item; the strongest tag says what the item asks of it: the surest
# basis first, then the role. This order of roles (mentioned before addressee) is the drafts' own and differs from
# the reading order of kb.vocabulary.ROLE_LABELS, which the pages list roles in.
BASIS_STRENGTH = {"explicit": 0, "inherited": 1, PARENT: 2, INFERRED: 3}
ROLE_STRENGTH = {"lead": 0, "cooperate": 1, "mentioned": 2, "addressee": 3}
OTHER_AREA_ID = "other"
OTHER_AREA_NAME = "其他"
UNIT_NAME_CHARS = 30  # longer than any unit's name or alias: such a name stands for no unit


def is_guess(basis: str) -> bool:
    """Whether a tag of ``basis`` is a guess staff must confirm (待确认): carried down from the parent's division
    of labour or inferred from competence words (GUESS_BASES)."""
    return basis in GUESS_BASES


def role_shown(role: str, basis: str) -> str:
    """The role a tag is shown under: its basis for a guess (``parent``: carried down from the parent document;
    ``inferred``: from the unit's competences; whatever role it was filed under), else its own role (lead,
    cooperate, addressee …)."""
    return basis if basis in GUESS_BASES else role


def page_role_label(role: str, basis: str) -> str:
    """The Chinese label the site shows for a tag of ``role`` and ``basis`` (牵头; 可能相关(按职责推断,待确认));
    an unknown role is shown as it is."""
    shown = role_shown(role, basis)
    return PAGE_ROLE_LABELS.get(shown, shown)


def tag_strength(tag) -> tuple[int, int]:
    """How strongly a tag (a mapping with ``basis`` and ``role``) ties a unit to an item, smaller is stronger:
    (basis rank, role rank) by BASIS_STRENGTH and ROLE_STRENGTH; an unknown basis or role ranks last."""
    return (BASIS_STRENGTH.get(tag["basis"], len(BASIS_STRENGTH)), ROLE_STRENGTH.get(tag["role"], len(ROLE_STRENGTH)))


def is_responsible(tag) -> bool:
    """Whether a tag (a mapping with ``role`` and ``basis``) makes its unit responsible for the item: a lead or
    cooperating unit the text names or an item inherits from its heading, never a guess."""
    return tag["role"] in RESPONSIBLE_ROLES and tag["basis"] not in GUESS_BASES


def implements(counts: dict[tuple[str, str], int]) -> bool:
    """Whether a unit with these task counts (``{(role, basis): clauses}``, see ``task_counts``) implements the
    plans: they ask it to lead or cooperate somewhere, or it is guessed to (GUESS_BASES); not a unit they only mention (国务院 as
    the author of a cited document, a bank, an association)."""
    return any(n for (role, basis), n in counts.items() if role in RESPONSIBLE_ROLES or basis in GUESS_BASES)


# --- naming a unit ------------------------------------------------------------------------------------------------

def units_printed_as(conn: sqlite3.Connection, name: str) -> list[str]:
    """The units a text's name stands for (their aliases hold it): 市科委 → [棠溪市科委]; [] for a name over 30
    characters, which no unit has."""
    if len(name) > UNIT_NAME_CHARS:
        return []
    return [row["id"] for row in dict_rows(conn, "select units.id from units, json_each(units.aliases) "
                                                 "where json_valid(units.aliases) and json_each.value = ? "
                                                 "order by units.id", (name,))]


def resolve_unit(conn: sqlite3.Connection, unit: str) -> str:
    """The unit ``unit`` names: its id, or the one unit whose aliases hold it (市科委 as a text printed it, when the
    KB holds one such unit: 棠溪市科委). Raises LookupError naming the units when the name is another's too (市科委
    of two cities) or close matches when it names none."""
    if dict_rows(conn, "select 1 from units where id = ?", (unit,)):
        return unit
    named = units_printed_as(conn, unit)
    if len(named) == 1:
        return named[0]
    if named:
        raise LookupError(f"{unit!r} names {len(named)} units, one in each jurisdiction: {'、'.join(named)}; "
                          f"give one of them")
    known = [row["id"] for row in dict_rows(conn, "select id from units order by id")]
    close = difflib.get_close_matches(unit, known, n=5, cutoff=0.5)
    hint = f"; did you mean {'、'.join(close)}?" if close else "; `select id from units` lists them"
    raise LookupError(f"no unit {unit!r} in the KB{hint}")


# --- a unit's tasks -------------------------------------------------------------------------------------------

def _marks(values) -> str:
    return ", ".join("?" * len(values))


def task_counts(conn: sqlite3.Connection, units: list[str]) -> dict[tuple[str, str], int]:
    """The task clauses of ``units`` (a unit and those it took over) by (role, basis), summed over the units, from
    the counts the build made (unit_counts): a few rows per unit, not a scan of their tags."""
    counts: dict[tuple[str, str], int] = {}
    for role, basis, n in conn.execute(f"select role, basis, clauses from unit_counts where unit_id in "
                                       f"({_marks(units)})", units):
        counts[(role, basis)] = counts.get((role, basis), 0) + n
    return counts


def shown_count(counts: dict[tuple[str, str], int], shown: str) -> int:
    """How many of the counted task clauses (``task_counts``) are shown under the role ``shown``."""
    return sum(n for (role, basis), n in counts.items() if role_shown(role, basis) == shown)


def _shown_condition(shown: str, table: str) -> str:
    """SQL that a tag of ``table`` (clause_units, task_tags, unit_counts) is shown under the role ``shown``."""
    if shown in GUESS_BASES:
        return f"{table}.basis = '{shown}'"
    guesses = ", ".join(f"'{basis}'" for basis in GUESS_BASES)
    return f"{table}.basis not in ({guesses}) and {table}.role = '{shown}'"


def units_with_counts(conn: sqlite3.Connection) -> list[dict]:
    """Every unit with tasks, most tasks first: its id, level, kind and jurisdiction, its task clauses under each
    shown role (columns named as SHOWN_ROLES: lead, cooperate, addressee, mentioned, parent, inferred) and ``total``. One
    grouped read of unit_counts."""
    columns = ", ".join(f"sum(case when {_shown_condition(shown, 'c')} then c.clauses else 0 end) as {shown}"
                        for shown in SHOWN_ROLES)
    return dict_rows(conn, f"""select units.id, units.level, units.kind, units.jurisdiction, {columns},
        sum(c.clauses) as total
        from units join unit_counts c on c.unit_id = units.id
        group by units.id order by total desc, units.id""")


def tasks_shown_as(conn: sqlite3.Connection, units: list[str], shown: str, limit: int) -> list[dict]:
    """The first ``limit`` task tags of ``units`` shown under the role ``shown``, in document order: each a row of
    task_tags with its clause's text and section_id and its document's title (document_title)."""
    return dict_rows(conn, f"""select task_tags.*, clauses.text, clauses.section_id,
        documents.title as document_title from task_tags
        join clauses on clauses.id = task_tags.clause_id join documents on documents.id = task_tags.document_id
        where task_tags.unit_id in ({_marks(units)}) and {_shown_condition(shown, 'task_tags')}
        order by clauses.rowid limit ?""", [*units, limit])


def strongest_item_tags(conn: sqlite3.Connection, units: list[str], document_id: str) -> list[dict]:
    """The strongest tag (``tag_strength``) of ``units`` (a unit and those it took over) in each task item of the
    document, in document order: one row per item (``item_id`` is its first clause), with the tag's clause_id,
    section_id, ordinal, role, basis, reason, span_start and unit_id."""
    rows = dict_rows(conn, f"""
        select task_tags.item_id, task_tags.clause_id, clauses.section_id, task_tags.ordinal, task_tags.role,
               task_tags.basis, task_tags.reason, task_tags.span_start, task_tags.unit_id
        from task_tags join clauses on clauses.id = task_tags.clause_id
        where task_tags.unit_id in ({_marks(units)}) and task_tags.document_id = ?
        order by task_tags.ordinal""", (*units, document_id))
    strongest: dict[str, dict] = {}
    for row in rows:
        kept = strongest.get(row["item_id"])
        if kept is None or tag_strength(row) < tag_strength(kept):
            strongest[row["item_id"]] = row
    return sorted(strongest.values(), key=lambda r: r["ordinal"])


# --- where a task stands ----------------------------------------------------------------------------------------

def areas_of_tasks(conn: sqlite3.Connection, tags: list[dict]) -> list[tuple[str, str]]:
    """(area id, area name) each task (a mapping with document_id and section_id) is grouped under: the plan's own
    part (the structural area of its section or an ancestor), else (OTHER_AREA_ID, 其他). Themes are a column of
    the draft, no group. Two set-based queries over the tags' documents only: a unit page of thousands of tasks is
    as fast as one of ten."""
    if not tags:
        return []
    documents = sorted({t["document_id"] for t in tags})
    conn.execute("create temp table if not exists kb_page_documents (id text primary key)")
    conn.execute("delete from kb_page_documents")
    conn.executemany("insert or ignore into kb_page_documents values (?)", [(d,) for d in documents])
    parents = {row["id"]: row["parent_id"] for row in dict_rows(
        conn, "select id, parent_id from sections where document_id in (select id from kb_page_documents)")}
    structural = {row["section_id"]: (row["id"], row["name"]) for row in dict_rows(
        conn, "select areas.id, areas.name, areas.section_id from areas join sections on sections.id = "
              "areas.section_id where areas.kind = 'structural' and sections.document_id in "
              "(select id from kb_page_documents)")}
    result = []
    for tag in tags:
        area = next((structural[s] for s in ancestors(tag["section_id"], parents) if s in structural), None)
        result.append(area or (OTHER_AREA_ID, OTHER_AREA_NAME))
    return result


# --- an item's units ------------------------------------------------------------------------------------------

@dataclass
class ItemUnits:
    """The units of one task item as the KB has them."""
    leads: list[str]  # 牵头单位: every named or inherited lead (co-leads all listed), in text order
    cooperating: list[str]  # 配合单位: every named or inherited cooperating unit that is no lead, in text order
    # unit guessed → the words of the item it was read from: carried down from the parent document first (no words
    # of the item: the reason names the parent's task), then inferred from its competences
    guessed: dict[str, list[str]]


def _item_tags(conn: sqlite3.Connection, item_id: str) -> list[dict]:
    return dict_rows(conn, """
        select unit_id, role, basis, matched from clause_units
        where clause_id in (select id from clauses where item_id = ?)
        order by span_start is null, span_start, unit_id""", (item_id,))


def item_units(conn: sqlite3.Connection, item_id: str) -> ItemUnits:
    """The lead, cooperating and guessed units of the task item whose first clause is ``item_id`` (tags on any of
    its clauses). A guess is never a lead: a unit named or inherited as lead or cooperating is no guess. The
    guesses come strongest first (``tag_strength``: the parent's division of labour before competence words)."""
    tags = _item_tags(conn, item_id)
    leads = list(dict.fromkeys(t["unit_id"] for t in tags if is_responsible(t) and t["role"] == "lead"))
    cooperating = list(dict.fromkeys(t["unit_id"] for t in tags if is_responsible(t) and t["role"] == "cooperate"))
    guessed: dict[str, list[str]] = {}
    for t in sorted(tags, key=tag_strength):
        if t["basis"] in GUESS_BASES and t["unit_id"] not in leads and t["unit_id"] not in cooperating:
            words = guessed.setdefault(t["unit_id"], [])
            if t["matched"] and t["matched"] not in words:
                words.append(t["matched"])
    return ItemUnits(leads, [name for name in cooperating if name not in leads], guessed)


def responsible_tags(conn: sqlite3.Connection, item_id: str) -> list[tuple[str, str | None, str]]:
    """The responsible tags (``is_responsible``) on the clauses of the task item ``item_id``, each once:
    (unit_id, the words it matched, role)."""
    return list(dict.fromkeys((t["unit_id"], t["matched"], t["role"]) for t in _item_tags(conn, item_id)
                              if is_responsible(t)))


def preamble_sections(conn: sqlite3.Connection, document_id: str, preamble: re.Pattern) -> set[str]:
    """The sections of a plan's preamble parts and every section under them: its top-level sections whose heading
    ``preamble`` fullmatches (rules/drafts.yml ``preamble_headings``: 总体要求, 指导思想 …). Their items say why and
    to what end, and are no task of anyone's: not a draft's rows, not a task kb.align lines up."""
    parents = {row["id"]: row["parent_id"] for row in dict_rows(
        conn, "select id, parent_id from sections where document_id = ?", (document_id,))}
    tops = {row["id"] for row in dict_rows(
        conn, "select id, heading from sections where document_id = ? and parent_id is null", (document_id,))
        if preamble.fullmatch(row["heading"] or "")}
    return {section for section in parents if tops & set(ancestors(section, parents))}
