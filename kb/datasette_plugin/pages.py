"""What every page's template needs to be the site's, Datasette's pages included: the site's root, title and
database for the navigation (templates/_kb_nav.html), Chinese titles of tables and columns, Chinese names of
Datasette's filter operators, and the Chinese reading of Datasette's English error messages."""
from __future__ import annotations

import re

from ..vocabulary import (ALIGNMENT_STATUS_LABELS, BASIS_LABELS, CLAUSE_KIND_LABELS, COMPARISON_LABELS,
                          IMPLEMENTS_HOW_LABELS, ROLE_LABELS)
from .database import KB_DATABASE

SITE_TITLE = "政策文本知识库"  # when metadata.yml names none

# Datasette's filter operators (datasette.filters.Filters), keyed by their URL spelling: the table page's
# filter form shows these instead of "contains", "is not blank"…
FILTER_LABELS = {
    "exact": "等于", "not": "不等于", "contains": "包含", "endswith": "结尾是", "startswith": "开头是",
    "gt": "大于", "gte": "大于或等于", "lt": "小于", "lte": "小于或等于", "like": "匹配(like)",
    "notlike": "不匹配(not like)", "glob": "匹配(glob)", "in": "属于", "notin": "不属于",
    "arraycontains": "数组包含", "arraynotcontains": "数组不包含", "date": "日期是", "isnull": "为空值",
    "notnull": "不为空值", "isblank": "为空", "notblank": "不为空",
}

# Datasette's kinds of facet other than a column's values.
FACET_TYPES = {"array": "数组", "date": "日期"}

# Datasette's error messages (its English), read in Chinese: (pattern, Chinese); what the message names (the
# pattern's group "name") follows the Chinese after a colon.
ERROR_MESSAGES = (
    (r"Database not found:? ?(?P<name>.*)", "没有这个数据库"),
    (r"Table not found:? ?(?P<name>.*)", "没有这个数据表"),
    (r"(?:Row|Record) not found:? ?(?P<name>.*)", "没有这一行"),
    (r"Table or view not found:? ?(?P<name>.*)", "没有这个数据表或视图"),
    (r"Not found", "没有这个页面"),
    (r"Cannot sort table by (?P<name>.*)", "不能按这一列排序"),
    (r"Cannot use _sort and _sort_desc at the same time", "不能同时按升序和降序排序"),
    (r"_size must be a positive integer", "_size 须为正整数"),
    (r"_size must be <= (?P<name>\d+)", "_size 过大,最大为"),
    (r"SQL query took too long.*", "查询超时,请缩小查询范围"),
    (r"Statement must be a SELECT", "只能执行 SELECT 查询"),
    (r"Forbidden", "无权访问"),
)

# The canned queries' parameters (metadata.yml's queries), as their forms label them.
PARAMETER_LABELS = {"q": "检索词", "unit": "单位", "role": "角色", "basis": "依据", "document": "文件编号",
                    "area": "领域", "after": "从此位置之后"}

# A query's columns that no table describes, or that several tables name alike (id, kind, text…): their label
# in a query's result (metadata.yml describes the tables' own columns).
QUERY_COLUMN_LABELS = {"breadcrumb": "出处", "rank": "相关度", "matches": "命中位置", "position": "位置",
                       "clause_id": "条文", "target_id": "目标", "delivering_clauses": "落实条文",
                       "delivering_count": "落实条文数", "clauses": "条文数", "text": "文字", "kind": "类型",
                       "id": "编号", "title": "标题", "name": "名称"}

# Coded values shown in Chinese on Datasette's pages (the data, its URLs and its JSON keep the codes): the
# column's name → its labels (kb.vocabulary), in the tables that hold them and in a query's result (None).
VALUE_LABELS = {"kind": CLAUSE_KIND_LABELS, "role": ROLE_LABELS, "basis": BASIS_LABELS,
                "status": ALIGNMENT_STATUS_LABELS, "how": IMPLEMENTS_HOW_LABELS, "comparison": COMPARISON_LABELS}
VALUE_TABLES = (None, "clauses", "clause_units", "task_tags", "implements", "task_alignments", "target_comparisons")

STATUS_TITLES = {400: "请求有误", 403: "无权访问", 404: "未找到", 405: "不支持这种请求", 500: "服务器出错",
                 503: "服务器正忙"}


def site_template_vars(datasette) -> dict:
    """The template variables of every page: ``kb_base`` (the site's root path, ends in /), ``kb_db`` (the KB's
    database name), ``kb_title`` (metadata.yml's title), ``kb_table_title(name)`` (a table's Chinese title, else
    its name), ``kb_column_label(table, column)`` (a column's short Chinese name, else None; table None for a
    query's column), ``kb_parameter_label(name)`` (a canned query's parameter in Chinese) and
    ``kb_filter_label(key, display)`` (a filter operator's Chinese name, else Datasette's), ``kb_facet_type(kind)``
    (a kind of facet in Chinese) and ``kb_value_label(table, column, value)`` (value_label)."""
    def table_title(name) -> str:
        meta = datasette.metadata(database=KB_DATABASE, table=str(name), fallback=False) or {}
        return meta.get("title") or str(name)

    def column_label(table, column):
        if table is None:  # a query's column: its own label, else the first table describing a column so named
            if column in QUERY_COLUMN_LABELS:
                return QUERY_COLUMN_LABELS[column]
            tables = (datasette.metadata(database=KB_DATABASE, fallback=False) or {}).get("tables") or {}
            return next((short_label(meta["columns"][column]) for meta in tables.values()
                         if column in (meta.get("columns") or {})), None)
        meta = datasette.metadata(database=KB_DATABASE, table=str(table), fallback=False) or {}
        return short_label((meta.get("columns") or {}).get(column))

    return {"kb_base": datasette.urls.path("/"), "kb_db": KB_DATABASE,
            "kb_title": datasette.metadata("title") or SITE_TITLE, "kb_table_title": table_title,
            "kb_column_label": column_label,
            "kb_parameter_label": lambda name: PARAMETER_LABELS.get(str(name), str(name)),
            "kb_filter_label": lambda key, display: FILTER_LABELS.get(str(key), display),
            "kb_facet_type": lambda kind: FACET_TYPES.get(str(kind), str(kind)), "kb_value_label": value_label}


def value_label(table, column, value) -> str | None:
    """The Chinese label of a coded value (a clause's kind, a unit's role or basis: VALUE_LABELS) in a table that
    holds such codes, or a query's result (table None); None for any other value."""
    if table not in VALUE_TABLES or not isinstance(value, str):
        return None
    return VALUE_LABELS.get(column, {}).get(value)


def short_label(description) -> str | None:
    """A column's description cut to its name, the words before its first parenthesis, colon or comma
    ("文件标题" of "文件标题", "文号" of "文号,如 国办发…"); None for no description."""
    if not description:
        return None
    return re.split(r"[(:,(:,;;。]", str(description), maxsplit=1)[0].strip() or None


def chinese_message(message) -> str:
    """Datasette's English error message in Chinese when it is one of ERROR_MESSAGES, else unchanged."""
    text = str(message)
    for pattern, chinese in ERROR_MESSAGES:
        match = re.fullmatch(pattern, text, flags=re.S)
        if match:
            named = match.groupdict().get("name")
            return f"{chinese}:{named}" if named else chinese
    return text
