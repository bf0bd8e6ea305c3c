"""URL -> bytes, safely: one shared ``httpx.AsyncClient`` behind ``Fetcher.fetch``.

    SummaryError
    ├── BadUrl                   (summaries/urls.py) not an http(s) address, or malformed
    └── FetchError               the page could not be downloaded as an article
        ├── BlockedAddress       the host resolves to a private/local/reserved address
        │   └── BlockedPort      a public host, but not on port 80 or 443
        ├── HostNotFound         the name does not resolve
        ├── Unreachable          connection refused/reset, TLS failure, broken response
        ├── FetchTimeout         over the connect or the total time limit
        ├── TooManyRedirects     a redirect loop, or more hops than allowed
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
4. The body is streamed and counted after decompression: a gzip bomb stops at the limit.
5. Status, then content type (sniffed bytes beat a lying header), then emptiness.

``decode`` turns a result's bytes into text: BOM, Content-Type charset, ``<meta>`` charset in the
first 2 KB, strict UTF-8, then charset-normalizer's detection (when importable).
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from typing import Any, Self
from urllib.parse import urljoin

import httpcore
import httpx

from summaries.errors import SummaryError
from summaries.urls import normalize_url

try:
    import charset_normalizer
except ImportError:  # pragma: no cover - optional: detection is the last resort
    charset_normalizer = None  # type: ignore[assignment]

__all__ = [
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
SNIFF_BYTES = 512  # magic numbers and "<!doctype html" all sit at the very start
META_CHARSET_BYTES = 2048  # where a <meta charset> must appear (HTML spec: first 1024, be kind)
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
ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})

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
    trusted_origins: frozenset[str] = frozenset()  # "host:port" exempt from the address guard


@dataclass(frozen=True)
class FetchResult:
    """A downloaded page: where it ended up, and its (decoded-from-transfer) bytes."""

    url: str  # final URL after redirects, normalized
    status: int
    headers: dict[str, str] = field(hash=False)  # the KEPT_HEADERS present, lower-case names
    content_type: str  # media type only, lower-case; sniffed HTML wins over a wrong header
    charset: str | None  # from the Content-Type header, as sent
    body: bytes
    redirects: tuple[str, ...] = ()  # the URLs before ``url``, in order


_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


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
            f"{host}:{port}" not in self._options.trusted_origins
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
                "Accept-Encoding": "gzip, deflate, br",
            },
            timeout=httpx.Timeout(self.options.total_timeout, connect=self.options.connect_timeout),
            follow_redirects=False,
            cookies=CookieJar(policy=_NoCookies()),
            trust_env=False,
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
        seconds = self.options.total_timeout
        try:
            async with asyncio.timeout(seconds):
                return await self._fetch(normalize_url(url))
        except TimeoutError as exc:
            raise FetchTimeout(seconds) from exc
        except httpx.TimeoutException as exc:
            raise FetchTimeout(self.options.connect_timeout) from exc
        except httpx.HTTPError as exc:  # connect errors, protocol errors, broken gzip, ...
            raise Unreachable() from exc

    async def _fetch(self, url: str) -> FetchResult:
        jar = httpx.Cookies()  # cookies live for one fetch: some sites set one, then redirect
        seen = {url}
        chain: list[str] = []
        while True:
            request = self._client.build_request("GET", url)
            jar.set_cookie_header(request)
            response = await self._client.send(request, stream=True)
            try:
                jar.extract_cookies(response)
                location = response.headers.get("location")
                if response.status_code not in REDIRECT_STATUSES or not location:
                    return await self._read(response, url, tuple(chain))
                target = normalize_url(urljoin(url, location.strip()))
                chain.append(url)
                if target in seen or len(chain) > self.options.max_redirects:
                    raise TooManyRedirects()
                seen.add(target)
                url = target
            finally:
                await response.aclose()

    async def _read(
        self, response: httpx.Response, url: str, chain: tuple[str, ...]
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
        media_type, charset = _parse_content_type(response.headers.get("content-type", ""))
        kind = _sniff(body[:SNIFF_BYTES])
        if kind is None and media_type and media_type not in ARTICLE_TYPES:
            raise NotAnArticle(_describe(media_type))
        if kind not in (None, "html"):
            raise NotAnArticle(kind)
        if kind == "html" or not media_type:
            media_type = "text/html" if media_type not in ARTICLE_TYPES else media_type
        headers = {
            name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
        }
        return FetchResult(url, status, headers, media_type, charset, body, chain)

    async def _body(self, response: httpx.Response, limit: int, *, truncate: bool) -> bytes:
        declared = response.headers.get("content-length", "")
        encoded = response.headers.get("content-encoding", "identity").lower() != "identity"
        if not truncate and not encoded and declared.isdigit() and int(declared) > limit:
            raise TooLarge(limit)  # no need to download what we will refuse
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():  # decoded: counts what we would hold
            if size + len(chunk) > limit:
                if not truncate:
                    raise TooLarge(limit)
                chunks.append(chunk[: limit - size])
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)


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


def _parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset" and raw.strip().strip("\"'"):
            charset = raw.strip().strip("\"'")
    return media_type.strip().lower(), charset


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF87a", "an image"),
    (b"GIF89a", "an image"),
    (b"BM", "an image"),
    (b"PK\x03\x04", "an archive or an office document"),
    (b"\x1f\x8b", "an archive"),
    (b"7z\xbc\xaf\x27\x1c", "an archive"),
    (b"Rar!\x1a\x07", "an archive"),
    (b"ID3", "an audio file"),
    (b"OggS", "an audio file"),
    (b"fLaC", "an audio file"),
    (b"\x1aE\xdf\xa3", "a video"),
    (b"\xd0\xcf\x11\xe0", "an office document"),
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _sniff(head: bytes) -> str | None:
    """ "html", a non-article kind ("a PDF", ...), or None when the bytes say nothing."""
    for bom, _ in _BOMS:
        if head.startswith(bom):
            return None  # text with a byte-order mark
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "an image"
    if head[4:8] == b"ftyp":
        return "an image" if head[8:12] in (b"avif", b"heic") else "a video"
    if head.lstrip().lower().startswith(_HTML_STARTS):
        return "html"
    if b"\x00" in head:
        return "a binary file"
    return None


def _describe(media_type: str) -> str:
    major, _, minor = media_type.partition("/")
    if major == "image":
        return "an image"
    if major == "video":
        return "a video"
    if major == "audio":
        return "an audio file"
    if minor == "pdf":
        return "a PDF"
    if any(word in minor for word in ("zip", "tar", "rar", "7z", "compressed", "gzip")):
        return "an archive"
    if minor in ("rss+xml", "atom+xml"):
        return "a news feed"
    if minor == "json":
        return "JSON data"
    if minor == "octet-stream":
        return "a binary file"
    return f"a {media_type} file"


_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_:.\-]+)", re.IGNORECASE)
# WHATWG Encoding: browsers read these labels as windows-1252, and a <meta> "utf-16" as UTF-8.
_LABEL_FIXES = {"iso8859-1": "cp1252", "ascii": "cp1252"}  # codecs.lookup() names


def _codec(label: str | None, *, from_meta: bool = False) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if from_meta and name.startswith("utf-16"):
        return "utf-8"
    return _LABEL_FIXES.get(name, name)


def decode(result: FetchResult) -> str:
    """The page's text: BOM, header charset, <meta> charset, UTF-8, then detection."""
    body = result.body
    for bom, codec in _BOMS:
        if body.startswith(bom):  # a BOM beats a header (WHATWG "decode")
            return body[len(bom) :].decode(codec, errors="replace")
    meta = _META_CHARSET.search(body[:META_CHARSET_BYTES])
    declared = _codec(result.charset) or _codec(
        meta.group(1).decode("ascii") if meta else None, from_meta=True
    )
    if declared:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset_normalizer is not None:
        best = charset_normalizer.from_bytes(body).best()
        if best is not None:
            return str(best)
    return body.decode("cp1252", errors="replace")
