"""Resuming, for real: a Dask worker process killed mid-run (its nanny restarts
it and the scheduler runs its shard again), and a whole run killed with
SIGKILL then run again. Either way the result is exactly the run's output:
nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from scaletools import assert_same_store, table_rows, write_reports  # type: ignore[import-not-found]

from tidings import Settings, run
from tidings.pipeline import load
from tidings.stages import registry
from tidings.work import RunStats

FILES, PER_FILE = 8, 150


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_reports(tmp_path_factory.mktemp("reports"), FILES, PER_FILE)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, reports: Path) -> str:
    """The reports ingested inline, in one go."""
    db = str(tmp_path_factory.mktemp("reference") / "ref.db")
    stats = run([str(reports)], Settings(db=db), stages=registry.INGEST)
    assert (stats.stored, stats.failed, stats.shards) == (FILES * PER_FILE, 0, FILES)
    return db


def _checkpoints(out: Path) -> int:
    return len(list((out / "_shards").glob("*.json")))


def test_killed_worker_is_restarted_and_its_shard_done_once(
    reports: Path, reference: str, cluster: Any, tmp_path: Path
) -> None:
    from distributed import Client

    out, db = tmp_path / "out", str(tmp_path / "loaded.db")
    settings = Settings(db=db, dask=cluster.scheduler_address, pages_per_task=8)
    result: dict[str, RunStats | BaseException] = {}

    def job() -> None:
        try:
            result["stats"] = run([str(reports)], settings, stages=registry.INGEST, out=str(out))
        except BaseException as exc:
            result["error"] = exc

    with Client(cluster.scheduler_address) as client:
        before = client.run(os.getpid)
        thread = threading.Thread(target=job)
        thread.start()
        deadline = time.monotonic() + 120
        while _checkpoints(out) < 1:  # both workers are busy with their second shard by now
            assert thread.is_alive() and time.monotonic() < deadline, result
            time.sleep(0.01)
        assert _checkpoints(out) < FILES - 1, "the kill must land mid-run"
        victim = next(iter(before.values()))
        os.kill(victim, signal.SIGKILL)
        thread.join(timeout=180)
        assert not thread.is_alive()
        client.wait_for_workers(2, timeout=60)
        after = client.run(os.getpid)
    assert victim not in after.values(), "the nanny started a new worker process"
    assert "error" not in result, result.get("error")
    stats = result["stats"]
    assert isinstance(stats, RunStats)
    assert (stats.stored, stats.failed, stats.shards) == (FILES * PER_FILE, 0, FILES)
    assert _checkpoints(out) == FILES
    assert not list(out.rglob(".*.tmp")), "the killed worker's partial files were replaced"
    loaded = load(str(out), settings)
    assert (loaded.stored, loaded.shards) == (FILES * PER_FILE, FILES)
    assert_same_store(db, reference)


def _tidings(*args: str) -> subprocess.Popen[bytes]:
    # A session of its own, so the whole run (parent, scheduler, nannies, workers) can be killed.
    return subprocess.Popen(
        [sys.executable, "-m", "tidings", "ingest", *args, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _kill_when(proc: subprocess.Popen[bytes], ready: Any) -> None:
    deadline = time.monotonic() + 120
    while not ready():
        assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.slow
def test_killed_parquet_run_resumes_with_the_missing_shards(
    reports: Path, reference: str, tmp_path: Path
) -> None:
    out, db = tmp_path / "out", str(tmp_path / "loaded.db")
    args = (str(reports), "--out", str(out), "--dask", "local", "--workers", "2", "--pages-per-task", "8")
    # `ingest` has no --out: the run command's --out with the ingest stages is `run`; use the library CLI.
    proc = subprocess.Popen(
        [sys.executable, "-c", _OUT_RUN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    _kill_when(proc, lambda: _checkpoints(out) >= 2)
    done = _checkpoints(out)
    assert 2 <= done < FILES
    rerun = subprocess.run(
        [sys.executable, "-c", _OUT_RUN, *args], capture_output=True, timeout=300, check=False
    )
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]
    assert f"shards {FILES - done} {done}" in rerun.stdout.decode()
    assert _checkpoints(out) == FILES
    loaded = load(str(out), Settings(db=db))
    assert (loaded.stored, loaded.shards) == (FILES * PER_FILE, FILES)
    assert_same_store(db, reference)


#: `tidings run --out` with the ingest stages (fast), as a script: prints the shard counts.
_OUT_RUN = """
import sys
from tidings import Settings, run
from tidings.stages import registry
paths, out, dask, workers, per_task = sys.argv[1], sys.argv[3], sys.argv[5], sys.argv[7], sys.argv[9]
settings = Settings(dask=dask, workers=int(workers), pages_per_task=int(per_task))
stats = run([paths], settings, stages=registry.INGEST, out=out)
print("shards", stats.shards, stats.shards_skipped)
"""


@pytest.mark.slow
def test_killed_streaming_run_resumes_with_the_missing_shards(
    reports: Path, reference: str, tmp_path: Path
) -> None:
    db = tmp_path / "killed.db"
    args = (str(reports), "--db", str(db), "--workers", "2", "--batch-size", "50")

    def shards_done() -> int:
        import sqlite3

        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            try:
                return int(conn.execute("SELECT count(*) FROM shards").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error:
            return 0

    _kill_when(_tidings(*args), lambda: shards_done() >= 2)
    done = shards_done()
    assert 2 <= done < FILES
    committed = table_rows(str(db))["documents"]
    rerun = subprocess.run(
        [sys.executable, "-m", "tidings", "ingest", *args, "--quiet"],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]
    stored = FILES * PER_FILE - len(committed)
    assert f"{stored} stored, {FILES * PER_FILE - stored} already stored" in rerun.stdout.decode()
    assert_same_store(str(db), reference)
