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


def split_quotes(parsed: ParsedPage) -> list[FoundQuote]:
    """Every widget quote on the page; the widgets are removed from ``parsed`` in place."""
    tree = parsed.tree
    if tree is None:
        quotes, parsed.lines = split_text_quotes(parsed.lines)
        return quotes
    quotes = [*split_ccpw_quotes(tree), *split_yahoo_quotes(tree),
              *split_marketwatch_quotes(tree)]
    strip_client_side_widgets(tree)
    return quotes
