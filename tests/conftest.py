"""Shared fixtures. ``../shared`` (development data) is optional: tests that read it say so and
skip with the reason when it is absent; everything else uses what the repo ships."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.pipeline import Pipeline, Record

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMAS = ROOT / "schemas"


def shared_path(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"development data {path} is absent (it lives in ../shared beside the repo)")
    return path


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


def raw(**fields: object) -> bytes:
    return orjson.dumps(fields)


def run_one(pipeline: Pipeline, value: bytes, **coords: object):
    (outcome,) = pipeline.process([Record(value=value, **coords)])  # type: ignore[arg-type]
    return outcome


def write_warc(path: Path, responses: list[tuple[str, bytes, str]],
               date: str = "2026-11-26T10:00:00Z") -> Path:
    """A gzipped WARC of HTTP responses (url, body, content type), as a crawler writes one."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body, kind in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind), ("Server", "test")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date}))
    return path
