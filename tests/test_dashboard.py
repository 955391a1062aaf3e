"""The dashboard in headless Chromium (Debian's, driven by Playwright; no browser is
downloaded) against the real server: loads offline, draws markers, filters, brushes the
timeline, opens an event, and renders hostile report text as inert text.

A screenshot is kept at tests/artifacts/dashboard.png (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from service_fixtures import HOSTILE, HOSTILE_OUTLET, N_EVENTS, N_LOCATED, need, running_server
from service_fixtures import service_db as service_db
from sigact.api import Settings
from sigact.api.settings import DEFAULT_WEB_DIR

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(service_db: Path) -> Iterator[str]:
    if not (DEFAULT_WEB_DIR / "index.html").is_file():
        need("npm", what="the dashboard is built by `make web`")  # skips, or fails in CI
        message = f"dashboard not built in {DEFAULT_WEB_DIR}; run `make web`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with running_server(Settings(db=service_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = need("/usr/bin/chromium", what="Debian package chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=chromium,
            headless=True, args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 850},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture()
def page(browser_context: Any, base_url: str) -> Iterator[Any]:
    page = browser_context.new_page()
    page.requests_seen = []
    page.errors = []
    page.on("request", lambda r: page.requests_seen.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{base_url}/app/")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)
    yield page
    page.close()


def total(page: Any) -> int:
    return int(page.get_attribute("#count", "data-total"))


def wait_total(page: Any, expected: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('#count').dataset.total === String(n)", arg=expected,
        timeout=10_000)


def test_loads_offline_with_markers(page: Any, base_url: str) -> None:
    assert total(page) == N_EVENTS
    assert page.get_attribute("#map", "data-markers") == str(N_LOCATED)
    drawn = page.locator(".sigact-cluster, path.sigact-marker").count()
    assert drawn >= 1
    borders = page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count()
    assert borders > drawn  # Natural Earth country outlines were drawn too
    hosts = {urlparse(u).netloc for u in page.requests_seen if not u.startswith("data:")}
    assert hosts == {urlparse(base_url).netloc}, hosts  # nothing from the internet
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    page.screenshot(path=str(shot))
    print(f"dashboard screenshot: {shot}")


def test_a_filter_changes_the_count(page: Any) -> None:
    page.select_option("select[name=event_type]", "Protests")
    wait_total(page, 1)
    assert page.get_attribute("#map", "data-markers") == "1"
    assert "Protests" in page.get_attribute("a[href*='events.csv']", "href")
    page.click("button[type=reset]")
    wait_total(page, N_EVENTS)
    page.fill("input[name=min_fatalities]", "4")
    wait_total(page, 2)  # Gao (5) and Kirkuk (4)


def test_brushing_the_timeline_filters_by_date(page: Any) -> None:
    box = page.locator("#histogram").bounding_box()
    y = box["y"] + box["height"] / 2
    # The first third of Jan 5 .. Mar 10 holds the two January events.
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    page.wait_for_function("document.querySelector('input[name=since]').value !== ''")
    wait_total(page, 2)
    assert page.input_value("input[name=since]") == "2024-01-05"
    page.mouse.click(box["x"] + box["width"] / 2, y)  # a click clears the brush
    wait_total(page, N_EVENTS)


def open_found_event(page: Any, search: str) -> Any:
    """Search for one event, open it from the list; returns the panel."""
    page.fill("input[name=q]", search)
    wait_total(page, 1)
    page.click(".event-item")
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    return panel


def test_event_panel_shows_sources_spans_and_revisions(page: Any) -> None:
    panel = open_found_event(page, "drone")
    assert panel.locator(".source").count() == 2
    text = panel.inner_text()
    assert "Desert Wire" in text and "River Post" in text and "Air/drone strike" in text
    marks = {(m.inner_text(), m.get_attribute("class"))
             for m in panel.locator("mark").all()}
    assert ("Ain al-Asad Air Base", "span-place") in marks
    assert ("rockets", "span-weapon") in marks
    rows = panel.locator(".revisions tbody tr").all_inner_texts()
    assert any("fatalities" in r and "asad-2" in r for r in rows)


def test_clicking_a_marker_opens_its_event(page: Any) -> None:
    page.select_option("select[name=country]", "Mali")
    wait_total(page, 1)  # Gao (the unlocated abduction has no country)
    page.locator("path.sigact-marker").first.click()
    page.locator("#panel").wait_for(state="visible")
    assert "Armed clash" in page.inner_text("#panel")


def test_hostile_report_text_is_inert(page: Any) -> None:
    panel = open_found_event(page, "Kirkuk")
    page.wait_for_timeout(300)
    text = panel.inner_text()
    assert "<script>window.__pwned = 1</script>" in text  # shown as text, verbatim
    assert HOSTILE_OUTLET in text and '<img src=x onerror="window.__pwned = 4">' in text
    assert panel.locator("script, img, b[onmouseover]").count() == 0
    evidence = panel.locator("q.evidence").first.text_content()
    assert evidence == HOSTILE
    page.hover("#panel .source-head")
    assert page.evaluate("window.__pwned") is None
    list_text = page.inner_text("#list")
    assert HOSTILE_OUTLET in list_text and page.locator("#list b[onmouseover]").count() == 0
