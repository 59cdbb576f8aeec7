"""The article links of a feed: RSS and Atom (feedparser) or a (news) sitemap (lxml). A body
that is neither is reported as such, never guessed at."""

from __future__ import annotations

import feedparser
from lxml import etree

_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class NotAFeed(Exception):
    """The body is not an RSS/Atom feed or a sitemap; the message says what it looked like."""


def article_links(body: bytes, content_type: str = "") -> tuple[list[str], list[str]]:
    """(article URLs, sitemap URLs to follow) in document order, without duplicates."""
    head = body[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(body)
    parsed = feedparser.parse(body)
    links = [entry.get("link") for entry in parsed.entries if entry.get("link")]
    if not links:
        kind = content_type or "no content type"
        if b"<html" in head or b"<!doctype html" in head:
            raise NotAFeed(f"an HTML page, not a feed ({kind})")
        if not head.startswith(b"<"):
            raise NotAFeed(f"not a feed or a sitemap ({kind})")
        if parsed.get("bozo"):
            raise NotAFeed(f"malformed feed: {parsed.get('bozo_exception')}"[:200])
        if not parsed.get("version"):
            raise NotAFeed(f"not a feed or a sitemap ({kind})")
    return list(dict.fromkeys(links)), []


def _sitemap(body: bytes) -> tuple[list[str], list[str]]:
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                             huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise NotAFeed(f"malformed sitemap: {exc}"[:200]) from None
    locations = [loc.text.strip() for loc in root.iter(f"{_SITEMAP}loc") if loc.text]
    if root.tag == f"{_SITEMAP}sitemapindex":
        return [], list(dict.fromkeys(locations))
    return list(dict.fromkeys(locations)), []
