"""Place names the entity tagger misses: another transliteration, or a town too small for it.

The tagger matches the gazetteer's exact spellings ("Dayr al Balah"), and lists small towns
outside the conflict countries not at all; the gazetteer's lookup is spelling-proof. So a
capitalised name after a preposition ("in Deir al-Balah", "in the vicinity of Ayn Issa") is
looked up whole. ``places.find_places`` turns the spans found here into place phrases.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

log = logging.getLogger(__name__)

#: A place name: capitalised words, with Arabic articles inside ("Deir al-Balah").
NAME_PATTERN = (r"[A-Z][\w'’-]+(?: (?:[A-Z][\w'’-]+|(?:al|az|ar|as|ad|an|el|ash|ez|ed)"
                r"(?:-[\w'’]+)?))*")
_PREP_NAME = re.compile(r"(?:\b(?:in|at|near|outside|around|into|from|hit|struck|(?:vicinity|"
                        r"outskirts|edge|towns?|cit(?:y|ies)|villages?|(?:north|south|east|"
                        r"west)\w*) of)|['’]s)\s+(?:the\s+)?(" + NAME_PATTERN + r")")
# "Hawija district", "Kanbalu township": a second-level area named after its town.
LOWER_ADMIN_AFTER = re.compile(r"\s+(?:district|county|commune|municipality|township)\b",
                               re.I)
_KIND_WORDS = frozenset({
    "hospital", "camp", "market", "square", "university", "school", "mosque", "church",
    "airport", "base", "district", "province", "region", "governorate", "village", "town",
    "city", "neighbourhood", "neighborhood", "township", "county", "state"})


def spelled_spans(
    sent_text: str, offset: int, taken: Sequence[tuple[int, int]], *, gazetteer: Any,
    skip_until: int = 0, contained: Callable[[int], bool] = lambda end: False,
) -> list[tuple[int, int]]:
    """(start, end) offsets (``offset`` + position in ``sent_text``) of names after a
    preposition that the gazetteer knows, outside the ``taken`` spans.

    A single capitalised word after "in" is as often a month, a party or an institution as
    a place, so it is tried only when a second-level kind word follows ("Hawija district")
    or ``contained(end)`` says a larger place found in the sentence contains it.
    """
    out: list[tuple[int, int]] = []
    for m in _PREP_NAME.finditer(sent_text):
        at = m.start(1)
        s = offset + at
        words = m.group(1).split()
        if s < skip_until or any(a <= s < b for a, b in (*taken, *out)):
            continue
        one_end = at + len(words[0])
        boxed = len(words) == 1 and (bool(LOWER_ADMIN_AFTER.match(sent_text, one_end))
                                     or contained(offset + one_end))
        if m.group().startswith(("'", "’")) and not boxed:
            continue  # "Kirkuk province's Hawija district", not "the group's Khorasan Province"
        # the whole capitalised run, or it without a kind word ("Deir al-Balah Hospital"):
        # a prefix of a longer name is a person's ("Aung San" of Aung San Suu Kyi)
        tries = [words] + ([words[:-1]] if words[-1].lower() in _KIND_WORDS else [])
        for ws in tries:
            if not ws or not (len(ws) > 1 or "-" in ws[0] or boxed):
                continue
            name = " ".join(ws)
            try:
                known = gazetteer.is_place(name)
            except Exception:  # a gazetteer miss must never stop extraction
                log.debug("gazetteer lookup failed for %r", name, exc_info=True)
                break
            if known:
                out.append((s, s + len(name)))
                break
    return out
