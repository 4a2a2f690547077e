"""Rows of the per-document analysis tables, to and from records.

Each table named here holds one record type, one row per record, keyed by
``(doc_id, idx)``; its columns are the record's fields. Tuples are stored as
JSON arrays and booleans as 0/1. The table names are the ``Article``
attributes that hold the records.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields
from typing import Any

from tidings.records import ANALYSIS, Article

TABLES: dict[str, type] = ANALYSIS


def _columns(cls: type) -> list[tuple[str, str]]:
    """(name, kind) of a record's fields; kind is ``json``, ``bool`` or ``plain``."""
    out = []
    for f in fields(cls):
        t = str(f.type)
        kind = "json" if t.startswith("tuple") else "bool" if t == "bool" else "plain"
        out.append((f.name, kind))
    return out


_COLUMNS = {name: _columns(cls) for name, cls in TABLES.items()}


def _cell(value: Any, kind: str) -> Any:
    if kind == "json":
        return json.dumps(list(value), ensure_ascii=False)
    if kind == "bool":
        return int(bool(value))
    return value


def _value(cell: Any, kind: str) -> Any:
    if kind == "json":
        return tuple(json.loads(cell or "[]"))
    if kind == "bool":
        return bool(cell)
    return cell


def write_children(cur: sqlite3.Cursor, article: Article) -> None:
    """Replace the document's rows in every analysis table."""
    for table, cols in _COLUMNS.items():
        cur.execute(f"DELETE FROM {table} WHERE doc_id=?", (article.id,))
        records = getattr(article, table)
        if not records:
            continue
        names = ", ".join(["doc_id", "idx", *(c for c, _ in cols)])
        marks = ", ".join("?" * (len(cols) + 2))
        cur.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            [(article.id, i, *(_cell(getattr(rec, c), k) for c, k in cols)) for i, rec in enumerate(records)],
        )


def read_children(conn: sqlite3.Connection, doc_id: str) -> dict[str, tuple[Any, ...]]:
    """The document's records of every analysis table, keyed by table name."""
    out: dict[str, tuple[Any, ...]] = {}
    for table, cols in _COLUMNS.items():
        names = ", ".join(c for c, _ in cols)
        rows = conn.execute(f"SELECT {names} FROM {table} WHERE doc_id=? ORDER BY idx", (doc_id,))
        cls = TABLES[table]
        out[table] = tuple(
            cls(**{c: _value(cell, k) for (c, k), cell in zip(cols, row, strict=True)}) for row in rows
        )
    return out
