"""Exports: events, actors, documents and stories as CSV, JSONL or Parquet, streamed.

Rows are read in batches (keyset pagination over each table's primary key)
and written one batch at a time, so memory stays flat for any size of
database. Events can be exported in tidings' own columns (``native``) or as
rows of the GDELT 2.0 event table, ACLED or POLECAT (``docs/exports.md``
has every column and how it is filled).

Example:
    >>> from tidings import open_store
    >>> from tidings.export import export
    >>> with open_store("tidings.db", readonly=True) as store:  # doctest: +SKIP
    ...     export(store, "events", "events.parquet", format="parquet", schema="gdelt")
    377
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tidings.errors import ConfigError
from tidings.export import acled, gdelt, polecat
from tidings.export.columns import (
    ACTOR_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    MERGED_COLUMNS,
    STORY_COLUMNS,
    Column,
)
from tidings.export.read import actor_summaries, merged_event_batches, story_batches
from tidings.export.writers import FORMATS, open_writer, write_all
from tidings.store import Store
from tidings.store.events import check_filters, document_context, event_batches, merged_of

#: What can be exported.
TABLES = ("events", "actors", "documents", "stories")
#: Column sets; all but ``native`` apply to events only.
SCHEMAS = ("native", "gdelt", "acled", "polecat")
#: Rows per batch (and Parquet row group), by table: documents carry their text.
BATCH_SIZES = {"events": 1000, "actors": 1000, "documents": 100, "stories": 1000}
#: Event filters that also apply to merged events.
MERGED_FILTERS = ("type", "country", "since", "until")

_MAPPERS = {"gdelt": gdelt.row, "acled": acled.row, "polecat": polecat.row}
_SCHEMA_COLUMNS = {"gdelt": gdelt.COLUMNS, "acled": acled.COLUMNS, "polecat": polecat.COLUMNS}

__all__ = ["BATCH_SIZES", "FORMATS", "SCHEMAS", "TABLES", "Export", "export", "plan"]


@dataclass(frozen=True, slots=True)
class Export:
    """What an export writes: its columns, in order, and its rows in batches."""

    columns: tuple[Column, ...]
    batches: Iterator[list[dict[str, Any]]]


def check(
    table: str,
    *,
    format: str | None = None,
    schema: str = "native",
    merged: bool = False,
    filters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Validate export arguments before anything is opened; return the event
    filters that were given (None values dropped).

    Raises:
        ConfigError: a one-line message naming the argument and the fix.
    """
    if table not in TABLES:
        raise ConfigError(f"cannot export {table!r}: use one of {', '.join(TABLES)}")
    if format is not None and format not in FORMATS:
        raise ConfigError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    if schema not in SCHEMAS:
        raise ConfigError(f"unknown schema {schema!r}: use one of {', '.join(SCHEMAS)}")
    given = {k: v for k, v in (filters or {}).items() if v is not None and v is not False}
    if table != "events":
        if schema != "native":
            raise ConfigError(
                f"--schema {schema} applies to events only: export {table} with --schema native"
            )
        if merged:
            raise ConfigError("--merged applies to events only")
        if given:
            raise ConfigError(f"filters ({', '.join(sorted(given))}) apply to events only")
    if merged:
        if schema != "native":
            raise ConfigError(f"--merged exports native columns only: drop --schema {schema}")
        other = sorted(set(given) - set(MERGED_FILTERS))
        if other:
            raise ConfigError(
                f"--merged takes only the filters {', '.join(MERGED_FILTERS)} (not {', '.join(other)})"
            )
    try:
        check_filters(**given)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return given


def plan(
    store: Store,
    table: str,
    *,
    schema: str = "native",
    merged: bool = False,
    filters: dict[str, Any] | None = None,
    batch_size: int | None = None,
) -> Export:
    """The columns and the batches of rows of an export (nothing written).

    Args:
        store: an open store (read-only is enough).
        table: ``events``, ``actors``, ``documents`` or ``stories``.
        schema: ``native``, or for events ``gdelt``, ``acled``, ``polecat``.
        merged: events: one row per merged event (``merged_events``) instead
            of one per event mention.
        filters: events: those of ``tidings.store.events.query_events``
            (``type``, ``country``, ``since``, ``until`` with ``merged``).
        batch_size: rows per batch; default ``BATCH_SIZES[table]``.

    Raises:
        ConfigError: contradictory or malformed arguments.
    """
    given = check(table, schema=schema, merged=merged, filters=filters)
    size = batch_size or BATCH_SIZES[table]
    if size < 1:
        raise ConfigError(f"batch size must be at least 1 (got {size})")
    conn = store.conn
    if table == "documents":
        return Export(
            DOCUMENT_COLUMNS, _batched((store.get_article(i).to_dict() for i in store.iter_ids()), size)
        )
    if table == "actors":
        return Export(ACTOR_COLUMNS, _batched(actor_summaries(conn), size))
    if table == "stories":
        return Export(STORY_COLUMNS, _strings(story_batches(conn, batch_size=size), ("actors", "places")))
    if merged:
        return Export(
            MERGED_COLUMNS, _strings(merged_event_batches(conn, batch_size=size, **given), ("conflicts",))
        )
    return Export(
        EVENT_COLUMNS if schema == "native" else _SCHEMA_COLUMNS[schema],
        _events(store, schema, given, size),
    )


def export(
    store: Store,
    table: str,
    out: str | Path | IO[Any],
    *,
    format: str,
    schema: str = "native",
    merged: bool = False,
    filters: dict[str, Any] | None = None,
    batch_size: int | None = None,
) -> int:
    """Write an export to ``out`` and return the number of rows written.

    ``out`` is a path (written to a temporary file beside it, renamed into
    place when complete: an interrupted export leaves no partial file) or an
    open stream: text for csv and jsonl, binary for parquet. Arguments as
    for ``plan``.

    Raises:
        ConfigError: bad arguments, checked before anything is written.
    """
    check(table, format=format, schema=schema, merged=merged, filters=filters)
    if format == "parquet" and isinstance(out, io.TextIOBase):
        raise ConfigError("parquet is binary: write it to a file (-o FILE.parquet)")
    job = plan(store, table, schema=schema, merged=merged, filters=filters, batch_size=batch_size)
    if not isinstance(out, str | Path):
        return write_all(open_writer(format, out, job.columns), job.batches)
    path = Path(out)
    if not path.parent.is_dir():
        raise ConfigError(f"{path}: folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        if format == "parquet":
            os.close(fd)
            n = write_all(open_writer(format, tmp, job.columns), job.batches)
        else:
            with open(fd, "w", encoding="utf-8", newline="") as stream:
                n = write_all(open_writer(format, stream, job.columns), job.batches)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return n


def _events(store: Store, schema: str, filters: dict[str, Any], size: int) -> Iterator[list[dict[str, Any]]]:
    conn = store.conn
    mapper = _MAPPERS.get(schema)
    for batch in event_batches(conn, batch_size=size, **filters):
        doc_ids = [r["doc_id"] for r in batch]
        docs = document_context(conn, doc_ids)
        merged = merged_of(conn, doc_ids)
        if mapper is None:
            for r in batch:
                r["story_id"] = docs[r["doc_id"]]["story_id"]
                found = merged.get((r["doc_id"], r["idx"]))
                r["merged_id"] = found["id"] if found else None
            yield batch
            continue
        rows = [mapper(r, docs[r["doc_id"]], merged.get((r["doc_id"], r["idx"]))) for r in batch]
        kept = [r for r in rows if r is not None]
        if kept:
            yield kept


def _batched(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _strings(
    batches: Iterator[list[dict[str, Any]]], keys: tuple[str, ...]
) -> Iterator[list[dict[str, Any]]]:
    """List columns declared as lists of strings: items that are not strings
    (the story tables leave their JSON shape open) become JSON text."""
    for batch in batches:
        for row in batch:
            for key in keys:
                row[key] = [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in row[key]]
        yield batch
