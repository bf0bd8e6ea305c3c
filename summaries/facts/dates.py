"""Dates: "12 March 2024", "March 2024", "since 2013", "in February", "12 марта" in ISO 8601."""

from __future__ import annotations

import datetime
import re

from summaries.facts.context import Builder, Context, Found, lookback, span
from summaries.models import FactKind

# Years before this are rare in news and more often a count or a model number.
EARLIEST_YEAR = 1500
# Without a reference date a year up to this is plausible; with one, up to that many years ahead
# ("by 2050" in a 2015 article).
LATEST_YEAR = 2099
FUTURE_YEARS = 50


def date(match: re.Match[str], context: Context) -> Found | None:
    groups = match.groupdict()
    lex = context.lex
    year = int(groups["y"]) if groups.get("y") else None
    month: int | None = None
    if groups.get("mon"):
        month = lex.months.get(groups["mon"].casefold().rstrip("."))
        if month is None:
            return None
    elif groups.get("mm"):
        month = int(groups["mm"])
    day = int(groups["d"]) if groups.get("d") else None
    latest = context.reference.year + FUTURE_YEARS if context.reference else LATEST_YEAR
    if year is not None and not EARLIEST_YEAR <= year <= latest:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not _valid(year or 2000, month, day)):
        return None
    start, end = span(match)
    if year is None and month is not None and context.reference is not None:
        year = _nearest_year(month, day, context.reference)
    if month is None:
        value = f"{year:04d}" if year is not None else None
    elif year is None:
        value = f"--{month:02d}" + (f"-{day:02d}" if day is not None else "")
    else:
        value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    return Found(FactKind.DATE, value, start, end)


def year_after(prepositions: re.Pattern[str]) -> Builder:
    """A bare year is a date only after a word that makes it one ("since 2013")."""

    def after_prep(match: re.Match[str], context: Context) -> Found | None:
        text, start = context.text, match.start()
        if prepositions.search(text, lookback(text, start), start) is None:
            return None
        return date(match, context)

    return after_prep


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _nearest_year(month: int, day: int | None, reference: datetime.date) -> int | None:
    best: tuple[int, int] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if not _valid(year, month, day or 15):
            continue
        distance = abs((datetime.date(year, month, day or 15) - reference).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None
