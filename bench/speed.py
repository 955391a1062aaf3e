"""Speed and peak memory of `sigact extract` over a fixed corpus built from the demo reports.

Usage: python bench/speed.py [--articles N] [--source DIR] [--gazetteer FILE]

The corpus is the demo reports (examples/reports/*.jsonl) repeated with fresh ids until it
holds N articles (default 2,000), so the figures are comparable between runs. The command is
run as a subprocess, exactly as a user would run it, and timed end to end; the start-up cost
(spaCy and gazetteer load) is measured separately on one article and reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(n: int, *, source: Path, out: Path) -> tuple[int, int]:
    """Write ``n`` articles cycling over the demo reports; returns (articles, words)."""
    reports = []
    for path in sorted(source.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                rec.pop("events", None)
                reports.append(rec)
    if not reports:
        raise SystemExit(f"no reports found in {source}")
    words = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(reports[i % len(reports)])
            rec["id"] = f"{rec['id']}-copy{i}"
            words += len(rec["text"].split())
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n, words


def run_extract(path: Path, *, gazetteer: Path | None = None) -> tuple[float, int, int]:
    """Run `sigact extract` on ``path``; returns (seconds, peak RSS in KiB, events printed)."""
    sigact = Path(sys.executable).with_name("sigact")
    cmd = [str(sigact) if sigact.exists() else "sigact", "extract", str(path)]
    if gazetteer is not None:
        cmd += ["--gazetteer", str(gazetteer)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"sigact extract failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return seconds, peak, sum(1 for line in proc.stdout.splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--source", type=Path, default=ROOT / "examples" / "reports")
    parser.add_argument("--gazetteer", type=Path, default=None,
                        help="gazetteer file passed to `sigact extract` (default: its own)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        build_corpus(1, source=args.source, out=one)
        startup, _, _ = run_extract(one, gazetteer=args.gazetteer)

        corpus = Path(tmp) / "corpus.jsonl"
        n, words = build_corpus(args.articles, source=args.source, out=corpus)
        seconds, peak_kib, events = run_extract(corpus, gazetteer=args.gazetteer)

    work = max(seconds - startup, 1e-9)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    print(f"corpus: {n} articles, {words / n:.0f} words per article on average")
    print(f"sigact extract: {seconds:.1f} s wall, {events} events printed")
    print(f"start-up (1 article): {startup:.1f} s")
    print(f"throughput: {n / seconds:.1f} articles/s end to end, "
          f"{n / work:.1f} articles/s excluding start-up")
    print(f"peak memory (max RSS): {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
