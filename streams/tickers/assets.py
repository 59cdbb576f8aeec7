"""The crypto assets newsstream knows, keyed by CoinGecko id (the id ccpw widgets print as
``li#ripple``), with their symbol and name: the top ~250 by market cap, as public listings
gave them in 2025-26. Widgets and article entities look assets up here, so a quote and the
article that names its asset carry the same ``asset_id`` and ``symbol``.

Some widgets print their own slug for a coin (the ccpw text layout: ``xrp``, ``bnb``); those
are ``aliases`` of the CoinGecko id. ``bare`` says whether the name alone may be linked in
prose: not when it is also a common English word ("Stellar", "Story") unless the symbol
follows it ("Story (IP)").
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TypedDict

import orjson


class Asset(TypedDict, total=False):
    symbol: str
    name: str
    bare: bool
    aliases: list[str]


@cache
def crypto_assets() -> dict[str, Asset]:
    """CoinGecko id -> ``{"symbol", "name", "bare", "aliases"}``."""
    data: dict[str, Asset] = orjson.loads(files(__package__).joinpath("crypto_assets.json").read_bytes())
    return data


@cache
def _by_slug() -> dict[str, tuple[str, Asset]]:
    table = {slug: (slug, asset) for slug, asset in crypto_assets().items()}
    for slug, asset in crypto_assets().items():
        for alias in asset.get("aliases", []):
            table.setdefault(alias, (slug, asset))
    return table


def lookup_asset(slug: str | None) -> tuple[str, Asset] | None:
    """(CoinGecko id, asset) for a CoinGecko id or a widget's alias of one."""
    return _by_slug().get(slug.lower()) if slug else None
