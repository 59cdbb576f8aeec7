"""Per-site boilerplate memory: its gain on a multi-page run of one site, and its size on a
broad feed.

1. Gain: generated pages whose template blocks sit inside the article container
   (``streams.samples.site``), scored with the project's metric
   (``../shared/tools/extraction_eval.py``), with and without memory.
2. Size: ``--sites`` synthetic sites (default 50,000), each observed for a few pages of
   twenty blocks (two of them template), through a ``SiteMemory`` with the default budget;
   prints the memory's own byte count, the sites it kept and the process's peak RSS.

    python bench/site_memory.py [--pages 40] [--sites 50000] [--pages-per-site 12]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import orjson
from extraction import SHARED, load_scorer  # bench/ is on sys.path when run as a script

from streams.clean.site_memory import SiteMemory, SiteObservation
from streams.pipeline import Pipeline, Record
from streams.samples.site import site_pages
from streams.settings import Settings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools/extraction_eval.py")
    ap.add_argument("--sites", type=int, default=50_000)
    ap.add_argument("--pages-per-site", type=int, default=12)
    args = ap.parse_args()
    gain(args)
    size(args.sites, args.pages_per_site)
    return 0


def size(sites: int, pages: int) -> None:
    budget = Settings().site_memory_mb << 20
    memory = SiteMemory(budget)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.process_time()
    for page in range(pages):  # a broad feed: every site gets a page before any gets the next
        for site in range(sites):
            blocks = [f"Paragraph {i} of page {page} of site {site}" for i in range(18)]
            memory.observe(SiteObservation(f"site{site}.example", f"https://site{site}.example/{page}",
                                           [*blocks, f"Footer of site {site}", f"Menu of site {site}"]))
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{sites} sites x {pages} pages: memory {memory.nbytes / 2**20:.0f} MiB of a "
          f"{budget / 2**20:.0f} MiB budget, {len(memory)} sites kept; peak RSS {peak:.0f} MiB "
          f"({before:.0f} MiB before); {1e6 * seconds / (sites * pages):.0f} µs per page")


def gain(args: argparse.Namespace) -> None:
    if not args.scorer.exists():
        print(f"scorer {args.scorer} is absent: no quality figures")
        return
    scorer = load_scorer(args.scorer)
    pages = site_pages(args.pages)
    gold = {url: "\n".join(body) for url, _, body in pages}
    pipeline = Pipeline()
    for label, memory in (("without memory", None), ("with memory", SiteMemory())):
        pred = {}
        for url, html, _ in pages:
            record = Record(orjson.dumps({"url": url, "fetched_at": "2026-11-27T08:00:00Z",
                                          "body": html}))
            (outcome,) = pipeline.process([record], memory)
            if memory is not None and outcome.site_observation is not None:
                memory.observe(outcome.site_observation)
            pred[url] = "\n".join(outcome.articles[0].paragraphs)
        result = scorer.evaluate(gold, pred, n_bootstrap=100)
        print(f"{label:<16} P {result['precision']:.3f}  R {result['recall']:.3f}  "
              f"F1 {result['f1']:.3f}  ({len(pages)} pages of one site)")


if __name__ == "__main__":
    sys.exit(main())
