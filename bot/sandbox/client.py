"""What a Telegram client does with a text before sending it: one message holds at most 4,096
UTF-16 units, so a longer text goes as several messages, each trimmed of whitespace at its ends.

Telegram Desktop (``split_message``) cuts at the best break in the second half of the limit: a
blank line, else a line break, else the end of a sentence, else any whitespace, else where the
limit falls; the last such break of the best kind. Telegram Android (``exact=True``) cuts where
the limit falls, inside a word if need be. ``newsbrief chat`` sends a long paste the Desktop
way; the tests use both.
"""

from __future__ import annotations

import re

from bot.sandbox._wire import MAX_MESSAGE_LENGTH

# Where Desktop prefers to cut, best first; the group "cut" is the whitespace cut away.
_BREAKS = (
    re.compile(r"(?P<cut>\n)[ \t\r]*\n"),
    re.compile(r"(?P<cut>\n)"),
    re.compile(r"[.!?…][\"'”’»)\]]*(?P<cut>\s)"),
    re.compile(r"(?P<cut>\s)"),
)


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH, *, exact: bool = False) -> list[str]:
    """The messages a client sends for ``text`` (none for blank text)."""
    rest = text.strip()
    parts: list[str] = []
    while _units(rest) > limit:
        end = _index_at(rest, limit)
        cut = end if exact else _best_break(rest, _index_at(rest, limit // 2), end)
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return [part for part in parts if part]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _index_at(text: str, units: int) -> int:
    """The largest index whose prefix of ``text`` is at most ``units`` UTF-16 units long."""
    total = 0
    for index, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > units:
            return index
    return len(text)


def _best_break(text: str, start: int, end: int) -> int:
    """Where Desktop cuts ``text`` within [start, end] (the whitespace there is dropped)."""
    window = text[start : end + 1]
    for pattern in _BREAKS:
        cuts = [start + match.start("cut") for match in pattern.finditer(window)]
        if cuts:
            return cuts[-1]
    return end
