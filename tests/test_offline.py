"""``newsstream process`` offline: JSONL and WARC inputs, one JSONL file per output topic."""

from pathlib import Path

import orjson
from typer.testing import CliRunner

from streams import samples
from streams.cli import cli
from tests.conftest import write_warc


def _lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_jsonl_in_one_file_per_topic_out(tmp_path):
    source = tmp_path / "pages.jsonl"
    source.write_bytes(orjson.dumps(samples.seed_message()) + b"\n\nnot json\n")
    result = CliRunner().invoke(cli, ["process", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "published=1" in result.output and "dead_letter=1" in result.output
    assert len(_lines(tmp_path / "out/news.articles.jsonl")) == 1
    assert len(_lines(tmp_path / "out/news.tickers.jsonl")) == 50
    (letter,) = _lines(tmp_path / "out/pages.deadletter.jsonl")
    assert (letter["topic"], letter["offset"]) == ("pages.jsonl", 3)


def test_warc_archives_are_read_page_by_page(tmp_path):
    html = samples.html_pages()["harbour-plan.html"].encode("utf-8")
    source = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://coastline-news.example/poland/gdansk", html, "text/html; charset=utf-8"),
        ("https://coastline-news.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
    ])
    result = CliRunner().invoke(cli, ["process", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (article,) = _lines(tmp_path / "out/news.articles.jsonl")
    assert article["title"] == "Port of Gdansk approves new container terminal"
    assert article["fetched_at"] == "2026-11-26T10:00:00Z"
    assert article["url"] == "https://coastline-news.example/poland/gdansk"
    assert _lines(tmp_path / "out/pages.deadletter.jsonl") == []  # the image is not a page


def _seed_copy(fetched_at: str) -> dict:
    """The seed page as a mirror republished it, fetched at ``fetched_at``."""
    copy = {**samples.seed_message(), "url": "https://mirror.example/world/asia/seed-copy",
            "fetched_at": fetched_at}
    copy.pop("page_id", None)
    return copy


def _process(tmp_path: Path, *messages: dict) -> tuple[list[dict], list[dict]]:
    """(news.articles, news.stories) of ``newsstream process`` over ``messages``, in order."""
    source = tmp_path / "pages.jsonl"
    source.write_bytes(b"".join(orjson.dumps(message) + b"\n" for message in messages))
    result = CliRunner().invoke(cli, ["process", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    return _lines(tmp_path / "out/news.articles.jsonl"), _lines(tmp_path / "out/news.stories.jsonl")


def test_copies_in_a_file_share_a_story_and_news_stories_follows_it(tmp_path):
    copy = _seed_copy("2026-11-27T12:00:00Z")
    (a, b), (opened, joined) = _process(tmp_path, samples.seed_message(), copy)
    assert a["id"] != b["id"] and a["story_id"] == b["story_id"] == a["id"]
    assert opened["id"] == joined["id"] == a["id"]
    assert (opened["copies"], joined["copies"], joined["sites"]) == (1, 2, 2)
    assert joined["latest"]["url"] == copy["url"] and joined["first"]["article_id"] == a["id"]


def test_a_file_out_of_fetch_time_order_gives_every_copy_its_storys_final_id(tmp_path):
    """The later copy comes first in the file: the story is renamed after the earlier one
    when it arrives, and the article written before is given that id too."""
    (b, a), (opened, renamed) = _process(tmp_path, _seed_copy("2026-12-01T12:00:00Z"), samples.seed_message())
    assert a["fetched_at"] < b["fetched_at"] and a["story_id"] == b["story_id"] == a["id"]
    assert opened["id"] == b["id"] and renamed["id"] == a["id"] and renamed["absorbed"] == [b["id"]]
    assert renamed["first"]["article_id"] == a["id"] and renamed["copies"] == 2
