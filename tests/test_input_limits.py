"""Issue 23, point 8: inputs that would take the machine. A .docx that unpacks to hundreds of megabytes, a page
over the size limit and a YAML alias bomb are refused in one line naming the file, before they are read whole,
and leave the corpus and the KB as they were; segmenting a 2 MB document takes seconds, not minutes. Every input
is made here, for real: a zip built byte by byte, a page on disk, a sidecar in a corpus."""
from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS, NOTICE_ID, PLAN_ID, ROOT, RULES
from ingest_inputs import write_docx
from kb.build import build_kb
from kb.cli import cli
from kb.errors import InputError
from kb.extract import extract_file
from kb.extract.limits import KB_MAX_DOCX_UNPACKED_MB, KB_MAX_FILE_MB
from kb.structure.segment import segment
from kb.yamlfile import load_yaml

MB = 1024 * 1024
PYTHON = sys.executable


def _snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def _references_only(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    shutil.copy(CORPUS / "references.yml", corpus / "references.yml")
    return corpus


def _add(args, corpus: Path, env: dict | None = None):
    return CliRunner().invoke(cli, ["add", *map(str, args), "--corpus", str(corpus), "--rules", str(RULES),
                                    "--no-build"], env=env)


def _one_line_error(output: str, path: Path, *words: str):
    lines = [line for line in output.strip().split("\n") if str(path) in line]
    assert len(lines) == 1, output
    assert "Traceback" not in output, output
    for word in words:
        assert word in lines[0], output


# -- a .docx zip bomb ---------------------------------------------------------------------------------------------
def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _deflated_zeros(megabytes: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of ``megabytes`` MB of zero bytes, made without compressing them all:
    one megabyte compressed and flushed to a byte boundary with a fresh window, repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(MB)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * megabytes + compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    assert zlib.decompressobj(-15).decompress(stream[:len(block) * 2]) == zeros * 2  # the blocks do chain
    return stream, crc, megabytes * MB


def _zip(parts: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of (name, raw deflate data, CRC-32, unpacked size) parts, written field by field."""
    body, directory = b"", b""
    for name, data, crc, size in parts:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size,
                            len(encoded), 0) + encoded + data
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                 len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    return body + directory + end


def _docx_bomb(tmp_path: Path, megabytes: int) -> Path:
    """A real Word file (python-docx's own parts) whose word/document.xml is ``megabytes`` MB of zeros."""
    honest = write_docx(["关于测试的通知", "这是一份合成的测试文件。"], tmp_path / "honest.docx")
    parts = []
    with zipfile.ZipFile(honest) as archive:
        for info in archive.infolist():
            if info.filename == "word/document.xml":
                parts.append(("word/document.xml", *_deflated_zeros(megabytes)))
            else:
                data = archive.read(info)
                parts.append((info.filename, _raw_deflate(data), zlib.crc32(data), len(data)))
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_zip(parts))
    return bomb


def test_a_docx_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    """300 MB of zeros in 300 KB: refused by the sizes the zip declares, in a fraction of a second, in a process
    that never holds the part (the old code read all of it into memory before it failed on it)."""
    bomb = _docx_bomb(tmp_path, 300)
    assert bomb.stat().st_size < 1 * MB
    with zipfile.ZipFile(bomb) as archive:  # a well-formed archive: zipfile reads it, and it unpacks to 300 MB
        assert archive.getinfo("word/document.xml").file_size == 300 * MB
        assert archive.testzip() is None
    script = textwrap.dedent(f"""
        import resource, sys, time
        from kb.errors import InputError
        from kb.extract import extract_file
        started = time.perf_counter()
        try:
            extract_file({str(bomb)!r})
            print("READ")
        except InputError as error:
            print(error)
        print(round(time.perf_counter() - started, 2))
        # VmHWM, the peak of this program's own memory: ru_maxrss keeps the peak of the process it was forked
        # from (a pytest of many tests), which says nothing of what reading the file took.
        status = open("/proc/self/status").read()
        print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
    """)
    done = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    message, seconds, peak_mb = done.stdout.strip().split("\n")
    assert re.match(rf"{re.escape(str(bomb))}: refused: its parts unpack to 30\d\.\d MB", message), message
    assert f"{KB_MAX_DOCX_UNPACKED_MB:.1f} MB" in message and "KB_MAX_DOCX_UNPACKED_MB" in message
    assert int(peak_mb) < 250, f"peak RSS {peak_mb} MB: the part was unpacked"


def test_a_docx_bomb_leaves_the_corpus_as_it_was_and_the_limit_is_an_option(tmp_path):
    bomb = _docx_bomb(tmp_path, 30)
    corpus = _references_only(tmp_path)
    before = _snapshot(corpus)
    result = _add([bomb], corpus, env={"KB_MAX_DOCX_UNPACKED_MB": "10"})
    assert result.exit_code == 1
    _one_line_error(result.output, bomb, "refused: its parts unpack to 30.", "over the limit of 10.0 MB",
                    "KB_MAX_DOCX_UNPACKED_MB")
    assert _snapshot(corpus) == before
    # Under the default limit its parts are unpacked, and its zeros are no XML.
    result = _add([bomb], corpus)
    assert result.exit_code == 1 and "refused" not in result.output and "cannot open as .docx" in result.output
    assert _snapshot(corpus) == before


# -- a page over the size limit -----------------------------------------------------------------------------------
def _page(path: Path, megabytes: float) -> Path:
    paragraph = "<p>第一条 为推进知识产权质押融资工作，制定本办法。各有关部门应当按照职责分工做好相关工作。</p>\n"
    count = int(megabytes * MB / len(paragraph.encode())) + 1
    path.write_text("<html><head><meta charset='utf-8'><title>关于测试的通知</title></head><body>"
                    "<h1>关于测试的通知</h1>" + paragraph * count + "</body></html>", encoding="utf-8")
    return path


def test_a_page_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    page = _page(tmp_path / "huge.html", KB_MAX_FILE_MB + 1)
    started = time.perf_counter()
    with pytest.raises(InputError) as raised:
        extract_file(page)
    assert time.perf_counter() - started < 5
    message = str(raised.value)
    assert message.startswith(f"{page}: refused: the file is {KB_MAX_FILE_MB + 1:.1f} MB"), message
    assert f"over the limit of {KB_MAX_FILE_MB:.1f} MB" in message and "KB_MAX_FILE_MB" in message
    assert "\n" not in message


def test_the_file_size_limit_is_an_option_and_kb_add_writes_nothing_over_it(tmp_path):
    page = _page(tmp_path / "page.html", 1.5)
    with pytest.raises(InputError, match="refused: the file is 1.5 MB, over the limit of 1.0 MB"):
        extract_file(page, max_bytes=MB)
    corpus = _references_only(tmp_path)
    before = _snapshot(corpus)
    result = _add([page], corpus, env={"KB_MAX_FILE_MB": "1"})
    assert result.exit_code == 1
    _one_line_error(result.output, page, "refused: the file is 1.5 MB", "KB_MAX_FILE_MB")
    assert _snapshot(corpus) == before
    # Under the default limit the same page is read.
    assert "第一条" in extract_file(page).text


# -- a YAML alias bomb --------------------------------------------------------------------------------------------
def _laughs(levels: int) -> str:
    lines = ["a0: &a0 [哈哈哈哈哈哈哈哈哈哈]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_naming_the_file(tmp_path):
    bomb = tmp_path / "laughs.yml"
    bomb.write_text(_laughs(9), encoding="utf-8")  # 1 KB standing for 10⁹ lists of ten characters
    started = time.perf_counter()
    with pytest.raises(InputError) as raised:
        load_yaml(bomb)
    assert time.perf_counter() - started < 5
    message = str(raised.value)
    assert message.startswith(f"{bomb}: refused: its aliases (*name) expand it past 1,000,000 characters"), message
    assert "KB_MAX_YAML_EXPANSION" in message and "\n" not in message
    recursive = tmp_path / "recursive.yml"
    recursive.write_text("documents:\n  - &me [*me]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"recursive\.yml:2: refused: a recursive alias"):
        load_yaml(recursive)
    # Aliases that stand for a little more than they say are YAML as usual.
    assert load_yaml(tmp_path / "fine.yml", _laughs(3)) == load_yaml(tmp_path / "fine.yml", _laughs(3))
    assert len(load_yaml(tmp_path / "fine.yml", _laughs(3))["a3"]) == 10


def test_a_sidecar_alias_bomb_is_reported_by_kb_build_which_goes_on(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "bomb.txt").write_text("关于测试的通知\n这是一份合成的测试文件。\n", encoding="utf-8")
    long_name = "某某人民政府办公室" * 1000  # 9,000 characters, named 600 times: 5.4 million from 12 KB
    (corpus / "bomb.yml").write_text(textwrap.dedent(f"""\
        # synthetic: an alias bomb in a sidecar
        source_file: bomb.txt
        documents:
          - id: bomb
            title: 关于测试的通知
            addressees:
              - &unit {long_name}
        """) + "      - *unit\n" * 600, encoding="utf-8")
    assert (corpus / "bomb.yml").stat().st_size < 60_000
    with monkeypatch.context() as raised_limit:  # what the sidecar stands for: 601 names of 9,000 characters
        raised_limit.setenv("KB_MAX_YAML_EXPANSION", "1000")
        assert len(load_yaml(corpus / "bomb.yml")["documents"][0]["addressees"]) == 601
    before = _snapshot(corpus)
    out = tmp_path / "kb.db"
    report = build_kb(corpus, RULES, out, jobs=1)
    problems = [str(p) for p in report.problems]
    assert len(problems) == 1 and problems[0].startswith(f"{corpus / 'bomb.yml'}: refused: its aliases"), problems
    conn = sqlite3.connect(out)
    ids = {row[0] for row in conn.execute("select id from documents")}
    assert {NOTICE_ID, PLAN_ID} <= ids and "bomb" not in ids
    assert out.stat().st_size < 20 * MB
    assert _snapshot(corpus) == before


# -- segmentation in linear time ----------------------------------------------------------------------------------
def _repeating_document(size: int) -> str:
    """A document that prints the same number again and again (a compilation of items each numbered 二、), each
    item of several short clauses: what made segmentation quadratic (every repeat tried -2, -3 … in turn, and
    every clause counted its line from the start of the text)."""
    item = "二、推进专利质押融资;完善服务体系。加强保护。\n"
    return "关于测试的通知\n" + item * (size // len(item.encode()) + 1)


def test_segmenting_a_2_mb_document_takes_seconds_and_keeps_the_ids(structure_rules):
    text = _repeating_document(2 * MB)
    started = time.perf_counter()
    structure = segment("big", text, structure_rules)
    seconds = time.perf_counter() - started
    # Seconds now; the quadratic code took 276 s for this document on the machine these tests were written on.
    assert seconds < 60, f"{seconds:.1f} s to segment 2 MB"
    repeats = text.count("二、")
    items = [s for s in structure.sections if s.level == 1]
    # The k-th 二、 is big.2-k, as it always was, and its clauses are numbered under it.
    assert [s.id for s in items[:3]] == ["big.2", "big.2-2", "big.2-3"]
    assert len(items) == repeats and items[-1].id == f"big.2-{repeats}"
    last = [c.id for c in structure.clauses if c.section_id == items[-1].id]
    assert last == [f"big.2-{repeats}.1.{n}" for n in range(1, len(last) + 1)] and len(last) >= 3
    assert len({c.id for c in structure.clauses}) == len(structure.clauses)
    for clause in structure.clauses[::997] + structure.clauses[-3:]:
        assert clause.line == text.count("\n", 0, clause.char_start) + 1
        assert text[clause.char_start:clause.char_end] == clause.text


HOSTILE_RUN = 30_000  # characters in each hostile run; a line may hold 100,000 (kb.extract.decode.MAX_LINE_CHARS)


def test_a_page_of_hostile_runs_is_read_in_time_linear_in_its_runs(tmp_path):
    # hostile: lines a scraped or crafted page may hold: a bracket and a long run of spaces (a blank cell), spaces
    # before a lone ?, tabs after a label, a run of digits before 年, dashes before 网, a bracket, spaces and a 文号.
    # Each of these once made a pattern backtrack with the square or the cube of the run: at 1,600 characters a
    # one-page build took 30 s, and at this length it would take hours. So did a run of digits before a count (the
    # square: 11 s at this length). Names before 分别, an issuer's mark before no title and the words around each of
    # thousands of names in running text are read in bounded windows. The timeout guards against a hang, it measures nothing: the build takes seconds.
    n = HOSTILE_RUN
    page = "\n".join([
        "青岚市云河区人民政府办公室关于印发云河区停车设施建设工作方案的通知",
        "【" + " " * n + "x,y",
        "完成" + " " * n + "?",
        "完成" + " ?" * (n // 2),
        "发布机构" + "\t" * n + "x",
        "1" * n + "年",
        "标题" + "-" * n + "网",
        "(" + " " * n + "云府办〔2031〕7号",
        "甲" * n + "。" + "乙" * n + "分别达到90%、95%",  # names before 分别, with no 、 to pair them
        "完成投资" + "1" * n + "x项目5个",  # a run of digits where a class amount (10亿元以上项目) may stand
        "青岚市人民政府办公室文件 " + "关于" * (n // 2),  # an issuer's mark, then no notice's title
        "由" + "市财政局、" * (n // 5) + "负责",  # thousands of names, each once read with the whole clause around it
        "各街道办事处,区政府各部门:",
        "一、工作目标",
        "到2033年,全区新建公共停车泊位3000个。",
        "",
    ])
    source = tmp_path / "page.txt"
    source.write_text(page, encoding="utf-8")
    script = textwrap.dedent(f"""
        import sqlite3, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from kb.add.plan import plan_additions
        from kb.add.write import write_additions
        from kb.build import build_kb
        from kb.rules import load_rules
        corpus = Path({str(tmp_path / "corpus")!r}); corpus.mkdir()
        plan = plan_additions([Path({str(source)!r})], corpus, load_rules(Path({str(RULES)!r})))
        assert plan.ok, plan.problems
        write_additions(plan)
        report = build_kb(corpus, Path({str(RULES)!r}), Path({str(tmp_path / "kb.db")!r}), jobs=1)
        assert report.ok, report.problems
    """)
    subprocess.run([PYTHON, "-c", script], check=True, timeout=600)
    conn = sqlite3.connect(tmp_path / "kb.db")
    title = conn.execute("select title from documents").fetchone()[0]
    assert title == "青岚市云河区人民政府办公室关于印发云河区停车设施建设工作方案的通知"
    targets = conn.execute("select value, unit, year from targets where kind = 'target'").fetchall()
    assert targets == [(3000.0, "个", 2033)]


def test_a_piece_of_thousands_of_figures_reads_its_first_hundred(tmp_path):
    # hostile: one piece (no comma) of 1,000 figures. Each figure reads the piece around it, so reading them all took
    # time growing with the square of the piece (60 s at 30,000 characters); a real piece holds a few.
    figures = "、".join(f"新建泊位{i}个" for i in range(1, 1001))
    conn = _added_and_built(tmp_path, f"青岚市云河区2033年重点工作\n到2033年,{figures}。\n")
    values = [v for (v,) in conn.execute("select value from targets order by value")]
    assert values == [float(i) for i in range(1, 101)]


def test_an_item_of_thousands_of_note_lines_spreads_its_first_hundred_units(tmp_path):
    # hostile: one item of 400 note lines, each naming another unit. Every note covered every clause, a tag for
    # each pair (time and memory growing with the square of the lines); a run now spreads its first hundred units.
    signs = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    notes = "".join(f"责任单位:区{a}{b}局\n" for a in signs for b in signs)
    page = f"青岚市云河区2033年重点工作\n{notes}"
    conn = _added_and_built(tmp_path, page)
    most = conn.execute("select max(n) from (select count(*) n from clause_units group by clause_id)").fetchone()[0]
    named = conn.execute("select count(distinct unit_id) from clause_units").fetchone()[0]
    assert named >= 400 and most <= 101


def test_a_column_of_unit_labels_is_no_record_of_label_and_value(tmp_path):
    # hostile: 3,000 lines of 责任单位 alone. A label over its value makes one note line with it, but a label is no
    # value: the lines stay apart, and none names 责任单位 as a unit.
    page = "青岚市云河区2033年重点工作\n" + "责任单位\n" * 3000 + "区卫健局\n"
    conn = _added_and_built(tmp_path, page)
    assert conn.execute("select count(*) from clause_units where unit_id like '%责任单位%'").fetchone()[0] == 0


def _added_and_built(tmp_path: Path, page: str) -> sqlite3.Connection:
    """``page`` filed by kb add into a fresh corpus and built with one process; a connection to the KB."""
    from kb.add.plan import plan_additions
    from kb.add.write import write_additions
    from kb.rules import load_rules
    source = tmp_path / "page.txt"
    source.write_text(page, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    plan = plan_additions([source], corpus, load_rules(RULES))
    assert plan.ok, plan.problems
    write_additions(plan)
    report = build_kb(corpus, RULES, tmp_path / "kb.db", jobs=1)
    assert report.ok, report.problems
    return sqlite3.connect(tmp_path / "kb.db")
