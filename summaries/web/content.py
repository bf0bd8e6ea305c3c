"""What a downloaded response is: its media type, the kind its bytes show, and its text.

    FetchResult        a downloaded page or feed: final URL, status, kept headers, bytes
    is_article_type    the media types an article page may come as
    is_feed_type       the media types a feed may come as (any XML or JSON type, and HTML/text)
    parse_content_type "text/html; charset=koi8-r" -> ("text/html", "koi8-r")
    sniff              the magic numbers of PDFs, images, archives, audio and video, and HTML
    describe           a media type as words a user reads ("a PDF", "a news feed")
    web_codec          a WHATWG encoding label -> the Python codec, or None for anything else
    decode             a result's text: BOM, header charset, <meta> charset, UTF-8, detection

Only WHATWG encoding labels are honoured (the web's text encodings); any other label
(``base64``, ``punycode``, ``idna``, ...) is treated as unknown, wherever outside bytes are
decoded: pages here, feeds and OPML in ``summaries.feeds``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

try:
    import charset_normalizer
except ImportError:  # pragma: no cover - optional: detection is the last resort
    charset_normalizer = None  # type: ignore[assignment]

SNIFF_BYTES = 512  # magic numbers and "<!doctype html" all sit at the very start
META_CHARSET_BYTES = 2048  # where a <meta charset> must appear (HTML spec: first 1024, be kind)
ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})


def is_article_type(media_type: str) -> bool:
    """A media type an article page may be served as."""
    return media_type in ARTICLE_TYPES


def is_feed_type(media_type: str) -> bool:
    """A media type a feed may be served as: XML under any of its names (application/rss+xml,
    application/x-rss+xml, application/rdf+xml, text/xml, ...), JSON (application/feed+json,
    application/json), and the text/html and text/plain some servers send feeds with; the feed
    parser decides what the bytes are."""
    major, _, minor = media_type.partition("/")
    if media_type in ARTICLE_TYPES:
        return True
    return major in ("application", "text") and (
        minor in ("xml", "json") or minor.endswith(("+xml", "+json"))
    )


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


def parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset" and raw.strip().strip("\"'"):
            charset = raw.strip().strip("\"'")
    return media_type.strip().lower(), charset


# (magic, kind, strong). A weak magic is all printable ASCII, so real text can start with it
# ("BMW recalls...", "ID3 tags", "OggS..."): for a textual content type it counts only when the
# head also holds control bytes that no text has. "BM" alone is never enough: see _is_bmp.
_MAGIC: tuple[tuple[bytes, str, bool], ...] = (
    (b"%PDF-1.", "a PDF", True),
    (b"%PDF-2.", "a PDF", True),
    (b"\x89PNG\r\n\x1a\n", "an image", True),
    (b"\xff\xd8\xff", "an image", True),
    (b"GIF87a", "an image", False),
    (b"GIF89a", "an image", False),
    (b"PK\x03\x04", "an archive or an office document", True),
    (b"\x1f\x8b", "an archive", True),
    (b"7z\xbc\xaf\x27\x1c", "an archive", True),
    (b"Rar!\x1a\x07", "an archive", True),
    (b"ID3", "an audio file", False),
    (b"OggS\x00", "an audio file", True),
    (b"fLaC", "an audio file", False),
    (b"\x1aE\xdf\xa3", "a video", True),
    (b"\xd0\xcf\x11\xe0", "an office document", True),
)
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")  # not in any text
_BMP_HEADER_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})  # the DIB header variants
_HTML_DOCUMENT = (b"<!doctype html", b"<html")  # unmistakable: wins even over text/plain
_HTML_STARTS = (*_HTML_DOCUMENT, b"<head", b"<body", b"<!--", b"<meta", b"<title")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def is_textual(media_type: str) -> bool:
    """A declared (or missing) type under which the body is supposed to be text."""
    return (
        not media_type
        or media_type in ARTICLE_TYPES
        or media_type.startswith("text/")
        or media_type.endswith(("+xml", "/xml"))
    )


def _is_bmp(head: bytes) -> bool:
    """The full BITMAPFILEHEADER: "BM", size, four zero bytes, offset, a known DIB header size."""
    return (
        len(head) >= 18
        and head.startswith(b"BM")
        and head[6:10] == b"\x00\x00\x00\x00"
        and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES
    )


def _html_kind(text: bytes) -> str | None:
    start = text.lstrip().lower()
    if start.startswith(_HTML_DOCUMENT):
        return "html-document"
    return "html" if start.startswith(_HTML_STARTS) else None


def sniff(head: bytes, *, textual: bool = False) -> str | None:
    """ "html-document" (doctype or <html> first), "html", a non-article kind, or None.

    ``textual``: the declared type is text, so magics that text could start with need more proof.
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):  # text with a byte-order mark: only HTML is worth spotting
            text = head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
            return _html_kind(text)
    binary = _BINARY_BYTES.search(head) is not None
    for magic, kind, strong in _MAGIC:
        if head.startswith(magic) and (strong or not textual or binary):
            return kind
    if _is_bmp(head):
        return "an image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "an image"
    if head[4:8] == b"ftyp":
        return "an image" if head[8:12] in (b"avif", b"heic") else "a video"
    html = _html_kind(head)
    if html is not None:
        return html
    if b"\x00" in head:
        return "a binary file"
    return None


def describe(media_type: str) -> str:
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
    if minor.endswith("+xml") and any(name in minor for name in ("rss", "atom", "rdf")):
        return "a news feed"
    if minor == "json":
        return "JSON data"
    if minor == "octet-stream":
        return "a binary file"
    return f"a {media_type} file"


_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_:.\-]+)", re.IGNORECASE)

# WHATWG Encoding Standard labels -> Python codec. Nothing else is honoured: codecs.lookup()
# also knows "base64", "zlib", "rot13", "idna", "punycode", "undefined", ... which are not text
# encodings (they raise, or take super-linear time). Per WHATWG, "iso-8859-1" and "ascii" mean
# windows-1252, "gbk" is decoded as gb18030, and the "replacement" labels are left unknown.
_WHATWG_LABELS: tuple[tuple[str, str], ...] = (
    ("utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"),
    ("cp866", "866 cp866 csibm866 ibm866"),
    ("iso8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
     "iso_8859-2:1987 l2 latin2"),
    ("iso8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
     "iso_8859-3:1988 l3 latin3"),
    ("iso8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
     "iso_8859-4:1988 l4 latin4"),
    ("iso8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
     "iso_8859-5 iso_8859-5:1988"),
    ("iso8859-6", "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 "
     "iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 "
     "iso_8859-6:1987"),
    ("iso8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
     "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek"),
    ("iso8859-8", "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
     "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical"),
    ("iso8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"),
    ("iso8859-13", "iso-8859-13 iso8859-13 iso885913"),
    ("iso8859-14", "iso-8859-14 iso8859-14 iso885914"),
    ("iso8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"),
    ("iso8859-16", "iso-8859-16"),
    ("koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"),
    ("koi8-u", "koi8-ru koi8-u"),
    ("mac-roman", "csmacintosh mac macintosh x-mac-roman"),
    ("cp874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"),
    ("cp1250", "cp1250 windows-1250 x-cp1250"),
    ("cp1251", "cp1251 windows-1251 x-cp1251"),
    ("cp1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
     "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"),
    ("cp1253", "cp1253 windows-1253 x-cp1253"),
    ("cp1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
     "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254"),
    ("cp1255", "cp1255 windows-1255 x-cp1255"),
    ("cp1256", "cp1256 windows-1256 x-cp1256"),
    ("cp1257", "cp1257 windows-1257 x-cp1257"),
    ("cp1258", "cp1258 windows-1258 x-cp1258"),
    ("mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"),
    ("gb18030", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 "
     "x-gbk gb18030"),
    ("big5hkscs", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"),
    ("euc_jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"),
    ("iso2022_jp", "csiso2022jp iso-2022-jp"),
    ("cp932", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"),
    ("cp949", "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
     "ksc5601 ksc_5601 windows-949"),
    ("utf-16-be", "unicodefffe utf-16be"),
    ("utf-16-le", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"),
    ("x-user-defined", "x-user-defined"),
)  # fmt: skip
_ENCODINGS = {label: codec for codec, labels in _WHATWG_LABELS for label in labels.split()}
_USER_DEFINED = {byte: 0xF700 + byte for byte in range(0x80, 0x100)}  # WHATWG x-user-defined


def _codec(label: str | None, *, from_meta: bool = False) -> str | None:
    """The Python codec for a WHATWG encoding label, or None for anything else."""
    if not label:
        return None
    name = _ENCODINGS.get(label.strip(" \t\n\f\r").lower())
    if name is None:
        return None
    if from_meta and name.startswith("utf-16"):
        return "utf-8"  # WHATWG "prescan": a <meta> cannot truthfully declare UTF-16
    if from_meta and name == "x-user-defined":
        return "cp1252"
    return name


def web_codec(label: str | None) -> str | None:
    """The Python codec for a WHATWG encoding label (``x-user-defined`` read as windows-1252), or
    None for any other label. The only declarations honoured wherever outside bytes are decoded
    (pages, feeds, OPML): a declared ``punycode`` or ``base64`` would cost seconds of CPU."""
    codec = _codec(label)
    return "cp1252" if codec == "x-user-defined" else codec


def _decode_as(body: bytes, codec: str) -> str:
    if codec == "x-user-defined":
        return body.decode("latin-1").translate(_USER_DEFINED)
    return body.decode(codec, errors="replace")


def decode(result: FetchResult) -> str:
    """The page's text: BOM, header charset, <meta> charset, UTF-8, then detection."""
    meta = _META_CHARSET.search(result.body[:META_CHARSET_BYTES])
    declared = _codec(result.charset) or _codec(
        meta.group(1).decode("ascii") if meta else None, from_meta=True
    )
    return decode_bytes(result.body, declared)


def decode_bytes(body: bytes, declared: str | None) -> str:
    """Bytes as text: a BOM, else the ``declared`` codec (a ``web_codec`` result, or None),
    else strict UTF-8, else charset-normalizer's guess, else windows-1252."""
    for bom, codec in _BOMS:
        if body.startswith(bom):  # a BOM beats a header (WHATWG "decode")
            return body[len(bom) :].decode(codec, errors="replace")
    if declared:
        try:
            return _decode_as(body, declared)
        except (LookupError, UnicodeError):  # pragma: no cover - allow-listed codecs do not raise
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset_normalizer is not None:
        try:
            best = charset_normalizer.from_bytes(body).best()
        except (LookupError, UnicodeError):  # pragma: no cover - a last resort, never fatal
            best = None
        if best is not None:
            return str(best)
    return body.decode("cp1252", errors="replace")
