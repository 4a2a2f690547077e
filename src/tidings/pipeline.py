"""Orchestration: sources -> stages (on an executor) -> the one writer.

Only this module (and :mod:`tidings.scale`, its Parquet side) knows about
executors and progress. Inputs are read a shard at a time (a WARC, WET or
JSON-lines file, or a slice of single-page files: :mod:`tidings.shards`);
workers run pure stage code (:func:`tidings.work.apply_batch`) on tasks of
``settings.pages_per_task`` pages and return records, one per page, on any
executor: inline, a process pool (``workers``) or Dask (``dask``). The
parent process alone writes to the database, in batches of
``settings.batch_size`` documents, each one transaction; when every page of
a shard is in, a checkpoint row goes into the same transaction as the
shard's last rows, so a re-run skips finished shards without reading them.

With ``out`` the results do not come back: each shard is processed on a
worker and written as Parquet (see :mod:`tidings.scale`), for :func:`load`
or DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import BinaryIO

from tidings import linking
from tidings.executors import make_executor
from tidings.progress import NullProgress, Progress
from tidings.records import Failure, Page
from tidings.scale import load_dir, run_to_dir
from tidings.settings import Settings
from tidings.shards import Shard, iter_shards, recipe
from tidings.sources import iter_pages
from tidings.stages import registry
from tidings.store.sqlite import Batch, ShardMark, Sighting, Store, open_store
from tidings.work import Processed, RunStats, apply_batch, apply_stages, apply_task, chunks

__all__ = ["Processed", "RunStats", "apply_batch", "apply_stages", "load", "run"]


class _Writer:
    """Collects results and writes a batch whenever it is full.

    It also knows which documents are on their way (sent to a worker, or in
    the batch not yet written), so that a page seen again meanwhile is not
    processed twice: its sighting waits for the document (:meth:`sighting`).
    Only documents in flight are remembered, so memory does not grow with
    the pages of a run.
    """

    def __init__(self, store: Store, size: int, stats: RunStats, progress: Progress) -> None:
        self.store, self.size, self.stats, self.progress = store, size, stats, progress
        self.batch = Batch()
        self.waiting: dict[str, list[tuple[Sighting, int]]] = {}  # doc id sent -> its sightings
        self.in_batch: set[str] = set()  # doc ids in self.batch (not yet in the database)
        self.failed: set[str] = set()  # doc ids whose page failed in this run
        self.shards: _Shards | None = None

    def failure(self, failure: Failure) -> None:
        self.batch.failures.append(failure)
        if failure.severity == "error":
            self.stats.failed += 1
            self.progress.update(failed=1)
        else:
            self.stats.warnings += 1
        self.progress.message(failure.message())
        self._maybe_flush()

    def is_new(self, page: Page, seq: int, wanted: dict[str, str]) -> bool:
        """True when ``page`` is to be processed; otherwise it is recorded as
        a sighting of a document stored, on its way, or failed."""
        doc_id = page.id
        sighting = Sighting(doc_id, page.input, page.locator, page.container, page.url)
        if doc_id in self.waiting:
            self.waiting[doc_id].append((sighting, seq))
            assert self.shards is not None
            self.shards.add(seq)  # the shard is finished once this sighting is written
        elif doc_id in self.in_batch:
            self.batch.sightings.append(sighting)
        elif doc_id not in self.failed and self.store.stored_versions(doc_id) != wanted:
            self.waiting[doc_id] = []
            return True
        elif doc_id not in self.failed:
            self.batch.sightings.append(sighting)
        self.stats.skipped += 1  # a copy of a failed page is counted, not recorded
        self.progress.update(skipped=1)
        self._maybe_flush()
        return False

    def result(self, doc_id: str, result: Processed | Failure) -> list[int]:
        """Take a page's result; return the shards of the sightings it releases."""
        waiting = self.waiting.pop(doc_id, [])
        if isinstance(result, Failure):
            self.failed.add(doc_id)
            self.failure(result)
            return [seq for _, seq in waiting]
        self.batch.articles.append((result.article, result.raw))
        self.batch.sightings.extend(s for s, _ in waiting)
        self.in_batch.add(result.article.id)
        self.stats.stored += 1
        self.stats.languages[result.article.language or "unknown"] += 1
        if result.article.source:
            self.stats.formats[result.article.source.format] += 1
        self.progress.update(ok=1)
        for warning in result.warnings:
            self.failure(warning)
        self._maybe_flush()
        return [seq for _, seq in waiting]

    def shard_done(self, mark: ShardMark) -> None:
        self.batch.shards.append(mark)
        self.stats.shards += 1
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.batch) >= self.size:
            self.flush()

    def flush(self) -> None:
        self.store.write(self.batch)
        self.batch = Batch()
        self.in_batch.clear()


class _Shards:
    """Shards being read: each is finished when read to the end and every
    one of its pages' results (and waiting sightings) is in the writer's batch.
    Its ``pages`` are those stored or seen again (failures not counted): what
    a later run counts as already stored when it skips the shard."""

    def __init__(self, writer: _Writer, recipe: str) -> None:
        self.writer, self.recipe = writer, recipe
        self.open: dict[int, list[object]] = {}  # seq -> [shard, outstanding, read to the end, pages]

    def start(self, seq: int, shard: Shard) -> None:
        self.open[seq] = [shard, 0, False, 0]

    def page(self, seq: int) -> None:
        self.open[seq][3] += 1  # type: ignore[operator]

    def add(self, seq: int) -> None:
        self.open[seq][1] += 1  # type: ignore[operator]

    def done(self, seq: int) -> None:
        self.open[seq][1] -= 1  # type: ignore[operator]
        self._maybe_finish(seq)

    def read(self, seq: int) -> None:
        self.open[seq][2] = True
        self._maybe_finish(seq)

    def _maybe_finish(self, seq: int) -> None:
        shard, outstanding, read, pages = self.open[seq]
        if not read or outstanding:
            return
        del self.open[seq]
        assert isinstance(shard, Shard) and isinstance(pages, int)
        if shard.id:  # standard input has no checkpoint
            self.writer.shard_done(ShardMark(shard.id, self.recipe, shard.paths, pages))


def run(
    paths: Sequence[str],
    settings: Settings,
    *,
    stages: Sequence[str] = registry.RUN,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    command: str = "run",
    out: str | None = None,
) -> RunStats:
    """Ingest ``paths`` into the database named by ``settings.db``.

    Pages already stored by the same stage versions are skipped (only their
    sighting is recorded), and shards finished by an earlier run with the
    same stage versions and limits are not read at all, so running twice
    adds nothing. With ``out`` (a folder), shards are processed on the
    workers and written there as Parquet instead (no database is touched;
    see :func:`load`). Returns once the last batch is written.

    Raises:
        ConfigError: a path matches nothing, or the Dask scheduler cannot be
            reached; before the database is touched.
    """
    progress = progress or NullProgress()
    resolved = registry.resolve(stages)
    registry.check(resolved, settings)
    wanted = registry.versions(resolved)
    key = recipe(wanted, settings)
    if out is not None:
        return run_to_dir(paths, settings, out, stages=stages, recipe=key, progress=progress)
    stats = RunStats()
    shards = iter_shards(paths, settings.files_per_shard)  # checks paths now
    # Tasks in flight per worker: 8 single pages, as ever; of batches, two
    # (one running, one queued) keep a worker busy with fewer pages held.
    executor = make_executor(
        settings.workers, per_worker=max(2, 8 // settings.pages_per_task), dask=settings.dask
    )
    try:
        store = open_store(settings.db)
    except BaseException:
        executor.close()
        raise
    run_id = store.start_run(command)
    writer = _Writer(store, settings.batch_size, stats, progress)
    tracker = writer.shards = _Shards(writer, key)

    def todo() -> Iterator[tuple[tuple[int, str], Page]]:
        for seq, shard in enumerate(shards):
            done = store.shard_pages(shard.id, key) if shard.id else None
            if done is not None:  # its pages are all stored (or failed): not read again
                stats.shards_skipped += 1
                stats.skipped += done
                progress.update(skipped=done)
                continue
            tracker.start(seq, shard)
            for item in iter_pages(shard.paths, max_bytes=settings.max_bytes, stdin=stdin):
                if isinstance(item, Failure):
                    writer.failure(item)
                    continue
                if writer.is_new(item, seq, wanted):
                    tracker.add(seq)
                    yield (seq, item.id), item
                else:
                    tracker.page(seq)
            tracker.read(seq)

    def tasks() -> Iterator[tuple[tuple[tuple[int, str], ...], tuple[Page, ...]]]:
        for chunk in chunks(todo(), settings.pages_per_task):
            yield tuple(tag for tag, _ in chunk), tuple(page for _, page in chunk)

    try:
        work = partial(apply_task, tuple(stages), settings)
        for tags, results in executor.imap(work, tasks()):
            for (seq, doc_id), result in zip(tags, results, strict=True):
                released = writer.result(doc_id, result)
                if not isinstance(result, Failure):
                    tracker.page(seq)
                tracker.done(seq)
                for other in released:
                    tracker.done(other)
    finally:
        executor.close()
        writer.flush()
        store.finish_run(run_id, stats.to_dict())
        store.close()
        progress.close()
    if links(stages):
        stats.stories = link_stories(settings.db, settings.story_embeddings)
    return stats


#: Runs that include this stage end by linking stories (stories use resolved
#: actors and places, merged events the events).
LINKS_AFTER = "events"


def links(stages: Sequence[str]) -> bool:
    """Whether a run of ``stages`` ends by linking stories."""
    return LINKS_AFTER in stages


def link_stories(db: str, embeddings: str = "auto") -> dict[str, int]:
    """Place the stored documents that are in no story yet (``tidings.linking``)."""
    with open_store(db) as store:
        return linking.link(store, embeddings=embeddings).to_dict()


def load(out: str, settings: Settings, *, progress: Progress | None = None) -> RunStats:
    """Load the Parquet output of ``run(..., out=out)`` into ``settings.db``,
    then, if the shards were made by ``tidings run`` (events coded), link
    the loaded documents into stories as :func:`run` does.

    The one writer, as in :func:`run`: shards already loaded are skipped,
    and the stored rows are those a direct run would have stored.
    """
    stats = load_dir(out, settings, progress=progress or NullProgress())
    with open_store(settings.db) as store:
        if store.has_stage(LINKS_AFTER):
            stats.stories = linking.link(store, embeddings=settings.story_embeddings).to_dict()
    return stats
