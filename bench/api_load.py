"""Load on `GET /events` with a bbox + date filter: latency percentiles and requests per second.

Usage: python bench/api_load.py [--events 100000] [--clients 50] [--seconds 20] [--warmup 3]

Builds (once, cached in bench/out/) a database of synthetic events, starts `sigact serve` on a
free 127.0.0.1 port in its own process, and drives it from this process with N concurrent
keep-alive HTTP/1.1 connections (plain asyncio streams: a light client, so most of the CPU goes
to the server). Each request asks for a different box of about 5 x 5 degrees around a conflict
hotspot and a 30-90 day window, newest first, default page size (100). Only loopback traffic;
the run stops by itself. Prints the figures and the machine they were measured on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service_common import DAYS, HOTSPOTS, START, build_db, machine, serving


def queries(n: int, *, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        _, _, _, _, lat, lon, _ = rng.choice(HOTSPOTS)
        lat += rng.uniform(-1, 1)
        lon += rng.uniform(-1, 1)
        since = START + timedelta(rng.randrange(DAYS - 90))
        until = since + timedelta(rng.randrange(30, 91))
        bbox = f"{lon - 2.5:.2f},{lat - 2.5:.2f},{lon + 2.5:.2f},{lat + 2.5:.2f}"
        out.append("/events?" + urlencode({"bbox": bbox, "since": since.isoformat(),
                                           "until": until.isoformat()}))
    return out


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status = int((await reader.readline()).split()[1])
    length, chunked = None, False
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        body = b""
        while size := int((await reader.readline()).strip(), 16):
            body += await reader.readexactly(size)
            await reader.readline()
        await reader.readline()
        return status, body
    return status, await reader.readexactly(length or 0)


async def client(host: str, port: int, paths: list[str], start: int, *, warm_until: float,
                 stop_at: float, latencies: list[float], samples: list[bytes],
                 errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while (now := time.perf_counter()) < stop_at:
            path = paths[i % len(paths)]
            i += 1
            request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                       "Accept: application/json\r\n\r\n").encode()
            t0 = time.perf_counter()
            writer.write(request)
            status, body = await _read_response(reader)
            elapsed = time.perf_counter() - t0
            if now < warm_until:
                continue
            if status != 200:
                errors.append(f"{status} {body[:200]!r}")
                continue
            latencies.append(elapsed)
            if len(samples) < 300 and i % 7 == 0:
                samples.append(body)
    finally:
        writer.close()


async def load(base: str, *, clients: int, seconds: float, warmup: float,
               paths: list[str]) -> tuple[list[float], list[bytes], list[str], float]:
    url = urlparse(base)
    latencies: list[float] = []
    samples: list[bytes] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    warm_until, stop_at = t0 + warmup, t0 + warmup + seconds
    await asyncio.gather(*(
        client(url.hostname or "127.0.0.1", url.port or 80, paths, k * 37,
               warm_until=warm_until, stop_at=stop_at, latencies=latencies, samples=samples,
               errors=errors)
        for k in range(clients)
    ))
    measured = time.perf_counter() - warm_until
    return latencies, samples, errors, measured


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=default_workers(),
                    help="sigact serve --workers (default: one per core, at most 8)")
    args = ap.parse_args()

    db = build_db(args.events, seed=args.seed)
    paths = queries(1000, seed=args.seed)
    with serving(db, workers=args.workers) as base:
        latencies, samples, errors, measured = asyncio.run(
            load(base, clients=args.clients, seconds=args.seconds, warmup=args.warmup,
                 paths=paths))
    if not latencies:
        raise SystemExit(f"no successful request; errors: {errors[:3]}")
    pages = [json.loads(b) for b in samples]
    matched = statistics.median(p["total"] for p in pages) if pages else 0
    returned = statistics.median(len(p["items"]) for p in pages) if pages else 0
    ms = [x * 1000 for x in latencies]
    p95 = percentile(ms, 95)
    print("sigact API load: GET /events?bbox=...&since=...&until=... (newest first, page of 100)")
    print(f"database: {args.events:,} synthetic events ({db.relative_to(db.parents[2])})")
    print(f"server: sigact serve --workers {args.workers}")
    print(f"clients: {args.clients} concurrent keep-alive connections over loopback, "
          f"{args.seconds:.0f} s measured after {args.warmup:.0f} s warm-up")
    print(f"requests: {len(ms):,} ok, {len(errors)} failed; {len(ms) / measured:,.0f} req/s")
    print(f"latency ms: p50 {percentile(ms, 50):.1f}, p95 {p95:.1f}, p99 {percentile(ms, 99):.1f},"
          f" max {max(ms):.1f} (target p95 < 100 ms: {'met' if p95 < 100 else 'NOT met'})")
    print(f"per query: median {matched:.0f} events matched, {returned:.0f} returned")
    print(f"machine: {machine()}")
    if errors:
        print(f"first errors: {errors[:3]}")


if __name__ == "__main__":
    main()
