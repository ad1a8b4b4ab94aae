"""The public pages, through the real Datasette app: what each page shows, checked against facts of the plan."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import NOTICE_ID, PLAN_ID


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def _ok(get, path, **params):
    response = get(path, **params)
    assert response.status_code == 200, (path, response.status_code)
    return response.text


def test_home_shows_the_documents_search_box_targets_and_views(get):
    html = _ok(get, "/")
    assert '<form action="/search"' in html and 'name="q"' in html
    assert f'href="/doc/{PLAN_ID}"' in html and f'href="/doc/{NOTICE_ID}"' in html
    assert 'href="/doc/cn-gov-2014-64"' in html and "未收录全文" in html
    # the plan's first target: 每万人口发明专利拥有量 6件 by 2020
    assert f'href="/target/{PLAN_ID}.1.2.2.3.t1"' in html and "每万人口发明专利拥有量 达到 6件(2020年)" in _text(html)
    for view in ('href="/units"', 'href="/areas"', 'href="/targets"'):
        assert view in html


def test_document_page_reads_like_the_plan_with_anchors_targets_tags_and_citations(get):
    html = _ok(get, f"/doc/{PLAN_ID}")
    text = _text(html)
    # headings at their levels, in the printed order
    assert re.search(r'<h2 id="gx-ipap-2015\.1">\s*<span[^>]*>一、总体要求', html)
    assert re.search(r'<h3 id="gx-ipap-2015\.1\.2">\s*<span[^>]*>\(二\)发展目标', html)
    assert text.index("一、总体要求") < text.index("二、主要行动") < text.index("三、基础工程")
    # every clause has a permalink anchor by its id
    ids = re.findall(r'<span class="kb-clause" id="([^"]+)"', html)
    assert len(ids) == 137 and f"{PLAN_ID}.2.1.3.2" in ids
    assert f'href="/clause/{PLAN_ID}.2.1.3.2"' in html
    # a target is highlighted and linked: 6件 in 每万人口发明专利拥有量达到6件
    assert re.search(r'<a class="kb-target" href="/target/gx-ipap-2015\.1\.2\.2\.3\.t1"[^>]*>6件</a>', html)
    # small tags for units and areas
    assert 'class="kb-chip kb-unit"' in html and 'href="/search?area=patent"' in html
    # a citation of a document whose text we do not have links to its page
    assert re.search(r'<a class="kb-citation" href="/doc/cn-gov-2014-64" title="引用:本库未收录全文,仅登记">', html)


def test_a_reference_page_says_plainly_that_its_text_is_not_in_the_kb(get):
    text = _text(_ok(get, "/doc/cn-gov-2014-64"))
    assert "国办发〔2014〕64号" in text and "本库尚未收录这份文件的全文" in text and "kb add" not in text
    html = _ok(get, "/doc/cn-gov-2014-64")
    assert "引用本文件的条文" in text and f'href="/clause/{PLAN_ID}.0.4.2"' in html  # the citing clause, by its text


def test_clause_page_has_breadcrumb_tags_with_rules_targets_and_neighbours(get, kb_conn):
    clause_id = f"{PLAN_ID}.1.2.2.3"
    html = _ok(get, f"/clause/{clause_id}")
    text = _text(html)
    assert "一、总体要求" in text and "(二)发展目标" in text  # breadcrumb
    # the tags table names the rule of each of the clause's tags, no more and no fewer than the KB holds
    table = html[html.index("<h2>标注及其依据</h2>"):html.index("</table>")]
    tagged = [r for (r,) in kb_conn.execute(
        "select rule_id from clause_areas where clause_id = :c union all select rule_id from clause_units where "
        "clause_id = :c union all select rule_id from targets where clause_id = :c union all select rule_id from "
        "target_links where clause_id = :c union all select rule_id from citations where clause_id = :c "
        "union all select modality_rule_id from clauses where id = :c and modality is not null",
        {"c": clause_id})]
    assert sorted(re.findall(r"<code>([^<]+)</code>", table)) == sorted(tagged) and len(tagged) >= 5
    # its target 每万人口发明专利拥有量达到6件, with its value and the rule that read it
    assert re.search(r"<td[^>]*>目标</td><td[^>]*>每万人口发明专利拥有量</td><td[^>]*>达到 6件\(2020年\)</td>.*?"
                     r"<code>target\.quantity</code>", table, re.S)
    assert "每万人口发明专利拥有量 达到 6件(2020年)" in text
    assert f'href="/clause/{PLAN_ID}.1.2.2.2"' in html and f'href="/clause/{PLAN_ID}.1.2.2.4"' in html


def test_a_clause_shows_its_targets_tag_as_the_targets_page_labels_it(get):
    """Issue 24: one label for a target (kb.target_text.label_of_row). The tags table of the clause setting
    发明专利申请量 × 2倍 gives its period and baseline (十三五, 较十二五) as the target's page does, in the site's page
    and in Datasette's row page alike."""
    clause_id, target_id = f"{PLAN_ID}.2.2.1.2", f"{PLAN_ID}.2.2.1.2.t1"
    assert "<h1>发明专利申请量 × 2倍(十三五,较十二五)</h1>" in _ok(get, f"/target/{target_id}")
    row = '<td data-label="类别">目标</td><td data-label="标注">发明专利申请量</td><td data-label="说明">× 2倍(十三五,较十二五)</td>'
    assert row in _ok(get, f"/clause/{clause_id}")
    assert row in _ok(get, "/kb/clauses/" + clause_id.replace(".", "~2E"))


def test_targets_overview_lists_every_target_with_its_chart(get, kb_conn):
    html = _ok(get, "/targets")
    count = kb_conn.execute("select count(*) from targets").fetchone()[0]
    assert len(re.findall(r'<a href="/target/[^"]+">', html)) >= count
    assert "<svg" in html and "各目标的落实条文数" in html
    spec = json.loads(_ok(get, "/targets/chart.json"))
    assert spec["mark"]["type"] == "bar" and len(spec["data"]["values"]) == count


def test_target_page_shows_the_setting_and_delivering_clauses(get, kb_conn):
    target_id = f"{PLAN_ID}.1.2.2.3.t1"
    html = _ok(get, f"/target/{target_id}")
    delivering = [r[0] for r in kb_conn.execute(
        "select clause_id from target_links where target_id = ?", [target_id])]
    assert delivering
    for clause_id in delivering:
        assert f'href="/clause/{clause_id}"' in html
    assert f'href="/clause/{PLAN_ID}.1.2.2.3"' in html and "每万人口发明专利拥有量" in html


def test_unit_page_groups_what_the_plan_asks_by_role_and_area_with_draft_downloads(get, kb_conn):
    unit = "自治区知识产权局"
    html = _ok(get, f"/unit/{unit}")
    text = _text(html)
    assert f"本库文件要求{unit}做什么" in text
    # guesses stand apart, as 可能相关 (issue 22)
    assert "牵头(" in text and "可能相关(按职责推断,待确认)(" in text
    structural = kb_conn.execute("select name from areas where kind = 'structural' limit 1").fetchone()[0]
    assert f"<h3>{structural}</h3>" in html
    for fmt in ("docx", "xlsx", "md"):
        assert f'href="/unit/{unit}/draft.{fmt}"' in html
    lead = [r[0] for r in kb_conn.execute("select clause_id from clause_units where unit_id = ? and role = 'lead' "
                                          "and basis = 'explicit'", [unit])]
    assert lead and all(f'href="/clause/{c}"' in html for c in lead)


def test_unit_draft_downloads_are_real_files(get, tmp_path):
    import docx
    import openpyxl

    response = get("/unit/自治区版权局/draft.docx")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    path = tmp_path / "draft.docx"
    path.write_bytes(response.content)
    document = docx.Document(str(path))
    assert "自治区版权局" in document.paragraphs[0].text and document.tables
    response = get("/unit/自治区版权局/draft.xlsx")
    path = tmp_path / "draft.xlsx"
    path.write_bytes(response.content)
    assert openpyxl.load_workbook(path).active.max_row > 2
    assert get("/unit/没有这个单位/draft.docx").status_code == 404


def test_search_page_highlights_with_breadcrumb_and_facets(get):
    html = _ok(get, "/search", q="质押")
    assert "<mark>质押</mark>" in html
    assert "一、总体要求" in _text(html) or "二、主要行动" in _text(html)
    for facet in ("文件", "主题", "文件部分", "按职责推断的单位", "情态"):
        assert f"<summary>{facet}</summary>" in html, facet
    total = int(re.search(r"(\d+) 条条文", _text(html)).group(1))
    narrowed = _ok(get, "/search", q="质押", modality="鼓励")
    narrowed_total = int(re.search(r"(\d+) 条条文", _text(narrowed)).group(1))
    assert 0 < narrowed_total <= total


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "(", "专利 OR", "💡", "x" * 200])
def test_search_page_never_fails(get, query):
    assert get("/search", q=query).status_code == 200


def test_a_query_past_the_limit_is_a_clear_400(get):
    """Issue 25 (review): a query longer than the site accepts (search_pages.QUERY_LIMIT) is a Chinese 400 page,
    never a server error, nor a page repeating it in every link."""
    page = get("/search", q="x" * 2000)
    assert page.status_code == 400 and "搜索词过长" in page.text


def test_search_facets_count_what_the_filters_return(get, kb_conn):
    for name, basis in (("unit", "!= 'inferred'"), ("inferred", "= 'inferred'")):
        for unit in ("自治区知识产权局", "自治区版权局"):
            html = _ok(get, "/search", q="知识产权", **{name: unit})
            total = int(re.search(r"(\d+) 条条文", _text(html)).group(1))
            expected = kb_conn.execute(f"""select count(*) from clauses where text like '%知识产权%' and id in
                (select clause_id from clause_units where unit_id = ? and basis {basis})""", [unit]).fetchone()[0]
            assert total == expected, (name, unit)


def _clauses_by_unit_and_role(conn, unit, role, basis):
    return [{"clause_id": c} for (c,) in conn.execute(
        "select clause_id from clause_units join clauses on clauses.id = clause_units.clause_id where unit_id = ? "
        "and role = ? and basis = ? order by clauses.document_id, clauses.ordinal", [unit, role, basis])]


def _targets_by_area(conn, area):
    """Targets set in a clause tagged with the area, or standing in the area's part of a plan or below it, with how
    many clauses deliver each: the question asked again with Python walking the sections up."""
    areas = [dict(a) for a in conn.execute("select id, kind, section_id from areas where id = ? or name = ?",
                                           [area, area])]
    parents = dict(conn.execute("select id, parent_id from sections"))

    def in_part(section):
        while section is not None:
            if any(a["kind"] == "structural" and a["section_id"] == section for a in areas):
                return True
            section = parents.get(section)
        return False

    tagged = {c for (c,) in conn.execute(f"select clause_id from clause_areas where area_id in "
                                         f"({', '.join('?' * len(areas))})", [a["id"] for a in areas])}
    rows = conn.execute("select targets.id, targets.clause_id, clauses.section_id, (select count(*) from target_links "
                        "where target_id = targets.id) from targets join clauses on clauses.id = targets.clause_id "
                        "order by targets.document_id, targets.rowid").fetchall()
    return [{"target_id": t, "delivering_count": n} for t, c, section, n in rows if c in tagged or in_part(section)]


def _targets_without_delivering_clause(conn, document):
    return [{"id": t} for (t,) in conn.execute(
        "select id from targets where id not in (select target_id from target_links) and document_id like ? "
        "order by rowid", [document or "%"])]


def _clauses_without_unit(conn, document):
    from kb.vocabulary import NOT_TASK_KINDS

    tagged = {c for (c,) in conn.execute("select distinct clause_id from clause_units")}
    return [{"clause_id": c, "kind": k} for c, k in conn.execute(
        "select id, kind from clauses where document_id = ? order by ordinal", [document])
        if k not in NOT_TASK_KINDS and c not in tagged]


def _unit_tasks(conn, unit):
    """The unit's tasks (kb.tasks over the task_tags view) ordered as the query promises: named before inherited
    before inferred, then by role in the vocabulary's order, then in document order."""
    from kb.vocabulary import BASIS_LABELS, ROLE_LABELS

    rows = [dict(r) for r in conn.execute(
        "select task_tags.clause_id, task_tags.unit_id, task_tags.role, task_tags.basis, task_tags.document_id, "
        "task_tags.ordinal from task_tags where unit_id = ? or unit_id in (select id from units where successor = ?)",
        [unit, unit])]
    rows.sort(key=lambda r: (list(BASIS_LABELS).index(r["basis"]), list(ROLE_LABELS).index(r["role"]),
                             r["document_id"], r["ordinal"]))
    return [{k: r[k] for k in ("clause_id", "unit_id", "role", "basis")} for r in rows]


@pytest.mark.parametrize("name, params, oracle", [
    ("clauses_by_unit_and_role", {"unit": "自治区知识产权局", "role": "lead", "basis": "explicit"},
     _clauses_by_unit_and_role),
    ("targets_by_area", {"area": "专利"}, _targets_by_area),
    ("targets_by_area", {"area": "发展目标"}, _targets_by_area),
    ("targets_without_delivering_clause", {"document": ""}, _targets_without_delivering_clause),
    ("clauses_without_unit", {"document": PLAN_ID}, _clauses_without_unit),
    ("unit_tasks", {"unit": "自治区知识产权局"}, _unit_tasks),
    ("unit_tasks", {"unit": "自治区版权局"}, _unit_tasks),
])
def test_canned_queries_answer_the_common_questions(get, kb_conn, name, params, oracle):
    """Each canned query of metadata.yml gives, row for row and in order, what the same question asked another
    way of the KB gives (an oracle in SQL and Python)."""
    response = get(f"/kb/{name}.json", _shape="array", **params)
    assert response.status_code == 200, response.text[:500]
    expected = oracle(kb_conn, *params.values())
    columns = list(expected[0]) if expected else []
    assert [{k: row[k] for k in columns} for row in response.json()] == expected
    # the seed plan answers each question, but for the targets nobody delivers: it has none
    assert bool(expected) == (name != "targets_without_delivering_clause")


NOBODYS_NOTICE = """青漳市人民政府办公室关于做好档案整理工作的通知

各区人民政府:

一、工作任务

1.完善工作台账,做好日常记录。

2.加强宣传引导,营造良好氛围。

青漳市人民政府办公室
2024年3月1日
"""


def test_clauses_without_unit_lists_task_items_that_name_nobody(tmp_path, event_loop_runner):
    """Issue 24: the query reads the clause kinds that ask something from the vocabulary table (kb.vocabulary), so a
    task item (kind item) that names nobody is listed, and frame lines (title, 主送, date) never are."""
    from conftest import METADATA, RULES
    from kb.build import build_kb
    from kb.publish import make_datasette
    from kb.vocabulary import TASK_KINDS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "qz-notice.txt").write_text(NOBODYS_NOTICE, encoding="utf-8")
    (corpus / "qz-notice.yml").write_text("source_file: qz-notice.txt\ndocuments:\n  - id: qz-notice\n"
                                          "    title: 青漳市人民政府办公室关于做好档案整理工作的通知\n", encoding="utf-8")
    assert build_kb(corpus, RULES, tmp_path / "kb.db").ok
    datasette = make_datasette(tmp_path / "kb.db", METADATA)
    rows = event_loop_runner(datasette.client.get(
        "/kb/clauses_without_unit.json?_shape=array&document=qz-notice")).json()
    assert [(r["kind"], r["text"]) for r in rows if r["kind"] == "item"] == [("item", "1.完善工作台账,做好日常记录。")]
    assert {r["kind"] for r in rows} <= set(TASK_KINDS)
    labels = event_loop_runner(datasette.client.get("/kb/clause_kinds.json?_shape=array")).json()
    assert {r["kind"]: r["label"] for r in labels}["item"] == "任务项"
    assert {r["kind"] for r in labels if r["asks"]} == set(TASK_KINDS)


def test_unknown_pages_are_404(get):
    for path in ("/doc/nope", "/clause/nope", "/target/nope", "/unit/nope"):
        assert get(path).status_code == 404


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory, event_loop_runner):
    """The plan and a synthetic city plan (tests/devset) that set the same indicator, served together."""
    import shutil

    from conftest import CORPUS, METADATA, RULES, ROOT
    from kb.build import build_kb
    from kb.publish import make_datasette

    corpus = tmp_path_factory.mktemp("two") / "corpus"
    shutil.copytree(CORPUS, corpus)
    for suffix in (".txt", ".yml"):
        shutil.copy(ROOT / "tests" / "devset" / f"devset-city-plan{suffix}", corpus)
    out = corpus.parent / "kb.db"
    assert build_kb(corpus, RULES, out).ok
    datasette = make_datasette(out, METADATA)
    return lambda path: event_loop_runner(datasette.client.get(path))


def test_a_city_and_a_province_setting_one_metric_are_not_lined_up(two_plans):
    """Issue 25: shared indicators mean the same indicator. The plan (自治区) and a city plan both set 每万人口发明专利
    拥有量, but a city's figure is not a province's: /targets does not line them up, nor does the target's page.
    (tests/test_site_phone.py lines up documents of one tier.)"""
    response = two_plans("/targets")
    assert response.status_code == 200
    compared = response.text[response.text.index("多份文件设定的同一指标"):]
    assert "<h3>每万人口发明专利拥有量" not in compared
    target = two_plans(f"/target/{PLAN_ID}.1.2.2.3.t1").text
    assert "同一指标在各文件中的目标" not in target and "青漳市加快建设知识产权强市实施方案" not in target


ROUTE_TEMPLATES = ["/", "/doc/{a}", "/clause/{a}", "/targets", "/targets/chart.json", "/target/{a}", "/units",
                   "/unit/{a}", "/unit/{a}/draft.md", "/areas", "/search", "/search.xlsx", "/kb/search",
                   "/kb/search_clauses.json",
                   "/kb/count_clauses.json", "/kb/clauses.json", "/kb/unit_tasks.json"]
PARAMETERS = ["q", "page", "document", "area", "unit", "modality", "_size", "_next", "_search", "after", "_sort",
              "_shape", "id", "name"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTE_TEMPLATES),
       segment=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"), min_size=1,
                       max_size=30),
       params=st.dictionaries(st.sampled_from(PARAMETERS),
                              st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
                                        st.integers(-10**25, 10**25).map(str)), max_size=4))
def test_no_site_route_answers_500_to_any_parameters(get, route, segment, params):
    """Issue 13, point 7: every site route with arbitrary ids, page numbers, sizes and filters answers, with 200,
    a redirect, 400 or 404, never a 500."""
    from urllib.parse import quote

    path = route.format(a=quote(segment, safe=""))
    response = get(path, **params)
    assert response.status_code < 500, (path, params, response.status_code, response.text[:300])


def test_a_crawl_from_the_home_page_finds_no_broken_link(get):
    """Issue 14: every link reachable from / (our pages and Datasette's, ids with dots tilde-encoded) answers;
    none is a 404 or a 500. Datasette's own sort, facet and pagination variants of a table are not followed."""
    import re
    from html import unescape
    from urllib.parse import urldefrag, urljoin, urlsplit

    seen, queue, broken = {"/"}, ["/"], []
    while queue and len(seen) < 4000:
        path = queue.pop()
        response = get(path)
        if response.status_code in (404, 500):
            broken.append((path, response.status_code))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in re.findall(r'href="([^"]+)"', response.text):
            target = urldefrag(urljoin("http://kb" + path, unescape(href)))[0]
            parts = urlsplit(target)
            if parts.netloc != "kb" or parts.path.endswith((".json", ".csv", ".docx", ".xlsx", ".md", ".svg")):
                continue
            if parts.query and (parts.path.startswith("/kb/") or parts.path in ("/kb", "/-/")):
                continue  # Datasette's sort / facet / page variants of one table
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen:
                seen.add(local)
                queue.append(local)
    assert broken == [], broken[:10]
    assert len(seen) > 150  # the crawl reached the documents, clauses, units, targets and rules


def test_every_page_says_it_is_chinese(get):
    """Issue 14: <html lang="zh-CN"> on our pages and on Datasette's own."""
    for path in ("/", f"/doc/{PLAN_ID}", "/search?q=专利", "/units", "/kb", "/kb/clauses", "/doc/nope"):
        response = get(path)
        assert '<html lang="zh-CN">' in response.text[:400], path
        assert int(response.headers.get("content-length", len(response.content))) == len(response.content)


def test_no_english_role_basis_or_kind_word_is_shown(get):
    """Issue 14: every label a reader sees on the public pages (and the tags of Datasette's clause row page) is
    Chinese: roles, bases, clause kinds and tag reasons."""
    import re
    from html import unescape

    english = re.compile(r"\b(lead|cooperate|addressee|mentioned|explicit|inherited|inferred|sentence|heading|goal|"
                         r"byline|signature|named in|in the charge|no unit)\b")
    seen, queue, shown = {"/"}, ["/"], 0
    while queue:
        path = queue.pop()
        response = get(path)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        html = response.text
        if not path.startswith("/kb/"):
            for href in re.findall(r'href="(/(?:doc|clause|unit|units|targets|target|areas|search)[^"#?]*)"', html):
                if href not in seen and not href.endswith((".docx", ".xlsx", ".md", ".svg", ".json")):
                    seen.add(href)
                    queue.append(href)
        # Rule ids and clause ids (in <code>) are identifiers, not labels.
        visible = re.sub(r"<(script|style|code)\b.*?</\1>", " ", html, flags=re.S)
        visible = unescape(re.sub(r"<[^>]+>", " ", visible))
        found = english.findall(re.sub(r"\b[a-z]+(?:\.[\w-]+)+", " ", visible))  # dotted rule ids are ids
        assert not found, (path, sorted(set(found)))
        shown += 1
    row = get(f"/kb/clauses/{PLAN_ID}~2E2~2E1~2E3~2E2")
    tags = re.sub(r"<(code|script)\b.*?</\1>", " ", row.text[row.text.find("<h2>标注及其依据"):], flags=re.S)
    assert not english.findall(re.sub(r"\b[a-z]+(?:\.[\w-]+)+", " ", unescape(re.sub(r"<[^>]+>", " ", tags))))
    assert shown > 150


def test_the_search_page_orders_labels_suggests_and_truncates(get, kb_conn):
    """Issue 14: 按相关度 / 按原文顺序, results labelled by their heading path, filters and facets in Chinese (named
    and inferred units apart, themes and parts apart), a unit's name suggests its page, a long query is cut."""
    page = get("/search", q="专利")
    assert page.status_code == 200 and "按相关度" in page.text and "按原文顺序" in page.text
    ordered = get("/search", q="专利", order="document")
    ids = re.findall(r'href="/clause/([^"]+)"', ordered.text)
    ordinals = [kb_conn.execute("select rowid from clauses where id = ?", [i]).fetchone()[0] for i in ids]
    assert len(ids) > 5 and ordinals == sorted(ordinals) and "<strong>按原文顺序</strong>" in ordered.text
    ranked = re.findall(r'href="/clause/([^"]+)"', page.text)
    assert sorted(ranked) == sorted(ids) and ranked != ids  # the same clauses, another order
    assert get("/search", q="专利", order="random").status_code == 400
    assert f">{PLAN_ID}." not in page.text  # results are labelled with their heading path, not their id
    for facet in ("主题", "文件部分", "点名的单位", "按职责推断的单位"):
        assert f"<summary>{facet}</summary>" in page.text, facet
    filtered = get("/search", q="专利", document=PLAN_ID)
    assert "文件:广西深入实施知识产权战略行动计划" in unescape(filtered.text)
    unit = get("/search", q="自治区版权局")
    assert "要找的是单位吗" in unit.text and '/unit/%E8%87%AA%E6%B2%BB%E5%8C%BA%E7%89%88%E6%9D%83%E5%B1%80"' in unit.text
    alias = get("/search", q="版权局")
    assert "要找的是单位吗" in alias.text
    long = get("/search", q="专利" * 100)  # at the limit the site accepts (search_pages.QUERY_LIMIT)
    assert long.status_code == 200
    heading = re.search(r"<h1>(.*?)</h1>", long.text, re.S).group(1)
    assert len(heading) < 80 and "…" in heading


def test_a_unit_has_one_count_of_its_tasks_everywhere(get, kb_conn):
    """Issue 14: the units index and the unit's page give the same number of tasks (unit_counts, clauses that
    ask something), and the page's roles add up to it."""
    for unit in ("自治区版权局", "自治区知识产权局", "自治区公安厅"):
        page = _text(_ok(get, f"/unit/{unit}"))
        total = int(re.search(r"共 (\d+) 条条文", page).group(1))
        expected = kb_conn.execute("""select count(*) from clause_units join clauses on clauses.id = clause_id
            where unit_id = ? and clauses.kind not in ('title', 'byline', 'doc_number', 'addressee', 'signature',
            'date', 'heading', 'attachment', 'table_header')
            and not (clauses.section_id is null and clause_units.basis = 'inferred')""", [unit]).fetchone()[0]
        assert total == expected, unit
        # the unit_tasks query lists the same tasks
        tasks = get("/kb/unit_tasks.json", unit=unit, _shape="array", _size="max").json()
        assert len(tasks) == total, unit
        html = _ok(get, f"/unit/{unit}")
        roles = [int(n) for n in re.findall(r"<h2>(?:牵头|配合|主送|提及|可能相关\(按职责推断,待确认\))\((\d+)\)</h2>", html)]
        assert sum(roles) == total, unit
        row = _ok(get, "/units").split(f">{unit}</a>", 1)[1].split("</tr>", 1)[0]
        assert re.findall(r"<td[^>]*>(\d+)</td>", row)[-1] == str(total), unit  # the index's 合计


def test_a_unit_the_plans_only_mention_gets_a_page_but_no_draft(get):
    """Issue 14: 国务院 is named only as an author; its page says so and offers no 实施方案 with 国务院 as 牵头."""
    page = _ok(get, "/unit/国务院")
    assert "draft.docx" not in page and "只提及这个单位" in page
    assert "draft.docx" in _ok(get, "/unit/自治区版权局")


def test_search_results_download_as_an_excel_workbook(get, kb_conn, tmp_path):
    """Issue 14: 下载 Excel 表格 on the search page gives a real .xlsx of the matching clauses (the same as the
    search finds), in Chinese, which Excel opens as it is."""
    import openpyxl

    page = _ok(get, "/search", q="质押")
    assert "下载 Excel 表格" in page
    response = get("/search.xlsx", q="质押")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    path = tmp_path / "search.xlsx"
    path.write_bytes(response.content)
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))[1:]  # under the line recording the query (issue 25)
    assert rows[0] == ("条文编号", "文件", "所在章节", "类型", "情态", "条文")
    expected = [i for (i,) in kb_conn.execute("select id from clauses where text like '%质押%' order by rowid")]
    assert [r[0] for r in rows[1:]] == expected and all("质押" in r[5] for r in rows[1:])
    assert not {r[3] for r in rows[1:]} & {"sentence", "heading", "goal"}


def test_the_clause_tables_search_box_leads_to_the_search_page_with_the_same_clauses(get):
    """Issue 14, fast at scale: a term typed into Datasette's search box on /kb/clauses (nothing but _search) goes
    to /search, which finds the same clauses in milliseconds at a million clauses; with a filter, a sort or as JSON
    it stays Datasette's table search."""
    moved = get("/kb/clauses", _search="质押 融资")
    assert moved.status_code == 302
    assert moved.headers["location"] == "/search?q=%E8%B4%A8%E6%8A%BC%20%E8%9E%8D%E8%B5%84"
    page = get("/search", q="质押 融资", order="document")
    shown = re.findall(r'href="/clause/([^"]+)"', page.text)
    table = [r["id"] for r in get("/kb/clauses.json", _search="质押 融资", _shape="array", _size="max").json()]
    assert shown and sorted(set(shown)) == sorted(table)
    assert get("/kb/clauses", _search="质押", kind="sentence").status_code == 200
    assert get("/kb/clauses", _search="质押", _sort="ordinal").status_code == 200
    assert get("/kb/clauses", _search="").status_code == 200


def test_a_cited_document_we_do_not_hold_links_its_official_source(tmp_path):
    """Issue 14: the page of a registered reference speaks to the public and links the official address, where
    references.yml has one (an example.org address in a copy of the corpus: no real address is invented)."""
    import asyncio
    import shutil

    from conftest import CORPUS, RULES
    from kb.build import build_kb
    from kb.publish import make_datasette

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    registry = corpus / "references.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("  - id: cn-gov-2013-88\n",
                                     "  - id: cn-gov-2013-88\n    source_url: https://www.example.org/gov/2013-88.htm\n", 1),
                        encoding="utf-8")
    db = tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db).ok
    datasette = make_datasette(db)
    page = asyncio.run(datasette.client.get("/doc/cn-gov-2013-88")).text
    assert '<a href="https://www.example.org/gov/2013-88.htm">官方网址</a>' in page
    assert "本库尚未收录这份文件的全文" in page and "kb add" not in page and "references.yml" not in page
    other = asyncio.run(datasette.client.get("/doc/cn-gov-2014-64")).text
    assert "官方网址" not in other  # no address, no link
