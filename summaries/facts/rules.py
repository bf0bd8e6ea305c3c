"""Every pattern of one language, compiled once from its vocabulary (summaries/lang/<code>.py).

Templates name their pieces: "@NUM@" a number (figures or words), "@NUMS@" one with a scale
word, "@DIG@"/"@DIGS@" figures only, "@UNIT@" a unit of time, "@MONTH@", "@YEAR@", "@WORD@",
"@CUR@" a currency symbol or code, "@CURWORD@" a currency word, "@AGESTEM@" an age stem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from summaries.facts.ages import age, comma_age
from summaries.facts.amounts import amount, glued_unit
from summaries.facts.blockers import (
    blocker,
    capital_blocker,
    label_blocker,
    phone_blocker,
    range_blocker,
)
from summaries.facts.context import DIGIT, MONTH, NUMBER, STEM, UNIT, Builder, Rule, Rules
from summaries.facts.dates import date, year_after
from summaries.facts.money import CODES_RE, SYMBOLS_RE, money, percent
from summaries.facts.times import duration, relative
from summaries.facts.words import PHRASE_UNITS, alt, facts_language, vocabulary

# A template whose match starts with its number (group "n"), perhaps inside the fact group "f".
_NUMBER_FIRST = re.compile(r"(?:\(\?<!\[\\w\]\))?(?:\(\?P<f>)?\(\?P<n>@NUMS?@\)")


def rules(language: str) -> Rules:
    """The compiled rules for ``language``: its own, or English for a language without words."""
    return _compiled(facts_language(language))


@cache
def _compiled(language: str) -> Rules:
    """Every pattern of one language, compiled once.

    A rule only runs on a sentence that has what it needs (a figure, a number word, a month, a
    unit of time); a rule with a number in it has a cheaper twin, with figures only, for the
    sentences that have no number words. Most sentences have neither, so most are skipped.
    """
    lex = vocabulary(language)
    digits = rf"(?<![\w.,\-/:#№+]){lex.digits}(?![0-9]|[.,][0-9])"
    words = alt(word for word in [*lex.numbers, *lex.multipliers] if word not in lex.inner_numbers)
    link = rf"\s+{lex.number_link}\s+|" if lex.number_link else ""
    number_words = rf"(?<![\w-]){words}(?:(?:{link}[\s-]+){words}){{0,3}}(?![\w])"
    number = rf"(?:{digits}|{number_words}|(?<![\w-])(?:{lex.lone_scales})(?![\w]))"
    abbreviated = alt(word for word in lex.scales if word in lex.abbreviated_scales)
    scale = (
        rf"(?:\s*{abbreviated}\.(?!\s*$)|\s*{alt(lex.scales)}(?![\w])"
        rf"|(?<=[0-9]){alt(lex.glued_scales)}(?![\w]))"
    )
    common = {
        "@DIGS@": rf"{digits}(?:{scale})?",
        "@DIG@": digits,
        "@UNIT@": alt(lex.time_units),
        "@AGESTEM@": alt(lex.age_stems),
        "@MONTH@": "(?-i:" + alt(lex.month_forms) + ")",
        "@YEAR@": r"(?P<y>(?:1[5-9]|20)[0-9]{2})(?![0-9]|[.,][0-9]|[-–/][0-9]|[^\W\d_])",
        "@WORD@": r"[^\W\d_](?:[\w'’-]*[^\W\d_])?",
        "@CUR@": rf"(?:{SYMBOLS_RE}|{CODES_RE})",
        "@CURWORD@": alt(lex.currency_words),
    }
    full = {"@NUMS@": rf"{number}(?:{scale})?", "@NUM@": number, **common}
    figures = {"@NUMS@": rf"{digits}(?:{scale})?", "@NUM@": digits, **common}

    def compile_(template: str, substitutions: Mapping[str, str]) -> re.Pattern[str]:
        for key, value in substitutions.items():
            template = template.replace(key, value)
        return re.compile(template, re.IGNORECASE)

    items: list[Rule] = []

    def add(needs: str | frozenset[str], template: str, build: Builder) -> None:
        pattern = compile_(template, full)
        cheap = compile_(template, figures) if "@NUM" in template else pattern
        anchored = _NUMBER_FIRST.match(template) is not None
        items.append(Rule(pattern, cheap, needs, build, anchored))

    # Blockers: numbers that are not facts.
    add(
        DIGIT,
        r"(?<![\w.,\-/:])[0-9]{1,4}(?:\s?[-–—:/]\s?[0-9]{1,4})+(?![0-9]|[-–—/][0-9])",
        range_blocker,
    )
    add(
        DIGIT,
        r"(?<![\w+])(?:\+[0-9]{1,3}|\(?0[0-9]{1,4}\)?|\([0-9]{2,5}\))"
        r"(?:[\s.-]?\(?[0-9]{2,4}\)?){2,4}(?![0-9])",
        phone_blocker,
    )
    add(DIGIT, r"(?<![\w.,\-/:#№+])[0-9]+(?![0-9])", label_blocker(lex.labels))
    # Clock times: the marks and time zones are read in every language, as news mixes them.
    add(
        DIGIT,
        r"(?<![\w.,:])[0-9]{1,2}(?:[.:][0-9]{2})?\s?"
        r"(?:a\.m\.|p\.m\.|am|pm|o['’]clock|h[0-9]{2}|h|Uhr|"
        r"(?-i:GMT|BST|UTC|EST|EDT|PST|PDT|CET|CEST|ET|PT|МСК))(?![\w])",
        blocker,
    )
    for template in lex.clock_patterns:
        add(DIGIT, template, blocker)
    if lex.capital_block:
        add(
            DIGIT,
            r"(?<![\w])(?P<w>(?-i:[A-Z])[\w-]*)\s(?P<f>[0-9]+)(?![0-9]|[.,][0-9])",
            capital_blocker,
        )

    # Money.
    add(DIGIT, r"(?<![\w$])(?P<c>@CUR@)\s?(?P<n>@DIGS@)", money)
    add(NUMBER, r"(?P<n>@NUMS@)\s?(?P<c>@CUR@)(?![\w$])", money)
    add(NUMBER, rf"(?P<n>@NUMS@){lex.currency_link}(?P<c>@CURWORD@)(?![\w])", money)

    # Percent.
    add(NUMBER, rf"(?P<n>@NUM@){lex.percent}", percent)

    # Age.
    for template in lex.ages:
        add(STEM if "@AGESTEM@" in template else NUMBER, template, age)
    if lex.comma_age:
        add(DIGIT, lex.comma_age, comma_age)

    # Dates.
    day = rf"(?<![\w.,\-/:]){lex.day}"
    mon = r"(?P<mon>@MONTH@)(?![\w])"
    year_tail = rf"(?:\s*{lex.year_words})?" if lex.year_words else ""
    add(MONTH, rf"{day}{lex.day_month}{mon}{lex.month_year}@YEAR@{year_tail}", date)
    add(MONTH, rf"{day}{lex.day_month}{mon}", date)
    add(MONTH, rf"(?<![\w]){mon}{lex.month_year}@YEAR@{year_tail}", date)
    if lex.month_first:
        add(MONTH, rf"(?<![\w]){mon}\s+{lex.day},?\s+@YEAR@", date)
        add(MONTH, rf"(?<![\w]){mon}\s+{lex.day}", date)
    add(
        MONTH,
        rf"(?<![\w])(?:{lex.month_preps}\s+|(?<![\w])mid-|mi-)(?P<f>(?P<mon>@MONTH@))(?![\w])",
        date,
    )
    year_prep = re.compile(rf"(?<![\w])(?:{lex.year_preps})\s+$", re.IGNORECASE)
    add(DIGIT, rf"(?<![\w.,\-/:])(?P<f>@YEAR@{year_tail})", year_after(year_prep))
    for template in lex.year_patterns:
        add(DIGIT, template, date)
    if lex.year_words:
        add(DIGIT, rf"(?<![\w.,\-/:])(?P<f>@YEAR@{lex.year_suffix}\s*{lex.year_words})", date)
    add(
        DIGIT,
        r"(?<![\w.,\-/:])(?P<y>[12][0-9]{3})-(?P<mm>[01][0-9])-(?P<d>[0-3][0-9])"
        r"(?![\w]|-[0-9])",
        date,
    )
    if lex.numeric_dates:
        add(
            DIGIT,
            r"(?<![\w.,\-/:])(?P<d>[0-3]?[0-9])\.(?P<mm>[01]?[0-9])\.(?P<y>[12][0-9]{3})"
            r"(?![0-9]|\.[0-9])",
            date,
        )

    # Duration and relative time.
    add(
        UNIT,
        r"(?P<f>(?P<n>@NUM@)(?P<sep>[\s-])(?P<u>@UNIT@))(?![\w])(?![-\s]olds?(?![\w]))",
        duration,
    )
    for template in lex.duration_patterns:
        add(UNIT, template, duration)
    for template, sign, keywords in lex.relative:
        add(frozenset(keywords.split()), template, relative(sign))

    # Quantity and count.
    add(NUMBER, r"(?P<n>@NUMS@)(?=\s+(?P<w1>@WORD@)(?:\s+(?P<w2>@WORD@))?)", amount)
    add(DIGIT, rf"(?P<n>@DIG@)(?P<u>{lex.glued_units})(?![\w])", glued_unit)

    tokens = {word.casefold() for word in [*lex.numbers, *lex.multipliers, *lex.scales]}
    tokens.update(word for scale in lex.scales for word in scale.split())
    return Rules(
        lex,
        tuple(items),
        number_tokens=frozenset(tokens - lex.fillers),
        month_tokens=frozenset(form.casefold().rstrip(".") for form in lex.month_forms),
        unit_tokens=frozenset([*lex.time_units, *PHRASE_UNITS]),
    )
