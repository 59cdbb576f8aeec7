"""What kind of instrument a quote-strip symbol is, and its currency, from the symbol alone
(Yahoo conventions: ``^GSPC`` index, ``EURUSD=X`` fx, ``BTC-USD`` crypto, ``CL=F`` future,
``VOD.L`` London listing)."""

from __future__ import annotations

_SUFFIX_CURRENCY = {
    ".L": "GBP", ".T": "JPY", ".DE": "EUR", ".F": "EUR", ".PA": "EUR", ".AS": "EUR",
    ".MI": "EUR", ".MC": "EUR", ".BR": "EUR", ".HE": "EUR", ".HK": "HKD", ".SA": "BRL",
    ".NS": "INR", ".BO": "INR", ".TO": "CAD", ".V": "CAD", ".AX": "AUD", ".SW": "CHF",
    ".KS": "KRW", ".KQ": "KRW", ".SS": "CNY", ".SZ": "CNY", ".ST": "SEK", ".OL": "NOK",
    ".CO": "DKK", ".SI": "SGD", ".TW": "TWD", ".JK": "IDR", ".MX": "MXN", ".JO": "ZAR",
}
_INDEX_CURRENCY = {
    "^FTSE": "GBP", "^N225": "JPY", "^GDAXI": "EUR", "^FCHI": "EUR", "^STOXX50E": "EUR",
    "^HSI": "HKD", "^NSEI": "INR", "^BSESN": "INR", "^BVSP": "BRL", "^GSPTSE": "CAD",
    "^AXJO": "AUD", "^KS11": "KRW", "000001.SS": "CNY", "^SSMI": "CHF",
}


def classify(symbol: str) -> tuple[str, str]:
    """(kind, ISO 4217 currency) for a quote-strip symbol."""
    upper = symbol.upper()
    if upper.startswith("^"):
        return "index", _INDEX_CURRENCY.get(upper, "USD")
    if upper.endswith("=X"):
        pair = upper[:-2]
        return "fx", pair[3:6] if len(pair) == 6 else "USD"
    if upper.endswith("=F"):
        return "commodity", "USD"
    if "-" in upper and len(upper.rsplit("-", 1)[1]) == 3:
        return "crypto", upper.rsplit("-", 1)[1]
    for suffix, currency in _SUFFIX_CURRENCY.items():
        if upper.endswith(suffix):
            return "equity", currency
    return "equity", "USD"
