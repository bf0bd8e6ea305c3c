"""summaries/web/content.py: media types, sniffing, and decoding a page's bytes to text."""

from __future__ import annotations

import pytest

from summaries.web.content import (
    FetchResult,
    decode,
    describe,
    is_article_type,
    is_feed_type,
    sniff,
    web_codec,
)

BMP = b"BM" + (70).to_bytes(4, "little") + b"\x00" * 4 + (54).to_bytes(4, "little")
BMP += (40).to_bytes(4, "little") + b"\x01\x00\x00\x00" * 2 + b"\x00" * 40


def test_sniffing_needs_proof_for_printable_magics() -> None:
    assert sniff(BMP, textual=False) == "an image"
    assert sniff(BMP, textual=True) == "an image"  # the full header is binary
    assert sniff(b"BMW recalls", textual=False) is None
    assert sniff(b"GIF89a is a format", textual=True) is None
    assert sniff(b"GIF89a\x01\x00\x01\x00\x80\x00\x00", textual=True) == "an image"
    assert sniff(b"OggS\x00\x02" + b"\x00" * 20, textual=True) == "an audio file"


def _result(body: bytes, charset: str | None = None) -> FetchResult:
    return FetchResult("http://example.com/", 200, {}, "text/html", charset, body)


@pytest.mark.parametrize(
    "label", ["base64", "hex", "rot13", "zlib", "undefined", "idna", "punycode", "bogus", "mbcs"]
)
def test_non_web_charset_labels_are_ignored(label: str) -> None:
    body = "<html><p>Café news</p></html>".encode()
    assert decode(_result(body, label)) == body.decode()
    meta = f'<meta charset="{label}"><p>Café news</p>'.encode()
    assert decode(_result(meta)) == meta.decode()


def test_a_punycode_label_is_not_honoured() -> None:
    """Decoding 640 KB as punycode would take seconds: the label is unknown, the bytes UTF-8."""
    assert web_codec("punycode") is None
    text = decode(_result(b"a" * 640_000, "punycode"))
    assert len(text) == 640_000 and set(text) == {"a"}


def test_whatwg_labels() -> None:
    assert decode(_result("Привет".encode("cp1251"), " Windows-1251 ")) == "Привет"
    assert decode(_result("日本語".encode("shift_jis"), "sjis")) == "日本語"
    assert decode(_result("中文".encode("gb18030"), "gb2312")) == "中文"
    assert decode(_result(b"caf\xe9", "us-ascii")) == "café"  # WHATWG: ascii is windows-1252
    assert decode(_result(b"a\x80", "x-user-defined")) == "a\uf780"
    assert decode(_result('<meta charset="utf-16"><p>é</p>'.encode())).endswith("é</p>")


@pytest.mark.parametrize(
    "media_type",
    [
        "application/rss+xml",
        "application/x-rss+xml",
        "application/rdf+xml",
        "application/atom+xml",
        "text/xml",
        "application/xml",
        "application/feed+json",
        "application/json",
        "text/html",
        "text/plain",
    ],
)
def test_feed_types(media_type: str) -> None:
    assert is_feed_type(media_type)


@pytest.mark.parametrize("media_type", ["image/png", "application/pdf", "video/mp4", "audio/xml"])
def test_not_feed_types(media_type: str) -> None:
    assert not is_feed_type(media_type)
    assert not is_article_type(media_type)


def test_describe_names_what_a_user_sent() -> None:
    assert describe("application/pdf") == "a PDF"
    assert describe("application/x-rss+xml") == "a news feed"
    assert describe("application/rdf+xml") == "a news feed"
    assert describe("image/webp") == "an image"
    assert describe("application/x-thing") == "a application/x-thing file"


def test_web_codec_knows_only_the_webs_labels() -> None:
    assert web_codec(" UTF8 ") == "utf-8"
    assert web_codec("latin1") == "cp1252"  # WHATWG: latin1 is windows-1252
    assert web_codec("x-user-defined") == "cp1252"
    for label in ("punycode", "base64", "utf-7", "zlib", "", None):
        assert web_codec(label) is None
