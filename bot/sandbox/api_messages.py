"""The sandbox's message methods: sendMessage, editMessageText, editMessageReplyMarkup and
deleteMessage.

Private to ``bot.sandbox``; ``BotApiServer`` (``server``) inherits ``MessageMethods``. Their
refusals are listed in the module docstring of ``server``.
"""

from __future__ import annotations

import time

from bot.sandbox._wire import (
    MAX_MESSAGE_LENGTH,
    bad,
    formatted_text,
    get_bool,
    get_int,
    get_json,
    get_str,
    is_html,
    link_preview,
)
from bot.sandbox.records import JSON, SandboxMessage
from bot.sandbox.state import ChatState, SandboxState

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class MessageMethods(SandboxState):
    """Sending, editing and deleting the bot's text messages."""

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

    def _edited(self, message: SandboxMessage, chat: ChatState | None) -> JSON | bool:
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
