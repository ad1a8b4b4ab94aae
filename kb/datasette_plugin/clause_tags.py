"""A clause's tags with their rules, for the site's clause page and Datasette's row page of a clause: its
modality, areas, units, targets, the targets it delivers and its citations, each with a Chinese detail and the
reason its rule gives, in Chinese (the rule's id is for an expandable detail, never the reason itself)."""
from __future__ import annotations

import re

from ..target_text import label_of_row
from ..vocabulary import BASIS_LABELS, ROLE_LABELS

_TAGS_SQL = """
select '情态' as category, modality as label, null as role, null as basis, null as reason, null as value,
       null as value_max, null as unit, null as comparator, null as year, null as period, null as baseline,
       null as score, null as target, null as matched, null as span_start, null as span_end,
       modality_rule_id as rule_id
  from clauses where id = :id and modality is not null
union all
select '领域', coalesce(areas.name, clause_areas.area_id), null, null, null, null, null, null, null, null, null,
       null, null, null, matched, span_start, span_end, clause_areas.rule_id
  from clause_areas left join areas on areas.id = clause_areas.area_id where clause_id = :id
union all
select '责任单位', unit_id, role, basis, reason, null, null, null, null, null, null, null, null, null, matched,
       span_start, span_end, rule_id
  from clause_units where clause_id = :id
union all
select '目标', wording, null, null, null, value, value_max, unit, comparator, year, period, baseline, null, null,
       null, span_start, span_end, rule_id
  from targets where clause_id = :id
union all
select '落实目标', targets.wording, null, null, null, null, null, null, null, null, null, null, target_links.score,
       targets.id, target_links.matched, target_links.span_start, target_links.span_end, target_links.rule_id
  from target_links join targets on targets.id = target_links.target_id where target_links.clause_id = :id
union all
select '引用', coalesce(cited_title, cited_number), null, null, null, null, null, null, null, null, null, null,
       null, document_id, coalesce(cited_number, ''), span_start, span_end, rule_id
  from citations where clause_id = :id
"""

# Each tag with its rule's kind and description (the rules table), for the reason in Chinese.
CLAUSE_TAGS_SQL = f"""
select tags.*, rules.kind as rule_kind, rules.description as rule_description
  from ({_TAGS_SQL}) as tags left join rules on rules.id = tags.rule_id
"""

# What a rule of each kind (the rules table's kind, kb.rules) looks for, as a reader is told it.
RULE_KIND_REASONS = {
    "area": "领域词表", "competence": "按单位职责推断", "unit": "单位名称词表", "unit-role": "单位角色句式",
    "unit-slot": "单位句式", "modality": "情态词", "target": "目标句式", "target-link": "指标用语",
    "citation": "引用格式", "metric": "指标词表", "numbering": "编号层级", "paragraph-title": "段首小标题",
    "metadata": "文件要素", "draft": "草稿规则", "implements": "落实关系", "alignment": "任务对照",
    "target-comparison": "目标比较",
}

# A link's score (0–1) in words: (lowest score, word), highest first.
SCORE_WORDS = ((0.75, "高"), (0.5, "较高"), (0.3, "中等"), (0.0, "较低"))

_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_RULE_ID_IN_TEXT = re.compile(r"[((]\s*[a-z][\w-]*(?:\.[^\s()()]+)+\s*[))]")


def rule_reason(rule_id, kind, description) -> str:
    """Why a rule tags a clause, in Chinese and never as an id: the kind's reason (RULE_KIND_REASONS, 标注规则
    for an unknown kind) and, where the rule says it in Chinese, what it matched: its description when Chinese
    (知识产权类型 › 专利), the Chinese before its first colon (鼓励 of "鼓励: encouragement…"), else the Chinese
    last part of its id (自治区版权局 of unit.competence.自治区版权局)."""
    reason = RULE_KIND_REASONS.get(kind or "", "标注规则")
    text = (description or "").strip()
    lead = re.match(r"([^:()()]+): ", text)
    tail = str(rule_id or "").rsplit(".", 1)[-1]
    if text and not _LATIN.search(text):
        detail = text
    elif lead and _CJK.search(lead.group(1)) and not _LATIN.search(lead.group(1)):
        detail = lead.group(1).strip()
    elif _CJK.search(tail) and not _LATIN.search(tail):
        detail = tail
    else:
        detail = ""
    return f"{reason}:{detail}" if detail else reason


def score_words(score) -> str | None:
    """A link's score (0–1) as a reader is told it: 相关度:高 / 较高 / 中等 / 较低; None for no score."""
    if score is None:
        return None
    return "相关度:" + next(word for lowest, word in SCORE_WORDS if score >= lowest)


def readable(text) -> str | None:
    """A reason recorded with a tag, without the rule ids it names in brackets; None when what is left is not
    Chinese a reader can read (it holds Latin letters), so that the rule's own reason is shown instead."""
    if not text:
        return None
    cleaned = _RULE_ID_IN_TEXT.sub("", str(text)).strip()
    return cleaned if cleaned and not _LATIN.search(cleaned) else None


def clause_tags(rows) -> list[dict]:
    """The rows of CLAUSE_TAGS_SQL with a Chinese ``detail`` (a unit's role and basis, 牵头 · 明确:…; a target's
    value as the text prints it, ≥ 200亿元(2020年); a link's score in words; whether a cited document is in
    the KB) and ``rule_reason`` (rule_reason: why the rule tagged it, in Chinese) for each."""
    tags = []
    for row in map(dict, rows):
        category = row["category"]
        if category == "责任单位":
            said = readable(row["reason"])
            detail = f"{ROLE_LABELS.get(row['role'], row['role'])} · {BASIS_LABELS.get(row['basis'], row['basis'])}"
            detail += f":{said}" if said else ""
        elif category == "目标":
            detail = label_of_row(row, named=False)  # the row's label column names the indicator
        elif category == "落实目标":
            detail = score_words(row["score"])
        elif category == "引用":
            detail = "已在库中登记" if row["target"] else "未在库中登记"
        else:
            detail = None
        tags.append(dict(row, detail=detail,
                         rule_reason=rule_reason(row["rule_id"], row.get("rule_kind"), row.get("rule_description"))))
    return tags
