"""Metadata on real pages of the development set (``../shared/data/extraction``; these tests
skip, saying so, where it is absent). Expected values were read off each page's markup."""

import gzip

import pytest

from streams.clean import clean
from streams.document import parse
from streams.models import RawPage
from tests.conftest import shared_path

CASES = {
    "042bb7b5": ("https://www.wsj.com/articles/google-stadia-microsoft-xcloud-apple-arcade-so-many-ways-to-playand-pay-11574168401",
                 {"title": "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay",
                  "section": "Tech", "published_at": "2019-11-19T13:03:00+00:00",
                  "byline": "Sarah E. Needleman", "language": "en"}),
    "7bb1ca90": ("https://gizmodo.com/a-man-developed-feather-duvet-lung-after-getting-new-be-1839985213",
                 {"title": "A Man Developed 'Feather Duvet Lung' After Getting New Bedding",
                  "published_at": "2019-11-18T18:30:00-05:00", "byline": "Ed Cara"}),
    "c90731f0": ("https://www.deccanherald.com/international/impeachment-sham-completely-debunked-white-house-778062.html",
                 {"title": "Impeachment sham completely debunked: White House",
                  "section": "International", "published_at": "2019-11-20T10:18:01+05:30",
                  "byline": "PTI"}),
    "287e4d9f": ("https://www.ign.com/articles/2019/11/18/daily-deals-more-black-friday-deals-are-live",
                 {"title": "Daily Deals: More Black Friday Deals Are Live, Including PS4 DualShock "
                           "Controller, Apple AirPods and Watches, and More",
                  "byline": "Eric Song"}),
}


def _page(prefix: str) -> str:
    folder = shared_path("data/extraction/scrapinghub-aeb/html")
    (path,) = folder.glob(f"{prefix}*.html.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_metadata_of_real_pages(prefix):
    url, expected = CASES[prefix]
    doc = clean(parse(RawPage(url, "", "text/html", _page(prefix), "p")))
    for field, value in expected.items():
        assert getattr(doc, field) == value, field
    assert doc.canonical_url and doc.canonical_url.startswith("https://")
    assert doc.paragraphs
