"""Wiring: settings, the command line, the Telegram application, storage (``bot.db``), feed
polling, digest scheduling and delivery, flood control, and the local sandbox (``bot.sandbox``)."""
