"""/forget: delete everything the bot keeps about the user, after a confirmation.

Callback data: ``forget:yes`` / ``forget:no``.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from handlers import i18n
from handlers.replies import edit_pressed, language_of, reply, runtime_of

logger = logging.getLogger(__name__)

PREFIX = "forget"


def register(app: Application) -> None:  # type: ignore[type-arg]
    """/forget and its two buttons."""
    app.add_handler(CommandHandler("forget", ask, filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(on_answer, pattern=f"^{PREFIX}:"))


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask before deleting (private chats only: it is about the user)."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    lang = await language_of(update.effective_user, runtime_of(context))
    if chat.type != ChatType.PRIVATE:
        await reply(context, message, i18n.text(lang, "forget.private"))
        return
    buttons = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(i18n.plain(lang, "forget.yes"), callback_data=f"{PREFIX}:yes")],
            [InlineKeyboardButton(i18n.plain(lang, "forget.no"), callback_data=f"{PREFIX}:no")],
        ]
    )
    await reply(context, message, i18n.text(lang, "forget.ask"), keyboard=buttons)


async def on_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete on "yes"; say nothing was deleted on "no"."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    runtime = runtime_of(context)
    lang = await language_of(user, runtime)  # before forgetting: the answer is in their language
    await query.answer()
    if query.data != f"{PREFIX}:yes":
        await edit_pressed(context, query, i18n.text(lang, "forget.kept"), None)
        return
    await runtime.forget(user.id)
    logger.info("user %s: data deleted on request", user.id)
    await edit_pressed(context, query, i18n.text(lang, "forget.done"), None)
