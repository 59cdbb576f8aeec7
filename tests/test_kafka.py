"""Client options shared by every Kafka client: codecs and output compression."""

from __future__ import annotations

import orjson
import pytest
from typer.testing import CliRunner

from streams.cli import cli
from streams.kafka import codecs, output_compression
from streams.settings import Settings


def test_every_codec_kafka_defines_is_available():
    assert codecs() == {"gzip": True, "snappy": True, "lz4": True, "zstd": True}


def test_newsstream_config_shows_the_codecs_and_the_output_compression():
    shown = orjson.loads(CliRunner().invoke(cli, ["config"]).stdout)
    assert shown["codecs"] == codecs()
    assert shown["NEWSSTREAM_COMPRESSION"] == "zstd"


@pytest.mark.parametrize("value, expected", [("zstd", "zstd"), (" LZ4 ", "lz4"), ("none", None)])
def test_output_compression_setting(monkeypatch, value, expected):
    monkeypatch.setenv("NEWSSTREAM_COMPRESSION", value)
    assert output_compression(Settings()) == expected


def test_an_unknown_codec_is_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv("NEWSSTREAM_COMPRESSION", "brotli")
    with pytest.raises(ValueError, match="none, gzip, snappy, lz4, zstd"):
        Settings()
