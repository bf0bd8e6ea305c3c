"""The error tree (summaries/errors.py): every error survives a trip through a process pool."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from summaries.errors import (
    EmptyText,
    NotProse,
    SummaryError,
    TextTooLong,
    UnsupportedLanguage,
)
from summaries.pipeline import summarize

ERRORS: list[SummaryError] = [
    EmptyText(),
    EmptyText("Only page furniture was found."),
    NotProse(),
    TextTooLong(600_000, 500_000),
    UnsupportedLanguage("pl", "Polish", ("en", "ru")),
    UnsupportedLanguage("und", "und", ("en",)),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_message_and_fields(error: SummaryError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert copy.user_message == error.user_message
    assert copy.code == error.code
    assert vars(copy) == vars(error)


def test_unknown_codes_and_undetermined_text_read_well() -> None:
    assert "could not tell" in UnsupportedLanguage("und", "und", ("en",)).user_message
    assert "does not know (xx)" in UnsupportedLanguage("xx", "xx", ("en",)).user_message


def _summarize_in_worker(text: str) -> str:
    return summarize(text).sentences[0].text


def test_pipeline_errors_reach_the_parent_of_a_process_pool() -> None:
    polish = "Rada miasta zatwierdziła we wtorek nowy budżet na naprawę dróg w całym mieście."
    english = "The city council approved a new budget for road repairs on Tuesday evening."
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(_summarize_in_worker, english).result(timeout=120) == english
        with pytest.raises(UnsupportedLanguage) as caught:
            pool.submit(_summarize_in_worker, polish).result(timeout=120)
        # the pool survived the error and still works
        assert pool.submit(_summarize_in_worker, english).result(timeout=120) == english
    assert caught.value.name == "Polish"
