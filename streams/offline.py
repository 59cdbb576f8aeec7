"""``newsstream process``: the pipeline over a file (JSONL, WARC) or a folder of HTML files,
one output file per topic.

A file is read whole before anyone reads the output, so its articles carry their stories'
final ids: where a copy older than its story came later in the file and renamed the story,
the articles written before are rewritten with the new id. A topic cannot do that; its
subscribers map ``absorbed`` ids instead, and end with the same ids."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import orjson

from . import sources
from .clean.site_memory import SiteMemory
from .models import to_json
from .pipeline import Pipeline, Record
from .settings import Settings
from .stories import final_id, story_index, track


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
    renamed: dict[str, str] = {}  # retired story id -> the story that took it in
    try:
        records = _records(source)
        while batch := list(islice(records, settings.batch_size)):
            for outcome in pipeline.process(batch, memory):
                counts[outcome.kind.value] += 1
                if memory is not None and outcome.site_observation is not None:
                    memory.observe(outcome.site_observation)
                for article, text_signature in zip(outcome.articles, outcome.signatures, strict=True):
                    if (change := track(stories, article, text_signature)) is not None:
                        update, gone = change
                        files["stories"].write(to_json(update) + b"\n")  # retired ids: in its absorbed
                        renamed.update(dict.fromkeys(gone, update.id))
                    files["articles"].write(to_json(article) + b"\n")
                for quote in outcome.quotes:
                    files["tickers"].write(to_json(quote) + b"\n")
                if outcome.dead_letter is not None:
                    files["deadletter"].write(to_json(outcome.dead_letter) + b"\n")
    finally:
        for handle in files.values():
            handle.close()
    if renamed:
        _rename_stories(out / f"{names['articles']}.jsonl", renamed)
    return dict(counts)


def _rename_stories(articles: Path, renamed: dict[str, str]) -> None:
    """Give the articles written before a story was renamed its final id."""
    rewritten = articles.with_suffix(".rewriting")
    with articles.open("rb") as source, rewritten.open("wb") as target:
        for line in source:
            article = orjson.loads(line)
            if article["story_id"] in renamed:
                article["story_id"] = final_id(article["story_id"], renamed)
                line = orjson.dumps(article) + b"\n"
            target.write(line)
    rewritten.replace(articles)
