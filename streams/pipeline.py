"""The one path every entry point takes (worker, ``process``, replay): raw message -> outcome.

raw bytes -> RawPage -> ParsedPage -> (quotes, CleanDocument) -> Article + entities -> events.
Every record yields exactly one :class:`Outcome`: events to publish, nothing to publish, or a
dead letter with the failing stage and reason. No exception escapes for a bad page.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import TypeVar
from urllib.parse import urlsplit

import orjson

from . import PIPELINE_VERSION
from .clean import clean
from .clean.site_memory import SiteObservation, SiteStats, drop_template_blocks
from .decode import decode
from .document import CleanDocument, FoundQuote, parse
from .entities import enrich_texts, model_for
from .errors import OverTimeBudget, PageError, UndecodableBatch
from .models import Article, DeadLetter, Entity, Quote, RawPage, stable_id
from .settings import Settings
from .stories import Signature, signature
from .tickers import split_quotes

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Record:
    """A message as it arrived, with its coordinates (all optional offline)."""

    value: bytes | None
    key: bytes | None = None
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    timestamp_ms: int | None = None
    undecodable: str | None = None  # why the record batch this stands for could not be decoded


class Kind(StrEnum):
    PUBLISHED = "published"
    NOTHING = "nothing_to_publish"
    DEAD_LETTER = "dead_letter"


@dataclass(slots=True)
class Outcome:
    record: Record
    articles: list[Article] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dead_letter: DeadLetter | None = None
    site_observation: SiteObservation | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)  # CPU time per stage
    extractor: str | None = None  # what found the article body (text, density, trafilatura)
    signatures: list[Signature | None] = field(default_factory=list)  # per article, for stories

    @property
    def kind(self) -> Kind:
        if self.dead_letter is not None:
            return Kind.DEAD_LETTER
        return Kind.PUBLISHED if self.articles or self.quotes else Kind.NOTHING


@dataclass(slots=True)
class _Split:
    page: RawPage
    document: CleanDocument
    quotes: list[FoundQuote]


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _article_id(page: RawPage, canonical_url: str | None) -> str:
    """Keyed by the canonical URL, so a re-crawl updates the same article; a canonical link
    to another site or to a home page is not trusted."""
    url = page.url
    if canonical_url:
        parts = urlsplit(canonical_url)
        if site_of(canonical_url) == site_of(page.url) and parts.path not in ("", "/"):
            url = canonical_url
    return stable_id("article", url)


def _remember(split: _Split, site_memory: Mapping[str, SiteStats]) -> SiteObservation:
    site, doc = site_of(split.page.url), split.document
    observation = SiteObservation(site, doc.canonical_url or split.page.url, doc.paragraphs)
    doc.paragraphs = drop_template_blocks(doc.paragraphs, site_memory.get(site), observation.url)
    return observation


T = TypeVar("T")


def _timed(seconds: dict[str, float], stage: str, run: Callable[[], T]) -> T:
    """Run one stage, adding its CPU time (this thread's) to ``seconds[stage]``."""
    started = time.thread_time()
    try:
        return run()
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.thread_time() - started


class _Failed(Exception):
    """A page's failure with the stage it happened in and the page, if decoding got that far."""

    def __init__(self, stage: str, error: Exception, page: RawPage | None) -> None:
        super().__init__(stage, error)
        self.stage, self.error, self.page = stage, error, page


def _reason(exc: BaseException) -> str:
    """Our own errors speak for themselves; anything else is named with its type."""
    text = str(exc) if isinstance(exc, PageError) else f"{type(exc).__name__}: {exc}"
    return text[:2000]


class Pipeline:
    def __init__(self, *, max_body_bytes: int = 5 * 1024 * 1024, time_budget_s: float = 10.0,
                 story_cache: int = 4096, stories: bool = True,
                 version: str = PIPELINE_VERSION) -> None:
        self.max_body_bytes = max_body_bytes
        self.stories = stories  # compute each article's text signature (story grouping)
        self.time_budget_s = time_budget_s
        self.version = version
        # Syndicated copies of one wire story share their text: NER runs once per story.
        self._stories: OrderedDict[bytes, list[Entity]] = OrderedDict()
        self._story_cache = story_cache

    def warm_up(self) -> None:
        """Load the model and fill the parsers' caches on the sample pages, so that the first
        real pages do not wait about a second for them."""
        from . import samples

        self.process([Record(orjson.dumps(m)) for m in (samples.seed_message(), *samples.html_messages())])
        self._stories.clear()

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        return cls(max_body_bytes=settings.max_body_bytes, time_budget_s=settings.time_budget_s,
                   story_cache=settings.story_cache, stories=settings.stories)

    def process(self, records: Sequence[Record],
                site_memory: Mapping[str, SiteStats] | None = None) -> list[Outcome]:
        """Outcomes in input order. NER runs once over the batch's article texts.

        ``site_memory`` (site -> ``SiteStats``) switches on per-site template removal;
        each outcome then carries the observation to fold back into that memory."""
        outcomes = [Outcome(r) for r in records]
        splits: dict[int, _Split] = {}
        for i, outcome in enumerate(outcomes):
            try:
                splits[i] = split = self._split(outcome.record, outcome.stage_seconds)
            except _Failed as failed:
                outcome.dead_letter = self._dead_letter(outcome.record, failed.error, failed.page,
                                                        failed.stage)
                continue
            outcome.extractor = split.document.extractor
            if site_memory is not None and split.document.paragraphs:
                outcome.site_observation = _remember(split, site_memory)
        texts = {i: "\n\n".join(s.document.paragraphs)
                 for i, s in splits.items() if s.document.paragraphs}
        languages = {i: splits[i].document.language for i in texts}
        started = time.thread_time()
        entities = self._enrich(texts, languages, outcomes, splits)
        for i in texts:  # the batch's model time, shared evenly by its articles
            outcomes[i].stage_seconds["enrich"] = (time.thread_time() - started) / len(texts)
        for i, split in splits.items():
            outcomes[i].quotes = [self._quote(split.page, q) for q in split.quotes]
            if i in entities:
                outcomes[i].articles = [self._article(split, texts[i], entities[i])]
                outcomes[i].signatures = [_timed(outcomes[i].stage_seconds, "story",
                                                 partial(signature, texts[i]))] if self.stories else [None]
        return outcomes

    def _enrich(self, texts: dict[int, str], languages: dict[int, str | None],
                outcomes: list[Outcome], splits: dict[int, _Split]) -> dict[int, list[Entity]]:
        """One model pass for the batch; if it fails, page by page, so that only the page
        that breaks the model is dead-lettered."""
        try:
            return self._entities_by_story(texts, languages)
        except Exception:
            log.exception("batched NER failed; retrying page by page")
        found: dict[int, list[Entity]] = {}
        for i, text in texts.items():
            try:
                found[i] = enrich_texts([text], [languages[i]])[0]
            except Exception as exc:
                split = splits.pop(i)
                outcomes[i].dead_letter = self._dead_letter(outcomes[i].record, exc, split.page,
                                                            "enrich")
        return found

    def _entities_by_story(self, texts: dict[int, str],
                           languages: dict[int, str | None]) -> dict[int, list[Entity]]:
        """One model pass over the batch's distinct stories not seen recently."""
        keys = {i: hashlib.blake2b(f"{languages[i]}\x1f{t}".encode(), digest_size=16).digest()
                for i, t in texts.items()}
        new = {keys[i]: i for i in texts if keys[i] not in self._stories}
        if new:
            found_new = enrich_texts([texts[i] for i in new.values()],
                                     [languages[i] for i in new.values()])
            for key, entities in zip(new, found_new, strict=True):
                self._stories[key] = entities
        found = {}
        for i, key in keys.items():
            self._stories.move_to_end(key)
            found[i] = self._stories[key]
        while len(self._stories) > self._story_cache:
            self._stories.popitem(last=False)
        return found

    def _split(self, record: Record, seconds: dict[str, float]) -> _Split:
        """Decode, parse, split widgets, clean: each timed; a failure names its stage."""
        page: RawPage | None = None
        try:
            if record.undecodable is not None:
                raise UndecodableBatch(record.undecodable)
            page = self._within_budget(seconds, "decode", lambda: decode(
                record.value, timestamp_ms=record.timestamp_ms, max_body_bytes=self.max_body_bytes))
            parsed = self._within_budget(seconds, "parse", lambda: parse(page))  # type: ignore[arg-type]
            quotes = self._within_budget(seconds, "tickers", lambda: split_quotes(parsed))
            return _Split(page, self._within_budget(seconds, "clean", lambda: clean(parsed)), quotes)
        except Exception as exc:
            stage = exc.stage if isinstance(exc, PageError) else next(reversed(seconds))
            raise _Failed(stage, exc, page) from exc

    def _within_budget(self, seconds: dict[str, float], stage: str, run: Callable[[], T]) -> T:
        """Run a timed stage, then stop the page if its CPU time so far is over budget. A stage
        cannot be interrupted from Python; the body-size cap is what bounds a single stage."""
        result = _timed(seconds, stage, run)
        if (used := sum(seconds.values())) > self.time_budget_s:
            raise OverTimeBudget(f"page used {used:.2f} s of CPU by the end of {stage}, over the "
                                 f"{self.time_budget_s:g} s budget", stage=stage)
        return result

    def _article(self, split: _Split, text: str, entities: list) -> Article:
        page, doc = split.page, split.document
        return Article(
            id=_article_id(page, doc.canonical_url),
            page_id=page.page_id,
            url=page.url,
            canonical_url=doc.canonical_url or page.url,
            site=site_of(page.url),
            title=doc.title,
            section=doc.section,
            published_at=doc.published_at,
            dateline=doc.dateline,
            byline=doc.byline,
            captions=doc.captions,
            paragraphs=doc.paragraphs,
            text=text,
            language=doc.language,
            entities=entities,
            entities_model=model_for(doc.language),
            story_id=_article_id(page, doc.canonical_url),  # a story of its own until tracked
            fetched_at=page.fetched_at,
            pipeline_version=self.version,
        )

    def _quote(self, page: RawPage, q: FoundQuote) -> Quote:
        return Quote(
            id=stable_id("quote", page.page_id, q.widget, q.asset_id or q.symbol or q.name),
            page_id=page.page_id,
            url=page.url,
            site=site_of(page.url),
            symbol=q.symbol,
            name=q.name,
            asset_id=q.asset_id,
            kind=q.kind,
            price=q.price,
            change_pct=q.change_pct,
            currency=q.currency,
            observed_at=page.fetched_at,
            widget=q.widget,
            pipeline_version=self.version,
        )

    def _dead_letter(self, record: Record, exc: BaseException, page: RawPage | None,
                     stage: str) -> DeadLetter:
        value = record.value or b""
        where = f"{record.topic}/{record.partition}/{record.offset}"
        return DeadLetter(
            id=stable_id("deadletter", where, base64.b64encode(value).decode()),
            key_base64=base64.b64encode(record.key).decode() if record.key is not None else None,
            value_base64=base64.b64encode(value).decode(),
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            timestamp_ms=record.timestamp_ms,
            stage=stage,
            error_type=type(exc).__name__,
            error=_reason(exc),
            url=page.url if page else None,
            page_id=page.page_id if page else None,
            failed_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            pipeline_version=self.version,
        )

