"""The sandbox: a local Telegram Bot API server for tests, the terminal chat and benchmarks.

``bot.sandbox.server.BotApiServer`` speaks Telegram's wire format to the real python-telegram-bot;
``tghtml`` is Telegram's HTML parse mode and ``entities`` the entities Telegram detects in what
users type.
"""
