"""What the pages of parent and implementing plans show, read from the KB (kb.align's implements, task_alignments
and target_comparisons; see kb.datasette_plugin.site_data): the /align page of a (child, parent) pair, a
document's parents and children with their counts, and where a unit's tasks come from in a parent. Each is
bounded: a page of parent tasks, a few child clauses a task, a few links a document."""
from __future__ import annotations

import json
from urllib.parse import quote

from ..rows import dict_rows, first_row
from ..target_text import label_of_row
from ..vocabulary import ALIGNMENT_STATUS_LABELS, COMPARISON_LABELS, IMPLEMENTS_HOW_LABELS
from .clause_tags import rule_reason, score_words

PAGE_TASKS = 100  # parent tasks (then new child tasks) on one /align page
CHILD_CLAUSES_SHOWN = 20  # child clauses shown beside one parent task; the rest are counted
TARGETS_SHOWN = 200  # target comparisons on one /align page
LINKS_SHOWN = 50  # parents, and children, a document page lists
ORIGINS_SHOWN = 3  # parent tasks a unit's task shows it comes from
_CHUNK = 500  # ids bound in one IN (…)

# The parent's order of its tasks: its own clauses first, then those of the documents it issues (kb.align.tasks).
_ORDER = "clauses.document_id != :{side}, clauses.document_id, clauses.ordinal"


def align_path(child: str, parent: str) -> str:
    """The path of the /align page of a pair under the site's base: ``align/child/parent``, each id one segment."""
    return f"align/{quote(child, safe='')}/{quote(parent, safe='')}"


def alignment_pair(conn, child: str, parent: str) -> tuple[str, str]:
    """The (child, parent) pair whose task_alignments rows line up the link ``child`` → ``parent``: the pair
    itself, else the pair of the notices issuing either (kb.align.implements.aligned_pairs lines a plan issued by
    a notice up once, through the notice); the pair itself when none has rows."""
    notice = dict(conn.execute("select id, parent_id from documents where id in (?, ?) and parent_id is not null",
                               [child, parent]))
    for pair in ((child, parent), (notice.get(child), parent), (child, notice.get(parent)),
                 (notice.get(child), notice.get(parent))):
        if None not in pair and conn.execute("select 1 from task_alignments where child_document_id = ? and "
                                             "parent_document_id = ? limit 1", pair).fetchone():
            return pair
    return child, parent


def pair_counts(conn, child: str, parent: str) -> dict[str, int]:
    """{aligned: parent tasks carried down, unimplemented: parent tasks no child clause carries, new: child tasks
    with no parent task} of the pair's rows."""
    row = first_row(conn, "select count(distinct case when status = 'aligned' then parent_clause_id end) as aligned, "
                          "sum(status = 'unimplemented') as unimplemented, sum(status = 'new') as new "
                          "from task_alignments where child_document_id = ? and parent_document_id = ?",
                    [child, parent])
    return {key: row[key] or 0 for key in ("aligned", "unimplemented", "new")}


def document_links(conn, document_id: str) -> dict:
    """A document's ``parents`` (documents it implements) and ``children`` (documents implementing it), at most
    LINKS_SHOWN each (``parents_more``/``children_more``: how many more): each with id, title, how (kb.vocabulary
    IMPLEMENTS_HOW_LABELS), the clause that says so, the pair its alignment is under (``align``: child, parent)
    its counts (pair_counts) and ``parent_text``: whether the parent's text is in the KB (no tasks to line up
    until it is)."""
    result = {}
    own_text = conn.execute("select text_available from documents where id = ?", [document_id]).fetchone()[0]
    for side, other, mine in (("parents", "parent_id", "child_id"), ("children", "child_id", "parent_id")):
        rows = dict_rows(conn, f"select implements.{other} as id, documents.title, documents.text_available, "
                               f"implements.how, implements.clause_id from implements join documents on "
                               f"documents.id = implements.{other} where implements.{mine} = ? "
                               f"order by implements.how != 'sidecar', documents.issued_date is null, "
                               f"documents.issued_date desc, implements.{other} limit ?",
                         [document_id, LINKS_SHOWN + 1])
        total = conn.execute(f"select count(*) from implements where {mine} = ?", [document_id]).fetchone()[0]
        for row in rows[:LINKS_SHOWN]:
            child, parent = (document_id, row["id"]) if side == "parents" else (row["id"], document_id)
            row["align"] = alignment_pair(conn, child, parent)
            row["counts"] = pair_counts(conn, *row["align"])
            row["how_label"] = IMPLEMENTS_HOW_LABELS.get(row["how"], row["how"])
            row["parent_text"] = row["text_available"] if side == "parents" else own_text
        result[side], result[f"{side}_more"] = rows[:LINKS_SHOWN], max(0, total - LINKS_SHOWN)
    return result


def _reasons(raw) -> list[str]:
    """The Chinese reasons of an alignment row (its reasons JSON: [{kind, detail}]); [] for none or a bad value."""
    try:
        reasons = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [str(r.get("detail") or r.get("kind") or "") for r in reasons if isinstance(r, dict)] \
        if isinstance(reasons, list) else []


def _chunks(ids: list[str]):
    """``ids`` a chunk at a time: (named parameters {i0: id, …}, their marks ":i0,:i1,…")."""
    for start in range(0, len(ids), _CHUNK):
        part = {f"i{n}": value for n, value in enumerate(ids[start:start + _CHUNK])}
        yield part, ",".join(f":{name}" for name in part)


def _parent_tasks(conn, pair: dict, start: int, count: int) -> list[dict]:
    """``count`` parent tasks of the pair from ``start`` (the parent's order), each with its text, section path,
    document and status (aligned / unimplemented), and its child clauses (at most CHILD_CLAUSES_SHOWN; ``more``: how many more)."""
    if count <= 0:
        return []
    tasks = dict_rows(conn, f"""select task_alignments.parent_clause_id as id, clauses.text, clauses.document_id,
        coalesce(sections.path_label, '') as path,
        case when max(task_alignments.status = 'aligned') then 'aligned' else 'unimplemented' end as status
        from task_alignments join clauses on clauses.id = task_alignments.parent_clause_id
        left join sections on sections.id = clauses.section_id
        where task_alignments.child_document_id = :child and task_alignments.parent_document_id = :parent
        group by task_alignments.parent_clause_id order by {_ORDER.format(side='parent')}
        limit :count offset :start""", dict(pair, count=count, start=start))
    children: dict[str, list[dict]] = {task["id"]: [] for task in tasks}
    totals: dict[str, int] = {}
    for part, marks in _chunks(list(children)):
        for row in dict_rows(conn, f"""select * from (select task_alignments.parent_clause_id, task_alignments.score,
            task_alignments.reasons, task_alignments.rule_id, clauses.id, clauses.text,
            coalesce(sections.path_label, '') as path, row_number() over (partition by
            task_alignments.parent_clause_id order by {_ORDER.format(side='child')}) as n,
            count(*) over (partition by task_alignments.parent_clause_id) as total
            from task_alignments join clauses on clauses.id = task_alignments.child_clause_id
            left join sections on sections.id = clauses.section_id
            where task_alignments.child_document_id = :child and task_alignments.parent_document_id = :parent
            and task_alignments.status = 'aligned' and task_alignments.parent_clause_id in ({marks}))
            where n <= {CHILD_CLAUSES_SHOWN} order by parent_clause_id, n""", dict(pair, **part)):
            row["score_words"], row["reasons"] = score_words(row["score"]), _reasons(row["reasons"])
            children[row["parent_clause_id"]].append(row)
            totals[row["parent_clause_id"]] = row["total"]
    for task in tasks:
        task["children"] = children[task["id"]]
        task["more"] = totals.get(task["id"], 0) - len(task["children"])
    return tasks


def _new_tasks(conn, pair: dict, start: int, count: int) -> list[dict]:
    """``count`` of the pair's new child tasks from ``start``, in the child's order: id, text and section path."""
    if count <= 0:
        return []
    return dict_rows(conn, f"""select clauses.id, clauses.text, coalesce(sections.path_label, '') as path
        from task_alignments join clauses on clauses.id = task_alignments.child_clause_id
        left join sections on sections.id = clauses.section_id
        where task_alignments.child_document_id = :child and task_alignments.parent_document_id = :parent
        and task_alignments.status = 'new' order by {_ORDER.format(side='child')}
        limit :count offset :start""", dict(pair, count=count, start=start))


def _target_rows(conn, pair: dict) -> list[dict]:
    """The pair's target comparisons (at most TARGETS_SHOWN), parent target's order: the indicator, each side's
    label (kb.target_text) and target id, and the comparison's label."""
    side = ("{p}.id as {p}_id, {p}.wording as {p}_wording, {p}.comparator as {p}_comparator, {p}.value as "
            "{p}_value, {p}.value_max as {p}_value_max, {p}.unit as {p}_unit, {p}.year as {p}_year, {p}.period as "
            "{p}_period, {p}.baseline as {p}_baseline")
    rows = dict_rows(conn, f"""select target_comparisons.comparison, coalesce(metrics.description, pt.metric,
        pt.wording, '') as indicator, {side.format(p='pt')}, {side.format(p='ct')}
        from target_comparisons join targets as pt on pt.id = target_comparisons.parent_target_id
        left join targets as ct on ct.id = target_comparisons.child_target_id
        left join metrics on metrics.id = pt.metric
        where target_comparisons.child_document_id = :child and target_comparisons.parent_document_id = :parent
        order by pt.document_id != :parent, pt.document_id, pt.span_start limit {TARGETS_SHOWN}""", pair)
    for row in rows:
        for p in ("pt", "ct"):
            values = {key[len(p) + 1:]: value for key, value in row.items() if key.startswith(p + "_")}
            row[p] = {"id": values["id"], "label": label_of_row(values, named=False)} if values["id"] else None
        row["comparison_label"] = COMPARISON_LABELS.get(row["comparison"], row["comparison"])
    return rows


def _task_position(conn, pair: dict, task: str) -> int | None:
    """The place (from 0) of parent task ``task`` among the pair's parent tasks, None when it is none of them."""
    row = first_row(conn, "select document_id, ordinal from clauses where id = ? and exists (select 1 from "
                          "task_alignments where child_document_id = ? and parent_document_id = ? and "
                          "parent_clause_id = clauses.id)", [task, pair["child"], pair["parent"]])
    if row is None:
        return None
    key = (row["document_id"] != pair["parent"], row["document_id"], row["ordinal"])
    return conn.execute("select count(distinct task_alignments.parent_clause_id) from task_alignments join clauses "
                        "on clauses.id = task_alignments.parent_clause_id where child_document_id = ? and "
                        "parent_document_id = ? and (clauses.document_id != ?, clauses.document_id, "
                        "clauses.ordinal) < (?, ?, ?)",
                        [pair["child"], pair["parent"], pair["parent"], *key]).fetchone()[0]


def align_page(conn, child: str, parent: str, page: int = 1, task: str | None = None) -> dict:
    """The /align page of ``child`` carrying down ``parent``: both documents, the link (how, the clause that says
    so, its rule's reason), the counts, one page of PAGE_TASKS items (the parent's tasks in its order with the
    child clauses beside each, then the child's new tasks in its order; ``task``, a parent task's clause id,
    picks the page holding it), and the targets side by side. Raises LookupError (its message in Chinese) for
    an unknown document or a pair no link and no alignment joins."""
    documents = {row["id"]: row for row in dict_rows(
        conn, "select id, title, doc_number, level, jurisdiction, text_available from documents where id in (?, ?)",
        [child, parent])}
    for key in (child, parent):
        if key not in documents:
            raise LookupError(f"没有这个文件:{key}")
    link = first_row(conn, "select implements.*, rules.kind as rule_kind, rules.description as rule_description, "
                           "clauses.text as clause_text from implements left join rules on rules.id = "
                           "implements.rule_id left join clauses on clauses.id = implements.clause_id "
                           "where child_id = ? and parent_id = ?", [child, parent])
    pair = {"child": child, "parent": parent}
    counts = pair_counts(conn, child, parent)
    if link is None and not any(counts.values()):
        raise LookupError(f"本库没有记录《{documents[child]['title']}》落实《{documents[parent]['title']}》")
    if link:
        link["how_label"] = IMPLEMENTS_HOW_LABELS.get(link["how"], link["how"])
        link["reason"] = rule_reason(link["rule_id"], link["rule_kind"], link["rule_description"])
    parents = counts["aligned"] + counts["unimplemented"]
    pages = max(1, -(-(parents + counts["new"]) // PAGE_TASKS))
    position = _task_position(conn, pair, task) if task else None
    page = position // PAGE_TASKS + 1 if position is not None else min(max(page, 1), pages)
    start = (page - 1) * PAGE_TASKS
    rule = first_row(conn, "select rules.id, rules.kind, rules.description from task_alignments join rules on "
                           "rules.id = task_alignments.rule_id where child_document_id = ? and parent_document_id = ? "
                           "limit 1", [child, parent])
    return {"child": documents[child], "parent": documents[parent], "link": link, "counts": counts,
            "labels": ALIGNMENT_STATUS_LABELS, "page": page, "pages": pages, "page_size": PAGE_TASKS,
            "task": task if position is not None else None,
            "tasks": _parent_tasks(conn, pair, start, min(PAGE_TASKS, parents - start)),
            "new_tasks": _new_tasks(conn, pair, max(0, start - parents), start + PAGE_TASKS - max(start, parents)),
            "targets": _target_rows(conn, pair), "align": alignment_pair(conn, child, parent),
            "rule": dict(rule, reason=rule_reason(rule["id"], rule["kind"], rule["description"])) if rule else None}


def task_origins(conn, clause_ids: list[str]) -> dict[str, list[dict]]:
    """{child clause id: where it comes from}: for each of ``clause_ids`` aligned to a parent task, at most
    ORIGINS_SHOWN of those parent tasks, each with the parent document (id, title), the parent task (id, text)
    and the pair (child, parent) of its /align page."""
    origins: dict[str, list[dict]] = {}
    for part, marks in _chunks(sorted(set(clause_ids))):
        for row in dict_rows(conn, f"""select * from (select task_alignments.child_clause_id,
            task_alignments.child_document_id as child, task_alignments.parent_document_id as parent,
            documents.title as parent_title, clauses.id as parent_clause_id, clauses.text as parent_text,
            row_number() over (partition by task_alignments.child_clause_id order by task_alignments.score desc,
            clauses.id) as n from task_alignments join clauses on clauses.id = task_alignments.parent_clause_id
            join documents on documents.id = task_alignments.parent_document_id
            where task_alignments.status = 'aligned' and task_alignments.child_clause_id in ({marks}))
            where n <= {ORIGINS_SHOWN} order by child_clause_id, n""", part):
            origins.setdefault(row["child_clause_id"], []).append(row)
    return origins
