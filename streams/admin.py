"""Topic management against any Kafka-protocol cluster: create every topic explicitly with
its partition count (auto-created topics get the broker's default, which breaks faust's
co-partitioning), and list what exists."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from .kafka import client_options
from .settings import Settings, TopicSpec, topic_specs


async def ensure_topics(settings: Settings, names: list[str] | None = None) -> list[str]:
    """Create the missing topics (all of ``topic_specs``, or ``names`` with the default
    partition count); returns the names created."""
    specs = topic_specs(settings) if names is None else [
        TopicSpec(name, settings.partitions) for name in names]
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [spec for spec in specs if spec.name not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another worker won the race
                await admin.create_topics([
                    NewTopic(spec.name, spec.partitions, settings.replication_factor,
                             topic_configs=spec.config)
                    for spec in missing
                ])
        return [spec.name for spec in missing]
    finally:
        await admin.close()


async def list_topics(settings: Settings) -> dict[str, int]:
    """Topic name -> partition count."""
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        names = await admin.list_topics()
        described = await admin.describe_topics(names) if names else []
        return {t["topic"]: len(t["partitions"]) for t in described}
    finally:
        await admin.close()


def ensure_topics_sync(settings: Settings, names: list[str] | None = None) -> list[str]:
    return asyncio.run(ensure_topics(settings, names))
