"""Paragraphs an article says twice: a teaser that runs its first paragraphs together above
them, a pull quote set again in large type, a summary box repeating the lede. A subscriber
reads each sentence once, and a story's copies on other sites do not carry the repeats.

A short paragraph that recurs whole, as a paragraph of its own, is not a repeat of this
kind: a meal plan lists the same salad on three days, a tutorial prints the same command
output twice; both stay. A long one is the template printing the body twice (Dragnet's T32:
a paragraph of 133 words, twice): its first copy stays."""

from __future__ import annotations

import re
from collections import Counter

MIN_WORDS = 8  # shorter lines ("Sincerely,", "Updated") repeat by accident
LIST_ITEM_WORDS = 40  # a paragraph repeated whole up to this long is a list item said again
_SPACE = re.compile(r"\s+")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")


def without_repeats(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` less each one whose text the others already hold, as a run of their
    text or within a longer one. The longest go first, so a teaser that is three paragraphs
    run together goes and the three stay; of two equal long paragraphs the first stays."""
    if len(paragraphs) < 2:
        return paragraphs
    norms = [_SPACE.sub(" ", _TRAILING_ELLIPSIS.sub("", p)).strip() for p in paragraphs]
    counts = Counter(norms)
    kept = [True] * len(paragraphs)
    for i in sorted(range(len(paragraphs)), key=lambda k: (-len(norms[k]), -k)):
        words = norms[i].count(" ") + 1
        if words < MIN_WORDS or (counts[norms[i]] > 1 and words <= LIST_ITEM_WORDS):
            continue
        rest = " ".join(norms[k] for k in range(len(norms)) if kept[k] and k != i)
        if norms[i] in rest:
            kept[i] = False
    return [p for p, keep in zip(paragraphs, kept, strict=True) if keep]
