"""handlers/workers.py: worker processes with a time budget per job."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator

import pytest

from handlers.workers import WorkerPool, submit_background, submit_within
from summaries.errors import EmptyText, WorkerCrashed, WorkerTimeout

# Generous: a spawned worker imports little here, but the machine may be busy.
WAIT = 120.0


def pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def started_at(seconds: float) -> float:
    """When the job began (CLOCK_MONOTONIC is one clock for every process of the machine)."""
    began = time.monotonic()
    time.sleep(seconds)
    return began


def fail() -> None:
    raise EmptyText()


def die() -> None:
    os._exit(3)


def grow(megabytes: int) -> int:
    kept = bytearray(megabytes * 2**20)
    kept[::4096] = b"x" * len(kept[::4096])  # touch every page: resident, not just reserved
    globals()["_kept"] = kept  # the memory stays with the worker, as a heap does
    return os.getpid()


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    made = WorkerPool(1, context=multiprocessing.get_context("spawn"), budget=60.0)
    yield made
    made.shutdown(wait=True, cancel_futures=True)


def test_a_job_past_its_budget_is_stopped_and_the_queued_work_goes_on(pool: WorkerPool) -> None:
    first = pool.submit(pid_after, 0).result(WAIT)
    stuck = pool.submit_within(0.5, pid_after, 3600)  # would hold the only worker for an hour
    queued = pool.submit(pid_after, 0)  # waits behind it, submitted by someone else
    with pytest.raises(WorkerTimeout) as caught:
        stuck.result(WAIT)
    assert caught.value.budget == 0.5 and caught.value.code == "too_slow"
    replacement = queued.result(WAIT)
    assert replacement != first  # the stuck worker was killed and replaced
    assert pool.killed == 1 and pool.pids() == [replacement]


def test_a_worker_that_dies_fails_its_job_only(pool: WorkerPool) -> None:
    with pytest.raises(WorkerCrashed):
        pool.submit(die).result(WAIT)
    assert pool.submit(pid_after, 0).result(WAIT) in pool.pids()
    assert pool.crashed == 1


def test_errors_come_back_as_they_were_raised(pool: WorkerPool) -> None:
    with pytest.raises(EmptyText):
        pool.submit(fail).result(WAIT)


def test_interactive_jobs_go_before_background_ones(pool: WorkerPool) -> None:
    pool.submit(pid_after, 0).result(WAIT)  # the worker is up
    busy = pool.submit(pid_after, 1.0)  # holds the worker while the next two queue
    background = submit_background(pool, 60.0, started_at, 0)
    interactive = submit_within(pool, 60.0, started_at, 0)
    busy.result(WAIT)
    assert interactive.result(WAIT) < background.result(WAIT)


def test_a_worker_holding_too_much_memory_is_replaced_after_its_job() -> None:
    pool = WorkerPool(
        1, context=multiprocessing.get_context("spawn"), budget=60.0, recycle_mb=200.0
    )
    try:
        small = pool.submit(pid_after, 0).result(WAIT)
        assert pool.submit(pid_after, 0).result(WAIT) == small  # kept while it is small
        grown = pool.submit(grow, 300).result(WAIT)
        assert grown == small  # the job itself ran in that worker, and answered
        assert pool.submit(pid_after, 0).result(WAIT) != small
        assert pool.recycled == 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def test_a_pool_that_was_shut_down_takes_no_more_work(pool: WorkerPool) -> None:
    pool.shutdown(wait=True)
    with pytest.raises(RuntimeError):
        pool.submit(pid_after, 0)
