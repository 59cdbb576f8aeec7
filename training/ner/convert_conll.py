"""Turn a CoNLL-format NER file (token first, tag last; IOB1 or IOB2) into a spaCy DocBin.

One Doc per news document, tokens joined by single spaces as the scorer rebuilds them. A file
without ``-DOCSTART-`` marks (CoNLL-2002 Spanish, WikiNER, WikiANN) is cut into documents of
``--sentences`` sentences: one Doc of a whole file would be one training example. The
entities are stored twice: as ``doc.ents``, and as BILUO tags in ``token.tag_``, which the
shipped model (a tagger) learns to predict.
``--folds K --fold train|dev`` keeps the documents whose index is not / is a multiple of K, so
one development file can both train a model and choose its checkpoint (GermEval for German).
``--half first|second`` keeps the first or the second half of the documents instead: for a
file that is one stream of news (CoNLL-2002), where neighbouring documents tell the same story
and interleaved folds would train on the story the checkpoint is then chosen and scored on.
The training text itself must never be committed: only the trained model ships.
"""

from __future__ import annotations

import argparse
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


Sentences = list[list[tuple[str, str]]]  # one document: sentences of (token, tag)


def regroup(documents: list[Sentences], sentences: int) -> list[Sentences]:
    """Documents of at most ``sentences`` sentences, for a file that has no document marks."""
    if len(documents) != 1:
        return documents
    whole = documents[0]
    return [whole[i:i + sentences] for i in range(0, len(whole), sentences)]


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


def to_docbin(documents: list[list[list[tuple[str, str]]]], lang: str) -> DocBin:
    nlp = spacy.blank(lang)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--sentences", type=int, default=10, help="per document, without -DOCSTART-")
    parser.add_argument("--min-tokens", type=int, default=0,
                        help="drop shorter sentences (WikiANN: title and list fragments)")
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--fold", choices=("train", "dev"), default="train")
    parser.add_argument("--half", choices=("first", "second"))
    args = parser.parse_args()
    documents = read_documents(args.source)
    if args.min_tokens:
        documents = [[s for s in d if len(s) >= args.min_tokens] for d in documents]
    documents = regroup([d for d in documents if d], args.sentences)
    if args.folds:
        documents = [d for i, d in enumerate(documents) if (i % args.folds == 0) == (args.fold == "dev")]
    if args.half:
        middle = len(documents) // 2
        documents = documents[:middle] if args.half == "first" else documents[middle:]
    to_docbin(documents, args.lang).to_disk(args.target)
    print(f"{args.source} -> {args.target}: {len(documents)} documents")


if __name__ == "__main__":
    main()
