"""Prices, percentages and currency symbols as widgets print them -> exact decimal strings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

CURRENCY_SYMBOLS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW",
    "₽": "RUB", "₺": "TRY", "₱": "PHP", "₫": "VND", "₴": "UAH", "₦": "NGN", "฿": "THB",
    "₪": "ILS", "R$": "BRL", "S$": "SGD", "A$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "MX$": "MXN", "CHF": "CHF", "zł": "PLN", "kr": "SEK",
    "R": "ZAR", "Rp": "IDR", "RM": "MYR",
}


def currency_code(symbol: str) -> str | None:
    symbol = symbol.strip()
    if symbol in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[symbol]
    if len(symbol) == 3 and symbol.isalpha() and symbol.isupper():
        return symbol
    return None


def decimal_string(text: str) -> str | None:
    """``"63,768.09"`` -> ``"63768.09"``; ``"−3.14"`` -> ``"-3.14"``; never via float."""
    cleaned = (
        text.strip().replace(",", "").replace("\u2212", "-").replace("\u2013", "-").replace(" ", "")
    )
    cleaned = cleaned.removeprefix("+")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return format(value, "f")
