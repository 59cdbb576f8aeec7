"""``newsstream demo``: the whole path on one machine, with nothing installed but this package.

Starts the embedded broker, creates the topics, starts a real worker process, publishes the
sample pages (the seed page, the shipped HTML pages and two broken messages), waits until the
worker has committed every input, then prints what arrived on each output topic.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from typing import Any

import orjson

from . import samples
from .admin import ensure_topics
from .broker import EmbeddedBroker, free_port
from .kafka import committed_offsets, produce, read_topics
from .settings import Settings


def demo_messages() -> list[tuple[bytes | None, bytes]]:
    pages = [samples.seed_message(), *samples.html_messages()]
    broken = [b'{"url": "https://broken.example/a", "body": <html>', orjson.dumps({"body": "no url"})]
    return [(p["url"].encode(), orjson.dumps(p)) for p in pages] + [(None, b) for b in broken]


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env,
                            stdin=subprocess.DEVNULL)


async def wait_committed(settings: Settings, placed: list[tuple[int, int]],
                         timeout_s: float = 120.0) -> None:
    """Until the worker's group has committed past every published input."""
    needed: dict[int, int] = {}
    for partition, offset in placed:
        needed[partition] = max(needed.get(partition, 0), offset + 1)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done = await committed_offsets(settings, settings.app_id, settings.topics.raw)
        if all(done.get(p, 0) >= o for p, o in needed.items()):
            return
        await asyncio.sleep(0.5)
    raise TimeoutError("the worker did not process every input in time")


def _summary(settings: Settings, found: dict[str, list[Any]]) -> str:
    topics = settings.topics
    articles = [orjson.loads(r.value) for r in found[topics.articles]]
    quotes = [orjson.loads(r.value) for r in found[topics.tickers]]
    letters = [orjson.loads(r.value) for r in found[topics.deadletter]]
    lines = [f"{topics.articles}: {len(articles)} events   {topics.tickers}: {len(quotes)} events"
             f"   {topics.deadletter}: {len(letters)} events", ""]
    for a in articles:
        people = ", ".join(f"{e['name']} ({e['type']}{', ' + e['id'] if e['id'] else ''})"
                           for e in a["entities"][:6])
        lines += [f"ARTICLE  {a['title']}",
                  f"  section: {a['section']}   published: {a['published_at']}   "
                  f"dateline: {a['dateline']}   byline: {a['byline']}",
                  f"  {len(a['paragraphs'])} paragraphs, {len(a['text'].split())} words, "
                  f"language {a['language']}; first: {a['paragraphs'][0][:90]}...",
                  f"  entities: {people}", ""]
    by_page: dict[str, list[dict[str, Any]]] = {}
    for q in quotes:
        by_page.setdefault(q["url"], []).append(q)
    for url, page_quotes in by_page.items():
        page_quotes.sort(key=lambda q: Decimal(q["price"]), reverse=True)
        lines.append(f"{len(page_quotes)} QUOTES from {url} ({page_quotes[0]['widget']}), "
                     "highest prices first:")
        for q in page_quotes[:4]:
            lines.append(f"QUOTE    {q['name']} ({q['symbol']}) {q['price']} {q['currency']} "
                         f"{q['change_pct']}%  observed {q['observed_at']}")
        lines.append("")
    for d in letters:
        lines.append(f"DEAD LETTER  offset {d['partition']}/{d['offset']}: stage={d['stage']} "
                     f"{d['error_type']}: {d['error']}")
    return "\n".join(lines)


async def _run(settings: Settings, env: dict[str, str]) -> None:
    await ensure_topics(settings)
    worker = start_worker(env)
    try:
        placed = await produce(settings, settings.topics.raw, demo_messages())
        print(f"published {len(placed)} raw pages to {settings.topics.raw}; waiting for the worker...")
        await wait_committed(settings, placed)
        outputs = [settings.topics.articles, settings.topics.tickers, settings.topics.deadletter]
        found = await read_topics(settings, outputs, idle_s=1.0)
        print(_summary(settings, found))
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def run_demo() -> int:
    with EmbeddedBroker() as broker, tempfile.TemporaryDirectory() as data_dir:
        env = {"NEWSSTREAM_LOG_FORMAT": "text",  # a person reads this run's log lines
               **os.environ, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
               "NEWSSTREAM_DATA_DIR": data_dir, "NEWSSTREAM_LOG_LEVEL": "warning",
               "NEWSSTREAM_HTTP_PORT": str(free_port())}
        os.environ.update(env)
        print(f"embedded broker on {broker.bootstrap_servers}")
        asyncio.run(_run(Settings(), env))
    return 0
