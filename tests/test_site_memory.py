import orjson

from streams.clean.site_memory import SiteObservation, SiteStats, drop_template_blocks, observe
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
            observe(memory, outcome.site_observation)
        articles.append(outcome.articles[0])
    return articles


def test_template_blocks_disappear_once_the_site_repeats_them(pipeline):
    bodies = [body for _, _, body in site_pages(8)]
    without = _run(pipeline, None)
    with_memory = _run(pipeline, {})
    for article in without:
        assert all(t in article.paragraphs for t in TEMPLATE_BLOCKS)
    for i, article in enumerate(with_memory):
        has_template = any(t in article.paragraphs for t in TEMPLATE_BLOCKS)
        assert has_template == (i < 2), i  # learnt from the third page on
        assert all(p in article.paragraphs for p in bodies[i])  # the body is untouched


def test_recrawling_one_url_does_not_make_its_text_template():
    memory: dict = {}
    for _ in range(5):
        observe(memory, SiteObservation("a.example", "https://a.example/1", ["Unique text."]))
    stats = SiteStats.from_json(memory["a.example"])
    assert stats.pages == 1
    assert drop_template_blocks(["Unique text.", "Other."], stats, "https://a.example/1") == [
        "Unique text.", "Other."]


def test_memory_never_empties_an_article():
    memory: dict = {}
    for n in range(5):
        observe(memory, SiteObservation("a.example", f"https://a.example/{n}", ["Same."]))
    stats = SiteStats.from_json(memory["a.example"])
    assert drop_template_blocks(["Same."], stats, "https://a.example/new") == ["Same."]
    assert drop_template_blocks(["Same.", "New."], stats, "https://a.example/new") == ["New."]
