"""kb.ids: the duplicate-suffix rule, printed numbers, document ids, walking up the section tree, and design.md's
promises about the ids kb.structure makes (built from printed numbers; editing one paragraph changes no id outside
it; the id-prefix guarantee). The documents are synthetic."""
from __future__ import annotations

import random

import pytest

from kb.doc_numbers import number_reader
from kb.ids import (UniqueIds, ancestors, citation_id, clause_id, document_id, file_slug, first_free,
                    is_document_id, number_part, target_id, top_section, within)
from kb.rules import load_rules
from kb.structure.segment import segment

from conftest import RULES

TITLE = "青岚市人民政府办公室关于印发青岚市测试工作方案的通知"
ISSUER = "青岚市人民政府办公室"
# (line, whether it is a paragraph of the body one may edit)
LINES = [
    ("（以下为测试用合成文本，非真实文件）", False),
    (TITLE, False),
    ("各区人民政府，市政府各部门：", False),
    ("现将《青岚市测试工作方案》印发给你们，请认真贯彻执行。", True),
    ("一、总体要求", False),
    ("坚持统筹推进。到2025年，全市测试工作取得明显成效。各区要加强协调。", True),
    ("二、重点任务", False),
    ("（一）加强制度建设", False),
    ("1.完善测试规范。制定统一的测试标准，建立评估机制。(市测试局负责)", True),
    ("2.推动数据共享。建立共享平台，打通部门数据。", True),
    ("牵头单位：市数据局", False),
    ("（二）强化人才支撑", False),
    ("培养测试人才。支持高校开设相关课程，鼓励企业参与培训。", True),
    ("引进高层次人才，完善激励政策。", True),
    ("（二）强化人才支撑", False),  # printed twice: the second is doc.2.2-2
    ("各区要建立人才库，定期更新。", True),
    ("三、保障措施", False),
    ("各部门要加强组织领导，明确责任分工。要加强督促检查，确保各项任务落到实处。", True),
    (ISSUER, False),
    ("2024年3月1日", False),
]
EDITS = [
    lambda line: line + "另增一句测试内容。",  # a sentence more
    lambda line: line.replace("。", "。新插入的一句话。", 1),  # a sentence inserted after the first
    lambda line: _reworded(line),  # a word
]


def _reworded(line: str) -> str:
    """``line`` with its first word of a few replaced by another of the same length."""
    old = next(word for word in ("测试", "建立", "人才", "要", "印发") if word in line)
    return line.replace(old, {"测试": "检验", "建立": "搭建", "人才": "人员", "要": "须", "印发": "下发"}[old], 1)


def _segment(lines: list[str], rules):
    return segment("syn-doc", "\n".join(lines) + "\n", rules, title=TITLE, issuer=ISSUER,
                   addressees=["各区人民政府", "市政府各部门"])


def _outside(structure, line_index: int, lines: list[str]) -> tuple[set, list]:
    """The (id, text, kind, section, item) of the clauses outside line ``line_index`` of ``lines``, and the
    sections."""
    start = sum(len(line) + 1 for line in lines[:line_index])
    end = start + len(lines[line_index])
    clauses = {(c.id, c.text, c.kind, c.section_id, c.item_id) for c in structure.clauses
               if c.char_end <= start or c.char_start >= end}
    # A section's id whatever its line; its heading where its line is not the one edited.
    sections = [(s.id, s.parent_id, s.number, s.kind, s.heading if s.char_end <= start or s.char_start >= end else "")
                for s in structure.sections]
    return clauses, sections


def test_the_synthetic_document_reads_as_its_ladder(structure_rules):
    structure = _segment([line for line, _ in LINES], structure_rules)
    assert [(s.id, s.number) for s in structure.sections if s.kind in ("numbered", "item")] == [
        ("syn-doc.1", "一、"), ("syn-doc.2", "二、"), ("syn-doc.2.1", "（一）"), ("syn-doc.2.1.1", "1."),
        ("syn-doc.2.1.2", "2."), ("syn-doc.2.2", "（二）"), ("syn-doc.2.2-2", "（二）"), ("syn-doc.3", "三、")]
    by_id = {c.id: c for c in structure.clauses}
    assert by_id["syn-doc.0.2.1"].kind == "title" and by_id["syn-doc.0.3.1"].kind == "addressee"
    assert by_id["syn-doc.1.1.2"].text == "到2025年，全市测试工作取得明显成效。"
    assert by_id["syn-doc.2.1.2.2.1"].kind == "note" and by_id["syn-doc.2.1.2.2.1"].item_id == "syn-doc.2.1.2.1.1"
    assert by_id["syn-doc.2.2-2.1.1"].text == "各区要建立人才库，定期更新。"


@pytest.mark.parametrize("edit", range(len(EDITS)))
def test_editing_one_paragraph_changes_no_id_outside_it(structure_rules, edit):
    """design.md: ids are built from printed numbers, so editing one paragraph changes no id outside it."""
    lines = [line for line, _ in LINES]
    before = _segment(lines, structure_rules)
    editable = [i for i, (_, body) in enumerate(LINES) if body]
    for i in editable:
        edited = list(lines)
        edited[i] = EDITS[edit](lines[i])
        assert edited[i] != lines[i]
        after = _segment(edited, structure_rules)
        assert _outside(after, i, edited) == _outside(before, i, lines), (i, edited[i])
        # The edit did change the paragraph's own clauses, so the comparison above compares something.
        inside_before = {(c.id, c.text) for c in before.clauses} - _outside(before, i, lines)[0]
        inside_after = {(c.id, c.text) for c in after.clauses} - _outside(after, i, edited)[0]
        assert inside_before != inside_after


def test_ids_keep_the_prefix_guarantee(structure_rules):
    """A section's id starts with its parent's (or the document's) id and '.'; a clause's with its container's: its
    own section's, its one-paragraph section's parent's, or the front matter's (doc.0)."""
    structure = _segment([line for line, _ in LINES], structure_rules)
    sections = {s.id: s for s in structure.sections}
    for section in structure.sections:
        assert section.id.startswith((section.parent_id or "syn-doc") + ".")
    kinds = set()
    for clause in structure.clauses:
        section = sections.get(clause.section_id)
        if section is None:
            container = "syn-doc.0"
        elif section.kind in ("run-in", "goal"):
            container = section.parent_id
        else:
            container = section.id
        kinds.add(section.kind if section else None)
        assert clause.id.startswith(container + ".") and within(clause.id, container), clause.id
        assert clause.id == clause_id(container, clause.paragraph, clause.sentence)
    assert {None, "numbered", "item", "run-in"} <= kinds


def test_first_free_gives_the_first_suffix_not_taken():
    assert first_free("doc", set()) == "doc"
    assert first_free("doc", {"doc"}) == "doc-2"
    assert first_free("doc", {"doc", "doc-2"}) == "doc-3"
    assert first_free("doc", {"doc", "doc-3"}) == "doc-2"  # a gap is filled
    assert first_free("page", {"page.html", "page-2.html"}, tail=".html") == "page-3.html"
    assert first_free("page", {"page-2.html"}, tail=".html") == "page.html"


def test_unique_ids_give_what_trying_each_suffix_in_turn_gives():
    """UniqueIds remembers the last suffix of each candidate; its ids are first_free's, whatever the order, with
    candidates that look like suffixed ids among them."""
    chooser = random.Random(24)
    pool = ["a", "a-2", "a-3", "b", "a-2-2", "b-2"]
    for _ in range(200):
        ids, taken = UniqueIds(), set()
        for candidate in chooser.choices(pool, k=12):
            expected = first_free(candidate, taken)
            taken.add(expected)
            assert ids.claim(candidate) == expected
        assert ids.taken == taken
    ids = UniqueIds()
    assert [ids.claim("x") for _ in range(4)] == ["x", "x-2", "x-3", "x-4"]


def test_printed_numbers_become_id_parts():
    assert number_part("十二", "chinese") == "12"
    assert number_part("3", "chinese") == "3"
    assert number_part("③", "circled") == "3"
    assert number_part("c", "latin") == "3"
    with pytest.raises(ValueError):
        number_part("三", "arabic")
    assert target_id("d.1.1.1", 2) == "d.1.1.1.t2" and citation_id("d.1.1.1", 1) == "d.1.1.1.c1"


def test_document_ids_are_validated_and_made_from_a_number_or_a_title():
    assert is_document_id("cn-gov-2014-64") and is_document_id("2015plan")
    for bad in ("", "-x", "Gx", "gx_1", "gx.1", "广西", "gx\n"):
        assert not is_document_id(bad), bad
    numbers = number_reader(load_rules(RULES).citations.number)
    assert document_id(numbers, set(), doc_number="国办发〔2014〕64号") == "cn-gov-2014-64"
    assert document_id(numbers, {"cn-gov-2014-64"}, doc_number="国办发[2014]64号") == "cn-gov-2014-64-2"
    assert document_id(numbers, set(), title="青岚市测试方案(2021—2025年)", date="2021-03-01") == "qlscsfa-2021"
    assert document_id(numbers, set(), title="Plan") == "plan"
    assert document_id(numbers, {"doc"}, title="") == "doc-2"
    assert file_slug("通知 (2024)/附件") == "通知-2024-附件" and file_slug("...") == "page"


def test_ancestors_walk_up_the_section_tree():
    parents = {"d.2.1.3": "d.2.1", "d.2.1": "d.2", "d.2": None, "x": "y", "y": "x"}
    assert list(ancestors("d.2.1.3", parents)) == ["d.2.1.3", "d.2.1", "d.2"]
    assert list(ancestors(None, parents)) == []
    assert list(ancestors("x", parents)) == ["x", "y"]  # a cycle in bad data ends the walk
    assert top_section("d.2.1.3", parents) == "d.2" and top_section(None, parents) is None
    assert within("d.2.1", "d.2") and within("d.2", "d.2") and not within("d.20", "d.2")
