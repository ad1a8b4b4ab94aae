"""Issue 23, point 4: a killed `kb add` never loses a document. A real `kb add` process, filing into a real corpus
and KB, is killed (SIGKILL) at 20 random moments spread over its run and stopped (SIGTERM) at 3; after each, the KB
as it stands, or else after the next `kb add` of another document, holds exactly what a rebuild of the corpus
gives. A SIGTERM rolls back as Ctrl-C does: the KB as it stands is already the rebuild's."""
from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import RULES
from kb.build import build_kb

SYNTHETIC = ("(合成测试文本:为测试编写,非真实文件)\n青岚市{name}实施方案\n青岚市人民政府办公室\n2016年3月1日\n"
             "一、工作目标\n1.推进{name}工作,建立工作台账。(市{name}局负责)\n"
             "2.到2020年,{name}示范项目达到{n}个。(市{name}局牵头,市财政局配合)\n")
FIRST, SECOND = "汐云枫岚澄翠碧青丹玉", "岭澜渚湾溪峰川江湖岸"
REFERENCE_NAME = "专利导航"  # registered in references.yml: filing it rewrites references.yml too
KILLS, TERMS = 20, 3


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, name in enumerate(["海岱", "松桥"], start=1):
        stem = f"seed-{n}"
        (corpus / f"{stem}.txt").write_text(SYNTHETIC.format(name=name, n=n), encoding="utf-8")
        (corpus / f"{stem}.yml").write_text(f"source_file: {stem}.txt\ndocuments:\n  - id: {stem}\n"
                                            f"    title: 青岚市{name}实施方案\n    kind: plan\n", encoding="utf-8")
    (corpus / "references.yml").write_text(
        "# Synthetic references for the fault test.\ndocuments:\n"
        f"  - id: ql-ref-patent\n    title: 青岚市{REFERENCE_NAME}实施方案\n    issuer: 青岚市人民政府办公室\n"
        "    kind: plan\n"
        "  - id: ql-ref-other\n    title: 青岚市商标品牌实施方案\n    issuer: 青岚市人民政府办公室\n    kind: plan\n",
        encoding="utf-8")
    return corpus


def _sources(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = [a + b for b in SECOND for a in FIRST]
    names.insert(4, REFERENCE_NAME)
    for n, name in enumerate(names, start=10):
        path = folder / f"doc-{n}.txt"
        path.write_text(SYNTHETIC.format(name=name, n=n), encoding="utf-8")
        yield path


def _start_add(source: Path, corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "add", str(source), "--corpus", str(corpus),
                             "--rules", str(RULES), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _add(source: Path, corpus: Path, db: Path) -> float:
    started = time.monotonic()
    process = _start_add(source, corpus, db)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, out + err
    return time.monotonic() - started


def _state(db: Path):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {"documents": sorted(map(repr, conn.execute("select * from documents"))),
                "clauses": conn.execute("select count(*) from clauses").fetchone()[0],
                "sources": sorted(f for (f,) in conn.execute("select file from sources"))}
    finally:
        conn.close()


_REBUILT: dict[str, dict] = {}


def _rebuilt(corpus: Path, tmp_path: Path):
    """What `kb build` of the corpus gives (into another file); built again only when the corpus changed."""
    digest = hashlib.sha256()
    for path in sorted(corpus.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    key = digest.hexdigest()
    if key not in _REBUILT:
        out = tmp_path / "rebuilt" / "kb.db"
        build_kb(corpus, RULES, out, jobs=1)
        _REBUILT[key] = _state(out)
    return _REBUILT[key]


def _text_files(corpus: Path) -> int:
    return sum(1 for p in corpus.iterdir() if p.suffix == ".txt" and not p.name.startswith("."))


def _kill(process: subprocess.Popen, number: int, after: float, corpus: Path | None = None) -> tuple[int, str]:
    """Send ``number`` ``after`` seconds from now; with ``corpus``, ``after`` seconds after the add's files
    appear there (the KB step), or when it ends."""
    if corpus is not None:
        files = _text_files(corpus)
        while process.poll() is None and _text_files(corpus) == files:
            time.sleep(0.005)
    time.sleep(after)
    process.send_signal(number)
    out, err = process.communicate(timeout=120)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # its pipeline worker, if the kill left it behind
    except (ProcessLookupError, PermissionError):
        pass
    return process.returncode, out + err


def test_a_killed_or_stopped_add_leaves_a_kb_the_next_add_brings_to_what_a_rebuild_gives(tmp_path):
    corpus, db = _corpus(tmp_path), tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db, jobs=1).ok
    sources = _sources(tmp_path)
    # A normal run's length, measured (the shorter of two): the moments of the kills are spread over it.
    normal = min(_add(next(sources), corpus, db) for _ in range(2))
    assert _state(db) == _rebuilt(corpus, tmp_path)
    rng = random.Random(23)
    moments = [("KILL", (k + rng.random()) / KILLS * normal) for k in range(KILLS)]
    # SIGTERM in the KB step: at a random moment of the half of a normal run after the files are written
    moments += [("TERM", (k + rng.random()) / TERMS * normal / 2) for k in range(TERMS)]
    outcomes = {"before writing": 0, "corpus ahead of the KB, mended by the next add": 0, "KB updated": 0,
                "stopped and rolled back": 0, "stopped before it handled signals": 0}
    for kind, after in moments:
        source = next(sources)
        title = source.read_text(encoding="utf-8").split("\n")[1]
        process = _start_add(source, corpus, db)
        if kind == "KILL":
            code, output = _kill(process, signal.SIGKILL, after)
        else:
            code, output = _kill(process, signal.SIGTERM, after, corpus)
        rebuilt = _rebuilt(corpus, tmp_path)
        as_it_stands = _state(db)
        filed = any(title in row for row in rebuilt["documents"])
        if kind == "TERM":
            # Stopped as by Ctrl-C: the corpus put back (or the add complete), the KB the rebuild's, no next add.
            assert code in (-signal.SIGTERM, 128 + signal.SIGTERM, 0), output
            assert as_it_stands == rebuilt, (after, output)
            if "taken back out" in output:
                assert not filed, output
                outcomes["stopped and rolled back"] += 1
            elif code == -signal.SIGTERM:
                outcomes["stopped before it handled signals"] += 1
            else:
                outcomes["KB updated" if filed else "before writing"] += 1
            continue
        if as_it_stands == rebuilt:
            outcomes["KB updated" if filed else "before writing"] += 1
            continue
        # Killed between writing its files and the KB's commit: the next add of another document mends the KB.
        assert filed, (after, output)
        outcomes["corpus ahead of the KB, mended by the next add"] += 1
        _add(next(sources), corpus, db)
        assert _state(db) == _rebuilt(corpus, tmp_path), (after, output)
    print(f"\nfault test: normal run {normal:.2f} s; {KILLS} SIGKILL, {TERMS} SIGTERM: {outcomes}")
    assert outcomes["corpus ahead of the KB, mended by the next add"] >= 2, outcomes  # the kills hit the KB step
    assert outcomes["stopped and rolled back"] >= 1, outcomes  # and the SIGTERMs
    assert sum(outcomes.values()) == KILLS + TERMS
    # The document that took a references.yml entry's place, whatever became of its add, is one or the other.
    state = _state(db)
    assert sum("'ql-ref-patent'" in row for row in state["documents"]) == 1
    assert state == _rebuilt(corpus, tmp_path)
    # SIGHUP (the terminal closed) stops it as SIGTERM does: in the KB step, the corpus is put back.
    source = next(sources)
    code, output = _kill(_start_add(source, corpus, db), signal.SIGHUP, normal / 4, corpus)
    assert code == 128 + signal.SIGHUP and "taken back out" in output, output
    assert _state(db) == _rebuilt(corpus, tmp_path)


# -- the corpus and the KB agree after any change, and `kb add` writes nothing it should not --------------------
def _cli(*arguments):
    from click.testing import CliRunner

    from kb.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in arguments])


def _snapshot(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(corpus.iterdir())}


def _source(tmp_path: Path, name: str, n: int = 1) -> Path:
    path = tmp_path / "in" / f"{name}.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(SYNTHETIC.format(name=name, n=n), encoding="utf-8")
    return path


def test_every_update_brings_the_kb_to_what_the_corpus_holds(tmp_path):
    """A file written without `kb add` (as a killed add leaves it), a sidecar corrected by hand, a file deleted, a
    references.yml entry edited: the next `kb add` of another document takes them all in."""
    corpus, db = _corpus(tmp_path), tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db, jobs=1).ok
    (corpus / "orphan.txt").write_text(SYNTHETIC.format(name="孤舟", n=7), encoding="utf-8")
    (corpus / "orphan.yml").write_text("source_file: orphan.txt\ndocuments:\n  - id: orphan\n"
                                       "    title: 青岚市孤舟实施方案\n", encoding="utf-8")
    sidecar = corpus / "seed-1.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("kind: plan", "kind: measures"), encoding="utf-8")
    (corpus / "seed-2.txt").unlink()
    (corpus / "seed-2.yml").unlink()
    references = corpus / "references.yml"
    references.write_text(references.read_text(encoding="utf-8").replace("商标品牌", "商标品牌建设"), encoding="utf-8")
    result = _cli("add", _source(tmp_path, "汐岭"), "--corpus", corpus, "--rules", RULES, "--db", db)
    assert result.exit_code == 0, result.output
    assert f"updated {db}" in result.output  # an update, not a rebuild
    assert _state(db) == _rebuilt(corpus, tmp_path)
    conn = sqlite3.connect(db)
    assert conn.execute("select kind from documents where id = 'seed-1'").fetchone() == ("measures",)
    assert conn.execute("select title from documents where id = 'ql-ref-other'").fetchone() == ("青岚市商标品牌建设实施方案",)
    assert conn.execute("select count(*) from documents where id in ('orphan', 'seed-2')").fetchone() == (1,)


def test_adding_again_what_a_killed_add_filed_is_refused_and_the_kb_then_holds_it(tmp_path):
    """The files of a killed add are in the corpus, not in the KB (as `--no-build` leaves them). Adding the same
    document again is refused, as it is in the corpus; and the KB is brought to the corpus, so it is in the KB."""
    corpus, db = _corpus(tmp_path), tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db, jobs=1).ok
    source = _source(tmp_path, "汐岭")
    assert _cli("add", source, "--corpus", corpus, "--rules", RULES, "--no-build").exit_code == 0
    assert _state(db) != _rebuilt(corpus, tmp_path)
    again = _cli("add", source, "--corpus", corpus, "--rules", RULES, "--db", db)
    assert again.exit_code == 1 and "already in the corpus" in again.output, again.output
    assert _state(db) == _rebuilt(corpus, tmp_path)
    modified = db.stat().st_mtime_ns
    assert _cli("add", source, "--corpus", corpus, "--rules", RULES, "--db", db).exit_code == 1
    assert db.stat().st_mtime_ns == modified  # nothing to bring in: the KB is not written


def test_an_add_killed_while_it_renamed_its_files_is_finished_by_the_next(tmp_path):
    """SIGKILL between two renames of `kb add` (the text in place, its sidecar not): the journal it left names the
    rest, and the next `kb add` finishes it and takes the document into the KB."""
    from kb.add.plan import plan_additions
    from kb.add.write import JOURNAL_PREFIX
    from kb.atomic import temp_path_for, text_writer, write_temp
    from kb.rules import load_rules

    corpus, db = _corpus(tmp_path), tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db, jobs=1).ok
    plan = plan_additions([_source(tmp_path, "孤舟")], corpus, load_rules(RULES))
    assert plan.ok, plan.problems
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    planned = plan.files[0]
    renames = []
    for target, text in ((planned.text_path, planned.text), (planned.sidecar_path, planned.sidecar_text)):
        temp = write_temp(target, text_writer(text))
        os.replace(temp, temp_path_for(target).with_name(f".{target.name}.tmp-{dead}"))
        renames.append([f".{target.name}.tmp-{dead}", target.name])
    (corpus / f"{JOURNAL_PREFIX}{dead}").write_text(__import__("json").dumps(renames), encoding="utf-8")
    os.replace(corpus / renames[0][0], corpus / renames[0][1])  # the text was renamed, then the process died
    result = _cli("add", _source(tmp_path, "汐岭"), "--corpus", corpus, "--rules", RULES, "--db", db)
    assert result.exit_code == 0, result.output
    assert planned.sidecar_path.read_text(encoding="utf-8") == planned.sidecar_text
    assert [p.name for p in corpus.iterdir() if p.name.startswith(".")] == []
    state = _state(db)
    assert state == _rebuilt(corpus, tmp_path) and planned.text_path.name in state["sources"]


def test_the_corpus_own_files_are_never_a_document_files(tmp_path):
    """`--id references --replace` would have written corpus/references.yml; an id whose sidecar is another text
    file's (notes.md's notes.yml) would have taken that sidecar. Both are refused, and nothing is written."""
    corpus = _corpus(tmp_path)
    (corpus / "notes.md").write_text(SYNTHETIC.format(name="札记", n=3), encoding="utf-8")
    (corpus / "notes.yml").write_text("source_file: notes.md\ndocuments:\n  - id: ql-notes\n"
                                      "    title: 青岚市札记实施方案\n", encoding="utf-8")
    before = _snapshot(corpus)
    for document_id in ("references", "notes"):
        result = _cli("add", _source(tmp_path, "汐岭"), "--id", document_id, "--replace", "--corpus", corpus,
                      "--rules", RULES, "--no-build")
        assert result.exit_code == 1 and "reserved" in result.output, result.output
        assert _snapshot(corpus) == before


def test_a_parent_that_is_not_there_is_refused_before_anything_is_written(tmp_path):
    corpus, db = _corpus(tmp_path), tmp_path / "kb.db"
    assert build_kb(corpus, RULES, db, jobs=1).ok
    before = _snapshot(corpus)
    result = _cli("add", _source(tmp_path, "汐岭"), "--parent", "no-such-doc", "--corpus", corpus, "--rules", RULES,
                  "--db", db)
    assert result.exit_code == 1 and "no-such-doc" in result.output, result.output
    assert _snapshot(corpus) == before
    assert build_kb(corpus, RULES, tmp_path / "again.db", jobs=1).ok  # later builds are not broken
    for parent in ("seed-1", "ql-ref-other"):  # a filed document, a registered one
        result = _cli("add", _source(tmp_path, "云澜" + parent), "--parent", parent, "--corpus", corpus,
                      "--rules", RULES, "--no-build")
        assert result.exit_code == 0, result.output
    assert build_kb(corpus, RULES, tmp_path / "again.db", jobs=1).ok


def test_a_flow_style_references_file_is_edited_as_yaml(tmp_path):
    """references.yml written in flow style was cut to 0 bytes when a filed document took an entry's place."""
    import yaml

    corpus, db = _corpus(tmp_path), tmp_path / "kb.db"
    (corpus / "references.yml").write_text(
        "# Synthetic, in flow style.\n{documents: [{id: ql-ref-patent, title: 青岚市专利导航实施方案, kind: plan}, "
        "{id: ql-ref-other, title: 青岚市商标品牌实施方案, issued_date: '2016-05-01', kind: plan}]}\n", encoding="utf-8")
    assert build_kb(corpus, RULES, db, jobs=1).ok
    result = _cli("add", _source(tmp_path, REFERENCE_NAME), "--corpus", corpus, "--rules", RULES, "--db", db)
    assert result.exit_code == 0, result.output
    assert "removes ql-ref-patent" in result.output
    left = yaml.safe_load((corpus / "references.yml").read_text(encoding="utf-8"))
    assert left == {"documents": [{"id": "ql-ref-other", "title": "青岚市商标品牌实施方案", "issued_date": "2016-05-01",
                                   "kind": "plan"}]}
    assert _state(db) == _rebuilt(corpus, tmp_path)
    conn = sqlite3.connect(db)
    assert conn.execute("select source_file from documents where id = 'ql-ref-patent'").fetchone()[0].endswith(".txt")


def test_url_is_only_a_web_address_and_a_file_name_cannot_write_yaml(tmp_path):
    """`--url javascript:…` is refused; a file name holding newlines (or a Unicode line separator) stays inside
    the sidecar's comment: it adds no key."""
    import yaml

    corpus = _corpus(tmp_path)
    before = _snapshot(corpus)
    for address in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                    "https://example.org/a b", "ftp://example.org/x"):
        result = _cli("add", _source(tmp_path, "汐岭"), "--url", address, "--corpus", corpus, "--rules", RULES,
                      "--no-build")
        assert result.exit_code == 1 and "--url" in result.output, (address, result.output)
        assert _snapshot(corpus) == before
    result = _cli("add", _source(tmp_path, "汐岭"), "--url", "https://www.example.org/a.html", "--corpus", corpus,
                  "--rules", RULES, "--no-build")
    assert result.exit_code == 0, result.output
    for n, breaker in enumerate(("\n", "\r", "\u2028", "\x85"), start=1):
        folder = tmp_path / f"evil-{n}"
        folder.mkdir()
        evil = folder / f"a{breaker}source_url: javascript:alert(1){breaker}script: traditional{breaker}#.txt"
        evil.write_text(SYNTHETIC.format(name=f"恶意{n}", n=n), encoding="utf-8")
        result = _cli("add", evil, "--corpus", corpus, "--rules", RULES, "--no-build")
        assert result.exit_code == 0, result.output
        sidecar = next(p for p in corpus.glob("*.yml") if f"恶意{n}" in p.read_text(encoding="utf-8"))
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        assert set(data) == {"source_file", "extracted_from", "documents"}, data
        assert data["extracted_from"]["file"] == evil.name
        assert "source_url" not in data["documents"][0]
    assert build_kb(corpus, RULES, tmp_path / "kb.db", jobs=1).ok
