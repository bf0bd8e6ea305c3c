"""Imported by the worker pool's fork server only (``handlers.runtime.make_pool`` names it in
``set_forkserver_preload``), to load what every worker needs once (``handlers.workers.load``)
before any worker is forked from it. The fork server's preload imports modules by name, so the
import itself is the hook: nothing else imports this module.
"""

from __future__ import annotations

from handlers.workers import load

load()
