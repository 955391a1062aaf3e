"""Date expressions in news text, resolved against the publication date.

News rarely gives a full date: it says "on Wednesday", "yesterday", "late on Sunday" or "the
day prior", and only the publication date (or the date of the event a sentence refers back to)
turns those into a day. Everything here is compiled regexes over plain strings, so it runs in
microseconds per sentence; dateparser is not needed for the forms news uses.

Resolution rules (CODEBOOK.md "event_date"):

- A weekday is the most recent such day on or before publication ("on Wednesday" in a report
  published on a Wednesday is that day; a weekday after the publication day is last week's).
- A day and month without a year is the most recent such date not after publication.
- "yesterday", "last night" and a bare "overnight" are publication - 1 (a report written in the
  morning about the night before); "overnight" is dropped when the text has another date cue.
- "last week"/"this week" have precision 2; "last month"/"earlier this month"/"in January" have
  precision 3 and resolve to the first of that month.
- Anaphoric forms ("the day prior", "two days later") resolve against ``previous``.
- Without a publication date, anything relative (including a day and month without a year)
  resolves to ``date=None``: we never guess a year or a week.

Which of a clause's dates is the act's lives in ``actdate.py``; what makes a mention
background (older than 30 days, an anniversary) in ``background.py``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DAY", "MONTH", "WEEK", "DateRef", "find_dates"]

#: Codebook ``time_precision`` values.
DAY, WEEK, MONTH = 1, 2, 3


@dataclass(frozen=True, slots=True)
class DateRef:
    """One date expression: the day it names, how precisely, and where it is in the text."""

    date: date | None
    precision: int
    kind: str  # "absolute" | "relative" | "weekday" | "anaphoric" | "range" | "vague"
    text: str
    start: int
    end: int


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_SMALL = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": 3, "a few": 3, "few": 3,
}  # fmt: skip

# Month names are matched case-sensitively so that "may" and "march" as words never match.
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
_NUMW = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several"
    r"|a\s+few)"
)
_I = re.IGNORECASE

_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_RANGE_DM = re.compile(
    rf"\b(?:between\s+|from\s+)?(?P<d>\d{{1,2}}){_ORD}\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}}){_ORD}"
    rf"\s+(?:of\s+)?(?P<mon>{_MON}){_YEAR}"
)
_NIGHT_OF = re.compile(r"\bnight\s+of\s+(?:the\s+)?$", _I)
_RANGE_MD = re.compile(
    rf"\b(?:between\s+|from\s+)?(?P<mon>{_MON})\s+(?P<d>\d{{1,2}}){_ORD}\s*(?:-|–|to|and)\s*"
    rf"(?P<d2>\d{{1,2}}){_ORD}\b{_YEAR}"
)
_DM = re.compile(
    rf"(?:\b{_WD},?\s+)?(?:\bthe\s+)?\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MON})(?![a-z]){_YEAR}"
)
_MD = re.compile(rf"(?:\b{_WD},?\s+)?\b(?P<mon>{_MON})\s+(?P<d>\d{{1,2}}){_ORD}\b(?!:){_YEAR}")
_MONTH_ONLY = re.compile(
    rf"\b(?:(?P<last>(?i:last|this\s+past)\s+)|(?i:in|during|since|throughout|early|mid|late|"
    rf"earlier\s+in|later\s+in)[\s-]+)"
    rf"(?:(?:early|mid|late)[\s-]+)?(?P<mon>{_MON})(?![a-z]){_YEAR}"
    rf"|\b(?P<mon2>{_MON})\s+(?P<year2>(?:19|20)\d{{2}})\b"
)
_ON_THE = re.compile(r"\bon\s+the\s+(?:(?:night|morning|evening|afternoon)\s+of\s+the\s+)?"
                     r"(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Z])")
_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>(?i:last|this\s+past|past|next|this|coming))\s+)?(?P<wd>{_WD})\b(?!s\b)"
    # ("at Friday prayers" names a prayer, not a day)
    rf"(?!\s+(?:prayers?|sermons?|services?|mass)\b)"
)
_HOLIDAY = re.compile(
    r"\b(?:(?P<xmaseve>Christmas\s+Eve)|(?P<xmas>Christmas(?:\s+Day)?)|(?P<nye>New\s+Year'?s\s+Eve)"
    r"|(?P<ny>New\s+Year'?s(?:\s+Day)?)|(?P<thanks>Thanksgiving(?:\s+Day)?))\b"
)
# Relative to publication: (regex, day offset or a special code, precision, kind).
_RELATIVE: list[tuple[re.Pattern[str], str | int, int, str]] = [
    (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", _I), -2, DAY, "relative"),
    (re.compile(r"\b(?:yesterday|last\s+night)\b", _I), -1, DAY, "relative"),
    (
        re.compile(
            r"\b(?:today|tonight|earlier\s+today|this\s+(?:morning|afternoon|evening))\b", _I
        ),
        0,
        DAY,
        "relative",
    ),
    (re.compile(r"\bovernight\b", _I), "overnight", DAY, "relative"),
    (re.compile(rf"\b(?P<n>{_NUMW})\s+days?\s+ago\b", _I), "days_ago", DAY, "relative"),
    (re.compile(rf"\b(?P<n>{_NUMW})\s+weeks?\s+ago\b", _I), "weeks_ago", WEEK, "relative"),
    (re.compile(r"\b(?:last|past|previous)\s+week\b", _I), "last_week", WEEK, "relative"),
    (
        re.compile(r"\b(?:over\s+the|this|at\s+the|last|past)\s+weekend\b", _I),
        "weekend",
        WEEK,
        "relative",
    ),
    (re.compile(r"\b(?:earlier\s+)?this\s+week\b", _I), "this_week", WEEK, "relative"),
    (re.compile(r"\b(?:last|past|previous)\s+month\b", _I), "last_month", MONTH, "relative"),
    (re.compile(r"\b(?:earlier\s+)?this\s+month\b", _I), "this_month", MONTH, "relative"),
    (
        re.compile(r"\b(?:in\s+)?(?:recent\s+|the\s+past\s+(?:few\s+)?)days\b", _I),
        "recent_days",
        WEEK,
        "vague",
    ),
    (
        re.compile(r"\b(?:in\s+)?(?:recent\s+|the\s+past\s+(?:few\s+)?)weeks\b", _I),
        "recent_weeks",
        MONTH,
        "vague",
    ),
]
# Anaphoric: offset in days from ``previous``, and precision.
_ANAPHORIC: list[tuple[re.Pattern[str], int | str, int]] = [
    (
        re.compile(
            r"\b(?:the\s+(?:day|night|evening|morning|afternoon)\s+(?:prior|before)"
            r"(?!\s+yesterday)|the\s+(?:previous|preceding|prior)\s+(?:day|night|evening|morning)"
            r"|(?:a|one)\s+day\s+(?:earlier|before|prior))\b",
            _I,
        ),
        -1,
        DAY,
    ),
    (
        re.compile(
            r"\b(?:the\s+(?:following|next)\s+(?:day|morning|night)|(?:a|one)\s+day\s+later"
            r"|the\s+day\s+after)\b",
            _I,
        ),
        1,
        DAY,
    ),
    (
        re.compile(
            rf"\b(?P<n>{_NUMW})\s+days\s+(?P<dir>later|after(?:wards)?|earlier|before|prior)\b",
            _I,
        ),
        "n_days",
        DAY,
    ),
    (
        re.compile(
            r"\b(?:the\s+same\s+day|(?:later|earlier)\s+(?:that|the\s+same)\s+day|that\s+(?:day"
            r"|night|evening|morning|afternoon)|hours\s+later)\b",
            _I,
        ),
        0,
        DAY,
    ),
    (re.compile(r"\b(?:a|one)\s+week\s+later|the\s+following\s+week\b", _I), 7, WEEK),
    (re.compile(r"\b(?:a|one)\s+week\s+(?:earlier|before)|the\s+previous\s+week\b", _I), -7, WEEK),
]

_N_CODES = ("days_ago", "weeks_ago")


def _combine() -> re.Pattern[str]:
    """All relative and anaphoric forms in one pattern: one pass over the text, not twenty."""
    parts: list[str] = []
    rxs = [("r", i, row[0]) for i, row in enumerate(_RELATIVE)]
    rxs += [("a", i, row[0]) for i, row in enumerate(_ANAPHORIC)]
    for prefix, i, rx in rxs:
        name = f"{prefix}{i}"
        pat = rx.pattern.replace("(?P<n>", f"(?P<n_{name}>")
        pat = pat.replace("(?P<dir>", f"(?P<dir_{name}>")
        parts.append(f"(?P<{name}>{pat})")
    return re.compile("|".join(parts), _I)


_CONTEXTUAL = _combine()
_MONTH_CUE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_HOLIDAY_CUE = re.compile(r"Christmas|New\s+Year|Thanksgiving")
#: Every relative or anaphoric form contains one of these words.
_CONTEXT_CUE = re.compile(
    r"day|night|week|month|ago|later|earlier|prior|previous|preceding|following|hours|after"
    r"|before|morning|afternoon|evening",
    _I,
)
_WD_CUE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")


def _windows(cue: re.Pattern[str], text: str, before: int, after: int) -> list[tuple[int, int]]:
    """Merged spans of text around cue words: the only places a costly pattern is tried."""
    spans: list[tuple[int, int]] = []
    for m in cue.finditer(text):
        a, b = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def _in_windows(
    rx: re.Pattern[str], text: str, windows: list[tuple[int, int]]
) -> list[re.Match[str]]:
    return [m for a, b in windows for m in rx.finditer(text, a, b)]


def _n(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _SMALL.get(word, 1)


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _recent(month: int, day: int, published: date | None) -> date | None:
    """The most recent ``month``/``day`` not after ``published`` (None without a base)."""
    if published is None:
        return None
    for year in (published.year, published.year - 1, published.year - 2, published.year - 3):
        d = _safe_date(year, month, day)
        if d is not None and d <= published:
            return d
    return None


def _absolute(m: re.Match[str], published: date | None, month: int, day: int) -> date | None:
    year = m.group("year")
    if year:
        return _safe_date(int(year), month, day)
    return _recent(month, day, published)


def _weekday(m: re.Match[str], published: date | None) -> date | None:
    if published is None:
        return None
    wd = _WEEKDAYS[m.group("wd")[:3].lower()]
    mod = " ".join((m.group("mod") or "").lower().split())
    offset = (published.weekday() - wd) % 7
    if mod in ("next", "coming"):
        return published + timedelta(days=(7 - offset) or 7)
    if mod in ("last", "this past", "past") and offset == 0:
        offset = 7
    return published - timedelta(days=offset)


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _holiday(m: re.Match[str], published: date | None) -> date | None:
    if published is None:
        return None
    if m.group("thanks"):
        d = _thanksgiving(published.year)
        return d if d <= published else _thanksgiving(published.year - 1)
    month, day = {
        "xmaseve": (12, 24), "xmas": (12, 25), "nye": (12, 31), "ny": (1, 1)
    }[next(k for k in ("xmaseve", "xmas", "nye", "ny") if m.group(k))]  # fmt: skip
    return _recent(month, day, published)


def _first_of_month(published: date, months_back: int) -> date:
    y, mth = divmod(published.year * 12 + published.month - 1 - months_back, 12)
    return date(y, mth + 1, 1)


def _relative(code: str | int, n: str | None, published: date | None) -> date | None:
    if published is None:
        return None
    if isinstance(code, int):
        return published + timedelta(days=code)
    days = {
        "overnight": 1,
        "days_ago": _n(n or "1"),
        "weeks_ago": 7 * _n(n or "1"),
        "last_week": 7,
        # Saturday of the most recent weekend (the report's own day if it is a weekend).
        "weekend": (published.weekday() - 5) % 7 if published.weekday() != 6 else 1,
        "this_week": 0,
        "recent_days": 0,
        "recent_weeks": 0,
    }.get(code)
    if days is not None:
        return published - timedelta(days=days)
    if code == "last_month":
        return _first_of_month(published, 1)
    return _first_of_month(published, 0)  # this_month


def _on_the(day: int, published: date | None) -> date | None:
    """Resolve "on the 2nd": this month, or the latest earlier month where that day is past."""
    if published is None:
        return None
    for back in range(3):
        first = _first_of_month(published, back)
        d = _safe_date(first.year, first.month, day)
        if d is not None and d <= published:
            return d
    return None


def find_dates(text: str, *, published: date | None, previous: date | None = None) -> list[DateRef]:
    """All date expressions in ``text``, resolved, leftmost first, never overlapping.

    ``published`` anchors relative forms; ``previous`` (the date of the event the text refers
    back to) anchors anaphoric ones ("the day prior"). Unresolvable expressions are still
    returned, with ``date=None``, so callers know a date was stated.
    """
    cands: list[DateRef] = []

    def add(m: re.Match[str], d: date | None, precision: int, kind: str) -> None:
        cands.append(DateRef(d, precision, kind, m.group(0), m.start(), m.end()))

    for m in _ISO.finditer(text):
        add(m, _safe_date(int(m["year"]), int(m["m"]), int(m["d"])), DAY, "absolute")
    # Day-month patterns are costly to try at every position: only look near month names.
    windows = _windows(_MONTH_CUE, text, 40, 40)
    for rx in (_RANGE_DM, _RANGE_MD):
        for m in _in_windows(rx, text, windows):
            d1, d2 = int(m["d"]), int(m["d2"])
            if d2 <= d1:
                continue
            d = _absolute(m, published, _month(m["mon"]), d1)
            # "the night of May 12-13" is one night: the day it began
            night = d2 == d1 + 1 and _NIGHT_OF.search(text, max(0, m.start() - 16), m.start())
            add(m, d, DAY if night else WEEK if d2 - d1 <= 7 else MONTH, "range")
    for rx in (_DM, _MD):
        for m in _in_windows(rx, text, windows):
            add(m, _absolute(m, published, _month(m["mon"]), int(m["d"])), DAY, "absolute")
    for m in _in_windows(_MONTH_ONLY, text, windows):
        mon, year = (m["mon"], m["year"]) if m["mon"] else (m["mon2"], m["year2"])
        month = _month(mon)
        d = _safe_date(int(year), month, 1) if year else _recent(month, 1, published)
        if m["last"] and d is not None and published is not None and (
                d.year, d.month) == (published.year, published.month):
            d = date(d.year - 1, month, 1)  # "last May", said in May, is a year ago
        add(m, d, MONTH, "absolute")
    for m in _HOLIDAY.finditer(text) if _HOLIDAY_CUE.search(text) else ():
        add(m, _holiday(m, published), DAY, "absolute")
    for m in _ON_THE.finditer(text):
        add(m, _on_the(int(m["d"]), published), DAY, "relative")
    for m in _WEEKDAY.finditer(text) if _WD_CUE.search(text) else ():
        add(m, _weekday(m, published), DAY, "weekday")
    for m in _in_windows(_CONTEXTUAL, text, _windows(_CONTEXT_CUE, text, 35, 15)):
        name = m.lastgroup or ""
        i = int(name[1:])
        if name[0] == "r":
            _, code, precision, kind = _RELATIVE[i]
            add(
                m,
                _relative(code, m.group(f"n_{name}") if code in _N_CODES else None, published),
                precision,
                kind,
            )
            continue
        _, offset, precision = _ANAPHORIC[i]
        if isinstance(offset, str):  # "N days later/earlier"
            n = _n(m[f"n_{name}"])
            offset_days = n if m[f"dir_{name}"].lower().startswith(("later", "after")) else -n
        else:
            offset_days = offset
        d = previous + timedelta(days=offset_days) if previous is not None else None
        add(m, d, precision, "anaphoric")

    # Leftmost, then longest, wins: "Monday, Dec. 26" beats "Monday"; "the day before
    # yesterday" beats "yesterday".
    cands.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[DateRef] = []
    last_end = -1
    for ref in cands:
        if ref.start >= last_end:
            out.append(ref)
            last_end = ref.end
    if len(out) > 1:
        out = [r for r in out if r.text.lower() != "overnight"]
    return out
