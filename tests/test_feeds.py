"""The feed poller's pure parts: which links a feed or sitemap gives, what the address guard
refuses, and the feeds file."""

import asyncio

import pytest

from streams.feeds import feeds_from_file
from streams.feeds.guard import Refused, check
from streams.feeds.links import NotAFeed, article_links

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Port news</title>
<item><title>One</title><link>https://news.example/a/1</link></item>
<item><title>Two</title><link>https://news.example/a/2</link></item>
<item><title>One again</title><link>https://news.example/a/1</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Port news</title><entry><title>Three</title><link href="https://news.example/a/3"/></entry>
</feed>"""
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a/4</loc><news:news><news:title>Four</news:title></news:news></url>
</urlset>"""
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-news.xml</loc></sitemap></sitemapindex>"""


def test_rss_atom_and_news_sitemaps_give_their_article_links_once_each():
    assert article_links(RSS) == (["https://news.example/a/1", "https://news.example/a/2"], [])
    assert article_links(ATOM) == (["https://news.example/a/3"], [])
    assert article_links(NEWS_SITEMAP) == (["https://news.example/a/4"], [])
    assert article_links(INDEX) == ([], ["https://news.example/sitemap-news.xml"])


@pytest.mark.parametrize(("body", "says"), [
    (b"<!doctype html><html><head><title>Home</title></head><body><p>Hi</p></body></html>", "HTML page"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>cut off", "malformed"),
    (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>x", "malformed sitemap"),
    (b"just some text", "not a feed"),
])
def test_what_is_not_a_feed_is_reported_as_such(body, says):
    with pytest.raises(NotAFeed, match=says):
        article_links(body, "text/html")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/rss.xml",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.1.2.3/feed",
    "http://[::1]/feed",
])
def test_private_loopback_and_link_local_addresses_are_refused(url):
    with pytest.raises(Refused, match="NEWSSTREAM_FEEDS_ALLOW_PRIVATE=1"):
        asyncio.run(check(url, allow_private=False))
    asyncio.run(check(url, allow_private=True))  # tests and intranets


def test_only_http_urls_are_fetched():
    with pytest.raises(Refused, match="not an http"):
        asyncio.run(check("file:///etc/passwd", allow_private=True))


def test_a_feeds_file_lists_urls(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - https://news.example/rss.xml\n  - https://news.example/sitemap.xml\n")
    assert feeds_from_file(path) == ["https://news.example/rss.xml", "https://news.example/sitemap.xml"]
    path.write_text("feeds: 3\n")
    with pytest.raises(ValueError, match="list of URLs"):
        feeds_from_file(path)
