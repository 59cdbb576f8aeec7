"""The worker on the real broker: the seed page, bad input, schemas, offline parity."""

from __future__ import annotations

import asyncio
import base64
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from streams import samples
from streams.kafka import produce
from tests.conftest import SCHEMAS
from tests.integration.conftest import Stack, consume_until, values

pytestmark = pytest.mark.integration


def _publish(stack: Stack, messages: list[tuple[bytes | None, bytes]]) -> list[tuple[int, int]]:
    return asyncio.run(produce(stack.settings, stack.settings.topics.raw, messages))


def _validate(topic: str, events: list[dict]) -> None:
    validator = Draft202012Validator(orjson.loads((SCHEMAS / f"{topic}.json").read_bytes()),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    for event in events:
        validator.validate(event)


def _offline(tmp_path: Path, messages: list[dict]) -> dict[str, list[dict]]:
    source = tmp_path / "pages.jsonl"
    source.write_bytes(b"".join(orjson.dumps(m) + b"\n" for m in messages))
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "streams", "process", str(source), "--out", str(out)],
                   check=True, capture_output=True)
    return {name: [orjson.loads(line) for line in (out / f"{name}.jsonl").read_bytes().splitlines()]
            for name in ("news.articles", "news.tickers", "pages.deadletter")}


def test_seed_page_through_the_broker(stack: Stack, tmp_path: Path):
    seed = samples.seed_message()
    _publish(stack, [(seed["url"].encode(), orjson.dumps(seed))])
    topics = stack.settings.topics

    def mine(records):
        return [v for v in values(records) if v["url"] == seed["url"]]

    found = consume_until(stack.settings, lambda f: len(mine(f[topics.articles])) >= 1
                          and len(mine(f[topics.tickers])) >= 50)
    articles, quotes = mine(found[topics.articles]), mine(found[topics.tickers])
    expected = samples.seed_expected()
    assert len(articles) == 1 and len(quotes) == 50
    (article,) = articles
    for field in ("section", "title", "paragraphs"):
        assert article[field] == expected["article"][field]
    assert article["dateline"] == expected["article"]["dateline"]
    assert article["published_at"].startswith(expected["article"]["published_local"])
    assert article["captions"] == [expected["article"]["caption"]]
    names = {(e["type"], e["name"]) for e in article["entities"]}
    for kind, wanted in expected["entities_min"].items():
        assert {(kind, n) for n in wanted} <= names
    for line in expected["boilerplate_removed"]:
        assert line not in article["text"]
    assert "$" not in article["text"] and "(BTC)" not in article["text"]

    def quote_fields(q):
        return {k: q[k] for k in ("asset_id", "name", "symbol", "price", "currency", "change_pct")}

    expected_quotes = sorted(expected["tickers"], key=lambda q: q["asset_id"])
    assert sorted(map(quote_fields, quotes), key=lambda q: q["asset_id"]) == expected_quotes
    assert {q["observed_at"] for q in quotes} == {seed["fetched_at"]}
    _validate("news.articles", articles)
    _validate("news.tickers", quotes)

    # The same page through `newsstream process` gives the same events.
    offline = _offline(tmp_path, [seed])
    assert offline["news.articles"] == articles
    assert sorted(offline["news.tickers"], key=lambda q: q["id"]) == sorted(quotes, key=lambda q: q["id"])


def test_bad_messages_are_dead_lettered_and_the_worker_goes_on(stack: Stack):
    good = samples.html_messages()[0]
    bad = [
        (b"k-json", b'{"url": "https://bad.example/1", "body": <html'),
        (b"k-nourl", orjson.dumps({"fetched_at": "2026-11-27T08:00:00Z", "body": "<p>x</p>"})),
        (b"k-empty", orjson.dumps({"url": "https://bad.example/3",
                                   "fetched_at": "2026-11-27T08:00:00Z", "body": ""})),
    ]
    placed = _publish(stack, [*bad, (good["url"].encode(), orjson.dumps(good))])
    topics = stack.settings.topics
    bad_keys = {key for key, _ in bad}

    def letters(found):
        return [r for r in found[topics.deadletter] if r.key in bad_keys]

    found = consume_until(stack.settings, lambda f: len(letters(f)) >= 3 and any(
        v["url"] == good["url"] for v in values(f[topics.articles])))
    records = letters(found)
    assert len(records) == 3
    by_key = {r.key: orjson.loads(r.value) for r in records}
    assert "not valid JSON" in by_key[b"k-json"]["error"]
    assert "missing required field 'url'" in by_key[b"k-nourl"]["error"]
    assert by_key[b"k-empty"]["error_type"] == "EmptyPage"
    for (key, value), (partition, offset) in zip(bad, placed, strict=False):
        letter = by_key[key]
        assert base64.b64decode(letter["value_base64"]) == value  # original bytes, exactly
        assert base64.b64decode(letter["key_base64"]) == key
        assert (letter["topic"], letter["partition"], letter["offset"]) == (
            topics.raw, partition, offset)
        assert letter["stage"] == "decode"
    _validate("pages.deadletter", list(by_key.values()))
    assert all(w.poll() is None for w in stack.workers)  # the worker is still running
    logged = [orjson.loads(line) for line in (stack.log_dir / "worker-0.log").read_text().splitlines()]
    coordinates = {(e.get("topic"), e.get("partition"), e.get("offset")): e for e in logged}
    for partition, offset in placed[: len(bad)]:
        entry = coordinates[(topics.raw, partition, offset)]  # one JSON log line per dead letter
        assert entry["level"] == "warning" and entry["stage"] == "decode" and "page_id" in entry
