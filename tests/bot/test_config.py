"""Settings (bot/config.py): environment, .env file, validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings
from summaries.pipeline import MAX_INPUT_CHARS

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("NEWSBRIEF_MAX_INPUT_CHARS", "NEWSBRIEF_SUMMARY_SENTENCES", "NEWSBRIEF_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = Settings()
    assert settings.max_input_chars == MAX_INPUT_CHARS
    assert settings.summary_sentences is None
    assert settings.language is None


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_MAX_INPUT_CHARS", "20000")
    monkeypatch.setenv("NEWSBRIEF_SUMMARY_SENTENCES", "4")
    monkeypatch.setenv("NEWSBRIEF_LANGUAGE", "RU")
    settings = Settings()
    assert (settings.max_input_chars, settings.summary_sentences, settings.language) == (
        20000,
        4,
        "ru",
    )


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("NEWSBRIEF_SUMMARY_SENTENCES=2\n", encoding="utf-8")
    assert Settings().summary_sentences == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NEWSBRIEF_LANGUAGE", "klingon"),
        ("NEWSBRIEF_SUMMARY_SENTENCES", "0"),
        ("NEWSBRIEF_SUMMARY_SENTENCES", "many"),
        ("NEWSBRIEF_MAX_INPUT_CHARS", "10"),
        ("NEWSBRIEF_INTERFACE_LANGUAGE", "ja"),
    ],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_every_setting_is_in_env_example() -> None:
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    for field in Settings.model_fields:
        assert f"NEWSBRIEF_{field.upper()}" in example


@pytest.mark.parametrize("code", ["en", "ru", "de", "FR", "es", "it", "pt"])
def test_every_interface_language_can_be_the_default(
    monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    monkeypatch.setenv("NEWSBRIEF_INTERFACE_LANGUAGE", code)
    assert Settings().interface_language == code.lower()
