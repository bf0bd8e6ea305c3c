"""A Summary as Telegram HTML messages, each within Telegram's 4096-character limit.

``render(summary, source, lang=..., view=..., sections=...)`` returns the messages of one reply.
A reply is built from blocks (the header, each summary sentence, each quote, each fact, the
footer); messages are packed from whole blocks, so a reply is split between sentences, never
inside one or inside a tag. A single block longer than a message (a title or a sentence of
thousands of characters) is cut at a space, its open tags closed at the cut and reopened after.

Every string that comes from the article or the user is escaped here: the only markup in a
message is the markup this module writes. Lengths are counted the way Telegram counts them:
the text after the markup is parsed, in UTF-16 code units.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from babel.dates import format_date, format_skeleton

from handlers import i18n
from summaries.models import Fact, Quote, Summary

MESSAGE_LIMIT = 4096  # Telegram's limit for a message's text, after entity parsing
MAIN_QUOTES = 2  # quotes under the summary; the Quotes button shows all
MAIN_FACTS = 3  # facts under the summary; the Facts button shows all
FACT_CONTEXT_CHARS = 90  # characters of the sentence shown on each side of a fact (main view)
READING_WORDS_PER_MINUTE = 230  # an adult's silent reading speed, for the footer

_MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "ru": (
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
    ).split(),
}
_QUOTE_MARKS = {"en": ("“", "”"), "ru": ("«", "»")}
_TAG = re.compile(r"<(/?)([a-z-]+)([^>]*)>")


class View(StrEnum):
    """What a reply shows; the buttons switch between these."""

    SUMMARY = "s"
    QUOTES = "q"
    FACTS = "f"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the summarized text came from."""

    url: str | None = None
    title: str | None = None
    site: str | None = None
    date: str | None = None  # ISO 8601 as the page gave it
    partial: bool = False  # a paywalled page: only part of the article was readable


@dataclass(frozen=True, slots=True)
class Sections:
    """Which parts of the summary view show (a user's settings)."""

    quotes: bool = True
    facts: bool = True
    footer: bool = True


@dataclass(frozen=True, slots=True)
class _Block:
    html: str
    gap: str = "\n"  # what separates it from the block before it in the same message


def render(
    summary: Summary,
    source: Source,
    *,
    lang: str,
    view: View = View.SUMMARY,
    sections: Sections = Sections(),
    limit: int = MESSAGE_LIMIT,
) -> list[str]:
    """The messages of one reply (at least one), each at most ``limit`` long as Telegram counts."""
    blocks = list(_header(summary, source, lang))
    if view is View.QUOTES:  # every quote, over as many messages as it takes
        every = summary.all_quotes or summary.quotes
        blocks += _quotes(every, lang, len(every), language=summary.language, empty=True)
    elif view is View.FACTS:
        blocks += _facts(summary.facts, lang, len(summary.facts), context=None, empty=True)
    else:
        blocks += [
            _Block(f"• {_escape(s.text)}", "\n\n" if i == 0 else "\n")
            for i, s in enumerate(summary.sentences)
        ]
        if sections.quotes:  # a quote already shown as a summary sentence is not repeated
            shown = {s.index for s in summary.sentences}
            fresh = [q for q in summary.quotes if q.sentence_index not in shown]
            blocks += _quotes(fresh, lang, MAIN_QUOTES, language=summary.language, empty=False)
        if sections.facts:
            blocks += _facts(summary.facts, lang, MAIN_FACTS, FACT_CONTEXT_CHARS, empty=False)
        if sections.footer:
            blocks.append(_Block(f"<i>{_footer(summary, lang)}</i>", "\n\n"))
    return pack(blocks, limit)


@dataclass(frozen=True, slots=True)
class DigestLine:
    """One story of a digest: its title and link, one or two sentences, who reported it."""

    title: str | None
    url: str | None
    sentences: tuple[str, ...]
    sources: tuple[str, ...]


def render_digest(
    lines: Sequence[DigestLine],
    *,
    lang: str,
    day: dt.date,
    more: int = 0,
    limit: int = MESSAGE_LIMIT,
) -> list[str]:
    """A digest as messages: a heading, then one block per story (never split between
    messages): the linked title, its sentences, and its sources ("also in ...")."""
    heading = i18n.text(lang, "digest.title", date=day_month_year(day, lang))
    blocks = [_Block(f"<b>{heading}</b>")]
    for number, line in enumerate(lines, 1):
        title = _escape(_one_line(line.title or (line.url and _display_url(line.url)) or "…"))
        head = f"{number}. <b>{_link(line.url, title) if line.url else title}</b>"
        parts = [head]
        if line.sentences:
            parts.append(_escape(" ".join(line.sentences)))
        if line.sources:
            first, *others = line.sources
            shown = _escape(_one_line(first))
            if others:
                also = ", ".join(_one_line(source) for source in others)
                shown += " · " + i18n.text(lang, "digest.also", sources=also)
            parts.append(f"<i>{shown}</i>")
        blocks.append(_Block("\n".join(parts), "\n\n"))
    if not lines:
        blocks.append(_Block(i18n.text(lang, "digest.empty"), "\n\n"))
    if more > 0:  # part of the last block: never a message (and a notification) of its own
        count = f"<i>{i18n.text(lang, 'digest.more', count=more)}</i>"
        last = blocks[-1]
        blocks[-1] = _Block(f"{last.html}\n\n{count}", last.gap)
    return pack(blocks, limit)


def render_error(message_html: str, source: Source | None = None) -> str:
    """An error reply: the link it is about (if any) and one sentence."""
    if source is None or not source.url:
        return message_html
    link = _link(source.url, _escape(_display_url(source.url)))
    return pack([_Block(link), _Block(message_html, "\n")], MESSAGE_LIMIT)[0]


# --- blocks -----------------------------------------------------------------------------------


def _header(summary: Summary, source: Source, lang: str) -> Iterator[_Block]:
    title = source.title or summary.title
    if title:
        shown = _escape(_one_line(title))
        yield _Block(f"<b>{_link(source.url, shown) if source.url else shown}</b>")
    elif source.url:
        yield _Block(f"<b>{_link(source.url, _escape(_display_url(source.url)))}</b>")
    else:
        yield _Block(f"<b>{i18n.text(lang, 'source.pasted')}</b>")
    meta = [part for part in (_site(source), _date(source.date, lang)) if part]
    if meta:
        yield _Block(f"<i>{_escape(' · '.join(meta))}</i>")
    if source.partial:
        yield _Block(i18n.text(lang, "partial"), "\n\n")


def _quotes(
    quotes: Sequence[Quote], lang: str, count: int, *, language: str, empty: bool
) -> list[_Block]:
    """The quotes, in the marks of the article's ``language`` («…» for Russian, “…” else)."""
    shown = quotes[:count]
    if not shown:
        return [_Block(f"<i>{i18n.text(lang, 'section.no_quotes')}</i>", "\n\n")] if empty else []
    opening, closing = _QUOTE_MARKS.get(language, _QUOTE_MARKS["en"])
    blocks = [_Block(f"<b>{i18n.text(lang, 'section.quotes')}</b>", "\n\n")]
    introduced: set[str] = set()  # a speaker's role is shown once
    for quote in shown:
        line = f"{opening}{_escape(quote.text)}{closing}"
        who = ""
        if quote.speaker:  # a name in bold; the article's description of an unnamed speaker not
            who = _escape(quote.speaker) if quote.described else f"<b>{_escape(quote.speaker)}</b>"
        role = None if quote.speaker in introduced else quote.role
        if quote.speaker:
            introduced.add(quote.speaker)
        if role:
            who = f"{who}, {_escape(role)}" if who else _escape(role)
        blocks.append(_Block(f"{line} — {who}" if who else line, "\n"))
    return blocks


def _facts(
    facts: Sequence[Fact], lang: str, count: int, context: int | None, *, empty: bool
) -> list[_Block]:
    """A line per sentence (up to ``count``): its facts in bold, then the sentence (or, with
    ``context``, the part of it around the first fact)."""
    by_sentence: dict[int, list[Fact]] = {}
    for fact in facts:
        if fact.sentence_index in by_sentence or len(by_sentence) < count:
            by_sentence.setdefault(fact.sentence_index, []).append(fact)
    if not by_sentence:
        return [_Block(f"<i>{i18n.text(lang, 'section.no_facts')}</i>", "\n\n")] if empty else []
    blocks = [_Block(f"<b>{i18n.text(lang, 'section.facts')}</b>", "\n\n")]
    for group in by_sentence.values():
        where = _context(group[0], context) if context is not None else group[0].sentence
        gap = "\n" if context is not None else "\n\n"
        values = " · ".join(f"<b>{_escape(fact.text)}</b>" for fact in group)
        blocks.append(_Block(f"▪ {values}: <i>{_escape(where)}</i>", gap))
    return blocks


def _context(fact: Fact, chars: int) -> str:
    """The fact's sentence cut to ``chars`` on each side of the fact, at spaces, marked "…"."""
    sentence = fact.sentence
    at = sentence.find(fact.text)
    if at < 0:  # not expected: facts are checked to be verbatim in their sentence
        return sentence
    start, end = max(0, at - chars), min(len(sentence), at + len(fact.text) + chars)
    if start > 0:
        space = sentence.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(sentence):
        space = sentence.rfind(" ", at + len(fact.text), end)
        end = space if space >= 0 else end
    piece = sentence[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(sentence) else "")


def _footer(summary: Summary, lang: str) -> str:
    saved = round((summary.words_in - summary.words_out) / READING_WORDS_PER_MINUTE)
    words_in, words_out = summary.words_in, _number(summary.words_out, lang)  # words_in: plural
    if saved < 1:
        return i18n.text(lang, "footer.short", words_in=words_in, words_out=words_out)
    return i18n.text(lang, "footer", words_in=words_in, words_out=words_out, minutes=saved)


# --- packing ----------------------------------------------------------------------------------


def pack(blocks: Sequence[_Block], limit: int) -> list[str]:
    """Whole blocks into as few messages as fit; an oversized block is cut (see module doc)."""
    messages: list[str] = []
    current = ""
    used = 0
    for block in blocks:
        for piece in _fit(block.html, limit):
            size = visible_length(piece)
            gap = len(block.gap) if current else 0
            if current and used + gap + size > limit:
                messages.append(current)
                current, used, gap = "", 0, 0
            current += (block.gap if gap else "") + piece
            used += gap + size
    if current or not messages:
        messages.append(current)
    return messages


def _fit(block: str, limit: int) -> list[str]:
    """``block`` cut into pieces of at most ``limit`` visible characters, tags kept balanced."""
    if visible_length(block) <= limit:
        return [block]
    pieces: list[str] = []
    opened: list[tuple[str, str]] = []  # (name, the whole start tag) of the tags open here
    current, used = "", 0
    position = 0
    for match in [*_TAG.finditer(block), None]:
        end = match.start() if match else len(block)
        text = html.unescape(block[position:end])
        while text:
            take = _cut(text, limit - used, hard=used == 0)
            if take == 0:  # no word fits beside what is here: close this piece, go on
                pieces.append(current + _closing(opened))
                current, used = "".join(tag for _, tag in opened), 0
                continue
            current += _escape(text[:take])
            used += utf16_length(text[:take])
            text = text[take:]
            if text:
                pieces.append(current + _closing(opened))
                current, used = "".join(tag for _, tag in opened), 0
        if match is None:
            break
        position = match.end()
        current += match.group(0)
        if match.group(1):
            opened.pop()
        else:
            opened.append((match.group(2), match.group(0)))
    if used or not pieces:
        pieces.append(current)
    return pieces


def _cut(text: str, room: int, *, hard: bool) -> int:
    """How many characters of ``text`` to take for ``room`` UTF-16 units: all if they fit, else
    up to the last space that fits; if none does, as many as fit when ``hard`` (an unbroken
    run longer than a message), else 0. Never half a surrogate pair."""
    if utf16_length(text) <= room:
        return len(text)
    taken, units = 0, 0
    for char in text:
        step = 2 if ord(char) > 0xFFFF else 1
        if units + step > room:
            break
        units += step
        taken += 1
    space = text.rfind(" ", 0, taken)  # the space itself must fit too
    if space > 0:
        return space + 1
    return max(taken, 1) if hard else 0


def _closing(opened: Sequence[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(opened))


def visible_length(markup: str) -> int:
    """The length Telegram counts for ``markup``: tags removed, entities decoded, UTF-16 units."""
    return utf16_length(html.unescape(_TAG.sub("", markup)))


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


# --- small pieces -----------------------------------------------------------------------------


def _escape(value: str) -> str:
    return html.escape(value, quote=False)


def _link(url: str, shown_html: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{shown_html}</a>'


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _display_url(url: str) -> str:
    parts = urlsplit(url)
    shown = (parts.hostname or "") + parts.path
    return shown if len(shown) <= 80 else shown[:79] + "…"


def _site(source: Source) -> str | None:
    if source.site:
        return _one_line(source.site)
    if source.url:
        host = urlsplit(source.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def _date(value: str | None, lang: str) -> str | None:
    """``2026-11-24T08:00:00Z`` as "24 Nov 2026" (or "24 ноября 2026"); other forms as given."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return _one_line(value)[:40]
    return day_month_year(day, lang)


def day_month_year(day: dt.date, lang: str) -> str:
    """A date as replies show it: "24 Nov 2026", "24 ноября 2026", "24. November 2026"."""
    if lang in _MONTHS or lang not in i18n.LANGUAGES:
        return f"{day_month(day, lang)} {day.year}"
    return format_date(day, "long", locale=lang)  # CLDR's long date, through Babel


def day_month(day: dt.date, lang: str) -> str:
    """A day of a month: "24 Nov", "24 ноября", "24. November", "24 de noviembre"."""
    months = _MONTHS.get(lang)
    if months is None and lang in i18n.LANGUAGES:
        return format_skeleton("MMMMd", day, locale=lang)
    return f"{day.day} {(months or _MONTHS['en'])[day.month - 1]}"


def _number(value: int, lang: str) -> str:
    return i18n.number(value, lang)
