"""Ticker splitting: quotes out of price widgets, and the widgets out of the page.

One parser per widget family; each removes what it read from the parsed page, so the
article stage never sees widget text.
"""

from __future__ import annotations

from ..document import FoundQuote, ParsedPage
from .ccpw import split_ccpw_quotes
from .client_side import strip_client_side_widgets
from .marketwatch import split_marketwatch_quotes
from .text import split_text_quotes
from .yahoo import split_yahoo_quotes

__all__ = ["split_quotes"]

# Each widget family leaves a tell-tale word in the markup (class names are case-sensitive, and
# widget scripts write their custom tags in lower case). Looking for it in the page source costs
# a fraction of a millisecond; the XPath searches it guards cost milliseconds on every page.
_FAMILIES = (
    ((b"ccpw",), split_ccpw_quotes),
    ((b"fin-streamer",), split_yahoo_quotes),
    ((b"bg-quote",), split_marketwatch_quotes),
)
_CLIENT_SIDE = (b"gecko-", b"tradingview", b"coinmarketcap", b"cmc-widget")


def split_quotes(parsed: ParsedPage) -> list[FoundQuote]:
    """Every widget quote on the page; the widgets are removed from ``parsed`` in place."""
    tree = parsed.tree
    if tree is None:
        quotes, parsed.lines = split_text_quotes(parsed.lines)
        return quotes
    source = parsed.source
    quotes = [quote for markers, split in _FAMILIES if any(m in source for m in markers)
              for quote in split(tree)]
    if any(m in source for m in _CLIENT_SIDE):
        strip_client_side_widgets(tree)
    return quotes
