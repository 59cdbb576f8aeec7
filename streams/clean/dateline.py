"""News datelines: ``SEOUL (Reuters) –``, ``NEW YORK, Oct 27 (AP) -``, ``COPENHAGEN, March 14 -``,
``ISLAMABAD, Pakistan —``, ``EVERETT, Wash. --``, ``WASHINGTON —``."""

from __future__ import annotations

import re

from ..models import Dateline

_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,3})
    # the state, province or country after the city: "Wash.", "S.D.", "South Africa"
    (?:\s*,\s*(?P<region>(?:[A-Z][a-z]{0,4}\.){1,2}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}))?
    (?:\s*,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2})
       |\s*\((?P<full_date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})\))?
    (?:\s*\((?P<agency>[A-Za-z][A-Za-z .&/!-]{0,30})\))?
    \s*(?:(?P<dash>[–—-]{1,2})|:)\s""",
    re.X,
)


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening ``paragraph``, if it has one. Capitals before a dash are a
    dateline when more of one follows them (a region, a date, an agency) or when they name a
    place the registry knows ("WASHINGTON —"); "UPDATE —" and "EXCLUSIVE -" are labels.
    Before a colon (the style of the Indian and Malaysian press, "NEW DELHI:") they must name
    a known place: "TODAY:", "RUMSFELD:" and "DEAR ABBY:" are labels and speakers."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    place = match["place"].strip()
    more = match["agency"] or match["date"] or match["full_date"] or match["region"]
    if not (more and match["dash"]) and not _known_place(place):
        return None
    return Dateline(place=place, agency=(match["agency"] or "").strip() or None)


def _known_place(name: str) -> bool:
    # Imported here: the entity stage, which the registry belongs to, reads datelines too.
    from ..entities.gazetteer import lookup_place

    return lookup_place(name) is not None
