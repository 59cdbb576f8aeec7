"""Site furniture recognised by its words: share bars, "Related Articles", promos, newsletter
boxes, cookie banners. Shared by the text and HTML cleaners.

A *tail marker* ends the article body (what follows it is links, widgets and footers); a
boilerplate line is dropped wherever it stands. Both are short lines: a long paragraph that
happens to contain such words is prose.
"""

from __future__ import annotations

import re

TAIL_MARKERS = frozenset({
    "source link", "related articles", "related posts", "related stories", "related",
    "read more", "more stories", "more from", "you may also like", "you might also like",
    "recommended", "recommended for you", "back to top", "back to top button", "trending",
    "most popular", "most read", "latest news", "leave a comment", "leave a reply", "comments",
    "share this article", "tags", "topics",
})

LINE_BOILERPLATE = frozenset({
    "share", "tweet", "email", "print", "share on facebook", "share on twitter", "pin it",
    "whatsapp", "linkedin", "facebook", "twitter", "reddit", "copy link", "save", "subscribe",
    "follow us", "skip to content", "skip to main content", "menu", "search", "close",
    "sign in", "log in", "register", "home", "ad", "advertisement", "sponsored",
    "continue reading", "track all markets on tradingview", "cookie settings", "accept",
    "accept all", "caption", "don't miss", "order reprints", "print article", "thank you", "sorry",
})

_COOKIE = re.compile(
    r"\b(?:we|this (?:site|website)) uses? cookies\b|\bby continuing to (?:browse|use)\b"
    r"|\baccept (?:all )?cookies\b",
    re.I,
)
# Promotions of other content and calls to action, at the start of a short line.
_PROMO = re.compile(
    r"^(?:read more|read next|see more|see also|also read|also on|related|more:|watch:|listen:|"
    r"click here|sign up|subscribe to|get the .{0,40}\bapp\b|download the|don'?t miss|"
    r"recommended|editor'?s picks?|follow us|like this story|want more|join our|popular on)\b"
    # "Follow Calla Cofield @callacofield.", "Follow us on Twitter"; WordPress's author widget
    r"|^follow\b.{0,80}(?:@\w|\bon (?:twitter|facebook|instagram|linkedin|x)\b)|^last \d+ posts by\b",
    re.I,
)
# Not "subscription": reviews and guides price subscriptions in their prose and lists
# ("Lifetime subscription: US$ 299.99"); on the development pages it dropped four words of
# article for each word of furniture.
_CALL_TO_ACTION = re.compile(
    r"\b(?:newsletter|sign(?:ing)? up|your inbox|non-commercial use|"
    r"all rights reserved|share (?:it|this) with)\b",
    re.I,
)
# Wire-copy credits and update stamps: "Reporting by ...; Editing by ...", "Updated at 1:23 p.m.".
_CREDIT = re.compile(
    r"^(?:(?:additional )?reporting by|editing by|writing by|compiled by|written by .{0,40};"
    r"|(?:updated|published|posted|last updated)(?: on| at)?\b.{0,40}$)",
    re.I,
)
_LINK_TAG = re.compile(r"\[[A-Z][A-Z ]{2,}\]\s*\|?$")  # "... [VIDEO]", "... [INSIGHT]|"
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_MARKUP = re.compile(r"&(?:amp;)*lt;/?[a-z]+[\s&]|<[a-z]+\s[\w-]+=[\"']")  # escaped or stray tags


_MAX_BANNER_WORDS = 150  # a cookie banner is a box, not an article about cookies


def _is_markup(line: str, words: int) -> bool:
    """Unrendered tags: a short line with one, or a long one thick with them (an article
    about HTML quotes a few tags and is still prose)."""
    if words <= 40:
        return _MARKUP.search(line) is not None
    return len(_MARKUP.findall(line)) * 200 >= len(line)


_ANY_MARKER = LINE_BOILERPLATE | TAIL_MARKERS
_LONGEST_MARKER = max(len(m) for m in _ANY_MARKER)


def normalise(line: str) -> str:
    return " ".join(line.split()).strip(":|•·-–—»›!.").strip().lower()


def _is_marker(line: str, markers: frozenset[str]) -> bool:
    # A paragraph can only equal a marker if it is about as short: skip normalising prose.
    return len(line) <= 2 * _LONGEST_MARKER and normalise(line) in markers


def is_tail_marker(line: str) -> bool:
    return _is_marker(line, TAIL_MARKERS)


def is_boilerplate(line: str) -> bool:
    if _is_marker(line, _ANY_MARKER) or not any(ch.isalnum() for ch in line):
        return True  # a marker, or a rule, a separator, the empty cells of a layout table
    # Substring tests first: the regexes are costly on long paragraphs and rarely match.
    words = len(line.split())
    if ("ookie" in line or "OOKIE" in line) and words <= _MAX_BANNER_WORDS and _COOKIE.search(line):
        return True
    if ("<" in line or "&" in line) and _is_markup(line, words):
        return True
    if words > 40:
        return False
    stripped = line.strip()
    return bool(
        _PROMO.match(stripped) or _CREDIT.match(stripped) or _LINK_TAG.search(stripped)
        or _TIMESTAMP.match(stripped)
        or (words <= 25 and _CALL_TO_ACTION.search(stripped))
        # A contact line ("Media contact: jane@example.com"), not a sentence that gives an address.
        or (words <= 25 and _EMAIL.search(stripped) and not stripped.endswith((".", "!", "?")))
    )
