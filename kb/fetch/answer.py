"""What an address answered, as kb reads it: a ``Fetched`` resource, or the InputError a staff member can act on
(an HTTP error, an empty page, a login page, a content type kb does not read)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import PurePosixPath
from urllib.parse import unquote

import httpx

from ..errors import InputError
from .addresses import path_suffix
from .pages import decode_html

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
# A whole word of the final host or path: /sso/login, passport.example.cn, /cas/login, /auth/ — not /author/.
_LOGIN_WORD = re.compile(r"(?:^|[/._-])(login|logon|signin|sign-in|sso|passport|auth|oauth2?)(?:$|[/._-])", re.I)
_PASSWORD_INPUT = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password\b", re.I)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_CJK = re.compile(r"[\u4e00-\u9fff]")
LOGIN_PAGE_MAX_CJK = 200


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




@dataclass
class Answer:
    """The last response of one GET, its redirects followed: the body read (b"" for a status that is not 2xx)."""

    final_url: httpx.URL
    status: int
    reason: str
    headers: httpx.Headers
    data: bytes
    redirected: bool




def checked(url: str, answer: Answer) -> Fetched:
    """The Fetched resource of an answer to ``url``, with the suffix kb's extractors read. Raises InputError for
    an HTTP error status, an empty page, a login page, or a content type kb does not read (an old Word or WPS
    file: save it as .docx)."""
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




def _suffix(url: str, final_url: str, content_type: str, disposition: str, data: bytes) -> str:
    if content_type in CONTENT_TYPES:
        return CONTENT_TYPES[content_type]
    named = [path_suffix(final_url), path_suffix(url)]
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


def _is_login_page(answer: Answer, data: bytes, charset: str | None) -> bool:
    final = answer.final_url
    if answer.redirected and (_LOGIN_WORD.search(final.path) or _LOGIN_WORD.search("." + final.host + ".")):
        return True
    text, _ = decode_html(data, charset)
    if not _PASSWORD_INPUT.search(text):
        return False
    # A password box beside a whole article is a site-wide sign-in widget, not a login wall.
    visible = re.sub(r"<[^>]+>", " ", _SCRIPT_STYLE.sub(" ", text))
    return len(_CJK.findall(visible)) < LOGIN_PAGE_MAX_CJK


