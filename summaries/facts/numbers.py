"""Numbers: figures grouped the language's way, number words and scale words, as exact Decimals."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summaries.facts.words import Vocabulary

# White space inside figures, no-break and thin spaces included: universal.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_LETTERS = re.compile(r"[^\W\d_]+(?:\.(?=\s|$))?")


def fmt(number: Decimal) -> str:
    """A plain decimal string: no exponent, no trailing zeros ("2500000", "3.5")."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def digits_value(raw: str, lex: Vocabulary) -> Decimal | None:
    text = _SPACES.sub("", raw)
    if lex.thousands_mark == ",":
        text = text.replace(",", "")
    elif lex.thousands_mark == ".":
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def number(raw: str, lex: Vocabulary) -> tuple[Decimal, bool] | None:
    """The value of a number in figures or words, with any scale word; and whether it had one."""
    match = lex.digits_re.match(raw)
    current: Decimal | None = None
    rest = raw
    if match:
        current = digits_value(match.group(), lex)
        if current is None:
            return None
        rest = raw[match.end() :]
    tokens = [token.rstrip(".") for token in _LETTERS.findall(rest.casefold())]
    total = Decimal(0)
    scaled = seen = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        pair = f"{token} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
        if pair in lex.scales:
            scale: Decimal | None = lex.scales[pair]
            i += 1
        else:
            scale = lex.scales.get(token) or lex.glued_scales.get(token)
        if scale is not None:
            total += (current if current is not None else Decimal(1)) * scale
            current, scaled, seen = None, True, True
        elif token in lex.multipliers:
            current = (current if current is not None else Decimal(1)) * lex.multipliers[token]
            seen = True
        elif token in lex.numbers:
            current = (current or Decimal(0)) + lex.numbers[token]
            seen = True
        elif token not in lex.fillers:
            return None
        i += 1
    if match is None and not seen:
        return None
    return total + (current or Decimal(0)), scaled


def integer(raw: str | None, lex: Vocabulary) -> int | None:
    if raw is None:
        return None
    parsed = number(raw, lex)
    if parsed is None or parsed[1] or parsed[0] != parsed[0].to_integral_value():
        return None
    return int(parsed[0])
