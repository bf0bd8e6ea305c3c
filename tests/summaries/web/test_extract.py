"""HTML -> Article (summaries/web/extract.py), on pages written for these tests."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
import trafilatura

import summaries.web.extract as extract_module
from summaries.errors import SummaryError
from summaries.web.extract import (
    DEFAULT,
    Article,
    ExtractionError,
    ExtractOptions,
    NoArticleText,
    _is_article_text,
    extract_article,
)

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
URL = "https://courier.example/transport/night-bus-line?utm_source=x"
FULL = dataclasses.replace(DEFAULT, adaptive=False)  # trafilatura's full mode only


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_news_article_keeps_the_body_and_drops_furniture() -> None:
    article = extract_article(page("news_article.html").decode("utf-8"), URL)
    paragraphs = article.text.split("\n\n")
    assert any(p.startswith("Riverton will run buses through the night") for p in paragraphs)
    assert paragraphs[-1].endswith("extend it or end it.")
    for furniture in ("cookies", "Related stories", "Tram extension", "nightowl77", "waste of"):
        assert furniture not in article.text
    assert all(p == p.strip() and p and "\n" not in p for p in paragraphs)
    assert article.title == "Riverton opens its first night bus line"
    assert article.author == "Maya Lindqvist"
    assert article.date == "2024-03-14"
    assert article.site_name == "The Riverton Courier"
    assert article.language == "en"
    assert article.canonical_url == "https://courier.example/transport/night-bus-line"
    assert article.amp_url is None
    assert article.json_ld_length is None
    assert not article.paywalled
    assert article.source == "trafilatura"


def test_json_ld_body_beats_a_paywall_teaser() -> None:
    article = extract_article(page("paywalled_teaser.html"), "https://ledger.example/solar")
    assert article.source == "json-ld"
    assert article.paywalled
    assert article.json_ld_length is not None and article.json_ld_length > 1000
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[-1].startswith("The largest cooperative in the valley")
    assert "Subscribe" not in article.text
    assert article.author == "Ines Moreau; Tomasz Wojcik"
    assert article.date == "2024-05-02"
    assert article.site_name == "The Ledger Weekly"


def test_json_ld_preference_can_be_switched_off_but_paywall_is_still_seen() -> None:
    options = dataclasses.replace(DEFAULT, prefer_json_ld=False, min_prose_words=0)
    article = extract_article(page("paywalled_teaser.html"), None, options)
    assert article.source == "trafilatura"
    assert article.paywalled
    assert "The largest cooperative" not in article.text


def test_amp_page_points_to_its_canonical_article() -> None:
    article = extract_article(page("amp_article.html"), "https://coastnews.example/amp/seals")
    assert article.amp_url == "https://coastnews.example/nature/harbour-seals-return"
    assert article.canonical_url == article.amp_url
    assert "twenty-three adults" in article.text
    assert "amp-custom" not in article.text and "font-family" not in article.text


@pytest.mark.parametrize("name", ["home_page.html", "video_page.html"])
def test_pages_without_running_text_are_not_articles(name: str) -> None:
    with pytest.raises(NoArticleText) as caught:
        extract_article(page(name), "https://courier.example/")
    assert caught.value.code == "no_article_text"
    assert "does not seem to contain an article" in caught.value.user_message


def test_link_lists_fail_the_link_share_rule_alone() -> None:
    teasers = [
        f"Read the full story about the council budget vote number {n} today." for n in range(6)
    ]
    text = "\n\n".join(teasers)
    assert _is_article_text(text, frozenset(), min_prose_words=0)
    assert not _is_article_text(text, frozenset(teasers), min_prose_words=0)
    assert not _is_article_text(text, frozenset(), min_prose_words=1000)


def test_broken_html_does_not_crash() -> None:
    article = extract_article(page("broken.html"))
    assert "Volunteers from three villages" in article.text
    assert "var x" not in article.text
    assert article.title == "Volunteers rebuild the old footbridge"


@pytest.mark.parametrize(
    "junk",
    ["<<<>>>", "<html><body><p>", b"\x00\xff\xfe<html>", "<html>" * 500, "\ufeff<p>hi</p>"],
)
def test_junk_raises_only_extraction_errors(junk: str | bytes) -> None:
    with pytest.raises(ExtractionError):
        extract_article(junk)


def test_windows_1251_bytes_are_decoded_from_the_meta_charset() -> None:
    raw = page("cp1251_article.html")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    article = extract_article(raw, "https://zarechny.example/most")
    assert "пешеходный мост через реку" in article.text
    assert article.title == "В Заречном открыли новый пешеходный мост"
    assert article.language == "ru"


@pytest.mark.parametrize("empty", ["", b"", "   \n", "<html></html>"])
def test_empty_documents(empty: str | bytes) -> None:
    with pytest.raises(NoArticleText):
        extract_article(empty)


@pytest.mark.parametrize("error", [ExtractionError(), NoArticleText(), NoArticleText("Empty.")])
def test_errors_pickle_and_join_the_tree(error: ExtractionError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert copy.user_message == error.user_message
    assert copy.code == error.code
    assert isinstance(copy, SummaryError)


def test_article_and_options_are_frozen() -> None:
    article = extract_article(page("amp_article.html"))
    assert isinstance(article, Article)
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = ""  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.favor_precision = False  # type: ignore[misc]


def _record_modes(monkeypatch: pytest.MonkeyPatch, fast_text: str | None = None) -> list[bool]:
    """Record the ``fast`` flag of every trafilatura run; optionally replace the fast text."""
    modes: list[bool] = []
    real = extract_module._trafilatura

    def spy(tree: Any, url: str | None, options: ExtractOptions, fast: bool) -> str:
        modes.append(fast)
        if fast and fast_text is not None:
            return fast_text
        return real(tree, url, options, fast)

    monkeypatch.setattr(extract_module, "_trafilatura", spy)
    return modes


def test_adaptive_keeps_a_reliable_fast_text(monkeypatch: pytest.MonkeyPatch) -> None:
    modes = _record_modes(monkeypatch)
    article = extract_article(page("news_article.html"), URL)
    assert modes == [True]
    assert article.text == extract_article(page("news_article.html"), URL, FULL).text


@pytest.mark.parametrize(
    "fast_text",
    [
        "",  # nothing: fails the article check
        "Riverton will run buses through the night from Monday, the council said today "
        "in a short statement to the press.",  # a sentence: far below the page's <p> words
    ],
)
def test_adaptive_redoes_an_unreliable_fast_text_in_full_mode(
    monkeypatch: pytest.MonkeyPatch, fast_text: str
) -> None:
    modes = _record_modes(monkeypatch, fast_text)
    article = extract_article(page("news_article.html"), URL)
    assert modes == [True, False]
    assert article.text == extract_article(page("news_article.html"), URL, FULL).text


def test_fast_and_full_options_run_one_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    modes = _record_modes(monkeypatch, "")
    with pytest.raises(NoArticleText):
        extract_article(page("news_article.html"), URL, dataclasses.replace(DEFAULT, fast=True))
    assert modes == [True]  # fast wins over adaptive: never the full mode
    modes.clear()
    extract_article(page("news_article.html"), URL, FULL)
    assert modes == [False]


@pytest.mark.parametrize("name", ["news_article.html", "paywalled_teaser.html", "amp_article.html"])
def test_metadata_matches_trafilatura_with_metadata(name: str) -> None:
    html = page(name).decode("utf-8")
    expected = trafilatura.bare_extraction(html, url=URL, with_metadata=True)
    got = extract_module._metadata(extract_module._parse(html), URL)
    assert got is not None and expected is not None
    for field in ("title", "author", "url", "date", "sitename"):
        assert getattr(got, field) == getattr(expected, field), field


# --- cost caps --------------------------------------------------------------------------------


def _with(before: str, after: str = "") -> str:
    """The test article with ``before`` at the start of its <body> and ``after`` at its end."""
    html = page("news_article.html").decode("utf-8")
    head, _, rest = html.partition("<body>")
    body, _, tail = rest.rpartition("</body>")
    return f"{head}<body>{before}{body}{after}</body>{tail}"


def test_a_page_past_the_element_cap_is_read_from_its_first_elements() -> None:
    plain = extract_article(page("news_article.html").decode("utf-8"), URL)
    padded = _with("", "<p>Short line here.</p>" * (2 * extract_module.MAX_ELEMENTS))
    article = extract_article(padded, URL)
    assert article.text == plain.text  # the article is kept, the padding past the cap is not
    tree = extract_module._parse(padded)
    assert tree is not None
    extract_module._bound(tree)
    assert sum(1 for _ in tree.iter()) == extract_module.MAX_ELEMENTS


def test_a_tag_keeps_its_first_attributes_only() -> None:
    many = " ".join(f'data-a{i}="{i}"' for i in range(5 * extract_module.MAX_ATTRIBUTES))
    limited = extract_module._limit_attributes(f'<div id="x" {many}>text</div><p a="1">b</p>')
    tree = extract_module._parse(limited)
    assert tree is not None
    [div] = tree.xpath("//div[@id='x']")
    assert len(div.attrib) == extract_module.MAX_ATTRIBUTES
    assert div.get("id") == "x" and div.text == "text"
    assert '<p a="1">b</p>' in limited  # a short tag is left as it was
    article = extract_article(_with(f"<div {many}>hi</div>"), URL)
    assert "Riverton will run buses through the night" in article.text


def test_a_json_ld_block_over_its_cap_is_not_read() -> None:
    body = "The council said on Monday that the bridge would open in May. " * 20
    node = {"@type": "NewsArticle", "headline": "Bridge", "articleBody": body}
    small = json.dumps(node)
    padded = json.dumps({**node, "padding": "x" * extract_module.MAX_JSON_LD_CHARS})
    script = '<script type="application/ld+json">{}</script>'
    read = extract_article(_with(script.format(small)), URL)
    skipped = extract_article(_with(script.format(padded)), URL)
    assert read.json_ld_length == len(body.strip())
    assert skipped.json_ld_length is None
