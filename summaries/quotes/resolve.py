"""Step 3: who each speaker is, resolving short names and pronouns to full names.

A short name becomes the full name the article gives first ("Ogane" -> "Naoki Ogane", "President
Biden" -> "Joe Biden", role "President"; "Антона Силуанова" -> "Антон Силуанов"). A pronoun goes
to the most recently mentioned person whose gender fits ("he"/"she", "он"/"она"; Russian verb
endings: "сказала" is feminine), preferring a sentence's subject to a nearer object ("X banned
Guffick. He said: …" is X); someone is a person by evidence (a title or role, a common first name,
being a speaker or the subject of a speech verb); a speaker's gender is learned as pronouns
resolve. The speakers so far are candidates too, so with no better mention the most recent
speaker is chosen. "The Frenchman said", "the 22-year-old said" resolve the same way, any gender.
A role given anywhere for a person ("Naoki Ogane, the club's president, …") is kept for their
later quotes. Linear in the article: each full name is stored once, and each short name's look-up
is memoised.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from summaries.lang import LEXICONS, lexicon
from summaries.quotes.attribution import (
    _Attribution,
    _clause_tail,
    _parse_left,
    _parse_right,
    _with_verb,
)
from summaries.quotes.grammar import _Grammar
from summaries.quotes.names import (
    _FIRST_NAMES,
    _FIRST_NAMES_F,
    _FIRST_NAMES_M,
    _GROUP_NOUNS,
    _NAME,
    _STOP_CAPS,
    _TITLE_WORDS,
    _alternation,
    _clean_role,
    _is_cyrillic,
    _is_head_title,
    _is_org_phrase,
    _is_patronymic,
    _is_title,
    _Name,
    _role_from_prefix,
    _split_name,
    _union,
)
from summaries.quotes.scan import _Context, _Segment

# A pronoun prefers a sentence's subject over a nearer object ("X banned Guffick. He said")
# when the subject is at most this many characters further back.
SUBJECT_LOOKBACK_CHARS = 300
# A pronoun speaker prefers the last person said to speak ("Fowler noted") this close before it
# over any nearer mention.
SPEECH_LOOKBACK_CHARS = 600
# A role that matches no one's role word for word ("the minister") goes to the last person with
# a role at most this far back.
ROLE_LOOKBACK_CHARS = 1000
# How many earlier mentions a pronoun looks back over.
MAX_PRONOUN_LOOKBACK = 60
# A short name ("Smith", "Силуанова") is matched against at most this many distinct full names
# sharing its key (surname, or a Cyrillic stem): real articles have a handful, and the bound
# keeps a text of thousands of look-alike names linear.
MAX_NAMES_PER_KEY = 64

_ALL = tuple(LEXICONS.values())
_EN = lexicon("en")
# A verb right after a name makes the name a subject ("Rodgers now wants", "Smith said"); the
# English endings of the past and the third person are read in every language, as before.
_VERB_AFTER_NAME = re.compile(
    rf"\s+(?:(?:{_alternation(_union(entry.verbs_after_name_adverbs for entry in _ALL))})\s+)?"
    rf"(?:{_alternation(_union(entry.verbs_after_name for entry in _ALL))}"
    r"|[a-z]+ed|[a-z]+[^s\W]s)\b"
)
# "Ogane claims that he …": "he" or "she" after a speech verb tells the speaker's gender (the
# English words only, in every language, as before).
_GENDERED = {pronoun: g for pronoun, g in _EN.subject_pronouns.items() if g in ("m", "f")}
_PRONOUN_AFTER_VERB = re.compile(
    rf"\s+(?:(?:{_alternation(_EN.complementizers)})\s+)?({_alternation(_GENDERED)})\b",
    re.IGNORECASE,
)
# "He has said", "she told": a subject pronoun outside a quote, before a lower-case word.
# (One literal pattern per pronoun over the lower-cased text: a look-behind at every offset of
# a long article costs more than the rest of this step.)
_SUBJECT_PRONOUNS = tuple(
    (re.compile(rf"{re.escape(pronoun)}\s+"), gender) for pronoun, gender in _GENDERED.items()
)
# A speech verb after these has its subject after it ("…,” said Kunin", "…, said Kunin").
_INVERSION_MARKS = frozenset(',”"»')
# How many pronouns in a row a pronoun may follow back to its referent.
MAX_PRONOUN_CHAIN = 40
# "Edna Whitfield, a retired schoolteacher aged 71, ...": a role right after a name.
_APPOSITIVE_AFTER = re.compile(
    rf",\s+((?:{_alternation(_union(entry.appositive_determiners for entry in _ALL))})\s+"
    r"[^,.;:()\n“”«»\"]{2,100}?)\s*[,.;]"
)
# A Russian adjective of a place ("Свердловской области", "Московского региона").
_RUSSIAN_ADJECTIVE = re.compile(r"[А-ЯЁ][а-яё]+(?:ской|цкой|ского|цкого|ском|ская|ский|ское)")
_LOWER_NEXT = re.compile(r" [а-яё]")
# Russian past-tense endings: a word ending so is checked against the speech-verb stems.
_RU_PAST_ENDINGS = ("л", "ла", "ли", "ло", "лся", "лась", "лись", "лось")


def _same_stem(head: str, word: str) -> bool:
    """ "governor" and "gov.", "мэр" and "мэра": one word, abbreviated or declined."""
    word = word.strip(".,()")
    if len(word) < 3:
        return False
    return head.startswith(word) or word.startswith(head)


# A role opening so refers back to someone named before ("the mayor"); Russian has no article,
# so a bare role does unless it opens with one of these ("один эксперт", "a source").
_DEFINITE = _union(entry.definite_role_openers for entry in _ALL)
_INDEFINITE = _union(entry.indefinite_role_openers for entry in _ALL)
_BARE_ROLE_WORDS = _union(
    entry.person_titles | entry.role_nouns for entry in _ALL if entry.bare_roles_definite
)
_ROLE_HEADS = _union(entry.role_nouns | entry.anaphor_role_heads for entry in _ALL)


@dataclass(slots=True)
class _Mention:
    """A name mentioned (outside quotes) or a speaker, at ``position`` in the body."""

    position: int
    name: str
    organisation: bool
    person: bool
    subject: bool = True  # the first person named in its sentence: likely its subject
    speech: bool = False  # the subject of a speech verb ("Fowler noted", "Scott responded")


def _stem_match(short: str, full: str) -> bool:
    """Whether two spellings are one name, allowing a Russian case ending on either."""
    if short == full:
        return True
    if short.isupper() and len(short) > 1 and short == full.upper():
        return True  # a transcript's "WALLACE:" is Chris Wallace
    if not (_is_cyrillic(short) and _is_cyrillic(full)):
        return False
    common = 0
    for a, b in zip(short, full, strict=False):
        if a != b:
            break
        common += 1
    shorter = min(len(short), len(full))
    return common >= 3 and common >= shorter - 2 and abs(len(short) - len(full)) <= 3


def _name_gender(tokens: Sequence[str]) -> str | None:
    """Gender from a first name we know (nominative only: an inflected name gives none). A
    first name alone tells nothing: "Charlotte", "Virginia" and "Austin" are places too."""
    if len(tokens) < 2:
        return None
    first = tokens[0].lower()
    if first in _FIRST_NAMES_F:
        return "f"
    if first in _FIRST_NAMES_M:
        return "m"
    if len(tokens) >= 3 and _is_patronymic(tokens[1]):
        return "f" if tokens[1].endswith(("вна", "чна")) else "m"
    return None


_GENITIVE_ENDINGS = (
    ("ской", "ская"),
    ("цкой", "цкая"),
    ("овой", "ова"),
    ("евой", "ева"),
    ("иной", "ина"),
    ("ого", "ий"),
    ("его", "ий"),
    ("ии", "ия"),
    ("ьи", "ья"),
    ("ы", "а"),
    ("я", "й"),
    ("а", ""),
)


def _russian_nominative(name: str) -> str:
    """A best guess at the nominative of a genitive Russian name ("Антона Силуанова")."""
    tokens = name.split()
    if not tokens or not all(_is_cyrillic(token) for token in tokens):
        return name
    feminine = tokens[0].endswith(("ы", "ии", "ьи", "ой"))
    result: list[str] = []
    for token in tokens:
        for ending, replacement in _GENITIVE_ENDINGS:
            if token.endswith(ending) and len(token) > len(ending) + 2:
                if ending == "а" and (feminine or token[-2] in "аеёиоуыэюя"):
                    continue
                if ending == "я" and token[-2] not in "еи":
                    continue
                token = token[: -len(ending)] + replacement
                break
        result.append(token)
    return " ".join(result)


def _name_key(token: str) -> str:
    """The index key of a name token: Russian case endings vary, so a stem."""
    return token[:4].lower() if _is_cyrillic(token) else token.lower()


# (not-nominative, not-a-person, over three words, first position): lower is a better full name.
_Rank = tuple[bool, bool, bool, int]


class _People:
    """Who is mentioned where, under which full name, with what gender and role.

    :meth:`canonical` is called for every mention, so it must not walk every earlier mention:
    each full name is stored once per key (with its first position), and each search is
    memoised. A memoised answer stays right as the article is read, because ``persons`` and
    ``nominative`` only grow (add to them with :meth:`add_person` and :meth:`add_nominative`):
    a full name's rank only improves and it only starts matching, so when one changes it is
    offered to the searches that could see it, and the best answer so far is kept or replaced.
    """

    def __init__(self) -> None:
        self.by_last: dict[str, list[str]] = {}  # key -> distinct full names, first seen first
        self.by_first: dict[str, list[str]] = {}
        self.first_seen: dict[str, int] = {}  # full name -> position of its first mention
        self.known: set[str] = set()
        self.gender: dict[str, str] = {}
        self.role: dict[str, str] = {}
        self.persons: set[str] = set()
        self.organisations: set[str] = set()
        self.nominative: set[str] = set()
        # "he"/"she" opening a clause outside quotes ("He has said", "she told"): (position,
        # gender), in article order; each refers back like a speaker's pronoun does.
        self.pronoun_events: list[tuple[int, str]] = []
        self._found: dict[str, tuple[str | None, _Rank | None]] = {}  # search -> best so far
        self._watching: dict[tuple[bool, str], list[str]] = {}  # (by last?, key) -> searches

    def add_name(self, position: int, name: str) -> None:
        tokens = name.split()
        if len(tokens) < 2 or name in self.organisations:
            return
        if any(token.lower() in {"and", "&", "of", "for", "the"} for token in tokens):
            return  # "Jamie Redknapp and Graeme Souness" is two people
        if len(set(tokens)) < len(tokens):
            return  # "Muto Muto": a caption run, not a name
        if name in self.known:
            if position < self.first_seen[name]:  # (names come in article order: never so)
                self.first_seen[name] = position
                self._found.clear()
                self._watching.clear()
            return
        self.known.add(name)
        self.first_seen[name] = position
        for pool in (
            self.by_last.setdefault(_name_key(tokens[-1]), []),
            self.by_first.setdefault(_name_key(tokens[0]), []),
        ):
            if len(pool) < MAX_NAMES_PER_KEY:
                pool.append(name)
        self._found.clear()  # a new candidate (names are all added before the first search)
        self._watching.clear()

    def add_person(self, name: str) -> None:
        if name not in self.persons:
            self.persons.add(name)
            self._changed(name)

    def add_nominative(self, name: str) -> None:
        if name not in self.nominative:
            self.nominative.add(name)
            self._changed(name)

    def canonical(self, name: str, genitive: bool = False) -> str:
        """The fullest spelling of ``name`` in the article."""
        if name in self.known and (not genitive or name in self.nominative):
            return name
        found = self._found.get(name)
        best = found[0] if found is not None else self._search(name)
        if best is not None:
            return best
        if genitive:
            return _russian_nominative(name)
        return name

    def _search(self, name: str) -> str | None:
        """The best full name for ``name`` among all candidates, memoised."""
        tokens = name.split()
        pool_key = (True, _name_key(tokens[-1]))
        pool = self.by_last.get(pool_key[1], [])
        if not pool and len(tokens) == 1:
            pool_key = (False, _name_key(tokens[0]))
            pool = self.by_first.get(pool_key[1], [])
        best: str | None = None
        best_rank: _Rank | None = None
        for full in pool:
            if not self._matches(tokens, full):
                continue
            rank = self._rank(full)
            if best_rank is None or rank < best_rank:
                best, best_rank = full, rank
        self._found[name] = (best, best_rank)
        self._watching.setdefault(pool_key, []).append(name)
        return best

    def _matches(self, tokens: Sequence[str], full: str) -> bool:
        full_tokens = full.split()
        if len(tokens) == 1:
            return _stem_match(tokens[0], full_tokens[-1]) or (
                len(full_tokens) == 2
                and tokens[0] == full_tokens[0]
                and tokens[0].lower() in _FIRST_NAMES
            )
        return (
            len(tokens) == len(full_tokens)
            and full in self.nominative
            and all(_stem_match(a, b) for a, b in zip(tokens, full_tokens, strict=True))
        )

    def _rank(self, full: str) -> _Rank:
        # News names a person in full at first mention: prefer the earliest full name that
        # reads as a person, over a run of names in a caption.
        return (
            full not in self.nominative,
            full not in self.persons,
            len(full.split()) > 3,
            self.first_seen[full],
        )

    def _changed(self, full: str) -> None:
        """``full`` became a person or nominative: offer it to the searches that can see it."""
        if full not in self.known or not self._found:
            return
        tokens = full.split()
        rank: _Rank | None = None
        for pool_key in ((True, _name_key(tokens[-1])), (False, _name_key(tokens[0]))):
            pools = self.by_last if pool_key[0] else self.by_first
            if full not in pools.get(pool_key[1], ()):
                continue
            for name in self._watching.get(pool_key, ()):
                if not self._matches(name.split(), full):
                    continue
                rank = rank or self._rank(full)
                best_rank = self._found[name][1]
                if best_rank is None or rank < best_rank:
                    self._found[name] = (full, rank)


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


_TOKEN = re.compile(r"[\w-]+")


def _speech_verbs(text: str, grammar: _Grammar) -> Iterator[re.Match[str]]:
    """Every speech verb in a long text: a set lookup per word, not a regex at every offset."""
    russian = grammar.language == "ru"
    lowered = text.lower()
    same = len(lowered) == len(text)  # (lower-casing keeps offsets but for a few letters)
    verbs = grammar.verb_words
    for token in _TOKEN.finditer(lowered if same else text):
        word = token.group() if same else token.group().lower()
        if word in verbs or (
            russian and word.endswith(_RU_PAST_ENDINGS) and grammar.verb.fullmatch(word)
        ):
            start = token.start()
            if text[start].isupper() and text[start - 2 : start - 1].isalpha():
                continue  # "United States": a capitalised word after a word is a name's
            yield token


def _subject_pronouns(
    body: str, spans: list[tuple[int, int]], starts: list[int]
) -> list[tuple[int, str]]:
    """Every "he"/"she" outside quotes before a lower-case word, as (position, gender)."""
    lowered = body.lower()
    if len(lowered) != len(body):
        return []  # (lower-casing moved offsets: a rare script; no events)
    events: list[tuple[int, str]] = []
    for pattern, gender in _SUBJECT_PRONOUNS:
        for match in pattern.finditer(lowered):
            start, end = match.start(), match.end()
            if start and (lowered[start - 1].isalnum() or lowered[start - 1] in "_'’-"):
                continue  # inside a word: "t(he)", "s(he)"
            if end < len(body) and body[end].islower() and not _inside(spans, starts, start):
                events.append((start, gender))
    events.sort()
    return events


def _collect_people(
    body: str,
    segments: list[_Segment],
    attributions: Sequence[_Attribution | None],
    grammar: _Grammar,
    context: _Context,
    common_words: set[str],
) -> tuple[_People, list[_Mention]]:
    """Every name mentioned outside quotes, and who is a person (by evidence)."""
    people = _People()
    spans = sorted((s.start, s.end) for s in segments)
    starts = [span[0] for span in spans]
    raw: list[tuple[int, int, _Name, str | None]] = []
    for match in _NAME.finditer(body):
        if _inside(spans, starts, match.start()):
            continue
        split = _split_name(match.group())
        if split is None or split.name is None:
            continue
        if _RUSSIAN_ADJECTIVE.fullmatch(split.name) and _LOWER_NEXT.match(body, match.end()):
            continue  # "Свердловской (области)": a place's adjective, not a surname
        tokens = split.name.split()
        if (len(tokens) >= 3 and all(token.isupper() for token in tokens)) or any(
            token in _STOP_CAPS for token in tokens[1:]
        ):
            continue  # "CONGRESS HAS INVESTIGATED HIM", "Mom Corners Obama On His": a heading
        gender = split.gender or (None if split.organisation else _name_gender(tokens))
        if split.role is None and not split.organisation:
            # "coroner Andrew Barkley", "club president Naoki Ogane": a title right before.
            lo = max(context.sentence_start(match.start()), match.start() - 80)
            prefix = body[lo : match.start()]
            words = prefix.split()
            if words and prefix[-1:].isspace() and _is_title(words[-1]) and words[-1].islower():
                split.role = _role_from_prefix(_clause_tail(prefix))
            elif words and prefix[-1:].isspace() and _is_cyrillic(tokens[0]):
                # "Тренер «Зенита» Сергей Семак", "Губернатор Свердловской области Евгений
                # Куйвашев": a Russian title, then its genitive complement.
                lead = next(
                    (
                        i
                        for i in range(max(0, len(words) - 4), len(words))
                        if _is_cyrillic(words[i]) and words[i].lower() in _TITLE_WORDS
                    ),
                    -1,
                )
                if lead >= 0:
                    start = prefix.rfind(words[lead])
                    split.role = _clean_role(prefix[start:])
            # "Edna Whitfield, a retired schoolteacher aged 71, ...": a role right after.
            after = _APPOSITIVE_AFTER.match(body, match.end())
            if split.role is None and after is not None:
                role = after.group(1)
                if any(_is_head_title(word) for word in role.split()):
                    split.role = _clean_role(role)
        if split.organisation:
            people.organisations.add(split.name)
        elif len(tokens) >= 2:
            people.add_name(match.start(), split.name)
            if split.role is not None or gender is not None:
                people.add_person(split.name)
                people.add_nominative(split.name)
        if split.role and not split.organisation:
            people.role.setdefault(split.name, split.role)
        raw.append((match.start(), match.end(), split, gender))
    for attribution in attributions:  # speakers of quotes are people
        if attribution is not None and _common_word(attribution, common_words, context):
            continue
        if attribution is not None and attribution.speaker and not attribution.organisation:
            name = people.canonical(attribution.speaker, attribution.genitive)
            people.add_person(name)
            if attribution.gender:
                people.gender.setdefault(name, attribution.gender)
    # Subjects of speech verbs outside quotes are people (or organisations): "Ogane claims".
    speech_positions: list[int] = []
    for match in _speech_verbs(body, grammar):
        if _inside(spans, starts, match.start()):
            continue
        lo = max(0, match.start() - 150, context.sentence_start(match.start()))
        attribution = _parse_left(body[lo : match.start()], lo, grammar)
        if attribution is None and body[lo : match.start()].rstrip()[-1:] in _INVERSION_MARKS:
            # "…” for Clinton, said Kunin.": the subject after the verb.
            attribution = _parse_right(
                body[match.end() : context.sentence_end(match.end())], match.end(), grammar
            )
            if attribution is not None and (
                attribution.speaker is None or " " not in people.canonical(attribution.speaker)
            ):
                attribution = None  # only a person named in full somewhere ("said Mexico")
            elif attribution is not None:
                attribution.role = None  # (the quote's own parse reads its role)
        attribution = _with_verb(attribution, match.group(), grammar)
        if attribution is None or attribution.speaker is None or attribution.organisation:
            continue
        if _common_word(attribution, common_words, context) or _modifier_use(
            body, attribution.position, attribution.speaker
        ):
            continue  # "Once in my 20s, I … said", "32% of Republican claims": no subject
        name = people.canonical(attribution.speaker)
        speech_positions.append(attribution.position)
        if (
            " " not in name
            and name.endswith("s")
            and context.sentence_start(attribution.position) == attribution.position
        ):
            continue  # "Opponents said": a plural noun at a sentence's start, not a name
        people.add_person(name)
        people.add_nominative(name)
        if attribution.gender:
            people.gender.setdefault(name, attribution.gender)
        if attribution.role:
            people.role.setdefault(name, attribution.role)
        pronoun = _PRONOUN_AFTER_VERB.match(body, match.end())
        if pronoun is not None and name not in people.gender:
            people.gender[name] = _GENDERED[pronoun.group(1).lower()]
    people.pronoun_events = _subject_pronouns(body, spans, starts)
    mentions: list[_Mention] = []
    sentence_with_subject: set[int] = set()
    # Where each sentence's first subject pronoun is: a name after it is no subject ("Though it
    # went well, he said, a new one would set loyalists of Joe Biden against …").
    pronoun_first: dict[int, int] = {}
    for event_position, _ in people.pronoun_events:
        pronoun_first.setdefault(context.sentence_index(event_position), event_position)
    for position, end, split, gender in raw:
        assert split.name is not None
        name = split.name if split.organisation else people.canonical(split.name)
        if gender is not None:
            people.gender.setdefault(name, gender)
        person = not split.organisation and (
            gender is not None or split.role is not None or name in people.persons
        )
        if person:
            people.add_person(name)
        sentence = context.sentence_index(position)
        after_pronoun = pronoun_first.get(sentence, position) < position
        subject = (
            person
            and not after_pronoun  # "… he does believe McConnell is correct": a clause's
            and not _modifier_use(body, position, split.name)
            and (
                sentence not in sentence_with_subject
                or _VERB_AFTER_NAME.match(body, end) is not None
            )
        )
        if person:
            sentence_with_subject.add(sentence)
        at = bisect.bisect_left(speech_positions, position)
        speech = person and at < len(speech_positions) and speech_positions[at] < end
        mentions.append(_Mention(position, name, split.organisation, person, subject, speech))
    return people, mentions


def _common_word(attribution: _Attribution, common_words: set[str], context: _Context) -> bool:
    """A capitalised common word at a sentence's start read as a one-word name: "Parents said",
    "Once in my early 20s, … I said", "Following a meeting, the council said"."""
    speaker = attribution.speaker
    return (
        speaker is not None
        and not attribution.organisation
        and " " not in speaker
        and speaker.lower() in common_words
        and speaker.lower() not in _FIRST_NAMES
        and context.sentence_start(attribution.position) == attribution.position
    )


# Words before a one-word name that make it a modifier, not a subject: "32% of Republican claims",
# "many Democratic voters".
_MODIFIER_OPENERS = _union(entry.modifier_openers for entry in _ALL)


def _modifier_use(body: str, position: int, name: str) -> bool:
    """Whether the one-word name at ``position`` follows a preposition, an article or a
    quantifier: an adjective ("of Republican claims"), no one's name."""
    if " " in name:
        return False
    before = body[max(0, position - 20) : position].split()
    return bool(before) and before[-1] in _MODIFIER_OPENERS


class _Resolver:
    """Step 3: turn attributions into speakers, keeping the last speaker across the article."""

    def __init__(
        self, people: _People, mentions: list[_Mention], common_words: set[str], context: _Context
    ) -> None:
        self.common_words = common_words
        self.context = context
        self.people = people
        self.mentions = mentions
        self.positions = [mention.position for mention in mentions]
        self.spoken: list[_Mention] = []  # speakers so far, in article order
        self.events = people.pronoun_events
        self.event_positions = [event[0] for event in self.events]
        self.event_referents: dict[int, _Mention | None] = {}  # event index -> its referent

    def resolve(self, attribution: _Attribution) -> tuple[str | None, str | None]:
        speaker = attribution.speaker
        if _common_word(attribution, self.common_words, self.context) or (
            speaker is not None and not attribution.organisation and speaker.lower() in _GROUP_NOUNS
        ):
            # "Parents said": a common noun capitalised at a sentence's start, not a name.
            group = speaker is not None and speaker.lower() in _GROUP_NOUNS
            return None, attribution.role or (speaker if group else None)
        if attribution.pronoun is not None:
            name = self._pronoun(attribution.pronoun, attribution.position)
            known = self.people.role.get(name) if name else None
            return name, known or (attribution.role if name else None)
        if attribution.speaker is None:
            person = self._role_referent(attribution)
            if person is not None:
                return person, self.people.role.get(person) or attribution.role
            return None, attribution.role
        if attribution.organisation:
            name = attribution.speaker
        else:
            name = self.people.canonical(attribution.speaker, attribution.genitive)
            if not attribution.genitive:
                self.people.add_nominative(name)
            self.people.add_person(name)
            if attribution.gender:
                self.people.gender.setdefault(name, attribution.gender)
        role = attribution.role or self.people.role.get(name)
        if role and not attribution.organisation:
            self.people.role.setdefault(name, role)
        self.spoken.append(
            _Mention(
                attribution.position, name, attribution.organisation, not attribution.organisation
            )
        )
        return name, role

    def _role_referent(self, attribution: _Attribution) -> str | None:
        """Who a definite role refers back to: "the mayor", "the Indiana governor", "мэр",
        "эксперт" name the last person given that role ("Mayor Anna Berg", "мэр Собянин")."""
        role = attribution.role
        if not role or attribution.organisation:
            return None
        words = role.split()
        first = words[0].lower()
        if first in _INDEFINITE:
            return None
        bare = first in _BARE_ROLE_WORDS
        if not (first in _DEFINITE and len(words) <= 4) and not (bare and len(words) <= 2):
            return None
        keys = [word.lower().strip(".,") for word in words]
        # The head: the last word that is a title or a role noun ("the Indiana governor",
        # "глава Минфина"); the capitalised words besides it must fit too.
        at = next(
            (
                i
                for i in range(len(keys) - 1, -1, -1)
                if _is_head_title(keys[i]) or keys[i] in _ROLE_HEADS
            ),
            -1,
        )
        if at < 0 or len(keys[at]) < 3:
            return None
        head = keys[at]
        capitalised = [
            word.strip(".,")
            for i, (key, word) in enumerate(zip(keys, words, strict=True))
            if i != at and word[:1].isupper() and key not in _DEFINITE
        ]
        modifiers = [word.lower() for word in capitalised]
        for mention in self._candidates(attribution.position):
            if mention.organisation or not (mention.person or mention.name in self.people.persons):
                continue
            if self.people.gender.get(mention.name) not in (attribution.gender, None) and (
                attribution.gender is not None
            ):
                continue
            known = self.people.role.get(mention.name)
            if not known:
                continue
            known_words = known.lower().split()
            # "the Everton manager" is not the Liverpool manager: its names must be there too.
            if all(
                any(_same_stem(word, other) for other in known_words) for word in (head, *modifiers)
            ):
                return self._spoke(mention.name, attribution.position)
        if (
            not _is_title(head)
            or not all(_is_org_phrase([word]) for word in capitalised)
            or not _is_cyrillic(head)
        ):
            return None
        # "— отметила эксперт" after "Экономист Анна Андреева", "глава Минфина" after "Министр
        # финансов Антон Силуанов": no role matches word for word, so the last person given any
        # role, of the verb's gender, not too far back.
        for mention in self._candidates(attribution.position):
            if attribution.position - mention.position > ROLE_LOOKBACK_CHARS:
                break
            if mention.organisation or not (mention.person or mention.name in self.people.persons):
                continue
            if attribution.gender is not None and self.people.gender.get(mention.name) not in (
                attribution.gender,
                None,
            ):
                continue
            if self.people.role.get(mention.name):
                return self._spoke(mention.name, attribution.position)
        return None

    def _candidates(self, position: int) -> Iterator[_Mention]:
        index = bisect.bisect_left(self.positions, position)
        recent = self.mentions[max(0, index - MAX_PRONOUN_LOOKBACK) : index]
        spoken = [m for m in self.spoken[-MAX_PRONOUN_LOOKBACK:] if m.position < position]
        yield from sorted([*recent, *spoken], key=lambda m: m.position, reverse=True)

    def _event_referent(self, index: int) -> _Mention | None:
        """Who the pronoun event ``index`` refers to, the events before it resolved first (in
        article order, so no chain is followed by recursion)."""
        if index in self.event_referents:
            return self.event_referents[index]
        first = index
        while (
            first > 0
            and first - 1 not in self.event_referents
            and index - first < (MAX_PRONOUN_CHAIN)
        ):
            first -= 1
        for at in range(first, index + 1):
            position, gender = self.events[at]
            self.event_referents[at] = self._referent(gender, position, at)
        return self.event_referents[index]

    def _referent(self, gender: str, position: int, below: int) -> _Mention | None:
        """The person a "he", "she" or anaphor at ``position`` refers to (no side effects).
        ``below``: pronoun events at indices below it may be followed back."""
        people = self.people
        chosen: _Mention | None = None
        fallback: _Mention | None = None
        weak: _Mention | None = None  # a full name with no evidence it is a person
        event = bisect.bisect_left(self.event_positions, position, 0, below) - 1
        for mention in self._candidates(position):
            while gender != "x" and event >= 0 and self.events[event][0] > mention.position:
                # "He met Smith. He said …": a pronoun of the same gender nearer than any
                # subject refers to whom the text is about; follow it back.
                if self.events[event][1] == gender and event in self.event_referents:
                    followed = self.event_referents[event]
                    if followed is not None:
                        return followed
                event -= 1
            if mention.organisation:
                continue
            if gender != "x" and people.gender.get(mention.name) not in (gender, None):
                continue
            if not (mention.person or mention.name in people.persons):
                if (
                    weak is None
                    and " " in mention.name
                    and (gender == "x" or self._unknown_subject(mention))
                ):
                    weak = mention
                continue
            if mention.speech and position - mention.position <= SPEECH_LOOKBACK_CHARS:
                # "Fowler noted …, he said, replacing Clinton would …”: who was last said
                # to speak goes before a nearer name the sentences only talk about.
                chosen = mention
                break
            if fallback is None:
                fallback = mention
            if mention.subject:
                chosen = self._speaker_in_sentence(mention, gender) or mention
                break
            if fallback.position - mention.position > SUBJECT_LOOKBACK_CHARS:
                chosen = fallback
                break
        else:
            chosen = fallback or weak
        return chosen

    def _unknown_subject(self, mention: _Mention) -> bool:
        """A full name of no known gender followed by its verb ("Rakeyia Scott can be heard"):
        a "she" or "he" with no one else to refer to may be them."""
        if mention.name in self.people.gender:
            return False
        body = self.context.body
        name = _NAME.match(body, mention.position)
        return name is not None and _VERB_AFTER_NAME.match(body, name.end()) is not None

    def _speaker_in_sentence(self, subject: _Mention, gender: str) -> _Mention | None:
        """ "Trump said praise from Vladimir Putin would not …. He said …": a subject of a
        clause inside another's speech yields to the one who speaks in that sentence."""
        sentence = self.context.sentence_index(subject.position)
        index = bisect.bisect_left(self.positions, subject.position) - 1
        while index >= 0:
            mention = self.mentions[index]
            if self.context.sentence_index(mention.position) != sentence:
                return None
            if (
                mention.speech
                and not mention.organisation
                and (gender == "x" or self.people.gender.get(mention.name) in (gender, None))
            ):
                return mention
            index -= 1
        return None

    def _pronoun(self, gender: str, position: int) -> str | None:
        people = self.people
        if gender in {"m", "f", "x"}:
            below = bisect.bisect_left(self.event_positions, position)
            if below > 0 and gender != "x":
                self._event_referent(below - 1)
            chosen = self._referent(gender, position, below)
            if chosen is None:
                return None
            if gender != "x":
                people.gender.setdefault(chosen.name, gender)
            return self._spoke(chosen.name, position)
        for mention in self._candidates(position):
            if mention.organisation or people.gender.get(mention.name) == "p":
                return self._spoke(mention.name, position, organisation=True)
        if gender == "p" and self.spoken:
            return self._spoke(self.spoken[-1].name, position)
        return None

    def _spoke(self, name: str, position: int, organisation: bool = False) -> str:
        self.spoken.append(_Mention(position, name, organisation, not organisation))
        return name
