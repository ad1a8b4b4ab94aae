"""`kb add URL` has limits (issue 23, point 7): an overall deadline per address, a size cap counted on the
decompressed bytes, read as a stream, redirects and attachments kept on the page's own host unless allowed, and a
dry run that fetches no attachment.

A hostile server is played by a local HTTP server in this file (127.0.0.1 and 127.0.0.2, which Linux routes to
the loopback too): a body that trickles in, an endless body, a huge Content-Length, a gzip bomb, redirects and
attachments on another host or port. `kb add` runs as a subprocess, so that its time and its peak memory
(its VmHWM, sampled from /proc) are its own; it runs under an address-space limit, so that a
regression cannot take the machine. Nothing leaves 127.0.0.x."""
from __future__ import annotations

import gzip
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import RULES
from http_fixture import ATTACHMENTS_PAGE, GOV_PAGE, SYNTHETIC, synthetic_docx

pytestmark = pytest.mark.usefixtures("no_proxy")  # tests/conftest.py: nothing leaves this machine

KB = str(Path(sys.executable).with_name("kb")) if Path(sys.executable).with_name("kb").exists() else shutil.which("kb")
MB = 1024 * 1024
PEAK_RSS_LIMIT = 300 * MB  # "a few hundred MB": the 50 MB cap, its buffer, and Python with kb's imports
ADDRESS_SPACE_LIMIT = 4 * 1024 * MB  # a runaway child stops here, not at the machine's memory
MARGIN = 10.0  # seconds for the subprocess to start (imports) and to write its message

ARTICLE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>青岚市内部管理系统</title></head>
<body><div id="zoom"><p>{SYNTHETIC}</p><p>青岚市内部管理系统运维通知</p>
<p>一、系统将于2024年5月1日停机维护。</p><p>二、请各单位提前备份数据。</p>
<p>青岚市信息中心</p><p>2024年4月20日</p></div></body></html>"""


# --- a hostile server ---------------------------------------------------------------------------------------------

def _send(handler: "_Handler", body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
          **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def page(text: str, content_type: str = "text/html; charset=utf-8"):
    return lambda handler: _send(handler, text.encode("utf-8"), content_type)


def moved(location: str):
    return lambda handler: _send(handler, b"", status=302, Location=location)


def streamed(chunks, content_type: str = "text/html; charset=utf-8", length: int | None = None, **headers: str):
    """Answer with the body ``chunks()`` yields, written as it comes; without a Content-Length the body ends when
    the connection does (or never)."""

    def answer(handler: "_Handler") -> None:
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if length is not None:
            handler.send_header("Content-Length", str(length))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Connection", "close")
        handler.end_headers()
        for chunk in chunks(handler.server.stopping):
            handler.wfile.write(chunk)
            handler.wfile.flush()
            with handler.server.lock:
                handler.server.sent[urlsplit(handler.path).path] += len(chunk)

    return answer


def trickle(every: float = 0.25, first: bytes = b"<html><body><p>" + SYNTHETIC.encode("utf-8")):
    """One byte each ``every`` seconds, for as long as the client reads: each read answers well within any
    timeout, so only an overall deadline ends it."""
    def chunks(stopping: threading.Event):
        yield first
        while not stopping.wait(every):
            yield b"a"
    return chunks


def stall(first: bytes = b"<html><body><p>" + SYNTHETIC.encode("utf-8")):
    """A start of a page, then nothing: the read blocks until a timeout or the deadline."""
    def chunks(stopping: threading.Event):
        yield first
        stopping.wait(120)
    return chunks


def endless(stopping: threading.Event):
    block = ("<p>" + SYNTHETIC + "青岚市专利转化专项行动方案" * 200 + "</p>\n").encode("utf-8")
    block *= max(1, 65536 // len(block))
    while not stopping.is_set():
        yield block


def zeros(stopping: threading.Event):
    block = bytes(65536)
    while not stopping.is_set():
        yield block


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, routes: dict):
        super().__init__((host, 0), _Handler)
        self.routes = routes
        self.counts: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.base = f"http://{host}:{self.server_address[1]}"

    def handle_error(self, request, client_address):  # a client that hangs up is what these routes expect
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def count(self, path: str) -> int:
        with self.lock:
            return self.counts[path]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.counts[path] += 1
        answer = self.server.routes.get(path)
        try:
            if answer is None:
                _send(self, b"not found", "text/plain", status=404)
            else:
                answer(self)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: the point of most routes
            self.close_connection = True


class _Servers:
    def __init__(self):
        self.started: list[_Server] = []

    def __call__(self, routes: dict, host: str = "127.0.0.1") -> _Server:
        server = _Server(host, routes)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.started.append(server)
        return server

    def stop(self):
        for server in self.started:
            server.stopping.set()
            server.shutdown()
            server.server_close()


@pytest.fixture()
def serve():
    """``serve(routes, host="127.0.0.1")`` starts a server on a free port of that host; all stop after the test."""
    servers = _Servers()
    try:
        yield servers
    finally:
        servers.stop()


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """512 MB of zeros, gzipped: about half a megabyte."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MB)
    parts = [packer.compress(block) for _ in range(512)]
    parts.append(packer.flush())
    return b"".join(parts)


# --- running kb add -----------------------------------------------------------------------------------------------

@dataclass
class Run:
    code: int
    output: str
    seconds: float
    peak_rss: int  # bytes
    killed: bool

    def errors(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith("error:")]


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,127.0.0.2,localhost"
    return env


def _limit_address_space():  # in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def kb_add(*args, corpus: Path, db: Path | None = None, kill_after: float = 60.0) -> Run:
    """Run ``kb add ARGS`` as a subprocess; killed after ``kill_after`` seconds (a deadline that does not hold)."""
    command = [KB, "add", *map(str, args), "--corpus", str(corpus), "--rules", str(RULES),
               *(["--db", str(db)] if db else ["--no-build"])]
    log = corpus.parent / f"kb-add-{time.monotonic_ns()}.log"
    with open(log, "wb") as out:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=_child_env(),
                                 preexec_fn=_limit_address_space)
        killed = False
        peak = 0  # VmHWM, sampled: the child's own peak (ru_maxrss would keep the forked pytest's)
        while True:
            try:
                status_text = Path(f"/proc/{child.pid}/status").read_text()
                peak = max(peak, int(status_text.split("VmHWM:")[1].split()[0]) * 1024)
            except (OSError, IndexError, ValueError):
                pass
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > kill_after:
                child.kill()
                killed = True
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, with its own rusage
    return Run(child.returncode, log.read_text(encoding="utf-8", errors="replace"), seconds, peak, killed)


def assert_refused(run: Run, url: str, cause: str, corpus: Path, db: Path | None = None) -> str:
    """Exit 1, one error line naming ``url`` and ``cause``, no traceback, nothing written, no KB made."""
    assert not run.killed, f"still running after {run.seconds:.0f} s: {run.output[-2000:]}"
    assert run.code == 1, run.output[-2000:]
    errors = run.errors()
    assert len(errors) == 1, run.output[-2000:]
    assert errors[0].startswith(f"error: {url}: ") and cause in errors[0], errors[0]
    assert "Traceback" not in run.output and "MemoryError" not in run.output
    assert list(corpus.iterdir()) == []
    if db is not None:
        assert not db.exists()
    return errors[0]


def _sidecars(corpus: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.yml"))]


# --- time --------------------------------------------------------------------------------------------------------

def test_a_body_trickling_in_stops_at_the_deadline(serve, corpus, tmp_path):
    site = serve({"/trickle.html": streamed(trickle())})
    url = f"{site.base}/trickle.html"
    run = kb_add(url, "--deadline", "3", corpus=corpus, db=tmp_path / "kb.db", kill_after=40)
    assert_refused(run, url, "not complete within the deadline of 3 s", corpus, tmp_path / "kb.db")
    assert 3 <= run.seconds < 3 + MARGIN
    assert "--deadline" in run.errors()[0]
    assert site.count("/trickle.html") == 1  # a deadline is not a reason to try again


def test_a_read_that_stalls_stops_at_the_deadline_not_a_timeout_later(serve, corpus):
    """The per-read timeout (30 s here) does not outlast the deadline (2 s): the connection is cut at the
    deadline."""
    site = serve({"/stall.html": streamed(stall())})
    url = f"{site.base}/stall.html"
    run = kb_add(url, "--timeout", "30", "--deadline", "2", corpus=corpus, kill_after=40)
    assert_refused(run, url, "not complete within the deadline of 2 s", corpus)
    assert 2 <= run.seconds < 2 + MARGIN


def test_retries_stay_within_the_deadline(serve, corpus):
    """A server that is busy (503) is tried again only while the deadline leaves time for it."""
    busy = lambda handler: _send(handler, b"busy", "text/plain", status=503)  # noqa: E731
    site = serve({"/busy": busy})
    url = f"{site.base}/busy"
    run = kb_add(url, "--deadline", "0.3", corpus=corpus, kill_after=40)
    assert_refused(run, url, "HTTP 503", corpus)
    assert site.count("/busy") == 1  # the first retry would wait 0.5 s, past the deadline


def test_the_default_deadline_and_size_cap_are_shown(corpus):
    run = kb_add("--help", corpus=corpus)
    assert run.code == 0, run.output
    text = " ".join(run.output.split())
    assert "--deadline" in text and "default: 60.0" in text
    assert "--max-bytes" in text and "default: 50MB" in text
    assert "--allow-redirects-off-host" in text and "--allow-attachments-off-host" in text


# --- size and memory ---------------------------------------------------------------------------------------------

def test_an_endless_body_is_cut_at_the_size_cap_in_bounded_memory(serve, corpus, tmp_path):
    site = serve({"/endless.html": streamed(endless)})
    url = f"{site.base}/endless.html"
    run = kb_add(url, corpus=corpus, db=tmp_path / "kb.db", kill_after=60)
    assert_refused(run, url, "too large: more than the limit of 50 MB", corpus, tmp_path / "kb.db")
    assert "--max-bytes" in run.errors()[0]
    assert run.peak_rss < PEAK_RSS_LIMIT, f"peak RSS {run.peak_rss / MB:.0f} MB"
    assert run.seconds < 60 + MARGIN  # stopped by the size cap, well before the deadline; not a speed test
    with site.lock:
        sent = site.sent["/endless.html"]
    assert 50 * MB <= sent < 60 * MB  # read up to the cap (and what the sockets buffer), then no further


def test_a_smaller_cap_is_given_with_max_bytes(serve, corpus):
    site = serve({"/endless.html": streamed(endless), "/gov.html": page(GOV_PAGE)})
    url = f"{site.base}/endless.html"
    run = kb_add(url, "--max-bytes", "2MB", corpus=corpus, kill_after=60)
    assert_refused(run, url, "too large: more than the limit of 2 MB", corpus)
    with site.lock:
        assert site.sent["/endless.html"] < 10 * MB
    bad = kb_add(url, "--max-bytes", "lots", corpus=corpus)
    assert bad.code == 2 and "not a size" in bad.output
    assert kb_add(f"{site.base}/gov.html", "--max-bytes", "100KB", corpus=corpus).code == 0  # 3 KB: filed


def test_a_huge_content_length_is_refused_before_the_body_is_read(serve, corpus, tmp_path):
    site = serve({"/huge.html": streamed(zeros, length=2 * 1024 ** 3)})
    url = f"{site.base}/huge.html"
    run = kb_add(url, corpus=corpus, db=tmp_path / "kb.db", kill_after=60)
    line = assert_refused(run, url, "too large: the server announces 2,147,483,648 bytes, over the limit of 50 MB",
                          corpus, tmp_path / "kb.db")
    assert "--max-bytes" in line
    assert run.peak_rss < PEAK_RSS_LIMIT, f"peak RSS {run.peak_rss / MB:.0f} MB"
    assert run.seconds < MARGIN + 5
    with site.lock:
        assert site.sent["/huge.html"] < 20 * MB  # what the sockets buffer before the client hangs up


def test_a_gzip_bomb_is_counted_decompressed_and_refused_at_the_cap(serve, corpus, tmp_path, gzip_bomb):
    assert len(gzip_bomb) < 2 * MB  # small on the wire: only the decompressed count can catch it
    site = serve({"/bomb.html": lambda h: _send(h, gzip_bomb, Content_Encoding="gzip")})
    url = f"{site.base}/bomb.html"
    run = kb_add(url, corpus=corpus, db=tmp_path / "kb.db", kill_after=60)
    assert_refused(run, url, "too large: more than the limit of 50 MB once decompressed", corpus,
                   tmp_path / "kb.db")
    assert run.peak_rss < PEAK_RSS_LIMIT, f"peak RSS {run.peak_rss / MB:.0f} MB"
    assert run.seconds < 60 + MARGIN


def test_compressed_pages_are_read_and_the_cap_counts_their_decompressed_size(serve, corpus):
    """gzip, zlib deflate and raw deflate pages are filed; one whose compressed size is under the cap and whose
    text is over it is refused."""
    body = GOV_PAGE.encode("utf-8")
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = packer.compress(body) + packer.flush()
    routes = {
        "/gzip.html": lambda h: _send(h, gzip.compress(body), Content_Encoding="gzip"),
        "/zlib.html": lambda h: _send(h, zlib.compress(body), Content_Encoding="deflate"),
        "/raw.html": lambda h: _send(h, raw, Content_Encoding="deflate"),
        "/br.html": lambda h: _send(h, b"\x1b\x00\x00", Content_Encoding="br"),
    }
    site = serve(routes)
    for path in ("/gzip.html", "/zlib.html", "/raw.html"):
        target = corpus.parent / path.strip("/").replace(".", "-")
        target.mkdir()
        run = kb_add(f"{site.base}{path}", "--max-bytes", str(len(body)), corpus=target)
        assert run.code == 0, run.output
        [sidecar] = _sidecars(target)
        assert sidecar["documents"][0]["doc_number"] == "某办知〔2023〕5号"
        over = kb_add(f"{site.base}{path}", "--max-bytes", str(len(body) - 1), corpus=corpus)
        assert_refused(over, f"{site.base}{path}", "once decompressed", corpus)
    br = kb_add(f"{site.base}/br.html", corpus=corpus)
    assert_refused(br, f"{site.base}/br.html", "compressed as 'br', which kb does not read", corpus)


# --- redirects ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("elsewhere", ["another host", "another port"])
def test_a_redirect_off_the_host_is_refused_unless_allowed(serve, corpus, tmp_path, elsewhere):
    internal = serve({"/internal.html": page(ARTICLE)}, host="127.0.0.2" if elsewhere == "another host"
                     else "127.0.0.1")
    site = serve({"/go": moved(f"{internal.base}/internal.html"), "/gov.html": page(GOV_PAGE),
                  "/upgrade": moved("/gov.html")})
    url = f"{site.base}/go"
    run = kb_add(url, corpus=corpus, db=tmp_path / "kb.db")
    line = assert_refused(run, url, f"redirects to another host: {internal.base}/internal.html", corpus,
                          tmp_path / "kb.db")
    assert "--allow-redirects-off-host" in line
    assert internal.count("/internal.html") == 0  # refused before it is asked for
    dry = kb_add(url, "--dry-run", corpus=corpus)
    assert_refused(dry, url, "redirects to another host", corpus)
    assert internal.count("/internal.html") == 0

    same = kb_add(f"{site.base}/upgrade", corpus=corpus)  # a redirect on the same host and port is followed
    assert same.code == 0, same.output
    shutil.rmtree(corpus)
    corpus.mkdir()

    allowed = kb_add(url, "--allow-redirects-off-host", corpus=corpus)
    assert allowed.code == 0, allowed.output
    [sidecar] = _sidecars(corpus)
    assert sidecar["documents"][0]["source_url"] == f"{internal.base}/internal.html"
    assert sidecar["extracted_from"]["url"] == url
    assert internal.count("/internal.html") == 1


def test_a_redirect_that_leaves_and_comes_back_is_refused_at_the_first_step(serve, corpus):
    site = serve({"/gov.html": page(GOV_PAGE)})
    away = serve({"/bounce": moved(f"{site.base}/gov.html")}, host="127.0.0.2")
    site.routes["/go"] = moved(f"{away.base}/bounce")
    url = f"{site.base}/go"
    run = kb_add(url, corpus=corpus)
    assert_refused(run, url, f"redirects to another host: {away.base}/bounce", corpus)
    assert away.count("/bounce") == 0 and site.count("/gov.html") == 0


# --- attachments -------------------------------------------------------------------------------------------------

def _attachment_sites(serve, other_host: str):
    """A page on 127.0.0.1 whose attachments are on ``other_host`` (another port when it is 127.0.0.1 too)."""
    docx = synthetic_docx()
    files = serve({"/files/a1.docx": lambda h: _send(h, docx, "application/octet-stream"),
                   "/files/a2.pdf": lambda h: _send(h, b"%PDF-1.4\n% (synthetic)\n%%EOF\n", "application/pdf")},
                  host=other_host)
    text = (ATTACHMENTS_PAGE.replace('href="files/a1.docx"', f'href="{files.base}/files/a1.docx"')
            .replace('href="/files/a1.docx"', f'href="{files.base}/files/a1.docx"')
            .replace('<p><a href="/files/a2.pdf">附件2：申报指南.pdf</a></p>', ""))
    site = serve({"/with-attachments.html": page(text)})
    return site, files


@pytest.mark.parametrize("other_host", ["127.0.0.2", "127.0.0.1"])
def test_attachments_on_another_host_are_refused_unless_allowed(serve, corpus, tmp_path, other_host):
    site, files = _attachment_sites(serve, other_host)
    url = f"{site.base}/with-attachments.html"
    for dry_run in ([], ["--dry-run"]):
        run = kb_add(url, "--follow", *dry_run, corpus=corpus, db=tmp_path / "kb.db")
        line = assert_refused(run, url, f"its attachment {files.base}/files/a1.docx is on another host",
                              corpus, tmp_path / "kb.db")
        assert "--allow-attachments-off-host" in line
    assert files.count("/files/a1.docx") == 0

    dry = kb_add(url, "--follow", "--allow-attachments-off-host", "--dry-run", corpus=corpus)
    assert dry.code == 0, dry.output
    assert f"<{files.base}/files/a1.docx> (would be fetched and filed; a dry run fetches none)" in dry.output
    assert files.count("/files/a1.docx") == 0 and list(corpus.iterdir()) == []

    allowed = kb_add(url, "--follow", "--allow-attachments-off-host", corpus=corpus)
    assert allowed.code == 0, allowed.output
    assert files.count("/files/a1.docx") == 1
    formats = sorted(s["extracted_from"]["format"] for s in _sidecars(corpus))
    assert formats == ["docx", "html"]


def test_a_dry_run_fetches_no_attachment_even_on_the_same_host(serve, corpus):
    docx = synthetic_docx()
    site = serve({"/with-attachments.html": page(ATTACHMENTS_PAGE),
                  "/files/a1.docx": lambda h: _send(h, docx, "application/octet-stream"),
                  "/files/a2.pdf": lambda h: _send(h, b"%PDF-1.4\n%%EOF\n", "application/pdf")})
    url = f"{site.base}/with-attachments.html"
    run = kb_add(url, "--follow", "--dry-run", corpus=corpus)
    assert run.code == 0, run.output
    assert site.count("/with-attachments.html") == 1
    assert site.count("/files/a1.docx") == 0 and site.count("/files/a2.pdf") == 0
    assert f"<{site.base}/files/a1.docx> (would be fetched and filed; a dry run fetches none)" in run.output
    assert f"<{site.base}/files/a2.pdf> (would be fetched and filed" in run.output
    assert list(corpus.iterdir()) == []


def test_an_attachment_redirected_off_the_host_is_refused(serve, corpus):
    """An attachment on the page's host that redirects elsewhere is a redirect off the host, refused too."""
    elsewhere = serve({"/a1.docx": lambda h: _send(h, synthetic_docx(), "application/octet-stream")},
                      host="127.0.0.2")
    site = serve({"/with-attachments.html": page(ATTACHMENTS_PAGE.replace(
                      '<p><a href="/files/a2.pdf">附件2：申报指南.pdf</a></p>', "")),
                  "/files/a1.docx": moved(f"{elsewhere.base}/a1.docx")})
    url = f"{site.base}/with-attachments.html"
    run = kb_add(url, "--follow", corpus=corpus)
    assert not run.killed and run.code == 1, run.output
    [line] = run.errors()
    assert line.startswith(f"error: {site.base}/files/a1.docx: redirects to another host: {elsewhere.base}/a1.docx")
    assert elsewhere.count("/a1.docx") == 0 and list(corpus.iterdir()) == []


# --- the library ---------------------------------------------------------------------------------------------------

def test_site_of_and_sizes():
    from kb.fetch.addresses import format_size, parse_size
    from kb.fetch.http import site_of

    assert site_of("http://www.Example.gov.cn/a") == site_of("https://www.example.gov.cn/b") == \
        ("www.example.gov.cn", None)  # an http → https upgrade stays on the host
    assert site_of("http://127.0.0.1:8001/") != site_of("http://127.0.0.1:8002/")
    assert site_of("http://127.0.0.1/") != site_of("http://127.0.0.2/")
    assert parse_size("50MB") == parse_size("50m") == 50 * MB and parse_size(" 512 KB ") == 512 * 1024
    assert parse_size("1GiB") == 1024 * MB and parse_size("1000") == 1000
    for bad in ("", "0", "-1", "lots", "5 TB"):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert format_size(50 * MB) == "50 MB" and format_size(1536) == "1.5 KB" and format_size(100) == "100 bytes"


def test_fetch_counts_the_body_it_keeps(serve):
    """kb.fetch.http.fetch itself: max_bytes and deadline, raised as one InputError naming the address."""
    from kb.errors import InputError
    from kb.fetch.http import fetch

    site = serve({"/gov.html": page(GOV_PAGE), "/trickle.html": streamed(trickle(0.1))})
    assert fetch(f"{site.base}/gov.html", max_bytes=len(GOV_PAGE.encode("utf-8"))).suffix == ".html"
    with pytest.raises(InputError) as too_big:
        fetch(f"{site.base}/gov.html", max_bytes=1000)
    assert too_big.value.path == f"{site.base}/gov.html" and "too large" in too_big.value.cause
    started = time.monotonic()
    with pytest.raises(InputError) as late:
        fetch(f"{site.base}/trickle.html", deadline=1.0, timeout=10)
    assert 1.0 <= time.monotonic() - started < 1 + 10 and "deadline of 1 s" in late.value.cause
    assert "\n" not in late.value.cause and "\n" not in too_big.value.cause
