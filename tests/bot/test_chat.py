"""`newsbrief chat`: the real bot against the sandbox, driven by a script of typed lines."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from bot.config import Settings
from bot.sandbox.chat import run_chat


async def test_a_scripted_chat_reads_the_demo_article_and_presses_buttons(tmp_path: Path) -> None:
    script = tmp_path / "lines.txt"
    script.write_text(
        "/start\n:demo\n1\n3\n@ no link here\n:lang ru\nhello\n:group\n:demo\n:tldr\n:nonsense\n"
        ":quit\nnever sent\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    settings = Settings(_env_file=None, workers=1, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    assert await asyncio.wait_for(run_chat(settings, script, out), 120) == 0
    text = out.getvalue()
    assert "summarizes news articles" in text  # /start
    assert "Coastal town switches on Britain's largest community-owned tidal turbine" in text
    assert "[1] ➖ Shorter" in text and "🔗 Original (http://127.0.0.1:" in text
    assert "bot ✎:" in text  # the presses edited the reply
    assert "(no results: Send a link after my name)" in text
    assert "Пришлите ссылку" in text  # the Russian hint after :lang ru
    assert "[1] ➖ Короче" in text  # the group /tldr reply, in Russian
    assert "(unknown command :nonsense" in text
    assert "never sent" not in text.split("you> :quit")[1]


async def test_a_scripted_chat_sends_files(tmp_path: Path) -> None:
    refused = tmp_path / "reader.opml"
    refused.write_bytes(b'<!DOCTYPE opml SYSTEM "opml.dtd"><opml version="2.0"><body/></opml>')
    script = tmp_path / "lines.txt"
    script.write_text(
        f":file {refused}\n:file {tmp_path / 'missing.opml'}\n/export\n:quit\n", encoding="utf-8"
    )
    out = io.StringIO()
    settings = Settings(_env_file=None, workers=1, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    assert await asyncio.wait_for(run_chat(settings, script, out), 120) == 0
    text = out.getvalue()
    assert "declares a DTD" in text
    assert "(cannot read " in text and "No such file or directory" in text
    assert "You follow no feeds yet" in text


async def test_a_scripted_chat_links_the_sandbox_channel_and_removes_the_bot(
    tmp_path: Path,
) -> None:
    script = tmp_path / "lines.txt"
    script.write_text(
        "/channel @sandbox_channel\n/digest_time 07:00\n:kick\n/channel\n:channel\n"
        "Good morning\n:private\n:promote\n:quit\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    settings = Settings(_env_file=None, workers=1, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    assert await asyncio.wait_for(run_chat(settings, script, out), 120) == 0
    text = out.getvalue()
    assert "Sandbox channel is linked" in text
    assert "📢 Sandbox channel\nYour digest will come at 07:00" in text
    assert "I was removed from Sandbox channel, so its digests are paused" in text
    assert "[1] ✓ ⏸ 📢 Sandbox channel  [2] 👤 My own digest" in text
    assert "(now in the channel @sandbox_channel)" in text
    assert "I can post in Sandbox channel again" in text
