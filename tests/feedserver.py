"""A tiny HTTP server on 127.0.0.1 for the watch and alert tests: routes we write, requests
recorded, conditional GET (ETag / Last-Modified) answered like a real feed host."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    """A canned response. ``etag``/``last_modified`` make the route answer 304 when the
    client already has this version; ``delay`` stalls before the answer."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    chunked: bool = False


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[Seen], Route]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, self.path, {k.lower(): v for k, v in
                                                      self.headers.items()},
                            self.rfile.read(length) if length else b"")
                with server._lock:
                    server.requests.append(seen)
                route = server.routes.get(self.path.split("?")[0])
                if callable(route):
                    route = route(seen)
                if route is None:
                    route = Route(b"not here", status=404, content_type="text/plain")
                if route.delay:
                    time.sleep(route.delay)
                fresh = (route.etag and seen.headers.get("if-none-match") == route.etag) or (
                    route.last_modified and not route.etag
                    and seen.headers.get("if-modified-since") == route.last_modified)
                self.send_response(304 if fresh else route.status)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if fresh:
                    self.end_headers()
                    return
                self.send_header("Content-Type", route.content_type)
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for i in range(0, len(route.body), 4096):
                        part = route.body[i:i + 4096]
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            do_GET = do_POST = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str, method: str = "GET") -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path and r.method == method]

    def posts(self, path: str) -> list[Any]:
        return [r.json() for r in self.hits(path, "POST")]


@contextmanager
def serving() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (a receiver that is down)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
