"""Speed and peak memory of `sigact extract` on one core, end to end, on 500-word articles.

Usage: python bench/speed.py [--articles N] [--rejected N] [--words W] [--source DIR]
                             [--gazetteer FILE] [--all-cores]

Two corpora are written to a temporary folder, both from text we wrote:

- event-bearing articles: consecutive demo reports (examples/reports/*.jsonl) of one file
  joined until an article holds at least ``--words`` words (default 500), each with the
  publication date of its first report, so every article carries several events;
- articles the relevance prefilter rejects: the same length, built from the neutral sentences
  below (sport, weather, markets, culture), checked against the prefilter before the run.

Each corpus is run through `sigact extract` as a subprocess, exactly as a user would run it,
pinned to one CPU (and one BLAS thread) unless ``--all-cores``. Start-up (spaCy and gazetteer
load) is timed on a one-article run and reported apart; throughput is given end to end and
excluding start-up. Peak memory is the largest resident set of the extract processes. The
figures are printed with the machine and its load, since a busy machine slows every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from service_common import machine  # noqa: E402  (bench/, the script's folder)
from sigact.extract.prefilter import is_relevant  # noqa: E402

#: Targets from the extraction issue: articles per second on one core, and memory.
EVENT_TARGET, REJECTED_TARGET, MEMORY_TARGET_MIB = 10.0, 100.0, 1024.0

# Our own sentences, free of violence, protest and strategic vocabulary.
NEUTRAL = (
    "The city council approved a new budget for public libraries on Tuesday evening.",
    "Heavy rain is expected across the northern valleys for the rest of the week.",
    "Local farmers said the wheat harvest was the best in a decade thanks to a mild spring.",
    "The national football team won its qualifying match two goals to one in front of a full "
    "stadium.",
    "Shares in the largest telecom company rose three percent after it reported higher profits.",
    "A new exhibition of landscape paintings opened at the museum of modern art.",
    "The central bank left interest rates unchanged, citing stable prices and steady growth.",
    "Engineers finished repairs on the old stone bridge ahead of the tourist season.",
    "Schools will reopen next Monday after the winter holiday, the education ministry said.",
    "The airline added weekly flights to three coastal cities starting in the summer.",
    "Researchers at the university published a study on water use in desert agriculture.",
    "A jazz festival drew thousands of visitors to the old harbour over the weekend.",
    "The price of bread was steady this month while fuel costs fell slightly.",
    "Volunteers planted two thousand trees along the river banks on Saturday morning.",
    "The cycling race crossed four mountain passes before finishing in the capital.",
    "A new hospital wing for children will open in the spring, the health ministry said.",
    "The orchestra performed a programme of folk songs arranged for strings and choir.",
    "Traffic on the coastal highway was slow because of road works near the tunnel.",
    "The tech fair showed new phones, solar panels and electric scooters.",
    "Exports of dates and olive oil grew by a fifth compared with the previous year.",
)


def _reports(source: Path) -> dict[str, list[dict[str, object]]]:
    by_file: dict[str, list[dict[str, object]]] = {}
    for path in sorted(source.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                rec.pop("events", None)
                by_file.setdefault(path.stem, []).append(rec)
    if not by_file:
        raise SystemExit(f"no reports found in {source}")
    return by_file


def build_event_corpus(n: int, *, source: Path, out: Path, words: int) -> float:
    """Write ``n`` articles of joined demo reports; returns the mean words per article."""
    groups = list(_reports(source).values())
    total = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            reports = groups[i % len(groups)]
            start = i // len(groups)
            paras: list[str] = []
            count, j = 0, start
            while count < words:
                text = str(reports[j % len(reports)]["text"])
                paras.append(text)
                count += len(text.split())
                j += 1
            first = reports[start % len(reports)]
            rec = {"id": f"event-{i}", "published": first.get("published"),
                   "outlet": first.get("outlet"), "title": first.get("title"),
                   "text": "\n\n".join(paras)}
            total += count
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return total / n


def build_rejected_corpus(n: int, *, out: Path, words: int) -> float:
    """Write ``n`` neutral articles of about ``words`` words; returns the mean length."""
    total = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            sents: list[str] = []
            count, j = 0, i
            while count < words:
                sent = NEUTRAL[(j * 7 + i) % len(NEUTRAL)]
                sents.append(sent)
                count += len(sent.split())
                j += 1
            text = " ".join(sents)
            if is_relevant(text):
                raise SystemExit(f"neutral article {i} passes the prefilter; fix NEUTRAL")
            total += count
            fh.write(json.dumps({"id": f"neutral-{i}", "published": "2024-05-01",
                                 "text": text}) + "\n")
    return total / n


def _pin_one_cpu() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_extract(path: Path, *, gazetteer: Path | None, one_core: bool) -> tuple[float, int, int]:
    """Run `sigact extract` on ``path``; returns (seconds, peak RSS in MiB, events printed)."""
    sigact = Path(sys.executable).with_name("sigact")
    cmd = [str(sigact) if sigact.exists() else "sigact", "extract", str(path)]
    if gazetteer is not None:
        cmd += ["--gazetteer", str(gazetteer)]
    env = dict(os.environ)
    if one_core:
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   BLIS_NUM_THREADS="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env,
                                preexec_fn=_pin_one_cpu if one_core else None)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        events = sum(1 for line in out if line.strip())
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"sigact extract failed ({proc.returncode}):\n"
                             f"{err.read().decode()[-2000:]}")
    # ru_maxrss is in KiB on Linux
    return seconds, usage.ru_maxrss // 1024, events


def _verdict(ok: bool) -> str:
    return "meets target" if ok else "BELOW TARGET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="event-bearing articles")
    parser.add_argument("--rejected", type=int, default=3000, help="prefilter-rejected articles")
    parser.add_argument("--words", type=int, default=500, help="minimum words per article")
    parser.add_argument("--source", type=Path, default=ROOT / "examples" / "reports")
    parser.add_argument("--gazetteer", type=Path, default=None,
                        help="gazetteer file passed to `sigact extract` (default: its own)")
    parser.add_argument("--all-cores", action="store_true",
                        help="do not pin `sigact extract` to one CPU")
    args = parser.parse_args()
    one_core = not args.all_cores

    print(f"machine: {machine()}")
    print(f"pinned to one CPU: {'yes' if one_core and hasattr(os, 'sched_setaffinity') else 'no'}")
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        build_event_corpus(1, source=args.source, out=one, words=args.words)
        startup, startup_mib, _ = run_extract(one, gazetteer=args.gazetteer, one_core=one_core)
        print(f"start-up (1 article): {startup:.1f} s, {startup_mib} MiB")

        events_path = Path(tmp) / "events.jsonl"
        mean = build_event_corpus(args.articles, source=args.source, out=events_path,
                                  words=args.words)
        secs, mib, events = run_extract(events_path, gazetteer=args.gazetteer, one_core=one_core)
        rate, net = args.articles / secs, args.articles / max(secs - startup, 1e-9)
        print(f"event-bearing: {args.articles} articles, {mean:.0f} words each on average, "
              f"{events} events; {secs:.1f} s wall; {rate:.1f} articles/s end to end, "
              f"{net:.1f} articles/s excluding start-up ({_verdict(rate >= EVENT_TARGET)}: "
              f">= {EVENT_TARGET:g}/s); peak {mib} MiB")

        rejected_path = Path(tmp) / "rejected.jsonl"
        mean = build_rejected_corpus(args.rejected, out=rejected_path, words=args.words)
        rsecs, rmib, revents = run_extract(rejected_path, gazetteer=args.gazetteer,
                                           one_core=one_core)
        # No spaCy load when nothing passes the prefilter: end to end is the figure.
        rrate = args.rejected / rsecs
        print(f"prefilter-rejected: {args.rejected} articles, {mean:.0f} words each, {revents} "
              f"events; {rsecs:.1f} s wall; {rrate:.1f} articles/s end to end "
              f"({_verdict(rrate >= REJECTED_TARGET)}: >= {REJECTED_TARGET:g}/s); peak {rmib} MiB")
    peak = max(startup_mib, mib, rmib)
    print(f"peak memory (max RSS of any run): {peak} MiB "
          f"({_verdict(peak < MEMORY_TARGET_MIB)}: < {MEMORY_TARGET_MIB:g} MiB)")


if __name__ == "__main__":
    main()
