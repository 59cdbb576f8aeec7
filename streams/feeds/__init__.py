"""``newsstream feeds``: RSS/Atom feeds and news sitemaps polled, each new article page fetched
politely and published to ``pages.raw`` with the feed as its ``source``.

``guard`` refuses private addresses (feed links are untrusted), ``fetcher`` is the polite HTTP
client (robots.txt, per-host delay, conditional GET, redirects, size cap, retries), ``links``
reads feeds and sitemaps, ``poller`` runs the rounds and remembers published links in a
compacted topic shared by every poller.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .poller import Round, run

__all__ = ["Round", "feeds_from_file", "run"]


def feeds_from_file(path: Path) -> list[str]:
    """The feed URLs of a feeds file: ``feeds: [url, ...]`` (YAML), or a list of URLs."""
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    urls = loaded.get("feeds") if isinstance(loaded, dict) else loaded
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ValueError(f"{path}: expected 'feeds:' and a list of URLs")
    return urls
