"""/settings: summary length, which sections show, interface language; buttons edit in place.

Callback data: ``set:len:<a|n>``, ``set:sec:<quotes|facts|footer>``, ``set:lang:<code>`` (one
of :data:`handlers.i18n.LANGUAGES`).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from handlers import i18n
from handlers.replies import edit_pressed, language_of, reply, runtime_of
from handlers.runtime import UserPrefs

PREFIX = "set"
LENGTH_CHOICES = (None, 2, 3, 5, 8)  # None: auto
SECTIONS = ("quotes", "facts", "footer")
LANGUAGES_PER_ROW = 4  # seven language names fit a phone's width in two rows


def register(app: Application) -> None:  # type: ignore[type-arg]
    """/settings and its buttons."""
    app.add_handler(CommandHandler("settings", show, filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The settings message with its buttons."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    runtime = runtime_of(context)
    lang = await language_of(user, runtime)
    prefs = await runtime.prefs(user.id)
    await reply(context, message, describe(prefs, lang), keyboard=keyboard(prefs, lang))


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Change one setting and redraw the message."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or query.data is None:
        return
    runtime = runtime_of(context)
    prefs = await runtime.prefs(user.id)
    if not apply(prefs, query.data):
        await query.answer(i18n.plain(await language_of(user, runtime), "press.unknown"))
        return
    await runtime.save_prefs(user.id)
    lang = await language_of(user, runtime)
    await query.answer(i18n.plain(lang, "settings.saved"))
    await edit_pressed(context, query, describe(prefs, lang), keyboard(prefs, lang))


def apply(prefs: UserPrefs, data: str) -> bool:
    """Apply the setting named by callback ``data``; False if it names none."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != PREFIX:
        return False
    _, what, value = parts
    if what == "len":
        choice = None if value == "a" else int(value) if value.isdigit() else -1
        if choice not in LENGTH_CHOICES:
            return False
        prefs.sentences = choice
    elif what == "sec" and value in SECTIONS:
        setattr(prefs, value, not getattr(prefs, value))
    elif what == "lang" and value in i18n.LANGUAGES:
        prefs.language = value
    else:
        return False
    return True


def describe(prefs: UserPrefs, lang: str) -> str:
    on, off = i18n.plain(lang, "settings.on"), i18n.plain(lang, "settings.off")
    length = (
        i18n.plain(lang, "settings.length.auto")
        if prefs.sentences is None
        else i18n.plain(lang, "settings.length.n", n=prefs.sentences)
    )
    return i18n.text(
        lang,
        "settings.title",
        length=length,
        quotes=on if prefs.quotes else off,
        facts=on if prefs.facts else off,
        footer=on if prefs.footer else off,
        language=i18n.LANGUAGE_NAMES.get(lang, lang),
    )


def keyboard(prefs: UserPrefs, lang: str) -> InlineKeyboardMarkup:
    def mark(label: str, chosen: bool) -> str:
        return f"✓ {label}" if chosen else label

    lengths = [
        InlineKeyboardButton(
            mark(
                i18n.plain(lang, "settings.button.auto") if n is None else str(n),
                prefs.sentences == n,
            ),
            callback_data=f"{PREFIX}:len:{n or 'a'}",
        )
        for n in LENGTH_CHOICES
    ]
    sections = [
        InlineKeyboardButton(
            mark(i18n.plain(lang, f"settings.button.{name}"), bool(getattr(prefs, name))),
            callback_data=f"{PREFIX}:sec:{name}",
        )
        for name in SECTIONS
    ]
    languages = [
        InlineKeyboardButton(
            mark(i18n.LANGUAGE_NAMES[code], code == lang), callback_data=f"{PREFIX}:lang:{code}"
        )
        for code in i18n.LANGUAGES
    ]
    per_row = LANGUAGES_PER_ROW
    rows = [languages[at : at + per_row] for at in range(0, len(languages), per_row)]
    return InlineKeyboardMarkup([lengths, sections, *rows])
