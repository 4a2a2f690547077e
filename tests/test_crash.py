"""Crash safety, for real: a run is killed with SIGKILL in the middle, then
run again. Nothing committed is lost, nothing is half-written, and the second
run completes the rest without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_PAGES = 1500

PLACES = ["Mosul", "Goma", "Kherson", "Gao", "Sanaa", "Idlib", "Marib", "Bunia", "Tripoli", "Kidal"]


def _write_pages(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_PAGES):
        place = PLACES[i % len(PLACES)]
        (folder / f"page{i:05d}.txt").write_text(
            f"Clashes reported near {place} (report {i})\n\n"
            f"Fighting broke out near {place} on Tuesday between government forces and an armed "
            f"group, residents said, in the {i}th incident reported this month.\n\n"
            f"At least {i % 17 + 2} people were killed, according to a local official who spoke on "
            "condition of anonymity because he was not authorised to talk to reporters.\n\n"
            "Share this:\nFacebook\nTwitter\n",
            encoding="utf-8",
        )


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tidings",
            "ingest",
            str(folder),
            "--db",
            str(db),
            "--batch-size",
            "20",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkill_mid_run_loses_nothing_and_rerun_completes(tmp_path: Path) -> None:
    folder, db = tmp_path / "pages", tmp_path / "crash.db"
    _write_pages(folder)
    proc = _ingest(folder, db)
    deadline = time.monotonic() + 120
    while _count(db) < 100:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    committed = {r[0] for r in conn.execute("SELECT id FROM documents")}
    assert 100 <= len(committed) < N_PAGES, "the kill must land mid-run"
    # Every committed document is whole: its segments and its source are there.
    half = conn.execute(
        """SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.doc_id=d.id)
           OR NOT EXISTS (SELECT 1 FROM document_sources x WHERE x.doc_id=d.id)"""
    ).fetchone()[0]
    assert half == 0
    conn.close()

    rerun = _ingest(folder, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert f"{N_PAGES - len(committed)} stored" in out.decode()
    conn = sqlite3.connect(db)
    ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
    assert committed <= ids
    assert len(ids) == N_PAGES
    assert conn.execute("SELECT count(*) FROM document_sources").fetchone()[0] == N_PAGES
    assert conn.execute("SELECT count(DISTINCT text_sha256) FROM documents").fetchone()[0] == N_PAGES
    conn.close()
