"""The ``sigact`` command line: a thin shell over the library (sigact.run, store, export).

Library code logs; only this module writes to stdout (results) and stderr (messages).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .errors import Errors, InputError, SigactError
from .pipeline import Pipeline
from .records import EVENT_FIELDS, Event, Mention

log = logging.getLogger("sigact")

EXIT_OK, EXIT_ERROR, EXIT_NOTHING_READ = 0, 1, 2


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=".txt, .html or .jsonl files or directories; '-' or nothing reads stdin")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for inputs that carry none (JSONL/HTML dates win)")
    p.add_argument("--max-mb", type=float, default=20.0,
                   help="skip any single article larger than this many MB (default 20)")
    _add_pipeline_args(p)


def _add_pipeline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--include-background", action="store_true",
                   help="also emit events dated more than 30 days before publication")
    p.add_argument("--gazetteer", type=Path, metavar="FILE",
                   help="gazetteer file (default: built on first use in ~/.cache/sigact)")


def _add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="events on or after")
    p.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="events on or before")
    p.add_argument("--type", dest="event_type", help="event type, e.g. 'Battles'")
    p.add_argument("--sub-type", dest="sub_event_type", help="sub-event type, e.g. 'Armed clash'")
    p.add_argument("--country", help="country name, e.g. 'Iraq'")
    p.add_argument("--admin1", help="first-level region, e.g. 'Anbar'")
    p.add_argument("--actor", help="substring of actor1 or actor2")
    p.add_argument("--text", help="full-text search in notes, places, actors and evidence")
    p.add_argument("--min-fatalities", type=int, metavar="N")
    p.add_argument("--limit", type=int, metavar="N", help="at most N events")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sigact",
        description="Turn news reports about political violence into a geolocated, "
        "de-duplicated event database.",
    )
    parser.add_argument("--version", action="version", version=f"sigact {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more log output (-v info, -vv debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("extract", help="print the events in reports as JSON lines (no database)",
                       description="Extract events from reports, one JSON object per event "
                       "on stdout (DESIGN.md contract). Bad inputs are reported on stderr and "
                       "skipped; the exit status is non-zero only when nothing could be read.")
    _add_input_args(p)
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("run", help="ingest reports, extract, geocode, merge and store events",
                       description="Run the whole pipeline and store merged events. Idempotent: "
                       "articles already stored (same content) are skipped.")
    _add_input_args(p)
    p.add_argument("--db", type=Path, required=True, metavar="FILE", help="SQLite database")
    p.add_argument("--batch-size", type=int, default=32, help="articles parsed together")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("events", help="list and filter stored events as a table",
                       description="List stored events, newest first.")
    p.add_argument("--db", type=Path, required=True, metavar="FILE")
    _add_filter_args(p)
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p.add_argument("--history", metavar="ID",
                   help="show how event ID changed over time (which report, when, old -> new)")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("export", help="write stored events as csv, geojson, jsonl or parquet",
                       description="Export stored events (filters as for 'events'). csv, "
                       "geojson and parquet carry CAMEO and PLOVER codes mapped from the "
                       "sub-event type.")
    p.add_argument("--db", type=Path, required=True, metavar="FILE")
    p.add_argument("--format", choices=("csv", "geojson", "jsonl", "parquet"), default="jsonl",
                   help="parquet needs -o and the serve extra (pyarrow)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    _add_filter_args(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("eval", help="score extraction against hand-coded gold files",
                       description="Run the pipeline over gold documents (JSONL: id, published, "
                       "title, text, events) and print precision, recall, F1, per-field "
                       "accuracy over matched events, a reliability table and per-sub-type "
                       "counts. Bad gold lines are reported on stderr and skipped.")
    p.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="gold files")
    p.add_argument("--json", action="store_true", help="the figures as one JSON object")
    p.add_argument("--show-errors", action="store_true",
                   help="per document: missed gold events, spurious predictions, wrong fields")
    _add_pipeline_args(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("eval-merge", help="score the cross-report merge against gold clusters",
                       description="Score how reports of the same event are merged: pairwise "
                       "and B-cubed precision/recall against gold files whose events carry a "
                       "'cluster' key, with oracle mentions built from the gold events and "
                       "end to end (extraction + geo on the texts).")
    p.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="merge gold files")
    p.add_argument("--oracle-only", action="store_true",
                   help="only the oracle setting (no spaCy, no gazetteer needed)")
    p.add_argument("--dedup", default=None, metavar="NAME",
                   help="registered dedup stage to score (default: the pipeline default)")
    p.add_argument("--json", action="store_true", help="the figures as one JSON object")
    p.add_argument("--show-errors", action="store_true", help="list wrong and missed merges")
    _add_pipeline_args(p)
    p.set_defaults(func=cmd_eval_merge)

    p = sub.add_parser("remerge", help="recompute every stored event from its mentions",
                       description="Re-merge all stored mentions with the dedup stage's "
                       "current rules (after upgrading sigact or changing the stage), in one "
                       "transaction; changed events get revisions that name no report.")
    p.add_argument("--db", type=Path, required=True, metavar="FILE", help="SQLite database")
    p.add_argument("--dedup", default=None, metavar="NAME",
                   help="registered dedup stage (default: the pipeline default)")
    p.set_defaults(func=cmd_remerge)

    p = sub.add_parser("watch", help="poll RSS/Atom feeds and pages, ingest new reports, alert",
                       description="Poll the feeds and pages listed in CONFIG (TOML, see the "
                       "README), ingest new reports into the database and POST alerts for "
                       "events in the areas of interest. Runs until Ctrl-C or SIGTERM.")
    p.add_argument("config", type=Path, metavar="CONFIG", help="watch config file (TOML)")
    p.add_argument("--db", type=Path, required=True, metavar="FILE", help="SQLite database")
    p.add_argument("--once", action="store_true",
                   help="one poll cycle, then exit (for cron); exit 1 if every fetch failed")
    p.add_argument("--check", action="store_true",
                   help="validate CONFIG and list its sources and areas; fetch nothing")
    p.add_argument("--test-webhooks", action="store_true",
                   help="POST a test alert to each area's webhook, print the answers, exit")
    _add_pipeline_args(p)
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("eval-geo", help="score geoparsing against UCDP GED events",
                       description="Resolve the places that UCDP GED headlines name and "
                       "compare them with UCDP's coding (rows coded to a town, where_prec "
                       "1-2, whose headline names the coded town or province): coverage, "
                       "country, admin1 and admin2 agreement, share within 25 km, median "
                       "error, speed. The CSV is UCDP's, as downloaded (CC BY 4.0).")
    p.add_argument("csv", type=Path, metavar="GED.csv", help="a UCDP GED CSV file")
    p.add_argument("--mode", choices=("phrase", "text", "both"), default="both",
                   help="phrase: resolve the headline's spelling of the place; text: find "
                   "and resolve places in the whole headline (default: both)")
    p.add_argument("--no-context", action="store_true",
                   help="phrase mode without the row's country as the article's country")
    p.add_argument("--json", action="store_true", help="the figures as one JSON object")
    p.add_argument("--gazetteer", type=Path, metavar="FILE",
                   help="gazetteer file (default: built on first use in ~/.cache/sigact)")
    p.set_defaults(func=cmd_eval_geo)

    p = sub.add_parser("gazetteer", help="build or inspect the offline gazetteer",
                       description="The gazetteer is one SQLite file built from PyPI packages "
                       "and sigact's own curated sites.")
    gsub = p.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    g = gsub.add_parser("build", help="build (or rebuild) the gazetteer file")
    g.add_argument("--path", type=Path, metavar="FILE", help="default: ~/.cache/sigact")
    g.add_argument("--force", action="store_true", help="rebuild even when up to date")
    g.set_defaults(func=cmd_gazetteer_build)
    g = gsub.add_parser("lookup", help="show the gazetteer's candidates for a place name")
    g.add_argument("name")
    g.add_argument("--country", help="ISO2 or ISO3 country code or name to prefer")
    g.add_argument("--path", type=Path, metavar="FILE")
    g.set_defaults(func=cmd_gazetteer_lookup)

    p = sub.add_parser("serve", help="serve the API, OGC API - Features and the dashboard",
                       description="Serve a database over HTTP: the JSON API (docs at /docs), "
                       "OGC API - Features at /ogc for QGIS and GDAL, and the dashboard at "
                       "/app/. Reads only; migrates an older database on start.")
    p.add_argument("--db", type=Path, required=True, metavar="FILE")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes (default 1; about one per core for heavy use)")
    p.add_argument("--log-level", default="info",
                   choices=("critical", "error", "warning", "info", "debug"),
                   help="server log level; below info there is no line per request")
    p.set_defaults(func=cmd_serve)
    return parser


# -- commands ---------------------------------------------------------------------------------


def _report_error(err: InputError) -> None:
    print(f"sigact: {err}", file=sys.stderr)


def _pipeline(args: argparse.Namespace) -> Pipeline:
    from .geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.open(args.gazetteer)
    return Pipeline.from_config(gazetteer=gazetteer, include_background=args.include_background)


def cmd_extract(args: argparse.Namespace) -> int:
    from .run import RunReport, extract_batches, read_articles

    pipeline = _pipeline(args)
    report = RunReport()
    articles = read_articles(args.paths or ["-"], published=args.published, max_mb=args.max_mb,
                             report=report, on_error=_report_error)
    out = sys.stdout
    writer: csv.DictWriter[str] | None = None
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=["doc", *EVENT_FIELDS], lineterminator="\n")
        writer.writeheader()
    n = 0
    for _article, mentions in extract_batches(articles, pipeline=pipeline,
                                              on_error=_report_error):
        for m in mentions:
            _write_mention(m, out=out, writer=writer)
            n += 1
    log.info("%d articles read, %d events, %d inputs skipped",
             report.articles_read, n, len(report.errors))
    if report.articles_read == 0:
        print("sigact: no input could be read", file=sys.stderr)
        return EXIT_NOTHING_READ
    return EXIT_OK


def _write_mention(m: Mention, *, out: TextIO, writer: csv.DictWriter[str] | None) -> None:
    rec = m.to_dict()
    if writer is None:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                         for k, v in rec.items()})


def cmd_run(args: argparse.Namespace) -> int:
    from .run import run
    from .store.sqlite import SQLiteStore

    pipeline = _pipeline(args)
    progress = _progress(enabled=not args.no_progress)
    with SQLiteStore(args.db) as store:
        report = run(args.paths or ["-"], store=store, pipeline=pipeline,
                     published=args.published, max_mb=args.max_mb,
                     batch_size=args.batch_size, on_error=_report_error,
                     on_article=lambda _a: progress(1))
        total = store.count_events()
    progress(0, close=True)
    print(
        f"sigact: {report.articles_stored} articles stored, "
        f"{report.articles_already_stored} already stored, {len(report.errors)} skipped; "
        f"{report.mentions} event mentions -> {total} events in {args.db}",
        file=sys.stderr,
    )
    if report.articles_read == 0:
        print("sigact: no input could be read", file=sys.stderr)
        return EXIT_NOTHING_READ
    return EXIT_OK


def _progress(*, enabled: bool) -> Callable[..., None]:
    """A tqdm counter on stderr when it is a terminal; a no-op otherwise."""
    if not enabled or not sys.stderr.isatty():
        return lambda n, close=False: None
    from tqdm import tqdm

    bar = tqdm(unit=" articles", file=sys.stderr)

    def update(n: int, close: bool = False) -> None:
        bar.update(n)
        if close:
            bar.close()

    return update


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    keys = ("since", "until", "event_type", "sub_event_type", "country", "admin1", "actor",
            "text", "min_fatalities", "limit")
    return {k: getattr(args, k) for k in keys if getattr(args, k) is not None}


def _open_existing(path: Path) -> Any:
    from .store.sqlite import SQLiteStore

    if not path.exists():
        raise SigactError(f"{path}: no such database; create it with `sigact run PATH --db {path}`")
    return SQLiteStore(path)


def cmd_events(args: argparse.Namespace) -> int:
    if args.history:
        from .store.history import event_history, format_history

        with _open_existing(args.db) as store:
            history = event_history(store, args.history)
        sys.stdout.write(json.dumps(history.to_dict(), ensure_ascii=False) + "\n" if args.json
                         else format_history(history))
        return EXIT_OK
    with _open_existing(args.db) as store:
        events = store.events(**_filters(args))
    if args.json:
        for ev in events:
            sys.stdout.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_table(events))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .export import BINARY_FORMATS, FORMATS

    if args.format in BINARY_FORMATS and not args.output:
        raise SigactError(Errors.E106)
    with _open_existing(args.db) as store:
        events = store.events(**_filters(args))
    if args.format in BINARY_FORMATS:
        tmp = args.output.with_name(args.output.name + ".part")
        with tmp.open("wb") as bfh:
            n = BINARY_FORMATS[args.format](events, bfh)
        tmp.replace(args.output)
        print(f"sigact: exported {n} events", file=sys.stderr)
        return EXIT_OK
    write = FORMATS[args.format]
    if args.output:
        tmp = args.output.with_name(args.output.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            n = write(events, fh)
        tmp.replace(args.output)  # never leave a half-written export behind
    else:
        n = write(events, sys.stdout)
    print(f"sigact: exported {n} events", file=sys.stderr)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .eval import evaluate, format_report

    pipeline = _pipeline(args)
    report = evaluate(args.gold, pipeline=pipeline, on_error=_report_error)
    return _print_scores(report, args, render=format_report)


def cmd_eval_merge(args: argparse.Namespace) -> int:
    from .eval.merge_eval import evaluate_merge, format_merge_report

    pipeline = None if args.oracle_only else _pipeline(args)
    report = evaluate_merge(args.gold, dedup=_dedup_stage(args), pipeline=pipeline,
                            on_error=_report_error)
    return _print_scores(report, args, render=format_merge_report)


def _print_scores(report: Any, args: argparse.Namespace, *, render: Callable[..., str]) -> int:
    """An eval report as text, or with --json as one JSON object (errors with --show-errors)."""
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(errors=args.show_errors),
                                    ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(report, show_errors=args.show_errors))
    return EXIT_OK


def _dedup_stage(args: argparse.Namespace) -> Any:
    from .pipeline import PipelineConfig, get_factory

    return get_factory("dedup", args.dedup or PipelineConfig().dedup)()


def cmd_remerge(args: argparse.Namespace) -> int:
    with _open_existing(args.db) as store:
        before = store.count_events()
        changed = store.remerge(dedup=_dedup_stage(args))
        after = store.count_events()
    print(f"sigact: re-merged {args.db}: {before} events before, {after} after, "
          f"{len(changed)} new or changed", file=sys.stderr)
    return EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from .watch import describe_config, load_config, watch

    config = load_config(args.config)
    if args.check:
        sys.stdout.write(describe_config(config, db=args.db))
        return EXIT_OK
    if args.test_webhooks:
        from .alerts import send_test_alerts

        results = send_test_alerts(config.areas, settings=config.alerts)
        for area, _ok, outcome in results:
            sys.stdout.write(f"area {area}: {outcome}\n")
        return EXIT_OK if all(ok for _, ok, _ in results) else EXIT_ERROR
    if args.verbose == 0:  # a watcher's cycle and alert lines are its output
        for name in ("sigact.watch", "sigact.alerts"):
            logging.getLogger(name).setLevel(logging.INFO)
    report = watch(config, db=args.db, pipeline=_pipeline(args), once=args.once)
    return EXIT_ERROR if args.once and report.polled and report.failed >= report.polled \
        else EXIT_OK


def cmd_eval_geo(args: argparse.Namespace) -> int:
    from .geo.evaluate import evaluate_ucdp, format_geo_report, report_dict
    from .geo.gazetteer import Gazetteer

    modes = ("phrase", "text") if args.mode == "both" else (args.mode,)
    logging.getLogger("sigact.geo.resolve").setLevel(logging.ERROR)  # one line per miss
    report = evaluate_ucdp(args.csv, gazetteer=Gazetteer.open(args.gazetteer), modes=modes,
                           context=not args.no_context)
    if args.json:
        sys.stdout.write(json.dumps(report_dict(report)) + "\n")
    else:
        sys.stdout.write(format_geo_report(report) + "\n")
    return EXIT_OK


def cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from .geo.build import build_gazetteer, input_version
    from .geo.gazetteer import default_path, read_meta

    path = args.path or default_path()
    if not args.force and read_meta(path).get("version") == input_version():
        print(f"sigact: gazetteer at {path} is up to date (--force rebuilds it)",
              file=sys.stderr)
        return EXIT_OK
    print(f"sigact: building the gazetteer at {path} (about a minute)", file=sys.stderr)
    report = build_gazetteer(path)
    print(f"sigact: gazetteer built: {report.places:,} places, {report.names:,} names, "
          f"{path.stat().st_size / 1e6:.0f} MB in {report.seconds:.0f} s", file=sys.stderr)
    return EXIT_OK


def cmd_gazetteer_lookup(args: argparse.Namespace) -> int:
    from .geo.gazetteer import Gazetteer

    gaz = Gazetteer.open(args.path)
    for c in gaz.lookup(args.name, country=args.country):
        sys.stdout.write(json.dumps(_plain(c), ensure_ascii=False, default=str) + "\n")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from .api.server import serve
        from .api.settings import Settings
    except ImportError as exc:
        raise SigactError(Errors.E109.format(detail=exc)) from None

    print(f"sigact: serving {args.db} at http://{args.host}:{args.port}/ (dashboard /app/, "
          "API docs /docs, OGC API /ogc); Ctrl-C stops", file=sys.stderr)
    serve(Settings(db=args.db, host=args.host, port=args.port, workers=args.workers,
                   log_level=args.log_level))
    return EXIT_OK


def _plain(obj: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    return asdict(obj) if is_dataclass(obj) and not isinstance(obj, type) else obj


# -- table ------------------------------------------------------------------------------------

_COLUMNS: tuple[tuple[str, int], ...] = (
    ("date", 10), ("place", 30), ("type", 32), ("actors", 46), ("deaths", 6), ("sources", 24),
)


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(events: Sequence[Event]) -> str:
    """A fixed-width table for terminals: one line per event, newest first."""
    lines = ["  ".join(name.ljust(w) for name, w in _COLUMNS)]
    lines.append("  ".join("-" * w for _, w in _COLUMNS))
    for ev in events:
        place = ", ".join(x for x in ((ev.place.location if ev.place else ev.location_text),
                                      ev.place.country if ev.place else None) if x)
        actors = " vs ".join(a.name for a in (ev.actor1, ev.actor2) if a)
        outlets = sorted({s.outlet or s.doc for s in ev.sources})
        row = (
            ev.event_date.isoformat() if ev.event_date else "?",
            place or "?",
            ev.sub_event_type,
            actors or "?",
            str(ev.fatalities),
            f"{len(ev.sources)}: " + "; ".join(outlets),
        )
        cells = (_cell(v, w).ljust(w) for v, (_, w) in zip(row, _COLUMNS, strict=True))
        lines.append("  ".join(cells))
    lines.append(f"{len(events)} events")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)]
    logging.basicConfig(level=level, format="sigact: %(levelname)s: %(message)s")
    try:
        return int(args.func(args))
    except SigactError as exc:
        print(f"sigact: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("sigact: interrupted; stored articles are complete, re-run to finish",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
