"""Stories: are syndicated copies grouped, and what does a story decision cost?

1. **Grouping**, through ``newsstream process`` (``process_file``): a development stream built
   from the article texts of ``../shared/data/extraction`` (gold bodies of seven corpora).
   Some texts are republished one to five times, each copy with the kinds of change real
   republication makes (a correction note on top, an "(Additional reporting by ...)" line, a
   sentence dropped, a site's own line added, the tail cut off, two of these at once); the
   rest appear once. Copies arrive shuffled (out of order) as ``text/plain`` raw pages of
   other sites. Printed: same-story pair precision and recall, and the variants missed.
2. **Cost per article** at 10,000 and 100,000 stories in the index (synthetic texts): the
   story decision (band look-ups, candidate comparisons, index update) in microseconds, and
   the index's memory per article.

    python bench/stories.py [--stories 300] [--seed 7] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from itertools import combinations
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
EXTRACTION = ROOT.parent / "shared" / "data" / "extraction"
sys.path.insert(0, str(ROOT))

from streams.models import Article, StorySighting  # noqa: E402
from streams.offline import process_file  # noqa: E402
from streams.settings import Settings  # noqa: E402
from streams.stories import StoryIndex, signature, track  # noqa: E402

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
VARIANTS = ("identical", "correction", "reporting", "dropped", "added", "cut")


def _texts(min_words: int = 120) -> list[str]:
    seen, texts = set(), []
    for truth in sorted(EXTRACTION.glob("*/ground-truth.json")):
        for item in json.loads(truth.read_text(encoding="utf-8")).values():
            body = (item.get("articleBody") or "").strip()
            if len(body.split()) >= min_words and body[:200] not in seen:
                seen.add(body[:200])
                texts.append(body)
    return texts


def _vary(text: str, kind: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if kind == "correction":
        return "\n\n".join(["(Corrects the date of the announcement in the second paragraph)", *paragraphs])
    if kind == "reporting":
        return "\n\n".join([*paragraphs, "(Additional reporting by Maria Lopez; Editing by Tom Brown)"])
    if kind == "added":
        at = rng.randrange(len(paragraphs) + 1)
        return "\n\n".join([*paragraphs[:at], "Follow our live coverage for the latest updates.",
                            *paragraphs[at:]])
    if kind == "dropped":
        sentences = _SENTENCE.split(text)
        if len(sentences) > 3:
            del sentences[rng.randrange(1, len(sentences))]
        return " ".join(sentences)
    if kind == "cut":
        words = text.split(" ")
        return " ".join(words[: int(len(words) * rng.uniform(0.5, 0.9))])
    return text


def _stream(texts: list[str], stories: int, rng: random.Random) -> list[tuple[int, str, str]]:
    """(true story, variant, text) for every article of the stream, shuffled."""
    items = []
    for story, text in enumerate(texts):
        items.append((story, "original", text))
        if story < stories:
            for _ in range(rng.randint(1, 5)):
                kinds = rng.sample(VARIANTS, rng.choice((1, 1, 2)))
                variant = text
                for kind in kinds:
                    variant = _vary(variant, kind, rng)
                items.append((story, "+".join(kinds), variant))
    rng.shuffle(items)
    return items


def _pairs(labels: list[int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    return {pair for members in groups.values() for pair in combinations(members, 2)}


def grouping(stories: int, singles: int, seed: int) -> None:
    rng = random.Random(seed)
    texts = _texts()
    rng.shuffle(texts)
    texts = texts[:stories + singles]
    items = _stream(texts, stories, rng)
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "stream.jsonl"
        with source.open("wb") as out:
            for n, (_, _, text) in enumerate(items):
                out.write(orjson.dumps({
                    "url": f"https://site{n}.example/article/{n}", "content_type": "text/plain",
                    "fetched_at": f"2026-11-{20 + n * 5 // len(items):02d}T{n % 24:02d}:00:00Z",
                    "body": text}) + b"\n")
        started = time.perf_counter()
        process_file(source, Path(work) / "out", Settings())
        seconds = time.perf_counter() - started
        published = (Path(work) / "out/news.articles.jsonl").read_bytes()
        articles = [orjson.loads(line) for line in published.splitlines()]
    order = {f"https://site{n}.example/article/{n}": n for n in range(len(items))}
    by_n = {order[a["url"]]: a["story_id"] for a in articles}
    kept = sorted(by_n)
    truth = _pairs([items[n][0] for n in kept])
    predicted_ids = {sid: k for k, sid in enumerate(dict.fromkeys(by_n[n] for n in kept))}
    predicted = _pairs([predicted_ids[by_n[n]] for n in kept])
    hits = len(truth & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    copies = sum(1 for n in kept if items[n][1] != "original")
    print(f"grouping: {len(kept)} articles ({len(items) - len(kept)} gave no article), {stories} stories "
          f"republished ({copies} copies), {len(texts) - stories} single texts; {seconds:.1f} s through "
          f"newsstream process")
    print(f"  same-story pairs: precision {precision:.4f}  recall {recall:.4f}  "
          f"({len(truth)} true pairs, {len(predicted)} predicted)")
    missed = Counter()
    first_of = {}
    for n in kept:
        first_of.setdefault(items[n][0], n)
    for story, n in first_of.items():
        for m in kept:
            if items[m][0] == story and m != n and by_n[m] != by_n[n]:
                missed[items[m][1]] += 1
    if missed:
        print("  copies not in their story's first copy's story, by variant: "
              + ", ".join(f"{k} {v}" for k, v in missed.most_common()))


def _synthetic(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choices(words, k=rng.randint(150, 600)))


def cost(sizes: list[int], seed: int) -> None:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(30000)]
    probes = [_synthetic(rng, words) for _ in range(500)]
    probe_signatures = [signature(t) for t in probes[:250]] + [
        signature(" ".join(t.split()[: len(t.split()) * 3 // 4])) for t in probes[:250]]  # copies
    for size in sizes:
        tracemalloc.start()
        index = StoryIndex(window_s=1e12)
        before = tracemalloc.get_traced_memory()[0]
        for n in range(size):
            index.assign(signature(_synthetic(rng, words)), float(n), _sighting(n))
        per_article = (tracemalloc.get_traced_memory()[0] - before) / size
        tracemalloc.stop()
        timings = []
        for k, sig in enumerate(probe_signatures):
            article = _probe(size + k)
            started = time.perf_counter()
            track(index, article, sig)
            timings.append(time.perf_counter() - started)
        print(f"cost at {index.story_count:>7,} stories: story decision median "
              f"{1e6 * statistics.median(timings):.0f} µs, p95 "
              f"{1e6 * sorted(timings)[int(0.95 * len(timings))]:.0f} µs per article; "
              f"index {per_article / 1024:.1f} KiB per article")


def _sighting(n: int) -> StorySighting:
    return StorySighting("2026-11-27T08:00:00Z", f"https://s.example/{n}", "s.example", None, f"{n:032x}")


def _probe(n: int) -> Article:
    return Article(id=f"{n:032x}", page_id="p", url=f"https://p.example/{n}", canonical_url="",
                   site="p.example", title=None, section=None, published_at=None, dateline=None,
                   byline=None, captions=[], paragraphs=["x"], text="x", language="en", entities=[],
                   entities_model=None, story_id="", fetched_at="2026-11-27T08:00:00Z",
                   pipeline_version="bench")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=300, help="texts republished at least once")
    ap.add_argument("--singles", type=int, default=1000, help="texts that appear once")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sizes", default="10000,100000")
    args = ap.parse_args()
    if not EXTRACTION.exists():
        print(f"absent (../shared beside the repo): {EXTRACTION}: grouping not measured")
    else:
        grouping(args.stories, args.singles, args.seed)
    cost([int(s) for s in args.sizes.split(",")], args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
