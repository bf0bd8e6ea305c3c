"""The webhook receiver: Telegram's POSTs in, updates onto the Application's queue.

python-telegram-bot's own webhook server (tornado) reads a whole request body, up to 100 MB,
before it looks at the secret: eight concurrent 95 MB POSTs without the secret took a process
from 137 MB to 882 MB. This receiver (aiohttp, which the project already uses for its sandbox)
checks, in this order, before it reads a byte of the body:

1. the path (404) and the method (405);
2. the ``X-Telegram-Bot-Api-Secret-Token`` header, compared in constant time (403);
3. the declared length against MAX_UPDATE_BYTES (413); a body sent without a length is read
   only up to that limit.

Then the body must be one JSON object that python-telegram-bot reads as an Update (400
otherwise); it is put on ``application.update_queue``, as PTB's own server does.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few KB (a message is at most 4,096 characters and its entities;
# files come as ids): 1 MiB leaves room for the largest and refuses anything else.
MAX_UPDATE_BYTES = 1024 * 1024


def webhook_app(
    application: Application,  # type: ignore[type-arg]
    path: str,
    secret: str,
) -> web.Application:
    """An aiohttp application serving POST ``path`` for ``application``."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="Forbidden")
        length = request.content_length
        if length is not None and length > MAX_UPDATE_BYTES:
            return web.Response(status=413, text="Payload Too Large")
        body = bytearray()
        while len(body) <= MAX_UPDATE_BYTES:  # a read returns what has arrived: read to the end
            chunk = await request.content.read(MAX_UPDATE_BYTES + 1 - len(body))
            if not chunk:
                break
            body += chunk
        if len(body) > MAX_UPDATE_BYTES:
            return web.Response(status=413, text="Payload Too Large")
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("an update is a JSON object")
            update = Update.de_json(data, application.bot)
        except Exception as error:  # bytes from outside: anything PTB cannot read is a 400
            logger.warning("webhook: an unreadable update was refused (%s)", type(error).__name__)
            return web.Response(status=400, text="Bad Request")
        await application.update_queue.put(update)
        return web.Response(text="OK")

    app = web.Application(client_max_size=MAX_UPDATE_BYTES)
    route = "/" + path.strip("/")
    app.router.add_post(route, receive)
    if route != "/":
        app.router.add_post(route + "/", receive)
    return app
