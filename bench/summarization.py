"""Measure summary quality and speed on reference data sets.

Quality (``newsbrief eval summaries``): the default ranker, Lead-k and each plain sumy algorithm
run over the same documents. The default ranker is the whole pipeline (``summarize``); the others
choose from the same cleaned and split sentences, so they differ only in how they choose. Scores
follow ../shared/data/README.md: rouge-score with
``RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)``, candidate and reference one
sentence per line, mean F1 x 100. Non-English documents are scored with our own tokenizer (the
default one drops non-Latin letters).

Speed (``newsbrief eval speed``): the whole pipeline against one plain sumy LexRank call, per
article, in one run on the same texts; and both on one long synthetic text.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from summaries.clean import clean_text
from summaries.errors import SummaryError
from summaries.language import SUPPORTED, profile, resolve_language
from summaries.models import Sentence
from summaries.pipeline import Options, summarize
from summaries.rank import PLAIN_ALGORITHMS, select_plain
from summaries.text import TextSplitter, split_sentences, words

DEFAULT_SYSTEM = "newsbrief"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True, slots=True)
class Document:
    """One evaluation document: article text and its reference summary, one sentence per line."""

    id: str
    text: str
    reference: str
    title: str | None = None
    language: str | None = None


@dataclass(slots=True)
class SystemScore:
    """Running totals for one system."""

    name: str
    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROUGE_TYPES, 0.0))
    documents: int = 0
    failures: int = 0
    seconds: list[float] = field(default_factory=list)

    def mean(self, rouge_type: str) -> float:
        return 100.0 * self.totals[rouge_type] / self.documents if self.documents else 0.0


def load_documents(path: Path, limit: int | None = None) -> list[Document]:
    """Read the JSON-lines layout of ../shared/data (``id``, ``text``, ``summary``, ...)."""
    documents: list[Document] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                summary = record["summary"]
                reference = summary if isinstance(summary, str) else "\n".join(summary)
                documents.append(
                    Document(
                        id=str(record.get("id", number)),
                        text=str(record["text"]),
                        reference=reference,
                        title=record.get("title") or None,
                        language=record.get("lang") or None,
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not a document record ({error})") from error
            if limit is not None and len(documents) >= limit:
                break
    return documents


class _OwnTokenizer:
    """rouge-score tokenizer for non-Latin scripts: lower-cased words, stemmed."""

    def __init__(self, language: str) -> None:
        self._stem = profile(language).stem

    def tokenize(self, text: str) -> list[str]:
        return [self._stem(w.lower()) for w in words(text)]


def _scorer(language: str) -> Any:
    from rouge_score import rouge_scorer

    if language == "en":
        return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=_OwnTokenizer(language))


class Progress:
    """A one-line progress bar on a text stream (redrawn in place on a terminal)."""

    def __init__(self, total: int, stream: TextIO, label: str = "") -> None:
        self.total = max(total, 1)
        self.stream = stream
        self.label = label
        self.done = 0
        self._tty = stream.isatty()
        self._last_decile = -1
        self._start = time.perf_counter()

    def step(self) -> None:
        self.done += 1
        fraction = self.done / self.total
        if self._tty:
            filled = int(30 * fraction)
            elapsed = time.perf_counter() - self._start
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{self.done}/{self.total} {elapsed:5.1f}s"
            )
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif int(fraction * 10) != self._last_decile:
            self._last_decile = int(fraction * 10)
            self.stream.write(f"{self.label} {self.done}/{self.total}\n")
            self.stream.flush()


def _prepare(document: Document) -> tuple[str, tuple[Sentence, ...]]:
    cleaned = clean_text(document.text, title=document.title)
    language = resolve_language(cleaned.body, document.language)
    return language, split_sentences(cleaned.paragraphs, language)


def evaluate_summaries(
    documents: Sequence[Document],
    sentences: int = 3,
    systems: Sequence[str] = (DEFAULT_SYSTEM, "lead", *PLAIN_ALGORITHMS),
    out: TextIO | None = None,
    progress: TextIO | None = None,
) -> list[SystemScore]:
    """Score every system on every document; write predictions to ``out`` as JSON lines."""
    scores = {name: SystemScore(name) for name in systems}
    scorers: dict[str, Any] = {}
    bar = Progress(len(documents), progress, "eval") if progress is not None else None
    for document in documents:
        try:
            language, split = _prepare(document)
        except SummaryError:
            language, split = document.language or "en", ()
        if language not in SUPPORTED:  # nothing can summarize it: every system fails it
            for name in systems:
                scores[name].failures += 1
                scores[name].documents += 1
            if bar is not None:
                bar.step()
            continue
        scorer = scorers.get(language)
        if scorer is None:
            scorer = scorers[language] = _scorer(language)
        for name in systems:
            started = time.perf_counter()
            try:
                chosen = _run_system(name, document, language, split, sentences)
            except SummaryError:
                chosen = []
                scores[name].failures += 1
            scores[name].seconds.append(time.perf_counter() - started)
            result = scorer.score(document.reference, "\n".join(chosen))
            for rouge_type in ROUGE_TYPES:
                scores[name].totals[rouge_type] += result[rouge_type].fmeasure
            scores[name].documents += 1
            if out is not None:
                record = {"id": document.id, "system": name, "summary": chosen}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if bar is not None:
            bar.step()
    return list(scores.values())


def _run_system(
    name: str, document: Document, language: str, split: Sequence[Sentence], count: int
) -> list[str]:
    if name == DEFAULT_SYSTEM:
        options = Options(sentences=count, language=document.language)
        summary = summarize(document.text, title=document.title, options=options)
        return [s.text for s in summary.sentences]
    chosen = select_plain(name, split, profile(language), count)
    return [split[i].text for i in chosen]


def format_table(scores: Sequence[SystemScore]) -> str:
    """A plain-text table of mean ROUGE F1 x 100 per system, best R1 first."""
    header = f"{'system':<11} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-Lsum':>10} {'ms/doc':>7} fails"
    lines = [header, "-" * len(header)]
    for score in sorted(scores, key=lambda s: -s.mean("rouge1")):
        median_ms = 1000 * statistics.median(score.seconds) if score.seconds else 0.0
        lines.append(
            f"{score.name:<11} {score.mean('rouge1'):8.2f} {score.mean('rouge2'):8.2f} "
            f"{score.mean('rougeLsum'):10.2f} {median_ms:7.2f} {score.failures:5d}"
        )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class SpeedReport:
    """Per-article medians (seconds) and the long-text comparison."""

    articles: int
    pipeline_median: float
    lexrank_median: float
    long_sentences: int
    long_pipeline: float
    long_lexrank: float

    @property
    def article_ratio(self) -> float:
        return self.pipeline_median / self.lexrank_median

    @property
    def long_ratio(self) -> float:
        return self.long_pipeline / self.long_lexrank


def plain_lexrank(text: str, language: str, count: int = 3) -> tuple[str, ...]:
    """One plain sumy LexRank call, as a sumy user would make it (our splitter, no NLTK)."""
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    resources = profile(language)
    parser = PlaintextParser.from_string(text, TextSplitter(language))
    summarizer = LexRankSummarizer(resources.stem)
    summarizer.stop_words = resources.stop_words
    return tuple(str(s) for s in summarizer(parser.document, count))


def _timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def long_text(documents: Sequence[Document], sentences: int, language: str = "en") -> str:
    """A long article: documents' lines concatenated until it has ``sentences`` sentences."""
    lines = [line for d in documents for line in d.text.splitlines() if line.strip()]
    if not lines:
        return ""
    text = ""
    taken = sentences
    for _ in range(20):  # the clean stage drops a few lines; top up until the count is reached
        text = "\n".join(lines[i % len(lines)] for i in range(taken))
        have = len(split_sentences(clean_text(text).paragraphs, language))
        if have >= sentences:
            break
        taken += sentences - have
    return text


def _summarizable(document: Document) -> bool:
    try:
        summarize(document.text, options=Options(language=document.language))
    except SummaryError:
        return False
    return True


def measure_speed(
    documents: Sequence[Document],
    long_sentences: int = 2000,
    progress: TextIO | None = None,
    repeat: int = 1,
) -> SpeedReport:
    """Time the pipeline against plain sumy LexRank per article, and on one long text."""
    usable = [d for d in documents if _summarizable(d)]
    if not usable:
        raise ValueError("no document in the data set can be summarized")
    documents = usable
    language = documents[0].language or "en"
    # Warm up both paths (imports, the language model, caches) outside the timings.
    summarize(documents[0].text)
    plain_lexrank(documents[0].text, language)
    bar = Progress(len(documents), progress, "speed") if progress is not None else None
    pipeline_times: list[float] = []
    lexrank_times: list[float] = []
    for document in documents:
        options = Options(sentences=3)  # detection included: it is a stage of the pipeline
        text = document.text
        pipeline_times.append(
            min(_timed(lambda: summarize(text, options=options)) for _ in range(repeat))  # noqa: B023
        )
        lexrank_times.append(
            min(
                _timed(lambda: plain_lexrank(text, document.language or language))  # noqa: B023
                for _ in range(repeat)
            )
        )
        if bar is not None:
            bar.step()
    long = long_text(documents, long_sentences, language)
    long_pipeline = _timed(lambda: summarize(long, options=Options(language=language)))
    long_lexrank = _timed(lambda: plain_lexrank(long, language))
    return SpeedReport(
        articles=len(documents),  # those that can be summarized
        pipeline_median=statistics.median(pipeline_times),
        lexrank_median=statistics.median(lexrank_times),
        long_sentences=len(split_sentences(clean_text(long).paragraphs, language)),
        long_pipeline=long_pipeline,
        long_lexrank=long_lexrank,
    )
