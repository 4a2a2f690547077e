"""Shards: what a unit of work is, its stable id, and checkpoints that let a
re-run skip finished shards without reading them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from scaletools import report, write_warc  # type: ignore[import-not-found]

from tidings import Settings, open_store, run
from tidings.progress import RecordingProgress
from tidings.shards import iter_shards, make_shard, recipe
from tidings.stages import registry


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    write_warc(folder / "a.warc.gz", [report(i) for i in range(3)])
    for i in range(5):
        (folder / f"b{i}.txt").write_text(f"Report {i}\n\nSoldiers detained {i + 3} protesters in Gao.\n")
    (folder / "c.jsonl").write_text(
        '{"title": "Talks", "text": "Iran denied holding talks with the envoy."}\n'
        '{"title": "Strike", "text": "Dockworkers went on strike in Mombasa on Monday."}\n'
    )
    (folder / "d.txt.gz").write_bytes(__import__("gzip").compress(b"Rain\n\nHeavy rain fell in Dhaka.\n"))
    return folder


def test_archives_are_shards_of_their_own_and_pages_are_grouped(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    shards = list(iter_shards([str(folder)], files_per_shard=2))
    names = [[Path(p).name for p in s.paths] for s in shards]
    assert names == [
        ["a.warc.gz"],
        ["b0.txt", "b1.txt"],
        ["b2.txt", "b3.txt"],
        ["b4.txt"],
        ["c.jsonl"],
        ["d.txt.gz"],
    ]
    assert len({s.id for s in shards}) == len(shards)
    assert [s.id for s in iter_shards([str(folder)], files_per_shard=2)] == [s.id for s in shards]
    stdin = list(iter_shards(["-"], 2))
    assert [(s.id, s.paths) for s in stdin] == [("", ("-",))]


def test_a_changed_file_is_a_new_shard(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("Report\n\nA text.\n")
    before = make_shard([str(path)]).id
    os.utime(path, ns=(1, 1))
    assert make_shard([str(path)]).id != before


def test_rerun_skips_finished_shards_unread_until_the_recipe_changes(tmp_path: Path) -> None:
    folder, db = _folder(tmp_path), str(tmp_path / "s.db")
    first = run([str(folder)], Settings(db=db, files_per_shard=2), stages=registry.INGEST)
    assert (first.stored, first.failed, first.shards) == (11, 0, 6)
    with open_store(db, readonly=True) as store:
        marks = store.conn.execute("SELECT pages FROM shards ORDER BY pages").fetchall()
    assert sorted(r[0] for r in marks) == [1, 1, 2, 2, 2, 3]

    # Damage a page but keep its size and time: a finished shard is not read again.
    page = folder / "b0.txt"
    st = page.stat()
    page.write_bytes(b"\0" * st.st_size)
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    progress = RecordingProgress()
    again = run([str(folder)], Settings(db=db, files_per_shard=2), stages=registry.INGEST, progress=progress)
    assert (again.stored, again.skipped, again.failed, again.shards, again.shards_skipped) == (0, 11, 0, 0, 6)
    assert progress.counts == {"ok": 0, "failed": 0, "skipped": 11}

    # Another recipe (a limit that decides what is read): every shard is read again.
    other = Settings(db=db, files_per_shard=2, max_bytes=10_000_000)
    assert recipe({"clean": "1"}, other) != recipe({"clean": "1"}, Settings())
    third = run([str(folder)], other, stages=registry.INGEST)
    assert (third.stored, third.skipped, third.failed, third.shards) == (0, 10, 1, 6)
    with open_store(db, readonly=True) as store:
        assert store.failures()[0]["input"].endswith("b0.txt")


def test_standard_input_is_never_checkpointed(tmp_path: Path) -> None:
    db = str(tmp_path / "in.db")
    stats = run(
        ["-"],
        Settings(db=db),
        stages=registry.INGEST,
        stdin=io.BytesIO(b"Report\n\nPolice fired tear gas.\n"),
    )
    assert (stats.stored, stats.shards) == (1, 0)
    again = run(
        ["-"],
        Settings(db=db),
        stages=registry.INGEST,
        stdin=io.BytesIO(b"Report\n\nPolice fired tear gas.\n"),
    )
    assert (again.stored, again.skipped) == (0, 1)


def test_a_redone_shard_sweeps_what_a_killed_attempt_left_half_written(tmp_path: Path) -> None:
    # a worker killed between writing its temporary files and renaming them
    from tidings import parquet_io

    out = tmp_path / "out"
    leftovers = [out / "documents" / ".s1.dead0.tmp", out / parquet_io.CHECKPOINTS / ".s1.dead0.tmp"]
    other_shard = out / "documents" / ".s2.deadbeef0000.tmp"
    for path in (*leftovers, other_shard):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    writer = parquet_io.ShardWriter(out, "s1")
    writer.commit({"shard": "s1", "recipe": "r", "paths": [], "pages": 0})
    assert not any(p.exists() for p in leftovers)
    assert other_shard.exists()  # another shard's attempt may still be running
    assert parquet_io.table_path(out, "documents", "s1").exists()
    assert parquet_io.read_checkpoint(out, "s1") is not None


def test_a_page_in_two_shards_keeps_the_source_read_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same page in two folders, one shard each; shard ids are hashes, so
    # the later file's shard is made to sort first, as it may by chance; the
    # store's clock ticks at every write, as it does when a load spans seconds
    import itertools

    from tidings.pipeline import load
    from tidings.store import sqlite as store_sqlite

    ticks = itertools.count()
    monkeypatch.setattr(store_sqlite, "utcnow", lambda: f"2026-01-01T{next(ticks):08d}Z")

    first, later = tmp_path / "in" / "a" / "page.txt", tmp_path / "in" / "b" / "page.txt"
    for path in (first, later):
        path.parent.mkdir(parents=True)
        path.write_text("Report\n\nSoldiers detained 12 protesters in Gao on Monday.\n", "utf-8")
    ns = 1_700_000_000_000_000_000
    while make_shard([str(later)]).id > make_shard([str(first)]).id:
        ns += 1_000_000_000
        os.utime(later, ns=(ns, ns))
    settings = Settings(db=str(tmp_path / "t.db"), files_per_shard=1)
    out = str(tmp_path / "out")
    assert run([str(tmp_path / "in")], settings, stages=registry.INGEST, out=out).shards == 2
    load(out, settings)
    with open_store(settings.db, readonly=True) as store:
        [doc_id] = list(store.iter_ids())
        source = store.get_article(doc_id).source
    assert source is not None and source.input == str(first)
