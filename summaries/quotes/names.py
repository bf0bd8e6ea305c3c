"""Reading a name phrase: the name, its titles and role, or an organisation.

A subject is a name (titles and honorifics split off, particles kept: "Ursula von der Leyen"), an
organisation ("the Ministry of Defence", "Министерство обороны", "a spokesman for the Kremlin" ->
speaker "Kremlin", role "a spokesman"), or a bare role ("a senior official": speaker None, role
set). Titles glued before a name are split off in every language ("Bundeskanzler Olaf Scholz",
"CDU-Chef Friedrich Merz", "le président Emmanuel Macron").

The words come from every language's lexicon at once (:data:`summaries.lang.LEXICONS`): an
article in one language names people and organisations of others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from summaries.lang import LEXICONS, lexicon

# A subject before a speech verb longer than this is a clause, not a speaker.
MAX_SUBJECT_WORDS = 12


def _union(words: Iterable[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*words)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first; a space stands for any whitespace."""
    escaped = {r"\s+".join(re.escape(part) for part in word.split()) for word in words}
    return "|".join(sorted(escaped, key=len, reverse=True)) or "(?!)"


def _honorifics() -> Mapping[str, str | None]:
    merged: dict[str, str | None] = {}
    for entry in LEXICONS.values():
        merged.update(entry.honorifics)
    return merged


_ALL = tuple(LEXICONS.values())
_EN = lexicon("en")

# Upper-case letters of the Latin, Greek and Cyrillic blocks: universal, a name in any of our
# languages (or a foreign name in one) starts with one of them.
_UPPER = "".join(
    chr(code)
    for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x370, 0x530))
    if chr(code).isupper()
)
_UP = f"[{_UPPER}]"
_TITLE_ABBREVIATION = rf"(?:{_alternation(_union(entry.title_abbreviations for entry in _ALL))})\."
# Name particles belong to a name's origin, not to the article's language ("bin", "ibn", "van",
# "ter" come from languages we have no lexicon for), so they are universal.
_NAME_TOKEN = (
    rf"(?:{_TITLE_ABBREVIATION}|{_UP}\.(?:{_UP}\.)*(?!\w)"
    rf"|(?:(?:al|el|bin|ibn|ben|abu|d|l|O)[-'’])?{_UP}(?:[\w\-]|['’](?!s\b)\w)*)"
)
_PARTICLE = (
    r"(?:von|van|der|den|de|del|della|di|da|das|dos|du|des|la|le|bin|bint|ibn|al|el|ter|ten|zu)"
)
_CONNECTOR = rf"(?:{_alternation(word for entry in _ALL for word in entry.name_connectors)})"
_NAME_PHRASE = (
    rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+){{0,3}}{_NAME_TOKEN}"
    rf"|\s+{_CONNECTOR}\s+{_NAME_TOKEN}){{0,6}}"
)
_NAME = re.compile(rf"(?<![\w'’-]){_NAME_PHRASE}")

# Every language's words at once: an article quotes and names people from other languages too.
_STOP_CAPS = _union(entry.name_stop_caps for entry in _ALL)
_HONORIFICS = _honorifics()
_TITLE_WORDS = _union(entry.person_titles for entry in _ALL)
_TITLE_MODIFIERS = _union(entry.title_modifiers for entry in _ALL)
# Heads of titles glued into one word ("Bundeskanzler", "CDU-Chef"), in lexicon order.
_TITLE_HEADS = tuple(head for entry in _ALL for head in entry.title_heads)
_ORG_WORDS = _union(entry.organisation_words for entry in _ALL)
_ROLE_NOUNS = _union(entry.role_nouns for entry in _ALL)
# Groups that speak as one, capitalised at a sentence's start: a role, not a name.
_GROUP_NOUNS = _ROLE_NOUNS | _union(entry.group_nouns for entry in _ALL)
_DETERMINERS = _union(entry.role_determiners for entry in _ALL)
_PREPOSITIONS = _union(entry.role_prepositions for entry in _ALL)
_LEADING_JUNK = _union(entry.role_leading_junk for entry in _ALL)
_MEDIA = _union(entry.media_names for entry in _ALL)
_FIRST_NAMES_M = _union(entry.first_names_m for entry in _ALL)
_FIRST_NAMES_F = _union(entry.first_names_f for entry in _ALL)
# A lone first name stands for a full name ("Jack" for "Jack Smith") only when it is in the
# English list (as before: the Russian list is read for genders only).
_FIRST_NAMES = _EN.first_names_m | _EN.first_names_f
# A Cyrillic name's first name is looked up in the Russian list only, as before.
_RU_FIRST_NAMES = lexicon("ru").first_names_m | lexicon("ru").first_names_f

_NOT_A_ROLE = re.compile(
    rf"^(?:{_alternation(_union(entry.not_role_openers for entry in _ALL))})\b", re.IGNORECASE
)
# The English words around an organisation ("a spokesman for the Kremlin") and an anaphor ("the
# 22-year-old", "the Frenchman") are read in every language, as before.
_FOR_ORG = re.compile(r"\s(?:for|of|at|from|with)(?:\s+the)?\s*$", re.IGNORECASE)
_ANAPHOR = re.compile(
    rf"(?i:the)\s+(?:\d+-year-old|{_alternation(_union(entry.anaphor_nouns for entry in _ALL))}|"
    r"[A-Z][a-z]+(?:man|woman))"
)
# "of" between a person's name and a place ("Mike Pence of Indiana"), every language's.
_PLACE_CONNECTORS = _union(entry.place_connectors for entry in _ALL)
_INITIAL = re.compile(rf"{_UP}\.")  # "John F. Kerry"
_WORD_SPANS = re.compile(r"\S+")
# Adverbs dropped from a role's start ("now a consultant"): the leading junk that is no
# preposition (a role after one is rejected whole).
_ADVERB_OPENERS = _LEADING_JUNK - _PREPOSITIONS
# Words that open a relative clause inside a role, which ends there (not "and": "founder and
# CEO"); and words a role cannot end on.
_RELATIVE_WORDS = _union(entry.not_role_openers - entry.clause_conjunctions for entry in _ALL) - {
    "as"
}
_DANGLING = (
    _PREPOSITIONS
    | _DETERMINERS
    | _union(entry.articles for entry in _ALL)
    | _union(entry.clause_conjunctions for entry in _ALL)
)
# Words that make a phrase a clause: a speech verb or "that" (English's in every language).
_CLAUSE_WORDS = _EN.speech_verbs | _union(entry.complementizers for entry in _ALL)
_PARTICIPLE_ENDINGS = tuple(ending for entry in _ALL for ending in entry.participle_endings)
# Finite verbs and auxiliaries ("is", "was", "have"): a description ends before one.
_VERBS_AFTER_NAME = _union(
    entry.verbs_after_name | entry.verbs_after_name_adverbs for entry in _ALL
)
_DESCRIPTION_OPENERS = _union(entry.description_openers for entry in _ALL)
# "R-Ky.", "D-N.C.": a party and a state after a name, not a role.
_PARTY_TAG = re.compile(r"\(?[A-Z]{1,3}-[A-Z][A-Za-z.]{0,6}\)?")
_ROLE_FOR_ORG = re.compile(
    r"((?:a|an|the)?\s*\S+(?:\s+\S+)?)\s+(for|of|at)\s+((?:the\s+)?.+)", re.I
)


def _is_title(word: str) -> bool:
    key = word.lower().strip(".,")
    if key.endswith(("'s", "’s")):
        key = key[:-2]
    if key in _TITLE_WORDS:
        return True
    if key.endswith(_TITLE_HEADS) and word[:1].isupper():
        head = next(head for head in _TITLE_HEADS if key.endswith(head))
        if len(key) >= len(head) + 3:
            return True  # "Bundeskanzler", "CDU-Chef"; not the surname "Richter"
    # Russian titles decline: "министра", "главы", "президентом".
    return _is_cyrillic(key) and (key[:-1] in _TITLE_WORDS or key[:-2] in _TITLE_WORDS)


def _is_org_phrase(tokens: Sequence[str]) -> bool:
    for token in tokens:
        key = token.lower().strip(".,")
        if key in _ORG_WORDS:
            return True
        if _is_cyrillic(key) and (key[:-1] in _ORG_WORDS or key[:-2] in _ORG_WORDS):
            return True  # Russian declines: "Минфина", "Минздрава"
        letters = token.replace(".", "").replace("-", "")
        if len(letters) >= 2 and letters.isalpha() and letters.isupper():
            return True  # NATO, FBI, МИД
    return False


def _ends_with_russian_person(tokens: Sequence[str]) -> bool:
    """Whether a run ends with a Russian first name and surname (a patronymic between)."""
    if len(tokens) < 3 or not all(_is_cyrillic(token) for token in tokens[-2:]):
        return False
    first = tokens[-3] if _is_patronymic(tokens[-2]) else tokens[-2]
    return first.lower() in _RU_FIRST_NAMES and not _is_org_phrase(tokens[-2:])


def _is_cyrillic(word: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in word[:3])


def _is_patronymic(word: str) -> bool:
    return word.endswith(("вич", "вна", "чна", "ична", "ьич"))


@dataclass(slots=True)
class _Name:
    name: str | None
    role: str | None
    gender: str | None
    organisation: bool
    anaphor: bool = False  # "the 22-year-old", "the Frenchman": someone named before


def _split_name(phrase: str) -> _Name | None:
    """Split "German Chancellor Olaf Scholz": name "Olaf Scholz", role "German Chancellor"."""
    tokens = phrase.split()
    while tokens and tokens[0].rstrip(".") in _STOP_CAPS and not _is_title(tokens[0]):
        if tokens[0].rstrip(".").lower() in _HONORIFICS:
            break
        tokens.pop(0)
    while tokens and tokens[-1].lower() in {"of", "for", "and", "&", "the"}:
        tokens.pop()
    if not tokens:
        return None
    organisation = _is_org_phrase(tokens)
    gender: str | None = None
    role_end = 0  # tokens[:role_end] are titles and honorifics
    honorific_only = True
    first_title = -1
    for index, token in enumerate(tokens[:-1]):
        key = token.lower().rstrip(".")
        if key in _HONORIFICS:
            gender = gender or _HONORIFICS[key]
            role_end = index + 1
        elif (
            _is_title(token)
            and (first_title < 0 or index <= role_end + 1)
            and (token.lower() not in _TITLE_MODIFIERS or _is_title(tokens[index + 1]))
        ):
            if (
                first_title < 0
                and index > 1
                and not _is_org_phrase(tokens[:index])
                and not token.endswith(".")
            ):
                break  # a title deep inside a long capitalised run is part of a name (but
                # "New Jersey Gov. Chris Christie": an abbreviated title is one)
            first_title = index if first_title < 0 else first_title
            role_end = index + 1
            honorific_only = False
        elif role_end and index >= role_end:
            break
    name_tokens = tokens[role_end:]
    if organisation and _ends_with_russian_person(name_tokens):
        # "МИД России Мария Захарова", "ЦСКА Владимир Федотов": the organisation, then a person.
        keep = 3 if _is_patronymic(name_tokens[-2]) else 2
        org_role = " ".join(t for t in (*tokens[:role_end], *name_tokens[:-keep]))
        return _Name(" ".join(name_tokens[-keep:]), org_role or None, gender, False)
    if organisation and (honorific_only or _is_org_phrase(name_tokens)):
        return _Name(" ".join(tokens), None, None, True)  # "Bank of England", not "Governor X"
    role_tokens = [t for t in tokens[:role_end] if t.lower().rstrip(".") not in _HONORIFICS]
    place = max(
        (i for i, token in enumerate(name_tokens) if token in _PLACE_CONNECTORS), default=-1
    )
    if place >= 2 and not any(_is_title(token) for token in name_tokens[:place]):
        # "Gov. Mike Pence of Indiana", "Charles B. Rangel of New York": the place is no name.
        name_tokens = name_tokens[:place]
    if honorific_only and len(name_tokens) > 2 and _is_cyrillic(name_tokens[-1]):
        # "Минфина Антон Силуанов": a genitive complement ("глава Минфина") runs into the name.
        keep = 3 if _is_patronymic(name_tokens[-2]) else 2
        if keep == 2 and name_tokens[-2].lower() in _RU_FIRST_NAMES:
            role_tokens = name_tokens[:-keep]
            name_tokens = name_tokens[-keep:]
    elif not honorific_only and len(name_tokens) > 2:
        keep = 3 if _is_patronymic(name_tokens[-2]) or _INITIAL.fullmatch(name_tokens[-2]) else 2
        bare = [t for t in name_tokens if t.lower() not in {"of", "for", "the", "and"}]
        if len(bare) > keep and (
            _is_cyrillic(name_tokens[-1]) or any(t.lower() in {"of", "for"} for t in name_tokens)
        ):
            cut = len(name_tokens) - keep
            while cut > 0 and re.fullmatch(_PARTICLE, name_tokens[cut - 1]):
                cut -= 1
            if name_tokens[cut][:1].islower():
                # "Gov. Martin O’Malley for the Democratic (nomination)": the connector follows
                # the person's name, and what comes after it is no name.
                connector = next(i for i, t in enumerate(name_tokens) if t.lower() in {"of", "for"})
                name_tokens = name_tokens[:connector]
            else:
                role_tokens += name_tokens[:cut]
                name_tokens = name_tokens[cut:]
    if not name_tokens or name_tokens[0] in {"Jr.", "Sr."}:
        return _Name(None, " ".join(tokens), gender, False)
    if all(_is_title(t) for t in name_tokens) and not (
        len(name_tokens) == 1
        and (len(tokens) == 1 or honorific_only)
        and name_tokens[0][:1].isupper()
        and not _is_cyrillic(name_tokens[0])
    ):
        # (one capitalised word is a surname that is also a title: "Baker said", "Mr. King")
        return _Name(None, " ".join(tokens), gender, False)
    role = " ".join(role_tokens) or None
    return _Name(" ".join(name_tokens), role, gender, False)


def _clean_role(text: str | None) -> str | None:
    if text is None:
        return None
    role = _trimmed_role(text.strip(" ,;:—–-"))
    if not role or _NOT_A_ROLE.match(role) or not any(ch.isalpha() for ch in role):
        return None
    words = role.split()
    if len(words) > MAX_SUBJECT_WORDS or _PARTY_TAG.fullmatch(role):
        return None
    first = words[0]
    if first.islower() and first.endswith(_PARTICIPLE_ENDINGS) and not _is_title(first):
        return None  # "Trump, speaking to a veterans group, said": a clause, not a role
    if first in _PREPOSITIONS:
        return None  # "Jessica Leeds, in fact, said": an adverbial, not a role
    if any(word.lower() in _CLAUSE_WORDS for word in words):
        return None  # "Clinton spokesman Nick Merrill says that": a clause, not a role
    return role


def _trimmed_role(role: str) -> str:
    """A role without what is not part of its noun phrase, still a slice of it: an adverb before
    it ("now a consultant"), a relative clause after it ("a chief of staff … whom Mr."), and a
    dangling preposition or article at its end ("advisers to")."""
    words = list(_WORD_SPANS.finditer(role))
    start, end = 0, len(words)
    while start < end - 1 and words[start].group().lower() in _ADVERB_OPENERS:
        start += 1
    for index in range(start + 1, end):
        if words[index].group().lower() in _RELATIVE_WORDS:
            end = index
            break
    while end > start + 1 and words[end - 1].group().lower().strip(",") in _DANGLING:
        end -= 1
    if start >= end:
        return ""
    return role[words[start].start() : words[end - 1].end()].rstrip(" ,;:")


def _is_head_title(word: str) -> bool:
    """A title that can head a role ("chief"), not only modify one ("former")."""
    key = word.lower().strip(".,")
    return (_is_title(word) and key not in _TITLE_MODIFIERS) or key in _ROLE_NOUNS


def _role_from_prefix(prefix: str) -> str | None:
    """The role in words before a name: "the city's transport chief" (Jane Doe said)."""
    words = prefix.split()[-7:]
    # Start as late as possible while keeping a title: after "an offer for" in "an offer for
    # FC Tokyo's forward", at "the" in "on Monday the city's transport chief".
    start = 0
    for index, word in enumerate(words):
        key = word.lower()
        begin = index + 1 if key in _PREPOSITIONS else index if key in _DETERMINERS else -1
        if begin > start and any(_is_head_title(w) for w in words[begin:]):
            start = begin
    words = words[start:]
    if not any(_is_head_title(word) for word in words):
        return None
    if any(word.endswith(("'s", "’s")) and _is_head_title(word) for word in words[:-1]):
        return None  # "the candidate’s call came after rival (X)": the candidate is someone else
    while (
        words
        and (words[0].rstrip(",") in _STOP_CAPS or words[0].lower() in _LEADING_JUNK)
        and not _is_title(words[0])
        and words[0].lower() not in _DETERMINERS
    ):
        words.pop(0)
    return _clean_role(" ".join(words))


def _lowercase_subject(phrase: str) -> _Name | None:
    """A subject with no name: "the ministry" (speaker), "a senior official" (role only)."""
    words = phrase.split()
    if not 1 <= len(words) <= 7:
        return None
    keys = [word.lower().strip(".,") for word in words]
    text = phrase.strip()  # as written: a speaker or role is never lower-cased
    if _ANAPHOR.fullmatch(text):
        return _Name(None, text, None, False, anaphor=True)
    for_org = _ROLE_FOR_ORG.fullmatch(text)
    if for_org is not None and any(w.lower() in _ORG_WORDS for w in for_org.group(3).split()):
        return _Name(for_org.group(3), _clean_role(for_org.group(1)), None, True)
    if keys[-1] in _ORG_WORDS or keys[0] in _ORG_WORDS:
        return _Name(text, None, None, True)
    if keys[-1] in _ROLE_NOUNS or keys[0] in _ROLE_NOUNS or any(_is_title(w) for w in words):
        return _Name(None, _clean_role(text), None, False)
    if _is_description(words, keys):
        # "the letter", "his mother", "the ad’s narrator": who spoke, in the article's words.
        return _Name(None, text, None, False)
    return None


def _is_description(words: Sequence[str], keys: Sequence[str]) -> bool:
    """A noun phrase about an unnamed speaker: a description opener, then words in lower case
    (a possessive may be capitalised: "the IMF report") ending in a noun."""
    if len(words) < 2 or keys[0] not in _DESCRIPTION_OPENERS:
        return False
    last = keys[-1]
    if not last.isalpha() or last in _DANGLING or last in _DESCRIPTION_OPENERS:
        return False
    return not any(
        key in _CLAUSE_WORDS or key in _VERBS_AFTER_NAME or key in _RELATIVE_WORDS
        for key in keys[1:]
    )


# Words dropped from a description's start: adverbs and conjunctions ("and the letter"), not
# the words that open one ("the", "le", "this", "one").
_DESCRIPTION_JUNK = (_LEADING_JUNK | _union(entry.clause_conjunctions for entry in _ALL)) - (
    _DETERMINERS | _DESCRIPTION_OPENERS | _union(entry.articles for entry in _ALL)
)
# Double quote marks, every language's (apostrophes stay: "the ad’s narrator").
_QUOTE_MARKS = '"“”„«»‹›'
_DESCRIPTION_EDGE = re.compile(rf"[\s,;:.!?()\[\]{re.escape(_QUOTE_MARKS)}—–―-]+")


def _description(text: str) -> str | None:
    """Who spoke, in the article's words, as a clean noun phrase (a slice of ``text``): no quote
    marks or punctuation at its edges, no conjunction or adverb before it, no clause after it."""
    start, end = 0, len(text)
    edge = _DESCRIPTION_EDGE.match(text)
    if edge is not None:
        start = edge.end()
    words = list(_WORD_SPANS.finditer(text, start))
    while len(words) > 1 and words[0].group().lower() in _DESCRIPTION_JUNK:
        words.pop(0)
    if not words:
        return None
    start = words[0].start()
    for index, word in enumerate(words[1:], 1):
        key = word.group().lower().strip(",")
        if (
            key in _RELATIVE_WORDS
            or key in _VERBS_AFTER_NAME  # "a host was fired over": a clause from its verb on
            or any(ch in _QUOTE_MARKS for ch in word.group())
        ):
            end = words[index - 1].end()
            break
    described = text[start:end]
    trail = re.search(rf"[\s,;:.!?{re.escape(_QUOTE_MARKS)}—–―-]+$", described)
    if trail is not None:
        described = described[: trail.start()]
    described = _trimmed_role(described) if described else described
    if not described or not any(ch.isalpha() for ch in described):
        return None
    return described
