"""The sandbox's file methods: sendDocument and getFile (downloads are served by ``server``).

Private to ``bot.sandbox``; ``BotApiServer`` (``server``) inherits ``FileMethods``. Their
refusals are listed in the module docstring of ``server``.
"""

from __future__ import annotations

from bot.sandbox._wire import (
    MAX_CAPTION_LENGTH,
    Upload,
    bad,
    formatted_text,
    get_json,
    get_str,
    is_html,
)
from bot.sandbox.records import JSON
from bot.sandbox.state import SandboxState, StoredFile

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # bots may upload 50 MB ...
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # ... and download 20 MB


class FileMethods(SandboxState):
    """Documents the bot sends, and files it fetches."""

    async def _send_document(self, params: JSON) -> JSON:
        chat = self._bot_chat(params)
        self._check_not_blocked(chat)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        upload = document if isinstance(document, Upload) else None
        reference = document if isinstance(document, str) else None
        stored: StoredFile | None = None
        if upload is not None:
            if not upload.data:
                raise bad("file must be non-empty")
        elif reference:
            stored = self._files.get(reference)
            if stored is None:
                raise bad("wrong file identifier/HTTP URL specified")
        else:
            raise bad("there is no document in the request")
        caption, caption_entities = formatted_text(
            get_str(params, "caption"),
            get_str(params, "parse_mode"),
            get_json(params, "caption_entities", "can't parse entities JSON object"),
            limit=MAX_CAPTION_LENGTH,
            empty_error=None,
            long_error="message caption is too long",
        )
        keyboard = self._keyboard(params)
        reply_to = self._reply_target(chat, params)
        self._spend_flood(chat, new_message=True)
        if stored is None:
            assert upload is not None
            stored = self._store_file(upload, "documents")
        message = self._add_message(
            chat,
            from_user=self.bot_user,
            by_bot=True,
            document=self._document_dict(stored),
            caption=caption or None,
            caption_entities=caption_entities,
            html=get_str(params, "caption") if is_html(params) else None,
            reply_markup=keyboard,
            reply_to_message_id=reply_to,
        )
        self.stats.messages_by_chat[chat.id] += 1
        return self._message_dict(message)

    async def _get_file(self, params: JSON) -> JSON:
        stored = self._files.get(get_str(params, "file_id") or "")
        if stored is None:
            raise bad("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise bad("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }
