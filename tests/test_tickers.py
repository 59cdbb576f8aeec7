from lxml import html

from streams import samples
from streams.tickers.ccpw import split_ccpw_quotes
from streams.tickers.text import split_text_quotes


def _fields(quote):
    return {"asset_id": quote.asset_id, "name": quote.name, "symbol": quote.symbol,
            "price": quote.price, "currency": quote.currency, "change_pct": quote.change_pct}


def test_seed_widget_yields_exactly_the_expected_quotes():
    quotes, rest = split_text_quotes(samples.seed_text().splitlines())
    assert [_fields(q) for q in quotes] == samples.seed_expected()["tickers"]
    assert {q.widget for q in quotes} == {"ccpw-text"}
    assert not any("(BTC)" in line or line == "bitcoin" for line in rest)
    assert rest[-1] == "Back to top button"  # only the widget lines were removed


def test_text_widget_at_top_without_slugs_and_tight_spacing():
    lines = ["Bitcoin(BTC)$61,513.00 -3.14%", "Ethereum (ETH) € 2,201.10 0.50%", "",
             "Markets were calm on Monday."]
    quotes, rest = split_text_quotes(lines)
    assert [(q.symbol, q.price, q.currency, q.change_pct) for q in quotes] == [
        ("BTC", "61513.00", "USD", "-3.14"), ("ETH", "2201.10", "EUR", "0.50")]
    assert rest == ["", "Markets were calm on Monday."]


def test_prose_with_a_price_is_not_a_quote():
    line = "Bitcoin (BTC) traded at $ 64,120.55 on Monday, a move of 2.31% over the day."
    quotes, rest = split_text_quotes([line])
    assert quotes == [] and rest == [line]


def test_a_lone_quote_line_without_slug_stays_text():
    quotes, rest = split_text_quotes(["Apple (AAPL) $ 190.12 1.20%"])
    assert quotes == [] and rest == ["Apple (AAPL) $ 190.12 1.20%"]


def test_ccpw_ticker_markup():
    page = html.document_fromstring(samples.html_pages()["markets-brief.html"])
    quotes = split_ccpw_quotes(page)
    assert [(q.asset_id, q.symbol, q.name, q.price, q.change_pct, q.currency) for q in quotes] == [
        ("bitcoin", "BTC", "Bitcoin", "61513.00", "-3.14", "USD"),
        ("ethereum", "ETH", "Ethereum", "2412.58", "0.01", "USD"),
        ("shiba-inu", "SHIB", "Shiba Inu", "0.000015", "2.75", "USD"),
    ]
    assert "ccpw" not in html.tostring(page, encoding="unicode")  # the widget is gone


def test_the_coin_registry_knows_the_top_coins_by_coingecko_id_and_widget_aliases():
    from streams.tickers.assets import crypto_assets, lookup_asset

    assets = crypto_assets()
    assert len(assets) >= 250
    assert all(a["symbol"] and a["name"] and a["symbol"] == a["symbol"].upper() for a in assets.values())
    assert lookup_asset("ripple") == ("ripple", assets["ripple"]) and assets["ripple"]["symbol"] == "XRP"
    assert lookup_asset("xrp") == ("ripple", assets["ripple"])  # the ccpw text layout's slug
    assert lookup_asset("binancecoin")[1]["symbol"] == lookup_asset("bnb")[1]["symbol"] == "BNB"
    assert lookup_asset("no-such-coin") is None
