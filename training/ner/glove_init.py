"""``spacy train --code training/ner/glove_init.py``: gives the pipeline the GloVe vectors the
shipped model reads (``streams.entities.model.glove_vectors``), keyed by the lower-case word,
before its components are initialised. The config names the word list:

    [initialize.before_init]
    @callbacks = "newsstream.glove_vectors.v1"
    words = "/tmp/ner/glove_words.txt"

A vector table given as ``[initialize] vectors`` would be keyed by the word as written
(spaCy keeps no other key when it loads one), and "Obama" would miss the vector of "obama".
"""

from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

from streams.entities.model import glove_vectors


@spacy.registry.callbacks("newsstream.glove_vectors.v1")
def make_glove_vectors(words: str) -> Callable[[Language], Language]:
    def attach(nlp: Language) -> Language:
        nlp.vocab.vectors = glove_vectors(Path(words))
        return nlp

    return attach
