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

    # --- quotes ---------------------------------------------------------------------------------
    # Speech verbs as whole words, any case: "said", "sagte", "a déclaré"'s "déclaré" (Russian:
    # the present tense only, its past comes from ``speech_verb_stems``).
    speech_verbs: frozenset[str] = frozenset()
    # Russian past-tense stems, read with the endings л/ла/ли/ло (+ся/сь): "сказа" -> "сказала".
    speech_verb_stems: frozenset[str] = frozenset()
    # Participles that hand a quote to the clause's subject: "saying", "заявив".
    speech_participles: frozenset[str] = frozenset()
    # Speech verbs that take an object before the quote ("told the BBC …"): more filler allowed.
    object_speech_verbs: frozenset[str] = frozenset()
    # Auxiliaries before a participle speech verb right after a quote: "a" (déclaré), "hat".
    speech_auxiliaries: frozenset[str] = frozenset()
    # Phrases that introduce a source, words separated by single spaces: "according to".
    according_to: tuple[str, ...] = ()
    # "as" before a speech verb and its subject: "as X said,", "как заявил X,".
    as_words: frozenset[str] = frozenset()
    # Words between a speech verb and its quote: "said that …", "заявил, что …".
    complementizers: frozenset[str] = frozenset()
    # Subject pronouns, lower case, with what they tell: "m", "f", "p" (plural), "n" (neuter).
    subject_pronouns: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    # Pronouns after "according to" (and Russian's possessives in "по ее словам"), lower case, with
    # what they tell: "him" -> "m", "ее" -> "f".
    object_pronouns: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    # "According to him" as one phrase, with what its pronoun tells: "по ее словам" -> "f".
    according_pronoun_phrases: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    # Object pronouns allowed before a compound-past auxiliary ending a subject ("lui a").
    compound_past_clitics: tuple[str, ...] = ()
    # Auxiliaries of the compound past ending a subject ("Macron a", "Scholz hat"): stripped.
    compound_past_auxiliaries: tuple[str, ...] = ()
    # Adverbs between a subject and its speech verb, words separated by spaces ("has since").
    attribution_adverbs: tuple[str, ...] = ()
    # Words that, fronted, push a German subject after the finite verb ("Am Montag sagte X").
    verb_second_openers: frozenset[str] = frozenset()
    # Conjunctions that start a new clause before a subject: "and", "but", "но".
    clause_conjunctions: frozenset[str] = frozenset()
    # Prepositions opening a phrase after an attribution that ends no clause: "(said) of Apple".
    attribution_tail_prepositions: frozenset[str] = frozenset()
    # Conjunctions opening a subordinate clause, which attributes no quote before it: "when".
    subordinators: frozenset[str] = frozenset()
    # Capitalised words that are never a name's first word: "The", "Но", "Montag".
    name_stop_caps: frozenset[str] = frozenset()
    # Lower-case words after which a one-word capitalised name is a modifier, not a subject:
    # "of (Republican claims)", "many (Democratic voters)".
    modifier_openers: frozenset[str] = frozenset()
    # Abbreviated titles that open a name, without their dot: "Mr", "Gov", "Mme".
    title_abbreviations: frozenset[str] = frozenset()
    # Abbreviations, without their dot, whose dot does not end an attribution clause.
    clause_abbreviations: frozenset[str] = frozenset()
    # Company abbreviations, without their dot, which end no clause: "IG Ltd., said".
    company_abbreviations: frozenset[str] = frozenset()
    # Lower-case words between a name's words: "Bank of England" (spaces between words).
    name_connectors: tuple[str, ...] = ()
    # Lower-case titles and roles before or after a name: "president", "министр", "sprecher".
    person_titles: frozenset[str] = frozenset()
    # Titles that only modify another title, never head a role alone: "former", "deputy".
    title_modifiers: frozenset[str] = frozenset()
    # Heads that end compound titles glued into one word: "kanzler" ("Bundeskanzler").
    title_heads: tuple[str, ...] = ()
    # Lower-case words that make a phrase an organisation: "ministry", "кремль".
    organisation_words: frozenset[str] = frozenset()
    # Nouns for an unnamed speaker: "spokesman", "officials", "источник".
    role_nouns: frozenset[str] = frozenset()
    # Groups speaking as one (besides the role nouns): "parents", "critics".
    group_nouns: frozenset[str] = frozenset()
    # Determiners that may open a role: "the", "his".
    role_determiners: frozenset[str] = frozenset()
    # Prepositions after which a role starts: "an offer for (FC Tokyo's forward)".
    role_prepositions: frozenset[str] = frozenset()
    # Words dropped from the start of a role: "yesterday", "meanwhile", "вчера".
    role_leading_junk: frozenset[str] = frozenset()
    # Words that open a relative clause or a new clause, so never a role: "who", "который".
    not_role_openers: frozenset[str] = frozenset()
    # "The 22-year-old", "the striker": nouns naming someone mentioned before.
    anaphor_nouns: frozenset[str] = frozenset()
    # News agencies and papers, lower case, skipped as a verb's audience: "reuters", "тасс".
    media_names: frozenset[str] = frozenset()
    # Audience words after a speech verb, skipped: "reporters", "журналистам".
    audience_words: frozenset[str] = frozenset()
    # Common first names, lower case, by gender.
    first_names_m: frozenset[str] = frozenset()
    first_names_f: frozenset[str] = frozenset()
    # Small words left lower case in a work's title: "of", "the", "de".
    title_small_words: frozenset[str] = frozenset()
    # Finite verbs that make the name right before them a subject: "Smith said", "X was".
    verbs_after_name: frozenset[str] = frozenset()
    # Adverbs and auxiliaries allowed between that name and its verb: "Rodgers now wants".
    verbs_after_name_adverbs: frozenset[str] = frozenset()
    # Determiners opening a role right after a name: "Edna Whitfield, a retired teacher,".
    appositive_determiners: frozenset[str] = frozenset()
    # Words between a person's name and their place: "of" ("Mike Pence of Indiana").
    place_connectors: frozenset[str] = frozenset()
    # Prepositions inside an organisation's name: "Commission on Presidential Debates".
    name_prepositions: frozenset[str] = frozenset()
    # Endings of a participle, which opens a clause and never a role ("speaking to a group").
    participle_endings: tuple[str, ...] = ()
    # Articles: a capitalised title after one is a role ("sagte der Kanzler"), not a surname.
    articles: frozenset[str] = frozenset()
    # Words opening a role that refers back to someone named before: "the" ("the mayor said").
    definite_role_openers: frozenset[str] = frozenset()
    # A bare role refers back too (a language without articles: "— сказал мэр").
    bare_roles_definite: bool = False
    # Words opening a role that introduces someone new: "один" ("один эксперт").
    indefinite_role_openers: frozenset[str] = frozenset()
    # Nouns that head a role referring back, besides titles and role nouns: "nominee".
    anaphor_role_heads: frozenset[str] = frozenset()
    # Words opening a description of a speaker the article does not name, given as the speaker
    # when nothing better is found: "the (letter)", "a (friend)", "his (mother)".
    description_openers: frozenset[str] = frozenset()
    # Words opening an indirect question after a verb ("Asked which county …"): no attribution.
    question_words: frozenset[str] = frozenset()

    # --- facts ----------------------------------------------------------------------------------
    # Number words and values, entries split by ",", forms by "|": "one=1, два|две=2" ("": English).
    number_words: str = ""
    # Words that multiply the number before them: "hundred=100, dozen=12, half=0.5".
    number_multipliers: str = ""
    # Scale words and abbreviations after a number: "million|mn=1E6", "млн|миллион=1E6".
    number_scales: str = ""
    # Scales written only glued to figures: "k=1E3, m=1E6" ("£500k", "£200m").
    glued_scales: str = ""
    # Scale abbreviations that may take a full stop: "млн" ("3 млн. рублей"), "mio".
    abbreviated_scales: frozenset[str] = frozenset()
    # Words a number may contain that are no number on their own: "half" ("half a million").
    inner_number_words: frozenset[str] = frozenset()
    # Regex: a scale word that is a number by itself: "a million", "тысяча".
    lone_scales: str = ""
    # The word that joins number words: "and" ("one hundred and five"), "y" ("treinta y dos").
    number_link: str = ""
    # Tokens a number may contain that add nothing: "and", "a".
    number_fillers: frozenset[str] = frozenset()
    # How figures group thousands: "," ("1,200.5"), " " ("1 200,5") or "." ("1.200,5").
    thousands_mark: str = ""
    # Months are written capitalised only ("März"), never in lower case (else both).
    months_capitalised_only: bool = False
    # Month forms that may also be written with a final dot: "Sept", "Jan" ("Sept.", "Jan.").
    dotted_months: frozenset[str] = frozenset()
    # Regex: the day of the month, group "d": "(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?".
    date_day: str = ""
    # Regex between the day and the month: r"\s+", r"\s+de\s+".
    day_month_link: str = ""
    # Regex between the month and the year: r",?\s+", r"\s+de\s+".
    month_year_link: str = ""
    # Dates may put the month first: "March 12, 2024".
    month_first: bool = False
    # Words and phrases before a bare month that make it a date: "in", "since", "end of".
    month_prepositions: frozenset[str] = frozenset()
    # Words and phrases before a bare year that make it a date: "since", "в", "im Jahr".
    year_prepositions: frozenset[str] = frozenset()
    # Regex: a word after a year that makes it one: "году", "г." (Russian); "" when none.
    year_words: str = ""
    # More date templates with a year ("@YEAR@" is the year): "mid-2008".
    year_patterns: tuple[str, ...] = ()
    # "12.03.2024" is a date, day first.
    numeric_dates: bool = False
    # Units of time: (plurals, ISO designator, multiplier, singulars): ("years", "Y", 1, "year").
    time_units: tuple[tuple[str, str, int, str], ...] = ()
    # Units of time met only in fixed phrases, never after a number ("на прошлой неделе").
    phrase_time_units: tuple[tuple[str, str, int, str], ...] = ()
    # More duration templates ("@UNIT@" is a unit of time): "for a year".
    duration_patterns: tuple[str, ...] = ()
    # Words before "one day" that make it a duration ("for one day"), not "some day".
    one_day_openers: frozenset[str] = frozenset()
    # Relative times: (template, sign -1/1 or 0 for "dir" via time_directions, needed words).
    relative_times: tuple[tuple[str, int, str], ...] = ()
    # Direction words of a relative time and their sign: "last" -> -1, "позапрошлой" -> -2.
    time_directions: Mapping[str, int] = field(default_factory=lambda: frozen_map({}))
    # Regex: words that make a sentence about the future ("will"), for "in two years".
    future_words: str = ""
    # Age templates ("@NUM@" a number, "@AGESTEM@" a stem of ``age_stems``).
    age_patterns: tuple[str, ...] = ()
    # Regex: an age between commas after a name, groups "name" and "n": "Smith, 45, said".
    comma_age: str = ""
    # Number stems of compound ages: "пяти" (пятилетний) -> 5.
    age_stems: Mapping[str, int] = field(default_factory=lambda: frozen_map({}))
    # The ending glued to those stems and to figures: "летн" ("пятилетний", "10-летний").
    age_stem_suffix: str = ""
    # Beginnings of nouns after such an age that make it a span of time: "срок", "контракт".
    age_span_nouns: tuple[str, ...] = ()
    # Unit words of an age that count years, lower case: "year", "años".
    age_year_units: frozenset[str] = frozenset()
    # Regex after a number that makes it a percentage: r"\s?%|\s+per\s?cent".
    percent_pattern: str = ""
    # Currency words, lower case, and their ISO code: "dollars" -> "USD".
    currency_words: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    # Currency words that are money only with a scale word: "pounds" ("300 pounds" is a weight).
    weak_currency_words: frozenset[str] = frozenset()
    # Regex between an amount and its currency word: r"\s+", r"\s+de\s+".
    currency_link: str = ""
    # Units of measure a number may count, lower case: "km", "tonnes".
    measure_units: frozenset[str] = frozenset()
    # Units of measure written glued to figures: "km" ("300km").
    glued_units: frozenset[str] = frozenset()
    # Words before a number that make it a label, not a fact: "No.", "section", "№".
    number_labels: frozenset[str] = frozenset()
    # Regex: clock times beyond the universal ones: "в 5 часов".
    clock_patterns: tuple[str, ...] = ()
    # A number right after a capitalised word is part of a name ("Boeing 737").
    capitalised_names: bool = False
    # Capitalised words after which a number is no name part: "In", "Since", "Jahre".
    name_number_exempt: frozenset[str] = frozenset()
    # Function words: never a counted noun, nor the noun after "a 10-year".
    count_function_words: frozenset[str] = frozenset()
    # Words never the counted noun though they look like one: "things", "раз".
    count_not_nouns: frozenset[str] = frozenset()
    # Plural nouns without the usual ending: "people", "человек".
    count_plural_nouns: frozenset[str] = frozenset()
    # Endings of a plural noun: "s", "x".
    count_noun_endings: tuple[str, ...] = ()
    # Verb endings: a word ending so is never the counted noun.
    count_verb_endings: tuple[str, ...] = ()
    # Adjective endings: an adjective may stand between a number and its noun.
    count_adjective_endings: tuple[str, ...] = ()
    # Endings only adjectives have, never a noun: "ых", "ые".
    count_adjective_only_endings: tuple[str, ...] = ()
    # Counted words that make a ratio when a comparative follows: "times" ("three times more").
    ratio_words: frozenset[str] = frozenset()
    # Those comparatives: "more", "less".
    ratio_comparatives: frozenset[str] = frozenset()
    # Regex: an ending glued to a year before ``year_words``: "-м", "-го" ("в 2013-м году").
    year_word_suffix: str = ""

    # --- clean ----------------------------------------------------------------------------------
    # Lower-case words a line ends on only when it was cut mid-sentence ("... qualification for").
    function_words: frozenset[str] = frozenset()
    # Phrases that label a photo caption before a colon, bar or spaced dash ("Photo: ...").
    caption_labels: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace) opening a caption line ("Image caption").
    caption_openers: tuple[str, ...] = ()
    # Capitalised picture labels before ": credit" closing a line ("Photograph: Jane Doe/AP").
    credit_labels: tuple[str, ...] = ()
    # Lower-case picture words opening a bracketed credit that closes a line ("(Photo: AP)").
    bracket_credit_labels: tuple[str, ...] = ()
    # Words that sign a picture the way an agency's name does ("... via Handout").
    credit_sources: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): notes on handout pictures, anywhere in a line.
    third_party_notes: tuple[str, ...] = ()
    # Lower-case substrings, one of which every line matching ``third_party_notes`` contains.
    third_party_hints: tuple[str, ...] = ()
    # Words opening a copyright notice before a year, "©" or "(c)" ("Copyright 2024 ...").
    copyright_words: tuple[str, ...] = ()
    # Phrases that make a short line a copyright notice anywhere in it ("all rights reserved").
    rights_reserved: tuple[str, ...] = ()
    # Lower-case substrings, one of which every copyright line in this language contains.
    copyright_hints: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): wire sign-offs ("(Reporting by ...; Editing").
    reporting_credits: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): a whole line a video player leaves behind.
    player_notices: tuple[str, ...] = ()
    # Phrases that label a player teaser before a colon, bar or spaced dash ("Watch: ...").
    player_labels: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): calls to action opening a short line.
    cta_openers: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): newsletter pitches anywhere in a short line.
    cta_pitches: tuple[str, ...] = ()
    # Lower-case substrings, one of which every line matching ``cta_pitches`` contains.
    cta_pitch_hints: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): cookie banners opening a line.
    cookie_banners: tuple[str, ...] = ()
    # Phrases that are a whole consent button ("Accept all", "Got it").
    consent_buttons: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): a whole ad or "story continues" line.
    ad_markers: tuple[str, ...] = ()
    # Phrases that are a whole site navigation line ("Skip to content", "Back to top").
    nav_labels: tuple[str, ...] = ()
    # Share verbs of a share-button row, beside the network names ("Share", "Copy link").
    share_words: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): a whole "Read more" heading line.
    related_headings: tuple[str, ...] = ()
    # Phrases opening a related link before a colon, bar or arrow ("Read more: ...").
    related_labels: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): the heading of a page's reader comments
    # ("Comments (12)", "Leave a comment"); everything after it is readers' words.
    comment_headings: tuple[str, ...] = ()
    # Regex alternatives (a space: any whitespace): a heading that closes an article, after which
    # come its sources, notes on its author and the like ("Sources", "About the author").
    closing_headings: tuple[str, ...] = ()
    # Phrases opening a related link before an opening quote ("Читайте также «...»").
    related_title_labels: tuple[str, ...] = ()
    # Phrases opening a related link on their own ("Подробнее читайте ...").
    related_openers: tuple[str, ...] = ()
    # Words opening a byline before a space ("By Jane Doe").
    byline_openers: tuple[str, ...] = ()
    # Words opening a byline before a colon ("Автор: Иван Петров").
    byline_labels: tuple[str, ...] = ()
    # Lower-case words between the names of a byline ("and", "von", "и").
    byline_connectors: frozenset[str] = frozenset()
    # Lower-case words of a timestamp line besides month and weekday forms ("updated", "ago").
    timestamp_words: frozenset[str] = frozenset()
    # Lower-case words besides month and weekday forms that make such a line a timestamp ("ago").
    timestamp_anchors: frozenset[str] = frozenset()
    # Lower-case month and weekday forms that never make a timestamp line ("в январе").
    timestamp_excluded_forms: frozenset[str] = frozenset()
    # Lower-case month and weekday forms that do not make a timestamp on their own ("ср").
    timestamp_weak_forms: frozenset[str] = frozenset()
    # Suffixes of a number in a timestamp ("3rd", "2024г"), besides unit symbols (h, min, s).
    number_suffixes: tuple[str, ...] = ()
    # Bracketed editorial notes that may close a sentence ("[citation needed]").
    footnote_notes: tuple[str, ...] = ()
    # Words before a number in a bracketed footnote mark ("[note 3]").
    footnote_labels: tuple[str, ...] = ()

    # --- text and keywords ----------------------------------------------------------------------
    # Lower-case abbreviations, with their dot, that go on before a capitalised name ("dr.", "г.").
    name_abbreviations: frozenset[str] = frozenset()
    # Lower-case words that recur in news copy without saying what it is about ("said", "сказал").
    keyword_noise: frozenset[str] = frozenset()
    # Lower-case particles inside a name, one or two words ("von der", "de la").
    name_particles: frozenset[str] = frozenset()
