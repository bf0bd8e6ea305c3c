"""The sandbox's chat and command methods: sendChatAction, getChat, setMyCommands,
getMyCommands and deleteMyCommands.

Private to ``bot.sandbox``; ``BotApiServer`` (``server``) inherits ``ChatMethods``. Their
refusals are listed in the module docstring of ``server``.
"""

from __future__ import annotations

import json
import re

from bot.sandbox._wire import bad, get_json, get_str
from bot.sandbox.records import JSON, ChatActionRecord
from bot.sandbox.state import SandboxState

MAX_COMMANDS = 100

CHAT_ACTIONS = frozenset(
    """
    typing upload_photo record_video upload_video record_voice upload_voice upload_document
    choose_sticker find_location record_video_note upload_video_note
    """.split()
)
_COMMAND_SHAPE = re.compile(r"[a-z0-9_]{1,32}")


class ChatMethods(SandboxState):
    """Chat actions, chat information and the bot's command menus."""

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
        return scope_key(scope), get_str(params, "language_code") or ""

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
        hidden = chat.type != "private" and not chat.info.get("username")
        if hidden and self._member(chat, self.bot_id)["status"] in ("left", "kicked"):
            raise bad("chat not found")  # a private channel or group the bot is not in
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


def scope_key(scope: JSON | None) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)
