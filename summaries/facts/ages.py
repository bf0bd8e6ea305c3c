"""Ages: "22-year-old", "aged 71", "Smith, 45,", "22-летний" -> "22"."""

from __future__ import annotations

import re

from summaries.facts.context import Context, Found, span
from summaries.facts.numbers import integer
from summaries.facts.words import CAPITAL_EXEMPT
from summaries.models import FactKind

# An age outside 0..MAX_AGE is a misread number, not an age.
MAX_AGE = 120

_NEXT_WORDS = re.compile(r"\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?")


def age(match: re.Match[str], context: Context) -> Found | None:
    lex = context.lex
    groups = match.groupdict()
    if groups.get("stem") is not None:
        years: int | None = lex.age_stems.get(groups["stem"].casefold())
    else:
        years = integer(groups.get("n"), lex)
    if years is None or not 0 <= years <= MAX_AGE:
        return None
    start, end = span(match)
    if groups.get("letn") is not None:
        # Russian "10-летний": an age ("22-летний футболист") unless a span of time follows
        # ("10-летний срок", "пятилетний контракт").
        following = _NEXT_WORDS.match(context.text, end)
        for group in (1, 2):
            word = following.group(group) if following else None
            if following and word and word.casefold().startswith(lex.span_nouns):
                return Found(FactKind.DURATION, f"P{years}Y", start, following.end(group))
    unit = groups.get("u")
    in_years = not unit or unit.casefold() in lex.age_year_units
    return Found(FactKind.AGE, str(years) if in_years else None, start, end)


def comma_age(match: re.Match[str], context: Context) -> Found | None:
    """ "Smith, 45, said": a number between commas right after a capitalised name."""
    name = match.group("name")
    if name.casefold().rstrip(".") in context.lex.months or name in CAPITAL_EXEMPT:
        return None
    years = int(match.group("n"))
    if not 1 <= years <= MAX_AGE:
        return None
    return Found(FactKind.AGE, str(years), *match.span("n"))
