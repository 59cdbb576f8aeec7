"""Boilerplate stripping and article metadata, for HTML and for flattened-text pages."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ..document import CleanDocument, ParsedPage
from .html import clean_html
from .text import clean_text

__all__ = ["clean", "detect_language"]

# Below this probability the text alone does not settle its language (a short or mixed body);
# the page's declared language then decides, when it has one.
_SURE = 0.9


def clean(parsed: ParsedPage) -> CleanDocument:
    tree = parsed.tree
    page = parsed.page
    if tree is None:
        doc = clean_text(parsed.lines)
    else:
        # The judge's parser has no nesting limit and slows down quadratically with depth:
        # a page nested past libxml2's limit (hostile or broken) is not handed to it.
        doc = clean_html(tree, None if parsed.too_deep else parsed.source, page.url)
    if doc.paragraphs:
        # 600 characters decide as well as 2,000 on the development pages, at a third of the cost.
        doc.language = detect_language(" ".join(doc.paragraphs)[:600], declared=doc.language)
    return doc


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of the text (py3langid ships its model in the wheel). The language a
    page declares is only a hint: templates copy ``<html lang="en">`` onto pages in any
    language, so it decides only when the text itself is not clear."""
    language, probability = _identifier().classify(text)
    if declared and probability < _SURE:
        return declared
    return str(language)
