"""handlers/runtime.py: the worker pool."""

from __future__ import annotations

import os
import signal

from handlers.runtime import make_pool
from summaries.pipeline import summarize

TEXT = (
    "The council said on Monday that the new bridge would open in May. "
    "“It will change the town,” said the mayor, Anna Berg. It cost £4m."
)


def test_workers_ignore_ctrl_c_and_keep_working() -> None:
    """Ctrl-C reaches the whole process group; a worker must not die of it (nor print a
    KeyboardInterrupt traceback): the main process ends the pool."""
    pool = make_pool(1)
    try:
        assert pool.submit(summarize, TEXT).result(timeout=120).sentences
        [pid] = list(pool._processes)  # the worker the first task started
        os.kill(pid, signal.SIGINT)
        assert pool.submit(summarize, TEXT).result(timeout=120).sentences
        assert list(pool._processes) == [pid]  # the same worker, alive
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
