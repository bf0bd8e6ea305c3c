"""Is a word the noun a number counts ("16 goals")? One test per language, fed by its lexicon.

:data:`NOUN_TESTS` maps a language code to a function that takes the language's
:class:`Lexicon` (and its number words) and gives two tests: is a word a counted noun, and may it
stand between the number and the noun ("two new stations"). A language not in the table is read
with the English tests and its own word lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from summaries.lang import Lexicon

Test = Callable[[str], bool]
NounTests = Callable[[Lexicon, frozenset[str]], tuple[Test, Test]]

# Cyrillic letters (and the hyphen of compounds): universal to the languages written in it.
_CYRILLIC = re.compile(r"[а-яё-]+")


def english_nouns(words: Lexicon, numbers: frozenset[str]) -> tuple[Test, Test]:
    """A lower-case plural ("goals", "people"); a modifier is any other word but a number."""
    function = words.count_function_words
    plurals = words.count_plural_nouns
    not_nouns = words.count_not_nouns

    def is_noun(word: str) -> bool:
        if not word[:1].islower():
            return False
        folded = word.casefold().rstrip("'’")
        if folded in plurals:
            return True
        return (
            len(folded) >= 4
            and folded.endswith("s")
            and not folded.endswith(("ss", "us", "is", "'s", "’s"))
            and folded not in function
            and folded not in not_nouns
        )

    def is_modifier(word: str) -> bool:
        folded = word.casefold()
        return folded not in function and folded not in numbers and len(folded) > 1

    return is_noun, is_modifier


def russian_nouns(words: Lexicon, _numbers: frozenset[str]) -> tuple[Test, Test]:
    """A lower-case Cyrillic word that does not end like a verb or an adjective."""
    plurals = words.count_plural_nouns
    not_nouns = words.count_not_nouns
    verb_endings = words.count_verb_endings
    adjective_only = words.count_adjective_only_endings
    adjective_endings = words.count_adjective_endings

    def is_noun(word: str) -> bool:
        folded = word.casefold()
        if not word[:1].islower() or not _CYRILLIC.fullmatch(folded) or len(folded) < 3:
            return False
        if folded in plurals:
            return True
        return (
            folded not in not_nouns
            and not folded.endswith(verb_endings)
            and not folded.endswith(adjective_only)
        )

    def is_modifier(word: str) -> bool:
        folded = word.casefold()
        return len(folded) >= 4 and folded.endswith(adjective_endings)

    return is_noun, is_modifier


def german_nouns(words: Lexicon, _numbers: frozenset[str]) -> tuple[Test, Test]:
    """German capitalises its nouns; a modifier is a lower-case word that is no function word."""
    not_nouns = words.count_not_nouns
    function = words.count_function_words

    def is_noun(word: str) -> bool:
        return word[:1].isupper() and len(word) >= 3 and word.casefold() not in not_nouns

    def is_modifier(word: str) -> bool:
        return word[:1].islower() and len(word) >= 4 and word.casefold() not in function

    return is_noun, is_modifier


def romance_nouns(words: Lexicon, _numbers: frozenset[str]) -> tuple[Test, Test]:
    """A lower-case word with a plural ending; no modifier (the adjective follows the noun)."""
    endings = words.count_noun_endings
    stop = words.count_not_nouns

    def is_noun(word: str) -> bool:
        folded = word.casefold()
        return (
            word[:1].islower()
            and len(folded) >= 4
            and folded.endswith(endings)
            and folded not in stop
        )

    return is_noun, _no_modifier


def _no_modifier(_word: str) -> bool:
    return False


NOUN_TESTS: dict[str, NounTests] = {
    "en": english_nouns,
    "ru": russian_nouns,
    "de": german_nouns,
    "fr": romance_nouns,
    "es": romance_nouns,
    "it": romance_nouns,
    "pt": romance_nouns,
}
