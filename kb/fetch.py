"""Fetching one official web page or attachment for ``kb add URL``.

``fetch(url)`` returns the bytes with what is known about them (final address, content type, the file suffix kb's
extractors read, when it was retrieved, a SHA-256); every failure is an ``InputError(url, cause)`` whose cause a
staff member can act on. ``decode_html`` turns a page's bytes into text the way browsers do for Chinese sites, and
``attachment_links`` lists the files a notice links to. Nothing here touches the network except the URL given.

Each address has limits (issue 23): a deadline for all of it (``DEFAULT_DEADLINE``), a size cap on its body once
decompressed (``DEFAULT_MAX_BYTES``, read as a stream), redirects only on its own host and port, and, in
``fetch_sources``, attachments only from the page's own host and port; each may be widened by its caller."""
from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from .errors import InputError

try:
    from importlib.metadata import version as _version

    __version__ = _version("kb")
except Exception:  # running from a source tree that was never installed
    __version__ = "0.1"

USER_AGENT = f"kb/{__version__} (policy-text knowledge base)"
MAX_REDIRECTS = 10
DEFAULT_DEADLINE = 60.0  # seconds for one address: connecting, redirects, retries and the whole body
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # a body, once decompressed
_CHUNK = 65536
# Only what kb can decompress a piece at a time (httpx would also offer br and zstd when they are installed).
_HEADERS = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
TRANSIENT_STATUS = {502, 503, 504}

CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
# Government sites serve most attachments under a generic "download" type; the file's own name then tells.
GENERIC_TYPES = {"application/octet-stream", "application/x-download", "application/force-download",
                 "application/download", "binary/octet-stream"}
PATH_SUFFIXES = {".pdf": ".pdf", ".docx": ".docx", ".html": ".html", ".htm": ".html", ".shtml": ".html",
                 ".txt": ".txt"}
SAVE_AS_DOCX = {".doc", ".wps", "application/msword", "application/kswps", "application/wps-office.wps",
                "application/vnd.ms-works"}
ATTACHMENT_SUFFIXES = (".docx", ".pdf", ".wps", ".doc", ".xls", ".xlsx", ".zip")

_DNS_FAILURE = re.compile(r"name resolution|getaddrinfo|name or service not known|nodename nor servname|"
                          r"no address associated", re.I)
# A whole word of the final host or path: /sso/login, passport.example.cn, /cas/login, /auth/ — not /author/.
_TLS_FAILURE = re.compile(r"CERTIFICATE_VERIFY_FAILED|certificate verify failed|WRONG_VERSION_NUMBER|SSLError|"
                          r"\[SSL", re.I)
_LOGIN_WORD = re.compile(r"(?:^|[/._-])(login|logon|signin|sign-in|sso|passport|auth|oauth2?)(?:$|[/._-])", re.I)
_PASSWORD_INPUT = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password\b", re.I)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_CJK = re.compile(r"[\u4e00-\u9fff]")
LOGIN_PAGE_MAX_CJK = 200
# Labels browsers accept that Python's codec registry does not.
_WEB_LABELS = {"x-gbk": "gbk", "windows-936": "gbk", "x-euc-cn": "gb2312", "x-gb18030": "gb18030"}


@dataclass
class Fetched:
    """One fetched resource.

    ``url`` is the address as asked, ``final_url`` the address after redirects; ``status`` the HTTP status (2xx);
    ``content_type`` the lower-case media type without parameters ("text/html", "" when the server sent none);
    ``charset`` the charset parameter of the HTTP Content-Type header only (None when absent; the page's own
    <meta> is read by ``decode_html``); ``data`` the body; ``retrieved_at`` ISO 8601 UTC to the second
    ("2026-11-30T23:59:01Z"); ``suffix`` the file suffix kb's extractors read (".html", ".pdf", ".docx", ".txt");
    ``sha256`` the hex digest of ``data``."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    data: bytes
    retrieved_at: str
    suffix: str
    sha256: str


def recorded_address(url: str) -> str:
    """``url`` as kb writes it into a sidecar and the KB: without a user name and password (http://user:pass@…)
    and without a #fragment, which belong to the reader, not to the document's address."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=host, fragment="").geturl()


def is_url(text: str) -> bool:
    """True for an http:// or https:// address with a host; False for file paths and everything else."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def parse_size(text: str | int) -> int:
    """A size as a number of bytes: ``52428800``, ``"50M"``, ``"50 MB"``, ``"2G"``, ``"512k"`` (K, M, G are
    binary: 1024, 1024², 1024³). Raises ValueError for anything else, or for a size under 1 byte."""
    if isinstance(text, int):
        number = text
    else:
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", str(text), re.I)
        if not found:
            raise ValueError(f"not a size: {text!r} (write it as 50M, 500K, 2G or a number of bytes)")
        number = int(float(found[1]) * _SIZE_UNITS[found[2].lower()])
    if number < 1:
        raise ValueError(f"a size of at least 1 byte is needed, not {text!r}")
    return number


_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


def format_size(size: int) -> str:
    """``52428800`` → ``"50 MB"``, ``1536`` → ``"1.5 KB"``, ``100`` → ``"100 bytes"``."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def site_of(address: str | httpx.URL) -> tuple[str, int | None]:
    """The host and port an address is served from, for telling whether a redirect or an attachment leaves the
    page's own host: ``("www.gov.cn", None)`` for http://www.gov.cn/… and https://www.gov.cn/… alike (the
    scheme's own port, so an http → https upgrade stays on the host), ``("127.0.0.1", 8001)`` for an explicit
    other port. Host names are compared without case."""
    parsed = address if isinstance(address, httpx.URL) else httpx.URL(str(address))
    port = parsed.port  # None when it is the scheme's default
    return parsed.host.lower().rstrip("."), port


class _Deadline:
    """The overall time allowed for one address: every phase's timeout is cut to what is left, and a watchdog
    closes the connection when the time is up, so that a body trickling in (a byte a second) or a read that stalls
    stops at the deadline, not one read timeout later."""

    def __init__(self, url: str, seconds: float):
        self.url, self.seconds = url, seconds
        self.end = time.monotonic() + seconds
        self.cut = False

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.cut or self.remaining() <= 0.05

    def timeout(self, per_phase: float) -> httpx.Timeout:
        return httpx.Timeout(max(0.01, min(per_phase, self.remaining())))

    def error(self) -> InputError:
        return InputError(self.url, f"not complete within the deadline of {self.seconds:g} s for one address "
                                    f"(a slow or endless download; give --deadline to allow more time)")

    @contextlib.contextmanager
    def watching(self, response: httpx.Response):
        stream = response.extensions.get("network_stream")
        try:
            sock = stream.get_extra_info("socket") if stream is not None else None
        except Exception:  # a transport without a socket (tests' mock transports)
            sock = None
        lock, done = threading.Lock(), []

        def cut() -> None:
            with lock:
                if done or sock is None:
                    return
                self.cut = True
                try:  # wakes the blocked read in the fetching thread (the plain socket's shutdown, also under TLS)
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(max(0.0, self.remaining()), cut)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            with lock:
                done.append(True)
            timer.cancel()


@dataclass
class _Answer:
    """The last response of one GET, its redirects followed: the body read (b"" for a status that is not 2xx)."""

    final_url: httpx.URL
    status: int
    reason: str
    headers: httpx.Headers
    data: bytes
    redirected: bool


def fetch(url: str, *, timeout: float = 15.0, retries: int = 2, client: httpx.Client | None = None,
          deadline: float = DEFAULT_DEADLINE, max_bytes: int = DEFAULT_MAX_BYTES,
          allow_redirects_off_host: bool = False) -> Fetched:
    """GET ``url`` and return it as a ``Fetched``.

    Redirects are followed, at most 10 (with a ``client`` given, its own ``max_redirects`` applies), and only on
    the address's own host and port (an http → https upgrade stays on it) unless ``allow_redirects_off_host``:
    a redirect elsewhere is refused before it is requested. ``timeout`` is in seconds, for each phase
    (connecting, each read); ``deadline`` is the whole time allowed for the address, retries and redirects
    included (default 60 s). The body is read as a stream and decompressed (gzip, deflate) as it comes, and it may
    hold at most ``max_bytes`` once decompressed (default 50 MB); a Content-Length over it is refused before
    anything is read. Transient failures — connection errors, timeouts, HTTP 502/503/504 — are tried again up to
    ``retries`` times, after 0.5 s, then 1 s, 2 s …, while the deadline allows; a 4xx never is.

    Raises ``InputError(url, cause)`` for: an address that is not http(s); a host name that does not resolve;
    no connection; no answer within ``timeout``; not complete within ``deadline``; a body over ``max_bytes``; a
    redirect to another host (unless allowed); a redirect loop; an HTTP error status; an empty body; a compression
    kb does not read; a login page (the site wants a signed-in browser); a content type kb does not read."""
    url = url.strip()
    if not is_url(url):
        raise InputError(url, "not a web address (kb add fetches http:// and https:// addresses)")
    clock = _Deadline(url, deadline)
    own_client = client is None
    if own_client:
        client = httpx.Client(follow_redirects=False, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(timeout),
                              headers={"User-Agent": USER_AGENT})
    try:
        answer = _get_with_retries(client, url, timeout, retries, clock, max_bytes, allow_redirects_off_host)
    finally:
        if own_client:
            client.close()
    return _checked(url, answer)


def _get_with_retries(client: httpx.Client, url: str, timeout: float, retries: int, clock: _Deadline,
                      max_bytes: int, allow_off_host: bool) -> _Answer:
    attempts = max(0, retries) + 1
    for attempt in range(attempts):
        pause = min(0.5 * 2 ** attempt, 4.0)

        def last() -> bool:  # no attempt left, or no time left for one after the pause
            return attempt == attempts - 1 or clock.remaining() <= pause

        try:
            answer = _get(client, url, timeout, clock, max_bytes, allow_off_host)
        except httpx.ConnectError as exc:
            # A host that does not exist will not exist a second later either, nor will a certificate become
            # trusted.
            permanent = (_DNS_FAILURE.search(str(exc)) and "temporary" not in str(exc).lower()) or \
                _TLS_FAILURE.search(str(exc))
            if clock.expired():
                raise clock.error() from exc
            if last() or permanent:
                raise InputError(url, _connect_cause(exc, url)) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:  # the connection dropped mid-answer
            if clock.expired():
                raise clock.error() from exc
            if last():
                raise InputError(url, f"the connection was cut before the page was complete ({_one_line(exc)}); "
                                      f"try again later") from exc
        except httpx.ConnectTimeout as exc:
            if clock.expired():
                raise clock.error() from exc
            if last():
                raise InputError(url, f"no network: could not connect within {timeout:g} s") from exc
        except httpx.ReadTimeout as exc:
            if clock.expired():
                raise clock.error() from exc
            if last():
                raise InputError(url, f"no answer within {timeout:g} s") from exc
        except httpx.TooManyRedirects as exc:
            raise InputError(url, f"redirect loop (more than {client.max_redirects} redirects)") from exc
        except httpx.TimeoutException as exc:  # writing the request, or waiting for a pooled connection
            if clock.expired():
                raise clock.error() from exc
            raise InputError(url, f"no answer within {timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise InputError(url, f"could not fetch the address ({_one_line(exc)})") from exc
        except httpx.InvalidURL as exc:  # not an HTTPError in httpx
            raise InputError(url, f"not a valid web address ({_one_line(exc)})") from exc
        else:
            if answer.status not in TRANSIENT_STATUS or last():
                return answer
        time.sleep(pause)
    raise AssertionError("unreachable")


def _get(client: httpx.Client, url: str, timeout: float, clock: _Deadline, max_bytes: int,
         allow_off_host: bool) -> _Answer:
    """One GET of ``url``, its redirects followed by hand so that each target is checked before it is asked."""
    origin = site_of(httpx.URL(url))
    target: str | httpx.URL = url
    redirects = 0
    while True:
        if clock.expired():
            raise clock.error()
        request = client.build_request("GET", target, headers=_HEADERS, timeout=clock.timeout(timeout))
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            if response.next_request is not None:  # a 3xx with a Location
                following = response.next_request.url
                if redirects >= client.max_redirects:
                    raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)
                if site_of(following) != origin and not allow_off_host:
                    host = origin[0] + (f":{origin[1]}" if origin[1] else "")
                    raise InputError(url, f"redirects to another host: {recorded_address(str(following))} "
                                          f"(kb follows redirects only on {host}; give --allow-redirects-off-host "
                                          f"to follow it)")
                target, redirects = following, redirects + 1
                continue
            status = response.status_code
            data = _read_body(response, url, clock, max_bytes) if 200 <= status < 300 else b""
            return _Answer(final_url=response.url, status=status, reason=response.reason_phrase,
                           headers=response.headers, data=data, redirected=redirects > 0)
        finally:
            response.close()


def _read_body(response: httpx.Response, url: str, clock: _Deadline, max_bytes: int) -> bytes:
    """The body, decompressed as it streams in, refused as soon as it holds more than ``max_bytes`` (or announces
    more) and cut at the deadline: the memory it takes is bounded by ``max_bytes``, whatever the server sends."""
    announced = response.headers.get("content-length", "").strip()
    if announced.isdigit() and int(announced) > max_bytes:
        raise InputError(url, f"too large: the server announces {int(announced):,} bytes, over the limit of "
                              f"{format_size(max_bytes)} (give --max-bytes to raise it)")
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if response.is_stream_consumed:  # a response built in memory (a test's mock transport): httpx decoded it
        chunks: Iterator[bytes] = iter([response.content])
        codings = []
    else:
        chunks = response.iter_raw(_CHUNK)
    for coding in reversed(codings):  # the last coding named was applied last
        chunks = _inflated(chunks, coding, url)
    body = bytearray()
    with clock.watching(response):
        for chunk in chunks:
            if len(body) + len(chunk) > max_bytes:
                raise InputError(url, f"too large: more than the limit of {format_size(max_bytes)}"
                                      f"{' once decompressed' if codings else ''} (give --max-bytes to raise it)")
            body += chunk
            if clock.expired():
                raise clock.error()
    if clock.expired():  # the watchdog closed a body that ends with the connection: what came is not all of it
        raise clock.error()
    return bytes(body)


def _inflated(chunks: Iterator[bytes], coding: str, url: str) -> Iterator[bytes]:
    """``chunks`` decompressed, in pieces of at most 64 KB however much each compressed piece expands (zlib's
    ``max_length``), so that a small bomb never unpacks in one go. gzip (also several members), deflate (zlib or
    raw); any other coding is refused: kb asks servers for gzip or deflate only."""
    if coding in ("gzip", "x-gzip"):
        wbits = zlib.MAX_WBITS | 16
    elif coding == "deflate":
        wbits = zlib.MAX_WBITS
    else:
        raise InputError(url, f"the server sent the answer compressed as {coding!r}, which kb does not read "
                              f"(it asks for gzip or deflate)")
    inflater, started = zlib.decompressobj(wbits), False
    for chunk in chunks:
        data = chunk
        while True:
            try:
                piece = inflater.decompress(data, _CHUNK)
            except zlib.error as exc:
                if coding == "deflate" and not started:  # servers that send raw deflate, without zlib's header
                    inflater, wbits, started = zlib.decompressobj(-zlib.MAX_WBITS), -zlib.MAX_WBITS, True
                    continue
                raise InputError(url, f"the compressed answer is damaged ({coding}: {exc})") from exc
            started = True
            if piece:
                yield piece
            data = inflater.unconsumed_tail
            if inflater.eof:
                rest = inflater.unused_data
                if not rest or wbits != zlib.MAX_WBITS | 16:
                    break
                inflater, data = zlib.decompressobj(wbits), rest  # the next gzip member
                continue
            if not data and len(piece) < _CHUNK:
                break
    if not inflater.eof:
        piece = inflater.flush()
        if piece:
            yield piece


def _connect_cause(exc: httpx.ConnectError, url: str) -> str:
    detail = _one_line(exc)
    if _DNS_FAILURE.search(detail):
        try:
            host = exc.request.url.host
        except RuntimeError:  # raised before httpx attached the request (custom transports)
            host = httpx.URL(url).host
        return f"could not resolve the host name {host} (check the address, or the network's DNS) ({detail})"
    if _TLS_FAILURE.search(detail):
        return (f"the site's certificate is not trusted ({detail}); open the page in a browser, save it, and run "
                f"kb add on the saved file")
    if "refused" in detail.lower():
        return f"could not connect: the server refused the connection ({detail})"
    return f"no network: could not connect ({detail})"


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _checked(url: str, answer: _Answer) -> Fetched:
    final_url = str(answer.final_url)
    status = answer.status
    if not 200 <= status < 300:
        cause = f"HTTP {status} {answer.reason}".rstrip()
        if status in TRANSIENT_STATUS:
            cause += " (the site is not answering; try again later)"
        elif status in (401, 403):
            cause += ("; the site refuses this request: save the page from a browser and run kb add on the file")
        raise InputError(url, cause)
    data = answer.data
    if not data.strip():
        raise InputError(url, f"the address returned an empty page ({final_url})")
    content_type, charset = _parse_content_type(answer.headers.get("content-type", ""))
    suffix = _suffix(url, final_url, content_type, answer.headers.get("content-disposition", ""), data)
    if suffix == ".html" and _is_login_page(answer, data, charset):
        raise InputError(url, f"the address leads to a login page ({final_url}); save the page from a browser "
                              f"where you are logged in and run kb add on the file")
    return Fetched(url=url, final_url=final_url, status=status, content_type=content_type, charset=charset,
                   data=data, retrieved_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   suffix=suffix, sha256=hashlib.sha256(data).hexdigest())


def _parse_content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _path_suffix(address: str) -> str:
    return PurePosixPath(unquote(urlsplit(address).path)).suffix.lower()


def _suffix(url: str, final_url: str, content_type: str, disposition: str, data: bytes) -> str:
    if content_type in CONTENT_TYPES:
        return CONTENT_TYPES[content_type]
    named = [_path_suffix(final_url), _path_suffix(url)]
    # Content-Disposition: attachment; filename="通知.docx" (or filename*=UTF-8''%E9%80%9A….docx)
    # filename*=UTF-8''%E6%B1%87….wps (RFC 5987: charset, language, then the encoded name) or filename="….docx"
    for found in re.finditer(r"filename\*\s*=\s*[\w-]*'[\w-]*'([^;]+)|filename\s*=\s*[\"']?([^;\"']+)",
                             disposition, re.I):
        named.append(PurePosixPath(unquote(found[1] or found[2]).strip()).suffix.lower())
    if content_type in GENERIC_TYPES or not content_type:
        for suffix in named:
            if suffix in PATH_SUFFIXES:
                return PATH_SUFFIXES[suffix]
        # No usable name: the file's first bytes still tell a PDF from a Word file.
        if data.startswith(b"%PDF-"):
            return ".pdf"
        if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
            return ".docx"
    if content_type in SAVE_AS_DOCX or any(suffix in SAVE_AS_DOCX for suffix in named):
        raise InputError(url, f"unsupported content type {content_type or '(none)'}: this is an old Word (.doc) "
                              f"or WPS file; save it as .docx first and run kb add on that file")
    raise InputError(url, f"unsupported content type {content_type or '(none)'}; kb add reads web pages, "
                          f"plain text, PDF and .docx files")


def _is_login_page(answer: _Answer, data: bytes, charset: str | None) -> bool:
    final = answer.final_url
    if answer.redirected and (_LOGIN_WORD.search(final.path) or _LOGIN_WORD.search("." + final.host + ".")):
        return True
    text, _ = decode_html(data, charset)
    if not _PASSWORD_INPUT.search(text):
        return False
    # A password box beside a whole article is a site-wide sign-in widget, not a login wall.
    visible = re.sub(r"<[^>]+>", " ", _SCRIPT_STYLE.sub(" ", text))
    return len(_CJK.findall(visible)) < LOGIN_PAGE_MAX_CJK


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, GB2312/GBK widened to GB18030; None for an unknown label."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_WEB_LABELS.get(label, label)).name
    except LookupError:
        return None
    # Sites label GBK (and GB18030) pages "gb2312"; GB18030 is a superset of both, so it reads them all.
    return "gb18030" if name in ("gb2312", "gbk") else name


def decode_html(data: bytes, header_charset: str | None) -> tuple[str, str]:
    """A web page's bytes as text: returns ``(text, codec name)``, e.g. ``("<html>…", "gb18030")``.

    The encoding is, in order: a UTF-8 byte-order mark; the HTTP header's charset; the page's own
    ``<meta charset=…>`` or ``<meta http-equiv="Content-Type" content="…; charset=…">`` (first 4 KB); detection by
    charset_normalizer; UTF-8. GB2312 and GBK labels are read as GB18030. A label Python does not know, or one the
    bytes do not decode in (more than one bad character per thousand non-ASCII bytes), falls through to the next
    source; when nothing fits, the first known label (or UTF-8) is used with U+FFFD for the bad bytes. Never
    raises."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8"
    candidates = [_codec(header_charset)]
    meta = _META_CHARSET.search(data[:4096])
    candidates.append(_codec(meta[1].decode("ascii", "replace")) if meta else None)
    candidates = [c for c in candidates if c]
    # Measured against the bytes that are not ASCII (the Chinese text), not the whole page: 300 KB of inline
    # script must not hide a GBK article read as UTF-8.
    non_ascii = len(data.translate(None, bytes(range(128))))
    for codec in candidates:
        text = data.decode(codec, errors="replace")
        # A stray bad byte does not make a page's declared encoding wrong; a page full of them does.
        if text.count("\ufffd") <= max(1, non_ascii // 1000):
            return text, codec
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
    except Exception:  # detection is a guess; its failure is no reason to fail the page
        best = None
    detected = _codec(best.encoding) if best is not None else None
    if detected:
        try:
            return data.decode(detected), detected
        except UnicodeDecodeError:
            candidates.append(detected)
    fallback = candidates[0] if candidates else "utf-8"
    return data.decode(fallback, errors="replace"), fallback


def attachment_links(html: str, base_url: str) -> list[tuple[str, str, str]]:
    """Links on a page to attached files: ``(link text, absolute url, suffix)`` for each ``<a href>`` whose path
    ends in .docx, .pdf, .wps, .doc, .xls, .xlsx or .zip (any case), in page order, each URL once. ``suffix`` is
    lower case with its dot (".docx"). The link text is the anchor's text with whitespace collapsed, or the file
    name when the anchor has none. Relative links are resolved against the page's ``<base href>`` or ``base_url``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    base = soup.find("base", href=True)
    if base is not None:
        base_url = urljoin(base_url, base["href"].strip())
    links, seen = [], set()
    for anchor in soup.find_all("a", href=True):
        address = urljoin(base_url, anchor["href"].strip())
        if urlsplit(address).scheme.lower() not in ("http", "https") or address in seen:
            continue
        suffix = _path_suffix(address)
        if suffix not in ATTACHMENT_SUFFIXES:
            continue
        seen.add(address)
        text = " ".join(anchor.get_text(" ").split()) or PurePosixPath(unquote(urlsplit(address).path)).name
        links.append((text, address, suffix))
    return links


# Attachments kb reads; the others (.wps, .doc, .xls …) are named to the user, who saves them as .docx first.
READ_ATTACHMENTS = (".docx", ".pdf")


@dataclass
class FetchedFile:
    """A fetched resource saved as a file for kb's extractors: ``path`` (in a scratch folder), ``fetched``, the
    ``encoding`` to read a web page in (header, then <meta>, then detection; None for other formats), and
    ``attachment_of``: the saved page (a path) whose link it came from, or None."""

    path: Path
    fetched: Fetched
    encoding: str | None = None
    attachment_of: Path | None = None


@dataclass
class FetchedSources:
    """What ``fetch_sources`` got: ``files`` saved (pages first, each followed by its attachments), ``problems``
    (one InputError per address that failed or was refused), ``offered``: attachment links not followed, as (page
    url, link text, attachment url, suffix), and ``not_fetched``: in a dry run, the attachments ``--follow`` would
    fetch and file, in the same form (a dry run fetches none)."""

    files: list[FetchedFile]
    problems: list[InputError]
    offered: list[tuple[str, str, str, str]]
    not_fetched: list[tuple[str, str, str, str]] = field(default_factory=list)

    def in_order(self, given: list[str]) -> tuple[list[Path], dict[Path, FetchedFile]]:
        """The paths ``kb add`` reads for ``given`` (files and addresses, as the user gave them): each address
        replaced by its saved page and the attachments followed from it, an address given twice once; and the
        FetchedFile of each saved path."""
        pages: dict[str, FetchedFile] = {}
        for saved in self.files:
            if saved.attachment_of is None:
                pages.setdefault(saved.fetched.url, saved)
        paths, sources = [], {}
        for item in given:
            if not is_url(item):
                paths.append(Path(item))
                continue
            page = pages.pop(item.strip(), None)
            if page is None:
                continue  # the same address given twice: fetched and filed once
            for saved in [page] + [f for f in self.files if f.attachment_of == page.path]:
                paths.append(saved.path)
                sources[saved.path] = saved
        return paths, sources


def _file_name(fetched: Fetched, taken: set[str]) -> str:
    stem = PurePosixPath(unquote(urlsplit(fetched.final_url).path)).stem
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.")[:60] or "page"  # file systems allow 255 bytes a name
    name, n = f"{stem}{fetched.suffix}", 2
    while name in taken:
        name, n = f"{stem}-{n}{fetched.suffix}", n + 1
    taken.add(name)
    return name


def fetch_sources(addresses: list[str], folder: Path, follow: bool = False, timeout: float = 15.0,
                  retries: int = 2, client: httpx.Client | None = None, *, deadline: float = DEFAULT_DEADLINE,
                  max_bytes: int = DEFAULT_MAX_BYTES, allow_redirects_off_host: bool = False,
                  allow_attachments_off_host: bool = False, dry_run: bool = False) -> FetchedSources:
    """Fetch each address and save it in ``folder`` for ``kb add`` to read as it reads a saved file. A web page's
    links to attachments are followed when ``follow`` (those kb reads: .docx and .pdf) and offered otherwise;
    only those on the page's own host and port (see ``site_of``), unless ``allow_attachments_off_host``: another
    one is a problem of the page, and is not fetched. A ``dry_run`` fetches no attachment at all: those it would
    fetch are listed in ``not_fetched``. ``deadline``, ``max_bytes`` and ``allow_redirects_off_host`` apply to
    each address, page or attachment, as in ``fetch``. Network failures are collected in ``problems``, one per
    address; nothing raises for them."""
    folder = Path(folder)
    files: list[FetchedFile] = []
    problems: list[InputError] = []
    offered: list[tuple[str, str, str, str]] = []
    not_fetched: list[tuple[str, str, str, str]] = []
    taken: set[str] = set()
    limits = dict(timeout=timeout, retries=retries, client=client, deadline=deadline, max_bytes=max_bytes,
                  allow_redirects_off_host=allow_redirects_off_host)

    def save(fetched: Fetched, attachment_of: Path | None = None) -> FetchedFile:
        path = folder / _file_name(fetched, taken)
        path.write_bytes(fetched.data)
        encoding = decode_html(fetched.data, fetched.charset)[1] if fetched.suffix == ".html" else None
        saved = FetchedFile(path, fetched, encoding, attachment_of)
        files.append(saved)
        return saved

    for address in dict.fromkeys(a.strip() for a in addresses):  # the same address twice is fetched once
        try:
            page = save(fetch(address, **limits))
        except InputError as error:
            problems.append(error)
            continue
        if page.fetched.suffix != ".html":
            continue
        text = page.fetched.data.decode(page.encoding or "utf-8", errors="replace")
        home = site_of(page.fetched.final_url)
        for label, link, suffix in attachment_links(text, page.fetched.final_url):
            if not follow or suffix not in READ_ATTACHMENTS:
                offered.append((page.fetched.url, label, link, suffix))
                continue
            try:
                there = site_of(link)
            except httpx.InvalidURL:
                problems.append(InputError(page.fetched.url, f"its attachment {link} is not a valid address"))
                continue
            if there != home and not allow_attachments_off_host:
                host = there[0] + (f":{there[1]}" if there[1] else "")
                problems.append(InputError(page.fetched.url, f"its attachment {recorded_address(link)} is on another "
                                                             f"host ({host}); kb fetches attachments only from "
                                                             f"the page's own host: give "
                                                             f"--allow-attachments-off-host to fetch it"))
                continue
            if dry_run:
                not_fetched.append((page.fetched.url, label, link, suffix))
                continue
            try:
                save(fetch(link, **limits), attachment_of=page.path)
            except InputError as error:
                problems.append(error)
    return FetchedSources(files, problems, offered, not_fetched)
