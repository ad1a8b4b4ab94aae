"""Issue 24, point 6: one corpus reader. `kb build` (which reads each file in its workers and checks across files
on the KB it writes), `kb add`'s inventory and `kb synth`'s read_corpus read a corpus the same way: the same
documents, the same problems in the same words, the same notices. Every text here is synthetic."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import RULES
from kb.build import build_kb
from kb.corpus_reader import read_corpus, read_text_files

TEXT = "（合成测试文本，非真实文件）\n青岚市{name}实施方案\n一、总体要求\n加强{name}工作。\n"


def _file(corpus: Path, stem: str, sidecar: str, data: bytes | None = None) -> None:
    (corpus / f"{stem}.txt").write_bytes(data if data is not None else TEXT.format(name=stem).encode("utf-8"))
    (corpus / f"{stem}.yml").write_text(sidecar, encoding="utf-8")


def _troubled_corpus(tmp_path: Path) -> Path:
    """A corpus with one of each problem the reader checks across files, and a file in GB18030."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _file(corpus, "a-plan", "documents:\n  - id: ql-plan\n    title: 青岚市甲实施方案\n")
    _file(corpus, "b-gbk", "documents:\n  - id: ql-gbk\n    title: 青岚市乙实施方案\n    parent: ql-plan\n",
          TEXT.format(name="乙").encode("gb18030"))
    # The same id as a-plan's: the whole file is left out, as the build leaves it out.
    _file(corpus, "c-twice", "documents:\n  - id: ql-plan\n    title: 青岚市丙实施方案\n")
    _file(corpus, "d-orphan-parent", "documents:\n  - id: ql-orphan\n    title: 青岚市丁实施方案\n    parent: ql-none\n")
    _file(corpus, "e-broken", "documents:\n  - id: Bad Id\n    title: 坏\n")
    (corpus / "f-lonely.yml").write_text("documents:\n  - id: ql-lonely\n    title: 孤\n", encoding="utf-8")
    (corpus / "references.yml").write_text(
        "documents:\n  - id: ql-ref\n    title: 青岚市戊实施方案\n    parent: ql-plan\n"
        "  - id: ql-gbk\n    title: 青岚市乙实施方案（登记）\n", encoding="utf-8")
    return corpus


def test_the_build_and_read_corpus_read_a_corpus_alike(tmp_path):
    corpus = _troubled_corpus(tmp_path)
    read = read_corpus(corpus)
    report = build_kb(corpus, RULES, tmp_path / "kb.db", jobs=1)
    assert sorted(map(str, read.problems)) == sorted(map(str, report.problems))
    assert read.notices == [n for n in report.notices if "GB18030" in n] and len(read.notices) == 1
    problems = "\n".join(map(str, read.problems))
    for expected in ("c-twice.txt: document id 'ql-plan' is used twice (also in a-plan.txt)",
                     "references.yml: document id 'ql-gbk' is used twice (also in b-gbk.txt)",
                     "d-orphan-parent.txt: document 'ql-orphan' names parent 'ql-none', which is not in the corpus",
                     "e-broken.yml:2: document id 'Bad Id' must be lower-case ASCII",
                     "f-lonely.yml: sidecar without a text file of the same name"):
        assert expected in problems, expected
    conn = sqlite3.connect(tmp_path / "kb.db")
    in_kb = dict(conn.execute("select id, parent_id from documents"))
    assert {d.id: d.parent_id for d in read.documents} == in_kb == {
        "ql-plan": None, "ql-gbk": "ql-plan", "ql-orphan": None, "ql-ref": "ql-plan"}
    assert [s.file for s in read.sources] == sorted(f for (f,) in conn.execute("select file from sources"))


def test_kb_add_reads_each_file_on_its_own(tmp_path):
    """kb add's inventory (read_text_files) holds every file that reads, even one whose id another took: a new
    file is checked against all the corpus holds; the files that do not read are its problems."""
    corpus = _troubled_corpus(tmp_path)
    files = read_text_files(corpus)
    assert [s.file for s in files.sources] == ["a-plan.txt", "b-gbk.txt", "c-twice.txt", "d-orphan-parent.txt"]
    assert [d.title for d in files.documents if d.id == "ql-plan"] == ["青岚市甲实施方案", "青岚市丙实施方案"]
    assert [Path(p.path).name for p in files.problems] == ["e-broken.yml"]
    assert files.notices == [f"{corpus / 'b-gbk.txt'}: decoded as GB18030, not UTF-8"]
