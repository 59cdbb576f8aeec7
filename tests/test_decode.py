import base64

import pytest

from streams.decode import decode
from streams.errors import EmptyPage, MalformedMessage, PageTooLarge, UnsupportedContent
from tests.conftest import raw

URL = "https://news.example/a"
WHEN = "2026-11-27T08:00:00Z"


def test_text_body_and_defaults():
    page = decode(raw(url=URL, fetched_at="2026-11-27T09:00:00+01:00", body="<p>Hello</p>"))
    assert page.url == URL
    assert page.fetched_at == "2026-11-27T08:00:00Z"  # normalised to UTC
    assert page.content_type == "text/html" and page.is_html
    assert len(page.page_id) == 32


def test_fetched_at_defaults_to_record_timestamp():
    page = decode(raw(url=URL, body="x"), timestamp_ms=1_700_000_000_000)
    assert page.fetched_at == "2023-11-14T22:13:20Z"


def test_page_id_is_stable_and_depends_on_the_body():
    first = decode(raw(url=URL, fetched_at=WHEN, body="one"))
    again = decode(raw(url=URL, fetched_at=WHEN, body="one"))
    other = decode(raw(url=URL, fetched_at=WHEN, body="two"))
    assert first.page_id == again.page_id != other.page_id
    assert decode(raw(url=URL, fetched_at=WHEN, body="x", page_id="p-1")).page_id == "p-1"


@pytest.mark.parametrize(
    ("charset", "declared"),
    [("windows-1251", {"charset": "windows-1251"}), ("iso-8859-1", {}), ("shift_jis", {})],
)
def test_base64_body_charsets(charset, declared):
    text = {"windows-1251": "Новости дня", "iso-8859-1": "Café crème brûlée",
            "shift_jis": "ニュース"}[charset]
    html = f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'
    body = base64.b64encode(html.encode(charset)).decode()
    page = decode(raw(url=URL, fetched_at=WHEN, body_base64=body, **declared))
    assert text in page.body


def test_wrong_declared_charset_falls_back_instead_of_failing():
    body = base64.b64encode("Zürich – Genève".encode()).decode()
    page = decode(raw(url=URL, fetched_at=WHEN, body_base64=body, charset="ascii",
                      content_type="text/plain"))
    assert page.body == "Zürich – Genève"


@pytest.mark.parametrize(
    ("value", "error", "reason"),
    [
        (b"not json", MalformedMessage, "not valid JSON"),
        (b"[1, 2]", MalformedMessage, "JSON list"),
        (b"", MalformedMessage, "empty message"),
        (raw(body="x", fetched_at=WHEN), MalformedMessage, "missing required field 'url'"),
        (raw(url=5, body="x", fetched_at=WHEN), MalformedMessage, "'url' must be"),
        (raw(url=URL, fetched_at=WHEN), MalformedMessage, "exactly one of"),
        (raw(url=URL, fetched_at=WHEN, body="x", body_base64="eA=="), MalformedMessage, "exactly one"),
        (raw(url=URL, fetched_at=WHEN, body_base64="***"), MalformedMessage, "not valid base64"),
        (raw(url=URL, fetched_at="yesterday", body="x"), MalformedMessage, "not RFC 3339"),
        (raw(url=URL, body="x"), MalformedMessage, "no timestamp"),
        (raw(url=URL, fetched_at=WHEN, body="   \n"), EmptyPage, "empty"),
        (raw(url=URL, fetched_at=WHEN, body="x", content_type="application/pdf"),
         UnsupportedContent, "application/pdf"),
        (raw(url=URL, fetched_at=WHEN, body_base64=base64.b64encode(b"%PDF-1.7 ...").decode()),
         UnsupportedContent, "PDF"),
        (raw(url=URL, fetched_at=WHEN, body_base64=base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()),
         UnsupportedContent, "PNG"),
        (raw(url=URL, fetched_at=WHEN, body="a\x00b\x01c\x02" * 20), UnsupportedContent, "binary"),
        (raw(url=URL, fetched_at=WHEN,
             body_base64=base64.b64encode(bytes(range(1, 32)) * 40 + b"<p>text</p>").decode()),
         UnsupportedContent, "binary"),
        (raw(url=URL, fetched_at=WHEN, headers={"a": 1}, body="x"), MalformedMessage, "headers"),
    ],
)
def test_bad_messages_raise_typed_errors(value, error, reason):
    with pytest.raises(error, match=reason) as info:
        decode(value)
    assert info.value.stage == "decode"


def test_a_page_with_a_stray_nul_byte_is_a_page_without_it():
    """One NUL byte in 69 KB of a real news page: browsers ignore it, so do we."""
    html = "<html><body><p>" + "The council approved the budget on Monday. " * 1600 + "</p></body></html>"
    at = len(html) // 2
    spoiled = html[:at] + "\x00" + html[at:]
    for value in (raw(url=URL, fetched_at=WHEN, body=spoiled),
                  raw(url=URL, fetched_at=WHEN, body_base64=base64.b64encode(spoiled.encode()).decode()),
                  raw(url=URL, fetched_at=WHEN, charset="windows-1252",
                      body_base64=base64.b64encode(spoiled.encode("cp1252")).decode())):
        assert decode(value).body == html


def test_a_stray_control_character_past_the_sampled_head_is_removed_too():
    html = "<html><body><p>" + "The council approved the budget on Monday. " * 2400 + "</p></body></html>"
    at = len(html) - 200  # beyond the first 64 KiB that decide whether a body is binary
    spoiled = html[:at] + "\x00\x0b" + html[at:]
    assert decode(raw(url=URL, fetched_at=WHEN, body=spoiled)).body == html


def test_size_limit():
    with pytest.raises(PageTooLarge):
        decode(raw(url=URL, fetched_at=WHEN, body="x" * 2000), max_body_bytes=1000)
    assert decode(raw(url=URL, fetched_at=WHEN, body="x" * 900), max_body_bytes=1000).body
