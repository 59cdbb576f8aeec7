"""HTML pages: trafilatura finds the article body; we add metadata, captions and datelines."""

from __future__ import annotations

import trafilatura
from lxml import html

from ..document import CleanDocument
from .dateline import find_dateline
from .metadata import read_metadata
from .text import clean_text

_CAPTIONS = ("//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]"
             " | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]")


def _captions(tree: html.HtmlElement) -> list[str]:
    """Photo captions, collected and then removed so they never reach the body."""
    captions: list[str] = []
    for el in tree.xpath(_CAPTIONS):
        if el.getparent() is None:
            continue
        text = " ".join(el.text_content().split())
        if text and text not in captions:
            captions.append(text)
        el.drop_tree()
    return captions


def clean_html(tree: html.HtmlElement, url: str) -> CleanDocument:
    """trafilatura's body lines go through the same header/body/boilerplate reading as
    flattened-text pages; metadata the page declares for machines takes precedence.

    trafilatura runs without its fallback extractors and without its metadata pass: both
    cost more than they gain here (measured with ``bench/extraction.py``)."""
    meta = read_metadata(tree, url)
    captions = _captions(tree)
    extracted = trafilatura.bare_extraction(
        tree, url=url, fast=True, favor_recall=True, include_comments=False,
        include_tables=True, with_metadata=False,
    )
    text = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    doc = clean_text(text.split("\n"), find_header=False)
    doc.paragraphs = _drop_standfirst(
        [p for p in doc.paragraphs if p not in captions and p not in (meta.title, url,
                                                                        meta.canonical_url)],
        meta.description)
    doc.captions = captions + [c for c in doc.captions if c not in captions]
    doc.title = meta.title or doc.title
    doc.section = meta.section or doc.section
    doc.published_at = meta.published_at or doc.published_at
    doc.byline = meta.byline or doc.byline
    doc.language = meta.language
    doc.canonical_url = meta.canonical_url
    doc.dateline = find_dateline(doc.paragraphs[0]) if doc.paragraphs else None
    return doc


def _drop_standfirst(paragraphs: list[str], description: str | None) -> list[str]:
    """The summary above the body repeats the page's description: it is not body text."""
    if not description or not paragraphs:
        return paragraphs
    summary = " ".join(description.split()).rstrip(".…").lower()
    first = " ".join(paragraphs[0].split()).rstrip(".…").lower()
    if len(paragraphs) > 1 and summary and first == summary:
        return paragraphs[1:]
    return paragraphs
