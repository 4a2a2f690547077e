"""``tidings export`` and ``tidings plot``, run in-process."""

from __future__ import annotations

import csv
import inspect
import io
import json
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from tidings.cli import main
from tidings.plots import actor_counts, timeline_counts, type_counts
from tidings.store import open_store

_SEPARATE = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}


def _run(*args: str) -> Result:
    return CliRunner(**_SEPARATE).invoke(main, list(args))


def test_export_to_stdout_as_csv_and_jsonl(events_db: str) -> None:
    result = _run("export", "events", "--db", events_db, "-f", "csv", "--schema", "acled")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["sub_event_type"] for r in rows) == [
        "Peaceful protest",
        "Shelling/artillery/missile attack",
    ]
    result = _run("export", "actors", "--db", events_db, "--format", "jsonl")
    assert result.exit_code == 0 and result.stderr == ""
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == sorted(["SYR-MIL", "doc:villagers", "doc:hts", "KEN-CVL", "doc:police"])


def test_export_to_a_file_takes_the_format_from_its_name(events_db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    result = _run(
        "export", "events", "--db", events_db, "-o", str(out), "--type", "assault", "--schema", "gdelt"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "1 rows -> " in result.stderr
    assert pq.read_table(out).column("EventRootCode").to_pylist() == ["19"]


def test_export_doc_prefix_and_merged(stories_db: str) -> None:
    result = _run("export", "events", "--db", stories_db, "-f", "jsonl", "--doc", "bbbb")
    assert [json.loads(x)["idx"] for x in result.stdout.splitlines()] == [0, 1]
    result = _run("export", "events", "--db", stories_db, "-f", "jsonl", "--merged")
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["m1"]
    result = _run("export", "stories", "--db", stories_db, "-f", "csv")
    assert result.stdout.splitlines()[1].startswith("s1,Shelling near Aleppo,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["actors", "--schema", "gdelt", "-f", "csv"], "--schema gdelt applies to events only"),
        (["stories", "--schema", "polecat", "-f", "jsonl"], "--schema polecat applies to events only"),
        (["events", "-f", "parquet"], "parquet is binary"),
        (["events"], "give --format"),
        (["events", "-o", "x.txt"], "give --format"),
        (["events", "-f", "csv", "--since", "2024-02-30"], "is not a date"),
        (["events", "-f", "csv", "--merged", "--status", "occurred"], "--merged takes only"),
        (["documents", "-f", "csv", "--country", "SYR"], "apply to events only"),
        (["events", "-f", "csv", "--batch-size", "0"], "--batch-size must be at least 1"),
    ],
)
def test_bad_export_arguments_exit_2_with_one_line(events_db: str, args: list[str], message: str) -> None:
    result = _run("export", *args, "--db", events_db)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_export_of_a_missing_database_is_an_error(tmp_path: Path) -> None:
    result = _run("export", "events", "-f", "csv", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "database not found" in result.stderr


def test_plots_write_png_and_svg(real_db: str, tmp_path: Path) -> None:
    png, svg, bars = tmp_path / "t.png", tmp_path / "types.svg", tmp_path / "a.png"
    result = _run(
        "plot", "timeline", "--db", real_db, "-o", str(png), "--by", "week", "--since", "2010-01-01"
    )
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = _run("plot", "types", "--db", real_db, "-o", str(svg), "--scheme", "acled")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg") and "Strategic developments" in svg.read_text(encoding="utf-8")
    result = _run("plot", "actors", "--db", real_db, "-o", str(bars), "--top", "5", "--country", "SYR")
    assert result.exit_code == 0 and "5 actors" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "-o", "x.pdf"], "plots are written as .png or .svg"),
        (["types", "-o", "x.png", "--until", "yesterday"], "is not a date"),
        (["actors", "-o", "x.png", "--top", "0"], "--top must be at least 1"),
    ],
)
def test_bad_plot_arguments_exit_2(events_db: str, args: list[str], message: str) -> None:
    result = _run("plot", *args, "--db", events_db)
    assert result.exit_code == 2 and message in result.stderr


def test_plot_counts_equal_the_stored_events(real_db: str) -> None:
    with open_store(real_db, readonly=True) as store:
        rows = list(store.events())
        by_type = dict(store.conn.execute("SELECT type, count(*) FROM events GROUP BY type").fetchall())
    assert dict(type_counts(rows)) == by_type
    days = timeline_counts(rows, "day")
    assert sum(n for _, n in days) == sum(1 for r in rows if r["date_value"])
    assert all((b - a).days == 1 for (a, _), (b, _) in pairwise(days))
    weeks = timeline_counts(rows, "week")
    assert all(d.weekday() == 0 for d, _ in weeks) and sum(n for _, n in weeks) == sum(n for _, n in days)
    top = actor_counts(rows, 3)
    for actor_id, _, acting, receiving in top:
        assert acting == sum(actor_id in r["actors"] for r in rows)
        assert receiving == sum(actor_id in r["recipients"] for r in rows)
    assert [a + r for _, _, a, r in top] == sorted((a + r for _, _, a, r in top), reverse=True)


def test_an_empty_plot_is_still_written(events_db: str, tmp_path: Path) -> None:
    out = tmp_path / "none.svg"
    result = _run("plot", "timeline", "--db", events_db, "-o", str(out), "--country", "FRA")
    assert result.exit_code == 0 and "no events match" in out.read_text(encoding="utf-8")
