"""Settings from the environment and `.env` (pydantic-settings); built once in the entry point.

Every setting is listed, with a comment, in `.env.example` and in the README's table.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from handlers import i18n
from summaries.feeds.opml import MAX_OPML_BYTES, OpmlError, OpmlTopic, parse_opml_topics
from summaries.language import SUPPORTED
from summaries.pipeline import MAX_INPUT_CHARS

MAX_DEFAULT_WORKERS = 8  # each worker holds ~200 MB (language model, extractor)
# /suggested shows one button per feed (a topic's feeds at a time); Telegram allows about 100
# buttons under a message, and a longer list is no longer a suggestion.
MAX_SUGGESTED_FEEDS = 90


def default_workers() -> int:
    """The CPUs this process may run on (a container's affinity, not the host's count), at
    most MAX_DEFAULT_WORKERS."""
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_DEFAULT_WORKERS))


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

    # --- the Telegram bot ---------------------------------------------------------------------
    telegram_token: SecretStr | None = Field(
        default=None, description="the bot's token from @BotFather; unset: `run` starts the sandbox"
    )
    bot_api_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API base URL (the token is appended); a local Bot API server's for tests",
    )
    bot_api_file_url: str = Field(
        default="https://api.telegram.org/file/bot", description="Bot API file download base URL"
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Telegram user ids allowed to use /stats (comma-separated)"
    )
    interface_language: str = Field(
        default="en",
        description="interface language for users whose Telegram language is none of "
        "en, ru, de, fr, es, it, pt",
    )
    show_footer: bool = Field(
        default=True, description="show the words-in/words-out footer (users can turn it off)"
    )
    max_links_per_message: int = Field(default=3, ge=1, le=10)
    min_text_chars: int = Field(
        default=200, ge=20, description="shorter pasted text without a link gets a hint"
    )
    user_summaries_per_minute: int = Field(default=5, ge=1, le=1000)
    workers: int = Field(
        default_factory=lambda: default_workers(),
        ge=1,
        le=64,
        description="worker processes for extraction and summarizing (default: CPU count)",
    )
    max_concurrent_fetches: int = Field(default=16, ge=1, le=1000)
    max_pending_jobs: int = Field(default=200, ge=1)
    fetch_timeout_seconds: float = Field(default=20.0, gt=0, le=120)
    inline_budget_seconds: float = Field(default=3.0, gt=0, le=15)
    result_ttl_hours: float = Field(
        default=48.0, gt=0, description="how long the buttons under a summary keep working"
    )
    suggested_feeds: Path | None = Field(
        default=None,
        description="an OPML file of feeds /suggested offers (its folders become topics); read "
        "at start",
    )
    webhook_url: str | None = Field(
        default=None, description="public HTTPS URL Telegram posts updates to (`webhook`)"
    )
    webhook_listen: str = Field(
        default="127.0.0.1",
        description="address the webhook server binds (its TLS proxy forwards to it)",
    )
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = Field(
        default=None, description="secret token Telegram must send; unset: a random one per start"
    )
    metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="serve /healthz and Prometheus /metrics on this port; unset: off",
    )
    metrics_listen: str = Field(
        default="127.0.0.1", description="address the metrics server binds (0.0.0.0: every one)"
    )
    data_dir: Path = Field(
        default=Path("data"), description="where the SQLite database lives (relative: to the cwd)"
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; unset: SQLite in data_dir (postgresql+asyncpg://... scales)",
    )
    flood_scale: float = Field(
        default=1.0,
        gt=0,
        le=1000,
        description="multiply Telegram's flood limits (only for a local Bot API server that does)",
    )
    bot_processes: int = Field(
        default=1,
        ge=1,
        le=64,
        description="bot processes sharing the token (run, webhook, worker): each keeps to 1/N "
        "of Telegram's overall limit",
    )
    digest_lease_seconds: float = Field(
        default=600.0,
        ge=1,
        le=86400,
        description="a digest claimed by a process that stopped answering is taken over after this",
    )
    log_level: str = Field(default="INFO")

    def suggestions(self) -> tuple[OpmlTopic, ...]:
        """The feeds /suggested offers (none without ``suggested_feeds``)."""
        return read_suggestions(self.suggested_feeds) if self.suggested_feeds else ()

    @field_validator("suggested_feeds", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("suggested_feeds")
    @classmethod
    def _readable_suggestions(cls, value: Path | None) -> Path | None:
        if value is not None:
            read_suggestions(value)  # a broken file stops the start, not a chat later
        return value

    def database(self) -> str:
        """The database URL: ``database_url``, else the SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'newsbrief.db').resolve()}"

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        if not value:
            return None
        if value.startswith(("postgres://", "postgresql://")):  # the usual spellings: asyncpg
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        if not value.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
            raise ValueError("use a postgresql:// or sqlite:/// URL")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(
                int(part) for part in value.replace(";", ",").split(",") if part.strip()
            )
        return value

    @field_validator("interface_language")
    @classmethod
    def _interface(cls, value: str) -> str:
        if value.lower() not in i18n.LANGUAGES:
            raise ValueError(f"must be one of {', '.join(i18n.LANGUAGES)}, not {value!r}")
        return value.lower()

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError(f"must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return value.upper()

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str | None) -> str | None:
        if value is not None and value.lower() not in SUPPORTED:
            raise ValueError(f"must be one of {', '.join(sorted(SUPPORTED))}, not {value!r}")
        return value.lower() if value else None


def read_suggestions(path: Path) -> tuple[OpmlTopic, ...]:
    """The topics of the OPML file at ``path``; ValueError saying what is wrong with it."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_OPML_BYTES + 1)  # over the limit: parse_opml says so
    except OSError as error:
        raise ValueError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        topics = parse_opml_topics(data)
    except OpmlError as error:
        raise ValueError(f"{path}: {error.user_message}") from None
    count = sum(len(topic.feeds) for topic in topics)
    if not count:
        raise ValueError(f"{path} lists no feeds (no <outline> with an xmlUrl)")
    if count > MAX_SUGGESTED_FEEDS:
        raise ValueError(
            f"{path} lists {count} feeds; /suggested offers at most {MAX_SUGGESTED_FEEDS}"
        )
    return tuple(topics)
