"""Turn pasted or extracted article text into a :class:`CleanDocument`.

:func:`clean_text` runs five steps, in this order:

1. **Repair mojibake** once over the whole text (:func:`repair_mojibake`): ``ftfy`` (curly quotes
   kept), then the UTF-8-read-as-Mac-Roman forms ``ftfy`` misses (``‚Äú`` for ``“``, ``¬†`` for a
   no-break space, ``–ø—Ä`` for ``пр``, and the doubly mangled ``‚Ķ`` for ``…``).
2. **Normalise whitespace**: every line break becomes ``\\n``, Unicode spaces a plain space,
   zero-width and bidi marks and soft hyphens go, runs of spaces collapse.
   A pasted **page source** (many HTML tags, some closing) is then read as a browser shows it:
   ``<script>``, ``<style>``, ``<noscript>``... blocks and comments go whole, other tags are
   stripped (block tags break paragraphs), entities are decoded; all of it is kept in
   ``removed`` as ``"markup"``. Text with a stray ``<`` is not touched.
3. **Make paragraphs**: blank lines separate paragraphs. A single newline also separates them
   (pasted web text has one paragraph per line) unless the text *looks hard-wrapped* (e-mail style:
   most lines end mid-sentence, are about the same width and under ``WRAP_MAX_WIDTH``), in which
   case lines are joined back. A paragraph never contains a newline.
4. **Drop boilerplate**: captions, credits, player notices, calls to action, cookie banners,
   "Read more" lists, bylines, timestamps, share rows, ads, bare links, headings and, in a text
   that is otherwise punctuated prose, lines with no sentence-final punctuation. Every dropped
   paragraph is kept in ``CleanDocument.removed`` with a short reason tag, so nothing is lost
   silently.
5. **Title**: the given title (cleaned), whose duplicate at the top of the body is dropped; or
   else a first line that reads as a headline. A title is never a body paragraph.

Each pattern is a named, module-level compiled regex with the reason it exists beside it, compiled
once from the words of every lexicon (``summaries/lang/<code>.py``: English and Russian have
boilerplate words); to support another language, fill its lexicon's clean fields.
Cleaning never invents text: paragraphs are made only of (repaired) input characters.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ftfy

from summaries.lang import LEXICONS, Lexicon
from summaries.models import CleanDocument, RemovedLine

__all__ = ["clean_text"]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- language words -------------------------------------------------------------------------
# The words and phrases of every pattern below come from the lexicons (summaries/lang/<code>.py)
# and each pattern reads all languages at once: a page in one language carries boilerplate in
# another. What stays in this module is no language's words: agency and network names, HTML,
# URLs, punctuation and unit symbols, the mojibake tables.


def _collected(get: Callable[[Lexicon], Iterable[str]]) -> tuple[str, ...]:
    """One lexicon field over every language, English first, without repeats."""
    return tuple(dict.fromkeys(item for entry in LEXICONS.values() for item in get(entry)))


def _all_words(get: Callable[[Lexicon], frozenset[str]]) -> frozenset[str]:
    """The union of one word-set field over every language."""
    return frozenset[str]().union(*(get(entry) for entry in LEXICONS.values()))


def _alternation(alternatives: Iterable[str]) -> str:
    """``(?:a|b)``; with no alternatives, a pattern that never matches."""
    joined = "|".join(alternatives)
    return f"(?:{joined})" if joined else "(?!)"


def _phrases(get: Callable[[Lexicon], Iterable[str]]) -> str:
    """A field of phrases as a regex: each word escaped, any whitespace between words."""
    return _alternation(r"\s+".join(map(re.escape, phrase.split())) for phrase in _collected(get))


def _patterns(get: Callable[[Lexicon], Iterable[str]]) -> str:
    """A field of regex alternatives, in which a space stands for any whitespace."""
    return _alternation(pattern.replace(" ", r"\s+") for pattern in _collected(get))


# --- tuning constants -------------------------------------------------------------------------

# Hard wrap. E-mail clients and `fmt` wrap at 60-80 columns (RFC 5322 asks for <= 78); pasted web
# paragraphs are longer, and one-sentence-per-line news text (CNN/DM) has a median line of ~110.
WRAP_MAX_WIDTH = 100
# With fewer inner lines (lines followed by another line without a blank line) there is no
# evidence either way; keep one paragraph per line.
WRAP_MIN_INNER_LINES = 4
# Wrapped prose: most inner lines end mid-sentence (measured: 80-90% on CNN/DM and BBC text
# wrapped at 60-80 columns; 1-4% on the same text one sentence or paragraph per line).
WRAP_MIN_MIDSENTENCE_SHARE = 0.5
# ... most inner lines fill the width (a line is "full" at >= WRAP_FULL_RATIO of the widest) ...
WRAP_FULL_RATIO = 0.6
WRAP_MIN_FULL_SHARE = 0.6
# ... and in cased text the next line often starts with a lower-case word (~60-80% when wrapped;
# ~0% in a list of headlines, which is also short and unpunctuated).
WRAP_MIN_LOWER_NEXT_SHARE = 0.3
# A few over-long lines (a URL, a table row) do not rule out wrapping.
WRAP_MAX_LONG_SHARE = 0.1

# Title: headlines are short (news sites cap them at ~70-110 characters, <= 20 words).
TITLE_MIN_WORDS = 3  # "Business", "World news": section labels, not headlines
TITLE_MAX_WORDS = 20

# Lines without sentence-final punctuation are dropped only when the text around them is prose:
# at least this share of the candidate characters sits in punctuated paragraphs. A text that is
# all unpunctuated (a list, a transcript without punctuation) keeps its lines.
PUNCTUATED_PROSE_SHARE = 0.5
# An unpunctuated line of at most this many words is a heading; a longer one a caption (on CNN/DM
# pages the photo captions are glued into the text without a full stop).
HEADING_MAX_WORDS = 12

# "Read more" lists: after the heading, up to this many headline-like lines are dropped ...
RELATED_MAX_ITEMS = 12
# ... a headline-like line has at most this many words and does not end with a full stop.
RELATED_ITEM_MAX_WORDS = 25

# Rules that match the start of a line ("Subscribe to ...", "Watch: ...") apply only to lines up to
# this many words: a long line starting the same way is more likely an article sentence.
CTA_MAX_WORDS = 40
PLAYER_PREFIX_MAX_WORDS = 20  # "Watch: ..." teasers; longer ones read as sentences
CREDIT_MAX_WORDS = 6  # a credit alone ("AFP via Getty Images"); longer lines with one are captions
COPYRIGHT_MAX_WORDS = 15  # "© 2024 Reuters. All rights reserved."

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


def _normalise_whitespace(text: str) -> str:
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
_BLOCK_TAGS = _wordset(
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
_CODE_LINE = re.compile(r"[{}]")


def _looks_like_html(text: str) -> bool:
    if "<" not in text:
        return False
    closing = 0
    for tags, match in enumerate(_HTML_EVIDENCE.finditer(text), start=1):
        closing += bool(match.group(1) or match.group(2))
        if tags >= HTML_MIN_TAGS and closing >= HTML_MIN_CLOSING_TAGS:
            return True
    return False


def _strip_markup(text: str) -> tuple[str, list[RemovedLine]]:
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


# --- sentence shape ---------------------------------------------------------------------------

_CLOSERS = "\"'”’»)\\]"
# A line that ends a sentence: . ! ? … (optionally followed by closing quotes or brackets), or a
# closing quote on its own (a quoted paragraph without a final stop is still a quote).
_ENDS_SENTENCE = re.compile(rf"(?:[.!?…][{_CLOSERS}]*|[\"”»’'])$")
_ENDS_TAIL = 12  # the end of a line is all the "ends with" checks look at (cheap on long lines)
# A line that goes on in the next one: a comma, colon, dash... These are never headings.
_ENDS_OPEN = re.compile(r"[,;:\-–—(/&]$")


# Markers that may follow a sentence's final punctuation: footnote references ("[1]", "[a]", "¹",
# "*", "†"), hashtags and handles ("#budget", "@BBCNews"), emoji and other pictographs (arrows,
# dingbats, ©, ®, ™). "...after a long debate. #budget" is a sentence, not a headline. The
# bracketed notes ("[citation needed]", "[note 3]") are each language's words, matched verbatim.
_FOOTNOTE_NOTES = _alternation(map(re.escape, _collected(lambda entry: entry.footnote_notes)))
_FOOTNOTE_LABELS = _alternation(map(re.escape, _collected(lambda entry: entry.footnote_labels)))
_TRAILING_MARKERS = re.compile(
    rf"(?:\s*(?:\[(?:\d{{1,3}}|[a-z]|{_FOOTNOTE_NOTES}|{_FOOTNOTE_LABELS} \d{{1,3}})\]|"
    r"[\u00b9\u00b2\u00b3\u2070-\u2079]+|[*†‡]+|[#@][^\W_][\w-]*|"
    r"[\u00a9\u00ae\u2122\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff"
    r"\ufe0f\u20e3\U0001f000-\U0001faff]))+$"
)
_MARKERS_TAIL = 60  # how far from the end markers are looked for (a few tags or emoji)


def _without_trailing_markers(line: str) -> str:
    """``line`` without the footnote marks, hashtags and emoji that close it."""
    tail = line[-_MARKERS_TAIL:]
    match = _TRAILING_MARKERS.search(tail)
    if match is None:
        return line
    return line[: len(line) - len(tail) + match.start()].rstrip()


def _ends_sentence(line: str) -> bool:
    if _ENDS_SENTENCE.search(line[-_ENDS_TAIL:]) is not None:
        return True
    bare = _without_trailing_markers(line)
    return len(bare) < len(line) and _ENDS_SENTENCE.search(bare[-_ENDS_TAIL:]) is not None


# A line that ends a paragraph of prose rather than a headline: a full stop, or any final mark
# followed by a closing quote or bracket ('... whatever it costs."', '... she asked?"', '(... .)').
# A bare "?" or "!" can close a headline ("Why are fares rising?"), so it does not count.
_ENDS_PARAGRAPH = re.compile(rf"(?:\.(?: ?[{_CLOSERS}])*|[!?…](?: ?[{_CLOSERS}])+)$")


def _ends_paragraph(line: str) -> bool:
    return _ENDS_PARAGRAPH.search(_without_trailing_markers(line)[-_ENDS_TAIL:]) is not None


# A line ending in a function word was cut (a link removed from "... secured qualification for
# <link>"): prose, never a heading.
_FUNCTION_WORDS = _all_words(lambda entry: entry.function_words)


def _ends_function_word(line: str) -> bool:
    words = line[-_ENDS_TAIL:].rsplit(maxsplit=1)
    return bool(words) and words[-1].lower() in _FUNCTION_WORDS


# A full stop followed by another sentence inside one line: a paragraph whose last sentence lost
# its stop (BBC text has these where a link was cut out) is prose, not a caption.
# Tokenised text (CNN/DM) has spaces around quote marks: "good. ' I want".
_INNER_BOUNDARY_CASED = re.compile(rf"[.!?…](?:\s*[{_CLOSERS}])*\s+[\"“‘«('\[\s]*[A-ZА-ЯЁ0-9]")
_INNER_BOUNDARY_UNCASED = re.compile(rf"[.!?…](?:\s*[{_CLOSERS}])*\s+\S")
_STARTS_LOWER = re.compile(r"^[\"“‘«(\[]*[^\W\d_]")


def _starts_lower(line: str) -> bool:
    match = _STARTS_LOWER.match(line)
    return match is not None and match.group(0)[-1].islower()


# --- boilerplate patterns ---------------------------------------------------------------------
# Each rule is (reason, pattern, how far it reaches). Patterns are case-insensitive unless they
# say (?-i:...). Whole-line patterns end with _LINE_END: optional trailing punctuation.

_LINE_END = r"\s*[:.!|»>›→…\-–—]*\s*$"
# After a label ("Photo: …", "Watch | …", "Live — …"): a colon or bar, or a dash with spaces
# around it, so "Photo-finish", "Live-fire" and "Audio-visual" are not labels.
_LABEL_SEP = r"(?:\s*[:|]|\s+[—–-]\s)"

# Agencies and picture desks that sign photos: names, spelt the same in any language's text, so
# they stay here. Extend here; words that sign a picture the same way ("handout") are in the
# lexicons.
_AGENCY_NAMES = (
    r"(?:getty(?:\s+images)?(?:/\s*istockphoto)?|afp|ap(?:\s+photo)?|associated press|reuters|"
    r"epa(?:-efe)?|efe|pa(?:\s+(?:media|wire|images))?|anadolu(?:\s+agency)?|shutterstock|alamy|"
    r"bloomberg|xinhua|sipa|dpa|ansa|the\s+guardian|bbc|nurphoto|sopa\s+images|"
    r"tass|тасс|итар-тасс|риа\s+новости|ria\s+novosti|интерфакс|коммерсантъ|известия|"
    r"спутник|sputnik|east\s+news|global\s+look\s+press|legion-media|unsplash|pexels)"
)
_AGENCIES = f"(?:{_AGENCY_NAMES}|{_phrases(lambda entry: entry.credit_sources)})"

# Photo captions and credits: BBC "Image caption, ...", "Image source, Getty Images"; generic
# "Photo: ...", "Pictured: ..." (Daily Mail), Russian "Фото: ...", "На снимке: ...".
_CAPTION_PREFIX = re.compile(
    rf"^(?:{_patterns(lambda entry: entry.caption_openers)}|"
    rf"{_phrases(lambda entry: entry.caption_labels)}{_LABEL_SEP})",
    _I,
)
# "… via REUTERS", "… REUTERS/Gleb Garanich", "… (Getty Images)", "Photo by X/AFP via Getty
# Images", "AFP/Getty": a line that *ends* in an agency credit after a separator. "A spokesman
# told Reuters" has no separator before the agency and stays.
_CREDIT_TAIL = re.compile(
    rf"(?:^|[.|(:©—–/]\s*|\s-\s*|\bvia\s+){_AGENCIES}(?:\s*/\s*[^/\s][^/]{{0,60}})?\)?\s*$", _I
)
# Reuters signs pictures "REUTERS/Photographer Name", upper case, anywhere near the end.
_REUTERS_SIGNATURE = re.compile(r"(?-i:\bREUTERS/[A-Z])[^.!?]{0,60}$")
# Guardian "… Photograph: Jane Doe/The Guardian", "… Фото: Иван Петров / ТАСС": a picture label
# and a short credit closing the line.
_CREDIT_LABEL_TAIL = re.compile(
    rf"(?-i:\b{_phrases(lambda entry: entry.credit_labels)})\s*:\s*[^.!?:]{{1,80}}$"
)
# "(Photo: Getty Images)", "[Picture by Jane Doe]", "(Фото: ТАСС)" closing a line.
_CREDIT_PARENS = re.compile(
    rf"[(\[]{_phrases(lambda entry: entry.bracket_credit_labels)}\s*(?:by\b|:)"
    r"[^)\]]{1,80}[)\]]\s*$",
    _I,
)
# AP and Reuters notes on handout pictures.
_THIRD_PARTY = re.compile(_patterns(lambda entry: entry.third_party_notes), _I)
# "© 2024 Reuters", "Copyright 2024 The Associated Press. All rights reserved." (the symbols are
# universal).
_COPYRIGHT = re.compile(
    rf"^(?:©|\(c\)\s|{_phrases(lambda entry: entry.copyright_words)}\s+(?:©|\(c\)|\d{{4}}))|"
    + _phrases(lambda entry: entry.rights_reserved),
    _I,
)
# Reuters and AP sign-offs: "(Reporting by Jane Doe; Editing by John Smith)".
_REPORTING_CREDIT = re.compile(_patterns(lambda entry: entry.reporting_credits), _I)

# Video and audio players; a bare running time ("2:31") is no language's words.
_PLAYER_LINE = re.compile(
    rf"^(?:{_patterns(lambda entry: entry.player_notices)}|\d{{1,2}}:\d\d)" + _LINE_END,
    _I,
)
# "Watch: The moment the bridge fell", "VIDEO: …", "Видео: …": a teaser for a player, dropped
# when it is short or has no sentence-final punctuation.
_PLAYER_PREFIX = re.compile(
    "^" + _phrases(lambda entry: entry.player_labels) + _LABEL_SEP + r"\s*\S",
    _I,
)

# Calls to action and newsletter pitches, at the start of a short line.
_CTA_PREFIX = re.compile("^" + _patterns(lambda entry: entry.cta_openers), _I)
# "Sign up to our free newsletter", "… delivered to your inbox": pitches anywhere in a short line.
# Only lines without quote marks: "You can sign up at our offices," she said, is a sentence.
_CTA_PITCH = re.compile(_patterns(lambda entry: entry.cta_pitches), _I)

# Cookie and consent banners, at the start of a line (an article about cookies says "the company
# will phase out third-party cookies", not "We use cookies").
_COOKIE = re.compile("^" + _patterns(lambda entry: entry.cookie_banners), _I)
_CONSENT_BUTTON = re.compile(
    "^" + _phrases(lambda entry: entry.consent_buttons) + _LINE_END,
    _I,
)

# Ads and "story continues" markers.
_AD = re.compile("^" + _patterns(lambda entry: entry.ad_markers) + _LINE_END, _I)

# Site navigation that survives a select-all copy.
_NAV = re.compile("^" + _phrases(lambda entry: entry.nav_labels) + _LINE_END, _I)

# Share-button rows: every word a network or a share verb ("Facebook Twitter Email"). Networks
# are names, the same in any language's text (OK is Odnoklassniki, X is Twitter).
_NETWORKS = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|messenger|flipboard|"
    r"вконтакте|vk|одноклассники|ok"
)
_SHARE_ROW = re.compile(
    rf"^(?:(?:{_phrases(lambda entry: entry.share_words)}|{_NETWORKS})[\s,|·•/]*)+$",
    _I,
)

# "Read more" and friends. A bare heading starts a list of headline-like lines to drop.
_RELATED_HEADING = re.compile(
    "^" + _patterns(lambda entry: entry.related_headings) + _LINE_END,
    _I,
)
# "Read more: Why the Fed raised rates", "Подробнее — в материале «…»", "Читайте также «…»".
_RELATED_INLINE = re.compile(
    rf"^{_phrases(lambda entry: entry.related_labels)}\s*[:|»>→–—-]|"
    rf"^{_phrases(lambda entry: entry.related_title_labels)}\s+[«\"“]|"
    rf"^{_phrases(lambda entry: entry.related_openers)}",
    _I,
)


# Bylines: "By Jane Doe, Reuters", "BY JANE DOE AND JOHN SMITH", "Автор: Иван Петров".
_BYLINE_START = re.compile(
    rf"^(?:{_phrases(lambda entry: entry.byline_openers)}\s+|"
    rf"{_phrases(lambda entry: entry.byline_labels)}\s*:\s*)",
    _I,
)
BYLINE_MAX_WORDS = 15  # "By Jane Doe and John Smith, Reuters, in Kyiv and Moscow"
# Punctuation between names is universal; the words are each language's.
_BYLINE_CONNECTORS = _all_words(lambda entry: entry.byline_connectors) | _wordset("& | , - – — . ·")


# Timestamps: "Published 3 hours ago", "Updated 12:30 GMT, 12 March 2024", "12 марта 2024, 14:35".
# A line is a timestamp when every token is a number or one of the date words, and one of them
# (a number or an anchor) dates it. A language's month and weekday forms count only where the
# lexicon has timestamp words: without "published" or "ago", a lone "Mai" is not a dateline.
def _calendar_forms(entry: Lexicon) -> frozenset[str]:
    forms = (form.lower() for group in (*entry.months, *entry.weekdays) for form in group)
    return frozenset(forms) - entry.timestamp_excluded_forms


_TIMESTAMP_LEXICONS = tuple(entry for entry in LEXICONS.values() if entry.timestamp_words)
_DATE_WORDS = frozenset[str]().union(
    *(entry.timestamp_words | _calendar_forms(entry) for entry in _TIMESTAMP_LEXICONS)
)
# Words that make a line of date words a timestamp (not just "at" or "on").
_DATE_ANCHORS = frozenset[str]().union(
    *(
        entry.timestamp_anchors | (_calendar_forms(entry) - entry.timestamp_weak_forms)
        for entry in _TIMESTAMP_LEXICONS
    )
)
# A number, a time or a date, with a language's suffix ("3rd") or a unit symbol (universal).
_NUMBER_SUFFIXES = _alternation(
    [*map(re.escape, _collected(lambda entry: entry.number_suffixes)), "h", "m", "min", "s"]
)
_NUMBERISH = re.compile(rf"^\d+(?:[:./-]\d+)*{_NUMBER_SUFFIXES}?$", _I)
_TOKEN_TRIM = ",;:|·•()[]–—-"

# A bare link: "https://…", "www.example.com/news", "bbc.co.uk/news".
_URL = re.compile(
    r"^(?:https?://\S+|www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?)$", _I
)
# A line with no letters or digits: "* * *", "•", "———".
_SEPARATOR = re.compile(r"^[\W_]+$")


@dataclass(frozen=True, slots=True)
class _Rule:
    """One boilerplate rule: a line matching ``pattern`` is dropped with ``reason``."""

    reason: str
    pattern: re.Pattern[str]
    max_words: int | None = None  # only lines up to this many words
    unpunctuated_only: bool = False  # only lines without sentence-final punctuation
    # Lower-case substrings, one of which the line must contain before the regex runs: a cheap
    # filter for patterns that search the whole line (most lines are sentences that match none).
    hints: tuple[str, ...] = ()
    # Or a regex that must be found in the line's last TAIL_HINT_REACH characters: the same kind
    # of filter for patterns anchored at the end of the line.
    tail_hint: re.Pattern[str] | None = None
    unquoted_only: bool = False  # only lines without quote marks (a quote is an article's words)
    short_reason: str | None = None  # the reason for a line of <= CREDIT_MAX_WORDS words


# _CREDIT_TAIL ends with an agency name, then at most " / " and 61 characters of a name, a ")":
# about 65 characters after an agency of at most ~25. Units have single spaces and no trailing
# ones. The name stands alone (a word boundary on both sides), so "ap" is not found in "happy".
TAIL_HINT_REACH = 160
_AGENCY_NEAR_END = re.compile(rf"\b{_AGENCIES}\b", _I)

# Tried in order; the first match names the reason.
_RULES: tuple[_Rule, ...] = (
    _Rule("cookie", _COOKIE, CTA_MAX_WORDS * 2),
    _Rule("cookie", _CONSENT_BUTTON, 3),
    _Rule("player", _PLAYER_LINE),
    _Rule("player", _PLAYER_PREFIX, PLAYER_PREFIX_MAX_WORDS),
    _Rule("player", _PLAYER_PREFIX, unpunctuated_only=True),
    _Rule("ad", _AD, 8),
    _Rule("nav", _NAV, 5),
    _Rule("share", _SHARE_ROW, 12),
    _Rule("caption", _THIRD_PARTY, hints=_collected(lambda entry: entry.third_party_hints)),
    _Rule("caption", _CAPTION_PREFIX),
    _Rule("credit", _REPORTING_CREDIT, CTA_MAX_WORDS),
    _Rule(
        "credit",
        _COPYRIGHT,
        COPYRIGHT_MAX_WORDS,
        hints=("©", "(c)", *_collected(lambda entry: entry.copyright_hints)),
    ),
    _Rule("caption", _CREDIT_PARENS, hints=(")", "]")),
    _Rule("caption", _REUTERS_SIGNATURE, hints=("reuters/",), short_reason="credit"),
    _Rule(
        "caption",
        _CREDIT_TAIL,
        unpunctuated_only=True,
        tail_hint=_AGENCY_NEAR_END,
        short_reason="credit",
    ),
    _Rule("caption", _CREDIT_LABEL_TAIL, hints=(":",)),
    _Rule("related", _RELATED_HEADING, 8),
    _Rule("related", _RELATED_INLINE, RELATED_ITEM_MAX_WORDS + 5),
    _Rule("cta", _CTA_PREFIX, CTA_MAX_WORDS),
    _Rule(
        "cta",
        _CTA_PITCH,
        CTA_MAX_WORDS,
        hints=_collected(lambda entry: entry.cta_pitch_hints),
        unquoted_only=True,
    ),
    _Rule("link", _URL, 1),
    _Rule("separator", _SEPARATOR),
)


def _is_timestamp(line: str) -> bool:
    tokens = [token.strip(_TOKEN_TRIM).lower() for token in line.split()]
    tokens = [token for token in tokens if token]
    if not tokens:
        return False
    anchored = False
    for token in tokens:
        if _NUMBERISH.match(token) or token.rstrip(".") in _DATE_ANCHORS:
            anchored = True
        elif token.rstrip(".") not in _DATE_WORDS and token not in _DATE_WORDS:
            return False
    return anchored


def _is_byline(line: str, words: int) -> bool:
    match = _BYLINE_START.match(line)
    if match is None or words > BYLINE_MAX_WORDS:
        return False
    # The names run up to the first comma or bar; what follows is a role or an outlet
    # ("By Oliver Grant, Science reporter"), free-form.
    names = _BYLINE_ROLE_SEPARATOR.split(line[match.end() :], maxsplit=1)[0].split()
    capitalised = 0
    for token in names:
        bare = token.strip(",.|·()")
        if not bare or bare.lower() in _BYLINE_CONNECTORS or _is_timestamp(bare):
            continue
        if not bare[0].isupper():
            return False
        capitalised += 1
    return capitalised > 0


_BYLINE_ROLE_SEPARATOR = re.compile(r"[,|·]")


_QUOTE_MARKS = '"“”«»„'


def _boilerplate_reason(line: str) -> str | None:
    """The reason tag if ``line`` is boilerplate by an explicit pattern, else ``None``."""
    words = len(line.split())
    ends_sentence = _ends_sentence(line)
    lowered = line.lower()
    open_ended = _ENDS_OPEN.search(line) is not None
    if not ends_sentence and not open_ended and _is_byline(line, words):
        return "byline"  # before the credit rules: "By Jane Doe | Reuters" is a byline
    for rule in _RULES:
        if rule.max_words is not None and words > rule.max_words:
            continue
        if rule.unpunctuated_only and ends_sentence:
            continue
        if rule.hints and not any(hint in lowered for hint in rule.hints):
            continue
        if rule.tail_hint and not rule.tail_hint.search(line[-TAIL_HINT_REACH:]):
            continue
        if rule.unquoted_only and any(mark in line for mark in _QUOTE_MARKS):
            continue
        if rule.pattern.search(line):
            if rule.short_reason is not None and words <= CREDIT_MAX_WORDS:
                return rule.short_reason
            return rule.reason
    if not ends_sentence and not open_ended and _is_timestamp(line):
        return "timestamp"
    return None


# --- paragraphs -------------------------------------------------------------------------------


def _blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines (stripped), split at blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _looks_hard_wrapped(blocks: Sequence[Sequence[str]], *, cased: bool) -> bool:
    """Whether single newlines are a wrap width (e-mail style) rather than paragraph breaks."""
    inner = [pair for block in blocks for pair in itertools.pairwise(block)]
    if len(inner) < WRAP_MIN_INNER_LINES:
        return False
    lengths = [len(line) for line, _ in inner]
    fitting = [length for length in lengths if length <= WRAP_MAX_WIDTH]
    if len(lengths) - len(fitting) > WRAP_MAX_LONG_SHARE * len(lengths) or not fitting:
        return False
    width = max(fitting)
    full = sum(length >= WRAP_FULL_RATIO * width for length in lengths)
    mid_sentence = sum(not _ends_sentence(line) for line, _ in inner)
    if full < WRAP_MIN_FULL_SHARE * len(inner):
        return False
    if mid_sentence < WRAP_MIN_MIDSENTENCE_SHARE * len(inner):
        return False
    if not cased:  # lower-cased text: the case of the next line tells nothing
        return True
    lower_next = sum(_starts_lower(following) for _, following in inner)
    return lower_next >= WRAP_MIN_LOWER_NEXT_SHARE * len(inner)


def _unwrap(block: Sequence[str], width: int) -> list[str]:
    """Join a hard-wrapped block back into paragraphs; a short line ends a paragraph.

    Each join looks only at the two lines it joins, so a long paragraph costs linear time.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in block:
        # "well-" + "known": the hyphen is kept and no space added
        if current and not (_WORD_BREAK_HYPHEN.search(current[-1][-2:]) and _starts_lower(line)):
            current.append(" ")
        current.append(line)
        if len(line) < WRAP_FULL_RATIO * width:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return paragraphs


# A line that ends inside a hyphenated word ("well-" at the end, "known" on the next line).
_WORD_BREAK_HYPHEN = re.compile(r"[^\W\d_]-$")


def _paragraph_units(blocks: Sequence[Sequence[str]], *, cased: bool) -> list[str]:
    if _looks_hard_wrapped(blocks, cased=cased):
        width = max(
            (len(line) for block in blocks for line in block if len(line) <= WRAP_MAX_WIDTH),
            default=WRAP_MAX_WIDTH,
        )
        units = [paragraph for block in blocks for paragraph in _unwrap(block, width)]
    else:
        units = [line for block in blocks for line in block]
    glued: list[list[str]] = []
    for unit in units:
        if glued and _STRAY_CLOSER.match(unit):
            glued[-1].append(unit)  # a closing quote split off its sentence goes back to it
        else:
            glued.append([unit])
    return [" ".join(parts) for parts in glued]


# A line of nothing but closing quotes and final punctuation ("’", "”.", "\". '"): one-sentence-
# per-line text (CNN/DM) splits these off the sentence they close.
_STRAY_CLOSER = re.compile(r"^[\"'“”‘’»)\].!?…,;: ]{1,6}$")


# --- title ------------------------------------------------------------------------------------

_TITLE_KEY_TRIM = " .:;,!?…\"'“”‘’«»"


def _title_key(text: str) -> str:
    return " ".join(text.split()).strip(_TITLE_KEY_TRIM).casefold()


def _is_label(line: str) -> bool:
    return len(line.split()) < TITLE_MIN_WORDS and not _ends_sentence(line)


def _reads_as_headline(line: str, *, cased: bool) -> bool:
    words = len(line.split())
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or not any(c.isalpha() for c in line):
        return False
    if _ENDS_OPEN.search(line) or _opens_with_quote(line):
        return False  # a fragment, or a quoted lead ("'Do you have it in your heart?' ...")
    bare = _without_trailing_markers(line).rstrip(_CLOSERS_AND_SPACE)
    if bare.endswith(".") and not bare.endswith("..."):
        return False  # a sentence
    if bare.endswith(("?", "!", "…", "...")):
        # "Why is the Fed raising rates?" is a headline, "Ever wondered if ...? " a lead; in
        # lower-cased text nothing tells them apart, so only unpunctuated lines qualify there.
        inner = _INNER_BOUNDARY_CASED if cased else _INNER_BOUNDARY_UNCASED
        return cased and inner.search(bare) is None
    return True


_CLOSERS_AND_SPACE = "\"'”’»)] "
_OPENING_QUOTE = re.compile(r"^[\"“‘«„']")


def _opens_with_quote(line: str) -> bool:
    return _OPENING_QUOTE.match(line) is not None


# --- the stage --------------------------------------------------------------------------------


def _mark_related_lists(units: Sequence[str], reasons: list[str | None]) -> None:
    """After a bare "Read more" heading, mark the headline-like lines that follow as related."""
    index = 0
    while index < len(units):
        if reasons[index] == "related" and _RELATED_HEADING.search(units[index]):
            items = 0
            following = index + 1
            while following < len(units) and items < RELATED_MAX_ITEMS:
                unit = units[following]
                if reasons[following] is None:
                    if _ends_paragraph(unit) or len(unit.split()) > RELATED_ITEM_MAX_WORDS:
                        break
                    reasons[following] = "related"
                items += 1
                following += 1
            index = following
        else:
            index += 1


def _is_prose(units: Sequence[str], reasons: Sequence[str | None]) -> bool:
    """Whether most kept characters are in punctuated paragraphs (unpunctuated lines stand out)."""
    total = punctuated = 0
    for unit, reason in zip(units, reasons, strict=True):
        if reason is None:
            total += len(unit)
            if _ends_sentence(unit) or _ENDS_OPEN.search(unit):
                punctuated += len(unit)
    return total > 0 and punctuated >= PUNCTUATED_PROSE_SHARE * total


_BULLET = re.compile(r"^[•·▪◦►‣*\-–—]\s")


def _unpunctuated_reason(unit: str, *, cased: bool) -> str | None:
    """In prose, a line without sentence-final punctuation is a heading or a glued caption."""
    if _ends_sentence(unit) or _ENDS_OPEN.search(unit) or _ends_function_word(unit):
        return None
    if cased and _starts_lower(unit):
        return None  # a fragment of a sentence cut by a removed link, not a heading
    if _BULLET.match(unit):
        return None  # a list item ("• Fares rise by 10% in May") carries facts, not navigation
    if len(unit.split()) <= HEADING_MAX_WORDS:
        return "heading"
    inner = _INNER_BOUNDARY_CASED if cased else _INNER_BOUNDARY_UNCASED
    if inner.search(unit):
        return None  # several sentences, the last one lost its stop: prose
    return "caption"


def clean_text(raw: str, *, title: str | None = None) -> CleanDocument:
    """Repair, normalise and de-boilerplate ``raw`` into a title and body paragraphs.

    ``title``, if given, is used (cleaned) and a copy of it opening the body is dropped (reason
    ``"title"``); otherwise a headline-like first line becomes the title. Everything dropped is
    in ``removed``; if all of it is boilerplate the document has no paragraphs. Never raises.
    """
    markup = _looks_like_html(raw)
    text = _normalise_whitespace(repair_mojibake(raw, markup=markup))
    markup_removed: list[RemovedLine] = []
    if markup:
        text, markup_removed = _strip_markup(text)
        text = _normalise_whitespace(text)  # decoded entities: &nbsp;, &#8203;
    cased = text != text.lower()
    units = _paragraph_units(_blocks(text), cased=cased)
    reasons: list[str | None] = [_boilerplate_reason(unit) for unit in units]
    if markup:
        reasons = [
            "markup" if reason is None and _CODE_LINE.search(unit) else reason
            for unit, reason in zip(units, reasons, strict=True)
        ]
    _mark_related_lists(units, reasons)

    kept = [index for index, reason in enumerate(reasons) if reason is None]
    given_title = " ".join(_normalise_whitespace(repair_mojibake(title)).split()) if title else ""
    final_title: str | None = given_title or None
    title_index: int | None = None
    # The headline is the first kept line that is not a section label ("World", "Business").
    first = next((index for index in kept if not _is_label(units[index])), None)
    if first is not None:
        if given_title:
            if _title_key(units[first]) == _title_key(given_title):
                reasons[first] = "title"
        elif first != kept[-1] and _reads_as_headline(units[first], cased=cased):
            final_title = units[first]
            title_index = first
        # A page repeats its headline (<title>, then <h1>): a copy right after it goes too.
        following = next((index for index in kept if index > first), None)
        if (
            final_title is not None
            and following is not None
            and (reasons[first] == "title" or first == title_index)
            and _title_key(units[following]) == _title_key(final_title)
        ):
            reasons[following] = "title"

    candidates = [
        reason if index != title_index else "title" for index, reason in enumerate(reasons)
    ]
    if _is_prose(units, candidates):
        for index, reason in enumerate(candidates):
            if reason is None:
                reasons[index] = _unpunctuated_reason(units[index], cased=cased)

    paragraphs: list[str] = []
    removed: list[RemovedLine] = markup_removed
    for index, (unit, reason) in enumerate(zip(units, reasons, strict=True)):
        if index == title_index:
            continue
        if reason is None:
            paragraphs.append(unit)
        else:
            removed.append(RemovedLine(unit, reason))
    return CleanDocument(title=final_title, paragraphs=tuple(paragraphs), removed=tuple(removed))
