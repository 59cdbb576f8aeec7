"""Flattened-text pages: header (section, title, time, byline, captions), body, boilerplate.

Such pages keep the order of the original: a short header, photo captions, the body as one
line per paragraph, then site furniture. The header ends where the first prose paragraph
starts; the body ends at the first tail marker ("Source link", "Related Articles" ...).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import CleanDocument
from .boilerplate import is_boilerplate, is_tail_marker
from .dateline import find_dateline
from .dates import parse_date_line

_CAPTION = re.compile(
    r"^(?:©|\(c\)|photo:|file photo|image:|picture:)|\b(?:FILE PHOTO|REUTERS/|/Handout|"
    r"AP Photo|Getty Images|AFP via Getty|Photo by|Photograph:)",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:by|words by|reporting by)\s+"
    r"(?P<name>[A-Z][\w.'’-]+(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]+){0,6})\s*$",
    re.I,
)
_PROSE_END = re.compile(r"[.!?…。！？][\"”’)」]?\s*$")
_SENTENCE_END = re.compile(r"[.!?…:\"”’)]\s*$")


def _join_wrapped(lines: list[str]) -> list[str]:
    """Blocks: one per non-blank line, re-joining lines a hard wrap split mid-sentence."""
    blocks: list[str] = []
    glue = False
    for raw in lines:
        line = raw.strip()
        if not line:
            glue = False
            continue
        if glue and blocks and line[:1].islower():
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
        glue = len(blocks[-1]) >= 40 and not _SENTENCE_END.search(blocks[-1])
    return blocks


@lru_cache(maxsize=4096)  # asked of each block several times: body start, prose after, ...
def _is_prose(block: str) -> bool:
    """Body text, not a headline: a long line that ends a sentence (headlines rarely do)."""
    words = len(block.split())
    ends = _PROSE_END.search(block) is not None
    return ((words >= 12 and ends) or words >= 30) and not _CAPTION.search(block)


def clean_text(lines: list[str], *, find_header: bool = True) -> CleanDocument:
    """``find_header=False`` is for text an extractor already cut to the article: every
    line may be body, only header-shaped lines (date, byline, section label) are lifted."""
    blocks = _join_wrapped(lines)
    doc = CleanDocument()
    if find_header:
        body_start = next((i for i, b in enumerate(blocks) if _is_prose(b)), len(blocks))
    else:
        body_start = next((i for i, b in enumerate(blocks) if not _is_header_line(b)), len(blocks))
    short_before_title: list[str] = []
    for block in blocks[:body_start]:
        if doc.published_at is None and (when := parse_date_line(block)):
            doc.published_at = when
        elif is_boilerplate(block):
            continue
        elif _CAPTION.search(block):
            doc.captions.append(block)
        elif doc.byline is None and (byline := _BYLINE.match(block)):
            doc.byline = byline["name"]
        elif doc.title is None and len(block.split()) >= 4:
            doc.title = block
        elif doc.title is None:
            short_before_title.append(block)
    if short_before_title:
        doc.section = short_before_title[-1]
    body = blocks[body_start:]
    prose_after = _prose_after(body)
    prose_before = 0
    body_captions: list[str] = []
    for k, block in enumerate(body):
        if is_tail_marker(block):
            if prose_after[k] <= prose_before and not _story_goes_on(body[k + 1:k + 2]):
                break
            continue  # a "Related" box above most of the article is a sidebar, not its end
        if is_boilerplate(block):
            continue
        if _CAPTION.search(block) and not _is_prose_sentence(block):
            body_captions.append(block)
            continue
        doc.paragraphs.append(block)
        prose_before += len(block) if _is_prose(block) else 0
    if doc.paragraphs or not body_captions:
        doc.captions.extend(body_captions)
    else:
        doc.paragraphs = body_captions  # a photo page: its caption is all it says
    if doc.paragraphs:
        doc.dateline = find_dateline(doc.paragraphs[0])
    return doc


def _story_goes_on(following: list[str]) -> bool:
    """Whether a tail marker is a box inside the story: the block after it is a long prose
    paragraph (the links of a "Related stories" box are headlines; the extractor has dropped
    them, and the story's next paragraph follows the box's title)."""
    return bool(following) and _is_prose(following[0]) and len(following[0].split()) >= 25


def _prose_after(blocks: list[str]) -> list[int]:
    """For each block, the characters of prose in the blocks after it."""
    after, total = [0] * len(blocks), 0
    for k in range(len(blocks) - 1, -1, -1):
        after[k] = total
        total += len(blocks[k]) if _is_prose(blocks[k]) else 0
    return after


def _is_header_line(block: str) -> bool:
    """Lines an extractor leaves above the body: a date, a byline, a one-to-three word label."""
    return bool(parse_date_line(block) or _BYLINE.match(block) or is_boilerplate(block)
                or (len(block) <= 30 and len(block.split()) <= 3 and not _PROSE_END.search(block)))


def _is_prose_sentence(block: str) -> bool:
    """A body paragraph that merely quotes a photo credit mid-sentence stays body."""
    return not _CAPTION.match(block) and len(block.split()) > 60
