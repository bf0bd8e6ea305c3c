"""Every message in every language: valid Telegram HTML within Telegram's limits."""

from __future__ import annotations

import os
import re
import shutil
import string
from pathlib import Path

import pytest

from bot.sandbox.tghtml import parse_html, utf16_len
from bot.subscriptions import TooManyFeeds
from handlers import i18n, settings
from handlers.render import MESSAGE_LIMIT
from handlers.runtime import UserPrefs
from summaries.errors import SummaryError, TextTooLong, UnsupportedLanguage
from summaries.web.fetch import FetchTimeout, NotFound

COUNTS = (0, 1, 2, 5, 21, 1_000_000)
# A parameter as hostile as a feed title or a URL can be: markup, entities, quotes, 120 chars.
HOSTILE = '<b>Bread & "Circuses"</b> <a href="x">&amp;</a> ' + "Ж" * 70
ALERT_LIMIT = 200  # answerCallbackQuery text: 0-200 characters
COMMAND_LIMIT = 256  # BotCommand description: 1-256 characters
CALLBACK_LIMIT = 64  # callback_data: 1-64 bytes
INLINE_BUTTON_LIMIT = 64  # the inline results' button text (switch_pm_text was 1-64)
# Keys shown as plain text (buttons, alerts, menus, inline titles): markup would show literally.
PLAIN_PREFIXES = ("button.", "commands.", "settings.button.", "settings.length.", "inline.empty.",
                  "inline.fallback.", "inline.error.", "inline.limit",
                  "press.", "reason.", "forget.yes", "forget.no", "settings.on", "settings.off",
                  "settings.saved", "suggest.back", "suggest.other", "suggest.adding",
                  "suggest.following", "suggest.stale", "sub.removed", "working.link",
                  "error.internal", "filter.none", "filter.nothing")  # fmt: skip
ALERTS = ("press.", "settings.saved", "sub.removed", "suggest.adding", "suggest.following",
          "suggest.stale", "working.link", "error.internal", "inline.limit")  # fmt: skip


def _fields(template: str) -> list[str]:
    return [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]


def _renderings(lang: str, key: str, value: object = HOSTILE) -> list[str]:
    """``key`` in ``lang`` with every placeholder filled, once per sample count if plural."""
    source = i18n.source_messages()[key]
    template = source.other if isinstance(source, i18n.Plural) else source
    params: dict[str, object] = dict.fromkeys(_fields(template), value)
    if not isinstance(source, i18n.Plural):
        return [i18n.text(lang, key, **params)]
    return [i18n.text(lang, key, **{**params, source.n: n}) for n in COUNTS]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_is_valid_telegram_html_within_the_limit(lang: str) -> None:
    for key in i18n.source_messages():
        for message in _renderings(lang, key):
            text, _entities = parse_html(message)  # raises as Telegram would refuse it
            assert text.strip(), key
            assert utf16_len(text) <= MESSAGE_LIMIT, key
            assert "{" not in text, key  # every placeholder filled


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_plain_text_strings_carry_no_markup_and_fit_where_they_go(lang: str) -> None:
    plain_keys = [key for key in i18n.source_messages() if key.startswith(PLAIN_PREFIXES)]
    assert len(plain_keys) > 40
    for key in plain_keys:
        for shown in _renderings(lang, key, "Guardian"):
            assert not re.search(r"</?[a-z]|&[a-z#]", shown), (key, shown)
            if key.startswith(ALERTS):
                assert 0 < len(shown) <= ALERT_LIMIT, key
            if key.startswith("commands."):
                assert 0 < len(shown) <= COMMAND_LIMIT, key
            if key in ("inline.empty.title", "inline.limit"):
                assert len(shown) <= INLINE_BUTTON_LIMIT, key


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_settings_keyboard_offers_all_seven_languages_within_telegram_s_limits(
    lang: str,
) -> None:
    prefs = UserPrefs(language=lang)
    markup = settings.keyboard(prefs, lang)
    buttons = [button for row in markup.inline_keyboard for button in row]
    offered = [b.callback_data for b in buttons if str(b.callback_data).startswith("set:lang:")]
    assert offered == [f"set:lang:{code}" for code in i18n.LANGUAGES]
    assert max(len(row) for row in markup.inline_keyboard) <= 5
    for button in buttons:
        assert 0 < len(str(button.callback_data).encode()) <= CALLBACK_LIMIT
        assert button.text.strip()
    chosen = [b.text for b in buttons if b.callback_data == f"set:lang:{lang}"]
    assert chosen == [f"✓ {i18n.LANGUAGE_NAMES[lang]}"]
    described = settings.describe(prefs, lang)
    parse_html(described)
    assert i18n.LANGUAGE_NAMES[lang] in described


def test_pressing_a_language_switches_to_it() -> None:
    prefs = UserPrefs()
    for code in i18n.LANGUAGES:
        assert settings.apply(prefs, f"set:lang:{code}")
        assert prefs.language == code
    assert not settings.apply(prefs, "set:lang:xx")


@pytest.mark.parametrize(
    ("telegram", "expected"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("fr-CA", "fr"),
        ("es-419", "es"),
        ("it", "it"),
        ("pt-br", "pt"),
        ("pt_PT", "pt"),
        ("ru", "ru"),
        ("en-GB", "en"),
        ("zh-hans", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_telegram_language_codes_pick_their_interface(telegram: str | None, expected: str) -> None:
    assert i18n.pick_language(telegram) == expected


def test_an_operator_s_default_language_is_used_for_other_codes() -> None:
    assert i18n.pick_language("ja", default="de") == "de"
    assert i18n.pick_language("ja", default="xx") == "en"


def _errors() -> list[SummaryError]:
    return [
        TextTooLong(1_234_567, 100_000),
        NotFound(404),
        FetchTimeout(12.5),
        TooManyFeeds(),
        UnsupportedLanguage("ja", "Japanese", ("en", "ru")),
        SummaryError("<b>anything</b>"),
    ]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_library_errors_read_in_every_language(lang: str) -> None:
    for error in _errors():
        shown = i18n.error_text(lang, error)
        text, _entities = parse_html(shown)
        assert text.strip() and "{" not in text
        if lang != "en":
            assert text != error.user_message
    too_long = i18n.error_text(lang, _errors()[0])
    assert i18n.number(1_234_567, lang) in too_long  # the count grouped as the language does
    assert "404" in i18n.error_text(lang, _errors()[1])
    assert "100" in i18n.error_text(lang, _errors()[3])


def test_a_missing_translation_shows_the_english_source(tmp_path: Path) -> None:
    catalog = i18n.load_catalog(tmp_path, "de")  # no catalog at all
    assert catalog.pgettext("settings.saved", "Saved.") == "Saved."
    assert catalog.npgettext("c", "{count} feed", "{count} feeds", 2) == "{count} feeds"


def test_a_catalog_without_a_fresh_mo_is_compiled_from_its_po(tmp_path: Path) -> None:
    """A checkout that was not built, or a .po edited since: the .po is what shows."""
    po = i18n.LOCALE_DIR / "ru" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    target = tmp_path / "ru" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(po, target / po.name)
    compiled = i18n.load_catalog(tmp_path, "ru")
    assert compiled.pgettext("settings.saved", "Saved.") == "Сохранено."
    stale = target / f"{i18n.DOMAIN}.mo"
    stale.write_bytes(b"not a catalog")
    os.utime(stale, (0, 0))  # older than the .po: ignored
    assert i18n.load_catalog(tmp_path, "ru").pgettext("settings.saved", "Saved.") == "Сохранено."


def test_parameters_are_escaped_and_plural_counts_grouped() -> None:
    shown = i18n.text("de", "sub.already", title="<Zeit & Co>")
    assert shown == "Du folgst <b>&lt;Zeit &amp; Co&gt;</b> bereits."
    assert i18n.plain("de", "sub.removed", title="<Zeit & Co>") == "<Zeit & Co> abbestellt."
    assert i18n.text("ru", "footer.short", words_in=12_345, words_out="85") == (
        "12\u00a0345 слов → 85"
    )
    with pytest.raises(TypeError):
        i18n.text("en", "import.working", count="5")  # a plural needs the number itself
