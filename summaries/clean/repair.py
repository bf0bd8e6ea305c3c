"""Steps 1 and 2 of the clean stage: repair mojibake, normalise whitespace, strip markup.

:func:`repair_mojibake` runs once over the whole text; :func:`normalise_whitespace` makes every
line break a ``\\n`` and every other space a plain one; a pasted page source
(:func:`looks_like_html`) is read as a browser shows it by :func:`strip_markup`.
"""

from __future__ import annotations

import html
import itertools
import re

import ftfy

from summaries.clean.words import wordset
from summaries.models import RemovedLine

# --- mojibake ---------------------------------------------------------------------------------

# UTF-8 read as Mac Roman (text saved on a Mac and opened as UTF-8 again). ftfy fixes some of these
# forms in English context but none next to Cyrillic, and misses many symbols (‚Ñ¢ for ™, ¬´ for «)
# and all of Cyrillic (–ø—Ä–∏ for при). Only lead bytes whose Mac Roman characters are rare in
# real text are decoded: ‚ (E2: U+2000-U+2FFF, punctuation, currency, letterlike), ¬ (C2:
# U+0080-U+00BF, NBSP, £, ©, «, °), √ (C3: U+00C0-U+00FF, accented Latin), ƒ and ≈ (C4, C5: Latin
# Extended-A, Polish, Czech, Turkish).
_MAC_ROMAN_CONTINUATION = bytes(range(0x80, 0xC0)).decode("mac_roman")
_MAC_ROMAN_SAFE_MOJIBAKE = re.compile(
    "‚[{c}]{{2}}|[¬√ƒ≈][{c}]".format(c=re.escape(_MAC_ROMAN_CONTINUATION))
)
# Cyrillic read as Mac Roman starts with – (D0) or — (D1), which are also real dashes ("—é" could
# be a Spanish dialogue dash before "é"). They are decoded only in a text that has a run of at
# least three such pairs, a Cyrillic word no real text spells this way.
_MAC_ROMAN_CYRILLIC = re.compile(f"[–—][{re.escape(_MAC_ROMAN_CONTINUATION)}]")
_MAC_ROMAN_CYRILLIC_EVIDENCE = re.compile(f"(?:[–—][{re.escape(_MAC_ROMAN_CONTINUATION)}]){{3}}")
# Doubly mangled: the Mac Roman form was then read as Latin-1 bytes decoded as UTF-8, which
# merges the last two characters into one ("‚Ä¶" -> "‚Ķ" for …, "‚Ä¢" -> "‚Ģ" for •, "‚Ç¨" ->
# "‚Ǩ" for €, "‚Ñ¢" -> "‚Ѣ" for ™). The table is built from the rule, for U+2000-U+21FF.


def _double_mangled_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for codepoint in range(0x2000, 0x2200):
        char = chr(codepoint)
        mac = char.encode("utf-8").decode("mac_roman")
        try:
            mangled = mac[0] + mac[1:].encode("latin-1").decode("utf-8")
        except UnicodeError:  # the tail was not Latin-1, or its bytes were not valid UTF-8
            continue
        if len(mangled) == 2 and char.isprintable():
            table[mangled] = char
    return table


_DOUBLE_MANGLED = _double_mangled_table()
_DOUBLE_MANGLED_PATTERN = re.compile("|".join(map(re.escape, sorted(_DOUBLE_MANGLED))))


def _decode_mac_roman(match: re.Match[str]) -> str:
    text = match.group(0)
    try:
        return text.encode("mac_roman").decode("utf-8")
    except UnicodeError:  # not UTF-8 after all: leave it as it was
        return text


# Text ftfy cannot change: printable ASCII plus newline and tab, with no "&" (HTML entities).
# Skipping ftfy there saves ~1 ms on half of the CNN/DM articles.
_NOTHING_FOR_FTFY = re.compile(r"[\n\t\x20-\x25\x27-\x7e]*\Z")


def repair_mojibake(raw: str, *, markup: bool = False) -> str:
    """``raw`` with mojibake repaired: ftfy (curly quotes kept), then the Mac Roman forms.

    Line breaks are unified first, or ftfy would delete a vertical tab (Word's manual line
    break) and glue two lines together. U+0085 is left to ftfy, which reads it as the
    Windows-1252 "…" it almost always is. In ``markup`` (a page source) HTML entities are left
    alone: they are decoded once, after the tags are stripped.
    """
    if _NOTHING_FOR_FTFY.match(raw):
        return raw  # plain ASCII prose: no mojibake, entities or control characters to fix
    text = ftfy.fix_text(
        _LINE_BREAK_BEFORE_FTFY.sub("\n", raw),
        uncurl_quotes=False,
        unescape_html=False if markup else "auto",
    )
    if "‚" in text:
        text = _DOUBLE_MANGLED_PATTERN.sub(lambda m: _DOUBLE_MANGLED[m.group(0)], text)
    text = _MAC_ROMAN_SAFE_MOJIBAKE.sub(_decode_mac_roman, text)
    if _MAC_ROMAN_CYRILLIC_EVIDENCE.search(text):
        text = _MAC_ROMAN_CYRILLIC.sub(_decode_mac_roman, text)
    return text


# --- whitespace -------------------------------------------------------------------------------

# Every character str.splitlines() breaks on becomes "\n", so no later stage finds a line break
# inside a paragraph.
_LINE_BREAK = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE_BREAK_BEFORE_FTFY = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\u2028\u2029]")
# Invisible characters pasted from web pages: soft hyphen, zero-width space/joiners, word joiner,
# BOM, Mongolian vowel separator, bidi marks and embeddings, invisible math operators. Also C0/C1
# control characters ftfy left (it keeps some on purpose).
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0xFEFF,
        *(c for c in range(0x20) if chr(c) not in "\n\t\r\x0b\x0c\x1c\x1d\x1e"),
        *range(0x7F, 0x85),
        *range(0x86, 0xA0),
    ]
)
# Any whitespace but the newline (tab, NBSP, thin and ideographic spaces, ...) becomes one space.
_SPACES = re.compile(r"[^\S\n]+")


def normalise_whitespace(text: str) -> str:
    text = _LINE_BREAK.sub("\n", text.translate(_INVISIBLE))
    return _SPACES.sub(" ", text)


# --- markup -----------------------------------------------------------------------------------
# A pasted page source ("View source", a CMS export) is read the way a browser shows it: script,
# style and similar blocks and comments go whole, the other tags are stripped (a block tag breaks
# the paragraph, an inline one is removed), entities are decoded. Ordinary text is never touched:
# "a < b" or one "<b>" does not make a page source.

# Tags of real HTML elements. The text is a page source when it has at least HTML_MIN_TAGS of
# them, HTML_MIN_CLOSING_TAGS of those closing tags (an article about HTML names "<p>" and
# "<div>", but rarely "</p>"), a doctype or a comment counting as a closing tag.
_I = re.IGNORECASE
HTML_MIN_TAGS = 4
HTML_MIN_CLOSING_TAGS = 2
_HTML_EVIDENCE = re.compile(
    r"<(/?)(?:html|head|body|title|meta|link|script|style|noscript|p|div|span|a|b|i|u|em|strong|"
    r"br|hr|img|ul|ol|li|dl|dt|dd|h[1-6]|table|thead|tbody|tfoot|tr|td|th|section|article|header|"
    r"footer|nav|main|aside|figure|figcaption|blockquote|pre|code|form|input|button|label|select|"
    r"option|iframe|svg|picture|source|video|audio|time|small|sup|sub)\b[^<>]*>|"
    r"<(!)(?:doctype\b|--)",
    _I,
)
# Blocks whose content is not text to read: dropped whole, up to the closing tag (or the end of
# the text, as a browser does with an unclosed <script>). A self-closed "<script src=... />" is
# only a tag.
_MARKUP_BLOCK = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|"
    r"<(script|style|noscript|template|svg|math|iframe|object)\b"
    r"(?:[^<>]*/>|[^<>]*>.*?(?:</\1\s*>|\Z))",
    _I | re.DOTALL,
)
# Any tag, a doctype or an XML declaration. Attributes run to the next ">" (not past a "<", so a
# stray "<" costs one short scan).
_TAG = re.compile(r"</?([a-z][a-z0-9]*(?:[:-][a-z0-9]+)*)\b[^<>]*>|<![a-z][^<>]*>|<\?[^<>]*>", _I)
# Tags that start a new paragraph where they stand; <br> starts a new line.
_BLOCK_TAGS = wordset(
    """
    html head body title p div ul ol li dl dt dd h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr td th
    caption section article header footer nav main aside figure figcaption blockquote pre form
    fieldset address details summary hr option select button
    """
)
# In a page with paragraph tags, a line break in the source is only a space (an editor wraps
# "<p>" text); without them (text with a few inline links) the lines are the paragraphs.
_PARAGRAPH_TAG = re.compile(r"</?(?:p|div|li|h[1-6]|tr|article|section|blockquote|br)\b[^<>]*>", _I)
HTML_MIN_PARAGRAPH_TAGS = 2
# What is left of script or CSS outside its block (a broken tag, a handler's body, JSON): news
# prose has no braces. Used only in a page source. (A ";" at the end is not enough: list items
# end with one.)
CODE_LINE = re.compile(r"[{}]")


def looks_like_html(text: str) -> bool:
    if "<" not in text:
        return False
    closing = 0
    for tags, match in enumerate(_HTML_EVIDENCE.finditer(text), start=1):
        closing += bool(match.group(1) or match.group(2))
        if tags >= HTML_MIN_TAGS and closing >= HTML_MIN_CLOSING_TAGS:
            return True
    return False


def strip_markup(text: str) -> tuple[str, list[RemovedLine]]:
    """``text`` (a page source with normalised whitespace) as a browser shows it, and what went.

    Each dropped block is one removed line; the stripped tags are one more, so nothing is lost
    silently.
    """
    removed: list[RemovedLine] = []

    def drop_block(match: re.Match[str]) -> str:
        removed.append(RemovedLine(" ".join(match.group(0).split()), "markup"))
        return " "

    text = _MARKUP_BLOCK.sub(drop_block, text)
    paragraph_tags = itertools.islice(_PARAGRAPH_TAG.finditer(text), HTML_MIN_PARAGRAPH_TAGS)
    if sum(1 for _ in paragraph_tags) >= HTML_MIN_PARAGRAPH_TAGS:
        text = text.replace("\n", " ")
    tags: list[str] = []

    def strip_tag(match: re.Match[str]) -> str:
        tags.append(match.group(0))
        name = (match.group(1) or "").lower()
        if name == "br":
            return "\n"
        return "\n\n" if name in _BLOCK_TAGS else ""

    text = _TAG.sub(strip_tag, text)
    if tags:
        removed.append(RemovedLine(" ".join(" ".join(tags).split()), "markup"))
    return html.unescape(text), removed
