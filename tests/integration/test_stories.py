"""Stories across worker processes: a copy published after the worker that saw the first copy
was SIGKILLed joins that story in the restarted worker, and two workers reading different
partitions put copies in one story: memberships travel through the internal topic. A
membership that shows two stories to be one makes the worker publish the merge. Two workers
taking copies out of event-time order, all at once, end with the grouping and the story ids
that ``newsstream process`` gives the same records."""

from __future__ import annotations

import asyncio
import signal
import time
from types import SimpleNamespace

import orjson
import pytest
from aiokafka import AIOKafkaProducer

from streams import samples
from streams.broker import EmbeddedBroker
from streams.kafka import client_options
from streams.offline import process_file
from streams.settings import Settings
from streams.stories import StoryIndex, final_id, membership, signature, track
from tests.integration.conftest import Stack, consume_until, make_stack, values

pytestmark = pytest.mark.integration
MEMBERSHIP_DELAY_S = 2.0  # a membership reaches the other workers within one poll (0.5 s)


def _copy(n: int, cut: bool = False) -> bytes:
    """The seed page's wire story as republished by site ``n`` (its tail cut off if ``cut``)."""
    paragraphs = samples.seed_expected()["article"]["paragraphs"]
    kept = paragraphs[: len(paragraphs) * 2 // 3] if cut else paragraphs
    return orjson.dumps({"url": f"https://site{n}.example/world/story-{n}", "content_type": "text/plain",
                         "fetched_at": f"2026-11-27T0{n}:00:00Z",
                         "body": f"Headline of site {n}\n\n" + "\n\n".join(kept)})


async def _send(stack: Stack, value: bytes, partition: int | None = None, *, topic: str | None = None,
                key: bytes | None = None) -> None:
    producer = AIOKafkaProducer(**client_options(stack.settings), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic or stack.settings.topics.raw, value, key=key, partition=partition)
    finally:
        await producer.stop()


def _articles(stack: Stack, count: int) -> list[dict]:
    topic = stack.settings.topics.articles
    return values(consume_until(stack.settings, lambda f: len(f[topic]) >= count, topics=[topic],
                                timeout_s=90)[topic])


def test_a_copy_after_a_sigkill_joins_the_story_the_killed_worker_began(broker: EmbeddedBroker, tmp_path):
    stack = make_stack(broker, tmp_path, partitions=2)
    try:
        stack.start_worker()
        asyncio.run(_send(stack, _copy(1), partition=0))
        (first,) = _articles(stack, 1)
        stack.workers[0].send_signal(signal.SIGKILL)
        stack.workers[0].wait()
        stack.start_worker()  # an empty index: it must learn the story from the topic
        asyncio.run(_send(stack, _copy(2, cut=True), partition=1))
        copy = next(a for a in _articles(stack, 2) if a["id"] != first["id"])
        assert first["story_id"] == first["id"] and copy["story_id"] == first["id"]
    finally:
        stack.stop()


def test_two_workers_put_copies_on_different_partitions_in_one_story(broker: EmbeddedBroker, tmp_path):
    stack = make_stack(broker, tmp_path, partitions=2)
    try:
        stack.start_worker()
        stack.start_worker()
        asyncio.run(_send(stack, _copy(3), partition=0))
        (first,) = _articles(stack, 1)
        asyncio.run(_send(stack, _copy(4, cut=True), partition=1))
        _articles(stack, 2)
        time.sleep(MEMBERSHIP_DELAY_S)  # copies of a wire story arrive minutes apart, not at once
        asyncio.run(_send(stack, _copy(5), partition=0))
        found = _articles(stack, 3)
        assert {a["story_id"] for a in found} == {first["id"]}
        topic = stack.settings.topics.stories
        updates = values(consume_until(stack.settings, lambda f: len(f[topic]) >= 3, topics=[topic])[topic])
        assert max(u["copies"] for u in updates) == 3 and max(u["sites"] for u in updates) == 3
    finally:
        stack.stop()


def test_a_story_found_to_be_another_is_merged_and_news_stories_says_so(broker: EmbeddedBroker, tmp_path):
    """Two workers that take the first two copies of a text in the same instant each open a
    story. Staged here without the race: another worker's membership of a later copy, in a
    story of its own, reaches a running worker, which learns that the two stories are one.
    news.stories then carries the story that goes on, naming the absorbed one, and a
    tombstone for the absorbed id."""
    stack = make_stack(broker, tmp_path, partitions=2)
    try:
        stack.start_worker()
        asyncio.run(_send(stack, _copy(7), partition=0))
        (first,) = _articles(stack, 1)
        rival_id = "f" * 32  # the story the other worker opened for its copy
        rival = SimpleNamespace(id=rival_id, story_id="", fetched_at="2026-11-27T08:00:00Z",
                                url="https://site8.example/copy", site="site8.example", title="Headline 8",
                                pipeline_version="test")
        elsewhere, rival_signature = StoryIndex(window_s=86400), signature(first["text"])
        track(elsewhere, rival, rival_signature)  # type: ignore[arg-type]
        record = membership(elsewhere, rival, rival_signature)  # type: ignore[arg-type]
        asyncio.run(_send(stack, record, topic=stack.settings.story_members_topic, key=rival.id.encode()))
        topic = stack.settings.topics.stories
        records = consume_until(stack.settings, lambda f: any(r.value is None for r in f[topic]),
                                topics=[topic])[topic]
        assert [r.key.decode() for r in records if r.value is None] == [rival_id]
        merge = orjson.loads(next(r.value for r in records if r.value is not None
                                  and orjson.loads(r.value)["absorbed"]))
        assert merge["id"] == first["story_id"] == first["id"]  # first seen: it goes on
        assert merge["absorbed"] == [rival_id] and merge["copies"] == 2 and merge["sites"] == 2
    finally:
        stack.stop()



def _final(story_ids: dict[str, str], updates: list[dict]) -> dict[str, str]:
    """Each article's story id once every absorbed id is mapped to the story that took it in,
    as a subscriber of news.stories does."""
    into = {gone: update["id"] for update in updates for gone in update["absorbed"]}
    for start in into:  # a cycle would be stories absorbed into each other (and final_id would not end)
        seen, at = set(), start
        while at in into:
            assert at not in seen, f"stories absorbed into each other: {seen}"
            seen.add(at)
            at = into[at]
    return {article: final_id(story, into) for article, story in story_ids.items()}


def test_two_workers_taking_copies_out_of_order_end_as_newsstream_process_does(broker: EmbeddedBroker,
                                                                              tmp_path):
    paragraphs = samples.seed_expected()["article"]["paragraphs"]
    one, two = paragraphs[:4], paragraphs[4:]  # two texts with no sentence in common
    texts = [(one, "09"), (one[:3], "08"), (["(Corrects the date in the first paragraph)", *one], "11"),
             (one, "10"), (two, "12"), ([*two, "(Additional reporting by Anna Nowak)"], "07")]
    records = [orjson.dumps({"url": f"https://site{n}.example/news/{n}", "content_type": "text/plain",
                             "fetched_at": f"2026-11-27T{hour}:00:00Z",
                             "body": f"Headline {n}\n\n" + "\n\n".join(body)})
               for n, (body, hour) in enumerate(texts)]
    source = tmp_path / "stream.jsonl"
    source.write_bytes(b"\n".join(records) + b"\n")
    process_file(source, tmp_path / "offline", Settings())
    offline_articles, offline_updates = (
        [orjson.loads(line) for line in (tmp_path / f"offline/news.{name}.jsonl").read_bytes().splitlines()]
        for name in ("articles", "stories"))
    offline = _final({a["id"]: a["story_id"] for a in offline_articles}, offline_updates)

    stack = make_stack(broker, tmp_path, partitions=2)
    try:
        stack.start_worker()
        stack.start_worker()
        time.sleep(MEMBERSHIP_DELAY_S)  # both in the group, each with a partition
        async def send_all() -> None:
            for n, record in enumerate(records):
                await _send(stack, record, partition=n % 2)
        asyncio.run(send_all())
        articles = _articles(stack, len(records))
        topic = stack.settings.topics.stories
        time.sleep(MEMBERSHIP_DELAY_S)  # merges found by learning each other's memberships
        found = consume_until(stack.settings, lambda f: bool(f[topic]), topics=[topic], settle_s=2.0)[topic]
        streamed = _final({a["id"]: a["story_id"] for a in articles}, values([r for r in found if r.value]))
    finally:
        stack.stop()
    assert streamed == offline
    earliest = {}
    for article in sorted(offline_articles, key=lambda a: a["fetched_at"]):
        earliest.setdefault(offline[article["id"]], article["id"])
    assert len(earliest) == 2 and all(story == first for story, first in earliest.items())
