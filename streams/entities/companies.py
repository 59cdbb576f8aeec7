"""Listed companies named in article text, linked to an ISIN and the ticker symbol that quote
events carry (the index constituents ``pytickersymbols`` ships offline: about 1,800 companies
of the major US, European and Asian indices)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

# Legal forms and group words that news copy drops: "Apple Inc." is "Apple".
_SUFFIX = re.compile(
    r"(?:[,\s]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|ag|se|sa|nv|n\.v"
    r"|s\.a|spa|s\.p\.a|ab|asa|oyj|kgaa|& co|holdings?|group)\.?)+$", re.I)
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r"^the\s+", re.I)


class Company(NamedTuple):
    name: str
    symbol: str
    isin: str | None


def normalise(name: str) -> str:
    name = _SPACE.sub(" ", name).strip()
    name = _ARTICLE.sub("", name)
    return _SUFFIX.sub("", name).casefold()


@cache
def _companies() -> dict[str, Company]:
    from pytickersymbols import PyTickerSymbols

    table: dict[str, Company] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        key = normalise(stock["name"])
        if len(key) >= 3 and stock.get("symbol"):
            isins = stock.get("isins") or []
            table.setdefault(key, Company(stock["name"], stock["symbol"], isins[0] if isins else None))
    return table


def preload() -> None:
    """Read pytickersymbols' listings now."""
    _first_words()


@cache
def _first_words() -> frozenset[str]:
    return frozenset(key.split()[0] for key in _companies())


def opens_company_name(word: str) -> bool:
    """Whether a listed company's name starts with ``word`` ("Ford" of Ford Motor, "Dell" of
    Dell Technologies): a founder's surname that is also a firm's name."""
    return word.casefold() in _first_words()


@lru_cache(maxsize=65536)  # the same names recur across a stream's articles
def lookup_company(surface: str) -> Company | None:
    """The listed company an organisation name refers to, if it is one we know."""
    return _companies().get(normalise(surface))
