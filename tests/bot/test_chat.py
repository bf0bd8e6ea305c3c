"""`newsbrief chat`: the real bot against the sandbox, driven by a script of typed lines."""

from __future__ import annotations

import asyncio
import io
import os
import pty
import termios
from pathlib import Path

from bot.config import Settings
from bot.sandbox.chat import Composer, Keyboard, Pasted, Typed, run_chat


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


# --- pastes: lines that arrive together, and the triple-quote mode --------------------------------

ARTICLE = (
    (Path(__file__).resolve().parents[1] / "fixtures" / "pastes" / "en_valley_line.txt")
    .read_text(encoding="utf-8")
    .strip()
)
# whole paragraphs, two long messages: the bot holds the last one too, for a next part
PASTE = ARTICLE[: ARTICLE.index("\n", 7200)]
SHORT = (
    (Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "en_yorkshire_floods.txt")
    .read_text(encoding="utf-8")
    .strip()
)


def test_one_line_is_typed_several_lines_at_once_are_one_message() -> None:
    composer = Composer()
    assert composer.feed(["3"]) == [Typed("3")]
    assert composer.feed(["", ":demo", "  "]) == [Typed(":demo")]
    assert composer.feed(["Title", "", "First paragraph.", "3"]) == [
        Pasted("Title\n\nFirst paragraph.\n3")  # a line "3" in a paste presses no button
    ]
    assert composer.feed([]) == []


def test_triple_quotes_make_one_message_of_the_lines_between_however_they_come() -> None:
    composer = Composer()
    assert composer.feed(['"""']) == [] and composer.in_block
    assert composer.feed(["Title"]) == []
    assert composer.feed(["Body line one.", "Body line two."]) == []
    assert composer.feed(['"""', ":demo"]) == [
        Pasted("Title\nBody line one.\nBody line two."),
        Typed(":demo"),
    ]
    assert not composer.in_block
    assert composer.feed(["before", '"""', "inside", '"""']) == [Typed("before"), Pasted("inside")]
    assert composer.feed(['"""', "unfinished"]) == [] and composer.close() == [Pasted("unfinished")]
    assert composer.feed(['"""', '"""']) == [Pasted("")]  # the chat says there is nothing to send
    assert composer.close() == []


def test_the_keyboard_reads_a_pasted_burst_whole_and_typed_lines_apart_from_a_terminal() -> None:
    master, slave = pty.openpty()
    try:
        attributes = termios.tcgetattr(slave)
        attributes[3] &= ~termios.ECHO  # nobody reads the echo in a test
        termios.tcsetattr(slave, termios.TCSANOW, attributes)
        keyboard = Keyboard(slave, gap=1.0)
        os.write(master, "Headline\n\nFirst paragraph — ünïcode.\nSecond.\n".encode())
        assert keyboard.burst() == ["Headline", "", "First paragraph — ünïcode.", "Second."]
        os.write(master, b"typed\n")
        assert keyboard.burst() == ["typed"]
        os.write(master, b"\x04")  # Ctrl-D at the start of a line: the end of input
        assert keyboard.burst() is None
    finally:
        os.close(master)
        os.close(slave)


def test_the_keyboard_reads_a_pipe_to_its_end_even_without_a_last_newline() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"one\ntwo\nthree")
        os.close(write_end)
        keyboard = Keyboard(read_end, gap=1.0)
        assert keyboard.burst() == ["one", "two", "three"]
        assert keyboard.burst() is None
    finally:
        os.close(read_end)


async def test_a_pasted_article_is_one_message_split_as_a_client_and_answered_once(
    tmp_path: Path,
) -> None:
    read_end, write_end = os.pipe()
    out = io.StringIO()
    settings = Settings(_env_file=None, workers=1, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    chat = asyncio.create_task(run_chat(settings, None, out, Keyboard(read_end, gap=1.0)))

    async def shown(text: str, count: int = 1) -> None:
        for _ in range(1200):  # a bound, not a timing: each step waits 0.1 s
            if out.getvalue().count(text) >= count or chat.done():
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"never shown: {text}\n{out.getvalue()[-3000:]}")

    try:
        await shown("you> ")
        os.write(write_end, (PASTE + "\n").encode())  # pasted: all its lines at once
        await shown(": Valley railway reopens to passengers after 58 years")
        os.write(write_end, ('"""\n' + SHORT + '\n"""\n').encode())
        await shown(": £200m flood defence plan")
        os.write(write_end, b"hello\n")  # typed: one short message, a hint
        await shown("Send me a link")
    finally:
        os.close(write_end)  # the end of input ends the chat
        assert await asyncio.wait_for(chat, 120) == 0
        os.close(read_end)
    text = out.getvalue()
    assert 'put a line """ before and after them' in text  # the greeting says how
    split = text.index("(sent as 2 messages: Telegram's limit is 4,096 characters)")
    # the bot held the long last part for a next one ("typing…"): the chat waited for it
    assert split < text.index(": Valley railway reopens") < text.index("you> ", split)
    assert text.count("Valley railway reopens") == 1  # one answer to the whole paste
    assert text.count("Send me a link") == 1  # only "hello" got a hint: no line went alone


def test_a_closed_terminal_is_the_end_of_input_not_an_error() -> None:
    master, slave = pty.openpty()
    try:
        attributes = termios.tcgetattr(slave)
        attributes[3] &= ~termios.ECHO
        termios.tcsetattr(slave, termios.TCSANOW, attributes)
        keyboard = Keyboard(slave, gap=1.0)
        os.write(master, b"first\n")
        assert keyboard.burst() == ["first"]
        os.close(master)  # the terminal window closed: reads fail with EIO
        master = -1
        assert keyboard.burst() is None
    finally:
        if master != -1:
            os.close(master)
        os.close(slave)


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
