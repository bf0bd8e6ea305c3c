"""From a link to an article: fetch the page safely, decode it, extract the article.

    read_article(url, fetcher)  ->  Article          (errors: BadUrl, FetchError, ExtractionError)

Plain-text pages become an Article as they are; HTML goes through :func:`extract_article`. The
caller summarizes ``article.text`` with ``article.title`` (see ``summaries.pipeline``).
"""

from __future__ import annotations

import asyncio

from summaries.extract import Article, extract_article
from summaries.fetch import Fetcher, FetchResult, decode
from summaries.urls import normalize_url


def article_from_page(result: FetchResult) -> Article:
    """The article of a downloaded page (CPU-bound: run it off the event loop)."""
    text = decode(result)
    if result.content_type == "text/plain":
        return Article(text=text, source="text")
    return extract_article(text, url=result.url)


async def read_article(url: str, fetcher: Fetcher) -> Article:
    """Fetch ``url`` through the guarded fetcher and extract its article."""
    result = await fetcher.fetch(normalize_url(url))
    return await asyncio.to_thread(article_from_page, result)
