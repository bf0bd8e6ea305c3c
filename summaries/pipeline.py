"""From article text to a :class:`~summaries.models.Summary`, stage by stage."""

from __future__ import annotations

from dataclasses import dataclass

from summaries.clean import clean_text
from summaries.errors import EmptyText, NotProse, TextTooLong
from summaries.facts import extract_facts, key_facts
from summaries.keywords import DEFAULT_KEYWORDS, extract_keywords
from summaries.language import profile, resolve_language
from summaries.models import Fact, Sentence, Summary
from summaries.quotes import extract_quotes, key_quotes
from summaries.rank import default_sentence_count, rank, select
from summaries.text import split_sentences, words

# About 80,000 words: a long read is a tenth of that; a 5 MB paste is refused with TextTooLong.
MAX_INPUT_CHARS = 500_000
# A body this long whose sentences average more words than this has no sentence punctuation
# to speak of (a wall of text): there is nothing to pick from.
WALL_OF_TEXT_WORDS = 150
MAX_SENTENCES = 20
_ONLY_A_HEADLINE = "The text is only a headline: there is no article text to summarize."


@dataclass(frozen=True, slots=True)
class Options:
    """What the caller may choose; change with ``dataclasses.replace``."""

    sentences: int | None = None  # None: 3 to 5 by the article's length
    language: str | None = None  # ISO 639-1; None: detect
    max_chars: int = MAX_INPUT_CHARS
    quotes: int = 3
    facts: int = 4
    keywords: int = DEFAULT_KEYWORDS

    def __post_init__(self) -> None:
        if self.sentences is not None and self.sentences < 1:
            raise ValueError(f"sentences must be at least 1, not {self.sentences}")
        if min(self.quotes, self.facts, self.keywords) < 0 or self.max_chars < 1:
            raise ValueError("quotes, facts and keywords must be >= 0 and max_chars >= 1")


DEFAULT_OPTIONS = Options()


def summarize(
    text: str, *, title: str | None = None, options: Options = DEFAULT_OPTIONS
) -> Summary:
    """Summarize article text.

    1. guard: refuse text over the size limit before doing any work
    2. clean: repair mojibake, normalise whitespace, separate the title, drop boilerplate
    3. language: detect it (or take the requested one); refuse unsupported languages
    4. split: sentences with exact offsets into the cleaned body
    5. rank + select: the fused ranker picks N sentences, returned in article order
    6. quotes: every direct quote with speaker and role, and the key few among them
    7. facts: typed facts with their sentences, the key few kept
    8. keywords: a handful of salient terms
    9. verify: everything shown is a verbatim slice of the cleaned body
    """
    if len(text) > options.max_chars:  # 1
        raise TextTooLong(len(text), options.max_chars)

    document = clean_text(text, title=title)  # 2
    body = document.body
    if not body.strip():
        reasons = {line.reason for line in document.removed}
        if reasons == {"title"} or (document.title and not reasons):
            raise EmptyText(_ONLY_A_HEADLINE)
        if reasons:
            raise EmptyText(
                "Only page furniture was found (captions, links, buttons): no article text."
            )
        raise EmptyText()

    language = resolve_language(body, options.language)  # 3
    resources = profile(language)

    sentences = split_sentences(document.paragraphs, language)  # 4
    words_in = sum(len(words(s.text)) for s in sentences)
    if not sentences:
        raise NotProse()
    if words_in > WALL_OF_TEXT_WORDS and words_in / len(sentences) > WALL_OF_TEXT_WORDS:
        raise NotProse(
            "This text has almost no sentence punctuation, so it cannot be split into "
            "sentences to pick from."
        )

    count = options.sentences or default_sentence_count(len(sentences), words_in)  # 5
    count = max(1, min(count, MAX_SENTENCES, len(sentences)))
    repeats_title = frozenset(s.index for s in sentences if _same_words(s.text, document.title))
    if len(repeats_title) == len(sentences):
        raise EmptyText(_ONLY_A_HEADLINE)
    ranking = rank(sentences, resources, exclude=repeats_title)
    picked = select(sentences, ranking, count, language)
    chosen = tuple(sentences[i] for i in picked)

    every_quote = extract_quotes(body, sentences, language)  # 6
    quotes = key_quotes(every_quote, options.quotes)

    scores = {i: float(ranking.scores[i]) for i in ranking.candidates}  # 7
    facts = key_facts(extract_facts(sentences, language), options.facts, scores)

    keywords = extract_keywords(sentences, resources, document.title, options.keywords)  # 8

    return Summary(  # 9
        title=document.title,
        language=language,
        sentences=_verified_sentences(body, chosen),
        quotes=tuple(q for q in quotes if body[q.start : q.end] == q.text),
        facts=tuple(f for f in facts if _fact_is_verbatim(body, f)),
        keywords=keywords,
        words_in=words_in,
        words_out=sum(len(words(s.text)) for s in chosen),
        lines_removed=sum(1 for line in document.removed if line.reason != "title"),
        sentences_total=len(sentences),
        removed=document.removed,
        body=body,
        all_quotes=tuple(q for q in every_quote if body[q.start : q.end] == q.text),
    )


def _same_words(sentence: str, title: str | None) -> bool:
    return title is not None and [w.lower() for w in words(sentence)] == [
        w.lower() for w in words(title)
    ]


def _verified_sentences(body: str, chosen: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    for sentence in chosen:
        if body[sentence.start : sentence.end] != sentence.text:
            raise AssertionError(f"sentence {sentence.index} is not verbatim")  # a bug, not input
    return chosen


def _fact_is_verbatim(body: str, fact: Fact) -> bool:
    return body[fact.start : fact.end] == fact.text and fact.text in fact.sentence
