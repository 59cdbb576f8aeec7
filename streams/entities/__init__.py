"""Entity enrichment: NER over article text, then canonical, linked entities.

``enrich_texts`` is what ``news.articles`` carries; ``extractor`` is the factory the scorer
(``../shared/tools/ner_eval.py``) loads as ``py:streams.entities:extractor``, and it returns
the mentions of exactly those entities: after the document-evidence filter, the rules and
the registry re-typing, not the raw tagger's spans.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import ClassVar

from ..models import Entity
from . import companies, confidence, crypto, evidence, gazetteer
from .canonical import canonical_entities
from .evidence import supported_spans
from .model import MODEL_NAMES, Span, find_spans, load_model

__all__ = ["MODEL_NAMES", "enrich_texts", "extractor", "load_language", "load_model", "model_for"]


def model_for(language: str | None) -> str | None:
    """The model that finds entities in text of ``language`` (None: registries only)."""
    return MODEL_NAMES.get(language or "")


@cache
def load_language(language: str) -> None:
    """Load at once everything the stage reads for text in ``language``: its tagger (if it has
    one) and the registries and lists behind the evidence and the links. Each is otherwise
    read at the first name that needs it, so the first articles of a language would pay for
    them piecemeal, well after the tagger loaded (about a second in all).

    The tables are then frozen out of the garbage collector's sight: they live as long as the
    process, and each full collection would otherwise walk their few hundred thousand objects
    (0.3 s, every so often, in the middle of a batch)."""
    companies.preload()
    crypto.preload()
    gazetteer.preload(language)
    if model_for(language) is not None:
        load_model(language)
        evidence.preload(language)
        confidence.preload()
    gc.collect()
    gc.freeze()


def enrich_texts(texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[list[Entity]]:
    """Canonical entities for each text. Each language's model runs once over the batch's
    texts in that language; a text in a language without a model gets no model entities (a
    model trained on English finds "Você" and "Да" in Portuguese and Russian), only the
    unambiguous registry names in its language.

    Here the tagger's spans meet the production rules: ``supported_spans`` (document
    evidence) and ``canonical_entities`` (rules, registries, re-typing) decide what
    ``news.articles`` carries, and the scorer's ``extractor`` returns exactly that."""
    languages = list(languages) if languages is not None else ["en"] * len(texts)
    for language in set(languages):
        load_language(language or "")
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, language in enumerate(languages):
        if language is not None and model_for(language) is not None:
            by_language[language].append(i)
    spans: dict[int, list[Span]] = {}
    for language, indices in by_language.items():
        found = find_spans([texts[i] for i in indices], language)
        for i, scored in zip(indices, found, strict=True):
            spans[i] = supported_spans(texts[i], scored, language)
    return [canonical_entities(text, spans.get(i, []), language=languages[i] or "")
            for i, text in enumerate(texts)]


class _Extractor:
    label_map: ClassVar[dict[str, str]] = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC",
                                           "MISC": "MISC", "ASSET": "MISC"}
    description = "newsstream entity stage (tagger, document evidence, rules, registries)"

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        load_language(lang)

    def __call__(self, texts: Sequence[str]) -> list[list[Span]]:
        return [[(m.start, m.end, entity.type) for entity in entities for m in entity.mentions]
                for entities in enrich_texts(texts, [self.lang] * len(texts))]


def extractor(lang: str = "en") -> _Extractor:
    return _Extractor(lang=lang)
