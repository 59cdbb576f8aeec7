"""WordPress "Cryptocurrency Widgets" (ccpw) markup, all four layouts:

- ``ticker``: ``li#<slug>`` with ``span.name`` = ``Name(SYM)``, ``span.price``, ``span.changes``;
- ``price-label`` (``ul.lbl-wrapper``): the same without the symbol in ``span.name``;
- ``list-widget`` (``table.ccpw_table``): ``tr#<slug>``, ``span.name`` + ``span.coin_symbol``
  ``(SYM)``, ``td.price > div.price-value``;
- ``multi-currency-tab``: ``span.mtab_name``, ``span.mtab_price`` with ``data-usd``,
  ``data-eur`` ... (one quote per currency), the change in ``span.mtab_``.

The plugin prints a minus sign on losses and none on gains; the ``up``/``down`` class is
trusted when the two disagree.
"""

from __future__ import annotations

import re

from lxml import html

from ..document import FoundQuote
from ._markup import class_xpath, drop, find_class, has_class, outermost, text
from ._numbers import currency_code, decimal_string
from .assets import lookup_asset

_NAME_SYMBOL = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<symbol>[^()]+)\)\s*$")
_PRICE = re.compile(r"^\s*(?P<currency>[^\d\s]*)\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*$")

_LAYOUTS = {
    "ccpw-ticker": f"//div[{class_xpath('ccpw-ticker-cont')}] | //ul[starts-with(@id, 'ccpw-ticker-widget')]",
    "ccpw-price-label": f"//ul[{class_xpath('lbl-wrapper')}]",
    "ccpw-list": f"//table[{class_xpath('ccpw_table')}]",
    "ccpw-multi-currency": f"//*[{class_xpath('multi-currency-tab-content')}]"
                           f" | //*[{class_xpath('currency_tabs')}]",
}


def _price(raw: str) -> tuple[str, str] | None:
    match = _PRICE.match(raw.replace("\xa0", " "))
    if match is None:
        return None
    currency = currency_code(match["currency"] or "$")
    number = decimal_string(match["number"])
    return (number, currency) if currency and number else None


def _change(element: html.HtmlElement | None) -> str | None:
    if element is None:
        return None
    value = decimal_string(text(element).replace("%", ""))
    if value is not None and has_class(element, "down") and not value.startswith("-"):
        value = f"-{value}"
    return value


def _name_symbol(item: html.HtmlElement, slug: str | None, *, name_class: str
                 ) -> tuple[str, str | None] | None:
    """The name the widget shows and the symbol: printed by the widget, else the registry's
    for the coin's id. An id the registry does not know gets no symbol: its upper-cased id
    ("RIPPLE") would be a symbol of no market."""
    shown = text(find_class(item, name_class))
    symbol_el = find_class(item, "coin_symbol")
    if symbol_el is not None:
        return shown, text(symbol_el).strip("() ").upper()
    if match := _NAME_SYMBOL.match(shown):
        return match["name"], match["symbol"].strip().upper()
    if not shown:
        return None
    known = lookup_asset(slug)
    return shown, known[1]["symbol"] if known else None


def _quotes(item: html.HtmlElement, widget: str) -> list[FoundQuote]:
    slug = item.get("id") or None
    multi = widget == "ccpw-multi-currency"
    named = _name_symbol(item, slug, name_class="mtab_name" if multi else "name")
    if named is None:
        return []
    name, symbol = named
    if multi:
        price_el = find_class(item, "mtab_price")
        if price_el is None:
            return []
        raw_prices = [v for k, v in sorted(price_el.attrib.items()) if k.startswith("data-")]
        raw_prices = raw_prices or [text(price_el)]
        change = _change(find_class(item, "mtab_"))
    else:
        price_el = find_class(item, "price-value")
        if price_el is None:
            price_el = find_class(item, "price")
        raw_prices = [text(price_el)]
        change = _change(find_class(item, "changes"))
    quotes = []
    for raw in raw_prices:
        if (parsed := _price(raw)) is not None:
            price, currency = parsed
            quotes.append(FoundQuote(symbol=symbol, name=name, asset_id=slug, kind="crypto",
                                     price=price, change_pct=change, currency=currency,
                                     widget=widget))
    return quotes


def split_ccpw_quotes(tree: html.HtmlElement) -> list[FoundQuote]:
    """Quotes from every ccpw widget on the page; the widgets are removed from ``tree``."""
    layout = {c: widget for widget, path in _LAYOUTS.items() for c in tree.xpath(path)}
    containers = outermost(layout)
    quotes = [q for container in containers
              for item in container.xpath(".//li[@id] | .//tr[@id]")
              for q in _quotes(item, layout[container])]
    drop(containers)
    return quotes
