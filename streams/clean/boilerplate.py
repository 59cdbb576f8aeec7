"""Site furniture recognised by its words: share bars, "Related Articles", cookie banners.

Shared by the text and HTML cleaners. A *tail marker* ends the article body: what follows
it on a page is links, widgets and footers.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")

TAIL_MARKERS = frozenset({
    "source link", "related articles", "related posts", "related stories", "related",
    "read more", "more stories", "more from", "you may also like", "you might also like",
    "recommended", "recommended for you", "back to top", "back to top button", "trending",
    "most popular", "most read", "latest news", "leave a comment", "leave a reply", "comments",
    "share this article", "tags", "topics", "advertisement",
})

LINE_BOILERPLATE = frozenset({
    "share", "tweet", "email", "print", "share on facebook", "share on twitter", "pin it",
    "whatsapp", "linkedin", "facebook", "twitter", "reddit", "copy link", "save", "subscribe",
    "follow us", "skip to content", "skip to main content", "menu", "search", "close",
    "sign in", "log in", "register", "home", "ad", "sponsored", "continue reading",
    "track all markets on tradingview", "cookie settings", "accept", "accept all",
})

_COOKIE = re.compile(
    r"\b(?:we|this (?:site|website)) uses? cookies\b|\bby continuing to (?:browse|use)\b"
    r"|\baccept (?:all )?cookies\b",
    re.I,
)


def normalise(line: str) -> str:
    return _WS.sub(" ", line).strip().strip(":|•·-–—»›").strip().lower()


def is_tail_marker(line: str) -> bool:
    return normalise(line) in TAIL_MARKERS


def is_boilerplate(line: str) -> bool:
    norm = normalise(line)
    return norm in LINE_BOILERPLATE or norm in TAIL_MARKERS or bool(_COOKIE.search(line))
