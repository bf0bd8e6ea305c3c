"""Choosing the few quotes worth showing (:func:`key_quotes`).

Split quotes ("“We will win,” she said. “And fast.”") stay two :class:`Quote` objects with the
same speaker, never merged: a merged text would have to skip the attribution and so would not be
verbatim. :func:`key_quotes` ranks such neighbours (same speaker, at most
``SPLIT_QUOTE_MAX_GAP_CHARS`` apart) as one unit: one quote per speaker comes first, then the
second part of a split quote already chosen (so the parts are shown together), then the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from summaries.models import Quote
from summaries.quotes.scan import _words

# Two quotes by one speaker this close (the attribution between them) are parts of one quote.
SPLIT_QUOTE_MAX_GAP_CHARS = 80
# A complete statement outranks a fragment of the same length and speaker; it has this many words.
COMPLETE_STATEMENT_BONUS = 0.75  # (less than a named speaker's lead: a name comes first)
MIN_STATEMENT_WORDS = 4
# At most this many parts of one split or multi-paragraph quote go into key_quotes.
MAX_PARTS_PER_UNIT = 2


def _units(quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Quotes grouped into units: the parts of a split or multi-paragraph quote go together."""
    units: list[list[Quote]] = []
    for quote in quotes:
        if units:
            last = units[-1][-1]
            if (
                quote.speaker is not None
                and quote.speaker == last.speaker
                and 0 <= quote.start - last.end <= SPLIT_QUOTE_MAX_GAP_CHARS
            ):
                units[-1].append(quote)
                continue
        units.append([quote])
    return units


def _unit_score(unit: Sequence[Quote]) -> float:
    """Higher is better: a named speaker (above a described one), then a complete statement, then
    a full clause."""
    first = unit[0]
    # A name first; a description of who spoke ("a friend of the family") as a bare role did.
    named = first.speaker is not None and not first.described
    score = 2.0 if named else (1.0 if first.speaker or first.role else 0.0)
    if _complete(first.text):
        score += COMPLETE_STATEMENT_BONUS
    words = sum(_words(quote.text) for quote in unit)
    if words < 3:
        score += 0.0
    elif words < 6:
        score += 0.5
    elif words <= 45:
        score += 1.5
    elif words <= 80:
        score += 1.0
    else:
        score += 0.5
    return score


def _complete(text: str) -> bool:
    """A statement of its own ("We will win the vote."), not a fragment of the writer's sentence
    ("… called it “a total disaster”"): it opens with a capital and runs to a clause."""
    opening = text.lstrip("…. ")[:1]
    return (opening.isupper() or opening.isdigit()) and _words(text) >= MIN_STATEMENT_WORDS


def key_quotes(quotes: Sequence[Quote], limit: int) -> tuple[Quote, ...]:
    """The few quotes worth showing, at most ``limit``, in article order.

    Ranked by a named speaker, then a complete statement over a fragment, then a substantial
    length (a clause, not two words; very long quotes rank lower), earlier first on ties. One
    quote per speaker comes first; then the rest of a split quote already chosen (its parts
    count as one unit and are shown together, up to ``MAX_PARTS_PER_UNIT`` parts); then
    anything else.
    """
    if limit <= 0 or not quotes:
        return ()
    units = _units(sorted(quotes, key=lambda quote: quote.start))
    ranked = sorted(units, key=lambda unit: (-_unit_score(unit), unit[0].start))
    chosen: list[Quote] = []
    taken: list[list[Quote]] = []
    speakers: set[str | None] = set()
    for unit in ranked:  # one per speaker
        if len(chosen) < limit and unit[0].speaker not in speakers:
            speakers.add(unit[0].speaker)
            taken.append(unit)
            chosen.append(unit[0])
    for unit in taken:  # the rest of each chosen split quote
        for part in unit[1:MAX_PARTS_PER_UNIT]:
            if len(chosen) < limit:
                chosen.append(part)
    taken_ids = {id(unit) for unit in taken}
    for unit in ranked:  # anything else
        if id(unit) in taken_ids:
            continue
        for part in unit[:MAX_PARTS_PER_UNIT]:
            if len(chosen) < limit:
                chosen.append(part)
    return tuple(sorted(chosen, key=lambda quote: quote.start))
