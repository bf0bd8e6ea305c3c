"""bot/sandbox/api_files.py: sendDocument, getFile and downloads (through the real PTB)."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot, MessageEntity
from telegram.error import BadRequest

from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from tests.bot.sandbox.conftest import ANN, BOB, last_error

# --- files ------------------------------------------------------------------------------------


async def test_send_document_and_download(bot: Bot, server: BotApiServer) -> None:
    data = "Résumé 😀\n".encode() * 100
    message = await bot.send_document(
        ANN, data, filename="summary.txt", caption="<b>Summary</b>", parse_mode="HTML"
    )
    assert message.document is not None
    assert (message.document.file_name, message.document.file_size) == ("summary.txt", len(data))
    assert message.caption == "Summary"
    assert message.caption_entities == (MessageEntity("bold", 0, 7),)
    file = await bot.get_file(message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == data
    [stored] = server.messages(ANN)
    assert stored.document is not None and stored.document["file_id"] == file.file_id
    assert server.calls[-2].params["document"] == {"file_name": "summary.txt", "size": len(data)}
    again = await bot.send_document(BOB, message.document.file_id)
    assert again.document is not None and again.document.file_id == file.file_id


async def test_document_refusals(bot: Bot, server: BotApiServer) -> None:
    with pytest.raises(BadRequest):
        await bot.send_document(ANN, "no-such-file-id")
    assert last_error(server) == "Bad Request: wrong file identifier/HTTP URL specified"
    with pytest.raises(BadRequest):
        await bot.send_document(ANN, b"x", filename="a.txt", caption="c" * 1025)
    assert last_error(server) == "Bad Request: message caption is too long"
    with pytest.raises(BadRequest):
        await bot.get_file("no-such-file-id")
    assert last_error(server) == "Bad Request: invalid file_id"


async def test_multipart_attach_upload(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendDocument",
        data={"chat_id": str(ANN), "document": "attach://part1", "caption": "raw"},
        files={"part1": ("notes.md", b"# notes", "text/markdown")},
    )
    document = response.json()["result"]["document"]
    assert (document["file_name"], document["mime_type"], document["file_size"]) == (
        "notes.md",
        "text/markdown",
        7,
    )
    response = await raw.post(f"/bot{SANDBOX_TOKEN}/sendDocument", data={"chat_id": str(ANN)})
    assert response.json()["description"] == "Bad Request: there is no document in the request"


async def test_user_sends_a_document(bot: Bot, server: BotApiServer) -> None:
    await server.send_document(ANN, ANN, "article.html", b"<html>story</html>", "text/html")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.document.mime_type == "text/html"
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"<html>story</html>"
