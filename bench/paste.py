"""``newsbrief eval paste``: whole news pages pasted as text, scored as SOURCE.md says.

Input is JSON lines in the layout of ``../shared/data/pasted_pages``: ``paste`` (what a browser
copies with select-all), ``title_gold`` (the headline a reader sees) and ``body_gold`` (the
article, by hand). Each paste goes through :func:`summaries.pipeline.summarize` exactly as the
bot sends it, and is scored with the data set's rule:

- the **title is recovered** when it equals ``title_gold`` after normalising (NFKC, lower case,
  letters and digits only) or their word F1 is at least 0.8;
- a shown text (summary sentence, quote, a fact's sentence) is **from the article** when its
  letters and digits (15 or more) occur contiguously in ``body_gold``, or 90% of its words form
  one unbroken run there; a text under 4 words must equal a whole line of the article;
- an **article line is dropped** when it is not in the cleaned body (nor is the title): a cost of
  cleaning too hard.

The naive baseline of SOURCE.md runs in the same pass: the first line as the title, and the
first 3 sentences of the lines with 8 or more words as the summary.
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from summaries.errors import SummaryError
from summaries.pipeline import summarize
from summaries.text import split_sentences

# The scoring rule's constants (SOURCE.md of pasted_pages).
TITLE_MIN_WORD_F1 = 0.8
MIN_CONTIGUOUS_CHARS = 15
MIN_RUN_SHARE = 0.9
SHORT_TEXT_WORDS = 4
BASELINE_SENTENCES = 3
BASELINE_MIN_LINE_WORDS = 8

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    paste: str
    title_gold: str
    body_gold: str


def load_pages(path: Path) -> list[Page]:
    """The pages of a JSON-lines file; ValueError names a line that is not a page."""
    pages: list[Page] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                pages.append(
                    Page(
                        id=str(row.get("id", number)),
                        paste=str(row["paste"]),
                        title_gold=str(row.get("title_gold") or ""),
                        body_gold=str(row["body_gold"]),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
                raise ValueError(f"{path}:{number}: not a page ({error})") from error
    return pages


def _letters(text: str) -> str:
    """NFKC, lower case, letters and digits only."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def title_recovered(title: str | None, gold: str) -> bool:
    if not title or not gold:
        return False
    if _letters(title) == _letters(gold):
        return True
    got, want = Counter(_words(title)), Counter(_words(gold))
    common = sum((got & want).values())
    if not common:
        return False
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall) >= TITLE_MIN_WORD_F1


class Article:
    """``body_gold`` prepared once for the from-the-article test."""

    def __init__(self, body: str) -> None:
        self.letters = _letters(body)
        self.lines = [line for line in body.splitlines() if _letters(line)]
        self.line_keys = {_letters(line) for line in self.lines}
        self.words = _words(body)
        self._positions: dict[str, list[int]] = {}
        for index, word in enumerate(self.words):
            self._positions.setdefault(word, []).append(index)

    def contains(self, text: str) -> bool:
        """Whether ``text`` is from the article by the data set's rule."""
        words = _words(text)
        if len(words) < SHORT_TEXT_WORDS:
            return _letters(text) in self.line_keys
        letters = _letters(text)
        if len(letters) >= MIN_CONTIGUOUS_CHARS and letters in self.letters:
            return True
        return self._longest_run(words) >= MIN_RUN_SHARE * len(words)

    def _longest_run(self, words: Sequence[str]) -> int:
        """The longest run of consecutive ``words`` found consecutively in the article."""
        best = 0
        previous: dict[int, int] = {}  # article position -> run length ending there
        for word in words:
            current = {
                position: previous.get(position - 1, 0) + 1
                for position in self._positions.get(word, ())
            }
            if current:
                best = max(best, max(current.values()))
            previous = current
        return best


@dataclass(slots=True)
class Tally:
    """One system's counts over the pages."""

    pages: int = 0
    answered: int = 0
    titles: int = 0
    sentences: int = 0
    sentences_in: int = 0
    summaries_with_outside: int = 0
    quotes: int = 0
    quotes_out: int = 0
    facts: int = 0
    facts_out: int = 0
    article_lines: int = 0
    lines_dropped: int = 0
    seconds: list[float] = field(default_factory=list)

    def add_summary(self, article: Article, sentences: Sequence[str]) -> list[str]:
        """Count one summary; the sentences that are not from the article."""
        outside = [s for s in sentences if not article.contains(s)]
        self.sentences += len(sentences)
        self.sentences_in += len(sentences) - len(outside)
        self.summaries_with_outside += bool(outside)
        return outside


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


@dataclass(frozen=True, slots=True)
class Report:
    newsbrief: Tally
    baseline: Tally

    def table(self) -> str:
        n, b = self.newsbrief, self.baseline
        rows = [
            ("pages answered", f"{n.answered}/{n.pages}", f"{b.answered}/{b.pages}"),
            ("title recovered", _share(n.titles, n.pages), _share(b.titles, b.pages)),
            (
                "summary sentences from the article",
                _share(n.sentences_in, n.sentences),
                _share(b.sentences_in, b.sentences),
            ),
            (
                "summaries with a sentence not from it",
                _share(n.summaries_with_outside, n.answered),
                _share(b.summaries_with_outside, b.answered),
            ),
            (
                "quotes not from the article",
                f"{_share(n.quotes_out, n.quotes)} ({n.quotes_out}/{n.quotes})",
                "-",
            ),
            (
                "facts not from the article",
                f"{_share(n.facts_out, n.facts)} ({n.facts_out}/{n.facts})",
                "-",
            ),
            (
                "article lines dropped as clutter",
                f"{_share(n.lines_dropped, n.article_lines)} ({n.lines_dropped}/{n.article_lines})",
                "-",
            ),
            ("median ms per page", _ms(n.seconds), _ms(b.seconds)),
            ("slowest ms per page", _ms(n.seconds, slowest=True), _ms(b.seconds, slowest=True)),
        ]
        width = max(len(name) for name, _, _ in rows)
        lines = [f"{'':<{width}}  {'newsbrief':>16}  {'naive baseline':>14}"]
        lines += [f"{name:<{width}}  {ours:>16}  {theirs:>14}" for name, ours, theirs in rows]
        return "\n".join(lines)


def _ms(seconds: Sequence[float], *, slowest: bool = False) -> str:
    if not seconds:
        return "-"
    value = max(seconds) if slowest else statistics.median(seconds)
    return f"{1000 * value:.1f}"


def evaluate_paste(pages: Sequence[Page], *, out: IO[str] | None = None) -> Report:
    """Summarize every page's paste and score it, with the naive baseline beside it."""
    ours, naive = Tally(), Tally()
    # Load the language data once before timing, as a bot's worker does when it starts.
    summarize(_WARM_UP)
    for page in pages:
        article = Article(page.body_gold)
        row: dict[str, object] = {"id": page.id, "title_gold": page.title_gold}
        ours.pages += 1
        started = time.perf_counter()
        try:
            summary = summarize(page.paste)
        except SummaryError as error:
            ours.seconds.append(time.perf_counter() - started)
            row["refused"] = str(error)
        else:
            ours.seconds.append(time.perf_counter() - started)
            ours.answered += 1
            ours.titles += title_recovered(summary.title, page.title_gold)
            outside = ours.add_summary(article, [s.text for s in summary.sentences])
            quotes_out = [q.text for q in summary.quotes if not article.contains(q.text)]
            facts_out = [f.sentence for f in summary.facts if not article.contains(f.sentence)]
            ours.quotes += len(summary.quotes)
            ours.quotes_out += len(quotes_out)
            ours.facts += len(summary.facts)
            ours.facts_out += len(facts_out)
            kept = _letters(summary.body) + _letters(summary.title or "")
            dropped = [line for line in article.lines if _letters(line) not in kept]
            ours.article_lines += len(article.lines)
            ours.lines_dropped += len(dropped)
            row |= {
                "title": summary.title,
                "sentences_outside": outside,
                "quotes_outside": quotes_out,
                "facts_outside": facts_out,
                "lines_dropped": dropped,
            }
        naive.pages += 1
        started = time.perf_counter()
        title, sentences = naive_baseline(page.paste)
        naive.seconds.append(time.perf_counter() - started)
        naive.answered += 1
        naive.titles += title_recovered(title, page.title_gold)
        naive.add_summary(article, sentences)
        if out is not None:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return Report(ours, naive)


_WARM_UP = (
    "Harbour bridge to close\n\nThe council voted on Tuesday to close the bridge. Engineers found "
    "a crack in its girder. Repairs will take two years."
)


def naive_baseline(paste: str) -> tuple[str | None, list[str]]:
    """First line as the title; the first 3 sentences of the lines with 8 or more words."""
    lines = [line.strip() for line in paste.splitlines() if line.strip()]
    title = lines[0] if lines else None
    long_lines = tuple(line for line in lines if len(line.split()) >= BASELINE_MIN_LINE_WORDS)
    sentences = split_sentences(long_lines, "en")[:BASELINE_SENTENCES]
    return title, [s.text for s in sentences]
