"""Connection options shared by every Kafka client newsstream opens (aiokafka and faust)."""

from __future__ import annotations

import ssl
from collections.abc import AsyncGenerator
from typing import Any

from .settings import Settings


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if "SSL" not in settings.security_protocol:
        return None
    context = ssl.create_default_context(cafile=settings.ssl_cafile or None)
    return context


def codecs() -> dict[str, bool]:
    """Which record-batch codecs this process can read and write (snappy, lz4 and zstd come
    with cramjam)."""
    from aiokafka import codec

    return {"gzip": codec.has_gzip(), "snappy": codec.has_snappy(), "lz4": codec.has_lz4(),
            "zstd": codec.has_zstd()}


def output_compression(settings: Settings) -> str | None:
    """The producers' ``compression_type``: ``NEWSSTREAM_COMPRESSION``, ``none`` as None."""
    return None if settings.compression == "none" else settings.compression


def client_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for aiokafka clients: bootstrap servers plus SASL/TLS when set."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if context := ssl_context(settings):
        options["ssl_context"] = context
    if "SASL" in settings.security_protocol:
        options.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_password,
        )
    return options


async def produce(settings: Settings, topic: str,
                  messages: list[tuple[bytes | None, bytes]]) -> list[tuple[int, int]]:
    """Send (key, value) messages one by one, each acknowledged before the next; returns
    their (partition, offset). One record per batch keeps offsets exact on every broker."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(**client_options(settings), acks="all",
                                max_request_size=settings.max_body_bytes * 2)
    await producer.start()
    try:
        placed = []
        for key, value in messages:
            meta = await producer.send_and_wait(topic, value=value, key=key)
            placed.append((meta.partition, meta.offset))
        return placed
    finally:
        await producer.stop()


async def read_topics(settings: Settings, topics: list[str], *, idle_s: float = 1.5,
                      timeout_s: float = 60.0) -> dict[str, list[Any]]:
    """Every record of the topics from the beginning, until none arrives for ``idle_s``."""
    import asyncio

    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(*topics, **client_options(settings), group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    found: dict[str, list[Any]] = {t: [] for t in topics}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    last = loop.time()
    try:
        while loop.time() < deadline and loop.time() - last < idle_s:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for record in records:
                    found[record.topic].append(record)
                    last = loop.time()
        return found
    finally:
        await consumer.stop()


async def follow_topic(settings: Settings, topic: str) -> AsyncGenerator[tuple[list[Any], bool], None]:
    """Every record of every partition of ``topic`` (``settings.partitions`` of them), from
    the oldest the topic keeps, one poll at a time, each with whether the reader has caught
    up with what the topic held when it started. A reader outside any group: every caller
    reads everything (the internal topics every worker or poller keeps a full copy of)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    partitions = [TopicPartition(topic, p) for p in range(settings.partitions)]
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest")
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        caught_up = False
        while True:
            polled = await consumer.getmany(timeout_ms=500, max_records=5000)
            caught_up = caught_up or all([await consumer.position(tp) >= ends[tp] for tp in partitions])
            yield [record for records in polled.values() for record in records], caught_up
    finally:
        await consumer.stop()


async def committed_offsets(settings: Settings, group: str, topic: str) -> dict[int, int]:
    """The group's committed next-offset per partition of ``topic`` (absent: nothing yet).

    Asked through a consumer that never joins the group, so the group is not disturbed."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(**client_options(settings), group_id=group,
                                enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()
        found = {}
        for partition in sorted(consumer.partitions_for_topic(topic) or ()):
            offset = await consumer.committed(TopicPartition(topic, partition))
            if offset is not None and offset >= 0:
                found[partition] = offset
        return found
    finally:
        await consumer.stop()
