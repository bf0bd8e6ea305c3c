"""``newsbrief eval clustering``: the digest's story clustering on labelled news days.

Input is JSON lines in the layout of ``../shared/data/news_clustering`` (``key``, ``title``,
``text``, ``url``, ``source``, ``published``, ``language``, and optionally ``story``, the gold
label, which the clusterer never sees). The items are clustered exactly as a digest clusters
them (:func:`summaries.feeds.digest.cluster` at its defaults) and, where labels are present,
scored with pairwise and B-cubed precision, recall and F1 (the scoring rule of that SOURCE.md is
pairwise F1).

The baseline, in the same run: plain TF-IDF (lower-cased words, raw counts, smoothed idf, no
stemming, no weights) with cosine similarity and average-link agglomeration, at the threshold
that scores best *on this very file*: an oracle's cut, which no real digest could choose, and so
a demanding bar.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import numpy as np

from summaries.feeds import digest
from summaries.feeds.digest import ClusterScores, DigestItem, Story, cluster, score_clustering

BASELINE_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 14))  # 0.05 .. 0.65
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Scored:
    """One system's clustering of the day and its scores (None without labels)."""

    name: str
    clusters: int
    scores: ClusterScores | None
    seconds: float


@dataclass(frozen=True, slots=True)
class Report:
    items: int
    stories: int | None  # gold stories, when labelled
    newsbrief: Scored
    baseline: Scored | None
    baseline_threshold: float | None

    def table(self) -> str:
        header = (
            f"{'system':<28} {'clusters':>8} {'pair P':>7} {'pair R':>7} {'pair F1':>7} "
            f"{'B3 F1':>6} {'seconds':>8}"
        )
        lines = [header, "-" * len(header)]
        for row in (self.newsbrief, self.baseline):
            if row is None:
                continue
            s = row.scores
            figures = (
                f"{s.pair_precision:7.3f} {s.pair_recall:7.3f} {s.pair_f1:7.3f} {s.bcubed_f1:6.3f}"
                if s is not None
                else f"{'-':>7} {'-':>7} {'-':>7} {'-':>6}"
            )
            lines.append(f"{row.name:<28} {row.clusters:>8} {figures} {row.seconds:8.3f}")
        return "\n".join(lines)


def load_items(path: Path) -> tuple[list[DigestItem], dict[str, str]]:
    """The items of a JSON-lines file and their gold labels (empty when unlabelled).

    Raises ValueError for a line that is not an item (with its number) or a repeated key."""
    items: list[DigestItem] = []
    labels: dict[str, str] = {}
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                key = str(raw["key"])
                published = raw.get("published")
                item = DigestItem(
                    key=key,
                    title=raw.get("title"),
                    text=raw.get("text"),
                    url=raw.get("url"),
                    source=str(raw.get("source") or ""),
                    published=datetime.fromisoformat(published) if published else None,
                    language=raw.get("language"),
                )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                raise ValueError(f"{path}:{number}: not an item ({error})") from None
            if item.published is not None and item.published.tzinfo is None:
                raise ValueError(f"{path}:{number}: 'published' has no time zone")
            if key in seen:
                raise ValueError(f"{path}:{number}: the key {key!r} comes twice")
            seen.add(key)
            items.append(item)
            if raw.get("story") is not None:
                labels[key] = str(raw["story"])
    if labels and len(labels) != len(items):
        raise ValueError(f"{path}: some items have a 'story' label and some do not")
    return items, labels


def evaluate_clustering(items: Sequence[DigestItem], labels: Mapping[str, str]) -> Report:
    """Cluster ``items`` as the digest does, and the baseline; score both against ``labels``."""
    started = time.perf_counter()
    stories = cluster(items)
    seconds = time.perf_counter() - started
    ours = Scored(
        "newsbrief (defaults)",
        len(stories),
        score_clustering(stories, labels) if labels else None,
        seconds,
    )
    baseline: Scored | None = None
    best_threshold: float | None = None
    if labels:
        started = time.perf_counter()
        similarity = tfidf_similarity(items)
        for threshold in BASELINE_THRESHOLDS:
            groups = average_link(similarity, threshold)
            scores = score_clustering(_as_stories(items, groups), labels)
            if baseline is None or (baseline.scores and scores.pair_f1 > baseline.scores.pair_f1):
                baseline = Scored("TF-IDF avg link, oracle cut", len(groups), scores, 0.0)
                best_threshold = threshold
        if baseline is not None:
            baseline = Scored(
                f"TF-IDF avg link @{best_threshold:.2f}",
                baseline.clusters,
                baseline.scores,
                (time.perf_counter() - started) / len(BASELINE_THRESHOLDS),
            )
    return Report(
        items=len(items),
        stories=len(set(labels.values())) if labels else None,
        newsbrief=ours,
        baseline=baseline,
        baseline_threshold=best_threshold,
    )


@dataclass(frozen=True, slots=True)
class Timing:
    stories: int
    cluster_seconds: float  # with empty memos: every word stemmed, every item's terms made
    again_seconds: float  # the same items again (a fan-out meets the same articles per chat)
    rank_seconds: float


def paragraph_items(paths: Sequence[Path], limit: int) -> list[DigestItem]:
    """Up to ``limit`` feed items made of the articles in ``paths`` (``id`` or ``key``,
    ``title``, ``text``): each paragraph an item, the first with its article's title.

    A day of feed items is many short texts, few of them about one story: paragraphs of a few
    hundred real articles are that. Raises ValueError for a line that is not an article."""
    items: list[DigestItem] = []
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    raw = json.loads(line)
                    name = str(raw.get("key") or raw["id"])
                    text = str(raw.get("text") or "")
                except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
                    raise ValueError(f"{path}:{number}: not an article ({error})") from None
                paragraphs = [part.strip() for part in text.split("\n") if part.strip()]
                for index, paragraph in enumerate(paragraphs):
                    items.append(
                        DigestItem(
                            key=f"{name}#{index}",
                            title=raw.get("title") if index == 0 else None,
                            text=paragraph,
                            url=None,
                            source=str(raw.get("source") or path.parent.name),
                            published=None,
                            language=raw.get("language") or "en",
                        )
                    )
                    if len(items) >= limit:
                        return items
    return items


def time_clustering(items: Sequence[DigestItem]) -> Timing:
    """Cluster ``items`` from empty memos, again, and rank the stories; the wall times.

    The languages' stemmers and stop words are loaded first: a bot loads them once."""
    for language in {digest._language(item.language) for item in items}:
        digest._lexicon(language)
    digest._terms_of.cache_clear()
    digest._term.cache_clear()
    digest._normalised_url.cache_clear()
    started = time.perf_counter()
    stories = cluster(items)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    cluster(items)
    again = time.perf_counter() - started
    started = time.perf_counter()
    digest.rank(stories, now=datetime.now(UTC))
    ranked = time.perf_counter() - started
    return Timing(len(stories), cold, again, ranked)


def write_clusters(stories: Sequence[Story], out: IO[str]) -> None:
    """``{"key", "cluster"}`` per item, clusters numbered in the order of the stories."""
    for number, story in enumerate(stories):
        for item in story.items:
            out.write(json.dumps({"key": item.key, "cluster": number}, ensure_ascii=False) + "\n")


def tfidf_similarity(items: Sequence[DigestItem]) -> np.ndarray:
    """The baseline's cosine matrix: plain TF-IDF of the title and text's lower-cased words."""
    texts = [f"{item.title or ''} {item.text or ''}".lower() for item in items]
    bags = [Counter(_WORD.findall(text)) for text in texts]
    words = sorted({word for bag in bags for word in bag})
    vocabulary = {word: column for column, word in enumerate(words)}
    matrix = np.zeros((len(items), len(vocabulary)))
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            matrix[row, vocabulary[word]] = count
    frequency = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(items)) / (1 + frequency)) + 1.0
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    matrix /= norms[:, None]
    similarity: np.ndarray = matrix @ matrix.T
    return similarity


def average_link(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Plain average-link agglomeration while the best average similarity exceeds ``threshold``."""
    size = similarity.shape[0]
    between = similarity.astype(np.float64).copy()
    np.fill_diagonal(between, -math.inf)
    members: dict[int, list[int]] = {index: [index] for index in range(size)}
    alive = np.ones(size, dtype=bool)
    while len(members) > 1:
        masked = np.where(alive[:, None] & alive[None, :], between, -math.inf)
        flat = int(np.argmax(masked))
        a, b = divmod(flat, size)
        if masked[a, b] <= threshold:
            break
        na, nb = len(members[a]), len(members[b])
        between[a, :] = (between[a, :] * na + between[b, :] * nb) / (na + nb)
        between[:, a] = between[a, :]
        between[a, a] = -math.inf
        alive[b] = False
        members[a] = members[a] + members.pop(b)
    return [sorted(group) for group in members.values()]


def _as_stories(items: Sequence[DigestItem], groups: Sequence[Sequence[int]]) -> list[Story]:
    return [Story.from_items(items[index] for index in group) for group in groups]
