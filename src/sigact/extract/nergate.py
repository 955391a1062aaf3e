"""Run the statistical NER only on the sentences the extractor may build an event from.

The small pipeline's ``ner`` is most of the parse cost (about four fifths of it). Events come
only from sentences with violence, protest or strategic vocabulary (the prefilter's stems),
and known places are tagged everywhere by ``sigact_places`` anyway, so the model is run on
runs of such sentences, copied into small docs, and its entities are written back. Sentences
the gate skips keep the gazetteer's entities only. A doc whose every sentence passes is
parsed whole, exactly as without the gate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from .prefilter import is_relevant

Gate = Callable[[str], bool]


@Language.factory("sigact_gated_ner", default_config={"batch_size": 64})
def make_gated_ner(nlp: Language, name: str, batch_size: int) -> GatedNER:
    """spaCy factory for ``GatedNER``; the wrapped ``ner`` is set by ``load_nlp``."""
    return GatedNER(nlp, name=name, batch_size=batch_size)


class GatedNER:
    """Applies a wrapped NER component to the runs of sentences ``gate`` accepts."""

    def __init__(
        self, nlp: Language, *, name: str = "ner", ner: Any = None, gate: Gate = is_relevant,
        batch_size: int = 64,
    ) -> None:
        self.vocab = nlp.vocab
        self.name = name
        self.ner = ner
        self.gate = gate
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        if self.ner is None:
            raise ValueError(f"{self.name}: no NER component to wrap; build it with load_nlp")
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            whole: list[Doc] = []
            parts: list[tuple[Doc, int, Doc]] = []  # (doc, first token, mini doc)
            for doc in batch:
                runs = self._runs(doc)
                if runs == [(0, len(doc))]:
                    whole.append(doc)
                else:
                    parts += [(doc, a, _copy(doc, a, b)) for a, b in runs]
            list(self.ner.pipe(whole + [mini for _, _, mini in parts],
                               batch_size=self.batch_size))
            found: dict[int, list[Span]] = {}
            for doc, offset, mini in parts:
                found.setdefault(id(doc), []).extend(_back(doc, offset, mini))
            for doc in batch:
                if id(doc) in found:
                    _merge(doc, found[id(doc)])
                yield doc

    def _runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of consecutive sentences that pass the gate."""
        if not len(doc):
            return []
        if not doc.has_annotation("SENT_START"):
            return [(0, len(doc))]
        runs: list[tuple[int, int]] = []
        for sent in doc.sents:
            if not self.gate(sent.text):
                continue
            if runs and runs[-1][1] == sent.start:
                runs[-1] = (runs[-1][0], sent.end)
            else:
                runs.append((sent.start, sent.end))
        return runs


def _copy(doc: Doc, start: int, end: int) -> Doc:
    """Tokens ``start:end`` as a new doc, with the entities already set on them."""
    tokens = doc[start:end]
    mini = Doc(doc.vocab, words=[t.text for t in tokens],
               spaces=[bool(t.whitespace_) for t in tokens])
    mini.ents = [Span(mini, e.start - start, e.end - start, label=e.label_)
                 for e in doc.ents if e.start >= start and e.end <= end]
    return mini


def _back(doc: Doc, offset: int, mini: Doc) -> list[Span]:
    """The mini doc's new entities as spans of ``doc``."""
    return [Span(doc, e.start + offset, e.end + offset, label=e.label_) for e in mini.ents]


def _merge(doc: Doc, predicted: list[Span]) -> None:
    """Add predicted entities that overlap none already set (those keep their ids)."""
    kept = list(doc.ents)
    taken = {i for e in kept for i in range(e.start, e.end)}
    for span in predicted:
        if not any(i in taken for i in range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    doc.ents = sorted(kept, key=lambda e: e.start)
