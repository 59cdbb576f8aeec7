"""Extraction quality and speed on a dataset in the Scrapinghub article-extraction-benchmark
layout (``html/<id>.html.gz`` + ``ground-truth.json``), next to trafilatura and readability-lxml
run in the same process, so the ratios hold on a noisy machine.

    python bench/extraction.py [DATASET] [--scorer ../shared/tools/extraction_eval.py]

The scorer is the project's metric definition (``../shared/tools``); the default dataset is
``../shared/data/extraction/scrapinghub-aeb``. Pages/s are per core (process CPU time).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("extraction_eval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def newsstream_extract(html: str, url: str) -> str:
    from streams.clean import clean
    from streams.document import parse
    from streams.models import RawPage
    from streams.tickers import split_quotes

    parsed = parse(RawPage(url=url, fetched_at="", content_type="text/html", body=html,
                           page_id=""))
    split_quotes(parsed)
    return "\n".join(clean(parsed).paragraphs)


def trafilatura_extract(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def readability_extract(html: str, url: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


SYSTEMS: dict[str, Callable[[str, str], str]] = {
    "newsstream": newsstream_extract,
    "trafilatura": trafilatura_extract,
    "readability": readability_extract,
}


def _read_gz(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", nargs="?", type=Path,
                    default=SHARED / "data/extraction/scrapinghub-aeb")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools/extraction_eval.py")
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--repeat", type=int, default=3, help="timed passes (median reported)")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    if not args.dataset.exists() or not args.scorer.exists():
        print(f"dataset {args.dataset} or scorer {args.scorer} is absent: nothing to measure")
        return 2
    scorer = load_scorer(args.scorer)
    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit]
    pages = {i: _read_gz(args.dataset / "html" / f"{i}.html.gz") for i in ids}
    gold = {i: truth[i]["articleBody"] for i in ids}
    print(f"dataset {args.dataset.name}: {len(ids)} pages; per-core speed = pages / process CPU s")
    print(f"{'system':<12}{'P':>8}{'R':>8}{'F1':>8}{'±':>7}{'empty':>7}{'pages/s':>10}")
    names = args.systems.split(",")
    for name in names:
        for i in ids[:3]:
            SYSTEMS[name](pages[i], truth[i]["url"])  # warm-up: imports, model loads
    # Round-robin passes: a slow spell of this shared machine hits every system alike.
    rates: dict[str, list[float]] = {name: [] for name in names}
    predictions: dict[str, dict[str, str]] = {}
    for _ in range(args.repeat):
        for name in names:
            start = time.process_time()
            predictions[name] = {i: SYSTEMS[name](pages[i], truth[i]["url"]) for i in ids}
            rates[name].append(len(ids) / (time.process_time() - start))
    for name in names:
        result = scorer.evaluate(gold, predictions[name], n_bootstrap=200)
        print(f"{name:<12}{result['precision']:8.3f}{result['recall']:8.3f}{result['f1']:8.3f}"
              f"{result['f1_std']:7.3f}{result['empty_predictions']:7d}"
              f"{statistics.median(rates[name]):10.1f}")
    first = statistics.median(rates[names[0]])
    for name in names[1:]:
        print(f"{names[0]} / {name} pages/s: {first / statistics.median(rates[name]):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
