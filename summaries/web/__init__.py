"""URL to article: normalised links (``urls``), the guarded fetcher (``fetch``), what a response
is and its text (``content``), HTML to article (``extract``) and the link reader that strings
them together with a cache (``links``).

Imports the engine (``summaries``), never ``summaries.feeds``.
"""
