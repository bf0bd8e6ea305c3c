"""The :class:`Lexicon`: every word list and pattern piece the stages read for one language.

One frozen object per language, filled by that language's module (``summaries/lang/en.py``, ...).
The stages (``quotes``, ``facts``, ``clean``, ``text``, ``keywords``) compile their patterns from
it; lists that are really universal (quote characters, currency symbols, ...) stay in the stage
with a comment saying why. Every field has an empty default, so a language fills what it has and a
stage treats an empty field as "this language has none".

Fields are grouped by the stage that reads them; the first group is shared by several stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

_EMPTY: Mapping[str, str] = MappingProxyType({})


def frozen_map(entries: Mapping[K, V]) -> Mapping[K, V]:
    """A read-only copy of ``entries``, for the mapping fields of a frozen Lexicon."""
    return MappingProxyType(dict(entries))


def words(spec: str) -> frozenset[str]:
    """ "a b  c" -> frozenset({"a", "b", "c"}): word lists read best as one string."""
    return frozenset(spec.split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    """One language's words. ``code`` is ISO 639-1; ``name`` is the Snowball/sumy name."""

    code: str
    name: str

    # --- shared by several stages ---------------------------------------------------------------
    # How the language marks a quotation when we print one: (opening, closing).
    quotation: tuple[str, str] = ("“", "”")
    # Twelve groups of month forms, January first; each group's first form is the name.
    months: tuple[tuple[str, ...], ...] = ()
    # Seven groups of weekday forms, Monday first; each group's first form is the name.
    weekdays: tuple[tuple[str, ...], ...] = ()
    # Honorifics before a name, lower case without a dot, with the gender they tell
    # ("m", "f", or None when they tell none): "mr" -> "m", "dr" -> None.
    honorifics: Mapping[str, str | None] = field(default_factory=lambda: _EMPTY)
    # Lower-case abbreviations, with their final dot, that do not end a sentence ("mr.", "г.").
    abbreviations: frozenset[str] = frozenset()
    # --- shared: end ---

    # --- quotes ---------------------------------------------------------------------------------
    # --- quotes: end ---

    # --- facts ----------------------------------------------------------------------------------
    # --- facts: end ---

    # --- clean ----------------------------------------------------------------------------------
    # --- clean: end ---

    # --- text and keywords ----------------------------------------------------------------------
    # --- text and keywords: end ---
