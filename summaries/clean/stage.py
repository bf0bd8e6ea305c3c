"""The clean stage: :func:`clean_text` runs the six steps of :mod:`summaries.clean` in order."""

from __future__ import annotations

from summaries.clean.boilerplate import (
    boilerplate_reason,
    is_prose,
    mark_related_lists,
    mark_repeats,
    unpunctuated_reason,
)
from summaries.clean.page import FIRST_LINE_MAX_WORDS, set_page_aside, split_site_suffix
from summaries.clean.paragraphs import blocks, paragraph_units
from summaries.clean.repair import (
    CODE_LINE,
    looks_like_html,
    normalise_whitespace,
    repair_mojibake,
    strip_markup,
)
from summaries.clean.title import is_label, reads_as_headline, title_key
from summaries.models import CleanDocument, RemovedLine

# A line of a list announced by a colon ("Here's what to know:") is an item, not a heading, up to
# this many words.
LIST_ITEM_MAX_WORDS = 16


def clean_text(raw: str, *, title: str | None = None) -> CleanDocument:
    """Repair, normalise and de-boilerplate ``raw`` into a title and body paragraphs.

    ``title``, if given, is used (cleaned) and a copy of it opening the body is dropped (reason
    ``"title"``); otherwise a headline-like first line becomes the title. Everything dropped is
    in ``removed``; if all of it is boilerplate the document has no paragraphs. Never raises.
    """
    markup = looks_like_html(raw)
    text = normalise_whitespace(repair_mojibake(raw, markup=markup))
    markup_removed: list[RemovedLine] = []
    if markup:
        text, markup_removed = strip_markup(text)
        text = normalise_whitespace(text)  # decoded entities: &nbsp;, &#8203;
    cased = text != text.lower()
    units = paragraph_units(blocks(text), cased=cased)
    reasons: list[str | None] = [boilerplate_reason(unit) for unit in units]
    if markup:
        reasons = [
            "markup" if reason is None and CODE_LINE.search(unit) else reason
            for unit, reason in zip(units, reasons, strict=True)
        ]
    mark_related_lists(units, reasons)
    mark_repeats(units, reasons)

    given_title = " ".join(normalise_whitespace(repair_mojibake(title)).split()) if title else ""
    final_title: str | None = given_title or None
    title_index: int | None = None
    headline: str | None = None
    if not given_title:  # a paste or a post: the page around the article is set aside
        title_index, headline = set_page_aside(units, reasons, cased=cased)
        final_title = headline

    kept = [index for index, reason in enumerate(reasons) if reason is None]
    # The headline is the first kept line that is not a section label ("World", "Business").
    first = next((index for index in kept if not is_label(units[index])), None)
    if headline is not None:
        first = title_index
    if first is not None:
        if given_title:
            if title_key(units[first]) == title_key(given_title):
                reasons[first] = "title"
        elif headline is None and first != kept[-1]:
            candidate = split_site_suffix(units[first])
            if reads_as_headline(candidate, cased=cased, max_words=FIRST_LINE_MAX_WORDS):
                final_title = candidate
                title_index = first
        # A page repeats its headline (<title>, then <h1>): a copy right after it goes too.
        following = next((index for index in kept if index > first), None)
        if (
            final_title is not None
            and following is not None
            and (reasons[first] == "title" or first == title_index)
            and title_key(units[following]) == title_key(final_title)
        ):
            reasons[following] = "title"

    candidates = [
        reason if index != title_index else "title" for index, reason in enumerate(reasons)
    ]
    if is_prose(units, candidates):
        in_list = False  # after "The qualified teams:", short lines are the list's items
        for index, reason in enumerate(candidates):
            if reason is None:
                unit = units[index]
                if not (in_list and len(unit.split()) <= LIST_ITEM_MAX_WORDS):
                    reasons[index] = unpunctuated_reason(unit, cased=cased)
                in_list = unit.endswith(":") or (in_list and reasons[index] is None)

    paragraphs: list[str] = []
    removed: list[RemovedLine] = markup_removed
    for index, (unit, reason) in enumerate(zip(units, reasons, strict=True)):
        if index == title_index:
            continue
        if reason is None:
            paragraphs.append(unit)
        else:
            removed.append(RemovedLine(unit, reason))
    return CleanDocument(title=final_title, paragraphs=tuple(paragraphs), removed=tuple(removed))
