"""Feed links are untrusted: a URL may point into the cluster or at the cloud's metadata
service. ``check`` resolves the host and refuses private, loopback, link-local, multicast and
reserved addresses (unless allowed, for tests and intranets); the fetcher calls it before
every request, redirects included."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class Refused(Exception):
    """A URL the poller will not fetch, with the reason."""


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified)


async def check(url: str, *, allow_private: bool) -> None:
    """Raise ``Refused`` unless ``url`` is http(s) and its host resolves only to public
    addresses (or ``allow_private``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"not an http(s) URL: {url[:200]}")
    if allow_private:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(parts.hostname, parts.port or 80,
                                                              type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused(f"{parts.hostname} does not resolve: {exc}") from None
    bad = sorted({str(info[4][0]) for info in infos if _forbidden(str(info[4][0]))})
    if bad:
        raise Refused(f"{parts.hostname} resolves to a private, loopback or link-local address "
                      f"({', '.join(bad)}); set NEWSSTREAM_FEEDS_ALLOW_PRIVATE=1 to allow it")
