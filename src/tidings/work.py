"""What a worker does to pages: the stages over a batch, one result per page.

Runs anywhere the pipeline sends it (this process, a pool process, a Dask
worker): pure stage code, no database, no progress. ``pipeline.py`` (one
writer, streamed results) and ``scale.py`` (shards written as Parquet) both
call :func:`apply_batch`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from tidings.errors import ConfigError, InputError
from tidings.records import Article, Failure, Page
from tidings.settings import Settings
from tidings.stages import nlp, registry
from tidings.store.sqlite import compress_raw

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Processed:
    """A worker's result for one page: the article, its compressed raw form, warnings."""

    article: Article
    raw: bytes | None
    warnings: tuple[Failure, ...] = ()


@dataclass(slots=True)
class RunStats:
    """What a run did; ``exit_code`` is 3 when some inputs failed (others stored).

    ``shards`` counts the shards finished by this run and ``shards_skipped``
    those a checkpoint said were finished before (not read again).
    """

    stored: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)
    shards: int = 0
    shards_skipped: int = 0
    #: What story linking did after the run (``linking.LinkStats.to_dict``);
    #: None when the run did not link (cleaning only, or ``--out``).
    stories: dict[str, int] | None = None

    @property
    def exit_code(self) -> int:
        return 3 if self.failed else 0

    def add(self, other: RunStats) -> None:
        """Add ``other``'s counts to these."""
        self.stored += other.stored
        self.skipped += other.skipped
        self.failed += other.failed
        self.warnings += other.warnings
        self.languages.update(other.languages)
        self.formats.update(other.formats)
        self.shards += other.shards
        self.shards_skipped += other.shards_skipped

    def to_dict(self) -> dict[str, object]:
        return {
            "stored": self.stored,
            "skipped": self.skipped,
            "failed": self.failed,
            "warnings": self.warnings,
            "languages": dict(self.languages),
            "formats": dict(self.formats),
            "shards": self.shards,
            "shards_skipped": self.shards_skipped,
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


def apply_task(
    stage_names: Sequence[str], settings: Settings, task: tuple[tuple[T, ...], tuple[Page, ...]]
) -> tuple[tuple[T, ...], list[Processed | Failure]]:
    """:func:`apply_batch` on a task ``(tags, pages)``; the tags (one per page,
    e.g. where the page came from) come back with the results, so a caller
    that gets results in completion order knows whose they are."""
    tags, pages = task
    return tags, apply_batch(stage_names, settings, pages)


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


def chunks(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """``items`` in tuples of ``size`` (the last may be shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield tuple(chunk)
            chunk = []
    if chunk:
        yield tuple(chunk)
