"""Build ``streams/entities/case_lexicons/<lang>.txt``: which words running text writes in
lower case, and which with a capital, counted inside sentences (never at a sentence start,
in a heading or in an all-capitals line, where the capital says nothing).

wordfreq's frequencies fold case ("japan" and "moreover" are both frequent), so they cannot
tell a name from a common word that opens a sentence; this list can. It is counted from the
same training text as the tagger (CoNLL-2003 ``eng.train`` and the shippable GUM genres) and
ships with the model (see MODEL_CARD.md); only word forms and a case class are kept.

    python training/ner/case_lexicon.py eng.train gum.train > streams/entities/case_lexicons/en.txt

The other languages' lexicons come the same way from their models' training text
(``training/ner/README.md``); there they only tell which sentence-opening words are common
lower-case words ("Da", "El", "Да").
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from convert_conll import read_documents
from convert_gum import SHIPPABLE, TRAIN_ORDER, genres

MIN_SEEN = 2      # occurrences inside sentences before a word is classed
DOMINANT = 0.8    # share of those occurrences in one case


def _sentences(path: Path) -> list[list[str]]:
    documents = read_documents(path)
    if path.name.startswith("gum"):
        labels = genres(TRAIN_ORDER)
        documents = [d for d, g in zip(documents, labels, strict=True) if g in SHIPPABLE]
    return [[word for word, _tag in sentence] for document in documents for sentence in document]


def main(paths: list[Path]) -> None:
    lower, capital = Counter[str](), Counter[str]()
    for path in paths:
        for words in _sentences(path):
            letters = [w for w in words if w[:1].isalpha()]
            if not letters or all(w.isupper() or w[0].isupper() for w in letters):
                continue  # a headline or an all-capitals line
            for word in words[1:]:
                if not word[:1].isalpha() or (word.isupper() and len(word) > 1):
                    continue
                (lower if word[0].islower() else capital)[word.lower()] += 1
    rows = []
    for word in sorted(set(lower) | set(capital)):
        seen = lower[word] + capital[word]
        if seen < MIN_SEEN:
            continue
        if lower[word] >= DOMINANT * seen:
            rows.append(f"{word}\tlower")
        elif capital[word] >= DOMINANT * seen:
            rows.append(f"{word}\tcapital")
    sys.stdout.write("# word<TAB>case inside sentences; built by training/ner/case_lexicon.py\n")
    sys.stdout.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]])
