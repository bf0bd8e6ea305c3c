"""URL -> bytes, safely: one shared ``httpx.AsyncClient`` behind ``Fetcher.fetch``.

    SummaryError
    ├── BadUrl                   (summaries/web/urls.py) not an http(s) address, or malformed
    └── FetchError               the page could not be downloaded as an article
        ├── BlockedAddress       the host resolves to a private/local/reserved address
        │   └── BlockedPort      a public host, but not on port 80 or 443
        ├── HostNotFound         the name does not resolve
        ├── Unreachable          connection refused/reset, TLS failure, broken response,
        │                        a compression we do not read (or more than one)
        ├── FetchTimeout         over the connect or the total time limit
        ├── TooManyRedirects     a redirect loop, or more hops than allowed
        ├── BadRedirect          a redirect to a non-web address (ftp:, user:password@, ...)
        ├── TooLarge             the decoded body is over the size limit
        ├── EmptyPage            a 2xx answer with no body
        ├── NotAnArticle         a PDF, an image, a video, an archive, ...
        └── HttpError            any other 4xx/5xx answer (carries ``status``)
            ├── NotFound         404, 410
            ├── LoginRequired    401, 407
            └── Blocked          403/429/503 from an anti-bot wall (Cloudflare, DataDome, ...)

Safety, in the order a fetch meets it:

1. ``normalize_url`` on the link and on every redirect target: http/https only, numeric IPv4
   tricks rewritten to dotted quads. Redirects are followed here, by hand, one hop at a time.
2. The address guard lives in the network backend (``_GuardedBackend``), the only code that opens
   sockets: it resolves the host itself, refuses the connection if ANY resolved address is not
   public, and connects to the checked IP literal. What was checked is what is connected to, so
   DNS rebinding between check and connect is impossible. httpcore passes the URL's host name
   separately to ``start_tls(server_hostname=...)`` (httpcore/_async/connection.py, ``_connect``),
   so SNI and certificate checks still use the name, not the IP.
   Ports: with the guard on, only 80 and 443 are allowed; news sites do not live elsewhere, and
   it keeps the bot from being a port scanner for public hosts.
   The client ignores proxy environment variables (``trust_env=False``): a proxy would connect
   on our behalf and bypass the guard.
3. ``asyncio.timeout`` around the whole fetch, streamed body included (a trickling server fails
   in time); httpx's connect timeout on each connection.
4. The body is read raw (``aiter_raw``) and decompressed here, never by httpx: one content coding
   at most (gzip, deflate or br), each decompression call asked for no more than the bytes left
   under the limit, so a gzip or brotli bomb stops at the limit with bounded memory and CPU (a
   single synchronous decompression of a bomb would also stall the event loop, where
   ``asyncio.timeout`` cannot fire).
5. Status, then content type (sniffed bytes beat a lying header), then emptiness.

``trusted_origins`` is for tests only: an origin ("host:port", "[v6]:port") is trusted by name
and port when a connection is opened, so ANY page, public or not, may redirect into it. Never
list a real internal service there.

What a response is (its media type, sniffed kind and text: ``decode``) is
``summaries.web.content``; ``FetchResult`` and ``decode`` are re-exported here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from typing import Any, Self
from urllib.parse import urljoin

import brotli
import httpcore
import httpx

from summaries.errors import SummaryError
from summaries.web.content import (
    SNIFF_BYTES,
    FetchResult,
    decode,
    describe,
    is_article_type,
    is_feed_type,
    is_textual,
    parse_content_type,
    sniff,
)
from summaries.web.urls import BadUrl, normalize_url

__all__ = [
    "BadRedirect",
    "Blocked",
    "BlockedAddress",
    "BlockedPort",
    "EmptyPage",
    "FetchError",
    "FetchOptions",
    "FetchResult",
    "FetchTimeout",
    "Fetcher",
    "HostNotFound",
    "HttpError",
    "LoginRequired",
    "NotAnArticle",
    "NotFound",
    "TooLarge",
    "TooManyRedirects",
    "Unreachable",
    "decode",
    "is_forbidden_address",
]

ALLOWED_PORTS = frozenset({80, 443})  # with the guard on; see the module docstring
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ERROR_BODY_BYTES = 64 * 1024  # enough of an error page to spot a challenge, no more
KEPT_HEADERS = (
    "content-type",
    "content-language",
    "content-location",
    "last-modified",
    "etag",
    "date",
    "link",
    "x-robots-tag",
)  # what later stages may want (language hint, canonical Link, noarchive, caching)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.3"
)

# Anti-bot walls: headers that name one outright, and page markers for 403/429/503 bodies.
BOT_WALL_HEADERS = ("x-datadome", "x-dd-b", "x-datadome-cid")
BOT_WALL_MARKERS = (
    b"just a moment...",  # Cloudflare interstitial title
    b"cf-chl",  # Cloudflare challenge scripts and form ids
    b"challenge-platform",
    b"attention required! | cloudflare",
    b"captcha",  # reCAPTCHA, hCaptcha, DataDome, PerimeterX ("px-captcha")
    b"datadome",
    b"_incapsula_resource",  # Imperva
    b"access denied | ",  # Akamai-style block pages
)


class FetchError(SummaryError):
    """The page could not be downloaded as an article."""

    code = "fetch"

    def __init__(self, user_message: str = "newsbrief could not download this page.") -> None:
        super().__init__(user_message)


class BlockedAddress(FetchError):
    """The link points at a private, local or reserved network address."""

    code = "blocked_address"

    def __init__(
        self,
        user_message: str = (
            "This link points to a private or local network address, which newsbrief does not read."
        ),
    ) -> None:
        super().__init__(user_message)


class BlockedPort(BlockedAddress):
    """A public host, but on a port other than 80/443."""

    code = "blocked_port"

    def __init__(self, port: int) -> None:
        super().__init__(
            f"This link uses network port {port}; newsbrief only reads pages on the standard "
            "web ports."
        )
        self.port = port

    def __reduce__(self) -> tuple[type[BlockedPort], tuple[int]]:
        return (type(self), (self.port,))


class HostNotFound(FetchError):
    """The host name does not resolve."""

    code = "host_not_found"

    def __init__(self, host: str) -> None:
        super().__init__(f"The site {host} could not be found; check the link for typos.")
        self.host = host

    def __reduce__(self) -> tuple[type[HostNotFound], tuple[str]]:
        return (type(self), (self.host,))


class Unreachable(FetchError):
    """Connection refused or reset, TLS failure, or a broken response."""

    code = "unreachable"

    def __init__(
        self, user_message: str = "The site could not be reached or sent a broken answer."
    ) -> None:
        super().__init__(user_message)


class FetchTimeout(FetchError):
    """Over the connect or the total time limit."""

    code = "timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"The site took too long to answer (more than {seconds:g} seconds).")
        self.seconds = seconds

    def __reduce__(self) -> tuple[type[FetchTimeout], tuple[float]]:
        return (type(self), (self.seconds,))


class TooManyRedirects(FetchError):
    """A redirect loop, or more hops than allowed."""

    code = "too_many_redirects"

    def __init__(
        self,
        user_message: str = "This link redirects too many times (or in a circle) to reach a page.",
    ) -> None:
        super().__init__(user_message)


class BadRedirect(FetchError):
    """A redirect to an address that is not a plain http(s) web page."""

    code = "bad_redirect"

    def __init__(self, reason: str) -> None:
        super().__init__(f"This page redirected somewhere newsbrief does not follow ({reason}).")
        self.reason = reason

    def __reduce__(self) -> tuple[type[BadRedirect], tuple[str]]:
        return (type(self), (self.reason,))


class TooLarge(FetchError):
    """The decoded body is over the size limit."""

    code = "too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"This page is too large to read (over {limit / 1_000_000:g} MB after decompression)."
        )
        self.limit = limit

    def __reduce__(self) -> tuple[type[TooLarge], tuple[int]]:
        return (type(self), (self.limit,))


class EmptyPage(FetchError):
    """A successful answer with nothing in it."""

    code = "empty_page"

    def __init__(self, user_message: str = "The site sent an empty page.") -> None:
        super().__init__(user_message)


class NotAnArticle(FetchError):
    """The link leads to a file, not a web page."""

    code = "not_an_article"

    def __init__(self, kind: str) -> None:
        super().__init__(f"This link is not an article (it is {kind}).")
        self.kind = kind

    def __reduce__(self) -> tuple[type[NotAnArticle], tuple[str]]:
        return (type(self), (self.kind,))


class HttpError(FetchError):
    """The site answered with an error status."""

    code = "http_error"

    def __init__(self, status: int) -> None:
        super().__init__(self._message(status))
        self.status = status

    @staticmethod
    def _message(status: int) -> str:
        return f"The site answered with an error (HTTP {status})."

    def __reduce__(self) -> tuple[type[HttpError], tuple[int]]:
        return (type(self), (self.status,))


class NotFound(HttpError):
    """404 or 410: the page is gone or never was."""

    code = "not_found"

    @staticmethod
    def _message(status: int) -> str:
        return f"The page was not found (HTTP {status}): the link may be broken or removed."


class LoginRequired(HttpError):
    """401 or 407: the page needs credentials."""

    code = "login_required"

    @staticmethod
    def _message(status: int) -> str:
        return f"This page needs a login (HTTP {status}), which newsbrief does not have."


class Blocked(HttpError):
    """An anti-bot wall answered instead of the page."""

    code = "blocked"

    @staticmethod
    def _message(status: int) -> str:
        return f"This site blocks automated readers (HTTP {status}), so newsbrief cannot read it."


@dataclass(frozen=True)
class FetchOptions:
    """How a Fetcher behaves; change with ``dataclasses.replace``."""

    connect_timeout: float = 5.0  # seconds per connection attempt (DNS included)
    total_timeout: float = 20.0  # seconds for the whole fetch: every hop and the whole body
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024  # decoded body bytes
    user_agent: str = "Mozilla/5.0 (compatible; newsbrief/0.1; article summarizer bot)"
    accept_language: str = "en;q=1.0, ru;q=0.9, *;q=0.5"
    allow_private: bool = False  # True only for tests and self-hosted, trusted set-ups
    # TESTS ONLY: "host:port" / "[v6]:port" exempt from the address guard. Matched by name and
    # port at connect time, so any page may redirect into a trusted origin (module docstring).
    trusted_origins: frozenset[str] = frozenset()


_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

# IANA's special-purpose address registries (IPv4 and IPv6), as of 2025, plus multicast and the
# deprecated ranges: no news site lives in any of them. Kept here rather than trusted to
# ``ipaddress``'s ``is_global``, whose tables lag behind the registry (Python 3.11 passes
# 192.0.0.0/24, 192.88.99.0/24, fec0::/10 and 3fff::/20 as global). Ranges the registry marks
# globally reachable (AS112, AMT, PCP/TURN anycast) are refused too: they serve DNS sinks and
# relays, never pages.
SPECIAL_PURPOSE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        # IPv4
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",  # private use
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link local
        "172.16.0.0/12",  # private use
        "192.0.0.0/24",  # IETF protocol assignments (DS-Lite, NAT64 discovery, ...)
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.31.196.0/24",  # AS112-v4
        "192.52.193.0/24",  # AMT
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",  # private use
        "192.175.48.0/24",  # direct delegation AS112 service
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 (limited broadcast)
        # IPv6
        "::/128",  # unspecified
        "::1/128",  # loopback
        "::ffff:0:0/96",  # IPv4-mapped (the embedded address is checked as well)
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation
        "100::/64",  # discard-only
        "100:0:0:1::/64",  # dummy prefix
        "2001::/23",  # IETF protocol assignments (Teredo, benchmarking, ORCHID, ...)
        "2001:db8::/32",  # documentation
        "2620:4f:8000::/48",  # direct delegation AS112 service
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing (SRv6) SIDs
        "fc00::/7",  # unique local
        "fe80::/10",  # link local
        "fec0::/10",  # site local (deprecated)
        "ff00::/8",  # multicast
    )
)


def is_forbidden_address(address: _IPAddress) -> bool:
    """True for anything but a public unicast address, including IPv4 hidden inside IPv6."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and any(address in network for network in _NAT64):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is None and address.teredo is not None:
            embedded = address.teredo[1]  # the client's address
        if embedded is not None and is_forbidden_address(embedded):
            return True
        if embedded is None and int(address) >> 32 == 0:
            return True  # ::a.b.c.d (IPv4-compatible, deprecated) and ::, ::1
    if any(
        address.version == network.version and address in network
        for network in SPECIAL_PURPOSE_NETWORKS
    ):
        return True
    return (
        not address.is_global
        or address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check every address, then connect to a checked IP literal (no rebinding)."""

    def __init__(self, options: FetchOptions) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._options = options
        self._trusted = frozenset(_parse_origin(origin) for origin in options.trusted_origins)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port, timeout)
        guarded = not self._options.allow_private and (
            (_normalize_host(host), port) not in self._trusted
        )
        if guarded:
            if any(is_forbidden_address(address) for address in addresses):
                raise BlockedAddress()
            if port not in ALLOWED_PORTS:
                raise BlockedPort(port)
        error: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                error = exc
        assert error is not None  # _resolve never returns an empty list
        raise error

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[_IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except (socket.gaierror, UnicodeError) as exc:
            raise HostNotFound(host) from exc
        addresses: list[_IPAddress] = []
        for _family, _type, _proto, _name, sockaddr in infos:
            address = ipaddress.ip_address(str(sockaddr[0]))
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise HostNotFound(host)
        return addresses

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _normalize_host(host: str) -> str:
    """One spelling of a host for origin comparisons: lower-case, no brackets, compressed IPv6."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return ipaddress.ip_address(host).compressed
    except ValueError:
        return host.rstrip(".")


def _parse_origin(origin: str) -> tuple[str, int]:
    """``"host:port"``, ``"[::1]:port"`` or ``"::1:port"`` -> (normalized host, port)."""
    host, sep, port = origin.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"trusted origin {origin!r} is not 'host:port'")
    return _normalize_host(host), int(port)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request/response and error mapping) over a guarded pool."""

    def __init__(self, options: FetchOptions, limits: httpx.Limits) -> None:
        super().__init__(trust_env=False, limits=limits)
        # Replace the pool httpx built (it has opened nothing yet) with one whose backend is
        # guarded; same arguments as httpx's own (httpx/_transports/default.py).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(options),
        )


class _NoCookies(DefaultCookiePolicy):
    """The shared client stores no cookies: each fetch keeps its own jar (no cross-user leaks)."""

    def set_ok(self, cookie: Any, request: Any) -> bool:  # noqa: ARG002 (base signature)
        return False


class Fetcher:
    """Downloads article pages through one shared, guarded AsyncClient."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        limits = httpx.Limits(max_connections=50, max_keepalive_connections=10)
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(self.options, limits),
            headers={
                "User-Agent": self.options.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                "Accept-Language": self.options.accept_language,
                "Accept-Encoding": ", ".join(_CODINGS),
            },
            timeout=httpx.Timeout(self.options.total_timeout, connect=self.options.connect_timeout),
            follow_redirects=False,
            cookies=CookieJar(policy=_NoCookies()),
            trust_env=False,
            event_hooks={"response": [_hold_location]},
        )

    async def aclose(self) -> None:
        """Close the shared client and its connections."""
        await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def fetch(self, url: str) -> FetchResult:
        """Download ``url`` (following redirects) or raise a FetchError/BadUrl saying why."""
        result = await self._guarded(url, {}, is_article_type)
        assert result is not None  # no validators were sent, so no 304
        return result

    async def fetch_feed(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult | None:
        """Download a feed, conditionally: None when the server says it has not changed (304)
        since the ``etag``/``last_modified`` of the previous download."""
        headers = {"Accept": FEED_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._guarded(url, headers, is_feed_type)

    async def _guarded(
        self, url: str, headers: dict[str, str], accepts: Callable[[str], bool]
    ) -> FetchResult | None:
        seconds = self.options.total_timeout
        try:
            async with asyncio.timeout(seconds):
                return await self._fetch(normalize_url(url), headers, accepts)
        except TimeoutError as exc:
            raise FetchTimeout(seconds) from exc
        except httpx.ConnectTimeout as exc:
            raise FetchTimeout(self.options.connect_timeout) from exc
        except httpx.TimeoutException as exc:  # read, write, pool: bounded by the total timeout
            raise FetchTimeout(seconds) from exc
        except httpx.HTTPError as exc:  # connect errors, protocol errors, broken gzip, ...
            raise Unreachable() from exc

    async def _fetch(
        self, url: str, headers: dict[str, str], accepts: Callable[[str], bool]
    ) -> FetchResult | None:
        jar = httpx.Cookies()  # cookies live for one fetch: some sites set one, then redirect
        seen = {url}
        chain: list[str] = []
        while True:
            try:
                request = self._client.build_request("GET", url, headers=headers)
            except (httpx.InvalidURL, UnicodeError, ValueError) as exc:  # idna errors included
                # normalize_url refuses what it knows; this is the last line for the rest
                if chain:
                    raise BadRedirect("the site redirected to a malformed address") from exc
                raise BadUrl(url) from exc
            jar.set_cookie_header(request)
            response = await self._client.send(request, stream=True)
            try:
                jar.extract_cookies(response)
                location = response.headers.get(_HELD_LOCATION)
                if response.status_code == 304 and (
                    "If-None-Match" in headers or "If-Modified-Since" in headers
                ):
                    return None  # not modified since the validators we sent
                if response.status_code not in REDIRECT_STATUSES or not location:
                    return await self._read(response, url, tuple(chain), accepts)
                try:
                    target = normalize_url(urljoin(url, location.strip()))
                except BadUrl as exc:
                    raise BadRedirect(exc.reason) from exc
                except ValueError as exc:  # urljoin on "http://[::1/" and the like
                    raise BadRedirect("the site redirected to a malformed address") from exc
                chain.append(url)
                if target in seen or len(chain) > self.options.max_redirects:
                    raise TooManyRedirects()
                seen.add(target)
                url = target
            finally:
                await response.aclose()

    async def _read(
        self,
        response: httpx.Response,
        url: str,
        chain: tuple[str, ...],
        accepts: Callable[[str], bool] = is_article_type,
    ) -> FetchResult:
        status = response.status_code
        if status >= 400:
            body = await self._body(response, ERROR_BODY_BYTES, truncate=True)
            raise _status_error(status, response.headers, body)
        if not 200 <= status < 300:
            raise HttpError(status)
        body = await self._body(response, self.options.max_bytes, truncate=False)
        if not body.strip():
            raise EmptyPage()
        media_type, charset = parse_content_type(response.headers.get("content-type", ""))
        kind = sniff(body[:SNIFF_BYTES], textual=is_textual(media_type))
        if kind is None and media_type and not accepts(media_type):
            raise NotAnArticle(describe(media_type))
        if kind not in (None, "html", "html-document"):
            raise NotAnArticle(kind)
        if kind == "html-document" and media_type == "text/plain":
            media_type = "text/html"  # "<!doctype html" or "<html" first: HTML, whatever it says
        elif kind is not None or not media_type:
            media_type = "text/html" if not accepts(media_type) else media_type
        headers = {
            name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
        }
        return FetchResult(url, status, headers, media_type, charset, body, chain)

    async def _body(self, response: httpx.Response, limit: int, *, truncate: bool) -> bytes:
        """The decoded body, at most ``limit`` bytes (TooLarge beyond, or cut if ``truncate``).

        Raw bytes are decompressed here with every call capped at what is left under the limit
        (plus one byte, to notice going over), so no bomb gets to expand in memory.
        """
        codings = [
            coding.strip().lower()
            for coding in response.headers.get_list("content-encoding", split_commas=True)
            if coding.strip().lower() not in ("", "identity")
        ]
        if len(codings) > 1:
            raise Unreachable("The site sent the page compressed more than once, which is refused.")
        decoder = _Decoder(codings[0]) if codings else None
        declared = response.headers.get("content-length", "")
        if not truncate and not codings and declared.isdigit() and int(declared) > limit:
            raise TooLarge(limit)  # no need to download what we will refuse
        chunks: list[bytes] = []
        size = 0
        try:
            async for raw in response.aiter_raw():
                data: bytes | None = raw
                while data is not None:
                    if decoder is None:
                        piece, data = data, None
                    else:
                        piece = decoder.decode(data, limit - size + 1)
                        data = b"" if decoder.pending() else None
                    if size + len(piece) > limit:
                        if not truncate:
                            raise TooLarge(limit)
                        chunks.append(piece[: limit - size])
                        return b"".join(chunks)
                    chunks.append(piece)
                    size += len(piece)
        except (zlib.error, brotli.error) as exc:
            if not truncate:
                raise Unreachable() from exc  # a broken compressed stream
        return b"".join(chunks)


_CODINGS = ("gzip", "deflate", "br")  # what we advertise and decode; nothing else


class _Decoder:
    """Incremental decompression of one content coding, with a cap on each call's output."""

    def __init__(self, coding: str) -> None:
        if coding not in (*_CODINGS, "x-gzip"):
            raise Unreachable("The site sent the page in a compression newsbrief does not read.")
        self._coding = coding
        self._brotli = brotli.Decompressor() if coding == "br" else None
        wbits = 16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits=wbits)
        self._started = False  # "deflate" may be raw deflate: retried once without the header
        self._tail = b""  # zlib input not consumed yet because the output cap was reached

    def decode(self, data: bytes, max_length: int) -> bytes:
        """At most about ``max_length`` decoded bytes (brotli may give up to 32 KB more)."""
        if self._brotli is not None:
            return bytes(self._brotli.process(data, output_buffer_limit=max_length))
        data = self._tail + data if self._tail else data
        try:
            out = self._zlib.decompress(data, max_length)
        except zlib.error:
            if self._coding != "deflate" or self._started:
                raise
            self._zlib = zlib.decompressobj(wbits=-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, max_length)
        self._started = self._started or bool(out) or bool(data)
        self._tail = self._zlib.unconsumed_tail
        return out

    def pending(self) -> bool:
        """True when input is still waiting: call ``decode(b"", ...)`` before feeding more."""
        if self._brotli is not None:
            return not self._brotli.is_finished() and not self._brotli.can_accept_more_data()
        return bool(self._tail)


# Where a response's Location header is kept from httpx: even with follow_redirects=False, httpx
# parses it to offer ``next_request``, and a hostile value ("javascript:", "http://xn--a/", an
# unclosed "[") raises there, outside its own error tree. Redirects are followed here, by hand,
# with normalize_url on the target.
_HELD_LOCATION = "x-newsbrief-location"


async def _hold_location(response: httpx.Response) -> None:
    """Move the Location header aside before httpx looks at it (see ``_HELD_LOCATION``)."""
    location = response.headers.get("location")
    if location is not None:
        del response.headers["location"]
        response.headers[_HELD_LOCATION] = location


def _status_error(status: int, headers: httpx.Headers, body: bytes) -> HttpError:
    if status in (404, 410):
        return NotFound(status)
    if status in (401, 407):
        return LoginRequired(status)
    if status in (403, 429, 503) and _is_bot_wall(headers, body):
        return Blocked(status)
    return HttpError(status)


def _is_bot_wall(headers: httpx.Headers, body: bytes) -> bool:
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if any(name in headers for name in BOT_WALL_HEADERS):
        return True
    page = body.lower()
    return any(marker in page for marker in BOT_WALL_MARKERS)
