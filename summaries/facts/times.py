"""Durations and relative times: "for three years" -> "P3Y", "three months ago" -> "-P3M"."""

from __future__ import annotations

import re
from decimal import Decimal

from summaries.facts.context import Builder, Context, Found, lookback, span
from summaries.facts.numbers import fmt, number
from summaries.facts.words import PHRASE_UNITS, Unit, english
from summaries.models import FactKind

_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\W*$")
_HYPHEN_NOUN = re.compile(r"\s+((?-i:[a-z])[a-z]+(?:-[a-z]+)?)\b")


def iso_duration(amount: Decimal, unit: Unit) -> str:
    designator, multiplier, _ = unit
    text = fmt(amount * multiplier)
    if designator in ("H", "MIN", "S"):
        return f"PT{text}{designator[0]}"
    return f"P{text}{designator}"


def _time_amount(match: re.Match[str], context: Context) -> tuple[str, Unit] | None:
    """The ISO duration of groups ``n`` (absent: one) and ``u`` of a duration or relative time."""
    lex = context.lex
    word = match.group("u").casefold()
    unit = lex.time_units.get(word) or PHRASE_UNITS.get(word)
    if unit is None:
        return None
    raw = match.groupdict().get("n")
    if raw is None:
        if not unit[2]:
            return None  # "years ago" without a number is vague
        amount = Decimal(1)
    else:
        parsed = number(raw, lex)
        if parsed is None or parsed[1] or parsed[0] <= 0:
            return None
        amount = parsed[0]
    return iso_duration(amount, unit), unit


def duration(match: re.Match[str], context: Context) -> Found | None:
    result = _time_amount(match, context)
    if result is None:
        return None
    start, end = span(match)
    if context.lex.code == "en":
        unit, raw = match.group("u"), match.groupdict().get("n")
        if unit[:1].isupper() and raw is not None and raw[:1].isdigit():
            return None  # "12 Years a Slave": a title
        if raw is None and unit.casefold() == "second":
            # "for a second term", "for a second consecutive month": an ordinal; and "paused
            # for a second" alone means "briefly", no amount worth a card.
            return None
        if raw is not None and raw.casefold() == "one" and unit.casefold() == "day":
            before = _PREVIOUS_WORD.search(context.text, lookback(context.text, start), start)
            if before is None or before.group(1).casefold() not in context.lex.one_day_openers:
                return None  # "hopes to one day have": some day, not a duration
    if match.groupdict().get("sep") == "-":
        # "a 10-year sentence": the compound reads better with the noun it qualifies (an
        # English compound, whatever the language, so English function words).
        following = _HYPHEN_NOUN.match(context.text, end)
        if following and following.group(1).casefold() not in english().function_words:
            end = following.end(1)
    return Found(FactKind.DURATION, result[0], start, end)


def relative(sign: int) -> Builder:
    def build(match: re.Match[str], context: Context) -> Found | None:
        result = _time_amount(match, context)
        if result is None:
            return None
        direction = match.groupdict().get("dir")
        signed = sign
        if direction is not None:
            key = " ".join(direction.casefold().split())
            signed = context.lex.directions.get(key, 0)
            if signed == 0:
                return None
        start, end = span(match)
        if sign > 0 and result[1][0] in ("H", "MIN", "S"):
            return None  # "ran it in 9.58 seconds": a time taken, not a point ahead
        # "in two years" is a point ahead only in a sentence about the future ("will reopen in
        # two years"); "rescued in one day", "the first win in two years" and "prices rose 4% in
        # two years" are spans of time (and the duration rule takes them). Languages with
        # future words (English) read it so.
        needs_future = sign > 0 and direction is None and context.lex.future is not None
        if needs_future and not context.future_before(start):
            return None
        value = result[0]
        if abs(signed) != 1:
            unit = result[1]
            value = iso_duration(Decimal(abs(signed)), unit)
        return Found(FactKind.RELATIVE_TIME, ("-" if signed < 0 else "") + value, start, end)

    return build
