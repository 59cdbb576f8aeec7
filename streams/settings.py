"""Every setting newsstream reads, in one place, from environment variables with defaults.

Names are ``NEWSSTREAM_*`` except the Kafka connection, which follows the usual
``KAFKA_*`` names so the same values serve other Kafka tools in a deployment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

SITE_TABLE = "site_blocks"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True, slots=True)
class Topics:
    raw: str = field(default_factory=lambda: _env("NEWSSTREAM_TOPIC_RAW", "pages.raw"))
    articles: str = field(default_factory=lambda: _env("NEWSSTREAM_TOPIC_ARTICLES", "news.articles"))
    tickers: str = field(default_factory=lambda: _env("NEWSSTREAM_TOPIC_TICKERS", "news.tickers"))
    deadletter: str = field(
        default_factory=lambda: _env("NEWSSTREAM_TOPIC_DEADLETTER", "pages.deadletter")
    )

    def all(self) -> list[str]:
        return [self.raw, self.articles, self.tickers, self.deadletter]


@dataclass(frozen=True, slots=True)
class Settings:
    """Effective configuration; ``Settings()`` reads the environment at construction."""

    bootstrap_servers: str = field(
        default_factory=lambda: _env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
    )
    security_protocol: str = field(
        default_factory=lambda: _env("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    )
    sasl_mechanism: str = field(default_factory=lambda: _env("KAFKA_SASL_MECHANISM", "PLAIN"))
    sasl_username: str = field(default_factory=lambda: _env("KAFKA_SASL_USERNAME", ""))
    sasl_password: str = field(default_factory=lambda: _env("KAFKA_SASL_PASSWORD", ""))
    ssl_cafile: str = field(default_factory=lambda: _env("KAFKA_SSL_CAFILE", ""))

    topics: Topics = field(default_factory=Topics)
    partitions: int = field(default_factory=lambda: _int("NEWSSTREAM_PARTITIONS", 4))
    replication_factor: int = field(default_factory=lambda: _int("NEWSSTREAM_REPLICATION", 1))

    app_id: str = field(default_factory=lambda: _env("NEWSSTREAM_APP_ID", "newsstream"))
    data_dir: str = field(default_factory=lambda: _env("NEWSSTREAM_DATA_DIR", ".newsstream-data"))
    session_timeout_s: float = field(
        default_factory=lambda: _float("NEWSSTREAM_SESSION_TIMEOUT", 6.0)
    )
    heartbeat_interval_s: float = field(
        default_factory=lambda: _float("NEWSSTREAM_HEARTBEAT_INTERVAL", 2.0)
    )
    rebalance_timeout_s: float = field(
        default_factory=lambda: _float("NEWSSTREAM_REBALANCE_TIMEOUT", 6.0)
    )
    commit_interval_s: float = field(
        default_factory=lambda: _float("NEWSSTREAM_COMMIT_INTERVAL", 1.0)
    )
    batch_size: int = field(default_factory=lambda: _int("NEWSSTREAM_BATCH_SIZE", 32))
    batch_window_s: float = field(default_factory=lambda: _float("NEWSSTREAM_BATCH_WINDOW", 0.2))

    site_memory: bool = field(
        default_factory=lambda: _env("NEWSSTREAM_SITE_MEMORY", "on").lower() in ("on", "1", "true")
    )
    max_body_bytes: int = field(
        default_factory=lambda: _int("NEWSSTREAM_MAX_BODY_BYTES", 5 * 1024 * 1024)
    )
    http_port: int = field(default_factory=lambda: _int("NEWSSTREAM_HTTP_PORT", 6066))
    log_level: str = field(default_factory=lambda: _env("NEWSSTREAM_LOG_LEVEL", "info"))

    @property
    def site_table_changelog(self) -> str:
        """faust's name for the site-memory table's changelog topic."""
        return f"{self.app_id}-{SITE_TABLE}-changelog"

    def masked(self) -> dict[str, object]:
        """The configuration as a flat dict with secrets hidden, for ``newsstream config``."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Topics):
                for t in fields(value):
                    out[f"topics.{t.name}"] = getattr(value, t.name)
            elif f.name == "sasl_password" and value:
                out[f.name] = "***"
            else:
                out[f.name] = value
        return out
