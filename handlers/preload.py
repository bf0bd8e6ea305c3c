"""Imported by the worker pool's fork server only (``handlers.runtime.make_pool`` names it in
``set_forkserver_preload``), to load what every worker needs once (``handlers.warmup.load``)
before any worker is forked from it. The fork server's preload imports modules by name, so the
import itself is the hook: nothing else imports this module.
"""

from __future__ import annotations

# Each worker imports the program's main module again (multiprocessing does, to find what is
# defined there); for newsbrief that is bot/cli.py, whose one heavy import is its settings
# library (8 MB): loaded here, it is shared too.
import pydantic_settings  # noqa: F401

from handlers.warmup import load

load()
