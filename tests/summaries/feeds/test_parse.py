"""parse_feed, item_key and discover_feeds (summaries/feeds/parse.py).

Our own small feeds live in tests/fixtures/feeds/; the 90 real-world and edge-case feeds of
../shared/data/rss_atom_feeds are read in place (skipped when that folder is absent), each
checked against the counts its manifest.json records.
"""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summaries.errors import SummaryError
from summaries.feeds import parse as feeds
from summaries.feeds.parse import (
    EXCERPT_MAX_WORDS,
    MAX_FUTURE,
    Feed,
    FeedError,
    FeedItem,
    FeedTooLarge,
    NotAFeed,
    content_hash,
    discover_feeds,
    item_key,
    parse_feed,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"
SHARED_FEEDS = Path(__file__).resolve().parents[4] / "shared" / "data" / "rss_atom_feeds"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)  # the fixtures' "today"

# Files of the shared folder that hold no feed: parse_feed must say so, not guess.
SHARED_NOT_FEEDS = (
    "SOURCE.md",
    "manifest.json",
    "rss-parser/input/unrecognized.rss",  # XML, but no feed vocabulary
    "feedparser/illformed/rss_empty_document.xml",  # a comment and nothing else
    "rss-parser/expected_output/guardian.json",  # JSON, but not a JSON Feed
)
_TAG = re.compile(r"<[A-Za-z/!?]")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)


def fixture(name: str, url: str, content_type: str | None = None) -> Feed:
    return parse_feed((FIXTURES / name).read_bytes(), url, content_type=content_type, now=NOW)


def rss(items: str, *, channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test</title><link>https://news.example/</link>{channel}{items}"
        "</channel></rss>"
    ).encode()


def only_item(body: bytes, *, now: datetime = NOW) -> FeedItem:
    feed = parse_feed(body, "https://news.example/feed", now=now)
    assert len(feed.items) == 1
    return feed.items[0]


# --- the shared real-world feeds --------------------------------------------------------------


@cache
def _manifest() -> dict[str, dict[str, Any]]:
    data = json.loads((SHARED_FEEDS / "manifest.json").read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in data["files"]}


def _shared_files() -> list[Any]:
    if not SHARED_FEEDS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SHARED_FEEDS} is absent"))]
    return sorted(
        str(path.relative_to(SHARED_FEEDS)) for path in SHARED_FEEDS.rglob("*") if path.is_file()
    )


@pytest.mark.shared_data
@pytest.mark.parametrize("name", _shared_files())
def test_every_shared_file_parses_or_is_not_a_feed(name: str) -> None:
    body = (SHARED_FEEDS / name).read_bytes()
    expected = _manifest().get(name, {})
    now = datetime.now(UTC)
    try:
        feed = parse_feed(body, f"https://feeds.example/{name}")
    except NotAFeed as error:
        # only where feedparser found nothing either, and never where rss-parser found items
        assert expected.get("feedparser_entries", 0) == 0, error.reason
        assert not expected.get("rss_parser_expected_items")
        return

    if expected.get("rss_parser_expected_items") is not None:
        assert len(feed.items) == expected["rss_parser_expected_items"]
    if name.endswith(".json"):
        assert feed.kind == "json"
        assert len(feed.items) == len(json.loads(body)["items"])
    else:
        assert len(feed.items) == expected["feedparser_entries"]
        version = expected["feedparser_version_detected"] or ""
        assert feed.kind == ("atom" if version.startswith("atom") else "rss")

    for item in feed.items:
        for text in (item.title, item.author, feed.title):
            if text is not None:
                assert not _TAG.search(text), text
                assert not _ENTITY.search(text), text
                assert text == " ".join(text.split()), text
        if item.published is not None:
            assert item.published.tzinfo is not None
            assert item.published.utcoffset() == timedelta(0)
            assert item.published <= now + MAX_FUTURE
        assert item.url is None or item.url.startswith(("http://", "https://"))
        assert re.fullmatch(r"[0-9a-f]{32}", item.content_hash)
        if item.content is None and item.summary is None:
            assert item.excerpt_only


@pytest.mark.shared_data
@pytest.mark.parametrize("name", SHARED_NOT_FEEDS)
def test_the_shared_files_that_are_not_feeds_raise_not_a_feed(name: str) -> None:
    path = SHARED_FEEDS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with pytest.raises(NotAFeed):
        parse_feed(path.read_bytes(), "https://feeds.example/x")


@pytest.mark.shared_data
def test_shared_feeds_spot_checks() -> None:
    if not SHARED_FEEDS.is_dir():
        pytest.skip(f"{SHARED_FEEDS} is absent")

    def shared(name: str) -> Feed:
        return parse_feed((SHARED_FEEDS / name).read_bytes(), "https://feeds.example/feed")

    # Portuguese month names ("Seg, 24 Set 2018 19:42:40 -0300"), which feedparser cannot read
    uol = shared("rss-parser/input/uolNoticias.rss")
    assert uol.items[0].published == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)
    assert all(item.published for item in uol.items)
    # JSON Feed 1.1 with "\/"-escaped URLs
    dorny = shared("feedjira/json_feed_with_escaped_uris.json")
    assert dorny.items[0].url == "https://lukedorny.com/updates/new-font"
    assert dorny.language == "en"
    # Reddit escapes the HTML of self posts twice: no markup may survive into the text
    reddit = shared("rss-parser/input/reddit-atom.rss")
    assert not any(item.summary and _TAG.match(item.summary) for item in reddit.items)
    # ISO-8859-2 declared in the XML: Polish letters intact
    latin2 = shared("rss-parser/input/latin2.rss")
    assert re.search("[ąćęłńóśźż]", f"{latin2.items[0].title} {latin2.items[0].summary}")
    # a feed that only says "published" in Russian: KOI8-R with no declaration at all
    koi8 = shared("feedparser/illformed/chardet__koi8r.xml")
    assert re.search("[а-яА-Я]", koi8.items[0].summary or "")


# --- our fixtures -----------------------------------------------------------------------------


def test_rss_news_feed_with_content_encoded() -> None:
    feed = fixture(
        "news_rss.xml",
        "https://www.riverton-courier.example/feed/",
        "application/rss+xml; charset=UTF-8",
    )
    assert feed.kind == "rss"
    assert feed.title == "Riverton Courier & Gazette — Local news"
    assert feed.site_url == "https://www.riverton-courier.example/"
    assert feed.language == "en"
    bus, flood, letters = feed.items

    assert bus.title == "Council approves new bus lanes on Mill Road"  # <em> stripped
    assert bus.url == (  # utm_* dropped
        "https://www.riverton-courier.example/2025/02/28/council-approves-bus-lanes/"
    )
    assert bus.guid == "https://www.riverton-courier.example/?p=48213"
    assert bus.author == "Hannah Okafor"
    assert bus.published == datetime(2025, 2, 28, 17, 40, tzinfo=UTC)
    assert bus.summary == "Councillors voted 9–4 for the scheme after a two-hour debate. […]"
    assert bus.content is not None
    assert bus.content.startswith("Riverton councillors on Friday approved")
    assert "“This is about getting people to work" in bus.content  # entities decoded
    assert "£3.2 million" in bus.content
    assert "trackView" not in bus.content  # no script text
    assert len(bus.content.split("\n\n")) == 4  # paragraphs kept
    assert not bus.excerpt_only
    assert not flood.excerpt_only

    # a relative <link>, no date, a one-line description
    assert letters.url == (
        "https://www.riverton-courier.example/opinion/letters/2025/02/27/library-hours/"
    )
    assert letters.published is None
    assert letters.content is None
    assert letters.excerpt_only


def test_atom_feed_with_relative_links_and_xml_base() -> None:
    feed = fixture("relative_atom.xml", "https://hafen-nachrichten.example/atom.xml")
    assert feed.kind == "atom"
    assert feed.title == "Hafen-Nachrichten"
    assert feed.language == "de"  # from xml:lang
    assert feed.site_url == "https://blog.hafen-nachrichten.example/"  # "/" against xml:base
    crane, ferry = feed.items
    # the entry's own xml:base ("/artikel/2025/") stacks on the feed's
    assert crane.url == "https://blog.hafen-nachrichten.example/artikel/2025/neuer-kran.html"
    assert crane.title == "Neuer Kran am Containerterminal"
    assert crane.published == datetime(2025, 2, 27, 8, 30, tzinfo=UTC)  # +01:00 -> UTC
    assert crane.author == "Redaktion Hafen-Nachrichten"  # inherited from the feed (RFC 4287)
    assert ferry.url == "https://blog.hafen-nachrichten.example/faehre/wieder-in-betrieb"
    assert ferry.published == datetime(2025, 2, 26, 16, 45, tzinfo=UTC)  # only <updated>
    assert ferry.author == "Jana Petersen"
    assert ferry.content == (
        "Die Fähren fahren wieder.\n\nNach zwei Tagen Pause wegen des Sturms hat die Reederei "
        "den Betrieb am Mittwochmorgen wieder aufgenommen."
    )
    assert ferry.summary is None


def test_teaser_only_feed_is_excerpt_only() -> None:
    feed = fixture("teasers_rss.xml", "https://valley-business.example/rss")
    assert [item.excerpt_only for item in feed.items] == [True, True]
    assert feed.items[0].summary == (
        "Crumbs & Co. opened on the high street on Wednesday, creating twelve jobs."
    )
    assert feed.items[1].summary is not None
    assert feed.items[1].summary.endswith("Read more »")
    assert feed.items[0].published == datetime(2025, 2, 27, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize("content_type", [None, "application/rss+xml", "text/xml", "text/html"])
def test_windows_1251_feed_reads_its_encoding_from_the_xml_declaration(
    content_type: str | None,
) -> None:
    feed = fixture("windows1251_rss.xml", "https://vesti-zarechye.example/rss", content_type)
    assert feed.title == "Вести Заречья"
    assert feed.language == "ru"
    bridge, quarantine = feed.items
    assert bridge.title == "Мост через Заречную откроют в апреле"  # &#160; -> one space
    assert bridge.summary is not None
    assert "«Мы укладываемся в сроки», — сказал глава района." in bridge.summary
    assert bridge.author == "Ирина Соколова"  # "mail@host.example (Name)"
    assert bridge.published == datetime(2025, 2, 27, 8, 20, tzinfo=UTC)
    # "Чт, 27 фев 2025 08:05:00 +0300": Russian names, read by our fallback
    assert quarantine.published == datetime(2025, 2, 27, 5, 5, tzinfo=UTC)


def test_a_charset_in_the_header_wins_over_the_declaration() -> None:
    body = (FIXTURES / "windows1251_rss.xml").read_bytes()
    feed = parse_feed(body, "https://x.example/rss", content_type="text/xml; charset=koi8-r")
    assert feed.title != "Вести Заречья"  # the server said KOI8-R: it is believed
    utf8 = body.decode("windows-1251").encode("utf-8")  # the declaration now lies
    feed = parse_feed(utf8, "https://x.example/rss", content_type="text/xml; charset=utf-8")
    assert feed.title == "Вести Заречья"


SMALL_RSS = (
    '<?xml version="1.0" encoding="{label}"?><rss version="2.0"><channel><title>T</title>'
    "<item><title>One</title><link>https://x.example/1</link></item></channel></rss>"
)


@pytest.mark.parametrize("label", ["punycode", "base64", "idna", "rot13", "utf-7", "zlib"])
def test_a_declared_encoding_that_is_not_the_webs_is_ignored(label: str) -> None:
    """feedparser would decode with any codec Python has ("punycode" costs ~10 s for 640 KB):
    such a label is ignored, as browsers do, and the bytes read as UTF-8."""
    feed = parse_feed(SMALL_RSS.format(label=label).encode(), "https://x.example/rss")
    assert [item.title for item in feed.items] == ["One"]
    utf16 = SMALL_RSS.format(label=label).encode("utf-16")  # declared inside UTF-16, with a BOM
    assert [item.title for item in parse_feed(utf16, "https://x.example/rss").items] == ["One"]


def test_a_second_declaration_cannot_slip_a_codec_past_the_first() -> None:
    """feedparser reads the last encoding="..." of the first line; ours, the declaration's."""
    body = (
        SMALL_RSS.format(label="utf-8").replace(
            '<rss version="2.0">', '<rss version="2.0" encoding="punycode"?>'
        )
        + " " * 200_000
    )
    feed = parse_feed(body.encode(), "https://x.example/rss")
    assert [item.title for item in feed.items] == ["One"]


def test_a_charset_header_that_is_not_the_webs_is_ignored() -> None:
    body = SMALL_RSS.format(label="utf-8").encode()
    feed = parse_feed(body, "https://x.example/rss", content_type="text/xml; charset=punycode")
    assert [item.title for item in feed.items] == ["One"]
    latin = SMALL_RSS.format(label="latin1").replace("One", "Café").encode("latin-1")
    assert [i.title for i in parse_feed(latin, "https://x.example/rss").items] == ["Café"]


def test_json_feed_1_1() -> None:
    feed = fixture("jsonfeed_11.json", "https://marsh-notes.example/feed.json")
    assert feed.kind == "json"
    assert feed.title == "Field Notes from the Marsh"
    assert feed.site_url == "https://marsh-notes.example/"
    assert feed.language == "en"
    bitterns, water, volunteers = feed.items
    assert bitterns.guid == "2025-02-25-bitterns"
    assert bitterns.title == "Bitterns & booming: the first of the year"
    assert bitterns.summary == "The first bittern of the year boomed on Tuesday."
    assert bitterns.content is not None
    assert bitterns.content.startswith("At dawn on Tuesday")
    assert bitterns.author == "Alys Penrose"  # the feed's authors, inherited
    assert bitterns.published == datetime(2025, 2, 25, 6, 48, tzinfo=UTC)
    assert water.url == "https://marsh-notes.example/2025/02/20/water-levels/"  # relative
    assert water.content == (
        "The sluice on the north dyke was opened on Monday.\n\n"
        "Levels on the scrape are back to normal for February."
    )
    assert water.author == "Sam Tregear"
    assert volunteers.guid == "20250218"  # a number in the wild; a string here
    assert volunteers.url == "https://wetlands-trust.example/news/volunteer-days"
    assert volunteers.title is None
    assert volunteers.published == datetime(2025, 2, 18, 11, 0, tzinfo=UTC)  # date_modified


def test_json_feed_version_1_with_a_single_author() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1",
            "title": "Old style",
            "author": {"name": "Ann Lee"},
            "items": [
                {"id": "1", "url": "https://old.example/1", "content_text": "Hello."},
                "not an item",
                {"id": "2", "author": {"name": "Bo Chen"}, "date_published": "not a date"},
            ],
        }
    ).encode()
    feed = parse_feed(body, "https://old.example/feed.json", content_type="application/json")
    assert [item.author for item in feed.items] == ["Ann Lee", "Bo Chen"]
    assert feed.items[1].published is None
    assert feed.items[1].url is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\t ", "empty"),
        (b"\xef\xbb\xbf\n", "empty"),
        (b"<!DOCTYPE html><html><head><title>Home</title></head><body>Hi</body></html>", "page"),
        (b'<?xml version="1.0"?><catalog><book id="1"/></catalog>', "page"),
        (b"Just some text, no markup.", "page"),
        (b'{"name": "package", "version": "1.0.0"}', "JSON"),
        (b'[{"title": "x"}]', "JSON"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "No items"}', "item"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "valid JSON"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off', "broken"),
    ],
)
def test_not_a_feed(body: bytes, reason: str) -> None:
    with pytest.raises(NotAFeed) as caught:
        parse_feed(body, "https://news.example/feed")
    assert reason in caught.value.reason
    assert caught.value.code == "not_a_feed"
    assert isinstance(caught.value, FeedError)
    assert isinstance(caught.value, SummaryError)
    assert caught.value.user_message.startswith("This address does not give a news feed")


def test_a_valid_feed_without_items_is_an_empty_feed() -> None:
    feed = parse_feed(rss(""), "https://news.example/feed")
    assert feed.items == ()
    assert feed.title == "Test"


def test_an_empty_feed_in_a_mislabelled_encoding_is_still_a_feed() -> None:
    body = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Новости'
    body += "</title></channel></rss>"
    feed = parse_feed(body.encode("windows-1251"), "https://news.example/feed")
    assert feed.items == ()  # feedparser guessed the encoding (bozo), but the XML is sound


def test_a_slightly_broken_feed_with_items_is_returned() -> None:
    body = rss("<item><title>Fine &nbsp; item</title><link>https://news.example/a</link></item>")
    body = body.replace(b"</channel></rss>", b"")  # truncated, and &nbsp; is not XML
    item = only_item(body)
    assert item.title == "Fine item"
    assert item.url == "https://news.example/a"


def test_errors_pickle() -> None:
    for error in (NotAFeed("it is a web page"), FeedTooLarge(10, 5)):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert copy.user_message == error.user_message


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "MAX_FEED_BYTES", 100)
    with pytest.raises(FeedTooLarge) as caught:
        parse_feed(rss("<item><title>" + "x" * 200 + "</title></item>"), "https://n.example/")
    assert caught.value.limit == 100
    assert caught.value.code == "feed_too_large"


def test_bytes_are_never_taken_for_a_file_name_or_a_url(tmp_path: Path) -> None:
    # given bare bytes, feedparser would open() them as a path, or fetch them as a URL
    path = tmp_path / "feed.xml"
    path.write_bytes(rss("<item><title>Secret</title></item>"))
    with pytest.raises(NotAFeed):
        parse_feed(str(path).encode(), "https://news.example/feed")
    with pytest.raises(NotAFeed):
        parse_feed(b"http://127.0.0.1:9/feed.xml", "https://news.example/feed")


# --- edge cases -------------------------------------------------------------------------------


def test_copies_differing_only_by_tracking_parameters_share_a_key() -> None:
    feed = parse_feed(
        rss(
            "<item><title>Story</title><link>https://news.example/story?id=7&amp;utm_source=rss"
            "</link><guid>a1</guid></item>"
            "<item><title>Story</title><link>https://NEWS.example:443/story?fbclid=xyz&amp;id=7"
            "#top</link><guid>a2</guid></item>"
        ),
        "https://news.example/feed",
    )
    first, second = feed.items
    assert first.url == second.url == "https://news.example/story?id=7"
    assert item_key(first) == item_key(second) == "url:https://news.example/story?id=7"


def test_copies_under_other_urls_and_guids_share_a_content_hash() -> None:
    first, second = parse_feed(
        rss(
            "<item><title>Rates held at 4%</title><guid>x-1</guid>"
            "<description>&lt;p&gt;The bank held rates.&lt;/p&gt;</description></item>"
            "<item><title>RATES  held at 4% </title><guid>x-2</guid>"
            "<description>The bank held rates!</description></item>"
        ),
        "https://news.example/feed",
    ).items
    assert first.content_hash == second.content_hash
    assert item_key(first) != item_key(second)  # the GUIDs come first
    assert content_hash("Rates held", "a") != content_hash("Rates held", "b")


def test_item_key_prefers_url_then_guid_then_content_hash() -> None:
    item = FeedItem(
        guid="g-1",
        url="https://news.example/a",
        title="T",
        summary=None,
        content=None,
        published=None,
        author=None,
        content_hash="0" * 32,
        excerpt_only=True,
    )
    assert item_key(item) == "url:https://news.example/a"
    assert item_key(replace(item, url=None)) == "guid:g-1"
    assert item_key(replace(item, url=None, guid=None)) == "hash:" + "0" * 32


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("&lt;b&gt;Breaking:&lt;/b&gt; Fish &amp;amp; chips", "Breaking: Fish & chips"),
        ("<![CDATA[<strong>Storm</strong> hits   the\n coast]]>", "Storm hits the coast"),
        ("Caf&#233; &#x2014; open &amp; busy", "Café — open & busy"),
        ("AT&amp;T results", "AT&T results"),
        ("x &lt; y, said &lt;i&gt;Nature&lt;/i&gt;", "x < y, said Nature"),
        ("   ", None),
    ],
)
def test_html_in_titles_becomes_plain_text(title: str, expected: str | None) -> None:
    assert only_item(rss(f"<item><title>{title}</title><guid>1</guid></item>")).title == expected


def test_dates() -> None:
    def published(date: str) -> datetime | None:
        return only_item(rss(f"<item><title>T</title><pubDate>{date}</pubDate></item>")).published

    assert published("Sat, 01 Mar 2025 10:00:00 +0200") == datetime(2025, 3, 1, 8, tzinfo=UTC)
    assert published("Sun, 02 Mar 2025 09:00:00 GMT") is not None  # within MAX_FUTURE
    assert published("Wed, 01 Mar 2030 10:00:00 GMT") is None  # five years ahead
    assert published("Thu, 01 Jan 1970 00:00:00 GMT") is None  # a zero value
    assert published("yesterday-ish") is None
    assert published("Mo, 24 Feb 2025 10:00:00 +0100") == datetime(2025, 2, 24, 9, tzinfo=UTC)
    assert published("lun., 24 févr. 2025 10:00:00 +0100") == datetime(2025, 2, 24, 9, tzinfo=UTC)
    no_date = only_item(rss("<item><title>T</title></item>"))
    assert no_date.published is None


def test_a_plain_text_title_keeps_its_angle_brackets() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:x</id>'
        b'<title type="text">&lt;Untitled&gt; draft, x &lt; y</title></entry></feed>'
    )
    assert only_item(body).title == "<Untitled> draft, x < y"


def test_published_falls_back_to_updated() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>T</title>'
        b"<updated>2025-02-20T10:00:00-05:00</updated><id>urn:x</id></entry></feed>"
    )
    assert only_item(body).published == datetime(2025, 2, 20, 15, tzinfo=UTC)


def test_excerpt_only() -> None:
    long_text = " ".join(["word"] * (EXCERPT_MAX_WORDS + 30))

    def item(description: str = "", content: str = "") -> FeedItem:
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        body = rss(
            f"<item><title>T</title><description><![CDATA[{description}]]></description>"
            f"{encoded}</item>"
        ).replace(
            b'<rss version="2.0">',
            b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        )
        return only_item(body)

    assert item("A short teaser.").excerpt_only
    assert not item(long_text).excerpt_only  # the whole story in <description>
    assert item(long_text + " [&#8230;]").excerpt_only  # cut short, however long
    assert item(long_text + ' <a href="/x">Continue reading <span>T</span> &rarr;</a>').excerpt_only
    assert item(long_text + " Читать далее").excerpt_only
    assert not item("A short teaser.", f"<p>{long_text}</p>").excerpt_only
    assert item("A short teaser.", "<p>Short content, too.</p>").excerpt_only
    assert not item("中文新闻" * 60).excerpt_only  # 240 characters of Chinese: no spaces needed
    full = item("A short teaser.", f"<p>{long_text}</p>")
    assert full.summary == "A short teaser."


def test_summary_repeating_the_content_is_dropped() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>T</title>'
        b'<id>urn:x</id><content type="html">&lt;p&gt;Only content.&lt;/p&gt;</content>'
        b"</entry></feed>"
    )
    item = only_item(body)
    assert item.content == "Only content."
    assert item.summary is None


def test_links_that_are_not_web_pages_are_dropped() -> None:
    body = rss(
        "<item><title>A</title><link>javascript:alert(1)</link><guid>1</guid></item>"
        "<item><title>B</title><link>mailto:desk@news.example</link><guid>2</guid></item>"
        "<item><title>C</title><link>https://news.example/a b</link><guid>3</guid></item>"
    )
    assert [item.url for item in parse_feed(body, "https://news.example/feed").items] == [
        None,
        None,
        "https://news.example/a%20b",
    ]


def test_feedburner_orig_link_is_preferred() -> None:
    body = (
        b'<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">'
        b"<channel><title>T</title><item><title>A</title>"
        b"<link>https://feeds.feedburner.example/~r/site/~3/abc/</link>"
        b"<feedburner:origLink>https://site.example/2025/a.html</feedburner:origLink>"
        b"</item></channel></rss>"
    )
    assert only_item(body).url == "https://site.example/2025/a.html"


def test_authors() -> None:
    def author(value: str) -> str | None:
        return only_item(rss(f"<item><title>T</title><author>{value}</author></item>")).author

    assert author("desk@news.example (Maria Silva)") == "Maria Silva"
    assert author("Maria Silva &lt;desk@news.example&gt;") == "Maria Silva"
    assert author("desk@news.example") is None  # an address is not a name
    dc = rss(
        "<item><title>T</title><dc:creator>Ann  Lee</dc:creator></item>",
    ).replace(
        b'<rss version="2.0">', b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    )
    assert only_item(dc).author == "Ann Lee"


# --- discovery --------------------------------------------------------------------------------


def test_discover_feeds_on_a_page_with_feed_links() -> None:
    html = (FIXTURES / "page_with_feeds.html").read_text(encoding="utf-8")
    assert discover_feeds(html, "https://www.riverton-courier.example/news/today") == [
        "https://www.riverton-courier.example/feed/",
        "https://www.riverton-courier.example/comments/feed/",
        "https://www.riverton-courier.example/news/sport/atom.xml",  # relative, utm_ dropped
        "https://www.riverton-courier.example/feed.json",  # scheme-relative
    ]  # no WordPress REST record, no oEmbed, no hreflang page, no javascript:, no repeat


def test_discover_feeds_on_a_page_without_any() -> None:
    html = (FIXTURES / "page_without_feeds.html").read_text(encoding="utf-8")
    assert discover_feeds(html, "https://crumbs.example/") == []
    assert discover_feeds("", "https://crumbs.example/") == []
    assert (
        discover_feeds("<link rel=alternate type=application/rss+xml>", "https://c.example/") == []
    )


def test_discover_feeds_honours_base_href() -> None:
    html = (
        '<html><head><base href="https://cdn.example/site/">'
        '<link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">'
        "</head></html>"
    )
    assert discover_feeds(html, "https://www.example/page") == ["https://cdn.example/site/atom.xml"]


def test_discover_feeds_knows_every_feed_link_type() -> None:
    kinds = ["application/x-rss+xml", "application/rdf+xml", "application/x-atom+xml", "text/xml"]
    links = "".join(
        f'<link rel="alternate" type="{kind}" href="/feed{n}">' for n, kind in enumerate(kinds)
    )
    links += '<link rel="alternate" type="application/xhtml+xml" href="/mobile">'  # a page
    found = discover_feeds(f"<html><head>{links}</head></html>", "https://www.example/")
    assert found == [
        "https://www.example/feed0",
        "https://www.example/feed1",
        "https://www.example/feed2",
    ]


def test_discover_feeds_survives_broken_markup() -> None:
    html = '<base href="http://[::1"><link rel=alternate type=application/rss+xml href="/rss">'
    assert discover_feeds(html, "https://www.example/") == ["https://www.example/rss"]
    assert discover_feeds("<html><link rel='alternate' <<<>>> </ht", "https://e.example/") == []


# --- anything at all ----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        b'<?xml version="1.0" encoding="utf-8"?>',
        b'<?xml version="1.0" encoding="utf-16"?>',
        b'<rss version="2.0">',
        b"<channel>",
        b"<item>",
        b"</item>",
        b"<title>",
        b"</title>",
        b"<link>",
        b"</link>",
        b"<pubDate>Mon, 01 Jan 9999 00:00:00 GMT</pubDate>",
        b'<feed xmlns="http://www.w3.org/2005/Atom">',
        b"<entry>",
        b'<content type="html">&lt;p&gt;',
        b"<![CDATA[<p>x",
        b"]]>",
        b"&amp;",
        b"<!DOCTYPE x [<!ENTITY a 'bb'>]>&a;",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": 1, "url": ',
        b'"date_published": "2025-99-01T00:00:00Z"}',
        b"]}",
        b"\x00",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.one_of(
        st.binary(max_size=300), st.lists(_PIECES | st.binary(max_size=6)).map(b"".join)
    ),
    content_type=st.sampled_from([None, "text/xml", "application/json", "text/html; charset=x"]),
)
def test_any_bytes_give_a_feed_or_a_feed_error(body: bytes, content_type: str | None) -> None:
    try:
        feed = parse_feed(body, "https://news.example/feed", content_type=content_type)
    except FeedError:
        return
    assert isinstance(feed, Feed)
    for item in feed.items:
        assert item.published is None or item.published.tzinfo is UTC


# --- cost caps --------------------------------------------------------------------------------


def _rss_of(count: int, title: str = "Many") -> bytes:
    entries = "".join(
        f"<item><title>Story {i}</title><link>https://news.example/{i}</link></item>"
        for i in range(count)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://news.example/</link>{entries}</channel></rss>"
    ).encode()


def test_a_feed_gives_its_first_items_up_to_the_cap() -> None:
    feed = parse_feed(_rss_of(feeds.MAX_FEED_ITEMS + 500), "https://news.example/feed")
    assert len(feed.items) == feeds.MAX_FEED_ITEMS
    assert feed.items[0].title == "Story 0"
    assert feed.items[-1].title == f"Story {feeds.MAX_FEED_ITEMS - 1}"
    assert feed.title == "Many"
    small = parse_feed(_rss_of(3), "https://news.example/feed")
    assert [item.title for item in small.items] == ["Story 0", "Story 1", "Story 2"]


def test_a_json_feed_gives_its_first_items_up_to_the_cap() -> None:
    items = [{"id": str(i), "url": f"https://news.example/{i}"} for i in range(400)]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})
    feed = parse_feed(body.encode(), "https://news.example/feed.json")
    assert len(feed.items) == feeds.MAX_FEED_ITEMS


def test_a_long_title_is_cut() -> None:
    feed = parse_feed(_rss_of(1, "é" * 10_000), "https://news.example/feed")
    assert feed.title is not None and len(feed.title) == feeds.MAX_TITLE_CHARS
    assert feed.title.endswith("…")


def test_discovery_stops_at_the_cap_and_keeps_page_order_without_repeats() -> None:
    links = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="/f/{i % 7}">'
        f'<link rel="alternate" type="application/rss+xml" href="/g/{i}">'
        for i in range(10_000)
    )
    found = discover_feeds(f"<html><head>{links}</head></html>", "https://news.example/")
    assert found[:4] == [
        "https://news.example/f/0",
        "https://news.example/g/0",
        "https://news.example/f/1",
        "https://news.example/g/1",
    ]
    assert len(found) == len(set(found)) <= feeds.MAX_FEED_LINKS


def test_examine_tells_a_feed_from_a_page_that_names_feeds() -> None:
    feed = feeds.examine(_fetched(_rss_of(2), "application/rss+xml"))
    assert (feed.is_feed, feed.title, feed.site_url) == (True, "Many", "https://news.example/")
    html = (
        b'<!doctype html><html><head><link rel="alternate" type="application/atom+xml" '
        b'href="/atom"><link rel="alternate" type="application/rss+xml" href="/rss">'
        b"</head><body><p>Home</p></body></html>"
    )
    page = feeds.examine(_fetched(html, "text/html"), limit=1)
    assert (page.is_feed, page.candidates) == (False, ("https://news.example/atom",))
    assert feeds.examine(_fetched(html, "text/html"), limit=0).candidates == ()


def _fetched(body: bytes, content_type: str) -> feeds.FetchResult:
    return feeds.FetchResult(
        url="https://news.example/",
        status=200,
        headers={"content-type": content_type},
        content_type=content_type,
        charset=None,
        body=body,
    )
