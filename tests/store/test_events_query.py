"""Stored events read back as flat rows (``tidings.store.events``), on a real
database file holding the hand-made events of ``conftest.event_articles``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tidings.records import EVENT_STATUSES, Article
from tidings.store import open_store
from tidings.store.events import query_events
from tidings.store.sqlite import Batch

A, B, C = "a" * 32, "b" * 32, "c" * 32


def _rows(db: str, **filters: Any) -> list[dict[str, Any]]:
    with open_store(db, readonly=True) as store:
        return list(store.events(**filters))


def _keys(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(r["doc_id"][0], r["idx"]) for r in rows]


def test_rows_are_ordered_by_date_then_document_then_index(events_db: str) -> None:
    rows = _rows(events_db)
    assert _keys(rows) == [("a", 0), ("a", 1), ("b", 0), ("b", 1), ("c", 0)]
    assert [r["date_value"] for r in rows] == ["2024-04-22", "2024-05-01", "2024-05-07", "2024-05-08", None]


def test_same_date_orders_by_document_id(tmp_path: Path, event_articles: list[Article]) -> None:
    syr = next(a for a in event_articles if a.id == B)
    twin = replace(syr, id="0" * 32)
    db = str(tmp_path / "twin.db")
    with open_store(db) as store:
        store.write(Batch(articles=[(syr, None), (twin, None)]))
    assert [(r["doc_id"][0], r["idx"]) for r in _rows(db)] == [("0", 0), ("b", 0), ("0", 1), ("b", 1)]


def test_row_decodes_lists_and_booleans_and_joins_its_context(
    events_db: str, event_articles: list[Article]
) -> None:
    row = next(r for r in _rows(events_db) if r["type"] == "ASSAULT")
    assert row["context"] == ["military"] and row["hedges"] == ["reportedly"]
    assert row["actors"] == ["SYR-MIL"] and row["actor_mentions"] == [0] and row["quantities"] == [0]
    assert row["commentary"] is False and row["anonymous"] is False
    assert (row["published"], row["url"], row["site"]) == (
        "2024-05-08",
        "https://news.example/bbbb",
        "news.example",
    )
    assert row["title"] == "Army shells villages — Ümit's report"
    assert (row["date_value"], row["date_until"], row["date_precision"]) == (
        "2024-05-07",
        "2024-05-07",
        "day",
    )
    assert (row["place_name"], row["place_country"], row["lat"], row["lon"]) == ("Aleppo", "SYR", 36.2, 37.16)
    assert (row["actor_names"], row["actor_countries"]) == (["Syrian army"], ["SYR"])
    assert (row["recipient_names"], row["recipient_countries"]) == (["villagers"], ["SYR"])
    assert (row["dead"], row["injured"], row["acled_subtype"]) == (
        4.0,
        None,
        "Shelling/artillery/missile attack",
    )
    # Evidence is sliced in code points, after non-ASCII text earlier in the document.
    text = next(a.text for a in event_articles if a.id == B)
    assert row["evidence"] == text[row["evidence_start"] : row["evidence_end"]]
    assert row["evidence"].startswith("The Syrian army shelled") and row["evidence"].endswith("said.")
    assert row["trigger_text"] == text[row["start"] : row["end"]] == "shelled"
    other = next(r for r in _rows(events_db) if r["type"] == "THREATEN")
    assert other["commentary"] is True and other["anonymous"] is True
    assert other["evidence"] == "Fighters of Hayat Tahrir al-Şam threatened to attack Damascus."


def test_date_falls_back_to_publication(events_db: str) -> None:
    by_key = {(r["doc_id"][0], r["idx"]): r for r in _rows(events_db)}
    # No date at all: the publication date.
    assert [by_key["b", 1][k] for k in ("date_value", "date_until", "date_precision")] == [
        "2024-05-08",
        "2024-05-08",
        "published",
    ]
    # A date mention that did not resolve, and a published datetime: its day.
    assert [by_key["a", 1][k] for k in ("date_value", "date_until", "date_precision")] == [
        "2024-05-01",
        "2024-05-01",
        "published",
    ]
    # A period keeps both bounds.
    assert (by_key["a", 0]["date_value"], by_key["a", 0]["date_until"]) == ("2024-04-22", "2024-04-28")
    # Neither date nor publication date: no date, and sorted last.
    assert [by_key["c", 0][k] for k in ("date_value", "date_until", "date_precision")] == [None, None, None]


def test_actor_unknown_to_the_document_has_no_name(events_db: str) -> None:
    (row,) = _rows(events_db, doc=C)
    assert row["actors"] == ["IRN"]
    assert row["actor_names"] == [None] and row["actor_countries"] == [None]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("SYR-MIL", [("b", 0)]),  # an id, exactly
        ("doc:villagers", [("b", 0)]),  # a recipient id
        ("IRN", [("c", 0)]),  # an id the document's actors table does not name
        ("syrian", [("b", 0)]),  # part of a name, any case
        ("TAHRIR AL-ŞAM", [("b", 1)]),  # beyond ASCII
        ("VILLAGERS", [("b", 0)]),  # a recipient's name
        ("SYR-MI", []),  # part of an id is not an id
        ("Hezbollah", []),
    ],
)
def test_actor_filter(events_db: str, actor: str, expected: list[tuple[str, int]]) -> None:
    assert _keys(_rows(events_db, actor=actor)) == expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("SYR", [("b", 0), ("b", 1)]),  # actor countries
        ("ken", [("a", 0)]),  # any case; the actor's and the place's country
        ("LBN", [("a", 1)]),  # only the place is in Lebanon
        ("IRN", []),  # IRN is an actor id here, not a known actor's country
        ("FRA", []),
    ],
)
def test_country_filter(events_db: str, country: str, expected: list[tuple[str, int]]) -> None:
    assert _keys(_rows(events_db, country=country)) == expected


@pytest.mark.parametrize(
    ("type_", "expected"),
    [
        ("ASSAULT", [("b", 0)]),
        ("assault", [("b", 0)]),  # PLOVER type in any case
        ("shelling/artillery/missile attack", [("b", 0)]),  # ACLED sub-event type
        ("Explosions/Remote violence", [("b", 0)]),  # ACLED event type
        ("protests", [("a", 0)]),
        ("Shelling", []),  # an ACLED name must be whole
        ("ASSAULTS", []),
    ],
)
def test_type_filter(events_db: str, type_: str, expected: list[tuple[str, int]]) -> None:
    assert _keys(_rows(events_db, type=type_)) == expected


def test_status_and_happened_filters(events_db: str) -> None:
    assert _keys(_rows(events_db, status="threatened")) == [("b", 1)]
    assert _keys(_rows(events_db, status="Denied")) == [("c", 0)]
    assert _rows(events_db, status="negated") == []
    assert _keys(_rows(events_db, happened=True)) == [("a", 0), ("b", 0)]
    assert _keys(_rows(events_db, happened=False)) == [("a", 1), ("b", 1), ("c", 0)]
    assert _keys(_rows(events_db, happened=True, status="ongoing")) == [("a", 0)]


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2024-05-07", None, [("b", 0), ("b", 1)]),
        (None, "2024-05-01", [("a", 0), ("a", 1)]),
        # A period (the week of 22-28 April) matches a range it overlaps.
        ("2024-04-25", "2024-04-25", [("a", 0)]),
        ("2024-04-29", "2024-04-30", []),
        # Bounds are inclusive; the publication date counts where the event has no date.
        ("2024-05-08", "2024-05-08", [("b", 1)]),
        ("2030-01-01", None, []),
    ],
)
def test_since_and_until(
    events_db: str, since: str | None, until: str | None, expected: list[tuple[str, int]]
) -> None:
    rows = _rows(events_db, since=since, until=until)
    assert _keys(rows) == expected
    assert all(r["date_value"] is not None for r in rows)  # undated events never match a date range


def test_doc_filter_takes_an_id_or_prefix(events_db: str) -> None:
    assert _keys(_rows(events_db, doc=A)) == [("a", 0), ("a", 1)]
    assert _keys(_rows(events_db, doc="bbbb")) == [("b", 0), ("b", 1)]
    assert _rows(events_db, doc="ffff") == []


def test_limit_counts_rows_after_every_filter(events_db: str) -> None:
    assert _keys(_rows(events_db, limit=2)) == [("a", 0), ("a", 1)]
    # country is checked in Python: the limit applies to what passes it.
    assert _keys(_rows(events_db, country="SYR", limit=1)) == [("b", 0)]
    assert _keys(_rows(events_db, actor="IRN", limit=1)) == [("c", 0)]


def test_filters_combine(events_db: str) -> None:
    assert _keys(_rows(events_db, country="SYR", happened=True, type="assault", since="2024-05-01")) == [
        ("b", 0)
    ]
    assert _rows(events_db, country="SYR", status="ongoing") == []


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "happened"}, "unknown event status 'happened': use one of " + ", ".join(EVENT_STATUSES)),
        ({"status": "planned", "happened": True}, "contradicts happened=True"),
        ({"since": "yesterday"}, "since: 'yesterday' is not a date: use YYYY-MM-DD"),
        ({"until": "2024-13-01"}, "until: '2024-13-01' is not a date"),
        ({"since": "20240501"}, "is not a date"),
        ({"since": "2024-05-02", "until": "2024-05-01"}, "is after until"),
        ({"country": "Syria"}, "three-letter code"),
        ({"limit": 0}, "limit must be at least 1"),
        ({"actor": " "}, "actor must not be empty"),
    ],
)
def test_bad_filters_raise_at_once(events_db: str, filters: dict[str, Any], message: str) -> None:
    with open_store(events_db, readonly=True) as store:
        with pytest.raises(ValueError) as info:
            store.events(**filters)  # not iterated: the error comes with the call
        assert message in str(info.value)
        assert "\n" not in str(info.value)


def test_unknown_filter_name_is_a_type_error(events_db: str) -> None:
    with open_store(events_db, readonly=True) as store, pytest.raises(TypeError):
        store.events(colour="red")


def test_empty_database_and_database_without_events(tmp_path: Path, event_articles: list[Article]) -> None:
    db = str(tmp_path / "empty.db")
    with open_store(db) as store:
        assert list(store.events()) == []
        store.write(Batch(articles=[(replace(a, events=()), None) for a in event_articles]))
        assert list(query_events(store.conn)) == []
        assert list(store.events(country="SYR")) == []


def test_rewritten_document_replaces_its_events(events_db: str, event_articles: list[Article]) -> None:
    syr = next(a for a in event_articles if a.id == B)
    with open_store(events_db) as store:
        store.write(Batch(articles=[(replace(syr, events=syr.events[1:]), None)]))
        assert _keys(list(store.events(doc=B))) == [("b", 0)]
        assert next(store.events(doc=B))["type"] == "THREATEN"
