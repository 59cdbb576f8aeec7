"""WordPress "Cryptocurrency Widgets" (ccpw) ticker markup.

``li#<slug>`` per coin, ``span.name`` = ``Name(SYM)``, ``span.price`` = ``$61,513.00``,
``span.changes up|down`` = ``-3.14%`` (the plugin prints no plus sign on gains).
"""

from __future__ import annotations

import re

from lxml import html

from ..document import FoundQuote
from ._numbers import currency_code, decimal_string

WIDGET = "ccpw-ticker"

_NAME = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<symbol>[^()]+)\)\s*$")
_PRICE = re.compile(r"^\s*(?P<currency>[^\d\s]*)\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*$")
_CONTAINERS = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' ccpw-ticker-cont ')]"
    " | //ul[starts-with(@id, 'ccpw-ticker-widget')]"
)


def _has_class(element: html.HtmlElement, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _text_of(item: html.HtmlElement, cls: str) -> str | None:
    for span in item.iter("span", "div"):
        if _has_class(span, cls):
            return span.text_content()
    return None


def _quote(item: html.HtmlElement) -> FoundQuote | None:
    name_text, price_text = _text_of(item, "name"), _text_of(item, "price")
    if name_text is None or price_text is None:
        return None
    name, price = _NAME.match(name_text), _PRICE.match(price_text)
    if name is None or price is None:
        return None
    currency = currency_code(price["currency"] or "$")
    number = decimal_string(price["number"])
    if currency is None or number is None:
        return None
    change_text = _text_of(item, "changes")
    change = decimal_string(change_text.replace("%", "")) if change_text else None
    return FoundQuote(
        symbol=name["symbol"].strip().upper(),
        name=name["name"],
        asset_id=item.get("id") or None,
        kind="crypto",
        price=number,
        change_pct=change,
        currency=currency,
        widget=WIDGET,
    )


def split_ccpw_quotes(tree: html.HtmlElement) -> list[FoundQuote]:
    """Quotes from every ccpw ticker on the page; the widgets are removed from ``tree``."""
    quotes: list[FoundQuote] = []
    containers = tree.xpath(_CONTAINERS)
    outermost = [c for c in containers if not any(a in containers for a in c.iterancestors())]
    for container in outermost:
        quotes.extend(q for li in container.iter("li") if (q := _quote(li)) is not None)
        container.drop_tree()
    return quotes
