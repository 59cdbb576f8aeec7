"""The parsed page that the stages share, and what each stage hands to the next.

One parse per page: an HTML page becomes one lxml tree that the ticker stage prunes and the
extraction stage reads; a flattened-text page becomes its list of lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree, html

from .errors import UnsupportedContent
from .models import Dateline, RawPage

# No network, no entity expansion, comments dropped: page content is untrusted. The parser
# reads UTF-8 bytes (we encode the decoded body once): libxml2 parses them about 40% faster
# than a Python str, and any <meta charset> in the page is rightly ignored.
_PARSER = html.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    recover=True,
    collect_ids=False,
    huge_tree=False,
    encoding="utf-8",
)


@dataclass(slots=True)
class ParsedPage:
    page: RawPage
    tree: html.HtmlElement | None = None
    lines: list[str] = field(default_factory=list)
    source: bytes = b""  # the HTML from <body> on, as UTF-8: what the widget scan and the judge read
    too_deep: bool = False  # libxml2 stopped at its nesting limit (256): the rest of the page is cut


@dataclass(slots=True)
class FoundQuote:
    """A widget quote before it becomes an event (no ids, no page context)."""

    symbol: str | None  # None: the widget's coin id is one the registry does not know
    name: str
    asset_id: str | None
    kind: str
    price: str
    change_pct: str | None
    currency: str
    widget: str


@dataclass(slots=True)
class CleanDocument:
    """What boilerplate removal keeps of a page: the article body and its metadata."""

    title: str | None = None
    section: str | None = None
    published_at: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    language: str | None = None
    canonical_url: str | None = None
    extractor: str = "text"  # what found the body: text, density, trafilatura, trafilatura-full


def parse(page: RawPage) -> ParsedPage:
    if not page.is_html:
        return ParsedPage(page, lines=page.body.splitlines())
    try:
        source = page.body.encode("utf-8", "replace")
        tree = html.document_fromstring(source, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise UnsupportedContent(f"HTML could not be parsed: {exc}", stage="parse") from None
    if tree is None:
        raise UnsupportedContent("HTML parsed to nothing", stage="parse")
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log)
    return ParsedPage(page, tree=tree, source=_from_body(source), too_deep=too_deep)


def _from_body(source: bytes) -> bytes:
    """The document from ``<body`` on (the whole of it when there is no such tag): the head,
    often a third of the bytes, holds scripts and styles but no article text or widget."""
    start = source.find(b"<body", max(source.find(b"</head"), 0))
    return source[start:] if start >= 0 else source
