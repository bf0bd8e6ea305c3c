"""/start and /help: what the bot does, in a few lines, with an example."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from handlers import i18n
from handlers.replies import language_of, reply, runtime_of


def register(app: Application) -> None:  # type: ignore[type-arg]
    """/start and /help."""
    app.add_handler(CommandHandler(["start", "help"], start, filters=filters.UpdateType.MESSAGE))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain the bot in the user's language."""
    message = update.effective_message
    if message is None:
        return
    runtime = runtime_of(context)
    lang = await language_of(update.effective_user, runtime)
    text = i18n.text(lang, "help", bot=context.bot.username or "newsbrief_bot")
    chat = update.effective_chat
    service = runtime.subscriptions
    if runtime.options.suggested_feeds and service and chat and not await service.feeds(chat.id):
        text += "\n\n" + i18n.text(lang, "suggest.hint")  # a new chat: where to start
    await reply(context, message, text)
