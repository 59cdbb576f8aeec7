"""Boilerplate stripping and article metadata, for HTML and for flattened-text pages."""

from __future__ import annotations

import py3langid

from ..document import CleanDocument, ParsedPage
from .html import clean_html
from .text import clean_text

__all__ = ["clean"]


def clean(parsed: ParsedPage) -> CleanDocument:
    tree = parsed.tree
    page = parsed.page
    doc = clean_html(tree, parsed.source, page.url) if tree is not None else clean_text(parsed.lines)
    if doc.language is None and doc.paragraphs:
        # 600 characters decide as well as 2,000 on the development pages, at a third of the cost.
        doc.language = detect_language(" ".join(doc.paragraphs)[:600])
    return doc


def detect_language(text: str) -> str:
    """ISO 639-1 code of the body text (py3langid ships its model in the wheel)."""
    lang, _score = py3langid.classify(text)
    return str(lang)
