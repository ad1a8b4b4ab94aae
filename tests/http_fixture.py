"""A local HTTP server for tests: synthetic pages on 127.0.0.1, nothing from the real web.

    with serve(synthetic_routes()) as base:      # base = "http://127.0.0.1:PORT"
        fetch(base + "/gbk.html")
        request_count(base, "/missing")            # how many requests that path received

A route is a ``Route``: a status, headers and body, or a behaviour — ``redirect`` (answer 3xx with Location),
``hang`` (read the request, then wait that many seconds before answering; cut short when the server stops) — or
``then``: the responses for the second, third … request (the last one repeats), e.g. a 503 and then a page.
Routes are looked up by the path with its query string, then without. Every text here is invented
(合成测试文本); none is copied from a real document."""
from __future__ import annotations

import io
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SYNTHETIC = "(合成测试文本)"


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirect: str | None = None  # a path or an absolute URL; status defaults to 302 for it
    hang: float | None = None  # seconds to wait before answering
    then: list["Route"] = field(default_factory=list)  # answers to the 2nd, 3rd … request


def html(body: str, *, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8",
         status: int = 200) -> Route:
    return Route(status=status, headers={"Content-Type": content_type}, body=body.encode(encoding))


def redirect(to: str, status: int = 302) -> Route:
    return Route(status=status, redirect=to)


_SERVERS: dict[str, "_Server"] = {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hanging handler must not keep the test process (or server_close) waiting

    def __init__(self, routes: dict[str, Route]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.counts[path] += 1
            seen = self.server.counts[path]
        route = self.server.routes.get(self.path) or self.server.routes.get(path)
        if route is None:
            route = Route(status=404, headers={"Content-Type": "text/plain; charset=utf-8"}, body=b"not found")
        elif seen > 1 and route.then:
            route = route.then[min(seen - 2, len(route.then) - 1)]
        if route.hang:
            self.server.stopping.wait(route.hang)
        status = route.status if route.redirect is None or route.status != 200 else 302
        try:
            self.send_response(status)
            headers = dict(route.headers)
            if route.redirect is not None:
                headers["Location"] = route.redirect
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (the point of "hang")
            pass


@contextmanager
def serve(routes: dict[str, Route]):
    """Serve ``routes`` on 127.0.0.1 (a free port) in a daemon thread; yields the base URL, no trailing slash."""
    server = _Server(routes)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    _SERVERS[base] = server
    try:
        yield base
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        _SERVERS.pop(base, None)


def request_count(base: str, path: str) -> int:
    """How many GET requests the server at ``base`` has received for ``path`` (query string ignored)."""
    server = _SERVERS[base]
    with server.lock:
        return server.counts[path]


# --- synthetic pages ---------------------------------------------------------------------------------------------

GBK_NOTICE = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>青岚市人民政府办公室关于印发《青岚市专利转化专项行动方案》的通知</title></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div id="zoom">
<p>{SYNTHETIC}</p>
<p>青岚市人民政府办公室关于印发《青岚市专利转化专项行动方案》的通知</p>
<p>青政办发〔2024〕12号</p>
<p>各区人民政府，市政府各部门：</p>
<p>现将《青岚市专利转化专项行动方案》印发给你们，请认真组织实施。</p>
<p>一、总体目标</p>
<p>到2026年，全市专利转化率明显提升，建成专利转化服务站15个。</p>
<p>二、重点任务</p>
<p>（一）梳理存量专利。对高校院所存量专利开展分类评估。（市知识产权局牵头，市财政局配合）</p>
<p>（二）建设转化平台。在堃园路科技园设立专利转化服务中心。（市科技局牵头，各区人民政府配合）</p>
<p>三、保障措施</p>
<p>（一）加强资金支持。市财政每年安排专项资金不少于500万元。（市财政局牵头）</p>
<p>青岚市人民政府办公室</p>
<p>2024年3月8日</p>
</div>
<div class="footer">青岚市人民政府办公室 主办</div>
</body></html>"""

GOV_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>国家青岚发展局办公厅关于开展知识产权服务提质行动的通知</title></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zhengce/">政策</a> <a href="/hudong/">互动</a></div>
<div class="BreadcrumbNav"><a href="/">首页</a> &gt; <a href="/zhengce/">政策</a> &gt; 文件库</div>
<table class="bd1">
<tr><td><b>索　引　号：</b></td><td>000000000/2023-00005</td><td><b>主题分类：</b></td><td>科技、教育\\知识产权</td></tr>
<tr><td><b>发文机关：</b></td><td>国家青岚发展局办公厅</td><td><b>成文日期：</b></td><td>2023年06月12日</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">国家青岚发展局办公厅关于开展知识产权服务提质行动的通知</td></tr>
<tr><td><b>发文字号：</b></td><td>某办知〔2023〕5号</td><td><b>发布日期：</b></td><td>2023年06月20日</td></tr>
</table>
<div class="pages_content" id="UCAP-CONTENT">
<p>{SYNTHETIC}</p>
<p>各省、自治区、直辖市青岚发展主管部门：</p>
<p>为提升知识产权服务质量，决定开展知识产权服务提质行动。现将有关事项通知如下。</p>
<p>一、行动目标</p>
<p>到2025年底，培育知识产权服务示范机构100家。</p>
<p>二、主要任务</p>
<p>（一）规范服务行为。开展服务机构信用评价。</p>
<p>（二）提升服务能力。每年组织服务人员培训不少于2000人次。</p>
<p>三、工作要求</p>
<p>各地要明确责任分工，按季度报送工作进展。</p>
<p>国家青岚发展局办公厅</p>
<p>2023年6月12日</p>
</div>
<div class="share"><a href="#">分享到微信</a></div>
<div class="footer">主办单位：国家青岚发展局 | 网站标识码 0000000000</div>
</body></html>"""

EMPTY_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>青岚市人民政府</title></head>
<body><div class="menu"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a></div>
<div class="footer"><a href="/about">关于我们</a> <a href="/map">网站地图</a></div></body></html>"""

LOGIN_FORM = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>统一身份认证</title></head>
<body><form method="post" action="/sso/login">
<label>用户名</label><input type="text" name="username">
<label>密码</label><input type="password" name="password">
<button type="submit">登录</button></form></body></html>"""

ATTACHMENTS_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于征集专利转化项目的通知</title></head>
<body><div id="zoom">
<p>{SYNTHETIC}</p>
<p>青岚市知识产权局关于征集专利转化项目的通知</p>
<p>请各单位于2024年5月31日前报送项目材料。</p>
<p>附件：</p>
<p><a href="files/a1.docx">附件1：专利转化项目申报书.docx</a></p>
<p><a href="/files/a2.pdf">附件2：申报指南.pdf</a></p>
<p><a href="/files/A3.WPS">附件3：汇总表.wps</a></p>
<p><a href="/files/a1.docx">附件1：专利转化项目申报书.docx</a></p>
<p><a href="/about.html">关于我们</a></p>
</div></body></html>"""

WRONG_META = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>
<body><p>{SYNTHETIC}</p><p>青岚市数据开放条例（草案）征求意见</p></body></html>"""


def synthetic_docx() -> bytes:
    """A small real .docx with synthetic text."""
    import docx

    document = docx.Document()
    for line in (SYNTHETIC, "专利转化项目申报书", "一、项目名称", "二、项目负责人", "三、预期成效"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def synthetic_routes() -> dict[str, Route]:
    """The default routes; build a fresh dict for each server (``/flaky`` counts per server)."""
    return {
        "/gbk.html": html(GBK_NOTICE, content_type="text/html", encoding="gbk"),
        "/gov.html": html(GOV_PAGE),
        "/wrong-meta.html": html(WRONG_META),  # header utf-8 (true), meta gb2312 (false)
        "/moved": redirect("/gov.html", 301),
        "/loop-a": redirect("/loop-b"),
        "/loop-b": redirect("/loop-a"),
        "/slow": Route(hang=3.0, headers={"Content-Type": "text/plain; charset=utf-8"}, body=b"too late"),
        "/login-redirect": redirect("/sso/login?service=%2Flogin-redirect"),
        "/sso/login": html(LOGIN_FORM),
        "/portal.html": html(LOGIN_FORM),  # a login form served directly, no redirect
        "/empty.html": html(EMPTY_PAGE),
        "/with-attachments.html": html(ATTACHMENTS_PAGE),
        "/files/a1.docx": Route(headers={"Content-Type": "application/octet-stream"}, body=synthetic_docx()),
        "/files/a2.pdf": Route(headers={"Content-Type": "application/pdf"},
                               body=b"%PDF-1.4\n% (synthetic test bytes)\n%%EOF\n"),
        "/files/A3.WPS": Route(headers={"Content-Type": "application/octet-stream"}, body=b"synthetic wps bytes"),
        "/data.zip": Route(headers={"Content-Type": "application/zip"}, body=b"PK\x05\x06" + b"\0" * 18),
        "/flaky": Route(status=503, headers={"Content-Type": "text/plain"}, body=b"busy",
                        then=[html(f"<html><body><p>{SYNTHETIC}</p><p>服务已恢复。</p></body></html>")]),
        "/down": Route(status=503, headers={"Content-Type": "text/plain"}, body=b"busy"),
    }


# The name the brief uses; call it to get a fresh dict.
SYNTHETIC_ROUTES = synthetic_routes
