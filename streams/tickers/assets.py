"""The crypto assets newsstream knows by their ccpw/CoinGecko slug: the same ``asset_id`` and
``symbol`` on ticker events and on the article entities that name them, so the two join."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import orjson


@cache
def crypto_assets() -> dict[str, dict[str, str]]:
    """Slug -> ``{"symbol": ..., "name": ...}``."""
    data: dict[str, dict[str, str]] = orjson.loads(
        files(__package__).joinpath("crypto_assets.json").read_bytes())
    return data
