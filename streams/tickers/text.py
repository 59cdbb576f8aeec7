"""Price widgets flattened to text, as crawlers deliver them.

The WordPress "Cryptocurrency Widgets" (ccpw) ticker flattens to a slug line followed by a
quote line (``bitcoin`` / ``Bitcoin (BTC) $ 63,768.09 1.02%``). A quote line must be the
whole line and part of a widget block (two or more quotes, or one under its slug line), so
prose that mentions a price is never taken for a quote.
"""

from __future__ import annotations

import re

from ..document import FoundQuote
from ._numbers import currency_code, decimal_string

WIDGET = "ccpw-text"

_QUOTE = re.compile(
    r"""^\s*(?P<name>\S.*)\s*\((?P<symbol>[A-Z0-9][A-Za-z0-9.\-]{0,14})\)\s*
    (?P<currency>[A-Z]{0,3}\$|[€£¥₹₩₽₺₱₫₴₦฿₪]|[A-Z]{3}(?=\s))\s*
    (?P<price>\d[\d,]*(?:\.\d+)?)
    (?:\s+(?P<change>[-+\u2212]?\d+(?:\.\d+)?)\s*%)?\s*$""",
    re.X,
)
_SLUG = re.compile(r"^\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*$")


def _quote(line: str, slug: str | None) -> FoundQuote | None:
    match = _QUOTE.match(line)
    if match is None:
        return None
    currency = currency_code(match["currency"])
    price = decimal_string(match["price"])
    if currency is None or price is None:
        return None
    change = match["change"]
    return FoundQuote(
        symbol=match["symbol"].upper(),
        name=match["name"].strip(),
        asset_id=slug,
        kind="crypto" if slug else "unknown",
        price=price,
        change_pct=decimal_string(change) if change is not None else None,
        currency=currency,
        widget=WIDGET,
    )


def split_text_quotes(lines: list[str]) -> tuple[list[FoundQuote], list[str]]:
    """Quotes found in widget blocks, and the lines with those blocks removed."""
    quotes: list[FoundQuote] = []
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        block: list[FoundQuote] = []
        used: list[int] = []
        has_slug = False
        j = i
        while j < len(lines):
            slug = lines[j].strip() if _SLUG.match(lines[j]) else None
            at = j + 1 if slug and j + 1 < len(lines) else j
            found = _quote(lines[at], slug if at != j else None)
            if found is None:
                break
            block.append(found)
            used.extend(range(j, at + 1))
            has_slug = has_slug or at != j
            j = at + 1
        if len(block) >= 2 or (block and has_slug):
            quotes.extend(block)
            for k in used:
                keep[k] = False
            i = j
        else:
            i += 1
    return quotes, [line for line, kept in zip(lines, keep, strict=True) if kept]
