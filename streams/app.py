"""The faust app: topics and the page agent. Only wiring, batching and offsets live here;
all processing is :class:`streams.pipeline.Pipeline`.

At-least-once: a batch's events are acked (and so become committable) only after every
output record of the batch is acknowledged by the broker. Outputs carry deterministic ids,
so a re-delivered page produces identical events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Iterator
from typing import Any, cast

import faust
from faust.types import EventT, ProducerT, StreamT

from . import batches
from .clean.site_memory import SiteMemory
from .consumer import use_fetch_wait
from .http import Probes
from .kafka import codecs, follow_topic, output_compression, ssl_context
from .logs import page_context
from .metrics import BATCH_SECONDS, DEAD_LETTERS, EVENTS, EXTRACTOR, PAGES, STAGE_SECONDS
from .models import to_json
from .pipeline import Outcome, Pipeline, Record
from .settings import Settings
from .stories import Merge, StoryChange, StoryIndex, learn, membership, merged, story_index, track
from .watchdog import Watchdog

log = logging.getLogger(__name__)

def _credentials(settings: Settings) -> Any:
    if "SASL" in settings.security_protocol:
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password,
            mechanism=settings.sasl_mechanism,
            ssl_context=ssl_context(settings),
        )
    return ssl_context(settings)


def create_app(settings: Settings) -> faust.App:
    batches.install()  # an undecodable record batch becomes a dead letter, not a crash loop
    log.info("compression codecs available: %s; outputs compressed with %s",
             ", ".join(name for name, ok in codecs().items() if ok), settings.compression)
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.bootstrap_servers.split(",")],
        broker_credentials=_credentials(settings),
        datadir=settings.data_dir,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.heartbeat_interval_s,
        broker_rebalance_timeout=settings.rebalance_timeout_s,
        broker_commit_interval=settings.commit_interval_s,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_compression_type=output_compression(settings),
        web_enabled=False,
        autodiscover=False,
    )
    use_fetch_wait(app, settings.fetch_max_wait_ms)
    topics = settings.topics

    # Keys and values stay bytes: decoding is the pipeline's job, so bad input is dead-lettered
    # instead of crashing faust's deserializer.
    raw = app.topic(topics.raw, partitions=settings.partitions, key_type=bytes, value_type=bytes,
                    key_serializer="raw", value_serializer="raw")
    output_topics = {"articles": topics.articles, "tickers": topics.tickers,
                     "deadletter": topics.deadletter, "stories": topics.stories,
                     "members": settings.story_members_topic}
    pipeline = Pipeline.from_settings(settings)
    pipeline.warm_up()  # before the worker joins the group and reports ready
    # Per-site template memory, kept in this worker's memory. Not a faust table: table
    # recovery after a crash lost input records in the crash test against the embedded
    # broker, and a heuristic cache is cheap to relearn (a few pages per site).
    memory = SiteMemory(settings.site_memory_mb << 20) if settings.site_memory else None
    # Stories: this worker's index of the window's articles. Every worker publishes each
    # article's membership to an internal topic and reads everyone's (its own included, after
    # a restart), so copies meet whichever worker sees them; pages wait until the index has
    # read what the topic held at start-up.
    stories = story_index(settings.story_window_days, settings.story_index_mb) if settings.stories else None
    stories_ready = asyncio.Event()
    if stories is None:
        stories_ready.set()
    else:
        @app.task
        async def follow_story_members() -> None:
            await _follow_memberships(app, settings, stories, stories_ready, pipeline.version)

    watchdog = Watchdog(app, topics.raw, stall_s=settings.stall_timeout_s)
    app.timer(max(settings.stall_timeout_s / 3, 1.0))(watchdog.check)
    if settings.http_port > 0:
        probes = Probes(app, settings.http_port, watchdog)
        app.task(probes.start)
        app.timer(1.0)(probes.tick)

    @app.agent(raw, concurrency=1)
    async def pages(stream: StreamT[bytes]) -> None:
        # Manual acks: an event is acked only after the outputs of its batch are acknowledged
        # by the broker; a batch interrupted by a crash, shutdown or rebalance is never acked,
        # so it is re-delivered. (faust's take_events acks a batch even when cancelled, and
        # can pair a value with the wrong event, so it is not used.)
        manual = cast(faust.Stream[bytes], stream).noack()
        queue = raw.queue
        batch: list[EventT] = []
        await stories_ready.wait()
        async for event in manual.events():
            batch.append(event)
            # Batch under load, go at once when nothing else is waiting.
            if len(batch) < settings.batch_size and not queue.empty():
                continue
            records = [_record(e) for e in batch]
            with BATCH_SECONDS.time():
                outcomes = await asyncio.to_thread(pipeline.process, records, memory)
            changes, members = _track_stories(stories, outcomes) if stories is not None else ([], [])
            await _publish(app.producer, output_topics, outcomes, changes, members)
            for outcome in outcomes:
                if memory is not None and outcome.site_observation is not None:
                    memory.observe(outcome.site_observation)
            for done in batch:
                await manual.ack(done)
            batch = []

    return app


def _record(event: EventT) -> Record:
    message = event.message
    return Record(
        value=message.value,
        key=message.key,
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        timestamp_ms=int(message.timestamp * 1000) if message.timestamp else None,
        undecodable=batches.undecodable(message.value),
    )


def _track_stories(stories: StoryIndex, outcomes: list[Outcome]
                   ) -> tuple[list[StoryChange], list[tuple[bytes, bytes]]]:
    """Put the batch's articles in their stories: the news.stories changes and the membership
    records (key, value) the batch publishes."""
    changes, members = [], []
    for outcome in outcomes:
        for article, signature in zip(outcome.articles, outcome.signatures, strict=True):
            if (change := track(stories, article, signature)) is not None:
                changes.append(change)
            members.append((article.key, membership(stories, article, signature)))
    return changes, members


def _messages(outcomes: list[Outcome], changes: list[StoryChange],
              members: list[tuple[bytes, bytes]]) -> Iterator[tuple[str, bytes, bytes | None]]:
    """(output, key, value) for every record of the batch; a retired story id gets a
    tombstone (None). A dead letter keeps the input's original key bytes when it had one."""
    for article_key, record in members:
        yield "members", article_key, record
    for update, gone in changes:
        yield "stories", update.key, to_json(update)
        for story_id in gone:
            yield "stories", story_id.encode(), None
    for outcome in outcomes:
        for article in outcome.articles:
            yield "articles", article.key, to_json(article)
        for quote in outcome.quotes:
            yield "tickers", quote.key, to_json(quote)
        if (letter := outcome.dead_letter) is not None:
            key = outcome.record.key
            yield "deadletter", key if key is not None else letter.key, to_json(letter)


async def _publish(producer: ProducerT, outputs: dict[str, str], outcomes: list[Outcome],
                   changes: list[StoryChange], members: list[tuple[bytes, bytes]]) -> None:
    """Send every output of the batch and wait for the broker's acknowledgements, retrying
    with back-off until they are durable: the input is never acked before its outputs.

    The records go straight to the producer. A faust ``Topic.send`` would cost several times
    more per record (a page can carry fifty quotes), and by default attaches a send made in
    an agent to the current event, publishing it only after that event is acked: a crash
    between the commit and that late send would lose the outputs of committed input."""
    delay = 0.5
    while True:
        try:
            pending: list[Awaitable[Any]] = []
            for topic, key, value in _messages(outcomes, changes, members):
                pending.append(await producer.send(outputs[topic], key, value, None, None, None))
            await asyncio.gather(*pending)
            break
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("publishing a batch failed; retrying in %.1fs", delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
    EVENTS.labels("stories").inc(len(changes))
    for outcome in outcomes:
        PAGES.labels(outcome.kind.value).inc()
        if outcome.extractor is not None:
            EXTRACTOR.labels(outcome.extractor).inc()
        for stage, seconds in outcome.stage_seconds.items():
            STAGE_SECONDS.labels(stage).observe(seconds)
        EVENTS.labels("articles").inc(len(outcome.articles))
        EVENTS.labels("tickers").inc(len(outcome.quotes))

        if (letter := outcome.dead_letter) is not None:
            DEAD_LETTERS.labels(letter.stage, letter.error_type).inc()
            EVENTS.labels("deadletter").inc()
            log.warning("dead letter %s/%s/%s: %s: %s", letter.topic, letter.partition,
                        letter.offset, letter.error_type, letter.error,
                        extra=page_context(letter.page_id, url=letter.url, topic=letter.topic,
                                           partition=letter.partition, offset=letter.offset,
                                           stage=letter.stage, error_type=letter.error_type))


async def _publish_merges(producer: ProducerT, topic: str, merges: list[Merge], version: str) -> None:
    """The merges' ``news.stories`` records. A failure is logged, not retried: every later
    event of the surviving story names what it absorbed."""
    try:
        pending: list[Awaitable[Any]] = []
        for merge in merges:
            update, gone = merged(merge, version)
            pending.append(await producer.send(topic, update.key, to_json(update), None, None, None))
            for story_id in gone:
                pending.append(await producer.send(topic, story_id.encode(), None, None, None, None))
        await asyncio.gather(*pending)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("publishing %d story merges failed", len(merges))
        return
    EVENTS.labels("stories").inc(len(merges))


async def _follow_memberships(app: faust.App, settings: Settings, stories: StoryIndex,
                              ready: asyncio.Event, version: str) -> None:
    """Read every story membership any worker publishes, from the oldest the topic keeps
    (the story window), into this worker's index; ``ready`` once what the topic held at
    start-up is in.

    A membership that shows two stories to be one (two workers opened it at once) is a
    merge: ``news.stories`` gets the surviving story's state and a tombstone for the other.
    Every worker learns of the merge and publishes it (the same ids; the topic is compacted),
    except while reading the backlog at start-up: those merges were published when they
    happened."""
    learned = 0
    async for records, caught_up in follow_topic(settings, settings.story_members_topic):
        merges: list[Merge] = []
        for record in records:
            if record.value is not None:
                merge = learn(stories, record.value)
                learned += 1
                if merge is not None and ready.is_set():
                    merges.append(merge)
        if merges:
            await _publish_merges(app.producer, settings.topics.stories, merges, version)
        if caught_up and not ready.is_set():
            log.info("story index ready: %d memberships read, %d stories", learned, stories.story_count)
            ready.set()
