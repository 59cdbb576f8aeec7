"""Crash safety on the real broker: workers killed with SIGKILL at random moments lose nothing,
and re-deliveries are exact duplicates (same id, same bytes)."""

from __future__ import annotations

import asyncio
import random
import signal
import threading
import time
from collections import defaultdict

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from streams.kafka import client_options
from streams.settings import Settings
from tests.integration.conftest import Stack, consume_until, make_stack

pytestmark = pytest.mark.integration
PAGES = 5000


def _page(i: int) -> bytes:
    body = (f"Port bulletin {i}\n\nThe port authority of Gdansk said on Tuesday that berth {i} "
            f"would reopen after repairs costing {i * 7} thousand zloty, ahead of the winter.")
    return orjson.dumps({"url": f"https://site{i % 40}.example/bulletins/{i}",
                         "fetched_at": "2026-11-27T08:00:00Z", "content_type": "text/plain",
                         "body": body})


async def _produce(settings: Settings, count: int) -> None:
    producer = AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5)
    await producer.start()
    try:
        pending = [await producer.send(settings.topics.raw, _page(i), key=f"k{i}".encode())
                   for i in range(count)]
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


class _Progress:
    """Counts output records as they arrive, with a group-less consumer: asking the live
    group for its committed offsets many times a second would disturb that very group."""

    def __init__(self, settings: Settings) -> None:
        self.settings, self.count = settings, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self._thread.start()

    async def _run(self) -> None:
        consumer = AIOKafkaConsumer(self.settings.topics.articles, group_id=None,
                                    auto_offset_reset="earliest",
                                    **client_options(self.settings))
        await consumer.start()
        try:
            while not self._stop.is_set():
                batch = await consumer.getmany(timeout_ms=100)
                self.count += sum(len(records) for records in batch.values())
        finally:
            await consumer.stop()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def wait_for_outputs(settings: Settings, at_least: int, timeout_s: float = 90) -> int:
    """Block until ``at_least`` articles are out (or the timeout); returns how many were."""
    progress = _Progress(settings)
    deadline = time.monotonic() + timeout_s
    while progress.count < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
    progress.close()
    return progress.count


def _kill(stack: Stack, slot: int, rng: random.Random, times: int) -> list[int]:
    """SIGKILL the worker in ``slot`` at random points of the run (after a random share of the
    pages has come out, never at the end); the stack's supervisor restarts it. Returns the
    progress (output records) at each kill."""
    progress = _Progress(stack.settings)
    kills = []
    try:
        for k in range(times):
            target = int(PAGES * (k + rng.uniform(0.2, 0.8)) / (times + 1))
            deadline = time.monotonic() + 120
            while progress.count < target and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.3))
            kills.append(progress.count)
            worker = stack.workers[slot]
            worker.send_signal(signal.SIGKILL)
            while stack.workers[slot] is worker:  # until the supervisor has replaced it
                time.sleep(0.05)
    finally:
        progress.close()
    return kills


def _check(stack: Stack) -> None:
    topic = stack.settings.topics.articles
    found = consume_until(stack.settings, lambda f: len({r.key for r in f[topic]}) >= PAGES,
                          timeout_s=240, settle_s=2.0, topics=[topic])
    copies: dict[bytes, set[bytes]] = defaultdict(set)
    urls = set()
    for record in found[topic]:
        copies[record.key].add(record.value)
        urls.add(orjson.loads(record.value)["url"])
    assert len(copies) == PAGES  # every page has its article, none missing, no stray ids
    assert urls == {f"https://site{i % 40}.example/bulletins/{i}" for i in range(PAGES)}
    assert all(len(values) == 1 for values in copies.values())  # duplicates are exact copies
    print(f"{len(found[topic]) - PAGES} re-delivered duplicates across {PAGES} pages")


@pytest.mark.parametrize(("workers", "victim"), [(1, 0), (2, 1)], ids=["one-worker", "two-workers"])
def test_sigkilled_workers_lose_nothing(broker, tmp_path, workers, victim):
    """SIGKILL one worker three times mid-stream (with two, they share the partitions and the
    survivor takes over); every page still gets exactly its outputs."""
    stack = make_stack(broker, tmp_path, partitions=4)
    for _ in range(workers):
        stack.start_worker()
    stack.supervise()
    try:
        asyncio.run(_produce(stack.settings, PAGES))
        kills = _kill(stack, victim, random.Random(20261127 + workers), times=3)
        assert len(kills) == 3 and all(0 < k < PAGES for k in kills), kills
        _check(stack)
    finally:
        stack.stop()
