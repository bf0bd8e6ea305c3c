"""Measure article extraction on the article-extraction benchmark (Zyte/Scrapinghub layout).

The data folder holds ``ground-truth.json`` (``{id: {"articleBody": str, "url": str}}``) and
``html/<id>.html.gz``. Every page is extracted in one run by our :func:`extract_article`, by
plain ``trafilatura.extract(html)`` with its default settings, and scored with the benchmark's
own metric (its README / evaluate.py, re-implemented here):

* tokens are ``\\w+`` matches, case-sensitive;
* per page, the multisets of 4-token shingles of truth and prediction give tp (overlap), fp
  (predicted only) and fn (true only), divided by their sum so that long pages weigh no more;
  a text of fewer than 4 tokens is one shingle of all its tokens, an empty text has none;
* precision is averaged over the pages with tp+fp > 0, recall over those with tp+fn > 0 (a page
  with fp = fn = 0 scores 1 on both), and F1 is the harmonic mean of the two averages.

When ``output/trafilatura.json`` (upstream's trafilatura 2.0.0 predictions) is present it is
scored too, as a check of this implementation against the published figures.

:func:`measure_link_speed` times the whole link path on the same pages: fetch from a local
HTTP server + extract + summarize, against plain ``trafilatura.extract`` on the same HTML
(target: median at most :data:`SPEED_TARGET` times plain trafilatura's).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import trafilatura

from bot.sandbox.pages import serve_pages
from summaries.clean import clean_text
from summaries.errors import SummaryError
from summaries.pipeline import summarize
from summaries.web.extract import DEFAULT, ExtractionError, ExtractOptions, extract_article
from summaries.web.fetch import Fetcher, FetchOptions, decode

__all__ = [
    "SPEED_TARGET",
    "ExtractionReport",
    "LinkSpeedReport",
    "PageScore",
    "Scores",
    "SystemResult",
    "evaluate_extraction",
    "measure_link_speed",
    "score_pages",
    "shingle_match",
    "shingles",
]

SHINGLE_SIZE = 4  # the benchmark's n-gram size
UPSTREAM_PREDICTIONS = Path("output") / "trafilatura.json"  # upstream trafilatura 2.0.0 run
SPEED_TARGET = 1.5  # fetch + extract + summarize, median, vs plain trafilatura.extract (issue)
_TOKEN = re.compile(r"\w+")  # the benchmark's tokenizer (case kept)


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page's shingle counts, each divided by their sum (all zero if both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Benchmark metrics over a set of pages."""

    precision: float
    recall: float
    f1: float
    pages: int


@dataclass(slots=True)
class SystemResult:
    """One extractor's run: its scores, per-page timings and failures."""

    name: str
    scores: Scores
    seconds: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def median_ms(self) -> float:
        return 1000.0 * statistics.median(self.seconds) if self.seconds else 0.0


@dataclass(slots=True)
class ExtractionReport:
    """Ours, ours after ``clean_text``, plain trafilatura, and upstream's file if present."""

    pages: int
    ours: SystemResult
    ours_cleaned: Scores
    plain: SystemResult
    upstream: Scores | None = None

    def table(self) -> str:
        rows: list[tuple[str, Scores, str]] = [
            (self.ours.name, self.ours.scores, f"{self.ours.median_ms:.1f}"),
            (f"{self.ours.name} + clean_text", self.ours_cleaned, ""),
            (self.plain.name, self.plain.scores, f"{self.plain.median_ms:.1f}"),
        ]
        if self.upstream is not None:
            rows.append(("upstream trafilatura 2.0.0 file", self.upstream, ""))
        lines = [f"{'system':<40} {'F1':>6} {'prec':>6} {'recall':>6} {'ms/page':>8}"]
        lines += [
            f"{name:<40} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {ms:>8}"
            for name, s, ms in rows
        ]
        return "\n".join([f"{self.pages} pages", *lines])


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text`` (fewer tokens: one shingle of all)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def shingle_match(true: str, predicted: str) -> PageScore:
    """tp/fp/fn of one page, normalised by their sum."""
    truth, guess = shingles(true), shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    if not total:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def score_pages(pages: Sequence[PageScore]) -> Scores:
    """Average precision and recall over the pages where each is defined; F1 of the averages."""
    precisions = [page.precision for page in pages if page.tp + page.fp > 0]
    recalls = [page.recall for page in pages if page.tp + page.fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(pages))


def score_predictions(truth: Mapping[str, str], predicted: Mapping[str, str]) -> Scores:
    """Score ``predicted`` bodies against ``truth`` bodies, page ids from ``truth``."""
    return score_pages([shingle_match(truth[key], predicted.get(key, "")) for key in truth])


def evaluate_extraction(
    data_dir: Path,
    out: Path | None = None,
    progress: TextIO | None = None,
    options: ExtractOptions = DEFAULT,
) -> ExtractionReport:
    """Extract and score every benchmark page with ours and plain trafilatura, in one run.

    ``out`` receives our extractions as ``{id: {"articleBody": text}}``; ``progress`` one line
    per page and the final table.
    """
    ground_truth: dict[str, dict[str, Any]] = json.loads(
        (data_dir / "ground-truth.json").read_text(encoding="utf-8")
    )
    pages = {
        key: value
        for key, value in ground_truth.items()
        if (data_dir / "html" / f"{key}.html.gz").is_file()
    }
    truth = {key: str(value.get("articleBody") or "") for key, value in pages.items()}

    ours: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    plain: dict[str, str] = {}
    ours_seconds: list[float] = []
    plain_seconds: list[float] = []
    ours_failures = plain_failures = 0
    for number, (key, value) in enumerate(pages.items(), 1):
        html = gzip.decompress((data_dir / "html" / f"{key}.html.gz").read_bytes()).decode(
            "utf-8", errors="replace"
        )
        url = value.get("url")
        start = time.perf_counter()
        text, title = _ours(html, url, options)
        ours_seconds.append(time.perf_counter() - start)
        if text is None:
            ours_failures += 1
        ours[key] = text or ""
        cleaned[key] = clean_text(text, title=title).body if text else ""
        start = time.perf_counter()
        baseline = trafilatura.extract(html)
        plain_seconds.append(time.perf_counter() - start)
        if baseline is None:
            plain_failures += 1
        plain[key] = baseline or ""
        if progress is not None:
            mine, theirs = (
                shingle_match(truth[key], ours[key]),
                shingle_match(truth[key], plain[key]),
            )
            progress.write(
                f"{number:3d}/{len(pages)} {key[:12]} ours P={mine.precision:.2f} "
                f"R={mine.recall:.2f} plain P={theirs.precision:.2f} R={theirs.recall:.2f}\n"
            )

    if out is not None:
        out.write_text(
            json.dumps({key: {"articleBody": text} for key, text in ours.items()}, indent=1),
            encoding="utf-8",
        )
    report = ExtractionReport(
        pages=len(pages),
        ours=SystemResult(
            "newsbrief extract_article", score_predictions(truth, ours), ours_seconds, ours_failures
        ),
        ours_cleaned=score_predictions(truth, cleaned),
        plain=SystemResult(
            "trafilatura.extract (defaults)",
            score_predictions(truth, plain),
            plain_seconds,
            plain_failures,
        ),
        upstream=_upstream_scores(data_dir, truth),
    )
    if progress is not None:
        progress.write(report.table() + "\n")
    return report


def _ours(html: str, url: str | None, options: ExtractOptions) -> tuple[str | None, str | None]:
    try:
        article = extract_article(html, url, options)
    except ExtractionError:
        return None, None
    return article.text, article.title


def _upstream_scores(data_dir: Path, truth: Mapping[str, str]) -> Scores | None:
    path = data_dir / UPSTREAM_PREDICTIONS
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    predictions = data.get("output", data)  # {"version":..., "output": {...}} or plain
    bodies = {
        key: str(predictions.get(key, {}).get("articleBody") or "")
        for key in truth
        if key in predictions
    }
    return score_predictions({key: truth[key] for key in bodies}, bodies)


# --- end-to-end speed -------------------------------------------------------------------------


def _percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(slots=True)
class LinkSpeedReport:
    """Seconds per page, in one run: plain trafilatura, and ours split by stage."""

    pages: int
    plain: list[float]
    ours: list[float]  # fetch + extract + summarize
    fetch: list[float]
    extract: list[float]
    summarize: list[float]
    failures: int = 0  # pages we could not summarize (still timed up to the failure)
    target: float = SPEED_TARGET

    @property
    def ratio(self) -> float:
        """Median of ours over median of plain trafilatura."""
        plain = statistics.median(self.plain) if self.plain else 0.0
        return statistics.median(self.ours) / plain if plain and self.ours else math.inf

    @property
    def met(self) -> bool:
        return self.ratio <= self.target

    def table(self) -> str:
        rows = [
            ("plain trafilatura.extract(html)", self.plain),
            ("ours: fetch + extract + summarize", self.ours),
            ("  fetch (local HTTP server)", self.fetch),
            ("  extract_article", self.extract),
            ("  summarize", self.summarize),
        ]
        lines = [
            f"{self.pages} pages, {self.failures} not summarized",
            f"{'ms/page':<36} {'p50':>7} {'p95':>7}",
        ]
        lines += [
            f"{name:<36} {1000 * _percentile(values, 0.5):7.1f} "
            f"{1000 * _percentile(values, 0.95):7.1f}"
            for name, values in rows
        ]
        verdict = "met" if self.met else "MISSED"
        lines.append(
            f"ratio of medians ours/plain: {self.ratio:.2f}x "
            f"(target <= {self.target:.1f}x): {verdict}"
        )
        return "\n".join(lines)


def benchmark_pages(data_dir: Path) -> dict[str, bytes]:
    """The benchmark's decompressed pages that have a ground truth, as ``/<id>.html`` -> bytes."""
    return {
        f"/{key}.html": gzip.decompress((data_dir / "html" / f"{key}.html.gz").read_bytes())
        for key in _page_ids(data_dir)
    }


def measure_link_speed(data_dir: Path, progress: TextIO | None = None) -> LinkSpeedReport:
    """Time the link path on the benchmark pages, in one run, against plain trafilatura.

    The decompressed pages are served by an HTTP server on 127.0.0.1 that this function starts
    in a child process (a real site's work does not run in the reader's process). Per page:
    plain ``trafilatura.extract`` on the served HTML (decoded as we decode it), then ours:
    ``Fetcher.fetch`` + ``decode`` + :func:`extract_article` + ``summarize``. The first page is
    run once untimed first, so that one-off imports and caches do not count.
    """
    pages = benchmark_pages(data_dir)
    with serve_pages(pages, in_process=False) as base:
        return asyncio.run(_time_pages([base + path for path in pages], progress))


async def _time_pages(urls: list[str], progress: TextIO | None) -> LinkSpeedReport:
    report = LinkSpeedReport(len(urls), [], [], [], [], [])
    async with Fetcher(FetchOptions(allow_private=True)) as fetcher:
        if urls:
            await _one_page(fetcher, urls[0])  # warm-up, untimed
        for number, url in enumerate(urls, 1):
            times = await _one_page(fetcher, url)
            report.plain.append(times[0])
            report.fetch.append(times[1])
            report.extract.append(times[2])
            report.summarize.append(times[3])
            report.ours.append(sum(times[1:4]))
            report.failures += times[4] > 0
            if progress is not None:
                progress.write(
                    f"{number:3d}/{len(urls)} plain {1000 * times[0]:6.1f} ms, ours "
                    f"{1000 * sum(times[1:4]):6.1f} ms\n"
                )
    if progress is not None:
        progress.write(report.table() + "\n")
    return report


async def _one_page(fetcher: Fetcher, url: str) -> tuple[float, float, float, float, float]:
    """plain, fetch, extract, summarize seconds, and 1.0 if ours failed (else 0.0)."""
    start = time.perf_counter()
    result = await fetcher.fetch(url)
    html = decode(result)
    fetched = time.perf_counter()
    extracted = summarized = fetched
    failed = 0.0
    try:
        article = extract_article(html, result.url)
        extracted = summarized = time.perf_counter()
        summarize(article.text, title=article.title)
        summarized = time.perf_counter()
    except SummaryError:
        failed = 1.0
        extracted = summarized = max(extracted, time.perf_counter())
    plain_start = time.perf_counter()
    trafilatura.extract(html)
    plain = time.perf_counter() - plain_start
    return plain, fetched - start, extracted - fetched, summarized - extracted, failed


def _page_ids(data_dir: Path) -> list[str]:
    """Ids of the ground-truth pages whose HTML is present."""
    ground_truth: dict[str, Any] = json.loads(
        (data_dir / "ground-truth.json").read_text(encoding="utf-8")
    )
    return [key for key in ground_truth if (data_dir / "html" / f"{key}.html.gz").is_file()]
