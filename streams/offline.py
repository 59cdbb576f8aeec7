"""``newsstream process``: the pipeline over a file (JSONL, WARC) or a folder of HTML files,
one output file per topic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from . import sources
from .clean.site_memory import SiteMemory
from .models import to_json
from .pipeline import Pipeline, Record
from .settings import Settings
from .stories import story_index, track


def _records(source: Path) -> Iterator[Record]:
    for item in sources.read(source):
        if item.value is not None:
            yield Record(value=item.value, topic=item.origin, offset=item.position)


def process_file(source: Path, out: Path, settings: Settings) -> dict[str, int]:
    pipeline = Pipeline.from_settings(settings)
    memory = SiteMemory(settings.site_memory_mb << 20) if settings.site_memory else None
    stories = story_index(settings.story_window_days, settings.story_index_mb)  # as the stream keeps it
    out.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    names = {"articles": settings.topics.articles, "tickers": settings.topics.tickers,
             "deadletter": settings.topics.deadletter, "stories": settings.topics.stories}
    files = {kind: (out / f"{name}.jsonl").open("wb") for kind, name in names.items()}
    try:
        records = _records(source)
        while batch := list(islice(records, settings.batch_size)):
            for outcome in pipeline.process(batch, memory):
                counts[outcome.kind.value] += 1
                if memory is not None and outcome.site_observation is not None:
                    memory.observe(outcome.site_observation)
                for article, text_signature in zip(outcome.articles, outcome.signatures, strict=True):
                    if (update := track(stories, article, text_signature)) is not None:
                        files["stories"].write(to_json(update) + b"\n")
                    files["articles"].write(to_json(article) + b"\n")
                for quote in outcome.quotes:
                    files["tickers"].write(to_json(quote) + b"\n")
                if outcome.dead_letter is not None:
                    files["deadletter"].write(to_json(outcome.dead_letter) + b"\n")
    finally:
        for handle in files.values():
            handle.close()
    return dict(counts)
