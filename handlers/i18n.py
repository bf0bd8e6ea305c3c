"""Every string the bot says: English source strings here, translations in gettext catalogs.

``text(lang, key, **params)`` looks a string up and fills it in. The strings are Telegram HTML;
the parameters are escaped here, so a title full of ``<`` or ``&`` cannot break a message.
``error_text(lang, error)`` turns a library error into one short sentence for the user.

The English strings below are the source. Each is one gettext message whose context
(``msgctxt``) is its key; a :class:`Plural` is one ``ngettext`` message, its form chosen by the
parameter it names. The translations live in ``handlers/locale/<lang>/LC_MESSAGES/newsbrief.po``;
``pybabel extract`` reads this module through :func:`handlers.catalogs.extract_source` (see the
docs/operating.md, "Translations"). A new string is one new line in ``_EN``, then extract, update and
translate. A string missing from a catalog shows in English.
"""

from __future__ import annotations

import functools
import gettext
import html
import io
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

from babel.numbers import format_decimal

from summaries.errors import SummaryError

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "ru", "de", "fr", "es", "it", "pt")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Русский",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
}
# Telegram language codes that get the Russian interface: Russian, and the languages whose
# speakers most often read Russian more easily than English.
_RUSSIAN_READERS = frozenset({"ru"})  # other languages get English: a safer guess

DOMAIN = "newsbrief"
LOCALE_DIR = Path(__file__).with_name("locale")


class Plural(NamedTuple):
    """A message with plural forms (``ngettext``): English singular and plural, and the name
    of the parameter whose number picks the form (each language has its own CLDR rule)."""

    one: str
    other: str
    n: str = "count"


_EN: dict[str, str | Plural] = {
    "help": (
        "<b>newsbrief</b> summarizes news articles: only sentences from the article itself, "
        "the key quotes with who said them, and the key numbers and dates.\n\n"
        "• Send a link, or paste the article's text, or forward a channel post.\n"
        "• The buttons make a summary shorter or longer, or show all quotes and facts.\n"
        "• In a group: reply to a message with /tldr, or mention me with a link.\n"
        "• In any chat: type <code>@{bot} https://…</code>\n\n"
        "Example: <code>https://www.bbc.com/news/articles/…</code>\n\n"
        "<b>A daily digest</b> of the feeds you follow, each story once however many outlets "
        "tell it: /subscribe with a feed or a site, then /feeds, /digest_time, /timezone; "
        "/digest sends one now. /channel posts it in a channel or group you run.\n\n"
        "/settings: summary length, sections, language"
    ),
    "commands.start": "What newsbrief does",
    "commands.help": "How to use it",
    "commands.settings": "Summary length, sections, language",
    "commands.tldr": "In a group: summarize the message you reply to",
    "working.link": "Reading the article…",
    "working.text": "Summarizing…",
    "hint.short_text": Plural(
        "Send me a link to a news article, or paste its text (at least {min_chars} character), "
        "and I will summarize it.",
        "Send me a link to a news article, or paste its text (at least {min_chars} characters), "
        "and I will summarize it.",
        n="min_chars",
    ),
    "hint.no_content": "I can summarize links and article text. This message has neither.",
    "hint.tldr": "Reply with /tldr to a message that has a link or article text.",
    "hint.tldr_nothing": "The message you replied to has no link and too little text to summarize.",
    "links.more": Plural(
        "This message has {count} link; here are the first {shown}.",
        "This message has {count} links; here are the first {shown}.",
    ),
    "limit.user": Plural(
        "You have asked for {limit} summary in the last minute. "
        "Please wait {seconds} s and send it again.",
        "You have asked for {limit} summaries in the last minute. "
        "Please wait {seconds} s and send it again.",
        n="limit",
    ),
    "limit.busy": "Too many summaries are being made right now. Please try again in a minute.",
    "partial": (
        "⚠️ The page shows only part of this article (it is for subscribers), "
        "so this summary covers only that part."
    ),
    "section.quotes": "Quotes",
    "section.facts": "Facts",
    "section.no_quotes": "No direct quotes in this article.",
    "section.no_facts": "No numbers, dates or amounts stood out in this article.",
    "footer": Plural(
        "{words_in} word → {words_out} · saves about {minutes} min",
        "{words_in} words → {words_out} · saves about {minutes} min",
        n="words_in",
    ),
    "footer.short": Plural(
        "{words_in} word → {words_out}", "{words_in} words → {words_out}", n="words_in"
    ),
    "source.pasted": "Pasted text",
    "button.shorter": "➖ Shorter",
    "button.longer": "➕ Longer",
    "button.quotes": "💬 Quotes",
    "button.facts": "🔢 Facts",
    "button.summary": "📝 Summary",
    "button.original": "🔗 Original",
    "button.summarize": "Summarize",
    "press.expired": "This summary has expired. Send the link again to get a new one.",
    "press.shortest": "This is already the shortest summary.",
    "press.longest": "This summary already has every sentence worth showing.",
    "press.unknown": "This button no longer works.",
    "press.rate": "One moment, please.",
    "settings.title": (
        "<b>Settings</b>\n"
        "Summary length: <b>{length}</b>\n"
        "Quotes: <b>{quotes}</b> · Facts: <b>{facts}</b> · Word count: <b>{footer}</b>\n"
        "Language: <b>{language}</b>"
    ),
    "settings.length.auto": "auto (3–5 sentences)",
    "settings.length.n": Plural("{n} sentence", "{n} sentences", n="n"),
    "settings.on": "on",
    "settings.off": "off",
    "settings.button.auto": "Auto",
    "settings.button.quotes": "Quotes",
    "settings.button.facts": "Facts",
    "settings.button.footer": "Word count",
    "settings.saved": "Saved.",
    "inline.empty.title": "Send a link after my name",
    "inline.empty.text": "Type @{bot} followed by a link to a news article.",
    "inline.fallback.title": "Tap to summarize",
    "inline.fallback.description": "This article takes a moment to read: tap, then press Summarize.",
    "inline.pending": "🔗 {url}\n\nPress <b>Summarize</b> to read this article here.",
    "inline.error.title": "Cannot summarize this link",
    "inline.limit": "Too many links in a minute: wait a moment",
    "error.internal": "Something went wrong on my side. Please try again in a minute.",
    "digest.title": "Your news · {date}",
    "digest.also": "also in {sources}",
    "digest.more": Plural(
        "…and {count} more story from your feeds.", "…and {count} more stories from your feeds."
    ),
    "commands.subscribe": "Follow a feed or site in your daily digest",
    "commands.feeds": "Your feeds (and unsubscribing)",
    "commands.digest": "Send my digest now",
    "commands.digest_time": "When the daily digest comes (HH:MM)",
    "commands.timezone": "Your time zone (a city or Area/City)",
    "sub.usage": "Send <code>/subscribe https://site.example/feed.xml</code> (a feed, or a site that has one).",
    "sub.added": "Subscribed to <b>{title}</b>. Its stories will be in your daily digest at {time} ({zone}).",
    "sub.already": "You already follow <b>{title}</b>.",
    "sub.removed": "Unsubscribed from {title}.",
    "sub.none": "You follow no feeds yet. Send <code>/subscribe</code> and a link, or an OPML file from your feed reader.",
    "sub.list": "<b>Your feeds</b> (press one to unsubscribe):",
    "commands.suggested": "Feeds to follow with one tap",
    "commands.import": "Follow the feeds of an OPML file",
    "commands.export": "Your feeds as an OPML file",
    "import.usage": "Send me an OPML file (what feed readers export, <code>.opml</code> or <code>.xml</code>) and I will follow its feeds. In a group, write <code>/import</code> in the file's caption, or reply <code>/import</code> to the file.",
    "import.not_a_list": "I read OPML files (the list of feeds a feed reader exports, <code>.opml</code> or <code>.xml</code>) to follow their feeds; this file is not one. To summarize an article, send its link or paste its text.",
    "import.too_big": "This file is {size}; I import OPML files up to {limit} (a list of 1,000 feeds is about 150 KB).",
    "import.download_failed": "I could not download this file from Telegram. Please send it again.",
    "import.busy": "An import is already running in this chat. Send the next file when its result is here.",
    "import.empty": "This OPML file lists no feeds (no outline with an <code>xmlUrl</code>).",
    "import.working": Plural("Importing {count} feed…", "Importing {count} feeds…"),
    "import.progress": Plural(
        "Importing {count} feed: {done} checked…", "Importing {count} feeds: {done} checked…"
    ),
    "import.done": Plural(
        "<b>Import</b>: the file lists {count} feed.",
        "<b>Import</b>: the file lists {count} feeds.",
    ),
    "import.added": "✅ Added: {count}",
    "import.already": "☑️ Already followed: {count}",
    "import.failed": "⚠️ Could not be read: {count}",
    "import.over_cap": Plural(
        "⛔ Left out, over the limit of {limit} feed per chat: {count}",
        "⛔ Left out, over the limit of {limit} feeds per chat: {count}",
        n="limit",
    ),
    "import.unchecked": "⏭ Not checked (one import checks at most {limit}; send the file again for the rest): {count}",
    "import.item": "– {name}: {reason}",
    "import.item_name": "– {name}",
    "import.more": "…and {count} more",
    "import.when": "Their stories will be in your daily digest at {time} ({zone}). /feeds lists your feeds.",
    "opml.too_large": "This file is too large to be a list of feeds.",
    "opml.empty": "This file is empty.",
    "opml.dtd": "This file declares a DTD (<code>&lt;!DOCTYPE&gt;</code>), which OPML never needs, so I do not read it.",
    "opml.not_xml": "This file is not well-formed XML, so it is not an OPML list of feeds.",
    "opml.not_opml": "This file is XML, but not OPML: export the list of feeds from your reader as OPML. (To follow one feed, send <code>/subscribe</code> and its link.)",
    "opml.encoding": "The encoding this file declares does not fit its bytes.",
    "opml.invalid": "This file cannot be read as an OPML list of feeds.",
    "reason.error": "could not be read",
    "reason.no_feed": "not a feed, and the page names none",
    "reason.feed": "not a feed",
    "reason.not_a_feed": "not a feed",
    "reason.feed_too_large": "the feed is too large",
    "reason.too_large": "too large",
    "reason.not_found": "not found (HTTP {status})",
    "reason.http_error": "the site answered HTTP {status}",
    "reason.blocked": "the site turns automated readers away (HTTP {status})",
    "reason.login_required": "needs a login (HTTP {status})",
    "reason.timeout": "no answer within {seconds} s",
    "reason.unreachable": "the site cannot be reached",
    "reason.host_not_found": "no such site ({host})",
    "reason.blocked_address": "a private or local address",
    "reason.blocked_port": "an unusual port ({port})",
    "reason.too_many_redirects": "too many redirects",
    "reason.bad_redirect": "redirects somewhere I do not follow",
    "reason.bad_url": "not a web address",
    "reason.empty_page": "an empty page",
    "reason.not_an_article": "a file ({kind}), not a feed",
    "reason.fetch": "could not be downloaded",
    "export.caption": Plural(
        "Your {count} feed as OPML: import the file into any feed reader, or send it back to me.",
        "Your {count} feeds as OPML: import the file into any feed reader, or send it back to me.",
    ),
    "suggest.none": "This bot has no suggested feeds. Send <code>/subscribe</code> and a link, or an OPML file from your feed reader.",
    "suggest.title": "<b>Suggested feeds</b>",
    "suggest.topic": "<b>Suggested feeds · {topic}</b>",
    "suggest.pick_topic": "Pick a topic.",
    "suggest.pick_feed": "Press a feed to follow it (✓: you follow it).",
    "suggest.other": "More",
    "suggest.back": "◀ Topics",
    "suggest.adding": "Adding {title}…",
    "suggest.following": "You follow {title}. /feeds unsubscribes.",
    "suggest.stale": "This list has changed: send /suggested again.",
    "suggest.failed": "⚠️ Could not add <b>{title}</b>: {reason}.",
    "suggest.hint": "Not sure where to start? /suggested has feeds to follow with one tap.",
    "sub.paused": Plural(
        "⚠️ <b>{title}</b> failed {count} time in a row ({reason}), so it is paused. <code>/subscribe {url}</code> tries again.",
        "⚠️ <b>{title}</b> failed {count} times in a row ({reason}), so it is paused. <code>/subscribe {url}</code> tries again.",
    ),
    "digest.time_usage": "Send <code>/digest_time HH:MM</code>, for example <code>/digest_time 07:30</code>.",
    "digest.time_set": "Your digest will come at {time} ({zone}); next: {next}.",
    "digest.time_current": "Your digest comes at {time} ({zone}); next: {next}. To change it, send <code>/digest_time HH:MM</code>, for example <code>/digest_time 07:30</code>.",
    "digest.zone_current": "Your time zone is {zone}; your digest comes at {time}. To change it, send <code>/timezone</code> with a city or a zone name, for example <code>/timezone Berlin</code>.",
    "command.unknown": "I do not know {command}. /help lists what I can do.",
    "digest.zone_unknown": "I do not know the time zone “{zone}”. Try a big city near you, or a name like Europe/Berlin.",
    "digest.zone_set": "Time zone set to {zone}. Your digest comes at {time}; next: {next}.",
    "digest.nothing": "Nothing new in your feeds since your last digest.",
    "commands.filter": "Words your digest must or must not have",
    "commands.forget": "Delete everything the bot keeps about you",
    "commands.quiet": "Hours when digests come without a sound",
    "commands.digest_size": "How many stories the digest shows",
    "commands.digest_empty": "A digest on days with nothing new, or none",
    "digest.size_usage": Plural(
        "Your digest shows up to {size} story. Send <code>/digest_size N</code> with N from {low} to {high} to change it.",
        "Your digest shows up to {size} stories. Send <code>/digest_size N</code> with N from {low} to {high} to change it.",
        n="size",
    ),
    "digest.size_set": Plural(
        "Your digest will show up to {size} story (the rest are counted at the end).",
        "Your digest will show up to {size} stories (the rest are counted at the end).",
        n="size",
    ),
    "digest.empty_on": "On a day with nothing new you get a short digest saying so.",
    "digest.empty_off": "On a day with nothing new you get no digest.",
    "digest.empty_usage": "<code>/digest_empty on</code>: a short digest on such days; <code>/digest_empty off</code>: none.",
    "digest.empty": "Nothing new in your feeds since the last digest.",
    "quiet.usage": "Send <code>/quiet 23:00-07:00</code> for quiet hours by your local time: digests and notices that come then arrive without a sound. <code>/quiet off</code> ends them.",
    "quiet.set": "Quiet hours: {start}–{end} ({zone}). Digests and notices in those hours arrive without a sound.",
    "quiet.now": "Your quiet hours: {start}–{end} ({zone}).",
    "quiet.none": "You have no quiet hours.",
    "quiet.off": "Quiet hours are off: digests arrive with a sound again.",
    "filter.usage": (
        "Send words to keep and, with a minus, words to leave out: "
        "<code>/filter bridge council -football</code>. <code>/filter off</code> clears them. "
        "Words are matched as words (bridge also finds bridges), never as patterns."
    ),
    "filter.now": "Your digest keeps stories with: {include}. It leaves out: {exclude}.",
    "filter.none": "(any)",
    "filter.nothing": "(nothing)",
    "filter.bad": Plural(
        "A filter word has at most {chars} character.",
        "A filter word has at most {chars} characters.",
        n="chars",
    ),
    "filter.too_many": Plural(
        "A filter has at most {count} word in all.", "A filter has at most {count} words in all."
    ),
    "forget.ask": (
        "Delete everything newsbrief keeps about you: your settings, your feeds and digests, "
        "and the texts you pasted? This cannot be undone."
    ),
    "forget.yes": "Yes, delete it all",
    "forget.no": "Cancel",
    "forget.done": "Done: newsbrief keeps nothing about you any more.",
    "forget.kept": "Nothing was deleted.",
    "forget.private": "Send /forget in a private chat with the bot.",
    # /channel (handlers/channels.py)
    "commands.channel": "Post digests in a channel or group you run",
    "channel.in_group": "To manage this chat's digest from your private chat with me, send me <code>/channel {id}</code> there. Here, the digest commands work as they are.",
    "channel.unavailable": "This bot keeps no feeds, so it cannot post digests in channels.",
    "channel.back": "Commands here manage your own digest again.",
    "channel.bad_name": "“{name}” is not a channel name. Send <code>/channel @name</code> or the channel's t.me link, or forward me a post from it.",
    "channel.no_longer_admin": "You are no longer an administrator of {title}.",
    "channel.not_found": "I cannot find {name}: check the name, or, for a private channel, add me to it as an administrator and forward me one of its posts.",
    "channel.not_a_channel": "{name} is a person, not a channel or group: send the name of a channel or group you administer.",
    "channel.bot_not_admin": "I cannot post in <b>{title}</b> yet: add @{bot} to the channel as an administrator allowed to post messages, then send /channel again.",
    "channel.bot_muted": "I cannot post in <b>{title}</b> yet: add @{bot} to the group and let it send messages, then send /channel again.",
    "channel.user_not_admin": "Only an administrator of <b>{title}</b> can have digests posted there: ask its owner to make you one, or to link it themselves.",
    "channel.linked": "✅ <b>{title}</b> is linked: its digest is posted there, and the digest commands you send here now manage it.",
    "channel.linked_state": "Feeds it follows: {count}. Digest at {time} ({zone}).",
    "channel.linked_commands": "/subscribe, /feeds, /filter, /digest_time, /timezone, /quiet and /digest work on it now; <code>/channel me</code> switches back to your own digest.",
    "channel.status_own": "Commands here manage your own digest.",
    "channel.status_managed": "Commands here manage the digest of <b>{title}</b>. <code>/channel me</code> switches back to your own.",
    "channel.status_paused.removed": "⏸ Its digests are paused: I am no longer in it. Add me back as an administrator allowed to post, and they resume.",
    "channel.status_paused.rights": "⏸ Its digests are paused: I may not post there. Give me the right to post messages again, and they resume.",
    "channel.status_paused.deleted": "⏸ Its digests are paused: the chat no longer exists, or I cannot reach it. If it still exists, add me again and send <code>/channel</code> with its name.",
    "channel.usage": "To have digests posted in a channel or group you administer, add me there as an administrator allowed to post, then send <code>/channel @name</code> here, or forward me a post from the channel now.",
    "channel.button_own": "👤 My own digest",
    "channel.header_channel": "📢 <b>{title}</b>",
    "channel.header_group": "👥 <b>{title}</b>",
    "channel.paused.removed": "⏸ I was removed from <b>{title}</b>, so its digests are paused. Add me back as an administrator allowed to post messages, and they resume.",
    "channel.paused.rights": "⏸ I may no longer post in <b>{title}</b>, so its digests are paused. Give me the right to post messages again, and they resume.",
    "channel.paused.deleted": "⏸ <b>{title}</b> no longer exists, or I cannot reach it, so its digests are paused. If it still exists, add me again and send <code>/channel</code> with its name.",
    "channel.resumed": "▶️ I can post in <b>{title}</b> again, so its digests resume.",
    "channel.digest_posted": "The digest is posted there.",
}

# One sentence per library error code, for the languages whose text the library does not give.
# English uses the error's own ``user_message``, which carries the details (HTTP status, size);
# these English sentences are the source the translations are made from.
_ERRORS_EN: dict[str, str | Plural] = {
    "error": "newsbrief could not summarize this.",
    "input": "This text cannot be summarized.",
    "empty": "There is no article text to summarize.",
    "too_long": Plural(
        "The text is too long to summarize ({size} character; the limit is {limit}).",
        "The text is too long to summarize ({size} characters; the limit is {limit}).",
        n="size",
    ),
    "not_prose": "This does not look like article text: no sentences found.",
    "unsupported_language": "newsbrief cannot summarize this language ({name}) yet. Supported: {supported}.",
    "fetch": "newsbrief could not download this page.",
    "blocked_address": "This link points to a private or local network address, which newsbrief does not read.",
    "blocked_port": "This link uses network port {port}; newsbrief only reads pages on the standard web ports.",
    "host_not_found": "The site {host} could not be found; check the link for typos.",
    "unreachable": "The site could not be reached or sent a broken answer.",
    "timeout": "The site took too long to answer (more than {seconds} s).",
    "too_many_redirects": "This link redirects too many times (or in a circle) to reach a page.",
    "bad_redirect": "This page redirects somewhere newsbrief does not follow.",
    "too_large": "This page is too large to read.",
    "empty_page": "The site sent an empty page.",
    "not_an_article": "This link leads to a file, not an article.",
    "http_error": "The site answered with an error (HTTP {status}).",
    "not_found": "The page was not found (HTTP {status}): the link may be broken or removed.",
    "login_required": "This page needs a login (HTTP {status}), which newsbrief does not have.",
    "blocked": "This site blocks automated readers (HTTP {status}), so newsbrief cannot read it.",
    "bad_url": "This link cannot be read.",
    "extraction": "newsbrief could not find an article on this page.",
    "no_article_text": "This page does not seem to hold an article (it is a front page, a list of links or a video).",
    "paywalled": "This article is for subscribers only; the page shows too little of it to summarize.",
    "too_slow": "This took too long to read, so newsbrief gave up on it.",
    "worker_crashed": "newsbrief could not read this; the reader stopped. Try again later.",
    "busy": "Too many summaries are being made right now. Please try again in a minute.",
    "no_feed": "This page is not a feed and names none. Send the feed's own link (often /feed or /rss) or the site's home page.",
    "too_many_feeds": Plural(
        "You follow {limit} feed, the most one chat may.",
        "You follow {limit} feeds, the most one chat may.",
        n="limit",
    ),
    "feed": "This address does not give a news feed.",
    "feed_too_large": Plural(
        "This feed is too large to read ({size} byte; the limit is {limit}).",
        "This feed is too large to read ({size} bytes; the limit is {limit}).",
        n="size",
    ),
    "opml": "This file cannot be read as an OPML subscription list.",
}

# Parameters that are codes, not amounts: never shown with digit grouping.
_CODES = frozenset({"status", "port"})


def pick_language(telegram_code: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The interface language for a Telegram ``language_code`` (``"ru"``, ``"pt-br"``, None)."""
    if telegram_code:
        primary = telegram_code.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
        if primary in _RUSSIAN_READERS:
            return "ru"
    return default if default in LANGUAGES else DEFAULT_LANGUAGE


def known(key: str) -> bool:
    """Whether ``key`` names a string of the catalog."""
    return key in _EN


def text(lang: str, key: str, **params: object) -> str:
    """The catalog string ``key`` in ``lang`` (English if missing), parameters HTML-escaped.
    ``key`` is a key of the catalog, or ``errors.<code>`` for a library error's sentence."""
    return _render(lang, key, _sources()[key], params, _escape)


def plain(lang: str, key: str, **params: object) -> str:
    """Like :func:`text`, for places that take plain text (button labels, alerts)."""
    return _render(lang, key, _sources()[key], params, str)


def error_text(lang: str, error: SummaryError) -> str:
    """One short sentence about ``error`` for the user, HTML-escaped."""
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES:
        return html.escape(error.user_message, quote=False)
    code = "error"
    for kind in type(error).__mro__:  # a subclass without its own line: its parent's
        found = getattr(kind, "code", None)
        if isinstance(found, str) and found in _ERRORS_EN:
            code = found
            break
    source = _ERRORS_EN[code]
    counted = source.n if isinstance(source, Plural) else None
    params = {
        name: number(value, lang) if _amount(value) and name not in (_CODES | {counted}) else value
        for name, value in vars(error).items()
        if not name.startswith("_")
    }
    try:
        return _render(lang, f"errors.{code}", source, params, _escape_param)
    except (KeyError, IndexError, TypeError, ValueError):  # a parameter this error lacks
        return _render(lang, "errors.error", _ERRORS_EN["error"], {}, _escape)


# Digit grouping written here for the two languages every deployment serves: Babel's CLDR data
# costs 4.9 MB of resident memory for the first locale it loads and 1-1.6 MB for each further one
# (measured with /proc/self/status VmRSS), which an English and Russian bot need not pay.
_GROUPING = {"en": ",", "ru": "\u00a0"}


def number(value: int, lang: str) -> str:
    """A count as ``lang`` writes it: 1,234 · 1 234 · 1.234 (CLDR's grouping, via Babel)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    separator = _GROUPING.get(lang)
    if separator is not None:
        return f"{value:,}".replace(",", separator)
    return format_decimal(value, locale=lang)


def source_messages() -> dict[str, str | Plural]:
    """Every source string by its message context (``key``, ``errors.<code>``)."""
    return dict(_sources())


@functools.cache
def _sources() -> Mapping[str, str | Plural]:
    return {**_EN, **{f"errors.{code}": message for code, message in _ERRORS_EN.items()}}


def _render(
    lang: str,
    context: str,
    source: str | Plural,
    params: Mapping[str, object],
    show: Callable[[object], str],
) -> str:
    catalog = translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    values = dict(params)
    if isinstance(source, Plural):
        count = params[source.n]
        if not isinstance(count, int) or isinstance(count, bool):
            raise TypeError(f"{context}: {source.n} must be an int, not {count!r}")
        template = catalog.npgettext(context, source.one, source.other, count)
        values[source.n] = number(count, lang)
    else:
        template = catalog.pgettext(context, source)
    if not values:
        return template
    return template.format(**{name: show(value) for name, value in values.items()})


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (loaded once)."""
    return load_catalog(LOCALE_DIR, lang)


def load_catalog(directory: Path, lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` under ``directory``: its ``.mo`` file, built at install
    time; if that is missing or older than the ``.po`` (a source checkout that was not built,
    or a translation edited since), the ``.po`` compiled in memory with Babel."""
    po = directory / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # only for an unbuilt checkout
    from babel.messages.pofile import read_po

    logger.info("compiling %s at first use (no fresh .mo: run `pip install -e .`)", po)
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _amount(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 10_000


def _escape_param(value: object) -> str:
    return _escape(_format_param(value))


def _format_param(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def _escape(value: object) -> str:
    return html.escape(str(value), quote=False)
