"""The drafting desk: a department's 实施方案 (task-division table) drafted from what the plan asks of it.

``draft_for_unit`` reads the KB (clause_units, areas, targets, citations) and returns plain data (``Draft``);
the writers turn a Draft into a Word document, a spreadsheet or Markdown. Every writer writes a temp file beside
the target and renames it over the target only when complete, so a failure never leaves half a file.
Staff fill in 具体措施 themselves: the draft proposes, it does not decide.
"""
from __future__ import annotations

import difflib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_atomically
from .dates import deadline_year
from .store import TASK_TAG_CONDITION, units_answering_for
from .target_text import target_label
from .vocabulary import BASIS_LABELS, PENDING, ROLE_LABELS

OTHER_AREA_ID = "other"
OTHER_AREA_NAME = "其他"
# A unit can be tagged several times in one clause; the strongest tag says what the clause asks of it.
ROLE_STRENGTH = {"lead": 0, "cooperate": 1, "mentioned": 2, "addressee": 3}
# 角色 as the spreadsheet shows it: an inferred task is a guess staff confirm.
TASK_ROLE_LABELS = {**ROLE_LABELS, "inferred": f"{PENDING}({BASIS_LABELS['inferred']})"}
# Top-level sections whose citations are the plan's own authority (编制依据), as is the front matter.
PREAMBLE_HEADINGS = ("总体要求", "指导思想", "总体思路", "总则")
# Documents cited for a term or a source of figures (《专利合作条约》 in a PCT target, a yearbook), not as the
# authority the plan is drafted under.
NOT_AUTHORITY_KINDS = ("treaty", "standard", "yearbook")
# Titles in 《》: a cited "(2014-2020年)" is no deadline (kb.dates.deadline_year).
_CITED_TITLE = re.compile(r"《[^》]*》")


@dataclass
class Task:
    number: int  # 序号, numbered through the whole draft
    clause_id: str
    clause_text: str  # 重点任务
    measures: str  # 具体措施: always "", staff fill it
    lead_units: list[str]  # 牵头单位: named (or inherited) leads only
    cooperating_units: list[str]  # 配合单位
    candidate_units: list[str]  # 可能相关单位（待确认）: guesses, each with the word of the clause it is read from
    deadline: str  # 完成时限, e.g. "2020年底前", or "" when unknown
    indicators: list[str]  # 相关指标
    role: str  # lead / cooperate / addressee / mentioned / inferred (a candidate: a guess)
    basis: str  # explicit / inherited / inferred
    reason: str  # why the unit is tagged (clause_units.reason)
    title: str = ""  # the item's own title (a run-in title such as 培育知识产权密集型产业), "" when it has none
    themes: list[str] = field(default_factory=list)  # the item's thematic areas (专利, 保护 …): a column, not a group

    @property
    def pending(self) -> bool:
        """An inferred task: a guess from the unit's competences that staff must confirm (待确认)."""
        return self.basis == "inferred"

    @property
    def heading_and_text(self) -> str:
        return f"{self.title}。{self.clause_text}" if self.title and not self.clause_text.startswith(self.title) \
            else self.clause_text


@dataclass
class AreaGroup:
    area_id: str
    area_name: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Draft:
    unit: str
    title: str
    document_id: str
    document_title: str
    basis: list[str]  # 编制依据, one document a line
    groups: list[AreaGroup]
    generated_from: str

    @property
    def tasks(self) -> list[Task]:
        return [task for group in self.groups for task in group.tasks]


# --- reading the KB -------------------------------------------------------------------------------------------

def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[sqlite3.Row]:
    # A cursor of our own, so the caller's connection keeps whatever row_factory it has.
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


def units_printed_as(conn: sqlite3.Connection, name: str) -> list[str]:
    """The units a text's name stands for (their aliases hold it): 市科委 → [棠溪市科委]; [] for a name over 30
    characters, which no unit has."""
    if len(name) > 30:
        return []
    return [row["id"] for row in _rows(conn, "select units.id from units, json_each(units.aliases) "
                                             "where json_valid(units.aliases) and json_each.value = ? "
                                             "order by units.id", (name,))]


def resolve_unit(conn: sqlite3.Connection, unit: str) -> str:
    """The unit ``unit`` names: its id, or the one unit whose aliases hold it (市科委 as a text printed it, when the
    KB holds one such unit: 棠溪市科委). Raises LookupError naming the units when the name is another's too (市科委
    of two cities) or close matches when it names none."""
    if _rows(conn, "select 1 from units where id = ?", (unit,)):
        return unit
    named = units_printed_as(conn, unit)
    if len(named) == 1:
        return named[0]
    if named:
        raise LookupError(f"{unit!r} names {len(named)} units, one in each jurisdiction: {'、'.join(named)}; "
                          f"give one of them")
    known = [row["id"] for row in _rows(conn, "select id from units order by id")]
    close = difflib.get_close_matches(unit, known, n=5, cutoff=0.5)
    hint = f"; did you mean {'、'.join(close)}?" if close else "; `select id from units` lists them"
    raise LookupError(f"no unit {unit!r} in the KB{hint}")


def _choose_document(conn: sqlite3.Connection, units: list[str], document_id: str | None) -> sqlite3.Row:
    if document_id is not None:
        found = _rows(conn, "select id, title, parent_id from documents where id = ?", (document_id,))
        if not found:
            known = [row["id"] for row in _rows(conn, "select id from documents")]
            close = difflib.get_close_matches(document_id, known, n=5, cutoff=0.5)
            raise LookupError(f"no document {document_id!r} in the KB"
                              + (f"; did you mean {', '.join(close)}?" if close else ""))
        return found[0]
    # The plan with text that asks most of this unit: the KB may one day hold several provinces' plans.
    plans = _rows(conn, f"""
        select d.id, d.title, d.parent_id, count(distinct cu.clause_id) as tagged
        from documents d
        left join clauses c on c.document_id = d.id
        left join clause_units cu on cu.clause_id = c.id and cu.unit_id in ({", ".join("?" * len(units))})
        where d.kind = 'plan' and d.text_available = 1
        group by d.id order by tagged desc, d.id""", units)
    if not plans:
        raise LookupError("the KB holds no plan with text; name the document to draft from")
    return plans[0]


def _unit_items(conn: sqlite3.Connection, units: list[str], document_id: str) -> list[sqlite3.Row]:
    """The strongest tag of the units (a unit and those it took over) in each task item of the document that names
    them, inherits them or infers them, in document order (one row per item: ``item_id`` is the item's first
    clause)."""
    rows = _rows(conn, f"""
        select clauses.item_id, clauses.id as clause_id, clauses.section_id, clauses.ordinal, clause_units.role,
               clause_units.basis, clause_units.reason, clause_units.span_start, clause_units.unit_id
        from clause_units join clauses on clauses.id = clause_units.clause_id
        where clause_units.unit_id in ({", ".join("?" * len(units))}) and clauses.document_id = ?
          and {TASK_TAG_CONDITION}
        order by clauses.ordinal""", (*units, document_id))
    strongest: dict[str, sqlite3.Row] = {}
    for row in rows:
        kept = strongest.get(row["item_id"])
        if kept is None or _tag_strength(row) < _tag_strength(kept):
            strongest[row["item_id"]] = row
    return sorted(strongest.values(), key=lambda r: r["ordinal"])


BASIS_STRENGTH = {"explicit": 0, "inherited": 1, "inferred": 2}


def _tag_strength(row: sqlite3.Row) -> tuple[int, int]:
    return (BASIS_STRENGTH.get(row["basis"], 3), ROLE_STRENGTH.get(row["role"], len(ROLE_STRENGTH)))


def _role_in_item(tag: sqlite3.Row) -> str:
    # An inferred tag is a guess from the unit's competences, whatever role it was filed under.
    return "inferred" if tag["basis"] == "inferred" else tag["role"]


def _item_clauses(conn: sqlite3.Connection, item_id: str) -> list[sqlite3.Row]:
    return _rows(conn, "select id, kind, text, section_id from clauses where item_id = ? order by ordinal",
                 (item_id,))


def _responsible_units(conn: sqlite3.Connection, clause_ids: list[str]) -> tuple[list[str], list[str], list[str]]:
    """牵头单位, 配合单位 and 可能相关单位 of an item as the KB has them: every lead (co-leads all listed) and every
    cooperating unit, named or inherited; and apart, every guessed unit with the word it was guessed from
    (自治区版权局（“著作权”）), for staff to confirm. A guess is never a lead."""
    tags = _rows(conn, f"""
        select unit_id, role, basis, matched from clause_units
        where clause_id in ({', '.join('?' * len(clause_ids))})
        order by span_start is null, span_start, unit_id""", clause_ids)
    leads = _unique(t["unit_id"] for t in tags if t["role"] == "lead" and t["basis"] != "inferred")
    cooperating = _unique(t["unit_id"] for t in tags if t["role"] == "cooperate" and t["basis"] != "inferred")
    words: dict[str, list[str]] = {}
    for t in tags:
        if t["basis"] == "inferred" and t["unit_id"] not in leads and t["unit_id"] not in cooperating:
            words.setdefault(t["unit_id"], [])
            if t["matched"] and t["matched"] not in words[t["unit_id"]]:
                words[t["unit_id"]].append(t["matched"])
    candidates = [f"{unit}（{'、'.join(f'“{w}”' for w in found)}）" if found else unit for unit, found in words.items()]
    return leads, [name for name in cooperating if name not in leads], candidates


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))


def _section_parents(conn: sqlite3.Connection, document_id: str) -> dict[str, str | None]:
    return {row["id"]: row["parent_id"]
            for row in _rows(conn, "select id, parent_id from sections where document_id = ?", (document_id,))}


def _section_chain(section_id: str | None, parents: dict[str, str | None]):
    """The section and its ancestors, nearest first."""
    seen = set()
    while section_id is not None and section_id not in seen:  # a cycle in bad data must not hang the draft
        seen.add(section_id)
        yield section_id
        section_id = parents.get(section_id)


def areas_of_unit_tags(conn: sqlite3.Connection, tags: list[dict]) -> list[tuple[str, str]]:
    """``area_of_unit_tag`` for many tags (dicts with clause_id, section_id, document_id, span_start) in two
    set-based queries: the structural areas and section parents of their documents only. A unit page of thousands
    of tasks is then as fast as one of ten."""
    if not tags:
        return []
    documents = sorted({t["document_id"] for t in tags})
    conn.execute("create temp table if not exists kb_page_documents (id text primary key)")
    conn.execute("delete from kb_page_documents")
    conn.executemany("insert or ignore into kb_page_documents values (?)", [(d,) for d in documents])
    parents = {row["id"]: row["parent_id"] for row in _rows(
        conn, "select id, parent_id from sections where document_id in (select id from kb_page_documents)")}
    structural = {row["section_id"]: (row["id"], row["name"]) for row in _rows(
        conn, "select areas.id, areas.name, areas.section_id from areas join sections on sections.id = "
              "areas.section_id where areas.kind = 'structural' and sections.document_id in "
              "(select id from kb_page_documents)")}
    result = []
    for tag in tags:
        # The plan's own part the task stands in; a task outside every part (the preamble) goes under 其他.
        # Themes are no groups: the draft shows them in a column of their own.
        area = next((structural[s] for s in _section_chain(tag["section_id"], parents) if s in structural), None)
        result.append(area or (OTHER_AREA_ID, OTHER_AREA_NAME))
    return result


def area_of_unit_tag(conn: sqlite3.Connection, clause_id: str, unit_span: int | None) -> tuple[str, str]:
    """(area id, area name) a unit's task in a clause is grouped under: the plan's own part (the structural area of
    the clause's section or an ancestor), else 其他. Themes are a column of the draft, not groups. The unit page
    groups by the same rule as the draft it offers."""
    clause = _rows(conn, "select document_id, section_id from clauses where id = ?", (clause_id,))
    if not clause:
        return OTHER_AREA_ID, OTHER_AREA_NAME
    return areas_of_unit_tags(conn, [{"document_id": clause[0]["document_id"], "section_id": clause[0]["section_id"],
                                      "clause_id": clause_id, "span_start": unit_span}])[0]


def format_target(row) -> str:
    """The target's label with the document's own name for its indicator (the first of metrics.names)."""
    names = json.loads(row["names"]) if row["names"] else []
    return target_label(names[0] if names else (row["metric"] or row["wording"]), row["comparator"], row["value"], row["unit"],
                        row["year"], row["period"], row["baseline"],
                        row["value_max"])


def _targets_of(conn: sqlite3.Connection, clause_id: str) -> list[sqlite3.Row]:
    """Targets the clause sets, then targets it delivers (target_links)."""
    return _rows(conn, """
        select t.*, m.names from targets t left join metrics m on m.id = t.metric
        where t.clause_id = :clause
           or t.id in (select target_id from target_links where clause_id = :clause)
        order by t.clause_id = :clause desc, t.id""", {"clause": clause_id})


def deadline_for(target_years: list[int], clause_text: str) -> str:
    """完成时限: the latest target year, else the last year the clause text names, else ""."""
    years = [year for year in target_years if year]
    if not years:
        years = [year for year in [deadline_year(clause_text, _CITED_TITLE)] if year]
    return f"{max(years)}年底前" if years else ""


def _citation_line(title: str | None, number: str | None) -> str:
    line = f"《{title}》" if title else ""
    return line + (f"（{number}）" if number else "") if line else (number or "")


def _preamble_sections(conn: sqlite3.Connection, document_id: str, parents) -> set[str]:
    tops = {row["id"] for row in _rows(conn, f"""
        select id from sections where document_id = ? and parent_id is null
          and heading in ({', '.join('?' * len(PREAMBLE_HEADINGS))})""", (document_id, *PREAMBLE_HEADINGS))}
    return {section for section in parents if tops & set(_section_chain(section, parents))}


def _basis_lines(conn: sqlite3.Connection, plan: sqlite3.Row, parents) -> list[str]:
    """编制依据: the plan, the notice that issues it, and what the plan cites as its authority."""
    lines = [_citation_line(plan["title"], None)]
    if plan["parent_id"]:
        for notice in _rows(conn, "select title, doc_number from documents where id = ?", (plan["parent_id"],)):
            lines.append(_citation_line(notice["title"], notice["doc_number"]))
    preamble = _preamble_sections(conn, plan["id"], parents)
    cited = _rows(conn, """
        select ci.cited_title, ci.cited_number, c.section_id, d.title, d.doc_number, d.kind
        from citations ci join clauses c on c.id = ci.clause_id
        left join documents d on d.id = ci.document_id
        where c.document_id = ? order by c.ordinal, ci.span_start""", (plan["id"],))
    for row in cited:
        if (row["section_id"] is None or row["section_id"] in preamble) and row["kind"] not in NOT_AUTHORITY_KINDS:
            line = _citation_line(row["title"] or row["cited_title"], row["doc_number"] or row["cited_number"])
            if line:
                lines.append(line)
    return _unique(lines)


def _kb_name(conn: sqlite3.Connection) -> str:
    files = [row[2] for row in conn.execute("pragma database_list") if row[1] == "main"]
    return Path(files[0]).name if files and files[0] else "（内存中的知识库）"


def _check_areas(conn: sqlite3.Connection, areas: list[str]) -> None:
    known = {OTHER_AREA_ID, OTHER_AREA_NAME}
    for row in _rows(conn, "select id, name from areas"):
        known.update((row["id"], row["name"]))
    for area in areas:
        if area not in known:
            close = difflib.get_close_matches(area, sorted(known), n=5, cutoff=0.5)
            raise LookupError(f"no area {area!r} in the KB"
                              + (f"; did you mean {'、'.join(close)}?" if close else "; `select id, name from areas`"))


def draft_for_unit(conn: sqlite3.Connection, unit: str, areas: list[str] | None = None,
                   document_id: str | None = None) -> Draft:
    """The draft 实施方案 of ``unit``: every clause of the plan tagged with it, grouped by action area.

    Raises LookupError (naming close matches) for a unit, area or document the KB does not hold.
    """
    unit = resolve_unit(conn, unit)
    if areas:
        _check_areas(conn, areas)
    answering = units_answering_for(conn, unit)  # its own tasks and those of the units it took over
    plan = _choose_document(conn, answering, document_id)
    groups: dict[tuple[str, str], list[tuple[sqlite3.Row, Task]]] = {}
    tags = _unit_items(conn, answering, plan["id"])
    found = areas_of_unit_tags(conn, [dict(tag, document_id=plan["id"]) for tag in tags])
    for tag, area in zip(tags, found):
        task = _task(conn, tag)
        if tag["unit_id"] != unit:
            task.reason = f"原{tag['unit_id']}的任务,现由{unit}承接;{task.reason}"
        # The drafting unit's own guess first: why this item is on its desk at all.
        task.candidate_units.sort(key=lambda name: not (name == unit or name.startswith(f"{unit}（")))
        groups.setdefault(area, []).append((tag, task))
    kept = [AreaGroup(area_id, area_name, _explicit_first(tagged))
            for (area_id, area_name), tagged in sorted(groups.items(), key=lambda item: item[1][0][0]["ordinal"])
            if not areas or area_id in areas or area_name in areas]
    for number, task in enumerate((task for group in kept for task in group.tasks), start=1):
        task.number = number
    return Draft(unit=unit, title=f"{unit}贯彻落实《{plan['title']}》实施方案（草稿）", document_id=plan["id"],
                 document_title=plan["title"],
                 basis=_basis_lines(conn, plan, _section_parents(conn, plan["id"])), groups=kept,
                 generated_from=f"由知识库 {_kb_name(conn)} 自动生成（条文 {plan['id']}.*），分工与指标须逐条核对")


def _task(conn: sqlite3.Connection, tag: sqlite3.Row) -> Task:
    """The whole item as one task: its title where it has one, its text, its units and targets."""
    role = _role_in_item(tag)
    clauses = _item_clauses(conn, tag["item_id"])
    title = next((c["text"].strip().rstrip("。.") for c in clauses if c["kind"] == "heading"), "")
    body = [c for c in clauses if c["kind"] != "heading"] or clauses
    text = "".join(c["text"] for c in body)
    number = _rows(conn, "select number from sections where id = ?", (clauses[0]["section_id"],))
    printed = number[0]["number"] if number and number[0]["number"] else ""
    if printed and text.startswith(printed):
        text = text[len(printed):].lstrip()
    if printed and title.startswith(printed):
        title = title[len(printed):].lstrip()
    clause_ids = [c["id"] for c in clauses]
    marks = ",".join("?" * len(clause_ids))
    themes = [row["name"] for row in _rows(conn, f"""select areas.name, min(clauses.ordinal) as first
        from clause_areas join areas on areas.id = clause_areas.area_id join clauses on clauses.id = clause_areas.clause_id
        where clause_areas.clause_id in ({marks}) and areas.kind = 'thematic' and areas.parent_id is not null
        group by areas.name order by first, areas.rowid""", clause_ids)]
    leads, cooperating, candidates = _responsible_units(conn, clause_ids)
    targets = [t for clause_id in clause_ids for t in _targets_of(conn, clause_id)]
    return Task(number=0, clause_id=tag["item_id"], clause_text=text, measures="",
                lead_units=leads, cooperating_units=cooperating, candidate_units=candidates,
                deadline=deadline_for([t["year"] for t in targets], text),
                indicators=_unique(format_target(t) for t in targets), role=role, basis=tag["basis"],
                reason=tag["reason"] or "", title=title, themes=themes)


def _explicit_first(tagged: list[tuple[sqlite3.Row, Task]]) -> list[Task]:
    # The tag rows arrive in document order and sort is stable: document order holds within each basis.
    return [task for _, task in sorted(tagged, key=lambda pair: pair[1].pending)]


# --- writing ----------------------------------------------------------------------------------------------------

DRAFT_FORMATS = ("docx", "xlsx", "md")
CANDIDATES_HEADER = f"可能相关单位（{PENDING}）"
TABLE_HEADERS = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "完成时限", "相关指标"]
SHEET_HEADERS = ["领域", "序号", "重点任务", "条文编号", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "完成时限",
                 "相关指标", "角色", "主题"]
UNIT_SEPARATOR = "、"


def chinese_ordinal(number: int) -> str:
    """一 … 九十九, for the （一） of area headings."""
    digits = "零一二三四五六七八九"
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def _task_cell_note(task: Task) -> str:
    pending = f"；{PENDING}：条文未点名单位，按职责推断为可能相关" if task.pending else ""
    themes = f"（主题：{'、'.join(task.themes)}）" if task.themes else ""
    return f"（条文 {task.clause_id}{pending}）{themes}"


# Word (GB/T 9704: 公文格式)
TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"
TITLE_PT, TEXT_PT, TABLE_PT, NOTE_PT = 22, 16, 10.5, 9
PAGE_CM = (21.0, 29.7)
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
# 序号 重点任务 具体措施 牵头单位 配合单位 可能相关单位 完成时限 相关指标: in proportion (the table stands on A4
# landscape, see LANDSCAPE_COLUMN_CM).
TABLE_COLUMN_CM = (1.0, 5.0, 2.4, 1.8, 1.8, 1.8, 1.3, 1.8)
LINE_PT = 28.95  # 22 lines to the page


def set_font(run, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Set a run's font by name for Latin and East Asian text alike: python-docx's font.name sets only the
    Latin names, and Word shows Chinese in the w:eastAsia font."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.font.bold = bold


def _set_default_font(document) -> None:
    # The template's defaults name theme fonts, which Word prefers to any named font on the same level.
    from docx.oxml.ns import qn
    from docx.shared import Pt

    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}") if defaults is not None else None
    if fonts is not None:
        for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for slot in ("w:ascii", "w:eastAsia", "w:hAnsi"):
            fonts.set(qn(slot), BODY_FONT)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(TEXT_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(LINE_PT)


def _set_page(document) -> None:
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))


# Characters XML 1.0 (so Word and Excel files) cannot hold: C0 controls other than tab, newline and return. A text
# may carry a few (kb.corpus lets a stray one through); a writer drops them rather than fail on them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an Office file cannot hold."""
    return _NOT_XML.sub("", text)


def _paragraph(document, text: str, font: str, size_pt: float, outline_level: int | None = None,
               centred: bool = False, indent: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * size_pt)  # 首行缩进两字
    if outline_level is not None:  # shows in Word's navigation pane without the theme-coloured Heading styles
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline_level))
        paragraph._p.get_or_add_pPr().append(level)
    set_font(paragraph.add_run(xml_text(text)), font, size_pt)
    return paragraph


def _cell_text(cell, lines: list[str], size_pt: float = TABLE_PT, bold: bool = False) -> None:
    from docx.shared import Pt

    for index, line in enumerate(lines or [""]):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        set_font(paragraph.add_run(xml_text(line)), BODY_FONT, size_pt, bold or None)


def _repeat_as_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


# The task table stands in a landscape section: A4 on its side, the same margins turned with it.
LANDSCAPE_TEXT_CM = PAGE_CM[1] - MARGINS_CM["left"] - MARGINS_CM["right"]
LANDSCAPE_COLUMN_CM = tuple(round(w * LANDSCAPE_TEXT_CM / sum(TABLE_COLUMN_CM), 2) for w in TABLE_COLUMN_CM)
# 公文 punctuation is full-width: a half-width mark between Chinese words becomes its full-width form; one
# between two digits (1,000 · 3.5 · 08:30) stays.
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_HALF_WIDTH_MARK = re.compile(r"[,;:!?()]")


def full_width_punctuation(text: str) -> str:
    """``text`` with the half-width marks of Chinese prose in their full-width forms (，；：！？（）); marks
    between two digits are left as they are."""
    def replace(match: re.Match) -> str:
        at, mark = match.start(), match.group()
        before, after = text[at - 1:at], text[at + 1:at + 2]
        if mark in ",:;" and before.isdigit() and after.isdigit():
            return mark
        return _FULL_WIDTH[mark]
    return _HALF_WIDTH_MARK.sub(replace, text) if re.search(r"[\u4e00-\u9fff]", text) else text


def _landscape_section(document):
    """A new section on a new page, A4 landscape, for the task tables."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_CM[1]), Cm(PAGE_CM[0])
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))
    return section


def _page_numbers(section) -> None:
    """The footer: 公文-style page numbers, — 1 —, a PAGE field, centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), BODY_FONT, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    set_font(paragraph.add_run(" —"), BODY_FONT, 14)


def _fixed_grid(table, widths_cm) -> None:
    """The table's own grid (w:tblGrid) and a fixed layout in the column widths: LibreOffice lays a table out by
    its grid, not by its cells' widths."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _task_table(document, group: AreaGroup):
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(TABLE_HEADERS), style="Table Grid")
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, TABLE_HEADERS):
        _cell_text(cell, [header], bold=True)
    _repeat_as_header(table.rows[0])
    for task in group.tasks:
        cells = table.add_row().cells
        _cell_text(cells[0], [str(task.number)])
        _cell_text(cells[1], [full_width_punctuation(task.heading_and_text)])
        note = cells[1].add_paragraph()
        note.paragraph_format.line_spacing = 1.0
        set_font(note.add_run(xml_text(full_width_punctuation(_task_cell_note(task)))), BODY_FONT, NOTE_PT)
        _cell_text(cells[2], [full_width_punctuation(task.measures)])
        _cell_text(cells[3], [UNIT_SEPARATOR.join(task.lead_units)])
        _cell_text(cells[4], [UNIT_SEPARATOR.join(task.cooperating_units)])
        _cell_text(cells[5], [UNIT_SEPARATOR.join(task.candidate_units)])
        _cell_text(cells[6], [task.deadline])
        _cell_text(cells[7], [full_width_punctuation(i) for i in task.indicators])
    _fixed_grid(table, LANDSCAPE_COLUMN_CM)
    return table


def write_docx(draft: Draft, path: Path | str) -> Path:
    """The draft as a Word document in 公文 layout: A4, GB/T 9704 margins and fonts, one table per area."""
    from docx import Document

    document = Document()
    _set_page(document)
    _set_default_font(document)
    document.core_properties.title = xml_text(draft.title)
    document.core_properties.author = xml_text(draft.unit)
    document.core_properties.comments = xml_text(draft.generated_from)
    _paragraph(document, full_width_punctuation(draft.title), TITLE_FONT, TITLE_PT, centred=True)
    _paragraph(document, "一、编制依据", HEADING_FONT, TEXT_PT, outline_level=0)
    for number, line in enumerate(draft.basis, start=1):
        _paragraph(document, f"{number}．{full_width_punctuation(line)}", BODY_FONT, TEXT_PT)
    _page_numbers(document.sections[0])
    _landscape_section(document)  # the 任务分工表 on A4 landscape: 重点任务 gets a readable width
    heading = _paragraph(document, "二、任务分工", HEADING_FONT, TEXT_PT, outline_level=0)
    heading.paragraph_format.keep_with_next = True
    if not draft.groups:
        _paragraph(document, "知识库中没有指派给本单位的条文。", BODY_FONT, TEXT_PT)
    for index, group in enumerate(draft.groups, start=1):
        heading = _paragraph(document, f"（{chinese_ordinal(index)}）{full_width_punctuation(group.area_name)}",
                             SUBHEADING_FONT, TEXT_PT, outline_level=1)
        heading.paragraph_format.keep_with_next = True  # a heading never stands alone at a page's foot
        _task_table(document, group)
    _paragraph(document, f"（{draft.generated_from}）", BODY_FONT, NOTE_PT)
    return write_atomically(path, lambda temp: document.save(str(temp)), keep_suffix=True)


# Excel
SHEET_TASKS, SHEET_BASIS = "任务分工表", "编制依据"
# The widest each column may grow, in Excel's width units (a Latin character; a Chinese one takes two).
SHEET_COLUMN_WIDTHS = {"领域": 18, "序号": 6, "重点任务": 60, "条文编号": 24, "具体措施": 30, "牵头单位": 24,
                       "配合单位": 28, CANDIDATES_HEADER: 30, "完成时限": 14, "相关指标": 36, "角色": 20, "主题": 20}
LINE_HEIGHT_PT = 15  # one wrapped line of 11 pt text


def display_width(text: str) -> int:
    """How many Latin character widths ``text`` takes in a cell: East Asian wide and full-width characters
    (Unicode East_Asian_Width W or F) count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
WRAPPED_COLUMNS = {"重点任务", "具体措施", "牵头单位", "配合单位", CANDIDATES_HEADER, "相关指标"}
TITLE_ROW, HEADER_ROW = 1, 2


def put_cell(sheet, row: int, column: int, value):
    """Write ``value`` into a cell. Text is stored as text, always: openpyxl would store a string that starts with
    ``=`` as a formula (``=HYPERLINK(…)`` in a clause would become a live link in Excel) and ``#N/A`` as an error
    value. Numbers stay numbers."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = xml_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _sheet_row(group: AreaGroup, task: Task) -> list:
    return [group.area_name, task.number, task.heading_and_text, task.clause_id, task.measures,
            UNIT_SEPARATOR.join(task.lead_units), UNIT_SEPARATOR.join(task.cooperating_units),
            UNIT_SEPARATOR.join(task.candidate_units), task.deadline, "\n".join(task.indicators),
            TASK_ROLE_LABELS.get(task.role, task.role), "、".join(task.themes)]


def write_xlsx(draft: Draft, path: Path | str) -> Path:
    """The draft as a spreadsheet: a 任务分工表 sheet to filter and fill in, and a 编制依据 sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TASKS
    last_column = get_column_letter(len(SHEET_HEADERS))
    put_cell(sheet, TITLE_ROW, 1, draft.title).font = Font(bold=True, size=14)
    sheet.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
    sheet.row_dimensions[TITLE_ROW].height = 36
    for column, header in enumerate(SHEET_HEADERS, start=1):
        cell = put_cell(sheet, HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    rows = [_sheet_row(group, task) for group in draft.groups for task in group.tasks]
    # Each column as wide as its widest line (Chinese counted double), up to its limit; wrapped text fits.
    widths = {}
    for column, header in enumerate(SHEET_HEADERS):
        longest = max([display_width(header)] + [display_width(line) for row in rows
                                                  for line in str(row[column] or "").split("\n")])
        widths[header] = min(SHEET_COLUMN_WIDTHS[header], longest + 2)
        sheet.column_dimensions[get_column_letter(column + 1)].width = widths[header]
    row_number = HEADER_ROW
    tasks = [task for group in draft.groups for task in group.tasks]
    for task, values in zip(tasks, rows):
        row_number += 1
        lines = 1
        for column, (header, value) in enumerate(zip(SHEET_HEADERS, values), start=1):
            cell = put_cell(sheet, row_number, column, value)
            cell.alignment = Alignment(vertical="top", wrap_text=header in WRAPPED_COLUMNS)
            if header in WRAPPED_COLUMNS and value:
                lines = max(lines, sum(-(-max(display_width(part), 1) // max(widths[header] - 1, 1))
                                       for part in str(value).split("\n")))
        sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT_PT  # the row shows all its wrapped lines
        if task.reason:  # why the unit got this clause, where a reviewer looks when the role seems wrong
            sheet.cell(row_number, SHEET_HEADERS.index("角色") + 1).comment = Comment(xml_text(task.reason), "kb")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{row_number}"
    # Printed: A4 landscape, one page wide, as many long as it takes, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    basis = workbook.create_sheet(SHEET_BASIS)
    put_cell(basis, 1, 1, SHEET_BASIS).font = Font(bold=True)
    for row, line in enumerate(draft.basis, start=2):
        put_cell(basis, row, 1, line)
    put_cell(basis, len(draft.basis) + 3, 1, draft.generated_from)  # after an empty row
    basis.column_dimensions["A"].width = 110
    return write_atomically(path, lambda temp: workbook.save(str(temp)), keep_suffix=True)


# Markdown
# A Markdown reader passes HTML through: a clause holding <script> or <img onerror=…> would run in whoever views
# the draft, and [text](javascript:…) would be a link. Text is written so that it reads as itself: a backslash is
# doubled, a < that could open a tag, a comment or an autolink (a letter, / ! ? after it) and an & that would
# spell an entity become &lt; and &amp;, and [ is escaped, so no link, image or link definition can be made.
# "R&D", "<5%" and 《》 stay as they are.
_MD_SPECIAL = re.compile(r"\\|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)|\[")
_MD_ESCAPED = {"\\": "\\\\", "<": "&lt;", "&": "&amp;", "[": "\\["}


def markdown_text(text: str) -> str:
    """``text`` as Markdown inline text that renders as exactly ``text``, never as HTML or a link; line breaks
    become spaces."""
    text = _MD_SPECIAL.sub(lambda m: _MD_ESCAPED[m.group()], xml_text(text))
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def _md_cell(text: str) -> str:
    text = _MD_SPECIAL.sub(lambda m: _MD_ESCAPED[m.group()], xml_text(text))
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(_md_cell(cell) for cell in cells) + " |"


def render_markdown(draft: Draft) -> str:
    """The draft as Markdown: title, 编制依据, and per area a pipe table with the Word table's columns."""
    lines = [f"# {markdown_text(draft.title)}", "", "## 一、编制依据", ""]
    lines += [f"{number}. {markdown_text(line)}" for number, line in enumerate(draft.basis, start=1)]
    lines += ["", "## 二、任务分工", ""]
    if not draft.groups:
        lines += ["知识库中没有指派给本单位的条文。", ""]
    for index, group in enumerate(draft.groups, start=1):
        lines += [f"### （{chinese_ordinal(index)}）{markdown_text(group.area_name)}", "", _md_row(TABLE_HEADERS),
                  "| " + " | ".join("---" for _ in TABLE_HEADERS) + " |"]
        for task in group.tasks:
            lines.append(_md_row([str(task.number), f"{task.heading_and_text}{_task_cell_note(task)}", task.measures,
                                  UNIT_SEPARATOR.join(task.lead_units), UNIT_SEPARATOR.join(task.cooperating_units),
                                  UNIT_SEPARATOR.join(task.candidate_units), task.deadline, "；".join(task.indicators)]))
        lines.append("")
    lines += [f"> {markdown_text(draft.generated_from)}", ""]
    return "\n".join(lines)


def write_markdown(draft: Draft, path: Path | str) -> Path:
    text = render_markdown(draft)
    return write_atomically(path, lambda temp: temp.write_text(text, encoding="utf-8"), keep_suffix=True)


WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "md": write_markdown}
# Marks a file name cannot hold (/ and \ would make the name a path; the rest Windows refuses), in their
# full-width forms, which read the same.
_FILE_NAME_MARKS = {"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"}
FILE_NAME_UNIT_CHARS = 60


def default_draft_name(unit: str, fmt: str) -> str:
    """The file name a draft is saved under when none is given: ``{unit}-实施方案草稿.{fmt}``, the unit's name made
    a safe file name: no path (``/``, ``\\``, a leading ``.`` or ``-``), none of Windows's forbidden marks, no
    control characters, at most 60 characters of it."""
    name = "".join(_FILE_NAME_MARKS.get(ch, ch) for ch in unit if ch.isprintable())
    name = name.strip().lstrip(".-").strip()[:FILE_NAME_UNIT_CHARS] or "单位"
    return f"{name}-实施方案草稿.{fmt}"


def write_draft(draft: Draft, path: Path | str, fmt: str) -> Path:
    """Write the draft as ``fmt`` (docx, xlsx or md); returns the path written."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(DRAFT_FORMATS)}")
    return WRITERS[fmt](draft, path)
