"""``kb add``'s fetching: each address fetched and saved as a file for kb's extractors, a page's attachments
followed (or offered) from its own host only, unless its caller allows others."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from ..errors import InputError
from ..ids import file_slug, first_free
from .addresses import is_url, recorded_address
from .answer import Fetched
from .http import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, fetch, site_of
from .pages import attachment_links, decode_html

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
    name = first_free(file_slug(stem), taken, tail=fetched.suffix)
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

