"""Shard output as Parquet: one file per table per shard, and back to records.

Layout of an output folder (``tidings run --out DIR``)::

    DIR/documents/<shard-id>.parquet     one row per stored document (its source inline)
    DIR/<table>/<shard-id>.parquet       segments, removed, raw, document_sources, failures,
                                         and the analysis tables (sentences, actors, mentions,
                                         places, dates, quantities, quotes, assertions,
                                         indicators, events)
    DIR/_shards/<shard-id>.json          the checkpoint: written last, once every file is in place

The tables mirror the SQLite tables (``docs/schema.md``), keyed by
``doc_id``/``idx``, with lists as Parquet lists instead of JSON text, so
DuckDB can query them in place (``SELECT ... FROM 'DIR/events/*.parquet'``).
Every table file of a shard holds its rows in the order of the shard's
documents, which lets :func:`read_articles` rebuild each
:class:`~tidings.records.Article` by reading all of a shard's files in step,
a few hundred rows at a time.

Files are written under hidden temporary names and renamed into place, the
checkpoint last: a shard whose checkpoint exists is whole, and a shard done
twice (a worker killed after writing, its task run again) ends with the same
files, never with duplicate rows.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.records import Article, Failure, Removed, Segment, SourceRef, utcnow
from tidings.store.sqlite import Sighting
from tidings.store.tables import TABLES

CHECKPOINTS = "_shards"
#: The per-document record tables: ``Article`` attribute -> record type.
CHILDREN: dict[str, type] = {"segments": Segment, "removed": Removed, **TABLES}
_ARROW = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "tuple[str, ...]": pa.list_(pa.string()),
    "tuple[int, ...]": pa.list_(pa.int64()),
}
#: Article fields kept elsewhere than as a scalar column of ``documents``
#: (``story`` is set by linking, after loading, never by a shard).
_NOT_SCALAR = {"source", "versions", "notes", "story", *CHILDREN}
_SOURCE = ("input", "locator", "container", "format", "raw_sha256", "raw_size", "encoding")


def _arrow(type_name: str) -> pa.DataType:
    return _ARROW[type_name.removesuffix(" | None")]


def _record_fields(cls: type) -> list[tuple[str, str]]:
    return [(f.name, str(f.type)) for f in fields(cls)]


_DOC_SCALARS = [(n, t) for n, t in _record_fields(Article) if n not in _NOT_SCALAR]
_SOURCE_FIELDS = [(n, t) for n, t in _record_fields(SourceRef) if n in _SOURCE]
_CHILD_FIELDS = {table: _record_fields(cls) for table, cls in CHILDREN.items()}

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [(n, _arrow(t)) for n, t in _DOC_SCALARS]
        + [(n, _arrow(t)) for n, t in _SOURCE_FIELDS]
        + [("versions", pa.string()), ("notes", pa.list_(pa.string()))]
    ),
    **{
        table: pa.schema([("doc_id", pa.string()), ("idx", pa.int64())] + [(n, _arrow(t)) for n, t in cols])
        for table, cols in _CHILD_FIELDS.items()
    },
    "raw": pa.schema([("doc_id", pa.string()), ("codec", pa.string()), ("data", pa.binary())]),
    "document_sources": pa.schema(
        [(n, pa.string()) for n in ("doc_id", "input", "locator", "container", "url")]
    ),
    "failures": pa.schema(
        [(n, pa.string()) for n in ("input", "locator", "stage", "reason", "severity", "time")]
    ),
}


def table_path(out: Path, table: str, shard_id: str) -> Path:
    return out / table / f"{shard_id}.parquet"


def checkpoint_path(out: Path, shard_id: str) -> Path:
    return out / CHECKPOINTS / f"{shard_id}.json"


def read_checkpoint(out: Path, shard_id: str) -> dict[str, Any] | None:
    """The shard's checkpoint, or None when it is not finished (or unreadable)."""
    try:
        data: dict[str, Any] = json.loads(checkpoint_path(out, shard_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def iter_checkpoints(out: Path) -> Iterator[dict[str, Any]]:
    """The checkpoints of the finished shards in ``out``, in shard id order."""
    folder = out / CHECKPOINTS
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        data = read_checkpoint(out, path.stem)
        if data is not None:
            yield data


class ShardWriter:
    """Writes one shard's tables, a row group every ``group`` documents.

    Use :meth:`add_article`, :meth:`add_sighting`, :meth:`add_failure`, then
    :meth:`commit` (or :meth:`abort`). Rows go to hidden temporary files
    that :meth:`commit` renames into place before writing the checkpoint.
    """

    def __init__(self, out: Path, shard_id: str, group: int = 500) -> None:
        self.out, self.shard_id, self.group = out, shard_id, max(1, group)
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in SCHEMAS}
        self.docs = 0
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.tmp: dict[str, Path] = {}
        self.token = uuid.uuid4().hex[:12]
        checkpoint_path(out, shard_id).unlink(missing_ok=True)  # redone: not finished until committed

    def add_article(self, article: Article, raw: bytes | None) -> None:
        src = article.source
        if src is None:
            raise ValueError(f"document {article.id} has no source record")
        doc = {name: getattr(article, name) for name, _ in _DOC_SCALARS}
        doc.update({name: getattr(src, name) for name, _ in _SOURCE_FIELDS})
        doc.update(versions=json.dumps(dict(article.versions)), notes=list(article.notes))
        self.rows["documents"].append(doc)
        for table, cols in _CHILD_FIELDS.items():
            self.rows[table].extend(
                {"doc_id": article.id, "idx": i, **{name: _cell(getattr(rec, name)) for name, _ in cols}}
                for i, rec in enumerate(getattr(article, table))
            )
        codec = "zlib" if raw is not None else "none"
        self.rows["raw"].append({"doc_id": article.id, "codec": codec, "data": raw})
        self.add_sighting(Sighting(article.id, src.input, src.locator, src.container, article.url))
        self.docs += 1
        if self.docs % self.group == 0:
            self._write()

    def add_sighting(self, sighting: Sighting) -> None:
        self.rows["document_sources"].append(
            {
                "doc_id": sighting.doc_id,
                "input": sighting.input,
                "locator": sighting.locator,
                "container": sighting.container,
                "url": sighting.url,
            }
        )

    def add_failure(self, failure: Failure) -> None:
        self.rows["failures"].append({name: getattr(failure, name) for name in SCHEMAS["failures"].names})

    def _write(self) -> None:
        for table, rows in self.rows.items():
            if not rows:
                continue
            if table not in self.writers:
                folder = self.out / table
                folder.mkdir(parents=True, exist_ok=True)
                self.tmp[table] = folder / f".{self.shard_id}.{self.token}.tmp"
                self.writers[table] = pq.ParquetWriter(self.tmp[table], SCHEMAS[table], compression="zstd")
            self.writers[table].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
            self.rows[table] = []

    def commit(self, checkpoint: Mapping[str, Any]) -> None:
        """Write what is buffered, put every table file in place (an empty one
        for a table without rows), then write the checkpoint."""
        self._write()
        for table, schema in SCHEMAS.items():
            if table not in self.writers:  # no rows: an empty file, so every shard has every table
                (self.out / table).mkdir(parents=True, exist_ok=True)
                self.tmp[table] = self.out / table / f".{self.shard_id}.{self.token}.tmp"
                pq.write_table(schema.empty_table(), self.tmp[table], compression="zstd")
            else:
                self.writers.pop(table).close()
        for table, tmp in self.tmp.items():
            os.replace(tmp, table_path(self.out, table, self.shard_id))
        self.tmp = {}
        folder = self.out / CHECKPOINTS
        folder.mkdir(parents=True, exist_ok=True)
        tmp_mark = folder / f".{self.shard_id}.{self.token}.tmp"
        tmp_mark.write_text(json.dumps({**checkpoint, "finished": utcnow()}, indent=1), encoding="utf-8")
        os.replace(tmp_mark, checkpoint_path(self.out, self.shard_id))
        self._sweep()

    def _sweep(self) -> None:
        """Remove what an earlier attempt at this shard left half-written
        (a worker killed between writing a temporary file and renaming it)."""
        for folder in (*(self.out / t for t in SCHEMAS), self.out / CHECKPOINTS):
            for stale in folder.glob(f".{self.shard_id}.*.tmp"):
                if stale.name != f".{self.shard_id}.{self.token}.tmp":
                    stale.unlink(missing_ok=True)

    def abort(self) -> None:
        """Drop the temporary files (a failed shard leaves nothing behind)."""
        for writer in self.writers.values():
            writer.close()
        self.writers = {}
        for tmp in self.tmp.values():
            tmp.unlink(missing_ok=True)
        self.tmp = {}


def _cell(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _value(cell: Any, type_name: str) -> Any:
    if type_name.startswith("tuple"):
        return tuple(cell or ())
    return cell


def _rows(path: Path, batch_rows: int) -> Iterator[dict[str, Any]]:
    with pq.ParquetFile(path) as pf:
        for batch in pf.iter_batches(batch_size=batch_rows):
            yield from batch.to_pylist()


class _Lookahead:
    """Rows of a child table, taken a document at a time (rows are in document order)."""

    def __init__(self, rows: Iterator[dict[str, Any]]) -> None:
        self.rows = rows
        self.next: dict[str, Any] | None = next(rows, None)

    def take(self, doc_id: str) -> list[dict[str, Any]]:
        out = []
        while self.next is not None and self.next["doc_id"] == doc_id:
            out.append(self.next)
            self.next = next(self.rows, None)
        return out


def read_articles(out: Path, shard_id: str, batch_rows: int = 500) -> Iterator[tuple[Article, bytes | None]]:
    """The shard's documents as records with their raw bytes, in written order."""
    children = {table: _Lookahead(_rows(table_path(out, table, shard_id), batch_rows)) for table in CHILDREN}
    raws = _Lookahead(_rows(table_path(out, "raw", shard_id), batch_rows))
    for doc in _rows(table_path(out, "documents", shard_id), batch_rows):
        doc_id = doc["id"]
        records: dict[str, Any] = {
            table: tuple(
                CHILDREN[table](**{name: _value(row[name], t) for name, t in _CHILD_FIELDS[table]})
                for row in look.take(doc_id)
            )
            for table, look in children.items()
        }
        raw = raws.take(doc_id)
        article = Article(
            **{name: doc[name] for name, _ in _DOC_SCALARS},
            source=SourceRef(**{name: doc[name] for name, _ in _SOURCE_FIELDS}),
            versions=tuple(json.loads(doc["versions"]).items()),
            notes=tuple(doc["notes"] or ()),
            **records,
        )
        yield article, (raw[0]["data"] if raw and raw[0]["codec"] == "zlib" else None)


def read_sightings(out: Path, shard_id: str) -> Iterator[Sighting]:
    for row in _rows(table_path(out, "document_sources", shard_id), 2000):
        yield Sighting(row["doc_id"], row["input"], row["locator"], row["container"], row["url"])


def read_failures(out: Path, shard_id: str) -> Iterator[Failure]:
    for row in _rows(table_path(out, "failures", shard_id), 2000):
        yield Failure(**row)
