"""Every widget family on realistic markup (tests/fixtures/widgets, written for these tests):
quote precision and recall of 1.000, and widget text never reaching the article."""

from pathlib import Path

import orjson
import pytest
from lxml import html

from streams import samples
from streams.document import ParsedPage
from streams.models import RawPage
from streams.pipeline import Record
from streams.tickers import split_quotes
from streams.tickers.text import split_text_quotes

FIXTURES = Path(__file__).parent / "fixtures" / "widgets"

# (widget, symbol, name, asset_id, kind, price, change_pct, currency), read off each fixture.
EXPECTED = {
    "ccpw-ticker-eur.html": [
        ("ccpw-ticker", "BTC", "Bitcoin", "bitcoin", "crypto", "56220.47", "-1.87", "EUR"),
        ("ccpw-ticker", "SHIB", "Shiba Inu", "shiba-inu", "crypto", "0.000014", "0.01", "EUR"),
        ("ccpw-ticker", "PEPE", "Pepe", "pepe", "crypto", "0.000008", "-6.86", "EUR"),
    ],
    "ccpw-price-label-jpy.html": [
        ("ccpw-price-label", "ETH", "Ethereum", "ethereum", "crypto", "391204.11", "2.40", "JPY"),
        # The price label prints only the name: the symbol comes from the CoinGecko id.
        ("ccpw-price-label", "XRP", "XRP", "ripple", "crypto", "88.04", "0.97", "JPY"),
        ("ccpw-price-label", "HYPE", "Hyperliquid", "hyperliquid", "crypto", "6120.00", "-2.10", "JPY"),
        ("ccpw-price-label", None, "Ripplecoin", "ripple-unknown-coin", "crypto",
         "12.50", "-0.75", "JPY"),
    ],
    "ccpw-list-inr.html": [
        ("ccpw-list", "SOL", "Solana", "solana", "crypto", "12389.05", "-3.14", "INR"),
        ("ccpw-list", "DOGE", "Dogecoin", "dogecoin", "crypto", "9.16", "3.29", "INR"),
        ("ccpw-list", "ADA", "Cardano", "cardano", "crypto", "0.496291", "-5.92", "SGD"),
    ],
    "ccpw-multi-currency.html": [
        ("ccpw-multi-currency", "BTC", "Bitcoin", "bitcoin", "crypto", "347203.50", "1.02", "BRL"),
        ("ccpw-multi-currency", "BTC", "Bitcoin", "bitcoin", "crypto", "58944.12", "1.02", "EUR"),
        ("ccpw-multi-currency", "BTC", "Bitcoin", "bitcoin", "crypto", "63768.09", "1.02", "USD"),
        ("ccpw-multi-currency", "USDT", "Tether", "tether", "crypto", "5.44", "-0.01", "BRL"),
        ("ccpw-multi-currency", "USDT", "Tether", "tether", "crypto", "0.92", "-0.01", "EUR"),
        ("ccpw-multi-currency", "USDT", "Tether", "tether", "crypto", "1.00", "-0.01", "USD"),
    ],
    "yahoo-strip.html": [
        ("yahoo-fin-streamer", "^GSPC", "S&P 500", None, "index", "4567.80", "0.33", "USD"),
        ("yahoo-fin-streamer", "AAPL", "Apple Inc.", None, "equity", "190.12", "-1.23", "USD"),
        ("yahoo-fin-streamer", "EURUSD=X", "EUR/USD", None, "fx", "1.0842", "0.00", "USD"),
        ("yahoo-fin-streamer", "BTC-USD", "Bitcoin USD", None, "crypto", "63768.09", "1.02", "USD"),
    ],
    "marketwatch-table.html": [
        ("marketwatch-bg-quote", "DJIA", "Dow Jones Industrial Average", None, "index", "38996.39",
         "-0.12", "USD"),
        ("marketwatch-bg-quote", "NVDA", "NVDA", None, "equity", "875.28", "2.15", "USD"),
        ("marketwatch-bg-quote", "CRUDE%20OIL%20-%20ELECTRONIC", "Crude Oil", None, "commodity",
         "78.01", "0.40", "USD"),
    ],
    "client-side.html": [],
}

TEXT_SHAPES = {
    "slug lines, spaced": (["bitcoin", "Bitcoin (BTC) $ 63,768.09 1.02%", "tether",
                            "Tether (USDT) $ 1.00 -0.17%"],
                           [("BTC", "bitcoin", "63768.09", "1.02", "USD"),
                            ("USDT", "tether", "1.00", "-0.17", "USD")]),
    "no spaces, no slugs": (["Bitcoin(BTC)$61,513.00 -3.14%", "Shiba Inu(SHIB)$0.000015 3.23%"],
                            [("BTC", None, "61513.00", "-3.14", "USD"),
                             ("SHIB", None, "0.000015", "3.23", "USD")]),
    "other currencies": (["ethereum", "Ethereum (ETH) € 2,201.10 0.50%", "solana",
                          "Solana (SOL) R$ 790.12 −2.00%", "pepe", "Pepe (PEPE) ₹ 0.000751 6.86%"],
                         [("ETH", "ethereum", "2201.10", "0.50", "EUR"),
                          ("SOL", "solana", "790.12", "-2.00", "BRL"),
                          ("PEPE", "pepe", "0.000751", "6.86", "INR")]),
}


def _tree(markup: str) -> html.HtmlElement:
    return html.document_fromstring(f"<html><body>{markup}</body></html>")


def _found(name: str):
    markup = (FIXTURES / name).read_text(encoding="utf-8")
    parsed = ParsedPage(RawPage("https://x.example/", "", "text/html", markup, "p"), tree=_tree(markup),
                        source=markup.encode())
    quotes = split_quotes(parsed)
    return parsed, [(q.widget, q.symbol, q.name, q.asset_id, q.kind, q.price, q.change_pct,
                     q.currency) for q in quotes]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_widget_family(name):
    parsed, found = _found(name)
    assert sorted(found, key=repr) == sorted(EXPECTED[name], key=repr)
    leftover = " ".join(parsed.tree.text_content().split())
    assert leftover == "" or "TradingView" not in leftover, leftover


def test_precision_and_recall_are_one_over_all_fixtures_and_the_seed():
    expected, found = set(), set()
    for name, quotes in EXPECTED.items():
        expected |= {(name, *q) for q in quotes}
        found |= {(name, *q) for q in _found(name)[1]}
    seed_quotes, _ = split_text_quotes(samples.seed_text().splitlines())
    expected |= {("seed", t["symbol"], t["price"], t["change_pct"]) for t in
                 samples.seed_expected()["tickers"]}
    found |= {("seed", q.symbol, q.price, q.change_pct) for q in seed_quotes}
    true_positives = len(expected & found)
    assert (true_positives / len(found), true_positives / len(expected)) == (1.0, 1.0)


@pytest.mark.parametrize("shape", sorted(TEXT_SHAPES))
def test_text_shapes(shape):
    lines, expected = TEXT_SHAPES[shape]
    for where in ("top", "bottom"):
        prose = ["Markets were calm on Monday as traders waited for the central bank."]
        page = [*lines, "", *prose] if where == "top" else [*prose, "", *lines]
        quotes, rest = split_text_quotes(page)
        assert [(q.symbol, q.asset_id, q.price, q.change_pct, q.currency) for q in quotes] == expected
        assert [line for line in rest if line] == prose


def _article_text(pipeline, body: str) -> tuple[str, int]:
    message = {"url": "https://northgate-daily.example/a", "fetched_at": samples.FETCHED_AT,
               "body": body}
    (outcome,) = pipeline.process([Record(orjson.dumps(message))])
    return outcome.articles[0].text, len(outcome.quotes)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_text_is_the_same_with_and_without_the_widget(pipeline, name):
    page = samples.html_pages()["harbour-plan.html"]
    widget = (FIXTURES / name).read_text(encoding="utf-8")
    plain, none = _article_text(pipeline, page)
    for anchor in ('<div id="content">', '<div class="entry-content">', "</footer>"):
        carrying, count = _article_text(pipeline, page.replace(anchor, widget + anchor, 1))
        assert carrying == plain, (name, anchor)
        assert (none, count) == (0, len(EXPECTED[name]))
