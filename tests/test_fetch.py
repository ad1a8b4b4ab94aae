"""kb.fetch against a local server of synthetic pages (tests/http_fixture.py); nothing leaves 127.0.0.1."""
from __future__ import annotations

import hashlib
import io
import re
import socket
import time

import httpx
import pytest

from kb.errors import InputError
from kb.fetch.addresses import is_url
from kb.fetch.answer import Fetched
from kb.fetch.http import USER_AGENT, fetch
from kb.fetch.pages import attachment_links, decode_html
from http_fixture import GBK_NOTICE, Route, html, request_count, serve, synthetic_routes


pytestmark = pytest.mark.usefixtures("no_proxy")  # tests/conftest.py: nothing leaves 127.0.0.1


@pytest.fixture()
def site():
    with serve(synthetic_routes()) as base:
        yield base


def _error(url, **kwargs) -> InputError:
    with pytest.raises(InputError) as caught:
        fetch(url, **kwargs)
    assert caught.value.path == url
    assert str(caught.value).startswith(url + ": ")
    assert "\n" not in caught.value.cause
    return caught.value


def test_is_url():
    assert is_url("http://www.example.gov.cn/a.html")
    assert is_url("HTTPS://example.org")
    for text in ("ftp://example.org/a.pdf", "corpus/a.txt", "/tmp/a.html", "file:///tmp/a.html", "http://", "www.gov.cn"):
        assert not is_url(text), text


def test_gbk_page_labelled_gb2312_only_in_meta(site):
    got = fetch(site + "/gbk.html")
    assert isinstance(got, Fetched)
    assert got.status == 200 and got.content_type == "text/html" and got.charset is None
    assert got.suffix == ".html"
    assert got.sha256 == hashlib.sha256(got.data).hexdigest()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", got.retrieved_at)
    text, encoding = decode_html(got.data, got.charset)
    assert encoding == "gb18030"
    assert "青岚市人民政府办公室关于印发《青岚市专利转化专项行动方案》的通知" in text
    assert "青政办发〔2024〕12号" in text
    assert "（市知识产权局牵头，市财政局配合）" in text
    assert "堃园路" in text  # a GBK character outside GB2312: the label is widened, not trusted literally
    assert "\ufffd" not in text


def test_header_charset_wins_over_a_wrong_meta(site):
    got = fetch(site + "/wrong-meta.html")
    assert got.charset == "utf-8"
    text, encoding = decode_html(got.data, got.charset)
    assert encoding == "utf-8"
    assert "青岚市数据开放条例（草案）征求意见" in text


def test_decode_html_fallbacks():
    gbk = GBK_NOTICE.encode("gbk")
    # An unknown header label falls through to the meta charset.
    assert decode_html(gbk, "x-no-such-charset")[1] == "gb18030"
    # A header label the bytes do not decode in falls through too (sites send utf-8 headers on GBK pages).
    assert decode_html(gbk, "utf-8")[1] == "gb18030"
    # No label anywhere: detection.
    bare = re.sub(r"<meta[^>]*>", "", GBK_NOTICE).encode("gbk")
    text, encoding = decode_html(bare, None)
    assert "青岚市专利转化专项行动方案" in text, encoding
    # UTF-8 with a byte-order mark.
    assert decode_html("\ufeff<p>合成</p>".encode("utf-8"), "gbk") == ("<p>合成</p>", "utf-8")
    # One stray byte in a long UTF-8 page keeps the declared encoding.
    long_page = ("<p>青岚市数据开放条例（草案）征求意见</p>" * 100).encode("utf-8")
    text, encoding = decode_html(long_page[:500] + b"\xff" + long_page[500:], "utf-8")
    assert encoding == "utf-8" and text.count("\ufffd") == 1 and "征求意见" in text
    # Garbage: some text, no exception.
    text, encoding = decode_html(b"<p>\xff\xfe\xfa ok</p>", "utf-8")
    assert "ok" in text and encoding


def test_redirect_is_followed(site):
    got = fetch(site + "/moved")
    assert got.url == site + "/moved"
    assert got.final_url.endswith("/gov.html")
    assert got.charset == "utf-8"
    text, _ = decode_html(got.data, got.charset)
    assert "某办知〔2023〕5号" in text and "UCAP-CONTENT" in text


def test_redirect_loop(site):
    started = time.monotonic()
    error = _error(site + "/loop-a")
    assert "redirect loop" in str(error)
    assert time.monotonic() - started < 3  # not retried
    assert request_count(site, "/loop-a") + request_count(site, "/loop-b") == 11


def test_404_is_not_retried(site):
    error = _error(site + "/missing", retries=2)
    assert "HTTP 404 Not Found" in str(error)
    assert request_count(site, "/missing") == 1


def test_slow_server_times_out(site):
    started = time.monotonic()
    error = _error(site + "/slow", timeout=0.5, retries=0)
    assert time.monotonic() - started < 5
    assert "no answer within 0.5 s" in str(error)
    assert request_count(site, "/slow") == 1


def test_read_timeout_is_retried(site):
    started = time.monotonic()
    _error(site + "/slow", timeout=0.3, retries=1)
    assert time.monotonic() - started < 5
    assert request_count(site, "/slow") == 2


def test_login_redirect(site):
    error = _error(site + "/login-redirect")
    assert "login page" in str(error)
    assert "/sso/login" in error.cause
    assert "save the page from a browser" in error.cause


def test_login_form_without_redirect(site):
    assert "login page" in str(_error(site + "/portal.html"))


def test_empty_page_is_fetched_not_mistaken_for_a_login(site):
    got = fetch(site + "/empty.html")
    assert got.suffix == ".html"
    text, _ = decode_html(got.data, got.charset)
    assert "<p>" not in text


def test_transient_503_is_retried(site):
    got = fetch(site + "/flaky", retries=2)
    assert got.status == 200
    assert "服务已恢复" in got.data.decode("utf-8")
    assert request_count(site, "/flaky") == 2


def test_persistent_503_gives_up(site):
    started = time.monotonic()
    error = _error(site + "/down", retries=1)
    assert "HTTP 503" in str(error)
    assert request_count(site, "/down") == 2
    assert 0.4 < time.monotonic() - started < 5  # one backoff of 0.5 s


def test_unsupported_content_types(site):
    assert "unsupported content type application/zip" in str(_error(site + "/data.zip"))
    error = _error(site + "/files/A3.WPS")
    assert "unsupported content type" in str(error) and ".docx first" in str(error)


def test_attachments(site):
    page = fetch(site + "/with-attachments.html")
    links = attachment_links(decode_html(page.data, page.charset)[0], page.final_url)
    assert links == [
        ("附件1：专利转化项目申报书.docx", site + "/files/a1.docx", ".docx"),
        ("附件2：申报指南.pdf", site + "/files/a2.pdf", ".pdf"),
        ("附件3：汇总表.wps", site + "/files/A3.WPS", ".wps"),
    ]
    docx_file = fetch(links[0][1])  # served as application/octet-stream: the path names it
    assert docx_file.content_type == "application/octet-stream" and docx_file.suffix == ".docx"
    import docx

    paragraphs = [p.text for p in docx.Document(io.BytesIO(docx_file.data)).paragraphs]
    assert "专利转化项目申报书" in paragraphs
    assert fetch(links[1][1]).suffix == ".pdf"


def test_attachment_links_base_and_case():
    page = ('<base href="http://127.0.0.1/dir/"><a href="x/1.PDF"> 附件 </a><a href="2.xlsx"></a>'
            '<a href="3.zip?id=1">压缩包</a><a href="page.html">页</a><a href="javascript:void(0)">x.doc</a>')
    assert attachment_links(page, "http://127.0.0.1/other/") == [
        ("附件", "http://127.0.0.1/dir/x/1.PDF", ".pdf"),
        ("2.xlsx", "http://127.0.0.1/dir/2.xlsx", ".xlsx"),
        ("压缩包", "http://127.0.0.1/dir/3.zip?id=1", ".zip"),
    ]


def test_user_agent_is_sent():
    seen = []

    def handler(request):
        seen.append(request.headers["user-agent"])
        return httpx.Response(200, headers={"Content-Type": "text/plain; charset=utf-8"}, text="合成")

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        got = fetch("http://127.0.0.1/a.txt", client=client)
    assert seen == [USER_AGENT] and USER_AGENT.startswith("kb/")
    assert got.suffix == ".txt" and got.charset == "utf-8"


def _raising(exc: Exception):
    calls = []

    def handler(request):
        calls.append(request.url)
        raise exc

    return httpx.Client(transport=httpx.MockTransport(handler)), calls


def test_dns_failure_message():
    client, calls = _raising(httpx.ConnectError("[Errno -2] Name or service not known"))
    with client:
        error = _error("http://nonexistent.invalid/a.html", client=client, retries=2)
    assert "could not resolve the host name nonexistent.invalid" in str(error)
    assert len(calls) == 1  # a name that does not exist is not tried again


def test_no_network_message():
    client, calls = _raising(httpx.ConnectError("[Errno 101] Network is unreachable"))
    started = time.monotonic()
    with client:
        error = _error("http://127.0.0.1/a.html", client=client, retries=1)
    assert error.cause.startswith("no network: could not connect")
    assert len(calls) == 2 and time.monotonic() - started >= 0.4


def test_connection_refused_on_a_closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    error = _error(f"http://127.0.0.1:{port}/", retries=0)
    assert "could not connect" in str(error)
    assert "resolve" not in str(error)


def test_not_a_url():
    assert "not a web address" in str(_error("corpus/a.txt"))


def test_own_routes_and_counts():
    routes = {"/x.html": html("<p>(合成测试文本)</p>"), "/gone": Route(status=410)}
    with serve(routes) as base:
        assert fetch(base + "/x.html?y=1").suffix == ".html"
        assert "HTTP 410 Gone" in str(_error(base + "/gone"))
        assert request_count(base, "/x.html") == 1 and request_count(base, "/gone") == 1


def test_a_file_named_in_rfc_5987_form_and_a_certificate_error():
    """filename*=UTF-8''汇总表.wps is read as a .wps (advice: save as .docx), and an untrusted certificate is said
    to be one, with advice, and not tried again."""
    calls = []

    def handler(request):
        calls.append(request.url.path)
        if request.url.path == "/download":
            return httpx.Response(200, headers={"Content-Type": "application/octet-stream",
                                                "Content-Disposition": "attachment; filename*=UTF-8''%E6%B1%87%E6%80%BB%E8%A1%A8.wps"},
                                  content=b"synthetic wps bytes")
        raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate")

    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    with pytest.raises(InputError) as wps:
        fetch("http://127.0.0.1/download", client=client)
    assert "save it as .docx" in wps.value.cause
    with pytest.raises(InputError) as tls:
        fetch("https://127.0.0.1/page.html", client=client, retries=2)
    assert "certificate is not trusted" in tls.value.cause and "save it" in tls.value.cause
    assert calls.count("/page.html") == 1


def test_a_wrong_header_charset_is_not_hidden_by_a_page_of_script():
    """A GBK article served as charset=utf-8 inside 300 KB of inline script is still read as GBK (its <meta>)."""
    article = "<p>(合成测试文本)青岚市专利转化专项行动方案印发实施</p>"
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f'<script>{"var x = 1;" * 30000}</script></head><body>{article}</body></html>').encode("gbk")
    text, codec = decode_html(page, "utf-8")
    assert codec == "gb18030" and "青岚市专利转化专项行动方案" in text
