"""A small event database built by hand for the API, OGC and dashboard tests, and a helper that
runs the real app under uvicorn on a free loopback port.

Reports are invented for the tests (places and kinds of event are real, the wording is ours).
One event is merged from two outlets and revised (fatalities and weapons), one has a hostile
evidence sentence and outlet name, one has no coordinates.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sigact.dedup import make_merger
from sigact.records import Actor, Article, Claim, Evidence, Mention, Place
from sigact.store import SQLiteStore

HOSTILE = ('Witnesses said <script>window.__pwned = 1</script> a bomb '
           '<img src=x onerror="window.__pwned = 2"> exploded in Kirkuk, killing 4.')
HOSTILE_OUTLET = '<b onmouseover="window.__pwned = 3">Evil Wire</b>'

ASAD = Place("Ain al-Asad Air Base", country="Iraq", iso3="IRQ", admin1="Anbar",
             latitude=33.7856, longitude=42.4412, geo_precision=1)
DEIR = Place("Deir ez-Zor", country="Syria", iso3="SYR", admin1="Deir ez-Zor",
             latitude=35.3359, longitude=40.1408, geo_precision=1)
BAGHDAD = Place("Baghdad", country="Iraq", iso3="IRQ", admin1="Baghdad",
                latitude=33.3406, longitude=44.4009, geo_precision=1)
KIRKUK = Place("Kirkuk", country="Iraq", iso3="IRQ", admin1="Kirkuk",
               latitude=35.4681, longitude=44.3922, geo_precision=1)
GAO = Place("Gao", country="Mali", iso3="MLI", admin1="Gao",
            latitude=16.2666, longitude=-0.0400, geo_precision=1)


def _report(doc: str, text: str, *, outlet: str, published: date, mentions: list[dict[str, Any]],
            ) -> tuple[Article, list[Mention]]:
    article = Article(id=doc, text=text, title=f"Test report {doc}", outlet=outlet,
                      url=f"https://news.example.org/{doc}", published=published,
                      published_source="jsonl")
    out = []
    for m in mentions:
        sentence = m.pop("sentence", text)
        start = text.index(sentence)
        out.append(Mention(doc=doc, url=article.url, outlet=outlet, published=published,
                           evidence=[Evidence(doc, sentence, start, start + len(sentence))], **m))
    return article, out


REPORTS: list[tuple[Article, list[Mention]]] = [
    _report(
        "asad-1",
        "Two drones targeted Ain al-Asad Air Base in Anbar on Saturday; both were shot down.",
        outlet="Desert Wire", published=date(2024, 1, 21),
        mentions=[dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                       event_date=date(2024, 1, 20), place=ASAD,
                       location_text="Ain al-Asad Air Base",
                       actor1=Actor("Islamic Resistance in Iraq", 3),
                       actor2=Actor("Military Forces of the United States", 8),
                       weapons=["drone"], target="US military base", confidence=0.8,
                       claims=[Claim("claim", "Islamic Resistance in Iraq",
                                     "Islamic Resistance in Iraq")])],
    ),
    _report(
        "asad-2",
        "A drone and two rockets struck Ain al-Asad Air Base on Saturday, killing 2 contractors.",
        outlet="River Post", published=date(2024, 1, 22),
        mentions=[dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                       event_date=date(2024, 1, 20), place=ASAD,
                       location_text="Ain al-Asad Air Base",
                       actor1=Actor("Islamic Resistance in Iraq", 3),
                       actor2=Actor("Military Forces of the United States", 8),
                       weapons=["drone", "rocket"], fatalities=2, target="US military base",
                       confidence=0.9)],
    ),
    _report(
        "deir-1",
        "Artillery shelling hit two villages east of Deir ez-Zor on Saturday, killing 3 people.",
        outlet="Desert Wire", published=date(2024, 2, 4),
        mentions=[dict(event_type="Explosions/Remote violence",
                       sub_event_type="Shelling/artillery/missile attack",
                       event_date=date(2024, 2, 3), place=DEIR, location_text="Deir ez-Zor",
                       location_relation="near", actor1=Actor("Military Forces of Syria", 1),
                       weapons=["artillery"], fatalities=3, confidence=0.7)],
    ),
    _report(
        "baghdad-1",
        "Hundreds of teachers marched peacefully in Baghdad on Sunday to demand unpaid wages.",
        outlet="River Post", published=date(2024, 3, 10),
        mentions=[dict(event_type="Protests", sub_event_type="Peaceful protest",
                       event_date=date(2024, 3, 10), place=BAGHDAD, location_text="Baghdad",
                       actor1=Actor("Protesters (Iraq)", 6), confidence=0.85)],
    ),
    _report(
        "gao-1",
        "Soldiers and gunmen exchanged fire near Gao on Friday; 5 gunmen were killed.",
        outlet="Sahel Daily", published=date(2024, 1, 6),
        mentions=[dict(event_type="Battles", sub_event_type="Armed clash",
                       event_date=date(2024, 1, 5), place=GAO, location_text="Gao",
                       location_relation="near", actor1=Actor("Military Forces of Mali", 1),
                       actor2=Actor("Unidentified Armed Group (Mali)", 2), fatalities=5,
                       weapons=["small arms"], confidence=0.75)],
    ),
    _report(
        "kirkuk-1", HOSTILE, outlet=HOSTILE_OUTLET, published=date(2024, 2, 20),
        mentions=[dict(event_type="Explosions/Remote violence",
                       sub_event_type="Remote explosive/landmine/IED",
                       event_date=date(2024, 2, 19), place=KIRKUK, location_text="Kirkuk",
                       weapons=["IED"], fatalities=4, confidence=0.6,
                       notes='<img src=x onerror="window.__pwned = 4">')],
    ),
    _report(
        "nowhere-1",
        "Gunmen abducted a local official on the road outside an unnamed village on Monday.",
        outlet="Sahel Daily", published=date(2024, 2, 13),
        mentions=[dict(event_type="Violence against civilians",
                       sub_event_type="Abduction/forced disappearance",
                       event_date=date(2024, 2, 12), location_text="an unnamed village",
                       actor1=Actor("Unidentified Armed Group (Mali)", 2), confidence=0.5)],
    ),
]

#: What the tests expect of the database: located events and every event.
N_EVENTS = 6
N_LOCATED = 5


def build_db(path: Path) -> Path:
    merger = make_merger()
    with SQLiteStore(path) as store:
        for article, mentions in REPORTS:
            store.add_article(article, [_copy(m) for m in mentions], dedup=merger)
        assert store.count_events() == N_EVENTS
    return path


def previous_schema_db(path: Path) -> Path:
    """An empty database one schema version behind this sigact's (as an older one wrote)."""
    import sqlite3

    from sigact.store.schema import MIGRATIONS

    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:-1]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    conn.close()
    return path


def _copy(m: Mention) -> Mention:
    import copy

    return copy.deepcopy(m)


@pytest.fixture(scope="session")
def service_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("service") / "events.db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(settings: Any) -> Iterator[str]:
    """The real app under uvicorn in a thread on 127.0.0.1; yields its base URL."""
    import uvicorn

    from sigact.api import create_app

    port = free_port()
    settings = settings.model_copy(update={"port": port, "host": "127.0.0.1"})
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def need(tool: str, *, what: str) -> str:
    """The path of an external tool; skips when absent, but fails in CI, where .ci/run installs
    it (so a CI run never passes by skipping)."""
    path = shutil.which(tool) or (tool if os.path.isfile(tool) else None)
    if path:
        return path
    message = f"{tool} not found ({what}); .ci/run installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
