"""``newsstream process``: the pipeline over a JSONL file, one output file per topic."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import orjson

from .clean.site_memory import SiteMemory
from .models import to_json
from .pipeline import Pipeline, Record
from .settings import Settings
from .stories import StoryIndex, track


def _records(source: Path) -> Iterator[Record]:
    if source.name.endswith((".warc", ".warc.gz")):
        yield from _warc_records(source)
        return
    with source.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield Record(value=line.rstrip(b"\r\n"), topic=source.name, offset=number)


_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _warc_records(source: Path) -> Iterator[Record]:
    """Each HTTP response of a page type in a WARC archive as a ``pages.raw`` message; other
    records (requests, metadata, images, scripts) are not pages and are passed over."""
    from warcio.archiveiterator import ArchiveIterator

    with source.open("rb") as stream:
        archive = ArchiveIterator(stream)
        for record in archive:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or "text/html"
            if content_type.split(";")[0].strip().lower() not in _PAGE_TYPES:
                continue
            message = {
                "url": record.rec_headers.get_header("WARC-Target-URI"),
                "fetched_at": record.rec_headers.get_header("WARC-Date"),
                "content_type": content_type,
                "body_base64": base64.b64encode(record.content_stream().read()).decode(),
                "source": source.name,
            }
            yield Record(value=orjson.dumps(message), topic=source.name,
                         offset=archive.get_record_offset())


def process_file(source: Path, out: Path, settings: Settings) -> dict[str, int]:
    pipeline = Pipeline.from_settings(settings)
    memory = SiteMemory(settings.site_memory_mb << 20) if settings.site_memory else None
    stories = StoryIndex(settings.story_window_days * 86400)  # as the stream keeps it
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
