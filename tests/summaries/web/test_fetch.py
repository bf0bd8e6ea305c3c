"""Fetcher (summaries/web/fetch.py) against a real HTTP/1.1 server on 127.0.0.1.

The server is a few lines over ``asyncio.start_server``; every URL used here is on 127.0.0.1 or
is refused by the address guard before any connection (the SSRF test proves the latter with a
listener that records connections).
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import dataclasses
import functools
import gzip
import ipaddress
import pickle
import socket
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable

import brotli
import httpcore
import httpx
import pytest

from summaries.errors import SummaryError
from summaries.web.fetch import (
    BadRedirect,
    Blocked,
    BlockedAddress,
    BlockedPort,
    EmptyPage,
    Fetcher,
    FetchError,
    FetchOptions,
    FetchTimeout,
    HostNotFound,
    HttpError,
    LoginRequired,
    NotAnArticle,
    NotFound,
    TooLarge,
    TooManyRedirects,
    Unreachable,
    _parse_origin,
    decode,
    is_forbidden_address,
)
from summaries.web.urls import BadUrl

ARTICLE = b"<!doctype html><html><head><title>Buses</title></head><body><p>News.</p></body></html>"
LIMIT = 200_000  # max_bytes in tests: small, so size tests stay fast
RU_TEXT = "Мэрия Новосибирска объявила о строительстве новой станции метро. " * 20
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"x" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100

Writer = asyncio.StreamWriter
Handler = Callable[[Writer], Awaitable[None]]


def _response(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None, length: bool = True
) -> bytes:
    lines = [f"HTTP/1.1 {status} X", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _page(body: bytes, content_type: str = "text/html; charset=utf-8", **extra: str) -> bytes:
    return _response(200, body, {"Content-Type": content_type, **extra})


# Location values that once escaped the fetcher's error tree (httpx.InvalidURL, idna errors).
HOSTILE_LOCATIONS = {
    "javascript": "javascript:alert(1)",
    "data": "data:text/html,<p>hi</p>",
    "bad-ace": "http://xn--a/",
    "bad-ace-relative": "//xn--a/story",
    "long": "http://news.example/" + "a" * 70_000,
    "open-bracket": "http://[::1/",
    "emoji": "http://💩.la/".encode().decode("latin-1"),  # the UTF-8 bytes, as a server sends them
    "snowman": "http://☃.net/".encode().decode("latin-1"),
}


def _redirect(location: str, status: int = 302) -> bytes:
    return _response(status, b"", {"Location": location})


async def _trickle(writer: Writer) -> None:
    writer.write(
        _response(200, headers={"Content-Type": "text/html", "Content-Length": "100"}, length=False)
    )
    for _ in range(100):
        writer.write(b"<")
        await writer.drain()
        await asyncio.sleep(1)


async def _silent(writer: Writer) -> None:
    await asyncio.sleep(30)


async def _unbounded(writer: Writer) -> None:
    writer.write(_response(200, headers={"Content-Type": "text/html"}, length=False))
    chunk = b"<p>" + b"a" * 16_000 + b"</p>"
    for _ in range(1000):  # 16 MB, no Content-Length: only counting can stop it
        writer.write(chunk)
        await writer.drain()


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b"\x00" * 20_000_000, compresslevel=9)  # ~20 kB on the wire


@functools.cache
def _big_bombs() -> tuple[bytes, bytes, bytes]:
    """200 MB of zeros as brotli (~300 bytes), gzip (~200 kB), gzip in gzip (~500 bytes)."""
    zeros = b"\x00" * 200_000_000
    once = gzip.compress(zeros, 9)
    return brotli.compress(zeros, quality=5), once, gzip.compress(once, 9)


BMP = b"BM" + (70).to_bytes(4, "little") + b"\x00" * 4 + (54).to_bytes(4, "little")
BMP += (40).to_bytes(4, "little") + b"\x01\x00\x00\x00" * 2 + b"\x00" * 40


def _routes(port: int, other_port: int) -> dict[str, bytes | Handler]:
    bomb = _bomb()
    br_bomb, gzip_bomb, gzip_gzip_bomb = _big_bombs()
    cp1251 = f"<html><body><p>{RU_TEXT}</p></body></html>".encode("cp1251")
    koi8 = f"<html><body><p>{RU_TEXT}</p></body></html>".encode("koi8-r")
    meta1251 = f'<html><head><meta charset="windows-1251"></head><body>{RU_TEXT}</body></html>'
    equiv_koi8 = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        f"</head><body>{RU_TEXT}</body></html>"
    )
    return {
        "/article": _page(ARTICLE),
        "/plain": _page(b"Just text, an article in plain words.", "text/plain"),
        "/no-type": _response(200, ARTICLE),
        "/gzip": _page(gzip.compress(ARTICLE), **{"Content-Encoding": "gzip"}),
        "/deflate": _page(zlib.compress(ARTICLE), **{"Content-Encoding": "deflate"}),
        "/br": _page(brotli.compress(ARTICLE), **{"Content-Encoding": "br"}),
        "/r/1": _redirect("/r/2", 301),
        "/r/2": _redirect(f"http://127.0.0.1:{port}/r/3", 307),
        "/r/3": _redirect("/article?utm_source=x#frag", 308),
        "/loop/a": _redirect("/loop/b"),
        "/loop/b": _redirect("/loop/a"),
        **{f"/hop/{n}": _redirect(f"/hop/{n + 1}") for n in range(10)},
        "/to-other-port": _redirect(f"http://127.0.0.1:{other_port}/"),
        "/to-localhost": _redirect(f"http://localhost:{port}/article"),
        "/to-metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-file": _redirect("file:///etc/passwd"),
        "/to-ftp": _redirect("ftp://example.com/file.txt"),
        "/to-userinfo": _redirect("http://user:pass@example.com/"),
        **{f"/hostile/{name}": _redirect(location) for name, location in HOSTILE_LOCATIONS.items()},
        "/trickle": _trickle,
        "/silent": _silent,
        "/big": _page(b"<p>" + b"a" * (LIMIT + 1)),
        "/unbounded": _unbounded,
        "/bomb": _page(bomb, **{"Content-Encoding": "gzip"}),
        "/br-bomb": _page(br_bomb, **{"Content-Encoding": "br"}),
        "/gzip-gzip-bomb": _page(gzip_gzip_bomb, **{"Content-Encoding": "gzip, gzip"}),
        "/gzip-bomb": _page(gzip_bomb, **{"Content-Encoding": "gzip"}),
        "/two-headers": _page(
            gzip.compress(gzip.compress(ARTICLE)),
            **{"Content-Encoding": "gzip\r\nContent-Encoding: gzip"},
        ),
        "/zstd": _page(ARTICLE, **{"Content-Encoding": "zstd"}),
        "/raw-deflate": _page(zlib.compress(ARTICLE)[2:-4], **{"Content-Encoding": "deflate"}),
        "/broken-gzip": _page(b"not gzip at all", **{"Content-Encoding": "gzip"}),
        "/bmw": _page(b"BMW recalls 100,000 cars. " * 50, "text/plain; charset=utf-8"),
        "/id3": _page(b"ID3 tags explained: a short story of MP3 metadata.", "text/plain"),
        "/bmp": _page(BMP, "application/octet-stream"),
        "/bmp-as-text": _page(BMP, "text/plain"),
        "/html-as-plain": _page(b"\n  <!DOCTYPE html>" + ARTICLE[15:], "text/plain"),
        "/bom-html-as-plain": _page(codecs.BOM_UTF8 + ARTICLE, "text/plain"),
        "/comment-as-plain": _page(b"<!-- not a page --> plain words", "text/plain"),
        "/pdf-as-html": _page(PDF),
        "/pdf": _page(PDF, "application/pdf"),
        "/png": _page(PNG, "image/png"),
        "/html-as-octets": _page(ARTICLE, "application/octet-stream"),
        "/video": _page(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 50, "video/mp4"),
        "/zip": _page(b"PK\x03\x04" + b"\x00" * 50, "text/html"),
        "/empty": _page(b""),
        "/blank": _page(b"  \r\n "),
        "/404": _response(404, b"<h1>Not here</h1>", {"Content-Type": "text/html"}),
        "/410": _response(410, b"gone"),
        "/401": _response(401, b"", {"WWW-Authenticate": "Basic"}),
        "/403": _response(403, b"<h1>Forbidden</h1>", {"Content-Type": "text/html"}),
        "/500": _response(500, b"oops"),
        "/cf": _response(
            403,
            b"<html><head><title>Just a moment...</title></head>"
            b"<body><script src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page'></script>"
            b"<form id='challenge-form' action='/?__cf_chl_f_tk=abc'></form></body></html>",
            {"Server": "cloudflare", "Content-Type": "text/html", "CF-Ray": "1-AMS"},
        ),
        "/cf-header": _response(503, b"", {"cf-mitigated": "challenge", "Server": "cloudflare"}),
        "/datadome": _response(
            403, b'{"url":"https://geo.captcha-delivery.com/captcha/"}', {"X-DataDome": "protected"}
        ),
        "/captcha-429": _response(429, b"<html><body>Please solve the CAPTCHA</body></html>"),
        "/cp1251": _page(cp1251, "text/html; charset=windows-1251"),
        "/koi8r": _page(koi8, 'text/html; charset="KOI8-R"'),
        "/meta1251": _page(meta1251.encode("cp1251"), "text/html"),
        "/equiv-koi8": _page(equiv_koi8.encode("koi8-r"), "text/html"),
        "/sniff1251": _page(cp1251, "text/html"),
        "/bom": _page(codecs.BOM_UTF8 + RU_TEXT.encode("utf-8"), "text/html; charset=cp1251"),
        "/latin1": _page(
            "<p>Café déjà vu — “quoted”</p>".encode("cp1252"), "text/html; charset=iso-8859-1"
        ),
    }


class Server:
    """A tiny HTTP/1.1 server: one request per connection, routes by path."""

    def __init__(self) -> None:
        self.port = 0
        self.routes: dict[str, bytes | Handler] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []

    async def handle(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            path = request_line.split(" ")[1]
            headers = {
                name.strip().lower(): value.strip()
                for name, _, value in (line.partition(":") for line in header_lines if line)
            }
            self.requests.append((path, headers))
            route = self.routes.get(path, _response(404, b"no route"))
            if isinstance(route, bytes):
                writer.write(route)
                await writer.drain()
            else:
                await route(writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
async def recorder() -> AsyncIterator[list[object]]:
    """A listener on 127.0.0.1 that records every connection (and answers nothing)."""
    connections: list[object] = []

    async def record(reader: asyncio.StreamReader, writer: Writer) -> None:
        connections.append(writer.get_extra_info("peername"))
        writer.close()

    server = await asyncio.start_server(record, "127.0.0.1", 0)
    connections.append(server.sockets[0].getsockname()[1])  # [0] is the port, not a connection
    async with server:
        yield connections


@pytest.fixture
async def server(recorder: list[object]) -> AsyncIterator[Server]:
    state = Server()
    listener = await asyncio.start_server(state.handle, "127.0.0.1", 0)
    state.port = listener.sockets[0].getsockname()[1]
    state.routes = _routes(state.port, int(str(recorder[0])))
    async with listener:
        yield state


OPTIONS = FetchOptions(connect_timeout=2.0, total_timeout=3.0, max_bytes=LIMIT, allow_private=True)


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(OPTIONS) as fetcher:
        yield fetcher


async def test_fetches_a_page(server: Server, fetcher: Fetcher) -> None:
    result = await fetcher.fetch(server.url("/article"))
    assert result.status == 200
    assert result.body == ARTICLE
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.url == server.url("/article")
    assert result.redirects == ()
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert decode(result).startswith("<!doctype html>")
    _path, headers = server.requests[-1]
    assert "newsbrief" in headers["user-agent"]
    assert headers["accept-language"].startswith("en")


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/br"])
async def test_decompresses(server: Server, fetcher: Fetcher, path: str) -> None:
    assert (await fetcher.fetch(server.url(path))).body == ARTICLE


async def test_plain_text_and_missing_type_are_accepted(server: Server, fetcher: Fetcher) -> None:
    assert (await fetcher.fetch(server.url("/plain"))).content_type == "text/plain"
    assert (await fetcher.fetch(server.url("/no-type"))).content_type == "text/html"
    sniffed = await fetcher.fetch(server.url("/html-as-octets"))
    assert sniffed.content_type == "text/html"  # the bytes beat the header


async def test_follows_a_redirect_chain(server: Server, fetcher: Fetcher) -> None:
    result = await fetcher.fetch(server.url("/r/1"))
    assert result.url == server.url("/article")  # tracking params and fragment dropped
    assert result.redirects == (server.url("/r/1"), server.url("/r/2"), server.url("/r/3"))
    assert result.body == ARTICLE


@pytest.mark.parametrize("path", ["/loop/a", "/hop/0"])
async def test_redirect_loops_and_long_chains(server: Server, fetcher: Fetcher, path: str) -> None:
    with pytest.raises(TooManyRedirects):
        await fetcher.fetch(server.url(path))


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp", "/to-userinfo"])
async def test_redirect_to_a_non_web_address(server: Server, fetcher: Fetcher, path: str) -> None:
    with pytest.raises(BadRedirect) as info:
        await fetcher.fetch(server.url(path))
    assert info.value.user_message.startswith("This page redirected somewhere newsbrief does not")
    assert not isinstance(info.value, BadUrl)  # the link itself was fine


@pytest.mark.parametrize("name", sorted(HOSTILE_LOCATIONS))
async def test_hostile_redirect_targets_are_bad_redirects(
    server: Server, fetcher: Fetcher, name: str
) -> None:
    with pytest.raises(SummaryError) as info:
        await fetcher.fetch(server.url(f"/hostile/{name}"))
    assert isinstance(info.value, BadRedirect), info.value


@pytest.mark.parametrize("url", ["http://xn--a/", "http://news.example/" + "a" * 9000])
async def test_links_httpx_cannot_build_are_bad_urls(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(BadUrl):
        await fetcher.fetch(url)


@pytest.mark.parametrize("path", ["/to-other-port", "/to-localhost", "/to-metadata"])
async def test_redirect_to_private_address_is_refused(
    server: Server, recorder: list[object], path: str
) -> None:
    # The test server itself is trusted (it is local); where it redirects to is not.
    options = dataclasses.replace(
        OPTIONS, allow_private=False, trusted_origins=frozenset({f"127.0.0.1:{server.port}"})
    )
    async with Fetcher(options) as fetcher:
        with pytest.raises(BlockedAddress) as info:
            await fetcher.fetch(server.url(path))
    assert type(info.value) is BlockedAddress
    assert server.requests[-1][0] == path  # the first hop was fetched; the redirect was refused
    assert len(recorder) == 1  # only the port: no connection reached the listener


async def test_trickling_server_hits_the_total_time_limit(server: Server) -> None:
    options = dataclasses.replace(OPTIONS, total_timeout=1.5)
    async with Fetcher(options) as fetcher:
        with pytest.raises(FetchTimeout) as info:
            await fetcher.fetch(server.url("/trickle"))
    assert "1.5 seconds" in info.value.user_message  # the total limit, not a read timeout


async def test_silent_server_times_out(server: Server) -> None:
    options = dataclasses.replace(OPTIONS, total_timeout=1.0)
    async with Fetcher(options) as fetcher:
        with pytest.raises(FetchTimeout):
            await fetcher.fetch(server.url("/silent"))


async def test_read_timeout_reports_the_total_limit(server: Server, fetcher: Fetcher) -> None:
    fetcher._client.timeout = httpx.Timeout(0.2)  # httpx's read timeout fires first
    with pytest.raises(FetchTimeout) as info:
        await fetcher.fetch(server.url("/silent"))
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert "more than 3 seconds" in info.value.user_message  # total_timeout, not connect's 2


@pytest.mark.parametrize("path", ["/big", "/unbounded", "/bomb"])
async def test_size_limit_counts_decoded_bytes(server: Server, fetcher: Fetcher, path: str) -> None:
    with pytest.raises(TooLarge):
        await fetcher.fetch(server.url(path))


@pytest.mark.parametrize("path", ["/br-bomb", "/gzip-bomb"])
async def test_bombs_stop_at_the_limit_in_bounded_memory(
    server: Server, fetcher: Fetcher, path: str
) -> None:
    _big_bombs()  # built before measuring
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            await fetcher.fetch(server.url(path))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * LIMIT  # 200 MB inside; only about the limit was ever decoded


@pytest.mark.parametrize("path", ["/gzip-gzip-bomb", "/two-headers", "/zstd", "/broken-gzip"])
async def test_stacked_unknown_or_broken_codings_are_refused(
    server: Server, fetcher: Fetcher, path: str
) -> None:
    with pytest.raises(Unreachable):
        await fetcher.fetch(server.url(path))


async def test_accept_encoding_and_raw_deflate(server: Server, fetcher: Fetcher) -> None:
    assert (await fetcher.fetch(server.url("/raw-deflate"))).body == ARTICLE
    assert server.requests[-1][1]["accept-encoding"] == "gzip, deflate, br"


@pytest.mark.parametrize("path", ["/bmw", "/id3", "/comment-as-plain"])
async def test_text_that_starts_like_a_magic_number(
    server: Server, fetcher: Fetcher, path: str
) -> None:
    assert (await fetcher.fetch(server.url(path))).content_type == "text/plain"


@pytest.mark.parametrize("path", ["/html-as-plain", "/bom-html-as-plain"])
async def test_html_served_as_plain_text_is_html(
    server: Server, fetcher: Fetcher, path: str
) -> None:
    assert (await fetcher.fetch(server.url(path))).content_type == "text/html"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/bmp", "an image"),
        ("/bmp-as-text", "an image"),
        ("/pdf-as-html", "a PDF"),
        ("/pdf", "a PDF"),
        ("/png", "an image"),
        ("/video", "a video"),
        ("/zip", "an archive or an office document"),
    ],
)
async def test_not_an_article(server: Server, fetcher: Fetcher, path: str, kind: str) -> None:
    with pytest.raises(NotAnArticle) as info:
        await fetcher.fetch(server.url(path))
    assert info.value.user_message == f"This link is not an article (it is {kind})."


@pytest.mark.parametrize("path", ["/empty", "/blank"])
async def test_empty_page(server: Server, fetcher: Fetcher, path: str) -> None:
    with pytest.raises(EmptyPage):
        await fetcher.fetch(server.url(path))


@pytest.mark.parametrize(
    ("path", "error", "status"),
    [
        ("/404", NotFound, 404),
        ("/410", NotFound, 410),
        ("/401", LoginRequired, 401),
        ("/cf", Blocked, 403),
        ("/cf-header", Blocked, 503),
        ("/datadome", Blocked, 403),
        ("/captcha-429", Blocked, 429),
        ("/403", HttpError, 403),
        ("/500", HttpError, 500),
    ],
)
async def test_status_errors(
    server: Server, fetcher: Fetcher, path: str, error: type[HttpError], status: int
) -> None:
    with pytest.raises(error) as info:
        await fetcher.fetch(server.url(path))
    assert type(info.value) is error
    assert info.value.status == status


@pytest.mark.parametrize(
    "path", ["/cp1251", "/koi8r", "/meta1251", "/equiv-koi8", "/sniff1251", "/bom"]
)
async def test_decodes_russian_pages(server: Server, fetcher: Fetcher, path: str) -> None:
    text = decode(await fetcher.fetch(server.url(path)))
    assert RU_TEXT.strip() in text


async def test_latin1_label_reads_as_windows_1252(server: Server, fetcher: Fetcher) -> None:
    assert "Café déjà vu — “quoted”" in decode(await fetcher.fetch(server.url("/latin1")))


async def test_refused_connection_and_unknown_host(
    fetcher: Fetcher, recorder: list[object]
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(Unreachable):
        await fetcher.fetch(f"http://127.0.0.1:{port}/")
    with pytest.raises(HostNotFound):
        await fetcher.fetch("http://no-such-host.invalid/")  # .invalid never resolves (RFC 6761)


async def test_connect_timeout_is_the_connect_limit_not_the_total() -> None:
    """A listener whose accept queue is full drops new SYNs, so connecting hangs, as it does
    with a firewall that drops packets. The connect limit ends it, well before the total one."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = [socket.socket() for _ in range(4)]
        try:
            for filler in fillers:
                filler.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    filler.connect(("127.0.0.1", port))
            await asyncio.sleep(0.1)  # let the kernel queue the fillers' handshakes
            options = dataclasses.replace(OPTIONS, connect_timeout=0.5, total_timeout=10.0)
            async with Fetcher(options) as fetcher:
                with pytest.raises(FetchTimeout) as info:
                    await fetcher.fetch(f"http://127.0.0.1:{port}/")
        finally:
            for filler in fillers:
                filler.close()
    assert info.value.seconds == 0.5
    assert "more than 0.5 seconds" in info.value.user_message


def _forbidden_urls(port: int) -> list[str]:
    local = [
        "127.0.0.1",
        "localhost",
        "2130706433",
        "0x7f.1",
        "0177.0.0.1",
        "127.1",
        "0x7f000001",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[::127.0.0.1]",
        "0.0.0.0",
        "[::]",
        "[2002:7f00:1::1]",  # 6to4 around 127.0.0.1
        "[64:ff9b::7f00:1]",  # NAT64 around 127.0.0.1
    ]
    remote = [
        "10.0.0.1",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.0.1",
        "198.18.0.1",
        "[fe80::1]",
        "[fc00::1]",
        "[fd12:3456::1]",
        "[ff02::1]",
        "[::ffff:10.0.0.1]",
        "[2002:a00:1::1]",  # 6to4 around 10.0.0.1
        "[64:ff9b::a9fe:a9fe]",  # NAT64 around 169.254.169.254
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
    ]
    return [f"http://{host}:{port}/" for host in local] + [
        f"http://{host}/latest/meta-data/" for host in remote
    ]


async def test_ssrf_guard_refuses_before_connecting(recorder: list[object]) -> None:
    port = int(str(recorder[0]))
    options = dataclasses.replace(OPTIONS, allow_private=False)
    async with Fetcher(options) as fetcher:
        for url in _forbidden_urls(port):
            with pytest.raises(BlockedAddress) as info:
                await fetcher.fetch(url)
            assert type(info.value) is BlockedAddress, url
            assert "private or local network address" in info.value.user_message
    assert recorder == [port]  # the listener saw no connection at all


async def test_public_host_on_an_odd_port_is_refused_before_connecting() -> None:
    options = dataclasses.replace(OPTIONS, allow_private=False)
    async with Fetcher(options) as fetcher:
        with pytest.raises(BlockedPort) as info:
            await fetcher.fetch("http://93.184.215.14:8080/")  # public; refused before any connect
    assert info.value.port == 8080


@pytest.mark.parametrize(
    "address",
    ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8", "2001:4860:4860::8888", "1.1.1.1"],
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert not is_forbidden_address(ipaddress.ip_address(address))


# One address in each special-purpose range, where Python's own tables lag behind IANA's.
SPECIAL_PURPOSE = [
    "192.0.0.9",  # IETF protocol assignments (Python calls this one global)
    "192.0.0.170",  # NAT64 discovery
    "192.88.99.1",  # deprecated 6to4 relay anycast
    "192.31.196.1",  # AS112-v4
    "192.175.48.1",  # direct delegation AS112
    "192.52.193.1",  # AMT
    "192.0.2.10",  # documentation
    "198.51.100.7",  # documentation
    "203.0.113.99",  # documentation
    "fec0::1",  # site local (deprecated)
    "3fff::1",  # documentation (RFC 9637)
    "3fff:fff:ffff::1",  # the same /20's end
    "2001:db8::1",  # documentation
    "2001:2::1",  # benchmarking
    "100::1",  # discard-only
    "5f00::1",  # SRv6 SIDs
    "2620:4f:8000::1",  # AS112
]


@pytest.mark.parametrize("address", SPECIAL_PURPOSE)
def test_special_purpose_ranges_are_forbidden(address: str) -> None:
    assert is_forbidden_address(ipaddress.ip_address(address))


async def test_a_name_resolving_into_a_special_range_is_refused_without_connecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The resolver and the connect are stubbed: no socket is opened to any address."""
    connects: list[str] = []

    async def resolve(host: str, port: int, **_: object) -> list[tuple[object, ...]]:
        address = resolved[host]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    async def connect(self: object, host: str, *args: object, **kwargs: object) -> object:
        connects.append(host)
        raise httpcore.ConnectError("the test allows no connection")

    resolved = {f"site{n}.example": address for n, address in enumerate(SPECIAL_PURPOSE)}
    resolved["public.example"] = "93.184.215.14"
    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", resolve)
    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect)
    options = dataclasses.replace(OPTIONS, allow_private=False)
    async with Fetcher(options) as fetcher:
        for host in resolved:
            if host == "public.example":
                continue
            with pytest.raises(BlockedAddress):
                await fetcher.fetch(f"http://{host}/news")
        assert connects == []
        with pytest.raises(Unreachable):  # the public name gets as far as the (stubbed) connect
            await fetcher.fetch("http://public.example/news")
    assert connects == ["93.184.215.14"]


ERRORS: list[FetchError] = [
    BlockedAddress(),
    BlockedPort(8080),
    HostNotFound("example.invalid"),
    Unreachable(),
    FetchTimeout(20),
    TooManyRedirects(),
    BadRedirect("only http and https web pages can be read, not ftp: links"),
    TooLarge(5 * 1024 * 1024),
    EmptyPage(),
    NotAnArticle("a PDF"),
    HttpError(500),
    NotFound(404),
    LoginRequired(401),
    Blocked(403),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_message(error: FetchError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert copy.user_message == error.user_message
    assert copy.code == error.code
    assert vars(copy) == vars(error)
    assert error.user_message.endswith(".")


def test_trusted_origins_normalize_ipv6_brackets() -> None:
    assert _parse_origin("[::1]:8080") == ("::1", 8080)
    assert _parse_origin("[0:0::1]:8080") == ("::1", 8080)
    assert _parse_origin("::1:8080") == ("::1", 8080)
    assert _parse_origin("LocalHost:80") == ("localhost", 80)
    with pytest.raises(ValueError, match="host:port"):
        _parse_origin("example.com")


async def test_trusted_ipv6_origin_is_exempt(server: Server) -> None:
    try:
        listener = await asyncio.start_server(server.handle, "::1", 0)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    port = listener.sockets[0].getsockname()[1]
    options = dataclasses.replace(
        OPTIONS, allow_private=False, trusted_origins=frozenset({f"[0::1]:{port}"})
    )
    async with listener, Fetcher(options) as fetcher:
        assert (await fetcher.fetch(f"http://[::1]:{port}/article")).body == ARTICLE
