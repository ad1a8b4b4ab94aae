"""Fetching one official web page or attachment for ``kb add URL``.

``fetch(url)`` returns the bytes with what is known about them (final address, content type, the file suffix kb's
extractors read, when it was retrieved, a SHA-256); every failure is an ``InputError(url, cause)`` whose cause a
staff member can act on. ``decode_html`` turns a page's bytes into text the way browsers do for Chinese sites, and
``attachment_links`` lists the files a notice links to. Nothing here touches the network except the URL given."""
from __future__ import annotations

import codecs
import hashlib
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
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


def fetch(url: str, *, timeout: float = 15.0, retries: int = 2, client: httpx.Client | None = None) -> Fetched:
    """GET ``url`` and return it as a ``Fetched``.

    Redirects are followed, at most 10 (with a ``client`` given, its own ``max_redirects`` applies). ``timeout``
    is in seconds, for each phase (connecting, each read). Transient failures — connection errors, timeouts,
    HTTP 502/503/504 — are tried again up to ``retries`` times, after 0.5 s, then 1 s, 2 s …; a 4xx never is.

    Raises ``InputError(url, cause)`` for: an address that is not http(s); a host name that does not resolve;
    no connection; no answer within ``timeout``; a redirect loop; an HTTP error status; an empty body; a login
    page (the site wants a signed-in browser); a content type kb does not read."""
    url = url.strip()
    if not is_url(url):
        raise InputError(url, "not a web address (kb add fetches http:// and https:// addresses)")
    own_client = client is None
    if own_client:
        client = httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(timeout),
                              headers={"User-Agent": USER_AGENT})
    try:
        response = _get_with_retries(client, url, timeout, retries)
    finally:
        if own_client:
            client.close()
    return _checked(url, response)


def _get_with_retries(client: httpx.Client, url: str, timeout: float, retries: int) -> httpx.Response:
    attempts = max(0, retries) + 1
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            response = client.get(url, follow_redirects=True, timeout=httpx.Timeout(timeout),
                                  headers={"User-Agent": USER_AGENT})
        except httpx.ConnectError as exc:
            # A host that does not exist will not exist a second later either, nor will a certificate become
            # trusted.
            permanent = (_DNS_FAILURE.search(str(exc)) and "temporary" not in str(exc).lower()) or \
                _TLS_FAILURE.search(str(exc))
            if last or permanent:
                raise InputError(url, _connect_cause(exc, url)) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:  # the connection dropped mid-answer
            if last:
                raise InputError(url, f"the connection was cut before the page was complete ({_one_line(exc)}); "
                                      f"try again later") from exc
        except httpx.ConnectTimeout as exc:
            if last:
                raise InputError(url, f"no network: could not connect within {timeout:g} s") from exc
        except httpx.ReadTimeout as exc:
            if last:
                raise InputError(url, f"no answer within {timeout:g} s") from exc
        except httpx.TooManyRedirects as exc:
            raise InputError(url, f"redirect loop (more than {client.max_redirects} redirects)") from exc
        except httpx.TimeoutException as exc:  # writing the request, or waiting for a pooled connection
            raise InputError(url, f"no answer within {timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise InputError(url, f"could not fetch the address ({_one_line(exc)})") from exc
        except httpx.InvalidURL as exc:  # not an HTTPError in httpx
            raise InputError(url, f"not a valid web address ({_one_line(exc)})") from exc
        else:
            if response.status_code not in TRANSIENT_STATUS or last:
                return response
        time.sleep(min(0.5 * 2 ** attempt, 4.0))
    raise AssertionError("unreachable")


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


def _checked(url: str, response: httpx.Response) -> Fetched:
    final_url = str(response.url)
    status = response.status_code
    if not 200 <= status < 300:
        cause = f"HTTP {status} {response.reason_phrase}".rstrip()
        if status in TRANSIENT_STATUS:
            cause += " (the site is not answering; try again later)"
        elif status in (401, 403):
            cause += ("; the site refuses this request: save the page from a browser and run kb add on the file")
        raise InputError(url, cause)
    data = response.content
    if not data.strip():
        raise InputError(url, f"the address returned an empty page ({final_url})")
    content_type, charset = _parse_content_type(response.headers.get("content-type", ""))
    suffix = _suffix(url, final_url, content_type, response.headers.get("content-disposition", ""), data)
    if suffix == ".html" and _is_login_page(response, data, charset):
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


def _is_login_page(response: httpx.Response, data: bytes, charset: str | None) -> bool:
    final = response.url
    if response.history and (_LOGIN_WORD.search(final.path) or _LOGIN_WORD.search("." + final.host + ".")):
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
    (one InputError per address that failed), and ``offered``: attachment links not followed, as (page url,
    link text, attachment url, suffix)."""

    files: list[FetchedFile]
    problems: list[InputError]
    offered: list[tuple[str, str, str, str]]

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
                  retries: int = 2, client: httpx.Client | None = None) -> FetchedSources:
    """Fetch each address and save it in ``folder`` for ``kb add`` to read as it reads a saved file. A web page's
    links to attachments are followed when ``follow`` (those kb reads: .docx and .pdf) and offered otherwise.
    Network failures are collected in ``problems``, one per address; nothing raises for them."""
    folder = Path(folder)
    files: list[FetchedFile] = []
    problems: list[InputError] = []
    offered: list[tuple[str, str, str, str]] = []
    taken: set[str] = set()

    def save(fetched: Fetched, attachment_of: Path | None = None) -> FetchedFile:
        path = folder / _file_name(fetched, taken)
        path.write_bytes(fetched.data)
        encoding = decode_html(fetched.data, fetched.charset)[1] if fetched.suffix == ".html" else None
        saved = FetchedFile(path, fetched, encoding, attachment_of)
        files.append(saved)
        return saved

    for address in dict.fromkeys(a.strip() for a in addresses):  # the same address twice is fetched once
        try:
            page = save(fetch(address, timeout=timeout, retries=retries, client=client))
        except InputError as error:
            problems.append(error)
            continue
        if page.fetched.suffix != ".html":
            continue
        text = page.fetched.data.decode(page.encoding or "utf-8", errors="replace")
        for label, link, suffix in attachment_links(text, page.fetched.final_url):
            if not follow or suffix not in READ_ATTACHMENTS:
                offered.append((page.fetched.url, label, link, suffix))
                continue
            try:
                save(fetch(link, timeout=timeout, retries=retries, client=client), attachment_of=page.path)
            except InputError as error:
                problems.append(error)
    return FetchedSources(files, problems, offered)
