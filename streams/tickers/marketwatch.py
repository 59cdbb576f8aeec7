"""MarketWatch-style quote tables: ``<bg-quote field="Last">`` and ``<bg-quote field="percentchange">``
sharing a ``channel`` per instrument, in a row that links to ``/investing/<kind>/<symbol>``."""

from __future__ import annotations

import re

from lxml import html

from ..document import FoundQuote
from ._markup import drop, item_of, text
from ._numbers import currency_code, decimal_string

WIDGET = "marketwatch-bg-quote"
_KINDS = {"stock": "equity", "index": "index", "currency": "fx", "future": "commodity",
          "cryptocurrency": "crypto", "fund": "equity", "bond": "bond"}
_LINK = re.compile(r"/investing/(?P<kind>[a-z]+)/(?P<symbol>[^/?#]+)")


def _instrument(row: html.HtmlElement) -> tuple[str, str, str] | None:
    """(symbol, name, kind) from the row's link to the instrument page."""
    for link in row.iter("a"):
        if match := _LINK.search(link.get("href") or ""):
            symbol = match["symbol"].upper()
            name = (link.get("title") or text(link) or symbol).strip()
            return symbol, name, _KINDS.get(match["kind"], "equity")
    return None


def split_marketwatch_quotes(tree: html.HtmlElement) -> list[FoundQuote]:
    rows: dict[html.HtmlElement, dict[str, str | None]] = {}
    for quote in tree.iter("bg-quote"):
        field = (quote.get("field") or "").lower()
        row = item_of(quote)
        if row is None or field not in ("last", "percentchange"):
            continue
        values = rows.setdefault(row, {})
        shown = text(quote)
        if field == "last":
            currency_mark = re.sub(r"[\d.,\s]", "", quote.get("format") or shown) or "$"
            values["currency"] = currency_code(currency_mark) or "USD"
            values["price"] = decimal_string(re.sub(r"[^\d.,]", "", shown))
        else:
            values["change"] = decimal_string(shown.replace("%", ""))
    quotes = []
    for row, values in rows.items():
        instrument = _instrument(row)
        if instrument is None or not values.get("price"):
            continue
        symbol, name, kind = instrument
        quotes.append(FoundQuote(symbol=symbol, name=name, asset_id=None, kind=kind,
                                 price=values["price"] or "", change_pct=values.get("change"),
                                 currency=values.get("currency") or "USD", widget=WIDGET))
    drop(rows)
    return quotes
