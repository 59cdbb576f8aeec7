"""Extraction quality and speed on every development corpus (``../shared/data/extraction``,
each in the Scrapinghub layout: ``html/<id>.html.gz`` + ``ground-truth.json``), next to
trafilatura (defaults) and readability-lxml run in the same process, so the ratios hold on a
noisy machine. Per corpus: P, R, F1 (the project's metric, ``../shared/tools``), empty
outputs, catastrophic pages and pages/s per core. Gold definitions differ between corpora:
compare systems within a corpus.

    python bench/extraction.py [DATASET ...] [--repeat 3] [--limit N]
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


CATASTROPHIC = 0.2  # a page's F1 under this while trafilatura's is at least ...
TRAFILATURA_GOOD = 0.8


def _run(name: str, html: str, url: str) -> str:
    """One system on one page; a system that fails on a page gives nothing for it."""
    try:
        return SYSTEMS[name](html, url)
    except Exception as exc:  # a baseline's own failure on a malformed page counts as empty
        print(f"  {name} failed on {url or 'a page'}: {type(exc).__name__}", file=sys.stderr)
        return ""


def _bench(dataset: Path, scorer, names: list[str], repeat: int, limit: int | None) -> dict[str, dict]:
    """Scores and per-core speed of each system on one dataset, printed as a table."""
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    pages = {i: _read_gz(dataset / "html" / f"{i}.html.gz") for i in ids}
    gold = {i: truth[i]["articleBody"] for i in ids}
    for name in names:
        for i in ids[:3]:
            _run(name, pages[i], truth[i].get("url") or "")  # warm-up: imports, model loads
    # Round-robin passes: a slow spell of this shared machine hits every system alike.
    rates: dict[str, list[float]] = {name: [] for name in names}
    predictions: dict[str, dict[str, str]] = {}
    for _ in range(repeat):
        for name in names:
            start = time.process_time()
            predictions[name] = {i: _run(name, pages[i], truth[i].get("url") or "") for i in ids}
            rates[name].append(len(ids) / (time.process_time() - start))
    results = {name: scorer.evaluate(gold, predictions[name], n_bootstrap=200) for name in names}
    reference = results.get("trafilatura")
    print(f"\n{dataset.name}: {len(ids)} pages")
    print(f"{'system':<12}{'P':>8}{'R':>8}{'F1':>8}{'±':>7}{'empty':>7}{'catastr.':>9}{'pages/s':>10}")
    for name in names:
        result = results[name]
        bad = "" if reference is None or name == "trafilatura" else sum(
            1 for i in ids if result["per_page"][i]["f1"] < CATASTROPHIC
            and reference["per_page"][i]["f1"] >= TRAFILATURA_GOOD)
        result["catastrophic"] = bad
        print(f"{name:<12}{result['precision']:8.3f}{result['recall']:8.3f}{result['f1']:8.3f}"
              f"{result['f1_std']:7.3f}{result['empty_predictions']:7d}{bad!s:>9}"
              f"{statistics.median(rates[name]):10.1f}", flush=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("datasets", nargs="*", type=Path,
                    help="dataset folders (default: every folder of ../shared/data/extraction)")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools/extraction_eval.py")
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--repeat", type=int, default=1, help="timed passes (median reported)")
    ap.add_argument("--limit", type=int, help="first N pages of each dataset")
    args = ap.parse_args()
    datasets = args.datasets or sorted(p for p in (SHARED / "data/extraction").glob("*")
                                       if (p / "ground-truth.json").exists())
    if not datasets or not args.scorer.exists():
        print(f"no dataset under {SHARED / 'data/extraction'} or no scorer {args.scorer}: nothing to measure")
        return 2
    scorer = load_scorer(args.scorer)
    names = args.systems.split(",")
    print("per-core speed = pages / process CPU second; catastr. = pages under F1 "
          f"{CATASTROPHIC} where trafilatura gets {TRAFILATURA_GOOD} or more")
    for dataset in datasets:
        _bench(dataset, scorer, names, args.repeat, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
