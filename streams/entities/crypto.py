"""Crypto assets named in article text, linked to the ``asset_id`` (CoinGecko id) and
``symbol`` that ticker events carry. Names the registry does not mark ``bare`` (also common
words: "Stellar", "Maker", "Story") only count when the text gives the symbol too: "Story (IP)"."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from ..tickers.assets import crypto_assets


class AssetMention(NamedTuple):
    start: int
    end: int  # the name only; a following "(SYM)" is not part of the mention
    asset_id: str
    symbol: str
    name: str


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str, bool]]]:
    by_name: dict[str, tuple[str, str, bool]] = {}
    for slug, asset in crypto_assets().items():
        by_name.setdefault(asset["name"], (slug, asset["symbol"], asset.get("bare", False)))
    names = sorted(by_name, key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    symbol = r"(?:\s*\((?P<symbol>[A-Z0-9]{2,10})\))?"
    return re.compile(rf"(?=[A-Z])(?<![\w-])(?P<name>{alternation})(?![\w-]){symbol}"), by_name


def preload() -> None:
    """Compile the pattern of the coin table's names now."""
    _pattern()


def find_assets(text: str) -> list[AssetMention]:
    pattern, by_name = _pattern()
    found = []
    for match in pattern.finditer(text):
        name = match["name"]
        slug, symbol, bare = by_name[name]
        if match["symbol"] not in (None, symbol):
            continue  # "Dash (DSH)": some other instrument of that name
        if not bare and match["symbol"] is None:
            continue
        found.append(AssetMention(match.start("name"), match.end("name"), slug, symbol, name))
    return found
