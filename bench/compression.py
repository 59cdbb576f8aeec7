"""Bytes per article on the broker, and the CPU to compress them, for every codec Kafka defines.

    python bench/compression.py [--pages N] [--partitions 8] [--batch 32]

Articles come from the real pipeline over development pages (``../shared/data/extraction``;
the shipped sample pages when it is absent). They are grouped as the worker sends them: one
pipeline batch of ``--batch`` pages, its articles split over the partitions by key, one record
batch per partition. Each batch is built by aiokafka's producer (``create_batch``) with the
codec, sent to the embedded broker (which stores producer batches as they are), and read back;
the sizes are those of the batches on the broker.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data" / "extraction"
CODECS = ("none", "gzip", "snappy", "lz4", "zstd")


def _articles(limit: int) -> list[tuple[bytes, bytes]]:
    from streams import samples
    from streams.models import to_json
    from streams.pipeline import Pipeline, Record

    messages = [samples.seed_message(), *samples.html_messages()]
    if SHARED.is_dir():
        pages = sorted(SHARED.glob("*/html/*.html.gz"))[:limit]
        messages += [{"url": f"https://{p.parent.parent.name}.example/{p.name[:-8]}",
                      "fetched_at": samples.FETCHED_AT,
                      "body": gzip.decompress(p.read_bytes()).decode("utf-8", "replace")}
                     for p in pages]
    else:
        print(f"({SHARED} is absent: the sample pages only)")
    outcomes = Pipeline().process([Record(orjson.dumps(m)) for m in messages])
    return [(a.key, to_json(a)) for o in outcomes for a in o.articles]


async def _measure(bootstrap: str, codec: str, articles: list[tuple[bytes, bytes]],
                   partitions: int, batch_pages: int, max_batch: int) -> dict[str, float]:
    from dataclasses import replace

    from aiokafka import AIOKafkaProducer
    from aiokafka.partitioner import DefaultPartitioner

    from streams.admin import ensure_topics
    from streams.kafka import read_topics
    from streams.settings import Settings

    settings = replace(Settings(), bootstrap_servers=bootstrap, partitions=partitions)
    topic = f"bench.compression.{codec}.{time.monotonic_ns()}"
    await ensure_topics(settings, [topic])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all",
                                compression_type=None if codec == "none" else codec,
                                max_request_size=16 << 20, max_batch_size=max_batch)
    await producer.start()
    choose = DefaultPartitioner()
    stored, cpu, sent = 0, 0.0, []
    all_partitions = list(range(partitions))
    for start in range(0, len(articles), batch_pages):
        by_partition = defaultdict(list)
        for key, value in articles[start:start + batch_pages]:
            by_partition[choose(key, all_partitions, all_partitions)].append((key, value))
        for partition, records in by_partition.items():
            began = time.process_time()
            batches = [producer.create_batch()]
            for key, value in records:  # a full batch is sent and a new one started
                if batches[-1].append(key=key, value=value, timestamp=None) is None:
                    batches.append(producer.create_batch())
                    batches[-1].append(key=key, value=value, timestamp=None)
            for batch in batches:
                batch._build()  # compressed here (send_batch would do it at send time)
                stored += batch.size()
            cpu += time.process_time() - began
            for batch in batches:
                sent.append(await producer.send_batch(batch, topic, partition=partition))
    await asyncio.gather(*sent)
    await producer.stop()
    read = (await read_topics(settings, [topic]))[topic]
    assert sorted(r.value for r in read) == sorted(v for _, v in articles), (
        f"{codec}: read back {len(read)} of {len(articles)}")
    return {"bytes": stored / len(articles), "us": 1e6 * cpu / len(articles)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=600, help="development pages to process")
    ap.add_argument("--partitions", type=int, default=8, help="partitions of news.articles")
    ap.add_argument("--batch", type=int, default=32, help="pages per worker batch")
    ap.add_argument("--max-batch-kb", type=int, default=16,
                    help="producer batch limit (aiokafka's and the worker's default: 16)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from streams.broker import EmbeddedBroker

    articles = _articles(args.pages)
    raw = statistics.mean(len(v) for _, v in articles)
    print(f"{len(articles)} articles, {raw:.0f} bytes of JSON each on average; batches of "
          f"{args.batch} pages over {args.partitions} partitions, producer batches of at most "
          f"{args.max_batch_kb} KiB")
    with EmbeddedBroker() as broker:
        runs = {c: [asyncio.run(_measure(broker.bootstrap_servers, c, articles, args.partitions,
                                         args.batch, args.max_batch_kb * 1024))
                    for _ in range(args.repeat)] for c in CODECS}
    base = statistics.median(r["bytes"] for r in runs["none"])
    print(f"{'codec':<8}{'bytes/article':>15}{'of none':>9}{'compress µs/article':>22}")
    for codec, measured in runs.items():
        size = statistics.median(r["bytes"] for r in measured)
        print(f"{codec:<8}{size:>15.0f}{size / base:>9.2f}"
              f"{statistics.median(r['us'] for r in measured):>22.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
