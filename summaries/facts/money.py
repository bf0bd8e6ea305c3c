"""Money and percentages: "$2.5 million" -> "USD 2500000", "3,5 %" -> "3.5"."""

from __future__ import annotations

import re

from summaries.facts.context import Context, Found
from summaries.facts.numbers import fmt, number
from summaries.facts.words import Vocabulary
from summaries.models import FactKind


def _pairs(spec: str) -> dict[str, str]:
    """ "US$=USD, €=EUR" -> {"US$": "USD", "€": "EUR"}."""
    return dict(entry.strip().split("=") for entry in spec.split(",") if entry.strip())


# Currency symbols and ISO codes: universal, the same in every language's news.
SYMBOLS = _pairs(
    "US$=USD, U.S.$=USD, $=USD, A$=AUD, AU$=AUD, C$=CAD, CA$=CAD, NZ$=NZD, HK$=HKD, S$=SGD, "
    "R$=BRL, £=GBP, €=EUR, ¥=JPY, ₽=RUB, ₹=INR, ₴=UAH, ₺=TRY, ₩=KRW"
)
SYMBOLS_RE = r"(?:US\$|U\.S\.\s?\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|\$|£|€|¥|₽|₹|₴|₺|₩)"
CODES = frozenset(
    "USD EUR GBP RUB JPY CNY CHF CAD AUD INR UAH BRL HKD KRW TRY PLN SEK NOK DKK NZD SGD KZT "
    "BYN MXN ZAR".split()
)
CODES_RE = "(?-i:" + "|".join(sorted(CODES)) + ")"


def money(match: re.Match[str], context: Context) -> Found | None:
    lex = context.lex
    parsed = number(match.group("n"), lex)
    if parsed is None:
        return None
    amount, scaled = parsed
    currency = match.group("c")
    code = currency_code(currency, lex)
    if code is None:
        return None
    if currency.casefold() in lex.weak_currency_words and not scaled:
        return None  # "300 pounds" is a weight; "5 million pounds" is money
    return Found(FactKind.MONEY, f"{code} {fmt(amount)}", *match.span())


def currency_code(surface: str, lex: Vocabulary) -> str | None:
    key = re.sub(r"[\s.]", "", surface)
    if key in SYMBOLS:
        return SYMBOLS[key]
    if key in CODES:
        return key
    return lex.currency_words.get(" ".join(surface.casefold().split()))


def percent(match: re.Match[str], context: Context) -> Found | None:
    parsed = number(match.group("n"), context.lex)
    if parsed is None or parsed[1]:
        return None
    return Found(FactKind.PERCENT, fmt(parsed[0]), *match.span())
