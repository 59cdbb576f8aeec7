"""Mentions -> canonical entities: one per distinct entity, with aliases resolved and ids
linked to offline registries where one exists."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from ..clean.dateline import find_dateline
from ..models import Entity, Mention
from .companies import lookup_company
from .crypto import find_assets
from .gazetteer import (
    find_country_names,
    find_local_country_names,
    lookup_capital,
    lookup_country,
    lookup_large_city,
    lookup_place,
    normalise,
)
from .model import Span

TYPE_NAMES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


@dataclass(slots=True)
class _Group:
    name: str
    type: str
    id: str | None
    mentions: list[Mention] = field(default_factory=list)
    asset_id: str | None = None  # crypto assets: the ticker events' asset_id
    symbol: str | None = None  # crypto assets and listed companies: the ticker symbol


def _resolve(surface: str, label: str, language: str,
             person_words: frozenset[str] = frozenset()) -> tuple[str, str, str | None, str | None]:
    """(canonical name, type, id, ticker symbol) for one mention in a text in ``language``;
    ``person_words`` are the words of the text's longer person names."""
    place = lookup_place(surface, language) if label == "LOC" else None
    if place is None and (label in ("ORG", "MISC") or (label == "PER" and " " in surface.strip())):
        # "DPRK" is often tagged as an organisation, "South Carolina" as a person; a one-word
        # person ("Jordan", "Chad") is left alone.
        place = lookup_country(surface, language)
    if place is None and label in ("ORG", "MISC", "PER"):
        place = lookup_capital(surface, language)  # "Pyongyang said" is a government, not a person
    if (place is None and language != "en" and label in ("MISC", "PER") and " " not in surface.strip()
            and surface not in person_words):
        # The smaller taggers have seen few foreign cities ("Düsseldorf" as a person in Dutch);
        # the English stage's confidence model and name lists judge those itself.
        place = lookup_large_city(surface, language)
    if place is not None:
        return place.name, "GPE", place.id, None
    if (company := lookup_company(surface)) is not None:  # "Nissan" read as a person or a place
        return company.name, "ORG", f"isin:{company.isin}" if company.isin else None, company.symbol
    return normalise(surface), TYPE_NAMES.get(label, label), None, None


def _merge_short_person_names(groups: dict[tuple[str, str], _Group]) -> None:
    """"Choe" after "Choe Son Hui" is the same person: fold single-token names into the one
    longer name of the article that contains that token."""
    holders: dict[str, list[_Group]] = defaultdict(list)  # word -> the longer names holding it
    for group in groups.values():
        if group.type == "PERSON" and " " in group.name:
            for word in dict.fromkeys(group.name.split()):
                holders[word].append(group)
    for key, group in list(groups.items()):
        if group.type != "PERSON" or " " in group.name:
            continue
        owners = holders.get(group.name, [])
        if len(owners) == 1:
            owners[0].mentions.extend(group.mentions)
            del groups[key]


def _merge_into_places(groups: dict[tuple[str, str], _Group]) -> None:
    """A name the article already uses for a place is that place, whatever one mention was
    tagged ("Pyongyang's relations" read as a person)."""
    places = {g.name: g for g in groups.values() if g.type == "GPE"}
    for key, group in list(groups.items()):
        if group.type != "GPE" and (place := places.get(group.name)) is not None:
            place.mentions.extend(group.mentions)
            del groups[key]


# "Foreign Minister Choe Son Hui", "President Xi Jinping": capitalised words right after an
# office are that office holder's name, whatever the model made of an unfamiliar one.
_TITLED_NAME = re.compile(
    r"\b(?:Minister|President|Premier|Chancellor|Secretary|Governor|Senator|Ambassador|Mayor"
    r"|Chairman|Chairwoman|[Ss]pokes(?:man|woman|person)|leader|King|Queen|Prince|Pope)"
    r"\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})")


def _titled_names(text: str) -> list[Span]:
    return [(*m.span("name"), "PER") for m in _TITLED_NAME.finditer(text)]


def _dateline(text: str) -> list[Span]:
    """"GDANSK, Nov 20 (Coastline) -": the dateline names a place and a news agency."""
    dateline = find_dateline(text)
    if dateline is None:
        return []
    found = [(0, len(dateline.place), "LOC")] if dateline.place else []
    if dateline.agency and (at := text.find(f"({dateline.agency})")) >= 0:
        found.append((at + 1, at + 1 + len(dateline.agency), "ORG"))
    return found


def _country_names(text: str) -> list[Span]:
    """A split "Democratic People" + "Republic of Korea" is the one country it names."""
    return [(start, end, "LOC") for start, end in find_country_names(text)]


def _local_country_names(text: str, language: str) -> list[Span]:
    """Country names as the text's language writes them ("Alemania", "Duitsland")."""
    return [(start, end, "LOC") for start, end in find_local_country_names(text, language)]


def _outside(spans: list[Span], ranges: list[tuple[int, int]]) -> list[Span]:
    """The spans that overlap none of ``ranges`` (one sorted pass: a long text has thousands)."""
    if not ranges:
        return spans
    ordered = sorted(ranges)
    starts = [start for start, _ in ordered]
    reach = list(accumulate((end for _, end in ordered), max))  # furthest end so far
    kept = []
    for span in spans:
        before = bisect_left(starts, span[1])  # ranges that start before the span ends
        if before == 0 or reach[before - 1] <= span[0]:
            kept.append(span)
    return kept


def _override(spans: list[Span], found: list[Span]) -> list[Span]:
    """Spans found by rule or registry replace the model's spans they overlap."""
    if not found:
        return spans
    return sorted([*_outside(spans, [(start, end) for start, end, _ in found]), *found])


def _propagate_person_names(text: str, groups: dict[tuple[str, str], _Group]) -> None:
    """A person named once is the same person wherever the name, or its first or last word
    alone, appears again in the article: add the mentions the model missed (one pass over
    the text for all of them; a form two people share belongs to the first named)."""
    owner: dict[str, _Group] = {}
    for group in groups.values():
        words = group.name.split()
        if group.type == "PERSON" and len(words) >= 2:
            for form in (group.name, words[0], words[-1]):
                if len(form) >= 3 and form[0].isupper():
                    owner.setdefault(form, group)
    if not owner:
        return
    taken = bytearray(len(text))
    for group in groups.values():
        for m in group.mentions:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    forms = "|".join(re.escape(f) for f in sorted(owner, key=len, reverse=True))
    # The look-ahead on the forms' first letters skips most positions before the alternation.
    initials = re.escape("".join(sorted({f[0] for f in owner})))
    for match in re.finditer(rf"(?=[{initials}])(?<![\w-])(?:{forms})(?![\w-])", text):
        start, end = match.span()
        if 1 not in taken[start:end]:
            owner[match.group()].mentions.append(Mention(start, end, match.group()))
            taken[start:end] = b"\x01" * (end - start)


def canonical_entities(text: str, spans: list[Span], *, language: str = "en") -> list[Entity]:
    """One entity per distinct thing named in ``text`` (written in ``language``): the model's
    ``spans`` with the rules' and the registries' spans over them. The office-title rule and
    the long country names are English; other languages get their own country names."""
    groups: dict[tuple[str, str], _Group] = {}
    assets = find_assets(text)  # the asset table overrides the model on these names
    for a in assets:
        group = groups.setdefault(("ASSET", a.asset_id), _Group(
            a.name, "ASSET", f"coingecko:{a.asset_id}", asset_id=a.asset_id, symbol=a.symbol))
        group.mentions.append(Mention(a.start, a.end, text[a.start:a.end]))
    spans = _outside(spans, [(a.start, a.end) for a in assets])
    if language == "en":
        for rule in (_titled_names, _dateline, _country_names):
            spans = _override(spans, rule(text))
    else:
        spans = _override(spans, _dateline(text))
        spans = _override(spans, _local_country_names(text, language))
    people = (text[start:end].split() for start, end, label in spans if label == "PER")
    person_words = frozenset(word for words in people if len(words) > 1 for word in words)
    for start, end, label in spans:
        surface = text[start:end]
        name, kind, ident, symbol = _resolve(surface, label, language, person_words)
        key = (kind, ident or name.lower())
        group = groups.setdefault(key, _Group(name, kind, ident, symbol=symbol))
        group.mentions.append(Mention(start, end, surface))
    _merge_into_places(groups)
    _merge_short_person_names(groups)
    _propagate_person_names(text, groups)
    if not groups:
        return []
    most = max(len(g.mentions) for g in groups.values())
    length = max(len(text), 1)
    entities = []
    for group in groups.values():
        group.mentions.sort(key=lambda m: m.start)
        first = group.mentions[0].start / length
        salience = 0.6 * len(group.mentions) / most + 0.4 * (1.0 - first)
        entities.append(Entity(
            name=group.name,
            type=group.type,
            id=group.id,
            count=len(group.mentions),
            salience=round(salience, 3),
            mentions=group.mentions,
            asset_id=group.asset_id,
            symbol=group.symbol,
        ))
    entities.sort(key=lambda e: (-e.salience, e.mentions[0].start))
    return entities
