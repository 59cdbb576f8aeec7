"""The NER models: one compact spaCy tagger per language, shipped inside this package (nothing
is downloaded at run time) and loaded the first time a text in its language arrives.
``training/ner/`` rebuilds them; ``MODEL_CARD.md`` says what each was trained on.

It scores a BILUO tag (``B-PER``, ``I-ORG``, ``L-LOC``, ``U-MISC``, ``O``) for each token with
one small layer over a CNN encoder: several times cheaper per token than spaCy's
transition-based NER at the same accuracy. The best *well-formed* tag sequence is then
decoded (Viterbi over the BILUO grammar where the per-token best tags break it), so a name
is never split into "Son" (person) + "Hui" (place)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import spacy
from spacy.attrs import IDX, LENGTH, LOWER, NORM, PREFIX, SHAPE, SUFFIX
from spacy.lang.char_classes import ALPHA
from spacy.lang.en import English
from spacy.language import Language
from spacy.util import compile_infix_regex
from wordfreq import top_n_list

from .vectors import word_vectors

MODELS_DIR = Path(__file__).with_name("ner_models")  # one spaCy pipeline per language code
# language -> the model name articles carry in ``entities_model`` (see MODEL_CARD.md)
MODEL_NAMES = {
    "en": "newsstream-en-ner-3",
    "es": "newsstream-es-ner-3",
    "nl": "newsstream-nl-ner-5",
    "de": "newsstream-de-ner-2",
    "ru": "newsstream-ru-ner-2",
}

Span = tuple[int, int, str]
TYPES = ("PER", "ORG", "LOC", "MISC")


class Scored(NamedTuple):
    """A span with the model's belief in each type: the mean probability, over its tokens, of
    the tags of that type (so ``scores[label]`` is the model's confidence in the span)."""

    start: int
    end: int
    label: str
    scores: dict[str, float]


def _infixes_keeping_word_hyphens() -> re.Pattern[str]:
    """English infixes less the split at a hyphen inside a word. The English tagger learnt
    from text that keeps a hyphenated word whole (CoNLL-2003: "Jean-Philippe",
    "Israeli-Syrian"; GloVe's vocabulary: "well-known"): split at the hyphen, a name such as
    "Eva-Marie Persson" reads as "Eva", "-", "Marie Persson", and the tagger glued "Eva" to
    the words before it. Dashes between words ("--", "–") still split. (Compiled with the
    model, not at import: about 40 ms.)"""
    return compile_infix_regex(
        [rule for rule in English.Defaults.infixes if "(?:-|" not in rule]
        + [rf"(?<=[{ALPHA}])(?:–|—|--|---|——|~)(?=[{ALPHA}])"])


_PRIMED_WORDS = 20_000  # the most frequent words of the language (wordfreq), primed in the tokenizer cache
_CACHED_CHUNKS = 200_000  # spaCy's default, 10,000, is full after the priming
_LEXEME_ATTRS = {NORM, PREFIX, SUFFIX, SHAPE, LOWER}  # the tagger's features; LOWER keys its word vectors


@cache
def load_model(language: str = "en") -> Language:
    """The tagger for ``language`` (a key of ``MODEL_NAMES``), loaded once, on first use."""
    nlp = spacy.load(MODELS_DIR / language)
    vectors = word_vectors(MODELS_DIR / language)
    if vectors is not None:
        nlp.vocab.vectors = vectors
    # URLs are never entities; the tokenizer's URL pattern, tried on every new word, costs ~3%.
    nlp.tokenizer.url_match = None  # type: ignore[union-attr]
    # A word first seen gets every attribute spaCy knows computed (LIKE_NUM, IS_STOP, a dozen
    # more flags); the tagger reads only its features, and nothing else here reads a token's
    # flags. Russian's number-word test alone scans 900 words: 10% of the stage on Russian.
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    for attr in [attr for attr in getters if attr not in _LEXEME_ATTRS]:
        del getters[attr]
    if language == "en":
        nlp.tokenizer.infix_finditer = _infixes_keeping_word_hyphens().finditer  # type: ignore[union-attr]
    _prime_tokenizer(nlp.tokenizer, language)  # last: setting a tokenizer rule empties its cache
    return nlp


def _prime_tokenizer(tokenizer: Any, language: str) -> None:
    """Fill the tokenizer's cache with the language's most frequent words, lower case and
    capitalised, each tokenized alone (the same tokens as in any text: a space-delimited
    chunk is split the same way wherever it stands).

    spaCy caches a chunk's tokens only until the first special case of a text ("т.е.",
    "U.S.", "don't": a flag for the rest of the text) and only the first 10,000 chunks the
    process meets: a Russian text, with an abbreviation in its first lines, was split by
    the affix patterns word by word, a third of the stage. Primed, the Russian stage is
    about a quarter faster, the German one a seventh; it costs 1.3-2.1 s at load and
    7-16 MB per language (wordfreq's small list, 40,000 cached chunks)."""
    tokenizer.max_cache_size = _CACHED_CHUNKS
    for word in top_n_list(language, _PRIMED_WORDS, wordlist="small"):
        tokenizer(word)
        tokenizer(word[:1].upper() + word[1:])


def spans_from_tags(tokens: Iterable[tuple[int, int, str]]) -> list[Span]:
    """Entity spans from (start, end, BILUO tag) tokens; in a well-formed sequence the ``O``
    tokens may be left out. An ill-formed one still gives spans: an entity also ends where
    the next token is ``O``, opens a new entity or changes label, and a stray ``I``/``L``
    opens one."""
    spans: list[Span] = []
    start, end, label = -1, -1, ""
    for tok_start, tok_end, tag in tokens:
        move, _, kind = tag.partition("-")
        if label and (not kind or move in ("B", "U") or kind != label):
            spans.append((start, end, label))
            label = ""
        if kind:
            if not label:
                start, label = tok_start, kind
            end = tok_end
            if move in ("L", "U"):
                spans.append((start, end, label))
                label = ""
    if label:
        spans.append((start, end, label))
    return spans


@cache
def _grammar(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Additive penalties (0 allowed, -inf not) for the first tag, each tag-to-tag step and
    the last tag: an entity opens with B or U, continues with I or L of its own label."""
    inside = np.array([t[:2] in ("B-", "I-") for t in labels])
    kind = [t.partition("-")[2] for t in labels]
    move = [t[0] for t in labels]
    opens = np.array([m in ("B", "U", "O") for m in move])
    steps = np.full((len(labels), len(labels)), -np.inf, dtype=np.float32)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if (inside[i] and move[j] in ("I", "L") and kind[j] == kind[i]) or (not inside[i] and opens[j]):
                steps[i, j] = 0.0
    first = np.where(opens, 0.0, -np.inf).astype(np.float32)
    last = np.where(inside, -np.inf, 0.0).astype(np.float32)
    return first, steps, last


def _viterbi(scores: np.ndarray, first: np.ndarray, steps: np.ndarray,
             last: np.ndarray) -> list[int]:
    """The best well-formed tag sequence for a stretch of tokens that starts and ends outside
    any entity (scores: tokens x tags, as log-probabilities)."""
    best, back = scores[0] + first, []
    for row in scores[1:]:
        candidates = best[:, None] + steps  # previous tag x next tag
        back.append(candidates.argmax(axis=0))
        best = candidates.max(axis=0) + row
    path = [int((best + last).argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


def _decode(scores: np.ndarray, labels: tuple[str, ...]) -> np.ndarray:
    """Tag ids for one text. The per-token best tags are kept where they already form a valid
    sequence (then they are also the best valid one); each stretch around a break in the
    grammar, between two tokens tagged O, is decoded again with Viterbi."""
    first, steps, last = _grammar(labels)
    tags = scores.argmax(axis=1)
    if len(tags) == 0:
        return tags
    broken = np.flatnonzero(np.isinf(steps[tags[:-1], tags[1:]]))
    if np.isinf(first[tags[0]]):
        broken = np.append(broken, 0)
    if np.isinf(last[tags[-1]]):
        broken = np.append(broken, len(tags) - 1)
    if not len(broken):
        return tags  # most texts: the best tags already form a valid sequence
    outside = np.flatnonzero(tags == labels.index("O"))
    done = -1
    for at in np.unique(broken):
        if at < done:
            continue
        start = int(outside[outside < at].max(initial=-1)) + 1
        end = int(outside[outside > at].min(initial=len(tags)))
        stretch = scores[start:end]
        stretch = stretch - np.logaddexp.reduce(stretch, axis=1, keepdims=True)
        tags[start:end] = _viterbi(stretch, first, steps, last)
        done = end
    return tags


# Line breaks and invisible characters are fed as spaces (same offsets): a zero-width space
# between lines is not a word, and the model was trained on running text.
_AS_SPACE = {ord(c): " " for c in "\n\r\u200b\u200c\u200d\u2060\ufeff\u00ad"}


@cache
def _type_columns(labels: tuple[str, ...]) -> np.ndarray:
    """tags x types: which tag belongs to which entity type."""
    return np.array([[label.partition("-")[2] == kind for kind in TYPES] for label in labels],
                    dtype=np.float32)


def find_spans(texts: Sequence[str], language: str = "en", batch_size: int = 64) -> list[list[Scored]]:
    """Character-offset entity spans for each text (all in ``language``), labelled
    PER/ORG/LOC/MISC, with the model's type probabilities.

    Line breaks become spaces (same offsets): the model was trained on running text, and a
    newline token between sentences costs time and misleads it; the evidence stage cuts
    spans at line breaks again. Texts go through the model shortest first, so each batch
    holds texts of similar length."""
    nlp = load_model(language)
    tagger: Any = nlp.get_pipe("tagger")
    labels = tuple(tagger.labels)
    columns = _type_columns(labels)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    spans: list[list[Scored]] = [[] for _ in texts]
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        docs = list(nlp.pipe((texts[i].translate(_AS_SPACE) for i in chunk), disable=["tagger"]))
        for i, doc, scores in zip(chunk, docs, tagger.model.predict(docs), strict=True):
            scores = np.asarray(scores)
            tags = _decode(scores, labels)
            entity = np.flatnonzero(tags != labels.index("O"))  # a valid sequence needs no O
            if not len(entity):
                continue
            offsets = doc.to_array([IDX, LENGTH])
            rows = scores[entity]
            probabilities = np.exp(rows - np.logaddexp.reduce(rows, axis=1, keepdims=True))
            # Entity tokens in order; a span's tokens are consecutive rows: means from sums.
            sums = np.vstack([np.zeros(len(TYPES)), np.cumsum(probabilities @ columns, axis=0)])
            row = {int(k): r for r, k in enumerate(entity)}
            tokens = spans_from_tags((int(k), int(k) + 1, labels[tags[k]]) for k in entity)
            first = np.array([row[a] for a, _, _ in tokens])
            last = np.array([row[b - 1] + 1 for _, b, _ in tokens])
            means = ((sums[last] - sums[first]) / (last - first)[:, None]).tolist()
            spans[i] = [Scored(int(offsets[a, 0]), int(offsets[b - 1].sum()), label,
                               dict(zip(TYPES, mean, strict=True)))
                        for (a, b, label), mean in zip(tokens, means, strict=True)]
    return spans
