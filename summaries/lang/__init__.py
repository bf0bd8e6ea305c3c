"""One lexicon per language: ``summaries/lang/<code>.py`` fills a :class:`Lexicon`.

Every module here whose name is a two-letter language code and which defines ``LEXICON`` is a
supported language: adding a language is adding its file (and its tests). :func:`lexicon` gives a
language's words, English for a language that has no file; :data:`LEXICONS` holds them all, for
the stages that read every language at once (capitalised stop words, titles).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType

from summaries.lang.lexicon import Lexicon

__all__ = ["FALLBACK", "LEXICONS", "Lexicon", "lexicon"]

FALLBACK = "en"  # a language without a lexicon is read with English words


def _discover() -> dict[str, Lexicon]:
    found: dict[str, Lexicon] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if len(info.name) != 2 or not info.name.isalpha():
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        entry = getattr(module, "LEXICON", None)
        if not isinstance(entry, Lexicon) or entry.code != info.name:
            raise ImportError(f"{module.__name__} must define LEXICON for {info.name!r}")
        found[entry.code] = entry
    # English first: it is the fallback, and the order lists read in.
    return {code: found[code] for code in sorted(found, key=lambda code: (code != FALLBACK, code))}


LEXICONS: Mapping[str, Lexicon] = MappingProxyType(_discover())


def lexicon(code: str | None) -> Lexicon:
    """The lexicon of language ``code``; English where there is none."""
    return LEXICONS.get(code or FALLBACK) or LEXICONS[FALLBACK]
