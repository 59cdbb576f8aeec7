"""The fetch guard: batches that cannot be decoded become one record each, at the batch's
last offset, and the batches after them are read as usual."""

from __future__ import annotations

import struct

import pytest
from aiokafka.consumer.fetcher import READ_UNCOMMITTED, PartitionRecords
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from aiokafka.record.util import calc_crc32c
from aiokafka.structs import TopicPartition

from streams.batches import RawBatch, _GuardedRecords

TP = TopicPartition("pages.raw", 0)
ZSTD, NONE = 4, 0


def _batch(base_offset: int, values: list[bytes], codec: int = NONE) -> bytearray:
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=codec, is_transactional=0,
                                        producer_id=-1, producer_epoch=-1, base_sequence=-1,
                                        batch_size=1 << 20)
    for i, value in enumerate(values):
        builder.append(i, timestamp=1_764_000_000_000 + i, key=None, value=value, headers=[])
    data = builder.build()
    struct.pack_into(">q", data, 0, base_offset)  # the base offset is outside the checksum
    return data


def _with_codec_bits(data: bytearray, codec: int) -> bytearray:
    """The same batch claiming another codec, with a valid checksum (as a producer with a
    codec this client does not know would send it)."""
    attributes = struct.unpack_from(">h", data, 21)[0]
    struct.pack_into(">h", data, 21, (attributes & ~0x07) | codec)
    struct.pack_into(">I", data, 17, calc_crc32c(bytes(data[21:])))
    return data


def _read(data: bytes) -> list:
    records = PartitionRecords(TP, _GuardedRecords(data), None, 0, None, None, True,
                               READ_UNCOMMITTED)
    return list(records)


def test_good_batches_pass_through_unchanged():
    data = bytes(_batch(0, [b"a", b"b"]) + _batch(2, [b"c" * 500, b"d" * 500], ZSTD))
    records = _read(data)
    assert [(r.offset, r.value) for r in records] == [
        (0, b"a"), (1, b"b"), (2, b"c" * 500), (3, b"d" * 500)]
    assert not any(isinstance(r.value, RawBatch) for r in records)


@pytest.mark.parametrize("spoil, reason", [
    (lambda b: b.__setitem__(-1, b[-1] ^ 0xFF) or b, "checksum mismatch"),
    (lambda b: _with_codec_bits(b, 6), "unknown codec 6"),
])
def test_an_undecodable_batch_becomes_one_record_and_reading_goes_on(spoil, reason):
    bad = spoil(_batch(2, [b"x", b"y", b"z"]))
    data = bytes(_batch(0, [b"a", b"b"]) + bad + _batch(5, [b"after"]))
    records = _read(data)
    assert [r.offset for r in records] == [0, 1, 4, 5]
    failed = records[2].value
    assert isinstance(failed, RawBatch)
    assert bytes(failed) == bytes(bad)  # the batch as the broker holds it
    assert "offsets 2-4" in failed.reason and reason in failed.reason
    assert records[3].value == b"after"


def test_a_fetch_that_starts_inside_a_batch_skips_its_earlier_records():
    data = bytes(_batch(0, [b"a", b"b", b"c"]))
    records = PartitionRecords(TP, _GuardedRecords(data), None, 1, None, None, True,
                               READ_UNCOMMITTED)
    assert [r.value for r in records] == [b"b", b"c"]
