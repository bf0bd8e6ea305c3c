"""The sandbox: a local Telegram Bot API server that the real python-telegram-bot runs against.

    async with BotApiServer() as server:
        bot = telegram.Bot(SANDBOX_TOKEN, base_url=server.base_url,
                           base_file_url=server.base_file_url)
        ann = server.user(1001, "Ann")
        server.private_chat(ann)
        await server.send(1001, ann, "hello")          # a `message` update for the bot
        ...
        reply = await server.wait_for_message(1001, lambda m: "hello" in (m.text or ""), 5)

It listens on 127.0.0.1 (port 0: any free port) and answers ``/bot<token>/<method>`` (method
names case-insensitive) with Telegram's JSON: ``{"ok":true,"result":...}`` or
``{"ok":false,"error_code":N,"description":"...","parameters":{...}}``. Parameters may come as
a query string, ``application/x-www-form-urlencoded``, ``multipart/form-data`` (uploads) or a
JSON body; in forms, string parameters are raw and every other value is JSON, as PTB sends them.
Files are downloaded from ``/file/bot<token>/<file_path>``.

Methods and their refusals (in Telegram's words):

    getMe, close, logOut
    getUpdates          offset (negative: from the end), limit, timeout (long poll that returns
                        as soon as an update arrives), allowed_updates.
                        409 "Conflict: can't use getUpdates method while webhook is active; ..."
                        409 "Conflict: terminated by other getUpdates request; ..." (to the
                        earlier of two concurrent long polls)
    setWebhook          url (http or https), secret_token, allowed_updates,
    deleteWebhook       drop_pending_updates; updates are POSTed as JSON, one at a time, with
    getWebhookInfo      X-Telegram-Bot-Api-Secret-Token; see WEBHOOK_* below for retries
    sendMessage         text, parse_mode (HTML or none), entities, link_preview_options,
                        disable_web_page_preview, reply_markup, reply_parameters,
                        reply_to_message_id
                        400 "message text is empty", "message is too long" (4096 UTF-16 units
                        after parsing), "can't parse entities: ...", "chat not found",
                        "BUTTON_DATA_INVALID" (callback_data over 64 bytes),
                        "text buttons are unallowed in the inline keyboard",
                        "message to be replied not found", "unsupported parse_mode",
                        "can't parse reply keyboard markup JSON object",
                        "group chat was upgraded to a supergroup chat" (+ migrate_to_chat_id)
                        403 "Forbidden: bot was blocked by the user"
                        429 "Too Many Requests: retry after N" (+ retry_after)
    editMessageText     chat_id + message_id, or inline_message_id; the same text refusals and
    editMessageReplyMarkup  "message to edit not found", "message can't be edited",
                        "MESSAGE_ID_INVALID" (unknown inline_message_id),
                        "there is no text in the message to edit", "message is not modified:
                        specified new message content and reply markup are exactly the same
                        as a current content and reply markup of the message"
    deleteMessage       "message to delete not found"
    answerCallbackQuery "query is too old and response timeout expired or query ID is invalid"
                        (unknown, answered, or older than callback_query_ttl); "MESSAGE_TOO_LONG"
    answerInlineQuery   the same for inline queries (inline_query_ttl); "RESULTS_TOO_MUCH" (> 50),
                        "RESULT_ID_DUPLICATE", "RESULT_ID_INVALID"; each input_message_content
                        is checked like sendMessage's text
    sendChatAction      "wrong parameter action in request"
    setMyCommands, getMyCommands, deleteMyCommands   (scope, language_code);
                        "BOT_COMMAND_INVALID", "BOT_COMMANDS_TOO_MUCH"
    getChat             a ChatFullInfo
    sendDocument        a multipart upload, an attach:// part or a known file_id; caption
                        (1024 units); "there is no document in the request",
                        "file must be non-empty", "message caption is too long",
                        "wrong file identifier/HTTP URL specified"
    getFile             "invalid file_id", "file is too big" (over 20 MB)
    any other method    404 "Not Found";  a wrong token: 401 "Unauthorized"

The user side (for tests, the terminal chat and the load benchmark). Users are User dicts or
ids; every method that changes state is async and wakes long polls and ``wait_for``:

    user(user_id, first_name="Ann", *, username=None, language_code="en") -> User dict
    private_chat(user) / group(chat_id, title, *, supergroup=False)
        / channel(chat_id, title, username=None) -> Chat dict
    await send(chat_id, from_user, text, *, reply_to_message_id=None,
               forward_from_channel=None, caption_of_photo=False, entities=None) -> Message
    await send_document(chat_id, from_user, file_name, data, mime_type=..., *, caption=None)
    await press(chat_id, message_id, *, from_user, data=None, index=None)  -> query id
    await press(inline_message_id=..., from_user=..., data=... | index=...) -> query id
    await inline_query(from_user, query) -> query id;  await inline_answer(query_id, timeout)
    await choose_inline_result(chat_id, from_user, query_id, result_id) -> Message
    messages(chat_id) -> [SandboxMessage] (the bot's, current state); history(chat_id);
        message(chat_id, message_id); inline_message(inline_message_id)
    calls, callback_answers, inline_answers, chat_actions, commands, commands_for(scope, lang),
        stats, updates_pending, long_polls_waiting, changes
    await wait_for(predicate, timeout) (TimeoutError);  await wait_for_message(chat_id, pred, t)
    inject_429(method=None, *, times, retry_after);  inject_error(method=None, *, times, status);
    block(user_id) / unblock(user_id);
        await migrate_group(old_id, new_id);  BotApiServer(limits=Limits(...))

Simplified on purpose:
  * Markdown parse modes are refused ("unsupported parse_mode"); the project renders HTML.
  * The bot sees every message in groups (as if privacy mode were off) and never its own.
  * A message a user sends via the bot (``choose_inline_result``) is not delivered as a
    ``message`` update; the bot gets ``chosen_inline_result`` (with ``inline_message_id`` when
    the result has a keyboard, as in Telegram).
  * Webhook URLs may be plain http; a delivery that fails WEBHOOK_ATTEMPTS times is dropped
    (Telegram keeps retrying for longer) and reported in getWebhookInfo's last_error_*.
  * Edits are allowed in chats whose user blocked the bot; only sends are refused with 403.
  * reply_parameters may only point into the same chat; a quote is ignored.
  * ``getUpdates`` and sends never fail for other reasons Telegram has (network, bot kicked).
  * Flood limits are exact sliding windows (see ``Limits``); Telegram's are fuzzier.
  * The HTML parser refuses a stray ``&`` that Telegram would keep (see ``tghtml``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import re
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.sandbox._wire import (
    BAD_MARKUP,
    MAX_CAPTION_LENGTH,
    MAX_MESSAGE_LENGTH,
    ApiError,
    Described,
    Upload,
    bad,
    dumps,
    error_response,
    formatted_text,
    get_bool,
    get_float,
    get_int,
    get_json,
    get_str,
    inline_keyboard,
    is_html,
    link_preview,
    read_params,
)
from bot.sandbox.entities import detect_entities
from bot.sandbox.records import (
    JSON,
    ApiCall,
    CallbackAnswer,
    ChatActionRecord,
    Limits,
    SandboxMessage,
    SandboxStats,
)

__all__ = [
    "SANDBOX_TOKEN",
    "ApiCall",
    "BotApiServer",
    "CallbackAnswer",
    "ChatActionRecord",
    "Limits",
    "SandboxMessage",
    "SandboxStats",
]

_LOGGER = logging.getLogger(__name__)

# Telegram's token shape (bot id, colon, 35 characters); obviously not a real token.
# Telegram's "digits:secret" shape, visibly not a real token (real secrets are 35 characters)
SANDBOX_TOKEN = "123456789:sandbox-not-a-secret"

MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_COMMANDS = 100
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # bots may upload 50 MB ...
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # ... and download 20 MB
# Telegram clients wait about 15 s for a callback answer; inline answers are documented as
# "within 10 seconds". Both are constructor settings so tests can expire queries quickly.
CALLBACK_QUERY_TTL = 15.0
INLINE_QUERY_TTL = 10.0
# Webhook delivery: three tries, pausing between them; then the update is dropped.
WEBHOOK_ATTEMPTS = 3
WEBHOOK_RETRY_DELAYS = (0.05, 0.25)
WEBHOOK_TIMEOUT = 10.0
# How long closing the server waits for requests still being served.
SHUTDOWN_TIMEOUT = 2.0

CHAT_ACTIONS = frozenset(
    """
    typing upload_photo record_video upload_video record_voice upload_voice upload_document
    choose_sticker find_location record_video_note upload_video_note
    """.split()
)
# What getUpdates and the webhook deliver when allowed_updates is not given (or empty).
_DEFAULT_UPDATE_TYPES = frozenset(
    """
    message edited_message channel_post edited_channel_post callback_query inline_query
    chosen_inline_result
    """.split()
)
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND_SHAPE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None
    mime_type: str | None


@dataclass
class _Chat:
    info: JSON
    messages: dict[int, SandboxMessage] = field(default_factory=dict)
    next_message_id: int = 1
    migrated_to: int | None = None

    @property
    def id(self) -> int:
        return int(self.info["id"])

    @property
    def type(self) -> str:
        return str(self.info["type"])


@dataclass
class _Query:
    kind: str  # "callback" or "inline"
    created: float
    query: str = ""
    answered: bool = False


@dataclass
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class _Injection:
    method: str | None  # lower-case method name; None: every method but getUpdates
    remaining: int
    retry_after: int  # for a 429
    status: int = 429
    description: str = ""  # for other statuses


_Handler = Callable[[JSON], Awaitable[Any]]


class BotApiServer:
    """A local Bot API server with a Python API to play the users. See the module docstring."""

    def __init__(
        self,
        token: str = SANDBOX_TOKEN,
        *,
        bot_id: int | None = None,
        bot_username: str = "newsbrief_bot",
        bot_name: str = "newsbrief",
        limits: Limits | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        callback_query_ttl: float = CALLBACK_QUERY_TTL,
        inline_query_ttl: float = INLINE_QUERY_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``bot_id`` defaults to the number before the token's colon, as in Telegram.

        ``clock`` (seconds, monotonic) times flood budgets, query expiry and the records'
        ``at``; tests may pass one they move by hand. Message dates use the wall clock.
        """
        self.token = token
        self.bot_id = bot_id if bot_id is not None else int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.limits = limits
        self.callback_query_ttl = callback_query_ttl
        self.inline_query_ttl = inline_query_ttl
        self._clock = clock
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._deliverer: asyncio.Task[None] | None = None
        self._closing = False
        self._cond = asyncio.Condition()
        self._changes = 0

        self._users: dict[int, JSON] = {}
        self._chats: dict[int, _Chat] = {}
        self._blocked: set[int] = set()
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._queries: dict[str, _Query] = {}
        self._inline_messages: dict[str, SandboxMessage] = {}
        self._channel_posts: Counter[int] = Counter()
        self._counter = 0  # ids of queries, files, inline messages

        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._long_polls = 0
        self._webhook: _Webhook | None = None

        self._flood: dict[str, deque[float]] = {}
        self._injections: list[_Injection] = []
        self._commands: dict[tuple[str, str], list[JSON]] = {}

        self.calls: list[ApiCall] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.inline_answers: dict[str, JSON] = {}
        self.chat_actions: list[ChatActionRecord] = []
        self.stats = SandboxStats()

        self._methods: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "answerInlineQuery": self._answer_inline_query,
                "sendChatAction": self._send_chat_action,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getChat": self._get_chat,
                "sendDocument": self._send_document,
                "getFile": self._get_file,
            }.items()
        }

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Start listening (``async with`` does this)."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT
        )
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        self._session = aiohttp.ClientSession()
        self._deliverer = asyncio.create_task(self._deliver_webhooks())

    async def close(self) -> None:
        """Wake every waiting long poll, stop webhook delivery and stop listening."""
        self._closing = True
        await self._notify()
        if self._deliverer is not None:
            self._deliverer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._deliverer
            self._deliverer = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def url(self) -> str:
        """The origin, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: it appends the token and ``/method``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's ``base_file_url``: it appends the token and ``/file_path``."""
        return f"{self.url}/file/bot"

    @property
    def bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    # --- state change notification ----------------------------------------------------------

    async def _notify(self) -> None:
        self._changes += 1
        async with self._cond:
            self._cond.notify_all()

    @property
    def changes(self) -> int:
        """A counter bumped on every change: ``wait_for(lambda: server.changes != seen)``."""
        return self._changes

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Return once ``predicate()`` holds, re-checking on every change; TimeoutError after."""
        async with self._cond:
            try:
                async with asyncio.timeout(timeout):
                    await self._cond.wait_for(predicate)
            except TimeoutError:
                raise TimeoutError(f"sandbox: condition not met within {timeout} s") from None

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SandboxMessage], bool] | None = None,
        timeout: float = 5.0,
    ) -> SandboxMessage:
        """The first (not deleted) bot message in the chat that matches ``predicate``."""
        found: list[SandboxMessage] = []

        def check() -> bool:
            for message in self.messages(chat_id):
                if not message.deleted and (predicate is None or predicate(message)):
                    found.append(message)
                    return True
            return False

        await self.wait_for(check, timeout)
        return found[-1]

    # --- registration -----------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Ann",
        *,
        username: str | None = None,
        language_code: str | None = "en",
        last_name: str | None = None,
    ) -> JSON:
        """Register (or update) a user; returns the User object."""
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return dict(user)

    def private_chat(self, user: JSON | int) -> JSON:
        """The user's private chat with the bot (as if the user had pressed Start)."""
        person = self._resolve_user(user)
        info: JSON = {"id": person["id"], "type": "private", "first_name": person["first_name"]}
        for key in ("last_name", "username"):
            if key in person:
                info[key] = person[key]
        return self._register_chat(info)

    def group(self, chat_id: int, title: str, *, supergroup: bool = False) -> JSON:
        """A group (or supergroup) the bot is a member of."""
        kind = "supergroup" if supergroup else "group"
        return self._register_chat({"id": chat_id, "type": kind, "title": title})

    def channel(self, chat_id: int, title: str, username: str | None = None) -> JSON:
        """A channel (users may forward its posts; the bot may post in it)."""
        info: JSON = {"id": chat_id, "type": "channel", "title": title}
        if username:
            info["username"] = username
        return self._register_chat(info)

    def _register_chat(self, info: JSON) -> JSON:
        chat = self._chats.get(info["id"])
        if chat is None:
            self._chats[info["id"]] = _Chat(info)
        else:
            chat.info = info
        return dict(info)

    def _resolve_user(self, user: JSON | int) -> JSON:
        user_id = user if isinstance(user, int) else int(user["id"])
        if user_id not in self._users:
            if isinstance(user, int):
                raise ValueError(f"sandbox: unknown user {user_id}; register it with user()")
            self._users[user_id] = dict(user)
        return dict(self._users[user_id])

    def _user_chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ValueError(f"sandbox: unknown chat {chat_id}")
        if chat.migrated_to is not None:
            raise ValueError(f"sandbox: chat {chat_id} was migrated to {chat.migrated_to}")
        return chat

    # --- fault injection --------------------------------------------------------------------

    def inject_429(self, method: str | None = None, *, times: int, retry_after: int) -> None:
        """The next ``times`` calls of ``method`` (None: any method but getUpdates) get 429."""
        self._injections.append(
            _Injection(method.lower() if method else None, times, max(1, retry_after))
        )

    def inject_error(
        self, method: str | None = None, *, times: int, status: int = 500, description: str = ""
    ) -> None:
        """The next ``times`` calls of ``method`` (None: any but getUpdates) fail with ``status``
        (default 500, "Internal Server Error"), as Telegram's front ends do when a back end
        fails."""
        if status == 429:
            raise ValueError("sandbox: use inject_429 for flood limits")
        text = description or {500: "Internal Server Error", 502: "Bad Gateway"}.get(status, "")
        self._injections.append(
            _Injection(method.lower() if method else None, times, 0, status, text or "Error")
        )

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to their private chat answer 403."""
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self._blocked.discard(user_id)

    async def migrate_group(self, old_id: int, new_id: int) -> JSON:
        """Upgrade a group to a supergroup: the old id answers 400 with migrate_to_chat_id."""
        old = self._user_chat(old_id)
        if old.type != "group":
            raise ValueError(f"sandbox: chat {old_id} is not a group")
        new_info = self._register_chat(
            {"id": new_id, "type": "supergroup", "title": old.info["title"]}
        )
        old.migrated_to = new_id
        for chat, extra in (
            (old, {"migrate_to_chat_id": new_id}),
            (self._chats[new_id], {"migrate_from_chat_id": old_id}),
        ):
            message = self._add_message(chat, from_user=None, by_bot=False, extra=extra)
            self._push_update("message", self._message_dict(message))
        await self._notify()
        return new_info

    # --- acting as users --------------------------------------------------------------------

    async def send(
        self,
        chat_id: int,
        from_user: JSON | int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
        forward_from_channel: int | None = None,
        caption_of_photo: bool = False,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """A user sends ``text`` (a photo's caption with ``caption_of_photo``); the Message."""
        chat = self._user_chat(chat_id)
        user = self._resolve_user(from_user)
        found = [dict(e) for e in entities] if entities is not None else detect_entities(text)
        extra: JSON = {}
        if forward_from_channel is not None:
            channel = self._chats.get(forward_from_channel)
            if channel is None or channel.type != "channel":
                raise ValueError(f"sandbox: {forward_from_channel} is not a registered channel")
            self._channel_posts[channel.id] += 1
            extra["forward_origin"] = {
                "type": "channel",
                "chat": dict(channel.info),
                "message_id": self._channel_posts[channel.id],
                "date": int(time.time()) - 60,
            }
        if reply_to_message_id is not None:
            target = chat.messages.get(reply_to_message_id)
            if target is None or target.deleted:
                raise ValueError(f"sandbox: no message {reply_to_message_id} in chat {chat_id}")
        if caption_of_photo:
            extra["photo"] = [self._fake_photo_size(side) for side in (90, 320, 800)]
            message = self._add_message(
                chat,
                from_user=user,
                by_bot=False,
                caption=text,
                caption_entities=found,
                reply_to_message_id=reply_to_message_id,
                extra=extra,
            )
        else:
            message = self._add_message(
                chat,
                from_user=user,
                by_bot=False,
                text=text,
                entities=found,
                reply_to_message_id=reply_to_message_id,
                extra=extra,
            )
        payload = self._message_dict(message)
        self._push_update("channel_post" if chat.type == "channel" else "message", payload)
        await self._notify()
        return payload

    async def send_document(
        self,
        chat_id: int,
        from_user: JSON | int,
        file_name: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        *,
        caption: str | None = None,
    ) -> JSON:
        """A user sends a file; the bot can getFile and download it."""
        chat = self._user_chat(chat_id)
        user = self._resolve_user(from_user)
        stored = self._store_file(Upload(file_name, data, mime_type), "documents")
        message = self._add_message(
            chat,
            from_user=user,
            by_bot=False,
            document=self._document_dict(stored),
            caption=caption,
            caption_entities=detect_entities(caption) if caption else [],
        )
        payload = self._message_dict(message)
        self._push_update("message", payload)
        await self._notify()
        return payload

    async def press(
        self,
        chat_id: int | None = None,
        message_id: int | None = None,
        *,
        from_user: JSON | int,
        data: str | None = None,
        index: int | None = None,
        inline_message_id: str | None = None,
    ) -> str:
        """Press a callback button (by its data or its index row by row); the query id."""
        user = self._resolve_user(from_user)
        if inline_message_id is not None:
            message = self._inline_messages.get(inline_message_id)
            if message is None:
                raise ValueError(f"sandbox: unknown inline message {inline_message_id}")
        else:
            if chat_id is None or message_id is None:
                raise ValueError("sandbox: press needs chat_id and message_id, or inline id")
            chat = self._chats.get(chat_id)
            found = chat.messages.get(message_id) if chat else None
            if found is None or found.deleted or not found.by_bot:
                raise ValueError(f"sandbox: no bot message {message_id} in chat {chat_id}")
            message = found
        buttons = message.buttons()
        if index is not None:
            if not 0 <= index < len(buttons):
                raise ValueError(f"sandbox: the message has {len(buttons)} buttons, not {index}")
            button = buttons[index]
        else:
            matching = [b for b in buttons if data is not None and b.get("callback_data") == data]
            if not matching:
                raise ValueError(f"sandbox: no button with callback data {data!r}")
            button = matching[0]
        if "callback_data" not in button:
            raise ValueError(f"sandbox: button {button.get('text')!r} is not a callback button")
        query_id = self._new_id("query")
        query: JSON = {
            "id": query_id,
            "from": user,
            "chat_instance": self._chat_instance(message.chat_id),
        }
        if message.inline_message_id is not None:  # Telegram never shows the bot this message
            query["inline_message_id"] = message.inline_message_id
        else:
            query["message"] = self._message_dict(message)
        query["data"] = button["callback_data"]
        self._queries[query_id] = _Query("callback", self._clock())
        self._push_update("callback_query", query)
        await self._notify()
        return query_id

    async def inline_query(
        self, from_user: JSON | int, query: str, *, offset: str = "", chat_type: str | None = None
    ) -> str:
        """The user types ``@bot query`` somewhere; the inline query id."""
        user = self._resolve_user(from_user)
        query_id = self._new_id("query")
        payload: JSON = {"id": query_id, "from": user, "query": query, "offset": offset}
        if chat_type is not None:
            payload["chat_type"] = chat_type
        self._queries[query_id] = _Query("inline", self._clock(), query=query)
        self._push_update("inline_query", payload)
        await self._notify()
        return query_id

    async def inline_answer(self, query_id: str, timeout: float = 5.0) -> JSON | None:
        """The bot's answerInlineQuery parameters for this query, or None if none came."""
        with contextlib.suppress(TimeoutError):
            await self.wait_for(lambda: query_id in self.inline_answers, timeout)
        return self.inline_answers.get(query_id)

    async def choose_inline_result(
        self, chat_id: int, from_user: JSON | int, query_id: str, result_id: str
    ) -> JSON:
        """Post an answered result into a chat (via the bot); the Message it became."""
        chat = self._user_chat(chat_id)
        user = self._resolve_user(from_user)
        answer = self.inline_answers.get(query_id)
        if answer is None:
            raise ValueError(f"sandbox: inline query {query_id} was not answered")
        results = [r for r in answer["results"] if r.get("id") == result_id]
        if not results:
            raise ValueError(f"sandbox: no result {result_id!r} in the answer")
        result = results[0]
        content = result.get("input_message_content")
        if not isinstance(content, dict) or "message_text" not in content:
            raise ValueError("sandbox: only results with a text input_message_content post")
        text, entities = formatted_text(
            get_str(content, "message_text"),
            get_str(content, "parse_mode"),
            content.get("entities"),
            limit=MAX_MESSAGE_LENGTH,
            empty_error="message text is empty",
            long_error="message is too long",
        )
        keyboard = inline_keyboard(result.get("reply_markup"))
        inline_id = self._new_id("inline")
        message = self._add_message(
            chat,
            from_user=user,
            by_bot=True,
            text=text,
            entities=entities,
            html=get_str(content, "message_text") if is_html(content) else None,
            reply_markup=keyboard,
            link_preview_options=link_preview(content),
            inline_message_id=inline_id,
            via_bot=True,
        )
        self._inline_messages[inline_id] = message
        chosen: JSON = {
            "result_id": result_id,
            "from": user,
            "query": self._queries[query_id].query if query_id in self._queries else "",
        }
        if keyboard is not None:
            chosen["inline_message_id"] = inline_id
        self._push_update("chosen_inline_result", chosen)
        await self._notify()
        return self._message_dict(message)

    # --- observation ------------------------------------------------------------------------

    def messages(self, chat_id: int) -> list[SandboxMessage]:
        """The bot's messages in the chat (and inline messages via it), deleted ones flagged."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return []
        return [m for m in chat.messages.values() if m.by_bot]

    def history(self, chat_id: int) -> list[SandboxMessage]:
        """Every message of the chat in order: the users', the bot's and service messages."""
        chat = self._chats.get(chat_id)
        return list(chat.messages.values()) if chat else []

    def message(self, chat_id: int, message_id: int) -> SandboxMessage | None:
        """Any message of the chat (the users' too)."""
        chat = self._chats.get(chat_id)
        return chat.messages.get(message_id) if chat else None

    def inline_message(self, inline_message_id: str) -> SandboxMessage | None:
        return self._inline_messages.get(inline_message_id)

    @property
    def commands(self) -> list[JSON]:
        """The default command menu (scope default, no language)."""
        return self.commands_for()

    def commands_for(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        return [dict(c) for c in self._commands.get((_scope_key(scope), language_code), [])]

    @property
    def updates_pending(self) -> list[JSON]:
        """Updates not yet confirmed by getUpdates (or not yet delivered to the webhook)."""
        return list(self._updates)

    @property
    def long_polls_waiting(self) -> int:
        """getUpdates requests waiting for an update now (1 while a bot is polling)."""
        return self._long_polls

    @property
    def webhook_url(self) -> str | None:
        return self._webhook.url if self._webhook else None

    # --- internals: messages, files, updates ------------------------------------------------

    def _new_id(self, kind: str) -> str:
        self._counter += 1
        if kind == "query":
            return str(4_700_000_000_000_000_000 + self._counter)
        if kind == "inline":
            return f"AgAAAN{self._counter:010d}sandbox"
        return f"{kind}{self._counter}"

    def _chat_instance(self, chat_id: int) -> str:
        return str((chat_id * 2_654_435_761) % (1 << 63))

    def _add_message(
        self, chat: _Chat, *, from_user: JSON | None, by_bot: bool, **fields: Any
    ) -> SandboxMessage:
        message = SandboxMessage(
            chat_id=chat.id,
            message_id=chat.next_message_id,
            date=int(time.time()),
            from_user=from_user,
            by_bot=by_bot,
            sent_at=self._clock(),
            **fields,
        )
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        return message

    def _message_dict(self, message: SandboxMessage, *, with_reply: bool = True) -> JSON:
        chat = self._chats[message.chat_id]
        payload: JSON = {"message_id": message.message_id}
        if chat.type == "channel" and not message.via_bot:
            payload["sender_chat"] = dict(chat.info)
        elif message.from_user is not None:
            payload["from"] = dict(message.from_user)
        payload["chat"] = dict(chat.info)
        payload["date"] = message.date
        payload.update(message.extra)
        if with_reply and message.reply_to_message_id is not None:
            target = chat.messages.get(message.reply_to_message_id)
            if target is not None and not target.deleted:
                payload["reply_to_message"] = self._message_dict(target, with_reply=False)
        if message.via_bot:
            payload["via_bot"] = self.bot_user
        if message.edit_date is not None:
            payload["edit_date"] = message.edit_date
        if message.text is not None:
            payload["text"] = message.text
            if message.entities:
                payload["entities"] = [dict(e) for e in message.entities]
        if message.link_preview_options:
            payload["link_preview_options"] = dict(message.link_preview_options)
        if message.document is not None:
            payload["document"] = dict(message.document)
        if message.caption:
            payload["caption"] = message.caption
            if message.caption_entities:
                payload["caption_entities"] = [dict(e) for e in message.caption_entities]
        if message.reply_markup is not None:
            payload["reply_markup"] = json.loads(json.dumps(message.reply_markup))
        return payload

    def _store_file(self, upload: Upload, folder: str) -> _StoredFile:
        self._counter += 1
        n = self._counter
        suffix = PurePosixPath(upload.file_name).suffix if upload.file_name else ""
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkBAAI{n:08d}sandbox",
            file_unique_id=f"AgAD{n:08d}",
            file_path=f"{folder}/file_{n}{suffix}",
            data=upload.data,
            file_name=upload.file_name or None,
            mime_type=upload.mime_type or None,
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored
        return stored

    def _document_dict(self, stored: _StoredFile) -> JSON:
        document: JSON = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        document["file_size"] = len(stored.data)
        return document

    def _fake_photo_size(self, side: int) -> JSON:
        stored = self._store_file(Upload("", b"\xff\xd8\xff\xd9" * side, "image/jpeg"), "photos")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": side,
            "height": side,
            "file_size": len(stored.data),
        }

    def _push_update(self, kind: str, payload: JSON) -> None:
        if kind not in self._allowed_updates:
            return
        self._updates.append({"update_id": self._next_update_id, kind: payload})
        self._next_update_id += 1

    def _set_allowed_updates(self, params: JSON) -> None:
        allowed = get_json(params, "allowed_updates", "can't parse allowed_updates JSON array")
        if allowed is None:
            return
        if not isinstance(allowed, list):
            raise bad("can't parse allowed_updates JSON array")
        self._allowed_updates = (
            frozenset(str(kind) for kind in allowed) if allowed else _DEFAULT_UPDATE_TYPES
        )

    def _confirm(self, offset: int) -> None:
        before = len(self._updates)
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self.stats.updates_confirmed += before - len(self._updates)

    # --- internals: checks shared by methods ------------------------------------------------

    def _bot_chat(self, params: JSON) -> _Chat:
        value = params.get("chat_id")
        if value is None or value == "":
            raise bad("chat_id is empty")
        chat: _Chat | None = None
        if isinstance(value, str) and value.startswith("@"):
            name = value[1:].lower()
            chat = next(
                (
                    c
                    for c in self._chats.values()
                    if c.type != "private" and str(c.info.get("username", "")).lower() == name
                ),
                None,
            )
        else:
            chat = self._chats.get(get_int(params, "chat_id") or 0)
        if chat is None:
            raise bad("chat not found")
        if chat.migrated_to is not None:
            raise bad(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        return chat

    def _check_not_blocked(self, chat: _Chat) -> None:
        if chat.type == "private" and chat.id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    def _spend_flood(self, chat: _Chat, *, new_message: bool) -> None:
        """Telegram's flood limits: 429 with the whole seconds until the budget frees."""
        if self.limits is None:
            return
        limits = self.limits
        now = self._clock()
        # (key, window in seconds, messages allowed per window before scaling)
        budgets: list[tuple[str, float, float]] = [("global", 1.0, limits.global_per_second)]
        if new_message:
            budgets.append((f"chat:{chat.id}", 1.0, limits.chat_per_second))
            if chat.type in ("group", "supergroup"):
                budgets.append((f"group:{chat.id}", 60.0, limits.group_per_minute))
        wait = 0.0
        for key, window, allowed in budgets:
            capacity = max(1, math.floor(allowed * limits.scale + 1e-9))
            log = self._flood.setdefault(key, deque())
            while log and log[0] <= now - window:
                log.popleft()
            if len(log) >= capacity:
                wait = max(wait, log[len(log) - capacity] + window - now)
        if wait > 0:
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for key, _window, _allowed in budgets:
            self._flood[key].append(now)

    def _reply_target(self, chat: _Chat, params: JSON) -> int | None:
        reply = get_json(params, "reply_parameters", "can't parse reply parameters JSON object")
        allow_missing = get_bool(params, "allow_sending_without_reply")
        if reply is None:
            message_id = get_int(params, "reply_to_message_id")
            if message_id is None:
                return None
        elif isinstance(reply, dict):
            message_id = get_int(reply, "message_id")
            allow_missing = allow_missing or get_bool(reply, "allow_sending_without_reply")
            if message_id is None:
                raise bad("message to be replied not found")
        else:
            raise bad("can't parse reply parameters JSON object")
        target = chat.messages.get(message_id)
        if target is None or target.deleted:
            if allow_missing:
                return None
            raise bad("message to be replied not found")
        return message_id

    def _edit_target(self, params: JSON) -> tuple[SandboxMessage, _Chat | None]:
        inline_id = get_str(params, "inline_message_id")
        if inline_id:
            message = self._inline_messages.get(inline_id)
            if message is None or message.deleted:
                raise bad("MESSAGE_ID_INVALID")
            return message, None
        chat = self._bot_chat(params)
        message_id = get_int(params, "message_id")
        if message_id is None:
            raise bad("message identifier is not specified")
        found = chat.messages.get(message_id)
        if found is None or found.deleted:
            raise bad("message to edit not found")
        if not found.by_bot or found.via_bot:
            raise bad("message can't be edited")
        return found, chat

    # --- HTTP ---------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["tail"]
        if path.startswith("file/bot"):
            return self._download(path.removeprefix("file/bot"))
        if not path.startswith("bot"):
            return error_response(ApiError(404, "Not Found"))
        token, _, method = path.removeprefix("bot").partition("/")
        if token != self.token:
            if _TOKEN_SHAPE.fullmatch(token):
                return error_response(ApiError(401, "Unauthorized"))
            return error_response(ApiError(404, "Not Found"))
        entry = self._methods.get(method.lower())
        name = entry[0] if entry else method
        params: JSON = {}
        try:
            params = await read_params(request)
            if entry is None:
                raise ApiError(404, "Not Found")
            self._check_injected(name)
            result = await entry[1](params)
        except ApiError as exc:
            self._record(name, params, exc.status, exc.description)
            if exc.status == 429:
                self.stats.rate_limited[name] += 1
            await self._notify()
            return error_response(exc)
        except Exception:
            _LOGGER.exception("sandbox: %s failed", name)
            self._record(name, params, 500, "Internal Server Error")
            await self._notify()
            return error_response(ApiError(500, "Internal Server Error"))
        self._record(name, params, 200, None)
        await self._notify()
        body: JSON = {"ok": True, "result": result}
        if isinstance(result, Described):
            body = {"ok": True, "result": result.result, "description": result.description}
        return web.Response(text=dumps(body), content_type="application/json")

    def _record(self, method: str, params: JSON, status: int, error: str | None) -> None:
        recorded = {
            name: {"file_name": v.file_name, "size": len(v.data)} if isinstance(v, Upload) else v
            for name, v in params.items()
        }
        self.calls.append(ApiCall(method, recorded, status, error, self._clock()))
        self.stats.requests[method] += 1
        if status >= 300:
            self.stats.errors[method] += 1

    def _check_injected(self, method: str) -> None:
        lowered = method.lower()
        for injection in self._injections:
            if injection.remaining <= 0:
                continue
            if injection.method == lowered or (
                injection.method is None and lowered != "getupdates"
            ):
                injection.remaining -= 1
                if injection.status != 429:
                    raise ApiError(injection.status, injection.description)
                retry = injection.retry_after
                raise ApiError(
                    429, f"Too Many Requests: retry after {retry}", {"retry_after": retry}
                )

    def _download(self, rest: str) -> web.Response:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        stored = self._file_paths.get(file_path)
        if stored is None:
            return error_response(ApiError(404, "Not Found"))
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # --- webhook delivery -------------------------------------------------------------------

    async def _deliver_webhooks(self) -> None:
        while True:
            async with self._cond:
                await self._cond.wait_for(
                    lambda: self._closing or (self._webhook is not None and bool(self._updates))
                )
                if self._closing:
                    return
                hook = self._webhook
                update = self._updates[0]
            assert hook is not None
            error = await self._post_update(hook, update)
            if self._updates and self._updates[0] is update:
                self._updates.pop(0)
            if error is None:
                self.stats.webhook_deliveries += 1
            else:
                self.stats.webhook_failures += 1
                hook.last_error_date = int(time.time())
                hook.last_error_message = error
                _LOGGER.warning("sandbox: webhook delivery dropped: %s", error)
            await self._notify()

    async def _post_update(self, hook: _Webhook, update: JSON) -> str | None:
        """Deliver one update, trying WEBHOOK_ATTEMPTS times; the last error or None."""
        assert self._session is not None
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        body = dumps(update).encode("utf-8")
        error = "no attempt"
        for attempt in range(WEBHOOK_ATTEMPTS):
            if attempt:
                await asyncio.sleep(
                    WEBHOOK_RETRY_DELAYS[min(attempt, len(WEBHOOK_RETRY_DELAYS)) - 1]
                )
            try:
                async with self._session.post(
                    hook.url,
                    data=body,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT),
                ) as response:
                    await response.read()
                    if 200 <= response.status < 300:
                        return None
                    error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Connection failed: {type(exc).__name__}"
        return error

    # --- Bot API methods --------------------------------------------------------------------

    async def _true(self, _params: JSON) -> bool:
        return True

    async def _get_me(self, _params: JSON) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self._webhook is not None:
            raise _webhook_conflict()
        offset = get_int(params, "offset")
        limit = min(100, max(1, get_int(params, "limit") or 100))
        timeout = max(0.0, get_float(params, "timeout") or 0.0)
        self._set_allowed_updates(params)
        if offset is not None:
            self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation

        def ready() -> bool:
            return (
                bool(self._updates)
                or self._closing
                or self._webhook is not None
                or self._poll_generation != generation
            )

        waiting = timeout > 0 and not ready()
        self._long_polls += waiting
        try:
            await self._notify()  # an earlier long poll still waiting now answers 409
            if waiting:
                async with self._cond:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(timeout):
                            await self._cond.wait_for(ready)
        finally:
            self._long_polls -= waiting
        if self._poll_generation != generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure that only one bot "
                "instance is running",
            )
        if self._webhook is not None:
            raise _webhook_conflict()
        return self._updates[:limit]

    async def _set_webhook(self, params: JSON) -> Described:
        url = (get_str(params, "url") or "").strip()
        if not url:
            return await self._delete_webhook(params)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = get_str(params, "secret_token")
        if secret is not None and not _SECRET_SHAPE.fullmatch(secret):
            raise bad("secret token contains unallowed characters")
        self._set_allowed_updates(params)
        if get_bool(params, "drop_pending_updates"):
            self._updates.clear()
        unchanged = self._webhook is not None and self._webhook.url == url
        self._webhook = _Webhook(url, secret, get_int(params, "max_connections") or 40)
        await self._notify()
        return Described(True, "Webhook is already set" if unchanged else "Webhook was set")

    async def _delete_webhook(self, params: JSON) -> Described:
        if get_bool(params, "drop_pending_updates"):
            self._updates.clear()
        existed = self._webhook is not None
        self._webhook = None
        return Described(True, "Webhook was deleted" if existed else "Webhook is already deleted")

    async def _get_webhook_info(self, _params: JSON) -> JSON:
        info: JSON = {
            "url": self._webhook.url if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook is not None:
            info["max_connections"] = self._webhook.max_connections
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates != _DEFAULT_UPDATE_TYPES:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook.last_error_date is not None:
                info["last_error_date"] = self._webhook.last_error_date
                info["last_error_message"] = self._webhook.last_error_message
        return info

    def _message_text(self, params: JSON) -> tuple[str, list[JSON], str | None]:
        text, entities = formatted_text(
            get_str(params, "text"),
            get_str(params, "parse_mode"),
            get_json(params, "entities", "can't parse entities JSON object"),
            limit=MAX_MESSAGE_LENGTH,
            empty_error="message text is empty",
            long_error="message is too long",
        )
        return text, entities, get_str(params, "text") if is_html(params) else None

    def _keyboard(self, params: JSON) -> JSON | None:
        return inline_keyboard(get_json(params, "reply_markup", BAD_MARKUP))

    async def _send_message(self, params: JSON) -> JSON:
        chat = self._bot_chat(params)
        self._check_not_blocked(chat)
        text, entities, html = self._message_text(params)
        keyboard = self._keyboard(params)
        preview = link_preview(params)
        reply_to = self._reply_target(chat, params)
        self._spend_flood(chat, new_message=True)
        message = self._add_message(
            chat,
            from_user=self.bot_user,
            by_bot=True,
            text=text,
            entities=entities,
            html=html,
            reply_markup=keyboard,
            link_preview_options=preview,
            reply_to_message_id=reply_to,
            silent=bool(get_bool(params, "disable_notification")),
        )
        self.stats.messages_by_chat[chat.id] += 1
        return self._message_dict(message)

    async def _send_document(self, params: JSON) -> JSON:
        chat = self._bot_chat(params)
        self._check_not_blocked(chat)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        upload = document if isinstance(document, Upload) else None
        reference = document if isinstance(document, str) else None
        stored: _StoredFile | None = None
        if upload is not None:
            if not upload.data:
                raise bad("file must be non-empty")
        elif reference:
            stored = self._files.get(reference)
            if stored is None:
                raise bad("wrong file identifier/HTTP URL specified")
        else:
            raise bad("there is no document in the request")
        caption, caption_entities = formatted_text(
            get_str(params, "caption"),
            get_str(params, "parse_mode"),
            get_json(params, "caption_entities", "can't parse entities JSON object"),
            limit=MAX_CAPTION_LENGTH,
            empty_error=None,
            long_error="message caption is too long",
        )
        keyboard = self._keyboard(params)
        reply_to = self._reply_target(chat, params)
        self._spend_flood(chat, new_message=True)
        if stored is None:
            assert upload is not None
            stored = self._store_file(upload, "documents")
        message = self._add_message(
            chat,
            from_user=self.bot_user,
            by_bot=True,
            document=self._document_dict(stored),
            caption=caption or None,
            caption_entities=caption_entities,
            html=get_str(params, "caption") if is_html(params) else None,
            reply_markup=keyboard,
            reply_to_message_id=reply_to,
        )
        self.stats.messages_by_chat[chat.id] += 1
        return self._message_dict(message)

    async def _edit_message_text(self, params: JSON) -> JSON | bool:
        message, chat = self._edit_target(params)
        if message.text is None:
            raise bad("there is no text in the message to edit")
        text, entities, html = self._message_text(params)
        keyboard = self._keyboard(params)
        if (
            text == message.text
            and entities == message.entities
            and keyboard == message.reply_markup
        ):
            raise bad(_NOT_MODIFIED.removeprefix("Bad Request: "))
        self._spend_flood(chat or self._chats[message.chat_id], new_message=False)
        message.text, message.entities, message.html = text, entities, html
        message.reply_markup = keyboard
        message.link_preview_options = link_preview(params)
        return self._edited(message, chat)

    async def _edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        message, chat = self._edit_target(params)
        keyboard = self._keyboard(params)
        if keyboard == message.reply_markup:
            raise bad(_NOT_MODIFIED.removeprefix("Bad Request: "))
        self._spend_flood(chat or self._chats[message.chat_id], new_message=False)
        message.reply_markup = keyboard
        return self._edited(message, chat)

    def _edited(self, message: SandboxMessage, chat: _Chat | None) -> JSON | bool:
        message.edit_count += 1
        message.edit_date = int(time.time())
        self.stats.edits_by_chat[message.chat_id] += 1
        if chat is None:  # an inline message: Telegram answers True
            return True
        return self._message_dict(message)

    async def _delete_message(self, params: JSON) -> bool:
        chat = self._bot_chat(params)
        message_id = get_int(params, "message_id")
        message = chat.messages.get(message_id) if message_id is not None else None
        if message is None or message.deleted or message.via_bot:
            raise bad("message to delete not found")
        message.deleted = True
        return True

    async def _answer_callback_query(self, params: JSON) -> bool:
        query_id = get_str(params, "callback_query_id") or ""
        self._take_query(query_id, "callback", self.callback_query_ttl)
        text = get_str(params, "text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad("MESSAGE_TOO_LONG")
        self._queries[query_id].answered = True
        self.callback_answers.append(
            CallbackAnswer(
                query_id=query_id,
                text=text,
                show_alert=get_bool(params, "show_alert"),
                url=get_str(params, "url"),
                cache_time=get_int(params, "cache_time"),
                at=self._clock(),
            )
        )
        return True

    def _take_query(self, query_id: str, kind: str, ttl: float) -> _Query:
        query = self._queries.get(query_id)
        if (
            query is None
            or query.kind != kind
            or query.answered
            or self._clock() - query.created > ttl
        ):
            raise bad(_QUERY_TOO_OLD.removeprefix("Bad Request: "))
        return query

    async def _answer_inline_query(self, params: JSON) -> bool:
        query_id = get_str(params, "inline_query_id") or ""
        query = self._take_query(query_id, "inline", self.inline_query_ttl)
        results = get_json(params, "results", "can't parse inline query results JSON object")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = result.get("id")
            if (
                not isinstance(result_id, str)
                or not result_id
                or len(result_id.encode("utf-8")) > MAX_INLINE_RESULT_ID_BYTES
            ):
                raise bad("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                formatted_text(
                    get_str(content, "message_text"),
                    get_str(content, "parse_mode"),
                    content.get("entities"),
                    limit=MAX_MESSAGE_LENGTH,
                    empty_error="message text is empty",
                    long_error="message is too long",
                )
            inline_keyboard(result.get("reply_markup"))
        query.answered = True
        self.inline_answers[query_id] = {
            "inline_query_id": query_id,
            "results": results,
            "cache_time": get_int(params, "cache_time"),
            "is_personal": get_bool(params, "is_personal"),
            "next_offset": get_str(params, "next_offset"),
            "button": get_json(params, "button", "can't parse inline query button JSON object"),
            "at": self._clock(),
        }
        return True

    async def _send_chat_action(self, params: JSON) -> bool:
        chat = self._bot_chat(params)
        self._check_not_blocked(chat)
        action = get_str(params, "action") or ""
        if action not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        self.chat_actions.append(ChatActionRecord(chat.id, action, self._clock()))
        return True

    def _commands_key(self, params: JSON) -> tuple[str, str]:
        scope = get_json(params, "scope", "can't parse BotCommandScope JSON object")
        if scope is not None and not isinstance(scope, dict):
            raise bad("can't parse BotCommandScope JSON object")
        return _scope_key(scope), get_str(params, "language_code") or ""

    async def _set_my_commands(self, params: JSON) -> bool:
        commands = get_json(params, "commands", "can't parse commands JSON object")
        if not isinstance(commands, list):
            raise bad("can't parse commands JSON object")
        if len(commands) > MAX_COMMANDS:
            raise bad("BOT_COMMANDS_TOO_MUCH")
        kept: list[JSON] = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad("can't parse commands JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _COMMAND_SHAPE.fullmatch(name.lstrip("/")):
                raise bad("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
            kept.append({"command": name.lstrip("/"), "description": description})
        key = self._commands_key(params)
        if kept:
            self._commands[key] = kept
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        return [dict(c) for c in self._commands.get(self._commands_key(params), [])]

    async def _delete_my_commands(self, params: JSON) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    async def _get_chat(self, params: JSON) -> JSON:
        chat = self._bot_chat(params)
        return {
            **chat.info,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _get_file(self, params: JSON) -> JSON:
        stored = self._files.get(get_str(params, "file_id") or "")
        if stored is None:
            raise bad("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise bad("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


def _scope_key(scope: JSON | None) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _webhook_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
        "delete the webhook first",
    )
