"""How a target reads on a page and in a draft: its value as the document prints it (10万件, 200亿元) and a label
such as 每万人口发明专利拥有量 达到 6件(2020年). One place, for the site, its clause tags and the drafting desk.

A label names the indicator in the text's own words (the target's wording), never in its metric's description:
a metric (rules/metrics.yml) groups wordings that documents use for one kind of indicator, and its description
may say what a given text does not (a city's 质押融资登记金额 is not the metric's 知识产权质押融资年度金额, nor is
知识产权质押融资金额, though it is one of its names). The metric is the grouping key, shown as 指标类别."""
from __future__ import annotations

COMPARATOR_WORDS = {"=": "达到", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "×": "×", "about": "约", "range": "达到"}
GROUP_WORDINGS = 3  # wordings a group of targets is named by before 等


def _plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_value(value: float | None, unit: str | None = None) -> str:
    """A value in base units as the document prints it: 6, 1000, 10万, 200亿 (then the unit)."""
    if value is None:
        return ""
    text = _plain_number(value)
    for size, word in ((1e8, "亿"), (1e4, "万")):
        scaled = value / size
        if abs(value) >= size and round(scaled, 2) == scaled:
            text = _plain_number(scaled) + word
            break
    return text + (unit or "")


def indicator_name(row) -> str | None:
    """The indicator a target names, as a reader is shown it: the text's own words (``wording``), else its metric's
    name (``metric_name``: the metric's description, else its id) for a target read without words of its own;
    None when the row has neither. ``row`` is a mapping with the targets table's columns (any may be missing)."""
    values = dict(row)
    wording = (values.get("wording") or "").strip()
    # 培育10个以上知识产权密集型产业: the reader's wording may start with the 以上 of the figure before it, which the
    # comparator (≥) already says.
    for lead in ("以上", "以下"):
        if wording.startswith(lead) and len(wording) > len(lead) + 1:
            wording = wording[len(lead):]
    return wording or values.get("metric_name") or None


def metric_category(row) -> str | None:
    """The metric a target is grouped by, to show as 指标类别 beside its own words: ``metric_name`` when the row
    has a metric and it reads otherwise than ``indicator_name``; None else."""
    values = dict(row)
    name = values.get("metric_name") if values.get("metric") else None
    return name if name and name != indicator_name(values) else None


def amount_text(row) -> str:
    """A target's comparator and value as the site prints them: 达到 6件, ≥ 600家, × 2倍, 达到 8—10个; "" for none.
    ``row`` is a mapping with comparator, value, value_max and unit (any may be missing)."""
    values = dict(row)
    return _amount(values.get("comparator"), values.get("value"), values.get("unit"), values.get("value_max"))


def _amount(comparator, value, unit, value_max) -> str:
    words = [COMPARATOR_WORDS.get(comparator, comparator)] if comparator else []
    if value is not None and value_max is not None:
        words.append(format_value(value) + "—" + format_value(value_max, unit))
    elif value is not None:
        words.append(format_value(value, unit))
    return " ".join(words)


def label_of_row(row, named: bool = True) -> str:
    """The label of a target: ``row`` is a mapping with the targets table's columns (comparator, value, value_max,
    unit, year, period, baseline, wording; any may be missing) and ``metric_name`` (the metric's description, else
    its id), the indicator named as ``indicator_name`` says (the text's words first).
    每万人口发明专利拥有量 达到 6件(2020年); 发明专利申请量 × 2倍(十三五,较十二五); a range: 达到 8—10个.
    ``named`` False leaves the indicator's name out (达到 6件(2020年)), for a row that shows it beside."""
    values = dict(row)
    name = indicator_name(values) if named else None
    words = [name] if name else []
    amount = amount_text(values)
    if amount:
        words.append(amount)
    year, period, baseline = values.get("year"), values.get("period"), values.get("baseline")
    when = [part for part in (period or (f"{year}年" if year else None), f"较{baseline}" if baseline else None)
            if part]
    return " ".join(words) + (f"({','.join(when)})" if when else "")


def group_name(wordings, metric_name: str | None = None) -> str:
    """The name of a group of targets lined up as one indicator, by what its members say: their common wording,
    else their first GROUP_WORDINGS distinct wordings joined by 、 (then 等); ``metric_name`` only for members
    with no wording at all. ``wordings`` is an iterable of the members' wordings (None for none)."""
    distinct = list(dict.fromkeys(w.strip() for w in wordings if w and w.strip()))
    if not distinct:
        return metric_name or ""
    shown = "、".join(distinct[:GROUP_WORDINGS])
    return shown + ("等" if len(distinct) > GROUP_WORDINGS else "")
