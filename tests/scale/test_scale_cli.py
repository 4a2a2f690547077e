"""`tidings run --out/--dask` and `tidings load` from the command line: one-line
errors for bad arguments, and the summary of a run through Parquet."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from scaletools import SAMPLES, articles  # type: ignore[import-not-found]

from tidings.cli import main


def test_unreachable_dask_scheduler_is_one_line_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["run", str(SAMPLES), "--db", str(db), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "tidings: cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    )
    assert not db.exists(), "the scheduler is reached before the database is touched"


def test_bad_out_and_load_arguments_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    stdin = runner.invoke(main, ["run", "-", "--out", str(tmp_path / "o")], input="Police fired tear gas.")
    assert stdin.exit_code == 2 and "standard input cannot be a shard" in stdin.output
    missing = runner.invoke(main, ["load", str(tmp_path / "nothing"), "--db", str(tmp_path / "x.db")])
    assert missing.exit_code == 2
    assert missing.output.strip() == f"tidings: {tmp_path / 'nothing'}: no such folder (write one with " + (
        f"`tidings run --out {tmp_path / 'nothing'} PATH...`)"
    )
    (tmp_path / "plain").mkdir()
    plain = runner.invoke(main, ["load", str(tmp_path / "plain")])
    assert plain.exit_code == 2 and "not a tidings output folder" in plain.output
    shard = runner.invoke(main, ["run", str(SAMPLES), "--files-per-shard", "0", "--out", str(tmp_path / "o")])
    assert shard.exit_code == 2 and "files_per_shard must be positive" in shard.output


def test_run_out_then_load(tmp_path: Path) -> None:
    out, db, direct = tmp_path / "out", str(tmp_path / "loaded.db"), str(tmp_path / "direct.db")
    runner = CliRunner()
    ran = runner.invoke(main, ["run", str(SAMPLES), "--out", str(out), "--quiet"])
    assert ran.exit_code == 0, ran.output
    assert "11 stored" in ran.output and "shards     5 written, 0 already written" in ran.output
    loaded = runner.invoke(main, ["load", str(out), "--db", db, "--quiet"])
    assert loaded.exit_code == 0, loaded.output
    assert "shards     5 loaded, 0 already loaded" in loaded.output and "11 stored" in loaded.output
    again = runner.invoke(main, ["load", str(out), "--db", db, "--quiet"])
    assert (
        "shards     0 loaded, 5 already loaded" in again.output
        and "0 stored, 11 already stored" in again.output
    )
    assert runner.invoke(main, ["run", str(SAMPLES), "--db", direct, "--quiet"]).exit_code == 0
    got, want = articles(db), articles(direct)
    assert got == want
