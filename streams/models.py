"""Typed events, one per topic, and the ids derived from them.

Each class mirrors ``schemas/<topic>.json``; ``tests/test_schemas.py`` keeps the two in step.
Ids are hashes of the input only, so re-processing a page yields the same ids (idempotent
outputs that downstream consumers or compacted topics can de-duplicate).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson


def stable_id(*parts: str) -> str:
    """A short, deterministic id: 16 bytes of BLAKE2b over the parts, hex-encoded."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


@dataclass(slots=True)
class RawPage:
    """A decoded ``pages.raw`` message: trusted shape, body already text."""

    url: str
    fetched_at: str
    content_type: str
    body: str
    page_id: str
    source: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_html(self) -> bool:
        return self.content_type != "text/plain"


@dataclass(slots=True)
class Dateline:
    place: str | None
    agency: str | None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    name: str
    type: str
    id: str | None
    count: int
    salience: float
    mentions: list[Mention]
    asset_id: str | None = None  # crypto assets: the ticker events' asset_id
    symbol: str | None = None  # crypto assets and listed companies: the ticker events' symbol


@dataclass(slots=True)
class Article:
    """A ``news.articles`` event."""

    id: str
    page_id: str
    url: str
    canonical_url: str
    site: str
    title: str | None
    section: str | None
    published_at: str | None
    dateline: Dateline | None
    byline: str | None
    captions: list[str]
    paragraphs: list[str]
    text: str
    language: str | None
    entities: list[Entity]
    entities_model: str | None  # the NER model that read the text; None: registry links only
    story_id: str  # the story its text belongs to: the article id of the story's first copy
    fetched_at: str
    pipeline_version: str

    @property
    def key(self) -> bytes:
        return self.id.encode()


@dataclass(slots=True)
class Quote:
    """A ``news.tickers`` event: one quote of a price widget, observed at crawl time."""

    id: str
    page_id: str
    url: str
    site: str
    symbol: str | None  # None only for a coin id the registry does not know (no invented symbol)
    name: str
    asset_id: str | None
    kind: str
    price: str
    change_pct: str | None
    currency: str
    observed_at: str
    widget: str
    pipeline_version: str

    @property
    def key(self) -> bytes:
        """One asset's quotes share a key, hence a partition, hence stay ordered."""
        return f"{self.kind}:{self.asset_id or self.symbol or self.name}".encode()


@dataclass(slots=True)
class DeadLetter:
    """A ``pages.deadletter`` event: the input bytes, where they came from and why they failed."""

    id: str
    key_base64: str | None
    value_base64: str
    topic: str | None
    partition: int | None
    offset: int | None
    timestamp_ms: int | None
    stage: str
    error_type: str
    error: str
    url: str | None
    page_id: str | None
    failed_at: str
    pipeline_version: str

    @property
    def key(self) -> bytes:
        return self.id.encode()


@dataclass(slots=True)
class StorySighting:
    """One copy of a story: when and where it was seen."""

    at: str
    url: str
    site: str
    title: str | None
    article_id: str


@dataclass(slots=True)
class StoryUpdate:
    """A ``news.stories`` event: a story's state after a copy joined it, or after another
    story was found to be the same one (the topic is compacted by story id, so it keeps each
    story's latest state; an absorbed story's id gets a tombstone)."""

    id: str
    first: StorySighting
    latest: StorySighting
    copies: int
    sites: int
    absorbed: list[str]  # ids it went by before: stories found later to be this one, or renamed
    pipeline_version: str

    @property
    def key(self) -> bytes:
        return self.id.encode()


Event = Article | Quote | DeadLetter | StoryUpdate


def to_json(event: Event) -> bytes:
    return orjson.dumps(event)


def to_dict(event: Event) -> dict[str, Any]:
    result: dict[str, Any] = orjson.loads(orjson.dumps(event))
    return result
