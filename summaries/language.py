"""Offline language detection and the per-language resources the ranker needs.

Detection uses py3langid (a langid.py model shipped inside the wheel: 97 languages, about 75 MB
of RSS once loaded, under 1 ms on the first DETECT_SAMPLE_CHARS of a text; see docs/measured.md
"Memory"). Mostly-Cyrillic text the model is unsure about is taken as Russian, unless it has
letters Russian does not use: short Russian snippets are where the model wavers. Stop words
are sumy's list (where it has the language) and the `stop-words` package's together; the
function words alone, for comparing reports, are sumy's list, else the package's.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import pycountry
import Stemmer
from stop_words import get_stop_words as get_package_stop_words
from sumy.utils import get_stop_words as get_sumy_stop_words

from summaries.errors import UnsupportedLanguage
from summaries.lang import LEXICONS

# ISO 639-1 code -> the name sumy, PyStemmer and stop-words use: one per lexicon in summaries/lang.
SUPPORTED: Mapping[str, str] = MappingProxyType({code: lex.name for code, lex in LEXICONS.items()})

# Characters fed to the detector: enough to be sure, little enough to stay fast on huge pastes.
DETECT_SAMPLE_CHARS = 400
# An unsupported top guess below LOW_CONFIDENCE yields to a supported language among the next
# RUNNERS_UP guesses that has at least RUNNER_UP_SHARE of its probability.
LOW_CONFIDENCE = 0.75
RUNNERS_UP = 4
RUNNER_UP_SHARE = 0.5
# Mostly-Cyrillic text the model is unsure of (below this probability) is taken as Russian.
CYRILLIC_SHARE = 0.6
CYRILLIC_OVERRIDE_BELOW = 0.9
# Cyrillic letters that Russian does not use: Ukrainian, Belarusian, Serbian, Macedonian, Kazakh...
_NON_RUSSIAN_CYRILLIC = re.compile(r"[іїєґўђћџљњѓќѕјәғқңөұүһӣӯҳҷ]", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


# Words whose stems are remembered per language (~5 MB each at most); the working vocabulary of
# news fits, and clearing costs only a few re-stems.
STEM_MEMO_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """What the ranker and keyword stages need for one language."""

    code: str
    name: str
    stem: Callable[[str], str]
    stop_words: frozenset[str]
    # Closed-class words only (sumy's list where it has the language, else the `stop-words`
    # package's): ``stop_words`` adds the package's list, whose English one also holds content
    # words and names ("page", "felt", "microsoft", "buy", "million") that must still count when
    # two reports are compared (summaries.feeds.digest).
    function_words: frozenset[str]


_identifier_lock = threading.Lock()
_identifier_instance: object | None = None


def _identifier() -> Any:
    """The py3langid model, loaded once per process on first use (~0.5 s, ~100 MB)."""
    global _identifier_instance
    if _identifier_instance is None:
        with _identifier_lock:
            if _identifier_instance is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier_instance = LanguageIdentifier.from_model_file(
                    MODEL_FILE, norm_probs=True
                )
    return _identifier_instance


def language_name(code: str) -> str:
    """An English name for an ISO 639-1 code ("uk" -> "Ukrainian"), or the code itself."""
    record = pycountry.languages.get(alpha_2=code)
    return str(record.name) if record is not None else code


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language (any language the model knows)."""
    sample = text[:DETECT_SAMPLE_CHARS]
    letters = _LETTER.findall(sample)
    if not letters:
        return "und"
    identifier = _identifier()
    code, probability = identifier.classify(sample)
    if code not in SUPPORTED and probability < LOW_CONFIDENCE:
        # Tweet-length text: a minority language can edge out a supported one (Nigerian Pidgin
        # 0.57 over English 0.40). A close supported runner-up is the better reading.
        for other, other_probability in identifier.rank(sample)[:RUNNERS_UP]:
            if other in SUPPORTED and other_probability >= RUNNER_UP_SHARE * probability:
                return str(other)
    cyrillic = sum(1 for ch in letters if _CYRILLIC.match(ch))
    if (
        code != "ru"
        and probability < CYRILLIC_OVERRIDE_BELOW
        and cyrillic / len(letters) >= CYRILLIC_SHARE
        and not _NON_RUSSIAN_CYRILLIC.search(sample)
    ):
        # Short Russian snippets are where the model wavers (e.g. towards Bulgarian or
        # Macedonian); letters only other Cyrillic languages use were checked above.
        return "ru"
    return str(code)


def resolve_language(text: str, requested: str | None = None) -> str:
    """The supported language to summarize ``text`` in, or :class:`UnsupportedLanguage`.

    ``requested`` (an ISO code, e.g. from ``--lang``) wins over detection when given.
    """
    code = (requested or detect_language(text)).lower()
    if code not in SUPPORTED:
        raise UnsupportedLanguage(
            code, language_name(code), tuple(sorted(SUPPORTED)), requested=bool(requested)
        )
    return code


@lru_cache(maxsize=len(SUPPORTED))
def profile(code: str) -> LanguageProfile:
    """Stemmer and stop words for a supported language (cached)."""
    if code not in SUPPORTED:
        raise UnsupportedLanguage(code, language_name(code), tuple(sorted(SUPPORTED)))
    name = SUPPORTED[code]
    stemmer = Stemmer.Stemmer(name)
    stem_cache: dict[str, str] = {}

    def stem(word: str) -> str:
        cached = stem_cache.get(word)
        if cached is None:
            cached = stemmer.stemWord(word)
            if len(stem_cache) >= STEM_MEMO_LIMIT:
                stem_cache.clear()  # bounded: a long-running bot sees an open vocabulary
            stem_cache[word] = cached
        return cached

    package = frozenset(w.lower() for w in get_package_stop_words(name))
    try:
        function_words = frozenset(w.lower() for w in get_sumy_stop_words(name))
    except LookupError:
        function_words = package
    return LanguageProfile(
        code=code,
        name=name,
        stem=stem,
        stop_words=function_words | package,
        function_words=function_words,
    )
