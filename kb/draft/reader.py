"""A unit's draft read from the KB: ``draft_for_unit`` takes the unit's tasks in a plan (kb.tasks), one task per
task item with its units, targets and deadline, grouped by the plan's own parts, and the plan's 编制依据."""
from __future__ import annotations

import difflib
import re
import sqlite3
from pathlib import Path

from ..dates import deadline_year
from ..rows import dict_rows
from ..store.schema import units_answering_for
from ..target_text import label_of_row
from ..tasks import (preamble_sections, OTHER_AREA_ID, OTHER_AREA_NAME, areas_of_tasks, item_units, resolve_unit,
                     role_shown, strongest_item_tags)
from ..vocabulary import PENDING, ROLE_LABELS
from .indicators import PlanTarget, plan_targets, task_targets
from .model import AreaGroup, Draft, Mention, Task
from .rules import DraftRules, draft_rules_of

# The roles of an item that names a unit without asking it to do anything: a mention, not a task.
MENTION_ROLES = ("mentioned", "addressee")



def draft_for_unit(conn: sqlite3.Connection, unit: str, areas: list[str] | None = None,
                   document_id: str | None = None, rules: DraftRules | None = None) -> Draft:
    """The draft 实施方案 of ``unit`` (its id, or a name a text prints for it): one task per task item of the plan
    that asks something of it or of the units it took over, grouped by the plan's parts in the plan's order, named
    tasks before guessed ones within a part; the items that only name it (提及, 主送) apart, as mentions with their
    reason. Items of the plan's preamble parts (rules.preamble: 总体要求, 指导思想 …) say why and to what end, and
    are neither. ``areas``: keep only these parts (ids or names); ``document_id``: the plan to draft from, else the
    document whose draft has most tasks (``draft_documents``), else the plan with text that names the unit most; ``rules``: the drafts' rules, those the KB was built with (its
    rules/drafts.yml, kb.draft.rules) when None.

    Raises LookupError (naming close matches) for a unit, area or document the KB does not hold.
    """
    rules = rules or draft_rules_of(conn)
    unit = resolve_unit(conn, unit)
    if areas:
        _check_areas(conn, areas)
    answering = units_answering_for(conn, unit)  # its own tasks and those of the units it took over
    plan = _choose_document(conn, unit, answering, document_id, rules)
    tags = _draft_tags(conn, answering, plan["id"], rules)
    found = areas_of_tasks(conn, [dict(tag, document_id=plan["id"]) for tag in tags])
    targets = plan_targets(conn, plan["id"])
    groups: dict[tuple[str, str], list[tuple[dict, Task]]] = {}
    mentions = []
    for tag, area in zip(tags, found):
        if areas and area[0] not in areas and area[1] not in areas:
            continue
        task = _task(conn, tag, rules, targets)
        if tag["unit_id"] != unit:
            task.reason = f"原{tag['unit_id']}的任务,现由{unit}承接;{task.reason}"
        if task.role in MENTION_ROLES:
            mentions.append(_mention(conn, tag, task, area[1], unit))
            continue
        # The drafting unit's own guess first: why this item is on its desk at all.
        task.candidate_units.sort(key=lambda name: not (name == unit or name.startswith(f"{unit}（")))
        groups.setdefault(area, []).append((tag, task))
    kept = [AreaGroup(area_id, area_name, _explicit_first(tagged))
            for (area_id, area_name), tagged in sorted(groups.items(), key=lambda item: item[1][0][0]["ordinal"])]
    for number, task in enumerate((task for group in kept for task in group.tasks), start=1):
        task.number = number
    for number, mention in enumerate(mentions, start=1):
        mention.number = number
    return Draft(unit=unit, title=f"{unit}贯彻落实《{plan['title']}》实施方案（草稿）", document_id=plan["id"],
                 document_title=plan["title"], basis=_basis_lines(conn, plan, rules), groups=kept,
                 generated_from=f"由知识库 {_kb_name(conn)} 自动生成（条文 {plan['id']}.*），分工与指标须逐条核对",
                 mentions=mentions)


def draft_documents(conn: sqlite3.Connection, unit: str, rules: DraftRules | None = None) -> list[dict]:
    """The documents with text a draft of ``unit`` (its id) is made from, one draft each: those where its draft
    (``draft_for_unit``) has tasks, most first, then by id; each a dict of ``id``, ``title`` and ``tasks`` (its
    draft's rows there). [] for a unit with none. ``rules``: as for ``draft_for_unit``."""
    rules = rules or draft_rules_of(conn)
    answering = units_answering_for(conn, unit)
    documents = dict_rows(conn, f"""select distinct d.id, d.title from task_tags join documents d on d.id =
        task_tags.document_id where task_tags.unit_id in ({", ".join("?" * len(answering))}) and d.text_available = 1""",
                          answering)
    found = []
    for document in documents:
        tags = _draft_tags(conn, answering, document["id"], rules)
        tasks = sum(1 for tag in tags if role_shown(tag["role"], tag["basis"]) not in MENTION_ROLES)
        if tasks:
            found.append(dict(document, tasks=tasks))
    return sorted(found, key=lambda d: (-d["tasks"], d["id"]))


def _draft_tags(conn: sqlite3.Connection, answering: list[str], document_id: str, rules: DraftRules) -> list[dict]:
    """The strongest tag of the units ``answering`` in each task item of the document (kb.tasks), outside its
    preamble parts (rules.preamble): the rows of its draft, tasks and mentions."""
    preamble = preamble_sections(conn, document_id, rules.preamble)
    return [tag for tag in strongest_item_tags(conn, answering, document_id) if tag["section_id"] not in preamble]


def deadline_for(target_years: list[int], clause_text: str, cited_title: re.Pattern) -> str:
    """完成时限: the latest target year, else the last year (kb.dates' range) the clause text names outside a cited
    《title》, as 2020年底前; else ""."""
    years = [year for year in target_years if year]
    if not years:
        years = [year for year in [deadline_year(clause_text, cited_title)] if year]
    return f"{max(years)}年底前" if years else ""


def _check_areas(conn: sqlite3.Connection, areas: list[str]) -> None:
    known = {OTHER_AREA_ID, OTHER_AREA_NAME}
    for row in dict_rows(conn, "select id, name from areas"):
        known.update((row["id"], row["name"]))
    for area in areas:
        if area not in known:
            close = difflib.get_close_matches(area, sorted(known), n=5, cutoff=0.5)
            raise LookupError(f"no area {area!r} in the KB"
                              + (f"; did you mean {'、'.join(close)}?" if close else "; `select id, name from areas`"))


def _choose_document(conn: sqlite3.Connection, unit: str, units: list[str], document_id: str | None,
                     rules: DraftRules) -> dict:
    if document_id is not None:
        found = dict_rows(conn, "select id, title, parent_id from documents where id = ?", (document_id,))
        if not found:
            known = [row["id"] for row in dict_rows(conn, "select id from documents")]
            close = difflib.get_close_matches(document_id, known, n=5, cutoff=0.5)
            raise LookupError(f"no document {document_id!r} in the KB"
                              + (f"; did you mean {', '.join(close)}?" if close else ""))
        return found[0]
    # The document whose draft has most tasks (the first the unit's page offers), else the plan with text that
    # names the unit most: the KB may hold several provinces' plans.
    offered = draft_documents(conn, unit, rules)
    if offered:
        return dict_rows(conn, "select id, title, parent_id from documents where id = ?", (offered[0]["id"],))[0]
    plans = dict_rows(conn, f"""
        select d.id, d.title, d.parent_id, count(distinct cu.clause_id) as tagged
        from documents d
        left join clauses c on c.document_id = d.id
        left join clause_units cu on cu.clause_id = c.id and cu.unit_id in ({", ".join("?" * len(units))})
        where d.kind = 'plan' and d.text_available = 1
        group by d.id order by tagged desc, d.id""", units)
    if not plans:
        raise LookupError("the KB holds no plan with text; name the document to draft from")
    return plans[0]


def _explicit_first(tagged: list[tuple[dict, Task]]) -> list[Task]:
    # The tag rows arrive in document order and sort is stable: document order holds within each basis.
    return [task for _, task in sorted(tagged, key=lambda pair: pair[1].pending)]


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))


def _kb_name(conn: sqlite3.Connection) -> str:
    files = [row[2] for row in conn.execute("pragma database_list") if row[1] == "main"]
    return Path(files[0]).name if files and files[0] else "（内存中的知识库）"


# --- one task ---------------------------------------------------------------------------------------------------

def _task(conn: sqlite3.Connection, tag: dict, rules: DraftRules, plan_targets: list[PlanTarget]) -> Task:
    """The whole item as one task: its title where it has one, its text, its units and targets."""
    clauses = dict_rows(conn, "select id, kind, text, section_id from clauses where item_id = ? order by ordinal",
                        (tag["item_id"],))
    title, text = _title_and_text(conn, clauses)
    clause_ids = [c["id"] for c in clauses]
    units = item_units(conn, tag["item_id"])
    # Each guessed unit with the words it was guessed from (自治区版权局（“著作权”）), for staff to confirm.
    candidates = [f"{name}（{'、'.join(f'“{w}”' for w in words)}）" if words else name
                  for name, words in units.guessed.items()]
    targets = task_targets(clause_ids, f"{title}{text}", plan_targets)
    return Task(number=0, clause_id=tag["item_id"], clause_text=text, measures="",
                lead_units=units.leads, cooperating_units=units.cooperating, candidate_units=candidates,
                deadline=deadline_for([t["year"] for t in targets], text, rules.cited_title),
                indicators=_unique(label_of_row(t) for t in targets), role=role_shown(tag["role"], tag["basis"]),
                basis=tag["basis"], reason=tag["reason"] or "", title=title, themes=_themes(conn, clause_ids))


def _mention(conn: sqlite3.Connection, tag: dict, task: Task, area_name: str, unit: str) -> Mention:
    """An item that only names the unit, with why it is listed: the words the clause names it by, and the guess
    from its competences where there is one."""
    named = [row["matched"] for row in dict_rows(
        conn, "select matched from clause_units where clause_id = ? and unit_id = ? and role = ? and matched is not null",
        (tag["clause_id"], tag["unit_id"], tag["role"]))]
    words = "、".join(f"“{word}”" for word in _unique(named)) or f"“{tag['unit_id']}”"
    reason = f"仅{ROLE_LABELS[tag['role']]}：条文 {tag['clause_id']} 点名{words}，未要求其牵头或配合"
    guess = next((name for name in task.candidate_units if name == unit or name.startswith(f"{unit}（")), None)
    if guess:
        reason += f"；另按职责推断可能相关{guess[len(unit):]}，{PENDING}"
    if tag["unit_id"] != unit:
        reason = f"原{tag['unit_id']}，现由{unit}承接；{reason}"
    return Mention(number=0, clause_id=task.clause_id, text=task.heading_and_text, area_name=area_name, reason=reason)


def _title_and_text(conn: sqlite3.Connection, clauses: list[dict]) -> tuple[str, str]:
    """An item's run-in title (its heading clause) and the text of its other clauses, without the printed number
    of its section."""
    title = next((c["text"].strip().rstrip("。.") for c in clauses if c["kind"] == "heading"), "")
    body = [c for c in clauses if c["kind"] != "heading"] or clauses
    text = "".join(c["text"] for c in body)
    number = dict_rows(conn, "select number from sections where id = ?", (clauses[0]["section_id"],))
    printed = number[0]["number"] if number and number[0]["number"] else ""
    if printed and text.startswith(printed):
        text = text[len(printed):].lstrip()
    if printed and title.startswith(printed):
        title = title[len(printed):].lstrip()
    return title, text


def _themes(conn: sqlite3.Connection, clause_ids: list[str]) -> list[str]:
    """The thematic areas of an item's clauses, in the order the item first names them."""
    return [row["name"] for row in dict_rows(conn, f"""select areas.name, min(clauses.ordinal) as first
        from clause_areas join areas on areas.id = clause_areas.area_id join clauses on clauses.id = clause_areas.clause_id
        where clause_areas.clause_id in ({",".join("?" * len(clause_ids))}) and areas.kind = 'thematic'
          and areas.parent_id is not null
        group by areas.name order by first, areas.rowid""", clause_ids)]


# --- 编制依据 -----------------------------------------------------------------------------------------------------

def _citation_line(title: str | None, number: str | None) -> str:
    line = f"《{title}》" if title else ""
    return line + (f"（{number}）" if number else "") if line else (number or "")


def _basis_lines(conn: sqlite3.Connection, plan: dict, rules: DraftRules) -> list[str]:
    """编制依据: the plan, the notice that issues it, and what the plan cites as its authority in its front matter
    and preamble parts (rules.preamble), leaving out kinds of document that are no authority."""
    lines = [_citation_line(plan["title"], None)]
    if plan["parent_id"]:
        for notice in dict_rows(conn, "select title, doc_number from documents where id = ?", (plan["parent_id"],)):
            lines.append(_citation_line(notice["title"], notice["doc_number"]))
    preamble = preamble_sections(conn, plan["id"], rules.preamble)
    cited = dict_rows(conn, """
        select ci.cited_title, ci.cited_number, c.section_id, d.title, d.doc_number, d.kind
        from citations ci join clauses c on c.id = ci.clause_id
        left join documents d on d.id = ci.document_id
        where c.document_id = ? order by c.ordinal, ci.span_start""", (plan["id"],))
    for row in cited:
        if (row["section_id"] is None or row["section_id"] in preamble) and not rules.not_authority.fullmatch(row["kind"] or ""):
            line = _citation_line(row["title"] or row["cited_title"], row["doc_number"] or row["cited_number"])
            if line:
                lines.append(line)
    return _unique(lines)
