"""The user side of the sandbox server: registering users and chats, acting as them, observing.

Private to ``bot.sandbox``; ``BotApiServer`` (``server``) inherits ``UserSide``. Every method that
changes state is async and wakes long polls and ``wait_for``. See the module docstring of
``server`` for the list.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from bot.sandbox._wire import (
    MAX_MESSAGE_LENGTH,
    Upload,
    formatted_text,
    get_str,
    inline_keyboard,
    is_html,
    link_preview,
)
from bot.sandbox.api_chats import scope_key
from bot.sandbox.api_members import member_fields
from bot.sandbox.entities import detect_entities
from bot.sandbox.records import JSON, SandboxMessage
from bot.sandbox.state import ChatState, QueryState, SandboxState


class UserSide(SandboxState):
    """Users, chats and what users do; what the bot did, as the users see it."""

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

    def group(
        self,
        chat_id: int,
        title: str,
        *,
        supergroup: bool = False,
        username: str | None = None,
        creator: JSON | int | None = None,
    ) -> JSON:
        """A group (or supergroup, public with a ``username``) the bot is a member of;
        ``creator``: its owner."""
        kind = "supergroup" if supergroup else "group"
        info: JSON = {"id": chat_id, "type": kind, "title": title}
        if username:
            info["username"] = username
        registered = self._register_chat(info)
        if creator is not None:
            owner = self._resolve_user(creator)
            self._chats[chat_id].members[int(owner["id"])] = member_fields(kind, "creator")
        return registered

    def channel(
        self,
        chat_id: int,
        title: str,
        username: str | None = None,
        *,
        creator: JSON | int | None = None,
        bot_admin: bool = True,
    ) -> JSON:
        """A channel (users may forward its posts). With ``bot_admin`` the bot is an
        administrator allowed to post in it, else it is not in it; ``creator``: its owner
        (``set_member`` changes either later)."""
        info: JSON = {"id": chat_id, "type": "channel", "title": title}
        if username:
            info["username"] = username
        registered = self._register_chat(info)
        chat = self._chats[chat_id]
        if creator is not None:
            owner = self._resolve_user(creator)
            chat.members[int(owner["id"])] = member_fields("channel", "creator")
        if bot_admin:
            chat.members[self.bot_id] = member_fields("channel", "administrator")
        return registered

    def _register_chat(self, info: JSON) -> JSON:
        chat = self._chats.get(info["id"])
        if chat is None:
            self._chats[info["id"]] = ChatState(info)
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

    def _user_chat(self, chat_id: int) -> ChatState:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ValueError(f"sandbox: unknown chat {chat_id}")
        if chat.migrated_to is not None:
            raise ValueError(f"sandbox: chat {chat_id} was migrated to {chat.migrated_to}")
        return chat

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
        self._queries[query_id] = QueryState("callback", self._clock())
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
        self._queries[query_id] = QueryState("inline", self._clock(), query=query)
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
        return [dict(c) for c in self._commands.get((scope_key(scope), language_code), [])]

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
