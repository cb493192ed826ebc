"""How `ceasefire serve` runs the app under uvicorn, in one process or in several that share the socket."""

from __future__ import annotations

import asyncio
import gc
import os
import socket

from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ceasefire.api.app import Settings, create_app
from ceasefire.store import DEFAULT_URL, Store

# The factory handed to uvicorn, which builds the app in each worker process.
FACTORY = "ceasefire.api.server:from_environment"


class NoDelay(HttpToolsProtocol):
    """Sends each response at once. Worker processes accept on a socket that uvicorn opens itself, and
    asyncio leaves Nagle on for its connections: a response's last segment then waited for the client's
    delayed ACK, 40 ms every request."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def configure(db: str, settings: Settings) -> None:
    """What each worker reads back; the token goes through the environment, so it never shows in `ps`."""
    os.environ.update(
        CEASEFIRE_DB=db, CEASEFIRE_TOKEN=settings.token or "", CEASEFIRE_MAX_BODY=str(settings.max_body)
    )


def from_environment() -> FastAPI:
    """The app as `configure` described it: CEASEFIRE_DB, CEASEFIRE_TOKEN, CEASEFIRE_MAX_BODY."""
    limit = os.environ.get("CEASEFIRE_MAX_BODY", "")
    settings = Settings(
        token=os.environ.get("CEASEFIRE_TOKEN", "").strip() or None,
        max_body=int(limit) if limit.isdigit() else Settings.max_body,
    )
    app = create_app(Store(os.environ.get("CEASEFIRE_DB", DEFAULT_URL)), settings)
    # What the app made at start lives as long as the worker: kept out of the garbage collector's full
    # passes, which walked it all and stopped the worker 35-45 ms at a time under bench/load (16 ms at
    # most once frozen).
    gc.collect()
    gc.freeze()
    return app
