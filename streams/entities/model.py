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
    nlp = spacy.load(MODEL_DIR)
    # URLs are never entities; the tokenizer's URL pattern, tried on every new word, costs ~3%.
    nlp.tokenizer.url_match = None  # type: ignore[union-attr]
    return nlp


def find_spans(texts: Sequence[str], batch_size: int = 64) -> list[list[Span]]:
    """Character-offset entity spans for each text, labelled PER/ORG/LOC/MISC.

    Line breaks become spaces (same offsets): the model was trained on running text, and a
    newline token between sentences costs time and misleads it (dev F1 83.1 -> 84.6). Texts
    go through the model shortest first, so each batch holds texts of similar length."""
    nlp = load_model()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    docs = nlp.pipe((texts[i].replace("\n", " ") for i in order), batch_size=batch_size)
    spans: list[list[Span]] = [[] for _ in texts]
    for i, doc in zip(order, docs, strict=True):
        spans[i] = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    return spans
