"""Integration fixtures: a real Kafka-protocol broker (embedded Tansu) and real worker
processes (``python -m streams worker``), with short group timeouts so joins take ~1 s."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest

from streams.admin import ensure_topics
from streams.broker import EmbeddedBroker, free_port
from streams.kafka import client_options
from streams.settings import Settings

FAST_GROUP = {
    "NEWSSTREAM_SESSION_TIMEOUT": "2",
    "NEWSSTREAM_HEARTBEAT_INTERVAL": "0.5",
    "NEWSSTREAM_REBALANCE_TIMEOUT": "2",
    "NEWSSTREAM_COMMIT_INTERVAL": "0.5",
    "NEWSSTREAM_LOG_LEVEL": "warning",
    "NEWSSTREAM_STALL_TIMEOUT": "6",
}


@pytest.fixture(scope="session")
def broker() -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker() as running:
        yield running


@dataclass
class Stack:
    """One isolated set of topics and a consumer group on the shared broker."""

    env: dict[str, str]
    settings: Settings
    workers: list[subprocess.Popen[bytes]]
    log_dir: Path
    started: int = 0
    restarts: list[int] = field(default_factory=list)  # exit codes of supervised restarts
    http_ports: list[int] = field(default_factory=list)  # each started worker's /metrics port
    _supervising: threading.Event | None = None
    _supervisor: threading.Thread | None = None

    def start_worker(self, http_port: int | None = None) -> subprocess.Popen[bytes]:
        """A worker process with its own HTTP port and data directory, as in production."""
        n, self.started = self.started, self.started + 1
        self.http_ports.append(http_port or free_port())
        env = {**self.env, "NEWSSTREAM_HTTP_PORT": str(self.http_ports[-1]),
               "NEWSSTREAM_DATA_DIR": str(self.log_dir / f"data-{n}")}
        log = (self.log_dir / f"worker-{n}.log").open("wb")
        worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env,
                                  stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.workers.append(worker)
        return worker

    def supervise(self) -> None:
        """Restart any worker that exits, as Kubernetes or compose's restart policy would."""
        self._supervising = threading.Event()

        def loop() -> None:
            while not self._supervising.wait(0.3):
                for slot, worker in enumerate(self.workers):
                    if worker.poll() is not None:
                        self.restarts.append(worker.returncode)
                        self.workers[slot] = self.start_worker()
                        self.workers.pop()  # start_worker appended it; it belongs in ``slot``

        self._supervisor = threading.Thread(target=loop, daemon=True)
        self._supervisor.start()

    def stop(self) -> None:
        if self._supervising is not None:
            self._supervising.set()
            self._supervisor.join()
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def make_stack(broker: EmbeddedBroker, tmp: Path, partitions: int = 2) -> Stack:
    suffix = uuid.uuid4().hex[:8]
    env = {**os.environ, **FAST_GROUP,
           "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
           "NEWSSTREAM_APP_ID": f"newsstream-test-{suffix}",
           "NEWSSTREAM_DATA_DIR": str(tmp / "data"),
           "NEWSSTREAM_PARTITIONS": str(partitions),
           "NEWSSTREAM_TOPIC_RAW": f"pages.raw.{suffix}",
           "NEWSSTREAM_TOPIC_ARTICLES": f"news.articles.{suffix}",
           "NEWSSTREAM_TOPIC_TICKERS": f"news.tickers.{suffix}",
           "NEWSSTREAM_TOPIC_DEADLETTER": f"pages.deadletter.{suffix}",
           "NEWSSTREAM_TOPIC_STORIES": f"news.stories.{suffix}"}
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        settings = Settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    asyncio.run(ensure_topics(settings))
    return Stack(env, settings, [], tmp)


@pytest.fixture(scope="module")
def stack(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = make_stack(broker, tmp_path_factory.mktemp("stack"))
    running.start_worker()
    yield running
    running.stop()


Found = dict[str, list[Any]]


async def _consume_until(settings: Settings, done: Callable[[Found], bool], timeout_s: float,
                         settle_s: float, topics: list[str] | None) -> Found:
    from aiokafka import AIOKafkaConsumer

    topics = topics or [settings.topics.articles, settings.topics.tickers,
                        settings.topics.deadletter]
    consumer = AIOKafkaConsumer(*topics, **client_options(settings), group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    found: Found = {t: [] for t in topics}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    settle_until = None
    try:
        while loop.time() < deadline:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    found[record.topic].append(record)
            if settle_until is None and done(found):
                settle_until = loop.time() + settle_s  # catch anything extra that follows
            if settle_until is not None and loop.time() >= settle_until:
                return found
        raise TimeoutError(f"outputs not complete after {timeout_s}s: "
                           f"{ {t: len(v) for t, v in found.items()} }")
    finally:
        await consumer.stop()


def consume_until(settings: Settings, done: Callable[[Found], bool], timeout_s: float = 60.0,
                  settle_s: float = 1.0, topics: list[str] | None = None) -> Found:
    """Every record of the output topics (or ``topics``) from the beginning, once ``done``
    holds, plus a short settle to catch anything extra."""
    return asyncio.run(_consume_until(settings, done, timeout_s, settle_s, topics))


def values(records: list[Any]) -> list[dict[str, Any]]:
    return [orjson.loads(r.value) for r in records]
