"""Executors: run a function over a stream of items, inline, in processes or on Dask.

All share one interface, ``imap(fn, items)``, yielding results as they finish
with a bounded number of items in flight, so memory stays flat however long
the stream is. The same stage code runs under each: the process pool and Dask
are both ``concurrent.futures`` executors (Dask's through
``distributed.Client.get_executor()``), wrapped by :class:`PoolExecutor`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from typing import Any, Protocol

from tidings.errors import ConfigError

#: Seconds to wait for a remote Dask scheduler before giving up.
DASK_CONNECT_TIMEOUT = 10
#: Seconds to wait for a first worker when the scheduler has none yet.
WAIT_FOR_WORKERS = 120


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


class DaskExecutor(PoolExecutor):
    """A :class:`PoolExecutor` over ``distributed.Client.get_executor()``.

    Tasks are submitted impure (``pure=False``: no hashing of pages for task
    keys). A worker that dies mid-task is restarted by its nanny and the
    scheduler runs the task again elsewhere, so ``imap`` still yields one
    result per item. Closing cancels what is queued, then closes the client
    and, for ``--dask local``, the cluster this process started.
    """

    def __init__(self, client: Any, cluster: Any | None, per_worker: int) -> None:
        threads = sum(client.nthreads().values()) or 1
        super().__init__(client.get_executor(pure=False), window=threads * per_worker)
        self.client, self.cluster = client, cluster

    def close(self) -> None:
        try:
            self.pool.shutdown(wait=False)  # ClientExecutor: cancels the futures still pending
        finally:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def process_pool(workers: int, per_worker: int = 8) -> PoolExecutor:
    """A process pool of ``workers`` processes (forkserver start: safe with
    threads), with ``per_worker`` items in flight per process."""
    ctx = multiprocessing.get_context("forkserver")
    pool = futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    return PoolExecutor(pool, window=workers * per_worker)


#: Dask keeps logs in memory, bounded but by defaults that hold a lot of a
#: long run. The costly one is each connection's log of recent messages
#: (``BatchedSend.recent_message_log``, ``low-level-log-length`` entries):
#: the scheduler's log of what it sent to workers keeps every
#: ``compute-task`` message with its pages, and the client's log keeps each
#: submitted task, pickled. With 1,000 entries (Dask's default; the old
#: ``distributed.scheduler.events-log-length`` key is an alias of this one,
#: which is how a setting of 500 once overrode a setting of 100) the parent
#: grew 182 -> 216 MB from 10k to 40k pages (``benchmarks/scalemem.py``);
#: the rest are event, transition and computation histories.
DASK_HISTORY = {
    "distributed.admin.log-length": 500,
    "distributed.admin.low-level-log-length": 10,
    "distributed.diagnostics.computations.max-history": 5,
    # the workers' statistical profiler keeps an hour of samples
    "distributed.worker.profile.enabled": False,
}


def dask_executor(address: str, workers: int = 0, per_worker: int = 2) -> DaskExecutor:
    """An executor on a Dask cluster: ``"local"`` starts a LocalCluster of
    ``workers`` worker processes (one thread each; 0: one per CPU core), any
    other value is a scheduler address (``tcp://host:8786``) to connect to.

    Raises:
        ConfigError: the scheduler cannot be reached, naming the address and why.
    """
    import dask
    from distributed import Client, LocalCluster

    if address == "local":
        # Shorter in-memory histories than Dask's defaults: the scheduler (in
        # this process), the client and the workers read them when they start.
        with dask.config.set(DASK_HISTORY):
            cluster = LocalCluster(
                n_workers=workers if workers > 0 else os.cpu_count() or 1,
                threads_per_worker=1,  # spaCy and the stages run one page batch at a time per process
                processes=True,
                dashboard_address=":0",  # any free port: never clashes with another cluster
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        return DaskExecutor(client, cluster, per_worker)
    try:
        with dask.config.set(DASK_HISTORY):  # this client's own logs; the cluster's are its own
            client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"cannot reach the Dask scheduler at {address}: {reason} "
            "(start one with `dask scheduler`, or use --dask local)"
        ) from None
    except ValueError as exc:
        raise ConfigError(f"bad Dask scheduler address {address!r}: {exc}") from None
    if not client.nthreads():
        try:  # a cluster being scaled up (dask-jobqueue, Kubernetes) gets its workers late
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            client.close()
            raise ConfigError(
                f"the Dask scheduler at {address} has no workers after {WAIT_FOR_WORKERS} s: "
                "start some with `dask worker ADDRESS` or scale the cluster"
            ) from None
    return DaskExecutor(client, None, per_worker)


def make_executor(workers: int, per_worker: int = 8, dask: str | None = None) -> Executor:
    """Dask when ``dask`` names a scheduler (or ``local``); else inline for
    one worker, a process pool for more (``per_worker`` items in flight each)."""
    if dask:
        return dask_executor(dask, workers if workers > 1 else 0, per_worker)
    return InlineExecutor() if workers <= 1 else process_pool(workers, per_worker)
