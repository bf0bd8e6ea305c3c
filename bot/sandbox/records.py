"""What the sandbox records and the flood limits it enforces: its public data classes.

Limits             Telegram's flood limits (enforced only when given to the server)
SandboxMessage     a message in a chat, as it is now (edits change it in place)
ApiCall            one Bot API request: method, decoded parameters, status, error
CallbackAnswer     an answerCallbackQuery
ChatActionRecord   a sendChatAction
SandboxStats       counts of what was served (429s by method, messages per chat, ...)
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "JSON",
    "ApiCall",
    "CallbackAnswer",
    "ChatActionRecord",
    "Limits",
    "SandboxMessage",
    "SandboxStats",
]

JSON = dict[str, Any]


@dataclass(frozen=True)
class Limits:
    """Telegram's flood limits. ``scale`` multiplies every rate (10 = ten times as many).

    Each budget is a sliding window (one second; one minute for a group) that holds
    ``floor(rate * scale)`` messages, at least one. New messages count against the global,
    their chat's and (in groups) their group's budget; edits against the global one only. A
    request over a budget is answered 429 with the whole seconds until it frees (at least 1)
    and is not counted.
    """

    global_per_second: float = 30.0
    chat_per_second: float = 1.0
    group_per_minute: float = 20.0
    scale: float = 1.0


@dataclass
class SandboxMessage:
    """A message in a chat, as it is now (edits change it in place)."""

    chat_id: int
    message_id: int
    date: int
    from_user: JSON | None
    by_bot: bool  # sent by the bot, or by a user via the bot (an inline message)
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    html: str | None = None  # the source (text or caption) the bot sent with parse_mode HTML
    reply_markup: JSON | None = None  # inline keyboards only (as Telegram returns them)
    link_preview_options: JSON | None = None
    reply_to_message_id: int | None = None
    document: JSON | None = None
    caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)
    inline_message_id: str | None = None
    via_bot: bool = False
    silent: bool = False  # sent with disable_notification
    edit_count: int = 0
    edit_date: int | None = None
    deleted: bool = False
    extra: JSON = field(default_factory=dict)  # forward_origin, photo, migrate_* ...
    sent_at: float = field(default_factory=time.monotonic)  # the server's clock

    def buttons(self) -> list[JSON]:
        """The inline keyboard's buttons, row by row."""
        if not self.reply_markup:
            return []
        return [button for row in self.reply_markup["inline_keyboard"] for button in row]


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made: its parameters as decoded, and how it was answered."""

    method: str
    params: JSON
    status: int
    description: str | None
    at: float


@dataclass(frozen=True)
class CallbackAnswer:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    at: float


@dataclass(frozen=True)
class ChatActionRecord:
    chat_id: int
    action: str
    at: float


@dataclass
class SandboxStats:
    """Counts of what was served."""

    requests: Counter[str] = field(default_factory=Counter)  # by method
    errors: Counter[str] = field(default_factory=Counter)  # non-2xx answers by method
    rate_limited: Counter[str] = field(default_factory=Counter)  # 429s by method
    messages_by_chat: Counter[int] = field(default_factory=Counter)  # new bot messages
    edits_by_chat: Counter[int] = field(default_factory=Counter)
    updates_confirmed: int = 0
    webhook_deliveries: int = 0
    webhook_failures: int = 0
