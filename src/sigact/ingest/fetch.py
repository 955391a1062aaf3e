"""Guarded HTTP fetch: feeds, article pages and webhooks, never the machine's own network.

A URL from a feed is untrusted input: it (or a redirect it answers with) may point at
``localhost``, a router or a cloud metadata service. So we resolve the host ourselves, refuse
it unless *every* address it resolves to is globally routable (or explicitly allowed), and
then connect to the address we checked, not to the name, so a second DNS answer cannot swap
in a private address (DNS rebinding). Every redirect is checked again. Size, time and
redirects are capped; only http and https are spoken. Standard library only.
"""

from __future__ import annotations

import codecs
import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from .. import __version__
from ..errors import Errors, SigactError

#: Statuses whose ``Location`` a GET follows.
REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEFAULT_USER_AGENT = f"sigact/{__version__} (feed watcher)"
_CHUNK = 64 * 1024
_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What a fetch may reach and how much it may take; one per source or webhook."""

    #: Allow any non-global address (loopback, private, link-local...): for a trusted intranet.
    allow_private: bool = False
    #: Networks allowed even though they are not global, e.g. ``("10.1.2.0/24",)``.
    allow_networks: tuple[str, ...] = ()
    #: Seconds for the whole exchange, every redirect included.
    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    _networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        nets = tuple(ipaddress.ip_network(n, strict=False) for n in self.allow_networks)
        object.__setattr__(self, "_networks", nets)

    def allows(self, addr: _IPAddress) -> bool:
        return self.allow_private or any(addr in net for net in self._networks)


@dataclass(frozen=True, slots=True)
class Response:
    """A complete response: the final URL after redirects, status, headers (lower-case)."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    def utf8_body(self) -> bytes:
        """The body re-encoded as UTF-8 when the header declares another charset (the HTML
        reader trusts UTF-8 and the page's own ``<meta charset>``, not HTTP headers)."""
        msg = Message()
        msg["content-type"] = self.content_type or ""
        charset = msg.get_content_charset()
        if charset:
            try:
                if codecs.lookup(charset).name != "utf-8":
                    return self.body.decode(charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                pass
        return self.body


class FetchError(SigactError):
    """A fetch that failed or was refused; ``refused`` means policy, not the network."""

    def __init__(
        self, url: str, message: str, *, refused: bool = False, status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message
        self.refused = refused
        self.status = status
        self.retry_after = retry_after


def refusal(addr: _IPAddress) -> str | None:
    """Why an address is not one to fetch from (None when it is globally routable)."""
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return "IPv4-mapped IPv6"
        embedded = addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if embedded is not None and refusal(embedded):
            return "tunnelled non-global (6to4/Teredo)"
    for attr, why in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(addr, attr):
            return why
    return None if addr.is_global else "non-global"


def _getaddrinfo(host: str, port: int) -> list[Any]:
    """The resolver (a seam for tests that need a name to resolve to a chosen address)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def resolve_checked(url: str, host: str, port: int, *, policy: FetchPolicy) -> list[str]:
    """Every address ``host`` resolves to, all checked; any refused one refuses the host."""
    try:
        infos = _getaddrinfo(host, port)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(url, Errors.E139.format(host=host, detail=exc)) from exc
    addresses: list[str] = []
    for info in infos:
        ip = str(info[4][0]).split("%", 1)[0]
        addr = ipaddress.ip_address(ip)
        why = refusal(addr)
        if why and not policy.allows(addr):
            raise FetchError(url, Errors.E138.format(host=host, address=ip, why=why),
                             refused=True)
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchError(url, Errors.E139.format(host=host, detail="no addresses"))
    return addresses


def _connect(addresses: Sequence[str], port: int, timeout: float | None) -> socket.socket:
    last: OSError | None = None
    for ip in addresses:
        try:
            return socket.create_connection((ip, port), timeout=timeout)
        except OSError as exc:
            last = exc
    raise last or OSError("no address to connect to")


class _PinnedHTTP(http.client.HTTPConnection):
    """Sends ``Host: <name>`` but connects only to addresses checked beforehand."""

    def __init__(self, host: str, port: int, *, addresses: Sequence[str], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._addresses = list(addresses)

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As ``_PinnedHTTP``, with the certificate checked against the host name (SNI)."""

    def __init__(self, host: str, port: int, *, addresses: Sequence[str], timeout: float):
        self._ctx = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._ctx)
        self._addresses = list(addresses)

    def connect(self) -> None:
        sock = _connect(self._addresses, self.port, self.timeout)
        self.sock = self._ctx.wrap_socket(sock, server_hostname=self.host)


def fetch(
    url: str, *, policy: FetchPolicy, method: str = "GET", body: bytes | None = None,
    headers: Mapping[str, str] | None = None, etag: str | None = None,
    last_modified: str | None = None,
) -> Response:
    """One guarded request; a GET follows redirects (each one checked), other methods don't.

    ``etag`` and ``last_modified`` make the GET conditional: a ``304`` comes back as a
    Response with ``not_modified``. Other statuses outside 2xx raise :class:`FetchError`.
    """
    deadline = time.monotonic() + policy.timeout
    send = {"User-Agent": policy.user_agent, "Accept-Encoding": "identity", **(headers or {})}
    if etag:
        send["If-None-Match"] = etag
    if last_modified:
        send["If-Modified-Since"] = last_modified
    current = url
    for _hop in range(policy.max_redirects + 1):
        resp = _once(current, method=method, body=body, headers=send, policy=policy,
                     deadline=deadline)
        location = resp.headers.get("location")
        if resp.status in REDIRECTS and method == "GET" and location:
            current = urljoin(current, location.strip())
            continue
        if resp.status == 304 or 200 <= resp.status < 300:
            return resp
        raise FetchError(current, Errors.E143.format(status=resp.status, reason=_reason(resp)),
                         status=resp.status, retry_after=_retry_after(resp))
    raise FetchError(url, Errors.E140.format(limit=policy.max_redirects, location=current))


def _reason(resp: Response) -> str:
    return http.client.responses.get(resp.status, "")


def _retry_after(resp: Response) -> float | None:
    value = resp.headers.get("retry-after", "")
    return float(value) if value.strip().isdigit() else None


def _once(
    url: str, *, method: str, body: bytes | None, headers: Mapping[str, str],
    policy: FetchPolicy, deadline: float,
) -> Response:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(url, Errors.E137.format(scheme=scheme), refused=True)
    try:
        host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:  # a port that is not a number
        raise FetchError(url, Errors.E139.format(host=parts.netloc, detail=exc)) from exc
    if not host:
        raise FetchError(url, Errors.E139.format(host="", detail="the URL names no host"))
    addresses = resolve_checked(url, host, port, policy=policy)
    conn_cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError(url, Errors.E139.format(host=host, detail=exc)) from exc
    conn = conn_cls(ascii_host, port, addresses=addresses, timeout=_left(url, deadline, policy))
    # Feeds carry raw non-ASCII and spaces in links; percent-encode them, keep the rest as is.
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                   safe="/?&=%:@!$'()*+,;~-._[]")
    try:
        conn.request(method, target, body=body, headers=dict(headers))
        raw = conn.getresponse()
        got = {k.lower(): v for k, v in raw.getheaders()}
        data = b"" if raw.status in REDIRECTS or raw.status == 304 else _read(
            raw, conn, url=url, policy=policy, deadline=deadline, headers=got)
    except TimeoutError as exc:
        raise FetchError(url, Errors.E142.format(timeout=policy.timeout, detail=exc)) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(url, Errors.E147.format(detail=str(exc) or type(exc).__name__)) from exc
    finally:
        conn.close()
    return Response(url=url, status=raw.status, headers=got, body=data)


def _left(url: str, deadline: float, policy: FetchPolicy) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(url, Errors.E142.format(timeout=policy.timeout, detail="time is up"))
    return left


def _read(
    raw: http.client.HTTPResponse, conn: http.client.HTTPConnection, *, url: str,
    policy: FetchPolicy, deadline: float, headers: Mapping[str, str],
) -> bytes:
    """The body, refusing more than ``max_bytes`` and stopping at the deadline."""
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > policy.max_bytes:
        raise FetchError(url, Errors.E141.format(limit=policy.max_bytes), refused=True)
    chunks: list[bytes] = []
    total = 0
    while True:
        if conn.sock is not None:
            conn.sock.settimeout(_left(url, deadline, policy))
        chunk = raw.read1(_CHUNK)  # one socket read: a trickling server cannot outlast us
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > policy.max_bytes:
            raise FetchError(url, Errors.E141.format(limit=policy.max_bytes), refused=True)
        chunks.append(chunk)
