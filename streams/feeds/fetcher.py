"""A polite HTTP client for feeds and the pages they link: one request at a time per host with
a delay between them, robots.txt obeyed, conditional GET (ETag / Last-Modified) for feeds,
redirects followed by hand (each hop checked by the address guard), timeouts, a size cap,
retries with back-off on timeouts and server errors, and a User-Agent that names the product."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from .. import PIPELINE_VERSION
from . import guard

USER_AGENT = f"newsstream/{PIPELINE_VERSION} (news feed poller; +https://newsstream.dev/bot)"
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A fetch that failed for good (after retries), with the reason."""


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # after redirects
    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes


class Fetcher:
    def __init__(self, *, max_bytes: int, delay_s: float = 1.0, timeout_s: float = 10.0,
                 retries: int = 2, max_redirects: int = 5, allow_private: bool = False) -> None:
        self.max_bytes, self.delay_s, self.retries = max_bytes, delay_s, retries
        self.max_redirects, self.allow_private = max_redirects, allow_private
        self._client = httpx.AsyncClient(follow_redirects=False, timeout=timeout_s,
                                         headers={"User-Agent": USER_AGENT})
        self._hosts: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}
        self._robots: dict[str, Protego] = {}
        self._validators: dict[str, dict[str, str]] = {}  # feed URL -> conditional GET headers

    async def close(self) -> None:
        await self._client.aclose()

    async def get(self, url: str, *, conditional: bool = False) -> Page | None:
        """The page at ``url``, after redirects; None when a conditional GET says it has not
        changed. Raises ``guard.Refused`` or ``FetchError``."""
        for _ in range(self.max_redirects + 1):
            await guard.check(url, allow_private=self.allow_private)
            extra = self._validators.get(url, {}) if conditional else {}
            status, headers, body = await self._polite(url, extra)
            if status in _REDIRECTS and "location" in headers:
                url = urljoin(url, headers["location"])
                continue
            if status == 304:
                return None
            if status >= 400:
                raise FetchError(f"HTTP {status}")
            if conditional:
                self._validators[url] = {name: headers[key] for key, name in (
                    ("etag", "If-None-Match"), ("last-modified", "If-Modified-Since")) if key in headers}
            return Page(url, status, headers.get("content-type", ""), headers, body)
        raise FetchError(f"more than {self.max_redirects} redirects")

    async def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets this product fetch ``url`` (no robots.txt, or
        a 4xx for it: yes; a robots.txt that cannot be fetched otherwise: no, for now)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                page = await self.get(f"{origin}/robots.txt")
                rules = page.body.decode("utf-8", "replace") if page is not None else ""
            except FetchError as exc:
                rules = "" if str(exc).startswith("HTTP 4") else "User-agent: *\nDisallow: /"
            self._robots[origin] = Protego.parse(rules)
        return bool(self._robots[origin].can_fetch(url, USER_AGENT))

    async def _polite(self, url: str, extra: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """One request at a time per host, ``delay_s`` apart; retried with back-off."""
        host = urlsplit(url).netloc
        async with self._hosts.setdefault(host, asyncio.Lock()):
            for attempt in range(self.retries + 1):
                wait = self._last.get(host, 0.0) + self.delay_s - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                try:
                    status, headers, body = await self._request(url, extra)
                except httpx.TransportError as exc:  # timeouts, refused connections, resets
                    failure: str = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                else:
                    if status < 500:
                        return status, headers, body
                    failure = f"HTTP {status}"
                finally:
                    self._last[host] = time.monotonic()
                if attempt < self.retries:
                    await asyncio.sleep(0.5 * 2 ** attempt)
            raise FetchError(failure)

    async def _request(self, url: str, extra: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        async with self._client.stream("GET", url, headers=extra) as response:
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"larger than {self.max_bytes} bytes ({declared} declared)")
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"larger than {self.max_bytes} bytes")
                chunks.append(chunk)
            return response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks)
