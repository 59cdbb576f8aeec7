"""Replay on the real broker, next to a live worker with pages still arriving."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer

from streams.kafka import client_options, committed_offsets
from streams.replay import output_topics
from streams.settings import Settings
from tests.integration.conftest import Stack, consume_until, make_stack, values

pytestmark = pytest.mark.integration


def _page(i: int) -> bytes:
    body = (f"Harbour council notes {i}\n\nThe harbour council of Klaipeda met on Monday for "
            f"session number {i} and approved a plan for the ferry terminal after a long debate.")
    return orjson.dumps({"url": f"https://replay.example/notes/{i}", "content_type": "text/plain",
                         "body": body})


class Traffic:
    """Publishes pages one at a time, keeping each record's partition, offset and timestamp."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sent: list[tuple[int, int, int, int]] = []  # (page, partition, offset, timestamp)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    async def _send(self, pages: range, pause_s: float) -> None:
        producer = AIOKafkaProducer(**client_options(self.settings), acks="all")
        await producer.start()
        try:
            for i in pages:
                if self._stop.is_set():
                    break
                meta = await producer.send_and_wait(self.settings.topics.raw, _page(i),
                                                    key=f"page-{i}".encode())
                self.sent.append((i, meta.partition, meta.offset, meta.timestamp))
                await asyncio.sleep(pause_s)
        finally:
            await producer.stop()

    def send(self, pages: range, pause_s: float = 0.02) -> None:
        asyncio.run(self._send(pages, pause_s))

    def start_background(self, first: int, pause_s: float = 0.1) -> None:
        self._thread = threading.Thread(target=self.send, args=(range(first, first + 10_000), pause_s))
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def produced(self) -> dict[int, int]:
        ends: dict[int, int] = {}
        for _, partition, offset, _ in self.sent:
            ends[partition] = max(ends.get(partition, 0), offset + 1)
        return ends


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat().replace("+00:00", "Z")


def _replay(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "streams", "replay", *args], env=stack.env,
                          capture_output=True, text=True, timeout=120)


def _article_ids(settings: Settings, topics, urls: set[str]) -> dict[str, str]:
    found = consume_until(settings, lambda f: len({v["url"] for v in values(f[topics.articles])}
                                                  & urls) >= len(urls), timeout_s=90,
                          topics=[topics.articles])
    return {v["url"]: v["id"] for v in values(found[topics.articles]) if v["url"] in urls}


@pytest.fixture(scope="module")
def live(broker, tmp_path_factory):
    stack = make_stack(broker, tmp_path_factory.mktemp("replay"))
    stack.start_worker()
    traffic = Traffic(stack.settings)
    traffic.send(range(0, 30))
    yield stack, traffic
    traffic.stop()
    stack.stop()


def _window(traffic: Traffic, first: int, last: int) -> tuple[str, str, set[str]]:
    """A time window holding pages [first, last): from the first's timestamp to the next's."""
    stamps = {page: ts for page, _, _, ts in traffic.sent}
    since, until = stamps[first], stamps[last]
    urls = {f"https://replay.example/notes/{p}" for p, _, _, ts in traffic.sent
            if since <= ts < until}
    return _iso(since), _iso(until), urls


def test_time_window_replay_reemits_exactly_the_window_with_the_same_ids(live):
    stack, traffic = live
    all_urls = {f"https://replay.example/notes/{i}" for i in range(30)}
    first_pass = _article_ids(stack.settings, stack.settings.topics, all_urls)
    before = asyncio.run(committed_offsets(stack.settings, stack.settings.app_id,
                                           stack.settings.topics.raw))
    since, until, window = _window(traffic, 8, 20)
    assert 10 <= len(window) <= 14

    traffic.start_background(first=1000)  # live traffic continues during the replay
    seen: list[dict[int, int]] = []
    watching = threading.Event()

    def watch() -> None:
        while not watching.is_set():
            seen.append(asyncio.run(committed_offsets(stack.settings, stack.settings.app_id,
                                                      stack.settings.topics.raw)))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    result = _replay(stack, "--from", since, "--to", until, "--to-topics", "bf1")
    watching.set()
    watcher.join()
    traffic.stop()
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(rf"replayed \d+ records to bf1: .*published={len(window)}", result.stdout)

    topics = output_topics(stack.settings, "bf1")
    replayed = consume_until(stack.settings, lambda f: len(f[topics.articles]) >= len(window),
                             topics=[topics.articles])
    events = values(replayed[topics.articles])
    assert {e["url"] for e in events} == window
    assert {e["url"]: e["id"] for e in events} == {u: first_pass[u] for u in window}

    # The live group's commits only ever moved forward (a replay commit would pull them back).
    for snapshot in seen:
        assert all(snapshot.get(p, 0) >= offset for p, offset in before.items())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = asyncio.run(committed_offsets(stack.settings, stack.settings.app_id,
                                            stack.settings.topics.raw))
        if now == traffic.produced():
            break
        time.sleep(0.5)
    assert now == traffic.produced()


def test_dry_run_counts_match_the_real_run(live):
    stack, _ = live
    dry = _replay(stack, "--from", "5", "--to", "9", "--to-topics", "bf-dry", "--dry-run")
    assert dry.returncode == 0, dry.stderr[-2000:]
    total = int(re.search(r"^\s*total\s+(\d+)\s*$", dry.stdout, re.M).group(1))
    rows = re.findall(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", dry.stdout, re.M)
    assert total == sum(int(count) for *_, count in rows) > 0
    real = _replay(stack, "--from", "5", "--to", "9", "--to-topics", "bf-dry")
    assert real.returncode == 0, real.stderr[-2000:]
    assert f"replayed {total} records" in real.stdout


def test_a_killed_replay_resumes_and_covers_the_window(live):
    stack, traffic = live
    since, until, window = _window(traffic, 0, 25)
    args = ["--from", since, "--to", until, "--to-topics", "bf2"]
    slow = subprocess.Popen([sys.executable, "-m", "streams", "replay", *args, "--rate", "4"],
                            env=stack.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    checkpoints = Path(stack.env["NEWSSTREAM_DATA_DIR"]) / "replay"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the slow replay has checkpointed some progress
        states = [orjson.loads(p.read_bytes()) for p in checkpoints.glob("*.json")]
        if any(not s["done"] and s["counts"] for s in states):
            break
        time.sleep(0.1)
    slow.send_signal(signal.SIGKILL)
    slow.wait()
    resumed = _replay(stack, *args)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "resuming from" in resumed.stderr
    topics = output_topics(stack.settings, "bf2")
    found = consume_until(stack.settings, lambda f: {v["url"] for v in values(f[topics.articles])}
                          >= window, topics=[topics.articles])
    assert {v["url"] for v in values(found[topics.articles])} == window
