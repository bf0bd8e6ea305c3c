"""Step 4 of the clean stage: drop boilerplate, each dropped line with a short reason tag.

:func:`boilerplate_reason` tries the explicit patterns (captions, credits, players, calls to
action, cookie banners, "Read more", bylines, timestamps, share rows, ads, bare links);
:func:`mark_related_lists` drops the headline-like lines after a "Read more" heading; in a text
that :func:`is_prose`, :func:`unpunctuated_reason` drops headings and glued captions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summaries.clean.sentences import (
    ENDS_OPEN,
    INNER_BOUNDARY_CASED,
    INNER_BOUNDARY_UNCASED,
    ends_function_word,
    ends_paragraph,
    ends_sentence,
    starts_lower,
)
from summaries.clean.words import all_words, alternation, collected, patterns, phrases, wordset
from summaries.lang import LEXICONS, Lexicon

# --- tuning constants -------------------------------------------------------------------------

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
# A line closed by a picture credit is a caption only up to this many words: captions run to two
# or three sentences, while a whole article pasted as one paragraph may end with its last
# picture's credit ("… Photograph: Jane Doe/Reuters") and is still an article.
CAPTION_MAX_WORDS = 60

# --- boilerplate patterns ---------------------------------------------------------------------
# Each rule is (reason, pattern, how far it reaches). Patterns are case-insensitive unless they
# say (?-i:...). Whole-line patterns end with _LINE_END: optional trailing punctuation.

_I = re.IGNORECASE
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
_AGENCIES = f"(?:{_AGENCY_NAMES}|{phrases(lambda entry: entry.credit_sources)})"

# Photo captions and credits: BBC "Image caption, ...", "Image source, Getty Images"; generic
# "Photo: ...", "Pictured: ..." (Daily Mail), Russian "Фото: ...", "На снимке: ...".
_CAPTION_PREFIX = re.compile(
    rf"^(?:{patterns(lambda entry: entry.caption_openers)}|"
    rf"{phrases(lambda entry: entry.caption_labels)}{_LABEL_SEP})",
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
    rf"(?-i:\b{phrases(lambda entry: entry.credit_labels)})\s*:\s*[^.!?:]{{1,80}}$"
)
# "(Photo: Getty Images)", "[Picture by Jane Doe]", "(Фото: ТАСС)" closing a line.
_CREDIT_PARENS = re.compile(
    rf"[(\[]{phrases(lambda entry: entry.bracket_credit_labels)}\s*(?:by\b|:)"
    r"[^)\]]{1,80}[)\]]\s*$",
    _I,
)
# AP and Reuters notes on handout pictures.
_THIRD_PARTY = re.compile(patterns(lambda entry: entry.third_party_notes), _I)
# "© 2024 Reuters", "Copyright 2024 The Associated Press. All rights reserved." (the symbols are
# universal).
_COPYRIGHT = re.compile(
    rf"^(?:©|\(c\)\s|{phrases(lambda entry: entry.copyright_words)}\s+(?:©|\(c\)|\d{{4}}))|"
    + phrases(lambda entry: entry.rights_reserved),
    _I,
)
# Reuters and AP sign-offs: "(Reporting by Jane Doe; Editing by John Smith)".
_REPORTING_CREDIT = re.compile(patterns(lambda entry: entry.reporting_credits), _I)

# Video and audio players; a bare running time ("2:31") is no language's words.
_PLAYER_LINE = re.compile(
    rf"^(?:{patterns(lambda entry: entry.player_notices)}|\d{{1,2}}:\d\d)" + _LINE_END,
    _I,
)
# "Watch: The moment the bridge fell", "VIDEO: …", "Видео: …": a teaser for a player, dropped
# when it is short or has no sentence-final punctuation.
_PLAYER_PREFIX = re.compile(
    "^" + phrases(lambda entry: entry.player_labels) + _LABEL_SEP + r"\s*\S",
    _I,
)

# Calls to action and newsletter pitches, at the start of a short line.
_CTA_PREFIX = re.compile("^" + patterns(lambda entry: entry.cta_openers), _I)
# "Sign up to our free newsletter", "… delivered to your inbox": pitches anywhere in a short line.
# Only lines without quote marks: "You can sign up at our offices," she said, is a sentence.
_CTA_PITCH = re.compile(patterns(lambda entry: entry.cta_pitches), _I)

# Cookie and consent banners, at the start of a line (an article about cookies says "the company
# will phase out third-party cookies", not "We use cookies").
_COOKIE = re.compile("^" + patterns(lambda entry: entry.cookie_banners), _I)
_CONSENT_BUTTON = re.compile(
    "^" + phrases(lambda entry: entry.consent_buttons) + _LINE_END,
    _I,
)

# Ads and "story continues" markers.
_AD = re.compile("^" + patterns(lambda entry: entry.ad_markers) + _LINE_END, _I)

# Site navigation that survives a select-all copy.
_NAV = re.compile("^" + phrases(lambda entry: entry.nav_labels) + _LINE_END, _I)

# Share-button rows: every word a network or a share verb ("Facebook Twitter Email"). Networks
# are names, the same in any language's text (OK is Odnoklassniki, X is Twitter).
_NETWORKS = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|messenger|flipboard|"
    r"вконтакте|vk|одноклассники|ok"
)
_SHARE_ROW = re.compile(
    rf"^(?:(?:{phrases(lambda entry: entry.share_words)}|{_NETWORKS})[\s,|·•/]*)+$",
    _I,
)

# "Read more" and friends. A bare heading starts a list of headline-like lines to drop.
_RELATED_HEADING = re.compile(
    "^" + patterns(lambda entry: entry.related_headings) + _LINE_END,
    _I,
)
# "Read more: Why the Fed raised rates", "Подробнее — в материале «…»", "Читайте также «…»".
_RELATED_INLINE = re.compile(
    rf"^{phrases(lambda entry: entry.related_labels)}\s*[:|»>→–—-]|"
    rf"^{phrases(lambda entry: entry.related_title_labels)}\s+[«\"“]|"
    rf"^{phrases(lambda entry: entry.related_openers)}",
    _I,
)

# "Read more about the war in Ukraine:", "See also our coverage of the strike:": a lead-in to a
# list of links, the links themselves gone from the copy. Short, and ends with a colon.
_RELATED_LEAD_IN = re.compile(
    rf"^{phrases(lambda entry: entry.related_labels)}\b[^.!?]{{0,100}}:\s*$",
    _I,
)
RELATED_LEAD_IN_MAX_WORDS = 15


# Bylines: "By Jane Doe, Reuters", "BY JANE DOE AND JOHN SMITH", "Автор: Иван Петров".
_BYLINE_START = re.compile(
    rf"^(?:{phrases(lambda entry: entry.byline_openers)}\s+|"
    rf"{phrases(lambda entry: entry.byline_labels)}\s*:\s*)",
    _I,
)
BYLINE_MAX_WORDS = 15  # "By Jane Doe and John Smith, Reuters, in Kyiv and Moscow"
# Punctuation between names is universal; the words are each language's.
_BYLINE_CONNECTORS = all_words(lambda entry: entry.byline_connectors) | wordset("& | , - – — . ·")


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
_NUMBER_SUFFIXES = alternation(
    [*map(re.escape, collected(lambda entry: entry.number_suffixes)), "h", "m", "min", "s"]
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
    _Rule("caption", _THIRD_PARTY, hints=collected(lambda entry: entry.third_party_hints)),
    _Rule("caption", _CAPTION_PREFIX),
    _Rule("credit", _REPORTING_CREDIT, CTA_MAX_WORDS),
    _Rule(
        "credit",
        _COPYRIGHT,
        COPYRIGHT_MAX_WORDS,
        hints=("©", "(c)", *collected(lambda entry: entry.copyright_hints)),
    ),
    _Rule("caption", _CREDIT_PARENS, CAPTION_MAX_WORDS, hints=(")", "]")),
    _Rule(
        "caption",
        _REUTERS_SIGNATURE,
        CAPTION_MAX_WORDS,
        hints=("reuters/",),
        short_reason="credit",
    ),
    _Rule(
        "caption",
        _CREDIT_TAIL,
        CAPTION_MAX_WORDS,
        unpunctuated_only=True,
        tail_hint=_AGENCY_NEAR_END,
        short_reason="credit",
    ),
    _Rule("caption", _CREDIT_LABEL_TAIL, CAPTION_MAX_WORDS, hints=(":",)),
    _Rule("related", _RELATED_HEADING, 8),
    _Rule("related", _RELATED_INLINE, RELATED_ITEM_MAX_WORDS + 5),
    _Rule("related", _RELATED_LEAD_IN, RELATED_LEAD_IN_MAX_WORDS),
    _Rule("cta", _CTA_PREFIX, CTA_MAX_WORDS),
    _Rule(
        "cta",
        _CTA_PITCH,
        CTA_MAX_WORDS,
        hints=collected(lambda entry: entry.cta_pitch_hints),
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


def opens_byline(line: str) -> bool:
    """Whether ``line`` opens as a byline does ("By ", "Автор: "), whatever follows."""
    return _BYLINE_START.match(line) is not None


_BYLINE_ROLE_SEPARATOR = re.compile(r"[,|·]")


_QUOTE_MARKS = '"“”«»„'


def boilerplate_reason(line: str) -> str | None:
    """The reason tag if ``line`` is boilerplate by an explicit pattern, else ``None``."""
    words = len(line.split())
    punctuated = ends_sentence(line)
    lowered = line.lower()
    open_ended = ENDS_OPEN.search(line) is not None
    if not punctuated and not open_ended and _is_byline(line, words):
        return "byline"  # before the credit rules: "By Jane Doe | Reuters" is a byline
    for rule in _RULES:
        if rule.max_words is not None and words > rule.max_words:
            continue
        if rule.unpunctuated_only and punctuated:
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
    if not punctuated and not open_ended and _is_timestamp(line):
        return "timestamp"
    return None


# --- whole-text rules -------------------------------------------------------------------------


def mark_related_lists(units: Sequence[str], reasons: list[str | None]) -> None:
    """After a bare "Read more" heading, mark the headline-like lines that follow as related."""
    index = 0
    while index < len(units):
        if reasons[index] == "related" and _RELATED_HEADING.search(units[index]):
            items = 0
            following = index + 1
            while following < len(units) and items < RELATED_MAX_ITEMS:
                unit = units[following]
                if reasons[following] is None:
                    if ends_paragraph(unit) or len(unit.split()) > RELATED_ITEM_MAX_WORDS:
                        break
                    reasons[following] = "related"
                items += 1
                following += 1
            index = following
        else:
            index += 1


# A pull quote repeats words of the article in large type ("“Nobody should cross a bridge we know
# is unsafe.”"), and a gallery repeats a caption: a short line whose letters occur again in another
# kept line is a repeat. Only lines this short are pull quotes ...
REPEAT_MAX_WORDS = 40
# ... and at least this many characters must match, so "Yes." or "Thank you." repeats nothing.
REPEAT_MIN_CHARS = 24
# Bound on the work: lines checked times the text's length (a hostile paste of thousands of
# short lines is not searched line by line).
REPEAT_MAX_WORK = 50_000_000


def mark_repeats(units: Sequence[str], reasons: list[str | None]) -> None:
    """Mark a short kept line as ``"repeat"`` when an earlier kept line already has its text.

    The first copy stays where it stands: a pull quote after the paragraph it quotes goes, and
    so does a gallery's caption shown again; highlights above an article that its body repeats
    at more length stay (they are where a reader starts). Lines are compared case-folded, the
    short line without its outer quote marks and punctuation.
    """
    kept = [index for index, reason in enumerate(reasons) if reason is None]
    folded = [units[index].casefold() for index in kept]
    offsets: dict[int, int] = {}
    length = 0
    for index, line in zip(kept, folded, strict=True):
        offsets[index] = length
        length += len(line) + 1  # and the separator
    text = "\x00".join(folded)
    short = [
        (index, line)
        for index, line in zip(kept, folded, strict=True)
        if len(line.split()) <= REPEAT_MAX_WORDS
    ]
    if len(short) * len(text) > REPEAT_MAX_WORK:
        return
    for index, line in short:
        key = line.strip(_REPEAT_TRIM)
        if len(key) >= REPEAT_MIN_CHARS and text.find(key, 0, offsets[index]) >= 0:
            reasons[index] = "repeat"


_REPEAT_TRIM = " \"'“”‘’«»„.,;:!?…—–-"


def is_prose(units: Sequence[str], reasons: Sequence[str | None]) -> bool:
    """Whether most kept characters are in punctuated paragraphs (unpunctuated lines stand out)."""
    total = punctuated = 0
    for unit, reason in zip(units, reasons, strict=True):
        if reason is None:
            total += len(unit)
            if ends_sentence(unit) or ENDS_OPEN.search(unit):
                punctuated += len(unit)
    return total > 0 and punctuated >= PUNCTUATED_PROSE_SHARE * total


_BULLET = re.compile(r"^[•·▪◦►‣*\-–—]\s")


def unpunctuated_reason(unit: str, *, cased: bool) -> str | None:
    """In prose, a line without sentence-final punctuation is a heading or a glued caption."""
    if ends_sentence(unit) or ENDS_OPEN.search(unit) or ends_function_word(unit):
        return None
    if cased and starts_lower(unit):
        return None  # a fragment of a sentence cut by a removed link, not a heading
    if _BULLET.match(unit):
        return None  # a list item ("• Fares rise by 10% in May") carries facts, not navigation
    if len(unit.split()) <= HEADING_MAX_WORDS:
        return "heading"
    inner = INNER_BOUNDARY_CASED if cased else INNER_BOUNDARY_UNCASED
    if inner.search(unit):
        return None  # several sentences, the last one lost its stop: prose
    return "caption"
