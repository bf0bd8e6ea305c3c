"""Telegram's HTML parse mode: tags, entities, UTF-16 offsets and Telegram's error messages."""

from __future__ import annotations

import html
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.sandbox.tghtml import HtmlParseError, parse_html, utf16_len


def _entity(kind: str, offset: int, length: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("b", "bold"),
        ("strong", "bold"),
        ("i", "italic"),
        ("em", "italic"),
        ("u", "underline"),
        ("ins", "underline"),
        ("s", "strikethrough"),
        ("strike", "strikethrough"),
        ("del", "strikethrough"),
        ("tg-spoiler", "spoiler"),
        ("code", "code"),
        ("pre", "pre"),
        ("blockquote", "blockquote"),
    ],
)
def test_each_simple_tag_gives_its_entity(tag: str, kind: str) -> None:
    assert parse_html(f"a <{tag}>word</{tag}> z") == ("a word z", [_entity(kind, 2, 4)])


def test_tag_names_are_case_insensitive() -> None:
    assert parse_html("<B>x</b>") == ("x", [_entity("bold", 0, 1)])


def test_spoiler_span_and_expandable_blockquote() -> None:
    assert parse_html('<span class="tg-spoiler">s</span>') == ("s", [_entity("spoiler", 0, 1)])
    assert parse_html("<blockquote expandable>q</blockquote>") == (
        "q",
        [_entity("expandable_blockquote", 0, 1)],
    )


def test_links() -> None:
    assert parse_html('<a href="https://example.com/a?b=1&amp;c=2">x</a>') == (
        "x",
        [_entity("text_link", 0, 1, url="https://example.com/a?b=1&c=2")],
    )
    # Telegram adds the scheme and the root path
    assert parse_html("<a href='example.com'>x</a>")[1] == [
        _entity("text_link", 0, 1, url="http://example.com/")
    ]
    # without href the text is the link; an unusable URL gives no entity
    assert parse_html("<a>https://example.org/p</a>")[1] == [
        _entity("text_link", 0, 21, url="https://example.org/p")
    ]
    assert parse_html('<a href="javascript:alert(1)">x</a>') == ("x", [])


def test_pre_with_language_is_one_entity() -> None:
    source = '<pre><code class="language-python">print(1)</code></pre>'
    assert parse_html(source) == ("print(1)", [_entity("pre", 0, 8, language="python")])
    assert parse_html("<pre><code>x</code></pre>") == ("x", [_entity("pre", 0, 1)])
    # a code's language means nothing outside a pre
    assert parse_html('<code class="language-c">x</code>') == ("x", [_entity("code", 0, 1)])


def test_custom_emoji() -> None:
    assert parse_html('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>') == (
        "👍",
        [_entity("custom_emoji", 0, 2, custom_emoji_id="5368324170671202286")],
    )


def test_nesting_sorts_outer_entities_first() -> None:
    text, entities = parse_html("<b>bold <i>both</i></b> <u><s>us</s></u>")
    assert text == "bold both us"
    assert entities == [
        _entity("bold", 0, 9),
        _entity("italic", 5, 4),
        _entity("underline", 10, 2),
        _entity("strikethrough", 10, 2),
    ]


def test_empty_tags_give_no_entity() -> None:
    assert parse_html("a<b></b>b") == ("ab", [])


def test_offsets_are_utf16_code_units() -> None:
    text, entities = parse_html("😀🇬🇧 <b>ж</b> &#x1F600;<i>e</i>")
    assert text == "😀🇬🇧 ж 😀e"
    # 😀 is 2 units, the flag 4; ж is 1
    assert entities == [_entity("bold", 7, 1), _entity("italic", 11, 1)]


def test_character_references() -> None:
    assert parse_html("&lt;b&gt; &amp; &quot;q&quot; &#65;&#x42;&#X43;") == ('<b> & "q" ABC', [])


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("Hello <div>x</div>", 'Unsupported start tag "div" at byte offset 6'),
        ("é<br>", 'Unsupported start tag "br" at byte offset 2'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("ab</b>", "Unexpected end tag at byte offset 2"),
        ("a &nbsp; b", 'Unsupported HTML entity "&nbsp;" at byte offset 2'),
        ("AT&T", 'Unsupported HTML entity "&T" at byte offset 2'),
        ("x & y", 'Unsupported HTML entity "&" at byte offset 2'),
        ("&lt no semicolon", 'Unsupported HTML entity "&lt" at byte offset 0'),
        ("&#0;", 'Unsupported HTML entity "&#0;" at byte offset 0'),
        ("&#xD800;", 'Unsupported HTML entity "&#xD800;" at byte offset 0'),
        ("ж<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 2'),
        ('<a href=x"y>z</a>', "Unexpected end of name token at byte offset 8"),
        ("<a =x>z</a>", 'Empty attribute name in the tag "a" at byte offset 0'),
        (
            "<a href>z</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
        ('<a href="x>z</a>', "Unclosed start tag at byte offset 0"),
    ],
)
def test_errors_use_telegrams_words(source: str, detail: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(source)
    assert caught.value.detail == detail
    assert caught.value.description == f"Can't parse entities: {detail}"


def test_utf16_len() -> None:
    assert utf16_len("") == 0
    assert utf16_len("abc") == 3
    assert utf16_len("жё") == 2
    assert utf16_len("😀") == 2
    assert utf16_len("👨‍👩‍👧") == 8


@given(st.text())
def test_escaped_text_round_trips_without_entities(text: str) -> None:
    assert parse_html(html.escape(text, quote=False)) == (text, [])


@given(st.text())
def test_fully_escaped_text_round_trips(text: str) -> None:
    assert parse_html(html.escape(text, quote=True)) == (text, [])  # &quot; and &#x27; too
