"""``newsstream feeds --once`` against a local HTTP server (no outside network): an RSS feed,
an Atom feed and a news sitemap over 30 article pages, a robots.txt that disallows some, a
redirect, and bad feeds. Exactly the allowed pages are published, once; a second run
publishes nothing; the worker turns them into articles."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from streams.broker import free_port
from streams.cli import cli
from streams.feeds.fetcher import Fetcher
from tests.integration.conftest import Stack, consume_until, values

pytestmark = pytest.mark.integration
ARTICLE = ("<html><head><title>Harbour bulletin {n}</title></head><body><article><h1>Harbour "
           "bulletin {n}</h1><p>The harbour master of Gdynia said on Monday that quay {n} will "
           "reopen after repairs that cost {n} hundred thousand zloty and took {n} weeks.</p>"
           "<p>Shipping lines were told to book berths {n} days ahead while the quay is busy, "
           "and the port expects traffic to grow by {n} percent next year.</p></article></body></html>")


def _rss(base: str) -> str:
    items = [f"{base}/news/{n}" for n in range(1, 11)] + [f"{base}/private/1", f"{base}/moved"]
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Port</title>'
            + "".join(f"<item><title>i</title><link>{u}</link></item>" for u in items)
            + "</channel></rss>")


def _atom(base: str) -> str:
    items = [f"{base}/news/{n}" for n in range(11, 21)] + [f"{base}/private/2"]
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Port</title>"
            + "".join(f'<entry><title>e</title><link href="{u}"/></entry>' for u in items) + "</feed>")


def _sitemap(base: str) -> str:
    items = [f"{base}/news/{n}" for n in range(21, 31)] + [f"{base}/private/3"]
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{u}</loc></url>" for u in items) + "</urlset>")


class _Site(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: str | bytes, kind: str = "text/html", **headers: str) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", headers.pop("length", str(len(data))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command == "GET" and data:
            self.wfile.write(data)

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        if path == "/robots.txt":
            self._send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/rss.xml":
            self._send(200, _rss(base), "application/rss+xml", ETag='"v1"')
        elif path == "/etag.xml":  # answers a conditional GET for its current version with 304
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, "")
            else:
                self._send(200, _rss(base), "application/rss+xml", ETag='"v1"')
        elif path == "/atom.xml":
            self._send(200, _atom(base), "application/atom+xml")
        elif path == "/sitemap.xml":
            self._send(200, _sitemap(base), "application/xml")
        elif path == "/moved":
            self._send(301, "", Location="/news/moved")
        elif path.startswith(("/news/", "/private/")):
            self._send(200, ARTICLE.format(n=path.rsplit("/", 1)[1]))
        elif path == "/broken.xml":
            self._send(200, "<?xml version='1.0'?><rss version='2.0'><channel><title>cut", "application/xml")
        elif path == "/homepage.xml":
            self._send(200, "<!doctype html><html><body><p>Welcome</p></body></html>")
        elif path == "/error.xml":
            self._send(500, "boom", "text/plain")
        elif path == "/slow.xml":
            time.sleep(2.5)
            self._send(200, _rss(base), "application/rss+xml")
        elif path == "/huge.xml":
            self._send(200, b"", "application/xml", length=str(50 * 1024 * 1024))
        else:
            self._send(404, "not found", "text/plain")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _feeds(stack: Stack, *args: str, allow_private: bool = True):
    env = {**stack.env, "NEWSSTREAM_FEEDS_HOST_DELAY": "0", "NEWSSTREAM_FEEDS_TIMEOUT": "1",
           "NEWSSTREAM_FEEDS_ALLOW_PRIVATE": "1" if allow_private else "0"}
    result = CliRunner().invoke(cli, ["feeds", "--once", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_feeds_once_publishes_the_allowed_pages_once_and_reports_bad_feeds(stack: Stack, site: str):
    feeds = [f"{site}/{name}" for name in ("rss.xml", "atom.xml", "sitemap.xml", "broken.xml",
                                            "homepage.xml", "error.xml", "slow.xml", "huge.xml")]
    output = _feeds(stack, *feeds)
    assert "published 31; already seen 0; disallowed by robots.txt 3;" in output, output
    assert "feeds failed 5;" in output
    for name, reason in [("broken.xml", "malformed feed"), ("homepage.xml", "an HTML page"),
                         ("error.xml", "HTTP 500"), ("slow.xml", "Timeout"), ("huge.xml", "larger than")]:
        assert f"skipped {site}/{name}: " in output and reason in output.split(f"{site}/{name}: ")[1], name

    raw, articles = stack.settings.topics.raw, stack.settings.topics.articles
    found = consume_until(stack.settings, lambda f: len(f[raw]) >= 31 and len(f[articles]) >= 31,
                          topics=[raw, articles], timeout_s=120)
    pages = values(found[raw])
    urls = {p["url"] for p in pages}
    assert urls == {f"{site}/news/{n}" for n in [*range(1, 31), "moved"]}  # the redirect's target
    assert {p["source"] for p in pages} == {f"{site}/rss.xml", f"{site}/atom.xml", f"{site}/sitemap.xml"}
    assert len(values(found[articles])) == 31

    again = _feeds(stack, *feeds[:3])
    assert "published 0; already seen 31;" in again, again


def test_without_permission_private_addresses_are_refused(stack: Stack, site: str):
    output = _feeds(stack, f"{site}/rss.xml", allow_private=False)
    assert "published 0" in output
    assert "resolves to a private, loopback or link-local address" in output
    assert "NEWSSTREAM_FEEDS_ALLOW_PRIVATE=1" in output


def test_as_a_service_it_polls_each_interval_with_health_and_metrics(stack: Stack, site: str):
    port = free_port()
    env = {**stack.env, "NEWSSTREAM_FEEDS_HOST_DELAY": "0", "NEWSSTREAM_FEEDS_INTERVAL": "1",
           "NEWSSTREAM_FEEDS_ALLOW_PRIVATE": "1", "NEWSSTREAM_HTTP_PORT": str(port)}
    poller = subprocess.Popen([sys.executable, "-m", "streams", "feeds", f"{site}/rss.xml"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline, metrics, polled_again = time.monotonic() + 60, "", 'outcome="seen"} 2'
        while time.monotonic() < deadline and polled_again not in metrics:
            time.sleep(0.5)
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as answer:
                    metrics = answer.read().decode()
            except OSError:
                continue
        assert health.status == 200
        # Every round after the first finds the feed's links already published: polled again.
        assert "newsstream_feed_pages_total{outcome=\"seen\"}" in metrics, metrics[-2000:]
        assert "newsstream_feed_last_round_timestamp_seconds" in metrics
    finally:
        poller.send_signal(signal.SIGTERM)
        poller.wait(timeout=20)


def test_a_feed_that_has_not_changed_is_not_downloaded_again(site: str):
    async def twice() -> tuple[object, object]:
        fetcher = Fetcher(max_bytes=1 << 20, delay_s=0, allow_private=True)
        try:
            return (await fetcher.get(f"{site}/etag.xml", conditional=True),
                    await fetcher.get(f"{site}/etag.xml", conditional=True))
        finally:
            await fetcher.close()

    first, second = asyncio.run(twice())
    assert first is not None and b"<rss" in first.body  # type: ignore[attr-defined]
    assert second is None  # 304 Not Modified: the round skips the feed
