"""What identifies a text as a copy of another: a MinHash signature of its word shingles.

Copies of a wire story differ in their headline, a correction note, an added or dropped
sentence, a cut tail; they share almost all their five-word sequences. Two independent
reports of one event share few (names and a quote or two). The signature estimates the
Jaccard similarity of two texts' shingle sets from 64 minimum hashes (rensa, seeded, so
every worker and every replay computes the same one), and with the set sizes it estimates
containment too: a copy with its tail cut off is contained in the full text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

NUM_PERM = 64  # minimum hashes per text: 512 bytes of signature, Jaccard within ±0.06
BANDS = 24  # LSH bands of ROWS hashes each: a pair with Jaccard 0.5 meets in one with p 0.999
ROWS = 2
SHINGLE = 5  # words per shingle
MIN_WORDS = 25  # shingles: a shorter text is recognised only as an exact copy
_SEED = 20261130
_WORD = re.compile(r"\w+")
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's minimum hashes, the number of distinct shingles they summarise, and its LSH
    band keys: one integer per band (the band's number and its ROWS hashes, mixed). Two texts
    that share a key are candidates; the keys are computed with the signature, in the
    pipeline's worker thread, so the story decision only looks them up."""

    digest: np.ndarray  # NUM_PERM uint32
    size: int
    band_keys: tuple[int, ...]

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.digest == other.digest)) / NUM_PERM

    def containment(self, other: Signature) -> float:
        """Estimated share of the smaller text's shingles that the other text has: 1.0 for a
        copy with its tail cut off, about 0.9 for one with a sentence added or dropped."""
        j = self.jaccard(other)
        shared = j * (self.size + other.size) / (1.0 + j)
        return min(shared / min(self.size, other.size), 1.0)


def shingles(text: str) -> set[str]:
    """The text's distinct five-word sequences, case folded, punctuation and spacing ignored."""
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> Signature | None:
    """The text's signature; None for a text without a five-word sequence. A text of fewer
    than MIN_WORDS shingles is too short to tell a near copy from a coincidence: its one
    band key is its whole (folded) wording, so only an exact copy meets it."""
    found = shingles(text)
    if not found:
        return None
    minhash = RMinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update(list(found))  # minimum hashes: the order of the shingles does not matter
    digest = np.array(minhash.digest(), dtype=np.uint32)
    if len(found) < MIN_WORDS:
        wording = hashlib.blake2b(" ".join(_WORD.findall(text.casefold())).encode(), digest_size=7)
        return Signature(digest, len(found), (int.from_bytes(wording.digest(), "big"),))
    return Signature(digest, len(found), _band_keys(digest))


def _band_keys(digest: np.ndarray) -> tuple[int, ...]:
    rows = digest[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    mixed = (rows * _MIX[:ROWS]).sum(axis=1, dtype=np.uint64)
    bands = np.arange(BANDS, dtype=np.uint64) << np.uint64(59)
    return tuple(((mixed >> np.uint64(5)) | bands).tolist())
