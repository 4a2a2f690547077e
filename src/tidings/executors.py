"""Executors: run a function over a stream of items, inline or in processes.

All share one interface, ``imap(fn, items)``, yielding results as they finish
with a bounded number of items in flight, so memory stays flat however long
the stream is. The same stage code runs under each (issue: Dask adds a third
implementation over ``distributed.Client.get_executor()``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from typing import Any, Protocol


class Executor(Protocol):
    def imap(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs everything in the calling process, in order."""

    def imap(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        return None


class PoolExecutor:
    """Wraps a ``concurrent.futures`` executor with a bounded in-flight window."""

    def __init__(self, pool: futures.Executor, window: int) -> None:
        self.pool = pool
        self.window = max(1, window)

    def imap(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        pending: set[futures.Future[Any]] = set()
        for item in items:
            pending.add(self.pool.submit(fn, item))
            if len(pending) >= self.window:
                done, pending = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        while pending:
            done, pending = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
            for fut in done:
                yield fut.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def process_pool(workers: int, per_worker: int = 8) -> PoolExecutor:
    """A process pool of ``workers`` processes (forkserver start: safe with
    threads), with ``per_worker`` items in flight per process."""
    ctx = multiprocessing.get_context("forkserver")
    pool = futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    return PoolExecutor(pool, window=workers * per_worker)


def make_executor(workers: int, per_worker: int = 8) -> Executor:
    """Inline for one worker, a process pool for more (``per_worker`` items in flight each)."""
    return InlineExecutor() if workers <= 1 else process_pool(workers, per_worker)
