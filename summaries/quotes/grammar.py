"""The attribution patterns of one language, compiled once from its lexicon.

A speech verb and its subject, before a quote ("X said:", "X told Reuters:", "According to X,",
"По словам X,", "X заявил:") or after it ("…,” said X, the role", "…,” the role X said",
"», — заявила она", "…”, according to X"). The compound past is read through its auxiliary
("Macron a déclaré :", "Meloni ha detto:", "Sánchez ha dicho:", "Scholz hat am Montag gesagt:").

Speech verbs, pronouns and "according to" are the language's own (English's verbs are read in
every language but Russian, as English wire copy turns up everywhere); adverbs, auxiliaries after
a quote and abbreviations are read from every lexicon at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from summaries.lang import LEXICONS, Lexicon, lexicon
from summaries.quotes.names import _alternation, _union
from summaries.quotes.scan import _DOUBLE_QUOTE_CHARS

_ALL = tuple(LEXICONS.values())
_EN = lexicon("en")


def _in_order(words: Iterable[str]) -> str:
    """An alternation keeping the order of ``words`` (where two fit, the first one wins)."""
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in words)


# Adverbs between a subject and its verb, every language's, each lexicon's in its own order ("has"
# before "has since"; no word of one language starts a word of another, so their order is free).
_ADVERBS = rf"(?:{_in_order(word for entry in _ALL for word in entry.attribution_adverbs)})"
# "a déclaré", "ha detto", "ha dicho", "hat gesagt": the auxiliary before a participle.
_AUXILIARIES = rf"(?:{_alternation(_union(entry.speech_auxiliaries for entry in _ALL))})"
_AS = _alternation(_union(entry.as_words for entry in _ALL))
# Abbreviations whose dot does not end a clause ("Mr.", "Gov.", "Mme."), and initials.
_CLAUSE_ABBREVIATIONS = _union(
    entry.clause_abbreviations | entry.company_abbreviations for entry in _ALL
)


def _after_abbreviation(abbreviations: Iterable[str]) -> str:
    """The dot of "Mr.", "Gov." or an initial (look-behinds are fixed-width: one per length)."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(abbreviations):
        by_length.setdefault(len(word), []).append(word)
    behind = "".join(rf"|(?<=\b(?:{'|'.join(by_length[length])}))" for length in sorted(by_length))
    return rf"(?:(?<=\b[A-ZА-Я]){behind})\."


_ABBREVIATION_DOT = _after_abbreviation(_CLAUSE_ABBREVIATIONS)


def _speech_verbs(entry: Lexicon) -> frozenset[str]:
    """Russian reads its own speech verbs; any other language English's as well as its own."""
    return entry.speech_verbs if entry.code == "ru" else _EN.speech_verbs | entry.speech_verbs


def _verb_pattern(entry: Lexicon) -> str:
    if entry.code == "ru":
        past = rf"(?:{_alternation(entry.speech_verb_stems)})л(?:а|и|о)?(?:с[ья])?"
        return rf"(?:{past}|{_alternation(entry.speech_verbs)})"
    # Any case at a clause's start ("Said Ellis:"), lower case after a word: "United States" and
    # "Fox News Reports" hold no verb.
    verbs = _alternation(_speech_verbs(entry))
    return rf"(?:(?<![^\W\d_]\s)(?i:{verbs})|(?-i:{verbs}))"


def _participle_pattern(entry: Lexicon) -> str:
    """Russian reads its own participles; any other language English's as well as its own."""
    if entry.code == "ru":
        return _alternation(entry.speech_participles)
    return _alternation(_EN.speech_participles | entry.speech_participles)


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The compiled patterns for one language."""

    language: str
    pronouns: Mapping[str, str]  # subject pronoun -> what it tells (m, f, p, n)
    object_pronouns: Mapping[str, str]  # "according to him", "по ее словам"
    according_pronoun: re.Pattern[str]  # "по ее словам," right before a quote
    according_pronouns: Mapping[str, str]  # the phrase, lower case -> what its pronoun tells
    verb: re.Pattern[str]  # any speech verb, as a whole word
    verb_words: frozenset[str]  # the same as a set of lower-case words (Russian: present tense)
    verb_before: re.Pattern[str]  # the same, or a participle ("…, saying: “…”")
    verb_start: re.Pattern[str]  # a speech verb at the start of a clause ("said X", "— заявил X")
    subject_verb: re.Pattern[str]  # "X said" at the start of a clause
    according_before: re.Pattern[str]  # "according to X," right before a quote
    according_start: re.Pattern[str]  # "according to X" right after a quote
    as_verb_before: re.Pattern[str]  # "как заявил X," right before a quote
    pronoun_start: re.Pattern[str]
    pronoun_end: re.Pattern[str]
    participle: re.Pattern[str]
    inverted: re.Pattern[str]  # French "a-t-il déclaré", "dit-elle"
    auxiliary_end: re.Pattern[str] | None  # "Macron a" (déclaré): the auxiliary to strip


_GRAMMARS: dict[str, _Grammar] = {}


def _auxiliary_end(entry: Lexicon) -> re.Pattern[str] | None:
    """The compound past ending a subject ("Macron a", "Sánchez le ha", "m'a"): to strip."""
    if not entry.compound_past_auxiliaries:
        return None
    clitic = _in_order(entry.compound_past_clitics) or "(?!)"
    auxiliary = _in_order(entry.compound_past_auxiliaries)
    return re.compile(
        rf"(?:^|\s+)(?:(?:{clitic})\s+|[lmt]['’])?(?:{auxiliary})(?:\s+(?i:{_ADVERBS}))*$"
    )


def _grammar(language: str) -> _Grammar:
    """The patterns of ``language``, compiled on first use; English for a language without words."""
    entry = lexicon(language)
    if not entry.subject_pronouns:
        entry = _EN  # (a lexicon without quote words: read as English, like an unknown language)
    language = entry.code
    cached = _GRAMMARS.get(language)
    if cached is not None:
        return cached
    verb = _verb_pattern(entry)
    pronouns = entry.subject_pronouns
    pronoun = _alternation(pronouns)
    according = _alternation(entry.according_to)
    quotes = re.escape(_DOUBLE_QUOTE_CHARS)  # apostrophes may sit inside a subject ("city's")
    grammar = _Grammar(
        language=language,
        pronouns=pronouns,
        object_pronouns=entry.object_pronouns,
        according_pronouns={
            " ".join(phrase.lower().split()): gender
            for phrase, gender in entry.according_pronoun_phrases.items()
        },
        according_pronoun=re.compile(
            rf"(?<!\w)(?i:(?P<phrase>{_alternation(entry.according_pronoun_phrases)}))\s*,?\s*$"
        ),
        verb=re.compile(rf"(?<![\w-])(?:{verb})(?![\w-])"),
        verb_words=frozenset(word.lower() for word in _speech_verbs(entry)),
        verb_before=re.compile(rf"(?<![\w-])(?:{verb}|(?i:{_participle_pattern(entry)}))(?![\w-])"),
        verb_start=re.compile(
            rf"(?:{_ADVERBS}\s+)?(?:{_AUXILIARIES}\s+)?(?:{_ADVERBS}\s+)?(?P<verb>{verb})(?![\w-])"
            rf"(?:\s+(?:{_ADVERBS}))?",
            re.IGNORECASE,
        ),
        subject_verb=re.compile(
            rf"(?P<zone>(?:[^.!?;:{quotes}\n]|{_ABBREVIATION_DOT}|\.(?=[,)])){{1,160}}?)\s+"
            rf"(?:{_ADVERBS}\s+)?(?P<verb>{verb})(?![\w-])"
        ),
        according_before=re.compile(
            rf"(?i:{according})\s+(?P<np>[^,:;!?{quotes}\n]{{1,160}}?)\s*[,:]?\s*$"
        ),
        according_start=re.compile(rf"(?i:{according})\s+"),
        as_verb_before=re.compile(
            rf"(?<!\w)(?i:{_AS})\s+(?P<verb>{verb})\s+(?P<np>[^,:;!?{quotes}\n]{{1,120}}?)\s*,\s*$"
        ),
        pronoun_start=re.compile(rf"(?i:(?P<p>{pronoun}))(?![\w-])"),
        pronoun_end=re.compile(rf"(?:^|(?<=[\s,;:—–(]))(?i:(?P<p>{pronoun}))$"),
        participle=re.compile(rf"(?i:{_participle_pattern(entry)})$"),
        inverted=re.compile(
            r"(?:a-t-(?P<p1>il|elle)\s+\w+|\w+-t?-?(?P<p2>il|elle)(?![\w-]))", re.IGNORECASE
        ),
        auxiliary_end=_auxiliary_end(entry),
    )
    _GRAMMARS[language] = grammar
    return grammar
