"""normalize_url (summaries/web/urls.py): one spelling per link, BadUrl for what we cannot read."""

from __future__ import annotations

import pickle

import pytest

from summaries.errors import SummaryError
from summaries.web.urls import BadUrl, normalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        (
            "https://example.com/a?utm_source=tg&id=7&UTM_Medium=x&fbclid=1&gclid=2&page=2",
            "https://example.com/a?id=7&page=2",
        ),
        (
            "https://example.com/?yclid=1&mc_cid=2&mc_eid=3&igshid=4&_ga=5&ref_src=twsrc&b=1&a=2",
            "https://example.com/?b=1&a=2",
        ),
        ("https://example.com/a?utm_source=x", "https://example.com/a"),
        ("https://example.com/a?flag&x=", "https://example.com/a?flag&x="),
        (
            "https://пример.рф/новости",
            "https://xn--e1afmkfd.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8",
        ),
        ("https://EXAMPLE.com/Path/Keeps/Case", "https://example.com/Path/Keeps/Case"),
        ("https://example.com/a%20b", "https://example.com/a%20b"),
        ("https://my_host.example.com/", "https://my_host.example.com/"),
        ("example.com/story", "http://example.com/story"),
        ("http://[::1]:8000/", "http://[::1]:8000/"),
        ("http://[0:0:0:0:0:ffff:7f00:1]/", "http://[::ffff:7f00:1]/"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://2130706433/", "http://127.0.0.1/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://0177.0.0.1/", "http://127.0.0.1/"),
        ("http://127.1/", "http://127.0.0.1/"),
        ("http://0x7f000001/", "http://127.0.0.1/"),
        ("http://10.1/", "http://10.0.0.1/"),
        ("http://192.168.257/", "http://192.168.1.1/"),
    ],
)
def test_legacy_numeric_hosts_become_dotted_quads(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<h1>hi</h1>",
        "ftp://example.com/file",
        "mailto:someone@example.com",
        "//example.com/a",
        "not a url",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://example.com:99999/",
        "http://example.com:port/",
        "http://user:secret@example.com/",
        "http://example.com@evil.example/",
        "http://[::1/",
        "http://[zz::1]/",
        "http://1.2.3.4.5/",
        "http://256.1.1.1/",
        "http://1.2.3.4294967296/",
        "http://ex*ample.com/",
        "http://exa\x00mple.com/",
    ],
)
def test_bad_urls_raise_bad_url(url: str) -> None:
    with pytest.raises(BadUrl) as info:
        normalize_url(url)
    assert isinstance(info.value, SummaryError)
    assert info.value.user_message.startswith("This link cannot be read: ")


def test_bad_url_names_the_scheme_and_pickles() -> None:
    with pytest.raises(BadUrl) as info:
        normalize_url("javascript:alert(1)")
    assert "javascript:" in info.value.user_message
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is BadUrl
    assert copy.user_message == info.value.user_message
    assert copy.url == "javascript:alert(1)"
    assert copy.code == "bad_url"


def test_normalize_is_idempotent() -> None:
    url = "HTTPS://Пример.РФ:443/a%20b/ё?utm_campaign=x&q=1#top"
    once = normalize_url(url)
    assert normalize_url(once) == once
