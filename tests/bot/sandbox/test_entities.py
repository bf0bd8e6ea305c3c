"""The entities Telegram detects in what users type, with UTF-16 offsets."""

from __future__ import annotations

import pytest

from bot.sandbox.entities import detect_entities


def _found(text: str) -> list[tuple[str, str]]:
    """(type, the text it covers), cutting by UTF-16 offsets as a Telegram client would."""
    units = text.encode("utf-16-le")
    return [
        (
            e["type"],
            units[e["offset"] * 2 : (e["offset"] + e["length"]) * 2].decode("utf-16-le"),
        )
        for e in detect_entities(text)
    ]


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("read https://example.com/a/b?c=1#d now", ["https://example.com/a/b?c=1#d"]),
        ("http://localhost:8080/x", ["http://localhost:8080/x"]),
        ("http://10.0.0.1/status", ["http://10.0.0.1/status"]),
        ("example.com/path and www.example.org", ["example.com/path", "www.example.org"]),
        ("Go to example.com.", ["example.com"]),
        (
            "see example.com/a, example.net/b; example.org/c: x",
            [
                "example.com/a",
                "example.net/b",
                "example.org/c",
            ],
        ),
        ("really? https://example.com/!?", ["https://example.com/"]),
        ("(see example.com/page)", ["example.com/page"]),
        (
            "https://en.wikipedia.org/wiki/Python_(language).",
            ["https://en.wikipedia.org/wiki/Python_(language)"],
        ),
        ("Смотри https://пример.рф/новости, там всё", ["https://пример.рф/новости"]),
        ("Статья на example.com/статья!", ["example.com/статья"]),
        ("bbc.co.uk", ["bbc.co.uk"]),
    ],
)
def test_urls(text: str, urls: list[str]) -> None:
    assert _found(text) == [("url", url) for url in urls]


@pytest.mark.parametrize(
    "text",
    ["readme.txt", "e.g. this", "version 3.14", "a.b", "file.tar.gz", "конец.Начало", "foo@"],
)
def test_not_urls(text: str) -> None:
    assert [kind for kind, _ in _found(text)] == []


def test_emoji_before_a_link_shifts_offsets_by_two_units() -> None:
    text = "😀 https://example.com"
    assert detect_entities(text) == [{"type": "url", "offset": 3, "length": 19}]
    assert _found("👍🏽 см. example.com") == [("url", "example.com")]


def test_email() -> None:
    assert _found("write to ann.lee+news@example.co.uk, please") == [
        ("email", "ann.lee+news@example.co.uk")
    ]


def test_bot_commands() -> None:
    assert _found("/start") == [("bot_command", "/start")]
    assert _found("/summary@newsbrief_bot https://example.com") == [
        ("bot_command", "/summary@newsbrief_bot"),
        ("url", "https://example.com"),
    ]
    assert _found("try /help, or /lang_ru") == [
        ("bot_command", "/help"),
        ("bot_command", "/lang_ru"),
    ]
    assert _found("a/b and 1/2") == []


def test_mentions() -> None:
    assert _found("thanks @newsbrief_bot and @ann_lee!") == [
        ("mention", "@newsbrief_bot"),
        ("mention", "@ann_lee"),
    ]
    assert _found("@abcd is too short") == []
    assert _found("@" + "a" * 33) == []


def test_hashtags() -> None:
    assert _found("#news и #новости, not #2024") == [
        ("hashtag", "#news"),
        ("hashtag", "#новости"),
    ]
    assert _found("x#tag") == []


def test_entities_inside_a_link_belong_to_the_link() -> None:
    assert _found("https://example.com/a/#top @someone") == [
        ("url", "https://example.com/a/#top"),
        ("mention", "@someone"),
    ]


def test_mixed_cyrillic_message() -> None:
    text = "Привет! Вот статья: https://lenta.ru/news/2024/06/12/x/ #новости @lenta_ru"
    assert _found(text) == [
        ("url", "https://lenta.ru/news/2024/06/12/x/"),
        ("hashtag", "#новости"),
        ("mention", "@lenta_ru"),
    ]
