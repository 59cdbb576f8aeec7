"""News datelines: ``SEOUL (Reuters) –``, ``NEW YORK, Oct 27 (AP) -``, ``COPENHAGEN, March 14 -``."""

from __future__ import annotations

import re

from ..models import Dateline

_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,3})
    (?:\s*,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?
    (?:\s*\((?P<agency>[A-Za-z][A-Za-z .&/-]{0,30})\))?
    \s*[–—-]{1,2}\s""",
    re.X,
)


def find_dateline(paragraph: str) -> Dateline | None:
    match = _DATELINE.match(paragraph)
    if match is None or not (match["agency"] or match["date"]):
        return None
    return Dateline(place=match["place"].strip(), agency=(match["agency"] or "").strip() or None)
