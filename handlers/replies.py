"""Pieces every feature uses: the runtime, the user's language, summary replies and buttons.

Callback data of the summary buttons is ``v:<result id>:<view>:<sentences or a>`` (at most
~25 bytes, under Telegram's 64): each button names the state it shows, so a press needs no
per-message state, only the kept result.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from typing import cast

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    User,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, ExtBot

from handlers import i18n
from handlers.render import View
from handlers.runtime import Priority, Result, Runtime, UserPrefs
from summaries.models import Summary

logger = logging.getLogger(__name__)

SUMMARY_PREFIX = "v"
AUTO = "a"
# Set on an update's context by ``handlers.channels.target_of`` when a command in a private chat
# acts on a linked channel or group: the line (its name) every answer to the update starts with.
AIMED_AT = "newsbrief_aimed_at"


async def best_effort(call: Awaitable[object]) -> bool:
    """Await a cosmetic Bot API call (a chat action, a command menu); True if it went through.

    Its failure (a 5xx, a timeout, a flood wait) is logged and costs nothing else: no summary
    or start is lost to a "typing…" that could not be shown."""
    try:
        await call
    except TelegramError as error:
        logger.info("a cosmetic Bot API call failed: %s", type(error).__name__)
        return False
    return True


def runtime_of(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    """The Runtime that ``post_init`` put in ``bot_data``."""
    return cast(Runtime, context.bot_data["runtime"])


def bot_of(context: ContextTypes.DEFAULT_TYPE) -> ExtBot[int]:
    """The bot, typed with the flood limiter's argument (a ``Priority``)."""
    return cast("ExtBot[int]", context.bot)


async def reply(
    context: ContextTypes.DEFAULT_TYPE,
    to: Message,
    html_text: str,
    *,
    priority: Priority = Priority.INTERACTIVE,
    quote: bool | None = None,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message:
    """Answer ``to`` in its chat (quoting it in groups unless told otherwise)."""
    if quote is None:
        quote = to.chat.type != ChatType.PRIVATE
    html_text = aimed(context, html_text)
    return await bot_of(context).send_message(
        to.chat_id,
        html_text,
        reply_markup=keyboard,
        reply_parameters=ReplyParameters(to.message_id) if quote else None,
        message_thread_id=to.message_thread_id if to.is_topic_message else None,
        rate_limit_args=priority,
    )


async def edit_pressed(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    html_text: str,
    keyboard: InlineKeyboardMarkup | None,
    *,
    priority: Priority = Priority.INTERACTIVE,
) -> None:
    """Edit the message whose button was pressed (a chat message or an inline one); an edit
    that changes nothing is not an error."""
    bot = bot_of(context)
    html_text = aimed(context, html_text)
    try:
        if query.inline_message_id is not None:
            await bot.edit_message_text(
                html_text,
                inline_message_id=query.inline_message_id,
                reply_markup=keyboard,
                rate_limit_args=priority,
            )
        elif query.message is not None:
            await bot.edit_message_text(
                html_text,
                chat_id=query.message.chat.id,
                message_id=query.message.message_id,
                reply_markup=keyboard,
                rate_limit_args=priority,
            )
    except BadRequest as error:
        if "message is not modified" not in error.message.lower():
            raise


def aimed(context: ContextTypes.DEFAULT_TYPE, html_text: str) -> str:
    """``html_text``, after the name of the linked chat the update acts on, if it does."""
    header = getattr(context, AIMED_AT, None)
    return f"{header}\n{html_text}" if isinstance(header, str) else html_text


async def language_of(user: User | None, runtime: Runtime) -> str:
    """The interface language: the user's /settings choice, else their Telegram language."""
    if user is None:
        return runtime.options.interface_language
    chosen = (await runtime.prefs(user.id)).language
    return chosen or i18n.pick_language(user.language_code, runtime.options.interface_language)


async def prefs_of(user: User | None, runtime: Runtime) -> UserPrefs:
    if user is None:
        return UserPrefs(footer=runtime.options.show_footer)
    return await runtime.prefs(user.id)


def view_data(result_id: str, view: View, sentences: int | None) -> str:
    return f"{SUMMARY_PREFIX}:{result_id}:{view.value}:{sentences or AUTO}"


def parse_view_data(data: str) -> tuple[str, View, int | None] | None:
    """``(result id, view, sentences)`` from callback data, or None if it is not ours."""
    parts = data.split(":")
    if len(parts) != 4 or parts[0] != SUMMARY_PREFIX:
        return None
    try:
        view = View(parts[2])
        sentences = None if parts[3] == AUTO else int(parts[3])
    except ValueError:
        return None
    if sentences is not None and not 1 <= sentences <= 100:
        return None
    return parts[1], view, sentences


def summary_keyboard(
    runtime: Runtime,
    result: Result,
    summary: Summary,
    view: View,
    sentences: int | None,
    lang: str,
) -> InlineKeyboardMarkup:
    """Shorter/Longer (summary view), Quotes/Facts/Summary, and the original link."""
    rows: list[list[InlineKeyboardButton]] = []
    if view is View.SUMMARY:
        current = min(sentences or len(summary.sentences), len(summary.sentences))
        steps = []
        shorter = runtime.next_length(current, False, summary.sentences_total)
        longer = runtime.next_length(current, True, summary.sentences_total)
        if shorter is not None:
            steps.append(_button(lang, "button.shorter", result, View.SUMMARY, shorter))
        if longer is not None and longer > len(summary.sentences):
            steps.append(_button(lang, "button.longer", result, View.SUMMARY, longer))
        if steps:
            rows.append(steps)
    switch = []
    if view is not View.QUOTES and summary.quotes:
        switch.append(_button(lang, "button.quotes", result, View.QUOTES, sentences))
    if view is not View.FACTS and summary.facts:
        switch.append(_button(lang, "button.facts", result, View.FACTS, sentences))
    if view is not View.SUMMARY:
        switch.append(_button(lang, "button.summary", result, View.SUMMARY, sentences))
    if switch:
        rows.append(switch)
    if result.source.url:
        rows.append(
            [InlineKeyboardButton(i18n.plain(lang, "button.original"), url=result.source.url)]
        )
    return InlineKeyboardMarkup(rows)


def _button(
    lang: str, key: str, result: Result, view: View, sentences: int | None
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        i18n.plain(lang, key), callback_data=view_data(result.id, view, sentences)
    )


async def deliver(
    first: Message, parts: Sequence[str], keyboard: InlineKeyboardMarkup | None
) -> list[Message]:
    """Edit ``first`` (a placeholder) into ``parts[0]``, send the other parts after it; the
    keyboard goes under the last part. Returns the messages of the reply."""
    messages = [first]
    single = len(parts) == 1
    edited = await edit(first, parts[0], keyboard if single else None)
    if isinstance(edited, Message):
        messages[0] = edited
    thread = first.message_thread_id if first.is_topic_message else None
    for number, part in enumerate(parts[1:], 2):
        last = number == len(parts)
        messages.append(
            await first.get_bot().send_message(
                first.chat_id,
                part,
                reply_markup=keyboard if last else None,
                message_thread_id=thread,
            )
        )
    return messages


async def edit(
    message: Message, html_text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | bool:
    """``message.edit_text``; an edit that changes nothing is not an error."""
    try:
        return await message.edit_text(html_text, reply_markup=keyboard)
    except BadRequest as error:
        if "message is not modified" in error.message.lower():
            return True
        raise
