"""Run the app under uvicorn: what ``sigact serve`` calls."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from typing import TYPE_CHECKING

from ..store.sqlite import SQLiteStore
from .settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

#: How `serve` hands its settings to worker processes (uvicorn starts them by import string).
_SETTINGS_ENV = "SIGACT_SERVE_SETTINGS"


def prepare_database(settings: Settings) -> int:
    """Migrate the database to this sigact's schema (the only write serving does); returns
    the number of events."""
    from ..errors import Errors, SigactError

    if not settings.db.is_file():
        raise SigactError(Errors.E103.format(path=settings.db))
    with SQLiteStore(settings.db) as store:
        return store.count_events()


def serve(settings: Settings) -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    from .app import create_app

    n = prepare_database(settings)
    if not (settings.web_dir / "index.html").is_file():
        log.warning("dashboard not built (%s); /app/ will say how to build it", settings.web_dir)
    log.info("serving %d events from %s", n, settings.db)
    if settings.workers > 1 and hasattr(socket, "SO_REUSEPORT") and sys.platform == "linux":
        serve_reuseport(settings)
        return
    if settings.workers > 1:
        os.environ[_SETTINGS_ENV] = settings.model_dump_json()
        uvicorn.run("sigact.api.server:app_from_parent", factory=True, host=settings.host,
                    port=settings.port, workers=settings.workers, log_level=settings.log_level)
        return
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level=settings.log_level)


def app_from_parent() -> FastAPI:
    """The app in a worker process: the settings `serve` validated, passed down as JSON (the
    one thing the server reads from its environment, and only from its own parent)."""
    from .app import create_app

    return create_app(Settings.model_validate_json(os.environ[_SETTINGS_ENV]))


def serve_reuseport(settings: Settings) -> None:
    """Several worker processes, each with its own listening socket on the same port.

    With one shared socket (uvicorn's ``workers``), whichever worker wakes first accepts a
    burst of keep-alive connections and keeps them: measured here, 39 of 50 clients on one of
    two workers, which then sets the tail latency. With ``SO_REUSEPORT`` (Linux) the kernel
    spreads connections over the workers' sockets by address hash. Every socket is bound and
    listening before any worker starts, so clients that connect while the workers are still
    importing queue on all of them, not on the first worker to come up.
    """
    import multiprocessing

    _check_port_free(settings.host, settings.port)
    socks = [_reuseport_socket(settings) for _ in range(settings.workers)]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_reuseport_worker, args=(settings.model_dump_json(), sock),
                         name=f"sigact-serve-{i}") for i, sock in enumerate(socks)]
    for p in procs:
        p.start()
    for sock in socks:
        sock.close()  # each worker holds its own copy

    def stop(signum: int, _frame: object) -> None:
        for p in procs:
            if p.is_alive():
                p.terminate()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while procs and not any(p.exitcode not in (None, 0) for p in procs):
            for p in procs:
                p.join(timeout=0.5)
            if all(p.exitcode is not None for p in procs):
                break
    finally:
        stop(0, None)
        for p in procs:
            p.join(timeout=10)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    failed = [p.name for p in procs if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        log.error("server worker(s) %s stopped unexpectedly", ", ".join(failed))


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port something else listens on: ``SO_REUSEPORT`` would otherwise let a second
    ``sigact serve`` of the same user share it silently."""
    from ..errors import Errors, SigactError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SigactError(Errors.E110.format(host=host, port=port, detail=exc)) from exc


def _reuseport_socket(settings: Settings) -> socket.socket:
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((settings.host, settings.port))
    sock.listen(2048)
    return sock


def _reuseport_worker(settings_json: str, sock: socket.socket) -> None:
    import uvicorn

    from .app import create_app

    settings = Settings.model_validate_json(settings_json)
    config = uvicorn.Config(create_app(settings), log_level=settings.log_level)
    uvicorn.Server(config).run(sockets=[sock])
