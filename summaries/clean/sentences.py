"""Sentence shape: how a line ends and starts, read by paragraphs, boilerplate and title.

Only the end (or the start) of a line is looked at, so the checks are cheap on long lines.
"""

from __future__ import annotations

import re

from summaries.clean.words import all_words, alternation, collected

_CLOSERS = "\"'”’»)\\]"
# A line that ends a sentence: . ! ? … (optionally followed by closing quotes or brackets), or a
# closing quote on its own (a quoted paragraph without a final stop is still a quote).
_ENDS_SENTENCE = re.compile(rf"(?:[.!?…][{_CLOSERS}]*|[\"”»’'])$")
_ENDS_TAIL = 12  # the end of a line is all the "ends with" checks look at (cheap on long lines)
# A line that goes on in the next one: a comma, colon, dash... These are never headings.
ENDS_OPEN = re.compile(r"[,;:\-–—(/&]$")


# Markers that may follow a sentence's final punctuation: footnote references ("[1]", "[a]", "¹",
# "*", "†"), hashtags and handles ("#budget", "@BBCNews"), emoji and other pictographs (arrows,
# dingbats, ©, ®, ™). "...after a long debate. #budget" is a sentence, not a headline. The
# bracketed notes ("[citation needed]", "[note 3]") are each language's words, matched verbatim.
_FOOTNOTE_NOTES = alternation(map(re.escape, collected(lambda entry: entry.footnote_notes)))
_FOOTNOTE_LABELS = alternation(map(re.escape, collected(lambda entry: entry.footnote_labels)))
_TRAILING_MARKERS = re.compile(
    rf"(?:\s*(?:\[(?:\d{{1,3}}|[a-z]|{_FOOTNOTE_NOTES}|{_FOOTNOTE_LABELS} \d{{1,3}})\]|"
    r"[\u00b9\u00b2\u00b3\u2070-\u2079]+|[*†‡]+|[#@][^\W_][\w-]*|"
    r"[\u00a9\u00ae\u2122\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff"
    r"\ufe0f\u20e3\U0001f000-\U0001faff]))+$"
)
_MARKERS_TAIL = 60  # how far from the end markers are looked for (a few tags or emoji)


def without_trailing_markers(line: str) -> str:
    """``line`` without the footnote marks, hashtags and emoji that close it."""
    tail = line[-_MARKERS_TAIL:]
    match = _TRAILING_MARKERS.search(tail)
    if match is None:
        return line
    return line[: len(line) - len(tail) + match.start()].rstrip()


def ends_sentence(line: str) -> bool:
    if _ENDS_SENTENCE.search(line[-_ENDS_TAIL:]) is not None:
        return True
    bare = without_trailing_markers(line)
    return len(bare) < len(line) and _ENDS_SENTENCE.search(bare[-_ENDS_TAIL:]) is not None


# A line that ends a paragraph of prose rather than a headline: a full stop, or any final mark
# followed by a closing quote or bracket ('... whatever it costs."', '... she asked?"', '(... .)').
# A bare "?" or "!" can close a headline ("Why are fares rising?"), so it does not count.
_ENDS_PARAGRAPH = re.compile(rf"(?:\.(?: ?[{_CLOSERS}])*|[!?…](?: ?[{_CLOSERS}])+)$")


def ends_paragraph(line: str) -> bool:
    return _ENDS_PARAGRAPH.search(without_trailing_markers(line)[-_ENDS_TAIL:]) is not None


# A line ending in a function word was cut (a link removed from "... secured qualification for
# <link>"): prose, never a heading.
_FUNCTION_WORDS = all_words(lambda entry: entry.function_words)


def ends_function_word(line: str) -> bool:
    words = line[-_ENDS_TAIL:].rsplit(maxsplit=1)
    return bool(words) and words[-1].lower() in _FUNCTION_WORDS


# A full stop followed by another sentence inside one line: a paragraph whose last sentence lost
# its stop (BBC text has these where a link was cut out) is prose, not a caption.
# Tokenised text (CNN/DM) has spaces around quote marks: "good. ' I want".
INNER_BOUNDARY_CASED = re.compile(rf"[.!?…](?:\s*[{_CLOSERS}])*\s+[\"“‘«('\[\s]*[A-ZА-ЯЁ0-9]")
INNER_BOUNDARY_UNCASED = re.compile(rf"[.!?…](?:\s*[{_CLOSERS}])*\s+\S")
_STARTS_LOWER = re.compile(r"^[\"“‘«(\[]*[^\W\d_]")


def starts_lower(line: str) -> bool:
    match = _STARTS_LOWER.match(line)
    return match is not None and match.group(0)[-1].islower()
