"""parse_opml and export_opml (summaries/feeds/opml.py): subscription lists in and out."""

from __future__ import annotations

import pickle
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.errors import SummaryError
from summaries.feeds import opml
from summaries.feeds.opml import (
    MAX_OPML_BYTES,
    OpmlError,
    OpmlFeed,
    OpmlTopic,
    export_opml,
    parse_opml,
    parse_opml_topics,
)

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions in Reader</title></head>
  <body>
    <outline text="News" title="News">
      <outline text="Riverton Courier" title="Riverton  Courier" type="rss"
               xmlUrl="https://www.riverton-courier.example/feed/"
               htmlUrl="https://www.riverton-courier.example/"/>
      <outline text="Local">
        <outline text="Hafen-Nachrichten" type="rss" xmlUrl="HTTPS://Hafen-Nachrichten.example/atom.xml"/>
      </outline>
    </outline>
    <outline text="A folder with nothing in it"/>
    <outline text="Bookmarks only" htmlUrl="https://bookmarks.example/"/>
    <outline type="rss" xmlurl="https://marsh-notes.example/feed.json" text="Marsh &amp; notes"/>
    <outline text="Again" xmlUrl="https://www.riverton-courier.example/feed/?utm_source=reader"/>
    <outline text="Not the web" xmlUrl="ftp://files.example/feed.xml"/>
    <outline xmlUrl="https://untitled.example/rss"/>
  </body>
</opml>
"""


def test_nested_outlines() -> None:
    assert parse_opml(NESTED) == [
        OpmlFeed("https://www.riverton-courier.example/feed/", "Riverton Courier"),
        OpmlFeed("https://hafen-nachrichten.example/atom.xml", "Hafen-Nachrichten"),
        OpmlFeed("https://marsh-notes.example/feed.json", "Marsh & notes"),
        OpmlFeed("https://untitled.example/rss", None),
    ]  # folders, bookmarks, a repeat (after normalisation) and ftp: skipped


def test_round_trip() -> None:
    feeds = [
        OpmlFeed("https://www.riverton-courier.example/feed/", 'News & "Views" <daily>'),
        OpmlFeed("https://vesti-zarechye.example/rss", "Вести Заречья"),
        OpmlFeed("https://untitled.example/rss", None),
    ]
    data = export_opml(feeds, "newsbrief: Ann's feeds & more")
    assert parse_opml(data) == feeds
    root = ET.fromstring(data)  # well-formed, OPML 2.0, every outline with text (required)
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "newsbrief: Ann's feeds & more"
    outlines = root.findall("body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [feed.url for feed in feeds]
    assert all(o.get("text") and o.get("type") == "rss" for o in outlines)


def test_export_drops_characters_xml_cannot_carry() -> None:
    data = export_opml([OpmlFeed("https://a.example/rss", "Bell\x07 and\x00 tab\tok")], "T\x1b")
    assert parse_opml(data) == [OpmlFeed("https://a.example/rss", "Bell and tab ok")]
    assert export_opml([], "Empty").startswith(b"<?xml")
    assert parse_opml(export_opml([], "Empty")) == []


_TITLES = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40
)


@settings(max_examples=100, deadline=None)
@given(titles=st.lists(st.none() | _TITLES, max_size=5), title=_TITLES)
def test_round_trip_any_titles(titles: list[str | None], title: str) -> None:
    feeds = [OpmlFeed(f"https://site{n}.example/feed", name) for n, name in enumerate(titles)]
    parsed = parse_opml(export_opml(feeds, title))
    assert [feed.url for feed in parsed] == [feed.url for feed in feeds]
    for feed, back in zip(feeds, parsed, strict=True):
        kept = " ".join(opml._xml_text(feed.title or "").split())
        assert back.title == (kept or None)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://a.example/rss"/></body></opml>
"""


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://127.0.0.1:9/opml.dtd">'
        b'<opml version="2.0"><body/></opml>',
        b'<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<opml><body><outline text="&xxe;" xmlUrl="https://a.example/"/></body></opml>',
    ],
)
def test_dtds_and_entities_are_refused(data: bytes) -> None:
    with pytest.raises(OpmlError) as caught:
        parse_opml(data)
    assert "DTD" in caught.value.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"garbage, not XML at all", "well-formed"),
        (b"\x00\xff\x13binary", "well-formed"),
        (b'<opml version="2.0"><body><outline xmlUrl="https://a.example/rss">', "well-formed"),
        (b"<html><body><p>Hello</p></body></html>", "not OPML"),
        (b'<rss version="2.0"><channel/></rss>', "not OPML"),
        (b'<?xml version="1.0" encoding="no-such-codec"?><opml/>', "encoding"),
        (b'<?xml version="1.0" encoding="utf-8"?><opml><body><outline text="\xff"/></body></opml>',
         "well-formed"),
    ],
)  # fmt: skip
def test_garbage_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(OpmlError) as caught:
        parse_opml(data)
    assert reason in caught.value.reason
    assert isinstance(caught.value, SummaryError)
    assert caught.value.code == "opml"
    assert caught.value.user_message.startswith("This file cannot be read as an OPML")


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    padding = b"<!-- " + b"x" * MAX_OPML_BYTES + b" -->"
    with pytest.raises(OpmlError, match="over the limit"):
        parse_opml(b'<opml version="2.0"><body/></opml>' + padding)
    monkeypatch.setattr(opml, "MAX_OPML_BYTES", 50)
    with pytest.raises(OpmlError, match="over the limit of 50"):
        parse_opml(export_opml([OpmlFeed("https://a.example/rss")], "T"))


def test_encodings() -> None:
    cyrillic = (
        '<?xml version="1.0" encoding="windows-1251"?>'
        '<opml version="2.0"><body><outline text="Новости" xmlUrl="https://a.example/rss"/>'
        "</body></opml>"
    )
    expected = [OpmlFeed("https://a.example/rss", "Новости")]
    assert parse_opml(cyrillic.encode("windows-1251")) == expected
    utf16 = cyrillic.replace("windows-1251", "utf-16").encode("utf-16")  # with a BOM
    assert parse_opml(utf16) == expected


@pytest.mark.parametrize("label", ["punycode", "base64", "utf-7", "bz2"])
def test_a_declared_encoding_that_is_not_the_webs_is_refused(label: str) -> None:
    """Decoding with any codec Python has cost 24.6 s of CPU for a 1 MB "punycode" OPML."""
    document = (
        f'<?xml version="1.0" encoding="{label}"?><opml version="2.0"><body>'
        '<outline text="A" xmlUrl="https://a.example/rss"/></body></opml>'
    )
    with pytest.raises(OpmlError) as info:
        parse_opml(document.encode())
    assert info.value.kind == "encoding"
    assert label in info.value.reason


def test_error_pickles() -> None:
    error = OpmlError("it is empty")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.user_message == error.user_message
    assert copy.reason == "it is empty"


def test_topics_are_the_nearest_folders() -> None:
    topics = parse_opml_topics(NESTED)
    courier = OpmlFeed("https://www.riverton-courier.example/feed/", "Riverton Courier")
    hafen = OpmlFeed("https://hafen-nachrichten.example/atom.xml", "Hafen-Nachrichten")
    marsh = OpmlFeed("https://marsh-notes.example/feed.json", "Marsh & notes")
    untitled = OpmlFeed("https://untitled.example/rss", None)
    assert topics == [
        OpmlTopic("News", (courier,)),
        OpmlTopic("Local", (hafen,)),  # the nearest folder: News > Local
        OpmlTopic(None, (marsh, untitled)),  # outside any folder
    ]
    assert [f for t in topics for f in t.feeds] == parse_opml(NESTED)


def test_a_folder_reopened_later_is_one_topic() -> None:
    data = b"""<opml version="2.0"><body>
      <outline text="Science"><outline text="A" xmlUrl="https://a.example/rss"/></outline>
      <outline text="Sport"><outline text="B" xmlUrl="https://b.example/rss"/></outline>
      <outline title="Science"><outline text="C" xmlUrl="https://c.example/rss"/></outline>
    </body></opml>"""
    assert [(t.title, [f.title for f in t.feeds]) for t in parse_opml_topics(data)] == [
        ("Science", ["A", "C"]),
        ("Sport", ["B"]),
    ]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"not xml", "not_xml"),
        (b"<rss/>", "not_opml"),
        (BILLION_LAUGHS, "dtd"),
        (b'<?xml version="1.0" encoding="no-such-codec"?><opml/>', "encoding"),
    ],
)
def test_errors_name_their_kind(data: bytes, kind: str) -> None:
    with pytest.raises(OpmlError) as caught:
        parse_opml_topics(data)
    assert caught.value.kind == kind
    assert pickle.loads(pickle.dumps(caught.value)).kind == kind
