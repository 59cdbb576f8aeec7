"""``spacy train --code training/ner/vectors_init.py``: gives the pipeline the pretrained word
vectors the shipped tagger reads (``streams.entities.vectors.word_vectors``), keyed by the
lower-case word, before its components are initialised. The config names the folder holding
the vectors' description (``glove_words.txt``, ``navec_projection.npz`` or ``piece_vectors.npz``):

    [initialize.before_init]
    @callbacks = "newsstream.word_vectors.v1"
    folder = "/tmp/ner/en"

A vector table given as ``[initialize] vectors`` would be keyed by the word as written
(spaCy keeps no other key when it loads one), and "Obama" would miss the vector of "obama".
"""

from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

from streams.entities.vectors import word_vectors


@spacy.registry.callbacks("newsstream.word_vectors.v1")
def make_word_vectors(folder: str) -> Callable[[Language], Language]:
    def attach(nlp: Language) -> Language:
        vectors = word_vectors(Path(folder))
        if vectors is None:
            raise FileNotFoundError(f"{folder} describes no word vectors")
        nlp.vocab.vectors = vectors
        return nlp

    return attach
