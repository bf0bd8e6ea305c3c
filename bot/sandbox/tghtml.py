"""Telegram's HTML parse mode, as strict as Telegram's own parser (tdlib's ``parse_html``).

``parse_html(source)`` returns the plain text a Telegram client would show and the
``MessageEntity`` dicts of its formatting, with offsets and lengths in UTF-16 code units.
A source Telegram would refuse raises ``HtmlParseError`` whose ``description`` is Telegram's
sentence, e.g. ``Can't parse entities: Unsupported start tag "div" at byte offset 12``
(byte offsets count UTF-8 bytes of the source, like Telegram's).

Supported, exactly as in https://core.telegram.org/bots/api#html-style:

    <b> <strong>                       bold
    <i> <em>                           italic
    <u> <ins>                          underline
    <s> <strike> <del>                 strikethrough
    <span class="tg-spoiler">          spoiler  (also <tg-spoiler>)
    <a href="...">                     text_link (invalid or unsupported URLs give no entity)
    <code>                             code
    <pre>, <pre><code class="language-x">   pre (with "language")
    <blockquote> [expandable]          blockquote / expandable_blockquote
    <tg-emoji emoji-id="...">          custom_emoji

    &lt; &gt; &amp; &quot; &#NN; &#xHH;   the only character references

Where we are *stricter* than Telegram (on purpose: our renderer must always escape):
a ``&`` that does not start one of the references above, or one without its ``;``, is an error
(``Unsupported HTML entity "&nbsp;" at byte offset N``), where Telegram would keep it literally.
Nested entities are not re-validated the way Telegram's server does (e.g. bold inside code
stays); entities are sorted by offset, then longer first, then outer first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["HtmlParseError", "parse_html", "utf16_len"]

_SPACES = frozenset(" \t\r\n\v\f")
_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# tdlib gives up on a numeric reference of ten or more characters ("&#" plus digits)
_MAX_NUMERIC_DIGITS = 8
_LINK_SCHEMES = frozenset({"http", "https", "tg", "ton", "tonsite"})
_SPECIAL = re.compile("[<&]")


class HtmlParseError(ValueError):
    """The source is not valid Telegram HTML; ``description`` is Telegram's wording."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        self.description = f"Can't parse entities: {detail}"
        super().__init__(self.description)


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (how Telegram measures text)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int  # UTF-16 offset in the output where the tag's content starts
    out_index: int  # index into the output list of text pieces
    order: int  # how many tags opened before this one: outer entities sort first


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _reference(text: str, start: int) -> tuple[str, int]:
    """Decode the character reference at ``text[start] == "&"``: (character, end index)."""
    n = len(text)
    j = start + 1
    if j < n and text[j] == "#":
        j += 1
        hexadecimal = j < n and text[j] in "xX"
        if hexadecimal:
            j += 1
        digits_start = j
        valid = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        while j < n and text[j] in valid and j - digits_start <= _MAX_NUMERIC_DIGITS:
            j += 1
        digits = text[digits_start:j]
        if digits and j < n and text[j] == ";" and len(digits) <= _MAX_NUMERIC_DIGITS:
            code = int(digits, 16 if hexadecimal else 10)
            if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
                return chr(code), j + 1
    else:
        while j < n and text[j].isascii() and text[j].isalpha():
            j += 1
        name = text[start + 1 : j]
        if j < n and text[j] == ";" and name in _NAMED_REFERENCES:
            return _NAMED_REFERENCES[name], j + 1
    shown = text[start : j + 1] if j < n and text[j] == ";" else text[start:j]
    raise HtmlParseError(
        f'Unsupported HTML entity "{shown}" at byte offset {_byte_offset(text, start)}'
    )


def _checked_url(url: str) -> str | None:
    """The URL Telegram would store for a text link, or None when it would drop the entity."""
    url = url.strip()
    if not url or any(c in _SPACES for c in url):
        return None
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _LINK_SCHEMES:
        return None
    if scheme in ("http", "https"):
        if not parts.hostname or ("." not in parts.hostname and parts.hostname != "localhost"):
            return None
        if not parts.path and not parts.query and not parts.fragment:
            url += "/"  # Telegram normalises "https://example.com" to "https://example.com/"
    return url


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.offset = 0  # UTF-16 length of the output so far
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []
        self.orders: list[int] = []  # each entity's tag's ``order``
        self.opened = 0

    def fail(self, detail: str, index: int | None = None) -> HtmlParseError:
        if index is not None:
            detail = f"{detail} at byte offset {_byte_offset(self.text, index)}"
        return HtmlParseError(detail)

    def emit(self, chars: str) -> None:
        self.out.append(chars)
        self.offset += utf16_len(chars)

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        text, n, i = self.text, len(self.text), 0
        while i < n:
            c = text[i]
            if c == "&":
                char, i = _reference(text, i)
                self.emit(char)
            elif c != "<":
                special = _SPECIAL.search(text, i)  # copy plain text up to the next < or &
                end = special.start() if special else n
                self.emit(text[i:end])
                i = end
            elif i + 1 < n and text[i + 1] == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)  # only a pre carries a language
        ranked = sorted(
            zip(self.entities, self.orders, strict=True),
            key=lambda pair: (pair[0]["offset"], -pair[0]["length"], pair[1]),
        )
        return "".join(self.out), [entity for entity, _order in ranked]

    def skip_spaces(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in _SPACES:
            i += 1
        return i

    def start_tag(self, begin: int) -> int:
        text, n = self.text, len(self.text)
        i = begin + 1
        while i < n and text[i] not in _SPACES and text[i] != ">":
            i += 1
        if i >= n:
            raise self.fail("Unclosed start tag", begin)
        name = text[begin + 1 : i].lower()
        if name not in _SUPPORTED_TAGS:
            raise self.fail(f'Unsupported start tag "{name}"', begin)
        argument = ""
        while True:
            i = self.skip_spaces(i)
            if i >= n:
                raise self.fail("Unclosed start tag", begin)
            if text[i] == ">":
                break
            name_start = i
            while i < n and text[i] not in _SPACES and text[i] not in "=>":
                i += 1
            attribute = text[name_start:i]
            if not attribute:
                raise self.fail(f'Empty attribute name in the tag "{name}"', begin)
            i = self.skip_spaces(i)
            if i >= n:
                raise self.fail("Unclosed start tag", begin)
            if text[i] != "=":
                if name == "blockquote" and attribute == "expandable":
                    argument = "expandable"
                    continue
                raise self.fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}"',
                    begin,
                )
            i = self.skip_spaces(i + 1)
            if i >= n:
                raise self.fail("Unclosed start tag", begin)
            value, i = self.attribute_value(i, begin)
            if name == "a" and attribute == "href":
                argument = value
            elif name == "code" and attribute == "class" and value.startswith("language-"):
                argument = value.removeprefix("language-")
            elif name == "span" and attribute == "class" and value.startswith("tg-"):
                argument = value.removeprefix("tg-")
            elif name == "tg-emoji" and attribute == "emoji-id":
                argument = value
        if name == "span" and argument != "spoiler":
            raise self.fail('Tag "span" must have class "tg-spoiler"', begin)
        self.stack.append(_OpenTag(name, argument, self.offset, len(self.out), self.opened))
        self.opened += 1
        return i + 1

    def attribute_value(self, i: int, begin: int) -> tuple[str, int]:
        text, n = self.text, len(self.text)
        if text[i] not in "'\"":
            token_start = i
            while i < n and ((text[i].isascii() and text[i].isalnum()) or text[i] in ".-"):
                i += 1
            if i >= n:
                raise self.fail("Unclosed start tag", begin)
            if text[i] not in _SPACES and text[i] != ">":
                raise self.fail("Unexpected end of name token", token_start)
            return text[token_start:i].lower(), i
        quote = text[i]
        i += 1
        value: list[str] = []
        while i < n and text[i] != quote:
            if text[i] == "&":
                char, i = _reference(text, i)
                value.append(char)
            else:
                value.append(text[i])
                i += 1
        if i >= n:
            raise self.fail("Unclosed start tag", begin)
        return "".join(value), i + 1

    def end_tag(self, begin: int) -> int:
        if not self.stack:
            raise self.fail("Unexpected end tag", begin)
        close = self.text.find(">", begin + 2)
        if close < 0:
            raise self.fail("Unclosed end tag", begin)
        name = self.text[begin + 2 : close].lower()
        open_tag = self.stack[-1]
        if name and name != open_tag.name:
            raise self.fail(
                f"Unmatched end tag at byte offset {_byte_offset(self.text, begin)}, "
                f'expected "</{open_tag.name}>", found "</{name}>"'
            )
        self.stack.pop()
        if self.offset > open_tag.offset:
            self.add_entity(open_tag)
        return close + 1

    def add_entity(self, tag: _OpenTag) -> None:
        offset, length = tag.offset, self.offset - tag.offset
        entity: dict[str, Any] = {"type": "", "offset": offset, "length": length}
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and (last["offset"], last["length"]) == (offset, length)
        if tag.name in _SIMPLE_TYPES:
            entity["type"] = _SIMPLE_TYPES[tag.name]
        elif tag.name == "a":
            url = _checked_url(tag.argument or "".join(self.out[tag.out_index :]))
            if url is None:
                return
            entity.update(type="text_link", url=url)
        elif tag.name == "tg-emoji":
            if not tag.argument:
                return
            entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.argument else "blockquote"
        elif tag.name == "code":
            if last is not None and same_span and last["type"] == "pre":
                # <code class="language-x"> around a <pre>: one pre with a language
                if tag.argument:
                    last["language"] = tag.argument
                return
            entity["type"] = "code"
            if tag.argument:
                entity["language"] = tag.argument  # moved to the pre, or dropped below
        else:  # pre
            entity["type"] = "pre"
            if last is not None and same_span and last["type"] == "code":
                # <pre><code class="language-x">...</code></pre>: one pre entity
                self.entities.pop()
                self.orders.pop()
                if "language" in last:
                    entity["language"] = last["language"]
        self.entities.append(entity)
        self.orders.append(tag.order)


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML: (plain text, MessageEntity dicts with UTF-16 offsets).

    Raises ``HtmlParseError`` (``.description`` in Telegram's words) for invalid sources.
    """
    return _Parser(text).run()
