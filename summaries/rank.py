"""Rank sentences and select the summary.

The default ranker is a fusion, designed from measurement on the CNN/DM dev split (docs/measured.md
"Quality"; the grid is reproduced by ``newsbrief eval summaries``):

    score(i) = POSITION_WEIGHT   * exp(-i / POSITION_TAU)            lead prior
             + LUHN_WEIGHT       * pct(sumy Luhn rating)             salient-word density
             + LEXRANK_WEIGHT    * pct(sumy LexRank power method)    centrality
             + CENTRALITY_WEIGHT * pct(directed centrality)          PacSum-style

minus SHORT_PENALTY for very short sentences and QUOTE_PENALTY for sentences that are mostly a
quotation (the Quotes section shows those). ``pct`` turns raw ratings into percentile ranks so
that the scales of different algorithms do not matter. The directed centrality (Zheng & Lapata
2019, PacSum, with tf-idf) counts a sentence's similarity to the sentences *after* it positively
and to those before it negatively: news leads with what the rest of the article elaborates.
LexRank runs sumy's own power method over a thresholded idf-cosine graph that we build with
numpy, because sumy's Python-loop matrix costs more than the whole rest of the pipeline; sumy's
Luhn runs with its words memoised (same ratings, half the time).

Selection is greedy by score with two guards:

* redundancy: a candidate too similar to one already chosen (cosine > REDUNDANCY_MAX) is skipped;
* coherence: a sentence that opens with a dangling pronoun or connective ("He said…",
  "However, …", "Однако…") brings the sentence before it along, or is skipped when there is no
  room for both.

Huge inputs are capped: beyond MAX_CANDIDATES sentences, a linear centroid score picks the
candidates the quadratic parts see, so cost grows near-linearly.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import ItemsCount

from summaries.language import LanguageProfile
from summaries.models import Sentence
from summaries.text import TextSplitter, words

FloatArray = npt.NDArray[np.float64]

# Weights of the fusion, tuned on cnndm_pgtest_sample2000/dev (3 sentences) and checked on the
# cased CNN/DM and BBC dev splits, where the same setting was also the best of those tried.
POSITION_WEIGHT = 1.0
POSITION_TAU = 8.0  # sentences; the prior halves every ~5.5 sentences
LUHN_WEIGHT = 0.4
LEXRANK_WEIGHT = 0.2
CENTRALITY_WEIGHT = 1.0
CENTRALITY_BACKWARD = -0.5  # PacSum lambda1: similarity to earlier sentences counts against
CENTRALITY_THRESHOLD = 0.5  # PacSum beta: edges below min + beta * (max - min) are dropped
LEXRANK_THRESHOLD = 0.1  # sumy's default edge threshold
LEXRANK_EPSILON = 0.1  # sumy's default convergence threshold
# Two chosen sentences this similar say the same thing twice.
REDUNDANCY_MAX = 0.6
# Sentences shorter than this many words are rarely a summary sentence (datelines, "Read more").
MIN_WORDS = 5
SHORT_PENALTY = 1.0
# A sentence that is mostly a quotation is shown in the Quotes section already; pushing it down
# changed ROUGE by at most 0.02 on the CNN/DM dev splits and keeps the summary for the news.
QUOTE_PENALTY = 0.3
QUOTED_SHARE_MAX = 0.5
# Beyond this many sentences, only candidates picked by a linear score see the quadratic parts.
MAX_CANDIDATES = 250
# Of the candidates, this many are always the first sentences (news leads).
LEAD_CANDIDATES = 60

PLAIN_ALGORITHMS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic")

_DANGLING: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"^[\"“‘']?(?:he|she|it|they|his|her|its|their|them|him|this|these|those|such|"
        r"however|but|and|also|meanwhile|moreover|furthermore|still|yet|instead|thus|"
        r"therefore|so|nevertheless|nonetheless|besides|additionally|in addition|"
        r"as a result|the latter|the former|then|later|afterwards)\b",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"^[\"«„]?(?:он|она|оно|они|его|её|ее|их|ему|ей|им|это|этот|эта|эти|этого|этой|"
        r"однако|но|и|также|тем не менее|поэтому|кроме того|при этом|впрочем|зато|"
        r"тогда|затем|позже)(?![\w-])",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"^[\"„]?(?:er|sie|es|dies|diese|dieser|dieses|aber|jedoch|auch|dennoch|"
        r"außerdem|deshalb|daher|trotzdem|dann)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"^[\"«]?\s?(?:il|elle|ils|elles|cela|ceci|ce|cette|ces|mais|cependant|pourtant|"
        r"toutefois|aussi|donc|ensuite|en outre)\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"^[\"«“]?(?:él|ella|ellos|ellas|esto|este|esta|estos|esas|pero|sin embargo|además|"
        r"también|por eso|por lo tanto|luego)\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"^[\"«“]?(?:lui|lei|loro|questo|questa|questi|ma|tuttavia|però|inoltre|anche|"
        r"quindi|poi)\b",
        re.IGNORECASE,
    ),
    "pt": re.compile(
        r"^[\"«“]?(?:ele|ela|eles|elas|isso|isto|este|esta|mas|porém|no entanto|além disso|"
        r"também|portanto|depois)\b",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True, slots=True)
class Ranking:
    """Scores of every sentence (higher is better) and the similarity matrix used to select."""

    scores: FloatArray
    similarity: FloatArray  # candidates x candidates, cosine of tf-idf vectors
    candidates: tuple[int, ...]  # sentence indices the matrix rows stand for


class _CaptureRatings(ItemsCount):  # type: ignore[misc]
    """A sumy ``sentences_count`` that records every sentence's rating and keeps them all.

    sumy hands its ``ItemsCount`` the rated sentences sorted by rating; we read the ratings off
    instead of re-implementing each algorithm's scoring.
    """

    def __init__(self) -> None:
        self.ratings: dict[int, float] = {}

    def __call__(self, sequence: Sequence[Any]) -> list[Any]:
        infos = list(sequence)
        self.ratings = {int(info.order): float(info.rating) for info in infos}
        return infos


def default_sentence_count(total_sentences: int, total_words: int) -> int:
    """3 to 5 summary sentences depending on the article's length."""
    if total_words < 500 or total_sentences < 15:
        count = 3
    elif total_words < 1200:
        count = 4
    else:
        count = 5
    return min(count, total_sentences)


def percentile(values: FloatArray) -> FloatArray:
    """Rank-normalise to [0, 1] (best = 1; ties keep article order)."""
    n = len(values)
    if n <= 1:
        return np.ones(n)
    order = np.argsort(np.argsort(-values, kind="stable"), kind="stable")
    result: FloatArray = 1.0 - order / (n - 1)
    return result


def _stems(tokens: Sequence[str], profile: LanguageProfile) -> list[str]:
    stop = profile.stop_words
    return [profile.stem(w) for w in (t.lower() for t in tokens) if w not in stop]


class _KnownWords:
    """A sumy tokenizer for sentences already split into words in this call (no re-tokenizing)."""

    def __init__(self, language: str, known: dict[str, tuple[str, ...]]) -> None:
        self._splitter = TextSplitter(language)
        self._known = known

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return self._splitter.to_sentences(paragraph)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        known = self._known.get(sentence)
        return known if known is not None else words(sentence)


def tfidf_similarity(stemmed: Sequence[Sequence[str]]) -> FloatArray:
    """Cosine similarity of sentence tf-idf vectors (diagonal zero).

    A stem found in one sentence only adds nothing to any cosine between two sentences, but it
    does lengthen that sentence's vector: norms use every stem, the matrix only shared ones.
    That keeps memory at candidates x shared stems, whatever the input's vocabulary.
    """
    n = len(stemmed)
    counts = [Counter(stems) for stems in stemmed]
    document_frequency: Counter[str] = Counter()
    for sentence_counts in counts:
        document_frequency.update(sentence_counts.keys())
    idf = {stem: math.log((n + 1) / (df + 1)) + 1.0 for stem, df in document_frequency.items()}
    shared = {
        stem: column
        for column, stem in enumerate(stem for stem, df in document_frequency.items() if df > 1)
    }
    vectors = np.zeros((n, max(1, len(shared))))
    norms = np.ones(n)
    for row, sentence_counts in enumerate(counts):
        squared = 0.0
        for stem, count in sentence_counts.items():
            weight = count * idf[stem]
            squared += weight * weight
            column = shared.get(stem)
            if column is not None:
                vectors[row, column] = weight
        if squared > 0:
            norms[row] = math.sqrt(squared)
    vectors /= norms[:, None]
    similarity: FloatArray = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    return similarity


def directed_centrality(similarity: FloatArray) -> FloatArray:
    """PacSum-style centrality: forward similarity counts, backward similarity counts against."""
    if similarity.size == 0:
        return np.zeros(0)
    low, high = float(similarity.min()), float(similarity.max())
    edges = np.where(similarity > low + CENTRALITY_THRESHOLD * (high - low), similarity, 0.0)
    forward = np.triu(edges, 1).sum(axis=1)
    backward = np.tril(edges, -1).sum(axis=1)
    result: FloatArray = CENTRALITY_BACKWARD * backward + forward
    return result


def lexrank_scores(similarity: FloatArray) -> FloatArray:
    """sumy's LexRank power method over a thresholded graph (self-loops kept, as sumy does)."""
    n = len(similarity)
    graph = (similarity > LEXRANK_THRESHOLD).astype(np.float64)
    np.fill_diagonal(graph, 1.0)
    graph /= graph.sum(axis=1, keepdims=True)
    result: FloatArray = np.asarray(
        LexRankSummarizer.power_method(graph, LEXRANK_EPSILON), dtype=np.float64
    )
    return result if len(result) == n else np.ones(n)


class _Tokenizer(Protocol):
    """What sumy asks of a tokenizer."""

    def to_sentences(self, paragraph: str) -> tuple[str, ...]: ...

    def to_words(self, sentence: str) -> tuple[str, ...]: ...


def _sumy_document(texts: Sequence[str], splitter: _Tokenizer) -> Any:
    return ObjectDocumentModel([Paragraph([SumySentence(t, splitter) for t in texts])])


def _sumy_ratings(summarizer: Any, texts: Sequence[str], splitter: _Tokenizer) -> FloatArray:
    capture = _CaptureRatings()
    summarizer(_sumy_document(texts, splitter), capture)
    return np.array([capture.ratings.get(i, 0.0) for i in range(len(texts))])


class _PlainWordsLuhn(LuhnSummarizer):  # type: ignore[misc]
    """sumy's Luhn with cheaper word handling; the algorithm itself is untouched.

    sumy's ``normalize_word`` runs a Python 2 text shim on every word, and ``stem_word`` re-stems
    every occurrence: together more than half of Luhn's time. Our words are already ``str``, and a
    word's stem never changes, so both are memoised (the memo is bounded).
    """

    _MEMO_LIMIT = 100_000

    def __init__(self, stemmer: Callable[[str], str]) -> None:
        super().__init__(stemmer)
        self._stems: dict[str, str] = {}

    @staticmethod
    def normalize_word(word: str) -> str:
        return word.lower()

    def stem_word(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer(word.lower())
            if len(self._stems) >= self._MEMO_LIMIT:
                self._stems.clear()
            self._stems[word] = stem
        return stem


@lru_cache(maxsize=64)
def _make_summarizer(name: str, profile: LanguageProfile) -> Any:
    """A sumy summarizer for a language, built once: its stop-word setter costs ~1 ms a call."""
    classes: dict[str, Callable[[Callable[[str], str]], Any]] = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "luhn-fast": _PlainWordsLuhn,
        "sumbasic": SumBasicSummarizer,
    }
    summarizer = classes[name](profile.stem)
    summarizer.stop_words = profile.stop_words
    return summarizer


def _candidates(stemmed: Sequence[Sequence[str]], allowed: Sequence[int]) -> list[int]:
    """At most MAX_CANDIDATES of the ``allowed`` sentence indices: the lead, then the best by a
    centroid score (linear in the input)."""
    if len(allowed) <= MAX_CANDIDATES:
        return list(allowed)
    frequency = Counter(stem for i in allowed for stem in set(stemmed[i]))
    centroid = {
        i: sum(math.log(frequency[s]) for s in set(stemmed[i])) / math.sqrt(len(stemmed[i]) + 1)
        for i in allowed
    }
    lead = list(allowed[:LEAD_CANDIDATES])
    rest = sorted(allowed[LEAD_CANDIDATES:], key=lambda i: -centroid[i])  # stable: ties by order
    return sorted(lead + rest[: MAX_CANDIDATES - LEAD_CANDIDATES])


def rank(
    sentences: Sequence[Sentence],
    profile: LanguageProfile,
    exclude: frozenset[int] = frozenset(),
) -> Ranking:
    """Score every sentence with the fused ranker.

    ``exclude`` names sentences never to choose (e.g. ones that repeat the title): they get no
    score and are not candidates, so they cannot crowd real sentences out of the cap.
    """
    n = len(sentences)
    tokens = [words(s.text) for s in sentences]
    stemmed_all = [_stems(t, profile) for t in tokens]
    candidates = _candidates(stemmed_all, [i for i in range(n) if i not in exclude])
    stemmed = [stemmed_all[i] for i in candidates]
    texts = [sentences[i].text for i in candidates]
    similarity = tfidf_similarity(stemmed)

    positions = np.asarray(candidates, dtype=np.float64)
    fused = POSITION_WEIGHT * np.exp(-positions / POSITION_TAU)
    fused += CENTRALITY_WEIGHT * percentile(directed_centrality(similarity))
    fused += LEXRANK_WEIGHT * percentile(lexrank_scores(similarity))
    splitter = _KnownWords(profile.code, {sentences[i].text: tokens[i] for i in candidates})
    fused += LUHN_WEIGHT * percentile(
        _sumy_ratings(_make_summarizer("luhn-fast", profile), texts, splitter)
    )
    lengths = np.array([len(tokens[i]) for i in candidates])
    fused -= SHORT_PENALTY * (lengths < MIN_WORDS)
    fused -= QUOTE_PENALTY * np.array([quoted_share(t) > QUOTED_SHARE_MAX for t in texts])

    scores = np.full(n, -np.inf)
    scores[candidates] = fused
    return Ranking(scores=scores, similarity=similarity, candidates=tuple(candidates))


def quoted_share(sentence: str) -> float:
    """The share of a sentence's characters that stand between quote marks (one linear scan)."""
    if not sentence:
        return 0.0
    inside = 0
    closer: str | None = None
    opened_at = 0
    for position, char in enumerate(sentence):
        if closer is None:
            expected = _QUOTE_PAIRS.get(char)
            if expected is not None:
                closer, opened_at = expected, position
        elif char in closer:
            inside += position - opened_at + 1
            closer = None
    return inside / len(sentence)


# Opening mark -> the marks that close it. Straight quotes close themselves.
_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“”", "‹": "›"}


def is_dangling(sentence: str, language: str) -> bool:
    """Whether a sentence needs the one before it to make sense.

    It does when it opens with a pronoun or connective ("He said…", "However, …"), or when it is
    nothing but a quotation: the speaker is named in the sentence before.
    """
    stripped = sentence.strip()
    if _BARE_QUOTE.match(stripped):
        return True
    pattern = _DANGLING.get(language)
    return bool(pattern and pattern.match(stripped))


# A sentence that is a quotation from its first character to its last (closing punctuation may
# follow the quote mark).
_BARE_QUOTE = re.compile(r"^[\"“„«‘'][^\"“”„«»]*[\"”“»’'][.!?…]?$")


def select(
    sentences: Sequence[Sentence], ranking: Ranking, count: int, language: str
) -> tuple[int, ...]:
    """``count`` of the ranked candidates, in article order, greedy by score with the two guards."""
    if count <= 0 or not sentences:
        return ()
    row_of = {index: row for row, index in enumerate(ranking.candidates)}
    order = [int(i) for i in np.argsort(-ranking.scores, kind="stable")]
    order = [i for i in order if i in row_of]
    chosen: list[int] = []

    def redundant(index: int) -> bool:
        row = row_of[index]
        return any(ranking.similarity[row, row_of[c]] > REDUNDANCY_MAX for c in chosen)

    for index in order:
        if len(chosen) >= count:
            break
        if index in chosen or redundant(index):
            continue
        previous = index - 1
        needs_antecedent = (
            previous >= 0
            and previous not in chosen
            and is_dangling(sentences[index].text, language)
        )
        if needs_antecedent:
            if len(chosen) + 2 > count or previous not in row_of or redundant(previous):
                continue
            chosen.append(previous)
        chosen.append(index)
    if not chosen:  # every candidate was dangling and there was room for none: take the lead
        chosen = sorted(row_of)[:count]
    return tuple(sorted(chosen))


def select_plain(
    algorithm: str, sentences: Sequence[Sentence], profile: LanguageProfile, count: int
) -> tuple[int, ...]:
    """A plain sumy algorithm's choice (for the quality harness): top ``count`` by its rating."""
    if algorithm == "lead":
        return tuple(range(min(count, len(sentences))))
    texts = [s.text for s in sentences]
    ratings = _sumy_ratings(_make_summarizer(algorithm, profile), texts, TextSplitter(profile.code))
    best = np.argsort(-ratings, kind="stable")[:count]
    return tuple(sorted(int(i) for i in best))
