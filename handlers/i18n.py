"""Every string the bot says, in English and Russian, in one catalog.

``text(lang, key, **params)`` looks a string up and fills it in. The strings are Telegram HTML;
the parameters are escaped here, so a title full of ``<`` or ``&`` cannot break a message.
``error_text(lang, error)`` turns a library error into one short sentence for the user.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from summaries.errors import SummaryError

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
# Telegram language codes that get the Russian interface: Russian, and the languages whose
# speakers most often read Russian more easily than English.
_RUSSIAN_READERS = frozenset({"ru"})  # other languages get English: a safer guess

_EN: dict[str, str] = {
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
        "/digest sends one now.\n\n"
        "/settings: summary length, sections, language"
    ),
    "commands.start": "What newsbrief does",
    "commands.help": "How to use it",
    "commands.settings": "Summary length, sections, language",
    "commands.tldr": "In a group: summarize the message you reply to",
    "working.link": "Reading the article…",
    "working.text": "Summarizing…",
    "hint.short_text": (
        "Send me a link to a news article, or paste its text (at least {min_chars} characters), "
        "and I will summarize it."
    ),
    "hint.no_content": "I can summarize links and article text. This message has neither.",
    "hint.tldr": "Reply with /tldr to a message that has a link or article text.",
    "hint.tldr_nothing": "The message you replied to has no link and too little text to summarize.",
    "links.more": "This message has {count} links; here are the first {shown}.",
    "limit.user": (
        "You have asked for {limit} summaries in the last minute. "
        "Please wait {seconds} s and send it again."
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
    "footer": "{words_in} words → {words_out} · saves about {minutes} min",
    "footer.short": "{words_in} words → {words_out}",
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
    "settings.length.n": "{n} sentences",
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
    "digest.more": "…and {count} more stories from your feeds.",
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
    "import.working": "Importing feeds: {count}…",
    "import.progress": "Importing {count} feeds: {done} checked…",
    "import.done": "<b>Import</b>: feeds in the file: {count}.",
    "import.added": "✅ Added: {count}",
    "import.already": "☑️ Already followed: {count}",
    "import.failed": "⚠️ Could not be read: {count}",
    "import.over_cap": "⛔ Left out, over the limit of {limit} feeds per chat: {count}",
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
    "export.caption": "Your feeds ({count}) as OPML: import the file into any feed reader, or send it back to me.",
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
    "sub.paused": "⚠️ <b>{title}</b> failed {count} times in a row ({reason}), so it is paused. <code>/subscribe {url}</code> tries again.",
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
    "digest.size_usage": "Your digest shows up to {size} stories. Send <code>/digest_size N</code> with N from {low} to {high} to change it.",
    "digest.size_set": "Your digest will show up to {size} stories (the rest are counted at the end).",
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
    "filter.bad": "A filter word is at most {chars} characters, and at most {count} words in all.",
    "forget.ask": (
        "Delete everything newsbrief keeps about you: your settings, your feeds and digests, "
        "and the texts you pasted? This cannot be undone."
    ),
    "forget.yes": "Yes, delete it all",
    "forget.no": "Cancel",
    "forget.done": "Done: newsbrief keeps nothing about you any more.",
    "forget.kept": "Nothing was deleted.",
    "forget.private": "Send /forget in a private chat with the bot.",
}

_RU: dict[str, str] = {
    "help": (
        "<b>newsbrief</b> кратко пересказывает новости: только предложения из самой статьи, "
        "главные цитаты с указанием, кто их сказал, и ключевые числа и даты.\n\n"
        "• Пришлите ссылку, вставьте текст статьи или перешлите пост из канала.\n"
        "• Кнопки делают пересказ короче или длиннее или показывают все цитаты и факты.\n"
        "• В группе: ответьте на сообщение командой /tldr или упомяните меня со ссылкой.\n"
        "• В любом чате: наберите <code>@{bot} https://…</code>\n\n"
        "Пример: <code>https://www.bbc.com/russian/articles/…</code>\n\n"
        "<b>Ежедневная сводка</b> из ваших лент: каждая новость — один раз, сколько бы изданий "
        "о ней ни писали. /subscribe с лентой или сайтом, затем /feeds, /digest_time, /timezone; "
        "/digest пришлёт сводку сразу.\n\n"
        "/settings: длина пересказа, разделы, язык"
    ),
    "commands.start": "Что умеет newsbrief",
    "commands.help": "Как им пользоваться",
    "commands.settings": "Длина пересказа, разделы, язык",
    "commands.tldr": "В группе: пересказать сообщение, на которое вы отвечаете",
    "working.link": "Читаю статью…",
    "working.text": "Пересказываю…",
    "hint.short_text": (
        "Пришлите ссылку на новость или вставьте её текст (не короче {min_chars} знаков), "
        "и я его перескажу."
    ),
    "hint.no_content": "Я пересказываю ссылки и тексты статей, а в этом сообщении нет ни того, ни другого.",
    "hint.tldr": "Ответьте командой /tldr на сообщение со ссылкой или текстом статьи.",
    "hint.tldr_nothing": "В сообщении, на которое вы ответили, нет ссылки, а текста слишком мало.",
    "links.more": "Ссылок в сообщении: {count}; вот первые {shown}.",
    "limit.user": (
        "За последнюю минуту вы запросили {limit} пересказов. "
        "Подождите {seconds} с и пришлите снова."
    ),
    "limit.busy": "Сейчас готовится слишком много пересказов. Попробуйте через минуту.",
    "partial": (
        "⚠️ Страница показывает только часть статьи (она для подписчиков), "
        "поэтому пересказ охватывает только эту часть."
    ),
    "section.quotes": "Цитаты",
    "section.facts": "Факты",
    "section.no_quotes": "В статье нет прямых цитат.",
    "section.no_facts": "В статье не нашлось заметных чисел, дат или сумм.",
    "footer": "слов: {words_in} → {words_out} · экономит около {minutes} мин",
    "footer.short": "слов: {words_in} → {words_out}",
    "source.pasted": "Вставленный текст",
    "button.shorter": "➖ Короче",
    "button.longer": "➕ Длиннее",
    "button.quotes": "💬 Цитаты",
    "button.facts": "🔢 Факты",
    "button.summary": "📝 Пересказ",
    "button.original": "🔗 Оригинал",
    "button.summarize": "Пересказать",
    "press.expired": "Этот пересказ устарел. Пришлите ссылку снова, чтобы получить новый.",
    "press.shortest": "Это уже самый короткий пересказ.",
    "press.longest": "В пересказе уже все предложения, которые стоит показать.",
    "press.unknown": "Эта кнопка больше не работает.",
    "press.rate": "Секунду, пожалуйста.",
    "settings.title": (
        "<b>Настройки</b>\n"
        "Длина пересказа: <b>{length}</b>\n"
        "Цитаты: <b>{quotes}</b> · Факты: <b>{facts}</b> · Счётчик слов: <b>{footer}</b>\n"
        "Язык: <b>{language}</b>"
    ),
    "settings.length.auto": "авто (3–5 предложений)",
    "settings.length.n": "предложений: {n}",
    "settings.on": "вкл",
    "settings.off": "выкл",
    "settings.button.auto": "Авто",
    "settings.button.quotes": "Цитаты",
    "settings.button.facts": "Факты",
    "settings.button.footer": "Счётчик слов",
    "settings.saved": "Сохранено.",
    "inline.empty.title": "Напишите ссылку после моего имени",
    "inline.empty.text": "Наберите @{bot} и ссылку на новость.",
    "inline.fallback.title": "Нажмите, чтобы пересказать",
    "inline.fallback.description": (
        "Статья читается не мгновенно: нажмите, затем кнопку «Пересказать»."
    ),
    "inline.pending": "🔗 {url}\n\nНажмите <b>Пересказать</b>, чтобы прочитать статью здесь.",
    "inline.error.title": "Не получается пересказать эту ссылку",
    "inline.limit": "Слишком много ссылок за минуту: подождите немного",
    "error.internal": "У меня что-то сломалось. Попробуйте ещё раз через минуту.",
    "digest.title": "Ваши новости · {date}",
    "digest.also": "также: {sources}",
    "digest.more": "…и ещё историй в ваших лентах: {count}.",
    "commands.subscribe": "Добавить ленту или сайт в ежедневную сводку",
    "commands.feeds": "Ваши ленты (и отписка)",
    "commands.digest": "Прислать сводку сейчас",
    "commands.digest_time": "Когда приходит сводка (ЧЧ:ММ)",
    "commands.timezone": "Ваш часовой пояс (город или Регион/Город)",
    "sub.usage": "Пришлите <code>/subscribe https://site.example/feed.xml</code> (ленту или сайт, у которого она есть).",
    "sub.added": "Вы подписаны на <b>{title}</b>. Его новости будут в ежедневной сводке в {time} ({zone}).",
    "sub.already": "Вы уже подписаны на <b>{title}</b>.",
    "sub.removed": "Вы отписались от {title}.",
    "sub.none": "У вас пока нет лент. Пришлите <code>/subscribe</code> и ссылку или файл OPML из программы для чтения лент.",
    "sub.list": "<b>Ваши ленты</b> (нажмите, чтобы отписаться):",
    "commands.suggested": "Ленты, на которые можно подписаться одним нажатием",
    "commands.import": "Подписаться на ленты из файла OPML",
    "commands.export": "Ваши ленты файлом OPML",
    "import.usage": "Пришлите мне файл OPML (его выгружают программы для чтения лент, <code>.opml</code> или <code>.xml</code>), и я подпишусь на его ленты. В группе напишите <code>/import</code> в подписи к файлу или ответьте <code>/import</code> на сообщение с файлом.",
    "import.not_a_list": "Я читаю файлы OPML (список лент, который выгружают программы для чтения лент, <code>.opml</code> или <code>.xml</code>), а этот файл не такой. Чтобы получить пересказ статьи, пришлите ссылку на неё или вставьте её текст.",
    "import.too_big": "Размер файла — {size}; я импортирую файлы OPML до {limit} (список из 1000 лент занимает около 150 КБ).",
    "import.download_failed": "Не удалось скачать этот файл из Telegram. Пришлите его ещё раз.",
    "import.busy": "В этом чате уже идёт импорт. Пришлите следующий файл, когда придёт его результат.",
    "import.empty": "В этом файле OPML нет лент (нет outline с <code>xmlUrl</code>).",
    "import.working": "Импортирую ленты: {count}…",
    "import.progress": "Импортирую ленты: {count}, проверено {done}…",
    "import.done": "<b>Импорт</b>: лент в файле — {count}.",
    "import.added": "✅ Добавлено: {count}",
    "import.already": "☑️ Уже были в подписках: {count}",
    "import.failed": "⚠️ Не удалось прочитать: {count}",
    "import.over_cap": "⛔ Не добавлено сверх предела в {limit} лент на чат: {count}",
    "import.unchecked": "⏭ Не проверено (за один импорт я проверяю не больше {limit}; пришлите файл ещё раз для остальных): {count}",
    "import.item": "– {name}: {reason}",
    "import.item_name": "– {name}",
    "import.more": "…и ещё {count}",
    "import.when": "Их новости будут в ежедневной сводке в {time} ({zone}). /feeds покажет ваши ленты.",
    "opml.too_large": "Файл слишком большой для списка лент.",
    "opml.empty": "Файл пустой.",
    "opml.dtd": "В файле объявлен DTD (<code>&lt;!DOCTYPE&gt;</code>), который OPML не нужен, поэтому я его не читаю.",
    "opml.not_xml": "Это некорректный XML, а значит, и не список лент OPML.",
    "opml.not_opml": "Это XML, но не OPML: выгрузите список лент из вашей программы в формате OPML. (Чтобы подписаться на одну ленту, пришлите <code>/subscribe</code> и ссылку.)",
    "opml.encoding": "Кодировка, объявленная в файле, не подходит к его содержимому.",
    "opml.invalid": "Этот файл не читается как список лент OPML.",
    "reason.error": "не удалось прочитать",
    "reason.no_feed": "не лента, и страница не называет ни одной",
    "reason.feed": "не лента",
    "reason.not_a_feed": "не лента",
    "reason.feed_too_large": "лента слишком большая",
    "reason.too_large": "слишком большой ответ",
    "reason.not_found": "не найдено (HTTP {status})",
    "reason.http_error": "сайт ответил HTTP {status}",
    "reason.blocked": "сайт не пускает автоматических читателей (HTTP {status})",
    "reason.login_required": "нужен вход (HTTP {status})",
    "reason.timeout": "нет ответа за {seconds} с",
    "reason.unreachable": "сайт недоступен",
    "reason.host_not_found": "нет такого сайта ({host})",
    "reason.blocked_address": "внутренний или локальный адрес",
    "reason.blocked_port": "необычный порт ({port})",
    "reason.too_many_redirects": "слишком много перенаправлений",
    "reason.bad_redirect": "перенаправляет туда, куда я не хожу",
    "reason.bad_url": "не веб-адрес",
    "reason.empty_page": "пустая страница",
    "reason.not_an_article": "файл ({kind}), а не лента",
    "reason.fetch": "не удалось скачать",
    "export.caption": "Ваши ленты ({count}) в формате OPML: импортируйте файл в любую программу для чтения лент или пришлите его мне обратно.",
    "suggest.none": "В этом боте нет предложенных лент. Пришлите <code>/subscribe</code> и ссылку или файл OPML из программы для чтения лент.",
    "suggest.title": "<b>Предлагаемые ленты</b>",
    "suggest.topic": "<b>Предлагаемые ленты · {topic}</b>",
    "suggest.pick_topic": "Выберите тему.",
    "suggest.pick_feed": "Нажмите на ленту, чтобы подписаться (✓ — вы подписаны).",
    "suggest.other": "Ещё",
    "suggest.back": "◀ Темы",
    "suggest.adding": "Добавляю {title}…",
    "suggest.following": "Вы подписаны на {title}. Отписаться можно в /feeds.",
    "suggest.stale": "Этот список изменился: пришлите /suggested ещё раз.",
    "suggest.failed": "⚠️ Не удалось добавить <b>{title}</b>: {reason}.",
    "suggest.hint": "Не знаете, с чего начать? В /suggested есть ленты, на которые можно подписаться одним нажатием.",
    "sub.paused": "⚠️ Лента <b>{title}</b> не открылась {count} раз подряд ({reason}) и поставлена на паузу. <code>/subscribe {url}</code> попробует снова.",
    "digest.time_usage": "Пришлите <code>/digest_time ЧЧ:ММ</code>, например <code>/digest_time 07:30</code>.",
    "digest.time_set": "Сводка будет приходить в {time} ({zone}); следующая: {next}.",
    "digest.time_current": "Сводка приходит в {time} ({zone}); следующая: {next}. Чтобы изменить время, пришлите <code>/digest_time ЧЧ:ММ</code>, например <code>/digest_time 07:30</code>.",
    "digest.zone_current": "Ваш часовой пояс: {zone}; сводка приходит в {time}. Чтобы изменить его, пришлите <code>/timezone</code> с городом или названием пояса, например <code>/timezone Москва</code>.",
    "command.unknown": "Я не знаю команды {command}. /help покажет, что я умею.",
    "digest.zone_unknown": "Не знаю часового пояса «{zone}». Попробуйте крупный город рядом или название вроде Europe/Moscow.",
    "digest.zone_set": "Часовой пояс: {zone}. Сводка приходит в {time}; следующая: {next}.",
    "digest.nothing": "В ваших лентах нет ничего нового с прошлой сводки.",
    "commands.filter": "Слова, которые должны или не должны быть в сводке",
    "commands.forget": "Удалить всё, что бот хранит о вас",
    "commands.quiet": "Часы, когда сводка приходит без звука",
    "commands.digest_size": "Сколько историй показывать в сводке",
    "commands.digest_empty": "Сводка в дни без новостей — или никакой",
    "digest.size_usage": "В сводке до {size} историй. Пришлите <code>/digest_size N</code>, где N от {low} до {high}, чтобы изменить.",
    "digest.size_set": "В сводке будет до {size} историй (остальные посчитаны в конце).",
    "digest.empty_on": "В день без новостей придёт короткая сводка, где это сказано.",
    "digest.empty_off": "В день без новостей сводка не придёт.",
    "digest.empty_usage": "<code>/digest_empty on</code> — короткая сводка в такие дни; <code>/digest_empty off</code> — никакой.",
    "digest.empty": "В ваших лентах нет ничего нового с прошлой сводки.",
    "quiet.usage": "Пришлите <code>/quiet 23:00-07:00</code>, чтобы задать тихие часы по вашему времени: сводки и уведомления в эти часы приходят без звука. <code>/quiet off</code> их отключает.",
    "quiet.set": "Тихие часы: {start}–{end} ({zone}). Сводки и уведомления в эти часы приходят без звука.",
    "quiet.now": "Ваши тихие часы: {start}–{end} ({zone}).",
    "quiet.none": "Тихие часы не заданы.",
    "quiet.off": "Тихие часы отключены: сводки снова приходят со звуком.",
    "filter.usage": (
        "Пришлите слова, которые оставить, и со знаком минус — которые исключить: "
        "<code>/filter мост совет -футбол</code>. <code>/filter off</code> сбрасывает фильтр. "
        "Слова ищутся как слова (мост найдёт и «мосты»), а не как шаблоны."
    ),
    "filter.now": "В сводке остаются истории со словами: {include}. Исключаются: {exclude}.",
    "filter.none": "(любые)",
    "filter.nothing": "(ничего)",
    "filter.bad": "Слово фильтра — не длиннее {chars} знаков, всего не больше {count} слов.",
    "forget.ask": (
        "Удалить всё, что newsbrief хранит о вас: настройки, ленты и сводки, "
        "вставленные тексты? Отменить это будет нельзя."
    ),
    "forget.yes": "Да, удалить всё",
    "forget.no": "Отмена",
    "forget.done": "Готово: newsbrief больше ничего о вас не хранит.",
    "forget.kept": "Ничего не удалено.",
    "forget.private": "Отправьте /forget в личном чате с ботом.",
}

# One sentence per library error code, for the languages whose text the library does not give.
# English uses the error's own ``user_message``, which carries the details (HTTP status, size).
_ERRORS_RU: dict[str, str] = {
    "error": "Не получилось пересказать это.",
    "input": "Этот текст не получается пересказать.",
    "empty": "Здесь нет текста статьи для пересказа.",
    "too_long": "Текст слишком длинный ({size} знаков; предел {limit}).",
    "not_prose": "Это не похоже на текст статьи: в нём не нашлось предложений.",
    "unsupported_language": "Этот язык ({name}) я пока не пересказываю. Поддерживаются: {supported}.",
    "fetch": "Не удалось загрузить эту страницу.",
    "blocked_address": "Ссылка ведёт во внутреннюю или локальную сеть; такие страницы я не читаю.",
    "blocked_port": "Ссылка использует сетевой порт {port}; я читаю страницы только на обычных веб-портах.",
    "host_not_found": "Сайт {host} не найден; проверьте, нет ли в ссылке опечатки.",
    "unreachable": "Сайт недоступен или прислал испорченный ответ.",
    "timeout": "Сайт слишком долго не отвечал (дольше {seconds} с).",
    "too_many_redirects": "Ссылка перенаправляет слишком много раз (или по кругу).",
    "bad_redirect": "Страница перенаправляет туда, куда я не хожу.",
    "too_large": "Страница слишком большая, чтобы её прочитать.",
    "empty_page": "Сайт прислал пустую страницу.",
    "not_an_article": "Эта ссылка ведёт не на статью, а на файл.",
    "http_error": "Сайт ответил ошибкой (HTTP {status}).",
    "not_found": "Страница не найдена (HTTP {status}): ссылка, возможно, устарела.",
    "login_required": "Для этой страницы нужен вход в аккаунт (HTTP {status}), а его у меня нет.",
    "blocked": "Этот сайт не пускает автоматических читателей (HTTP {status}), поэтому я не могу его прочитать.",
    "bad_url": "Эту ссылку не получается прочитать.",
    "extraction": "На этой странице не удалось найти статью.",
    "no_article_text": "На этой странице, похоже, нет статьи (это главная страница, список ссылок или видео).",
    "paywalled": "Статья только для подписчиков, а на странице слишком мало текста для пересказа.",
    "too_slow": "Это читалось слишком долго, и я бросил попытку.",
    "worker_crashed": "Не получилось это прочитать: читатель остановился. Попробуйте позже.",
    "busy": "Сейчас готовится слишком много пересказов. Попробуйте через минуту.",
    "no_feed": "Эта страница — не лента и не называет ни одной. Пришлите ссылку на саму ленту (часто /feed или /rss) или на главную страницу сайта.",
    "too_many_feeds": "Вы подписаны на 100 лент — больше одному чату нельзя.",
    "feed": "По этому адресу не читается лента новостей.",
    "feed_too_large": "Лента слишком большая, чтобы её прочитать ({size} байт; предел {limit}).",
    "opml": "Этот файл не читается как список подписок OPML.",
}

CATALOG: Mapping[str, Mapping[str, str]] = {"en": _EN, "ru": _RU}


def pick_language(telegram_code: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The interface language for a Telegram ``language_code`` (``"ru"``, ``"en-GB"``, None)."""
    if telegram_code:
        primary = telegram_code.split("-")[0].lower()
        if primary in CATALOG:
            return primary
        if primary in _RUSSIAN_READERS:
            return "ru"
    return default if default in CATALOG else DEFAULT_LANGUAGE


def text(lang: str, key: str, **params: object) -> str:
    """The catalog string ``key`` in ``lang`` (English if missing), parameters HTML-escaped."""
    template = CATALOG.get(lang, _EN).get(key) or _EN[key]
    if not params:
        return template
    return template.format(**{name: _escape(value) for name, value in params.items()})


def plain(lang: str, key: str, **params: object) -> str:
    """Like :func:`text`, for places that take plain text (button labels, alerts)."""
    template = CATALOG.get(lang, _EN).get(key) or _EN[key]
    return template.format(**{name: str(value) for name, value in params.items()})


def error_text(lang: str, error: SummaryError) -> str:
    """One short sentence about ``error`` for the user, HTML-escaped."""
    if lang == "en" or lang not in CATALOG:
        return html.escape(error.user_message, quote=False)
    template = _ERRORS_RU.get(error.code)
    if template is None:
        for base in type(error).__mro__[1:]:  # a subclass without its own line: its parent's
            code = getattr(base, "code", None)
            if isinstance(code, str) and code in _ERRORS_RU:
                template = _ERRORS_RU[code]
                break
    template = template or _ERRORS_RU["error"]
    params = {
        name: _escape(_format_param(value))
        for name, value in vars(error).items()
        if not name.startswith("_")
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError):  # a parameter this error does not carry
        return _ERRORS_RU["error"]


def _format_param(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10_000:
        return f"{value:,}".replace(",", " ")
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def _escape(value: object) -> str:
    return html.escape(str(value), quote=False)
