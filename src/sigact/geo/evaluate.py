"""Geoparsing accuracy against UCDP GED events (``sigact eval-geo``).

UCDP codes each event's place (``where_coordinates``, ``adm_1``, ``adm_2``, coordinates,
``where_prec``) and, for many rows, the headline of its source. The rows used are those coded
to a town or near one (``where_prec`` 1-2) whose headline names the coded town or its
province (compared through our name keys, so "Fallujah" matches "Al Fallūjah"). Two modes:

- ``phrase``: the headline's own spelling of the coded place is resolved, with the row's
  country as the article's country (as a report's text would name it). This measures the
  gazetteer and the resolver alone.
- ``text``: the headline goes through the extractor's place finder as any text would; the
  place it picks is resolved with the headline's other places as context, and no country is
  given. This measures finding and resolving together, end to end.

The UCDP file is the user's (CC BY 4.0, not shipped); nothing here writes it anywhere.
"""

from __future__ import annotations

import csv
import logging
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Errors, SigactError
from ..records import Mention, Place
from .gazetteer import Gazetteer
from .names import index_keys, loose, skeleton
from .resolve import GazetteerGeocoder
from .sources import clean_admin2

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("id", "where_prec", "where_coordinates", "adm_1", "latitude", "longitude",
                    "source_headline", "country")
#: An event resolved within this distance of UCDP's point counts as placed right.
NEAR_KM = 25.0
#: Words UCDP appends to a place name to say what kind it is ("Al Fallūjah town").
_KIND = re.compile(r"\s+(?:town|city|village|province|district|governorate|area|region|"
                   r"mountains?|camp|neighbou?rhood)\s*$", re.I)
_PAREN = re.compile(r"\([^)]*\)")


@dataclass(frozen=True, slots=True)
class UcdpCase:
    """One usable UCDP row: what the headline says and where UCDP put the event."""

    row: str
    headline: str
    phrase: str  # the headline's own spelling of the coded town or province
    kind: str  # "town" or "admin1": which of the two the headline names
    country: str
    iso3: str
    admin1: str | None  # UCDP's province as the gazetteer names it (None: no such admin1)
    admin2: str  # UCDP's district, cleaned ("Qaḑā’ al Fallūjah" -> "al Fallujah")
    lat: float
    lon: float


@dataclass(slots=True)
class GeoScore:
    """Agreement of one set of resolutions with UCDP's coding."""

    label: str
    rows: int = 0
    resolved: int = 0  # got coordinates
    country: int = 0
    admin1: int = 0
    admin2_rows: int = 0  # rows where UCDP codes a district and we have one
    admin2: int = 0
    errors_km: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def share(self, n: int, of: int | None = None) -> float:
        total = self.rows if of is None else of
        return n / total if total else 0.0

    @property
    def coverage(self) -> float:
        return self.share(self.resolved)

    @property
    def within(self) -> float:
        return self.share(sum(e <= NEAR_KM for e in self.errors_km))

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class GeoEvalReport:
    """Row counts, one score per mode and kind, and the most frequent misses."""

    path: Path
    counts: Counter[str]
    scores: list[GeoScore]
    misses: dict[str, list[tuple[int, str]]]


def coded_name(value: str) -> str:
    """"Al Fallūjah town" -> "Al Fallūjah"."""
    return _KIND.sub("", _PAREN.sub("", value)).strip()


def _keys(text: str) -> set[str]:
    # skeletons of three consonants or fewer match too much ("~mrs" is Mosul and Marsa)
    return {k for k, level in index_keys(text, site=False).items() if level < 2 or len(k) >= 5}


def find_in_headline(headline: str, name: str) -> str | None:
    """The headline's capitalised words that spell ``name`` (up to four words), or None."""
    want = _keys(name)
    if not want:
        return None
    words = [re.sub(r"['’]s$", "", w.strip(".,;:!?\"“”()[]")) for w in headline.split()]
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            span = [w for w in words[i:i + size] if w]
            # "Mosul as troops advance": a name starts and ends with a capitalised word
            if span and span[0][0].isupper() and span[-1][0].isupper() and (
                    _keys(" ".join(span)) & want):
                return " ".join(span)
    return None


def read_ucdp(path: Path, gazetteer: Gazetteer) -> tuple[list[UcdpCase], Counter[str]]:
    """The usable rows of a UCDP GED CSV file (its HXL tag row skipped), with counts."""
    counts: Counter[str] = Counter()
    admin1_of: dict[tuple[str, str], str | None] = {}
    cases: list[UcdpCase] = []
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise SigactError(Errors.E048.format(path=path, detail=exc.strerror or exc)) from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise SigactError(Errors.E048.format(
                path=path, detail="missing column(s) " + ", ".join(missing)))
        for row in reader:
            if not (row.get("id") or "").strip() or (row.get("id") or "").startswith("#"):
                continue  # the HXL tag row
            counts["rows"] += 1
            if row.get("where_prec") not in ("1", "2"):
                continue
            counts["rows coded to a town (where_prec 1-2)"] += 1
            case = _case(row, gazetteer, admin1_of, counts)
            if case is not None:
                cases.append(case)
    return cases, counts


def _case(row: dict[str, str], gaz: Gazetteer, admin1_of: dict[tuple[str, str], str | None],
          counts: Counter[str]) -> UcdpCase | None:
    headline = (row.get("source_headline") or "").strip()
    if not headline:
        return None
    counts["  with a headline"] += 1
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):
        counts["  without coordinates (skipped)"] += 1
        return None
    country = (row.get("country") or "").strip()
    raw_a1 = coded_name(row.get("adm_1") or "")
    if (country, raw_a1) not in admin1_of:
        found = [c for c in gaz.lookup(raw_a1, country=country or None, limit=20)
                 if c.feature == "admin1" and c.match <= 1] if raw_a1 else []
        admin1_of[(country, raw_a1)] = found[0].name if found else None
        if raw_a1 and not found:
            log.warning("UCDP province %r (%s) matches no admin1 in the gazetteer", raw_a1,
                        country)
    town = coded_name(row.get("where_coordinates") or "")
    for kind, name in (("town", town), ("admin1", raw_a1)):
        phrase = find_in_headline(headline, name) if name else None
        if phrase:
            counts[f"  headline names the coded {kind}"] += 1
            return UcdpCase(
                row=row["id"], headline=headline, phrase=phrase, kind=kind, country=country,
                iso3=(row.get("iso3") or "").strip(), admin1=admin1_of[(country, raw_a1)],
                admin2=clean_admin2(row.get("adm_2") or ""), lat=lat, lon=lon)
    return None


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name ("Mosul", "al Mawsil"): equal loose keys or skeletons."""
    return loose(a) == loose(b) or (len(skeleton(a)) >= 3 and skeleton(a) == skeleton(b))


def resolve_phrases(cases: Sequence[UcdpCase], geocoder: GazetteerGeocoder, *,
                    context: bool = True) -> list[Place]:
    """``phrase`` mode: each row's spelling of the place, the row's country as context."""
    return [geocoder.resolve(c.phrase, context=(c.country,) if context else (), doc=c.row)
            for c in cases]


def geoparse_headlines(cases: Sequence[UcdpCase], geocoder: GazetteerGeocoder,
                       nlp: Any) -> list[Place]:
    """``text`` mode: find the event's place in each headline as the extractor would."""
    from ..extract.eventplace import event_places, is_place_ent
    from ..extract.places import find_places

    mentions: list[list[Mention]] = []
    # UCDP joins an event's source headlines with ";": one headline a line.
    texts = (re.sub(r"\s*;\s*", "\n", c.headline) for c in cases)
    for case, doc in zip(cases, nlp.pipe(texts), strict=True):
        ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")
                and is_place_ent(e, gazetteer=geocoder.gazetteer)]
        places = [p for s in doc.sents for p in find_places(
            s, gazetteer=geocoder.gazetteer,
            ents=[e for e in ents if s.start_char <= e.start_char < s.end_char],
            text=doc.text)]
        targets = [p for p in event_places(places, clause_text=doc.text) if p is not None]
        # then the broader places, in case none of the most specific ones can be placed
        targets += sorted((p for p in places if p not in targets and not p.origin),
                          key=lambda p: p.rank)
        # Each candidate as a mention of its own: the first one that resolves is the place
        # (a geoparser picks the most specific place it can place, in text order).
        mentions.append([Mention(
            doc=case.row, event_type="", sub_event_type="", location_text=t.text,
            location_relation=t.relation,
            context_places=tuple(p.text for p in places if p.text != t.text))
            for t in targets])
    geocoder([m for ms in mentions for m in ms])
    out = []
    for ms in mentions:
        placed = [m.place for m in ms if m.place is not None and m.place.latitude is not None]
        out.append(placed[0] if placed else (ms[0].place if ms and ms[0].place else
                                             Place(location="")))
    return out


def score(label: str, cases: Sequence[UcdpCase], places: Sequence[Place],
          seconds: float = 0.0) -> GeoScore:
    from . import distance_km

    s = GeoScore(label=label, rows=len(cases), seconds=seconds)
    for c, p in zip(cases, places, strict=True):
        s.country += bool(p.iso3) and p.iso3 == c.iso3
        s.admin1 += c.admin1 is not None and loose(p.admin1 or "") == loose(c.admin1)
        if c.admin2 and p.admin2:
            s.admin2_rows += 1
            s.admin2 += same_name(p.admin2, c.admin2)
        if p.latitude is not None and p.longitude is not None:
            s.resolved += 1
            s.errors_km.append(distance_km(p.latitude, p.longitude, c.lat, c.lon))
    return s


def evaluate_ucdp(
    path: Path, *, gazetteer: Gazetteer, modes: Iterable[str] = ("phrase", "text"),
    context: bool = True, nlp: Any = None, n_misses: int = 10,
) -> GeoEvalReport:
    """Read a UCDP GED CSV file and score the geocoder on it in each mode."""
    cases, counts = read_ucdp(path, gazetteer)
    scores: list[GeoScore] = []
    misses: dict[str, list[tuple[int, str]]] = {}
    for mode in modes:
        geocoder = GazetteerGeocoder(gazetteer)  # a cold lookup cache for each timing
        start = time.perf_counter()
        if mode == "phrase":
            places = resolve_phrases(cases, geocoder, context=context)
        else:
            if nlp is None:
                from ..extract.nlp import load_nlp

                nlp = load_nlp(gazetteer=gazetteer)
            places = geoparse_headlines(cases, geocoder, nlp)
        seconds = time.perf_counter() - start
        for kind in ("town", "admin1"):
            sub = [(c, p) for c, p in zip(cases, places, strict=True) if c.kind == kind]
            scores.append(score(f"{mode}/{kind}", [c for c, _ in sub], [p for _, p in sub]))
        scores.append(score(f"{mode}/all", cases, places, seconds))
        wrong = Counter(f"{c.phrase!r} -> {p.location or '-'} ({p.country or 'no country'})"
                        for c, p in zip(cases, places, strict=True)
                        if p.iso3 != c.iso3 or (c.admin1 and p.admin1 != c.admin1))
        misses[mode] = [(n, text) for text, n in wrong.most_common(n_misses)]
    return GeoEvalReport(path=path, counts=counts, scores=scores, misses=misses)


def format_geo_report(report: GeoEvalReport) -> str:
    def pct(x: float) -> str:
        return f"{x:6.1%}"

    lines = [f"UCDP file {report.path}"]
    lines += [f"  {k}: {v:,}" for k, v in report.counts.items()]
    lines.append("")
    lines.append(f"{'mode/rows':14}{'rows':>6} {'coverage':>9} {'country':>8} {'admin1':>8} "
                 f"{'admin2':>8} {'<=25 km':>8} {'median km':>10} {'resol./s':>9}")
    for s in report.scores:
        median = f"{s.median_km:10.1f}" if s.median_km is not None else f"{'n/a':>10}"
        admin2 = pct(s.share(s.admin2, s.admin2_rows)) if s.admin2_rows else f"{'n/a':>6}"
        speed = f"{s.per_second:9.0f}" if s.seconds else ""
        lines.append(f"{s.label:14}{s.rows:6} {pct(s.coverage):>9} {pct(s.share(s.country)):>8} "
                     f"{pct(s.share(s.admin1)):>8} {admin2:>8} {pct(s.within):>8} {median}"
                     f"{speed}")
    lines.append("")
    lines.append("admin2: share of rows where UCDP and we both name a district.")
    for mode, items in report.misses.items():
        if items:
            lines.append(f"most frequent misses ({mode}):")
            lines += [f"  x{n}: {text}" for n, text in items]
    return "\n".join(lines)


def report_dict(report: GeoEvalReport) -> dict[str, Any]:
    """The figures as plain JSON-ready data (``sigact eval-geo --json``)."""
    return {
        "path": str(report.path),
        "counts": dict(report.counts),
        "scores": [{
            "label": s.label, "rows": s.rows, "coverage": round(s.coverage, 4),
            "country": round(s.share(s.country), 4), "admin1": round(s.share(s.admin1), 4),
            "admin2": round(s.share(s.admin2, s.admin2_rows), 4) if s.admin2_rows else None,
            "admin2_rows": s.admin2_rows, "within_25km": round(s.within, 4),
            "median_km": None if s.median_km is None else round(s.median_km, 2),
            "resolutions_per_s": round(s.per_second, 1) if s.seconds else None,
        } for s in report.scores],
        "misses": {mode: [{"count": n, "miss": text} for n, text in items]
                   for mode, items in report.misses.items()},
    }
