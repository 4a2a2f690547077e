"""``tidings events``, run in-process on the hand-made events of ``conftest.event_articles``."""

from __future__ import annotations

import csv
import inspect
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tidings.cli import main
from tidings.records import Article
from tidings.render import EVENT_CSV_COLUMNS
from tidings.store import open_store

# click < 8.2 mixes stderr into stdout unless told not to.
_SEPARATE = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}


def _events(db: str, *args: str) -> Result:
    return CliRunner(**_SEPARATE).invoke(main, ["events", "--db", db, *args])


def test_table_shows_each_event_on_one_line(events_db: str) -> None:
    result = _events(events_db)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    header, *lines = result.stdout.splitlines()
    assert header.split()[:4] == ["date", "type", "acled", "actor"]
    assert len(lines) == 5
    shelling = lines[2]
    for part in (
        "2024-05-07",
        "ASSAULT/artillery",
        "Syrian army -> villagers",
        "Aleppo (SYR)",
        "occurred",
        "dead=4",
        "officials",
        "bbbbbbbb",
        "The Syrian army [shelled] three villages",
    ):
        assert part in shelling, part
    assert "Shelling/artillery" in shelling
    # the fixture dates the protest to the week of 2024-04-22 (ISO week 17), no finer
    assert lines[0].startswith("2024-W17") and "size=2000" in lines[0] and "Kenyan protesters" in lines[0]
    assert "anonymous" in lines[3]  # who asserts it: an unnamed source
    # An undated event comes last; an actor unknown to its document shows its id.
    assert lines[4].startswith("-") and " IRN " in lines[4] and "denied" in lines[4]


def test_jsonl_is_the_full_row(events_db: str) -> None:
    result = _events(events_db, "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    with open_store(events_db, readonly=True) as store:
        assert rows == list(store.events())
    assert rows[2]["actor_names"] == ["Syrian army"] and rows[2]["title"].endswith("Ümit's report")


def test_csv_has_fixed_columns_and_joins_lists(events_db: str) -> None:
    result = _events(events_db, "--format", "csv", "--actor", "syrian")
    assert result.exit_code == 0
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(header) == EVENT_CSV_COLUMNS
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["actors"] == "SYR-MIL" and row["recipient_names"] == "villagers"
    assert row["hedges"] == "reportedly" and row["quantities"] == "0"
    assert row["commentary"] == "false" and row["injured"] == "" and row["dead"] == "4.0"
    assert row["evidence"].startswith(
        "The Syrian army shelled three villages near Aleppo on Tuesday, killing"
    )


def test_csv_joins_several_values_with_semicolons(tmp_path: Path, event_articles: list[Article]) -> None:
    from dataclasses import replace

    from tidings.store.sqlite import Batch

    syr = next(a for a in event_articles if a.id == "b" * 32)
    two = replace(syr.events[0], actors=("SYR-MIL", "doc:hts"), context=("military", "terrorism"))
    db = str(tmp_path / "two.db")
    with open_store(db) as store:
        store.write(Batch(articles=[(replace(syr, events=(two,)), None)]))
    header, row = list(csv.reader(io.StringIO(_events(db, "--format", "csv").stdout)))
    cells = dict(zip(header, row, strict=True))
    assert cells["actors"] == "SYR-MIL;doc:hts"
    assert cells["actor_names"] == "Syrian army;Hayat Tahrir al-Şam"
    assert cells["context"] == "military;terrorism"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--actor", "SYR-MIL"], ["bbbbbbbb"]),
        (["--country", "lbn"], ["aaaaaaaa"]),
        (["--type", "Peaceful protest"], ["aaaaaaaa"]),
        (["--status", "threatened"], ["bbbbbbbb"]),
        (["--happened"], ["aaaaaaaa", "bbbbbbbb"]),
        (["--since", "2024-05-02", "--until", "2024-05-07"], ["bbbbbbbb"]),
        (["--doc", "cccc"], ["cccccccc"]),
        (["--limit", "2"], ["aaaaaaaa", "aaaaaaaa"]),
        (["--country", "FRA"], []),
    ],
)
def test_filters(events_db: str, args: list[str], expected: list[str]) -> None:
    result = _events(events_db, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["doc_id"][:8] for line in result.stdout.splitlines()] == expected


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--status", "happened"], "unknown event status 'happened': use one of occurred, ongoing"),
        (["--since", "last week"], "since: 'last week' is not a date: use YYYY-MM-DD"),
        (["--until", "2024-02-30"], "until: '2024-02-30' is not a date"),
        (["--status", "planned", "--happened"], "contradicts"),
        (["--country", "Kenya"], "three-letter code"),
        (["--limit", "0"], "limit must be at least 1"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(events_db: str, args: list[str], words: str) -> None:
    result = _events(events_db, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("tidings: ") and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_arguments_are_reported_before_a_missing_database(tmp_path: Path) -> None:
    result = _events(str(tmp_path / "missing.db"), "--status", "nope")
    assert result.exit_code == 2 and "unknown event status" in result.stderr


def test_missing_database_and_unknown_document(tmp_path: Path, events_db: str) -> None:
    result = _events(str(tmp_path / "missing.db"))
    assert result.exit_code == 1
    assert "database not found" in result.stderr and result.stdout == ""
    assert not (tmp_path / "missing.db").exists()
    result = _events(events_db, "--doc", "ffff")
    assert result.exit_code == 1
    assert "no document with id 'ffff'" in result.stderr and result.stdout == ""


def test_unknown_format_is_a_usage_error(events_db: str) -> None:
    assert _events(events_db, "--format", "xml").exit_code == 2


@pytest.mark.parametrize(("fmt", "lines"), [("table", 1), ("csv", 1), ("jsonl", 0)])
def test_empty_database_prints_only_a_header(tmp_path: Path, fmt: str, lines: int) -> None:
    db = str(tmp_path / "empty.db")
    open_store(db).close()
    result = _events(db, "--format", fmt)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == lines
    assert result.stderr == ""


def test_docs_show_lists_events(events_db: str) -> None:
    result = CliRunner(**_SEPARATE).invoke(main, ["docs", "show", "bbbb", "--db", events_db])
    assert result.exit_code == 0, result.output
    section = result.stdout.split("\nevents\n", 1)[1].splitlines()
    assert section[0].strip() == (
        "[54-61] ASSAULT/artillery occurred: Syrian army -> villagers: 'shelled' (sentence 0)"
    )
    assert "THREATEN threatened: Hayat Tahrir al-Şam: 'threatened'" in section[1]


def test_docs_show_without_events_has_no_events_section(events_db: str, tmp_path: Path) -> None:
    result = CliRunner(**_SEPARATE).invoke(main, ["docs", "show", "cccc", "--db", events_db])
    assert "\nevents\n" in result.stdout  # it has one event
    from dataclasses import replace

    from tidings.store.sqlite import Batch

    with open_store(events_db) as store:
        art = store.get_article("cccc")
        store.write(Batch(articles=[(replace(art, events=()), None)]))
    result = CliRunner(**_SEPARATE).invoke(main, ["docs", "show", "cccc", "--db", events_db])
    assert result.exit_code == 0 and "\nevents\n" not in result.stdout


def test_the_table_shows_a_date_as_precise_as_it_is_known() -> None:
    from tidings.render import date_cell

    assert date_cell("2009-01-01", "2009-12-31", "year") == "2009"  # not a first of January
    assert date_cell("2013-07-01", "2013-07-31", "month") == "2013-07"
    assert date_cell("2024-03-04", "2024-03-10", "week") == "2024-W10"
    assert date_cell("2024-06-01", "2024-08-31", "season") == "2024-06/08"
    assert date_cell("2024-12-01", "2025-02-28", "season") == "2024-12-01"  # a winter spans two years
    assert date_cell("2024-03-05", "2024-03-05", "day") == "2024-03-05"
    assert date_cell(None, None, None) == "-"
