"""Topic management against any Kafka-protocol cluster: create every topic explicitly with
its partition count (auto-created topics get the broker's default, which breaks faust's
co-partitioning), and list what exists."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from .kafka import client_options
from .settings import Settings


async def ensure_topics(settings: Settings, names: list[str] | None = None) -> list[str]:
    """Create the missing topics (faust's table changelog too, compacted); returns the names
    created."""
    wanted = names or [*settings.topics.all(), settings.site_table_changelog]
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in wanted if n not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another worker won the race
                await admin.create_topics([
                    NewTopic(name, settings.partitions, settings.replication_factor,
                             topic_configs=_configs(settings, name))
                    for name in missing
                ])
        return missing
    finally:
        await admin.close()


def _configs(settings: Settings, name: str) -> dict[str, str]:
    return {"cleanup.policy": "compact"} if name == settings.site_table_changelog else {}


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
