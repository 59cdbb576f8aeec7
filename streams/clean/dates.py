"""Publish times as pages print them -> ISO 8601, with an offset only when the page gives one."""

from __future__ import annotations

import re

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


def to_iso(text: str) -> str | None:
    try:
        when = dateparser.parse(text, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    return when.isoformat() if ":" in text else when.date().isoformat()
