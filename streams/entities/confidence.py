"""Is a typed name right? A small logistic model per type over what the whole document says
about the name (``FEATURES``): the tagger's belief and margin, how often the name occurs,
whether its capitals are only positional, whether the document or running text writes its
words in lower case, how common they are, whether they are people's names at all.

The tagger's own probability is overconfident on text unlike its training text (a product
name in a how-to guide is a PERSON with 0.9); the document's evidence is what generalises.
The weights, and each type's threshold, are fitted on development sets the tagger never
trained on (``training/ner/fit_confidence.py``; MODEL_CARD.md gives the data and the figures)
and ship in ``confidence.json``."""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from pathlib import Path

from .model import TYPES

FEATURES = (
    "belief", "entity_belief", "margin", "log_mentions", "one_word", "three_words_or_more",
    "positional_share", "heading_share", "name_evidence", "lower_case_word", "min_zipf",
    "all_capitals", "part_of_longer_name", "digit", "length", "given_name", "surname",
    "after_the", "document_belief",
)
_WEIGHTS = Path(__file__).with_name("confidence.json")


@cache
def _model() -> tuple[dict[str, tuple[float, list[float]]], dict[str, float]]:
    """(type -> (bias, weights)), (type -> threshold)."""
    model = json.loads(_WEIGHTS.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES or tuple(model["types"]) != TYPES:
        raise ValueError(f"{_WEIGHTS.name} was fitted on other features or types: refit it")
    types = {kind: (m["bias"], m["weights"]) for kind, m in model["types"].items()}
    return types, {kind: m["threshold"] for kind, m in model["types"].items()}


def probability(features: list[float], label: str) -> float:
    """The model's probability that a name typed ``label`` is a name of that type."""
    types, _ = _model()
    bias, weights = types[label]
    z = bias + sum(w * x for w, x in zip(weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def believed(features: list[float], label: str) -> bool:
    return probability(features, label) >= _model()[1][label]


_COMMON_SURNAMES = 10_000  # of the census's 88,799, by frequency: rarer ones are often words


@cache
def _census_names() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, common surnames), lower case, from the US Census 1990 name lists that
    the ``names`` package ships: whether a word is a person's name at all ("Python",
    "Gmail", "Substack" are neither; "Peter" and "Yang" are)."""
    folder = resources.files("names")

    def read(name: str, limit: int | None = None) -> set[str]:
        rows = (line.split() for line in folder.joinpath(name).read_text(encoding="ascii").splitlines())
        return {row[0].lower() for row in rows if row and (limit is None or int(row[3]) <= limit)}

    given = read("dist.male.first") | read("dist.female.first")
    return frozenset(given), frozenset(read("dist.all.last", _COMMON_SURNAMES))


def preload() -> None:
    """Read the weights and the census name lists now."""
    _model()
    _census_names()


def is_given_name(word: str) -> bool:
    return word.lower() in _census_names()[0]


def is_common_surname(word: str) -> bool:
    return word.lower() in _census_names()[1]
