"""Entity enrichment: NER over article text, then canonical, linked entities.

``extractor`` is the factory the CoNLL scorer loads as ``py:streams.entities:extractor``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ..models import Entity
from .canonical import canonical_entities
from .model import Span, find_spans, load_model

__all__ = ["enrich_texts", "extractor", "load_model"]


def enrich_texts(texts: Sequence[str]) -> list[list[Entity]]:
    """Canonical entities for each text; one batched model pass over all of them."""
    return [canonical_entities(t, s) for t, s in zip(texts, find_spans(texts), strict=True)]


class _Extractor:
    label_map: ClassVar[dict[str, str]] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
    description = "newsstream CoNLL-trained spaCy NER"

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        load_model()

    def __call__(self, texts: Sequence[str]) -> list[list[Span]]:
        return find_spans(texts, batch_size=self.batch_size)


def extractor(batch_size: int = 64) -> _Extractor:
    return _Extractor(batch_size=batch_size)
