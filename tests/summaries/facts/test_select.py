"""key_facts: the few facts worth a card, and the incremental selection against the plain
greedy loop it replaced.

Every text below was written for these tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.clean import clean_text
from summaries.facts import extract_facts, key_facts
from summaries.facts import select as select_module
from summaries.models import Fact, FactKind
from summaries.text import split_sentences
from tests.summaries.facts.conftest import COUNT, MONEY, PERCENT, QUANTITY, facts_of

# --- key_facts ----------------------------------------------------------------------------

ARTICLE = """The council approved a £40m plan on 12 March 2024.

About 3,000 homes will be protected, and 12 streets will be closed for three weeks.

The leader, 54, said the work was overdue. It follows floods in January.

Residents collected 900 signatures. Prices rose 4% last year.

The last flood was in 2015. It hit four villages, two schools and a church."""


def test_key_facts_prefers_money_percent_and_big_quantities() -> None:
    facts = facts_of(ARTICLE)
    chosen = key_facts(facts, 4)
    assert len(chosen) == 4
    kinds = [fact.kind for fact in chosen]
    assert MONEY in kinds
    assert PERCENT in kinds
    assert QUANTITY in kinds
    assert COUNT not in kinds
    assert [fact.start for fact in chosen] == sorted(fact.start for fact in chosen)


def test_key_facts_limits_and_keeps_article_order() -> None:
    facts = facts_of(ARTICLE)
    assert key_facts(facts, 0) == ()
    assert key_facts((), 3) == ()
    everything = key_facts(facts, 100)
    assert len(everything) <= len(facts)
    assert [f.start for f in everything] == sorted(f.start for f in everything)


def test_key_facts_takes_at_most_two_facts_from_a_sentence() -> None:
    facts = facts_of("It cost $1m, $2m, $3m and $4m in four years, a rise of 30%.")
    chosen = key_facts(facts, 5)
    assert len(chosen) == 2


def test_key_facts_shows_a_value_once() -> None:
    facts = facts_of("The fee was £5m. Critics said £5m was too much. Fans paid £5m more.")
    assert [f.text for f in key_facts(facts, 3)] == ["£5m"]


def test_key_facts_follows_sentence_scores() -> None:
    facts = facts_of("He paid $5 on Monday. She paid $7 on Friday. They paid $9 later.")
    assert [f.text for f in key_facts(facts, 1)] == ["$5"]  # earlier wins a tie
    assert [f.text for f in key_facts(facts, 1, {0: 0.1, 1: 0.9, 2: 0.2})] == ["$7"]


def test_key_facts_ranks_a_full_date_above_a_bare_month() -> None:
    facts = facts_of("It rained in May. The dam broke on 4 June 2021.")
    assert [f.text for f in key_facts(facts, 1)] == ["4 June 2021"]


def test_key_facts_spreads_over_the_article() -> None:
    text = "It cost $5m and $6m. It cost $7m. Later 40 people came."
    chosen = key_facts(facts_of(text), 3)
    assert len({f.sentence_index for f in chosen}) >= 2


# --- key_facts: the incremental selection picks what the plain greedy loop picked ----------------

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def greedy_key_facts(
    facts: Sequence[Fact], limit: int, sentence_scores: Mapping[int, float] | None = None
) -> tuple[Fact, ...]:
    """key_facts as it was first written: every round rescores every fact (cubic, but plain)."""
    if limit <= 0 or not facts:
        return ()
    last_sentence = max(fact.sentence_index for fact in facts)
    relevance = select_module._normalised(
        sentence_scores or {}, {fact.sentence_index for fact in facts}
    )
    base: list[float] = []
    for fact in facts:
        position = 1.0 - fact.sentence_index / (last_sentence + 1)
        score = select_module._kind_weight(fact)
        score *= (
            1.0
            - select_module.SENTENCE_SCORE_WEIGHT
            + select_module.SENTENCE_SCORE_WEIGHT * relevance.get(fact.sentence_index, 0.0)
        )
        base.append(score + select_module.POSITION_WEIGHT * position * score)
    chosen: list[int] = []
    seen: set[tuple[FactKind, str]] = set()
    per_sentence: dict[int, int] = {}
    while len(chosen) < limit:
        best, best_score = -1, 0.0
        for i, fact in enumerate(facts):
            if i in chosen or select_module._identity(fact) in seen:
                continue
            if per_sentence.get(fact.sentence_index, 0) >= select_module.FACTS_PER_SENTENCE:
                continue
            near = sum(
                1
                for j in chosen
                if abs(facts[j].sentence_index - fact.sentence_index) <= select_module.NEIGHBOURHOOD
            )
            same_kind = sum(1 for j in chosen if facts[j].kind == fact.kind)
            score = (
                base[i]
                * select_module.NEIGHBOUR_DECAY**near
                * select_module.KIND_REPEAT_DECAY**same_kind
            )
            if best < 0 or score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        seen.add(select_module._identity(facts[best]))
        index = facts[best].sentence_index
        per_sentence[index] = per_sentence.get(index, 0) + 1
    return tuple(sorted((facts[i] for i in chosen), key=lambda f: (f.start, f.end)))


def fixture_facts(path: Path) -> tuple[Fact, ...]:
    language = path.name[:2]
    document = clean_text(path.read_text(encoding="utf-8"))
    return extract_facts(split_sentences(document.paragraphs, language), language)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda path: path.stem)
def test_key_facts_matches_the_plain_greedy_loop_on_the_fixture_articles(path: Path) -> None:
    facts = fixture_facts(path)
    assert len(facts) >= 5
    indices = sorted({fact.sentence_index for fact in facts})
    scores = {index: (index * 7919 % 13) / 13 for index in indices}  # arbitrary, with ties
    for limit in range(1, 9):
        assert key_facts(facts, limit) == greedy_key_facts(facts, limit)
        assert key_facts(facts, limit, scores) == greedy_key_facts(facts, limit, scores)


_FACT_KINDS = st.sampled_from(list(FactKind))
_VALUES = st.sampled_from(
    [None, "1", "37", "2024-03-12", "2024-03", "--03-12", "--03", "2013", "5000000 people"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_FACT_KINDS, _VALUES, st.integers(0, 12)), max_size=40),
    st.dictionaries(st.integers(0, 12), st.sampled_from([0.0, 0.2, 0.5, 0.9])),
    st.integers(1, 45),
)
def test_key_facts_matches_the_plain_greedy_loop_on_any_facts(
    rows: list[tuple[FactKind, str | None, int]], scores: dict[int, float], limit: int
) -> None:
    facts = tuple(
        Fact(
            kind=kind,
            text=f"x{i % 5}",
            value=value,
            sentence="x",
            sentence_index=sentence,
            start=2 * i,
            end=2 * i + 1,
        )
        for i, (kind, value, sentence) in enumerate(rows)
    )
    assert key_facts(facts, limit, scores) == greedy_key_facts(facts, limit, scores)


def test_key_facts_is_fast_with_many_facts_and_a_high_limit() -> None:
    """Options(facts=200) on a 112 KB text full of numbers took 14 s with the cubic loop."""
    paragraph = (
        "The council spent £3.5m on 12 March 2024, and 1,200 people signed a petition. "
        "The 45-year-old mayor said prices rose 4% in two years. It rained for three days."
    )
    paragraphs = [
        paragraph.replace("3.5", f"{i}.5").replace("1,200", f"{i},200") for i in range(2000)
    ]
    facts = extract_facts(split_sentences(paragraphs, "en"), "en")
    assert len(facts) > 10_000
    chosen = key_facts(facts, 200)  # about 0.2 s with the next call (eval speed measures it)
    huge = key_facts(facts, 1_000_000)
    assert len(chosen) == 200
    assert len(huge) > 200
    assert len({select_module._identity(fact) for fact in huge}) == len(huge)  # each value once
