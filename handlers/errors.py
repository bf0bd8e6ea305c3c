"""The global error handler: log the failure by the update's ids, tell the user one sentence.

Never logged: message text, the token. Never shown to anyone: a traceback.
"""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from handlers import i18n
from handlers.replies import language_of, reply, runtime_of

logger = logging.getLogger(__name__)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """The application-wide error handler, and the answers to presses and commands no feature
    knows.

    Registered after every feature: the catch-all handlers share their group, so they see only
    what none of them took (an old keyboard's data, another bot's button, a mistyped command)."""
    app.add_handler(CallbackQueryHandler(on_unknown_press))
    app.add_handler(
        MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, on_unknown_command)
    )
    app.add_error_handler(on_error)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command no feature knows gets a one-line hint: in a private chat always, in a group
    only when it names this bot (``/foo@newsbrief_bot``; other bots' commands are theirs)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command, _, addressee = message.text.split(maxsplit=1)[0].partition("@")
    private = message.chat.type == ChatType.PRIVATE
    if not private and addressee.lower() != (context.bot.username or "").lower():
        return
    lang = await language_of(update.effective_user, runtime_of(context))
    shown = html.escape(command[:64])
    await reply(context, message, i18n.text(lang, "command.unknown", command=shown))


async def on_unknown_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press whose data no handler knows, so the user's spinner stops."""
    query = update.callback_query
    if query is None:
        return
    lang = await language_of(update.effective_user, runtime_of(context))
    await query.answer(i18n.plain(lang, "press.unknown"))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log who and where (ids only), and apologise in private chats."""
    error = context.error
    ids = describe(update)
    if isinstance(error, Forbidden):
        logger.info("%s: the bot may not write there (%s)", ids, type(error).__name__)
        return
    logger.error("%s: %s", ids, type(error).__name__, exc_info=error)
    runtime = context.bot_data.get("runtime")
    if runtime is not None:
        runtime.stats["internal_errors"] += 1
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    # The apology is said once at most: whatever fails while saying it is logged, never raised
    # (PTB would hand an error of the error handler back to it, and the user would hear twice).
    try:
        if update.callback_query is not None:
            lang = await language_of(update.effective_user, runtime_of(context))
            await update.callback_query.answer(i18n.plain(lang, "error.internal"), show_alert=True)
            return
        if update.effective_chat.type != ChatType.PRIVATE or update.effective_message is None:
            return  # in groups, no noise
        lang = await language_of(update.effective_user, runtime_of(context))
        await reply(context, update.effective_message, i18n.text(lang, "error.internal"))
    except Exception as failure:  # the error handler is the last line: it must not throw
        logger.warning(
            "%s: could not tell the user about the error (%s)", ids, type(failure).__name__
        )


def describe(update: object) -> str:
    """``update 12 chat 34 user 56 message 7`` (ids only, never text)."""
    if not isinstance(update, Update):
        return "no update"
    parts = [f"update {update.update_id}"]
    if update.effective_chat is not None:
        parts.append(f"chat {update.effective_chat.id}")
    if update.effective_user is not None:
        parts.append(f"user {update.effective_user.id}")
    if update.effective_message is not None:
        parts.append(f"message {update.effective_message.message_id}")
    if update.callback_query is not None:
        parts.append("button press")
    if update.inline_query is not None:
        parts.append("inline query")
    return " ".join(parts)
