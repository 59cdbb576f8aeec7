"""The parsed page that the stages share, and what each stage hands to the next.

One parse per page: an HTML page becomes one lxml tree that the ticker stage prunes and the
extraction stage reads; a flattened-text page becomes its list of lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree, html

from .errors import UnsupportedContent
from .models import Dateline, RawPage

# No network, no entity expansion, comments dropped: page content is untrusted.
_PARSER = html.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    recover=True,
    collect_ids=False,
    huge_tree=False,
)


@dataclass(slots=True)
class ParsedPage:
    page: RawPage
    tree: html.HtmlElement | None = None
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FoundQuote:
    """A widget quote before it becomes an event (no ids, no page context)."""

    symbol: str
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
    extractor: str = "text"  # which extractor found the body: text, density or trafilatura


def parse(page: RawPage) -> ParsedPage:
    if not page.is_html:
        return ParsedPage(page, lines=page.body.splitlines())
    try:
        tree = html.document_fromstring(page.body, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise UnsupportedContent(f"HTML could not be parsed: {exc}", stage="parse") from None
    if tree is None:
        raise UnsupportedContent("HTML parsed to nothing", stage="parse")
    return ParsedPage(page, tree=tree)
