"""How a target reads on a page and in a draft: its value as the document prints it (10万件, 200亿元) and a label
such as 每万人口发明专利拥有量 达到 6件(2020年). One place, for the site, its clause tags and the drafting desk."""
from __future__ import annotations

COMPARATOR_WORDS = {"=": "达到", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "×": "×", "about": "约", "range": "达到"}


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


def label_of_row(row, named: bool = True) -> str:
    """The label of a target: ``row`` is a mapping with the targets table's columns (comparator, value, value_max,
    unit, year, period, baseline; any may be missing) and, to name the indicator, ``metric_name`` (the metric's
    description, metrics.description, else its id) or ``wording`` (the text's own words), the first present.
    每万人口发明专利拥有量 达到 6件(2020年); 发明专利申请量 × 2倍(十三五,较十二五); a range: 达到 8—10个.
    ``named`` False leaves the indicator's name out (达到 6件(2020年)), for a row that shows it beside."""
    values = dict(row)
    name = (values.get("metric_name") or values.get("wording")) if named else None
    return _label(name, values.get("comparator"), values.get("value"), values.get("unit"), values.get("year"),
                  values.get("period"), values.get("baseline"), values.get("value_max"))


def _label(name: str | None, comparator: str | None, value: float | None, unit: str | None,
           year: int | None, period: str | None, baseline: str | None, value_max: float | None) -> str:
    words = [name] if name else []
    if comparator:
        words.append(COMPARATOR_WORDS.get(comparator, comparator))
    if value is not None and value_max is not None:
        words.append(format_value(value) + "—" + format_value(value_max, unit))
    elif value is not None:
        words.append(format_value(value, unit))
    when = [part for part in (period or (f"{year}年" if year else None), f"较{baseline}" if baseline else None)
            if part]
    return " ".join(words) + (f"({','.join(when)})" if when else "")
