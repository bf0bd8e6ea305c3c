"""A digest's top stories from its candidate items, in one call a worker process can run.

``top_stories`` filters the items by their subscription's words, clusters them into stories
and ranks those (``summaries.feeds.digest``), and returns the first ``size`` with the count of
the rest. It takes and returns plain picklable values, so the bot runs it in a worker process
within a time budget: clustering costs grow faster than the number of items.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from summaries.feeds.digest import DigestItem, Story, cluster, rank
from summaries.feeds.digest import select as select_stories

__all__ = ["Candidate", "top_stories"]

# An item and the include and exclude words of the subscription that brought it.
Candidate = tuple[DigestItem, tuple[str, ...], tuple[str, ...]]


def top_stories(
    candidates: Sequence[Candidate], now: datetime, size: int
) -> tuple[list[Story], int]:
    """The ``size`` most important stories of the items that pass their words, and how many
    more stories there were."""
    items = [
        item
        for item, include, exclude in candidates
        if not (include or exclude)
        or select_stories(
            [Story.from_items([item])], 1, include_words=include, exclude_words=exclude
        )
    ]
    stories = rank(cluster(items), now=now)
    return stories[:size], max(0, len(stories) - size)
