"""``newsstream replay``: re-process a bounded slice of ``pages.raw`` without touching the live
consumer group, through the same :class:`~streams.pipeline.Pipeline` as the worker.

- Bounds are found once, at the first start, and stored: the replay ends even while live
  traffic continues, and a resumed run keeps the original end.
- Start positions for a time come from bisecting record timestamps (correct on every broker;
  some Kafka-protocol brokers answer ``offsets_for_times`` by batch append time). Records whose
  timestamp falls outside the window are skipped, so a time window is exact.
- No consumer group: partitions are assigned by hand, so no committed offset moves anywhere.
- Progress is checkpointed after every batch whose outputs the broker acknowledged; running
  the same command again continues from there (at-least-once, ids are deterministic).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from . import batches
from .admin import ensure_topics
from .clean.site_memory import SiteMemory
from .kafka import client_options, output_compression
from .models import to_json
from .pipeline import Outcome, Pipeline, Record, site_of
from .settings import Settings, Topics
from .stories import StoryIndex, story_index, track

_RELATIVE = re.compile(r"^-(?P<n>\d+(?:\.\d+)?)(?P<unit>[smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True, slots=True)
class Bound:
    """A replay bound: an offset, a time (ms since the epoch), or the current end."""

    offset: int | None = None
    time_ms: int | None = None

    @classmethod
    def parse(cls, text: str, now: datetime | None = None) -> Bound:
        """``1200`` (offset), ``2026-11-27T08:00:00Z`` (time), ``-2h`` (relative), ``now``/``end``."""
        text = text.strip()
        if text in ("now", "end"):
            return cls()
        if text.isdigit():
            return cls(offset=int(text))
        now = now or datetime.now(UTC)
        if match := _RELATIVE.match(text):
            delta = timedelta(**{_UNITS[match["unit"]]: float(match["n"])})
            return cls(time_ms=int((now - delta).timestamp() * 1000))
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"not an offset, a time or a relative time: {text!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return cls(time_ms=int(when.timestamp() * 1000))


@dataclass(slots=True)
class ReplayState:
    """What a replay reads, where it stands, and what it produced so far (the checkpoint)."""

    key: str
    source: str
    ranges: dict[int, tuple[int, int]]           # partition -> [start, end)
    window_ms: tuple[int | None, int | None]     # records outside are skipped
    next: dict[int, int] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    done: bool = False

    @property
    def total(self) -> int:
        return sum(end - start for start, end in self.ranges.values())

    @property
    def read(self) -> int:
        return sum(self.next.get(p, s) - s for p, (s, _) in self.ranges.items())

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"key": self.key, "source": self.source, "window_ms": self.window_ms,
                "ranges": {str(p): r for p, r in self.ranges.items()},
                "next": {str(p): o for p, o in self.next.items()},
                "counts": dict(self.counts), "done": self.done}
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(orjson.dumps(data))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> ReplayState:
        data = orjson.loads(path.read_bytes())
        return cls(key=data["key"], source=data["source"],
                   ranges={int(p): (r[0], r[1]) for p, r in data["ranges"].items()},
                   window_ms=(data["window_ms"][0], data["window_ms"][1]),
                   next={int(p): o for p, o in data["next"].items()},
                   counts=Counter(data["counts"]), done=data["done"])


@dataclass(frozen=True, slots=True)
class ReplayRequest:
    start: Bound
    end: Bound
    partitions: tuple[int, ...] | None = None
    site: str | None = None
    rate: float | None = None
    to_topics: str = "live"

    def key(self, source: str) -> str:
        text = repr((source, self.start, self.end, self.partitions, self.site, self.to_topics))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def output_topics(settings: Settings, to_topics: str) -> Topics:
    """``live`` -> the live topics; anything else is a suffix: ``news.articles.<suffix>``."""
    topics = settings.topics
    if to_topics == "live":
        return topics
    return Topics(raw=topics.raw, articles=f"{topics.articles}.{to_topics}",
                  tickers=f"{topics.tickers}.{to_topics}",
                  deadletter=f"{topics.deadletter}.{to_topics}",
                  stories=f"{topics.stories}.{to_topics}")


async def _timestamp_at(consumer: AIOKafkaConsumer, tp: TopicPartition, offset: int) -> int | None:
    """Timestamp of the first record at or after ``offset`` (None past the end)."""
    consumer.seek(tp, offset)
    for _ in range(20):
        records = (await consumer.getmany(tp, timeout_ms=250, max_records=1)).get(tp, [])
        if records:
            return int(records[0].timestamp)
    return None


async def _high_watermark(consumer: AIOKafkaConsumer, tp: TopicPartition, low: int) -> int:
    """The fetch high watermark: exact even where ``end_offsets`` is not."""
    if await _timestamp_at(consumer, tp, low) is None:
        return low
    highwater = consumer.highwater(tp)
    return int(highwater) if highwater is not None else low


async def _offset_for_time(consumer: AIOKafkaConsumer, tp: TopicPartition, time_ms: int,
                           low: int, high: int) -> int:
    """First offset in [low, high) whose record timestamp is >= ``time_ms`` (bisection)."""
    while low < high:
        middle = (low + high) // 2
        stamp = await _timestamp_at(consumer, tp, middle)
        if stamp is None or stamp >= time_ms:
            high = middle
        else:
            low = middle + 1
    return low


async def _resolve(consumer: AIOKafkaConsumer, tp: TopicPartition, bound: Bound, low: int,
                   high: int) -> int:
    if bound.offset is not None:
        return min(max(bound.offset, low), high)
    if bound.time_ms is not None:
        return await _offset_for_time(consumer, tp, bound.time_ms, low, high)
    return high


async def plan(settings: Settings, request: ReplayRequest) -> ReplayState:
    source = settings.topics.raw
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        await consumer.topics()
        available = sorted(consumer.partitions_for_topic(source) or ())
        if not available:
            raise ValueError(f"topic {source!r} does not exist or has no partitions")
        chosen = [p for p in available if request.partitions is None or p in request.partitions]
        tps = [TopicPartition(source, p) for p in chosen]
        consumer.assign(tps)
        beginnings = await consumer.beginning_offsets(tps)
        ranges = {}
        for tp in tps:
            low = beginnings[tp]
            high = await _high_watermark(consumer, tp, low)
            start = await _resolve(consumer, tp, request.start, low, high)
            end = await _resolve(consumer, tp, request.end, low, high)
            ranges[tp.partition] = (start, max(start, end))
    finally:
        await consumer.stop()
    return ReplayState(key=request.key(source), source=source, ranges=ranges,
                       window_ms=(request.start.time_ms, request.end.time_ms))


def _in_window(state: ReplayState, timestamp_ms: int) -> bool:
    since, until = state.window_ms
    return (since is None or timestamp_ms >= since) and (until is None or timestamp_ms < until)


def _wanted_site(value: bytes | None, site: str) -> bool:
    try:
        url = orjson.loads(value or b"").get("url")
    except (orjson.JSONDecodeError, AttributeError):
        return False
    host = site_of(url) if isinstance(url, str) else ""
    return host == site or host.endswith(f".{site}")


async def _publish(producer: AIOKafkaProducer, topics: Topics, outcomes: list[Outcome],
                   stories: StoryIndex) -> None:
    pending = []
    for outcome in outcomes:
        for article, signature in zip(outcome.articles, outcome.signatures, strict=True):
            if (change := track(stories, article, signature)) is not None:
                update, gone = change
                pending.append(await producer.send(topics.stories, to_json(update), key=update.key))
                for story_id in gone:
                    pending.append(await producer.send(topics.stories, None, key=story_id.encode()))
            pending.append(await producer.send(topics.articles, to_json(article), key=article.key))
        for quote in outcome.quotes:
            pending.append(await producer.send(topics.tickers, to_json(quote), key=quote.key))
        if (letter := outcome.dead_letter) is not None:
            key = outcome.record.key if outcome.record.key is not None else letter.key
            pending.append(await producer.send(topics.deadletter, to_json(letter), key=key))
    await asyncio.gather(*pending)


ProgressCallback = Callable[[int, int], None]  # (records read, total)


async def run(settings: Settings, request: ReplayRequest, state: ReplayState, checkpoint: Path,
              progress: ProgressCallback | None = None) -> ReplayState:
    topics = output_topics(settings, request.to_topics)
    if request.to_topics != "live":
        await ensure_topics(settings, [topics.articles, topics.tickers, topics.deadletter, topics.stories])
    pipeline = Pipeline.from_settings(settings)
    memory = SiteMemory(settings.site_memory_mb << 20) if settings.site_memory else None
    stories = story_index(settings.story_window_days, settings.story_index_mb)  # the slice's own copies meet
    batches.install()
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None,
                                enable_auto_commit=False, max_partition_fetch_bytes=8 * 1024 * 1024)
    producer = AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5,
                                max_request_size=settings.max_body_bytes * 2,
                                compression_type=output_compression(settings))
    await consumer.start()
    await producer.start()
    started, read_before = time.monotonic(), state.read
    try:
        remaining = {p: r for p, r in state.ranges.items() if state.next.get(p, r[0]) < r[1]}
        tps = {p: TopicPartition(state.source, p) for p in remaining}
        consumer.assign(list(tps.values()))
        for p, tp in tps.items():
            consumer.seek(tp, state.next.get(p, remaining[p][0]))
        while remaining:
            fetched = await consumer.getmany(*[tps[p] for p in remaining], timeout_ms=500,
                                             max_records=settings.batch_size)
            records: list[Record] = []
            for p, (_, end) in remaining.items():
                batch = fetched.get(tps[p], [])
                for message in batch:
                    if message.offset >= end:
                        break
                    state.next[p] = message.offset + 1
                    undecodable = batches.undecodable(message.value)
                    if undecodable is None and not _in_window(state, message.timestamp):
                        state.counts["outside_window"] += 1
                    elif (undecodable is None and request.site
                          and not _wanted_site(message.value, request.site)):
                        state.counts["other_site"] += 1
                    else:
                        records.append(Record(message.value, message.key, message.topic,
                                              message.partition, message.offset,
                                              message.timestamp, undecodable))
                # Past the end (or at a gap that reaches it, e.g. compacted away): finished.
                if (batch and batch[-1].offset >= end) or await consumer.position(tps[p]) >= end:
                    state.next[p] = end
            outcomes = await asyncio.to_thread(pipeline.process, records, memory)
            await _publish(producer, topics, outcomes, stories)
            for outcome in outcomes:
                state.counts[outcome.kind.value] += 1
                if memory is not None and outcome.site_observation is not None:
                    memory.observe(outcome.site_observation)
            remaining = {p: r for p, r in remaining.items() if state.next.get(p, r[0]) < r[1]}
            state.done = not remaining
            state.save(checkpoint)
            if progress is not None:
                progress(state.read, state.total)
            if request.rate:
                ahead = (state.read - read_before) / request.rate - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
    finally:
        await producer.stop()
        await consumer.stop()
    state.done = True
    state.save(checkpoint)
    return state
