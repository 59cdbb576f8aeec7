"""Record batches the Kafka client cannot decode become records that the pipeline
dead-letters, instead of errors that stop the consumer.

aiokafka raises from inside its fetcher when a batch has a codec it does not know, a codec
whose library is missing, or a bad checksum. faust treats that as a crash, and the restarted
worker fetches the same batch again: a crash loop that blocks the partition for good.
:func:`install` makes every aiokafka consumer of the process decode each fetched batch up
front; a batch that fails is replaced by a single record whose value is a :class:`RawBatch`
(the batch's bytes as they came from the broker, and the reason). That record sits at the
batch's last offset, so acking it moves the group past the whole batch, and it flows through
the same path as any page: dead-lettered, counted, committed.
"""

from __future__ import annotations

import struct
from typing import Any

from aiokafka.consumer import fetcher
from aiokafka.errors import CorruptRecordException
from aiokafka.record.memory_records import MemoryRecords

CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
_LENGTH = struct.Struct(">i")  # after the batch's 8-byte base offset, in every format version
_LOG_OVERHEAD = 12


class RawBatch(bytes):
    """The undecoded bytes of one record batch, with why they could not be decoded."""

    reason: str


class _Record:
    """A record as the fetcher reads it from a batch."""

    __slots__ = ("checksum", "headers", "key", "offset", "timestamp", "timestamp_type", "value")

    def __init__(self, offset: int, timestamp: int | None, value: bytes) -> None:
        self.offset, self.timestamp, self.value = offset, timestamp, value
        self.timestamp_type, self.key, self.checksum = 0, None, None
        self.headers: list[tuple[str, bytes]] = []


class _Decoded:
    """A batch whose records are already decoded (or replaced by its failure record), with
    the attributes the fetcher reads of a batch."""

    def __init__(self, batch: Any, records: list[Any]) -> None:
        self.base_offset: int = batch.base_offset
        self.next_offset: int = batch.next_offset
        self.is_control_batch: bool = batch.is_control_batch
        self.is_transactional: bool = getattr(batch, "is_transactional", False)
        self.producer_id: int | None = getattr(batch, "producer_id", None)
        self._records = iter(records)

    def validate_crc(self) -> bool:
        return True  # checked when decoded

    def __iter__(self) -> _Decoded:
        return self

    def __next__(self) -> Any:
        return next(self._records)


class _GuardedRecords:
    """aiokafka's ``MemoryRecords`` over one partition's fetched bytes, decoding each batch
    as it is handed out and keeping the bytes of the batch that fails."""

    def __init__(self, data: bytes) -> None:
        self._inner = MemoryRecords(data)
        self._data = data
        self._at = 0

    def has_next(self) -> bool:
        return self._inner.has_next()

    def size_in_bytes(self) -> int:
        return self._inner.size_in_bytes()

    def next_batch(self) -> _Decoded | None:
        start = self._at
        batch = self._inner.next_batch()
        if batch is None:
            return None
        self._at = start + _LOG_OVERHEAD + _LENGTH.unpack_from(self._data, start + 8)[0]
        try:
            if not batch.validate_crc():
                raise CorruptRecordException("checksum mismatch")
            records = list(batch)
        except Exception as exc:  # any failure to decode untrusted bytes, whatever the codec raises
            records = [self._failure(batch, exc, self._data[start:self._at])]
        return _Decoded(batch, records)

    @staticmethod
    def _failure(batch: Any, exc: Exception, data: bytes) -> _Record:
        last = batch.next_offset - 1
        codec = CODECS.get(batch.compression_type, f"unknown codec {batch.compression_type}")
        value = RawBatch(data)
        value.reason = (f"record batch at offsets {batch.base_offset}-{last} ({codec}) cannot be "
                        f"decoded: {type(exc).__name__}: {exc}")
        timestamp = getattr(batch, "max_timestamp", None)
        return _Record(last, timestamp if timestamp is not None and timestamp >= 0 else None, value)


def undecodable(value: object) -> str | None:
    """Why a fetched record value stands for a batch that could not be decoded (else None)."""
    return value.reason if isinstance(value, RawBatch) else None


def install() -> None:
    """Guard every aiokafka consumer of this process (idempotent)."""
    fetcher.MemoryRecords = _GuardedRecords  # type: ignore[misc]
