"""/stats for the operators listed in NEWSBRIEF_ADMIN_IDS: what the bot has done since it started.

Anyone else gets no answer at all (the command is not advertised in the menu).
"""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from handlers.replies import reply, runtime_of


def register(app: Application) -> None:  # type: ignore[type-arg]
    """/stats."""
    app.add_handler(CommandHandler("stats", stats, filters=filters.UpdateType.MESSAGE))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Counts since start: summaries, reuse, errors by kind, queue, flood-control waits."""
    message = update.effective_message
    user = update.effective_user
    runtime = runtime_of(context)
    if message is None or user is None or user.id not in runtime.options.admin_ids:
        return
    counts = runtime.stats
    errors = sorted(
        (k.removeprefix("error."), n) for k, n in counts.items() if k.startswith("error.")
    )
    flood = context.bot.rate_limiter
    lines = [
        "<b>newsbrief</b>",
        f"up {_duration(time.monotonic() - runtime.started)}",
        f"summaries made: {counts['summaries']}; links answered from memory: "
        f"{counts['results_reused']}",
        f"results kept for buttons: {len(runtime.results)}; articles cached: "
        f"{len(runtime.reader.cache)}",
        f"work queued or running: {runtime.pending_jobs}; workers: {runtime.options.workers}",
        f"internal errors: {counts['internal_errors']}; failed deliveries: "
        f"{counts['delivery_failed']}",
        "errors told to users: "
        + (", ".join(f"{code} {n}" for code, n in errors) if errors else "none"),
        f"429s waited out: {getattr(flood, 'retries', 0)}",
    ]
    await reply(context, message, "\n".join(lines))


def _duration(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m"
