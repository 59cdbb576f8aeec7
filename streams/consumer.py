"""faust's aiokafka consumer with a configurable fetch wait.

faust hard-codes ``fetch_max_wait_ms=1500``. A Kafka broker answers a waiting fetch as soon as
data arrives, so there the value only bounds idle polling; brokers that do not (the embedded
Tansu among them) hold every fetch for the full wait, which adds up to that much latency to
each page. ``NEWSSTREAM_FETCH_MAX_WAIT_MS`` sets it.
"""

from __future__ import annotations

from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka


class _ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = transport.fetch_max_wait_ms  # read when its fetcher starts
        return consumer


class _Consumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> faust_aiokafka.AIOKafkaConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


def use_fetch_wait(app: faust.App, fetch_max_wait_ms: int) -> None:
    """Make ``app``'s consumer wait at most ``fetch_max_wait_ms`` per fetch."""
    transport: Any = app.transport
    transport.fetch_max_wait_ms = fetch_max_wait_ms
    transport.Consumer = _Consumer
