"""Yahoo-style quote strips: ``<fin-streamer data-symbol="AAPL" data-field="regularMarketPrice">``
and ``data-field="regularMarketChangePercent"`` (explicit ``+``/``-``, often in parentheses),
one list item or table row per instrument. A ``fin-streamer`` inside running prose is part of
the sentence, not a strip, and is left alone."""

from __future__ import annotations

from lxml import html

from ..document import FoundQuote
from ._instruments import classify
from ._markup import drop, item_of, text
from ._numbers import decimal_string

WIDGET = "yahoo-fin-streamer"
_PRICE_FIELDS = ("regularMarketPrice",)
_CHANGE_FIELDS = ("regularMarketChangePercent",)


def _name(item: html.HtmlElement, symbol: str) -> str:
    for link in item.iter("a"):
        title = (link.get("title") or link.get("aria-label") or "").strip()
        if title:
            return title
    for heading in item.xpath(".//h3 | .//*[@data-test='quote-name']"):
        if name := text(heading):
            return name
    return symbol


def _value(streamer: html.HtmlElement) -> str | None:
    shown = text(streamer).strip("()% ")
    return decimal_string(shown) if shown else decimal_string(streamer.get("value") or "")


def split_yahoo_quotes(tree: html.HtmlElement) -> list[FoundQuote]:
    items: dict[tuple[html.HtmlElement, str], dict[str, str | None]] = {}
    for streamer in tree.iter("fin-streamer"):
        symbol, field = streamer.get("data-symbol"), streamer.get("data-field")
        item = item_of(streamer)
        if not symbol or item is None or field not in _PRICE_FIELDS + _CHANGE_FIELDS:
            continue
        values = items.setdefault((item, symbol), {})
        values["price" if field in _PRICE_FIELDS else "change"] = _value(streamer)
    quotes = []
    for (item, symbol), values in items.items():
        if not values.get("price"):
            continue
        kind, currency = classify(symbol)
        quotes.append(FoundQuote(symbol=symbol, name=_name(item, symbol), asset_id=None,
                                 kind=kind, price=values["price"] or "",
                                 change_pct=values.get("change"), currency=currency,
                                 widget=WIDGET))
    drop(item for item, _ in items)
    return quotes
