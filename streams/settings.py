"""Every setting newsstream reads, in one place, from environment variables with defaults.

Names are ``NEWSSTREAM_*`` except the Kafka connection, which follows the usual ``KAFKA_*``
names so the same values serve other Kafka tools in a deployment. Each field records its
variable and default (``env_vars()``), so docs, ``newsstream config`` and the deployment
manifests' tests all read the same table.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

SECRETS = frozenset({"KAFKA_SASL_PASSWORD"})


def _flag(text: str) -> bool:
    return text.strip().lower() in ("on", "1", "true", "yes")


COMPRESSION = ("none", "gzip", "snappy", "lz4", "zstd")


def _codec(text: str) -> str:
    name = text.strip().lower()
    if name not in COMPRESSION:
        raise ValueError(f"NEWSSTREAM_COMPRESSION must be one of {', '.join(COMPRESSION)}, not {text!r}")
    return name


def _setting(name: str, default: Any, cast: Callable[[str], Any] = str) -> Any:
    return field(default_factory=lambda: cast(os.environ.get(name, str(default))),
                 metadata={"env": name, "default": default})


@dataclass(frozen=True, slots=True)
class Topics:
    raw: str = _setting("NEWSSTREAM_TOPIC_RAW", "pages.raw")
    articles: str = _setting("NEWSSTREAM_TOPIC_ARTICLES", "news.articles")
    tickers: str = _setting("NEWSSTREAM_TOPIC_TICKERS", "news.tickers")
    deadletter: str = _setting("NEWSSTREAM_TOPIC_DEADLETTER", "pages.deadletter")
    stories: str = _setting("NEWSSTREAM_TOPIC_STORIES", "news.stories")

    def all(self) -> list[str]:
        return [self.raw, self.articles, self.tickers, self.deadletter, self.stories]


@dataclass(frozen=True, slots=True)
class Settings:
    """Effective configuration; ``Settings()`` reads the environment at construction."""

    bootstrap_servers: str = _setting("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
    security_protocol: str = _setting("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    sasl_mechanism: str = _setting("KAFKA_SASL_MECHANISM", "PLAIN")
    sasl_username: str = _setting("KAFKA_SASL_USERNAME", "")
    sasl_password: str = _setting("KAFKA_SASL_PASSWORD", "")
    ssl_cafile: str = _setting("KAFKA_SSL_CAFILE", "")

    topics: Topics = field(default_factory=Topics)
    partitions: int = _setting("NEWSSTREAM_PARTITIONS", 4, int)
    replication_factor: int = _setting("NEWSSTREAM_REPLICATION", 1, int)

    app_id: str = _setting("NEWSSTREAM_APP_ID", "newsstream")
    data_dir: str = _setting("NEWSSTREAM_DATA_DIR", ".newsstream-data")
    session_timeout_s: float = _setting("NEWSSTREAM_SESSION_TIMEOUT", 6.0, float)
    heartbeat_interval_s: float = _setting("NEWSSTREAM_HEARTBEAT_INTERVAL", 2.0, float)
    rebalance_timeout_s: float = _setting("NEWSSTREAM_REBALANCE_TIMEOUT", 6.0, float)
    commit_interval_s: float = _setting("NEWSSTREAM_COMMIT_INTERVAL", 1.0, float)
    batch_size: int = _setting("NEWSSTREAM_BATCH_SIZE", 32, int)
    fetch_max_wait_ms: int = _setting("NEWSSTREAM_FETCH_MAX_WAIT_MS", 100, int)
    compression: str = _setting("NEWSSTREAM_COMPRESSION", "zstd", _codec)

    site_memory: bool = _setting("NEWSSTREAM_SITE_MEMORY", "on", _flag)
    site_memory_mb: int = _setting("NEWSSTREAM_SITE_MEMORY_MB", 256, int)
    max_body_bytes: int = _setting("NEWSSTREAM_MAX_BODY_BYTES", 5 * 1024 * 1024, int)
    time_budget_s: float = _setting("NEWSSTREAM_PAGE_TIME_BUDGET", 10.0, float)
    story_cache: int = _setting("NEWSSTREAM_STORY_CACHE", 4096, int)
    stories: bool = _setting("NEWSSTREAM_STORIES", "on", _flag)
    story_window_days: float = _setting("NEWSSTREAM_STORY_WINDOW_DAYS", 7.0, float)
    story_index_mb: int = _setting("NEWSSTREAM_STORY_INDEX_MB", 512, int)
    feeds_allow_private: bool = _setting("NEWSSTREAM_FEEDS_ALLOW_PRIVATE", "off", _flag)
    feeds_host_delay_s: float = _setting("NEWSSTREAM_FEEDS_HOST_DELAY", 1.0, float)
    feeds_timeout_s: float = _setting("NEWSSTREAM_FEEDS_TIMEOUT", 10.0, float)
    feeds_interval_s: float = _setting("NEWSSTREAM_FEEDS_INTERVAL", 300.0, float)
    http_port: int = _setting("NEWSSTREAM_HTTP_PORT", 6066, int)
    stall_timeout_s: float = _setting("NEWSSTREAM_STALL_TIMEOUT", 30.0, float)
    log_level: str = _setting("NEWSSTREAM_LOG_LEVEL", "info")
    log_format: str = _setting("NEWSSTREAM_LOG_FORMAT", "json")

    @property
    def leader_topic(self) -> str:
        """faust's leader-election topic (one partition)."""
        return f"{self.app_id}-__assignor-__leader"

    @property
    def feeds_seen_topic(self) -> str:
        """Internal: the article URLs the feed pollers have published (compacted)."""
        return f"{self.app_id}-feeds-seen"

    @property
    def story_members_topic(self) -> str:
        """Internal: every article's story membership, which every worker reads (stories)."""
        return f"{self.app_id}-story-members"

    def masked(self) -> dict[str, object]:
        """Environment variable -> effective value, secrets hidden, for ``newsstream config``."""
        out: dict[str, object] = {}
        for owner in (self, self.topics):
            for f in fields(owner):
                if "env" in f.metadata:
                    value = getattr(owner, f.name)
                    out[f.metadata["env"]] = "***" if f.metadata["env"] in SECRETS and value else value
        return out


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """Every topic the app uses, faust's internal one included, as it must be created."""
    # news.stories holds each story's latest state: compacted by story id.
    compacted = {settings.topics.stories: {"cleanup.policy": "compact"}}
    # A membership older than the story window can no longer be matched: it expires with it.
    window_ms = str(int(settings.story_window_days * 86_400_000))
    return [*(TopicSpec(name, settings.partitions, compacted.get(name, {}))
              for name in settings.topics.all()),
            TopicSpec(settings.story_members_topic, settings.partitions,
                      {"cleanup.policy": "delete", "retention.ms": window_ms}),
            TopicSpec(settings.feeds_seen_topic, settings.partitions, {"cleanup.policy": "compact"}),
            TopicSpec(settings.leader_topic, 1)]


def env_vars() -> dict[str, object]:
    """Every environment variable newsstream reads, with its default."""
    return {f.metadata["env"]: f.metadata["default"]
            for cls in (Settings, Topics) for f in fields(cls) if "env" in f.metadata}
