"""What the worker processes of the pool (``handlers.runtime.make_pool``) load, and how.

A worker runs the CPU-bound jobs (``summaries.web.links.article_from_page``,
``summaries.pipeline.summarize``), so it needs the engine, the extractor, the language model
(py3langid, ~75 MB), the stemmers and stop words, and trafilatura's justext stop lists, but
nothing of Telegram or the database. ``load`` loads all of it once, in the pool's fork server
(``handlers/preload.py`` calls it there); each worker is forked from that server and shares
those pages (copy-on-write) instead of loading a copy of its own.
"""

from __future__ import annotations

import contextlib
import gc
import signal

from justext.core import define_stoplist
from trafilatura.external import jt_stoplist_init

import summaries.web.links  # noqa: F401  (article_from_page, the extraction job)
from summaries.errors import SummaryError
from summaries.language import SUPPORTED, profile
from summaries.pipeline import summarize

WARM_UP_TEXT = (
    "The council said on Monday that the new bridge would open in May. "
    "“It will change the town,” said the mayor, Anna Berg. It cost £4m."
)


def load() -> None:
    """Load the language model (through one summary), every stemmer and stop-word list, and
    justext's stop words, then move everything loaded out of the collector's generations
    (``gc.freeze``), so that a collection in a worker never writes to these objects' pages."""
    with contextlib.suppress(SummaryError):  # the warm-up text is valid; never fail the server
        summarize(WARM_UP_TEXT)
    for code in sorted(SUPPORTED):
        profile(code)
    # trafilatura's justext fallback (for a page its own extractor finds thin) builds the stop
    # words of every justext language, ~150,000 strings (27 MB), on first use
    define_stoplist(jt_stoplist_init())
    gc.collect()
    gc.freeze()


def started() -> None:
    """A worker's initializer. Ctrl-C reaches the whole process group: a worker ignores it (no
    KeyboardInterrupt traceback from each worker) and is ended by the main process as it shuts
    the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def started_cold() -> None:
    """The initializer where workers are not forked from a loaded server ("spawn")."""
    started()
    load()
