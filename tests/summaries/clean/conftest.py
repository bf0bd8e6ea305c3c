"""Helpers for the clean tests: a prose frame for one line, reasons, text without spaces."""

from __future__ import annotations

from summaries.clean import clean_text
from summaries.clean.repair import _INVISIBLE
from summaries.models import CleanDocument

PROSE = (
    "The council met on Tuesday to discuss the budget for next year.\n"
    "Officials said the plan would cost more than expected.\n"
)


def reasons(doc: CleanDocument) -> list[tuple[str, str]]:
    return [(line.reason, line.text) for line in doc.removed]


def removed_reason(line: str) -> str | None:
    """The reason ``line`` is dropped when it sits between two prose sentences, else None."""
    doc = clean_text(PROSE + line + "\nThe vote is expected to take place next month.")
    dropped = [removed.reason for removed in doc.removed if removed.text == line]
    return dropped[0] if dropped else None


_SQUASH = {**_INVISIBLE, **{ord(char): None for char in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"}}


def squash(text: str) -> str:
    """``text`` without whitespace and invisible characters: what cleaning may not change."""
    return "".join(char for char in text.translate(_SQUASH) if not char.isspace())
