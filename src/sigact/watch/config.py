"""The watch config: one TOML file validated into typed, frozen settings.

Four tables, each a dataclass whose fields are the keys it accepts (defaults beside them):
``[watch]`` (:class:`WatchSettings`), ``[[source]]`` (:class:`SourceConfig`), ``[alerts]``
(:class:`~sigact.alerts.AlertSettings`) and ``[[area]]`` (:class:`~sigact.alerts.Area`).
Every problem is reported with the file, the table and the key, so a typo is an error with
a fix, not a setting silently ignored.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..alerts import AlertSettings, Area
from ..errors import Errors, SigactError
from ..ingest.feeds import FETCH_PAGES
from ..ingest.fetch import FetchPolicy

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
#: The fetch limits' defaults live with the fetcher; [watch] only exposes them.
_FETCH: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(FetchPolicy)}


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """The ``[watch]`` table: polling, fetching and backoff defaults for every source."""

    interval: float = 300.0
    #: The state file; default: beside the database (``events.db`` -> ``events.watch.sqlite``).
    state: str | None = None
    allow_private: bool = _FETCH["allow_private"]
    allow_networks: tuple[str, ...] = _FETCH["allow_networks"]
    timeout: float = _FETCH["timeout"]
    max_bytes: int = _FETCH["max_bytes"]
    max_redirects: int = _FETCH["max_redirects"]
    user_agent: str = _FETCH["user_agent"]
    backoff_base: float = 60.0
    backoff_max: float = 6 * 3600.0
    fetch_pages: str = "auto"
    min_content_words: int = 150
    item_attempts: int = 3
    batch_size: int = 16


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One ``[[source]]``: a feed, or a list of pages to poll. Unset keys: ``[watch]``'s."""

    name: str
    feed: str | None = None
    urls: tuple[str, ...] = ()
    outlet: str | None = None
    interval: float | None = None
    allow_private: bool | None = None
    allow_networks: tuple[str, ...] = ()
    fetch_pages: str | None = None

    def policy(self, w: WatchSettings) -> FetchPolicy:
        allow = w.allow_private if self.allow_private is None else self.allow_private
        return FetchPolicy(allow_private=allow, allow_networks=w.allow_networks
                           + self.allow_networks, timeout=w.timeout, max_bytes=w.max_bytes,
                           max_redirects=w.max_redirects, user_agent=w.user_agent)


@dataclass(frozen=True, slots=True)
class WatchConfig:
    path: Path
    watch: WatchSettings
    sources: tuple[SourceConfig, ...]
    alerts: AlertSettings
    areas: tuple[Area, ...]

    def state_path(self, db: Path) -> Path:
        if self.watch.state:
            return self.path.parent / Path(self.watch.state).expanduser()
        return db.with_name(db.stem + ".watch.sqlite")


#: TOML table -> (record type, whether it is an array of tables).
TABLES: dict[str, tuple[type, bool]] = {
    "watch": (WatchSettings, False),
    "source": (SourceConfig, True),
    "alerts": (AlertSettings, False),
    "area": (Area, True),
}


def documented_keys() -> list[str]:
    """Every config key as ``table.key`` (the README documents each; a test checks)."""
    return [f"{t}.{f.name}" for t, (cls, _) in TABLES.items() for f in dataclasses.fields(cls)]


class _Table:
    """Error reporting for one table of one file."""

    def __init__(self, path: Path, where: str) -> None:
        self.path, self.where = path, where

    def bad(self, key: str, problem: str) -> SigactError:
        return SigactError(Errors.E134.format(path=self.path, where=self.where, key=key,
                                              problem=problem))

    def wrong_type(self, key: str, expected: str, got: Any) -> SigactError:
        return SigactError(Errors.E133.format(path=self.path, where=self.where, key=key,
                                              expected=expected, got=got))


def _describe(hint: Any) -> str:
    names = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
    return names.get(hint, "a list of strings")


def _coerce(value: Any, hint: Any, key: str, t: _Table) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None: TOML has no null
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    ok = {
        bool: isinstance(value, bool),
        int: isinstance(value, int) and not isinstance(value, bool),
        float: isinstance(value, int | float) and not isinstance(value, bool),
        str: isinstance(value, str),
    }
    if hint in ok:
        if not ok[hint]:
            raise t.wrong_type(key, _describe(hint), value)
        return float(value) if hint is float else value
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise t.wrong_type(key, "a list of strings", value)
    return tuple(value)


def _build(cls: type, table: Any, t: _Table, special: Mapping[str, Callable[..., Any]]) -> Any:
    if not isinstance(table, dict):
        raise t.wrong_type("", "a table", table)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise SigactError(Errors.E132.format(path=t.path, where=t.where, keys=unknown,
                                             allowed=", ".join(fields)))
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in table:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise SigactError(Errors.E135.format(path=t.path, where=t.where, key=name,
                                                     hint="it has no default"))
            continue
        if name in special:
            values[name] = special[name](table[name], name, t)
        else:
            values[name] = _coerce(table[name], hints[name], name, t)
    return cls(**values)


# -- checks ------------------------------------------------------------------------------


def _positive(t: _Table, obj: Any, *names: str, zero: bool = False) -> None:
    for name in names:
        value = getattr(obj, name)
        if value is not None and (value < 0 if zero else value <= 0):
            raise t.bad(name, f"must be {'zero or more' if zero else 'positive'}, got {value}")


def _url(t: _Table, key: str, url: str | None) -> None:
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise t.bad(key, f"must be an http:// or https:// URL, got {url!r}")


def _networks(t: _Table, key: str, nets: tuple[str, ...]) -> None:
    for net in nets:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            raise t.bad(key, f"holds {net!r}, not an IP network such as '10.0.0.0/8'") from None


def _check_watch(w: WatchSettings, t: _Table) -> None:
    _positive(t, w, "interval", "timeout", "max_bytes", "backoff_base", "backoff_max",
              "item_attempts", "batch_size")
    _positive(t, w, "max_redirects", "min_content_words", zero=True)
    if w.backoff_max < w.backoff_base:
        raise t.bad("backoff_max", f"must be at least backoff_base ({w.backoff_base:g})")
    if w.fetch_pages not in FETCH_PAGES:
        raise t.bad("fetch_pages", f"must be one of {', '.join(FETCH_PAGES)}")
    _networks(t, "allow_networks", w.allow_networks)


def _check_source(s: SourceConfig, t: _Table) -> None:
    if not _NAME.match(s.name):
        raise t.bad("name", "must be 1-64 letters, digits, '.', '_' or '-' (it prefixes "
                    f"article ids), got {s.name!r}")
    if (s.feed is None) == (not s.urls):
        raise SigactError(Errors.E135.format(path=t.path, where=t.where, key="feed' or 'urls",
                                             hint="exactly one of them"))
    _url(t, "feed", s.feed)
    for u in s.urls:
        _url(t, "urls", u)
    _positive(t, s, "interval")
    if s.fetch_pages is not None and s.fetch_pages not in FETCH_PAGES:
        raise t.bad("fetch_pages", f"must be one of {', '.join(FETCH_PAGES)}")
    _networks(t, "allow_networks", s.allow_networks)


def _check_alerts(a: AlertSettings, t: _Table) -> None:
    _url(t, "webhook", a.webhook)
    _positive(t, a, "timeout", "attempts", "budget")
    _positive(t, a, "retry_delay", zero=True)
    _networks(t, "allow_networks", a.allow_networks)


def _headers(value: Any, key: str, t: _Table) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise t.wrong_type(key, "a table of strings, e.g. { Authorization = \"...\" }", value)
    return tuple(value.items())


def _polygon(value: Any, key: str, t: _Table) -> tuple[tuple[tuple[float, float], ...], ...]:
    """A ring of ``[lon, lat]`` pairs, or a GeoJSON Polygon ``{type, coordinates}``."""
    if isinstance(value, dict):
        if value.get("type") != "Polygon" or "coordinates" not in value:
            raise t.bad(key, "as a table must be GeoJSON: { type = \"Polygon\", coordinates "
                        "= [[[lon, lat], ...]] }")
        rings = value["coordinates"]
    else:
        rings = [value]
    if not isinstance(rings, list) or not rings:
        raise t.bad(key, "must hold at least one ring of [lon, lat] pairs")
    out = []
    for ring in rings:
        pts = ring if isinstance(ring, list) else []
        pairs = [p for p in pts if isinstance(p, list) and len(p) == 2
                 and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p)]
        if len(pairs) != len(pts) or not pts:
            raise t.bad(key, "must be a list of [lon, lat] pairs of numbers")
        ring_t = tuple((float(x), float(y)) for x, y in pairs)
        if len(ring_t) > 1 and ring_t[0] == ring_t[-1]:
            ring_t = ring_t[:-1]  # GeoJSON closes rings by repeating the first point
        if len(set(ring_t)) < 3:
            raise t.bad(key, "needs at least 3 distinct [lon, lat] points")
        for x, y in ring_t:
            if not (-180 <= x <= 180 and -90 <= y <= 90):
                raise t.bad(key, f"point [{x:g}, {y:g}] is not [lon, lat] (lon -180..180, "
                            "lat -90..90; GeoJSON order is longitude first)")
        out.append(ring_t)
    return tuple(out)


def _check_area(a: Area, t: _Table) -> Area:
    circle = (a.lat, a.lon, a.radius_km)
    if a.polygon and any(v is not None for v in circle):
        raise t.bad("polygon", "cannot be combined with lat/lon/radius_km; use one shape")
    if not a.polygon and None in circle:
        raise SigactError(Errors.E135.format(path=t.path, where=t.where,
                                             key="lat', 'lon' and 'radius_km",
                                             hint="or a 'polygon'"))
    if a.lat is not None and not -90 <= a.lat <= 90:
        raise t.bad("lat", f"must be between -90 and 90, got {a.lat:g}")
    if a.lon is not None and not -180 <= a.lon <= 180:
        raise t.bad("lon", f"must be between -180 and 180, got {a.lon:g}")
    _positive(t, a, "radius_km")
    _positive(t, a, "min_fatalities", zero=True)
    _url(t, "webhook", a.webhook)
    from ..extract.triggers import SUBTYPES

    def canon(key: str, given: tuple[str, ...], known: list[str]) -> tuple[str, ...]:
        by_lower = {k.lower(): k for k in known}
        for g in given:
            if g.lower() not in by_lower:
                raise t.bad(key, f"holds {g!r}, not a codebook name; names: {', '.join(known)}")
        return tuple(by_lower[g.lower()] for g in given)

    return dataclasses.replace(
        a,
        event_types=canon("event_types", a.event_types, sorted(set(SUBTYPES.values()))),
        sub_event_types=canon("sub_event_types", a.sub_event_types, list(SUBTYPES)),
    )


def load_config(path: str | Path) -> WatchConfig:
    """Read and validate a watch config; raises :class:`SigactError` naming file and key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SigactError(Errors.E130.format(path=path, detail=exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise SigactError(Errors.E131.format(path=path, detail=exc)) from exc
    unknown = sorted(set(raw) - set(TABLES))
    if unknown:
        raise SigactError(Errors.E132.format(path=path, where="top level", keys=unknown,
                                             allowed=", ".join(TABLES)))
    t = _Table(path, "[watch]")
    watch = _build(WatchSettings, raw.get("watch", {}), t, {})
    _check_watch(watch, t)
    t = _Table(path, "[alerts]")
    alerts = _build(AlertSettings, raw.get("alerts", {}), t, {"headers": _headers})
    _check_alerts(alerts, t)
    sources = []
    for i, table in enumerate(_array(raw, "source", path)):
        t = _Table(path, _entry_name("source", i, table))
        src = _build(SourceConfig, table, t, {})
        _check_source(src, t)
        sources.append(src)
    areas = []
    for i, table in enumerate(_array(raw, "area", path)):
        t = _Table(path, _entry_name("area", i, table))
        areas.append(_check_area(_build(Area, table, t, {"polygon": _polygon}), t))
    if not sources:
        raise SigactError(Errors.E135.format(path=path, where="top level", key="[[source]]",
                                             hint="at least one feed or URL list to watch"))
    for kind, entries in (("[[source]]", sources), ("[[area]]", areas)):
        names = [e.name for e in entries]
        for name in names:
            if names.count(name) > 1:
                raise SigactError(Errors.E136.format(path=path, kind=kind, name=name))
    return WatchConfig(path=path, watch=watch, sources=tuple(sources), alerts=alerts,
                       areas=tuple(areas))


def _array(raw: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise SigactError(Errors.E133.format(path=path, where="top level", key=key,
                                             expected=f"an array of tables ([[{key}]])",
                                             got=value))
    return value


def _entry_name(kind: str, i: int, table: Any) -> str:
    name = table.get("name") if isinstance(table, dict) else None
    return f"[[{kind}]] #{i + 1}" + (f" ({name!r})" if isinstance(name, str) else "")
