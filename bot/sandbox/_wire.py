"""The sandbox's wire format: decoding Bot API parameters, Telegram's text and keyboard checks.

Private to ``bot.sandbox``. Parameters arrive as a query string, a form (urlencoded or
multipart) or a JSON body and become one dict: in forms, the names in STRING_PARAMETERS are
raw strings and every other value is JSON (as python-telegram-bot sends them); uploaded files
become ``Upload`` values under their part's name. Handlers read them with the ``get_*``
functions and refuse with ``ApiError`` (``bad(...)`` for Telegram's 400 "Bad Request: ...").
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.sandbox.records import JSON
from bot.sandbox.tghtml import HtmlParseError, parse_html, utf16_len

MAX_MESSAGE_LENGTH = 4096  # UTF-16 units of text after entity parsing
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64

# Parameters that PTB sends raw (not JSON-encoded) in forms; every other form value is JSON.
STRING_PARAMETERS = frozenset(
    """
    text parse_mode caption url secret_token callback_query_id inline_query_id
    inline_message_id action file_id language_code next_offset ip_address document thumbnail
    business_connection_id message_effect_id
    """.split()
)
# An inline keyboard button needs one of these besides its text.
BUTTON_ACTIONS = tuple(
    """
    url callback_data switch_inline_query switch_inline_query_current_chat
    switch_inline_query_chosen_chat callback_game pay login_url web_app copy_text
    """.split()
)
BAD_MARKUP = "can't parse reply keyboard markup JSON object"
_TRIMMED = " \t\r\n"  # what Telegram strips from both ends of a message text


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def bad(description: str, parameters: JSON | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {description}", parameters)


@dataclass
class Described:
    """A result Telegram answers with an extra "description" (setWebhook, deleteWebhook)."""

    result: Any
    description: str


@dataclass(frozen=True)
class Upload:
    file_name: str
    data: bytes
    mime_type: str


def form_value(name: str, value: str) -> Any:
    if name in STRING_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def get_str(params: JSON, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value)


def get_int(params: JSON, name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value.strip())
    raise bad(f"invalid {name} specified")


def get_float(params: JSON, name: str) -> float | None:
    value = params.get(name)
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return float(value)
    raise bad(f"invalid {name} specified")


def get_bool(params: JSON, name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def get_json(params: JSON, name: str, error: str) -> Any:
    """A JSON-typed parameter (objects, arrays); a string is decoded; bad JSON is ``error``."""
    value = params.get(name)
    if isinstance(value, str):
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad(error) from None
    return value


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def trim_text(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Strip leading and trailing spaces and newlines as Telegram does, moving the entities."""
    stripped = text.strip(_TRIMMED)
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip(_TRIMMED))])
    size = utf16_len(stripped)
    moved: list[JSON] = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        end = min(size, entity["offset"] + entity["length"] - lead)
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return stripped, moved


def explicit_entities(raw: Any, text: str) -> list[JSON]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise bad("can't parse entities JSON object")
    size = utf16_len(text)
    kept: list[JSON] = []
    for entity in raw:
        if not isinstance(entity, dict):
            raise bad("can't parse entities JSON object")
        offset, length, kind = entity.get("offset"), entity.get("length"), entity.get("type")
        if not isinstance(offset, int) or not isinstance(length, int) or not isinstance(kind, str):
            raise bad("can't parse entities JSON object")
        if length > 0 and offset >= 0 and offset + length <= size:
            kept.append(dict(entity))
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return kept


def formatted_text(
    text: str | None,
    parse_mode: str | None,
    entities: Any,
    *,
    limit: int,
    empty_error: str | None,
    long_error: str,
) -> tuple[str, list[JSON]]:
    """Telegram's text pipeline: parse, trim, check emptiness and length."""
    source = text or ""
    mode = (parse_mode or "").strip().lower()
    if mode == "html":
        try:
            plain, found = parse_html(source)
        except HtmlParseError as exc:
            raise bad(f"can't parse entities: {exc.detail}") from None
    elif mode in ("", "none"):
        plain, found = source, explicit_entities(entities, source)
    else:
        raise bad("unsupported parse_mode")
    plain, found = trim_text(plain, found)
    if not plain and empty_error is not None:
        raise bad(empty_error)
    if utf16_len(plain) > limit:
        raise bad(long_error)
    return plain, found


def inline_keyboard(markup: Any) -> JSON | None:
    """Validate a reply_markup object; the inline keyboard Telegram echoes back, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad(BAD_MARKUP)
    if "inline_keyboard" not in markup:
        if any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
            return None  # reply keyboards are not part of the Message object
        raise bad(BAD_MARKUP)
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad(BAD_MARKUP)
    keyboard: list[list[JSON]] = []
    for row in rows:
        kept: list[JSON] = []
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad(BAD_MARKUP)
            if not any(key in button for key in BUTTON_ACTIONS):
                raise bad("text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = button["callback_data"]
                if (
                    not isinstance(data, str)
                    or not data
                    or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES
                ):
                    raise bad("BUTTON_DATA_INVALID")
            kept.append(dict(button))
        if kept:
            keyboard.append(kept)
    return {"inline_keyboard": keyboard} if keyboard else None


def is_html(params: JSON) -> bool:
    return (get_str(params, "parse_mode") or "").strip().lower() == "html"


def link_preview(params: JSON) -> JSON | None:
    options = get_json(
        params, "link_preview_options", "can't parse link preview options JSON object"
    )
    if isinstance(options, dict) and options:
        return dict(options)
    if get_bool(params, "disable_web_page_preview"):
        return {"is_disabled": True}
    return None


def error_response(error: ApiError) -> web.Response:
    body: JSON = {"ok": False, "error_code": error.status, "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return web.Response(text=dumps(body), status=error.status, content_type="application/json")


async def read_params(request: web.Request) -> JSON:
    """Query string and body (JSON, urlencoded or multipart) as one decoded dict."""
    params: JSON = {name: form_value(name, value) for name, value in request.query.items()}
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad("can't parse JSON object")
        params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                mime_type = value.content_type or "application/octet-stream"
                params[name] = Upload(value.filename, value.file.read(), mime_type)
            elif isinstance(value, str):
                params[name] = form_value(name, value)
    return params
