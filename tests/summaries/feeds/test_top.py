"""summaries/feeds/top.py: a digest's top stories in one picklable call."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta

from summaries.feeds.digest import DigestItem
from summaries.feeds.top import Candidate, top_stories

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def _item(n: int, title: str, source: str = "Courier") -> DigestItem:
    return DigestItem(
        key=f"url:https://news.example/{n}",
        title=title,
        text=title + ".",
        url=f"https://news.example/{n}",
        source=source,
        published=NOW - timedelta(hours=n),
        language="en",
    )


def test_the_words_filter_then_the_first_stories_are_kept_and_the_rest_counted() -> None:
    candidates: list[Candidate] = [
        (_item(1, "Riverton bridge opens two years late"), (), ()),
        (_item(2, "Riverton bridge finally opens, two years late", "Gazette"), (), ()),
        (_item(3, "Library extends its opening hours"), (), ("library",)),  # excluded
        (_item(4, "Night bus line starts on Friday"), ("bus",), ()),
        (_item(5, "Council election date is set"), ("bus",), ()),  # no include word
        (_item(6, "Harbour festival draws record crowds"), (), ()),
    ]
    stories, more = top_stories(candidates, NOW, 2)
    assert len(stories) == 2 and more == 1  # bridge (two outlets), bus, harbour: 3 stories
    assert set(stories[0].sources) == {"Courier", "Gazette"}  # two outlets: first
    titles = {item.title for story in stories for item in story.items}
    assert not any("Library" in t or "election" in t for t in titles)
    assert pickle.loads(pickle.dumps((stories, more))) == (stories, more)  # crosses processes
