"""Widgets that render in the browser (CoinGecko, CoinMarketCap, TradingView): the HTML holds
only a placeholder and a credit line. There is no quote to read; remove the leftovers so
"Track all markets on TradingView" never reaches an article."""

from __future__ import annotations

from lxml import html

from ._markup import drop

_PLACEHOLDERS = (
    "//*[starts-with(local-name(), 'coingecko-') or starts-with(local-name(), 'gecko-')]"
    " | //*[contains(@class, 'tradingview-widget')]"
    " | //*[contains(@class, 'coinmarketcap-currency-widget')]"
    " | //*[contains(@class, 'cmc-widget')]"
    " | //*[contains(@id, 'tradingview_')]"
)


def strip_client_side_widgets(tree: html.HtmlElement) -> int:
    """Remove the placeholders; returns how many were removed."""
    found = tree.xpath(_PLACEHOLDERS)
    drop(found)
    return len(found)
