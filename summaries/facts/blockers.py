"""Blockers: spans whose numbers are no facts (scores, phone numbers, "No. 10", "Boeing 737").

A blocker outranks every fact: it claims its numbers, and is then dropped.
"""

from __future__ import annotations

import re

from summaries.facts.context import Builder, Context, Found, lookback, span
from summaries.facts.words import ALL_MONTHS, CAPITAL_EXEMPT

# A phone number has at least this many digits ("0800 123 4567"); fewer is a date or an amount.
PHONE_DIGITS = 9

_ISO_DATE = re.compile(r"[12][0-9]{3}-[01][0-9]-[0-3][0-9]")
# What may open a sentence before its first word (quotes, brackets, bullets): universal.
_SENTENCE_OPENING = re.compile(r"[\s\"'“‘«„(\[*•–—-]*")
_LAST_CHUNK = re.compile(r"[\s(\"'“«]?([^\s(\"'“«]+)\s?$")


def blocker(match: re.Match[str], _context: Context) -> Found | None:
    start, end = span(match)
    return Found(None, None, start, end)


def range_blocker(match: re.Match[str], context: Context) -> Found | None:
    if _ISO_DATE.fullmatch(match.group()):
        return None  # 2024-03-12 is a date, not a range
    return blocker(match, context)


def phone_blocker(match: re.Match[str], context: Context) -> Found | None:
    if sum(ch.isdigit() for ch in match.group()) < PHONE_DIGITS:
        return None  # "05.03.2024" is a date
    return blocker(match, context)


def capital_blocker(match: re.Match[str], context: Context) -> Found | None:
    """ "Boeing 737", "Windows 10": a number right after a capitalised word is a name part."""
    word = match.group("w")
    if word.casefold().rstrip(".") in ALL_MONTHS or word in CAPITAL_EXEMPT:
        return None
    if context.lex.code != "en" and _SENTENCE_OPENING.fullmatch(context.text, 0, match.start("w")):
        return None  # "Unas 2.000 personas": capitalised because it opens the sentence
    return Found(None, None, *match.span("f"))


def label_blocker(labels: frozenset[str]) -> Builder:
    """A number right after one of ``labels`` ("No. 10", "section 4") is a label."""

    def after_label(match: re.Match[str], context: Context) -> Found | None:
        text, start = context.text, match.start()
        chunk = _LAST_CHUNK.search(text, lookback(text, start), start)
        if chunk is None or chunk.group(1).casefold().rstrip(".") not in labels:
            return None
        return blocker(match, context)

    return after_label
