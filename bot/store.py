"""The Runtime's Store (``handlers.runtime.Store``) on the database (``bot/db``): user settings
in the chat's row, kept results in ``results``."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import repo
from bot.db.models import KeptResult
from handlers.render import Source
from handlers.runtime import Result, UserPrefs, utcnow


class DbStore:
    """Settings and kept results in the database, one short transaction per call."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def load_prefs(self, user_id: int) -> UserPrefs | None:
        async with self.sessions() as session:
            chat = await repo.chat(session, user_id)
        if chat is None:
            return None
        return UserPrefs(
            sentences=chat.summary_sentences,
            quotes=chat.show_quotes,
            facts=chat.show_facts,
            footer=chat.show_footer,
            language=chat.language,
        )

    async def save_prefs(self, user_id: int, prefs: UserPrefs) -> None:
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, user_id, utcnow())
            chat.summary_sentences = prefs.sentences
            chat.show_quotes = prefs.quotes
            chat.show_facts = prefs.facts
            chat.show_footer = prefs.footer
            chat.language = prefs.language

    async def keep_result(self, result: Result) -> None:
        async with self.sessions() as session, session.begin():
            await repo.keep_result(
                session,
                result.id,
                url=result.source.url,
                owner=result.owner,
                text=result.text,
                title=result.title,
                source=dataclasses.asdict(result.source),
                now=result.created,
            )

    async def load_result(self, result_id: str, newer_than: datetime) -> Result | None:
        async with self.sessions() as session:
            row = await repo.kept_result(session, result_id, newer_than)
        return _result(row) if row else None

    async def result_for_url(self, url: str, newer_than: datetime) -> Result | None:
        async with self.sessions() as session:
            row = await repo.kept_result_for_url(session, url, newer_than)
        return _result(row) if row else None

    async def forget(self, user_id: int) -> None:
        async with self.sessions() as session, session.begin():
            await repo.forget_owner(session, user_id)
            await repo.forget_chat(session, user_id)

    async def prune_results(self, older_than: datetime) -> int:
        async with self.sessions() as session, session.begin():
            return await repo.prune_results(session, older_than)


def _result(row: KeptResult) -> Result:
    fields = {f.name for f in dataclasses.fields(Source)}
    source = Source(**{k: v for k, v in row.source.items() if k in fields})  # type: ignore[arg-type]
    return Result(row.id, row.text, row.title, source, row.created_at, owner=row.owner)
