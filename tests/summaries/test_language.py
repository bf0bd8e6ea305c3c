"""Language detection and per-language resources (summaries/language.py)."""

from __future__ import annotations

import pytest

from summaries.errors import UnsupportedLanguage
from summaries.language import SUPPORTED, detect_language, profile, resolve_language

SAMPLES = {
    "en": "The city council approved the new budget on Tuesday after a long debate.",
    "ru": "Городской совет во вторник утвердил новый бюджет после долгих споров.",
    "de": "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.",
    "fr": "Le conseil municipal a approuvé mardi le nouveau budget après un long débat.",
    "es": "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate.",
    "it": "Il consiglio comunale ha approvato martedì il nuovo bilancio dopo un lungo dibattito.",
    "pt": "A câmara municipal aprovou na terça-feira o novo orçamento após um longo debate.",
}


@pytest.mark.parametrize(("code", "text"), SAMPLES.items())
def test_detects_each_supported_language(code: str, text: str) -> None:
    assert detect_language(text) == code
    assert resolve_language(text) == code


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("Міська рада у вівторок затвердила новий бюджет після довгих дебатів.", "uk", "Ukrainian"),
        ("Rada miasta zatwierdziła we wtorek nowy budżet po długiej debacie.", "pl", "Polish"),
        ("市议会在经过长时间辩论后于周二批准了新预算。", "zh", "Chinese"),
    ],
)
def test_unsupported_language_is_named(text: str, code: str, name: str) -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        resolve_language(text)
    assert caught.value.language == code
    assert name in caught.value.user_message
    assert "en" in caught.value.user_message  # says what is supported


def test_text_without_letters_is_an_unknown_language() -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        resolve_language("12345 !!! 678")
    assert "could not tell what language" in caught.value.user_message


def test_requested_language_wins_over_detection() -> None:
    assert resolve_language(SAMPLES["en"], "de") == "de"
    with pytest.raises(UnsupportedLanguage):
        resolve_language(SAMPLES["en"], "xx")


@pytest.mark.parametrize("code", sorted(SUPPORTED))
def test_every_language_has_a_stemmer_and_stop_words(code: str) -> None:
    resources = profile(code)
    assert len(resources.stop_words) > 50
    assert resources.stem("running" if code == "en" else "abcdef")


@pytest.mark.parametrize("code", sorted(SUPPORTED))
def test_function_words_are_stop_words_without_content_words(code: str) -> None:
    resources = profile(code)
    assert len(resources.function_words) > 50
    assert resources.function_words <= resources.stop_words


def test_english_function_words_leave_out_the_content_words_of_the_long_list() -> None:
    """The `stop-words` package's English list holds names and content words; sumy's does not."""
    resources = profile("en")
    content = {"page", "felt", "microsoft", "buy", "million", "fire", "bill", "home"}
    assert content <= resources.stop_words  # the summariser's list, unchanged
    assert not content & resources.function_words
    assert {"the", "and", "of", "which", "would"} <= resources.function_words


def test_russian_stop_words_and_stemmer() -> None:
    resources = profile("ru")
    assert {"и", "в", "не", "что", "он"} <= resources.stop_words
    assert resources.stem("правительства") == resources.stem("правительство")
