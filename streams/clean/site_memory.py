"""Per-site boilerplate memory: template blocks recur across one site's pages ("Get Motor Cycle
Monthly delivered...", the company boilerplate under every press release) while article text
does not. Counting block fingerprints per site finds what single-page extractors cannot.

The pipeline reads a ``Mapping[site, SiteStats]`` and returns a :class:`SiteObservation` per
page; the caller folds it into its :class:`SiteMemory`. Bounded for a feed of any breadth:

- only blocks seen on two pages of a site are counted (a block seen once waits in a short
  queue for its second sighting; article text never gets a second one), so a site holds a
  few hundred entries, not one per paragraph it ever published;
- counts decay (halved every ``DECAY_EVERY`` pages of a site), so a site's old template
  makes way for its new one;
- the whole memory has a budget in bytes (``NEWSSTREAM_SITE_MEMORY_MB``): past it, the sites
  seen least recently are forgotten (they are relearned in a few pages).

A re-crawl of a URL already counted does not count again.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

MIN_PAGES = 3          # a block must be on this many distinct pages of the site ...
MIN_SHARE = 0.3        # ... and on this share of the pages seen, to count as template
WAITING = 256          # blocks seen once per site, waiting for a second sighting (oldest go)
MAX_BLOCKS = 2000      # counted blocks per site (the most frequent stay)
MAX_URLS = 1000        # recent URL fingerprints per site, for re-crawl detection
DECAY_EVERY = 500      # pages of a site after which its counts are halved

_NORMALISE = re.compile(r"\W+")
_INT = sys.getsizeof(2**63)  # a 64-bit fingerprint as a Python int


def fingerprint(text: str) -> int:
    key = _NORMALISE.sub(" ", text.lower()).strip()
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


@dataclass(slots=True)
class SiteStats:
    pages: int = 0
    blocks: dict[int, int] = field(default_factory=dict)  # block -> pages it was on (>= 2)
    waiting: dict[int, None] = field(default_factory=dict)  # blocks seen on one page, oldest first
    urls: dict[int, None] = field(default_factory=dict)  # recent URLs, oldest first

    def seen(self, block: int) -> int:
        return self.blocks.get(block, 1 if block in self.waiting else 0)

    def is_template(self, block: str, *, counting_this_page: bool = True) -> bool:
        seen = self.seen(fingerprint(block)) + int(counting_this_page)
        pages = self.pages + int(counting_this_page)
        return seen >= MIN_PAGES and seen >= MIN_SHARE * pages

    def nbytes(self) -> int:
        """Bytes this site's stats hold: the three tables and their fingerprints."""
        return (sys.getsizeof(self.blocks) + sys.getsizeof(self.waiting) + sys.getsizeof(self.urls)
                + _INT * (len(self.blocks) + len(self.waiting) + len(self.urls)) + 64)


@dataclass(slots=True)
class SiteObservation:
    """What one page adds to its site's memory."""

    site: str
    url: str
    blocks: list[str]


class SiteMemory(Mapping[str, SiteStats]):
    """Every site's stats within a budget of bytes; the site seen least recently goes first."""

    def __init__(self, budget_bytes: int = 256 * 1024 * 1024) -> None:
        self.budget_bytes = budget_bytes
        self.nbytes = 0
        self._sites: OrderedDict[str, SiteStats] = OrderedDict()
        self._sizes: dict[str, int] = {}

    def __getitem__(self, site: str) -> SiteStats:
        return self._sites[site]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sites)

    def __len__(self) -> int:
        return len(self._sites)

    def observe(self, observation: SiteObservation) -> None:
        """Fold one page into its site's stats, then keep the memory within its budget."""
        site = observation.site
        stats = self._sites.get(site)
        if stats is None:
            stats = self._sites[site] = SiteStats()
        self._sites.move_to_end(site)
        _count(stats, observation)
        size = stats.nbytes()
        self.nbytes += size - self._sizes.get(site, 0)
        self._sizes[site] = size
        while self.nbytes > self.budget_bytes and len(self._sites) > 1:
            gone, _ = self._sites.popitem(last=False)
            self.nbytes -= self._sizes.pop(gone)


def _count(stats: SiteStats, observation: SiteObservation) -> None:
    url = fingerprint(observation.url)
    if url in stats.urls:
        return
    stats.urls[url] = None
    if len(stats.urls) > MAX_URLS:
        del stats.urls[next(iter(stats.urls))]
    stats.pages += 1
    for block in {fingerprint(b) for b in observation.blocks}:
        if block in stats.blocks:
            stats.blocks[block] += 1
        elif block in stats.waiting:
            del stats.waiting[block]
            stats.blocks[block] = 2
        else:
            stats.waiting[block] = None
            if len(stats.waiting) > WAITING:
                del stats.waiting[next(iter(stats.waiting))]
    if len(stats.blocks) > MAX_BLOCKS:
        keep = sorted(stats.blocks.items(), key=lambda kv: kv[1], reverse=True)[: MAX_BLOCKS // 2]
        stats.blocks = dict(keep)
    if stats.pages % DECAY_EVERY == 0:
        stats.pages //= 2
        stats.blocks = {b: n // 2 for b, n in stats.blocks.items() if n >= 4}


def drop_template_blocks(paragraphs: list[str], stats: SiteStats | None,
                         url: str) -> list[str]:
    if stats is None or stats.pages < MIN_PAGES - 1:
        return paragraphs
    new_page = fingerprint(url) not in stats.urls
    kept = [p for p in paragraphs if not stats.is_template(p, counting_this_page=new_page)]
    return kept or paragraphs  # never empty an article on the memory's word alone
