"""``newsstream publish`` against the embedded broker and a worker: a WARC of 20 pages lands
as 20 valid raw events keyed by host, the worker turns them into articles, and publishing
the archive again sends the same page ids (idempotent downstream)."""

from __future__ import annotations

from collections import Counter

import pytest
from typer.testing import CliRunner

from streams import samples
from streams.cli import cli
from tests.conftest import write_warc
from tests.integration.conftest import Stack, consume_until, values
from tests.integration.test_worker import _validate

pytestmark = pytest.mark.integration
HOSTS = ("coastline-news.example", "northgate-daily.example", "harbour.example")


def test_a_warc_of_twenty_pages_lands_keyed_by_host_and_again_with_the_same_ids(stack: Stack, tmp_path):
    html = samples.html_pages()["harbour-plan.html"].encode("utf-8")
    responses = [(f"https://{HOSTS[n % 3]}/port/{n}", html, "text/html; charset=utf-8")
                 for n in range(20)]
    responses.append(("https://harbour.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"))
    archive = write_warc(tmp_path / "crawl.warc.gz", responses)
    raw, articles = stack.settings.topics.raw, stack.settings.topics.articles

    first = CliRunner().invoke(cli, ["publish", str(archive)], env=stack.env)
    assert first.exit_code == 0, first.output
    assert "published to" in first.output and ": 20; skipped: 1; rejected: 0" in first.output
    found = consume_until(stack.settings, lambda f: len(f[raw]) >= 20 and len(f[articles]) >= 20,
                          topics=[raw, articles])
    pages = values(found[raw])
    _validate("pages.raw", pages)
    assert {r.key.decode() for r in found[raw]} == set(HOSTS)
    assert all(r.key.decode() in v["url"] for r, v in zip(found[raw], pages, strict=True))
    assert len({p["page_id"] for p in pages}) == 20
    made = values(found[articles])
    assert {a["page_id"] for a in made} == {p["page_id"] for p in pages}
    assert len({a["story_id"] for a in made}) == 1  # one text on twenty URLs: one story

    again = CliRunner().invoke(cli, ["publish", str(archive)], env=stack.env)
    assert again.exit_code == 0, again.output
    found = consume_until(stack.settings, lambda f: len(f[raw]) >= 40, topics=[raw])
    ids = Counter(v["page_id"] for v in values(found[raw]))
    assert set(ids) == {p["page_id"] for p in pages} and set(ids.values()) == {2}
