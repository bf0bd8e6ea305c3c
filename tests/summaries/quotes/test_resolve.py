"""Tests for summaries.quotes.resolve: short names resolved to the article's full names."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from summaries.quotes.names import _FIRST_NAMES
from summaries.quotes.resolve import _name_key, _People, _russian_nominative, _stem_match

# --- _People: memoised canonical names give what a walk over every candidate gives -----------


def reference_canonical(people: _People, name: str, genitive: bool) -> str:
    """canonical() as first written: a walk over every candidate, every time."""
    if name in people.known and (not genitive or name in people.nominative):
        return name
    tokens = name.split()
    key = _name_key
    candidates = list(people.by_last.get(key(tokens[-1]), ()))
    if not candidates and len(tokens) == 1:
        candidates = list(people.by_first.get(key(tokens[0]), ()))
    best: str | None = None
    best_rank: tuple[bool, bool, bool, int] | None = None
    for full in candidates:
        full_tokens = full.split()
        if len(tokens) == 1:
            matches = _stem_match(tokens[0], full_tokens[-1]) or (
                len(full_tokens) == 2
                and tokens[0] == full_tokens[0]
                and tokens[0].lower() in _FIRST_NAMES
            )
        else:
            matches = (
                len(tokens) == len(full_tokens)
                and all(_stem_match(a, b) for a, b in zip(tokens, full_tokens, strict=True))
                and full in people.nominative
            )
        if not matches:
            continue
        rank = (
            full not in people.nominative,
            full not in people.persons,
            len(full_tokens) > 3,
            people.first_seen[full],
        )
        if best_rank is None or rank < best_rank:
            best, best_rank = full, rank
    if best is not None:
        return best
    return _russian_nominative(name) if genitive else name


_FULL_NAMES = st.sampled_from(
    ["John Smith", "Anna Smith", "Mary Ann Smith", "John Paul Jones Smith", "Smith Jones",
     "John Jones", "Антон Силуанов", "Антона Силуанова", "Ольга Силуанова", "Anna Jones"]
)  # fmt: skip
_SHORT_NAMES = st.sampled_from(
    ["Smith", "Jones", "John", "Anna", "Силуанов", "Силуанова", "Силуанову", "John Smith",
     "Антона Силуанова", "Anna Smith", "Mary Smith"]
)  # fmt: skip
_OPERATION = st.one_of(
    st.tuples(st.sampled_from(["person", "nominative"]), _FULL_NAMES, st.booleans()),
    st.tuples(st.just("canonical"), _SHORT_NAMES | _FULL_NAMES, st.booleans()),  # genitive?
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FULL_NAMES, min_size=2, max_size=8), st.lists(_OPERATION, min_size=3, max_size=40))
@example(  # a later full name becomes the better answer after the first look-up
    ["John Smith", "Anna Smith"],
    [
        ("canonical", "Smith", False),
        ("nominative", "Anna Smith", False),
        ("canonical", "Smith", False),
    ],
)
def test_memoised_canonical_matches_a_full_walk(
    names: list[str], operations: list[tuple[str, str, bool]]
) -> None:
    people = _People()
    for position, name in enumerate(names):
        people.add_name(position * 10, name)
    for operation, name, genitive in operations:
        if operation == "person":
            people.add_person(name)
        elif operation == "nominative":
            people.add_nominative(name)
        else:
            assert people.canonical(name, genitive) == reference_canonical(people, name, genitive)
