"""bot/sandbox/api_members.py: channels and their members as Telegram shows them to a bot
(through the real PTB): getChatMember, getChatAdministrators, my_chat_member updates, posting
rights, a deleted chat, channel posts."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    Update,
)
from telegram.error import BadRequest, Forbidden

from bot.sandbox.server import BotApiServer
from tests.bot.sandbox.conftest import ANN, BOB, GROUP, last_error

CHANNEL = -1007777


async def test_a_channel_shows_its_owner_and_the_bot_as_administrators(
    bot: Bot, server: BotApiServer
) -> None:
    server.channel(CHANNEL, "Daily News", "dailynews", creator=ANN)
    me = await bot.get_chat_member("@dailynews", bot.id)
    assert isinstance(me, ChatMemberAdministrator) and me.can_post_messages
    owner = await bot.get_chat_member(CHANNEL, ANN)
    assert isinstance(owner, ChatMemberOwner) and owner.user.first_name == "Ann"
    reader = await bot.get_chat_member(CHANNEL, BOB)
    assert isinstance(reader, ChatMemberLeft)
    admins = await bot.get_chat_administrators(CHANNEL)
    assert [a.user.id for a in admins] == [ANN]  # bots are not listed
    await server.set_member(CHANNEL, BOB, "administrator", can_post_messages=False)
    assert {a.user.id for a in await bot.get_chat_administrators(CHANNEL)} == {ANN, BOB}
    with pytest.raises(BadRequest, match="User not found"):
        await bot.get_chat_member(CHANNEL, 99999)
    with pytest.raises(BadRequest, match="There are no administrators in the private chat"):
        await bot.get_chat_administrators(ANN)


async def test_a_bot_that_is_not_an_admin_cannot_see_members_or_post(
    bot: Bot, server: BotApiServer
) -> None:
    server.channel(CHANNEL, "Daily News", "dailynews", creator=ANN, bot_admin=False)
    channel = await bot.get_chat("@dailynews")  # a public channel: found all the same
    assert (channel.id, channel.type) == (CHANNEL, "channel")
    with pytest.raises(Forbidden, match="bot is not a member of the channel chat"):
        await bot.get_chat_member(CHANNEL, bot.id)
    with pytest.raises(Forbidden):
        await bot.send_message(CHANNEL, "hello")
    assert last_error(server) == "Forbidden: bot is not a member of the channel chat"
    await server.set_member(CHANNEL, server.bot_id, "administrator", can_post_messages=False)
    with pytest.raises(BadRequest, match="Need administrator rights in the channel chat"):
        await bot.send_message(CHANNEL, "hello")
    await server.set_member(CHANNEL, server.bot_id, "administrator")
    posted = await bot.send_message(CHANNEL, "hello")
    assert posted.sender_chat is not None and posted.sender_chat.id == CHANNEL
    assert [m.text for m in server.messages(CHANNEL)] == ["hello"]


async def test_a_private_channel_the_bot_is_not_in_is_not_found(
    bot: Bot, server: BotApiServer
) -> None:
    server.channel(CHANNEL, "Secret", creator=ANN, bot_admin=False)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(CHANNEL)


async def test_the_bots_own_changes_are_my_chat_member_updates(
    bot: Bot, server: BotApiServer
) -> None:
    server.channel(CHANNEL, "Daily News", "dailynews", creator=ANN)
    with pytest.raises(ValueError, match="not a registered channel or group"):
        await server.set_member(BOB, ANN, "member")  # a private chat has no members to set
    await server.set_member(CHANNEL, BOB, "administrator")  # no update: bots ask for those
    await server.set_member(CHANNEL, server.bot_id, "left", by=ANN)
    await server.set_member(GROUP, server.bot_id, "kicked", by=BOB)
    first, second = [u.my_chat_member for u in await bot.get_updates()]
    assert first is not None and second is not None
    assert (first.chat.id, first.chat.type, first.from_user.id) == (CHANNEL, "channel", ANN)
    assert first.old_chat_member.status == "administrator"
    assert first.new_chat_member.status == "left" and first.new_chat_member.user.id == bot.id
    assert (second.chat.id, second.old_chat_member.status) == (GROUP, "member")
    assert second.new_chat_member.status == "kicked"
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(GROUP, "hello")


async def test_chat_member_updates_reach_an_admin_bot_that_asked_for_them(
    bot: Bot, server: BotApiServer
) -> None:
    server.channel(CHANNEL, "Daily News", "dailynews", creator=ANN)
    await bot.get_updates(allowed_updates=[*Update.ALL_TYPES])
    await server.set_member(CHANNEL, BOB, "administrator")
    [update] = await bot.get_updates()
    assert update.chat_member is not None and update.chat_member.new_chat_member.user.id == BOB


async def test_restricted_in_a_supergroup_cannot_send(bot: Bot, server: BotApiServer) -> None:
    server.group(-1004002, "Big readers", supergroup=True, creator=ANN)
    assert isinstance(await bot.get_chat_member(-1004002, bot.id), ChatMemberMember)
    await server.set_member(-1004002, server.bot_id, "restricted", can_send_messages=False)
    member = await bot.get_chat_member(-1004002, bot.id)
    assert isinstance(member, ChatMemberRestricted) and not member.can_send_messages
    with pytest.raises(BadRequest, match="Not enough rights to send text messages"):
        await bot.send_message(-1004002, "hello")
    with pytest.raises(ValueError, match="only supergroup"):
        await server.set_member(GROUP, BOB, "restricted")
    with pytest.raises(ValueError, match="has no can_post_messages"):
        await server.set_member(-1004002, BOB, "member", can_post_messages=True)


async def test_a_deleted_channel_is_not_found(bot: Bot, server: BotApiServer) -> None:
    server.channel(CHANNEL, "Daily News", "dailynews", creator=ANN)
    await bot.send_message(CHANNEL, "first")
    await server.delete_chat(CHANNEL)
    for call in (
        bot.send_message(CHANNEL, "second"),
        bot.get_chat("@dailynews"),
        bot.get_chat_member(CHANNEL, ANN),
    ):
        with pytest.raises(BadRequest, match="Chat not found"):
            await call


async def test_a_post_in_the_channel_is_a_channel_post(bot: Bot, server: BotApiServer) -> None:
    server.channel(CHANNEL, "Daily News", "dailynews", creator=ANN)
    await server.send(CHANNEL, ANN, "Morning edition")
    [update] = await bot.get_updates()
    post = update.channel_post
    assert post is not None and update.message is None
    assert post.sender_chat is not None and post.sender_chat.id == CHANNEL
    assert post.from_user is None and post.text == "Morning edition"
