"""``newsbrief chat``: the real bot, talking to the sandbox Bot API server, in this terminal.

The bot is the one ``newsbrief run`` starts (same builder, same handlers, same worker pool);
only the Bot API server is local. You type as a Telegram user; the bot's messages, edits and
buttons are printed as they arrive. A sample article is served on 127.0.0.1 so that a link can
be tried without the internet (``:demo``); real links work too when the machine is online.

Lines you type:
    any text or link, /start, /help, /settings, /tldr ...   sent to the bot as a message
    (a paste)          lines pasted at once are sent as one message (over 4,096 characters:
                       as several, split as a Telegram client splits them)
    \"\"\"                starts a message of several lines; a line \"\"\" (or the end of input)
                       ends it
    3                  press button 3 under the bot's latest message that has buttons
    @ <text>           an inline query (what typing "@bot <text>" in any chat does)
    @2                 post inline result 2 into the chat
    :demo              send the link of the sample article
    :file PATH         send a file (an OPML list of feeds, to import them)
    :group / :private  talk in a group with the bot, or in the private chat
    :channel           look at your channel @sandbox_channel (the bot is its admin): what the
                       bot posts there; what you type is posted in it. In the private chat,
                       /channel @sandbox_channel has digests posted there
    :kick / :promote   remove the bot from the channel / make it an admin who may post again
    :tldr              (in the group) reply /tldr to your latest message
    :lang ru|en        your Telegram language
    :help              this list;  :quit (or Ctrl-D) ends the chat
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import errno
import os
import re
import select
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.app import bot_options, build_application, polling
from bot.config import Settings
from bot.db.engine import sqlite_url
from bot.sandbox.client import split_message
from bot.sandbox.pages import serve_pages
from bot.sandbox.records import SandboxMessage
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer

USER_ID = 1001
GROUP_ID = -1001
CHANNEL_ID = -1002
CHANNEL_NAME = "sandbox_channel"
SETTLE_SECONDS = 0.6  # the bot counts as done when nothing changed for this long...
SETTLE_LIMIT_SECONDS = 60.0  # ...or after this long in any case
TYPING_SECONDS = 5.0  # Telegram shows "typing…" this long, or until the bot's next message
# Lines that follow one another within this are one paste. A terminal hands over a paste at
# once (over SSH, in packets a round trip apart: tens of milliseconds); nobody types a line and
# Enter that fast, so typed lines stay apart. The wait is felt only as this delay after Enter.
PASTE_GAP_SECONDS = 0.2
BLOCK_MARK = '"""'  # a line of its own: starts, and then ends, a message of several lines
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "article.html"
GREETING = (
    "newsbrief sandbox: you are chatting with the real bot through a Bot API server on this "
    "machine.\nTry :demo (a sample article link), paste an article, or /settings. Lines pasted "
    'at once are sent as one message; to type several lines as one, put a line """ before and '
    "after them. Type a button's number to press it; :help lists the rest."
)
HELP = __doc__.split("Lines you type:\n", 1)[1] if __doc__ else ""


@dataclasses.dataclass
class _Shown:
    text: str | None
    markup: object
    edits: int


class Chat:
    """The terminal side: sends what is typed, prints what the bot does."""

    def __init__(self, server: BotApiServer, out: TextIO, demo_url: str | None) -> None:
        self.server = server
        self.out = out
        self.demo_url = demo_url
        self.chat_id = USER_ID
        self.shown: dict[tuple[int, int], _Shown] = {}
        self.last_inline: tuple[str, list[dict[str, object]]] | None = None
        self.language = "en"
        server.user(USER_ID, "You", language_code=self.language)
        server.private_chat(USER_ID)
        server.group(GROUP_ID, "Sandbox group", creator=USER_ID)
        server.channel(CHANNEL_ID, "Sandbox channel", CHANNEL_NAME, creator=USER_ID)

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False to end the chat."""
        line = line.strip()
        if not line:
            return True
        if line in (":quit", ":q", ":exit"):
            return False
        if line == ":help":
            self.say(HELP)
        elif line == ":demo":
            if self.demo_url is None:
                self.say("(the sample article is not available in this installation)")
            else:
                await self.send(f"{self.demo_url}")
        elif line in (":group", ":private", ":channel"):
            where = {":group": GROUP_ID, ":private": USER_ID, ":channel": CHANNEL_ID}
            names = {GROUP_ID: "the group", USER_ID: "the private chat"}
            self.chat_id = where[line]
            self.say(f"(now in {names.get(self.chat_id, f'the channel @{CHANNEL_NAME}')})")
        elif line in (":kick", ":promote"):
            status = "left" if line == ":kick" else "administrator"
            await self.server.set_member(CHANNEL_ID, self.server.bot_id, status, by=USER_ID)
            self.say(f"(the bot is now {status} in @{CHANNEL_NAME})")
            await self.settle()
        elif line == ":tldr":
            await self.tldr()
        elif line.startswith(":file"):
            await self.send_file(line.removeprefix(":file").strip())
        elif line.startswith(":lang"):
            self.language = ([*line.split(), "en"])[1]
            self.server.user(USER_ID, "You", language_code=self.language)
            self.say(f"(your Telegram language is now {self.language})")
        elif re.fullmatch(r"\d+", line):
            await self.press(int(line))
        elif re.fullmatch(r"@\d+", line):
            await self.post_inline(int(line[1:]))
        elif line.startswith("@ ") or line == "@":
            await self.inline(line[1:].strip())
        elif line.startswith(":"):
            self.say(f"(unknown command {line}; :help lists them)")
        else:
            await self.send(line)
        return True

    # --- acting -------------------------------------------------------------------------------

    async def act(self, entry: Typed | Pasted) -> bool:
        """Act on a typed line or a pasted text; False to end the chat."""
        if isinstance(entry, Typed):
            return await self.handle(entry.line)
        if not entry.text.strip():
            self.say("(nothing to send)")
        else:
            await self.send(entry.text)
        return True

    async def send(self, text: str, reply_to: int | None = None) -> None:
        """Send ``text`` as a Telegram client would: over 4,096 characters, as several messages
        sent back to back."""
        parts = split_message(text)
        if len(parts) > 1:
            self.say(f"(sent as {len(parts)} messages: Telegram's limit is 4,096 characters)")
        for number, part in enumerate(parts):
            await self.server.send(
                self.chat_id, USER_ID, part, reply_to_message_id=reply_to if number == 0 else None
            )
        await self.settle()

    async def send_file(self, path: str) -> None:
        try:
            data = Path(path).expanduser().read_bytes()
        except OSError as error:
            self.say(f"(cannot read {path or 'the file'}: {error.strerror or error})")
            return
        name = Path(path).name
        kind = (
            "text/x-opml"
            if name.lower().endswith((".opml", ".xml"))
            else "application/octet-stream"
        )
        caption = "/import" if self.chat_id == GROUP_ID else None  # groups: the bot is asked
        await self.server.send_document(self.chat_id, USER_ID, name, data, kind, caption=caption)
        await self.settle()

    async def tldr(self) -> None:
        mine = [m for m in self.server.history(self.chat_id) if not m.by_bot and m.from_user]
        if not mine:
            self.say("(send something first; :tldr replies to your latest message)")
            return
        await self.send("/tldr", reply_to=mine[-1].message_id)

    async def press(self, number: int) -> None:
        target = self.latest_with_buttons()
        buttons = target.buttons() if target else []
        if target is None or not 1 <= number <= len(buttons):
            self.say("(no such button)")
            return
        button = buttons[number - 1]
        if "url" in button:
            self.say(f"(a link button: {button['url']})")
            return
        if target.inline_message_id:
            await self.server.press(
                from_user=USER_ID, inline_message_id=target.inline_message_id, index=number - 1
            )
        else:
            await self.server.press(
                target.chat_id, target.message_id, from_user=USER_ID, index=number - 1
            )
        await self.settle()
        for answer in self.server.callback_answers[-1:]:
            if answer.text:
                self.say(f"  ({answer.text})")

    async def inline(self, query: str) -> None:
        query_id = await self.server.inline_query(USER_ID, query)
        answer = await self.server.inline_answer(query_id, timeout=SETTLE_LIMIT_SECONDS)
        results = list(answer["results"]) if answer else []
        self.last_inline = (query_id, results)
        if not results:
            button = (answer or {}).get("button") or {}
            self.say(f"  (no results{': ' + str(button.get('text')) if button else ''})")
            return
        for number, result in enumerate(results, 1):
            self.say(f"  @{number}  {result.get('title')}: {result.get('description', '')}")
        self.say("  (type @N to post one into the chat)")

    async def post_inline(self, number: int) -> None:
        if self.last_inline is None or not 1 <= number <= len(self.last_inline[1]):
            self.say("(no such inline result; type '@ <link>' first)")
            return
        query_id, results = self.last_inline
        await self.server.choose_inline_result(
            self.chat_id, USER_ID, query_id, str(results[number - 1]["id"])
        )
        await self.settle()

    # --- showing ------------------------------------------------------------------------------

    def latest_with_buttons(self) -> SandboxMessage | None:
        found = [m for m in self.server.messages(self.chat_id) if m.reply_markup and not m.deleted]
        return found[-1] if found else None

    async def settle(self) -> None:
        """Print the bot's messages as they come, until it has been quiet for a moment."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT_SECONDS
        quiet_since = loop.time()
        while loop.time() < deadline:
            if self.print_changes():
                quiet_since = loop.time()
            busy = (
                bool(self.server.updates_pending)
                or self.typing()
                or any(
                    (m.text or "").endswith("…") and not m.reply_markup
                    for m in self.server.messages(self.chat_id)
                )
            )
            if not busy and loop.time() - quiet_since >= SETTLE_SECONDS:
                return
            await asyncio.sleep(0.05)

    def typing(self) -> bool:
        """Whether the bot shows "typing…" here: an action since its last message, and less
        than TYPING_SECONDS ago (a long paste's first part waits for the next one so)."""
        actions = [a.at for a in self.server.chat_actions if a.chat_id == self.chat_id]
        sent = [m.sent_at for m in self.server.messages(self.chat_id)]
        # the server's clock is time.monotonic (BotApiServer's default, as run_chat makes it)
        return (
            bool(actions)
            and actions[-1] > max(sent, default=0.0)
            and (time.monotonic() - actions[-1] < TYPING_SECONDS)
        )

    def print_changes(self) -> bool:
        changed = False
        latest = self.latest_with_buttons()
        for message in self.server.messages(self.chat_id):
            key = (message.chat_id, message.message_id)
            before = self.shown.get(key)
            now = _Shown(message.text, message.reply_markup, message.edit_count)
            if before == now:
                continue
            changed = True
            self.shown[key] = now
            mark = "bot" if before is None else "bot ✎"
            shown = message.text or message.caption or ""
            if message.document is not None:
                shown = f"[file {message.document.get('file_name', '')}] {shown}"
            self.say(f"\n{mark}: {shown}")
            if message is latest or (message.reply_markup and message is latest):
                self.say(_buttons(message))
        return changed

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def _buttons(message: SandboxMessage) -> str:
    labels = []
    for number, button in enumerate(message.buttons(), 1):
        label = f"[{number}] {button['text']}"
        if "url" in button:
            label += f" ({button['url']})"
        labels.append(label)
    return "  ".join(labels)


@dataclasses.dataclass(frozen=True, slots=True)
class Typed:
    """One line on its own: a command for the chat, or a message."""

    line: str


@dataclasses.dataclass(frozen=True, slots=True)
class Pasted:
    """Several lines that are one message."""

    text: str


class Composer:
    """Turns what arrives (bursts of lines: what was typed or pasted at once) into what the chat
    acts on: a burst of one line is typed, several lines are one pasted message, and the lines
    between two lines of ``BLOCK_MARK`` are one message however they arrived."""

    def __init__(self) -> None:
        self.block: list[str] | None = None  # the lines of an open """ block

    @property
    def in_block(self) -> bool:
        return self.block is not None

    def feed(self, lines: Sequence[str]) -> list[Typed | Pasted]:
        entries: list[Typed | Pasted] = []
        burst: list[str] = []
        for line in lines:
            if line.strip() == BLOCK_MARK:
                if self.block is None:
                    entries += _entries(burst)
                    burst = []
                    self.block = []
                else:
                    entries.append(Pasted("\n".join(self.block).strip()))
                    self.block = None
            elif self.block is not None:
                self.block.append(line)
            else:
                burst.append(line)
        return entries + _entries(burst)

    def close(self) -> list[Typed | Pasted]:
        """The end of input: an open block is sent as it is."""
        block, self.block = self.block, None
        return [Pasted("\n".join(block).strip())] if block else []


def _entries(burst: Sequence[str]) -> list[Typed | Pasted]:
    filled = [line for line in burst if line.strip()]
    if not filled:
        return []
    if len(filled) == 1:
        return [Typed(filled[0])]
    return [Pasted("\n".join(burst).strip())]


class Keyboard:
    """Lines from a file descriptor (the terminal, or a pipe), in bursts: a burst is the lines
    that arrived within ``gap`` seconds of each other.

    It reads the descriptor itself (``os.read``, ``select``): a buffered reader would hold the
    rest of a paste where ``select`` cannot see it."""

    def __init__(self, fd: int, gap: float = PASTE_GAP_SECONDS) -> None:
        self.fd = fd
        self.gap = gap
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._text = ""
        self._eof = False

    def burst(self) -> list[str] | None:
        """The next burst of lines (blocking); None at the end of input."""
        while "\n" not in self._text and not self._eof:
            self._read()
        while not self._eof and select.select([self.fd], [], [], self.gap)[0]:
            self._read()
        if self._eof:
            text, self._text = self._text, ""
        else:
            text, _, self._text = self._text.rpartition("\n")
        if not text and self._eof:
            return None
        return text.splitlines()

    def _read(self) -> None:
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError as error:  # EIO: the terminal is gone
            if error.errno != errno.EIO:
                raise
            chunk = b""
        self._text += self._decoder.decode(chunk, final=not chunk)
        self._eof = not chunk


async def _bursts(
    script: Path | None, keyboard: Keyboard | None, prompt: Callable[[], None]
) -> AsyncIterator[list[str]]:
    if script is not None:
        for line in script.read_text(encoding="utf-8").splitlines():
            yield [line]
        return
    loop = asyncio.get_running_loop()
    while True:
        prompt()
        if keyboard is None:  # no descriptor to watch: a line at a time
            line = await loop.run_in_executor(None, sys.stdin.readline)
            lines = [line.rstrip("\n")] if line else None
        else:
            lines = await loop.run_in_executor(None, keyboard.burst)
        if lines is None:
            return
        yield lines


def _stdin_keyboard() -> Keyboard | None:
    try:
        return Keyboard(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):  # replaced by an object without a descriptor
        return None


async def run_chat(
    settings: Settings, script: Path | None, out: TextIO, keyboard: Keyboard | None = None
) -> int:
    """The chat, reading ``script`` if given, else ``keyboard`` (by default standard input)."""
    pages = {"/article.html": SAMPLE.read_bytes()} if SAMPLE.is_file() else {}
    if script is None and keyboard is None:
        keyboard = _stdin_keyboard()
    with serve_pages(pages) as origin:
        async with BotApiServer() as server:
            local = settings.model_copy(
                update={
                    "telegram_token": SecretStr(SANDBOX_TOKEN),
                    "bot_api_url": server.base_url,
                    "bot_api_file_url": server.base_file_url,
                    # the sandbox's own database: its pretend users stay out of the real one
                    "database_url": sqlite_url((settings.data_dir / "sandbox.db").resolve()),
                }
            )
            options = bot_options(local)
            trusted = options.fetch.trusted_origins | {origin.removeprefix("http://")}
            options = dataclasses.replace(
                options, fetch=dataclasses.replace(options.fetch, trusted_origins=trusted)
            )
            app = build_application(local, options=options)
            chat = Chat(server, out, f"{origin}/article.html" if pages else None)
            chat.say(GREETING)
            composer = Composer()

            def prompt() -> None:
                print("...> " if composer.in_block else "you> ", end="", file=out, flush=True)

            async with polling(app):
                await chat.settle()
                async for lines in _bursts(script, keyboard, prompt):
                    if script is not None:
                        chat.say(f"you> {lines[0]}")
                    if not await _act_all(chat, composer.feed(lines)):
                        break
                else:
                    await _act_all(chat, composer.close())
    return 0


async def _act_all(chat: Chat, entries: Sequence[Typed | Pasted]) -> bool:
    for entry in entries:
        if not await chat.act(entry):
            return False
    return True


def main(settings: Settings, *, script: Path | None = None, out: TextIO | None = None) -> int:
    """Run the chat until :quit, end of input, or Ctrl-C."""
    try:
        return asyncio.run(run_chat(settings, script, out or sys.stdout))
    except KeyboardInterrupt:
        return 0
