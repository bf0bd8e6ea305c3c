"""Selection: the few facts worth a card (:func:`key_facts`)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from summaries.models import Fact, FactKind

# key_facts: at most this many facts from one sentence, and a fact near (within NEIGHBOURHOOD
# sentences of) one already chosen is worth NEIGHBOUR_DECAY times less: spread over the article.
FACTS_PER_SENTENCE = 2
NEIGHBOURHOOD = 1
NEIGHBOUR_DECAY = 0.8
# key_facts: how much the ranker's sentence score and the position in the article weigh against
# the kind of fact (the kind weights are in _KIND_WEIGHT below).
SENTENCE_SCORE_WEIGHT = 0.5
POSITION_WEIGHT = 0.2


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
