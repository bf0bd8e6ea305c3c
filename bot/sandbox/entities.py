"""The entities Telegram detects by itself in a message a user types.

``detect_entities(text)`` returns ``MessageEntity`` dicts, sorted by offset, with offsets and
lengths in UTF-16 code units:

    url          https://example.com/a_(b)  example.com/path  www.example.org
                 (trailing . , ; : ! ? ' " and unbalanced ) ] } are left out)
    email        ann@example.com
    bot_command  /start  /summary@newsbrief_bot   (at a word start)
    mention      @username                         (5 to 32 letters, digits or _)
    hashtag      #news  #новости                   (not only digits)

Like Telegram, a bare domain is a link only when its last label is a top-level domain: a country
code (ISO 3166, from pycountry, plus uk, eu, su, ac), a list of common generic ones, and a few
Cyrillic ones; so ``readme.txt``, ``archive.gz`` and ``e.g.`` stay text. With ``http://`` or
``https://`` any alphabetic top-level domain, ``localhost`` and IPv4 addresses count.
Overlapping matches keep the one that starts first (a ``#fragment`` inside a link is part of
the link). Cashtags, phone numbers and bank cards, which Telegram also detects, are not.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate
from typing import Any

import pycountry

__all__ = ["detect_entities"]

GENERIC_TLDS = frozenset(
    """
    com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs cat
    app dev io ai co me tv xyz online site top shop store blog news media tech cloud digital
    live world today space website club agency email link page wiki press guru network
    systems solutions services center company group global social chat games art design
    """.split()
) | frozenset({"рф", "рус", "укр", "бел", "срб", "қаз", "онлайн", "сайт", "москва"})

_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_URL = re.compile(
    rf"""
    (?: (?<!\w) (?P<scheme>https?://)      # a scheme after a non-word character
      | (?<![\w@./:#$%+&=-]) )             # or a bare domain, not inside a word, address or path
    (?P<host>(?:{_LABEL}\.)+{_LABEL}|localhost)
    (?P<port>:\d{{1,5}}(?!\d))?
    (?P<rest>[/?#][^\s<>"«»]*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_EMAIL = re.compile(
    rf"(?<![\w.+@-])[A-Za-z0-9](?:[A-Za-z0-9._+-]{{0,62}}[A-Za-z0-9])?@(?:{_LABEL}\.)+{_LABEL}"
    r"(?![\w@])"
)
_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_@])")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_TRAILING = ".,;:!?'\""
_CLOSERS = {")": "(", "]": "[", "}": "{"}


@cache
def _country_tlds() -> frozenset[str]:
    codes = {country.alpha_2.lower() for country in pycountry.countries}
    return frozenset(codes | {"uk", "eu", "su", "ac"})


def _valid_tld(host: str, *, with_scheme: bool) -> bool:
    tld = host.rsplit(".", 1)[-1].lower()
    if with_scheme:
        return host.lower() == "localhost" or tld.isalpha() or bool(_IPV4.fullmatch(host))
    if host.lower() == "localhost":
        return False
    return tld in _country_tlds() or tld in GENERIC_TLDS


def _trim_url(url: str, minimum: int) -> str:
    """Drop trailing punctuation and unbalanced closing brackets, never below ``minimum``."""
    while len(url) > minimum:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])):
            url = url[:-1]
        else:
            break
    return url


def _spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    spans.extend((m.start(), m.end(), "email") for m in _EMAIL.finditer(text))
    for m in _URL.finditer(text):
        host = m.group("host")
        if not _valid_tld(host, with_scheme=m.group("scheme") is not None):
            continue
        head_end = m.end("port") if m.group("port") else m.end("host")
        url = _trim_url(m.group(0), head_end - m.start())
        spans.append((m.start(), m.start() + len(url), "url"))
    spans.extend((m.start(), m.end(), "bot_command") for m in _BOT_COMMAND.finditer(text))
    spans.extend((m.start(), m.end(), "mention") for m in _MENTION.finditer(text))
    spans.extend(
        (m.start(), m.end(), "hashtag")
        for m in _HASHTAG.finditer(text)
        if not m.group(0)[1:].isdigit()
    )
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def detect_entities(text: str) -> list[dict[str, Any]]:
    """The url, email, bot_command, mention and hashtag entities Telegram would find."""
    spans = _spans(text)
    if not spans:
        return []
    if all(ord(c) <= 0xFFFF for c in text):
        return [{"type": t, "offset": a, "length": b - a} for a, b, t in spans]
    # offsets[i] is the UTF-16 offset of code point i
    offsets = [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]
    return [
        {"type": t, "offset": offsets[a], "length": offsets[b] - offsets[a]} for a, b, t in spans
    ]
