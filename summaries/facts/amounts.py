"""Quantities and counts: "eight million people" -> "8000000 people", "16 goals" -> "16".

A number with a unit of measure, with a scale word or of QUANTITY_FROM and more is a quantity,
its value keeping the noun; a smaller whole number of discrete things is a count.
"""

from __future__ import annotations

import re

from summaries.facts.context import Context, Found
from summaries.facts.numbers import fmt, number
from summaries.facts.words import Vocabulary, english
from summaries.models import FactKind

# A number of discrete things from this size up is a quantity rather than a count.
QUANTITY_FROM = 1000


def amount(match: re.Match[str], context: Context) -> Found | None:
    """A number and the noun it counts: a quantity or a count (see the module docstring)."""
    lex = context.lex
    raw = match.group("n")
    parsed = number(raw, lex)
    if parsed is None:
        return None
    value, scaled = parsed
    words = [match.group("w1")]
    if match.group("w2"):
        words.append(match.group("w2"))
    chosen = _noun_phrase(words, lex)
    if chosen is None:
        return None
    used, is_unit = chosen
    end = match.end("w1") if used == 1 else match.end("w2")
    start = match.start("n")
    if used == 2 and words[0][:1].isupper() and _ends_with_colon(context.text, start):
        return None  # "Goals: 16 International caps (Japan): 11": a table, not a sentence
    phrase = context.text[match.start("w1") : end]
    in_figures = raw[:1].isdigit()
    if not in_figures and value < 2 and not scaled:
        return None  # "one day", "one of": too common to be a fact
    if in_figures and not is_unit and not scaled and _looks_like_year(raw):
        return None  # "2013 finals" is a year
    if value <= 0:
        return None
    ratios = english()  # "three times more": English ratios, whatever the language
    if phrase.casefold() in ratios.ratio_words and ratios.ratio_after.match(context.text, end):
        return None  # a ratio, not a count of events
    if is_unit or scaled or value >= QUANTITY_FROM or value != value.to_integral_value():
        return Found(FactKind.QUANTITY, f"{fmt(value)} {phrase}", start, end)
    return Found(FactKind.COUNT, fmt(value), start, end)


def glued_unit(match: re.Match[str], context: Context) -> Found | None:
    parsed = number(match.group("n"), context.lex)
    if parsed is None or parsed[1] or parsed[0] <= 0:
        return None
    return Found(FactKind.QUANTITY, f"{fmt(parsed[0])} {match.group('u')}", *match.span())


def _ends_with_colon(text: str, end: int) -> bool:
    """``text[:end].rstrip().endswith(":")``, without copying the text before."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] == ":"


def _looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2099


def _noun_phrase(words: list[str], lex: Vocabulary) -> tuple[int, bool] | None:
    """How many of ``words`` (1 or 2) make the counted noun phrase, and whether it is a unit."""
    first = words[0]
    if first.casefold() in lex.units:
        return 1, True
    if lex.is_noun(first):
        if (
            len(words) > 1
            and lex.code == "en"
            and first in lex.plural_nouns
            and lex.is_noun(words[1])
        ):
            return 2, False  # "20 police officers"
        return 1, False
    if len(words) > 1 and lex.is_modifier(first):
        second = words[1]
        if second.casefold() in lex.units:
            return 2, True
        if lex.is_noun(second):
            return 2, False
    return None
