"""``newsstream publish`` without a broker: what it would send, skip and reject (``--dry-run``),
and the CLI's help as users read it."""

import orjson
from typer.testing import CliRunner

from streams import samples, sources
from streams.cli import cli
from streams.publish import prepare
from streams.settings import Settings
from tests.conftest import write_warc

HTML = samples.html_pages()["harbour-plan.html"].encode("utf-8")


def _dry_run(*paths) -> str:
    result = CliRunner().invoke(cli, ["publish", "--dry-run", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_folder_of_html_files_becomes_pages_and_other_files_are_skipped(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/a.html").write_bytes(HTML)
    (tmp_path / "site/b.htm").write_bytes(HTML.replace(b"Gdansk", b"Gdynia"))
    (tmp_path / "site/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    output = _dry_run(tmp_path / "site")
    assert "would publish: 2; skipped: 1; rejected: 0" in output
    assert "not an HTML file: .png" in output


def test_records_that_cannot_become_pages_are_reported_with_the_reason(tmp_path):
    good = samples.seed_message()
    source = tmp_path / "pages.jsonl"
    source.write_bytes(b"\n".join([
        orjson.dumps(good),
        b"{not json",
        orjson.dumps({"fetched_at": "2026-11-27T08:00:00Z", "body": "<p>no url</p>"}),
        orjson.dumps({**good, "content_type": "application/pdf"}),
    ]) + b"\n")
    output = _dry_run(source)
    assert "would publish: 1; skipped: 0; rejected: 3" in output
    assert "missing required field 'url'" in output and "pages.jsonl:3" in output
    assert "not valid JSON" in output and "pages.jsonl:2" in output


def test_a_warc_gives_the_same_page_ids_each_time_and_keys_by_host(tmp_path):
    archive = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://coastline-news.example/poland/gdansk", HTML, "text/html; charset=utf-8"),
        ("https://www.northgate-daily.example/markets", HTML, "text/html"),
    ])
    settings = Settings()
    runs = [[prepare(item, settings, now_ms=n) for item in sources.read(archive)] for n in (1, 2)]
    assert [page_id for _, _, page_id in runs[0]] == [page_id for _, _, page_id in runs[1]]
    assert [key for key, _, _ in runs[0]] == [b"coastline-news.example", b"northgate-daily.example"]
    message = orjson.loads(runs[0][0][1])
    assert message["fetched_at"] == "2026-11-26T10:00:00Z" and message["headers"]["Server"] == "test"


def test_help_shows_metavars_for_options_and_none_for_flags():
    output = CliRunner().invoke(cli, ["publish", "--help"], terminal_width=120).output
    assert "<bool>" not in output and "<str>" not in output
    assert "PAGES/S" in output and "PATH..." in output
    assert "--dry-run   " in output  # a flag: no value to show
