"""A clause's tags with their rules, for the site's clause page and Datasette's row page of a clause: its areas,
units, targets, the targets it delivers and its citations, each with the rule that made it and a Chinese detail."""
from __future__ import annotations

from ..target_text import label_of_row
from ..vocabulary import BASIS_LABELS, ROLE_LABELS

CLAUSE_TAGS_SQL = """
select '领域' as category, coalesce(areas.name, clause_areas.area_id) as label, null as role, null as basis,
       null as reason, null as value, null as value_max, null as unit, null as comparator, null as year,
       null as period, null as baseline, null as score, null as target, matched, span_start, span_end,
       clause_areas.rule_id
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


def clause_tags(rows) -> list[dict]:
    """The rows of CLAUSE_TAGS_SQL with a Chinese ``detail`` for each: a unit's role and basis (牵头 · 明确:…),
    a target's value as the text prints it (≥ 200亿元(2020年)), a link's score, a citation's document."""
    tags = []
    for row in map(dict, rows):
        category = row["category"]
        if category == "责任单位":
            detail = (f"{ROLE_LABELS.get(row['role'], row['role'])} · {BASIS_LABELS.get(row['basis'], row['basis'])}"
                      f":{row['reason'] or ''}")
        elif category == "目标":
            detail = label_of_row(row, named=False)  # the row's label column names the indicator
        elif category == "落实目标":
            detail = f"相关度 {row['score']:.2f}" if row["score"] is not None else None
        elif category == "引用":
            detail = "已在库中登记" if row["target"] else "未在库中登记"
        else:
            detail = None
        tags.append(dict(row, detail=detail))
    return tags
