"""The watch config: a full file loads into typed settings; each mistake is an error that
names the file, the table and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sigact.errors import SigactError
from sigact.watch import load_config

FULL = """
[watch]
interval = 120
state = "state/watch.sqlite"
allow_private = false
allow_networks = ["10.20.0.0/16"]
timeout = 15
max_bytes = 2_000_000
max_redirects = 3
user_agent = "test-agent/1"
backoff_base = 30
backoff_max = 900
fetch_pages = "auto"
min_content_words = 80
item_attempts = 2
batch_size = 8

[[source]]
name = "wire"
feed = "https://wire.example/rss.xml"
outlet = "Test Wire"
interval = 60
allow_private = true
fetch_pages = "always"

[[source]]
name = "pages"
urls = ["https://a.example/report-1", "https://b.example/report-2"]
allow_networks = ["192.168.5.0/24"]

[alerts]
webhook = "https://hooks.example/sigact"
timeout = 5
attempts = 4
retry_delay = 1.5
budget = 30
allow_private = false
allow_networks = []
headers = { Authorization = "Bearer test-token" }

[[area]]
name = "Baghdad"
lat = 33.3152
lon = 44.3661
radius_km = 50
event_types = ["explosions/remote violence"]
min_fatalities = 1

[[area]]
name = "east-anbar"
polygon = [[43.0, 33.0], [44.0, 33.0], [44.0, 33.8], [43.0, 33.8], [43.0, 33.0]]
sub_event_types = ["Armed clash", "Air/drone strike"]
webhook = "https://other.example/hook"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "watch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_config_loads_into_typed_settings(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, FULL))
    assert cfg.watch.interval == 120.0 and isinstance(cfg.watch.interval, float)
    assert cfg.watch.max_bytes == 2_000_000 and cfg.watch.item_attempts == 2
    assert cfg.state_path(tmp_path / "db" / "events.db") == tmp_path / "state/watch.sqlite"
    wire, pages = cfg.sources
    assert wire.feed == "https://wire.example/rss.xml" and wire.interval == 60.0
    policy = wire.policy(cfg.watch)
    assert policy.allow_private and policy.timeout == 15 and policy.max_redirects == 3
    assert pages.urls == ("https://a.example/report-1", "https://b.example/report-2")
    assert pages.policy(cfg.watch).allow_networks == ("10.20.0.0/16", "192.168.5.0/24")
    assert not pages.policy(cfg.watch).allow_private
    assert cfg.alerts.headers == (("Authorization", "Bearer test-token"),)
    assert cfg.alerts.attempts == 4 and cfg.alerts.retry_delay == 1.5
    baghdad, anbar = cfg.areas
    assert baghdad.event_types == ("Explosions/Remote violence",)  # canonical spelling
    assert baghdad.radius_km == 50 and baghdad.min_fatalities == 1
    assert anbar.polygon == (((43.0, 33.0), (44.0, 33.0), (44.0, 33.8), (43.0, 33.8)),)
    assert anbar.webhook == "https://other.example/hook"


def test_minimal_config_has_defaults(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, '[[source]]\nname = "w"\nfeed = "http://w.example/f"\n'))
    assert cfg.watch.interval == 300 and not cfg.watch.allow_private
    assert cfg.state_path(tmp_path / "events.db") == tmp_path / "events.watch.sqlite"
    assert cfg.areas == () and cfg.alerts.webhook is None


def test_geojson_polygon_with_hole(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, """
[[source]]
name = "w"
feed = "http://w.example/f"
[[area]]
name = "ring"
polygon = { type = "Polygon", coordinates = [
  [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
  [[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]] ] }
"""))
    assert len(cfg.areas[0].polygon) == 2
    assert not cfg.areas[0].contains(lat=5, lon=5) and cfg.areas[0].contains(lat=1, lon=1)


SOURCE = '[[source]]\nname = "w"\nfeed = "http://w.example/f"\n'


@pytest.mark.parametrize(("text", "message"), [
    ("[watch]\nintervl = 5\n" + SOURCE,
     r"\[watch\]: unknown key\(s\) \['intervl'\]; known keys are: interval"),
    ("[watch]\ninterval = \"5m\"\n" + SOURCE,
     r"\[watch\]: 'interval' must be a number, got '5m'"),
    ("[watch]\nallow_private = 1\n" + SOURCE,
     r"'allow_private' must be true or false, got 1"),
    ("[watch]\ninterval = 0\n" + SOURCE, r"'interval' must be positive, got 0"),
    ("[watch]\nfetch_pages = \"sometimes\"\n" + SOURCE,
     r"'fetch_pages' must be one of auto, always, never"),
    ("[watch]\nbackoff_base = 100\nbackoff_max = 10\n" + SOURCE,
     r"'backoff_max' must be at least backoff_base"),
    ("[watch]\nallow_networks = [\"intranet\"]\n" + SOURCE,
     r"'allow_networks' holds 'intranet', not an IP network"),
    ("[watchers]\n" + SOURCE, r"top level: unknown key\(s\) \['watchers'\]"),
    ("[watch]\n", r"needs '\[\[source\]\]'"),
    ('[[source]]\nname = "w"\n', r"\[\[source\]\] #1 \('w'\): needs 'feed' or 'urls' "
     r"\(exactly one of them\)"),
    ('[[source]]\nname = "w"\nfeed = "http://a.example/"\nurls = ["http://b.example/"]\n',
     r"exactly one of them"),
    ('[[source]]\nfeed = "http://a.example/"\n',
     r"\[\[source\]\] #1: needs 'name' \(it has no default\)"),
    ('[[source]]\nname = "w w"\nfeed = "http://a.example/"\n', r"'name' must be 1-64 letters"),
    ('[[source]]\nname = "w"\nfeed = "ftp://a.example/f"\n',
     r"'feed' must be an http:// or https:// URL, got 'ftp://a.example/f'"),
    ('[[source]]\nname = "w"\nurls = "http://a.example/"\n',
     r"'urls' must be a list of strings"),
    (SOURCE + SOURCE, r"two \[\[source\]\] entries are named 'w'"),
    (SOURCE + '[alerts]\nwebhook = "hooks.example"\n',
     r"\[alerts\]: 'webhook' must be an http:// or https:// URL"),
    (SOURCE + '[alerts]\nheaders = { X = 1 }\n', r"'headers' must be a table of strings"),
    (SOURCE + '[alerts]\nattempts = 0\n', r"'attempts' must be positive"),
    (SOURCE + '[[area]]\nname = "a"\nlat = 33.0\nlon = 44.0\n',
     r"\[\[area\]\] #1 \('a'\): needs 'lat', 'lon' and 'radius_km' \(or a 'polygon'\)"),
    (SOURCE + '[[area]]\nname = "a"\nlat = 133.0\nlon = 44.0\nradius_km = 5\n',
     r"'lat' must be between -90 and 90"),
    (SOURCE + '[[area]]\nname = "a"\nlat = 33.0\nlon = 44.0\nradius_km = -5\n',
     r"'radius_km' must be positive"),
    (SOURCE + '[[area]]\nname = "a"\npolygon = [[0, 0], [1, 1]]\n',
     r"'polygon' needs at least 3 distinct"),
    (SOURCE + '[[area]]\nname = "a"\npolygon = [[33.3, 44.3], [33.5, 44.5], [33.1, 100.2]]\n',
     r"point \[33.1, 100.2\] is not \[lon, lat\].*longitude first"),
    (SOURCE + '[[area]]\nname = "a"\npolygon = [[0, 0], [1, "x"], [1, 1]]\n',
     r"'polygon' must be a list of \[lon, lat\] pairs"),
    (SOURCE + '[[area]]\nname = "a"\nlat = 1.0\nlon = 1.0\nradius_km = 5\n'
     'polygon = [[0, 0], [1, 0], [1, 1]]\n', r"cannot be combined with lat/lon/radius_km"),
    (SOURCE + '[[area]]\nname = "a"\nlat = 1.0\nlon = 1.0\nradius_km = 5\n'
     'event_types = ["Bombing"]\n', r"'event_types' holds 'Bombing', not a codebook name"),
    (SOURCE + "[[area]]\nname = \"a\"\nlat = 1.0\nlon = 1.0\nradius_km = 5\n[[area]]\n"
     "name = \"a\"\nlat = 2.0\nlon = 2.0\nradius_km = 5\n", r"two \[\[area\]\] entries"),
    ("[watch\ninterval = 5\n", r"not valid TOML"),
])
def test_errors_name_file_table_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SigactError, match=message) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: ")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SigactError, match=re.escape(f"{tmp_path / 'nope.toml'}: cannot read")):
        load_config(tmp_path / "nope.toml")
