"""What facts reads for one language: its lexicon's words, parsed into tables once.

The word lists live in ``summaries/lang/<code>.py`` (the facts fields of :class:`Lexicon`);
:func:`vocabulary` turns them into the tables and patterns the rules use. A language whose lexicon
has no number words is read with English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from summaries.facts.nouns import NOUN_TESTS, english_nouns
from summaries.lang import FALLBACK, LEXICONS, Lexicon, lexicon

Unit = tuple[str, int, bool]  # ISO designator ("Y", "MIN", ...), multiplier, singular form

# Figures by the mark that groups their thousands: universal, each shared by the languages that
# write numbers alike ("1,200.5" English; "1 200,5" Russian, French; "1.200,5" German, ...).
DIGITS = {
    ",": r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?",
    " ": r"(?:[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?",
    ".": (
        r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:[\u00a0\u202f\u2009][0-9]{3})+|[0-9]+)"
        r"(?:,[0-9]+)?"
    ),
}
# ISO codes that may stand capitalised before an amount ("USD 40 million"): universal.
_CURRENCY_CODES = frozenset(
    "USD EUR GBP RUB JPY CNY CHF CAD AUD INR UAH BRL HKD KRW TRY PLN SEK NOK DKK NZD SGD "
    "KZT".split()
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What one language needs: number words, months, units and the phrasing of each kind."""

    code: str
    digits: str  # a number in figures, no lookarounds
    thousands_mark: str  # "," ("1,200.5"), " " ("1 200,5") or "." ("1.200,5")
    numbers: Mapping[str, Decimal]  # number words, casefolded
    multipliers: Mapping[str, Decimal]  # "hundred", "dozen": multiply what precedes
    scales: Mapping[str, Decimal]  # words and abbreviations after a number: "million", "млн"
    glued_scales: Mapping[str, Decimal]  # only glued to figures: "£200m", "$3bn"
    abbreviated_scales: frozenset[str]  # scales that may take a full stop: "млн."
    inner_numbers: frozenset[str]  # in a number, never one alone: "half"
    lone_scales: str  # a scale word that is a number by itself: "a million", "тысяча"
    number_link: str  # joins number words: "and" ("one hundred and five"), "y" (treinta y dos)
    fillers: frozenset[str]  # tokens a number may contain that add nothing: "and", "a"
    months: Mapping[str, int]  # casefolded surface (no final dot) -> month
    month_forms: tuple[str, ...]  # exact surfaces for the (case-sensitive) regex
    day: str  # the day of the month, group "d"
    day_month: str  # between day and month: r"\s+" / r"\s+de\s+"
    month_year: str  # between month and year: r",?\s+" / r"\s+de\s+"
    month_first: bool  # "March 12, 2024"
    month_preps: str
    year_preps: str
    year_words: str  # "году", "г." after a year (Russian), "" when none
    year_suffix: str  # glued to a year before its word: "-м" ("2013-м году")
    year_patterns: tuple[str, ...]  # more year templates: "mid-2008"
    numeric_dates: bool  # "12.03.2024" is day-first
    time_units: Mapping[str, Unit]  # word -> (designator, multiplier, singular)
    duration_patterns: tuple[str, ...]  # more duration templates: "for a year"
    one_day_openers: frozenset[str]  # "for one day" is a duration, "to one day" not
    relative: tuple[tuple[str, int, str], ...]  # (template, sign, words one of which it needs)
    directions: Mapping[str, int]  # "last" -> -1, "next" -> 1
    future: re.Pattern[str] | None  # words about the future: "in two years" is ahead only then
    ages: tuple[str, ...]
    comma_age: str  # "Smith, 45,": groups "name" and "n"; "" when none
    age_stems: Mapping[str, int]  # Russian "пяти" (пятилетний) -> 5
    age_stem_suffix: str  # "летн": glued to the stems
    span_nouns: tuple[str, ...]  # after "10-летний": a span of time ("срок"), not an age
    age_year_units: frozenset[str]  # an age in these units is in years: "year", "años"
    percent: str
    currency_words: Mapping[str, str]
    weak_currency_words: frozenset[str]  # money only with a scale word
    currency_link: str
    units: frozenset[str]
    glued_units: str
    labels: frozenset[str]  # words before a number that is a label, not a fact: "no", "section"
    clock_patterns: tuple[str, ...]  # clock times of this language: "в 5 часов"
    capital_block: bool  # a capitalised word is a name (not a German noun)
    function_words: frozenset[str]
    plural_nouns: frozenset[str]  # "people": plural without the usual ending
    ratio_words: frozenset[str]  # "times", a ratio before a comparative ("three times more")
    ratio_after: re.Pattern[str]  # those comparatives, after the counted word
    is_noun: Callable[[str], bool]
    is_modifier: Callable[[str], bool]

    @property
    def digits_re(self) -> re.Pattern[str]:
        return _digits_pattern(self.digits)


@cache
def _digits_pattern(digits: str) -> re.Pattern[str]:
    return re.compile(digits)


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first, of literal words (spaces match any space)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return "(?!)"  # matches nothing
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def number_table(spec: str) -> dict[str, Decimal]:
    """ "one=1, two|both=2" -> {"one": 1, "two": 2, "both": 2} (forms casefolded)."""
    table: dict[str, Decimal] = {}
    for entry in spec.split(","):
        if not entry.strip():
            continue
        forms, value = entry.strip().rsplit("=", 1)
        for form in forms.split("|"):
            table[form.casefold()] = Decimal(value)
    return table


def unit_table(specs: Iterable[tuple[str, str, int, str]]) -> dict[str, Unit]:
    """(plural forms, designator, multiplier, singular forms) -> word -> unit."""
    table: dict[str, Unit] = {}
    for plural, designator, multiplier, singular in specs:
        for word in plural.split():
            table[word.casefold()] = (designator, multiplier, False)
        for word in singular.split():
            table[word.casefold()] = (designator, multiplier, True)
    return table


def _month_forms(words: Lexicon) -> tuple[str, ...]:
    forms = [form for group in words.months for form in group]
    if words.months_capitalised_only:
        surfaces = [form.capitalize() for form in forms]
    else:
        surfaces = forms + [form[:1].upper() + form[1:] for form in forms]
    surfaces += [f"{form}." for form in forms if form in words.dotted_months]
    return tuple(surfaces)


def _has_facts(words: Lexicon) -> bool:
    return bool(words.number_words)


def facts_language(language: str) -> str:
    """The language whose words facts reads for ``language``: itself, or English."""
    words = lexicon(language)
    return words.code if _has_facts(words) else FALLBACK


def vocabulary(language: str) -> Vocabulary:
    """The tables facts reads for ``language``: its own, or English's."""
    return _vocabulary(facts_language(language))


@cache
def _vocabulary(code: str) -> Vocabulary:
    words = lexicon(code)
    numbers = number_table(words.number_words)
    nouns = NOUN_TESTS.get(words.code, english_nouns)
    is_noun, is_modifier = nouns(words, frozenset(numbers))
    return Vocabulary(
        code=words.code,
        digits=DIGITS[words.thousands_mark or ","],
        thousands_mark=words.thousands_mark or ",",
        numbers=numbers,
        multipliers=number_table(words.number_multipliers),
        scales=number_table(words.number_scales),
        glued_scales=number_table(words.glued_scales),
        abbreviated_scales=words.abbreviated_scales,
        inner_numbers=words.inner_number_words,
        lone_scales=words.lone_scales,
        number_link=words.number_link,
        fillers=words.number_fillers,
        months={
            form.casefold(): month
            for month, group in enumerate(words.months, start=1)
            for form in group
        },
        month_forms=_month_forms(words),
        day=words.date_day,
        day_month=words.day_month_link,
        month_year=words.month_year_link,
        month_first=words.month_first,
        month_preps=alt(words.month_prepositions),
        year_preps=alt(words.year_prepositions),
        year_words=words.year_words,
        year_suffix=words.year_word_suffix,
        year_patterns=words.year_patterns,
        numeric_dates=words.numeric_dates,
        time_units=unit_table(words.time_units),
        duration_patterns=words.duration_patterns,
        one_day_openers=words.one_day_openers,
        relative=words.relative_times,
        directions=words.time_directions,
        future=re.compile(words.future_words, re.IGNORECASE) if words.future_words else None,
        ages=words.age_patterns,
        comma_age=words.comma_age,
        age_stems=words.age_stems,
        age_stem_suffix=words.age_stem_suffix,
        span_nouns=words.age_span_nouns,
        age_year_units=words.age_year_units,
        percent=words.percent_pattern,
        currency_words=words.currency_words,
        weak_currency_words=words.weak_currency_words,
        currency_link=words.currency_link,
        units=words.measure_units,
        glued_units=alt(words.glued_units),
        labels=frozenset(label.casefold().rstrip(".") for label in words.number_labels),
        clock_patterns=words.clock_patterns,
        capital_block=words.capitalised_names,
        function_words=words.count_function_words,
        plural_nouns=words.count_plural_nouns,
        ratio_words=words.ratio_words,
        ratio_after=re.compile(rf"\s+{alt(words.ratio_comparatives)}\b", re.IGNORECASE),
        is_noun=is_noun,
        is_modifier=is_modifier,
    )


def english() -> Vocabulary:
    """English: its function words and ratios are read in every language's sentences."""
    return vocabulary(FALLBACK)


# Every language's months, casefolded: a capitalised month is no name ("March 2024").
ALL_MONTHS = frozenset(
    form.casefold() for words in LEXICONS.values() for group in words.months for form in group
)
# Capitalised words after which a number is no name part ("In 2019", "Monday 12"): every
# language's, English weekdays (the other languages write theirs in lower case) and ISO codes.
CAPITAL_EXEMPT = frozenset(
    {
        *(word for words in LEXICONS.values() for word in words.name_number_exempt),
        *(form for day in lexicon(FALLBACK).weekdays for form in day),
        *_CURRENCY_CODES,
    }
)
# Units only met in fixed phrases ("на прошлой неделе"), never after a number: every language's.
PHRASE_UNITS = unit_table(spec for words in LEXICONS.values() for spec in words.phrase_time_units)
