"""Benchmarks and evaluation harnesses behind ``newsbrief eval``, with the local servers they use.

Nothing in ``bot/``, ``handlers/`` or ``summaries/`` imports this package; ``bot/cli.py`` hands
the ``eval`` command to :mod:`bench.cli` and that is the one arrow into it.
"""
