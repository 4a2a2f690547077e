"""Streamed writers: CSV, JSONL and Parquet, one batch of rows at a time.

Every writer takes the declared columns and writes each row's values in
that order, so nothing depends on a row's own key order; only the current
batch is held. Parquet gets one row group per batch, all with the schema
declared up front (``pyarrow.parquet.ParquetWriter``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.export.columns import Column, schema

#: Output formats, and whether each can go to a text stream (stdout).
FORMATS = {"csv": True, "jsonl": True, "parquet": False}


class Writer(Protocol):
    def write(self, rows: list[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


def csv_cell(value: Any, kind: pa.DataType) -> Any:
    """A CSV cell: empty for null, ``true``/``false``, lists of scalars joined
    with ``;``, structs, maps and lists of them as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if pa.types.is_list(kind) and not pa.types.is_nested(kind.value_type):
        return ";".join("" if v is None else str(csv_cell(v, kind.value_type)) for v in value)
    if pa.types.is_nested(kind):
        return json.dumps(value, ensure_ascii=False)
    return value


class CsvWriter:
    def __init__(self, out: IO[str], columns: tuple[Column, ...]) -> None:
        self.columns = columns
        self.out = csv.writer(out, lineterminator="\n")
        self.out.writerow([c.name for c in columns])

    def write(self, rows: list[dict[str, Any]]) -> None:
        cols = self.columns
        self.out.writerows([csv_cell(row.get(c.name), c.type) for c in cols] for row in rows)

    def close(self) -> None:
        pass


class JsonlWriter:
    def __init__(self, out: IO[str], columns: tuple[Column, ...]) -> None:
        self.names = [c.name for c in columns]
        self.out = out

    def write(self, rows: list[dict[str, Any]]) -> None:
        names = self.names
        self.out.writelines(
            json.dumps({n: row.get(n) for n in names}, ensure_ascii=False) + "\n" for row in rows
        )

    def close(self) -> None:
        pass


class ParquetWriter:
    def __init__(self, out: str | IO[bytes], columns: tuple[Column, ...]) -> None:
        self.schema = schema(columns)
        self.writer = pq.ParquetWriter(out, self.schema, compression="zstd")

    def write(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def open_writer(fmt: str, out: Any, columns: tuple[Column, ...]) -> Writer:
    """A writer of ``fmt`` to ``out`` (a text stream for csv/jsonl; a path or
    binary stream for parquet)."""
    if fmt == "csv":
        return CsvWriter(out, columns)
    if fmt == "jsonl":
        return JsonlWriter(out, columns)
    if fmt == "parquet":
        return ParquetWriter(out, columns)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def write_all(writer: Writer, batches: Iterable[list[dict[str, Any]]]) -> int:
    """Write every batch, close the writer; return the number of rows."""
    n = 0
    try:
        for rows in batches:
            writer.write(rows)
            n += len(rows)
    finally:
        writer.close()
    return n
