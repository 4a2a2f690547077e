from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tidings import process_text
from tidings.errors import StoreError
from tidings.records import Failure
from tidings.store import open_store
from tidings.store.schema import LATEST
from tidings.store.sqlite import Batch, Sighting, compress_raw

TEXT = (
    "Army shells border villages\n\n"
    "The army shelled three border villages on Tuesday, killing at least four people, "
    "local officials said.\n\nResidents fled toward the capital, witnesses said."
)


def _article(text: str = TEXT):
    return process_text(text, url="https://news.example/a")


def test_new_database_is_migrated_and_in_wal_mode(db_path: str) -> None:
    with open_store(db_path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.counts()["documents"] == 0


def test_article_round_trips_through_the_store(db_path: str) -> None:
    article = _article()
    with open_store(db_path) as store:
        store.write(Batch(articles=[(article, compress_raw(TEXT, 1000))]))
        back = store.get_article(article.id[:8])
        assert back.to_dict() | {"source": None} == article.to_dict() | {"source": None}
        assert store.raw(article.id) == TEXT.encode()
        for seg in back.segments:
            assert back.text[seg.start : seg.end].strip() == back.text[seg.start : seg.end]


def test_writing_twice_adds_nothing(db_path: str) -> None:
    article = _article()
    with open_store(db_path) as store:
        for _ in range(2):
            store.write(Batch(articles=[(article, None)]))
        counts = store.counts()
    assert counts["documents"] == 1
    assert counts["segments"] == len(article.segments)
    assert counts["document_sources"] == 1


def test_a_refused_batch_is_rolled_back_and_the_store_stays_writable(db_path: str) -> None:
    good = _article()
    orphan = replace(_article(TEXT.replace("four", "five")), source=None)
    with open_store(db_path) as store:
        with pytest.raises(StoreError, match="has no source record"):
            store.write(Batch(articles=[(good, None), (orphan, None)]))
        assert not store.conn.in_transaction
        assert store.counts()["documents"] == 0  # nothing of the refused batch is kept
        store.write(Batch(articles=[(good, None)]))
    with open_store(db_path, readonly=True) as store:
        assert store.counts()["documents"] == 1


def test_sightings_of_unknown_documents_are_ignored(db_path: str) -> None:
    article = _article()
    with open_store(db_path) as store:
        store.write(Batch(articles=[(article, None)]))
        store.write(
            Batch(
                sightings=[
                    Sighting(article.id, "other.warc", "offset:10", "warc", None),
                    Sighting("0" * 32, "x.txt", "", "file", None),
                ]
            )
        )
        assert len(store.sightings(article.id)) == 2
        assert store.counts()["document_sources"] == 2


def test_repeated_failure_is_counted_not_duplicated(db_path: str) -> None:
    f = Failure("bad.png", "read", "binary file (PNG image), not a web page")
    with open_store(db_path) as store:
        store.write(Batch(failures=[f]))
        store.write(Batch(failures=[f]))
        rows = store.failures()
    assert len(rows) == 1
    assert rows[0]["count"] == 2
    assert rows[0]["reason"].startswith("binary file")


def test_readonly_store_refuses_writes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not found"):
        open_store(str(tmp_path / "missing.db"), readonly=True)
    path = str(tmp_path / "x.db")
    open_store(path).close()
    with open_store(path, readonly=True) as store, pytest.raises(sqlite3.OperationalError):
        store.conn.execute("INSERT INTO runs (command, started) VALUES ('x', 'y')")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(str(path))


def test_not_a_database_gives_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        open_store(str(path))
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_ambiguous_and_unknown_ids(db_path: str) -> None:
    with open_store(db_path) as store:
        store.write(Batch(articles=[(_article(), None)]))
        with pytest.raises(StoreError, match="no document"):
            store.get_article("zzzz")


def test_analysis_records_round_trip(db_path: str) -> None:
    from dataclasses import replace

    from tidings.records import (
        Actor,
        Assertion,
        DateMention,
        Indicator,
        Mention,
        Place,
        Quantity,
        Quote,
        Sentence,
    )

    base = _article()
    article = replace(
        base,
        sentences=(Sentence(0, 27, "title"), Sentence(29, 120, "body")),
        actors=(Actor("SYR-MIL", "Syria military", "armed_force", "SYR", "MIL", None, ("army",), None),),
        mentions=(Mention(33, 37, "army", "SYR-MIL", "role", 0.9),),
        places=(Place(60, 66, "Aleppo", "Aleppo", "SYR", "09", 36.2, 37.16, "city", 170063),),
        dates=(DateMention(80, 87, "Tuesday", "2024-05-07", "2024-05-07", "day", True),),
        quantities=(Quantity(90, 103, "at least four", 4.0, None, False, "at least", "killed", "people"),),
        quotes=(Quote(29, 120, "reported", 29, 100, "said", 105, 109, "officials", 110, 119, None, True),),
        assertions=(
            Assertion(1, "reporting", None, "local officials", True, ("reportedly",), "unverified", 0),
        ),
        indicators=(Indicator(0, 5, "@army", "handle"),),
    )
    with open_store(db_path) as store:
        store.write(Batch(articles=[(article, None)]))
        back = store.get_article(article.id)
    assert back.to_dict() | {"source": None} == article.to_dict() | {"source": None}


def test_a_version_6_database_gains_the_join_probability_column(tmp_path: Path) -> None:
    from tidings.store.schema import MIGRATIONS

    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path)
    for number, sql in MIGRATIONS:
        if number <= 6:
            conn.executescript(sql)
            conn.execute(f"PRAGMA user_version={number}")
    conn.close()
    with open_store(str(path)) as store:
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(story_documents)")]
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert columns[-1] == "join_probability"
