"""Fetching one official web page or attachment for ``kb add URL``: a GET, its redirects followed by hand, its
body streamed and decompressed, transient failures tried again, all within the address's limits.

Each address has limits (issue 23): a deadline for all of it (``DEFAULT_DEADLINE``), a size cap on its body once
decompressed (``DEFAULT_MAX_BYTES``, read as a stream), redirects only on its own host and port; each may be
widened by its caller."""
from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
import zlib
from typing import Iterator

import httpx

from ..errors import InputError
from .addresses import format_size, is_url, recorded_address
from .answer import TRANSIENT_STATUS, Answer, Fetched, checked

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

_DNS_FAILURE = re.compile(r"name resolution|getaddrinfo|name or service not known|nodename nor servname|"
                          r"no address associated", re.I)
_TLS_FAILURE = re.compile(r"CERTIFICATE_VERIFY_FAILED|certificate verify failed|WRONG_VERSION_NUMBER|SSLError|"
                          r"\[SSL", re.I)


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
    return checked(url, answer)


def _get_with_retries(client: httpx.Client, url: str, timeout: float, retries: int, clock: _Deadline,
                      max_bytes: int, allow_off_host: bool) -> Answer:
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
         allow_off_host: bool) -> Answer:
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
            return Answer(final_url=response.url, status=status, reason=response.reason_phrase,
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


