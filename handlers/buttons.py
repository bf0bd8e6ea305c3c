"""The buttons under a summary: Shorter, Longer, Quotes, Facts, Summary.

A press edits the message in place from the kept result (no fetch); a press on a result that
has expired says so and leaves only the link to the original.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from handlers import i18n
from handlers.render import render
from handlers.replies import (
    SUMMARY_PREFIX,
    bot_of,
    edit_pressed,
    language_of,
    parse_view_data,
    prefs_of,
    runtime_of,
    summary_keyboard,
)
from handlers.runtime import Priority
from summaries.errors import SummaryError

logger = logging.getLogger(__name__)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Presses on summary buttons (callback data ``v:...``)."""
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{SUMMARY_PREFIX}:"))


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Re-render the summary in the pressed view and length, in place."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    runtime = runtime_of(context)
    lang = await language_of(update.effective_user, runtime)
    parsed = parse_view_data(query.data)
    if parsed is None:
        await query.answer(i18n.plain(lang, "press.unknown"))
        return
    result_id, view, sentences = parsed
    result = await runtime.result(result_id)
    if result is None:
        await query.answer(i18n.plain(lang, "press.expired"), show_alert=True)
        await _drop_buttons(update, context)
        return
    await query.answer()  # at once: Telegram refuses a late answer, and the spinner would stay
    try:
        summary = await runtime.summary(result, sentences)
    except SummaryError as error:  # the text summarized before; a busy pool now
        logger.info("a press could not be served: %s", error.code)
        return
    prefs = await prefs_of(update.effective_user, runtime)
    parts = render(summary, result.source, lang=lang, view=view, sections=prefs.sections())
    keyboard = summary_keyboard(runtime, result, summary, view, sentences, lang)
    message = query.message
    if message is None:  # an inline message: one message, the buttons under it
        parts = parts[:1]
    try:
        await edit_pressed(context, query, parts[0], keyboard if len(parts) == 1 else None)
        if len(parts) > 1 and message is not None:  # longer than one message: the rest below
            for number, part in enumerate(parts[1:], 2):
                await bot_of(context).send_message(
                    message.chat.id,
                    part,
                    reply_markup=keyboard if number == len(parts) else None,
                    rate_limit_args=Priority.INTERACTIVE,
                )
    except Forbidden:
        logger.info("a press from a chat that blocked the bot")


async def _drop_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep only the link to the original under an expired summary."""
    query = update.callback_query
    message = query.message if query else None
    if query is None or message is None or not isinstance(message, Message):
        return
    markup = message.reply_markup
    links = [
        [button]
        for row in (markup.inline_keyboard if markup else ())
        for button in row
        if button.url
    ]
    try:
        await bot_of(context).edit_message_reply_markup(
            chat_id=message.chat.id,
            message_id=message.message_id,
            reply_markup=InlineKeyboardMarkup(links) if links else None,
            rate_limit_args=Priority.INTERACTIVE,
        )
    except BadRequest as error:
        logger.debug("could not drop expired buttons: %s", error.message)
