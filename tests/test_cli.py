"""The command line, run as users run it (a real subprocess where streams matter)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import tidings
from tidings.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAGE = (
    "Militants attack checkpoint near the border\n\n"
    "Militants attacked an army checkpoint near the border on Friday, killing three soldiers, "
    "the defence ministry said in a statement.\n\n"
    "Editor's note:\n\nThe ministry has repeatedly played down attacks in the region.\n\n"
    "Leave a comment\n\nYou must be logged in to post a comment.\n"
)


def _tidings(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tidings", *args], input=stdin, capture_output=True, timeout=300, check=False
    )


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert tidings.__version__ in result.output


def test_stdin_page_docs_list_and_show(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    proc = _tidings("ingest", "-", "--db", db, stdin=PAGE.encode())
    assert proc.returncode == 0, proc.stderr
    assert b"1 stored" in proc.stdout
    listed = _tidings("docs", "list", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in listed.stdout.decode().splitlines()]
    assert [r["title"] for r in rows] == ["Militants attack checkpoint near the border"]
    shown = _tidings("docs", "show", rows[0]["id"][:10], "--db", db).stdout.decode()
    assert "[title 0-43] Militants attack checkpoint near the border" in shown
    assert "[commentary " in shown and "played down attacks" in shown
    assert "[removed boilerplate" in shown and "You must be logged in" in shown
    as_json = json.loads(_tidings("docs", "show", rows[0]["id"], "--db", db, "--json").stdout)
    direct = tidings.process_text(PAGE).to_dict()
    for key in ("text", "segments", "removed", "title", "language"):
        assert as_json[key] == direct[key]
    assert as_json["source"]["container"] == "stdin"


def test_stdout_carries_data_and_stderr_log_lines(tmp_path: Path) -> None:
    db = str(tmp_path / "log.db")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 8)
    proc = _tidings("ingest", str(SAMPLES), str(tmp_path / "bad.pdf"), "--db", db)
    assert proc.returncode == 3  # partial failure
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert out.splitlines()[0].startswith("documents  11 stored")
    assert "bad.pdf" not in out
    assert "bad.pdf: binary file (PDF document), not a web page" in err
    assert "\x1b[" not in err  # no progress bar when stderr is not a terminal
    failures = _tidings("failures", "--db", db).stdout.decode()
    assert "bad.pdf: binary file (PDF document)" in failures


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    proc = _tidings("ingest", str(tmp_path / "nothing-here.html"), "--db", str(tmp_path / "x.db"))
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert len(proc.stderr.decode().strip().splitlines()) == 1
    proc = _tidings("docs", "show", "abc", "--db", str(tmp_path / "missing.db"))
    assert proc.returncode == 1
    assert b"database not found" in proc.stderr
    assert b"Traceback" not in proc.stderr
    proc = _tidings("ingest", str(SAMPLES), "--db", str(tmp_path / "y.db"), "--workers", "0")
    assert proc.returncode == 2
    assert b"workers must be at least 1" in proc.stderr


def test_settings_from_config_file_and_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "tidings.toml"
    cfg.write_text(f'[tidings]\ndb = "{tmp_path / "from-config.db"}"\nbatch_size = 5\n')
    settings = tidings.load_settings(str(cfg), env={"TIDINGS_WORKERS": "2"}, batch_size=7)
    assert settings.db.endswith("from-config.db")
    assert (settings.workers, settings.batch_size) == (2, 7)
    with pytest.raises(tidings.ConfigError, match="integer"):
        tidings.load_settings(None, env={"TIDINGS_WORKERS": "many"})


def test_pages_per_task_from_config_environment_and_option(tmp_path: Path) -> None:
    cfg = tmp_path / "tidings.toml"
    cfg.write_text("pages_per_task = 8\n")
    assert tidings.load_settings(str(cfg), env={}).pages_per_task == 8
    assert tidings.load_settings(str(cfg), env={"TIDINGS_PAGES_PER_TASK": "4"}).pages_per_task == 4
    assert tidings.load_settings(str(cfg), env={}, pages_per_task=1).pages_per_task == 1
    with pytest.raises(tidings.ConfigError, match="pages_per_task must be positive"):
        tidings.load_settings(None, env={}, pages_per_task=0)
    db = str(tmp_path / "p.db")
    proc = _tidings("ingest", str(SAMPLES), "--db", db, "--pages-per-task", "3", "--quiet")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_directory_of_ten_thousand_small_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        sub = folder / f"d{i // 1000}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(
            f"Item {i}\n\nResidents reported shooting in district {i} overnight, police said.\n"
        )
    db = tmp_path / "many.db"
    t0 = time.monotonic()
    proc = _tidings("ingest", str(folder), "--db", str(db), "--workers", "2", "--quiet")
    elapsed = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert b"10000 stored" in proc.stdout
    assert elapsed < 240  # a generous bound: this is a correctness test, not a benchmark


def test_user_actor_dictionary_and_wrong_resolve_settings(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Clashes in the north\n\nThe Northern Hills Brigade attacked a convoy near Kaduna on Monday, "
        "police said.\n"
    )
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "source: written for this test\nactors:\n  - id: NGA-NHB\n    name: Brigade of the Northern Hills\n"
        "    kind: armed_group\n    country: NGA\n    sector: REB\n    aliases: [Northern Hills Brigade]\n"
    )
    db = str(tmp_path / "a.db")
    proc = _tidings("run", str(page), "--db", db, "--actors", str(mine), "-q")
    assert proc.returncode == 0, proc.stderr
    with tidings.open_store(db, readonly=True) as store:
        art = store.get_article(next(store.iter_ids()))
    assert {(a.id, a.country, a.sector) for a in art.actors} >= {("NGA-NHB", "NGA", "REB")}

    for args, words in (
        (["--actors", str(tmp_path / "missing.yaml")], b"actor dictionary file not found"),
        (["--spacy-model", "xx_no_such_model"], b"is not installed"),
    ):
        proc = _tidings("run", str(page), "--db", str(tmp_path / "b.db"), *args, "-q")
        assert proc.returncode == 2
        assert words in proc.stderr and b"Traceback" not in proc.stderr
        assert not (tmp_path / "b.db").exists()

    broken = tmp_path / "broken.yaml"
    broken.write_text("actors: [this is: not: valid")
    proc = _tidings("run", str(page), "--db", str(tmp_path / "c.db"), "--actors", str(broken), "-q")
    assert proc.returncode == 2
    assert b"broken.yaml" in proc.stderr and b"Traceback" not in proc.stderr
