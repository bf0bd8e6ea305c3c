"""Settings from the environment and `.env` (pydantic-settings); built once in the entry point.

Every setting is listed, with a comment, in `.env.example` and in the README's table.
"""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from summaries.language import SUPPORTED
from summaries.pipeline import MAX_INPUT_CHARS


class Settings(BaseSettings):
    """newsbrief's configuration. Environment variables are prefixed with NEWSBRIEF_."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBRIEF_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    max_input_chars: int = Field(
        default=MAX_INPUT_CHARS, ge=1_000, description="longest text accepted, in characters"
    )
    summary_sentences: int | None = Field(
        default=None, ge=1, le=20, description="summary sentences; unset: 3 to 5 by length"
    )
    language: str | None = Field(
        default=None, description="force one language (ISO 639-1) instead of detecting it"
    )

    allow_private_urls: bool = Field(
        default=False,
        description="fetch links to private, loopback and link-local addresses (trusted set-ups)",
    )

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str | None) -> str | None:
        if value is not None and value.lower() not in SUPPORTED:
            raise ValueError(f"must be one of {', '.join(sorted(SUPPORTED))}, not {value!r}")
        return value.lower() if value else None
