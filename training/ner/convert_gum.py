"""Turn ``gum.train`` into a spaCy DocBin (as ``convert_conll.py`` does), keeping only the
genres whose text licence lets a shipped model be fitted on them.

GUM's annotations are CC BY 4.0; its texts keep their sources' licences
(``../shared/data/ner/gum/README.md``). Kept: academic, court, news and interview (CC BY),
bio and voyage (CC BY-SA, named in the model card). Left out: the non-commercial genres
(essay, fiction, letter, podcast, whow) and those whose terms come only from the website
(conversation, speech, textbook, vlog).
"""

from __future__ import annotations

import sys
from pathlib import Path

from convert_conll import read_documents, to_docbin

# Documents per genre, in the file's order (the README's "Document order").
TRAIN_ORDER = [("academic", 14), ("bio", 16), ("conversation", 11), ("court", 5), ("essay", 5),
               ("fiction", 15), ("interview", 15), ("letter", 8), ("news", 20), ("podcast", 6),
               ("speech", 11), ("textbook", 11), ("vlog", 11), ("voyage", 14), ("whow", 15)]
SHIPPABLE = {"academic", "court", "news", "interview", "bio", "voyage"}


def genres(order: list[tuple[str, int]]) -> list[str]:
    return [genre for genre, count in order for _ in range(count)]


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    documents = read_documents(source)
    labels = genres(TRAIN_ORDER)
    assert len(documents) == len(labels), (len(documents), len(labels))
    kept = [d for d, genre in zip(documents, labels, strict=True) if genre in SHIPPABLE]
    to_docbin(kept, "en").to_disk(target)
    print(f"{source} -> {target}: {len(kept)} of {len(documents)} documents")
