"""Native exports read back equal to what the store holds (round trips),
on a database made by the real pipeline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tidings.errors import ConfigError
from tidings.export import BATCH_SIZES, FORMATS, SCHEMAS, TABLES, export, plan
from tidings.export.columns import ACTOR_COLUMNS, DOCUMENT_COLUMNS, EVENT_COLUMNS
from tidings.records import Article, Event
from tidings.store import open_store


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _export(db: str, tmp_path: Path, table: str, fmt: str, **kw: Any) -> Path:
    out = tmp_path / f"{table}-{kw.get('schema', 'native')}.{fmt}"
    with open_store(db, readonly=True) as store:
        export(store, table, out, format=fmt, **kw)
    return out


def test_documents_jsonl_rebuild_the_stored_articles(real_db: str, tmp_path: Path) -> None:
    rows = _jsonl(_export(real_db, tmp_path, "documents", "jsonl"))
    with open_store(real_db, readonly=True) as store:
        ids = list(store.iter_ids())
        assert [r["id"] for r in rows] == ids
        for row in rows:
            assert Article.from_dict(row) == store.get_article(row["id"])
    assert sum(len(r["events"]) for r in rows) > 100


def test_documents_parquet_rebuild_the_stored_articles(real_db: str, tmp_path: Path) -> None:
    table = pq.read_table(_export(real_db, tmp_path, "documents", "parquet"))
    assert table.column_names == [c.name for c in DOCUMENT_COLUMNS]
    assert table.schema.field("events").type.value_type.field("goldstein").type == pa.float64()
    with open_store(real_db, readonly=True) as store:
        for row in table.to_pylist():
            assert Article.from_dict(row) == store.get_article(row["id"])


def test_events_jsonl_are_the_stored_rows_and_records(real_db: str, tmp_path: Path) -> None:
    rows = _jsonl(_export(real_db, tmp_path, "events", "jsonl"))
    with open_store(real_db, readonly=True) as store:
        stored = {(r["doc_id"], r["idx"]): r for r in store.events()}
        assert len(rows) == len(stored) == store.counts()["events"]
        assert [(r["doc_id"], r["idx"]) for r in rows] == sorted(stored)  # primary-key order
        articles = {i: store.get_article(i) for i in store.iter_ids()}
    for row in rows:
        extra = {k: row.pop(k) for k in ("story_id", "merged_id")}
        link = articles[row["doc_id"]].story  # `tidings run` linked the documents into stories
        assert link is not None and extra["story_id"] == link.story_id
        assert extra["merged_id"] == dict(link.merged).get(row["idx"])
        assert row == stored[(row["doc_id"], row["idx"])]
        assert Event.from_dict(row) == articles[row["doc_id"]].events[row["idx"]]


def test_event_columns_are_the_query_rows_in_order(real_db: str) -> None:
    with open_store(real_db, readonly=True) as store:
        first = next(store.events())
    assert [c.name for c in EVENT_COLUMNS] == [*first, "story_id", "merged_id"]


def test_events_parquet_has_the_declared_schema_and_the_jsonl_rows(real_db: str, tmp_path: Path) -> None:
    path = _export(real_db, tmp_path, "events", "parquet", batch_size=50)
    table = pq.read_table(path)
    assert table.column_names == [c.name for c in EVENT_COLUMNS]
    types = dict(zip(table.column_names, table.schema.types, strict=True))
    assert types["idx"] == pa.int64() and types["goldstein"] == pa.float64()
    assert types["commentary"] == pa.bool_() and types["actors"] == pa.list_(pa.string())
    assert types["actor_mentions"] == pa.list_(pa.int64()) and types["cameo"] == pa.string()
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == -(-meta.num_rows // 50)  # one row group per batch
    assert table.to_pylist() == _jsonl(_export(real_db, tmp_path, "events", "jsonl"))


def test_csv_has_the_columns_and_one_line_per_row(real_db: str, tmp_path: Path) -> None:
    text = _export(real_db, tmp_path, "events", "csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    jsonl = _jsonl(_export(real_db, tmp_path, "events", "jsonl"))
    assert list(rows[0]) == [c.name for c in EVENT_COLUMNS]
    assert len(rows) == len(jsonl)
    for got, want in zip(rows, jsonl, strict=True):
        assert got["actors"] == ";".join(want["actors"])
        assert got["commentary"] == ("true" if want["commentary"] else "false")
        assert got["dead"] == ("" if want["dead"] is None else str(want["dead"]))


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_batches_never_change_the_rows(real_db: str, size: int) -> None:
    with open_store(real_db, readonly=True) as store:
        batches = list(plan(store, "events", batch_size=size).batches)
        assert all(0 < len(b) <= size for b in batches)
        keys = [(r["doc_id"], r["idx"]) for b in batches for r in b]
        assert keys == sorted((r["doc_id"], r["idx"]) for r in store.events())


def test_filters_are_those_of_tidings_events(real_db: str) -> None:
    filters = {"type": "ASSAULT", "happened": True, "since": "2010-01-01"}
    with open_store(real_db, readonly=True) as store:
        rows = [r for b in plan(store, "events", filters=filters, batch_size=5).batches for r in b]
        want = sorted((r["doc_id"], r["idx"]) for r in store.events(**filters))
        country = [r for b in plan(store, "events", filters={"country": "SYR"}).batches for r in b]
        assert len(country) == len(list(store.events(country="SYR"))) > 0
        limited = [r for b in plan(store, "events", filters={"limit": 3}, batch_size=2).batches for r in b]
    assert [(r["doc_id"], r["idx"]) for r in rows] == want and want
    assert len(limited) == 3


def test_actors_summarise_every_actor_id_with_real_counts(real_db: str, tmp_path: Path) -> None:
    rows = _jsonl(_export(real_db, tmp_path, "actors", "jsonl", batch_size=10))
    assert list(rows[0]) == [c.name for c in ACTOR_COLUMNS]
    with open_store(real_db, readonly=True) as store:
        conn = store.conn
        ids = [r[0] for r in conn.execute("SELECT DISTINCT id FROM actors ORDER BY id")]
        events = list(store.events())
        mentions = dict(conn.execute("SELECT actor, count(*) FROM mentions GROUP BY actor").fetchall())
        docs = dict(conn.execute("SELECT id, count(DISTINCT doc_id) FROM actors GROUP BY id").fetchall())
    assert [r["id"] for r in rows] == ids
    for row in rows:
        assert row["events_as_actor"] == sum(row["id"] in e["actors"] for e in events)
        assert row["events_as_recipient"] == sum(row["id"] in e["recipients"] for e in events)
        assert row["mentions"] == mentions.get(row["id"], 0)
        assert row["documents"] == docs[row["id"]]
        assert row["name"] in row["names"]
    assert max(r["events_as_recipient"] for r in rows) > 5


def test_stdout_streams_take_text_and_parquet_takes_bytes(real_db: str) -> None:
    out = io.StringIO()
    with open_store(real_db, readonly=True) as store:
        n = export(store, "actors", out, format="csv")
        assert len(out.getvalue().splitlines()) == n + 1
        with pytest.raises(ConfigError, match="parquet is binary"):
            export(store, "actors", io.StringIO(), format="parquet")
        raw = io.BytesIO()
        assert export(store, "actors", raw, format="parquet") == n
    assert pq.read_table(io.BytesIO(raw.getvalue())).num_rows == n


def test_a_failed_export_leaves_no_file(real_db: str, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    with open_store(real_db, readonly=True) as store, pytest.raises(ConfigError):
        export(store, "events", out, format="jsonl", filters={"since": "2024-02-30"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("table", "kw", "message"),
    [
        ("actors", {"schema": "gdelt"}, "--schema gdelt applies to events only"),
        ("documents", {"schema": "acled"}, "applies to events only"),
        ("stories", {"merged": True}, "--merged applies to events only"),
        ("actors", {"filters": {"type": "ASSAULT"}}, "filters (type) apply to events only"),
        ("events", {"merged": True, "schema": "gdelt"}, "native columns only"),
        ("events", {"merged": True, "filters": {"doc": "ab"}}, "not doc"),
        ("events", {"filters": {"status": "maybe"}}, "unknown event status"),
        ("events", {"schema": "cameo"}, "unknown schema"),
        ("places", {}, "cannot export 'places'"),
    ],
)
def test_bad_arguments_fail_before_anything_is_read(
    events_db: str, table: str, kw: dict[str, Any], message: str
) -> None:
    with open_store(events_db, readonly=True) as store, pytest.raises(ConfigError) as err:
        plan(store, table, **kw)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_public_constants_agree_with_the_cli() -> None:
    from tidings import cli_export

    assert (TABLES, SCHEMAS, tuple(FORMATS)) == (cli_export.TABLES, cli_export.SCHEMAS, cli_export.FORMATS)
    assert set(BATCH_SIZES) == set(TABLES)
