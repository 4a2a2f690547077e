"""Runs at scale: each shard processed on a worker and written as Parquet, then loaded.

``tidings run --out DIR`` sends whole shards (see :mod:`tidings.shards`) to
the executor (inline, process pool or Dask): the worker reads the shard's
files itself, runs the stages in tasks of ``pages_per_task`` pages and
writes the shard's tables with :class:`~tidings.parquet_io.ShardWriter`; the
parent gets back only the shard's counts and first few failure messages, so
neither the parent's memory nor the traffic to it grows with the pages.
Parquet writing is I/O, so it lives here, beside the pipeline, not in
``stages/``. Inputs and ``DIR`` must be reachable from every worker (a
shared or network file system on a multi-node cluster).

``tidings load DIR`` (:func:`load_dir`) then writes the finished shards into
SQLite through the one writer, shard by shard, each shard's checkpoint in
the transaction of its last rows. Loading gives the rows a direct run gives:
the same writer code, the same records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from tidings import parquet_io
from tidings.errors import ConfigError
from tidings.executors import make_executor
from tidings.progress import Progress
from tidings.records import Failure, Page
from tidings.settings import Settings
from tidings.shards import Shard, iter_shards
from tidings.sources import iter_pages
from tidings.store.sqlite import Batch, ShardMark, Sighting, open_store
from tidings.work import Processed, RunStats, apply_batch, chunks

#: Failure messages a shard sends back to be shown (all are in its failures table).
MESSAGES_PER_SHARD = 20


@dataclass(slots=True)
class ShardResult:
    """What a worker sends back for one shard: counts and a few messages."""

    shard: str
    stats: RunStats
    messages: list[str] = field(default_factory=list)


def process_shard(
    stage_names: Sequence[str], settings: Settings, out: str, recipe: str, shard: Shard
) -> ShardResult:
    """Read ``shard``, run the stages and write its tables under ``out`` (on a worker).

    A page seen twice in the shard is processed once; the copy becomes a
    ``document_sources`` row. The checkpoint is written last, holding the
    shard's counts, so a finished shard is never read again for ``recipe``.
    """
    folder = Path(out)
    writer = parquet_io.ShardWriter(folder, shard.id, group=settings.batch_size)
    stats, messages = RunStats(shards=1), list[str]()
    seen: set[str] = set()  # doc ids of this shard's pages
    stored: set[str] = set()
    copies: list[Sighting] = []  # pages seen again in this shard

    def failure(item: Failure) -> None:
        writer.add_failure(item)
        if item.severity == "error":
            stats.failed += 1
        else:
            stats.warnings += 1
        if len(messages) < MESSAGES_PER_SHARD:
            messages.append(item.message())

    def todo() -> Iterator[Page]:
        for item in iter_pages(shard.paths, max_bytes=settings.max_bytes):
            if isinstance(item, Failure):
                failure(item)
                continue
            if item.id in seen:
                copies.append(Sighting(item.id, item.input, item.locator, item.container, item.url))
                stats.skipped += 1
            else:
                seen.add(item.id)
                yield item

    try:
        for batch in chunks(todo(), settings.pages_per_task):
            for result in apply_batch(stage_names, settings, batch):
                if isinstance(result, Failure):
                    failure(result)
                    continue
                _count(stats, result)
                writer.add_article(result.article, result.raw)
                stored.add(result.article.id)
                for warning in result.warnings:
                    failure(warning)
        for sighting in copies:
            if sighting.doc_id in stored:  # a copy of a failed page is not a document
                writer.add_sighting(sighting)
        writer.commit(
            {"shard": shard.id, "recipe": recipe, "paths": list(shard.paths), "seq": shard.seq}
            | {"pages": stats.stored + stats.skipped}  # stored or seen again: failures not counted
            | {"stats": stats.to_dict(), "stages": list(stage_names)}
        )
    except BaseException:
        writer.abort()
        raise
    return ShardResult(shard.id, stats, messages)


def _count(stats: RunStats, result: Processed) -> None:
    stats.stored += 1
    stats.languages[result.article.language or "unknown"] += 1
    if result.article.source:
        stats.formats[result.article.source.format] += 1


def run_to_dir(
    paths: Sequence[str],
    settings: Settings,
    out: str,
    *,
    stages: Sequence[str],
    recipe: str,
    progress: Progress,
) -> RunStats:
    """Process every shard not yet finished in ``out``; see the module docstring."""
    if "-" in paths:
        raise ConfigError(
            "--out reads inputs on the workers: standard input cannot be a shard; save it to a file"
        )
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"--out {out}: exists and is not a folder")
    shards = iter_shards(paths, settings.files_per_shard)  # checks paths now
    folder.mkdir(parents=True, exist_ok=True)
    stats = RunStats()
    # A shard is a long task: two in flight per worker keep each busy.
    executor = make_executor(settings.workers, per_worker=2, dask=settings.dask)

    def todo() -> Iterator[Shard]:
        for seq, read in enumerate(shards):
            shard = replace(read, seq=seq)  # the reading order, for the load
            mark = parquet_io.read_checkpoint(folder, shard.id)
            if mark is not None and mark.get("recipe") == recipe:
                stats.shards_skipped += 1
                stats.skipped += int(mark["pages"])
                progress.update(skipped=int(mark["pages"]))
                continue
            yield shard

    try:
        work = partial(process_shard, tuple(stages), settings, str(folder.resolve()), recipe)
        for result in executor.imap(work, todo()):
            stats.add(result.stats)
            progress.update(ok=result.stats.stored, failed=result.stats.failed, skipped=result.stats.skipped)
            for message in result.messages:
                progress.message(message)
    finally:
        executor.close()
        progress.close()
    return stats


def load_dir(out: str, settings: Settings, *, progress: Progress) -> RunStats:
    """Load the finished shards of ``out`` into the database of ``settings.db``.

    Shards already loaded (a checkpoint in the database for the same recipe)
    are skipped; documents already stored by the same stage versions are not
    written again, only where they were seen. Each shard's checkpoint is
    written with its last rows, so a load killed midway redoes only the
    shard it was in.
    """
    folder = Path(out)
    if not folder.is_dir():
        raise ConfigError(f"{out}: no such folder (write one with `tidings run --out {out} PATH...`)")
    if not (folder / parquet_io.CHECKPOINTS).is_dir():
        raise ConfigError(f"{out}: not a tidings output folder (no {parquet_io.CHECKPOINTS}/ checkpoints)")
    stats = RunStats()
    store = open_store(settings.db)
    run_id = store.start_run("load")
    try:
        # in the run's reading order, as an inline run stores them: a page seen
        # in two shards keeps the source of the one read first
        marks = sorted(parquet_io.iter_checkpoints(folder), key=lambda m: (m.get("seq", -1), m["shard"]))
        for mark in marks:
            shard_id, recipe = mark["shard"], mark["recipe"]
            done = store.shard_pages(shard_id, recipe)
            if done is not None:
                stats.shards_skipped += 1
                stats.skipped += done
                progress.update(skipped=done)
                continue
            batch = Batch()
            for article, raw in parquet_io.read_articles(folder, shard_id, settings.batch_size):
                if store.stored_versions(article.id) == dict(article.versions):
                    stats.skipped += 1
                    progress.update(skipped=1)
                    continue
                batch.articles.append((article, raw))
                stats.stored += 1
                stats.languages[article.language or "unknown"] += 1
                if article.source:
                    stats.formats[article.source.format] += 1
                progress.update(ok=1)
                if len(batch) >= settings.batch_size:
                    store.write(batch)
                    batch = Batch()
            store.write(batch)
            for sightings in chunks(parquet_io.read_sightings(folder, shard_id), settings.batch_size):
                store.write(Batch(sightings=list(sightings)))  # idempotent: safe to write again
            # Failures are counted when written again: they go with the checkpoint.
            last = Batch()
            for failure in parquet_io.read_failures(folder, shard_id):
                last.failures.append(failure)
                if failure.severity == "error":
                    stats.failed += 1
                    progress.update(failed=1)
                else:
                    stats.warnings += 1
            last.shards.append(
                ShardMark(shard_id, recipe, tuple(mark["paths"]), int(mark["pages"]), via="load")
            )
            store.write(last)
            stats.shards += 1
    finally:
        store.finish_run(run_id, stats.to_dict() | {"from": str(folder)})
        store.close()
        progress.close()
    return stats
