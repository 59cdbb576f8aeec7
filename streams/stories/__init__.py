"""Stories: syndicated copies of one text share a story id.

A wire story is republished by many sites; subscribers count and alert on stories, not on
URLs. Two articles are one story when one's text is (almost) contained in the other's:
near-duplicates, not the same topic. ``signature`` summarises a text (pure, computed with
the other per-page work); ``StoryIndex`` decides, article by article, which story each
joins; ``track`` applies the decision to an article and says what changed for
``news.stories``. The index is state: the stream layer and ``newsstream process`` own it.
``membership`` / ``learn`` carry one worker's decisions to the others (and to itself after a
restart) through an internal topic, so copies meet across workers and restarts; ``merged``
says what a merge found that way changes for ``news.stories``.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import numpy as np
import orjson

from ..models import Article, StorySighting, StoryUpdate
from .index import Merge, Story, StoryIndex
from .signature import Signature, signature

__all__ = ["Merge", "Signature", "StoryChange", "StoryIndex", "final_id", "learn", "membership", "merged",
           "signature", "story_index", "track"]

BYTES_PER_ARTICLE = 3200  # what the index holds per article (bench/stories.py: 3.1 KiB)


def story_index(window_days: float, budget_mb: int) -> StoryIndex:
    """An index of ``window_days`` of articles, at most ``budget_mb`` of them (a busy feed's
    window is shorter: 512 MB hold about 170,000 articles)."""
    return StoryIndex(window_days * 86400, max_members=(budget_mb << 20) // BYTES_PER_ARTICLE)


def _epoch(at: str) -> float:
    return datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()


def _update(story: Story, version: str) -> StoryUpdate:
    return StoryUpdate(id=story.id, first=story.first, latest=story.latest, copies=story.copies,
                       sites=story.site_count, absorbed=list(story.absorbed), pipeline_version=version)


StoryChange = tuple[StoryUpdate, tuple[str, ...]]
"""What ``news.stories`` gets: a story's new state, and the story ids it retired (tombstones)."""


def track(index: StoryIndex, article: Article, text_signature: Signature | None) -> StoryChange | None:
    """Put ``article`` in its story (setting ``story_id``); the story's new state and the ids
    it retired (a copy older than its story renames it), or None when the article was
    already a member (a re-delivery: nothing changed)."""
    seen = StorySighting(article.fetched_at, article.url, article.site, article.title, article.id)
    assignment = index.assign(text_signature, _epoch(article.fetched_at), seen)
    article.story_id = assignment.story.id
    if not assignment.changed:
        return None
    return _update(assignment.story, article.pipeline_version), assignment.gone


def final_id(story_id: str, absorbed_into: dict[str, str]) -> str:
    """The id a story goes by in the end: ``story_id`` followed through ``absorbed_into``
    (each id a ``news.stories`` event lists in ``absorbed`` -> that event's id), as a
    subscriber maps the ids of articles published before a merge or a rename. Ids are only
    ever absorbed into stories seen earlier, so the chain ends."""
    while story_id in absorbed_into:
        story_id = absorbed_into[story_id]
    return story_id


def _sighting(found: dict[str, Any]) -> StorySighting:
    return StorySighting(found["at"], found["url"], found["site"], found["title"], found["article_id"])


def membership(index: StoryIndex, article: Article, text_signature: Signature | None) -> bytes:
    """The record of ``article``'s membership of its story (after ``track`` into ``index``):
    what another index needs to take it in with ``learn``, the story's earliest copy
    included."""
    first = index.first_of(article.story_id)
    record: dict[str, Any] = {"story_id": article.story_id, "at": article.fetched_at, "url": article.url,
              "site": article.site, "title": article.title, "article_id": article.id,
              "first": {"at": first.at, "url": first.url, "site": first.site, "title": first.title,
                        "article_id": first.article_id}}
    if text_signature is not None:
        record["size"] = text_signature.size
        record["keys"] = list(text_signature.band_keys)
        record["digest"] = base64.b64encode(text_signature.digest.astype(">u4").tobytes()).decode()
    return orjson.dumps(record)


def learn(index: StoryIndex, record: bytes) -> Merge | None:
    """Take a ``membership`` record into ``index``; the merge it made, if any."""
    found = orjson.loads(record)
    text_signature = None
    if "digest" in found:
        digest = np.frombuffer(base64.b64decode(found["digest"]), dtype=">u4").astype(np.uint32)
        text_signature = Signature(digest, found["size"], tuple(found["keys"]))
    first = _sighting(found["first"]) if "first" in found else None  # earlier versions wrote none
    return index.learn(found["story_id"], text_signature, _epoch(found["at"]), _sighting(found),
                       first, _epoch(first.at) if first is not None else None)


def merged(merge: Merge, version: str) -> StoryChange:
    """What ``news.stories`` gets for a merge: the state of the story that goes on (its
    ``absorbed`` naming the others), and the ids whose own records are now tombstones."""
    return _update(merge.story, version), merge.gone
