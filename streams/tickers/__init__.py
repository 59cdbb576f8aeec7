"""Ticker splitting: quotes out of price widgets, and the widgets out of the page."""

from __future__ import annotations

from ..document import FoundQuote, ParsedPage
from .ccpw import split_ccpw_quotes
from .text import split_text_quotes

__all__ = ["split_quotes"]


def split_quotes(parsed: ParsedPage) -> list[FoundQuote]:
    """Every widget quote on the page; the widgets are removed from ``parsed`` in place."""
    if parsed.tree is not None:
        return split_ccpw_quotes(parsed.tree)
    quotes, parsed.lines = split_text_quotes(parsed.lines)
    return quotes
