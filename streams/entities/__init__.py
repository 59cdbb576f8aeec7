"""Entity enrichment: NER over article text, then canonical, linked entities.

``enrich_texts`` is what ``news.articles`` carries; ``extractor`` is the factory the scorer
(``../shared/tools/ner_eval.py``) loads as ``py:streams.entities:extractor``, and it returns
the mentions of exactly those entities: after the document-evidence filter, the rules and
the registry re-typing, not the raw tagger's spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ..models import Entity
from .canonical import canonical_entities
from .evidence import supported_spans
from .model import MODEL_NAME, Span, find_spans, load_model

__all__ = ["MODEL_LANGUAGES", "enrich_texts", "extractor", "load_model", "model_for"]

MODEL_LANGUAGES = {"en": MODEL_NAME}  # language -> the NER model that reads it


def model_for(language: str | None) -> str | None:
    """The model that finds entities in text of ``language`` (None: registries only)."""
    return MODEL_LANGUAGES.get(language or "")


def enrich_texts(texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[list[Entity]]:
    """Canonical entities for each text. The English model runs once over the batch's
    English texts; a text in another language gets no model entities (a model trained on
    English finds "Você" and "Да" there), only what the registries know."""
    languages = list(languages) if languages is not None else ["en"] * len(texts)
    modelled = [i for i, language in enumerate(languages) if model_for(language) is not None]
    spans = dict(zip(modelled, find_spans([texts[i] for i in modelled]), strict=True))
    return [canonical_entities(text, supported_spans(text, spans[i]), english=True) if i in spans
            else canonical_entities(text, [], english=False) for i, text in enumerate(texts)]


class _Extractor:
    label_map: ClassVar[dict[str, str]] = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC",
                                           "MISC": "MISC", "ASSET": "MISC"}
    description = "newsstream entity stage (tagger, document evidence, rules, registries)"

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        load_model()

    def __call__(self, texts: Sequence[str]) -> list[list[Span]]:
        return [[(m.start, m.end, entity.type) for entity in entities for m in entity.mentions]
                for entities in enrich_texts(texts, [self.lang] * len(texts))]


def extractor(lang: str = "en") -> _Extractor:
    return _Extractor(lang=lang)
