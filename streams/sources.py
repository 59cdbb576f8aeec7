"""Raw page messages from files: what ``newsstream process`` reads and ``newsstream publish``
sends to ``pages.raw``.

- ``*.jsonl``: one ``pages.raw`` message per line, as crawlers publish them;
- ``*.warc`` / ``*.warc.gz``: each HTTP response of a page type (HTML, XHTML, plain text),
  with its URL, fetch time (``WARC-Date``) and HTTP headers; other records (requests,
  metadata, images, scripts) are not pages and are counted as skipped;
- a folder: every ``*.html`` / ``*.htm`` file in it (recursively), its URL the file's
  ``file://`` address and its fetch time the file's modification time.

A source yields ``Item``s: the message bytes (or the reason a record was skipped) and where
it came from, so a caller can report a line or record by its place in the file.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class Item:
    """One record of a source: a message to decode, or why the record is not a page."""

    origin: str  # file name
    position: int  # line number, WARC record offset, or file index
    value: bytes | None = None
    skipped: str | None = None  # e.g. "not a page: image/png"


def read(path: Path) -> Iterator[Item]:
    """The items of one file or folder."""
    if path.is_dir():
        yield from _folder(path)
    elif path.name.endswith((".warc", ".warc.gz")):
        yield from _warc(path)
    else:
        yield from _jsonl(path)


def _jsonl(path: Path) -> Iterator[Item]:
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield Item(path.name, number, line.rstrip(b"\r\n"))


def _warc(path: Path) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        archive = ArchiveIterator(stream)
        for record in archive:
            if record.rec_type != "response" or record.http_headers is None:
                continue  # requests, metadata, warcinfo: not a fetched page
            content_type = record.http_headers.get_header("Content-Type") or "text/html"
            kind = content_type.split(";")[0].strip().lower()
            if kind not in PAGE_TYPES:
                yield Item(path.name, archive.get_record_offset(), skipped=f"not a page: {kind}")
                continue
            body = record.content_stream().read()  # before the offset: asking for it skips the body
            message = {
                "url": record.rec_headers.get_header("WARC-Target-URI"),
                "fetched_at": record.rec_headers.get_header("WARC-Date"),
                "content_type": content_type,
                "body_base64": base64.b64encode(body).decode(),
                "source": path.name,
                "headers": dict(record.http_headers.headers),
            }
            yield Item(path.name, archive.get_record_offset(), orjson.dumps(message))


def _folder(path: Path) -> Iterator[Item]:
    files = sorted(p for p in path.rglob("*") if p.is_file())
    for number, file in enumerate(files, start=1):
        if file.suffix.lower() not in _HTML_SUFFIXES:
            yield Item(file.name, number, skipped=f"not an HTML file: {file.suffix or file.name}")
            continue
        fetched = datetime.fromtimestamp(file.stat().st_mtime, tz=UTC)
        message = {
            "url": file.resolve().as_uri(),
            "fetched_at": fetched.isoformat().replace("+00:00", "Z"),
            "content_type": "text/html",
            "body_base64": base64.b64encode(file.read_bytes()).decode(),
            "source": path.name,
        }
        yield Item(file.name, number, orjson.dumps(message))
