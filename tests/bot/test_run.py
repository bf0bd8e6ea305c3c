"""`newsbrief run` and `newsbrief webhook` as separate processes, pointed at the sandbox."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer

ROOT = Path(__file__).resolve().parents[2]
USER = 2001
WAIT = 60.0  # a cold start imports the whole stack and spawns a worker


def _env(server: BotApiServer, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    env.update(
        NEWSBRIEF_TELEGRAM_TOKEN=SANDBOX_TOKEN,
        NEWSBRIEF_BOT_API_URL=server.base_url,
        NEWSBRIEF_BOT_API_FILE_URL=server.base_file_url,
        NEWSBRIEF_WORKERS="1",
        NEWSBRIEF_LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


async def _start(command: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        command,
        env=env,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _stop(process: asyncio.subprocess.Process) -> tuple[int, str]:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)  # our own child, by its pid
    _out, err = await asyncio.wait_for(process.communicate(), WAIT)
    assert process.returncode is not None
    return process.returncode, err.decode("utf-8", "replace")


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as sandbox:
        sandbox.user(USER, "Ann")
        sandbox.private_chat(USER)
        yield sandbox


async def _chat(server: BotApiServer) -> None:
    await server.send(USER, USER, "/start")
    reply = await server.wait_for_message(USER, timeout=WAIT)
    assert "summarizes news articles" in (reply.text or "")
    article = (ROOT / "samples" / "article.txt").read_text(encoding="utf-8")
    await server.send(USER, USER, article[:3900])
    await server.wait_for_message(USER, lambda m: bool(m.reply_markup), WAIT)


@pytest.mark.slow
async def test_newsbrief_run_chats_over_long_polling(server: BotApiServer, tmp_path: Path) -> None:
    process = await _start("run", _env(server), tmp_path)
    try:
        await server.wait_for(lambda: bool(server.commands_for()), WAIT)  # post_init ran
        await _chat(server)
    finally:
        code, stderr = await _stop(process)
    assert code == 0, stderr
    assert "newsbrief is up as @newsbrief_bot" in stderr
    assert SANDBOX_TOKEN not in stderr and "Traceback" not in stderr


@pytest.mark.slow
async def test_newsbrief_webhook_receives_updates_with_the_secret(
    server: BotApiServer, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/newsbrief/hook"
    env = _env(
        server,
        NEWSBRIEF_WEBHOOK_URL=url,
        NEWSBRIEF_WEBHOOK_LISTEN="127.0.0.1",
        NEWSBRIEF_WEBHOOK_PORT=str(port),
        NEWSBRIEF_WEBHOOK_SECRET="s3cret-value",
    )
    process = await _start("webhook", env, tmp_path)
    try:
        await server.wait_for(lambda: server.webhook_url == url, WAIT)
        await _chat(server)
        async with httpx.AsyncClient() as client:  # a forged update without the secret
            forged = await client.post(url, json={"update_id": 999, "message": {}})
        assert forged.status_code == 403
    finally:
        code, stderr = await _stop(process)
    assert code == 0, stderr
    assert "s3cret-value" not in stderr and SANDBOX_TOKEN not in stderr


async def test_webhook_on_a_taken_port_says_so_in_one_line(
    server: BotApiServer, tmp_path: Path
) -> None:
    with socket.socket() as taken:  # our own listener holds the port for the whole test
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = _env(
            server,
            NEWSBRIEF_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
            NEWSBRIEF_WEBHOOK_LISTEN="127.0.0.1",
            NEWSBRIEF_WEBHOOK_PORT=str(port),
        )
        process = await _start("webhook", env, tmp_path)
        await asyncio.wait_for(process.wait(), WAIT)  # it gives up by itself
        code, stderr = await _stop(process)
    assert code == 2, stderr
    assert f"newsbrief: cannot listen on 127.0.0.1:{port}:" in stderr
    assert "Traceback" not in stderr


async def test_run_without_a_token_and_no_terminal_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    env["PYTHONPATH"] = str(ROOT)
    process = await _start("run", env, tmp_path)
    _out, err = await asyncio.wait_for(process.communicate(), WAIT)
    assert process.returncode == 2
    assert "NEWSBRIEF_TELEGRAM_TOKEN is not set" in err.decode()


@pytest.mark.slow
async def test_a_token_the_server_refuses_is_reported_in_one_line(tmp_path: Path) -> None:
    async with BotApiServer(token="42:another_token") as sandbox:
        process = await _start("run", _env(sandbox), tmp_path)
        _out, err = await asyncio.wait_for(process.communicate(), WAIT)
    assert process.returncode == 2
    text = err.decode()
    assert "the Bot API refused the token" in text and "Traceback" not in text
