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
                        in a channel or group: 403 "Forbidden: bot is not a member of the
                        channel chat" (or "group chat"; "bot was kicked from the group chat"),
                        400 "need administrator rights in the channel chat" (an administrator
                        without can_post_messages), "not enough rights to send text messages
                        to the chat" (restricted in a supergroup); a deleted chat: "chat not
                        found" (sendDocument and sendChatAction alike)
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
    getChat             a ChatFullInfo; chat_id may be "@username" (a channel or public group)
    getChatMember       chat_id, user_id: a ChatMember by status; 400 "user not found",
                        "member list is inaccessible" (a channel's, to a bot not its admin)
    getChatAdministrators  the creator and administrators that are not bots; 400 "there are no
                        administrators in the private chat"; see ``api_members``
    sendDocument        a multipart upload, an attach:// part or a known file_id; caption
                        (1024 units); "there is no document in the request",
                        "file must be non-empty", "message caption is too long",
                        "wrong file identifier/HTTP URL specified"
    getFile             "invalid file_id", "file is too big" (over 20 MB)
    any other method    404 "Not Found";  a wrong token: 401 "Unauthorized"

The user side (for tests, the terminal chat and the load benchmark). Users are User dicts or
ids; every method that changes state is async and wakes long polls and ``wait_for``:

    user(user_id, first_name="Ann", *, username=None, language_code="en") -> User dict
    private_chat(user) / group(chat_id, title, *, supergroup=False, username=None, creator=None)
        / channel(chat_id, title, username=None, *, creator=None, bot_admin=True) -> Chat dict
    await set_member(chat_id, user or server.bot_id, status, *, by=None, **rights) -> ChatMember
        (the bot's own change is a my_chat_member update);  await delete_chat(chat_id);
        member(chat_id, user_id)
    await send(channel_id, user, text) posts in a channel: a channel_post update (sender_chat)
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
    inject_delay(method=None, *, times, seconds) (the call waits first; a client gone by then
        has it cancelled);
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
  * ``getUpdates`` and sends never fail for other reasons Telegram has (network errors).
  * Flood limits are exact sliding windows (see ``Limits``); Telegram's are fuzzier.
  * The HTML parser refuses a stray ``&`` that Telegram would keep (see ``tghtml``).

Where things are (``BotApiServer`` inherits the mixins; all of them build on ``SandboxState``):

    server         BotApiServer: lifecycle, HTTP dispatch and downloads, getUpdates and its
                   long polls, webhooks and their delivery, getMe, fault injection
    state          SandboxState: the constructor and state, wait_for, building and rendering
                   messages, files and updates, the checks methods share (flood limits, ...)
    users          UserSide: user, private_chat, group, channel, send, press, inline_query,
                   ..., and the observation methods (messages, history, commands_for, ...)
    api_messages   MessageMethods: sendMessage, editMessageText, editMessageReplyMarkup,
                   deleteMessage
    api_chats      ChatMethods: sendChatAction, getChat, the three *MyCommands
    api_members    MemberMethods: getChatMember, getChatAdministrators, set_member, delete_chat
    api_files      FileMethods: sendDocument, getFile
    api_queries    QueryMethods: answerCallbackQuery, answerInlineQuery
    _wire, records, entities, tghtml   the wire format, public records, detected entities
                   and Telegram's HTML parse mode
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from types import TracebackType
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.sandbox._wire import (
    ApiError,
    Described,
    Upload,
    bad,
    dumps,
    error_response,
    get_bool,
    get_float,
    get_int,
    get_str,
    read_params,
)
from bot.sandbox.api_chats import ChatMethods
from bot.sandbox.api_files import MAX_UPLOAD_BYTES, FileMethods
from bot.sandbox.api_members import MemberMethods
from bot.sandbox.api_messages import MessageMethods
from bot.sandbox.api_queries import QueryMethods
from bot.sandbox.records import (
    JSON,
    ApiCall,
    CallbackAnswer,
    ChatActionRecord,
    Limits,
    SandboxMessage,
    SandboxStats,
)
from bot.sandbox.state import (
    DEFAULT_UPDATE_TYPES,
    SANDBOX_TOKEN,
    Handler,
    Injection,
    WebhookState,
)
from bot.sandbox.users import UserSide

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

# Webhook delivery: three tries, pausing between them; then the update is dropped.
WEBHOOK_ATTEMPTS = 3
WEBHOOK_RETRY_DELAYS = (0.05, 0.25)
WEBHOOK_TIMEOUT = 10.0
# How long closing the server waits for requests still being served.
SHUTDOWN_TIMEOUT = 2.0

_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class BotApiServer(UserSide, MessageMethods, ChatMethods, MemberMethods, FileMethods, QueryMethods):
    """A local Bot API server with a Python API to play the users. See the module docstring.

    The constructor (``SandboxState``'s) takes ``token``, ``bot_id``, ``bot_username``,
    ``bot_name``, ``limits``, ``host``, ``port``, ``callback_query_ttl``, ``inline_query_ttl``
    and ``clock``.
    """

    def _method_table(self) -> dict[str, Handler]:
        return {
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
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "sendDocument": self._send_document,
            "getFile": self._get_file,
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

    # --- fault injection --------------------------------------------------------------------

    def inject_429(self, method: str | None = None, *, times: int, retry_after: int) -> None:
        """The next ``times`` calls of ``method`` (None: any method but getUpdates) get 429."""
        self._injections.append(
            Injection(method.lower() if method else None, times, max(1, retry_after))
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
            Injection(method.lower() if method else None, times, 0, status, text or "Error")
        )

    def inject_delay(self, method: str | None = None, *, times: int, seconds: float) -> None:
        """The next ``times`` calls of ``method`` (None: any but getUpdates) wait ``seconds``
        before they are carried out: a client that times out first has its call cancelled with
        its connection (nothing is sent), as when Telegram is slow to take a request."""
        self._delays.append(
            Injection(method.lower() if method else None, times, 0, delay=max(0.0, seconds))
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
            delay = self._take_delay(name)
            if delay:
                await asyncio.sleep(delay)
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

    def _take_delay(self, method: str) -> float:
        lowered = method.lower()
        for injection in self._delays:
            if injection.remaining > 0 and (
                injection.method == lowered
                or (injection.method is None and lowered != "getupdates")
            ):
                injection.remaining -= 1
                return injection.delay
        return 0.0

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

    async def _post_update(self, hook: WebhookState, update: JSON) -> str | None:
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
        self._webhook = WebhookState(url, secret, get_int(params, "max_connections") or 40)
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
            if self._allowed_updates != DEFAULT_UPDATE_TYPES:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook.last_error_date is not None:
                info["last_error_date"] = self._webhook.last_error_date
                info["last_error_message"] = self._webhook.last_error_message
        return info


def _webhook_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
        "delete the webhook first",
    )
