"""The same job inline, on a real Dask LocalCluster, and through Parquet
shards loaded into SQLite: identical records and rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from scaletools import assert_same_store, table_rows  # type: ignore[import-not-found]

from tidings import Settings, open_store, run
from tidings.pipeline import load
from tidings.progress import RecordingProgress
from tidings.stages import registry


@pytest.fixture(scope="module")
def inline_db(tmp_path_factory: pytest.TempPathFactory, news_corpus: Path) -> str:
    db = str(tmp_path_factory.mktemp("inline") / "inline.db")
    stats = run([str(news_corpus)], Settings(db=db, files_per_shard=3))
    assert (stats.stored, stats.skipped, stats.failed) == (22, 1, 1)
    return db


def test_local_cluster_streams_identical_records(
    inline_db: str, news_corpus: Path, cluster: Any, tmp_path: Path
) -> None:
    db = str(tmp_path / "dask.db")
    settings = Settings(db=db, dask=cluster.scheduler_address, pages_per_task=4, files_per_shard=3)
    stats = run([str(news_corpus)], settings)
    assert (stats.stored, stats.skipped, stats.failed) == (22, 1, 1)
    assert_same_store(db, inline_db)


def test_parquet_shards_load_to_the_same_rows(
    inline_db: str, news_corpus: Path, cluster: Any, tmp_path: Path
) -> None:
    out, db = tmp_path / "out", str(tmp_path / "loaded.db")
    settings = Settings(db=db, dask=cluster.scheduler_address, files_per_shard=3)
    stats = run([str(news_corpus)], settings, out=str(out))
    # The copy is in another shard than its original: each shard processes its own pages.
    assert (stats.stored, stats.failed) == (23, 1)
    assert stats.shards == len(list((out / "_shards").glob("*.json"))) > 3
    assert not Path(db).exists(), "--out writes Parquet only"
    assert not list(out.rglob(".*.tmp")), "no temporary file is left"

    # DuckDB queries the shards in place: the same events as the direct run.
    # A page in two shards is in both: its rows are taken once, by (doc_id, idx).
    events = duckdb.sql(
        f"SELECT type, count(*) FROM (SELECT DISTINCT ON (doc_id, idx) * FROM '{out}/events/*.parquet') "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    with open_store(inline_db, readonly=True) as store:
        direct = store.conn.execute("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()
    assert events == [tuple(r) for r in direct] and events

    loaded = load(str(out), settings)
    assert (loaded.stored, loaded.skipped, loaded.failed, loaded.shards) == (22, 1, 1, stats.shards)
    assert_same_store(db, inline_db)

    # Again: every shard is finished, so nothing is processed, written or loaded twice.
    progress = RecordingProgress()
    again = run([str(news_corpus)], settings, out=str(out), progress=progress)
    assert (again.stored, again.shards, again.shards_skipped) == (0, 0, stats.shards)
    assert progress.counts["skipped"] == 23
    before = table_rows(db)
    reloaded = load(str(out), settings)
    assert (reloaded.stored, reloaded.shards, reloaded.shards_skipped) == (0, 0, stats.shards)
    assert table_rows(db) == before


def test_dask_local_starts_its_own_cluster(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(6):
        (folder / f"p{i}.txt").write_text(f"Report {i}\n\nPolice arrested {i + 2} protesters in Lagos.\n")
    inline, dask = str(tmp_path / "inline.db"), str(tmp_path / "local.db")
    run([str(folder)], Settings(db=inline, files_per_shard=2), stages=registry.INGEST)
    stats = run(
        [str(folder)], Settings(db=dask, dask="local", workers=2, files_per_shard=2), stages=registry.INGEST
    )
    assert (stats.stored, stats.shards) == (6, 3)
    assert_same_store(dask, inline)


def _echo(x: int) -> int:
    return x


def test_dask_message_logs_stay_short() -> None:
    # Dask logs each connection's recent messages; the scheduler's log of
    # what it sent to workers would keep every task with its pages (1,000
    # messages by default). The client's and the in-process scheduler's
    # logs must be the short ones of executors.DASK_HISTORY.
    from tidings.executors import DASK_HISTORY, dask_executor

    keep = DASK_HISTORY["distributed.admin.low-level-log-length"]
    ex = dask_executor("local", workers=1)
    try:
        assert sorted(ex.imap(_echo, range(60))) == list(range(60))
        logs = [ex.client.scheduler_comm.recent_message_log]
        logs += [bs.recent_message_log for bs in ex.cluster.scheduler.stream_comms.values()]
        assert len(logs) == 2
        assert all(log.maxlen == keep and len(log) <= keep for log in logs)
    finally:
        ex.close()
