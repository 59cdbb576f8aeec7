"""The projection the Russian tagger applies to navec's news vectors (Natasha project, MIT;
250,000 words, 300 dimensions, inside the pinned ``natasha`` wheel): the mean and the first
COMPONENTS principal components of the whole table, written as an ``.npz`` with ``mean`` (300,)
and ``components`` (300, COMPONENTS).

The model ships only this file (60 KB); ``streams.entities.vectors.navec_vectors`` rebuilds the
50-dimension table from the wheel when the model loads, and in training (``vectors_init.py``).

    python training/ner/navec_projection.py /tmp/ner/ru/navec_projection.npz
"""

import argparse
from pathlib import Path

import numpy as np
from navec import Navec

from streams.entities.vectors import _NAVEC_TABLE, package_path

COMPONENTS = 50  # the English table's width: the same cost per token in every language


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where to write the projection (.npz)")
    parser.add_argument("--components", type=int, default=COMPONENTS)
    args = parser.parse_args()
    navec = Navec.load(package_path("natasha", _NAVEC_TABLE))
    table = np.stack([navec.pq[row] for row in range(len(navec.pq.indexes))])
    mean = table.mean(axis=0)
    _, strengths, axes = np.linalg.svd(table - mean, full_matrices=False)
    kept = (strengths[:args.components] ** 2).sum() / (strengths ** 2).sum()
    np.savez(args.out, mean=mean.astype(np.float32), components=axes[:args.components].T.astype(np.float32))
    print(f"{table.shape[0]:,} vectors, {args.components} components "
          f"({kept:.0%} of the variance) -> {args.out}")


if __name__ == "__main__":
    main()
