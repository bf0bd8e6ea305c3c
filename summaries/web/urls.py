"""One spelling per article link: ``normalize_url``.

    SummaryError
    └── BadUrl        not a readable web address (malformed, or not http/https)

``normalize_url`` lower-cases the scheme and host, turns an international host into its IDNA
(``xn--``) form, rewrites legacy numeric IPv4 hosts (``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
``127.1``) as dotted quads so that the fetcher's address guard sees what a resolver would,
drops default ports, the fragment and tracking parameters, keeps every other query parameter
in its order, and spells an empty path as ``/``.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import idna

from summaries.errors import SummaryError

SCHEMES = {"http": 80, "https": 443}  # scheme -> default port; nothing else is a web page
# Longer links are refused: browsers and CDNs stop near 8 KB, no article lives at a longer one,
# and httpx itself refuses a URL over 64 KB with an error of its own.
MAX_URL_CHARS = 8192

# Query parameters that only say who sent the reader here. Exact names, compared lower-cased.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "gclsrc", "yclid", "ysclid", "msclkid",
        "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl",
        "_hsenc", "_hsmi", "mkt_tok", "vero_id", "vero_conv", "oly_anon_id", "oly_enc_id",
        "rb_clickid", "s_cid", "ref_src", "ref_url", "cmpid", "ncid", "sr_share", "wickedid",
        "__twitter_impression", "at_medium", "at_campaign",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")  # Google, Piwik/Matomo, HubSpot ads

# Characters left as they are when re-quoting a path or query (RFC 3986 reserved + unreserved,
# and "%" so existing escapes survive); everything else (spaces, non-ASCII) is percent-encoded.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_NUMBER = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_ASCII_HOST = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
_SCHEMELESS = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/|$)", re.UNICODE)


class BadUrl(SummaryError):
    """The text is not a web address newsbrief can read."""

    code = "bad_url"

    def __init__(self, url: str, reason: str = "it is not a valid web address") -> None:
        super().__init__(f"This link cannot be read: {reason}.")
        self.url = url
        self.reason = reason

    def __reduce__(self) -> tuple[type[BadUrl], tuple[str, str]]:
        return (type(self), (self.url, self.reason))  # errors cross process-pool boundaries


def normalize_url(url: str) -> str:
    """Return the one spelling of ``url`` we fetch and cache by; raise BadUrl if unreadable."""
    text = url.strip()
    if not text or _CONTROL.search(text):
        raise BadUrl(url, "it is empty or contains spaces or control characters")
    if len(text) > MAX_URL_CHARS:
        raise BadUrl(url, f"it is longer than {MAX_URL_CHARS:,} characters")
    if "://" not in text and _SCHEMELESS.match(text):
        text = "http://" + text  # "example.com/story" as typed in a chat
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise BadUrl(url) from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}: links" if scheme else "links without http:// or https://"
        raise BadUrl(url, f"only http and https web pages can be read, not {shown}")
    if parts.username is not None or parts.password is not None:
        raise BadUrl(url, "links with a user name or password are not supported")
    host = _normalize_host(url, parts.hostname or "")
    netloc = host if port is None or port == SCHEMES[scheme] else f"{host}:{port}"
    path = quote(parts.path, safe=_PATH_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, _clean_query(parts.query), ""))


def _normalize_host(url: str, host: str) -> str:
    if not host:
        raise BadUrl(url, "it has no site name")
    if ":" in host:  # urlsplit strips the brackets of an IPv6 literal
        try:
            address = ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise BadUrl(url) from exc
        return f"[{address.compressed}]"
    host = unquote(host).rstrip(".").lower()
    labels = host.split(".")
    if _NUMBER.match(labels[-1]):  # a numeric last label means an IPv4 address (WHATWG URL)
        return _legacy_ipv4(url, labels)
    if host.isascii():  # as httpx does: only non-ASCII names go through IDNA ("_" is common)
        if not _ASCII_HOST.match(host) or not all(map(_valid_ace, labels)):
            raise BadUrl(url, "its site name is not valid")
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise BadUrl(url, "its site name is not valid") from exc


def _valid_ace(label: str) -> bool:
    """An "xn--" label must be valid Punycode of a valid name ("xn--a" is neither)."""
    if not label.startswith("xn--"):
        return True
    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def _legacy_ipv4(url: str, labels: list[str]) -> str:
    """Parse an IPv4 host the way inet_aton does: 1-4 parts, decimal, 0x-hex or 0-octal."""
    if len(labels) > 4:
        raise BadUrl(url, "its numeric site address is not valid")
    numbers = []
    for label in labels:
        try:
            if label.startswith("0x"):
                numbers.append(int(label[2:] or "0", 16))
            elif len(label) > 1 and label.startswith("0"):
                numbers.append(int(label, 8))
            else:
                numbers.append(int(label, 10))
        except ValueError as exc:
            raise BadUrl(url, "its numeric site address is not valid") from exc
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        raise BadUrl(url, "its numeric site address is not valid")
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return str(ipaddress.IPv4Address(value))


def _clean_query(query: str) -> str:
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        name = unquote(pair.split("=", 1)[0]).lower()
        if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
            continue
        kept.append(quote(pair, safe=_QUERY_SAFE))
    return "&".join(kept)
