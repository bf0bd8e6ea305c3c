"""Fact cards: the numbers of an article (dates, ages, amounts, ...), each with its sentence.

:func:`extract_facts` reads every sentence with a set of regular expressions compiled once per
language, and :func:`key_facts` picks the few worth showing.

Kinds and the normalised ``value`` each one carries (``None`` where none can be computed):

    money          "$2.5 million", "3 млн рублей"     -> "USD 2500000", "RUB 3000000"
    percent        "3.5 per cent", "12 процентов"     -> "3.5", "12"
    age            "22-year-old", "aged 71", "Smith, 45," -> "22"
    date           "12 March 2024", "March 2024", "since 2013", "in February", "12 марта"
                                                       -> "2024-03-12", "2024-03", "2013", "--02",
                                                          "--03-12" (ISO 8601, year unknown)
    duration       "for three years", "a 10-year sentence" -> "P3Y", "P10Y"
    relative_time  "three months ago", "next month", "через два дня" -> "-P3M", "P1M", "P2D"
    quantity       "eight million people", "300 km"   -> "8000000 people", "300 km"
    count          "37 appearances", "16 goals"       -> "37"

Quantity or count? A number with a unit of measure (km, tonnes, ...), with a scale word
(million, тыс.) or of 1,000 and more is a *quantity*; its value keeps the noun. A smaller whole
number of discrete things ("16 goals", "three people") is a *count*; its value is the number.

Every number is claimed by at most one fact. All candidates of a sentence are ranked, the most
specific kind first (money > percent > age > date > duration / relative time > quantity > count;
the longer span first within a kind), and taken greedily when they overlap nothing taken before.
Above them all rank *blockers*: spans whose numbers are not facts (scores "2-1", seasons
"2015-16", clock times, phone numbers, "No. 10", "Boeing 737"); they claim their numbers and are
dropped. Numbers glued to letters ("G7", "COVID-19", "3rd") never start a candidate.

Figures follow the language: "1,200.5" in English; "1 200,5" in Russian and French;
"1.200,5" in German, Spanish, Italian and Portuguese. Amounts are computed with ``Decimal``, so
"$10.9bn" is "USD 10900000000" exactly. A language without facts words in its lexicon is read
with the English ones.

Choices worth knowing: a month alone is "--02" (ISO 8601's truncated form, like "--03-12");
"12/03/2024" is skipped (day or month first?) while "2024-03-12" and, outside English,
"12.03.2024" are dates; a weekday ("on Tuesday") is no fact; a year needs a word that makes it
one ("since 2013", "the 2013 final", "в 2013 году"). English "in two years" is a relative time
only in a sentence about the future ("will reopen in two years"), else a duration ("the first
win in two years"). "300 pounds" is a weight, "5 million pounds" money. "For a second" is
no duration: "for a second term" is an ordinal, and "paused for a second" (like "a split
second") means "briefly", not one second; "for one second" and "a second ago" are facts.

Speed: a rule runs only on sentences that have what it needs (a figure, a number word, a month, a
unit of time, a keyword such as "ago"), and rules that start with a number are tried only where
a number starts; about 3 ms per 1,000 words of English news, linear in length (a look-back
before a number is bounded, so one giant sentence is linear too). key_facts is
O((n + limit) log n) for n facts.

Where things are: each language's words and pattern pieces are the facts fields of its lexicon,
``summaries/lang/<code>.py`` (see ``summaries.lang.Lexicon``), read into tables by ``words``;
``numbers`` parses numbers; ``rules`` compiles one language's patterns from the rule families
(``blockers``, ``money``, ``ages``, ``dates``, ``times``, ``amounts`` with ``nouns`` for the
counted noun), sharing the types of ``context``; ``engine`` runs them over the sentences and lets
each number be claimed once; ``select`` picks the key facts.
"""

from summaries.facts.engine import extract_facts
from summaries.facts.select import key_facts

__all__ = ["extract_facts", "key_facts"]
