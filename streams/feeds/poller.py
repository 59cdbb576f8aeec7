"""One polling round over the feeds: new article links fetched and published to ``pages.raw``,
each page checked as ``newsstream publish`` checks it; links already published (by any poller,
before any restart) are remembered in a compacted topic and not fetched again."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import time
from collections.abc import Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
from aiohttp import web
from aiokafka import AIOKafkaProducer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..errors import PageError
from ..kafka import client_options, follow_topic
from ..metrics import FEED_ERRORS, FEED_PAGES, FEED_ROUND
from ..publish import prepare
from ..settings import Settings
from ..sources import Item
from .fetcher import Fetcher, FetchError
from .guard import Refused
from .links import NotAFeed, article_links


@dataclass(slots=True)
class Round:
    """What one round did: counts, and the reason for every feed or link that failed."""

    published: list[str] = field(default_factory=list)  # URLs
    seen: int = 0
    disallowed: int = 0  # by robots.txt
    not_modified: int = 0  # feeds answering 304
    feed_errors: dict[str, str] = field(default_factory=dict)
    link_errors: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"published {len(self.published)}; already seen {self.seen}; disallowed by robots.txt "
                f"{self.disallowed}; feeds unchanged {self.not_modified}; feeds failed "
                f"{len(self.feed_errors)}; links failed {len(self.link_errors)}")


def _key(url: str) -> bytes:
    return hashlib.blake2b(url.encode(), digest_size=16).hexdigest().encode()


class SeenUrls:
    """Article URLs already published, in a compacted topic keyed by a hash of the URL: read
    whole at start, written after each page is published."""

    def __init__(self, settings: Settings, producer: AIOKafkaProducer) -> None:
        self.settings, self.producer, self.keys = settings, producer, set[bytes]()

    async def load(self) -> None:
        async with aclosing(follow_topic(self.settings, self.settings.feeds_seen_topic)) as polls:
            async for records, caught_up in polls:
                self.keys.update(r.key for r in records if r.key is not None)
                if caught_up:
                    return

    def __contains__(self, url: str) -> bool:
        return _key(url) in self.keys

    async def add(self, *urls: str) -> None:
        for url in dict.fromkeys(urls):
            self.keys.add(_key(url))
            await self.producer.send_and_wait(self.settings.feeds_seen_topic, url.encode(), key=_key(url))


async def poll(settings: Settings, feeds: list[str], fetcher: Fetcher, seen: SeenUrls,
               producer: AIOKafkaProducer) -> Round:
    """Every feed once; sitemap indexes are followed one level down."""
    done = Round()
    queue, visited = list(feeds), set[str]()
    while queue:
        feed = queue.pop(0)
        if feed in visited:
            continue
        visited.add(feed)
        try:
            page = await fetcher.get(feed, conditional=True)
            if page is None:
                done.not_modified += 1
                continue
            links, sitemaps = article_links(page.body, page.content_type)
        except (Refused, FetchError, NotAFeed) as exc:
            done.feed_errors[feed] = str(exc)
            continue
        queue.extend(s for s in sitemaps if feed in feeds)
        for link in links:
            await _article(settings, feed, link, fetcher, seen, producer, done)
    return done


async def _article(settings: Settings, feed: str, link: str, fetcher: Fetcher, seen: SeenUrls,
                   producer: AIOKafkaProducer, done: Round) -> None:
    if link in seen:
        done.seen += 1
        return
    try:
        if not await fetcher.allowed(link):
            done.disallowed += 1
            return
        page = await fetcher.get(link)
        assert page is not None
        message = {"url": page.url, "fetched_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                   "content_type": page.content_type or "text/html",
                   "body_base64": base64.b64encode(page.body).decode(), "source": feed,
                   "headers": page.headers}
        key, value, _ = prepare(Item(feed, 0, orjson.dumps(message)), settings,
                                int(datetime.now(UTC).timestamp() * 1000))
    except (Refused, FetchError, PageError) as exc:
        done.link_errors[link] = f"{type(exc).__name__}: {exc}"[:200]
        return
    await producer.send_and_wait(settings.topics.raw, value, key=key)
    await seen.add(link, page.url)
    done.published.append(page.url)


def _count(done: Round) -> None:
    FEED_PAGES.labels("published").inc(len(done.published))
    FEED_PAGES.labels("seen").inc(done.seen)
    FEED_PAGES.labels("disallowed").inc(done.disallowed)
    FEED_PAGES.labels("failed").inc(len(done.link_errors))
    FEED_ERRORS.inc(len(done.feed_errors))
    FEED_ROUND.set_to_current_time()


async def _serve_probes(port: int, interval_s: float, last_round: list[float]) -> web.AppRunner:
    """``/healthz`` (a round ended within three intervals, or the first is still running) and
    ``/metrics``, as the worker serves them. ``last_round[0]``: when the last round ended."""

    async def healthz(_: web.Request) -> web.Response:
        alive = time.time() - last_round[0] < 3 * interval_s + 60
        return web.Response(status=200 if alive else 503, text="ok\n" if alive else "stalled\n")

    async def metrics(_: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, port=port).start()
    return runner


async def run(settings: Settings, feeds: list[str], *, once: bool,
              report: Callable[[Round], None] = lambda done: None) -> Round:
    """Poll ``feeds`` once (``once``) or every ``feeds_interval_s`` until cancelled, serving
    probes and metrics on ``NEWSSTREAM_HTTP_PORT`` meanwhile; each round goes to ``report``."""
    producer = AIOKafkaProducer(**client_options(settings), acks="all",
                                max_request_size=settings.max_body_bytes * 2)
    fetcher = Fetcher(max_bytes=settings.max_body_bytes, delay_s=settings.feeds_host_delay_s,
                      timeout_s=settings.feeds_timeout_s, allow_private=settings.feeds_allow_private)
    last_round = [time.time()]
    probes = None if once or settings.http_port <= 0 else await _serve_probes(
        settings.http_port, settings.feeds_interval_s, last_round)
    await producer.start()
    try:
        seen = SeenUrls(settings, producer)
        await seen.load()
        while True:
            done = await poll(settings, feeds, fetcher, seen, producer)
            _count(done)
            last_round[0] = time.time()
            report(done)
            if once:
                return done
            await asyncio.sleep(settings.feeds_interval_s)
    finally:
        await fetcher.close()
        await producer.stop()
        if probes is not None:
            await probes.cleanup()
