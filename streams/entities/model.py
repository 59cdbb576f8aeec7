"""The NER model: a compact spaCy pipeline trained on CoNLL-2003 (PER/ORG/LOC/MISC) that ships
inside this package, so nothing is downloaded at run time. ``training/ner/`` rebuilds it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

MODEL_DIR = Path(__file__).with_name("ner_model")

Span = tuple[int, int, str]


@cache
def load_model() -> Language:
    return spacy.load(MODEL_DIR)


def find_spans(texts: Sequence[str], batch_size: int = 64) -> list[list[Span]]:
    """Character-offset entity spans for each text, labelled PER/ORG/LOC/MISC."""
    nlp = load_model()
    return [
        [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        for doc in nlp.pipe(texts, batch_size=batch_size)
    ]
