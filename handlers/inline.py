"""Inline mode: ``@bot <link>`` in any chat offers the summary as a result.

From the kept results when the link was summarized recently; otherwise the link is read within
``inline_budget_seconds`` (Telegram's clients wait only a few seconds for answers). When that is
not enough, the result is a "tap to summarize" message with a Summarize button: pressing it
edits that message into the summary (the read went on in the background, so it is usually
ready by then). Callback data: ``i:<token>``, the token standing for the link (links can be
longer than the 64 bytes callback data allows).
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import secrets

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, InlineQueryHandler

from handlers import i18n
from handlers.render import Source, View, render, render_error
from handlers.replies import edit_pressed, language_of, prefs_of, runtime_of, summary_keyboard
from handlers.runtime import Priority, Result, Runtime, UserPrefs
from summaries.errors import SummaryError
from summaries.models import Summary
from summaries.web.links import DEFAULT_TTL_SECONDS
from summaries.web.urls import BadUrl, normalize_url

logger = logging.getLogger(__name__)

PREFIX = "i"
MAX_PENDING_LINKS = 10_000  # "tap to summarize" tokens remembered
DESCRIPTION_CHARS = 120
_LINK = re.compile(r"(?:https?://)?[^\s/]+\.[^\s/]+\S*", re.IGNORECASE)
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Inline queries and the Summarize button of a pending inline result."""
    app.add_handler(InlineQueryHandler(on_inline_query))
    app.add_handler(CallbackQueryHandler(on_summarize_press, pattern=f"^{PREFIX}:"))


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer ``@bot <link>`` with the summary, an error, or a "tap to summarize" result."""
    query = update.inline_query
    if query is None:
        return
    runtime = runtime_of(context)
    lang = await language_of(update.effective_user, runtime)
    match = _LINK.search(query.query)
    url = None
    if match:
        try:
            url = normalize_url(match.group(0))
        except BadUrl:
            url = None
    if url is None:
        await query.answer(
            [],
            cache_time=5,
            is_personal=True,
            button=InlineQueryResultsButton(
                i18n.plain(lang, "inline.empty.title"), start_parameter="inline"
            ),
        )
        return
    kept = runtime.results.for_url(url, DEFAULT_TTL_SECONDS)
    user = update.effective_user
    if kept is None and user is not None and runtime.inline_limiter.try_acquire(user.id):
        await query.answer(
            [],
            cache_time=0,
            is_personal=True,
            button=InlineQueryResultsButton(
                i18n.plain(lang, "inline.limit"), start_parameter="inline"
            ),
        )
        return
    work = asyncio.ensure_future(
        _summarize(runtime, url, (await prefs_of(update.effective_user, runtime)).sentences)
    )
    try:
        result, summary = await asyncio.wait_for(
            asyncio.shield(work), runtime.options.inline_budget_seconds
        )
    except TimeoutError:
        work.add_done_callback(_forget)  # it goes on and fills the caches
        await query.answer([_pending(runtime, url, lang)], cache_time=0, is_personal=True)
        return
    except SummaryError as error:
        text = i18n.error_text(lang, error)
        await query.answer(
            [
                InlineQueryResultArticle(
                    id="error",
                    title=i18n.plain(lang, "inline.error.title"),
                    description=error.user_message if lang == "en" else _plain(text),
                    input_message_content=InputTextMessageContent(
                        render_error(text, Source(url=url)),
                        parse_mode=ParseMode.HTML,
                        link_preview_options=_NO_PREVIEW,
                    ),
                )
            ],
            cache_time=0,
            is_personal=True,
        )
        return
    await query.answer(
        [_article(runtime, result, summary, await prefs_of(update.effective_user, runtime), lang)],
        cache_time=60,
        is_personal=True,
    )


async def on_summarize_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Summarize button of a pending inline result: edit it into the summary."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    runtime = runtime_of(context)
    lang = await language_of(update.effective_user, runtime)
    url = runtime.inline_links.get(query.data.removeprefix(f"{PREFIX}:"))
    if url is None:
        await query.answer(i18n.plain(lang, "press.expired"), show_alert=True)
        return
    await query.answer(i18n.plain(lang, "working.link"))
    try:
        result, summary = await _summarize(
            runtime, url, (await prefs_of(update.effective_user, runtime)).sentences
        )
    except SummaryError as error:
        message = render_error(i18n.error_text(lang, error), Source(url=url))
        await edit_pressed(context, query, message, None, priority=Priority.NORMAL)
        return
    prefs = await prefs_of(update.effective_user, runtime)
    parts = render(summary, result.source, lang=lang, sections=prefs.sections())
    keyboard = summary_keyboard(runtime, result, summary, View.SUMMARY, prefs.sentences, lang)
    await edit_pressed(context, query, parts[0], keyboard, priority=Priority.NORMAL)


async def _summarize(runtime: Runtime, url: str, sentences: int | None) -> tuple[Result, Summary]:
    result = await runtime.read_link(url)
    return result, await runtime.summary(result, sentences)


def _article(
    runtime: Runtime, result: Result, summary: Summary, prefs: UserPrefs, lang: str
) -> InlineQueryResultArticle:
    parts = render(summary, result.source, lang=lang, sections=prefs.sections())
    first = summary.sentences[0].text if summary.sentences else ""
    return InlineQueryResultArticle(
        id=result.id,
        title=(result.source.title or summary.title or result.source.url or "newsbrief")[:200],
        description=first[:DESCRIPTION_CHARS],
        input_message_content=InputTextMessageContent(
            parts[0], parse_mode=ParseMode.HTML, link_preview_options=_NO_PREVIEW
        ),
        reply_markup=summary_keyboard(
            runtime, result, summary, View.SUMMARY, prefs.sentences, lang
        ),
        url=result.source.url,
    )


def _pending(runtime: Runtime, url: str, lang: str) -> InlineQueryResultArticle:
    token = secrets.token_urlsafe(9)
    runtime.inline_links[token] = url
    while len(runtime.inline_links) > MAX_PENDING_LINKS:
        del runtime.inline_links[next(iter(runtime.inline_links))]
    return InlineQueryResultArticle(
        id=token,
        title=i18n.plain(lang, "inline.fallback.title"),
        description=i18n.plain(lang, "inline.fallback.description"),
        input_message_content=InputTextMessageContent(
            i18n.text(lang, "inline.pending", url=url),
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
        ),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        i18n.plain(lang, "button.summarize"), callback_data=f"{PREFIX}:{token}"
                    )
                ],
                [InlineKeyboardButton(i18n.plain(lang, "button.original"), url=url)],
            ]
        ),
    )


def _forget(task: asyncio.Future[tuple[Result, Summary]]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.debug("background inline read failed: %r", task.exception())


def _plain(html_text: str) -> str:
    """Telegram HTML as the plain text it shows (for a result's description)."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
