"""Per-site boilerplate memory: template blocks recur across one site's pages ("Get Motor Cycle
Monthly delivered...", the company boilerplate under every press release) while article text
does not. Counting block fingerprints per site finds what single-page extractors cannot.

Pure data and functions: the pipeline reads a ``Mapping[site, SiteStats]`` snapshot, and the
caller applies the returned :class:`SiteObservation` to its store (a :class:`SiteMemory`).
A re-crawl of a URL already counted does not count again.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

MIN_PAGES = 3          # a block must be on this many distinct pages of the site ...
MIN_SHARE = 0.3        # ... and on this share of the pages seen, to count as template
MAX_BLOCKS = 5000      # fingerprints kept per site (the most frequent)
MAX_URLS = 2000        # recent URL fingerprints kept per site, for re-crawl detection
MAX_SITES = 20000      # sites remembered per process (least recently seen dropped first)

_NORMALISE = re.compile(r"\W+")


def fingerprint(text: str) -> str:
    key = _NORMALISE.sub(" ", text.lower()).strip()
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


@dataclass(slots=True)
class SiteStats:
    pages: int = 0
    blocks: dict[str, int] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)

    def is_template(self, block: str, *, counting_this_page: bool = True) -> bool:
        seen = self.blocks.get(fingerprint(block), 0) + int(counting_this_page)
        pages = self.pages + int(counting_this_page)
        return seen >= MIN_PAGES and seen >= MIN_SHARE * pages

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "blocks": self.blocks, "urls": self.urls}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> SiteStats:
        if not data:
            return cls()
        return cls(int(data["pages"]), dict(data["blocks"]), list(data["urls"]))


class SiteMemory(OrderedDict[str, Any]):
    """A bounded store for the stats: the least recently updated site goes first."""

    def __setitem__(self, site: str, stats: Any) -> None:
        super().__setitem__(site, stats)
        self.move_to_end(site)
        while len(self) > MAX_SITES:
            self.popitem(last=False)


@dataclass(slots=True)
class SiteObservation:
    """What one page adds to its site's memory."""

    site: str
    url: str
    blocks: list[str]


def drop_template_blocks(paragraphs: list[str], stats: SiteStats | None,
                         url: str) -> list[str]:
    if stats is None or stats.pages < MIN_PAGES - 1:
        return paragraphs
    new_page = fingerprint(url) not in stats.urls
    kept = [p for p in paragraphs if not stats.is_template(p, counting_this_page=new_page)]
    return kept or paragraphs  # never empty an article on the memory's word alone


def observe(store: MutableMapping[str, Any], observation: SiteObservation) -> None:
    """Fold one page into its site's stats; the store holds ``SiteStats.to_json()`` values."""
    stats = SiteStats.from_json(store.get(observation.site))
    url_key = fingerprint(observation.url)
    if url_key in stats.urls:
        return
    stats.urls = [*stats.urls, url_key][-MAX_URLS:]
    stats.pages += 1
    for block in {fingerprint(b) for b in observation.blocks}:
        stats.blocks[block] = stats.blocks.get(block, 0) + 1
    if len(stats.blocks) > MAX_BLOCKS:
        keep = sorted(stats.blocks.items(), key=lambda kv: kv[1], reverse=True)[: MAX_BLOCKS // 2]
        stats.blocks = dict(keep)
    store[observation.site] = stats.to_json()
