"""Flood control: keep within Telegram's limits before sending, wait out a 429 when one comes.

Telegram's documented limits: about 30 messages a second overall, one a second in a chat, and
20 a minute in a group. python-telegram-bot's AIORateLimiter enforces the first and the last
with leaky buckets, which admit a burst of 30 on top of the steady rate (up to ~60 in one second)
and nothing per private chat. This limiter counts in sliding windows, the way the limits are
stated (and the way the sandbox enforces them), so a steady fan-out runs at the limit without
being refused:

* a new message (``sendMessage``, ``sendDocument``, ...) takes a slot in the global window, in
  its chat's window and, for a group, in the group's minute window;
* an edit takes a slot in the global window only; chat actions, callback and inline answers and
  ``getUpdates`` are not counted;
* a 429 pauses every counted request for its ``retry_after`` (Telegram answers 429 for the bot
  as a whole), and the request is tried again, up to ``max_retries`` times.

Requests wait for the global window in order of priority, then of arrival. The priority is the
request's ``rate_limit_args`` (``handlers.runtime.Priority``): quick answers (a command's reply, a
button's edit) go before the messages of a summary, and those before digests, so that a /start
is answered at once even while a hundred summaries queue for Telegram's 30 a second.

``scale`` multiplies every rate, for benchmarks against a sandbox whose limits are scaled alike.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import heapq
import itertools
import logging
import math
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot import metrics
from handlers.runtime import Priority

logger = logging.getLogger(__name__)

NEW_MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendVideo",
        "sendAudio",
        "sendAnimation",
        "sendVoice",
        "sendSticker",
        "sendMediaGroup",
        "sendPoll",
        "sendLocation",
        "sendContact",
        "copyMessage",
        "forwardMessage",
    }
)
EDIT_METHODS = frozenset(
    {"editMessageText", "editMessageReplyMarkup", "editMessageCaption", "editMessageMedia"}
)
RETRY_MARGIN_SECONDS = 0.1  # waited beyond retry_after, so the retry lands after the window
RESERVE_SLOTS = 2  # global slots kept for interactive requests while people use the bot
RESERVE_FOR_SECONDS = 10.0  # ...that is, for this long after the last interactive request
IN_FLIGHT_POLL_SECONDS = 0.005  # how often a full window whose oldest request is unanswered is
# looked at again
_MAX_WINDOWS = 50_000  # per-chat windows kept; idle ones are dropped beyond this
_IN_FLIGHT = math.inf


class _Slot:
    """One request's place in a window: counted from when it was answered (``at``), since
    Telegram counts it when it arrives, which is no later than that. Until then it never
    expires. (Counting from when it was sent let 13 of 600 messages through too early in a
    fan-out at the limit: requests do not all take equally long to arrive.)"""

    __slots__ = ("at",)

    def __init__(self) -> None:
        self.at = _IN_FLIGHT


class _Window:
    """At most ``limit`` requests in any ``seconds``-long window."""

    __slots__ = ("limit", "lock", "seconds", "slots")

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = max(1, limit)
        self.seconds = seconds
        self.slots: collections.deque[_Slot] = collections.deque()
        self.lock = asyncio.Lock()

    def wait_needed(self, now: float, reserve: int = 0) -> float:
        """0 if a slot is free now (keeping ``reserve`` free); else how long to wait before
        looking again."""
        while self.slots and now - self.slots[0].at >= self.seconds:
            self.slots.popleft()
        usable = max(1, self.limit - reserve)
        if len(self.slots) < usable:
            return 0.0
        oldest = self.slots[len(self.slots) - usable].at
        return IN_FLIGHT_POLL_SECONDS if oldest == _IN_FLIGHT else oldest + self.seconds - now

    def take(self, slot: _Slot) -> None:
        self.slots.append(slot)

    def idle(self, now: float) -> bool:
        return not self.lock.locked() and (
            not self.slots or now - self.slots[-1].at >= self.seconds
        )


class _Gate:
    """A window whose slots go to waiters by (priority, arrival): one dispatcher hands them out.

    While people are using the bot (an interactive request in the last
    ``RESERVE_FOR_SECONDS``), ``RESERVE_SLOTS`` of the window are kept for interactive requests,
    so a /start finds a free slot at once even when summaries fill the window. A fan-out with
    nobody interacting uses the whole window.
    """

    def __init__(self, window: _Window, clock: Callable[[], float]) -> None:
        self.window = window
        self._clock = clock
        self._waiting: list[tuple[int, int, _Slot, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._dispatcher: asyncio.Task[None] | None = None
        self._arrived = asyncio.Event()
        self._last_interactive = -math.inf

    async def take(self, priority: int, slot: _Slot) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), slot, future))
        self._arrived.set()
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.get_running_loop().create_task(self._dispatch())
        await future  # a cancelled waiter is skipped by the dispatcher

    async def _dispatch(self) -> None:
        while self._waiting:
            now = self._clock()
            urgent = self._waiting[0][0] <= Priority.INTERACTIVE
            recent = now - self._last_interactive < RESERVE_FOR_SECONDS
            wait = self.window.wait_needed(now, 0 if urgent or not recent else RESERVE_SLOTS)
            if wait > 0:  # until a slot frees, or a more urgent request arrives
                self._arrived.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._arrived.wait(), wait)
                continue
            _priority, _order, slot, future = heapq.heappop(self._waiting)
            if not future.done():
                self.window.take(slot)
                future.set_result(None)
                if urgent:
                    self._last_interactive = now


class FloodControl(BaseRateLimiter[int]):
    """Sliding-window flood control for python-telegram-bot (see the module docstring)."""

    def __init__(
        self,
        *,
        global_per_second: float = 30.0,
        chat_per_second: float = 1.0,
        group_per_minute: float = 20.0,
        scale: float = 1.0,
        max_retries: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.global_limit = max(1, int(global_per_second * scale))
        self.chat_limit = max(1, int(chat_per_second * scale))
        self.group_limit = max(1, int(group_per_minute * scale))
        self.max_retries = max_retries
        self._clock = clock
        self._global = _Gate(_Window(self.global_limit, 1.0), clock)
        self._chats: dict[int | str, _Window] = {}
        self._groups: dict[int | str, _Window] = {}
        self._resume = asyncio.Event()
        self._resume.set()
        self.retries = 0  # 429s waited out (for benchmarks and logs)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the windows this request counts in, send it, wait out 429s and retry."""
        chat_id = _chat_id(data.get("chat_id"))
        new_message = endpoint in NEW_MESSAGE_METHODS and chat_id is not None
        counted = new_message or endpoint in EDIT_METHODS
        priority = Priority.NORMAL if rate_limit_args is None else rate_limit_args
        retries = self.max_retries
        for attempt in range(retries + 1):
            slot = _Slot()
            try:  # the slot's time is set however this ends: a cancelled wait cannot leak it
                if counted:
                    await self._resume.wait()
                    narrow = []
                    if new_message and chat_id is not None:
                        narrow.append(self._window(self._chats, chat_id, self.chat_limit, 1.0))
                        if _is_group(chat_id):
                            narrow.append(
                                self._window(self._groups, chat_id, self.group_limit, 60.0)
                            )
                    waited = self._clock()
                    await self._acquire(narrow, priority, slot)
                    metrics.flood_waited(self._clock() - waited)
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    logger.warning("gave up on %s after %d waits for 429", endpoint, retries)
                    raise
                seconds = _seconds(error) + RETRY_MARGIN_SECONDS
                self.retries += 1
                metrics.TELEGRAM_429.labels(endpoint).inc()
                logger.info("429 on %s: waiting %.1f s", endpoint, seconds)
                await self._pause(seconds)
            finally:
                slot.at = self._clock()
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    # --- internals ----------------------------------------------------------------------------

    def _window(
        self, windows: dict[int | str, _Window], key: int | str, limit: int, seconds: float
    ) -> _Window:
        window = windows.get(key)
        if window is None:
            if len(windows) > _MAX_WINDOWS:
                now = self._clock()
                for stale in [k for k, w in windows.items() if w.idle(now)]:
                    del windows[stale]
            window = windows[key] = _Window(limit, seconds)
        return window

    async def _acquire(self, narrow: list[_Window], priority: int, slot: _Slot) -> None:
        """Take ``slot`` in the chat's and group's windows (waiting with only their own locks,
        so a busy chat never holds up the others), then in the global window."""
        async with contextlib.AsyncExitStack() as stack:
            for window in narrow:
                await stack.enter_async_context(window.lock)
                while (wait := window.wait_needed(self._clock())) > 0:
                    await asyncio.sleep(wait)
            await self._global.take(priority, slot)
            for window in narrow:
                window.take(slot)

    async def _pause(self, seconds: float) -> None:
        self._resume.clear()
        try:
            await asyncio.sleep(seconds)
        finally:
            self._resume.set()


def _chat_id(value: Any) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = str(value)
    try:
        return int(text)
    except ValueError:
        return text  # "@channelusername"


def _is_group(chat_id: int | str) -> bool:
    return isinstance(chat_id, str) or chat_id < 0


def _seconds(error: RetryAfter) -> float:
    value: Any = error._retry_after  # int or timedelta, without PTB's deprecation warning
    return float(value.total_seconds() if hasattr(value, "total_seconds") else value)
