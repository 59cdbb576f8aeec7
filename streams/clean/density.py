"""The fast first pass: the article is where the page's prose is.

Paragraphs are weighed by their length and commas (short, mostly linked or furniture paragraphs
do not count); the candidates are the smallest element holding most of that prose, then the
densest single container, as readability picks it. This costs well under a millisecond on
a parsed tree, about a tenth of trafilatura, but a candidate is only taken when another,
independent extractor agrees with it (see :func:`agrees`); otherwise the caller falls back
to trafilatura. The tree is read, never changed, so the fallback sees the whole page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from lxml import html

# Containers whose paragraphs never belong to the article.
_NOISE = frozenset({"nav", "footer", "aside", "header", "figure", "figcaption", "button",
                    "select", "noscript", "template", "svg", "iframe", "script", "style"})
# Class or id words of furniture that sits inside article containers, as whole words of a
# class token ("c-related", "share-bar"); substrings would hit wrappers like "has-sidebar".
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:related|share|sharing|social|newsletter|comments?|promo|subscribe"
    r"|recommended|popular|trending|breadcrumbs?|advert\w*|sponsored|toolbar|caption|credits?)"
    r"(?=$|[-_\s])"
    # Comment threads name their parts with "comment" glued to another word: WordPress's
    # "commentlist", "commentform", "commententry"; Disqus's "disqus_thread".
    r"|(?:^|[-_\s])(?:comment(?:list|form|entry|content|body|area|thread|wrap)|disqus)", re.I)
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_MIN_PARAGRAPH = 40      # characters: shorter paragraphs do not vote
_MAX_LINK_DENSITY = 0.5  # share of a voting paragraph's characters inside links
_MAX_BLOCK_LINK_DENSITY = 0.65  # ... and of a kept block's (article lists link their items)
_COVER = 0.75            # share of the page's prose the article element must hold


def _link_density(element: html.HtmlElement, length: int) -> float:
    return sum(len(a.text_content()) for a in element.iter("a")) / max(length, 1)


def _is_furniture(element: html.HtmlElement) -> bool:
    return element.tag in _NOISE or bool(
        _FURNITURE.search(f"{element.get('class') or ''} {element.get('id') or ''}"))


def _skipped(element: html.HtmlElement, top: html.HtmlElement) -> bool:
    """Inside another block (its text is already taken) or page furniture, below ``top``."""
    if _is_furniture(element):
        return True
    for ancestor in element.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag in _BLOCKS or _is_furniture(ancestor):
            return True
    return False


def density_candidates(tree: html.HtmlElement) -> Iterator[list[str]]:
    """Text blocks of the likely article containers, best first: the smallest element holding
    most of the page's prose (ads and embeds often split one article into several
    containers), then the single densest container (when teasers with long summaries make the
    first too wide). Paragraphs inside page furniture do not count. Nothing without prose."""
    body = tree.find("body")
    if body is None:
        return
    paragraphs: list[tuple[float, list[html.HtmlElement]]] = []
    everything: defaultdict[html.HtmlElement, float] = defaultdict(float)
    for paragraph in body.iter("p"):
        text = paragraph.text_content().strip()
        if len(text) < _MIN_PARAGRAPH or _link_density(paragraph, len(text)) > _MAX_LINK_DENSITY:
            continue
        vote = len(text) + 50 * text.count(",")
        ancestors = list(paragraph.iterancestors())[:-1]  # not <html>
        paragraphs.append((vote, ancestors))
        for ancestor in ancestors:
            everything[ancestor] += vote
    total = everything.get(body, 0.0)
    # Furniture by its class, unless it wraps most of the page's prose: then the class word
    # describes the page ("category-advertising", "has-breadcrumb"), not a box inside it.
    furniture = {el for el, votes in everything.items()
                 if votes < _COVER * total and _is_furniture(el)}
    prose: defaultdict[html.HtmlElement, float] = defaultdict(float)
    density: defaultdict[html.HtmlElement, float] = defaultdict(float)
    for vote, ancestors in paragraphs:
        if furniture.isdisjoint(ancestors):
            for depth, ancestor in enumerate(ancestors):
                prose[ancestor] += vote
                if depth < 2:  # a paragraph's parent, and half for its grandparent
                    density[ancestor] += vote / (depth + 1)
    kept = prose.get(body, 0.0)
    if not kept:
        return
    # Ancestors enter the dict innermost first, so ``min`` breaks ties towards the deepest.
    covering = _around_quotes(min((el for el, votes in prose.items() if votes >= _COVER * kept),
                                  key=prose.__getitem__))
    yield _blocks(covering)
    densest = _around_quotes(max(density, key=density.__getitem__))
    if densest is not covering:
        yield _blocks(densest)


def _around_quotes(element: html.HtmlElement) -> html.HtmlElement:
    """The element holding a quotation: a quote is part of an article, never the article (a
    post quoting a long passage has its own shorter paragraphs around it)."""
    while element.tag == "blockquote" and (parent := element.getparent()) is not None:
        element = parent
    return element


def _prose(element: html.HtmlElement) -> str:
    """The block's text without the page furniture inside it: a gallery item's photo credit
    ("<p class="credits">Rex</p>" would run into the caption's last name), a share button
    in a list item. Comments are no text."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not _is_furniture(child):
            parts.append(_prose(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(container: html.HtmlElement) -> list[str]:
    blocks = []
    for element in container.iter(*_BLOCKS):
        if _skipped(element, container):
            continue
        text = " ".join(_prose(element).split())
        if text and _link_density(element, len(text)) <= _MAX_BLOCK_LINK_DENSITY:
            blocks.append(text)
    return blocks


def agrees(blocks: list[str], other: str, *, precision: float = 0.85, recall: float = 0.8) -> bool:
    """Whether another extractor's text says the same: at least ``precision`` of the blocks'
    characters appear verbatim in ``other``, and they cover ``recall`` of it."""
    reference = " ".join(other.split())
    if not blocks or not reference:
        return False
    total = sum(len(b) for b in blocks)
    found = sum(len(b) for b in blocks if b in reference)
    return found >= precision * total and found >= recall * len(reference)
