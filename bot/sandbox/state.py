"""The sandbox server's state and the helpers its Bot API methods and user side share.

Private to ``bot.sandbox``. ``SandboxState`` holds what ``BotApiServer`` (``server``) knows: the
users, chats and their messages, files, pending queries, updates, the webhook, flood budgets and
commands, and the public records (``calls``, ``stats``, ...). Its constructor is the server's.
Each family of the server's behaviour is a mixin built on it:

    users          UserSide        registering users and chats, acting as users, observation
    api_messages   MessageMethods  sendMessage, editMessageText, editMessageReplyMarkup,
                                   deleteMessage
    api_chats      ChatMethods     sendChatAction, getChat, setMyCommands, getMyCommands,
                                   deleteMyCommands
    api_members    MemberMethods   getChatMember, getChatAdministrators; set_member, delete_chat
    api_files      FileMethods     sendDocument, getFile
    api_queries    QueryMethods    answerCallbackQuery, answerInlineQuery

Here too: building and rendering messages, storing files, queueing updates, and the checks
the methods share (the bot's chat, blocked users, flood limits, reply and edit targets).
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import aiohttp
from aiohttp import web

from bot.sandbox._wire import (
    BAD_MARKUP,
    ApiError,
    Upload,
    bad,
    get_bool,
    get_int,
    get_json,
    get_str,
    inline_keyboard,
)
from bot.sandbox.records import (
    JSON,
    ApiCall,
    CallbackAnswer,
    ChatActionRecord,
    Limits,
    SandboxMessage,
    SandboxStats,
)

# Telegram's token shape (bot id, colon, 35 characters); obviously not a real token.
# Telegram's "digits:secret" shape, visibly not a real token (real secrets are 35 characters)
SANDBOX_TOKEN = "123456789:sandbox-not-a-secret"

# Telegram clients wait about 15 s for a callback answer; inline answers are documented as
# "within 10 seconds". Both are constructor settings so tests can expire queries quickly.
CALLBACK_QUERY_TTL = 15.0
INLINE_QUERY_TTL = 10.0

# What getUpdates and the webhook deliver when allowed_updates is not given (or empty).
DEFAULT_UPDATE_TYPES = frozenset(
    """
    message edited_message channel_post edited_channel_post callback_query inline_query
    chosen_inline_result my_chat_member
    """.split()
)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None
    mime_type: str | None


@dataclass
class ChatState:
    info: JSON
    messages: dict[int, SandboxMessage] = field(default_factory=dict)
    next_message_id: int = 1
    migrated_to: int | None = None
    # user id -> ChatMember fields but "user" (status and rights); absent: see ``api_members``
    members: dict[int, JSON] = field(default_factory=dict)
    deleted: bool = False  # the chat was deleted: every method answers "chat not found"

    @property
    def id(self) -> int:
        return int(self.info["id"])

    @property
    def type(self) -> str:
        return str(self.info["type"])


@dataclass
class QueryState:
    kind: str  # "callback" or "inline"
    created: float
    query: str = ""
    answered: bool = False


@dataclass
class WebhookState:
    url: str
    secret_token: str | None
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class Injection:
    method: str | None  # lower-case method name; None: every method but getUpdates
    remaining: int
    retry_after: int  # for a 429
    status: int = 429
    description: str = ""  # for other statuses
    delay: float = 0.0  # seconds a delayed call waits (inject_delay)


Handler = Callable[[JSON], Awaitable[Any]]


class SandboxState:
    """What the server knows, and the helpers its methods share. See the module docstring."""

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
        self._chats: dict[int, ChatState] = {}
        self._blocked: set[int] = set()
        self._files: dict[str, StoredFile] = {}
        self._file_paths: dict[str, StoredFile] = {}
        self._queries: dict[str, QueryState] = {}
        self._inline_messages: dict[str, SandboxMessage] = {}
        self._channel_posts: Counter[int] = Counter()
        self._counter = 0  # ids of queries, files, inline messages

        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._long_polls = 0
        self._webhook: WebhookState | None = None

        self._flood: dict[str, deque[float]] = {}
        self._injections: list[Injection] = []
        self._delays: list[Injection] = []
        self._commands: dict[tuple[str, str], list[JSON]] = {}

        self.calls: list[ApiCall] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.inline_answers: dict[str, JSON] = {}
        self.chat_actions: list[ChatActionRecord] = []
        self.stats = SandboxStats()

        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in self._method_table().items()
        }

    def _method_table(self) -> dict[str, Handler]:
        """The Bot API methods by their names (BotApiServer lists its mixins' handlers)."""
        raise NotImplementedError

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
        self, chat: ChatState, *, from_user: JSON | None, by_bot: bool, **fields: Any
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

    def _store_file(self, upload: Upload, folder: str) -> StoredFile:
        self._counter += 1
        n = self._counter
        suffix = PurePosixPath(upload.file_name).suffix if upload.file_name else ""
        stored = StoredFile(
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

    def _document_dict(self, stored: StoredFile) -> JSON:
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
            frozenset(str(kind) for kind in allowed) if allowed else DEFAULT_UPDATE_TYPES
        )

    def _confirm(self, offset: int) -> None:
        before = len(self._updates)
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self.stats.updates_confirmed += before - len(self._updates)

    # --- internals: checks shared by methods ------------------------------------------------

    def _bot_chat(self, params: JSON) -> ChatState:
        value = params.get("chat_id")
        if value is None or value == "":
            raise bad("chat_id is empty")
        chat: ChatState | None = None
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
        if chat is None or chat.deleted:
            raise bad("chat not found")
        if chat.migrated_to is not None:
            raise bad(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        return chat

    def _check_not_blocked(self, chat: ChatState) -> None:
        """The bot may send into the chat: not blocked by the user; in a channel, an
        administrator allowed to post; in a group, a member allowed to send messages."""
        if chat.type == "private":
            if chat.id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return
        self._check_bot_member(chat)
        member = self._member(chat, self.bot_id)
        if chat.type == "channel":
            if member["status"] != "administrator" or not member.get("can_post_messages"):
                raise bad("need administrator rights in the channel chat")
        elif member["status"] == "restricted" and not member.get("can_send_messages"):
            raise bad("not enough rights to send text messages to the chat")

    def _check_bot_member(self, chat: ChatState) -> None:
        """403 in a channel or group the bot is not in (it left, or was removed)."""
        if chat.type == "private":
            return
        status = self._member(chat, self.bot_id)["status"]
        if status == "kicked" and chat.type != "channel":
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if status in ("left", "kicked"):
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")

    def _member(self, chat: ChatState, user_id: int) -> JSON:
        """A member's status and rights (no "user"). Unlisted: the bot is a member of a group
        (``group()`` registers one the bot is in); anyone else has left; in a private chat,
        its user is a member."""
        found = chat.members.get(user_id)
        if found is not None:
            return found
        if chat.type == "private" and user_id in (chat.id, self.bot_id):
            return {"status": "member"}
        if user_id == self.bot_id and chat.type in ("group", "supergroup"):
            return {"status": "member"}
        return {"status": "left"}

    def _spend_flood(self, chat: ChatState, *, new_message: bool) -> None:
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

    def _reply_target(self, chat: ChatState, params: JSON) -> int | None:
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

    def _edit_target(self, params: JSON) -> tuple[SandboxMessage, ChatState | None]:
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

    def _keyboard(self, params: JSON) -> JSON | None:
        return inline_keyboard(get_json(params, "reply_markup", BAD_MARKUP))
