"""Step 5 of the clean stage: the title.

The given title (cleaned), whose duplicate at the top of the body is dropped; or else a first
line that reads as a headline (:func:`reads_as_headline`). A title is never a body paragraph.
"""

from __future__ import annotations

import re

from summaries.clean.sentences import (
    ENDS_OPEN,
    INNER_BOUNDARY_CASED,
    INNER_BOUNDARY_UNCASED,
    ends_sentence,
    without_trailing_markers,
)

# Title: headlines are short (news sites cap them at ~70-110 characters, <= 20 words).
TITLE_MIN_WORDS = 3  # "Business", "World news": section labels, not headlines
TITLE_MAX_WORDS = 20

_TITLE_KEY_TRIM = " .:;,!?…\"'“”‘’«»"


def title_key(text: str) -> str:
    return " ".join(text.split()).strip(_TITLE_KEY_TRIM).casefold()


def is_label(line: str) -> bool:
    return len(line.split()) < TITLE_MIN_WORDS and not ends_sentence(line)


def reads_as_headline(
    line: str, *, cased: bool, max_words: int = TITLE_MAX_WORDS, quoted: bool = False
) -> bool:
    """Whether ``line`` has a headline's shape; ``quoted`` lets it open with a quote mark (on a
    page, where the words it shares with the article vouch for it: "‘Never so ashamed’: …")."""
    words = len(line.split())
    if not TITLE_MIN_WORDS <= words <= max_words or not any(c.isalpha() for c in line):
        return False
    if ENDS_OPEN.search(line) or (_opens_with_quote(line) and not quoted):
        return False  # a fragment, or a quoted lead ("'Do you have it in your heart?' ...")
    bare = without_trailing_markers(line).rstrip(_CLOSERS_AND_SPACE)
    if bare.endswith(".") and not bare.endswith("..."):
        return False  # a sentence
    if bare.endswith(("?", "!", "…", "...")):
        # "Why is the Fed raising rates?" is a headline, "Ever wondered if ...? " a lead; in
        # lower-cased text nothing tells them apart, so only unpunctuated lines qualify there.
        inner = INNER_BOUNDARY_CASED if cased else INNER_BOUNDARY_UNCASED
        return cased and inner.search(bare) is None
    return True


_CLOSERS_AND_SPACE = "\"'”’»)] "
_OPENING_QUOTE = re.compile(r"^[\"“‘«„']")


def _opens_with_quote(line: str) -> bool:
    return _OPENING_QUOTE.match(line) is not None
