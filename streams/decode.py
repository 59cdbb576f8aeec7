"""Raw message bytes -> :class:`RawPage`: the one place where input is distrusted.

Everything after this module may assume a well-formed page with a text body of bounded size.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import re
from datetime import UTC, datetime
from typing import Any

import orjson
from charset_normalizer import from_bytes

from .errors import EmptyPage, MalformedMessage, PageTooLarge, UnsupportedContent
from .models import RawPage, stable_id

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}

# C0 control characters and DEL, except the whitespace ones: browsers do not render them.
_CONTROLS = dict.fromkeys([*(c for c in range(32) if chr(c) not in "\t\n\r\f"), 0x7F])
_CONTROL_CHARS = "".join(map(chr, _CONTROLS))
_ANY_CONTROL = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")  # one pass where counting takes 29
# Above this share of control characters a body is binary data, not a page with a stray byte.
_BINARY_SHARE = 0.01
_SAMPLE = 65536

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_MAGIC = {
    b"%PDF-": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"RIFF": "RIFF media",
    b"\x00\x00\x00": "binary data",
}


def decode(
    value: bytes | None,
    *,
    timestamp_ms: int | None = None,
    max_body_bytes: int = 5 * 1024 * 1024,
) -> RawPage:
    """Parse and validate one ``pages.raw`` message value.

    ``timestamp_ms`` is the record timestamp, the default for ``fetched_at``.
    """
    if not value:
        raise MalformedMessage("empty message value")
    # A JSON envelope with a base64 body is at most ~4/3 of the body plus a little.
    if len(value) > max_body_bytes * 4 // 3 + 64 * 1024:
        raise PageTooLarge(f"message of {len(value)} bytes exceeds the body limit of {max_body_bytes}")
    try:
        doc = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise MalformedMessage(f"value is not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise MalformedMessage(f"value is a JSON {type(doc).__name__}, expected an object")

    url = _required_str(doc, "url")
    fetched_at = _fetched_at(doc.get("fetched_at"), timestamp_ms)
    content_type, ct_charset = _content_type(doc.get("content_type"))
    body = _body(doc, content_type, ct_charset, max_body_bytes)
    page_id = doc.get("page_id")
    if page_id is not None and not (isinstance(page_id, str) and page_id):
        raise MalformedMessage("'page_id' must be a non-empty string")
    source = doc.get("source")
    if source is not None and not isinstance(source, str):
        raise MalformedMessage("'source' must be a string")
    headers = doc.get("headers") or {}
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise MalformedMessage("'headers' must be an object of strings")
    body_digest = hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return RawPage(
        url=url,
        fetched_at=fetched_at,
        content_type=content_type,
        body=body,
        page_id=page_id or stable_id(url, fetched_at, body_digest),
        source=source,
        headers=headers,
    )


def _required_str(doc: dict[str, Any], name: str) -> str:
    value = doc.get(name)
    if value is None:
        raise MalformedMessage(f"missing required field '{name}'")
    if not isinstance(value, str) or not value.strip():
        raise MalformedMessage(f"'{name}' must be a non-empty string")
    return value.strip()


def _fetched_at(value: Any, timestamp_ms: int | None) -> str:
    if value is None:
        if timestamp_ms is None or timestamp_ms < 0:
            raise MalformedMessage("'fetched_at' missing and the record has no timestamp")
        when = datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC)
    else:
        if not isinstance(value, str):
            raise MalformedMessage("'fetched_at' must be an RFC 3339 string")
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise MalformedMessage(f"'fetched_at' is not RFC 3339: {value[:40]!r}") from None
        if when.tzinfo is None:
            raise MalformedMessage("'fetched_at' has no time zone offset")
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _content_type(value: Any) -> tuple[str, str | None]:
    if value is None:
        return "text/html", None
    if not isinstance(value, str):
        raise MalformedMessage("'content_type' must be a string")
    mime, _, params = value.partition(";")
    mime = mime.strip().lower()
    if mime not in HTML_TYPES | TEXT_TYPES:
        raise UnsupportedContent(f"content type {mime!r} is not text/html or text/plain")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return ("text/plain" if mime in TEXT_TYPES else "text/html"), charset


def _body(doc: dict[str, Any], content_type: str, ct_charset: str | None, limit: int) -> str:
    has_text, has_bytes = "body" in doc, "body_base64" in doc
    if has_text == has_bytes:
        raise MalformedMessage("exactly one of 'body' and 'body_base64' is required")
    if has_text:
        body = doc["body"]
        if not isinstance(body, str):
            raise MalformedMessage("'body' must be a string")
        if len(body) > limit:
            raise PageTooLarge(f"body of {len(body)} characters exceeds the limit of {limit}")
        _reject_binary(body[:512].encode("utf-8", "replace"))
        body = _without_controls(body)
    else:
        encoded = doc["body_base64"]
        if not isinstance(encoded, str):
            raise MalformedMessage("'body_base64' must be a string")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedMessage("'body_base64' is not valid base64") from None
        if len(raw) > limit:
            raise PageTooLarge(f"body of {len(raw)} bytes exceeds the limit of {limit}")
        charset = doc.get("charset") or ct_charset
        if charset is not None and not isinstance(charset, str):
            raise MalformedMessage("'charset' must be a string")
        body = _without_controls(_to_text(raw, charset, content_type))
    if not body.strip():
        raise EmptyPage("the page body is empty")
    return body


def _without_controls(body: str) -> str:
    """A page with a stray NUL or other control character is a page (browsers skip them);
    a body where they are more than one character in a hundred is binary data."""
    if _ANY_CONTROL.search(body) is None:
        return body
    sample = body[:_SAMPLE]
    controls = sum(sample.count(c) for c in _CONTROL_CHARS)
    if controls > _BINARY_SHARE * len(sample):
        raise UnsupportedContent(f"body has {controls} control characters in its first {len(sample)}: "
                                 "binary data, not a page")
    return body.translate(_CONTROLS)


def _reject_binary(head: bytes) -> None:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedContent(f"body is a {what}, not a page")


def _to_text(raw: bytes, charset: str | None, content_type: str) -> str:
    """Bytes -> text: declared charset, then the HTML meta charset, then sniffing."""
    _reject_binary(raw[:16])
    candidates = [charset]
    if content_type == "text/html":
        match = _META_CHARSET.search(raw[:4096])
        candidates.append(match.group(1).decode("ascii") if match else None)
    if raw.startswith(codecs.BOM_UTF8):
        candidates.insert(0, "utf-8-sig")
    for name in candidates:
        if not name:
            continue
        try:
            text = raw.decode(codecs.lookup(name).name)
        except (LookupError, UnicodeDecodeError):
            continue
        if "\x00" not in text:
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[:_SAMPLE]).best()
    if best is None or best.encoding is None:
        raise UnsupportedContent("body is not text in any charset we can detect")
    return raw.decode(best.encoding, errors="replace")
