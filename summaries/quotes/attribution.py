"""Step 2: the speech verb by a quote, and its subject.

The clause just before a quote ("X said:", "X told Reuters:", "According to X,", "По словам X,",
"X заявил:") and just after it ("…,” said X, the role", "…,” the role X said", "», — заявила
она", "…”, according to X") are parsed for a speech verb and its subject: a name, an
organisation, a bare role, or a pronoun (read by :mod:`summaries.quotes.names`). German puts the
finite verb second, so after a fronted phrase the subject follows it ("Am Montag sagte Scholz:",
"Dazu hat Scholz gesagt:"). Russian past-tense endings tell the speaker's gender ("сказала").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summaries.lang import LEXICONS, lexicon
from summaries.quotes.grammar import _ADVERBS, _CLAUSE_ABBREVIATIONS, _Grammar
from summaries.quotes.names import (
    _DANGLING,
    _DETERMINERS,
    _FOR_ORG,
    _MEDIA,
    _NAME,
    _NAME_PHRASE,
    _ORG_WORDS,
    _ROLE_NOUNS,
    _UP,
    MAX_SUBJECT_WORDS,
    _alternation,
    _clean_role,
    _ends_with_russian_person,
    _is_cyrillic,
    _is_head_title,
    _is_org_phrase,
    _is_title,
    _lowercase_subject,
    _Name,
    _role_from_prefix,
    _split_name,
    _union,
)
from summaries.quotes.scan import _DOUBLE_QUOTE_CHARS, _QUOTE_CHARS

# Words allowed between a speech verb and a quote inside the same clause ("X said (that) the plan
# was “…”", "X said he “disagreed”"): the verb's own clause, up to a sentence's worth of words.
MAX_LOOSE_FILLER_WORDS = 30
# A sentence's opening phrase before its subject ("During a speech on Monday, Trump …").
MAX_OPENER_CHARS = 80
# Characters allowed between a speech verb and the colon before a quote ("said in a statement:").
MAX_COLON_FILLER_CHARS = 80

_ALL = tuple(LEXICONS.values())
_DE = lexicon("de")
_NAME_PREPOSITIONS = _union(entry.name_prepositions for entry in _ALL)
# "advisers to (X)", "a lawyer for (X)": a role noun and a preposition before a person's name.
_ROLE_PREPOSITIONS = _union(entry.role_prepositions for entry in _ALL)
# Articles, every language's: "der Kanzler", "the Mayor" are roles.
_ARTICLES = _union(entry.articles for entry in _ALL)

_LEAD_AFTER = re.compile(r"\s*,?\s*(?:[—–―-]{1,2}\s*)?")
# A sentence ends between a verb and a quote: a stop that is not an abbreviation's or an initial's.
_SENTENCE_STOP = re.compile(
    r"[!?;:]|(?<!\b\w)"
    + "".join(rf"(?<!\b{word})" for word in sorted(_CLAUSE_ABBREVIATIONS))
    + r"\.(?=\s)"
)
# "…” ― Sonya Herridge": a name after a dash signs the quote before it.
_DASH = re.compile(r"\s*[—–―]\s*")
# A clause ends at punctuation, or a dot that is not an initial's or an abbreviation's.
_CLAUSE_END = re.compile(
    r"[,;:!?()\[\]\n]|(?<!\b\w)"
    + "".join(rf"(?<!\b{word})" for word in sorted(_CLAUSE_ABBREVIATIONS))
    + r"\."
)
# A clause's last clause starts after punctuation, a spaced hyphen or a conjunction.
_CONJUNCTIONS = _alternation(_union(e.clause_conjunctions for e in _ALL))
_CLAUSE_CUT = re.compile(
    rf"[,;:()—–―{re.escape(_DOUBLE_QUOTE_CHARS)}]|\s-\s|\b(?:{_CONJUNCTIONS})\s", re.I
)
# "Rep. Jason Chaffetz (R-Utah) said": a short parenthesis after a name, left out of it.
_PARENTHESIS_END = re.compile(r"\s*\([^()\n]{1,40}\)$")
_PARENTHESIS = re.compile(r"\((?=[A-Z])[^()\n]{1,24}\)")
# A capitalised word and a preposition right before a name: "Commission on (Presidential
# Debates)", "Center for (American Progress)".
_INSIDE_A_NAME = re.compile(rf"\b{_UP}\w+\s+(?:{_alternation(_NAME_PREPOSITIONS)})\s+$")
_ENDS_WITH_CONJUNCTION = re.compile(
    rf"\s(?i:{_alternation(_union(e.clause_conjunctions for e in _ALL))})\s+$"
)
# Adverbs between a subject and its verb: the lexicons' ("has since"), and any lower-case "-ly"
# word ("gingerly", "famously"; in lower case, so not the name "Reilly").
_TRAILING_ADVERBS = re.compile(rf"(?:\s+(?:(?i:{_ADVERBS})|[a-z]+ly))+$")
# Prepositions of a phrase about a quote or its time ("during", "before", "in", "at").
_TIME_PREPOSITIONS = _union(entry.attribution_tail_prepositions for entry in _ALL)
_ADVERBIAL_AFTER_NAME = re.compile(
    rf",\s*(?i:{_alternation(_TIME_PREPOSITIONS - {'of'})})\s[^;:()\n]{{0,120}},$"
)
_APPOSITIVE_END = re.compile(
    rf"(?:^|(?<=[\s,;:(]))(?P<name>{_NAME_PHRASE})\s*,\s*(?P<role>[^,;:()\n]{{2,120}}?)\s*,$"
)
_ROLE_THEN_NAME_END = re.compile(
    rf"(?:^|(?<=[,;:(]))\s*(?P<role>[^,;:()\n]{{2,120}}?)\s*,\s*(?P<name>{_NAME_PHRASE})\s*,$"
)
_COMPLEMENTIZER = _alternation(_union(entry.complementizers for entry in _ALL))
_IMMEDIATE_TAIL = re.compile(rf"\s*(?:(?i:{_COMPLEMENTIZER}))?\s*[:,]?\s*")
_COLON_TAIL = re.compile(
    rf"[^.!?;\n{re.escape(_DOUBLE_QUOTE_CHARS)}]{{0,{MAX_COLON_FILLER_CHARS}}}:\s*"
)
# Words opening a subordinate clause after a quote ("“…,” when X blasted him").
_SUBORDINATORS = _union(entry.subordinators for entry in _ALL)
# A participle opening a sentence ("Weighing in on …", "Speaking to …") is followed by a
# preposition or an article; a name ending the same way ("King said") by its verb.
# "Appearing before …", "Speaking after …": a preposition of time after a participle too.
_PARTICIPLE_OPENER = re.compile(
    rf"\s+(?:{_alternation(_ROLE_PREPOSITIONS | _ARTICLES | _TIME_PREPOSITIONS)})\b", re.I
)
_PARTICIPLE_ENDINGS = tuple(ending for entry in _ALL for ending in entry.participle_endings)
# Verbs whose object is an audience ("told Reuters"), English's in every language.
_OBJECT_VERBS = _union(entry.object_speech_verbs for entry in _ALL)
# A share right before a name: "75 percent of (Republicans)", "Six in 10 (Democrats)".
_NUMBER_WORDS = _alternation(
    {
        form.strip()
        for entry in _ALL
        for item in entry.number_words.split(",")
        for form in item.partition("=")[0].split("|")
        if form.strip()
    }
)
_QUANTITY_BEFORE = re.compile(
    rf"(?:\d[\d,.]*\s*%|(?i:percent|per\s+cent)|(?:\d+|(?i:{_NUMBER_WORDS}))\s+(?i:in)\s+\d+)"
    r"\s+(?:(?i:of)\s+(?:(?i:the)\s+)?)?$"
)
# "NBC’s Dante Chinni": a possessive, then a person's name.
_POSSESSOR = re.compile(rf"['’]s\s+(?P<name>{_NAME_PHRASE})")
# What follows a dateline's place in capitals: "WASHINGTON — ", "PARIS (AP) -", "MIAMI, Fla.".
_DATELINE_END = re.compile(r"\s*(?:[—–-]|\(|,\s+[A-Z][a-z]+\.)")
# A verb's audience, skipped before its subject: "told reporters", "заявил журналистам ТАСС".
_AUDIENCE = _MEDIA | _union(entry.audience_words for entry in _ALL)
# German: the auxiliary of the compound past, and what opens a clause that is not its subject.
_DE_AUXILIARY = re.compile(rf"(?<![\w-])(?:{_alternation(_DE.compound_past_auxiliaries)})(?![\w-])")
_DE_FRONTED = _DE.verb_second_openers


@dataclass(slots=True)
class _Attribution:
    """What the words by one quote say about who said it, before resolution."""

    speaker: str | None  # a name or organisation as written, titles split off
    role: str | None
    pronoun: str | None = None  # "m", "f", "p" (plural), "n" (it) when the subject is a pronoun
    gender: str | None = None  # evidence about the named speaker's gender
    position: int = 0  # where the subject is (pronouns look back from here)
    organisation: bool = False
    tight: bool = True  # the verb sits right by the quote (not "X said the plan was “…”")
    genitive: bool = False  # the name is in the genitive ("по словам Антона Силуанова")


def _blank_parentheses(text: str) -> str:
    """Short parentheses ("(R-Utah)", "(D-N.C.)") as spaces: offsets stay, the name reads on."""
    return _PARENTHESIS.sub(lambda match: " " * len(match.group()), text)


def _is_full_name(phrase: str) -> bool:
    """Whether ``phrase`` is a person's name of two words or more and nothing else."""
    stripped = phrase.strip()
    match = _NAME.fullmatch(stripped)
    return match is not None and " " in stripped and not _is_org_phrase(stripped.split())


def _is_heading(phrase: str) -> bool:
    """Three or more words in capitals: a subhead or a shouted phrase, not a name."""
    tokens = phrase.split()
    return len(tokens) >= 3 and all(token.isupper() for token in tokens)


def _named(
    name_phrase: str, prefix: str, position: int, appositive: str | None = None
) -> _Attribution | None:
    """An attribution from a name and the words before it in its clause."""
    if _is_heading(name_phrase):
        return None  # "CONGRESS HAS INVESTIGATED HIM — Oz's advice …": a subhead, no one
    if _QUANTITY_BEFORE.search(prefix):
        return None  # "75 percent of Republicans said", "Six in 10 Republicans": a poll's share
    named_person = len(name_phrase.split()) >= 2 and not _is_org_phrase(name_phrase.split())
    if (
        _FOR_ORG.search(" " + prefix)
        and not named_person
        and any(
            word.lower().strip(",") in _ROLE_NOUNS or _is_title(word) for word in prefix.split()
        )
    ):
        role_words = _FOR_ORG.sub("", " " + prefix).strip()
        org_split = _split_name(name_phrase)
        organisation = org_split.name if org_split and org_split.name else name_phrase.strip()
        return _Attribution(
            organisation.removeprefix("the ").removeprefix("The "),
            _role_from_prefix(role_words) or _clean_role(role_words),
            None,
            None,
            position,
            organisation=True,
        )
    prefix_words = prefix.split()
    tokens = name_phrase.split()
    if (
        len(prefix_words) >= 2
        and prefix_words[-1].lower() in _ROLE_PREPOSITIONS
        and prefix_words[-2].lower().strip(",") in _ROLE_NOUNS
    ):
        # "advisers to Michelle Obama said": the advisers speak, not the person they serve.
        start = len(prefix.rstrip()) - len(prefix_words[-1]) - 1
        start = prefix.rfind(prefix_words[-2], 0, start + 1)
        if len(prefix_words) >= 3 and prefix_words[-3].lower() in _DETERMINERS:
            start = prefix.rfind(prefix_words[-3], 0, start)  # "a lawyer for …"
        return _Attribution(None, f"{prefix[start:]}{name_phrase}".strip(), None, None, position)
    if (
        prefix_words
        and _is_cyrillic(prefix_words[-1])
        and _is_title(prefix_words[-1])
        and _is_org_phrase(tokens)
        and not _ends_with_russian_person(tokens)
    ):
        # "сказала глава ЦБ": a person's role, not the organisation.
        role_start = len(prefix.rstrip()) - len(prefix_words[-1])
        return _Attribution(
            None, f"{prefix[role_start:].rstrip()} {name_phrase.strip()}", None, None, position
        )
    if (
        len(tokens) >= 2
        and _is_cyrillic(tokens[0])
        and _is_title(tokens[0])
        and _is_org_phrase(tokens[1:])
        and not _ends_with_russian_person(tokens)
    ):
        # "Глава Минфина добавил": the same at a sentence's start.
        return _Attribution(None, name_phrase.strip(), None, None, position)
    if prefix_words and prefix_words[-1].lower() in _ORG_WORDS:
        # "пресс-служба Минфина": an organisation named by its head noun and a name.
        head = _lowercase_subject(" ".join(prefix_words[-3:]))
        if head is not None and head.organisation:
            return _Attribution(
                f"{head.name} {name_phrase}".strip(), None, None, None, position, organisation=True
            )
    split = _split_name(name_phrase)
    if split is None:
        return None
    if (
        split.name is not None
        and not split.organisation
        and len(split.name.split()) == 1
        and _is_title(split.name)
        and prefix.split()
        and prefix.split()[-1].lower() in _ARTICLES
    ):
        # "sagte der Kanzler": a capitalised noun after an article is a role, not a surname.
        return _Attribution(None, split.name, None, None, position)
    if (
        split.name is not None
        and not split.organisation
        and len(split.name.split()) == 1
        and prefix.strip().lower() == "the"
    ):
        return _Attribution(None, f"{prefix.strip()} {split.name}", "x", None, position)
    if split.name is None:
        return _Attribution(None, _clean_role(split.role), None, split.gender, position)
    prefix_role = _role_from_prefix(prefix)
    role = split.role or prefix_role or _clean_role(appositive)
    if split.role and prefix_role and not any(_is_title(w) for w in split.role.split()):
        role = f"{prefix_role} {split.role}"  # "глава" + "Минфина"
    return _Attribution(
        split.name, role, None, split.gender, position, organisation=split.organisation
    )


def _clause_tail(text: str) -> str:
    """The last clause of ``text``: what follows its last comma, dash or conjunction."""
    cut = 0
    for match in _CLAUSE_CUT.finditer(text):
        cut = match.end()
    return text[cut:]


def _without_adverbs(text: str) -> str:
    """``text`` without the adverbs before its verb ("Cruz gingerly"), unless what they leave ends
    on an article or a preposition: then the "-ly" word was a noun ("a friend of the family")."""
    stripped = _TRAILING_ADVERBS.sub("", text)
    if len(stripped) == len(text):
        return text
    last = stripped.rsplit(maxsplit=1)[-1:]
    return text if last and last[0].lower() in _DANGLING else stripped


def _parse_left(zone: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """The subject at the end of ``zone`` (the words right before a speech verb)."""
    text = _PARENTHESIS_END.sub("", _without_adverbs(zone.rstrip()))
    if grammar.auxiliary_end is not None:
        text = grammar.auxiliary_end.sub("", text)  # "Macron a (déclaré)", "Scholz hat (gesagt)"
    if not text.strip():
        return None
    pronoun = grammar.pronoun_end.search(text)
    if pronoun is not None:
        key = pronoun.group("p").lower()
        gender = grammar.pronouns.get(key)
        if gender is not None:
            return _Attribution(None, None, gender, None, base + pronoun.start("p"))
    lead = _NAME.match(text) if text.endswith(",") else None
    if lead is not None:
        adverbial = _ADVERBIAL_AFTER_NAME.match(text, lead.end())
        if adverbial is not None and adverbial.end() == len(text):
            # "Clinton, during a town hall meeting in Columbus, Ohio, said": a name, then a
            # phrase that opens with a preposition, is the subject; the place is no appositive.
            return _named(lead.group(), "", base + lead.start())
    appositive = _APPOSITIVE_END.search(text)
    if appositive is not None and _is_full_name(appositive.group("role")):
        appositive = None  # "His partner at Lenox, Lawrence B. Cummings,": the name comes second
    if appositive is not None:
        return _named(
            appositive.group("name"), "", base + appositive.start("name"), appositive.group("role")
        )
    role_first = _ROLE_THEN_NAME_END.search(text)  # "The agency's chief engineer, Tom Reilly,"
    if role_first is not None and any(
        _is_head_title(word) for word in role_first.group("role").split()
    ):
        role = _role_from_prefix(role_first.group("role") + " ")
        attribution = _named(role_first.group("name"), "", base + role_first.start("name"))
        if attribution is not None and attribution.speaker:
            attribution.role = attribution.role or role
            return attribution
    tail = _clause_tail(text)
    cut = len(text) - len(tail)
    if len(tail.split()) > MAX_SUBJECT_WORDS:
        return None
    last = None
    for match in _NAME.finditer(tail):
        last = match
    if last is not None and not tail[last.end() :].strip():
        inside = _INSIDE_A_NAME.search(tail[: last.start()])
        if inside is not None:
            # "the Commission on Presidential Debates announced": one organisation's name.
            return _Attribution(
                tail[inside.start() : last.end()],
                None,
                position=base + cut + inside.start(),
                organisation=True,
            )
        attribution = _named(last.group(), tail[: last.start()], base + cut + last.start())
        if attribution is not None and (attribution.speaker or attribution.role):
            return attribution
    return _from_subject(_lowercase_subject(tail), base + cut)


def _from_subject(subject: _Name | None, position: int) -> _Attribution | None:
    if subject is None:
        return None
    return _Attribution(
        subject.name,
        subject.role,
        "x" if subject.anaphor else None,
        None,
        position,
        organisation=subject.organisation,
    )


def _first_clause(text: str) -> str:
    end = _CLAUSE_END.search(text)
    return text[: end.start()] if end else text


def _parse_right(
    text: str, base: int, grammar: _Grammar, verb: str | None = None
) -> _Attribution | None:
    """The subject at the start of ``text`` (the words right after a speech verb ``verb``, when
    known: after "reported" or "wrote" an outlet is the subject, after "told" an audience)."""
    media_subject = (
        verb is not None and grammar.language != "ru" and verb.lower() not in _OBJECT_VERBS
    )
    stripped = text.lstrip()
    offset = base + len(text) - len(stripped)
    pronoun = grammar.pronoun_start.match(stripped)
    if pronoun is not None:
        gender = grammar.pronouns.get(pronoun.group("p").lower())
        if gender is not None:
            return _Attribution(None, None, gender, None, offset)
    head = _first_clause(stripped)
    rest = stripped[len(head) :]
    appositive = _first_clause(rest[1:]) if rest.startswith(",") else None
    words = head.split()
    skip = 0  # audience words: "журналистам", "ТАСС", "told Reuters"
    while (
        not media_subject
        and skip < len(words)
        and skip < 3
        and words[skip].lower().strip(",") in _AUDIENCE
    ):
        skip += 1
    if skip:
        cut = head.find(words[skip - 1]) + len(words[skip - 1])
        offset += cut
        head = head[cut:]
    for match in _NAME.finditer(head):
        before_name = head[match.start() - 1 : match.start()] if match.start() else ""
        if (match.group().lower() in _MEDIA and not media_subject) or (
            before_name and before_name in _QUOTE_CHARS
        ):
            continue  # "told TASS", "economist at the «Otkritie» bank"
        prefix = head[: match.start()]
        if len(prefix.split()) > 7:
            break
        following = head[match.end() :]
        owner = _POSSESSOR.match(following)
        if owner is not None:
            # "noted NBC’s Dante Chinni": the outlet, then its person.
            named = _named(owner.group("name"), "", offset + match.end() + owner.start("name"))
            if named is not None and named.speaker and not named.organisation:
                return named
        modifier = re.match(r"(?:['’]s)?\s+([^\W\d]\S*)", following)
        if (
            modifier is not None
            and modifier.group(1)[0].islower()
            and (_is_title(modifier.group(1)) or modifier.group(1).lower() in _ROLE_NOUNS)
        ):
            rest = head[match.end() + modifier.end() :]
            follower = _NAME.match(rest.lstrip())
            if follower is None:
                role = _clean_role(head[: match.end() + modifier.end()])
                return _Attribution(None, role, None, None, offset + match.start())
            # "MSNBC host Chris Matthews": the role's organisation, then the person.
            at = match.end() + modifier.end() + len(rest) - len(rest.lstrip())
            named = _named(follower.group(), head[:at], offset + at, appositive)
            if named is not None and named.speaker:
                return named
        attribution = _named(match.group(), prefix, offset + match.start(), appositive)
        if attribution is not None and (attribution.speaker or attribution.role):
            return attribution
        break
    subject = _lowercase_subject(head)
    if subject is not None and subject.role and not subject.organisation and appositive:
        # "…,” said the mayor, Anna Berg.": a role, then the person's name as an appositive.
        name = _NAME.match(appositive.strip())
        if name is not None and name.group().strip() == appositive.strip().rstrip("."):
            at = offset + len(head) + 1 + rest[1:].find(name.group())
            person = _named(name.group(), "", at)
            if person is not None and person.speaker and not person.organisation:
                person.role = person.role or subject.role
                return person
    return _from_subject(subject, offset)


def _verb_gender(verb: str) -> str | None:
    """Gender from a Russian past-tense ending: сказала (f), сказал (m), сказали (p), -ло (n)."""
    word = verb.lower()
    for suffix, gender in (("лась", "f"), ("лся", "m"), ("лись", "p"), ("лось", "n")):
        if word.endswith(suffix):
            return gender
    for suffix, gender in (("ла", "f"), ("ли", "p"), ("ло", "n"), ("л", "m")):
        if word.endswith(suffix):
            return gender
    return None


def _with_verb(
    attribution: _Attribution | None, verb: str, grammar: _Grammar
) -> _Attribution | None:
    if attribution is None or grammar.language != "ru":
        return attribution
    gender = _verb_gender(verb)
    if gender is None:
        return attribution
    if attribution.pronoun is None:
        if gender == "n":
            attribution.organisation = True
        elif (attribution.speaker or attribution.role) and not attribution.organisation:
            attribution.gender = attribution.gender or gender
    return attribution


def _parse_before(before: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """An attribution in the words right before a quote ("X said:", "According to X,")."""
    text = before.rstrip()
    if not text:
        return None
    phrase = grammar.according_pronoun.search(text)
    if phrase is not None:
        gender = grammar.according_pronouns[" ".join(phrase.group("phrase").lower().split())]
        return _Attribution(None, None, gender, None, base + phrase.start())
    according = grammar.according_before.search(text)
    if according is not None:
        np = according.group("np")
        object_pronoun = grammar.object_pronouns.get(np.strip().lower())
        if object_pronoun is not None:  # "по ее мнению", "according to him"
            return _Attribution(None, None, object_pronoun, None, base + according.start("np"))
        attribution = _parse_right(np, base + according.start("np"), grammar)
        if attribution is not None:
            attribution.genitive = grammar.language == "ru"
            return attribution
    as_verb = grammar.as_verb_before.search(text)
    if as_verb is not None:
        attribution = _parse_right(as_verb.group("np"), base + as_verb.start("np"), grammar)
        return _with_verb(attribution, as_verb.group("verb"), grammar)
    candidates: list[tuple[re.Match[str], bool]] = []
    for match in grammar.verb_before.finditer(text):
        tail = text[match.end() :]
        if _IMMEDIATE_TAIL.fullmatch(tail) or _COLON_TAIL.fullmatch(tail):
            candidates.append((match, True))
        elif len(tail.split()) <= MAX_LOOSE_FILLER_WORDS and not _SENTENCE_STOP.search(tail):
            candidates.append((match, False))
    # The verb nearest the quote whose subject reads as a speaker: in "saying anybody who
    # complains about a microphone “…”", "complains" has none and "saying" has Clinton.
    for chosen, tight in reversed(candidates):
        attribution = _verb_subject(text, chosen, base, grammar)
        if attribution is not None:
            attribution.tight = tight
            return attribution
    return None


def _verb_subject(
    text: str, chosen: re.Match[str], base: int, grammar: _Grammar
) -> _Attribution | None:
    """The subject of the speech verb ``chosen`` in ``text``."""
    zone = text[: chosen.start()]
    participle = grammar.participle.search(chosen.group())
    if participle is not None:
        # "footage of Hillary Clinton asking, “…”": a name right before the participle is its
        # subject; else the clause's subject ("Smith resigned, saying “…”").
        attribution = _name_at_end(zone, base, grammar) or _sentence_subject(zone, base, grammar)
    elif grammar.language == "de":
        attribution = _verb_second(zone, base, text[chosen.end() :], base + chosen.end(), grammar)
    else:
        attribution = _parse_left(zone, base, grammar)
        if attribution is None and _ENDS_WITH_CONJUNCTION.search(zone):
            # "Scott beamed and asked the crowd …": the verb shares the sentence's subject.
            attribution = _sentence_subject(zone, base, grammar)
        if attribution is None and not zone.strip(" ,\n") and chosen.group()[:1].isupper():
            # "Said Ellis: “…”": the verb opens the sentence and its subject follows it.
            attribution = _parse_right(text[chosen.end() :], base + chosen.end(), grammar)
    return _with_verb(attribution, chosen.group(), grammar)


def _name_at_end(zone: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """A named subject ending ``zone`` with nothing after it ("… footage of Hillary Clinton")."""
    if not zone[-1:].isspace() or not zone.strip() or not zone.rstrip()[-1:].isalpha():
        return None
    attribution = _parse_left(zone, base, grammar)
    if attribution is None or attribution.speaker is None or attribution.pronoun is not None:
        return None
    last = attribution.speaker.split()[-1]
    return attribution if zone.rstrip().endswith(last) else None


def _verb_second(
    zone: str, base: int, after: str, after_base: int, grammar: _Grammar
) -> _Attribution | None:
    """The subject of a German speech verb before a quote: the finite verb comes second.

    The subject opens the clause ("Scholz sagte:", "Scholz hat am Montag gesagt:") unless
    something else does ("Am Montag sagte Scholz:", "Dazu hat Scholz gesagt:"), and then it
    comes right after the finite verb (the auxiliary of the compound past).
    """
    clause = _clause_tail(zone)
    cut = len(zone) - len(clause)
    auxiliary: re.Match[str] | None = None
    for match in _DE_AUXILIARY.finditer(clause):
        auxiliary = match
    if auxiliary is not None:
        front = clause[: auxiliary.start()]
        after, after_base = clause[auxiliary.end() :], base + cut + auxiliary.end()
        zone = zone[: cut + auxiliary.start()]
    else:
        front = clause
    words = front.split()
    if not words or words[0].lower() in _DE_FRONTED:
        attribution = _parse_right(after, after_base, grammar)
        if attribution is not None:
            return attribution
    return _parse_left(zone, base, grammar)


def _sentence_subject(zone: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """The subject of "Smith resigned on Monday, saying: “…”": the clause's first name."""
    found = _clause_subject(zone, base, grammar)
    cut = 0
    while found is None and "," in zone[cut:MAX_OPENER_CHARS]:
        # "During a speech on Monday, Trump attacked Clinton, saying …": after the opener
        # ("On July 6, 2015, Sanders made …": its last comma).
        cut = zone.index(",", cut) + 1
        found = _clause_subject(zone[cut:], base + cut, grammar)
    return found


def _clause_subject(zone: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """A pronoun or a name opening ``zone``."""
    stripped = zone.lstrip()
    offset = base + len(zone) - len(stripped)
    pronoun = grammar.pronoun_start.match(stripped)
    if pronoun is not None:
        gender = grammar.pronouns.get(pronoun.group("p").lower())
        if gender is not None:
            return _Attribution(None, None, gender, None, offset)
    match = _NAME.match(stripped)
    if match is None:
        return None
    if (
        " " not in match.group()
        and match.group().lower().endswith(_PARTICIPLE_ENDINGS)
        and _PARTICIPLE_OPENER.match(stripped, match.end())
    ):
        return None  # "Weighing in on the discussion, …": a participle, no name
    if match.group().isupper() and _DATELINE_END.match(stripped, match.end()):
        return None  # "WASHINGTON — …": a dateline, no name
    attribution = _named(match.group(), "", offset)
    return attribution if attribution is not None and attribution.speaker else None


def _parse_after(after: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """An attribution in the words right after a quote ("…,” she said", "», — заявил X")."""
    lead = _LEAD_AFTER.match(after)
    offset = lead.end() if lead else 0
    rest = after[offset:]
    if not rest or not (rest[0].isalpha()):
        return None
    dash = _DASH.match(after)
    if dash is not None and dash.end() == offset:
        signed = _NAME.match(rest)
        if signed is not None and not rest[signed.end() :].strip().strip(".,;").strip():
            attribution = _named(signed.group(), "", base + offset)
            if attribution is not None and attribution.speaker:
                return attribution
    according = grammar.according_start.match(rest)
    if according is not None:
        attribution = _parse_right(
            rest[according.end() :], base + offset + according.end(), grammar
        )
        if attribution is not None:
            attribution.genitive = grammar.language == "ru"
        return attribution
    if grammar.language == "fr":
        inverted = grammar.inverted.match(rest)
        if inverted is not None:
            pronoun = (inverted.group("p1") or inverted.group("p2") or "").lower()
            gender = grammar.pronouns.get(pronoun)
            if gender is not None:
                return _Attribution(None, None, gender, None, base + offset)
    verb_first = grammar.verb_start.match(rest)
    if verb_first is not None:
        attribution = _parse_right(
            rest[verb_first.end() :],
            base + offset + verb_first.end(),
            grammar,
            verb_first.group("verb"),
        )
        return _with_verb(attribution, verb_first.group("verb"), grammar)
    subject_first = grammar.subject_verb.match(rest)
    if subject_first is None:
        return None
    if rest.split(maxsplit=1)[0].lower() in _SUBORDINATORS:
        return None  # "“…,” when Clinton blasted him": a clause of its own, no attribution
    zone = _blank_parentheses(subject_first.group("zone"))
    if "," in zone and _APPOSITIVE_END.search(zone.rstrip()) is None:
        # "Scott Pruitt, the Republican attorney general of Oklahoma, one of the states suing
        # the EPA, said": a name, then appositives; the first one is the role.
        lead_name = _NAME.match(zone)
        if lead_name is None or not zone[lead_name.end() :].startswith(","):
            return None
        first = zone[lead_name.end() + 1 :].split(",")[0]
        attribution = _named(lead_name.group(), "", base + offset, first)
        return _with_verb(attribution, subject_first.group("verb"), grammar)
    if len(zone.split()) > MAX_SUBJECT_WORDS:
        whole = _APPOSITIVE_END.fullmatch(zone.rstrip())
        if whole is None:
            return None
        # "Malkia Cyril, the executive director at … and also featured in the film, told": a
        # name and one long appositive are the whole subject.
        attribution = _named(whole.group("name"), "", base + offset, whole.group("role"))
        return _with_verb(attribution, subject_first.group("verb"), grammar)
    attribution = _parse_left(zone, base + offset, grammar)
    return _with_verb(attribution, subject_first.group("verb"), grammar)
