"""Typed failures of the processing core. Each carries the stage that failed; the pipeline
turns any of them into a dead letter whose ``error_type`` is the class name."""

from __future__ import annotations


class PageError(Exception):
    """A page that cannot be processed, for a reason worth telling the operator."""

    stage = "process"

    def __init__(self, reason: str, *, stage: str | None = None) -> None:
        super().__init__(reason)
        if stage is not None:
            self.stage = stage


class MalformedMessage(PageError):
    """The message is not a JSON object of the ``pages.raw`` shape."""

    stage = "decode"


class UnsupportedContent(PageError):
    """The body is not a text or HTML page (PDF, image, binary, undecodable)."""

    stage = "decode"


class PageTooLarge(PageError):
    stage = "decode"


class EmptyPage(PageError):
    stage = "decode"


class UndecodableBatch(PageError):
    """The Kafka record batch holding the page could not be decoded (unknown codec, bad
    checksum): the whole batch is dead-lettered as its raw bytes."""

    stage = "fetch"


class OverTimeBudget(PageError):
    """The page used more CPU time than its budget (checked after every stage)."""
