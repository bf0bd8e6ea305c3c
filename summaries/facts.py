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
"$10.9bn" is "USD 10900000000" exactly. A language without a lexicon is read with the English one.

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
"""

from __future__ import annotations

import bisect
import datetime
import heapq
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import NamedTuple

from summaries.models import Fact, FactKind, Sentence

# An age outside 0..MAX_AGE is a misread number, not an age.
MAX_AGE = 120
# Years before this are rare in news and more often a count or a model number.
EARLIEST_YEAR = 1500
# Without a reference date a year up to this is plausible; with one, up to that many years ahead
# ("by 2050" in a 2015 article).
LATEST_YEAR = 2099
FUTURE_YEARS = 50
# A phone number has at least this many digits ("0800 123 4567"); fewer is a date or an amount.
PHONE_DIGITS = 9
# A number of discrete things from this size up is a quantity rather than a count.
QUANTITY_FROM = 1000
# key_facts: at most this many facts from one sentence, and a fact near (within NEIGHBOURHOOD
# sentences of) one already chosen is worth NEIGHBOUR_DECAY times less: spread over the article.
FACTS_PER_SENTENCE = 2
NEIGHBOURHOOD = 1
NEIGHBOUR_DECAY = 0.8
# key_facts: how much the ranker's sentence score and the position in the article weigh against
# the kind of fact (the kind weights are in _KIND_WEIGHT below).
SENTENCE_SCORE_WEIGHT = 0.5
POSITION_WEIGHT = 0.2

_RANK: dict[FactKind | None, int] = {
    None: 0,  # a blocker
    FactKind.MONEY: 1,
    FactKind.PERCENT: 2,
    FactKind.AGE: 3,
    FactKind.DATE: 4,
    FactKind.DURATION: 5,
    FactKind.RELATIVE_TIME: 5,
    FactKind.QUANTITY: 6,
    FactKind.COUNT: 7,
}


def extract_facts(
    sentences: Sequence[Sentence], language: str, *, reference_date: datetime.date | None = None
) -> tuple[Fact, ...]:
    """Every fact in ``sentences``, in article order; ``body[fact.start:fact.end] == fact.text``.

    ``reference_date`` (the publication date, say) gives a year to dates that lack one: the
    nearest such date to it, so "on 12 March" in an April 2015 article is "2015-03-12".
    """
    rules = _rules(language if language in _LEXICONS else "en")
    facts: list[Fact] = []
    for sentence in sentences:
        text = sentence.text
        if sentence.end - sentence.start != len(text):
            continue  # offsets that do not fit the text cannot give verbatim spans
        for hit in _sentence_hits(text, rules, reference_date):
            if hit.kind is None or not 0 <= hit.start < hit.end <= len(text):
                continue
            span = text[hit.start : hit.end]
            if span != span.strip():
                continue
            facts.append(
                Fact(
                    kind=hit.kind,
                    text=span,
                    value=hit.value,
                    sentence=text,
                    sentence_index=sentence.index,
                    start=sentence.start + hit.start,
                    end=sentence.start + hit.end,
                )
            )
    return tuple(facts)


def key_facts(
    facts: Sequence[Fact], limit: int, sentence_scores: Mapping[int, float] | None = None
) -> tuple[Fact, ...]:
    """The ``limit`` facts most worth a card, in article order.

    Money, percentages, big quantities, ages and full dates rank above counts and vague dates;
    facts of higher-scoring (``sentence_scores``: sentence index -> score) and earlier sentences
    rank higher. The same (kind, value) is shown once, at most FACTS_PER_SENTENCE facts come from
    one sentence, and a fact next to one already chosen, or of a kind already chosen, counts
    for less (a card of four amounts of money says less than money, a date, a share and a count).

    Greedy: each round takes the best score, the earliest fact on a tie. A fact's score is
    ``base * NEIGHBOUR_DECAY**near * KIND_REPEAT_DECAY**same_kind``, and the last factor is
    shared by its kind, so each kind keeps a heap of ``base * NEIGHBOUR_DECAY**near`` and a round
    compares the tops of the kinds' heaps. ``near`` only grows, by one for each fact chosen within
    NEIGHBOURHOOD sentences (at most FACTS_PER_SENTENCE per sentence, so a few times per fact),
    and a fact only ever becomes ineligible, so stale heap entries are dropped when they surface.
    O((n + limit) log n) for n facts.
    """
    if limit <= 0 or not facts:
        return ()
    last_sentence = max(fact.sentence_index for fact in facts)
    relevance = _normalised(sentence_scores or {}, {fact.sentence_index for fact in facts})
    base: list[float] = []
    for fact in facts:
        position = 1.0 - fact.sentence_index / (last_sentence + 1)
        score = _kind_weight(fact)
        score *= (
            1.0
            - SENTENCE_SCORE_WEIGHT
            + SENTENCE_SCORE_WEIGHT * relevance.get(fact.sentence_index, 0.0)
        )
        base.append(score + POSITION_WEIGHT * position * score)
    identities = [_identity(fact) for fact in facts]
    by_sentence: dict[int, list[int]] = {}
    heaps: dict[FactKind, list[tuple[float, int, int]]] = {}  # (-base * decay**near, i, near)
    for i, fact in enumerate(facts):
        by_sentence.setdefault(fact.sentence_index, []).append(i)
        heaps.setdefault(fact.kind, []).append((-(base[i] * NEIGHBOUR_DECAY**0), i, 0))
    for heap in heaps.values():
        heapq.heapify(heap)
    near = [0] * len(facts)
    taken = [False] * len(facts)
    seen: set[tuple[FactKind, str]] = set()
    per_sentence: dict[int, int] = {}
    per_kind: dict[FactKind, int] = {}

    def eligible(i: int) -> bool:
        return (
            not taken[i]
            and identities[i] not in seen
            and per_sentence.get(facts[i].sentence_index, 0) < FACTS_PER_SENTENCE
        )

    chosen: list[int] = []
    while len(chosen) < limit:
        best, best_score = -1, 0.0
        for kind, heap in heaps.items():
            while heap and (heap[0][2] != near[heap[0][1]] or not eligible(heap[0][1])):
                heapq.heappop(heap)  # stale (its fact is nearer a chosen one now) or ineligible
            if not heap:
                continue
            negative, i, _ = heap[0]
            score = -negative * KIND_REPEAT_DECAY ** per_kind.get(kind, 0)
            if best < 0 or score > best_score or (score == best_score and i < best):
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        taken[best] = True
        fact = facts[best]
        seen.add(identities[best])
        per_sentence[fact.sentence_index] = per_sentence.get(fact.sentence_index, 0) + 1
        per_kind[fact.kind] = per_kind.get(fact.kind, 0) + 1
        for index in range(
            fact.sentence_index - NEIGHBOURHOOD, fact.sentence_index + NEIGHBOURHOOD + 1
        ):
            for j in by_sentence.get(index, ()):
                near[j] += 1
                if eligible(j):
                    heapq.heappush(
                        heaps[facts[j].kind], (-(base[j] * NEIGHBOUR_DECAY ** near[j]), j, near[j])
                    )
    return tuple(sorted((facts[i] for i in chosen), key=lambda f: (f.start, f.end)))


# --- key_facts helpers ------------------------------------------------------------------------


def _identity(fact: Fact) -> tuple[FactKind, str]:
    return fact.kind, fact.value if fact.value is not None else fact.text.casefold()


def _normalised(scores: Mapping[int, float], indices: set[int]) -> dict[int, float]:
    """Sentence scores rescaled to 0..1 over the sentences that carry facts."""
    values = {i: scores[i] for i in indices if i in scores}
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    if high <= low:
        return dict.fromkeys(values, 1.0)
    return {i: (v - low) / (high - low) for i, v in values.items()}


# Each fact of a kind already chosen halves a candidate's score: the cards show a spread.
KIND_REPEAT_DECAY = 0.5

_KIND_WEIGHT = {
    FactKind.MONEY: 1.0,
    FactKind.PERCENT: 0.9,
    FactKind.QUANTITY: 0.8,
    FactKind.AGE: 0.7,
    FactKind.DATE: 0.6,
    FactKind.DURATION: 0.5,
    FactKind.COUNT: 0.4,
    FactKind.RELATIVE_TIME: 0.35,
}


def _kind_weight(fact: Fact) -> float:
    weight = _KIND_WEIGHT[fact.kind]
    value = fact.value
    if value is None:
        return weight * 0.6
    if fact.kind is FactKind.DATE:
        if len(value) == 10:  # 2024-03-12
            return weight * 1.25
        if len(value) == 7 and not value.startswith("--"):  # 2024-03
            return weight
        if value.startswith("--") and len(value) == 7:  # --03-12
            return weight * 0.9
        if len(value) == 4:  # 2013
            return weight * 0.75
        return weight * 0.4  # --03: a month, no day or year
    if fact.kind is FactKind.QUANTITY:
        amount = _leading_decimal(value)
        return weight * (1.2 if amount is not None and amount >= 1_000_000 else 1.0)
    if fact.kind is FactKind.COUNT:
        amount = _leading_decimal(value)
        return weight * (1.2 if amount is not None and amount >= 10 else 1.0)
    return weight


def _leading_decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value.split(" ", 1)[0])
    except InvalidOperation:
        return None


# --- matching ---------------------------------------------------------------------------------


class _Hit(NamedTuple):
    rank: int
    negative_length: int  # longer spans first within a rank
    start: int
    end: int
    kind: FactKind | None  # None: a blocker, claims its numbers and is dropped
    value: str | None


class _Found(NamedTuple):
    kind: FactKind | None
    value: str | None
    start: int
    end: int


@dataclass(slots=True)
class _Context:
    lex: _Lexicon
    text: str
    reference: datetime.date | None
    first_future: int | None = None  # where _FUTURE first matches in text (len + 1: nowhere)

    def future_before(self, position: int) -> bool:
        """Whether a word about the future ("will", "next") comes before ``position``.

        The same as ``_FUTURE.search(text, 0, position)`` when ``position`` starts a word, but
        searched once per sentence, not once per number (a giant sentence stays linear).
        """
        if self.first_future is None:
            found = _FUTURE.search(self.text)
            self.first_future = found.start() if found else len(self.text) + 1
        return self.first_future < position


# How far back the rules look for the word or phrase before a number ("No.", "since", "in"),
# past any spaces right before it: far more than the longest such phrase, and bounded, so a
# giant sentence full of numbers stays linear.
LOOKBACK_CHARS = 200


def _lookback(text: str, end: int) -> int:
    """Where a search for the words right before ``end`` starts."""
    start = end
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return max(0, start - LOOKBACK_CHARS)


_Builder = Callable[[re.Match[str], _Context], _Found | None]


# What a rule needs in a sentence before it is worth running.
_ALWAYS, _DIGIT, _NUMBER, _MONTH, _UNIT = "always", "digit", "number", "month", "unit"
_LETN = "летн"  # Russian "пятилетний": a number stem glued to "-летний"


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    figures_only: re.Pattern[str]  # the same with numbers in figures only (or the same pattern)
    needs: str | frozenset[str]  # a kind of token (_DIGIT, ...) or words, one of which must occur
    build: _Builder
    anchored: bool  # every match starts where a number starts


@dataclass(frozen=True, slots=True)
class _Rules:
    lex: _Lexicon
    items: tuple[_Rule, ...]
    number_tokens: frozenset[str]  # number and scale words: "three", "million"
    month_tokens: frozenset[str]
    unit_tokens: frozenset[str]  # units of time: "years", "лет"


def _sentence_hits(text: str, rules: _Rules, reference: datetime.date | None) -> list[_Hit]:
    context = _Context(rules.lex, text, reference)
    tokens = set(_TOKENS.findall(text.casefold()))
    words = not rules.number_tokens.isdisjoint(tokens)
    present = {
        _ALWAYS: True,
        _DIGIT: _ANY_DIGIT.search(text) is not None,
        _MONTH: not rules.month_tokens.isdisjoint(tokens),
        _UNIT: not rules.unit_tokens.isdisjoint(tokens),
    }
    present[_NUMBER] = present[_DIGIT] or words
    present[_LETN] = _LETN in text.casefold()
    anchors = _number_starts(text, rules) if words else []
    hits: list[_Hit] = []
    for rule in rules.items:
        needs = rule.needs
        if not (present[needs] if isinstance(needs, str) else not needs.isdisjoint(tokens)):
            continue
        matches: Iterable[re.Match[str] | None]
        if not words:
            matches = rule.figures_only.finditer(text)
        elif rule.anchored:
            # The full pattern tries number words at every position: slow. Try it only where
            # a number starts.
            matches = (rule.pattern.match(text, anchor) for anchor in anchors)
        else:
            matches = rule.pattern.finditer(text)
        for match in matches:
            if match is None:
                continue
            found = rule.build(match, context)
            if found is None or found.start >= found.end:
                continue
            hits.append(
                _Hit(
                    _RANK[found.kind],
                    found.start - found.end,
                    found.start,
                    found.end,
                    found.kind,
                    found.value,
                )
            )
    hits.sort(key=lambda h: (h.rank, h.negative_length, h.start))
    # The spans taken so far are disjoint: kept sorted, a new span can only overlap the last one
    # starting at or before it, or the first one starting after it.
    starts: list[int] = []
    ends: list[int] = []
    facts: list[_Hit] = []
    for hit in hits:
        index = bisect.bisect_right(starts, hit.start)
        if (index > 0 and ends[index - 1] > hit.start) or (
            index < len(starts) and starts[index] < hit.end
        ):
            continue
        starts.insert(index, hit.start)
        ends.insert(index, hit.end)
        if hit.kind is not None:
            facts.append(hit)
    facts.sort(key=lambda h: (h.start, h.end))
    return facts


_LAST_CHUNK = re.compile(r"[\s(\"'“«]?([^\s(\"'“«]+)\s?$")
_TOKENS = re.compile(r"[^\W\d_]+")
_DIGIT_RUNS = re.compile(r"[0-9]+")
# A template whose match starts with its number (group "n"), perhaps inside the fact group "f".
_NUMBER_FIRST = re.compile(r"(?:\(\?<!\[\\w\]\))?(?:\(\?P<f>)?\(\?P<n>@NUMS?@\)")


def _number_starts(text: str, rules: _Rules) -> list[int]:
    """Where a number may start: figures, number words, and up to two words before a scale word
    ("half a million")."""
    starts = {match.start() for match in _DIGIT_RUNS.finditer(text)}
    tokens = list(_TOKENS.finditer(text))
    for i, token in enumerate(tokens):
        word = token.group().casefold()
        if word in rules.number_tokens:
            starts.add(token.start())
            if word in rules.lex.scales or word in rules.lex.multipliers:
                starts.update(tokens[j].start() for j in range(max(0, i - 2), i))
    return sorted(starts)


_ANY_DIGIT = re.compile(r"[0-9]")


def _span(match: re.Match[str]) -> tuple[int, int]:
    """The fact's span: the group ``f`` when the pattern has one (context words stay outside)."""
    if "f" in match.re.groupindex and match.group("f") is not None:
        return match.span("f")
    return match.span()


# --- numbers ----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_LETTERS = re.compile(r"[^\W\d_]+(?:\.(?=\s|$))?")


def _fmt(number: Decimal) -> str:
    """A plain decimal string: no exponent, no trailing zeros ("2500000", "3.5")."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _digits_value(raw: str, lex: _Lexicon) -> Decimal | None:
    text = _SPACES.sub("", raw)
    if lex.code == "en":
        text = text.replace(",", "")
    elif lex.group_dot:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _number(raw: str, lex: _Lexicon) -> tuple[Decimal, bool] | None:
    """The value of a number in figures or words, with any scale word; and whether it had one."""
    match = lex.digits_re.match(raw)
    current: Decimal | None = None
    rest = raw
    if match:
        current = _digits_value(match.group(), lex)
        if current is None:
            return None
        rest = raw[match.end() :]
    tokens = [token.rstrip(".") for token in _LETTERS.findall(rest.casefold())]
    total = Decimal(0)
    scaled = seen = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        pair = f"{token} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
        if pair in lex.scales:
            scale: Decimal | None = lex.scales[pair]
            i += 1
        else:
            scale = lex.scales.get(token) or lex.glued_scales.get(token)
        if scale is not None:
            total += (current if current is not None else Decimal(1)) * scale
            current, scaled, seen = None, True, True
        elif token in lex.multipliers:
            current = (current if current is not None else Decimal(1)) * lex.multipliers[token]
            seen = True
        elif token in lex.numbers:
            current = (current or Decimal(0)) + lex.numbers[token]
            seen = True
        elif token not in lex.fillers:
            return None
        i += 1
    if match is None and not seen:
        return None
    return total + (current or Decimal(0)), scaled


def _integer(raw: str | None, lex: _Lexicon) -> int | None:
    if raw is None:
        return None
    parsed = _number(raw, lex)
    if parsed is None or parsed[1] or parsed[0] != parsed[0].to_integral_value():
        return None
    return int(parsed[0])


# --- builders ---------------------------------------------------------------------------------


def _blocker(match: re.Match[str], _context: _Context) -> _Found | None:
    start, end = _span(match)
    return _Found(None, None, start, end)


def _range_blocker(match: re.Match[str], context: _Context) -> _Found | None:
    if _ISO_DATE.fullmatch(match.group()):
        return None  # 2024-03-12 is a date, not a range
    return _blocker(match, context)


def _phone_blocker(match: re.Match[str], context: _Context) -> _Found | None:
    if sum(ch.isdigit() for ch in match.group()) < PHONE_DIGITS:
        return None  # "05.03.2024" is a date
    return _blocker(match, context)


_ISO_DATE = re.compile(r"[12][0-9]{3}-[01][0-9]-[0-3][0-9]")
_SENTENCE_OPENING = re.compile(r"[\s\"'“‘«„(\[*•–—-]*")


def _capital_blocker(match: re.Match[str], context: _Context) -> _Found | None:
    """ "Boeing 737", "Windows 10": a number right after a capitalised word is a name part."""
    word = match.group("w")
    if word.casefold().rstrip(".") in _ALL_MONTHS or word in _CAPITAL_EXEMPT:
        return None
    if context.lex.code != "en" and _SENTENCE_OPENING.fullmatch(context.text, 0, match.start("w")):
        return None  # "Unas 2.000 personas": capitalised because it opens the sentence
    return _Found(None, None, *match.span("f"))


def _money(match: re.Match[str], context: _Context) -> _Found | None:
    lex = context.lex
    parsed = _number(match.group("n"), lex)
    if parsed is None:
        return None
    amount, scaled = parsed
    currency = match.group("c")
    code = _currency_code(currency, lex)
    if code is None:
        return None
    if currency.casefold() in lex.weak_currency_words and not scaled:
        return None  # "300 pounds" is a weight; "5 million pounds" is money
    return _Found(FactKind.MONEY, f"{code} {_fmt(amount)}", *match.span())


def _currency_code(surface: str, lex: _Lexicon) -> str | None:
    key = re.sub(r"[\s.]", "", surface)
    if key in _SYMBOLS:
        return _SYMBOLS[key]
    if key in _CODES:
        return key
    return lex.currency_words.get(" ".join(surface.casefold().split()))


def _percent(match: re.Match[str], context: _Context) -> _Found | None:
    parsed = _number(match.group("n"), context.lex)
    if parsed is None or parsed[1]:
        return None
    return _Found(FactKind.PERCENT, _fmt(parsed[0]), *match.span())


def _age(match: re.Match[str], context: _Context) -> _Found | None:
    lex = context.lex
    groups = match.groupdict()
    if groups.get("stem") is not None:
        years: int | None = lex.age_stems.get(groups["stem"].casefold())
    else:
        years = _integer(groups.get("n"), lex)
    if years is None or not 0 <= years <= MAX_AGE:
        return None
    start, end = _span(match)
    if groups.get("letn") is not None:
        # Russian "10-летний": an age ("22-летний футболист") unless a span of time follows
        # ("10-летний срок", "пятилетний контракт").
        following = _NEXT_WORDS.match(context.text, end)
        for group in (1, 2):
            word = following.group(group) if following else None
            if following and word and word.casefold().startswith(_RU_SPAN_NOUNS):
                return _Found(FactKind.DURATION, f"P{years}Y", start, following.end(group))
    unit = (groups.get("u") or "year").casefold()
    value = str(years) if unit.startswith(("year", "jahr", "an", "año", "anno", "ano")) else None
    return _Found(FactKind.AGE, value, start, end)


_NEXT_WORDS = re.compile(r"\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?")


def _comma_age(match: re.Match[str], context: _Context) -> _Found | None:
    """ "Smith, 45, said": a number between commas right after a capitalised name."""
    name = match.group("name")
    if name.casefold().rstrip(".") in context.lex.months or name in _CAPITAL_EXEMPT:
        return None
    years = int(match.group("n"))
    if not 1 <= years <= MAX_AGE:
        return None
    return _Found(FactKind.AGE, str(years), *match.span("n"))


def _date(match: re.Match[str], context: _Context) -> _Found | None:
    groups = match.groupdict()
    lex = context.lex
    year = int(groups["y"]) if groups.get("y") else None
    month: int | None = None
    if groups.get("mon"):
        month = lex.months.get(groups["mon"].casefold().rstrip("."))
        if month is None:
            return None
    elif groups.get("mm"):
        month = int(groups["mm"])
    day = int(groups["d"]) if groups.get("d") else None
    latest = context.reference.year + FUTURE_YEARS if context.reference else LATEST_YEAR
    if year is not None and not EARLIEST_YEAR <= year <= latest:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not _valid(year or 2000, month, day)):
        return None
    start, end = _span(match)
    if year is None and month is not None and context.reference is not None:
        year = _nearest_year(month, day, context.reference)
    if month is None:
        value = f"{year:04d}" if year is not None else None
    elif year is None:
        value = f"--{month:02d}" + (f"-{day:02d}" if day is not None else "")
    else:
        value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    return _Found(FactKind.DATE, value, start, end)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _nearest_year(month: int, day: int | None, reference: datetime.date) -> int | None:
    best: tuple[int, int] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if not _valid(year, month, day or 15):
            continue
        distance = abs((datetime.date(year, month, day or 15) - reference).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _iso_duration(amount: Decimal, unit: tuple[str, int, bool]) -> str:
    designator, multiplier, _ = unit
    number = _fmt(amount * multiplier)
    if designator in ("H", "MIN", "S"):
        return f"PT{number}{designator[0]}"
    return f"P{number}{designator}"


_Unit = tuple[str, int, bool]  # ISO designator ("Y", "MIN", ...), multiplier, singular form


def _time_amount(match: re.Match[str], context: _Context) -> tuple[str, _Unit] | None:
    """The ISO duration of groups ``n`` (absent: one) and ``u`` of a duration or relative time."""
    lex = context.lex
    word = match.group("u").casefold()
    unit = lex.time_units.get(word) or _PHRASE_UNITS.get(word)
    if unit is None:
        return None
    raw = match.groupdict().get("n")
    if raw is None:
        if not unit[2]:
            return None  # "years ago" without a number is vague
        amount = Decimal(1)
    else:
        parsed = _number(raw, lex)
        if parsed is None or parsed[1] or parsed[0] <= 0:
            return None
        amount = parsed[0]
    return _iso_duration(amount, unit), unit


# Units that only occur in fixed phrases ("на прошлой неделе"), never after a number.
_PHRASE_UNITS = {"неделе": ("W", 1, True), "году": ("Y", 1, True), "месяце": ("M", 1, True)}


def _duration(match: re.Match[str], context: _Context) -> _Found | None:
    result = _time_amount(match, context)
    if result is None:
        return None
    start, end = _span(match)
    if context.lex.code == "en":
        unit, raw = match.group("u"), match.groupdict().get("n")
        if unit[:1].isupper() and raw is not None and raw[:1].isdigit():
            return None  # "12 Years a Slave": a title
        if raw is None and unit.casefold() == "second":
            # "for a second term", "for a second consecutive month": an ordinal; and "paused
            # for a second" alone means "briefly", no amount worth a card.
            return None
        if raw is not None and raw.casefold() == "one" and unit.casefold() == "day":
            before = _PREVIOUS_WORD.search(context.text, _lookback(context.text, start), start)
            if before is None or before.group(1).casefold() not in _ONE_DAY_AFTER:
                return None  # "hopes to one day have": some day, not a duration
    if match.groupdict().get("sep") == "-":
        # "a 10-year sentence": the compound reads better with the noun it qualifies.
        following = _HYPHEN_NOUN.match(context.text, end)
        if following and following.group(1).casefold() not in _FUNCTION_WORDS:
            end = following.end(1)
    return _Found(FactKind.DURATION, result[0], start, end)


_ONE_DAY_AFTER = frozenset("in for within after over just only".split())
_HYPHEN_NOUN = re.compile(r"\s+((?-i:[a-z])[a-z]+(?:-[a-z]+)?)\b")


def _relative(sign: int) -> _Builder:
    def build(match: re.Match[str], context: _Context) -> _Found | None:
        result = _time_amount(match, context)
        if result is None:
            return None
        direction = match.groupdict().get("dir")
        signed = sign
        if direction is not None:
            key = " ".join(direction.casefold().split())
            signed = context.lex.directions.get(key, 0)
            if signed == 0:
                return None
        start, end = _span(match)
        if sign > 0 and result[1][0] in ("H", "MIN", "S"):
            return None  # "ran it in 9.58 seconds": a time taken, not a point ahead
        # "in two years" is a point ahead only in a sentence about the future ("will reopen in
        # two years"); "rescued in one day", "the first win in two years" and "prices rose 4% in
        # two years" are spans of time (and the duration rule takes them).
        english_in = sign > 0 and direction is None and context.lex.code == "en"
        if english_in and not context.future_before(start):
            return None
        value = result[0]
        if abs(signed) != 1:
            unit = result[1]
            value = _iso_duration(Decimal(abs(signed)), unit)
        return _Found(FactKind.RELATIVE_TIME, ("-" if signed < 0 else "") + value, start, end)

    return build


_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\W*$")
_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|would|due|expected|expects|set\s+to|going\s+to|plans?|planned"
    r"|scheduled|hopes?|aims?|intends?|is\s+to|are\s+to|next|soon)\b|['’]ll\b",
    re.IGNORECASE,
)


def _amount(match: re.Match[str], context: _Context) -> _Found | None:
    """A number and the noun it counts: a quantity or a count (see the module docstring)."""
    lex = context.lex
    raw = match.group("n")
    parsed = _number(raw, lex)
    if parsed is None:
        return None
    amount, scaled = parsed
    words = [match.group("w1")]
    if match.group("w2"):
        words.append(match.group("w2"))
    chosen = _noun_phrase(words, lex)
    if chosen is None:
        return None
    used, is_unit = chosen
    end = match.end("w1") if used == 1 else match.end("w2")
    start = match.start("n")
    if used == 2 and words[0][:1].isupper() and _ends_with_colon(context.text, start):
        return None  # "Goals: 16 International caps (Japan): 11": a table, not a sentence
    phrase = context.text[match.start("w1") : end]
    in_figures = raw[:1].isdigit()
    if not in_figures and amount < 2 and not scaled:
        return None  # "one day", "one of": too common to be a fact
    if in_figures and not is_unit and not scaled and _looks_like_year(raw):
        return None  # "2013 finals" is a year
    if amount <= 0:
        return None
    if phrase.casefold() == "times" and _MULTIPLIER_AFTER.match(context.text, end):
        return None  # "three times more": a ratio, not a count of events
    if is_unit or scaled or amount >= QUANTITY_FROM or amount != amount.to_integral_value():
        return _Found(FactKind.QUANTITY, f"{_fmt(amount)} {phrase}", start, end)
    return _Found(FactKind.COUNT, _fmt(amount), start, end)


def _ends_with_colon(text: str, end: int) -> bool:
    """``text[:end].rstrip().endswith(":")``, without copying the text before."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] == ":"


_MULTIPLIER_AFTER = re.compile(
    r"\s+(?:more|less|fewer|higher|lower|bigger|larger|greater|smaller|as|the|faster|over)\b",
    re.IGNORECASE,
)


def _glued_unit(match: re.Match[str], context: _Context) -> _Found | None:
    parsed = _number(match.group("n"), context.lex)
    if parsed is None or parsed[1] or parsed[0] <= 0:
        return None
    return _Found(FactKind.QUANTITY, f"{_fmt(parsed[0])} {match.group('u')}", *match.span())


def _looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2099


def _noun_phrase(words: list[str], lex: _Lexicon) -> tuple[int, bool] | None:
    """How many of ``words`` (1 or 2) make the counted noun phrase, and whether it is a unit."""
    first = words[0]
    if first.casefold() in lex.units:
        return 1, True
    if lex.is_noun(first):
        if len(words) > 1 and lex.code == "en" and first in _EN_PLURALS and _en_noun(words[1]):
            return 2, False  # "20 police officers"
        return 1, False
    if len(words) > 1 and lex.is_modifier(first):
        second = words[1]
        if second.casefold() in lex.units:
            return 2, True
        if lex.is_noun(second):
            return 2, False
    return None


# Function words: never a counted noun, never the noun after "a 10-year".
_FUNCTION_WORDS = frozenset(
    """
    a an the of and or but nor to in on at for from by with as is was were are be been being has
    have had do does did that which who whom whose this these those than then there here per
    into onto over under after before about around since until while when where why how if so
    not no yet also only just more most less least other others such same each every all both
    any some many much few several very too its his her their our your my me him them us we
    you they she he it i what ago old later earlier each said says according
    """.split()
)
_EN_PLURALS = frozenset(
    """
    people men women children police staff personnel cattle sheep fish feet teeth crew deer
    aircraft media geese mice troops folk offspring
    """.split()
)
_EN_NOT_NOUNS = _FUNCTION_WORDS | frozenset(
    """
    things ways sides others ones always perhaps towards afterwards sometimes besides
    whereas nevertheless across includes includes unless thus plus versus minus hours minutes
    seconds days weeks months years decades centuries percent cents pence whereabouts news
    olds dollars euros
    """.split()
)


def _en_noun(word: str) -> bool:
    if not word[:1].islower():
        return False
    folded = word.casefold().rstrip("'’")
    if folded in _EN_PLURALS:
        return True
    return (
        len(folded) >= 4
        and folded.endswith("s")
        and not folded.endswith(("ss", "us", "is", "'s", "’s"))
        and folded not in _EN_NOT_NOUNS
    )


def _en_modifier(word: str) -> bool:
    folded = word.casefold()
    return folded not in _FUNCTION_WORDS and folded not in _EN_NUMBER_WORDS and len(folded) > 1


_RU_NOT_NOUNS = frozenset(
    """
    раз раза больше меньше более менее из на по до от за при для без под над как что это где или
    лет года год году месяцев месяца недель дней часов минут процентов процента место тысяч
    тысячи миллионов миллиона млн млрд тыс
    """.split()
)
_RU_VERB_ENDINGS = ("ли", "ла", "ло", "ся", "сь", "ть", "ёт", "ют", "ешь", "ишь")
_RU_ADJECTIVE_ENDINGS = tuple(
    "ых их ый ий ой ая яя ое ее ые ие ого его ому ему ым им ыми ими ую юю".split()
)
# Endings no Russian noun has: "новые", "старых" are adjectives, never the counted noun.
_RU_ADJECTIVE_ONLY = tuple("ых ые ый ого его ому ему ыми ими ую юю ая яя ое".split())


def _ru_noun(word: str) -> bool:
    folded = word.casefold()
    if not word[:1].islower() or not _CYRILLIC.fullmatch(folded) or len(folded) < 3:
        return False
    if folded == "человек":
        return True
    return (
        folded not in _RU_NOT_NOUNS
        and not folded.endswith(_RU_VERB_ENDINGS)
        and not folded.endswith(_RU_ADJECTIVE_ONLY)
    )


def _ru_modifier(word: str) -> bool:
    folded = word.casefold()
    return len(folded) >= 4 and folded.endswith(_RU_ADJECTIVE_ENDINGS)


_CYRILLIC = re.compile(r"[а-яё-]+")


def _de_noun(word: str) -> bool:
    return word[:1].isupper() and len(word) >= 3 and word.casefold() not in _DE_NOT_NOUNS


def _de_modifier(word: str) -> bool:
    return word[:1].islower() and len(word) >= 4 and word.casefold() not in _DE_FUNCTION


_DE_NOT_NOUNS = frozenset(
    "uhr prozent euro dollar jahre jahren jahr monate monaten wochen tage tagen stunden mal "
    "millionen milliarden mio mrd tausend".split()
)
_DE_FUNCTION = frozenset(
    "und oder der die das den dem des ein eine einer eines einem mit von bis für auf aus bei nach "
    "vor über unter nicht mehr weniger als wie sind waren haben hatten wurden werden".split()
)


def _romance_noun(endings: tuple[str, ...], stop: frozenset[str]) -> Callable[[str], bool]:
    def is_noun(word: str) -> bool:
        folded = word.casefold()
        return (
            word[:1].islower()
            and len(folded) >= 4
            and folded.endswith(endings)
            and folded not in stop
        )

    return is_noun


def _no_modifier(_word: str) -> bool:
    return False


# --- lexicons ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """What one language needs: number words, months, units and the phrasing of each kind."""

    code: str
    digits: str  # a number in figures, no lookarounds
    group_dot: bool  # "1.000" groups thousands (and "," is the decimal mark)
    numbers: Mapping[str, Decimal]  # number words, casefolded
    multipliers: Mapping[str, Decimal]  # "hundred", "dozen": multiply what precedes
    scales: Mapping[str, Decimal]  # words and abbreviations after a number: "million", "млн"
    glued_scales: Mapping[str, Decimal]  # only glued to figures: "£200m", "$3bn"
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
    numeric_dates: bool  # "12.03.2024" is day-first
    time_units: Mapping[str, tuple[str, int, bool]]  # word -> (designator, multiplier, singular)
    relative: tuple[tuple[str, int, str], ...]  # (template, sign, words one of which it needs)
    directions: Mapping[str, int]  # "last" -> -1, "next" -> 1
    ages: tuple[str, ...]
    age_stems: Mapping[str, int]  # Russian "пяти" (пятилетний) -> 5
    percent: str
    currency_words: Mapping[str, str]
    weak_currency_words: frozenset[str]  # money only with a scale word
    currency_link: str
    units: frozenset[str]
    glued_units: str
    labels: str  # words before a number that is a label, not a fact: "No.", "section"
    capital_block: bool  # a capitalised word is a name (not a German noun)
    is_noun: Callable[[str], bool]
    is_modifier: Callable[[str], bool]

    @property
    def digits_re(self) -> re.Pattern[str]:
        return _digits_pattern(self.digits)


@cache
def _digits_pattern(digits: str) -> re.Pattern[str]:
    return re.compile(digits)


def _alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first, of literal words (spaces match any space)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return "(?!)"  # matches nothing
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _units(*specs: tuple[str, str, int, str]) -> dict[str, tuple[str, int, bool]]:
    """(plural forms, designator, multiplier, singular forms) -> word -> unit."""
    table: dict[str, tuple[str, int, bool]] = {}
    for plural, designator, multiplier, singular in specs:
        for word in plural.split():
            table[word.casefold()] = (designator, multiplier, False)
        for word in singular.split():
            table[word.casefold()] = (designator, multiplier, True)
    return table


def _months(*forms: str) -> dict[str, int]:
    """Twelve space-separated groups of "|"-joined forms, January first."""
    table: dict[str, int] = {}
    for month, group in enumerate(forms, start=1):
        for form in group.split("|"):
            table[form] = month
    return table


def _numbers(spec: str) -> dict[str, Decimal]:
    """ "one=1 two|both=2" -> {"one": 1, "two": 2, "both": 2} (forms casefolded)."""
    table: dict[str, Decimal] = {}
    for entry in spec.split():
        forms, value = entry.split("=")
        for form in forms.split("|"):
            table[form.casefold()] = Decimal(value)
    return table


def _pairs(spec: str) -> dict[str, str]:
    """ "us dollars=USD, euros=EUR" -> {"us dollars": "USD", "euros": "EUR"}."""
    return dict(entry.strip().split("=") for entry in spec.split(",") if entry.strip())


def _phrases(spec: str) -> list[str]:
    """Comma-separated phrases: "in, end of, the year"."""
    return [phrase.strip() for phrase in spec.split(",") if phrase.strip()]


def _capitalised(forms: Iterable[str]) -> tuple[str, ...]:
    forms = tuple(forms)
    return forms + tuple(form[:1].upper() + form[1:] for form in forms)


_EN_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_SPACE_DIGITS = r"(?:[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?"
_DOT_DIGITS = (
    r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:[\u00a0\u202f\u2009][0-9]{3})+|[0-9]+)"
    r"(?:,[0-9]+)?"
)

_EN_NUMBER_WORDS = _numbers(
    "one=1 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10 eleven=11 twelve=12 "
    "thirteen=13 fourteen=14 fifteen=15 sixteen=16 seventeen=17 eighteen=18 nineteen=19 "
    "twenty=20 thirty=30 forty=40 fifty=50 sixty=60 seventy=70 eighty=80 ninety=90"
)
_RU_NUMBER_WORDS = _numbers(
    "один|одна|одно|одного|одной|одному|одним|одном|одну=1 два|две|двух|двум|двумя=2 "
    "три|трёх|трех|трём|трем|тремя=3 четыре|четырёх|четырех|четырём|четырем|четырьмя=4 "
    "пять|пяти|пятью=5 шесть|шести|шестью=6 семь|семи=7 восемь|восьми|восемью|восьмью=8 "
    "девять|девяти|девятью=9 десять|десяти|десятью=10 полтора|полторы|полутора=1.5 "
    "сорок|сорока=40 пятьдесят|пятидесяти=50 шестьдесят|шестидесяти=60 "
    "семьдесят|семидесяти=70 восемьдесят|восьмидесяти=80 девяносто|девяноста=90 сто|ста=100 "
    "двести|двухсот=200 триста|трёхсот|трехсот=300 четыреста|четырёхсот|четырехсот=400 "
    "пятьсот|пятисот=500 шестьсот|шестисот=600 семьсот|семисот=700 восемьсот|восьмисот=800 "
    "девятьсот|девятисот=900"
)
# 11..20 and 30 decline alike: одиннадцать, одиннадцати, одиннадцатью.
_RU_NUMBER_WORDS.update(
    (stem + ending, Decimal(value))
    for stem, value in _pairs(
        "одиннадцат=11, двенадцат=12, тринадцат=13, четырнадцат=14, пятнадцат=15, "
        "шестнадцат=16, семнадцат=17, восемнадцат=18, девятнадцат=19, двадцат=20, тридцат=30"
    ).items()
    for ending in ("ь", "и", "ью")
)
# "пятилетний" (five-year-old): the number stems of compound adjectives.
_RU_AGE_STEMS = {
    stem: int(value)
    for stem, value in _pairs(
        "одно=1, двух=2, трёх=3, трех=3, четырёх=4, четырех=4, пяти=5, шести=6, семи=7, "
        "восьми=8, девяти=9, десяти=10, одиннадцати=11, двенадцати=12, пятнадцати=15, "
        "двадцати=20, тридцати=30, сорока=40, пятидесяти=50, шестидесяти=60, семидесяти=70, "
        "восьмидесяти=80, девяноста=90, ста=100"
    ).items()
}
# After "N-летний": a span of time, so a duration ("10-летний срок"), not an age.
_RU_SPAN_NOUNS = tuple(
    "контракт срок заключени период перерыв план мораторий опыт стаж истори юбиле войн договор "
    "соглашени програм цикл отсутстви правлени пауз тюремн лишени мандат".split()
)

_EN_WORD_UNITS = frozenset(
    """
    km kms kilometres kilometers kilometre kilometer miles mile metres meters metre meter cm
    centimetres centimeters mm millimetres ft feet foot inches inch yards yard kg kgs kilograms
    kilogrammes kilos grams tonnes tons tonne ton lbs lb ounces oz litres liters litre liter
    gallons gallon barrels acres acre hectares hectare mph knots degrees calories megawatts
    gigawatts kilowatts mw gw kwh volts watts pounds
    """.split()
)

_CAPITAL_EXEMPT = frozenset(
    """
    In On At By Since From To Of For With After Before Until Till During About Around Nearly
    Almost Over Under Some Only Just More Fewer Less Than All The And Or But Another Roughly
    Approximately Exactly Top Between Among Age Aged Up Down Circa Plus Minus Per
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri
    Sat Sun USD EUR GBP RUB JPY CNY CHF CAD AUD INR UAH BRL HKD KRW TRY PLN SEK NOK DKK NZD SGD
    KZT En Le La Les Depuis Dans De Du Des Il Hace Desde Con Por Para Entre Los Las El Al Del
    Nel Dal Tra Fra Da Em Os As Até Na Nos Nas Im Am Seit Vor Nach Bis Ab Um Rund Etwa Fast
    Jahr Jahre Jahren Insgesamt Mehr Über Knapp Year Years Class Summer Spring Autumn
    Winter Fall Early Late Mid Through Throughout When Where While If Although Though As Within
    Across Without Those These Then Now Today Yesterday Already Still Even Also Each Every Fully
    Barely Precisely Estimated Perhaps Maybe Both Above Below Beyond Despite Including Like
    Unlike Via Against Toward Towards Along Behind Upon Yet So Because Once Whereas Almost A An
    """.split()
)

_SYMBOLS = _pairs(
    "US$=USD, U.S.$=USD, $=USD, A$=AUD, AU$=AUD, C$=CAD, CA$=CAD, NZ$=NZD, HK$=HKD, S$=SGD, "
    "R$=BRL, £=GBP, €=EUR, ¥=JPY, ₽=RUB, ₹=INR, ₴=UAH, ₺=TRY, ₩=KRW"
)
_SYMBOLS_RE = r"(?:US\$|U\.S\.\s?\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|\$|£|€|¥|₽|₹|₴|₺|₩)"
_CODES = frozenset(
    "USD EUR GBP RUB JPY CNY CHF CAD AUD INR UAH BRL HKD KRW TRY PLN SEK NOK DKK NZD SGD KZT "
    "BYN MXN ZAR".split()
)
_CODES_RE = "(?-i:" + "|".join(sorted(_CODES)) + ")"

_EN_MONTHS = _months(
    "January|Jan",
    "February|Feb",
    "March|Mar",
    "April|Apr",
    "May",
    "June|Jun",
    "July|Jul",
    "August|Aug",
    "September|Sept|Sep",
    "October|Oct",
    "November|Nov",
    "December|Dec",
)
_EN_MONTH_FORMS = (
    *_EN_MONTHS,
    *(f"{form}." for form in _EN_MONTHS if len(form) <= 4 and form not in ("May", "June")),
)

_LEXICONS: dict[str, _Lexicon] = {}

_LEXICONS["en"] = _Lexicon(
    code="en",
    digits=_EN_DIGITS,
    group_dot=False,
    numbers=_EN_NUMBER_WORDS,
    multipliers=_numbers("hundred=100 dozen=12 half=0.5"),
    scales=_numbers("thousand=1E3 million|mn=1E6 billion|bn=1E9 trillion|tn=1E12"),
    glued_scales=_numbers("k=1E3 m=1E6 b=1E9"),
    lone_scales=r"(?:half\s+)?an?\s+(?:hundred|thousand|million|billion|trillion|dozen)",
    number_link="and",
    fillers=frozenset({"and", "a", "an"}),
    months={k.casefold(): v for k, v in _EN_MONTHS.items()},
    month_forms=_EN_MONTH_FORMS,
    day=r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?(?![\w])",
    day_month=r"\s+(?:of\s+)?",
    month_year=r",?\s+",
    month_first=True,
    month_preps=_alt(
        _phrases(
            "in, since, until, till, by, from, last, next, this, early, late, mid, during, of, "
            "before, after, through, throughout, between, and, to, end of, start of, "
            "beginning of, the end of, the start of, middle of"
        )
    ),
    year_preps=_alt(
        _phrases(
            "in, since, by, from, until, till, to, before, after, during, of, between, and, "
            "around, circa, early, late, mid, through, end of, start of, beginning of, "
            "summer of, spring of, autumn of, winter of, fall of, the year, as of, back in, the, "
            "class of"
        )
    ),
    year_words="",
    numeric_dates=False,
    time_units=_units(
        ("years", "Y", 1, "year"),
        ("months", "M", 1, "month"),
        ("weeks", "W", 1, "week"),
        ("days", "D", 1, "day"),
        ("hours", "H", 1, "hour"),
        ("minutes", "MIN", 1, "minute"),
        ("seconds", "S", 1, "second"),
        ("decades", "Y", 10, "decade"),
        ("centuries", "Y", 100, "century"),
        ("fortnights", "W", 2, "fortnight"),
    ),
    relative=(
        (r"(?<![\w])(?P<f>(?:(?P<n>@NUM@)|an?)\s+(?P<u>@UNIT@)\s+ago)(?![\w])", -1, "ago"),
        (
            r"(?<![\w])(?P<f>in\s+(?P<n>@NUM@)\s+(?P<u>@UNIT@)(?:['’]\s*time)?)"
            r"(?![\w])(?!\s+of\b)",
            1,
            "in",
        ),
        (
            r"(?<![\w])(?<!the\s)(?P<f>(?P<dir>last|next)\s+"
            r"(?P<u>week|month|year|decade|fortnight))(?![\w])",
            0,
            "last next",
        ),
    ),
    directions={"last": -1, "next": 1},
    ages=(
        r"(?P<f>(?P<n>@NUM@)[-\s](?P<u>year|month|week|day)s?[-\s]olds?)(?![\w])",
        r"(?<![\w])(?P<f>aged?\s+(?P<n>[0-9]{1,3}))(?![0-9]|[.,][0-9]|[-–]?[0-9])",
        r"(?<![\w])(?P<f>(?:at\s+)?the\s+age\s+of\s+(?P<n>@NUM@))(?![\w])",
    ),
    age_stems={},
    percent=r"(?:\s?%|\s?pc(?![\w])|\s+per\s?cent(?![\w])|\s+percent(?![\w]))",
    currency_words=_pairs(
        "dollars=USD, us dollars=USD, euros=EUR, euro=EUR, pounds=GBP, pounds sterling=GBP, "
        "sterling=GBP, yen=JPY, yuan=CNY, renminbi=CNY, rupees=INR, roubles=RUB, rubles=RUB, "
        "swiss francs=CHF, hryvnias=UAH"
    ),
    weak_currency_words=frozenset({"pounds"}),
    currency_link=r"\s+",
    units=_EN_WORD_UNITS,
    glued_units="km|kg|mph|mm|cm|ft|lbs|lb|mw|gw|kwh|mg|g|ml|oz",
    labels=(
        "number no nos nr n° nº № # section article chapter page pages paragraph flight route "
        "highway interstate channel level stage round group game episode part line platform "
        "gate seat row lane bus category class grade phase version model volume issue room "
        "apartment suite floor terminal ward bed hole lap rule amendment item pp vol ch art § "
        "tier series division district precinct unit zone act clause schedule exhibit"
    ),
    capital_block=True,
    is_noun=_en_noun,
    is_modifier=_en_modifier,
)

_RU_MONTHS = _months(
    "январь|января|январе",
    "февраль|февраля|феврале",
    "март|марта|марте",
    "апрель|апреля|апреле",
    "май|мая|мае",
    "июнь|июня|июне",
    "июль|июля|июле",
    "август|августа|августе",
    "сентябрь|сентября|сентябре",
    "октябрь|октября|октябре",
    "ноябрь|ноября|ноябре",
    "декабрь|декабря|декабре",
)
_RU_UNITS = _units(
    ("лет года годам годами годах", "Y", 1, "год"),
    ("месяца месяцев месяцам месяцами", "M", 1, "месяц"),
    ("недели недель неделям неделями", "W", 1, "неделю неделя"),
    ("дня дней дням днями суток", "D", 1, "день сутки"),
    ("часа часов", "H", 1, "час"),
    ("минуты минут", "MIN", 1, "минуту"),
    ("секунды секунд", "S", 1, "секунду"),
    ("десятилетия десятилетий", "Y", 10, "десятилетие"),
    ("века веков", "Y", 100, "век"),
    ("", "M", 6, "полгода"),
)
_LEXICONS["ru"] = _Lexicon(
    code="ru",
    digits=_SPACE_DIGITS,
    group_dot=False,
    numbers=_RU_NUMBER_WORDS,
    multipliers={},
    scales=_numbers(
        "тыс|тысяча|тысячи|тысяч|тысячу|тысячей|тысячам|тысячами=1E3 "
        "млн|миллион|миллиона|миллионов|миллионам|миллионами=1E6 "
        "млрд|миллиард|миллиарда|миллиардов|миллиардам|миллиардами=1E9 "
        "трлн|триллион|триллиона|триллионов=1E12"
    ),
    glued_scales={},
    lone_scales=r"(?:тысяча|тысячу|миллион|миллиона|миллиард|миллиарда)",
    number_link="",
    fillers=frozenset({"и"}),
    months=_RU_MONTHS,
    month_forms=_capitalised(_RU_MONTHS),
    day=r"(?P<d>[0-3]?[0-9])(?![0-9])",
    day_month=r"\s+",
    month_year=r"\s+",
    month_first=False,
    month_preps=_alt(
        _phrases(
            "в, во, с, со, до, к, по, от, после, начале, конце, середине, начала, конца, "
            "середины, в течение, с начала, до конца"
        )
    ),
    year_preps=_alt(
        _phrases(
            "в, во, с, со, до, после, к, от, по, между, начиная, весной, летом, осенью, зимой, "
            "начала, конца, середины, в начале, в конце, в середине"
        )
    ),
    year_words=r"(?:году|года|годом|год|гг\.|г\.)(?![\w])",
    numeric_dates=True,
    time_units=_RU_UNITS,
    relative=(
        (r"(?<![\w])(?P<f>(?:(?P<n>@NUM@)\s+)?(?P<u>@UNIT@)\s+назад)(?![\w])", -1, "назад"),
        (r"(?<![\w])(?P<f>через\s+(?:(?P<n>@NUM@)\s+)?(?P<u>@UNIT@))(?![\w])", 1, "через"),
        (
            r"(?<![\w])(?P<f>(?:на|в)\s+(?P<dir>(?:поза)?прошл(?:ой|ом)|минувш(?:ей|ем)"
            r"|следующ(?:ей|ем)|будущ(?:ей|ем))\s+(?P<u>неделе|году|месяце))(?![\w])",
            0,
            "неделе году месяце",
        ),
    ),
    directions={
        **dict.fromkeys("прошлой прошлом минувшей минувшем".split(), -1),
        **dict.fromkeys("позапрошлой позапрошлом".split(), -2),
        **dict.fromkeys("следующей следующем будущей будущем".split(), 1),
    },
    ages=(
        r"(?<![\w.,\-/])(?P<f>(?P<n>[0-9]{1,3})-(?P<letn>летн)[а-яё]*)(?![\w])",
        r"(?<![\w-])(?P<f>(?P<stem>@AGESTEM@)(?P<letn>летн)[а-яё]*)(?![\w])",
        r"(?<![\w])(?P<f>в\s+возрасте\s+(?P<n>@NUM@)(?:\s+(?:лет|года|год))?)(?![\w])",
        # "Ему 45 лет", "Сергей Иванов, 54 года, заявил"
        r"(?<![\w])(?:ему|ей)\s+(?P<f>(?P<n>@NUM@)\s+(?:лет|года|год))(?![\w])",
        r"(?<![\w])(?-i:[А-ЯЁ])[\w-]*,\s+(?P<f>(?P<n>[0-9]{1,3})\s+(?:лет|года|год)),",
    ),
    age_stems=_RU_AGE_STEMS,
    percent=r"(?:\s?%|\s+процент(?:ов|а)?(?![\w])|\s+проц\.)",
    currency_words=_pairs(
        "доллар=USD, доллара=USD, долларов=USD, долларам=USD, долл.=USD, долл=USD, евро=EUR, "
        "рубль=RUB, рубля=RUB, рублей=RUB, рублям=RUB, руб.=RUB, руб=RUB, фунт=GBP, "
        "фунта=GBP, фунтов=GBP, фунтов стерлингов=GBP, фунта стерлингов=GBP, "
        "фунт стерлингов=GBP, юань=CNY, юаня=CNY, юаней=CNY, иена=JPY, иены=JPY, иен=JPY, "
        "йен=JPY, гривна=UAH, гривны=UAH, гривен=UAH, франк=CHF, франка=CHF, франков=CHF, "
        "тенге=KZT"
    ),
    weak_currency_words=frozenset({"фунт", "фунта", "фунтов"}),
    currency_link=r"\s+",
    units=frozenset(
        """
        км километров километра километр метров метра метр см сантиметров кг килограммов
        килограмма грамм граммов тонн тонны тонна литров литра литр гектаров гектара га
        градусов градуса баррелей мегаватт
        """.split()
    ),
    glued_units="км|кг",
    labels=(
        "№ номер номера дом д. статья статьи статьей ст. ч. п. пункт глава рейс рейса маршрут "
        "корпус кв. квартира тур раунд этап линия стр. гл."
    ),
    capital_block=True,
    is_noun=_ru_noun,
    is_modifier=_ru_modifier,
)

_DE_MONTHS = _months(
    "januar|jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)
_LEXICONS["de"] = _Lexicon(
    code="de",
    digits=_DOT_DIGITS,
    group_dot=True,
    numbers=_numbers(
        "zwei=2 drei=3 vier=4 fünf=5 sechs=6 sieben=7 acht=8 neun=9 zehn=10 elf=11 zwölf=12 "
        "zwanzig=20 dreißig=30 vierzig=40 fünfzig=50 hundert=100"
    ),
    multipliers={},
    scales=_numbers(
        "tsd|tausend=1E3 mio|million|millionen=1E6 mrd|milliarde|milliarden=1E9 "
        "billion|billionen=1E12"
    ),
    glued_scales={},
    lone_scales=r"(?:eine\s+)?(?:Million|Milliarde)|tausend",
    number_link="",
    fillers=frozenset({"eine", "ein", "einer"}),
    months=_DE_MONTHS,
    month_forms=tuple(month.capitalize() for month in _DE_MONTHS),
    day=r"(?P<d>[0-3]?[0-9])\.",
    day_month=r"\s*",
    month_year=r"\s+",
    month_first=False,
    month_preps=_alt(
        _phrases("im, seit, bis, ab, von, vom, Anfang, Ende, Mitte, nach, vor, zum, bis zum")
    ),
    year_preps=_alt(
        _phrases(
            "seit, bis, ab, von, vor, nach, in, zwischen, und, Anfang, Ende, Mitte, Frühjahr, "
            "Sommer, Herbst, Winter, um, Jahr, im Jahr, im Jahre, bis zum Jahr"
        )
    ),
    year_words="",
    numeric_dates=True,
    time_units=_units(
        ("Jahre Jahren", "Y", 1, "Jahr"),
        ("Monate Monaten", "M", 1, "Monat"),
        ("Wochen", "W", 1, "Woche"),
        ("Tage Tagen", "D", 1, "Tag"),
        ("Stunden", "H", 1, "Stunde"),
        ("Minuten", "MIN", 1, "Minute"),
        ("Sekunden", "S", 1, "Sekunde"),
        ("Jahrzehnte Jahrzehnten", "Y", 10, "Jahrzehnt"),
        ("Jahrhunderte Jahrhunderten", "Y", 100, "Jahrhundert"),
    ),
    relative=(
        (
            r"(?<![\w])(?P<f>vor\s+(?:(?:einem|einer)\s+|(?P<n>@NUM@)\s+)?(?P<u>@UNIT@))"
            r"(?![\w])",
            -1,
            "vor",
        ),
        (r"(?<![\w])(?P<f>in\s+(?P<n>@NUM@)\s+(?P<u>@UNIT@))(?![\w])", 1, "in"),
        (
            r"(?<![\w])(?P<f>(?P<dir>(?:letzte|vergangene|vorige|nächste|kommende)[nrs]?)\s+"
            r"(?P<u>Woche|Monat|Jahr))(?![\w])",
            0,
            "woche monat jahr",
        ),
    ),
    directions={
        **{
            f"{stem}{end}": -1
            for stem in ("letzte", "vergangene", "vorige")
            for end in ("", "n", "r", "s")
        },
        **{f"{stem}{end}": 1 for stem in ("nächste", "kommende") for end in ("", "n", "r", "s")},
    },
    ages=(
        r"(?<![\w.,\-/])(?P<f>(?P<n>[0-9]{1,3})-?[Jj]ährige[nmrs]?)(?![\w])",
        r"(?<![\w])(?P<f>im\s+Alter\s+von\s+(?P<n>@NUM@)\s+Jahren)(?![\w])",
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+Jahre\s+alt)(?![\w])",
    ),
    age_stems={},
    percent=r"(?:\s?%|\s+Prozent(?![\w]))",
    currency_words=_pairs(
        "euro=EUR, dollar=USD, us-dollar=USD, pfund=GBP, franken=CHF, rubel=RUB, yen=JPY, yuan=CNY"
    ),
    weak_currency_words=frozenset({"pfund"}),
    currency_link=r"\s+",
    units=frozenset(
        "km kilometer meter zentimeter kilogramm kg tonnen tonne liter hektar grad "
        "quadratkilometer barrel megawatt".split()
    ),
    glued_units="km|kg",
    labels=(
        "nr nr. artikel art. paragraf paragraph § kapitel seite s. platz gleis linie zimmer "
        "haus flug runde spieltag band heft abs."
    ),
    capital_block=False,
    is_noun=_de_noun,
    is_modifier=_de_modifier,
)

_FR_MONTHS = _months(
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_FR_STOP = frozenset(
    "des les mois fois plus moins sous dans sans vers après depuis chez pas très mais nous vous "
    "ils elles leurs ans heures jours semaines euros dollars millions milliards".split()
)
_LEXICONS["fr"] = _Lexicon(
    code="fr",
    digits=_SPACE_DIGITS,
    group_dot=False,
    numbers=_numbers(
        "deux=2 trois=3 quatre=4 cinq=5 six=6 sept=7 huit=8 neuf=9 dix=10 onze=11 douze=12 "
        "vingt=20 trente=30 quarante=40 cinquante=50 cent=100"
    ),
    multipliers={},
    scales=_numbers(
        "mille=1E3 million|millions=1E6 milliard|milliards|md=1E9 billion|billions=1E12"
    ),
    glued_scales={},
    lone_scales=r"(?:un\s+)?(?:million|milliard)|mille",
    number_link="et",
    fillers=frozenset({"un", "une", "et"}),
    months=_FR_MONTHS,
    month_forms=_capitalised(_FR_MONTHS),
    day=r"(?P<d>[0-3]?[0-9])(?:er)?(?![\w])",
    day_month=r"\s+",
    month_year=r"\s+",
    month_first=False,
    month_preps=_alt(
        _phrases(
            "en, depuis, fin, début, courant, avant, après, dès, jusqu'en, jusqu’en, au mois de, "
            "le mois de"
        )
    ),
    year_preps=_alt(
        _phrases(
            "en, depuis, dès, avant, après, de, à, entre, et, vers, fin, début, jusqu'en, "
            "jusqu’en, d'ici, d’ici, l'année, l’année, l'an, l’an"
        )
    ),
    year_words="",
    numeric_dates=True,
    time_units=_units(
        ("ans années", "Y", 1, "an année"),
        ("", "M", 1, "mois"),
        ("semaines", "W", 1, "semaine"),
        ("jours", "D", 1, "jour"),
        ("heures", "H", 1, "heure"),
        ("minutes", "MIN", 1, "minute"),
        ("secondes", "S", 1, "seconde"),
        ("décennies", "Y", 10, "décennie"),
        ("siècles", "Y", 100, "siècle"),
    ),
    relative=(
        (
            r"(?<![\w])(?P<f>il\s+y\s+a\s+(?:(?P<n>@NUM@)\s+|(?:un|une)\s+)?(?P<u>@UNIT@))"
            r"(?![\w])",
            -1,
            "il",
        ),
        (r"(?<![\w])(?P<f>dans\s+(?:(?P<n>@NUM@)|un|une)\s+(?P<u>@UNIT@))(?![\w])", 1, "dans"),
        (
            r"(?<![\w])(?P<f>(?:la|le|l['’])\s*(?P<u>semaine|mois|année|an)\s+"
            r"(?P<dir>dernière|dernier|passée|passé|prochaine|prochain))(?![\w])",
            0,
            "dernière dernier passée passé prochaine prochain",
        ),
    ),
    directions={
        **dict.fromkeys("dernière dernier passée passé".split(), -1),
        **dict.fromkeys("prochaine prochain".split(), 1),
    },
    ages=(r"(?<![\w])(?P<f>âgée?s?\s+de\s+(?P<n>@NUM@)\s+(?P<u>ans))(?![\w])",),
    age_stems={},
    percent=r"(?:\s?%|\s+pour\s?cent(?![\w]))",
    currency_words=_pairs(
        "euros=EUR, euro=EUR, dollars=USD, livres sterling=GBP, francs suisses=CHF, "
        "francs=CHF, roubles=RUB, yens=JPY, yuans=CNY"
    ),
    weak_currency_words=frozenset(),
    currency_link=r"(?:\s+de\s+|\s+d['’]\s*|\s+)",
    units=frozenset(
        "km kilomètres mètres centimètres kg kilos kilogrammes tonnes litres hectares degrés "
        "barils mégawatts".split()
    ),
    glued_units="km|kg",
    labels="n° nº numéro article art. chapitre page p. ligne salle vol chambre étage tome journée",
    capital_block=True,
    is_noun=_romance_noun(("s", "x"), _FR_STOP),
    is_modifier=_no_modifier,
)

_ES_MONTHS = _months(
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre|setiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_ES_STOP = frozenset(
    "las los unas unos más menos años veces meses semanas días horas después antes entre tras "
    "hasta desde nos sus mis tus pues además euros dólares millones".split()
)
_LEXICONS["es"] = _Lexicon(
    code="es",
    digits=_DOT_DIGITS,
    group_dot=True,
    numbers=_numbers(
        "dos=2 tres=3 cuatro=4 cinco=5 seis=6 siete=7 ocho=8 nueve=9 diez=10 once=11 doce=12 "
        "veinte=20 treinta=30 cuarenta=40 cincuenta=50 cien|ciento=100"
    ),
    multipliers={},
    scales={
        **_numbers("mil=1E3 millón|millon|millones=1E6 billón|billones=1E12"),
        "mil millones": Decimal("1E9"),
    },
    glued_scales={},
    lone_scales=r"(?:un\s+)?millón|mil",
    number_link="y",
    fillers=frozenset({"un", "una", "uno", "y"}),
    months=_ES_MONTHS,
    month_forms=_capitalised(_ES_MONTHS),
    day=r"(?P<d>[0-3]?[0-9])[°º]?(?![\w])",
    day_month=r"\s+de\s+",
    month_year=r"\s+(?:de|del)\s+",
    month_first=False,
    month_preps=_alt(
        _phrases(
            "en, desde, hasta, de, para, a finales de, a principios de, a mediados de, "
            "antes de, después de"
        )
    ),
    year_preps=_alt(
        _phrases(
            "en, desde, hasta, de, del, para, entre, y, año, antes de, después de, finales de, "
            "principios de, mediados de"
        )
    ),
    year_words="",
    numeric_dates=True,
    time_units=_units(
        ("años", "Y", 1, "año"),
        ("meses", "M", 1, "mes"),
        ("semanas", "W", 1, "semana"),
        ("días", "D", 1, "día"),
        ("horas", "H", 1, "hora"),
        ("minutos", "MIN", 1, "minuto"),
        ("segundos", "S", 1, ""),
        ("décadas", "Y", 10, "década"),
        ("siglos", "Y", 100, "siglo"),
    ),
    relative=(
        (r"(?<![\w])(?P<f>hace\s+(?:(?P<n>@NUM@)|un|una)\s+(?P<u>@UNIT@))(?![\w])", -1, "hace"),
        (
            r"(?<![\w])(?P<f>dentro\s+de\s+(?:(?P<n>@NUM@)|un|una)\s+(?P<u>@UNIT@))(?![\w])",
            1,
            "dentro",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|el)\s+(?P<u>semana|mes|año)\s+"
            r"(?P<dir>pasada|pasado|que\s+viene))(?![\w])",
            0,
            "pasada pasado viene",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|el)\s+(?P<dir>próxima|próximo)\s+(?P<u>semana|mes|año))"
            r"(?![\w])",
            0,
            "próxima próximo",
        ),
    ),
    directions={"pasada": -1, "pasado": -1, "que viene": 1, "próxima": 1, "próximo": 1},
    ages=(
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+(?P<u>años)\s+de\s+edad)(?![\w])",
        r"(?<![\w])(?P<f>edad\s+de\s+(?P<n>@NUM@)\s+(?P<u>años))(?![\w])",
    ),
    age_stems={},
    percent=r"(?:\s?%|\s+por\s+ciento(?![\w]))",
    currency_words=_pairs(
        "euros=EUR, dólares=USD, libras=GBP, libras esterlinas=GBP, rublos=RUB, yenes=JPY, "
        "yuanes=CNY"
    ),
    weak_currency_words=frozenset({"libras"}),
    currency_link=r"(?:\s+de\s+|\s+)",
    units=frozenset(
        "km kilómetros metros centímetros kg kilos kilogramos toneladas litros hectáreas grados "
        "barriles megavatios".split()
    ),
    glued_units="km|kg",
    labels=(
        "n.º nº núm. número artículo art. capítulo página pág. línea vuelo sala planta jornada tomo"
    ),
    capital_block=True,
    is_noun=_romance_noun(("s",), _ES_STOP),
    is_modifier=_no_modifier,
)

_IT_MONTHS = _months(
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)
_IT_STOP = frozenset(
    "anni mesi giorni settimane volte delle degli alle nelle sulle dalle sono hanno erano come "
    "oltre anche ancora mila milioni miliardi euro dollari mille meno".split()
)
_LEXICONS["it"] = _Lexicon(
    code="it",
    digits=_DOT_DIGITS,
    group_dot=True,
    numbers=_numbers(
        "due=2 tre=3 quattro=4 cinque=5 sei=6 sette=7 otto=8 nove=9 dieci=10 undici=11 "
        "dodici=12 venti=20 trenta=30 quaranta=40 cinquanta=50 cento=100"
    ),
    multipliers={},
    scales=_numbers("mila|mille=1E3 milione|milioni|mln=1E6 miliardo|miliardi|mld=1E9"),
    glued_scales={},
    lone_scales=r"(?:un\s+)?(?:milione|miliardo)|mille",
    number_link="",
    fillers=frozenset({"un", "uno", "una"}),
    months=_IT_MONTHS,
    month_forms=_capitalised(_IT_MONTHS),
    day=r"(?P<d>[0-3]?[0-9])[°º]?(?![\w])",
    day_month=r"\s+",
    month_year=r"\s+(?:del\s+)?",
    month_first=False,
    month_preps=_alt(
        _phrases(
            "a, ad, in, da, di, entro, inizio, fine, metà, fino a, a fine, nel mese di, dal mese di"
        )
    ),
    year_preps=_alt(
        _phrases(
            "nel, dal, al, del, il, anno, entro il, fino al, e il, tra il, fra il, prima del, "
            "dopo il"
        )
    ),
    year_words="",
    numeric_dates=True,
    time_units=_units(
        ("anni", "Y", 1, "anno"),
        ("mesi", "M", 1, "mese"),
        ("settimane", "W", 1, "settimana"),
        ("giorni", "D", 1, "giorno"),
        ("ore", "H", 1, "ora"),
        ("minuti", "MIN", 1, "minuto"),
        ("secondi", "S", 1, ""),
        ("decenni", "Y", 10, "decennio"),
        ("secoli", "Y", 100, "secolo"),
    ),
    relative=(
        (
            r"(?<![\w])(?P<f>(?:(?P<n>@NUM@)\s+|(?:un|una)\s+|un['’])(?P<u>@UNIT@)\s+fa)"
            r"(?![\w])",
            -1,
            "fa",
        ),
        (
            r"(?<![\w])(?P<f>(?:tra|fra)\s+(?:(?P<n>@NUM@)\s+|(?:un|una)\s+|un['’])"
            r"(?P<u>@UNIT@))(?![\w])",
            1,
            "tra fra",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|il|l['’])\s*(?P<u>settimana|mese|anno)\s+"
            r"(?P<dir>scorsa|scorso|prossima|prossimo))(?![\w])",
            0,
            "scorsa scorso prossima prossimo",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|il|l['’])\s*(?P<dir>prossima|prossimo|scorsa|scorso)\s+"
            r"(?P<u>settimana|mese|anno))(?![\w])",
            0,
            "scorsa scorso prossima prossimo",
        ),
    ),
    directions={"scorsa": -1, "scorso": -1, "prossima": 1, "prossimo": 1},
    ages=(
        r"(?<![\w.,\-/])(?P<f>(?P<n>[0-9]{1,3})enne)(?![\w])",
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+(?P<u>anni)\s+di\s+età)(?![\w])",
        r"(?<![\w])(?P<f>all['’]età\s+di\s+(?P<n>@NUM@)\s+(?P<u>anni))(?![\w])",
    ),
    age_stems={},
    percent=r"(?:\s?%|\s+per\s?cento(?![\w]))",
    currency_words=_pairs("euro=EUR, dollari=USD, sterline=GBP, rubli=RUB, yen=JPY, franchi=CHF"),
    weak_currency_words=frozenset(),
    currency_link=r"(?:\s+di\s+|\s+)",
    units=frozenset(
        "km chilometri metri centimetri kg chili chilogrammi tonnellate litri ettari gradi "
        "barili megawatt".split()
    ),
    glued_units="km|kg",
    labels="n. nr. numero articolo art. capitolo pagina pag. linea volo sala piano giornata tomo",
    capital_block=True,
    is_noun=_romance_noun(("i", "e"), _IT_STOP),
    is_modifier=_no_modifier,
)

_PT_MONTHS = _months(
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
)
_PT_STOP = frozenset(
    "dos das nos nas aos mais menos anos meses vezes semanas dias horas depois antes entre após "
    "pelos pelas seus suas euros reais dólares milhões".split()
)
_LEXICONS["pt"] = _Lexicon(
    code="pt",
    digits=_DOT_DIGITS,
    group_dot=True,
    numbers=_numbers(
        "dois|duas=2 três=3 quatro=4 cinco=5 seis=6 sete=7 oito=8 nove=9 dez=10 onze=11 "
        "doze=12 vinte=20 trinta=30 quarenta=40 cinquenta=50 cem|cento=100"
    ),
    multipliers={},
    scales={
        **_numbers(
            "mil=1E3 milhão|milhões|milhao|milhoes=1E6 bilhão|bilhões|bilhao|bilhoes=1E9 "
            "trilhão|trilhões=1E12"
        ),
        "mil milhões": Decimal("1E9"),
    },
    glued_scales={},
    lone_scales=r"(?:um\s+)?(?:milhão|bilhão)|mil",
    number_link="e",
    fillers=frozenset({"um", "uma", "e"}),
    months=_PT_MONTHS,
    month_forms=_capitalised(_PT_MONTHS),
    day=r"(?P<d>[0-3]?[0-9])[°º]?(?![\w])",
    day_month=r"\s+de\s+",
    month_year=r"\s+de\s+",
    month_first=False,
    month_preps=_alt(_phrases("em, desde, até, de, para, no início de, no final de, em meados de")),
    year_preps=_alt(
        _phrases(
            "em, desde, até, de, do, entre, e, ano, antes de, depois de, após, no ano de, "
            "final de, início de"
        )
    ),
    year_words="",
    numeric_dates=True,
    time_units=_units(
        ("anos", "Y", 1, "ano"),
        ("meses", "M", 1, "mês"),
        ("semanas", "W", 1, "semana"),
        ("dias", "D", 1, "dia"),
        ("horas", "H", 1, "hora"),
        ("minutos", "MIN", 1, "minuto"),
        ("segundos", "S", 1, ""),
        ("décadas", "Y", 10, "década"),
        ("séculos", "Y", 100, "século"),
    ),
    relative=(
        (r"(?<![\w])(?P<f>há\s+(?:(?P<n>@NUM@)|um|uma)\s+(?P<u>@UNIT@))(?![\w])", -1, "há"),
        (r"(?<![\w])(?P<f>(?:(?P<n>@NUM@)|um|uma)\s+(?P<u>@UNIT@)\s+atrás)(?![\w])", -1, "atrás"),
        (
            r"(?<![\w])(?P<f>daqui\s+a\s+(?:(?P<n>@NUM@)|um|uma)\s+(?P<u>@UNIT@))(?![\w])",
            1,
            "daqui",
        ),
        (
            r"(?<![\w])(?P<f>(?:a|o|na|no)\s+(?P<u>semana|mês|ano)\s+"
            r"(?P<dir>passada|passado|que\s+vem))(?![\w])",
            0,
            "passada passado vem",
        ),
        (
            r"(?<![\w])(?P<f>(?:a|o|na|no)\s+(?P<dir>próxima|próximo)\s+(?P<u>semana|mês|ano))"
            r"(?![\w])",
            0,
            "próxima próximo",
        ),
    ),
    directions={"passada": -1, "passado": -1, "que vem": 1, "próxima": 1, "próximo": 1},
    ages=(
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+(?P<u>anos)\s+de\s+idade)(?![\w])",
        r"(?<![\w])(?P<f>idade\s+de\s+(?P<n>@NUM@)\s+(?P<u>anos))(?![\w])",
    ),
    age_stems={},
    percent=r"(?:\s?%|\s+por\s+cento(?![\w]))",
    currency_words=_pairs("euros=EUR, dólares=USD, reais=BRL, libras=GBP, rublos=RUB"),
    weak_currency_words=frozenset({"libras"}),
    currency_link=r"(?:\s+de\s+|\s+)",
    units=frozenset(
        "km quilômetros quilómetros metros centímetros kg quilos quilogramas toneladas litros "
        "hectares graus barris megawatts".split()
    ),
    glued_units="km|kg",
    labels="nº n.º número artigo art. capítulo página pág. linha voo sala andar rodada tomo",
    capital_block=True,
    is_noun=_romance_noun(("s",), _PT_STOP),
    is_modifier=_no_modifier,
)

# Words a number may contain ("half a million") that are no number on their own.
_PARSE_ONLY = frozenset({"half"})
# Scale words written with a full stop ("3 млн. рублей", "5 Mio. Euro").
_SCALE_ABBREVIATIONS = frozenset("тыс млн млрд трлн tsd mio mrd mln mld".split())
_ALL_MONTHS = frozenset(month for lex in _LEXICONS.values() for month in lex.months)


# --- rules ------------------------------------------------------------------------------------


@cache
def _rules(language: str) -> _Rules:
    """Every pattern of one language, compiled once.

    A rule only runs on a sentence that has what it needs (a figure, a number word, a month, a
    unit of time); a rule with a number in it has a cheaper twin, with figures only, for the
    sentences that have no number words. Most sentences have neither, so most are skipped.
    """
    lex = _LEXICONS[language]
    digits = rf"(?<![\w.,\-/:#№+]){lex.digits}(?![0-9]|[.,][0-9])"
    words = _alt(word for word in [*lex.numbers, *lex.multipliers] if word not in _PARSE_ONLY)
    link = rf"\s+{lex.number_link}\s+|" if lex.number_link else ""
    number_words = rf"(?<![\w-]){words}(?:(?:{link}[\s-]+){words}){{0,3}}(?![\w])"
    number = rf"(?:{digits}|{number_words}|(?<![\w-])(?:{lex.lone_scales})(?![\w]))"
    abbreviated = _alt(word for word in lex.scales if word in _SCALE_ABBREVIATIONS)
    scale = (
        rf"(?:\s*{abbreviated}\.(?!\s*$)|\s*{_alt(lex.scales)}(?![\w])"
        rf"|(?<=[0-9]){_alt(lex.glued_scales)}(?![\w]))"
    )
    common = {
        "@DIGS@": rf"{digits}(?:{scale})?",
        "@DIG@": digits,
        "@UNIT@": _alt(lex.time_units),
        "@AGESTEM@": _alt(lex.age_stems),
        "@MONTH@": "(?-i:" + _alt(lex.month_forms) + ")",
        "@YEAR@": r"(?P<y>(?:1[5-9]|20)[0-9]{2})(?![0-9]|[.,][0-9]|[-–/][0-9]|[^\W\d_])",
        "@WORD@": r"[^\W\d_](?:[\w'’-]*[^\W\d_])?",
        "@CUR@": rf"(?:{_SYMBOLS_RE}|{_CODES_RE})",
        "@CURWORD@": _alt(lex.currency_words),
    }
    full = {"@NUMS@": rf"{number}(?:{scale})?", "@NUM@": number, **common}
    figures = {"@NUMS@": rf"{digits}(?:{scale})?", "@NUM@": digits, **common}

    def compile_(template: str, substitutions: Mapping[str, str]) -> re.Pattern[str]:
        for key, value in substitutions.items():
            template = template.replace(key, value)
        return re.compile(template, re.IGNORECASE)

    rules: list[_Rule] = []

    def add(needs: str | frozenset[str], template: str, build: _Builder) -> None:
        pattern = compile_(template, full)
        cheap = compile_(template, figures) if "@NUM" in template else pattern
        anchored = _NUMBER_FIRST.match(template) is not None
        rules.append(_Rule(pattern, cheap, needs, build, anchored))

    # Blockers: numbers that are not facts.
    add(
        _DIGIT,
        r"(?<![\w.,\-/:])[0-9]{1,4}(?:\s?[-–—:/]\s?[0-9]{1,4})+(?![0-9]|[-–—/][0-9])",
        _range_blocker,
    )
    add(
        _DIGIT,
        r"(?<![\w+])(?:\+[0-9]{1,3}|\(?0[0-9]{1,4}\)?|\([0-9]{2,5}\))"
        r"(?:[\s.-]?\(?[0-9]{2,4}\)?){2,4}(?![0-9])",
        _phone_blocker,
    )
    labels = frozenset(label.casefold().rstrip(".") for label in lex.labels.split())

    def after_label(match: re.Match[str], context: _Context) -> _Found | None:
        text, start = context.text, match.start()
        chunk = _LAST_CHUNK.search(text, _lookback(text, start), start)
        if chunk is None or chunk.group(1).casefold().rstrip(".") not in labels:
            return None
        return _blocker(match, context)

    add(_DIGIT, r"(?<![\w.,\-/:#№+])[0-9]+(?![0-9])", after_label)
    add(
        _DIGIT,
        r"(?<![\w.,:])[0-9]{1,2}(?:[.:][0-9]{2})?\s?"
        r"(?:a\.m\.|p\.m\.|am|pm|o['’]clock|h[0-9]{2}|h|Uhr|"
        r"(?-i:GMT|BST|UTC|EST|EDT|PST|PDT|CET|CEST|ET|PT|МСК))(?![\w])",
        _blocker,
    )
    if language == "ru":
        add(_DIGIT, r"(?<![\w])в\s+[0-9]{1,2}\s+час(?:а|ов)?(?![\w])", _blocker)
        add(_DIGIT, r"[0-9]{1,2}\s+час(?:а|ов)?\s+(?:утра|вечера|дня|ночи)(?![\w])", _blocker)
    if lex.capital_block:
        add(
            _DIGIT,
            r"(?<![\w])(?P<w>(?-i:[A-Z])[\w-]*)\s(?P<f>[0-9]+)(?![0-9]|[.,][0-9])",
            _capital_blocker,
        )

    # Money.
    add(_DIGIT, r"(?<![\w$])(?P<c>@CUR@)\s?(?P<n>@DIGS@)", _money)
    add(_NUMBER, r"(?P<n>@NUMS@)\s?(?P<c>@CUR@)(?![\w$])", _money)
    add(_NUMBER, rf"(?P<n>@NUMS@){lex.currency_link}(?P<c>@CURWORD@)(?![\w])", _money)

    # Percent.
    add(_NUMBER, rf"(?P<n>@NUM@){lex.percent}", _percent)

    # Age.
    for template in lex.ages:
        add(_LETN if "@AGESTEM@" in template else _NUMBER, template, _age)
    if language == "en":
        add(_DIGIT, r"(?<![\w])Age:\s*(?P<n>[0-9]{1,3})(?![0-9])", _age)
        add(
            _DIGIT,
            r"(?<![\w])(?P<name>(?-i:[A-Z])[\w'’.-]*),\s(?P<n>[0-9]{1,3}),(?=\s)",
            _comma_age,
        )

    # Dates.
    day = rf"(?<![\w.,\-/:]){lex.day}"
    mon = r"(?P<mon>@MONTH@)(?![\w])"
    year_tail = rf"(?:\s*{lex.year_words})?" if lex.year_words else ""
    add(_MONTH, rf"{day}{lex.day_month}{mon}{lex.month_year}@YEAR@{year_tail}", _date)
    add(_MONTH, rf"{day}{lex.day_month}{mon}", _date)
    add(_MONTH, rf"(?<![\w]){mon}{lex.month_year}@YEAR@{year_tail}", _date)
    if lex.month_first:
        add(_MONTH, rf"(?<![\w]){mon}\s+{lex.day},?\s+@YEAR@", _date)
        add(_MONTH, rf"(?<![\w]){mon}\s+{lex.day}", _date)
    add(
        _MONTH,
        rf"(?<![\w])(?:{lex.month_preps}\s+|(?<![\w])mid-|mi-)(?P<f>(?P<mon>@MONTH@))(?![\w])",
        _date,
    )
    year_prep = re.compile(rf"(?<![\w])(?:{lex.year_preps})\s+$", re.IGNORECASE)

    def after_prep(match: re.Match[str], context: _Context) -> _Found | None:
        text, start = context.text, match.start()
        if year_prep.search(text, _lookback(text, start), start) is None:
            return None
        return _date(match, context)

    add(_DIGIT, rf"(?<![\w.,\-/:])(?P<f>@YEAR@{year_tail})", after_prep)
    if language == "en":
        add(_DIGIT, r"(?<![\w])mid-(?P<f>@YEAR@)", _date)
    if lex.year_words:
        add(_DIGIT, rf"(?<![\w.,\-/:])(?P<f>@YEAR@(?:-(?:м|го))?\s*{lex.year_words})", _date)
    add(
        _DIGIT,
        r"(?<![\w.,\-/:])(?P<y>[12][0-9]{3})-(?P<mm>[01][0-9])-(?P<d>[0-3][0-9])"
        r"(?![\w]|-[0-9])",
        _date,
    )
    if lex.numeric_dates:
        add(
            _DIGIT,
            r"(?<![\w.,\-/:])(?P<d>[0-3]?[0-9])\.(?P<mm>[01]?[0-9])\.(?P<y>[12][0-9]{3})"
            r"(?![0-9]|\.[0-9])",
            _date,
        )

    # Duration and relative time.
    add(
        _UNIT,
        r"(?P<f>(?P<n>@NUM@)(?P<sep>[\s-])(?P<u>@UNIT@))(?![\w])(?![-\s]olds?(?![\w]))",
        _duration,
    )
    if language == "en":
        add(_UNIT, r"(?<![\w])(?:for|over)\s+(?P<f>an?\s+(?P<u>@UNIT@))(?![\w])", _duration)
    for template, sign, keywords in lex.relative:
        add(frozenset(keywords.split()), template, _relative(sign))

    # Quantity and count.
    add(_NUMBER, r"(?P<n>@NUMS@)(?=\s+(?P<w1>@WORD@)(?:\s+(?P<w2>@WORD@))?)", _amount)
    add(_DIGIT, rf"(?P<n>@DIG@)(?P<u>(?:{lex.glued_units}))(?![\w])", _glued_unit)

    tokens = {word.casefold() for word in [*lex.numbers, *lex.multipliers, *lex.scales]}
    tokens.update(word for scale in lex.scales for word in scale.split())
    return _Rules(
        lex,
        tuple(rules),
        number_tokens=frozenset(tokens - lex.fillers),
        month_tokens=frozenset(form.casefold().rstrip(".") for form in lex.month_forms),
        unit_tokens=frozenset([*lex.time_units, *_PHRASE_UNITS]),
    )
