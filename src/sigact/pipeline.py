"""Stage protocol, registry and the Pipeline that chains extract and geo.

Stages are registered by name (``"extract.rules.v1"``) so that a model-based stage can replace
a rule-based one without touching callers, as spaCy does with its factories. A stage is built
once from its factory with its heavy resources passed in, then called on batches; it keeps no
hidden state between batches, so a distributed engine only has to map it over partitions.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .errors import Errors, SigactError
from .records import Article, Event, Mention

log = logging.getLogger(__name__)

T = TypeVar("T")


class ExtractStage(Protocol):
    """Articles in, event mentions out (one article may yield zero or many)."""

    def __call__(self, articles: Sequence[Article]) -> list[Mention]: ...


class GeoStage(Protocol):
    """Mentions in, the same mentions out with ``place`` resolved where possible."""

    def __call__(self, mentions: Sequence[Mention]) -> list[Mention]: ...


class DedupStage(Protocol):
    """New mentions plus candidate stored events in, the events to write out."""

    def __call__(self, mentions: Sequence[Mention], existing: Sequence[Event]) -> list[Event]: ...


#: The kinds of stage the registry knows, in data-flow order.
STAGE_KINDS: tuple[str, ...] = ("extract", "geo", "dedup")

_REGISTRY: dict[str, dict[str, Callable[..., Any]]] = {kind: {} for kind in STAGE_KINDS}


def register(kind: str, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Register a stage factory under ``kind`` and a versioned ``name``."""
    if kind not in _REGISTRY:
        raise SigactError(Errors.E001.format(kind=kind, kinds=", ".join(STAGE_KINDS)))

    def deco(factory: Callable[..., T]) -> Callable[..., T]:
        _REGISTRY[kind][name] = factory
        return factory

    return deco


def registered(kind: str) -> list[str]:
    """Names registered for a stage kind, sorted (a test pins this list)."""
    _load_builtins()
    return sorted(_REGISTRY[kind])


def get_factory(kind: str, name: str) -> Callable[..., Any]:
    _load_builtins()
    try:
        return _REGISTRY[kind][name]
    except KeyError:
        raise SigactError(
            Errors.E002.format(kind=kind, name=name, names=", ".join(sorted(_REGISTRY[kind])))
        ) from None


def _load_builtins() -> None:
    # Importing the modules runs their @register decorators; done lazily so that importing
    # sigact.pipeline stays cheap (no spaCy load) for callers that only need records.
    from . import dedup, extract, geo  # noqa: F401


def _build(factory: Callable[..., Any], resources: dict[str, Any]) -> Any:
    params = inspect.signature(factory).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return factory(**resources)
    return factory(**{k: v for k, v in resources.items() if k in params})


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """Which registered stage to use for each kind. Defaults are the built-in rule stages."""

    extract: str = "extract.rules.v1"
    geo: str = "geo.gazetteer.v1"
    dedup: str = "dedup.v2"


class Pipeline:
    """Extract then geocode a batch of articles; dedup is applied by the store-side runner."""

    def __init__(
        self, *, extract: ExtractStage, geo: GeoStage, dedup: DedupStage
    ) -> None:
        self.extract = extract
        self.geo = geo
        self.dedup = dedup

    @classmethod
    def from_config(cls, config: PipelineConfig | None = None, **resources: Any) -> Pipeline:
        """Build every stage from its factory; ``resources`` go to the factories that take them.

        Each factory is called with keyword arguments only; a factory declares the resources it
        needs (``nlp``, ``gazetteer``) and defaults for everything else.
        """
        config = config or PipelineConfig()
        stages = {
            kind: _build(get_factory(kind, getattr(config, kind)), resources)
            for kind in STAGE_KINDS
        }
        return cls(extract=stages["extract"], geo=stages["geo"], dedup=stages["dedup"])

    def __call__(self, articles: Sequence[Article]) -> list[Mention]:
        return self.geo(self.extract(articles))
