"""The words the clean patterns are built from: one lexicon field over every language.

The words and phrases of every pattern in :mod:`summaries.clean` come from the lexicons
(``summaries/lang/<code>.py``) and each pattern reads all languages at once: a page in one language
carries boilerplate in another. What stays in the clean modules is no language's words: agency and
network names, HTML, URLs, punctuation and unit symbols, the mojibake tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from summaries.lang import LEXICONS, Lexicon


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def collected(get: Callable[[Lexicon], Iterable[str]]) -> tuple[str, ...]:
    """One lexicon field over every language, English first, without repeats."""
    return tuple(dict.fromkeys(item for entry in LEXICONS.values() for item in get(entry)))


def all_words(get: Callable[[Lexicon], frozenset[str]]) -> frozenset[str]:
    """The union of one word-set field over every language."""
    return frozenset[str]().union(*(get(entry) for entry in LEXICONS.values()))


def alternation(alternatives: Iterable[str]) -> str:
    """``(?:a|b)``; with no alternatives, a pattern that never matches."""
    joined = "|".join(alternatives)
    return f"(?:{joined})" if joined else "(?!)"


def phrases(get: Callable[[Lexicon], Iterable[str]]) -> str:
    """A field of phrases as a regex: each word escaped, any whitespace between words."""
    return alternation(r"\s+".join(map(re.escape, phrase.split())) for phrase in collected(get))


def patterns(get: Callable[[Lexicon], Iterable[str]]) -> str:
    """A field of regex alternatives, in which a space stands for any whitespace."""
    return alternation(pattern.replace(" ", r"\s+") for pattern in collected(get))
