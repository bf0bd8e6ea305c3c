"""handlers/runtime.py: the worker pool."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

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


def _model_loaded() -> bool:
    """In a worker: is the language model there before this worker summarized anything?"""
    from summaries import language

    return language._identifier_instance is not None


def _shared_anonymous_mb(pid: int) -> float:
    """Memory of ``pid`` that is not from a file and that another process maps too: after a
    fork, the pages both still hold (none, for a process started from scratch)."""
    shared_kb = 0
    anonymous = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if "-" in fields[0] and ":" not in fields[0]:  # a mapping's header line
            anonymous = len(fields) < 6 or fields[5] in ("[heap]", "[stack]")
        elif anonymous and fields[0] in ("Shared_Clean:", "Shared_Dirty:"):
            shared_kb += int(fields[1])
    return shared_kb / 1024


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc")
def test_workers_are_forked_with_the_model_loaded_and_share_it() -> None:
    pool = make_pool(2)
    try:
        assert all(pool.submit(_model_loaded).result(timeout=120) for _ in range(4))
        for pid in list(pool._processes):
            # the language model alone is ~75 MB of arrays loaded in the fork server
            assert _shared_anonymous_mb(pid) > 60, pid
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
