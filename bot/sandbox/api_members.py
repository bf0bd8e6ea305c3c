"""The sandbox's chat members: getChatMember and getChatAdministrators, and the user side that
changes who is in a chat (``set_member``, ``delete_chat``).

Private to ``bot.sandbox``; ``BotApiServer`` (``server``) inherits ``MemberMethods``. As in
Telegram:

* A member is a ChatMember object by its status: "creator", "administrator" (with its rights:
  ``can_post_messages`` in channels, ``can_pin_messages`` in groups, ...), "member",
  "restricted" (``can_send_messages``, ...), "left" or "kicked".
* A channel's members are visible only to an administrator bot: getChatMember of someone else
  answers 400 "member list is inaccessible" to a bot that is not one; a bot that is not in the
  channel (or group) at all gets 403 "bot is not a member of the channel chat" ("bot was kicked
  from the group chat" in a group it was removed from).
* getChatAdministrators lists the creator and administrators that are not bots; in a private
  chat, 400 "there are no administrators in the private chat".
* A change of the bot's own status is a ``my_chat_member`` update (a ChatMemberUpdated: chat,
  from, date, old_chat_member, new_chat_member); other members' changes are ``chat_member``
  updates, sent only to an administrator bot that asked for them in ``allowed_updates``.
* A deleted chat answers 400 "chat not found" to every method; the bot gets no update.

Simplified: adding the bot to a group sends no ``new_chat_members`` service message, and
ChatMember objects carry no ``custom_title`` or ``until_date`` beyond 0 (forever).
"""

from __future__ import annotations

import time

from bot.sandbox._wire import bad, get_int
from bot.sandbox.records import JSON
from bot.sandbox.state import ChatState, SandboxState

STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})

# An administrator's rights when a test names none: what Telegram gives by default when a bot
# is made an administrator (posting in a channel, pinning in a group), nothing of the owner's.
_ADMIN_RIGHTS: JSON = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
}
_CHANNEL_RIGHTS: JSON = {"can_post_messages": True, "can_edit_messages": True}
_GROUP_RIGHTS: JSON = {"can_pin_messages": True}
_RESTRICTED_RIGHTS: JSON = {
    "is_member": True,
    "can_send_messages": True,
    "can_send_audios": True,
    "can_send_documents": True,
    "can_send_photos": True,
    "can_send_videos": True,
    "can_send_video_notes": True,
    "can_send_voice_notes": True,
    "can_send_polls": True,
    "can_send_other_messages": True,
    "can_add_web_page_previews": True,
    "can_react_to_messages": True,
    "can_change_info": False,
    "can_invite_users": True,
    "can_pin_messages": False,
    "can_manage_topics": False,
    "can_edit_tag": False,
    "until_date": 0,
}


class MemberMethods(SandboxState):
    """Who is in a chat, as the bot may ask, and as the users change it."""

    # --- Bot API ------------------------------------------------------------------------------

    async def _get_chat_member(self, params: JSON) -> JSON:
        chat = self._bot_chat(params)
        user_id = get_int(params, "user_id")
        if user_id is None:
            raise bad("user_id is empty")
        if user_id != self.bot_id and user_id not in self._users:
            raise bad("user not found")
        self._check_bot_member(chat)
        if (
            chat.type == "channel"
            and user_id != self.bot_id
            and self._member(chat, self.bot_id)["status"] != "administrator"
        ):
            raise bad("member list is inaccessible")
        return self._member_dict(chat, user_id)

    async def _get_chat_administrators(self, params: JSON) -> list[JSON]:
        chat = self._bot_chat(params)
        if chat.type == "private":
            raise bad("there are no administrators in the private chat")
        self._check_bot_member(chat)
        if chat.type == "channel" and self._member(chat, self.bot_id)["status"] != "administrator":
            raise bad("member list is inaccessible")
        return [
            self._member_dict(chat, user_id)
            for user_id, member in chat.members.items()
            if member["status"] in ("creator", "administrator") and user_id != self.bot_id
        ]

    # --- the user side ------------------------------------------------------------------------

    async def set_member(
        self,
        chat_id: int,
        user: JSON | int,
        status: str,
        *,
        by: JSON | int | None = None,
        **rights: bool,
    ) -> JSON:
        """Set a member's status in a channel or group (``server.bot_id`` for the bot), with
        rights that differ from the defaults (``can_post_messages=False``, ...); ``by``: who
        did it (default: the chat's creator, else the member). Returns the ChatMember. A change
        of the bot's status is a ``my_chat_member`` update."""
        if status not in STATUSES:
            raise ValueError(f"sandbox: unknown member status {status!r}")
        chat = self._chats.get(chat_id)
        if chat is None or chat.type == "private":
            raise ValueError(f"sandbox: {chat_id} is not a registered channel or group")
        user_id = user if isinstance(user, int) else int(user["id"])
        if user_id != self.bot_id:
            self._resolve_member_user(user)
        old = self._member_dict(chat, user_id)
        chat.members[user_id] = member_fields(chat.type, status, rights)
        new = self._member_dict(chat, user_id)
        actor = self._actor(chat, by, user_id)
        change: JSON = {
            "chat": dict(chat.info),
            "from": actor,
            "date": int(time.time()),
            "old_chat_member": old,
            "new_chat_member": new,
        }
        if user_id == self.bot_id:
            self._push_update("my_chat_member", change)
        elif self._member(chat, self.bot_id)["status"] == "administrator":
            self._push_update("chat_member", change)
        await self._notify()
        return new

    async def delete_chat(self, chat_id: int) -> None:
        """The channel or group is deleted: every method answers "chat not found"."""
        chat = self._chats.get(chat_id)
        if chat is None or chat.type == "private":
            raise ValueError(f"sandbox: {chat_id} is not a registered channel or group")
        chat.deleted = True
        await self._notify()

    def member(self, chat_id: int, user_id: int) -> JSON:
        """A member as getChatMember would show it (without the checks)."""
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ValueError(f"sandbox: unknown chat {chat_id}")
        return self._member_dict(chat, user_id)

    # --- internals ----------------------------------------------------------------------------

    def _member_dict(self, chat: ChatState, user_id: int) -> JSON:
        user = self.bot_user if user_id == self.bot_id else dict(self._users[user_id])
        return {"user": user, **self._member(chat, user_id)}

    def _resolve_member_user(self, user: JSON | int) -> JSON:
        user_id = user if isinstance(user, int) else int(user["id"])
        if user_id not in self._users:
            if isinstance(user, int):
                raise ValueError(f"sandbox: unknown user {user_id}; register it with user()")
            self._users[user_id] = dict(user)
        return dict(self._users[user_id])

    def _actor(self, chat: ChatState, by: JSON | int | None, user_id: int) -> JSON:
        if by is not None:
            return self._resolve_member_user(by)
        creator = next((u for u, m in chat.members.items() if m["status"] == "creator"), None)
        if creator is not None:
            return dict(self._users[creator])
        return self.bot_user if user_id == self.bot_id else dict(self._users[user_id])


def member_fields(chat_type: str, status: str, rights: dict[str, bool] | None = None) -> JSON:
    """A ChatMember's fields (but "user") for ``status`` in a chat of ``chat_type``, with
    ``rights`` changed from the defaults."""
    rights = rights or {}
    if status == "administrator":
        extra = _CHANNEL_RIGHTS if chat_type == "channel" else _GROUP_RIGHTS
        fields: JSON = {"status": status, **_ADMIN_RIGHTS, **extra}
    elif status == "restricted":
        if chat_type != "supergroup":
            raise ValueError("sandbox: only supergroup members can be restricted")
        fields = {"status": status, **_RESTRICTED_RIGHTS}
    elif status == "creator":
        fields = {"status": status, "is_anonymous": False}
    elif status == "kicked":
        fields = {"status": status, "until_date": 0}
    else:
        fields = {"status": status}
    unknown = set(rights) - set(fields)
    if unknown:
        raise ValueError(f"sandbox: a {status} has no {', '.join(sorted(unknown))}")
    fields.update(rights)
    return fields


__all__ = ["STATUSES", "MemberMethods", "member_fields"]
