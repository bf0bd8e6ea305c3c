"""The sandbox's query answers: answerCallbackQuery and answerInlineQuery.

Private to ``bot.sandbox``; ``BotApiServer`` (``server``) inherits ``QueryMethods``. Queries
expire after the server's ``callback_query_ttl`` and ``inline_query_ttl``; the refusals are
listed in the module docstring of ``server``.
"""

from __future__ import annotations

from bot.sandbox._wire import (
    MAX_MESSAGE_LENGTH,
    bad,
    formatted_text,
    get_bool,
    get_int,
    get_json,
    get_str,
    inline_keyboard,
)
from bot.sandbox.records import JSON, CallbackAnswer
from bot.sandbox.state import QueryState, SandboxState

MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64

_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class QueryMethods(SandboxState):
    """Answers to callback queries (button presses) and inline queries."""

    async def _answer_callback_query(self, params: JSON) -> bool:
        query_id = get_str(params, "callback_query_id") or ""
        self._take_query(query_id, "callback", self.callback_query_ttl)
        text = get_str(params, "text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad("MESSAGE_TOO_LONG")
        self._queries[query_id].answered = True
        self.callback_answers.append(
            CallbackAnswer(
                query_id=query_id,
                text=text,
                show_alert=get_bool(params, "show_alert"),
                url=get_str(params, "url"),
                cache_time=get_int(params, "cache_time"),
                at=self._clock(),
            )
        )
        return True

    def _take_query(self, query_id: str, kind: str, ttl: float) -> QueryState:
        query = self._queries.get(query_id)
        if (
            query is None
            or query.kind != kind
            or query.answered
            or self._clock() - query.created > ttl
        ):
            raise bad(_QUERY_TOO_OLD.removeprefix("Bad Request: "))
        return query

    async def _answer_inline_query(self, params: JSON) -> bool:
        query_id = get_str(params, "inline_query_id") or ""
        query = self._take_query(query_id, "inline", self.inline_query_ttl)
        results = get_json(params, "results", "can't parse inline query results JSON object")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = result.get("id")
            if (
                not isinstance(result_id, str)
                or not result_id
                or len(result_id.encode("utf-8")) > MAX_INLINE_RESULT_ID_BYTES
            ):
                raise bad("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                formatted_text(
                    get_str(content, "message_text"),
                    get_str(content, "parse_mode"),
                    content.get("entities"),
                    limit=MAX_MESSAGE_LENGTH,
                    empty_error="message text is empty",
                    long_error="message is too long",
                )
            inline_keyboard(result.get("reply_markup"))
        query.answered = True
        self.inline_answers[query_id] = {
            "inline_query_id": query_id,
            "results": results,
            "cache_time": get_int(params, "cache_time"),
            "is_personal": get_bool(params, "is_personal"),
            "next_offset": get_str(params, "next_offset"),
            "button": get_json(params, "button", "can't parse inline query button JSON object"),
            "at": self._clock(),
        }
        return True
