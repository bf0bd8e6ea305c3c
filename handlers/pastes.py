"""One paste, several messages: the parts a Telegram client split a long text into, joined.

A Telegram message holds at most 4,096 characters (UTF-16 code units), so a client sends a
longer paste as several messages, one right after another. Telegram Android cuts at exactly
4,096 units, mid-word if it falls there; Telegram Desktop cuts at the last paragraph, line,
sentence or word break in the second half of the limit. Telegram trims the whitespace at
either end of each message. The user meant one article; the bot sees several messages.

How :class:`PasteJoiner` puts them back together (the caller decides what may take part):

* A message that would be summarized as pasted text and is *near the split* (at least
  ``NEAR_SPLIT_UNITS`` long) is held: "typing…" shows at once, and the next part may follow
  within ``JOIN_WAIT_SECONDS``. A shorter message is a whole paste: it is never held.
* The next plain text message from the same user in the same chat while a paste is held is its
  next part. A part near the split is held again (for another ``JOIN_WAIT_SECONDS``); a
  shorter part is the last one, and the whole paste is answered at once, as one article
  replying to its first message.
* When the wait ends with no next part, the paste is answered with the parts it has. A part
  that comes later is a message of its own, answered like any other: nothing is dropped.
* A message that cannot be a part (a link to read, a forward, a photo's caption) answers the
  held paste first, then itself, so the answers keep the order of the messages.

Links are not held: a message whose request is a link is answered as before. Waiting is measured
on the event loop's clock, and the wait is the bot's option ``paste_wait_seconds`` (tests set it).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Message, Update
from telegram.ext import ContextTypes

logger = logging.getLogger(__name__)

# Telegram's limit for one message's text, in UTF-16 code units: clients split longer text.
CLIENT_SPLIT_UNITS = 4096
# A part a client cut is at least this long. Android cuts at 4,096; Desktop at the last break in
# the second half of the limit, preferring paragraph breaks, and news paragraphs are rarely over
# ~1,000 characters, so its parts are ~3,000-4,096 long. A shorter message is a whole paste and
# is answered at once (an article pasted in one message is usually 1,500-3,000 characters).
NEAR_SPLIT_UNITS = 3000
# How long a part near the split waits for the next one. Clients send the parts back to back,
# each as soon as the previous one is sent (well under a second on a working connection); 1.5 s
# covers a slow mobile link too, and is short enough that the held answer is not noticeably
# late ("typing…" shows at once, and summarizing takes about as long).
JOIN_WAIT_SECONDS = 1.5

_SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’»)]"


def utf16_units(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def near_split(text: str) -> bool:
    """Whether ``text`` is long enough to be a part a client cut from a longer paste."""
    return utf16_units(text) >= NEAR_SPLIT_UNITS


def join_parts(parts: list[str]) -> str:
    """The text the parts were cut from, as near as it can be told.

    A part of the full 4,096 units was cut where the limit fell, inside a word or sentence:
    the next part follows it directly. A shorter part was cut at whitespace that Telegram then
    trimmed: after the end of a sentence it was most likely a paragraph break (Desktop prefers
    those; a line break also ends a paragraph for the summarizer), else a space.
    """
    if not parts:
        return ""
    joined = parts[0]
    for previous, part in itertools.pairwise(parts):
        joined += _separator(previous) + part
    return joined


def _separator(previous: str) -> str:
    """What stood between ``previous`` and the part after it."""
    if utf16_units(previous) >= CLIENT_SPLIT_UNITS:
        return ""
    if previous.rstrip(_CLOSERS).endswith(tuple(_SENTENCE_END)):
        return "\n"
    return " "


@dataclass(eq=False, slots=True)
class Paste:
    """The parts of one paste held so far, and when the wait for the next one ends."""

    parts: list[Message]
    update: Update  # the first part's
    context: ContextTypes.DEFAULT_TYPE
    deadline: float  # on the event loop's clock
    released: asyncio.Event = field(default_factory=asyncio.Event)  # no longer held

    @property
    def message(self) -> Message:
        """The first message of the paste: the answer replies to it."""
        return min(self.parts, key=lambda m: m.message_id)

    def text(self) -> str:
        """The whole text, parts in the order they were sent (message ids)."""
        ordered = sorted(self.parts, key=lambda m: m.message_id)
        return join_parts([m.text or "" for m in ordered])

    def units(self) -> int:
        return sum(utf16_units(m.text or "") for m in self.parts)


Answer = Callable[[Paste], Awaitable[None]]


class PasteJoiner:
    """Held pastes by (chat, user); see the module docstring."""

    def __init__(
        self, answer: Answer, waiting: Answer, *, wait_seconds: float, max_units: int
    ) -> None:
        """``answer`` summarizes a finished paste; ``waiting`` shows that one is held (typing).
        A paste of ``max_units`` or more is answered without waiting for more parts."""
        self._answer = answer
        self._waiting = waiting
        self.wait_seconds = wait_seconds
        self.max_units = max_units
        self._held: dict[tuple[int, int], Paste] = {}

    def __len__(self) -> int:
        return len(self._held)

    async def offer(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        message: Message,
        *,
        starts: bool,
        continues: bool,
    ) -> bool:
        """Take ``message`` into a paste if it is one's part; False: the caller answers it.

        ``continues``: it may be a next part (plain text, not a link to read); ``starts``: it
        may be a first part (it would be summarized as pasted text). Call it before the first
        await of the handler, so that parts are seen in the order they arrived."""
        key = (message.chat_id, message.from_user.id if message.from_user else 0)
        now = asyncio.get_running_loop().time()
        held = self._held.get(key)
        if held is not None and continues:
            held.parts.append(message)
            if near_split(message.text or "") and held.units() < self.max_units:
                held.deadline = now + self.wait_seconds
                return True
            await self._finish(self._release(key))
            return True
        if held is not None:  # the held paste was sent before this message: answer it first
            await self._finish(self._release(key))
        if not (starts and near_split(message.text or "")):
            return False
        paste = Paste([message], update, context, now + self.wait_seconds)
        self._held[key] = paste
        context.application.create_task(self._expire(key, paste), update=update)
        await self._waiting(paste)
        return True

    def _release(self, key: tuple[int, int]) -> Paste:
        paste = self._held.pop(key)
        paste.released.set()  # its timer ends now (the application waits for it at shutdown)
        return paste

    async def _expire(self, key: tuple[int, int], paste: Paste) -> None:
        """Answer ``paste`` once its wait is over, unless it was released before."""
        loop = asyncio.get_running_loop()
        while not paste.released.is_set() and (left := paste.deadline - loop.time()) > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(paste.released.wait(), left)
        if self._held.get(key) is paste:
            await self._finish(self._release(key))

    async def _finish(self, paste: Paste) -> None:
        if len(paste.parts) > 1:
            logger.info(
                "chat %s: %d messages joined into one paste (%d units)",
                paste.message.chat_id,
                len(paste.parts),
                paste.units(),
            )
        await self._answer(paste)
