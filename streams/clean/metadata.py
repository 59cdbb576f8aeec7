"""Article metadata from the markup publishers put there for machines: schema.org JSON-LD,
OpenGraph / article meta tags, ``<time>`` and ``<link rel=canonical>``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import orjson
from htmldate import find_date
from lxml import html

from .dates import to_iso

_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                  "AnalysisNewsArticle", "LiveBlogPosting", "WebPage", "Report"}


@dataclass(slots=True)
class PageMetadata:
    title: str | None = None
    section: str | None = None
    published_at: str | None = None
    byline: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None


def _json_ld(scripts: list[str]) -> Iterator[dict[str, Any]]:
    for source in scripts:
        try:
            data = orjson.loads(source.strip() or "null")
        except orjson.JSONDecodeError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                stack.extend(item.get("@graph") or [])
                yield item


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    return set(kind) if isinstance(kind, list) else {str(kind)}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


_WORDS = re.compile(r"\w+")


class _Markup:
    """What the page declares for machines, read in one pass over the few tags that carry it
    (``<meta>``, ``<link>``, JSON-LD ``<script>``, ``<h1>``, ``<title>``, ``<time>``) instead of
    one search of the whole tree per field."""

    def __init__(self, tree: html.HtmlElement) -> None:
        self.meta: dict[str, str] = {}  # property, name or itemprop -> first non-empty content
        self.json_ld: list[str] = []
        self.canonical: str | None = None
        self.time: str | None = None
        self.title: str | None = None  # the first non-empty <title> text
        self.h1: list[str] = []  # every non-empty <h1> text, in page order
        for el in tree.iter("meta", "link", "script", "h1", "title", "time"):
            tag = el.tag
            if tag == "meta":
                if content := (el.get("content") or "").strip():
                    for attribute in ("property", "name", "itemprop"):
                        if key := el.get(attribute):
                            self.meta.setdefault(key, content)
            elif tag == "script":
                if el.get("type") == "application/ld+json" and el.text:
                    self.json_ld.append(el.text)
            elif tag == "link":
                if self.canonical is None and el.get("rel") == "canonical" and el.get("href"):
                    self.canonical = el.get("href")
            elif tag == "time":
                self.time = self.time or el.get("datetime")
            elif text := " ".join(el.text_content().split()):
                if tag == "h1":
                    self.h1.append(text)
                else:
                    self.title = self.title or text

    def __call__(self, *keys: str) -> str | None:
        return next((self.meta[k] for k in keys if k in self.meta), None)

    @property
    def title_element(self) -> str | None:
        """The page's headline: its ``<h1>``. Of several (a section label, the headline, a
        widget's title), the one sharing most words with the ``<title>``, if two at least
        ("60-Year-Old Woman Delivers Twin Boys", not "Health" or "AP Wires", under
        "FOXNews.com - 60-Year-Old Woman Delivers Twin Boys - Health News"); else the first."""
        if len(self.h1) < 2 or not self.title:
            return self.h1[0] if self.h1 else self.title
        words = set(_WORDS.findall(self.title.casefold()))
        shared = [len(words.intersection(_WORDS.findall(h.casefold()))) for h in self.h1]
        best = max(range(len(self.h1)), key=shared.__getitem__)
        return self.h1[best] if shared[best] >= 2 else self.h1[0]


# Category labels themes print next to the headline: WordPress ``rel="category tag"`` links,
# ``.category`` / ``.cat-links`` elements (exact class tests: ``contains`` over every element of
# the page costs as much as the rest of the metadata).
_SECTION_LABEL = "//a[contains(@rel, 'category')] | //*[@class='category' or @class='cat-links']"


def _section_label(tree: html.HtmlElement) -> str | None:
    for el in tree.xpath(_SECTION_LABEL):
        label = " ".join(el.text_content().split())
        if label and len(label.split()) <= 4:
            return label
    return None


def _date_in_page(tree: html.HtmlElement, url: str) -> str | None:
    """The publication date where no tag declares one: htmldate (trafilatura's date finder)
    reads it from the URL ("/2012/10/30/") and from the places CMSs print it ("<div
    class="date published">March 30, 2012</div>"), preferring the original date to an
    update's. Its fast mode only: about 3 ms, on a copy of the tree."""
    try:
        return find_date(tree, url=url or None, original_date=True, extensive_search=False,
                         outputformat="%Y-%m-%d")
    except ValueError:  # it edits text of its copy; lxml refuses a control character there
        return None


_BY = re.compile(r"^by[:\s]\s*", re.I)


def _byline(value: str | None) -> str | None:
    """The authors' names as a reader sees them: without the "By " that CMSs copy into the
    author field ("By Ana Swanson"), and none where the field holds a link to the author's
    page ("//lasvegassun.com/staff/adam-candee/") instead of a name."""
    if not value:
        return None
    value = _BY.sub("", " ".join(value.split()))
    if not value or "://" in value or value.startswith(("/", "www.")):
        return None
    return value


def _strip_site_name(title: str | None, site_name: str | None) -> str | None:
    """"Daily Deals: ... - IGN" -> "Daily Deals: ..." when the suffix is the site's name."""
    if not title or not site_name:
        return title
    for separator in (" - ", " | ", " – ", " — ", " :: "):
        suffix = f"{separator}{site_name.strip()}"
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
    return title


def read_metadata(tree: html.HtmlElement, url: str) -> PageMetadata:
    meta = PageMetadata()
    tags = _Markup(tree)
    for item in _json_ld(tags.json_ld):
        if not _types(item) & _ARTICLE_TYPES:
            continue
        meta.title = meta.title or _first_str(item.get("headline"))
        meta.section = meta.section or _first_str(item.get("articleSection"))
        published = _first_str(item.get("datePublished"))
        meta.published_at = meta.published_at or (to_iso(published) if published else None)
        authors = _names(item.get("author"))
        meta.byline = meta.byline or (", ".join(dict.fromkeys(authors)) or None)
        meta.description = meta.description or _first_str(item.get("description"))
    meta.title = meta.title or tags("og:title", "twitter:title") or tags.title_element
    meta.description = meta.description or tags("og:description", "description",
                                                  "twitter:description")
    meta.section = meta.section or tags("article:section", "section") or _section_label(tree)
    if meta.published_at is None:
        published = tags("article:published_time", "datePublished", "pubdate",
                          "publish-date", "date", "dc.date", "DC.date.issued")
        published = published or tags.time
        meta.published_at = to_iso(published) if published else _date_in_page(tree, url)
    author = tags("author", "article:author", "byl")
    meta.byline = _byline(meta.byline or author)
    meta.title = _strip_site_name(meta.title, tags("og:site_name", "application-name"))
    lang = tree.get("lang") or tags("og:locale", "language", "content-language")
    meta.language = lang.replace("_", "-").split("-")[0].lower() if lang else None
    canonical = (tags.canonical or tags("og:url") or "").strip()
    meta.canonical_url = urljoin(url, canonical) if canonical else None
    return meta
