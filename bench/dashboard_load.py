"""Dashboard first-load time in headless Chromium: from navigation start until the markers are
clustered on the map, the timeline is drawn and the list is filled.

Usage: python bench/dashboard_load.py [--events 100000] [--runs 5]

Builds (once, cached in bench/out/) the synthetic database the API benchmark uses, starts
`sigact serve` on a free 127.0.0.1 port, and loads /app/ in Debian's Chromium (driven by
Playwright; no browser is downloaded) in a fresh browser context each run, so nothing comes
from the cache. The dashboard draws at most 20,000 markers (the newest); the figure includes
fetching them. Needs `make web` (the built dashboard) and `apt-get install chromium`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service_common import build_db, machine, serving

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from sigact.api.settings import DEFAULT_WEB_DIR

    if not (DEFAULT_WEB_DIR / "index.html").is_file():
        raise SystemExit(f"the dashboard is not built in {DEFAULT_WEB_DIR}; run `make web`")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found; apt-get install chromium")
    db = build_db(args.events, seed=args.seed)
    loads, dom, markers = [], [], ""
    with serving(db) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        for _ in range(args.runs + 1):  # the first load warms the server, not counted
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            page = context.new_page()
            page.goto(f"{base}/app/")
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
            loads.append(float(page.get_attribute("body", "data-first-load-ms") or "nan"))
            dom.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
            markers = page.get_attribute("#map", "data-markers") or "?"
            count = page.text_content("#count")
            context.close()
        browser.close()
    loads, dom = loads[1:], dom[1:]
    print("sigact dashboard first load (navigation start -> markers clustered, timeline and "
          "list drawn), headless Chromium, fresh context per load")
    print(f"database: {args.events:,} synthetic events; {markers} markers drawn; page says: "
          f"{count}")
    print(f"first load ms over {args.runs} loads: median {statistics.median(loads):.0f}, "
          f"min {min(loads):.0f}, max {max(loads):.0f} (DOM ready: median "
          f"{statistics.median(dom):.0f})")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
