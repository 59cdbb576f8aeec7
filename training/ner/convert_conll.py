"""Turn a CoNLL-2003 file (IOB1 tags, -DOCSTART- separators) into a spaCy DocBin.

One Doc per news document, tokens joined by single spaces as the scorer rebuilds them. The
entities are stored twice: as ``doc.ents``, and as BILUO tags in ``token.tag_``, which the
shipped model (a tagger) learns to predict.
The CoNLL text itself must never be committed: only the trained model ships.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span


def read_documents(path: Path) -> list[list[list[tuple[str, str]]]]:
    documents: list[list[list[tuple[str, str]]]] = []
    doc: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-") or not line.strip():
            if sent:
                doc.append(sent)
                sent = []
            if line.startswith("-DOCSTART-") and doc:
                documents.append(doc)
                doc = []
            continue
        cols = line.split()
        sent.append((cols[0], cols[-1]))
    if sent:
        doc.append(sent)
    if doc:
        documents.append(doc)
    return documents


def iob1_chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token chunks from IOB1: I- continues a same-type chunk, B- always opens one."""
    chunks: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        opens = prefix == "B" or (prefix == "I" and typ != label)
        if label is not None and (prefix == "O" or opens):
            chunks.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and label is None:
            start, label = i, typ
    return chunks


def to_docbin(documents: list[list[list[tuple[str, str]]]]) -> DocBin:
    nlp = spacy.blank("en")
    out = DocBin()
    for sentences in documents:
        words, tags, sent_starts = [], [], []
        for sentence in sentences:
            for j, (word, tag) in enumerate(sentence):
                words.append(word)
                tags.append(tag)
                sent_starts.append(j == 0)
        doc = Doc(nlp.vocab, words=words, sent_starts=sent_starts)
        chunks = iob1_chunks(tags)
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in chunks]
        for token in doc:
            token.tag_ = "O"
        for start, end, label in chunks:
            moves = ["U"] if end - start == 1 else ["B", *["I"] * (end - start - 2), "L"]
            for token, move in zip(doc[start:end], moves, strict=True):
                token.tag_ = f"{move}-{label}"
        out.add(doc)
    return out


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    to_docbin(read_documents(source)).to_disk(target)
    print(f"{source} -> {target}")
