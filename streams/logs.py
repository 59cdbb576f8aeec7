"""Worker logs: one JSON object per line (for log shippers) or plain text, never terminal
colour codes. Page context (``page_id``, ``topic``, ``partition``, ``offset``) passed with
``extra=`` becomes fields of the JSON line."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import orjson

PAGE_FIELDS = ("page_id", "url", "topic", "partition", "offset", "stage", "error_type")
_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in PAGE_FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def logging_config(level: str, fmt: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the CLI and for faust's worker (which would
    otherwise install its colour handler)."""
    formatter = {"()": JsonFormatter} if fmt == "json" else {"format": _TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"main": {"class": "logging.StreamHandler", "formatter": "main",
                              "stream": "ext://sys.stderr"}},
        "root": {"level": level.upper(), "handlers": ["main"]},
    }


def page_context(page_id: str | None = None, **coordinates: Any) -> dict[str, Any]:
    """``extra=`` for a log line about one page."""
    return {"page_id": page_id, **coordinates}
