"""Orchestration: sources -> stages (on an executor) -> the one writer.

Only this module knows about executors and progress. Workers run pure stage
code on tasks of ``settings.pages_per_task`` pages (parsed together, see
:func:`apply_batch`) and return records, one per page; the parent process
alone writes to the database, in batches of ``settings.batch_size``
documents, each one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO

from tidings.errors import ConfigError, InputError
from tidings.executors import make_executor
from tidings.progress import NullProgress, Progress
from tidings.records import Article, Failure, Page
from tidings.settings import Settings
from tidings.sources import iter_pages
from tidings.stages import nlp, registry
from tidings.store.sqlite import Batch, Sighting, Store, compress_raw, open_store


@dataclass(frozen=True, slots=True)
class Processed:
    """A worker's result for one page: the article, its compressed raw form, warnings."""

    article: Article
    raw: bytes | None
    warnings: tuple[Failure, ...] = ()


@dataclass(slots=True)
class RunStats:
    """What a run did; ``exit_code`` is 3 when some inputs failed (others stored)."""

    stored: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)

    @property
    def exit_code(self) -> int:
        return 3 if self.failed else 0

    def to_dict(self) -> dict[str, object]:
        return {
            "stored": self.stored,
            "skipped": self.skipped,
            "failed": self.failed,
            "warnings": self.warnings,
            "languages": dict(self.languages),
            "formats": dict(self.formats),
        }


def apply_stages(stage_names: Sequence[str], settings: Settings, page: Page) -> Processed | Failure:
    """Run the stages on one page. Never raises for a bad page: returns a Failure."""
    return apply_batch(stage_names, settings, (page,))[0]


def apply_batch(
    stage_names: Sequence[str], settings: Settings, pages: Sequence[Page]
) -> list[Processed | Failure]:
    """Run the stages on a batch of pages; one result per page, in order.

    The pages go through the stages together, one segment at a time: a
    segment starts at a stage that parses (``Stage.parses``), and before it
    runs, the texts it will parse for the pages still going are parsed
    together (``nlp.preparse``: spaCy's ``pipe``, faster than one text at a
    time, same parses); the stage and those after it find the parses there.
    A bad page becomes its own Failure; the rest of the batch goes on.
    """
    stages = registry.resolve(stage_names)
    segments: list[list[registry.Stage]] = []
    for stage in stages:
        if stage.parses is not None or not segments:
            segments.append([])
        segments[-1].append(stage)
    states: list[object] = list(pages)
    try:
        for segment in segments:
            first = segment[0]
            if first.parses is not None and len(pages) > 1:
                texts = [_text_to_parse(first, state) for state in states if not isinstance(state, Failure)]
                nlp.preparse(
                    [t for t in texts if t is not None],
                    settings.spacy_model,
                    batch_size=settings.pages_per_task,
                )
            states = [
                state if isinstance(state, Failure) else _advance(segment, settings, page, state)
                for page, state in zip(pages, states, strict=True)
            ]
    finally:
        nlp.clear_preparsed()
    return [
        state if isinstance(state, Failure) else _processed(page, state, settings)
        for page, state in zip(pages, states, strict=True)
    ]


def _text_to_parse(stage: registry.Stage, record: object) -> str | None:
    """What ``stage`` will parse for ``record``; None also when that cannot be
    told (the stage then parses, or fails, on its own for that page)."""
    assert stage.parses is not None
    try:
        return stage.parses(record)
    except Exception:
        return None


def _advance(
    stages: Sequence[registry.Stage], settings: Settings, page: Page, record: object
) -> object | Failure:
    """Run ``stages`` on ``record`` (made from ``page``); a Failure for a bad page."""
    current = "start"
    try:
        for stage in stages:
            current = stage.name
            record = stage.run(record, settings)
    except InputError as exc:
        return Failure(page.input, exc.stage, exc.reason, page.locator)
    except ConfigError:
        raise  # a wrong setting (model, dictionary) fails the run, not one page
    except Exception as exc:  # a bug or an unforeseen page must not end the batch
        reason = f"internal error in stage {current}: {type(exc).__name__}: {exc}".splitlines()[0]
        return Failure(page.input, current, reason[:500], page.locator)
    return record


def _processed(page: Page, record: object, settings: Settings) -> Processed:
    assert isinstance(record, Article)
    warnings = tuple(
        Failure(page.input, "decode", note, page.locator, severity="warning")
        for note in record.notes
        if note.startswith("undecodable")
    )
    return Processed(record, compress_raw(page.content, settings.keep_raw_bytes), warnings)


class _Writer:
    """Collects results and writes a batch whenever it is full."""

    def __init__(self, store: Store, size: int, stats: RunStats, progress: Progress) -> None:
        self.store, self.size, self.stats, self.progress = store, size, stats, progress
        self.batch = Batch()
        self.late: list[Sighting] = []

    def failure(self, failure: Failure) -> None:
        self.batch.failures.append(failure)
        if failure.severity == "error":
            self.stats.failed += 1
            self.progress.update(failed=1)
        else:
            self.stats.warnings += 1
        self.progress.message(failure.message())
        self._maybe_flush()

    def sighting(self, page: Page, *, later: bool = False) -> None:
        """Record where an already known page was seen again. ``later``: the
        document is still being processed, so write the sighting at the end."""
        sighting = Sighting(page.id, page.input, page.locator, page.container, page.url)
        (self.late if later else self.batch.sightings).append(sighting)
        self.stats.skipped += 1
        self.progress.update(skipped=1)
        self._maybe_flush()

    def processed(self, result: Processed) -> None:
        self.batch.articles.append((result.article, result.raw))
        self.stats.stored += 1
        self.stats.languages[result.article.language or "unknown"] += 1
        if result.article.source:
            self.stats.formats[result.article.source.format] += 1
        self.progress.update(ok=1)
        for warning in result.warnings:
            self.failure(warning)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.batch) >= self.size:
            self.flush()

    def flush(self, *, final: bool = False) -> None:
        if final:
            self.batch.sightings.extend(self.late)
            self.late = []
        self.store.write(self.batch)
        self.batch = Batch()


def _chunks(items: Iterable[Page], size: int) -> Iterator[tuple[Page, ...]]:
    """``items`` in tuples of ``size`` (the last may be shorter)."""
    chunk: list[Page] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield tuple(chunk)
            chunk = []
    if chunk:
        yield tuple(chunk)


def run(
    paths: Sequence[str],
    settings: Settings,
    *,
    stages: Sequence[str] = registry.RUN,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    command: str = "run",
) -> RunStats:
    """Ingest ``paths`` into the database named by ``settings.db``.

    Pages already stored by the same stage versions are skipped (only their
    sighting is recorded), so running twice adds nothing.
    """
    progress = progress or NullProgress()
    resolved = registry.resolve(stages)
    registry.check(resolved, settings)
    wanted = registry.versions(resolved)
    stats = RunStats()
    pages = iter_pages(paths, max_bytes=settings.max_bytes, stdin=stdin)  # checks paths now
    store = open_store(settings.db)
    run_id = store.start_run(command)
    writer = _Writer(store, settings.batch_size, stats, progress)
    # Tasks in flight per worker: 8 single pages, as ever; of batches, two
    # (one running, one queued) keep a worker busy with fewer pages held.
    executor = make_executor(settings.workers, per_worker=max(2, 8 // settings.pages_per_task))
    seen: set[str] = set()

    def todo() -> Iterator[Page]:
        for item in pages:
            if isinstance(item, Failure):
                writer.failure(item)
                continue
            doc_id = item.id
            if doc_id in seen:
                writer.sighting(item, later=True)
                continue
            if store.stored_versions(doc_id) == wanted:
                writer.sighting(item)
                continue
            seen.add(doc_id)
            yield item

    try:
        work = partial(apply_batch, tuple(stages), settings)
        for results in executor.imap(work, _chunks(todo(), settings.pages_per_task)):
            for result in results:
                if isinstance(result, Failure):
                    writer.failure(result)
                else:
                    writer.processed(result)
    finally:
        executor.close()
        writer.flush(final=True)
        store.finish_run(run_id, stats.to_dict())
        store.close()
        progress.close()
    return stats
