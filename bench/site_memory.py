"""The gain of per-site boilerplate memory on a multi-page run of one site: generated pages
whose template blocks sit inside the article container (``streams.samples.site``), scored
with the project's metric (``../shared/tools/extraction_eval.py``), with and without memory.

    python bench/site_memory.py [--pages 40]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson
from extraction import SHARED, load_scorer  # bench/ is on sys.path when run as a script

from streams.clean.site_memory import observe
from streams.pipeline import Pipeline, Record
from streams.samples.site import site_pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools/extraction_eval.py")
    args = ap.parse_args()
    if not args.scorer.exists():
        print(f"scorer {args.scorer} is absent: nothing to measure")
        return 2
    scorer = load_scorer(args.scorer)
    pages = site_pages(args.pages)
    gold = {url: "\n".join(body) for url, _, body in pages}
    pipeline = Pipeline()
    for label, memory in (("without memory", None), ("with memory", {})):
        pred = {}
        for url, html, _ in pages:
            record = Record(orjson.dumps({"url": url, "fetched_at": "2026-11-27T08:00:00Z",
                                          "body": html}))
            (outcome,) = pipeline.process([record], memory)
            if memory is not None and outcome.site_observation is not None:
                observe(memory, outcome.site_observation)
            pred[url] = "\n".join(outcome.articles[0].paragraphs)
        result = scorer.evaluate(gold, pred, n_bootstrap=100)
        print(f"{label:<16} P {result['precision']:.3f}  R {result['recall']:.3f}  "
              f"F1 {result['f1']:.3f}  ({len(pages)} pages of one site)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
