"""Segmentation on other document styles (synthetic fixtures) and the lossless property over generated documents."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kb.normalize import parsing_view
from kb.structure.segment import segment


def assert_lossless(text, structure):
    """The clauses, in order, reproduce the text but for whitespace between them."""
    position = 0
    view = parsing_view(text)
    for clause in structure.clauses:
        assert clause.char_start >= position
        assert view[position:clause.char_start].strip() == "", repr(text[position:clause.char_start])
        assert text[clause.char_start:clause.char_end] == clause.text
        position = clause.char_end
    assert view[position:].strip() == ""


def test_articles_and_chapters(structure_rules):
    text = ("（以下为测试用合成文本，非真实文件）\n"
            "第一章　总则\n"
            "第一条　为了规范测试工作，制定本办法。\n"
            "第二条　本办法适用于全区。县级以上人民政府应当加强领导。\n"
            "第二章　附则\n"
            "第三条　本办法自发布之日起施行。\n")
    result = segment("synthetic-measures", text, structure_rules)
    sections = [(s.id, s.number, s.heading, s.rule_id) for s in result.sections]
    assert sections == [
        ("synthetic-measures.1", "第一章", "总则", "number.chapter"),
        ("synthetic-measures.1.1", "第一条", None, "number.article"),
        ("synthetic-measures.1.2", "第二条", None, "number.article"),
        ("synthetic-measures.2", "第二章", "附则", "number.chapter"),
        ("synthetic-measures.2.3", "第三条", None, "number.article"),
    ]
    by_id = {c.id: c.text for c in result.clauses}
    assert by_id["synthetic-measures.1.2.1.1"] == "第二条　本办法适用于全区。"
    assert by_id["synthetic-measures.1.2.1.2"] == "县级以上人民政府应当加强领导。"
    assert_lossless(text, result)


def test_ladder_is_read_per_document(structure_rules):
    # This document's top level is 1. and its second level (1); another's top level is (一).
    first = "（合成测试文本）\n1.总体目标\n(1)第一项任务。\n(2)第二项任务。\n2.保障措施\n(1)加强领导。\n"
    result = segment("synthetic-a", first, structure_rules)
    assert [(s.id, s.level) for s in result.sections] == [
        ("synthetic-a.1", 1), ("synthetic-a.1.1", 2), ("synthetic-a.1.2", 2), ("synthetic-a.2", 1),
        ("synthetic-a.2.1", 2)]
    second = "（合成测试文本）\n（一）工作目标。\n1．到2020年，建成平台。\n①完成第一步。\n②完成第二步。\n（二）工作要求。\n"
    result = segment("synthetic-b", second, structure_rules)
    assert [(s.id, s.number, s.level) for s in result.sections] == [
        ("synthetic-b.1", "（一）", 1), ("synthetic-b.1.1", "1．", 2), ("synthetic-b.1.1.1", "①", 3),
        ("synthetic-b.1.1.2", "②", 3), ("synthetic-b.2", "（二）", 1)]
    assert_lossless(second, result)


def test_item_with_responsibility_note_stays_one_clause(structure_rules):
    text = "（合成测试文本）\n一、主要目标\n1.每万人口发明专利拥有量达到12件。(知识产权局负责)\n2.加强保护。\n"
    result = segment("synthetic-national", text, structure_rules)
    texts = [c.text for c in result.clauses]
    assert "1.每万人口发明专利拥有量达到12件。(知识产权局负责)" in texts


def test_full_width_crlf_bom_and_spaces_are_read_but_kept(structure_rules):
    text = "\ufeff（合成测试文本）\r\n一、总体要求\r\n（一）指导思想。\r\n\u3000\u3000到２０２０年，建成体系；完善机制。\xa0\r\n"
    result = segment("synthetic-fw", text, structure_rules)
    assert [(s.number, s.heading) for s in result.sections] == [("一、", "总体要求"), ("（一）", "指导思想")]
    texts = [c.text for c in result.clauses]
    assert "到２０２０年，建成体系；" in texts and "完善机制。" in texts  # original characters stored
    assert_lossless(text, result)


def test_unclosed_bracket_does_not_swallow_the_paragraph(structure_rules):
    text = "（合成测试文本）\n一、要求\n落实《某某规定精神。加强管理。推动发展。\n"
    result = segment("synthetic-unclosed", text, structure_rules)
    assert [c.text for c in result.clauses][-3:] == ["落实《某某规定精神。", "加强管理。", "推动发展。"]


def test_plan_is_lossless(kb_conn):
    for document_id, text in kb_conn.execute("select id, text from documents where text_available = 1"):
        clauses = kb_conn.execute("select text, char_start, char_end from clauses where document_id = ? "
                                  "order by ordinal", (document_id,)).fetchall()
        position = 0
        for clause_text, start, end in clauses:
            assert parsing_view(text[position:start]).strip() == ""
            assert text[start:end] == clause_text
            position = end
        assert parsing_view(text[position:]).strip() == ""


# Generated documents: numbering markers of every style, sentences with brackets and quotes, odd whitespace.
_markers = st.sampled_from(["一、", "二、", "（一）", "(二)", "1.", "2．", "(1)", "（2）", "①", "②", "第三条 ", "第一章 ",
                            "——", ""])
_words = st.sampled_from(["知识产权", "专利", "加强", "推进", "《企业知识产权管理规范》", "“走出去”", "(试行)",
                          "国办发〔2014〕64号", "10万件", "２０２０年", "，", ",", "、", "《未闭合", "“", ")", "PCT"])
_enders = st.sampled_from(["。", "；", ";", "！", "？", "", "。”", "。(知识产权局负责)"])
_spaces = st.sampled_from(["", " ", "\u3000", "\xa0", "\t"])
_newlines = st.sampled_from(["\n", "\r\n", "\n\n", "\n \n"])
_sentence = st.builds(lambda ws, e: "".join(ws) + e, st.lists(_words, min_size=1, max_size=6), _enders)
_line = st.builds(lambda sp, m, ss, tail: sp + m + "".join(ss) + tail, _spaces, _markers,
                  st.lists(_sentence, min_size=0, max_size=4), _spaces)
_document = st.builds(lambda bom, lines, nls: bom + "".join(l + nl for l, nl in zip(lines, nls)),
                      st.sampled_from(["", "\ufeff"]), st.lists(_line, min_size=1, max_size=12),
                      st.lists(_newlines, min_size=12, max_size=12))


@settings(max_examples=300, deadline=None)
@given(text=_document, title=st.sampled_from([None, "知识产权", "专利"]))
def test_segmentation_is_lossless_on_generated_documents(structure_rules, text, title):
    result = segment("generated", text, structure_rules, title=title)
    assert_lossless(text, result)
    ids = [c.id for c in result.clauses]
    assert len(ids) == len(set(ids))
    assert len({s.id for s in result.sections}) == len(result.sections)
    assert all(i.isascii() for i in ids)
    # The same text gives the same ids.
    assert [c.id for c in segment("generated", text, structure_rules, title=title).clauses] == ids
