"""Wiring: configuration, the command-line interface, and (later) the Telegram application."""
