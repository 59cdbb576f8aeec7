"""Stories: syndicated copies of one text share a story id.

A wire story is republished by many sites; subscribers count and alert on stories, not on
URLs. Two articles are one story when one's text is (almost) contained in the other's:
near-duplicates, not the same topic. ``signature`` summarises a text (pure, computed with
the other per-page work); ``StoryIndex`` decides, article by article, which story each
joins; ``track`` applies the decision to an article and says what changed for
``news.stories``. The index is state: the stream layer and ``newsstream process`` own it.
"""

from __future__ import annotations

from datetime import datetime

from ..models import Article, StorySighting, StoryUpdate
from .index import Story, StoryIndex
from .signature import Signature, signature

__all__ = ["Signature", "StoryIndex", "signature", "track"]


def _epoch(at: str) -> float:
    return datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()


def _update(story: Story, version: str) -> StoryUpdate:
    return StoryUpdate(id=story.id, first=story.first, latest=story.latest,
                       copies=story.copies, sites=story.site_count, pipeline_version=version)


def track(index: StoryIndex, article: Article, text_signature: Signature | None) -> StoryUpdate | None:
    """Put ``article`` in its story (setting ``story_id``); the story's new state, or None
    when the article was already a member (a re-delivery: nothing changed)."""
    seen = StorySighting(article.fetched_at, article.url, article.site, article.title, article.id)
    assignment = index.assign(text_signature, _epoch(article.fetched_at), seen)
    article.story_id = assignment.story.id
    return _update(assignment.story, article.pipeline_version) if assignment.changed else None
