"""Publish times as pages print them -> ISO 8601, with an offset only when the page gives one."""

from __future__ import annotations

import re
import warnings

from dateutil import parser as dateparser

# A line that is a date and nothing else: digits-led (2023.10.27 18:45, 27/10/2023) or
# month-name forms (October 27, 2023 6:45 PM GMT), optionally after "Published"/"Updated".
_DATE_LINE = re.compile(
    r"""^(?:(?:published|updated|posted)(?:\s+on)?:?\s*)?
    (?P<date>(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}
      |[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})
      (?:[ ,T]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?
      (?:\s*(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2}|Z))?)\s*$""",
    re.X | re.I,
)


def parse_date_line(line: str) -> str | None:
    match = _DATE_LINE.match(line.strip())
    if match is None:
        return None
    return to_iso(match["date"])


_HOUR = 3600
# Zone abbreviations news pages print; dateutil knows only UTC/GMT by itself.
_TZINFOS = {
    "GMT": 0, "UTC": 0, "Z": 0, "BST": _HOUR, "CET": _HOUR, "CEST": 2 * _HOUR, "EET": 2 * _HOUR,
    "EEST": 3 * _HOUR, "MSK": 3 * _HOUR, "IST": 5 * _HOUR + 1800, "SGT": 8 * _HOUR,
    "HKT": 8 * _HOUR, "JST": 9 * _HOUR, "KST": 9 * _HOUR, "AEST": 10 * _HOUR,
    "AEDT": 11 * _HOUR, "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR,
    "CDT": -5 * _HOUR, "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR,
    "PDT": -7 * _HOUR, "ET": -5 * _HOUR, "PT": -8 * _HOUR,
}


def to_iso(text: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
            when = dateparser.parse(text, fuzzy=False, tzinfos=_TZINFOS)
    except (ValueError, OverflowError):
        return None
    return when.isoformat() if ":" in text else when.date().isoformat()
