"""Feeds to digest: feed parsing and discovery (``parse``), OPML import and export (``opml``),
and the digest's clustering, ranking and selection (``digest``).

Imports the engine and ``summaries.web`` (URLs); the engine never imports this package.
"""
