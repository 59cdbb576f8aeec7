"""Clients no one here wrote: librdkafka (confluent-kafka) produces pages with every codec
Kafka defines, and reads the compressed outputs back; a record batch that cannot be decoded
is dead-lettered with its offsets while the pages after it go on.

librdkafka reads by assigned partition: the embedded broker does not serve librdkafka's
consumer-group protocol (see ../shared/notes/embedded-broker.md)."""

from __future__ import annotations

import asyncio
import base64
import time
import urllib.request

import orjson
import pytest
from aiokafka import AIOKafkaClient
from aiokafka.protocol.produce import ProduceRequest
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from aiokafka.structs import TopicPartition
from confluent_kafka import Consumer, Producer
from confluent_kafka import TopicPartition as RdTopicPartition

from streams import samples
from tests.integration.conftest import Stack, consume_until, values
from tests.integration.test_worker import _validate

pytestmark = pytest.mark.integration
CODECS = ("none", "gzip", "snappy", "lz4", "zstd")


def _page(url: str) -> bytes:
    return orjson.dumps({**samples.seed_message(), "url": url})


def _librdkafka_produce(stack: Stack, codec: str, messages: list[tuple[bytes, bytes]],
                        partition: int = -1) -> None:
    producer = Producer({"bootstrap.servers": stack.settings.bootstrap_servers,
                         "compression.type": codec, "linger.ms": 50, "acks": "all",
                         "message.max.bytes": 10_000_000})
    failures: list[str] = []
    for key, value in messages:
        producer.produce(stack.settings.topics.raw, value=value, key=key, partition=partition,
                         on_delivery=lambda err, _msg: err and failures.append(str(err)))
    assert producer.flush(30) == 0 and not failures, failures


def _librdkafka_read(stack: Stack, topic: str, expected: int, timeout_s: float = 30) -> list:
    """Every record of ``topic`` from the start, by assigned partition, until ``expected``."""
    consumer = Consumer({"bootstrap.servers": stack.settings.bootstrap_servers,
                         "group.id": "librdkafka-reader", "enable.auto.commit": False})
    try:
        consumer.assign([RdTopicPartition(topic, p, 0) for p in range(stack.settings.partitions)])
        found, deadline = [], time.monotonic() + timeout_s
        while len(found) < expected and time.monotonic() < deadline:
            for message in consumer.consume(num_messages=500, timeout=0.5):
                assert message.error() is None, message.error()
                found.append(message)
        return found
    finally:
        consumer.close()


def test_librdkafka_pages_in_every_codec_become_articles_that_librdkafka_reads(stack: Stack):
    urls = {codec: [f"https://wire.example/{codec}/{i}" for i in range(5)] for codec in CODECS}
    for codec, batch in urls.items():
        _librdkafka_produce(stack, codec, [(u.encode(), _page(u)) for u in batch])
    wanted = {u for batch in urls.values() for u in batch}
    topics = stack.settings.topics
    consume_until(stack.settings, lambda f: wanted <= {a["url"] for a in values(f[topics.articles])},
                  timeout_s=90)

    read = _librdkafka_read(stack, topics.articles, expected=len(wanted))
    articles = [orjson.loads(m.value()) for m in read]
    assert wanted <= {a["url"] for a in articles}
    _validate("news.articles", articles)
    quotes = _librdkafka_read(stack, topics.tickers, expected=50 * len(wanted))
    _validate("news.tickers", [orjson.loads(m.value()) for m in quotes])
    assert all(w.poll() is None for w in stack.workers)


def _batch(values_: list[bytes]) -> bytes:
    """A record batch whose last byte was damaged after its checksum was computed."""
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=0, is_transactional=0,
                                        producer_id=-1, producer_epoch=-1, base_sequence=-1,
                                        batch_size=1 << 20)
    for i, value in enumerate(values_):
        builder.append(i, timestamp=int(time.time() * 1000), key=None, value=value, headers=[])
    data = builder.build()
    data[-2] ^= 0x20
    return bytes(data)


async def _produce_raw_batch(stack: Stack, partition: int, batch: bytes) -> None:
    client = AIOKafkaClient(bootstrap_servers=stack.settings.bootstrap_servers)
    await client.bootstrap()
    try:
        topic = stack.settings.topics.raw
        client.add_topic(topic)
        await client.force_metadata_update()
        leader = client.cluster.leader_for_partition(TopicPartition(topic, partition))
        request = ProduceRequest(required_acks=-1, timeout=10_000,
                                 topics=[(topic, [(partition, batch)])], transactional_id=None)
        response = await client.send(leader, request)
        ((_, ((_, error, *_),)),) = response.topics
        assert error == 0, response
    finally:
        await client.close()


def test_an_undecodable_batch_is_dead_lettered_and_the_pages_after_it_are_processed(stack: Stack):
    topics = stack.settings.topics
    bad = _batch([_page(f"https://lost.example/{i}") for i in range(3)])
    asyncio.run(_produce_raw_batch(stack, 0, bad))
    after = [f"https://after.example/{i}" for i in range(6)]
    _librdkafka_produce(stack, "zstd", [(u.encode(), _page(u)) for u in after], partition=0)

    def done(found):
        fetch = [v for v in values(found[topics.deadletter]) if v["stage"] == "fetch"]
        return fetch and set(after) <= {a["url"] for a in values(found[topics.articles])}

    found = consume_until(stack.settings, done, timeout_s=90)
    (letter,) = [v for v in values(found[topics.deadletter]) if v["stage"] == "fetch"]
    assert letter["error_type"] == "UndecodableBatch"
    assert letter["partition"] == 0 and letter["topic"] == topics.raw
    assert "checksum mismatch" in letter["error"]
    raw = base64.b64decode(letter["value_base64"])  # the batch as the broker holds it
    assert raw[8:] == bad[8:] and int.from_bytes(raw[:8], "big") == letter["offset"] - 2
    assert f"offsets {letter['offset'] - 2}-{letter['offset']}" in letter["error"]
    assert all(w.poll() is None for w in stack.workers)
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.http_ports[0]}/metrics", timeout=5) as response:
        metrics = response.read().decode()
    assert 'newsstream_dead_letters_total{error_type="UndecodableBatch",stage="fetch"} 1.0' in metrics
