"""sigact: news reports about political violence in, a geolocated event database out."""

from __future__ import annotations

import logging

from .records import (
    Actor,
    Article,
    Claim,
    Event,
    Evidence,
    Mention,
    Place,
    Revision,
    Source,
)

__version__ = "0.1.0"
__all__ = [
    "Actor",
    "Article",
    "Claim",
    "Event",
    "Evidence",
    "Mention",
    "Place",
    "Revision",
    "Source",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
