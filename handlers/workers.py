"""Worker processes with a time budget per job: a job busy past its budget is stopped.

:class:`WorkerPool` is a ``concurrent.futures.Executor`` (so ``asyncio.wrap_future`` and
``loop.run_in_executor`` take it) that runs each job in one of ``workers`` processes. Unlike
``ProcessPoolExecutor`` it gives every job a time budget (``submit_within``; ``submit`` uses
the pool's ``budget``): when a job is still running at the end of it, its worker process is
killed, the job's future fails with :class:`WorkerTimeout`, and a fresh worker takes the slot.
The other workers, and every job still queued, carry on: one hostile page costs its own request
only. A worker that dies on its own (out of memory, a crash in C) fails its job with
:class:`WorkerCrashed` and is replaced the same way.

Errors (``summaries/errors.py``): WorkerTimeout (the job ran past its budget; its worker was
killed and replaced), WorkerCrashed (the worker died under the job, and was replaced).

Jobs go first by priority (``INTERACTIVE`` before ``BACKGROUND``: a user's link does not wait
behind a new feed's hundreds of summaries), then in order. A worker whose memory grew past
``recycle_mb`` is replaced after its job (a hostile page leaves a big heap behind it).

How it works: one thread per slot takes jobs from a shared queue, sends each to its
process over a pipe and waits for the answer at most the budget (``Connection.poll``, which
releases the GIL). Jobs and results are pickled, as with ``ProcessPoolExecutor``: a job is a
module-level function and picklable arguments.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from summaries.errors import WorkerCrashed, WorkerTimeout

__all__ = [
    "BACKGROUND",
    "INTERACTIVE",
    "WorkerPool",
    "in_background",
    "off_loop",
    "submit_background",
    "submit_within",
]

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

INTERACTIVE = 0  # someone waits for the answer now (a link, a button)
BACKGROUND = 1  # feed polling, digests
_LAST = 9  # the shutdown sentinels: after every job
STOP_GRACE_SECONDS = 1.0  # a killed worker's exit is awaited this long before SIGKILL
START_TIMEOUT_SECONDS = 120.0  # a new worker (imports, warm-up) must be ready within this


@dataclass(order=True, slots=True)
class _Queued:
    priority: int
    number: int
    job: _Job | None = field(compare=False)


@dataclass(slots=True)
class _Job:
    future: Future[Any]
    budget: float
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection


def _serve(conn: Connection, initializer: Callable[[], None] | None) -> None:
    """A worker process: run each job that arrives, answer (ok, value) until the pipe closes.

    Ctrl-C reaches the whole process group: a worker ignores it (no KeyboardInterrupt traceback
    from each worker) and is ended by the main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    conn.send((True, "ready"))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args, kwargs = message
        try:
            answer: tuple[bool, Any, float] = (True, fn(*args, **kwargs), _rss_mb())
        except BaseException as error:  # every failure goes back to the caller
            answer = (False, error, _rss_mb())
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        except Exception as error:  # a result or an error that cannot be pickled
            failure = RuntimeError(f"a worker's answer could not be sent: {error!r}")
            conn.send((False, failure, _rss_mb()))


def _rss_mb() -> float:
    """This process's resident memory in MB (0 where /proc is not there)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class WorkerPool(Executor):
    """``workers`` processes from ``context``, each job within a time budget (module docstring).

    ``budget``: seconds a job submitted with :meth:`submit` may run. ``initializer`` runs once
    in each new worker before its first job (it is not counted against any budget).
    ``recycle_mb``: a worker whose resident memory is over this after a job is replaced.
    """

    def __init__(
        self,
        workers: int,
        *,
        context: BaseContext,
        budget: float,
        initializer: Callable[[], None] | None = None,
        recycle_mb: float | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.workers = workers
        self.budget = budget
        self._context = context
        self._initializer = initializer
        self.recycle_mb = recycle_mb
        self._queue: queue.PriorityQueue[_Queued] = queue.PriorityQueue()
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self._shutdown = False
        self._slots: list[_Worker | None] = [None] * workers
        # pid -> process of each live worker (the same shape as ProcessPoolExecutor's record)
        self._processes: dict[int, BaseProcess] = {}
        self.killed = 0  # workers stopped for running past a budget
        self.crashed = 0  # workers that died under a job
        self.recycled = 0  # workers replaced for their memory
        self.longest_busy = 0.0  # the longest any job held a worker (seconds, a killed one too)
        self._threads = [
            threading.Thread(target=self._run_slot, args=(i,), daemon=True, name=f"worker-{i}")
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    # --- the Executor interface ----------------------------------------------------------------

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        return self.submit_within(self.budget, fn, *args, **kwargs)

    def submit_within(
        self, budget: float, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` in a worker; past ``budget`` seconds it is stopped."""
        return self.submit_as(INTERACTIVE, budget, fn, *args, **kwargs)

    def submit_as(
        self,
        priority: int,
        budget: float,
        fn: Callable[P, T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Future[T]:
        """Like :meth:`submit_within`, queued by ``priority`` (INTERACTIVE, BACKGROUND)."""
        future: Future[T] = Future()
        with self._lock:
            if self._shutdown:
                raise RuntimeError("cannot submit to a pool that was shut down")
            job = _Job(future, budget, fn, args, kwargs)
            self._queue.put(_Queued(priority, next(self._numbers), job))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            if self._shutdown:
                return
            self._shutdown = True
        if cancel_futures:
            while True:
                try:
                    queued = self._queue.get_nowait()
                except queue.Empty:
                    break
                if queued.job is not None:
                    queued.job.future.cancel()
        for _ in self._threads:
            self._queue.put(_Queued(_LAST, next(self._numbers), None))
        if wait:
            for thread in self._threads:
                thread.join()
        else:  # the slots' threads end the workers as they see the sentinel; busy ones now
            for slot in list(self._slots):
                if slot is not None and slot.process.is_alive():
                    with contextlib.suppress(OSError, ValueError):
                        slot.process.kill()

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        return list(self._processes)

    # --- each slot ----------------------------------------------------------------------------

    def _run_slot(self, index: int) -> None:
        try:
            self._start(index)
            while True:
                job = self._queue.get().job
                if job is None:
                    return
                if not job.future.set_running_or_notify_cancel():
                    continue
                self._run(index, job)
        finally:
            self._stop(index)

    def _run(self, index: int, job: _Job) -> None:
        worker = self._slots[index] or self._start(index)
        if worker is None:
            job.future.set_exception(WorkerCrashed())
            return
        started = time.monotonic()
        try:
            worker.conn.send((job.fn, job.args, job.kwargs))
        except (OSError, EOFError):  # the worker is gone: replace it, fail this job
            self._replace(index, crashed=True)
            job.future.set_exception(WorkerCrashed())
            return
        except Exception as error:  # the job cannot be pickled: the caller's bug
            job.future.set_exception(error)
            return
        try:
            answered = worker.conn.poll(job.budget)
        except (OSError, EOFError):
            answered = True  # recv below tells what happened
        busy = time.monotonic() - started
        if not answered:
            self.longest_busy = max(self.longest_busy, busy)
            logger.warning(
                "a %s job ran past its budget of %.1f s; its worker is replaced",
                getattr(job.fn, "__name__", "worker"),
                job.budget,
            )
            self.killed += 1
            self._replace(index, crashed=False)
            job.future.set_exception(WorkerTimeout(job.budget))
            return
        try:
            ok, value, rss_mb = worker.conn.recv()
        except (OSError, EOFError):
            self._replace(index, crashed=True)
            job.future.set_exception(WorkerCrashed())
            return
        except Exception as error:  # the answer cannot be unpickled here
            job.future.set_exception(error)
            return
        self.longest_busy = max(self.longest_busy, time.monotonic() - started)
        if ok:
            job.future.set_result(value)
        else:
            job.future.set_exception(value)
        if self.recycle_mb is not None and rss_mb > self.recycle_mb:
            logger.info("a worker holds %.0f MB after a job; it is replaced", rss_mb)
            self.recycled += 1
            self._stop(index)
            if not self._shutdown:
                self._start(index)

    def _start(self, index: int) -> _Worker | None:
        """A new worker in slot ``index``, ready (initializer run); None if it failed to start."""
        ours, theirs = self._context.Pipe()
        process = self._context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, self._initializer), daemon=True, name=f"newsbrief-{index}"
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._slots[index] = worker
        if process.pid is not None:
            self._processes[process.pid] = process
        try:
            if ours.poll(START_TIMEOUT_SECONDS):
                ours.recv()
                return worker
        except (OSError, EOFError):
            pass
        if not self._shutdown:  # (a pool shutting down kills the worker it was starting)
            logger.error("a worker process did not start")
        self._stop(index)
        return None

    def _replace(self, index: int, *, crashed: bool) -> None:
        if self._shutdown:  # the pool is ending: its workers are being stopped anyway
            self._stop(index)
            return
        if crashed:
            self.crashed += 1
            logger.error("a worker process died; starting a new one")
        self._stop(index)
        self._start(index)

    def _stop(self, index: int) -> None:
        worker = self._slots[index]
        self._slots[index] = None
        if worker is None:
            return
        process = worker.process
        with contextlib.suppress(OSError, ValueError):
            if process.is_alive():
                process.kill()  # SIGKILL: a worker in a C loop does not answer SIGTERM
            process.join(STOP_GRACE_SECONDS)
        with contextlib.suppress(OSError):
            worker.conn.close()
        if process.pid is not None:
            self._processes.pop(process.pid, None)
        with contextlib.suppress(ValueError):
            process.close()


def submit_within(
    executor: Executor,
    budget: float,
    fn: Callable[P, T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> Future[T]:
    """``fn`` on ``executor`` within ``budget`` seconds when it is a :class:`WorkerPool`; any
    other executor (threads, in tests) runs it without a budget."""
    if isinstance(executor, WorkerPool):
        return executor.submit_within(budget, fn, *args, **kwargs)
    return executor.submit(fn, *args, **kwargs)


def submit_background(
    executor: Executor,
    budget: float,
    fn: Callable[P, T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> Future[T]:
    """Like :func:`submit_within`, behind every interactive job of a :class:`WorkerPool`."""
    if isinstance(executor, WorkerPool):
        return executor.submit_as(BACKGROUND, budget, fn, *args, **kwargs)
    return executor.submit(fn, *args, **kwargs)


async def off_loop(
    executor: Executor | None,
    budget: float,
    fn: Callable[P, T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Await ``fn(*args, **kwargs)`` off the event loop for someone waiting now: on ``executor``
    within ``budget`` (see :func:`submit_within`), or on a thread of asyncio's default pool when
    there is no executor (tests, tools without worker processes)."""
    if executor is None:
        return await asyncio.to_thread(fn, *args, **kwargs)
    return await asyncio.wrap_future(submit_within(executor, budget, fn, *args, **kwargs))


async def in_background(
    executor: Executor | None,
    budget: float,
    fn: Callable[P, T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Like :func:`off_loop`, for work nobody waits on (polling, digests): behind the rest."""
    if executor is None:
        return await asyncio.to_thread(fn, *args, **kwargs)
    return await asyncio.wrap_future(submit_background(executor, budget, fn, *args, **kwargs))
