import orjson

from streams.clean.site_memory import (
    DECAY_EVERY,
    WAITING,
    SiteMemory,
    SiteObservation,
    drop_template_blocks,
    fingerprint,
)
from streams.pipeline import Pipeline, Record
from streams.samples.site import TEMPLATE_BLOCKS, site_pages


def _messages():
    return [Record(orjson.dumps({"url": url, "fetched_at": "2026-11-27T08:00:00Z", "body": html}))
            for url, html, _ in site_pages(8)]


def _run(pipeline: Pipeline, memory):
    articles = []
    for record in _messages():
        (outcome,) = pipeline.process([record], memory)
        if memory is not None and outcome.site_observation is not None:
            memory.observe(outcome.site_observation)
        articles.append(outcome.articles[0])
    return articles


def test_template_blocks_disappear_once_the_site_repeats_them(pipeline):
    bodies = [body for _, _, body in site_pages(8)]
    without = _run(pipeline, None)
    with_memory = _run(pipeline, SiteMemory())
    for article in without:
        assert all(t in article.paragraphs for t in TEMPLATE_BLOCKS)
    for i, article in enumerate(with_memory):
        has_template = any(t in article.paragraphs for t in TEMPLATE_BLOCKS)
        assert has_template == (i < 2), i  # learnt from the third page on
        assert all(p in article.paragraphs for p in bodies[i])  # the body is untouched


def test_recrawling_one_url_does_not_make_its_text_template():
    memory = SiteMemory()
    for _ in range(5):
        memory.observe(SiteObservation("a.example", "https://a.example/1", ["Unique text."]))
    stats = memory["a.example"]
    assert stats.pages == 1
    assert drop_template_blocks(["Unique text.", "Other."], stats, "https://a.example/1") == [
        "Unique text.", "Other."]


def test_memory_never_empties_an_article():
    memory = SiteMemory()
    for n in range(5):
        memory.observe(SiteObservation("a.example", f"https://a.example/{n}", ["Same."]))
    stats = memory["a.example"]
    assert drop_template_blocks(["Same."], stats, "https://a.example/new") == ["Same."]
    assert drop_template_blocks(["Same.", "New."], stats, "https://a.example/new") == ["New."]


def test_only_blocks_seen_twice_are_counted_and_the_waiting_queue_is_bounded():
    memory = SiteMemory()
    for n in range(3 * WAITING):
        memory.observe(SiteObservation("a.example", f"https://a.example/{n}",
                                       [f"Article text number {n}.", "Subscribe to our newsletter."]))
    stats = memory["a.example"]
    assert list(stats.blocks) == [fingerprint("Subscribe to our newsletter.")]
    assert len(stats.waiting) == WAITING  # the newest single sightings only


def test_counts_decay_so_a_retired_template_fades():
    memory = SiteMemory()
    old, new = "Old footer of the site.", "New footer of the site."
    for n in range(DECAY_EVERY * 3):
        block = old if n < DECAY_EVERY else new
        memory.observe(SiteObservation("a.example", f"https://a.example/{n}", [block]))
    stats = memory["a.example"]
    assert stats.pages < DECAY_EVERY
    assert stats.is_template(new) and not stats.is_template(old)


def test_the_memory_stays_within_its_byte_budget_forgetting_the_least_recent_sites():
    memory = SiteMemory(budget_bytes=200_000)
    for site in range(400):
        for n in range(5):
            memory.observe(SiteObservation(f"s{site}.example", f"https://s{site}.example/{n}",
                                           [f"Block {i} of page {n}" for i in range(20)] + ["Footer."]))
        assert memory.nbytes <= 200_000
    assert "s399.example" in memory and "s0.example" not in memory
    assert memory.nbytes == sum(memory[s].nbytes() for s in memory)
