"""Numbers as news writes them: digits, number words, vague quantities, ranges.

The codes for vague quantities are the codebook's ("dozens" is 12, "scores" 20, "several"
3); a range keeps its lower bound and qualifiers ("at least", "more than") are dropped, so
every figure is the most conservative one the words allow.
"""

from __future__ import annotations

import re

__all__ = ["NUMBER_STARTS", "parse_number"]

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
#: Vague quantities, coded as CODEBOOK.md says.
_VAGUE = {
    "a dozen": 12, "dozen": 12, "dozens": 12, "scores": 20, "a score": 20, "several": 3,
    "a few": 3, "few": 3, "a handful": 3, "handful": 3, "a number": 3, "a couple": 2,
    "couple": 2, "many": 3, "numerous": 3, "multiple": 2, "hundreds": 200, "thousands": 2000,
    "tens": 20, "some": 3, "both": 2,
}  # fmt: skip
_QUALIFIERS = re.compile(
    r"^(?:at\s+least|more\s+than|over|some|about|around|approximately|roughly|nearly|almost"
    r"|up\s+to|as\s+many\s+as|an\s+estimated|a\s+total\s+of|no\s+fewer\s+than|no\s+less\s+than"
    r"|upwards\s+of|close\s+to|just\s+over|just\s+under|fewer\s+than|less\s+than|another"
    r"|a\s+further|further)\s+",
    re.IGNORECASE,
)

#: Words a number phrase can start with (units, tens, and the first word of a vague one).
NUMBER_STARTS: frozenset[str] = frozenset([*_UNITS, *_TENS, *(v.split()[0] for v in _VAGUE)])


def parse_number(text: str) -> int | None:
    """The number a phrase names: "3", "three", "twenty-one", "1,200", "a dozen", "dozens".

    Qualifiers and the upper end of a range are dropped ("at least 13" is 13, "between 10 and
    15" is 10). None when the phrase names no number.
    """
    s = " ".join(text.lower().replace("–", "-").split())
    s = _QUALIFIERS.sub("", s)
    s = re.sub(r"^between\s+", "", s)
    s = re.sub(r"\s+of$", "", s)
    m = re.match(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(million|thousand))?\b", s)
    if m:
        n = int(m.group(1).replace(",", ""))
        return n * _SCALES[m.group(2)] if m.group(2) else n
    for vague in sorted(_VAGUE, key=len, reverse=True):
        if s == vague or s.startswith(vague + " ") or s.startswith(vague + "-"):
            rest = s[len(vague) :].strip()
            if vague in ("dozen", "dozens") and rest.startswith("of"):
                rest = ""
            return _VAGUE[vague]
    m = re.match(r"^(two|three|four|five|several)\s+dozen\b", s)
    if m:
        return 12 * (_UNITS.get(m.group(1)) or 3)
    return _words(s)


def _words(s: str) -> int | None:
    total, current, seen = 0, 0, False
    for tok in re.split(r"[\s-]+", s):
        if tok == "and" and seen:
            continue
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok in _SCALES:
            current = max(current, 1) * _SCALES[tok]
            if _SCALES[tok] >= 1000:
                total, current = total + current, 0
        else:
            break
        seen = True
    return total + current if seen else None
