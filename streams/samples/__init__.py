"""Pages the repo ships for the demo and the tests: the seed page the project was created from
(with what we expect of it) and a few HTML pages written for newsstream (fictional news)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import orjson

_ROOT = files(__name__)
FETCHED_AT = "2026-11-27T08:00:00Z"


def seed_text() -> str:
    return _ROOT.joinpath("seed/page.txt").read_text(encoding="utf-8")


def seed_expected() -> dict[str, Any]:
    expected: dict[str, Any] = orjson.loads(_ROOT.joinpath("seed/expected.json").read_bytes())
    return expected


def html_pages() -> dict[str, str]:
    """File name -> HTML of every sample page."""
    folder = _ROOT.joinpath("html")
    return {p.name: p.read_text(encoding="utf-8")
            for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".html")}


def seed_message() -> dict[str, Any]:
    return {"url": "https://world-news.example/world/north-korea-russia-ties-distorted",
            "fetched_at": FETCHED_AT, "content_type": "text/plain", "body": seed_text(),
            "source": "seed"}


def html_messages() -> list[dict[str, Any]]:
    urls = {
        "markets-brief.html": "https://northgate-daily.example/business/markets/baltic-exchange-crypto-custody?utm_source=feed",
        "harbour-plan.html": "https://coastline-news.example/poland/gdansk-container-terminal",
    }
    return [{"url": urls.get(name, f"https://samples.example/{name}"), "fetched_at": FETCHED_AT,
             "content_type": "text/html; charset=utf-8", "body": html, "source": "samples"}
            for name, html in html_pages().items()]
