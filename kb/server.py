"""``kb serve``'s server: the KB's Datasette app under uvicorn, with the limits a public site needs.

``datasette serve`` starts uvicorn with its defaults: no limit on connections, and a connection that never sends a
complete request is kept for ever (uvicorn's keep-alive timeout starts only after a first response). A thousand
half-open connections from one client then take every file descriptor and lock every other reader out. Here:

- a connection that has not sent a complete request head within ``HEADER_TIMEOUT_S`` is closed;
- an idle keep-alive connection is closed after ``KEEP_ALIVE_S``;
- beyond ``MAX_CONNECTIONS`` open connections and tasks, a new request is answered 503 at once;
- a request head larger than ``MAX_HEAD_BYTES`` is refused (h11's limit);
- the process may open as many files as its hard limit allows.

Each has an option of ``kb serve`` (``--header-timeout``, ``--keep-alive``, ``--max-connections``).

Run as ``python -m kb.server --db FILE --metadata FILE --settings FILE --host H --port P`` (kb.publish.serve_command).
"""
from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

HEADER_TIMEOUT_S = 10.0
KEEP_ALIVE_S = 5
MAX_CONNECTIONS = 400
MAX_HEAD_BYTES = 32 * 1024


def protocol_with_header_timeout(seconds: float):
    """uvicorn's h11 protocol, closing a connection whose request head has not come within ``seconds``."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutProtocol(H11Protocol):
        def connection_made(self, transport):
            super().connection_made(transport)
            self._head_timer = self.loop.call_later(seconds, self._close_if_no_request)

        def _close_if_no_request(self):
            if self.cycle is None and not self.transport.is_closing():
                self.transport.close()

        def handle_events(self):
            super().handle_events()
            if self.cycle is not None and self._head_timer is not None:
                self._head_timer.cancel()  # a request came: from now on the keep-alive timeout watches it
                self._head_timer = None

        def connection_lost(self, exc):
            if self._head_timer is not None:
                self._head_timer.cancel()
            super().connection_lost(exc)

    return HeaderTimeoutProtocol


def raise_file_limit() -> None:
    """Let the process open as many files as its hard limit allows (each connection is one)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else max(soft, 65536),
                                                        hard))
    except (ImportError, ValueError, OSError):
        pass


def main(argv: list[str] | None = None) -> None:
    """Serve the KB ``--db`` with its ``--metadata`` and ``--settings`` on ``--host``:``--port`` until stopped, with
    the limits above (``argv``: the arguments, by default the command line's; argparse exits on bad ones)."""
    parser = argparse.ArgumentParser(prog="python -m kb.server", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--metadata", required=True, type=Path)
    parser.add_argument("--settings", required=True, type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--header-timeout", type=float, default=HEADER_TIMEOUT_S)
    parser.add_argument("--keep-alive", type=int, default=KEEP_ALIVE_S)
    parser.add_argument("--max-connections", type=int, default=MAX_CONNECTIONS)
    args = parser.parse_args(argv)

    import uvicorn

    from .publish import make_datasette

    datasette = make_datasette(args.db, args.metadata, args.settings)
    asyncio.run(datasette.invoke_startup())
    raise_file_limit()
    uvicorn.run(datasette.app(), host=args.host, port=args.port, log_level="warning", lifespan="on",
                http=protocol_with_header_timeout(args.header_timeout), timeout_keep_alive=args.keep_alive,
                limit_concurrency=args.max_connections, h11_max_incomplete_event_size=MAX_HEAD_BYTES)


if __name__ == "__main__":
    main()
