"""``newsstream publish``: pages from files into ``pages.raw``.

Every record is checked with the worker's own decoder before it is sent: a record that could
not become a page (no URL, a binary body, too large, bad JSON) is reported with the reason
and not sent. What is sent carries its ``page_id`` and ``fetched_at`` explicitly, so the
worker reads exactly what was checked; ``page_id`` is a hash of URL, fetch time and body, so
publishing the same archive twice gives the same ids (downstream events are idempotent).
Messages are keyed by host, which keeps a site's pages on one partition (one worker learns
its template).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from . import sources
from .decode import decode
from .errors import PageError
from .kafka import client_options, output_compression
from .pipeline import site_of
from .settings import Settings

_IN_FLIGHT = 500  # sends awaited together: throughput without unbounded memory


@dataclass(slots=True)
class Summary:
    published: int = 0
    page_ids: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> records
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> records
    examples: dict[str, str] = field(default_factory=dict)  # reason -> first file:position

    @property
    def read(self) -> int:
        return self.published + sum(self.skipped.values()) + sum(self.rejected.values())


def prepare(item: sources.Item, settings: Settings, now_ms: int) -> tuple[bytes, bytes, str]:
    """(key, value, page_id) of the message to send for ``item``; raises ``PageError``
    (with the reason) when the record cannot become a page."""
    assert item.value is not None
    page = decode(item.value, timestamp_ms=now_ms, max_body_bytes=settings.max_body_bytes)
    message: dict[str, Any] = orjson.loads(item.value)
    message["fetched_at"], message["page_id"] = page.fetched_at, page.page_id
    return site_of(page.url).encode(), orjson.dumps(message), page.page_id


def _reason(exc: PageError) -> str:
    return f"{type(exc).__name__}: {exc}"[:160]


async def publish(settings: Settings, paths: Iterable[Path], *, rate: float | None = None,
                  dry_run: bool = False, progress: Callable[[int], None] | None = None) -> Summary:
    """Send every page of ``paths`` to ``pages.raw`` (``dry_run``: check them, send nothing)."""
    from aiokafka import AIOKafkaProducer

    summary = Summary()
    producer = None if dry_run else AIOKafkaProducer(
        **client_options(settings), acks="all", linger_ms=5,
        max_request_size=settings.max_body_bytes * 2, compression_type=output_compression(settings))
    if producer is not None:
        await producer.start()
    started = time.monotonic()
    pending: list[asyncio.Future[Any]] = []
    try:
        for path in paths:
            for item in sources.read(path):
                if item.skipped is not None:
                    summary.skipped[item.skipped] += 1
                else:
                    try:
                        key, value, page_id = prepare(item, settings, int(time.time() * 1000))
                    except PageError as exc:
                        reason = _reason(exc)
                        summary.rejected[reason] += 1
                        summary.examples.setdefault(reason, f"{item.origin}:{item.position}")
                    else:
                        if producer is not None:
                            pending.append(await producer.send(settings.topics.raw, value, key=key))
                        summary.published += 1
                        summary.page_ids.append(page_id)
                if len(pending) >= _IN_FLIGHT:
                    await asyncio.gather(*pending)
                    pending.clear()
                if progress is not None:
                    progress(summary.read)
                if rate and (ahead := summary.published / rate - (time.monotonic() - started)) > 0:
                    await asyncio.sleep(ahead)
        await asyncio.gather(*pending)
    finally:
        if producer is not None:
            await producer.stop()
    return summary
