"""Stories and merged events exported from rows inserted by plain SQL
(``conftest.stories_db``)."""

from __future__ import annotations

from typing import Any

from tidings.export import plan
from tidings.store import open_store

A, B, C = "a" * 32, "b" * 32, "c" * 32


def _rows(db: str, table: str, **kw: Any) -> list[dict[str, Any]]:
    with open_store(db, readonly=True) as store:
        return [r for b in plan(store, table, **kw).batches for r in b]


def test_stories_one_row_each_with_their_documents(stories_db: str) -> None:
    rows = _rows(stories_db, "stories", batch_size=1)
    assert [r["id"] for r in rows] == ["s1", "s2"]
    s1, s2 = rows
    assert s1["document_ids"] == [B, A]  # in the order they joined
    assert s1["copies"] == [A] and s1["merged_events"] == 1
    assert s1["actors"] == ["SYR-MIL", "doc:villagers"] and s1["places"] == ["Aleppo"]
    assert (s1["documents"], s1["sources"], s1["version"]) == (2, 2, "stories-test")
    assert "centroid" not in s1
    assert s2["document_ids"] == [C] and s2["merged_events"] == 0
    assert s2["actors"] == ['{"id": "IRN"}']  # non-string items as JSON text


def test_merged_events_one_row_each_with_counts_and_mentions(stories_db: str) -> None:
    (row,) = _rows(stories_db, "events", merged=True)
    assert row["id"] == "m1" and row["story_id"] == "s1"
    assert (row["mentions"], row["articles"], row["sources"]) == (2, 2, 2)
    assert row["corroboration"] == "corroborated" and row["conflicts"] == ["dead: 4 vs 5"]
    assert row["event_mentions"] == [f"{A}:0", f"{B}:0"]
    assert row["actors"] == ["SYR-MIL"] and row["dead"] == 4.0
    assert _rows(stories_db, "events", merged=True, filters={"type": "assault", "country": "SYR"})
    assert not _rows(stories_db, "events", merged=True, filters={"since": "2024-05-08"})


def test_event_mentions_carry_their_story_and_merged_event(stories_db: str) -> None:
    rows = {(r["doc_id"], r["idx"]): r for r in _rows(stories_db, "events")}
    assert rows[(B, 0)]["merged_id"] == rows[(A, 0)]["merged_id"] == "m1"
    assert rows[(B, 1)]["merged_id"] is None and rows[(B, 1)]["story_id"] == "s1"
    assert rows[(C, 0)]["story_id"] == "s2"
    ids = [r["GlobalEventID"] for r in _rows(stories_db, "events", schema="gdelt")]
    assert len(set(ids)) == len(ids) == 5
    merged = [r for r in _rows(stories_db, "events", schema="gdelt") if r["NumMentions"] == 2]
    assert len(merged) == 2 and all(r["NumSources"] == r["NumArticles"] == 2 for r in merged)
    polecat = {r["Document ID"]: r for r in _rows(stories_db, "events", schema="polecat")}
    assert polecat[C]["Story ID"] == "s2"


def test_merged_filters_mean_the_same_in_events_and_export(stories_db: str, tmp_path: Any) -> None:
    # one filter for both commands: --country also matches actor and recipient
    # codes, --since/--until fall back to the day first reported
    import shutil
    import sqlite3

    from tidings.store.stories import merged_events

    db = str(tmp_path / "copy.db")
    shutil.copy(stories_db, db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            """INSERT INTO merged_events VALUES
               ('m2', 's2', 'MOBILIZE', NULL, '["IRN-MIL"]', '["SYR"]', NULL, NULL,
                NULL, NULL, NULL, NULL, NULL, 1, 1, 1, ?, '2024-06-01T10:00:00', 'single source', '[]')""",
            (C,),
        )
    conn.close()
    cases = [
        ({"country": "IRN"}, {"m2"}),  # an actor's code, no place
        ({"country": "syr"}, {"m1", "m2"}),  # the place's country, or a recipient
        ({"since": "2024-05-08"}, {"m2"}),  # undated: the day first reported
        ({"until": "2024-05-31"}, {"m1"}),
        ({"type": "mobilize", "until": "2024-06-01"}, {"m2"}),
    ]
    with open_store(db, readonly=True) as store:
        for filters, expected in cases:
            listed = {r["id"] for r in merged_events(store.conn, **filters)}
            batches = plan(store, "events", merged=True, filters=filters).batches
            exported = {r["id"] for b in batches for r in b}
            assert listed == exported == expected, filters
