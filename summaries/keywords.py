"""A handful of salient terms: the words and names an article keeps coming back to.

Terms are grouped by stem, scored by how often they occur (capitalised names mid-sentence and
words of the title count extra), and shown in their most frequent surface form. Runs of two or
three capitalised words ("Yoshinori Muto", "European Central Bank") are kept as one term when they
recur, because a name split into halves is no keyword at all.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

from summaries.lang import LEXICONS
from summaries.language import LanguageProfile
from summaries.models import Sentence

DEFAULT_KEYWORDS = 6
MIN_LETTERS = 3
NAME_BOOST = 1.5  # a capitalised word that does not open a sentence is likely a name
TITLE_BOOST = 2.0  # words of the title are what the article is about
MIN_OCCURRENCES = 2  # a term met once is not "kept coming back to"

# Words that recur in news copy without saying what it is about: reporting verbs and time words
# of every language (summaries/lang), and wire agencies and picture desks, which are names in any
# language and so stay here.
_AGENCIES = frozenset(
    "reuters ap afp cnn bbc dpa ansa efe tass ria интерфакс риа тасс getty images".split()
)
_NOISE: frozenset[str] = _AGENCIES.union(*(entry.keyword_noise for entry in LEXICONS.values()))
_POSSESSIVE = re.compile(r"['’]s$")
_ENGLISH_ES_PLURAL = re.compile(r"(?:s|x|z|ch|sh)es$")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
# Name particles of every language ("von der", "de la"), longest first so "von der" is tried
# before "von"; the capital-letter classes are universal (the scripts of every language).
_PARTICLES = "|".join(
    " ".join(map(re.escape, particle.split()))
    for particle in sorted(
        frozenset[str]().union(*(entry.name_particles for entry in LEXICONS.values())),
        key=lambda particle: (-len(particle), particle),
    )
)
_NAME_RUN = re.compile(
    rf"(?<![\w-])([A-ZА-ЯЁ][\w’'-]+(?:\s+(?:{_PARTICLES})?\s*[A-ZА-ЯЁ][\w’'-]+){{1,2}})"
)


# "I’m", "we're", "don’t", "c’est": a stop word with its clitic is still a stop word.
_CLITIC = re.compile(r"^(.+?)['’](\w{1,3})$|^(\w{1,2})['’](.+)$")


def _is_contraction(lowered: str, skip: frozenset[str]) -> bool:
    match = _CLITIC.match(lowered)
    if match is None:
        return False
    host = match.group(1) or match.group(4)
    return host in skip or host.replace("’", "'") in skip


def extract_keywords(
    sentences: Sequence[Sentence],
    profile: LanguageProfile,
    title: str | None = None,
    limit: int = DEFAULT_KEYWORDS,
) -> tuple[str, ...]:
    """Up to ``limit`` keywords, most salient first."""
    if limit <= 0:
        return ()
    scores: dict[str, float] = defaultdict(float)
    counts: Counter[str] = Counter()
    forms: Counter[tuple[str, str]] = Counter()  # (stem, surface form) -> occurrences
    skip = profile.stop_words | _NOISE
    english = profile.code == "en"
    code, stem_word = profile.code, profile.stem
    for sentence in sentences:
        for position, token in enumerate(_TOKEN.findall(sentence.text)):
            word = _POSSESSIVE.sub("", token)  # "Britain's" is about Britain
            if len(word) < MIN_LETTERS:
                continue
            lowered = word.lower()
            if (
                lowered in skip
                or lowered.replace("’", "'") in skip
                or _is_contraction(lowered, skip)
            ):
                continue
            name_like = position > 0 and word[0].isupper()
            if english and not name_like and lowered.endswith("ed"):
                continue  # a past-tense verb ("voted") is rarely what an article is about
            stem = _grouping_key(lowered, code, stem_word)
            scores[stem] += NAME_BOOST if name_like else 1.0
            counts[stem] += 1
            if position > 0:  # a sentence's first word is capitalised whatever it is
                forms[stem, word if name_like else lowered] += 1
    if title:
        for word in _TOKEN.findall(title):
            stem = _stem(word.lower(), profile)
            if stem in scores:
                scores[stem] *= TITLE_BOOST

    names: Counter[str] = Counter()
    for sentence in sentences:
        for match in _NAME_RUN.finditer(sentence.text):
            if match.start() > 0:
                names[match.group(1)] += 1

    # Each stem that belongs to a recurring name is shown as the whole name.
    name_of: dict[str, str] = {}
    for name, n in names.most_common():
        if n < MIN_OCCURRENCES:
            break
        for stem in _stems_of(name, profile):
            name_of.setdefault(stem, name)

    result: list[str] = []
    covered: set[str] = set()
    for stem in sorted(scores, key=lambda s: -scores[s]):
        if len(result) >= limit:
            break
        if stem in covered or counts[stem] < MIN_OCCURRENCES:
            continue
        whole_name = name_of.get(stem)
        if whole_name is not None:
            if whole_name in result:
                continue
            result.append(whole_name)
            covered.update(_stems_of(whole_name, profile))
        else:
            seen = [(n, form) for (st, form), n in forms.items() if st == stem]
            result.append(max(seen)[1] if seen else _fallback_form(stem, sentences, profile))
            covered.add(stem)
    return tuple(result)


def _fallback_form(stem: str, sentences: Sequence[Sentence], profile: LanguageProfile) -> str:
    """The lower-cased form of a term seen only as a sentence's first word."""
    for sentence in sentences:
        for token in _TOKEN.findall(sentence.text)[:1]:
            word = _POSSESSIVE.sub("", token).lower()
            if _stem(word, profile) == stem:
                return word
    return stem


def _stem(lowered: str, profile: LanguageProfile) -> str:
    """The grouping key of a word: its stem, with English "-es" plurals folded ("buses")."""
    return _grouping_key(lowered, profile.code, profile.stem)


@lru_cache(maxsize=65536)
def _grouping_key(lowered: str, code: str, stem: Callable[[str], str]) -> str:
    if code == "en" and _ENGLISH_ES_PLURAL.search(lowered):
        lowered = lowered[:-2]
    return stem(lowered)


def _stems_of(phrase: str, profile: LanguageProfile) -> list[str]:
    return [_stem(w.lower(), profile) for w in _TOKEN.findall(phrase)]
