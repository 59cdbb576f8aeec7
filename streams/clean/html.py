"""HTML pages: the article body from a fast density pass when an independent extractor
agrees with it, from trafilatura otherwise; we add metadata, captions and datelines."""

from __future__ import annotations

import trafilatura
from lxml import etree, html
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from ..document import CleanDocument
from .dateline import find_dateline
from .density import agrees, density_candidates
from .metadata import read_metadata
from .repeats import without_repeats
from .text import clean_text

# A cheap ``contains`` finds candidates; the exact class-token test is done in Python.
_CAPTIONS = "//figcaption | //*[contains(@class, 'caption')]"
_CAPTION_CLASSES = frozenset({"caption", "wp-caption-text"})


def _captions(tree: html.HtmlElement) -> list[str]:
    """Photo captions. They stay in the tree (taken out, they change which block trafilatura
    picks: on two Dragnet pages, the story for a teaser); the body drops lines that repeat
    them, and the density pass never counts them."""
    captions: list[str] = []
    for el in tree.xpath(_CAPTIONS):
        if el.getparent() is None or (
                el.tag != "figcaption" and _CAPTION_CLASSES.isdisjoint((el.get("class") or "").split())):
            continue
        text = " ".join(el.text_content().split())
        if text and text not in captions:
            captions.append(text)
    return captions


def _fullest(captions: list[str]) -> list[str]:
    """A caption printed twice, once with its credit ("... console. Photographer: Kiyoshi
    Ota/Bloomberg"), is one caption: the fuller."""
    return [c for c in captions if not any(o != c and o.startswith(c) for o in captions)]


def _main_content(source: bytes) -> str:
    """resiliparse's main-content text: a different parser and algorithm, used as a judge."""
    return extract_plain_text(HTMLTree.parse_from_bytes(source, "utf-8"), main_content=True,
                              alt_texts=False, links=False, list_bullets=False, form_fields=False,
                              noscript=False)


def _trafilatura_lines(tree: html.HtmlElement, url: str, *, fast: bool) -> list[str]:
    """Without its metadata pass (ours is cheaper); ``fast=False`` adds its own fallback
    extractors, at about twice the cost. Recall is favoured on the fast path only: the full
    run, favouring recall, takes a neighbouring block for the article on table-layout pages
    (F1 on the trainable corpora, full run favouring recall or not: 0.9474 against 0.9490)."""
    extracted = trafilatura.bare_extraction(
        tree, url=url, fast=fast, favor_recall=fast, include_comments=False,
        include_tables=True, with_metadata=False,
    )
    text = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    return text.split("\n")


def body_lines(tree: html.HtmlElement, source: bytes | None, url: str) -> tuple[list[str], str]:
    """The article's text lines and the extractor that gave them. Two unrelated extractors
    rarely agree on the same wrong text, so agreement lets the cheap one answer; trafilatura
    (about ten times the cost) handles the pages where they disagree: its fast path first, and
    its full run with its own fallbacks when the judge does not confirm that either (on
    multi-story pages the fast path can take another story). Without a ``source`` for the
    judge (a page nested too deep for it), the fast path answers."""
    if source is None:
        return _trafilatura_lines(tree, url, fast=True), "trafilatura"
    judge: str | None = None
    for blocks in density_candidates(tree):
        judge = _main_content(source) if judge is None else judge
        if agrees(blocks, judge):
            return blocks, "density"
    lines = _trafilatura_lines(tree, url, fast=True)
    judge = _main_content(source) if judge is None else judge
    if agrees([line for line in lines if line.strip()], judge, precision=0.5, recall=0.2):
        return lines, "trafilatura"
    return _trafilatura_lines(tree, url, fast=False), "trafilatura-full"


def clean_html(tree: html.HtmlElement, source: bytes | None, url: str) -> CleanDocument:
    """The body lines go through the same header/body/boilerplate reading as flattened-text
    pages; metadata the page declares for machines takes precedence. A first paragraph that
    repeats the page's description stays: CMSs fill the description with the lede (an AP
    story's "SAO PAULO (AP) -- ..."); dropping it as a standfirst lost more text than it
    saved, on every development corpus but Scrapinghub's."""
    meta = read_metadata(tree, url)  # reads JSON-LD <script>s: before they go
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    captions = _captions(tree)
    lines, extractor = body_lines(tree, source, url)
    doc = clean_text(lines, find_header=False)
    doc.extractor = extractor
    body = without_repeats([p for p in doc.paragraphs if p not in (meta.title, url, meta.canonical_url)])
    # A photo page's only text is its caption: then the caption is the body.
    doc.paragraphs = [p for p in body if p not in captions] or body
    doc.captions = _fullest(captions + [c for c in doc.captions if c not in captions])
    doc.title = meta.title or doc.title
    # The page's own markup names its section; a short label above the extracted body is a
    # subheading there ("Table of Contents", "Abstract", "Read Later"), not a section.
    doc.section = meta.section
    doc.published_at = meta.published_at or doc.published_at
    doc.byline = meta.byline or doc.byline
    doc.language = meta.language
    doc.canonical_url = meta.canonical_url
    doc.dateline = find_dateline(doc.paragraphs[0]) if doc.paragraphs else None
    return doc
