"""Steps 2 to 5 over a whole article, and :func:`extract_quotes`.

Scan (:mod:`~summaries.quotes.scan`), attribute each quote (:mod:`~summaries.quotes.attribution`),
resolve its speaker (:mod:`~summaries.quotes.resolve`), then:

4. Continue. The pieces of a multi-paragraph quote share one speaker; a quote in a paragraph of
   its own with no attribution continues the previous paragraph's quote speaker; the second half
   of a split quote takes the speaker of the first.
5. Filter scare quotes and titles. A quote nobody is said to have said needs
   ``MIN_UNATTRIBUTED_WORDS`` words (so "the so-called “peace plan”" and "an 'honour'" go); an
   attributed quote needs ``MIN_ATTRIBUTED_WORDS`` ("“Absolutely not,” she said." stays), or
   ``MIN_EMBEDDED_WORDS`` when it sits inside a clause ("he called it “fake news”, he said"). A
   title-cased phrase with no sentence punctuation and no attribution (a film or book title) is
   dropped.

``sentence_index`` is the sentence holding the opening mark (0 when no sentences are given).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy

from summaries.lang import LEXICONS
from summaries.models import Quote, Sentence
from summaries.quotes.attribution import (
    _Attribution,
    _parse_after,
    _parse_before,
    _sentence_subject,
    _verb_subject,
)
from summaries.quotes.grammar import _Grammar, _grammar
from summaries.quotes.names import _NAME, _description, _is_title, _union
from summaries.quotes.resolve import _collect_people, _Resolver
from summaries.quotes.scan import (
    _DOUBLE_QUOTE_CHARS,
    _QUOTE_CHARS,
    _Context,
    _paragraph_spans,
    _Segment,
    _SegmentFinder,
    _words,
)
from summaries.quotes.selection import SPLIT_QUOTE_MAX_GAP_CHARS

# A quote with no attribution shorter than this is a scare quote or a term ("the so-called
# “peace plan”"); real unattributed quotes in news run to a clause.
MIN_UNATTRIBUTED_WORDS = 6
# An attributed quote can be short ("“Absolutely not,” she said."), but not one word.
MIN_ATTRIBUTED_WORDS = 2
# An attributed quote that opens inside a clause ("he called it “fake news”") is a fragment.
MIN_EMBEDDED_WORDS = 4
# Words after the verb of a sentence that is only an attribution ("Smith said on Tuesday.").
MAX_ATTRIBUTION_TAIL_WORDS = 4
# At most this many characters between two quotes of one clause ("“…” and then “…”").
MAX_JOINED_GAP_CHARS = 30
# How far after a quote its speech verb may sit for the next quote to share its speaker.
MAX_SPEECH_VERB_OFFSET = 60
# How far around a quote we look for its attribution, in characters (one long sentence).
MAX_CONTEXT_CHARS = 250

# A transcript's speaker label opening a quote: "WALLACE: …", "MR. TRUMP: …" (capitals only, so
# "Note: …" or "Update: …" are not labels).
_TRANSCRIPT_LABEL = re.compile(r"(?P<name>(?:[A-Z][A-Z'’.-]+\s){0,2}[A-Z][A-Z'’-]+)\s*:\s+(?=\S)")
# Prepositions that open a phrase about a quote after its attribution ("said of Apple"), and
# the words that open a reported clause instead ("said that …"), every language's.
_TAIL_PREPOSITIONS = _union(entry.attribution_tail_prepositions for entry in LEXICONS.values())
_COMPLEMENTIZERS = _union(entry.complementizers for entry in LEXICONS.values())
# A subject's verb (or its possession: "Hoff's letter makes") right after it, or the colon of
# a label ("Clinton: “…”").
_VERB_NEXT = re.compile(r"(?:['’]s)?\s+[^\W\d_A-ZА-ЯЁ]|\s*:")
_QUESTION_WORDS = _union(entry.question_words for entry in LEXICONS.values())
# Lower-case "-ly" adverbs ("rhetorically") and the audience of a verb ("reporters").
_LY_ADVERB = re.compile(r"[a-z]+ly")
_AUDIENCE = _union(entry.audience_words | entry.media_names for entry in LEXICONS.values())
# A verb's subject after it, opening with a capital ("…, said professor Paul Beck" opens with
# lower case: a title, then the name), to the end of its clause.
_NAME_NEXT = re.compile(r"\s*(?:[a-z]+\s+){0,3}[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*[.,]?\s*$")
# Where an attribution may open at the end of a quote's sentence: after a comma.
_CLAUSE_COMMA = re.compile(r",\s+")
_SENTENCE_END = re.compile(r"[.!?;:]")
# "…, — сказал X. — …" inside a quote: the dash after the first part, and the one after X.
_INNER_DASH = re.compile(r"([,.!?…])\s+[—–]\s+")
_INNER_DASH_BACK = re.compile(r"[.,:]\s+[—–]\s+")
_DASH_NAME = re.compile(rf"[—–―]\s*{_NAME.pattern}")
# A lower-case word: capitalised, it is a common word at a sentence's start, not a name.
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-ZА-ЯЁ][\w-]*")
# Small words a work's title leaves lower case ("The Lord of the Rings"), every language's.
_SMALL_WORDS = _union(entry.title_small_words for entry in LEXICONS.values())


def _title_like(text: str) -> bool:
    """A work's title: every main word capitalised, no sentence punctuation."""
    if re.search(r"[.!?,;:]", text):
        return False
    words = text.split()
    main = [word for word in words if word.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and bool(main) and all(word[:1].isupper() for word in main)


def _minor(segment: _Segment, body: str, paragraphs: list[tuple[int, int]]) -> bool:
    if segment.opening < 0 or _words(body[segment.start : segment.end]) >= MIN_EMBEDDED_WORDS:
        return False
    # The last character before the opening mark that is not a space, in its paragraph (found
    # without copying the paragraph so far: a giant paragraph of quotes stays linear).
    paragraph_start = paragraphs[segment.paragraph][0]
    position = segment.opening
    while position > paragraph_start and body[position - 1].isspace():
        position -= 1
    return position > paragraph_start and body[position - 1].isalnum()


def _attribute(
    segments: list[_Segment],
    body: str,
    paragraphs: list[tuple[int, int]],
    context: _Context,
    grammar: _Grammar,
) -> list[_Attribution | None]:
    """Step 2 for every segment: the attribution in the words before or after it."""
    # A short quote inside a clause ("the «Otkritie» bank") does not end the words around the
    # quotes next to it; any other quote does.
    major = [not _minor(segment, body, paragraphs) for segment in segments]
    previous_major: list[_Segment | None] = []
    last: _Segment | None = None
    for segment, is_major in zip(segments, major, strict=True):
        previous_major.append(last)
        last = segment if is_major else last
    next_major: list[_Segment | None] = []
    last = None
    for segment, is_major in zip(reversed(segments), reversed(major), strict=True):
        next_major.append(last)
        last = segment if is_major else last
    next_major.reverse()
    result: list[_Attribution | None] = []
    for index, segment in enumerate(segments):
        label = _TRANSCRIPT_LABEL.match(body, segment.start, segment.end)
        if label is not None:
            # "WALLACE: Let's start …" (a transcript): the label names the speaker, and the
            # quote is what follows it.
            segment.start = label.end()
            result.append(_Attribution(label.group("name"), None, position=label.start()))
            continue
        span = paragraphs[segment.paragraph]
        previous = previous_major[index]
        following = next_major[index]
        attribution: _Attribution | None = None
        if segment.closing >= 0:
            hi = span[1]
            if following is not None and following.paragraph == segment.paragraph:
                hi = min(hi, following.opening if following.opening >= 0 else following.start)
            sentence_end = context.sentence_end(segment.closing)
            extended = _after_end(context, segment)
            if extended > sentence_end and not _attribution_sentence(
                body[sentence_end:extended], grammar
            ):
                extended = sentence_end
            hi = min(hi, segment.closing + 1 + MAX_CONTEXT_CHARS, extended)
            attribution = _parse_after(body[segment.closing + 1 : hi], segment.closing + 1, grammar)
            if attribution is None:
                attribution = _clause_final(body, segment.closing + 1, hi, grammar)
        if segment.opening >= 0:
            lo = max(
                span[0],
                segment.opening - MAX_CONTEXT_CHARS,
                context.sentence_start(segment.opening),
            )
            if previous is not None and previous.paragraph == segment.paragraph:
                lo = max(lo, previous.closing + 1 if previous.closing >= 0 else previous.end)
            before = body[lo : segment.opening]
            stripped = before.rstrip()
            segment.embedded = bool(stripped) and stripped[-1].isalnum()
            before_attribution = _parse_before(before, lo, grammar)
            if before_attribution is None and not stripped and segment.paragraph > 0:
                before_attribution = _introduced_by(body, paragraphs, segment.paragraph, grammar)
            if before_attribution is None and stripped.endswith(":"):
                before_attribution = _colon_subject(body, lo + len(stripped) - 1, grammar)
            if before_attribution is not None and (
                attribution is None
                or (before_attribution.tight and stripped.endswith(":"))
                or (_unnamed(attribution) and not _unnamed(before_attribution))
            ):
                attribution = before_attribution
            if (
                attribution is not None
                and attribution.tight
                and segment.embedded
                and (before_attribution is attribution)
            ):
                segment.embedded = False  # "X said “…”" opens a clause of its own
            if attribution is None and not stripped:
                attribution = _after_paraphrase(body, segment, paragraphs, context, grammar)
        result.append(attribution)
    return result


def _unnamed(attribution: _Attribution) -> bool:
    """Whether an attribution names no one: a role or description alone ("a source said")."""
    return attribution.speaker is None and attribution.pronoun not in {"m", "f"}


def _after_paraphrase(
    body: str,
    segment: _Segment,
    paragraphs: list[tuple[int, int]],
    context: _Context,
    grammar: _Grammar,
) -> _Attribution | None:
    """A quote that is a sentence of its own, after a sentence saying who speaks: "Schiff
    warned that the hack went unpunished. “…”", "Ms. Doe recalled her first week. “…”". The
    speaker is the subject of that sentence's speech verb (its first one with a subject)."""
    if segment.opening < 0 or segment.closing < 0:
        return None
    if body[context.sentence_start(segment.opening) : segment.opening].strip():
        return None  # the quote does not open its sentence
    if any(
        ch.isalnum() for ch in body[segment.closing + 1 : context.sentence_end(segment.closing)]
    ):
        return None  # the sentence goes on after the quote
    span = context.previous_sentence(segment.opening)
    if span is None:
        return None
    start, end = span
    paragraph_start = paragraphs[segment.paragraph][0]
    if start < paragraph_start and not (
        segment.paragraph > 0 and start >= paragraphs[segment.paragraph - 1][0]
    ):
        return None
    sentence = body[start:end]
    if any(ch in _DOUBLE_QUOTE_CHARS or ch == "‘" for ch in sentence):
        return None  # a quote there: the continuation rules decide (an apostrophe is none:
        # "Iowa State University's Dianne Bystrom agreed.")
    for verb in grammar.verb_before.finditer(sentence):
        attribution = _verb_subject(sentence, verb, start, grammar)
        if attribution is not None and (attribution.speaker or attribution.pronoun in {"m", "f"}):
            attribution.tight = False
            return attribution
    return None


def _after_end(context: _Context, segment: _Segment) -> int:
    """Where the words after a quote that may attribute it end: its sentence's end, or the next
    sentence's when the quote ends its own ("“Why?” Vitter asked.", "“…” ― Sonya Herridge")."""
    end = context.sentence_end(segment.closing)
    body = context.body
    if body[segment.closing + 1 : end].strip(" ,.") == "":
        position = end
        while position < len(body) and body[position] == " ":
            position += 1
        if position < len(body) and body[position] not in "\n":
            end = max(end, context.sentence_end(position))
    return end


def _split_inner_attributions(
    segments: list[_Segment], body: str, grammar: _Grammar
) -> list[_Segment]:
    """«Мы хотим…, — сказал ректор Михаил Федорук. — Для этого…»: an attribution between dashes
    inside one pair of quote marks makes two quotes, the attribution between them."""
    result: list[_Segment] = []
    for segment in segments:
        pieces = [segment]
        for dash in _INNER_DASH.finditer(body, segment.start, segment.end):
            if not grammar.verb_start.match(body, dash.end()):
                continue
            back = _INNER_DASH_BACK.search(body, dash.end(), min(segment.end, dash.end() + 250))
            if back is None:
                continue
            first, second = pieces[-1], copy(pieces[-1])
            first.closing, first.end = dash.start(1), dash.start(1)
            if dash.group(1) in "!?…":
                first.end = dash.end(1)  # the question or exclamation mark is the quote's
            second.opening, second.start = back.end() - 1, back.end()
            while second.start < second.end and body[second.start].isspace():
                second.start += 1
            pieces.append(second)
            break  # (one attribution inside a quote: the rest is the speaker's)
        result.extend(piece for piece in pieces if piece.start < piece.end)
    return result


def _attribution_sentence(text: str, grammar: _Grammar) -> bool:
    """Whether a sentence is only an attribution ("Vitter demanded.", "asked Smith, a lawyer.",
    "Trump said, looking out on the crowd."), not one that goes on ("Russia insisted that …")."""
    stripped = text.strip()
    verb = grammar.verb_start.match(stripped)
    if verb is not None:
        # "Asked which county was his favorite, he …": an indirect question, no attribution.
        following = stripped[verb.end() :].split(maxsplit=1)
        return not (following and following[0].lower() in _QUESTION_WORDS)
    dash = _DASH_NAME.match(stripped)
    if dash is not None:
        return True
    match = grammar.subject_verb.match(stripped)
    if match is None:
        return False
    tail = stripped[match.end() :]
    if tail[:1] in {",", ".", ""} or len(tail.split()) <= MAX_ATTRIBUTION_TAIL_WORDS:
        return True
    # "Trump said of Apple in February, when …", "Lichtman said about McCain's effort …": a
    # prepositional phrase about the quote, no clause of its own.
    words = tail.split()
    if ":" in tail:
        return False  # "… had this to say about his plan: “…”": it introduces the next quote
    while len(words) > 1 and (
        words[0].lower().strip(",") in _AUDIENCE or _LY_ADVERB.fullmatch(words[0].strip(","))
    ):
        words.pop(0)  # "Trump asked reporters rhetorically during …": the audience, an adverb
    return words[0].lower() in _TAIL_PREPOSITIONS and not any(
        word.lower() in _COMPLEMENTIZERS for word in words
    )


def _only_an_attribution(gap: str, grammar: _Grammar) -> bool:
    """Whether the words between two quotes are one attribution sentence ("”, Jenna Golden,
    the site's director of political advertising, said of the campaign. “")."""
    text = gap.strip(" ,\n" + _QUOTE_CHARS)
    if not text or _SENTENCE_END.search(text.rstrip(".!?")):
        return False
    return _attribution_sentence(text, grammar)


def _clause_final(body: str, lo: int, hi: int, grammar: _Grammar) -> _Attribution | None:
    """An attribution closing the quote's sentence after more words: "“You squeezed employees”
    to drive up the stock price, she said, referencing …"."""
    text = body[lo:hi]
    if any(ch in _QUOTE_CHARS for ch in text):
        return None
    for match in _CLAUSE_COMMA.finditer(text):
        verb = grammar.verb_start.match(text, match.end())
        if verb is not None and not _NAME_NEXT.match(text, verb.end()):
            continue  # "…, said at a Washington event": a verb's object, not its subject
        attribution = _parse_after(text[match.end() :], lo + match.end(), grammar)
        if attribution is not None and (attribution.speaker or attribution.pronoun):
            attribution.tight = False
            return attribution
    return None


def _introduced_by(
    body: str, paragraphs: list[tuple[int, int]], number: int, grammar: _Grammar
) -> _Attribution | None:
    """A paragraph that opens with a quote, after one ending "X said:" ("Caddell continued:")."""
    start, end = paragraphs[number - 1]
    previous = body[start:end].rstrip()
    if not previous.endswith(":"):
        return None
    lo = max(start, end - MAX_CONTEXT_CHARS)
    return _parse_before(body[lo : start + len(previous)], lo, grammar) or _colon_subject(
        body, start + len(previous) - 1, grammar
    )


def _common_noun(word: str, body: str) -> bool:
    """Whether one capitalised word is a title or a common noun, not a surname: it is written
    in lower case elsewhere, or it ends in "s" and no full name ends with it ("Signs", not
    "Sanders" after "Bernie Sanders")."""
    if _is_title(word):
        return True
    if re.search(rf"(?<![\w'’-]){re.escape(word.lower())}(?![\w'’-])", body) is not None:
        return True
    return word.endswith("s") and re.search(rf"\b[A-Z]\w+\s+{re.escape(word)}\b", body) is None


def _colon_subject(body: str, colon: int, grammar: _Grammar) -> _Attribution | None:
    """The subject of a sentence that announces a quote with a colon but no speech verb:
    "Sanders made the following comment:", "Hoff's letter makes a libertarian case:"."""
    start = colon
    while start > 0 and body[start - 1] not in ".!?\n" + _DOUBLE_QUOTE_CHARS:
        start -= 1
    if colon - start > MAX_CONTEXT_CHARS:
        return None
    attribution = _sentence_subject(body[start:colon], start, grammar)
    if attribution is None or not (attribution.speaker or attribution.pronoun in {"m", "f"}):
        return None
    speaker = attribution.speaker or ""
    after = body.find(speaker, attribution.position) + len(speaker) if speaker else -1
    if speaker and not _VERB_NEXT.match(body, after):
        return None  # "…, New Hampshire Monday, the supporter retorted:": not a subject
    if speaker and " " not in speaker and _common_noun(speaker, body):
        return None  # "Former …:", "Signs of …:": a title or a common word, no one's name
    attribution.tight = False
    return attribution


def _only_quotes(body: str, span: tuple[int, int], segments: list[_Segment]) -> bool:
    """Whether a paragraph holds nothing but quotes (and punctuation)."""
    position = span[0]
    for segment in sorted(segments, key=lambda s: s.start):
        if any(ch.isalnum() for ch in body[position : segment.start]):
            return False
        position = max(position, segment.end)
    return not any(ch.isalnum() for ch in body[position : span[1]])


def _continue_speakers(
    segments: list[_Segment], body: str, paragraphs: list[tuple[int, int]], grammar: _Grammar
) -> None:
    """Step 4: multi-paragraph quotes, split quotes, and quote-only paragraphs."""
    chains: dict[int, list[_Segment]] = {}
    for segment in segments:
        if segment.chain >= 0:
            chains.setdefault(segment.chain, []).append(segment)
    for pieces in chains.values():
        # Each piece takes the speaker of the last attributed piece before it (a transcript's
        # "PENCE: …" paragraphs change speaker inside one run of quotes), else the first one's.
        first = next((piece for piece in pieces if piece.speaker), None) or next(
            (piece for piece in pieces if piece.attributed), None
        )
        if first is None:
            continue
        last = first
        for piece in pieces:
            if piece.speaker:
                last = piece
            elif not piece.attributed or piece.role is None:
                piece.speaker, piece.role, piece.attributed = last.speaker, last.role, True
    by_paragraph: dict[int, list[_Segment]] = {}
    for segment in segments:
        by_paragraph.setdefault(segment.paragraph, []).append(segment)
    for index, segment in enumerate(segments):
        if segment.attributed:
            continue
        back = index - 1
        while (
            back > 0
            and not segments[back].attributed
            and segments[back].paragraph == segment.paragraph
            and segments[back - 1].paragraph == segment.paragraph
            and _words(body[segments[back].start : segments[back].end]) < MIN_EMBEDDED_WORDS
        ):
            back -= 1  # "…,” said X, host of “Meet the Press.” “…”: a title, not a quote
        previous = segments[back] if back >= 0 else None
        following = segments[index + 1] if index + 1 < len(segments) else None
        source: _Segment | None = None
        gap = body[previous.end : segment.start] if previous is not None else ""
        same = previous is not None and previous.paragraph == segment.paragraph
        if previous is None or not previous.attributed:
            pass
        elif (
            same
            and previous.speaker
            and len(gap) <= MAX_JOINED_GAP_CHARS
            and not _SENTENCE_END.search(gap)
            and not _NAME.search(gap)
        ):
            # "tells supporters to “go vote” and then “go pick some other place …”": two
            # quotes of one clause, joined by a few words.
            source = previous
        elif segment.embedded:
            pass
        elif same and len(gap) <= SPLIT_QUOTE_MAX_GAP_CHARS:
            if grammar.verb.search(gap) or not any(ch.isalnum() for ch in gap):
                source = previous
        elif (
            same
            and len(gap) <= MAX_CONTEXT_CHARS
            and previous.closing >= 0
            and (
                grammar.verb.search(gap[:MAX_SPEECH_VERB_OFFSET])
                or _only_an_attribution(gap, grammar)
            )
        ):
            # “…,” said X, a professor at Y University. “…”: the attribution after the first
            # quote is the whole gap, so the next quote is X's too.
            source = previous
        elif previous.paragraph == segment.paragraph - 1 and _only_quotes(
            body, paragraphs[segment.paragraph], by_paragraph[segment.paragraph]
        ):
            source = previous
        if source is None and following is not None and following.attributed:
            gap = body[segment.end : following.start]
            if following.paragraph == segment.paragraph and not any(ch.isalnum() for ch in gap):
                source = following
        if source is not None:
            segment.speaker, segment.role, segment.attributed = (source.speaker, source.role, True)


class _Verbatim:
    """Whether a speaker or role is written in the body, each distinct one looked up once."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.seen: dict[str, bool] = {}

    def __call__(self, text: str) -> bool:
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = text in self.body
        return found

    def spaced(self, text: str) -> str | None:
        """``text`` as the body writes it, whatever its spaces ("Newt\xa0Gingrich"), if it does."""
        words = text.split()
        if not words:
            return None
        found = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", self.body)
        return found.group() if found is not None else None


def _keep(segment: _Segment, body: str) -> bool:
    """Step 5: drop scare quotes and titles."""
    text = body[segment.start : segment.end]
    words = _words(text)
    if segment.attributed:
        return words >= (MIN_EMBEDDED_WORDS if segment.embedded else MIN_ATTRIBUTED_WORDS)
    return words >= MIN_UNATTRIBUTED_WORDS and not _title_like(text)


def extract_quotes(body: str, sentences: Sequence[Sentence], language: str) -> tuple[Quote, ...]:
    """Every direct quote in ``body``, in article order, with its speaker and role.

    ``sentences`` are ``split_sentences(paragraphs, language)`` for the same body. Every quote
    returned satisfies ``body[quote.start:quote.end] == quote.text``.
    """
    if not body or not any(ch in _QUOTE_CHARS for ch in body):
        return ()
    grammar = _grammar(language)
    paragraphs = _paragraph_spans(body)
    segments = _SegmentFinder(body, paragraphs).run()
    if not segments:
        return ()
    segments = _split_inner_attributions(segments, body, grammar)
    context = _Context(body, sentences)
    attributions = _attribute(segments, body, paragraphs, context, grammar)
    common_words = set(_LOWER_WORD.findall(body))
    people, mentions = _collect_people(body, segments, attributions, grammar, context, common_words)
    resolver = _Resolver(people, mentions, common_words, context)
    for segment, attribution in zip(segments, attributions, strict=True):
        if attribution is None:
            continue
        segment.speaker, segment.role = resolver.resolve(attribution)
        segment.attributed = True
    _continue_speakers(segments, body, paragraphs, grammar)
    verbatim = _Verbatim(body)
    for segment, attribution in zip(segments, attributions, strict=False):
        unnamed = segment.speaker is None
        if segment.speaker is not None and not verbatim(segment.speaker):
            # A guessed nominative ("Антон Силуанов" from "Антона Силуанова") the text never
            # writes: the name as written instead (with its own spaces: "Newt\xa0Gingrich").
            fallback = attribution.speaker if attribution is not None else None
            segment.speaker = (
                fallback if fallback and verbatim(fallback) else verbatim.spaced(segment.speaker)
            )
        if segment.role is not None and not verbatim(segment.role):
            segment.role = None
        if unnamed and segment.speaker is None and segment.role is not None:
            # No one named: the article's words for who spoke ("the Vermont senator") are the
            # speaker, rather than nothing.
            described = _description(segment.role)
            if described and verbatim(described):
                segment.speaker, segment.role, segment.described = described, None, True
    quotes: list[Quote] = []
    for segment in segments:
        if not _keep(segment, body):
            continue
        start, end = segment.start, segment.end
        text = body[start:end]
        if not (0 <= start < end <= len(body)) or body[start:end] != text or not text:
            continue  # never return a quote that is not verbatim
        anchor = segment.opening if segment.opening >= 0 else start
        quotes.append(
            Quote(
                text=text,
                speaker=segment.speaker,
                role=segment.role,
                sentence_index=context.sentence_index(anchor),
                start=start,
                end=end,
                described=segment.described,
            )
        )
    return tuple(quotes)
