"""Guarded fetch: non-global addresses refused (also after redirects and for every DNS
answer), the checked address is the one connected to, size/time/redirect caps hold."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from feedserver import FeedServer, Route, serving
from sigact.ingest import fetch as fetch_mod
from sigact.ingest.fetch import FetchError, FetchPolicy, fetch, refusal

LOCAL = FetchPolicy(allow_networks=("127.0.0.1/32",), timeout=5)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving() as s:
        yield s


@pytest.mark.parametrize(("address", "why"), [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.5", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),
    ("100.64.0.1", "non-global"),
    ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("::1", "loopback"),
    ("fe80::1", "link-local"),
    ("fc00::1", "private"),
    ("ff02::1", "multicast"),
    ("::", "unspecified"),
    ("::ffff:127.0.0.1", "IPv4-mapped IPv6"),
    ("::ffff:8.8.8.8", "IPv4-mapped IPv6"),
    ("2002:7f00:1::", "tunnelled non-global (6to4/Teredo)"),
    ("8.8.8.8", None),
    ("1.1.1.1", None),
    ("2606:4700:4700::1111", None),
])
def test_refusal_names_why_an_address_is_not_fetched(address: str, why: str | None) -> None:
    assert refusal(ipaddress.ip_address(address)) == why


def test_loopback_is_refused_without_the_allow_flag(server: FeedServer) -> None:
    server.routes["/feed"] = Route(b"hello")
    with pytest.raises(FetchError) as err:
        fetch(server.url("/feed"), policy=FetchPolicy(timeout=5))
    assert err.value.refused
    assert "127.0.0.1" in str(err.value) and "loopback" in str(err.value)
    assert "allow_private" in str(err.value)
    assert server.requests == []  # refused before connecting


def test_allowed_network_and_allow_private_reach_the_server(server: FeedServer) -> None:
    server.routes["/feed"] = Route(b"hello", content_type="text/plain")
    assert fetch(server.url("/feed"), policy=LOCAL).body == b"hello"
    resp = fetch(server.url("/feed"), policy=FetchPolicy(allow_private=True, timeout=5))
    assert resp.status == 200 and resp.content_type == "text/plain"


def test_redirect_to_a_private_address_is_refused(server: FeedServer) -> None:
    server.routes["/feed"] = Route(status=302, headers={
        "Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(FetchError) as err:
        fetch(server.url("/feed"), policy=LOCAL)
    assert err.value.refused and "169.254.169.254" in str(err.value)
    assert len(server.requests) == 1


def test_redirects_are_followed_and_capped(server: FeedServer) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(b"moved here")
    resp = fetch(server.url("/old"), policy=LOCAL)
    assert resp.body == b"moved here" and resp.url == server.url("/new")
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(server.url("/loop"), policy=FetchPolicy(allow_private=True, max_redirects=2))
    assert len(server.hits("/loop")) == 3


def test_redirect_to_another_scheme_is_refused(server: FeedServer) -> None:
    server.routes["/feed"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="only http and https"):
        fetch(server.url("/feed"), policy=LOCAL)


@pytest.mark.parametrize("chunked", [False, True])
def test_oversize_response_is_refused(server: FeedServer, chunked: bool) -> None:
    server.routes["/big"] = Route(b"x" * 50_000, chunked=chunked)
    small = FetchPolicy(allow_private=True, max_bytes=10_000, timeout=5)
    with pytest.raises(FetchError, match="larger than the 10,000-byte limit"):
        fetch(server.url("/big"), policy=small)
    assert len(fetch(server.url("/big"), policy=LOCAL).body) == 50_000


def test_slow_server_times_out(server: FeedServer) -> None:
    server.routes["/slow"] = Route(b"late", delay=2.0)
    with pytest.raises(FetchError, match=r"within 0.5 s"):
        fetch(server.url("/slow"), policy=FetchPolicy(allow_private=True, timeout=0.5))


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd",
                                 "gopher://example.org/"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https") as err:
        fetch(url, policy=FetchPolicy(allow_private=True))
    assert err.value.refused


def test_http_errors_carry_status_and_retry_after(server: FeedServer) -> None:
    server.routes["/busy"] = Route(b"", status=503, headers={"Retry-After": "120"})
    with pytest.raises(FetchError, match="HTTP 503 Service Unavailable") as err:
        fetch(server.url("/busy"), policy=LOCAL)
    assert err.value.status == 503 and err.value.retry_after == 120
    assert not err.value.refused


def test_conditional_get_sends_validators_and_gets_304(server: FeedServer) -> None:
    server.routes["/feed"] = Route(b"<rss/>", etag='"v1"', last_modified="Mon, 01 Jan 2024")
    first = fetch(server.url("/feed"), policy=LOCAL)
    assert first.etag == '"v1"' and first.last_modified == "Mon, 01 Jan 2024"
    again = fetch(server.url("/feed"), policy=LOCAL, etag=first.etag,
                  last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert server.requests[-1].headers["if-none-match"] == '"v1"'


def _resolver(mapping: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def fake(host: str, port: int) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                for ip in mapping[host]]
    return fake


def test_connects_to_the_checked_address_with_the_host_name(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Our resolver is asked once; the connection goes to its (checked) answer and the
    # request still names the host, so a second, rebinding DNS answer is never used.
    calls: list[str] = []
    fake = _resolver({"feeds.example": ["127.0.0.1"]})

    def counting(host: str, port: int) -> list[tuple[object, ...]]:
        calls.append(host)
        return fake(host, port)

    monkeypatch.setattr(fetch_mod, "_getaddrinfo", counting)
    server.routes["/feed"] = Route(b"pinned")
    resp = fetch(f"http://feeds.example:{server.port}/feed", policy=LOCAL)
    assert resp.body == b"pinned" and calls == ["feeds.example"]
    assert server.requests[0].headers["host"] == f"feeds.example:{server.port}"


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_mod, "_getaddrinfo",
                        _resolver({"mixed.example": ["93.184.215.14", "10.0.0.7"]}))
    with pytest.raises(FetchError, match=r"10\.0\.0\.7, a private address") as err:
        fetch("http://mixed.example/feed", policy=FetchPolicy())
    assert err.value.refused


def test_unresolvable_host_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(host: str, port: int) -> list[object]:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(fetch_mod, "_getaddrinfo", fail)
    with pytest.raises(FetchError, match=r"cannot resolve host 'nowhere\.invalid'") as err:
        fetch("https://nowhere.invalid/feed", policy=FetchPolicy())
    assert not err.value.refused


def test_post_does_not_follow_redirects(server: FeedServer) -> None:
    server.routes["/hook"] = Route(status=307, headers={"Location": "/elsewhere"})
    with pytest.raises(FetchError, match="HTTP 307"):
        fetch(server.url("/hook"), policy=LOCAL, method="POST", body=b"{}")
    assert server.hits("/elsewhere", "POST") == []


def test_body_is_reencoded_from_the_declared_charset(server: FeedServer) -> None:
    server.routes["/latin"] = Route("Caf\u00e9 in Ta\u2019izz".encode("cp1252"),
                                    content_type="text/html; charset=windows-1252")
    server.routes["/plain"] = Route(b"\xff not utf-8", content_type="text/html")
    assert fetch(server.url("/latin"), policy=LOCAL).utf8_body() == \
        "Caf\u00e9 in Ta\u2019izz".encode()
    assert fetch(server.url("/plain"), policy=LOCAL).utf8_body() == b"\xff not utf-8"


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[FeedServer]:
    """The feed server behind TLS with a self-signed certificate for 'feeds.example'."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=feeds.example", "-addext", "subjectAltName=DNS:feeds.example",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with serving() as s:
        s.httpd.socket = ctx.wrap_socket(s.httpd.socket, server_side=True)
        s.cert = cert  # type: ignore[attr-defined]
        yield s


def test_https_checks_the_certificate_of_the_host_name(
    tls_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The connection goes to the pinned 127.0.0.1 while the certificate is checked against
    # the name in the URL (SNI): trusted for feeds.example, rejected for the bare address,
    # and rejected altogether when the certificate is not trusted.
    monkeypatch.setattr(fetch_mod, "_getaddrinfo", _resolver({"feeds.example": ["127.0.0.1"],
                                                              "127.0.0.1": ["127.0.0.1"]}))
    tls_server.routes["/feed"] = Route(b"secret")
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch(f"https://feeds.example:{tls_server.port}/feed", policy=LOCAL)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.cert))  # type: ignore[attr-defined]
    resp = fetch(f"https://feeds.example:{tls_server.port}/feed", policy=LOCAL)
    assert resp.body == b"secret"
    with pytest.raises(FetchError, match=r"IP address mismatch|doesn.t match"):
        fetch(f"https://127.0.0.1:{tls_server.port}/feed", policy=LOCAL)


def test_non_ascii_and_spaces_in_links_are_percent_encoded(server: FeedServer) -> None:
    server.routes["/news/%D8%AD%D9%84%D8%A8%20report"] = Route(b"found")
    resp = fetch(server.url("/news/\u062d\u0644\u0628 report"), policy=LOCAL)
    assert resp.body == b"found"
    server.routes["/q"] = Route(b"query kept")
    assert fetch(server.url("/q?a=1&b=%2F"), policy=LOCAL).body == b"query kept"
    assert server.requests[-1].path == "/q?a=1&b=%2F"
